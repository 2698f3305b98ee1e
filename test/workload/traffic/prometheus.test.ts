/** Saved Prometheus range responses: matrix, string values, sums and label selection, chunks, gaps and NaN/+Inf. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { UserError } from '../../../src/engine/errors.js';
import { parsePrometheusResponse, prometheusTrace } from '../../../src/workload/traffic/prometheus.js';
import { KNOWN_START_S, knownSeries, promResponse } from '../../support/known-series.js';

const what = 'spec.traffic.api[0].prometheus';
const trace = (bodies: string[], options: Partial<Parameters<typeof prometheusTrace>[2]> = {}) =>
  prometheusTrace(bodies.map((b, i) => parsePrometheusResponse(b, `r${i}.json`)), 'r.json', { what, ...options });

function throwsUser(f: () => unknown, pattern: RegExp): void {
  try {
    f();
  } catch (e) {
    assert.instance(e, UserError);
    assert.match((e as Error).message, pattern);
    return;
  }
  assert.unreachable(`expected a UserError matching ${pattern}`);
}

test('one series: string values, t=0 at the first sample, piecewise constant, no warnings', () => {
  const { times, values } = knownSeries(5);
  const out = trace([promResponse([{ metric: { app: 'api' }, times, values }])]);
  assert.equal([...out.trace.timesMs], [0, 15_000, 30_000, 45_000, 60_000]);
  assert.equal([...out.trace.rps], values);
  assert.equal(out.warnings, []);
  assert.is(out.stepMs, 15_000);
  assert.is(out.originMs, KNOWN_START_S * 1000);
});

test('several series are summed (and said so); select keeps those whose labels match', () => {
  const a = knownSeries(3, 'api');
  const w = knownSeries(3, 'web');
  const body = promResponse([
    { metric: { app: 'api', pod: 'api-1' }, ...a },
    { metric: { app: 'web', pod: 'web-1' }, ...w },
  ]);
  const sum = trace([body]);
  assert.equal([...sum.trace.rps], a.values.map((v, i) => v + w.values[i]!));
  assert.match(sum.warnings.join('\n'), /2 series summed \(\{app="api", pod="api-1"\}, \{app="web", pod="web-1"\}\)/);
  const picked = trace([body], { select: { app: 'web' } });
  assert.equal([...picked.trace.rps], w.values);
  throwsUser(() => trace([body], { select: { app: 'db' } }), /select \{app="db"\} matches none of the 2 series \(\{app="api", pod="api-1"\}/);
});

test('responses for consecutive ranges merge series by label set, the boundary sample once', () => {
  const { times, values } = knownSeries(6);
  const first = promResponse([{ metric: { app: 'api' }, times: times.slice(0, 4), values: values.slice(0, 4) }]);
  const second = promResponse([{ metric: { app: 'api' }, times: times.slice(3), values: values.slice(3) }]);
  const out = trace([second, first]);
  assert.equal([...out.trace.timesMs], [0, 15_000, 30_000, 45_000, 60_000, 75_000]);
  assert.equal([...out.trace.rps], values);
  assert.equal(out.warnings, []);
});

test('NaN and +Inf hold the previous value; a gap holds it too; each is reported', () => {
  const times = [0, 15, 30, 45, 105, 120].map((t) => KNOWN_START_S + t);
  const out = trace([promResponse([{ metric: {}, times, values: ['10', 'NaN', '+Inf', '20', '30', '-5'] }])]);
  assert.equal([...out.trace.rps], [10, 10, 10, 20, 30, 0]);
  const w = out.warnings.join('\n');
  assert.match(w, /1 gap in the samples \(step 15s; longest 1m from 2026-11-02T00:00:45.000Z\); the previous value is held across a gap/);
  assert.match(w, /1 NaN or empty, 1 \+Inf values replaced by the series' previous value/);
  assert.match(w, /1 negative value counted as 0 requests\/second/);
});

test('a series that stops counts as 0 after its last sample; a start before the data folds into t=0', () => {
  const t = [0, 15, 30].map((x) => KNOWN_START_S + x);
  const body = promResponse([
    { metric: { pod: 'a' }, times: t, values: [1, 2, 3] },
    { metric: { pod: 'b' }, times: t.slice(0, 2), values: [10, 20] },
  ]);
  assert.equal([...trace([body]).trace.rps], [11, 22, 3]);
  const late = trace([body], { originMs: (KNOWN_START_S + 20) * 1000 });
  assert.equal([...late.trace.timesMs], [0, 10_000]);
  assert.equal([...late.trace.rps], [22, 3]);
});

test('errors: Prometheus error body, instant query result, empty matrix, bad values name the field', () => {
  throwsUser(() => parsePrometheusResponse('{"status":"error","errorType":"bad_data","error":"1:5: parse error: unexpected"}', 'e.json'), /e\.json: Prometheus answered with an error: bad_data: 1:5: parse error: unexpected/);
  throwsUser(() => parsePrometheusResponse('{"status":"success","data":{"resultType":"vector","result":[]}}', 'v.json'), /instant query's result/);
  throwsUser(() => trace(['{"status":"success","data":{"resultType":"matrix","result":[]}}']), /no samples/);
  throwsUser(() => parsePrometheusResponse('{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1,"x"]]}]}}', 'b.json'), /b\.json: data\.result\[0\]\.values\[0\]\[1\]: expected a sample value/);
  throwsUser(() => parsePrometheusResponse('not json', 'n.json'), /n\.json: expected a Prometheus query_range response \(JSON\)/);
});

test.run();
