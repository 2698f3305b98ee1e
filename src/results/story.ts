/**
 * The story of a run: what happened and why, in Kubernetes' terms, read from the run's own outputs (summary,
 * time series, event log, HPA decision log). A pure function: the same result gives the same story.
 *
 *   incidents   stretches of failed requests (more than 1 % of a sample's traffic), an outage (no ready endpoint
 *               while traffic is offered) or a p99 over the SLO, each with the causes found in its window
 *               (readiness failures under overload, the HPA held at maxReplicas or by its scale-up policy,
 *               pods not ready yet, a stuck rollout, a crash loop, a quota) and the settings that would change it;
 *   steps       each rise of the offered traffic and how long the ready pods took to catch up (time to capacity);
 *   scaling     HPA rescales per hour and direction changes (flapping);
 *   findings    what the first screen must say even without failures: a rollout that never completed, a crash
 *               loop, restarts, the HPA at maxReplicas.
 */
import { formatAvailability, formatClock, formatDuration, formatInt, formatNumber } from './format.js';
import type { ColumnTable, EventRow, HpaDecisionRow, SloTargets, Summary } from './types.js';

export type CauseKind =
  | 'stuck-rollout'
  | 'crash-loop'
  | 'no-endpoints'
  | 'hpa-max'
  | 'hpa-rate-limit'
  | 'readiness-overload'
  | 'pods-starting'
  | 'pods-pending'
  | 'node-lost'
  | 'no-hpa'
  | 'quota'
  | 'oom'
  | 'no-readiness';

/** Where a cause lives in the manifests: the field a CI annotation points at. */
export interface FieldRef {
  kind: 'Deployment' | 'HorizontalPodAutoscaler';
  name: string;
  /** Dotted path, e.g. `spec.maxReplicas`. */
  path: string;
}

export interface Cause {
  kind: CauseKind;
  /** One sentence, Kubernetes' words. */
  text: string;
  /** Settings that would change the outcome, as `--set` keys or plain advice. */
  settings: string[];
  field?: FieldRef;
}

export interface Incident {
  /** Seconds from start. */
  start: number;
  end: number;
  kind: 'failures' | 'outage' | 'latency';
  failed: number;
  outageSeconds: number;
  /** Peak failed rate (requests/s) and the worst p99 (ms) of the window. */
  peakFailedRps: number;
  peakP99Ms: number;
  causes: Cause[];
  /** One sentence. */
  text: string;
}

export interface TrafficStep {
  at: number;
  fromRps: number;
  toRps: number;
  podsBefore: number;
  podsAfter: number;
  /** Seconds until the ready pods reached their level for this step (null: they never rose). */
  timeToCapacity: number | null;
  failed: number;
  text: string;
}

export interface ScalingActivity {
  hpa: string;
  rescales: number;
  maxPerHour: number;
  /** Scale-up followed by scale-down (or back) within 10 minutes. */
  reversals: number;
  flapping: boolean;
  /** The fewest and most replicas it set, and the metrics its rescales gave as the reason (`memory`, `cpu`). */
  minSize: number;
  maxSize: number;
  metrics: string[];
  /** Seconds from start of its last rescale. */
  lastAt: number;
  text: string;
}

export interface Story {
  /** The one paragraph a platform engineer reads first. */
  paragraph: string;
  incidents: Incident[];
  steps: TrafficStep[];
  scaling: ScalingActivity[];
  /** Findings that hold for the whole run, with their settings and fields (annotations read them). */
  findings: Cause[];
}

export interface StoryInput {
  summary: Summary;
  timeseries: ColumnTable;
  events: readonly EventRow[];
  hpaDecisions: readonly HpaDecisionRow[];
  slo?: SloTargets;
}

/** A sample counts as failing when more than this share of its offered requests failed. */
const FAILING_SHARE = 0.01;
/** Failing samples closer than this merge into one incident (s). */
const MERGE_GAP_SECONDS = 120;
/** Incidents told at most (the rest are counted). */
export const MAX_INCIDENTS = 5;

export function buildStory(input: StoryInput): Story {
  const ctx = context(input);
  const incidents = findIncidents(ctx);
  const steps = findSteps(ctx);
  const scaling = scalingActivity(input.events);
  const findings = runFindings(ctx);
  return { paragraph: paragraph(ctx, incidents, steps, scaling, findings), incidents, steps, scaling, findings };
}

interface Ctx {
  input: StoryInput;
  s: Summary;
  n: number;
  dt: number;
  col: (name: string) => ArrayLike<number>;
  workloads: string[];
}

function context(input: StoryInput): Ctx {
  const ts = input.timeseries;
  const n = ts.time.length;
  const dt = n >= 2 ? Number(ts.time[1]) - Number(ts.time[0]) : n === 1 ? Number(ts.time[0]) : 0;
  const empty = new Float64Array(n).fill(NaN);
  const workloads = (input.summary.workloads ?? []).map((w) => w.name).sort((a, b) => b.length - a.length);
  return { input, s: input.summary, n, dt, col: (name) => ts[name] ?? empty, workloads };
}

/** The Deployment an event's object belongs to (`pod/api-5d…-x2x4q` → `api`), or null. */
function ownerOf(ctx: Ctx, object: string): string | null {
  const parts = object.split('/'); // `[namespace/]kind/name`
  const kind = parts[parts.length - 2];
  const name = parts[parts.length - 1] ?? '';
  if (kind === 'deployment') return name;
  if (kind === 'pod' || kind === 'replicaset') return ctx.workloads.find((w) => name.startsWith(`${w}-`)) ?? null;
  return null;
}

/** An event object's name as the report writes it: `staging/api` for `staging/horizontalpodautoscaler/api`, else `api`. */
export function objectName(object: string): string {
  const parts = object.split('/'); // `[namespace/]kind/name`
  const name = parts[parts.length - 1] ?? object;
  return parts.length >= 3 ? `${parts[0]}/${name}` : name;
}

/** The Deployment of a pod named in an event message (`default/api-5d…-x2x4q`, `pods/"api-5d…-x2x4q"`), or null. */
function ownerOfPodName(ctx: Ctx, podName: string): string | null {
  const name = podName.split('/').pop() ?? podName;
  return ctx.workloads.find((w) => name.startsWith(`${w}-`)) ?? null;
}

/** Durations and clock times of the story, to the second (the run's event times carry milliseconds). */
function dur(seconds: number): string {
  return formatDuration(Math.round(seconds));
}
function clock(seconds: number): string {
  return formatClock(Math.round(seconds));
}

