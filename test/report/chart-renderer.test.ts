import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildCharts } from '../../src/report/charts.js';
import { inThreadRenderer, startChartRenderer } from '../../src/report/chart-renderer.js';
import { buildReport } from '../../src/report/index.js';
import { makeFixture } from './fixture.js';

const input = makeFixture({ hours: 6 });

test('charts drawn on the worker thread are the same bytes as on this thread', async () => {
  const { specs } = buildCharts(input);
  const worker = startChartRenderer({ thread: true });
  try {
    const [there, here] = [await worker.render(specs), await inThreadRenderer().render(specs)];
    assert.equal(Object.keys(there), Object.keys(here));
    for (const name of Object.keys(here) as (keyof typeof here)[]) assert.ok(there[name] === here[name], `${name}.svg differs`);
  } finally {
    await worker.close();
  }
});

test('buildReport gives the same files with the worker renderer as without', async () => {
  const worker = startChartRenderer({ thread: true });
  try {
    const a = await buildReport(input, { renderer: worker });
    const b = await buildReport(input);
    assert.equal([...a.keys()], [...b.keys()]);
    for (const [name, content] of b) assert.ok(a.get(name) === content, `${name} differs`);
  } finally {
    await worker.close();
  }
});

test('a worker asked to warm up first draws the same bytes, whether the specs arrive during or after the warm-up', async () => {
  const { specs } = buildCharts(input);
  const here = await inThreadRenderer().render(specs);
  for (const wait of [0, 1500]) {
    const worker = startChartRenderer({ thread: true });
    try {
      worker.warm();
      await new Promise((resolve) => setTimeout(resolve, wait));
      const there = await worker.render(specs);
      for (const name of Object.keys(here)) assert.ok(there[name] === here[name], `${name}.svg differs (after ${wait} ms)`);
    } finally {
      await worker.close();
    }
  }
});

test('the warm-up charts draw (every layer kind the report uses compiles)', async () => {
  const { warmUpSpecs } = await import('../../src/report/warm-up.js');
  const svgs = await inThreadRenderer().render(Object.fromEntries(warmUpSpecs().map((s, i) => [`w${i}`, s])));
  assert.is(Object.keys(svgs).length, 5);
  for (const svg of Object.values(svgs)) assert.ok(svg.startsWith('<svg'));
});

test('a closed renderer still draws (on this thread)', async () => {
  const worker = startChartRenderer({ thread: true });
  await worker.close();
  const { specs } = buildCharts(input);
  const svgs = await worker.render(specs);
  assert.ok(svgs.pods.startsWith('<svg'));
});

test.run();
