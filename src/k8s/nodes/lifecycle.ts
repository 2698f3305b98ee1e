/**
 * Node lifecycle timing: when a node that stopped answering is marked NotReady (Unknown), when its pods leave
 * the endpoints, and when the NoExecute taint evicts them. Pure functions of the failure time and the pods'
 * tolerations; `nodes/controller.ts` wires them to the event loop.
 *
 * Upstream constants (each read in upstream source):
 *   --node-monitor-grace-period 50s   pkg/controller/nodelifecycle/config/v1alpha1/defaults.go (40s until
 *                                     kubernetes/kubernetes#126287, released in 1.32)
 *   --node-monitor-period 5s          cmd/kube-controller-manager/app/options (NodeMonitorPeriod): how often
 *                                     monitorNodeHealth runs; a node is Unknown once now > probe time + grace
 *   kubelet lease renewal 10s         pkg/kubelet/kubelet.go: renewInterval = nodeLeaseDurationSeconds (40) ×
 *                                     nodeLeaseRenewIntervalFraction (0.25); the lease is the node's heartbeat
 *   tolerationSeconds 300             plugin/pkg/admission/defaulttolerationseconds (default-not-ready- and
 *                                     default-unreachable-toleration-seconds), added only when the pod has no
 *                                     toleration of its own for that taint
 *   eviction time                     pkg/controller/tainteviction/taint_eviction.go: taint seen + the smallest
 *                                     tolerationSeconds of the tolerations used (≤ 0 → at once; none → forever);
 *                                     a NoExecute taint the pod does not tolerate evicts at once
 */
import { TAINT_NOT_READY, TAINT_UNREACHABLE, toleratesTaint } from '../scheduler/filter.js';
import type { Taint, Toleration } from '../scheduler/types.js';

export const NODE_MONITOR_GRACE_PERIOD_MS = 50_000;
export const NODE_MONITOR_PERIOD_MS = 5_000;
export const NODE_LEASE_RENEW_INTERVAL_MS = 10_000;
export const DEFAULT_TOLERATION_SECONDS = 300;

export const UNREACHABLE_NO_EXECUTE: Taint = { key: TAINT_UNREACHABLE, value: '', effect: 'NoExecute' };
export const UNREACHABLE_NO_SCHEDULE: Taint = { key: TAINT_UNREACHABLE, value: '', effect: 'NoSchedule' };

/** The last lease renewal at or before `failedMs` of a kubelet that has renewed every 10 s since `readySinceMs`. */
export function lastHeartbeat(failedMs: number, readySinceMs: number): number {
  if (failedMs <= readySinceMs) return readySinceMs;
  return readySinceMs + Math.floor((failedMs - readySinceMs) / NODE_LEASE_RENEW_INTERVAL_MS) * NODE_LEASE_RENEW_INTERVAL_MS;
}

/**
 * When monitorNodeHealth first sees the node's heartbeat older than the grace period: the first tick of the
 * 5 s monitor loop (ticking since t=0) strictly after heartbeat + grace.
 */
export function notReadyAt(heartbeatMs: number, graceMs = NODE_MONITOR_GRACE_PERIOD_MS, periodMs = NODE_MONITOR_PERIOD_MS): number {
  const deadline = heartbeatMs + graceMs;
  return (Math.floor(deadline / periodMs) + 1) * periodMs;
}

/** The pod's tolerations after the DefaultTolerationSeconds admission plugin. */
export function withDefaultTolerations(tolerations: readonly Toleration[]): Toleration[] {
  const covers = (key: string) => tolerations.some((t) => (t.key === key || t.key === '') && (t.effect === 'NoExecute' || t.effect === ''));
  const out = [...tolerations];
  const dflt = (key: string): Toleration => ({ key, operator: 'Exists', value: '', effect: 'NoExecute', tolerationSeconds: DEFAULT_TOLERATION_SECONDS });
  if (!covers(TAINT_NOT_READY)) out.push(dflt(TAINT_NOT_READY));
  if (!covers(TAINT_UNREACHABLE)) out.push(dflt(TAINT_UNREACHABLE));
  return out;
}

/**
 * How long after the NoExecute taints appear the pod is deleted: 0 when a taint is not tolerated, null when
 * the tolerations used tolerate it forever (`GetMatchingTolerations` takes the first matching toleration per
 * taint; `getMinTolerationTime`).
 */
export function evictionDelayMs(noExecuteTaints: readonly Taint[], tolerations: readonly Toleration[]): number | null {
  if (noExecuteTaints.length === 0) return null;
  const used: Toleration[] = [];
  for (const taint of noExecuteTaints) {
    const t = tolerations.find((x) => toleratesTaint(x, taint));
    if (!t) return 0;
    used.push(t);
  }
  let min = Infinity;
  for (const t of used) {
    if (t.tolerationSeconds === null) continue;
    if (t.tolerationSeconds <= 0) return 0;
    min = Math.min(min, t.tolerationSeconds);
  }
  return min === Infinity ? null : min * 1000;
}
