import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildCharts, CHART_NAMES, eventMarkers } from '../../src/report/charts.js';
import { makeFixture } from './fixture.js';

type AnyObj = Record<string, any>; // specs are data; walk them loosely

const input = makeFixture({ hours: 24 });
input.slo = { ...input.slo, costBudget: 5 };
const { specs, markers } = buildCharts(input);

function layers(spec: unknown): AnyObj[] {
  return (spec as AnyObj).layer as AnyObj[];
}
function markType(layer: AnyObj): string {
  return typeof layer.mark === 'string' ? layer.mark : layer.mark.type;
}
function colorDomain(spec: unknown): string[] {
  return layers(spec)[0]!.encoding.color.scale.domain as string[];
}
function seriesOf(layer: AnyObj): string[] {
  return [...new Set((layer.data.values as AnyObj[]).map((r) => r.s as string))];
}

test('there is one spec per chart, each a fixed-size layered Vega-Lite spec', () => {
  assert.equal(Object.keys(specs), [...CHART_NAMES]);
  for (const name of CHART_NAMES) {
    const spec = specs[name] as AnyObj;
    assert.match(spec.$schema, /vega-lite\/v6/);
    assert.is(spec.width, 840);
    assert.is(spec.height, 200);
    assert.ok(typeof spec.title.text === 'string' && spec.title.text.length > 0);
    assert.ok(spec.config.font.length > 0, 'font named in the config');
    for (const layer of layers(spec)) {
      assert.ok(layer.data.values.length <= 1000 * 3, `${name}: data is binned`);
      if (layer.encoding.x) {
        assert.is(layer.encoding.x.field, 't');
        assert.is(layer.encoding.x.title, 'time (h)');
        assert.equal(layer.encoding.x.scale.domain, [0, 24]);
      }
    }
  }
});

test('traffic: offered, served and failed as lines', () => {
  const lines = layers(specs.traffic).filter((l) => markType(l) === 'line');
  assert.equal(lines.map((l) => seriesOf(l)[0]), ['offered', 'served', 'failed']);
  assert.ok(lines[0]!.data.values.length <= 1000);
  assert.ok(colorDomain(specs.traffic).includes('offered'));
});

test('pods: revisions stacked in order of appearance, with desired and HPA desired replicas', () => {
  const [area, ...rest] = layers(specs.pods);
  assert.is(markType(area!), 'area');
  assert.is(area!.encoding.y.stack, 'zero');
  assert.equal(seriesOf(area!), ['api-6f7c9d8b4', 'api-84d5c7f9b']);
  assert.equal(rest.filter((l) => markType(l) === 'line').map((l) => seriesOf(l)[0]), ['desired replicas', 'HPA desired']);
  assert.equal(colorDomain(specs.pods).slice(0, 4), ['api-6f7c9d8b4', 'api-84d5c7f9b', 'desired replicas', 'HPA desired']);
});

test('pods without ReplicaSet columns or HPA fall back to total ready pods and desired replicas', () => {
  const plain = makeFixture({ hours: 2 });
  const ts = { ...plain.timeseries } as Record<string, unknown>;
  for (const k of Object.keys(ts)) if ((k.startsWith('ready_') && k !== 'ready_pods') || k.startsWith('hpa_')) delete ts[k];
  const { revisions: _none, ...noRevisions } = plain;
  const { specs: s } = buildCharts({ ...noRevisions, timeseries: ts as unknown as typeof plain.timeseries });
  assert.equal(seriesOf(layers(s.pods)[0]!), ['ready']);
  assert.not.ok(colorDomain(s.pods).includes('HPA desired'));
  assert.not.ok(colorDomain(s.cpu).includes('HPA target'));
  assert.is((layers(s.pods)[0]!.encoding.x as AnyObj).title, 'time (min)');
});

test('cpu: the utilisation line and the HPA target line from the hpa_target column', () => {
  const lines = layers(specs.cpu).filter((l) => markType(l) === 'line');
  assert.equal(lines.map((l) => seriesOf(l)[0]), ['CPU utilisation', 'HPA target']);
});

test('latency: p50, p95, p99 and a horizontal rule at the p99 SLO', () => {
  const l = layers(specs.latency);
  assert.equal(l.filter((x) => markType(x) === 'line').map((x) => seriesOf(x)[0]), ['p50', 'p95', 'p99']);
  const slo = l.find((x) => markType(x) === 'rule' && x.encoding.y);
  assert.ok(slo, 'SLO rule');
  assert.equal(slo!.data.values, [{ t: 0, s: 'p99 SLO', v: 300 }]);
  assert.not.ok(slo!.encoding.x, 'spans the whole width');
});

test('cost: cumulative area with the budget', () => {
  const l = layers(specs.cost);
  assert.is(markType(l[0]!), 'area');
  const values = l[0]!.data.values as AnyObj[];
  // drawn as timeseries.csv writes it: to 6 decimals
  const last = input.timeseries.cost_total[input.timeseries.cost_total.length - 1]!;
  assert.is(values[values.length - 1]!.v, Math.round(last * 1e6) / 1e6);
  assert.ok(Math.abs(values[values.length - 1]!.v - last) < 1e-6);
  assert.ok(l.some((x) => markType(x) === 'rule' && x.data.values[0].v === 5));
});

test('rollouts, pod kills and HPA rescales are vertical rules on every chart', () => {
  for (const name of CHART_NAMES) {
    const rules = layers(specs[name]).filter((l) => markType(l) === 'rule' && l.encoding.x);
    assert.is(rules.length, 2, `${name}: full-height rules, and ticks for rescales`);
    assert.equal(rules[1]!.encoding.y2, { value: 9 });
    const kinds = new Set(rules.flatMap((l) => (l.data.values as AnyObj[]).map((r) => r.s)));
    assert.ok(kinds.has('rollout') && kinds.has('pod kill') && kinds.has('HPA rescale'), name);
    assert.ok(colorDomain(specs[name]).includes('rollout'), `${name}: in the legend`);
  }
  const rollout = markers.find((m) => m.kind === 'rollout')!;
  assert.is(rollout.time, 6 * 3600);
  assert.is(rollout.label, 'api → myrepo/api:1.3.0');
  assert.is(markers.find((m) => m.kind === 'pod kill')!.time, 12 * 3600);
});

test('markers: sorted, merged within 1/400 of the run per kind, other reasons ignored', () => {
  const s = makeFixture({ hours: 1 }).summary;
  const events = [
    { time: 100, object: 'Pod/a', reason: 'Killing', message: 'Container api failed liveness probe, will be restarted' },
    { time: 100, object: 'Pod/b', reason: 'Killing', message: 'Container api failed liveness probe, will be restarted' },
    { time: 50, object: 'deployment/api', reason: 'undo', message: 'deployment.apps/api rolled back (to revision 1)', source: 'scenario' as const },
    { time: 60, object: 'Pod/a', reason: 'Unhealthy', message: 'Readiness probe failed' },
    { time: 3000, object: 'HorizontalPodAutoscaler/api', reason: 'SuccessfulRescale', message: 'New size: 4' },
  ];
  const m = eventMarkers({ ...s, rollouts: [] }, events, 3600);
  assert.equal(m.map((x) => [x.time, x.kind]), [[50, 'rollback'], [100, 'pod kill'], [3000, 'HPA rescale']]);
});

test('building the specs is deterministic', () => {
  assert.equal(JSON.stringify(buildCharts(input).specs), JSON.stringify(specs));
});

test.run();
