/**
 * comparison.html and its cost-vs-failed chart, from real runs: a sweep planned and run in this thread
 * (planSweep → runSweep → simulate per variant) and two run folders written by `kubesim run` and compared.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { buildComparison } from '../../src/compare/comparison.js';
import { comparisonInput, planSweep, runSweep } from '../../src/compare/sweep.js';
import { readRunFolder } from '../../src/compare/inputs.js';
import { costVsFailedSpec } from '../../src/report/comparison-charts.js';
import { comparisonHtml } from '../../src/report/comparison-html.js';
import { kubesimAsync, tempDir } from '../cli/helpers.js';

/** minReplicas 2 (the scenario's own) and 6 as an axis: baseline, #1, #2, one seed each, run once for all tests. */
let cached: Promise<{ plan: Awaited<ReturnType<typeof planSweep>>; runs: Awaited<ReturnType<typeof runSweep>> }> | undefined;
function sweep() {
  cached ??= (async () => {
    const plan = await planSweep('scenarios/cluster-autoscaling.yaml', { sets: ['hpa/api.spec.minReplicas=2,6'], seeds: 1 });
    return { plan, runs: await runSweep(plan, { workers: 1 }) };
  })();
  return cached;
}

test('comparison.html: the first column is sticky and narrow; the baseline’s settings fill the cells a variant leaves as written', async () => {
  const { plan, runs } = await sweep();
  const c = buildComparison(comparisonInput(plan, runs));
  const html = comparisonHtml({ comparison: c, charts: {} });
  // a variant named only by its settings shows its index alone in the sticky cell (the setting columns say the rest)
  assert.match(html, /<td class="name" title="minReplicas=6"><span class="idx">#2<\/span>( <span class="star"[^>]*>★<\/span>)?<\/td>/);
  // the baseline (the scenario as written) keeps its name
  assert.match(html, /<span class="idx">#0<\/span> baseline/);
  assert.match(html, /\.scroll td\.name, \.scroll th\.name \{ position: sticky; left: 0/);
  assert.match(html, /Settings: <code>hpa\/api\.spec\.minReplicas<\/code>/);
});

test('comparison.html: a setting a variant does not change shows the baseline’s value, muted', async () => {
  const { plan, runs } = await sweep();
  const input = comparisonInput(plan, runs);
  // the axis variants leave maxReplicas as written; give only the baseline a value there, as a sweep with a
  // named variant setting maxReplicas does (sweep-api.sweep.yaml's fixed-6)
  input.settingKeys.push('hpa/api.spec.maxReplicas');
  input.variants[0]!.settings['hpa/api.spec.maxReplicas'] = 20;
  const html = comparisonHtml({ comparison: buildComparison(input), charts: {} });
  const inherited = html.match(/<td class="setting inherited" title="as in the scenario \(the baseline\)">20<\/td>/g) ?? [];
  assert.is(inherited.length, 2 * (input.variants.length - 1), 'both tables, every variant but the baseline');
});

test('cost-vs-failed: the failed-requests axis has one label per decade, not the bunched symlog ticks', async () => {
  const { plan, runs } = await sweep();
  const c = buildComparison(comparisonInput(plan, runs));
  const worst = Math.max(...c.rows.map((r) => r.metrics.requests_failed.mean));
  assert.ok(worst > 1000, `the baseline fails requests (${worst})`);
  const spec = JSON.stringify(costVsFailedSpec(c));
  // the y encoding's axis, wherever the layer puts it
  const axes: Array<{ values?: number[] }> = [];
  JSON.parse(spec, (k, v) => {
    if (k === 'y' && v && typeof v === 'object' && v.field === 'failed' && v.axis) axes.push(v.axis);
    return v;
  });
  const values = axes.find((x) => x.values)!.values!;
  assert.is(values[0], 0);
  for (let i = 2; i < values.length; i++) assert.is(values[i], values[i - 1]! * 10);
  assert.ok(values[values.length - 1]! >= worst && values[values.length - 2]! < worst);
  assert.match(spec, /labelExpr/);
});

test('compare of two runs: titled by the scenario, not "comparison comparison"; more pods is neither better nor worse', async () => {
  const dir = tempDir();
  const a = join(dir, 'before');
  const b = join(dir, 'after');
  assert.is((await kubesimAsync(['run', 'scenarios/cluster-autoscaling.yaml', '--out', a, '--quiet'])).status, 0);
  assert.is((await kubesimAsync(['run', 'scenarios/cluster-autoscaling.yaml', '--set', 'hpa/api.spec.minReplicas=6', '--out', b, '--quiet'])).status, 0);
  const input = { name: 'comparison', source: 'compare' as const, hash: null, settingKeys: ['scenario'], variants: [readRunFolder(a, 0), readRunFolder(b, 1)], baseline: 0, slo: null };
  const html = comparisonHtml({ comparison: buildComparison(input), charts: {} });
  assert.match(html, /<h1>cluster-autoscaling <span class="sub">2 runs compared<\/span><\/h1>/);
  assert.match(html, /<td>mean ready pods<\/td><td class="num">5\.89<\/td><td class="num">8\.38<\/td><td class="num">\(\+42\.4 %\)<\/td><td><span class="muted">more<\/span><\/td>/);
  assert.match(html, /<td>failed requests<\/td><td class="num">12,600<\/td><td class="num">0<\/td>.*better/);
});

test.run();
