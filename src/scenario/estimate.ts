/**
 * How big a run will be, before it starts: an upper-bound estimate of its work (events the simulation will
 * handle) and of what it writes (timeseries rows and bytes), from the normalised scenario alone. `checkRunSize`
 * refuses a run beyond `RUN_LIMITS` with the estimate and what to change — a run of hours, or one that dies of
 * out-of-memory, is worse than a clear message in the first second. `validate` prints the estimate.
 *
 * The counts are deliberately coarse (each term is "how often it happens × how many of it"), so they err on the
 * high side; the bundled scenarios estimate well below the limits (see test/scenario/estimate.test.ts).
 */
import { UserError } from '../engine/errors.js';
import type { Scenario } from './types.js';

export const RUN_LIMITS = {
  /** Work units (about one event each; see `estimateRun`). The bundled week estimates ~3.5 million. */
  events: 500_000_000,
  /** Rows of timeseries.csv (a week at 1 s is 604,800). */
  samples: 1_000_000,
  /** Bytes of timeseries.csv and revisions.csv. */
  outputBytes: 2_000_000_000,
  /** Pods alive at once, at most (replicas, HPA maxReplicas, surge). */
  pods: 100_000,
} as const;

export interface RunEstimate {
  /** Work units: events handled by the simulation, an HPA sync weighted by the recommendations it reads. */
  events: number;
  /** Timeseries rows. */
  samples: number;
  /** Bytes of timeseries.csv and revisions.csv. */
  outputBytes: number;
  /** The most pods alive at once. */
  pods: number;
  /** The largest replica count asked for, and where (`Deployment/api: spec.replicas`). */
  largest: { replicas: number; from: string } | null;
  /** The terms of `events`, by source, for the message. */
  parts: { hpaSyncs: number; probes: number; metrics: number; traffic: number; rollouts: number; samples: number };
}

const SECOND = 1000;

export function estimateRun(s: Scenario): RunEstimate {
  const duration = s.durationMs;
  let pods = 0;
  let probes = 0;
  let largest: RunEstimate['largest'] = null;
  for (const d of s.deployments) {
    const name = d.metadata.name;
    const hpa = s.hpas.find((h) => h.spec.scaleTargetRef.kind === 'Deployment' && h.spec.scaleTargetRef.name === name);
    const sources: [number, string][] = [[d.spec.replicas, `Deployment/${name}: spec.replicas`]];
    if (hpa) sources.push([hpa.spec.maxReplicas, `HorizontalPodAutoscaler/${hpa.metadata.name}: spec.maxReplicas`]);
    s.events.forEach((e, i) => {
      if (e.kind === 'scale' && e.deployment === name) sources.push([e.replicas, `spec.events[${i}].scale.replicas`]);
    });
    const [most, from] = sources.reduce((a, b) => (b[0] > a[0] ? b : a));
    if (!largest || most > largest.replicas) largest = { replicas: most, from };
    // a rolling update can hold both ReplicaSets at once
    const alive = most * 2 + 1;
    pods += alive;
    for (const c of d.spec.template.spec.containers) {
      for (const p of [c.readinessProbe, c.livenessProbe, c.startupProbe]) {
        if (p) probes += alive * (duration / (Math.max(p.periodSeconds, 1) * SECOND));
      }
    }
  }
  // each sync reads the recommendations of the stabilisation window: one per sync period inside it
  const windowSyncs = 1 + s.controllers.hpaDownscaleStabilizationMs / s.controllers.hpaSyncPeriodMs;
  const hpaSyncs = s.hpas.length * (duration / s.controllers.hpaSyncPeriodMs) * windowSyncs;
  const metrics = pods * (duration / s.controllers.metricsResolutionMs);
  // load is re-routed at least once per second of traffic (noise, traces) for every Service
  const traffic = Math.max(1, Object.keys(s.traffic).length) * (duration / SECOND);
  // every rollout, scale or kill may touch every pod of its Deployment several times, and each one's work grows
  // with the ReplicaSets and columns the earlier ones left (measured: 3,600 rollouts in an hour took 44 s of CPU)
  const rollouts = s.events.length * Math.max(1, pods) * 10 + s.events.length * s.events.length * 50;
  const samples = Math.ceil(duration / s.sampleIntervalMs) + 1;
  // a row's work: its columns and every ReplicaSet of every Deployment (the older ones until history cleanup)
  const columns = 16 + 4 * s.deployments.length * (1 + s.events.length) + 4 * s.hpas.length;
  const events = hpaSyncs + probes + metrics + traffic + rollouts + samples * Math.ceil(columns / 4);
  // what it writes: timeseries.csv's columns (six more per Deployment when there are several) and revisions.csv's
  // rows, about one or two a row per Deployment, counted as 4 columns each — not a column per ReplicaSet
  const written = 18 + (s.deployments.length > 1 ? 6 * s.deployments.length : 0) + 4 * s.deployments.length + 4 * s.hpas.length;
  return {
    events: Math.ceil(events),
    samples,
    outputBytes: Math.ceil(samples * written * 10),
    pods,
    largest,
    parts: { hpaSyncs: Math.ceil(hpaSyncs), probes: Math.ceil(probes), metrics: Math.ceil(metrics), traffic: Math.ceil(traffic), rollouts, samples },
  };
}