function unique<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatInt(n)} ${n === 1 ? one : many}`;
}

function list(xs: readonly string[]): string {
  return xs.length <= 1 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`;
}

/** The first sentence of a scheduler FitError (`0/2 nodes are available: 2 Insufficient cpu`). */
function fitError(message: string): string {
  const i = message.indexOf('. ');
  return i > 0 ? message.slice(0, i) : message.replace(/\.$/, '');
}

function eventsIn(ctx: Ctx, from: number, to: number, reason: string, test?: (e: EventRow) => boolean): EventRow[] {
  return ctx.input.events.filter((e) => e.reason === reason && e.time >= from && e.time <= to && (!test || test(e)));
}

// ---- incidents ----------------------------------------------------------------------------------------------

function findIncidents(ctx: Ctx): Incident[] {
  const { n, dt } = ctx;
  const time = ctx.col('time');
  const offered = ctx.col('offered_rps');
  const failed = ctx.col('failed_rps');
  const ready = ctx.col('ready_pods');
  const p99 = ctx.col('latency_p99_ms');
  const sloP99 = ctx.input.slo?.latencyP99Ms;
  const bad = (i: number): 'outage' | 'failures' | 'latency' | null => {
    const o = offered[i]!;
    if (o > 0 && ready[i] === 0) return 'outage';
    if (o > 0 && failed[i]! > FAILING_SHARE * o) return 'failures';
    if (sloP99 !== undefined && p99[i]! > sloP99) return 'latency';
    return null;
  };
  const windows: Array<{ from: number; to: number }> = [];
  for (let i = 0; i < n; i++) {
    if (bad(i) === null) continue;
    const last = windows[windows.length - 1];
    if (last && Number(time[i]) - Number(time[last.to]) <= MERGE_GAP_SECONDS) last.to = i;
    else windows.push({ from: i, to: i });
  }
  // outage per window as sampled, scaled so the windows add up to the run's outage (summary.outageSeconds, measured
  // between samples): a 10 s sample with no ready pod is not 10 s without an endpoint
  const sampled = windows.map(({ from, to }) => {
    let o = 0;
    for (let i = from; i <= to; i++) if (bad(i) === 'outage') o += dt;
    return o;
  });
  const totalSampled = sampled.reduce((a, b) => a + b, 0);
  const outageScale = totalSampled > 0 ? ctx.s.outageSeconds / totalSampled : 0;
  return windows.map(({ from, to }, w) => {
    let lost = 0;
    let outage = 0;
    let peak = 0;
    let worst = 0;
    let kind: Incident['kind'] = 'latency';
    for (let i = from; i <= to; i++) {
      lost += failed[i]! * dt;
      peak = Math.max(peak, failed[i]!);
      if (Number.isFinite(p99[i]!)) worst = Math.max(worst, p99[i]!);
      const b = bad(i);
      if (b === 'outage') {
        outage += dt;
        kind = 'outage';
      } else if (b === 'failures' && kind === 'latency') kind = 'failures';
    }
    outage = Math.round(sampled[w]! * outageScale);
    const start = Math.max(0, Number(time[from]) - dt);
    const end = Number(time[to]);
    const causes = causesOf(ctx, start, end, from, to, kind);
    return { start, end, kind, failed: lost, outageSeconds: outage, peakFailedRps: peak, peakP99Ms: worst, causes, text: incidentText(start, end, kind, lost, outage, worst, sloP99, causes) };
  });
}

function incidentText(start: number, end: number, kind: Incident['kind'], failed: number, outage: number, p99: number, slo: number | undefined, causes: Cause[]): string {
  const when = `${clock(start)}–${clock(end)}`;
  const what = kind === 'outage'
    ? `outage of ${dur(outage)} (no ready endpoint), ${formatInt(failed)} requests failed`
    : kind === 'failures'
      ? `${formatInt(failed)} requests failed`
      : `p99 latency up to ${formatInt(p99)} ms over the ${formatInt(slo ?? 0)} ms SLO`;
  const why = causes.length > 0 ? `: ${causes.map((c) => c.text).join('; ')}` : '';
  return `${when}: ${what}${why}.`;
}

