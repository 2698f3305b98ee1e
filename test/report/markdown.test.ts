import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildMarkdown } from '../../src/report/markdown.js';
import { evaluateSlo } from '../../src/results/slo.js';
import { makeFixture } from './fixture.js';

const { summary, slo: targets } = makeFixture({ hours: 6 });

test('met: the verdict, key numbers, SLO table with ✅, rollouts and chart links', () => {
  const md = buildMarkdown(summary, evaluateSlo(summary, targets!));
  assert.ok(md.startsWith('## kubesim: seed-api — ✅ all 2 SLOs met\n'));
  assert.match(md, /\| requests offered \| [\d,]+ \|/);
  assert.match(md, /\| ✅ \| availability \| 99\.5% \| 99\.\d+% \| availability/);
  assert.match(md, /\| ✅ \| p99 latency \| 300 ms \| 172 ms \|/);
  assert.match(md, /\| api \| myrepo/);
  // no relative links (dead in a job summary or a PR comment): the chart files are named
  assert.match(md, /`charts\/traffic\.svg`/);
  assert.not.match(md, /\]\(charts\//);
  assert.match(md, /`charts\/cost\.svg`/);
});

test('missed: ❌ in the title and on the missed check', () => {
  const slo = evaluateSlo({ ...summary, availability: 0.9971 }, { ...targets, availability: 0.999 });
  const md = buildMarkdown(summary, slo);
  assert.match(md, /^## kubesim: seed-api — ❌ SLO missed/);
  assert.match(md, /\| ❌ \| availability \| 99\.9% \| 99\.71% \| availability 99\.71% &lt; 99\.9% target, short by 0\.19 pp \|/);
});

test('no SLO: says so, and a rollout that never completed is flagged', () => {
  const s = { ...summary, rollouts: [{ ...summary.rollouts[0]!, completedAt: null, durationSeconds: null }] };
  const md = buildMarkdown(s, undefined, { embedCharts: true, chartBase: 'https://example.test/run 1/' });
  assert.match(md, /ℹ️ no SLO given/);
  assert.not.match(md, /### SLO/);
  assert.match(md, /❌ never completed/);
  assert.match(md, /!\[Traffic\]\(https:\/\/example\.test\/run%201\/charts\/traffic\.svg\)/);
});

test('scenario text cannot inject Markdown or HTML', () => {
  const s = {
    ...summary,
    scenario: '<script>x</script> | **bold**',
    rollouts: [{ ...summary.rollouts[0]!, image: 'a|b<img src=x>' }],
  };
  const md = buildMarkdown(s, undefined);
  assert.not.match(md, /<script|<img/i);
  assert.match(md, /&lt;script&gt;x&lt;\/script&gt; \\\| \\\*\\\*bold\\\*\\\*/);
  assert.match(md, /a\\\|b&lt;img src=x&gt;/);
});

test.run();
