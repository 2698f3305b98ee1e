import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  escapeHtml, escapeMarkdown, formatClock, formatDuration, formatInt, formatMoney, formatMs, formatNumber, formatPercent,
} from '../../src/results/format.js';

const rows: Array<[string, string, string]> = [
  ['integers get thousands separators', formatInt(25922670), '25,922,670'],
  ['negative numbers keep their sign', formatNumber(-1234.5, 1), '-1,234.5'],
  ['non-finite numbers print as a dash', formatInt(NaN), '—'],
  ['durations are Go-style', formatDuration(5400), '1h30m'],
  ['durations drop zero parts', formatDuration(3725), '1h2m5s'],
  ['sub-second durations are in ms', formatDuration(0.5), '500ms'],
  ['fractional seconds keep their decimals', formatDuration(12.5), '12.5s'],
  ['clock times are h:mm:ss with unbounded hours', formatClock(168 * 3600), '168:00:00'],
  ['clock times show tenths when not whole', formatClock(2.5), '0:00:02.5'],
  ['percentages show enough digits to differ from the target', formatPercent(0.99899, 2, 0.999), '99.899%'],
  ['latency under 10 ms has two decimals', formatMs(0.853), '0.85 ms'],
  ['small amounts of money have four decimals', formatMoney(0.04521), '$0.0452'],
  ['HTML escaping covers quotes', escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;'],
  ['Markdown escaping keeps plain text readable', escapeMarkdown('seed-api (v2) 99.9%'), 'seed-api (v2) 99.9%'],
  ['Markdown escaping defuses markup', escapeMarkdown('# a|b *c* [d](e) <f> `g`'), '\\# a\\|b \\*c\\* \\[d\\](e) &lt;f&gt; \\`g\\`'],
];

for (const [name, actual, expected] of rows) test(name, () => assert.is(actual, expected));

test.run();