function causesOf(ctx: Ctx, start: number, end: number, from: number, to: number, kind: Incident['kind']): Cause[] {
  const causes: Cause[] = [];
  const hpas = (ctx.s.workloads ?? []).filter((w) => w.hpa).map((w) => ({ w, hpa: w.hpa! }));
  const deadline = eventsIn(ctx, 0, end, 'ProgressDeadlineExceeded');
  for (const e of deadline) {
    const d = e.object.split('/').pop() ?? '';
    causes.push({
      kind: 'stuck-rollout',
      text: `the rollout of deployment/${d} stalled (ProgressDeadlineExceeded: its new pods never became Ready)`,
      settings: [`fix the new version's readiness, or roll back (kubectl rollout undo deployment/${d})`, `deployment/${d}.spec.progressDeadlineSeconds to notice sooner`],
      field: { kind: 'Deployment', name: d, path: 'spec.progressDeadlineSeconds' },
    });
  }
  const backoff = eventsIn(ctx, start - 600, end, 'BackOff');
  if (backoff.length > 0) {
    const owners = [...new Set(backoff.map((e) => ownerOf(ctx, e.object)).filter((x): x is string => x !== null))];
    causes.push({
      kind: 'crash-loop',
      text: `containers of ${owners.map((o) => `deployment/${o}`).join(', ') || 'the workload'} crashed and were restarted with back-off (CrashLoopBackOff, ${formatInt(backoff.length)} BackOff events)`,
      settings: ['fix the crash or roll back; restarts wait 10 s doubling to 5 min between attempts'],
    });
  }
  for (const { w, hpa } of hpas) {
    const rows = ctx.input.hpaDecisions.filter((r) => r.hpa === hpa.name && r.time >= start - 60 && r.time <= end);
    if (rows.some((r) => r.limitedBy === 'TooManyReplicas')) {
      const wanted = Math.max(...rows.map((r) => r.recommendation ?? 0));
      causes.push({
        kind: 'hpa-max',
        text: `HPA ${hpa.name} was held at maxReplicas ${hpa.maxReplicas} (ScalingLimited: TooManyReplicas; it wanted ${formatInt(wanted)})`,
        settings: [`hpa/${hpa.name}.spec.maxReplicas=${Math.max(wanted, hpa.maxReplicas + 1)}`],
        field: { kind: 'HorizontalPodAutoscaler', name: hpa.name, path: 'spec.maxReplicas' },
      });
    } else if (rows.some((r) => r.limitedBy === 'ScaleUpLimit')) {
      causes.push({
        kind: 'hpa-rate-limit',
        text: `HPA ${hpa.name} scaled up as fast as its scale-up policy allows (ScalingLimited: ScaleUpLimit)`,
        settings: [`hpa/${hpa.name}.spec.behavior.scaleUp.policies (e.g. type Pods, value 10, periodSeconds 15)`, `hpa/${hpa.name}.spec.minReplicas higher, to start closer to the peak`],
        field: { kind: 'HorizontalPodAutoscaler', name: hpa.name, path: w.hpa ? 'spec.behavior' : 'spec' },
      });
    }
  }
  const unhealthy = eventsIn(ctx, start - 60, end, 'Unhealthy', (e) => e.message.startsWith('Readiness probe failed'));
  if (unhealthy.length > 0 && causes.every((c) => c.kind !== 'stuck-rollout')) {
    const owners = [...new Set(unhealthy.map((e) => ownerOf(ctx, e.object)).filter((x): x is string => x !== null))];
    causes.push({
      kind: 'readiness-overload',
      text: `overloaded pods failed their readiness probes (${formatInt(unhealthy.length)} Unhealthy events) and left the Service, pushing their traffic onto the others` +
        (noneReadyIn(ctx, from, to) ? ' until no pod was Ready' : ''),
      settings: [
        'readinessProbe.timeoutSeconds / failureThreshold higher, so a busy pod is not taken out at once',
        ...owners.map((o) => `more capacity for deployment/${o}: spec.replicas, an HPA, or a larger CPU limit`),
      ],
      ...(owners[0] ? { field: { kind: 'Deployment' as const, name: owners[0], path: 'spec.replicas' } } : {}),
    });
  }
  const ready = ctx.col('ready_pods');
  let noneReady = false;
  for (let i = from; i <= to; i++) if (ready[i] === 0) noneReady = true;
  if (kind === 'outage' && noneReady && !causes.some((c) => c.kind === 'stuck-rollout' || c.kind === 'crash-loop' || c.kind === 'readiness-overload')) {
    const scaledToZero = eventsIn(ctx, start - 60, end, 'ScalingReplicaSet', (e) => / to 0\b/.test(e.message));
    const d = scaledToZero[0]?.object.split('/').pop();
    causes.push({
      kind: 'no-endpoints',
      text: d
        ? `deployment/${d} scaled its old ReplicaSet to 0 before the new pods were Ready (the Service had no endpoints: the Recreate strategy does this)`
        : 'no pod was Ready, so the Service had no endpoints',
      settings: d ? [`deployment/${d}.spec.strategy.type=RollingUpdate (with maxUnavailable 0 keeps every old pod until a new one is Ready)`] : ['more replicas, or readiness that passes sooner'],
      ...(d ? { field: { kind: 'Deployment' as const, name: d, path: 'spec.strategy' } } : {}),
    });
  }
  const lost = nodeLostCause(ctx, start, end);
  if (lost) causes.push(lost);
  const pending = pendingCause(ctx, start - 300, end);
  if (pending) causes.push(pending);
  const quota = eventsIn(ctx, start - 60, end, 'FailedCreate', (e) => /exceeded quota/.test(e.message));
  if (quota.length > 0) {
    causes.push(quotaCause(ctx, quota));
  }
  if (hpas.length === 0 && kind !== 'latency' && !causes.some((c) => c.kind === 'stuck-rollout' || c.kind === 'crash-loop' || c.kind === 'no-endpoints' || c.kind === 'node-lost')) {
    const d = ctx.s.workloads?.[0]?.name;
    causes.push({
      kind: 'no-hpa',
      text: `traffic exceeded what ${formatInt(ctx.s.replicas.max)} ready pods can serve, and no HPA adds any`,
      settings: d ? [`deployment/${d}.spec.replicas higher, or a HorizontalPodAutoscaler for it`] : ['more replicas or an HPA'],
      ...(d ? { field: { kind: 'Deployment' as const, name: d, path: 'spec.replicas' } } : {}),
    });
  }
  if (causes.every((c) => c.kind === 'hpa-rate-limit' || c.kind === 'readiness-overload' || c.kind === 'hpa-max') && causes.length < 3) {
    const total = ctx.col('total_pods');
    let starting = false;
    for (let i = from; i <= to; i++) if (total[i]! > ready[i]!) starting = true;
    if (starting && hpas.length > 0) {
      causes.push({
        kind: 'pods-starting',
        text: 'new pods were still starting (container start and readiness) while traffic rose',
        settings: ['minReplicas higher, faster startup, or a readinessProbe that passes sooner'],
      });
    }
  }
  if (causes.length === 0 && kind === 'failures') {
    const started = eventsIn(ctx, start - 30, end, 'Started').filter((e) => e.object.includes('pod/'));
    const owners = unique(started.map((e) => ownerOf(ctx, e.object)).filter((x): x is string => x !== null));
    if (started.length > 0 && owners.length > 0) {
      causes.push({
        kind: 'no-readiness',
        text: `requests reached ${plural(unique(started.map((e) => e.object)).length, 'new pod')} of ${owners.map((o) => `deployment/${o}`).join(', ')}, started at ${clock(started[0]!.time)}, before the app in them answered: a pod with no readinessProbe is an endpoint as soon as its container starts`,
        settings: owners.map((o) => `a readinessProbe on deployment/${o}'s container, so the Service waits until it answers`),
        field: { kind: 'Deployment', name: owners[0]!, path: 'spec.template.spec.containers' },
      });
    }
  }
  return causes.sort((a, b) => CAUSE_ORDER.indexOf(a.kind) - CAUSE_ORDER.indexOf(b.kind));
}

/** Causes in the order they are told: what set things off first, its consequences after. */
const CAUSE_ORDER: readonly CauseKind[] = [
  'stuck-rollout', 'crash-loop', 'oom', 'node-lost', 'quota', 'no-endpoints', 'no-readiness', 'hpa-max', 'no-hpa',
  'hpa-rate-limit', 'pods-pending', 'pods-starting', 'readiness-overload',
];

