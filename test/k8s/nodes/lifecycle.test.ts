/** Node lifecycle timing and PodDisruptionBudget arithmetic, table-driven. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { drainRetryMessage, evictionDecision, pdbStatus, type PdbPolicy } from '../../../src/k8s/nodes/disruption.js';
import { evictionDelayMs, lastHeartbeat, notReadyAt, UNREACHABLE_NO_EXECUTE, withDefaultTolerations } from '../../../src/k8s/nodes/lifecycle.js';
import type { Toleration } from '../../../src/k8s/scheduler/types.js';

test('lastHeartbeat and notReadyAt: lease every 10 s, grace 50 s, monitor every 5 s', () => {
  const rows = [
    { name: 'a failure at 7203 s: last renewal 7200 s, Unknown at the first 5 s tick after 7250 s', failed: 7_203_000, since: 0, beat: 7_200_000, notReady: 7_255_000 },
    { name: 'a failure right on a renewal counts that renewal', failed: 7_200_000, since: 0, beat: 7_200_000, notReady: 7_255_000 },
    { name: 'a node Ready since 61 s renews on its own 10 s grid', failed: 100_000, since: 61_000, beat: 91_000, notReady: 145_000 },
  ];
  for (const r of rows) {
    assert.is(lastHeartbeat(r.failed, r.since), r.beat, r.name);
    assert.is(notReadyAt(r.beat), r.notReady, r.name);
  }
});

const tol = (p: Partial<Toleration>): Toleration => ({ key: '', operator: 'Exists', value: '', effect: 'NoExecute', tolerationSeconds: null, ...p });

test('withDefaultTolerations and evictionDelayMs: rows named as sentences', () => {
  const rows = [
    { name: 'a pod without tolerations gets 300 s for unreachable', tols: [] as Toleration[], want: 300_000 },
    { name: "the pod's own unreachable toleration replaces the default", tols: [tol({ key: 'node.kubernetes.io/unreachable', tolerationSeconds: 30 })], want: 30_000 },
    { name: 'a toleration without seconds tolerates forever', tols: [tol({ key: 'node.kubernetes.io/unreachable' })], want: null },
    { name: 'tolerationSeconds 0 evicts at once', tols: [tol({ key: 'node.kubernetes.io/unreachable', tolerationSeconds: 0 })], want: 0 },
    { name: 'an empty-key Exists toleration covers both taints (no defaults added)', tols: [tol({ tolerationSeconds: 60 })], want: 60_000 },
  ];
  for (const r of rows) assert.is(evictionDelayMs([UNREACHABLE_NO_EXECUTE], withDefaultTolerations(r.tols)), r.want, r.name);
  assert.is(withDefaultTolerations([]).length, 2, 'not-ready and unreachable are both added');
  assert.is(evictionDelayMs([UNREACHABLE_NO_EXECUTE], [tol({ key: 'other' })]), 0, 'an untolerated NoExecute taint evicts at once');
});

const pdb = (p: Partial<PdbPolicy>): PdbPolicy => ({ name: 'api-pdb', minAvailable: null, maxUnavailable: null, unhealthyPodEvictionPolicy: 'IfHealthyBudget', ...p });
const ready = (n: number) => Array.from({ length: n }, () => ({ ready: true, terminating: false }));

test('pdbStatus: rows named as sentences', () => {
  const rows = [
    { name: 'minAvailable 2 of 3 ready pods allows 1', p: pdb({ minAvailable: 2 }), pods: ready(3), scale: 3, want: { expectedPods: 3, desiredHealthy: 2, currentHealthy: 3, disruptionsAllowed: 1 } },
    { name: 'minAvailable 3 of 3 allows none', p: pdb({ minAvailable: 3 }), pods: ready(3), scale: 3, want: { expectedPods: 3, desiredHealthy: 3, currentHealthy: 3, disruptionsAllowed: 0 } },
    { name: 'minAvailable 50% of scale 3 rounds up to 2', p: pdb({ minAvailable: '50%' }), pods: ready(3), scale: 3, want: { expectedPods: 3, desiredHealthy: 2, currentHealthy: 3, disruptionsAllowed: 1 } },
    { name: 'maxUnavailable 1 of scale 3 wants 2 healthy', p: pdb({ maxUnavailable: 1 }), pods: ready(3), scale: 3, want: { expectedPods: 3, desiredHealthy: 2, currentHealthy: 3, disruptionsAllowed: 1 } },
    { name: 'maxUnavailable 34% of scale 3 rounds up to 2 unavailable', p: pdb({ maxUnavailable: '34%' }), pods: ready(3), scale: 3, want: { expectedPods: 3, desiredHealthy: 1, currentHealthy: 3, disruptionsAllowed: 2 } },
    {
      name: 'terminating and not-ready pods are not healthy',
      p: pdb({ maxUnavailable: 1 }), pods: [...ready(1), { ready: false, terminating: false }, { ready: true, terminating: true }], scale: 3,
      want: { expectedPods: 3, desiredHealthy: 2, currentHealthy: 1, disruptionsAllowed: 0 },
    },
  ];
  for (const r of rows) assert.equal(pdbStatus(r.p, r.pods, r.scale), r.want, r.name);
});

test('evictionDecision: rows named as sentences', () => {
  const running = { phase: 'Running' as const, ready: true, terminating: false };
  const blocked = pdb({ minAvailable: 3 });
  const st = pdbStatus(blocked, ready(3), 3);
  assert.equal(evictionDecision(running, []), { allowed: true }, 'no budget: allowed');
  assert.equal(evictionDecision(running, [{ pdb: blocked, status: st }]), {
    allowed: false, code: 429, message: "Cannot evict pod as it would violate the pod's disruption budget.",
    cause: 'The disruption budget api-pdb needs 3 healthy pods and has 3 currently',
  }, 'a budget with no disruptions allowed blocks');
  assert.equal(evictionDecision({ ...running, phase: 'Pending', ready: false }, [{ pdb: blocked, status: st }]), { allowed: true }, 'a Pending pod is evicted without a check');
  assert.equal(evictionDecision({ ...running, ready: false }, [{ pdb: blocked, status: st }]), { allowed: true }, 'an unready pod goes while the budget is healthy');
  assert.is(evictionDecision(running, [{ pdb: blocked, status: st }, { pdb: blocked, status: st }]).allowed, false, 'two budgets: refused');
  assert.is(drainRetryMessage('default', 'api-x', 'm'), 'error when evicting pods/"api-x" -n "default" (will retry after 5s): m');
});

test.run();
