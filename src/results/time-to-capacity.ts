/**
 * Time to capacity per traffic step: for the pods created while a step lasts, how long until the last of them
 * was Ready (measured from the step's start), and how long the slowest of them waited Pending for a node. This is
 * the figure that separates "the HPA is slow" from "the nodes are slow": the HPA part ends when the pods exist,
 * the node part when they are scheduled, the kubelet part when they are Ready.
 *
 * Pure: the world hands in each pod's creation, scheduling and readiness times.
 */

export interface PodTimes {
  readonly createdMs: number;
  /** Bound to a node (null: never, within the run). */
  readonly scheduledMs: number | null;
  /** First Ready (null: never, within the run). */
  readonly readyMs: number | null;
}

export interface StepCapacity {
  readonly stepMs: number;
  /** Pods created during the step. */
  readonly pods: number;
  /** Last Ready among them, minus the step start; null when one never became Ready (or no pod was created). */
  readonly timeToCapacityMs: number | null;
  /** The longest Pending-for-a-node wait among them (creation → scheduled); null when one was never scheduled. */
  readonly maxPendingMs: number | null;
}

/** `steps` are the traffic steps' start times, ascending; a step lasts until the next one (the last until the end). */
export function timeToCapacity(steps: readonly number[], pods: readonly PodTimes[]): StepCapacity[] {
  return steps.map((stepMs, i) => {
    const end = steps[i + 1] ?? Infinity;
    const mine = pods.filter((p) => p.createdMs >= stepMs && p.createdMs < end);
    if (mine.length === 0) return { stepMs, pods: 0, timeToCapacityMs: null, maxPendingMs: null };
    const ready = mine.every((p) => p.readyMs !== null) ? Math.max(...mine.map((p) => p.readyMs!)) - stepMs : null;
    const pending = mine.every((p) => p.scheduledMs !== null) ? Math.max(...mine.map((p) => p.scheduledMs! - p.createdMs)) : null;
    return { stepMs, pods: mine.length, timeToCapacityMs: ready, maxPendingMs: pending };
  });
}