/** A ResourceQuota refusing the ReplicaSet's pod creates (FailedCreate "exceeded quota"). */
function quotaCause(ctx: Ctx, refusals: readonly EventRow[]): Cause {
  const e = refusals[0]!;
  const m = /exceeded quota: ([^,]+), requested: ([^,]+(?:,[^,:]+=[^,]+)*), used: (.+), limited: (.+)$/.exec(e.message);
  const parts = e.object.split('/');
  const ns = parts.length >= 3 ? parts[0]! : 'default';
  const rs = parts[parts.length - 1] ?? '';
  const owner = ctx.workloads.find((w) => rs.startsWith(`${w}-`));
  const who = owner ? `deployment/${owner}${ns !== 'default' ? ` in namespace ${ns}` : ''}` : `replicaset/${rs}`;
  const hpa = (ctx.s.workloads ?? []).find((w) => w.name === owner && w.namespace === ns)?.hpa;
  // the HPA's own rescales (hpa.csv names an HPA without its namespace, so its rows cannot tell staging/api from production/api)
  const hpaObject = `${ns !== 'default' ? `${ns}/` : ''}horizontalpodautoscaler/${hpa?.name ?? ''}`;
  const wanted = hpa ? Math.max(0, ...ctx.input.events.filter((x) => x.reason === 'SuccessfulRescale' && x.object === hpaObject).map((x) => Number(/New size: (\d+)/.exec(x.message)?.[1] ?? 0))) : 0;
  const refused = ctx.s.quota?.find((q) => q.replicaSet.endsWith(rs))?.refusedCreates ?? refusals.length;
  const text = `the ResourceQuota ${m ? m[1] : ''} refused ${plural(refused, 'pod create')} of ${who} (FailedCreate: exceeded quota${m ? `, limited: ${m[4]}` : ''})` +
    (wanted > 0 ? `, so it ran fewer pods than its HPA asked for (${formatInt(wanted)})` : '');
  return {
    kind: 'quota',
    text: text.replace('ResourceQuota  refused', 'ResourceQuota refused'),
    settings: [
      `the ResourceQuota${m ? ` ${m[1]}` : ''}${ns !== 'default' ? ` in namespace ${ns}` : ''}: a higher spec.hard${m ? ` (${m[4]})` : ''}`,
      ...(hpa ? [`or hpa/${hpa.name}.spec.maxReplicas within the quota, so the HPA does not ask for pods it cannot have`] : ['or lower the pods’ requests']),
    ],
  };
}

/**
 * Pods Pending for want of a node between `from` and `to` (s), told with what the node autoscaler did about it and
 * the node-pool settings that would change it. Placeholder pods (the ones the scheduler preempted to make room)
 * are headroom, not demand: their own Pending replacements are not counted.
 */
function pendingCause(ctx: Ctx, from: number, to: number): Cause | null {
  const events = ctx.input.events;
  const preempted = events.filter((e) => e.reason === 'Preempted' && e.time <= to);
  const placeholderOwners = new Set(preempted.map((e) => ownerOf(ctx, e.object)).filter((x): x is string => x !== null));
  const isReal = (object: string) => !placeholderOwners.has(ownerOf(ctx, object) ?? '\u0000');
  const failedAll = events.filter((e) => e.reason === 'FailedScheduling' && e.time >= from && e.time < to && isReal(e.object));
  // a pod whose FailedScheduling led the scheduler to preempt a placeholder for it at once did not wait
  const firstFailed = new Map<string, number>();
  for (const e of failedAll) if (!firstFailed.has(e.object)) firstFailed.set(e.object, e.time);
  const preemptorOf = (e: EventRow) => /Preempted by pod (\S+) on node/.exec(e.message)?.[1]?.split('/').pop();
  const atOnce = preempted.filter((e) => {
    const p = preemptorOf(e);
    const t = p === undefined ? undefined : firstFailed.get(`${e.object.slice(0, e.object.lastIndexOf('pod/'))}pod/${p}`);
    return t !== undefined && e.time - t <= 1;
  });
  const startedAtOnce = new Set(atOnce.map((e) => preemptorOf(e)!));
  const failed = failedAll.filter((e) => !startedAtOnce.has(e.object.split('/').pop() ?? ''));
  if (failed.length === 0) return null;
  const pods = unique(failed.map((e) => e.object));
  const owners = unique(pods.map((p) => ownerOf(ctx, p)).filter((x): x is string => x !== null));
  const first = failed[0]!;
  // the longest wait: summary.timeToCapacity (with a node autoscaler) for the steps the window touches
  const waits = (ctx.s.timeToCapacity ?? []).filter((c) => c.maxPending !== null && c.step <= to && c.step + (c.timeToCapacity ?? 0) >= from).map((c) => c.maxPending!);
  const wait = waits.length > 0 ? ` for up to ${dur(Math.max(...waits))}` : '';
  const whose = owners.map((o) => `deployment/${o}`).join(', ') || 'the workload';
  let text = '';
  if (atOnce.length > 0) {
    const v = unique(atOnce.map((e) => ownerOf(ctx, e.object)).filter((x): x is string => x !== null));
    text += `${plural(startedAtOnce.size, 'new pod')} of ${whose} started at once on room the scheduler freed by preempting ${plural(atOnce.length, 'placeholder pod')} of ${v.map((o) => `deployment/${o}`).join(', ')} (Preempted); `;
  }
  text += `${plural(pods.length, atOnce.length > 0 ? 'more pod' : 'pod', atOnce.length > 0 ? 'more pods' : 'pods')}${atOnce.length > 0 ? '' : ` of ${whose}`} waited Pending${wait}: no node had room for them (FailedScheduling: ${fitError(first.message)})`;
  const settings: string[] = [];
  const after = (e: EventRow) => e.time >= first.time && e.time <= to + 1800;
  const triggered = events.filter((e) => e.reason === 'TriggeredScaleUp' && after(e));
  const nominated = events.filter((e) => e.reason === 'Nominated' && after(e) && isReal(e.object));
  const notTriggered = events.filter((e) => e.reason === 'NotTriggerScaleUp' && after(e) && isReal(e.object));
  const readyAfter = (t: number, test: (node: string) => boolean) =>
    events.find((e) => e.reason === 'NodeReady' && e.time > t && e.object.startsWith('node/') && test(e.object.slice(5)));
  if (triggered.length > 0) {
    const up = triggered.find((e) => isReal(e.object)) ?? triggered[0]!;
    const m = /\{(\S+) (\d+)->(\d+) \(max: (\d+)\)\}/.exec(up.message);
    if (m) {
      const [, pool, fromN, toN, max] = m;
      const ready = readyAfter(up.time, (n) => n.startsWith(`${pool}-`));
      text += `; the cluster autoscaler's scan at ${clock(up.time)}, ${dur(up.time - first.time)} after the first of them, grew node pool ${pool} from ${fromN} to ${toN} nodes (TriggeredScaleUp, max ${max})` +
        (ready ? `, and the first new node was Ready at ${clock(ready.time)}, ${dur(ready.time - up.time)} later (the pool's boot time)` : ', and no new node became Ready in time');
      if (Number(toN) >= Number(max)) settings.push(`node pool ${pool}: max above ${max} (the scale-up reached it)`);
      settings.push(
        `node pool ${pool}: a higher min, or placeholder pods of a negative PriorityClass, to keep that room booted before the surge`,
        `node pool ${pool}: an instance type or image that boots faster (bootTime, bootTimePreset)`,
        `spec.cluster.nodeAutoscaler.scanInterval (default 10s) and maxNodeProvisionTime, for how soon a scale-up starts and gives up`,
      );
    }
  } else if (nominated.length > 0) {
    const claims = unique(nominated.map((e) => /nodeclaim\/(\S+?)(,|$)/.exec(e.message)?.[1]).filter((x): x is string => x !== undefined));
    const n0 = nominated[0]!;
    const ready = readyAfter(n0.time, (n) => claims.includes(n));
    text += `; Karpenter batched them and launched ${claims.map((c) => `nodeclaim/${c}`).join(', ')} at ${clock(n0.time)} (Nominated)` +
      (ready ? `, Ready at ${clock(ready.time)}, ${dur(ready.time - n0.time)} later (the instance type's boot time)` : ', which did not become Ready in time');
    settings.push(
      'placeholder pods of a negative PriorityClass, to keep room booted before the surge',
      'instance types that boot faster (the pools offered to Karpenter: bootTime, bootTimePreset)',
      'the NodePool’s spec.limits (cpu, memory), if they held the launch back',
    );
  } else if (notTriggered.length > 0) {
    text += `; the cluster autoscaler did not add a node (NotTriggerScaleUp: ${notTriggered[0]!.message.replace(/^pod didn't trigger scale-up: /, '')})`;
    settings.push('the node pool’s max, or an instance type large enough for the pod (allocatable)', 'smaller pod requests');
  } else {
    text += ', and no node autoscaler adds nodes';
    settings.push('spec.cluster.nodePools: more nodes, or spec.cluster.nodeAutoscaler (ClusterAutoscaler or Karpenter) to add them', 'smaller pod requests');
  }
  return { kind: 'pods-pending', text, settings };
}

