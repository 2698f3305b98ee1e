/** Default-scheduler preemption: victims on a node, the node chosen, placeholder pods giving way to real ones. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { preempt, preemptedMessage, resourceFit, selectVictimsOnNode, type Preemptor, type VictimPod } from '../../../src/k8s/scheduler/preemption.js';

const Gi = 1024 ** 3;
const alloc = { cpuMilli: 4000, memoryBytes: 16 * Gi, pods: 110 };
const vp = (name: string, priority: number, cpuMilli: number, over: Partial<VictimPod> = {}): VictimPod => ({
  name, priority, startMs: 0, cpuMilli, memoryBytes: Gi, pdb: null, ...over,
});
const real: Preemptor = { name: 'api-1', uid: 'uid-api-1', priority: 0, preemptionPolicy: 'PreemptLowerPriority' };
const fit1000 = resourceFit(alloc, { cpuMilli: 1000, memoryBytes: Gi });

test('a placeholder pod (priority -1) is preempted for a real one (priority 0)', () => {
  const node = { name: 'general-1', pods: [vp('api-0', 0, 3000), vp('overprovisioning-0', -1, 1000)] };
  const r = preempt(real, [node], fit1000);
  assert.equal(r, { node: 'general-1', victims: [node.pods[1]], pdbViolations: 0 });
  assert.is(preemptedMessage(real.uid, r!.node), 'Preempted by pod uid-api-1 on node general-1');
});

test('only as many placeholders as needed are evicted, the most important reprieved first', () => {
  const node = { name: 'n', pods: [vp('api-0', 0, 2000), vp('ph-a', -1, 500, { startMs: 10 }), vp('ph-b', -1, 500, { startMs: 20 }), vp('ph-c', -1, 1000, { startMs: 5 })] };
  // 4000 - 2000 = 2000 for 1000 + placeholders: ph-c (earliest) reprieved (1000), then ph-a does not fit → victim, ph-b victim
  const r = selectVictimsOnNode(real, node, fit1000, new Map());
  assert.equal(r!.victims.map((v) => v.name), ['ph-a', 'ph-b']);
});

test('a pod never preempts pods of equal or higher priority', () => {
  const node = { name: 'n', pods: [vp('api-0', 0, 3500)] };
  assert.is(preempt(real, [node], fit1000), null);
});

test('preemptionPolicy Never does not preempt', () => {
  const node = { name: 'n', pods: [vp('ph', -1, 4000)] };
  assert.is(preempt({ ...real, preemptionPolicy: 'Never' }, [node], fit1000), null);
});

test('the node with fewer PDB violations wins, then the lower highest victim priority', () => {
  const a = { name: 'a', pods: [vp('x', -1, 4000, { pdb: 'ph' })] };
  const b = { name: 'b', pods: [vp('y', -5, 4000)] };
  const c = { name: 'c', pods: [vp('z', -1, 4000)] };
  assert.is(preempt(real, [a, c], fit1000, new Map([['ph', 0]]))!.node, 'c');
  assert.is(preempt(real, [c, b], fit1000)!.node, 'b');
});

test('then the fewest victims, then the latest-started highest-priority victim', () => {
  const two = { name: 'two', pods: [vp('p', -1, 2000), vp('q', -1, 2000)] };
  const one = { name: 'one', pods: [vp('r', -1, 4000)] };
  const big = resourceFit(alloc, { cpuMilli: 3000, memoryBytes: Gi });
  // sums: two victims sum larger than one victim (offset per pod) → "one" wins at the sum step already
  assert.is(preempt(real, [two, one], big)!.node, 'one');
  const old = { name: 'old', pods: [vp('s', -1, 4000, { startMs: 0 })] };
  const young = { name: 'young', pods: [vp('t', -1, 4000, { startMs: 500 })] };
  assert.is(preempt(real, [old, young], fit1000)!.node, 'young');
});

test('a node where the pod cannot fit even without all lower-priority pods is no candidate', () => {
  const node = { name: 'n', pods: [vp('api-0', 0, 3500), vp('ph', -1, 500)] };
  assert.is(preempt(real, [node], fit1000), null);
});

test.run();
