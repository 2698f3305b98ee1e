/**
 * The rollout and scaling timeline, as data: rollout starts and completions (from the summary), rollbacks, pod
 * kills and HPA rescales (from the events), in time order. Runs of the same reason with nothing else in between
 * are folded into one item ("SuccessfulRescale ×40, new sizes 2–6"), so an HPA that rescales all day still
 * gives a timeline one can read.
 */

import { TIMELINE, timelineObjects, timelineRun } from './messages.js';
import type { EventRow, Summary } from './types.js';

/** Reasons shown in the timeline (besides rollouts from the summary and pod kills, below). */
export const TIMELINE_REASONS: ReadonlySet<string> = new Set(['SuccessfulRescale', 'undo', 'ProgressDeadlineExceeded']);

/**
 * A pod kill: a container the scenario crashed (its `killPods` action), or one the kubelet killed for a failed
 * liveness/startup probe (`Killing` "… failed liveness probe, will be restarted"). The kubelet's other
 * `Killing` events ("Stopping container api") are ordinary deletions by a scale-down or a rollout.
 */
export function isPodKill(e: Pick<EventRow, 'reason' | 'message'>): boolean {
  return e.reason === 'killPods' || (e.reason === 'Killing' && e.message.includes(' probe, will be restarted'));
}

export interface TimelineItem {
  /** Seconds from the start: the first event folded in. */
  time: number;
  /** The last event folded in (`time` for a single one). */
  end: number;
  count: number;
  /** What happened: `rollout started`, `rollout complete`, or the event reason. */
  label: string;
  /** Whom it happened to: a Deployment, an object, or `N objects`. */
  subject: string;
  detail: string;
  /** The detail is an image name (shown as code). */
  isImage: boolean;
}

interface Raw {
  time: number;
  order: number;
  label: string;
  object: string;
  detail: string;
  isImage: boolean;
  foldable: boolean;
}

/** Builds the timeline; runs of at least `minRun` consecutive items of one reason are folded. */
export function buildTimeline(summary: Summary, events: readonly EventRow[], minRun = 3): TimelineItem[] {
  const raw: Raw[] = [];
  summary.rollouts.forEach((r, i) => {
    const base = { order: i, object: r.deployment, detail: r.image, isImage: true, foldable: false };
    raw.push({ ...base, time: r.startedAt, label: TIMELINE.rolloutStarted });
    if (r.completedAt !== null) raw.push({ ...base, time: r.completedAt, label: TIMELINE.rolloutCompleted });
  });
  events.forEach((e, i) => {
    if (!TIMELINE_REASONS.has(e.reason) && !isPodKill(e)) return;
    const order = summary.rollouts.length + i;
    raw.push({ time: e.time, order, label: e.reason, object: e.object, detail: e.message, isImage: false, foldable: true });
  });
  raw.sort((a, b) => a.time - b.time || a.order - b.order);

  const out: TimelineItem[] = [];
  for (let i = 0; i < raw.length; ) {
    const first = raw[i]!;
    let j = i + 1;
    while (first.foldable && j < raw.length && raw[j]!.foldable && raw[j]!.label === first.label) j++;
    if (j - i >= minRun) {
      out.push(fold(raw.slice(i, j)));
    } else {
      for (const r of raw.slice(i, j)) {
        out.push({ time: r.time, end: r.time, count: 1, label: r.label, subject: r.object, detail: r.detail, isImage: r.isImage });
      }
    }
    i = j;
  }
  return out;
}

function fold(run: Raw[]): TimelineItem {
  const first = run[0]!;
  const last = run[run.length - 1]!;
  const objects = new Set(run.map((r) => r.object));
  // Kubernetes' HPA message: "New size: 4; reason: …".
  const sizes = run.map((r) => /New size: (\d+)/.exec(r.detail)?.[1]).map(Number);
  const range: [number, number] | undefined = sizes.every(Number.isFinite)
    ? [Math.min(...sizes), Math.max(...sizes)]
    : undefined;
  return {
    time: first.time,
    end: last.time,
    count: run.length,
    label: first.label,
    subject: objects.size === 1 ? first.object : timelineObjects(objects.size),
    detail: timelineRun(run.length, range),
    isImage: false,
  };
}