/**
 * A node lost under the workload: failed (NotReady, then the taint eviction) or drained (evictions through the
 * eviction API, held back by PodDisruptionBudgets). Timings are the node lifecycle controller's
 * (k8s/nodes/lifecycle.ts): NotReady after node-monitor-grace-period, eviction after tolerationSeconds.
 */
function nodeLostCause(ctx: Ctx, start: number, end: number): Cause | null {
  const events = ctx.input.events;
  const near = (e: EventRow) => e.time >= start - 600 && e.time <= end;
  const drains = events.filter((e) => e.reason === 'Drain' && e.object.startsWith('node/') && near(e));
  if (drains.length > 0) {
    const node = drains[0]!.object;
    const evicting = drains.filter((e) => e.message.startsWith('evicting pod '));
    const blocked = drains.filter((e) => /disruption budget/.test(e.message));
    const podOf = (e: EventRow) => e.message.startsWith('evicting pod ') ? e.message.slice('evicting pod '.length) : (/pods\/"([^"]+)"/.exec(e.message)?.[1] ?? '');
    const byOwner = new Map<string, Set<string>>();
    for (const e of evicting) {
      const o = ownerOfPodName(ctx, podOf(e));
      if (o) byOwner.set(o, (byOwner.get(o) ?? new Set()).add(podOf(e).split('/').pop()!));
    }
    const guarded = unique(blocked.map((e) => ownerOfPodName(ctx, podOf(e))).filter((x): x is string => x !== null));
    const unguarded = [...byOwner.keys()].filter((o) => !guarded.includes(o));
    const hurt = unguarded.filter((o) => (ctx.s.workloads ?? []).some((w) => w.name === o && w.requests.failed > 0));
    const told = hurt.length > 0 ? hurt : unguarded;
    let text = `kubectl drain ${node} at ${clock(drains[0]!.time)}`;
    text += told.length > 0
      ? ` evicted ${list(told.map((o) => `${plural(byOwner.get(o)!.size, 'pod')} of deployment/${o}`))} at once (no PodDisruptionBudget), so the pods left carried all of ${told.length === 1 ? 'its' : 'their'} traffic until the replacements were Ready`
      : ' evicted its pods';
    if (guarded.length > 0) {
      const safe = guarded.filter((o) => (ctx.s.workloads ?? []).some((w) => w.name === o && w.requests.failed === 0));
      text += `; the PodDisruptionBudget of ${guarded.map((o) => `deployment/${o}`).join(', ')} held further evictions back until a replacement was Ready (Cannot evict pod as it would violate the pod's disruption budget)` +
        (safe.length === guarded.length ? `, and ${guarded.length === 1 ? 'it' : 'they'} lost no request` : '');
    }
    const settings = told.length > 0
      ? [
          `a PodDisruptionBudget for ${told.map((o) => `deployment/${o}`).join(', ')} (maxUnavailable: 1)${guarded.length > 0 ? `, as deployment/${guarded[0]} has` : ''}, so a drain evicts one pod at a time`,
          `more replicas of ${told.map((o) => `deployment/${o}`).join(', ')}, so the pods left can carry the traffic`,
        ]
      : ['PodDisruptionBudgets (maxUnavailable: 1) so a drain evicts one pod at a time'];
    return { kind: 'node-lost', text, settings, ...(told[0] ? { field: { kind: 'Deployment' as const, name: told[0], path: 'spec.replicas' } } : {}) };
  }
  const notReady = events.filter((e) => e.reason === 'NodeNotReady' && e.object.startsWith('node/') && near(e));
  if (notReady.length === 0) return null;
  const nr = notReady[0]!;
  const pods = events.filter((e) => e.reason === 'NodeNotReady' && e.object.startsWith('pod/') && Math.abs(e.time - nr.time) < 1).map((e) => e.object);
  const evicted = events.filter((e) => e.reason === 'TaintManagerEviction' && pods.includes(e.object) && e.time >= nr.time);
  const who = pods.length === 1 ? `its pod ${pods[0]!.split('/').pop()}` : pods.length > 1 ? `its ${plural(pods.length, 'pod')} (${pods.map((p) => p.split('/').pop()).join(', ')})` : 'its pods';
  let text: string;
  if (start < nr.time) {
    text = `${nr.object} stopped responding, but ${who} still counted as Ready, so the Service kept sending ${pods.length === 1 ? 'it' : 'them'} a share of the traffic, which failed, ` +
      `until the node lifecycle controller marked the node NotReady at ${clock(nr.time)} (no status update for node-monitor-grace-period, 50 s) and took ${pods.length === 1 ? 'the pod' : 'the pods'} out of the endpoints`;
  } else {
    text = `${nr.object} became NotReady at ${clock(nr.time)}; ${who} left the endpoints and the remaining pods carried the traffic`;
  }
  if (evicted.length > 0) text += `; the taint manager evicted ${pods.length === 1 ? 'it' : 'them'} at ${clock(evicted[0]!.time)} (TaintManagerEviction, tolerationSeconds 300 for node.kubernetes.io/unreachable) and the ReplicaSet replaced ${pods.length === 1 ? 'it' : 'them'} on a surviving node`;
  return {
    kind: 'node-lost',
    text,
    settings: [
      'client retries (spec.clients.<service>.retries), so a request that fails on the dead pod is sent again to another',
      'more replicas spread over more nodes, so one node holds a smaller share of the traffic',
      'kube-controller-manager --node-monitor-grace-period (50 s) shorter: the dead node’s pods leave the endpoints sooner',
      'a toleration for node.kubernetes.io/unreachable with a lower tolerationSeconds (default 300): the replacement starts sooner',
    ],
  };
}

