/** The field table, its JSON Schema and the committed copy stay in step with each other and with types.ts. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseDuration } from '../../src/k8s/api/duration.js';
import { APP_FIELDS, scenarioFieldsMarkdown, scenarioJsonSchemaText, SCENARIO_FIELDS, SPEC_FIELDS } from '../../src/scenario/schema.js';
import type { FieldSpec, ObjectSpec } from '../../src/scenario/fields.js';
import {
  APP_DEFAULTS,
  CLUSTER_DEFAULTS,
  CONTROLLER_DEFAULTS,
  PRICING_DEFAULTS,
  SAMPLE_INTERVAL_DEFAULT_MS,
} from '../../src/scenario/types.js';

const ROOT = join(import.meta.dirname, '..', '..');
const fields = (o: FieldSpec): Record<string, FieldSpec> => (o as ObjectSpec).fields;
const ms = (f: FieldSpec | undefined): number => parseDuration(String(f?.default));

test('scenarios/scenario.schema.json is the generated schema (run `kubesim schema > scenarios/scenario.schema.json`)', () => {
  assert.fixture(readFileSync(join(ROOT, 'scenarios', 'scenario.schema.json'), 'utf8'), scenarioJsonSchemaText());
});

test('the schema is draft-07 and leaves Kubernetes documents alone', () => {
  const schema = JSON.parse(scenarioJsonSchemaText());
  assert.is(schema.$schema, 'http://json-schema.org/draft-07/schema#');
  assert.equal(schema.if.properties.kind, { const: 'Scenario' });
  assert.is(schema.definitions.Scenario.additionalProperties, false);
  assert.equal(schema.definitions.Scenario.properties.spec.required, ['duration']);
});

test('the defaults the docs show are the defaults types.ts applies', () => {
  const app = APP_FIELDS.fields;
  assert.is(ms(app.cpuPerRequest), APP_DEFAULTS.cpuPerRequestMs);
  assert.is(ms(app.startupTime), APP_DEFAULTS.startupMs);
  assert.is(ms(app.serviceTime), APP_DEFAULTS.serviceTimeMs);
  assert.is(ms(app.timeout), APP_DEFAULTS.timeoutMs);
  assert.is(ms(app.imagePullTime), APP_DEFAULTS.imagePullMs);
  assert.is(ms(app.shutdownTime), APP_DEFAULTS.shutdownMs);
  assert.is(Number(app.idleCpu!.default) * 1000, APP_DEFAULTS.idleMilli);
  assert.is(app.neverReady!.default, APP_DEFAULTS.neverReady);
  const spec = SPEC_FIELDS.fields;
  assert.is(ms(spec.sampleInterval), SAMPLE_INTERVAL_DEFAULT_MS);
  assert.is(fields(spec.pricing!).cpuCoreHour!.default, PRICING_DEFAULTS.cpuCoreHour);
  assert.is(fields(spec.pricing!).memoryGiBHour!.default, PRICING_DEFAULTS.memoryGiBHour);
  assert.is(Number(fields(spec.cluster!).nodeCpu!.default) * 1000, CLUSTER_DEFAULTS.nodeCpuMilli);
  const c = fields(spec.controllers!);
  assert.is(ms(c.hpaSyncPeriod), CONTROLLER_DEFAULTS.hpaSyncPeriodMs);
  assert.is(c.hpaTolerance!.default, CONTROLLER_DEFAULTS.hpaTolerance);
  assert.is(ms(c.hpaCpuInitializationPeriod), CONTROLLER_DEFAULTS.hpaCpuInitializationPeriodMs);
  assert.is(ms(c.hpaInitialReadinessDelay), CONTROLLER_DEFAULTS.hpaInitialReadinessDelayMs);
  assert.is(ms(c.hpaDownscaleStabilization), CONTROLLER_DEFAULTS.hpaDownscaleStabilizationMs);
  assert.is(c.hpaConfigurableTolerance!.default, CONTROLLER_DEFAULTS.hpaConfigurableTolerance);
  assert.is(ms(c.metricsResolution), CONTROLLER_DEFAULTS.metricsResolutionMs);
});

test('every field has a description, and the Markdown reference lists every field', () => {
  const md = scenarioFieldsMarkdown();
  const walk = (f: FieldSpec, path: string): void => {
    assert.ok(f.description.length > 0, `${path} has a description`);
    if (f.type === 'object') for (const [k, v] of Object.entries(f.fields)) walk(v, path ? `${path}.${k}` : k);
  };
  walk(SCENARIO_FIELDS, '');
  for (const p of ['`spec.duration`', '`spec.apps.<Deployment name>.cpuPerRequest`', '`spec.events[].rollout.image`', '`spec.controllers.metricsWindow`']) {
    assert.ok(md.includes(p), p);
  }
});

test.run();
