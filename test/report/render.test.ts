import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildCharts, CHART_NAMES } from '../../src/report/charts.js';
import { renameIds, renderCharts, renderSvg } from '../../src/report/render.js';
import { makeFixture } from './fixture.js';

const { specs } = buildCharts(makeFixture({ hours: 24 }));

test('every chart renders to an SVG string with fixed size and no NaN', async () => {
  const warnings: string[] = [];
  const svgs = await renderCharts(specs, { onWarning: (m) => warnings.push(m) });
  for (const name of CHART_NAMES) {
    const svg = svgs[name];
    assert.ok(svg.startsWith('<svg'), name);
    assert.ok(svg.endsWith('</svg>'), name);
    assert.match(svg, /width="\d+" height="\d+" viewBox="0 0 \d+ \d+"/);
    assert.not.match(svg, /NaN/, name);
    assert.match(svg, /Helvetica, Arial, sans-serif/, `${name}: the named font is used`);
  }
  assert.match(svgs.traffic, />Traffic</);
  assert.equal(warnings, []);
});

test('rendering is byte-identical, whatever was rendered before', async () => {
  const first = await renderSvg(specs.pods, { idPrefix: 'pods' });
  await renderSvg(specs.latency, { idPrefix: 'latency' });
  const second = await renderSvg(specs.pods, { idPrefix: 'pods' });
  assert.ok(first === second);
});

test('ids from vega’s process-wide counters are renamed per chart, references too', () => {
  const svg =
    '<svg><defs><clipPath id="clip7"><rect/></clipPath><linearGradient id="gradient_3"/></defs>' +
    '<g clip-path="url(#clip7)"><path fill="url(#gradient_3)"/><use href="#clip7"/></g>' +
    '<text>id="clip7" url(#clip7)</text></svg>';
  assert.is(
    renameIds(svg, 'cost'),
    '<svg><defs><clipPath id="cost-1"><rect/></clipPath><linearGradient id="cost-2"/></defs>' +
      '<g clip-path="url(#cost-1)"><path fill="url(#cost-2)"/><use href="#cost-1"/></g>' +
      '<text>id="clip7" url(#clip7)</text></svg>',
  );
});

test('names from the scenario are escaped inside the SVG', async () => {
  const evil = makeFixture({ hours: 1, revisions: ['<script>alert(1)</script>', 'b&"c'] });
  const svg = await renderSvg(buildCharts(evil).specs.pods);
  assert.not.match(svg, /<script/i);
  assert.match(svg, /&lt;script&gt;/);
});

test('a run with no samples and no events still renders every chart', async () => {
  const empty = makeFixture({ hours: 1 });
  const svgs = await renderCharts(buildCharts({ ...empty, timeseries: { ...empty.timeseries, time: [] }, events: [],
    summary: { ...empty.summary, rollouts: [] } }).specs);
  for (const name of CHART_NAMES) {
    assert.ok(svgs[name].startsWith('<svg'), name);
    assert.not.match(svgs[name], /NaN/, name);
  }
});

test.run();