function noneReadyIn(ctx: Ctx, from: number, to: number): boolean {
  const ready = ctx.col('ready_pods');
  const offered = ctx.col('offered_rps');
  for (let i = from; i <= to; i++) if (ready[i] === 0 && offered[i]! > 0) return true;
  return false;
}

// ---- traffic steps -----------------------------------------------------------------------------------------

function findSteps(ctx: Ctx): TrafficStep[] {
  const { n, dt } = ctx;
  if (n < 3 || dt <= 0) return [];
  const time = ctx.col('time');
  const offered = ctx.col('offered_rps');
  const ready = ctx.col('ready_pods');
  const failed = ctx.col('failed_rps');
  const look = Math.max(1, Math.round(300 / dt)); // baseline: the mean of the previous 5 minutes
  const steps: TrafficStep[] = [];
  let i = look;
  while (i < n) {
    let base = 0;
    for (let k = i - look; k < i; k++) base += offered[k]!;
    base /= look;
    // a rise of half again within 2 minutes, by at least 5 requests/s
    const horizon = Math.min(n - 1, i + Math.max(1, Math.round(120 / dt)));
    let peakAt = i;
    for (let k = i; k <= horizon; k++) if (offered[k]! > offered[peakAt]!) peakAt = k;
    const to = offered[peakAt]!;
    if (!(offered[i]! > base * 1.2 && to >= base * 1.5 && to - base >= 5)) {
      i++;
      continue;
    }
    // the episode: until traffic falls back under the midpoint, at most 30 minutes
    const mid = (base + to) / 2;
    let end = peakAt;
    const cap = Math.min(n - 1, i + Math.round(1800 / dt));
    while (end < cap && offered[end + 1]! >= mid) end++;
    const before = ready[i - 1]!;
    let after = before;
    let reachedAt = -1;
    for (let k = i; k <= end; k++) if (ready[k]! > after) after = ready[k]!;
    if (after > before) for (let k = i; k <= end; k++) if (ready[k]! >= after) { reachedAt = k; break; }
    let lost = 0;
    for (let k = i; k <= end; k++) lost += failed[k]! * dt;
    const at = Number(time[i]) - dt;
    // with a node autoscaler the run measured this exactly (summary.timeToCapacity): prefer it to the samples
    const exact = (ctx.s.timeToCapacity ?? []).find((c) => c.pods > 0 && Math.abs(c.step - at) <= dt);
    const sampledTtc = reachedAt >= 0 ? Number(time[reachedAt]) - at : null;
    const ttc = exact && exact.timeToCapacity !== null && sampledTtc !== null ? exact.timeToCapacity : sampledTtc;
    const pendingNote = exact && exact.maxPending !== null && exact.maxPending > 0
      ? ` (of its ${plural(exact.pods, 'new pod')}, one waited ${dur(exact.maxPending)} Pending for a node)`
      : '';
    const text = `${clock(at)}: traffic ${formatInt(base)} → ${formatInt(to)} requests/s; ` +
      (ttc === null ? `ready pods stayed at ${formatInt(before)}` : `ready pods ${formatInt(before)} → ${formatInt(after)} in ${dur(ttc)}${pendingNote}`) +
      (lost >= 1 ? `, ${formatInt(lost)} requests failed meanwhile` : ', no request failed');
    steps.push({ at, fromRps: base, toRps: to, podsBefore: before, podsAfter: after, timeToCapacity: ttc, failed: lost, text });
    i = end + 1;
  }
  return steps;
}

// ---- scaling activity --------------------------------------------------------------------------------------

function scalingActivity(events: readonly EventRow[]): ScalingActivity[] {
  const by = new Map<string, Array<{ t: number; size: number }>>();
  for (const e of events) {
    if (e.reason !== 'SuccessfulRescale') continue;
    const size = Number(/New size: (\d+)/.exec(e.message)?.[1] ?? NaN);
    const list = by.get(e.object) ?? [];
    list.push({ t: e.time, size });
    by.set(e.object, list);
  }
  const out: ScalingActivity[] = [];
  for (const [object, list] of by) {
    let maxPerHour = 0;
    let j = 0;
    for (let i = 0; i < list.length; i++) {
      while (list[i]!.t - list[j]!.t >= 3600) j++;
      maxPerHour = Math.max(maxPerHour, i - j + 1);
    }
    let reversals = 0;
    let lastDir = 0;
    let lastAt = -Infinity;
    let prev = NaN;
    for (const r of list) {
      const dir = Number.isFinite(prev) ? Math.sign(r.size - prev) : 0;
      if (dir !== 0 && lastDir !== 0 && dir !== lastDir && r.t - lastAt <= 600) reversals++;
      if (dir !== 0) {
        lastDir = dir;
        lastAt = r.t;
      }
      prev = r.size;
    }
    const hpa = objectName(object);
    const flapping = reversals >= 3;
    const text = `HPA ${hpa}: ${formatInt(list.length)} rescales, at most ${formatInt(maxPerHour)} in one hour` +
      (reversals > 0 ? `, ${formatInt(reversals)} reversal${reversals === 1 ? '' : 's'} within 10 minutes${flapping ? ' (flapping: consider a longer behavior.scaleDown.stabilizationWindowSeconds)' : ''}` : '');
    const sizes = list.map((r) => r.size).filter((x) => Number.isFinite(x));
    const metrics = unique(events.filter((e) => e.reason === 'SuccessfulRescale' && e.object === object).map((e) => /reason: (\S+) resource utilization/.exec(e.message)?.[1]).filter((x): x is string => x !== undefined));
    out.push({ hpa, rescales: list.length, maxPerHour, reversals, flapping, minSize: Math.min(...sizes), maxSize: Math.max(...sizes), metrics, lastAt: list[list.length - 1]!.t, text });
  }
  return out;
}