const fmt = (n: number): string => (n >= 1e15 ? n.toExponential(2).replace('e+', '×10^') : n >= 1e12 ? `${(n / 1e12).toPrecision(3)} trillion` : n >= 1e9 ? `${(n / 1e9).toPrecision(3)} billion` : n >= 1e6 ? `${(n / 1e6).toPrecision(3)} million` : Math.round(n).toLocaleString('en-US'));
const bytes = (n: number): string => (n >= 1e12 ? `${fmt(n / 1e9)} GB` : n >= 1e9 ? `${(n / 1e9).toPrecision(3)} GB` : n >= 1e6 ? `${(n / 1e6).toPrecision(3)} MB` : `${Math.round(n / 1e3)} kB`);

/** One line for `validate`: `~1.23 million events, 8,641 timeseries rows (~2.1 MB), at most 41 pods`. */
export function describeEstimate(e: RunEstimate): string {
  return `~${fmt(e.events)} events, ${fmt(e.samples)} timeseries rows (~${bytes(e.outputBytes)}), at most ${fmt(e.pods)} pods`;
}

const LABELS: Record<keyof RunEstimate['parts'], string> = {
  hpaSyncs: 'HPA syncs',
  probes: 'probes',
  metrics: 'metrics scrapes',
  traffic: 'traffic changes',
  rollouts: 'rollout steps',
  samples: 'samples',
};

/** Throws a UserError when the run is too big to be useful; the message has the estimate and what to change. */
export function checkRunSize(s: Scenario, estimate: RunEstimate = estimateRun(s)): RunEstimate {
  const where = { file: s.file };
  if (estimate.pods > RUN_LIMITS.pods) {
    const largest = estimate.largest;
    throw new UserError(
      `the run would hold up to ${fmt(estimate.pods)} pods at once (a rolling update holds two ReplicaSets), more than the ${fmt(RUN_LIMITS.pods)} kubesim simulates; lower ${largest ? `${largest.from} (${fmt(largest.replicas)})` : 'the replicas'}`,
      where,
    );
  }
  if (estimate.samples > RUN_LIMITS.samples || estimate.outputBytes > RUN_LIMITS.outputBytes) {
    throw new UserError(
      `the run would write ${fmt(estimate.samples)} timeseries rows (~${bytes(estimate.outputBytes)}), more than the ${fmt(RUN_LIMITS.samples)} rows / ${bytes(RUN_LIMITS.outputBytes)} kubesim writes; use a longer spec.sampleInterval or a shorter spec.duration`,
      { ...where, path: 'spec.sampleInterval' },
    );
  }
  if (estimate.events > RUN_LIMITS.events) {
    const p = estimate.parts;
    const biggest = (Object.entries(p) as [keyof RunEstimate['parts'], number][]).sort((a, b) => b[1] - a[1])[0]![0];
    const change: Record<keyof RunEstimate['parts'], [string, string]> = {
      hpaSyncs: ['spec.controllers.hpaSyncPeriod', 'use a longer spec.controllers.hpaSyncPeriod (the default is 15s)'],
      probes: ['periodSeconds', "use a longer probe periodSeconds, or fewer replicas"],
      metrics: ['spec.controllers.metricsResolution', 'use a longer spec.controllers.metricsResolution, or fewer replicas'],
      traffic: ['spec.duration', 'simulate a shorter spec.duration'],
      rollouts: ['spec.events', 'use fewer spec.events, or fewer replicas'],
      samples: ['spec.sampleInterval', 'use a longer spec.sampleInterval'],
    };
    const [path, advice] = change[biggest];
    throw new UserError(`the run would handle ~${fmt(estimate.events)} events (${LABELS[biggest]}: ~${fmt(p[biggest])}), more than the ${fmt(RUN_LIMITS.events)} kubesim runs at once (minutes of work); ${advice}, or a shorter spec.duration`, {
      ...where,
      path,
    });
  }
  return estimate;
}
