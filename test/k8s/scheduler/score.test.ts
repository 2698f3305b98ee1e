/** The scheduler's scores and host selection, table-driven. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { balancedAllocationScore, leastAllocatedScore, scoreNodes, selectHost, topologySpreadScores } from '../../../src/k8s/scheduler/score.js';
import { NO_SCHEDULING, type SchedNode, type SchedPod } from '../../../src/k8s/scheduler/types.js';

const GI = 2 ** 30;
const node = (name: string, cpu: number, mem: number): SchedNode => ({
  name, labels: { 'kubernetes.io/hostname': name }, taints: [], unschedulable: false,
  allocatable: { cpuMilli: 4000, memoryBytes: 16 * GI, pods: 110 }, requested: { cpuMilli: cpu, memoryBytes: mem },
  nonZeroRequested: { cpuMilli: cpu, memoryBytes: mem }, podCount: 0,
});
const pod: SchedPod = { requests: { cpuMilli: 1000, memoryBytes: 2 * GI }, nonZeroRequests: { cpuMilli: 1000, memoryBytes: 2 * GI }, scheduling: NO_SCHEDULING };

test('leastAllocatedScore: (free after placing × 100 / allocatable) per resource, averaged, integer division', () => {
  const rows = [
    { name: 'an empty node: cpu (3000×100/4000=75) and memory (14×100/16=87) average to 81', n: node('a', 0, 0), want: 81 },
    { name: 'a half-full node scores lower', n: node('b', 2000, 8 * GI), want: 31 },
    { name: 'a node without room scores 0 for that resource', n: node('c', 4000, 0), want: 43 },
  ];
  for (const r of rows) assert.is(leastAllocatedScore(pod, r.n), r.want, r.name);
});

test('balancedAllocationScore: 100 × (1 − |cpu fraction − memory fraction| / 2)', () => {
  assert.is(balancedAllocationScore(pod, node('a', 0, 0)), 93, 'fractions 0.25 and 0.125 give 93');
  assert.is(balancedAllocationScore(pod, node('a', 1000, 6 * GI)), 100, 'equal fractions give 100');
  assert.is(balancedAllocationScore({ ...pod, requests: { cpuMilli: 0, memoryBytes: 0 } }, node('a', 0, 0)), 0, 'a pod without requests skips the plugin');
});

test('topologySpreadScores: the node with fewer matching pods scores higher; equal counts all score 100', () => {
  const sn = (name: string, matching: number) => ({ name, labels: { 'kubernetes.io/hostname': name }, matching });
  const three = [sn('a', 2), sn('b', 1), sn('c', 0)];
  // weight log(3+2)=1.609; raw: a 2×1.609+2=5.22→5, b 3.61→4, c 2; normalised 100×(5+2−s)/5
  assert.equal(topologySpreadScores(NO_SCHEDULING, three, three, true), [40, 60, 100]);
  const even = [sn('a', 1), sn('b', 1)];
  assert.equal(topologySpreadScores(NO_SCHEDULING, even, even, true), [100, 100]);
  assert.equal(topologySpreadScores(NO_SCHEDULING, three, three, false), [0, 0, 0], 'no selector: skipped');
});

test('scoreNodes + selectHost: emptier node wins; ties are broken by the random draw', () => {
  const nodes = [node('a', 2000, 8 * GI), node('b', 0, 0)];
  const scored = scoreNodes(pod, nodes, [100, 100]);
  assert.is(selectHost(scored, () => 0), 1);
  const tied = [{ name: 'a', total: 5 }, { name: 'b', total: 5 }, { name: 'c', total: 1 }];
  assert.is(selectHost(tied, () => 0), 1, 'draw 0 at the second tie takes it');
  assert.is(selectHost(tied, () => 1), 0, 'draw 1 keeps the first');
  assert.is(selectHost([], () => 0), -1);
});

test.run();