// ---- run-wide findings -------------------------------------------------------------------------------------

function runFindings(ctx: Ctx): Cause[] {
  const out: Cause[] = [];
  const events = ctx.input.events;
  const backoff = events.filter((e) => e.reason === 'BackOff');
  const crashedRs = new Set<string>();
  for (const r of ctx.s.rollouts) {
    if (r.completedAt !== null) continue;
    const stuck = events.some((e) => e.reason === 'ProgressDeadlineExceeded' && e.object.endsWith(`deployment/${r.deployment}`));
    const rs = newReplicaSet(ctx, r.deployment, r.startedAt);
    const crashes = rs ? backoff.filter((e) => e.time >= r.startedAt && (e.object.split('/').pop() ?? '').startsWith(`${rs}-`)) : [];
    if (rs && crashes.length > 0) crashedRs.add(rs);
    const why = crashes.length > 0
      ? `: its new pods (ReplicaSet ${rs}) crashed after starting and went into CrashLoopBackOff (${plural(crashes.length, 'back-off')}), so the rollout stalled while the old pods kept serving`
      : stuck ? ': its new pods never became Ready and the progress deadline passed (Progressing=False, ProgressDeadlineExceeded); the old pods kept serving' : '';
    out.push({
      kind: 'stuck-rollout',
      text: `the rollout of deployment/${r.deployment} to ${r.image} at ${clock(r.startedAt)} never completed${why}` + rollbackText(ctx, r.deployment, r.startedAt),
      settings: [`fix ${crashes.length > 0 ? 'the crash' : 'the readiness'} of ${r.image}, or kubectl rollout undo deployment/${r.deployment}`, `deployment/${r.deployment}.spec.progressDeadlineSeconds, to notice sooner`],
      field: { kind: 'Deployment', name: r.deployment, path: 'spec.progressDeadlineSeconds' },
    });
  }
  const oom = events.filter((e) => e.reason === 'OOMKilled');
  for (const owner of unique(oom.map((e) => ownerOf(ctx, e.object) ?? e.object))) {
    const mine = oom.filter((e) => (ownerOf(ctx, e.object) ?? e.object) === owner);
    const m = /^Container (\S+) was OOMKilled: working set \d+ bytes over its memory limit of (\d+) bytes/.exec(mine[0]!.message);
    const limit = m ? ` over its ${formatBytes(Number(m[2]))} memory limit` : '';
    out.push({
      kind: 'oom',
      text: `${m ? `container ${m[1]} of ` : ''}deployment/${owner} was OOMKilled ${mine.length === 1 ? 'once' : mine.length === 2 ? 'twice' : `${formatInt(mine.length)} times`} (working set${limit}, at ${list(mine.slice(0, 4).map((e) => clock(e.time)))}${mine.length > 4 ? ', …' : ''}) and restarted by the kubelet`,
      settings: [`deployment/${owner}: resources.limits.memory${m ? ` of container ${m[1]}` : ''} above its peak working set, or fix what grows (a leak)`],
      field: { kind: 'Deployment', name: owner, path: 'spec.template.spec.containers' },
    });
  }
  const otherBackoff = backoff.filter((e) => ![...crashedRs].some((rs) => (e.object.split('/').pop() ?? '').startsWith(`${rs}-`)));
  const restarts = ctx.s.restarts - oom.length;
  if (restarts > 0 && (otherBackoff.length > 0 || crashedRs.size === 0)) {
    const owners = unique(otherBackoff.map((e) => ownerOf(ctx, e.object)).filter((x): x is string => x !== null));
    out.push({
      kind: 'crash-loop',
      text: `${plural(restarts, 'container restart')}` +
        (otherBackoff.length > 0 ? `; ${owners.map((o) => `deployment/${o}`).join(', ') || 'pods'} went into CrashLoopBackOff (${plural(otherBackoff.length, 'back-off')})` : ' (each restarted at once, before any back-off)'),
      settings: ['fix the crash or roll back; the kubelet waits 10 s doubling to 5 min between restarts'],
    });
  } else if (restarts > 0) {
    out.push({ kind: 'crash-loop', text: `${plural(restarts, 'container restart')} in all (the kubelet waits 10 s doubling to 5 min between restarts of a crashing container)`, settings: [] });
  }
  for (const w of ctx.s.workloads ?? []) {
    if (!w.hpa || w.hpa.secondsAtMaxReplicas <= 0) continue;
    out.push({
      kind: 'hpa-max',
      text: `HPA ${w.hpa.name} wanted more than maxReplicas ${w.hpa.maxReplicas} for ${dur(w.hpa.secondsAtMaxReplicas)} (ScalingLimited: TooManyReplicas)`,
      settings: [`hpa/${w.hpa.name}.spec.maxReplicas higher`],
      field: { kind: 'HorizontalPodAutoscaler', name: w.hpa.name, path: 'spec.maxReplicas' },
    });
  }
  const refusals = events.filter((e) => e.reason === 'FailedCreate' && /exceeded quota/.test(e.message));
  for (const object of unique(refusals.map((e) => e.object))) out.push(quotaCause(ctx, refusals.filter((e) => e.object === object)));
  const pending = pendingCause(ctx, 0, ctx.s.durationSeconds + 1);
  if (pending) out.push(pending);
  return out;
}

/** The ReplicaSet a rollout started at `at` scaled up first (`Scaled up replica set api-64b85f4446 from 0 to 1`). */
function newReplicaSet(ctx: Ctx, deployment: string, at: number): string | null {
  const e = ctx.input.events.find((x) => x.reason === 'ScalingReplicaSet' && x.object.endsWith(`deployment/${deployment}`) && x.time >= at && x.time <= at + 1 && x.message.startsWith('Scaled up replica set '));
  return e ? (e.message.split(' ')[4] ?? null) : null;
}

function formatBytes(n: number): string {
  const mib = n / 1048576;
  return Number.isInteger(mib) ? `${formatInt(mib)}Mi` : `${formatInt(n)} bytes`;
}

