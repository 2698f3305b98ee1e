/** The cluster autoscaler's binpacking estimate and least-waste expander, table-driven. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { estimate, leastWaste, triggeredScaleUpMessage, type NodeGroupTemplate } from '../../../src/k8s/nodes/scale-up.js';
import { NO_SCHEDULING, type SchedPod } from '../../../src/k8s/scheduler/types.js';

const GI = 2 ** 30;
const group = (p: Partial<NodeGroupTemplate> = {}): NodeGroupTemplate => ({
  name: 'general', allocatable: { cpuMilli: 1000, memoryBytes: 4 * GI, pods: 110 }, labels: {}, taints: [], size: 1, max: 10, ...p,
});
const pod = (cpuMilli: number, memoryBytes = 0): SchedPod => ({ requests: { cpuMilli, memoryBytes }, nonZeroRequests: { cpuMilli, memoryBytes }, scheduling: NO_SCHEDULING });
const id = (p: SchedPod) => p;

test('estimate: rows named as sentences', () => {
  const rows = [
    { name: 'two 400m pods share one 1-core node', pods: [pod(400), pod(400)], limit: 5, nodes: 1, taken: 2 },
    { name: 'three 400m pods need two nodes', pods: [pod(400), pod(400), pod(400)], limit: 5, nodes: 2, taken: 3 },
    { name: 'largest first: 600, 600, 400, 400 fit on two nodes (600+400 each)', pods: [pod(400), pod(600), pod(400), pod(600)], limit: 5, nodes: 2, taken: 4 },
    { name: 'the limit (max − size) caps the nodes; pods beyond it are left', pods: [pod(600), pod(600), pod(600)], limit: 2, nodes: 2, taken: 2 },
    { name: 'a pod bigger than a template node is not helped', pods: [pod(1500)], limit: 5, nodes: 0, taken: 0 },
  ];
  for (const r of rows) {
    const e = estimate(group(), r.pods, id, r.limit);
    assert.equal([e.nodes, e.pods.length], [r.nodes, r.taken], r.name);
  }
  const tainted = group({ taints: [{ key: 'gpu', value: '', effect: 'NoSchedule' }] });
  assert.is(estimate(tainted, [pod(100)], id, 5).nodes, 0, 'a pod that does not tolerate the template taint is not helped');
});

test('leastWaste: the option that leaves the least cpu + memory unused; ties are all returned', () => {
  const small = { group: group({ name: 'small' }), nodes: 1, pods: [pod(800, 3 * GI)] };
  const big = { group: group({ name: 'big', allocatable: { cpuMilli: 8000, memoryBytes: 32 * GI, pods: 110 } }), nodes: 1, pods: [pod(800, 3 * GI)] };
  assert.equal(leastWaste([big, small], id).map((o) => o.group.name), ['small']);
  const twin = { ...small, group: group({ name: 'twin' }) };
  assert.equal(leastWaste([small, twin], id).map((o) => o.group.name), ['small', 'twin']);
  assert.is(triggeredScaleUpMessage('general', 3, 5, 20), 'pod triggered scale-up: [{general 3->5 (max: 20)}]');
});

test.run();
