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

test('a closed renderer still draws (on this thread)', async () => {
  const worker = startChartRenderer({ thread: true });
  await worker.close();
  const { specs } = buildCharts(input);
  const svgs = await worker.render(specs);
  assert.ok(svgs.pods.startsWith('<svg'));
});

test.run();