function rollbackText(ctx: Ctx, deployment: string, after: number): string {
  const e = ctx.input.events.find((x) => (x.reason === 'DeploymentRollback' || x.reason === 'undo') && x.object.endsWith(`deployment/${deployment}`) && x.time >= after);
  return e ? `; kubectl rollout undo at ${clock(e.time)} brought it back (${e.message})` : '';
}

// ---- the paragraph -----------------------------------------------------------------------------------------

function paragraph(ctx: Ctx, incidents: Incident[], steps: TrafficStep[], scaling: ScalingActivity[], findings: Cause[]): string {
  const s = ctx.s;
  const parts: string[] = [];
  const served = `${formatInt(s.requests.served)} of ${formatInt(s.requests.offered)} requests served (availability ${formatAvailability(s.availability)})`;
  if (incidents.length === 0) {
    parts.push(`Over ${dur(s.durationSeconds)}, ${served}, with no stretch of failures or outage.`);
  } else {
    const worst = [...incidents].sort((a, b) => b.failed - a.failed || b.outageSeconds - a.outageSeconds)[0]!;
    // the first screen tells the two causes that come first (what set it off); the incident list has them all
    const brief = incidentText(worst.start, worst.end, worst.kind, worst.failed, worst.outageSeconds, worst.peakP99Ms, ctx.input.slo?.latencyP99Ms, worst.causes.slice(0, 2));
    parts.push(`Over ${dur(s.durationSeconds)}, ${served}; ${incidents.length === 1 ? 'one incident' : `${formatInt(incidents.length)} incidents`}` +
      (incidents.length > 1 ? `, the worst ${brief.charAt(0).toLowerCase() + brief.slice(1)}` : `, ${brief}`));
    const fix = worst.causes.flatMap((c) => c.settings).slice(0, 2);
    if (fix.length > 0) parts.push(`What would change it: ${fix.join('; ')}.`);
  }
  const told = new Set(incidents.flatMap((i) => i.causes.map((c) => c.kind)));
  const extra = findings.filter((f) => !told.has(f.kind) || f.kind === 'stuck-rollout' || f.kind === 'hpa-max');
  const seen = new Set<string>();
  for (const f of extra) {
    if (seen.has(f.text)) continue;
    seen.add(f.text);
    parts.push(capitalise(f.text) + '.');
  }
  const done = s.rollouts.filter((r) => r.completedAt !== null && !s.rollouts.some((o) => o.completedAt === null && o.deployment === r.deployment && o.startedAt < r.startedAt));
  if (done.length > 0 && done.length <= 3) {
    parts.push(capitalise(done.map((r) => `the rollout of deployment/${r.deployment} to ${r.image} at ${clock(r.startedAt)} completed in ${dur(r.durationSeconds ?? 0)}`).join('; ')) + '.');
  }
  let toldHpas = false;
  const ws = (s.workloads ?? []).filter((w) => w.requests.offered > 0); // not placeholders or workers without traffic
  if (ws.length >= 2 && ws.length <= 4) {
    const label = (w: (typeof ws)[number]) => (ws.some((o) => o !== w && o.name === w.name) ? `${w.namespace}/${w.name}` : w.name);
    const failing = ws.some((w) => w.requests.failed > 0);
    // two HPAs side by side (hpa-behaviors): when each last rescaled tells which settled sooner
    const hpaOf = (w: (typeof ws)[number]) => (w.hpa ? scaling.find((x) => x.hpa === (w.namespace === 'default' ? w.hpa!.name : `${w.namespace}/${w.hpa!.name}`)) : undefined);
    const compareHpas = ws.filter((w) => hpaOf(w)).length >= 2;
    toldHpas = compareHpas;
    parts.push(`Per workload: ${ws.map((w) => `${label(w)} ${formatNumber(w.replicas.mean, 1)} ready pods on average${failing ? `, ${formatInt(w.requests.failed)} failed` : ''}` +
      (compareHpas && hpaOf(w) ? `, last rescaled at ${clock(hpaOf(w)!.lastAt)} (to ${formatInt(lastSize(ctx, hpaOf(w)!.hpa))})` : '')).join('; ')}.`);
  }
  // an HPA at maxReplicas without asking for more: capacity was exactly at the limit, no headroom left
  for (const w of s.workloads ?? []) {
    if (!w.hpa || w.hpa.secondsAtMaxReplicas > 0) continue;
    const desired = ctx.input.timeseries[(s.workloads ?? []).length > 1 ? `hpa_desired@${w.namespace}/${w.name}` : 'hpa_desired'];
    if (!desired) continue;
    let atMax = 0;
    for (let i = 0; i < ctx.n; i++) if (desired[i]! >= w.hpa.maxReplicas) atMax += ctx.dt;
    if (atMax > 0) parts.push(`HPA ${w.hpa.name} ran at its maxReplicas ${formatInt(w.hpa.maxReplicas)} for ${dur(atMax)} without asking for more: no headroom was left above that load.`);
  }
  const step = steps.find((x) => x.timeToCapacity !== null) ?? steps[0];
  if (step) parts.push(`Largest traffic rise told below: ${step.text}.`.replace('Largest traffic rise told below: ', 'Traffic step at '));
  if (incidents.length === 0 && steps.length === 0 && !toldHpas) {
    // a quiet run: what the HPAs did is the story
    for (const x of scaling.slice(0, 3)) {
      const range = x.minSize === x.maxSize ? formatInt(x.minSize) : `${formatInt(x.minSize)}–${formatInt(x.maxSize)}`;
      parts.push(`HPA ${x.hpa} set ${range} replicas in ${plural(x.rescales, 'rescale')}${x.metrics.length > 0 ? ` (on ${x.metrics.join(' and ')} utilisation)` : ''}.`);
    }
  }
  const flap = scaling.find((x) => x.flapping);
  if (flap) parts.push(capitalise(flap.text) + '.');
  return parts.join(' ');
}

/** The replicas an HPA (`name` or `namespace/name`) set in its last rescale. */
function lastSize(ctx: Ctx, hpa: string): number {
  const object = hpa.includes('/') ? `${hpa.split('/')[0]}/horizontalpodautoscaler/${hpa.split('/')[1]}` : `horizontalpodautoscaler/${hpa}`;
  const last = ctx.input.events.filter((e) => e.reason === 'SuccessfulRescale' && e.object === object).pop();
  return Number(/New size: (\d+)/.exec(last?.message ?? '')?.[1] ?? NaN);
}

function capitalise(t: string): string {
  return t.charAt(0).toUpperCase() + t.slice(1);
}
