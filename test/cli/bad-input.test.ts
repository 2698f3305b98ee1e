/**
 * The acceptance: every kind of bad input gives exit 2 and one clear line on stderr naming the file (or
 * flag) and the field, no stack trace, and no output folder — for `kubesim run`, spawned as a user would.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { kubesimAsync, tempDir } from './helpers.js';

const BAD = 'test/fixtures/bad';

interface Row {
  name: string;
  args: string[];
  /** Every string must appear in the one stderr line. */
  mentions: string[];
}

const rows: Row[] = [
  { name: 'broken YAML names the file, line and column', args: [`${BAD}/broken-yaml.yaml`], mentions: [`${BAD}/broken-yaml.yaml`, 'line 9, column 1', 'invalid YAML'] },
  {
    name: 'a wrong quantity names the Deployment and the resource',
    args: [`${BAD}/wrong-quantity.yaml`],
    mentions: [`${BAD}/wrong-quantity.yaml`, 'Deployment/api', 'spec.template.spec.containers[0].resources.requests[cpu]', '"250x"'],
  },
  {
    name: 'an unknown field path in --set names the flag and the path',
    args: [`${BAD}/ok.yaml`, '--set', 'hpa/api.spec.minReplica=3'],
    mentions: ['--set hpa/api.spec.minReplica=3', 'spec.minReplica', 'did you mean "minReplicas"'],
  },
  {
    name: 'a missing trace file names the scenario, the field and the trace',
    args: [`${BAD}/missing-trace.yaml`],
    mentions: [`${BAD}/missing-trace.yaml`, 'spec.traffic.api[0].csv.file', 'traces/missing.csv'],
  },
  {
    name: 'maxSurge and maxUnavailable both 0 is rejected as the API server would',
    args: [`${BAD}/zero-surge.yaml`],
    mentions: [`${BAD}/zero-surge.yaml`, 'Deployment/api', 'spec.strategy.rollingUpdate.maxUnavailable', 'may not be 0'],
  },
  { name: 'a wrong duration says what a duration looks like', args: [`${BAD}/wrong-duration.yaml`], mentions: [`${BAD}/wrong-duration.yaml`, 'spec.duration', '"2hours"', 'Go duration'] },
  {
    name: 'an event naming an unknown Deployment',
    args: [`${BAD}/unknown-event-deployment.yaml`],
    mentions: [`${BAD}/unknown-event-deployment.yaml`, 'spec.events[0].rollout.deployment', '"web"'],
  },
  { name: 'a file without a Scenario document', args: [`${BAD}/no-scenario.yaml`], mentions: [`${BAD}/no-scenario.yaml`, 'no Scenario document'] },
  {
    name: 'an unknown kind in --set',
    args: [`${BAD}/ok.yaml`, '--set', 'configmap/api.data.x=1'],
    mentions: ['--set configmap/api.data.x=1', 'unknown kind "configmap"'],
  },
  { name: 'two Scenario documents', args: [`${BAD}/duplicate-scenario.yaml`], mentions: [`${BAD}/duplicate-scenario.yaml`, 'document 3', 'second Scenario'] },
  {
    name: 'an HPA whose target Deployment is missing',
    args: [`${BAD}/hpa-target-missing.yaml`],
    mentions: [`${BAD}/hpa-target-missing.yaml`, 'HorizontalPodAutoscaler/api', 'spec.scaleTargetRef.name', 'did you mean "api"'],
  },
  { name: 'an unknown Scenario field suggests the right one', args: [`${BAD}/unknown-field.yaml`], mentions: [`${BAD}/unknown-field.yaml`, 'spec.aps', 'did you mean "apps"'] },
  { name: 'a missing spec.manifests entry', args: [`${BAD}/missing-manifests.yaml`], mentions: [`${BAD}/missing-manifests.yaml`, 'spec.manifests[0]', 'k8s/'] },
  { name: 'a scenario file that does not exist', args: [`${BAD}/nope.yaml`], mentions: [`${BAD}/nope.yaml`, 'file not found'] },
  { name: 'a --set index out of range', args: [`${BAD}/ok.yaml`, '--set', 'deploy/api.spec.template.spec.containers[2].image=x'], mentions: ['--set', 'containers[2]', 'out of range'] },
  { name: 'a --seed that is not a number', args: [`${BAD}/ok.yaml`, '--seed', 'abc'], mentions: ['--seed', '"abc"'] },
  { name: 'an unknown option', args: [`${BAD}/ok.yaml`, '--bogus'], mentions: ['Unknown argument: bogus'] },
];

// all spawned at once (a few at a time), each test then awaits its own
const runs = rows.map((row) => {
  const dir = tempDir();
  const out = join(dir, 'out');
  return { dir, out, result: kubesimAsync(['run', ...row.args, '--out', out]) };
});

rows.forEach((row, i) => {
  test(row.name, async () => {
    const { dir, out } = runs[i]!;
    const r = await runs[i]!.result;
    assert.is(r.status, 2, `exit code (stderr: ${r.stderr})`);
    const lines = r.stderr.split('\n').filter((l) => l !== '');
    assert.is(lines.length, 1, `one line on stderr, got:\n${r.stderr}`);
    const line = lines[0]!;
    assert.ok(line.startsWith('kubesim: '), line);
    for (const m of row.mentions) assert.ok(line.includes(m), `"${m}" in: ${line}`);
    assert.not.match(r.stderr, /^\s+at /m, 'no stack trace');
    assert.not.ok(existsSync(out), 'no output folder');
    assert.equal(readdirSync(dir), [], 'nothing half-written next to it either');
    assert.is(r.stdout, '');
  });
});

test.run();
