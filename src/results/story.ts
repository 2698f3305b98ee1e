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
import { formatAvailability, formatClock, formatDuration, formatInt } from './format.js';
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
  | 'quota';

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
  return windows.map(({ from, to }) => {
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
    const start = Math.max(0, Number(time[from]) - dt);
    const end = Number(time[to]);
    const causes = causesOf(ctx, start, end, from, to, kind);
    return { start, end, kind, failed: lost, outageSeconds: outage, peakFailedRps: peak, peakP99Ms: worst, causes, text: incidentText(start, end, kind, lost, outage, worst, sloP99, causes) };
  });
}

function incidentText(start: number, end: number, kind: Incident['kind'], failed: number, outage: number, p99: number, slo: number | undefined, causes: Cause[]): string {
  const when = `${formatClock(start)}–${formatClock(end)}`;
  const what = kind === 'outage'
    ? `outage of ${formatDuration(outage)} (no ready endpoint), ${formatInt(failed)} requests failed`
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
        ...owners.map((o) => `more capacity for deployment/${o}: spec.replicas, an HPA, or a larger CPU limit`),
        'readinessProbe.timeoutSeconds / failureThreshold higher, so a busy pod is not taken out at once',
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
  const nodeDown = ctx.input.events.filter((e) => e.time >= start - 600 && e.time <= end && e.object.startsWith('node/') && (e.reason === 'NodeNotReady' || e.reason === 'Drain'));
  if (nodeDown.length > 0) {
    const nodes = [...new Set(nodeDown.map((e) => e.object))];
    const drained = nodeDown.some((e) => e.reason === 'Drain');
    causes.push({
      kind: 'node-lost',
      text: `${nodes.join(', ')} ${drained ? 'was drained (its pods evicted)' : 'became NotReady (its pods were evicted: TaintManagerEviction)'}, so the remaining pods took all the traffic until replacements were Ready`,
      settings: [drained ? 'a PodDisruptionBudget (minAvailable) so a drain evicts one pod at a time' : 'more replicas spread over nodes (topologySpreadConstraints), so one node is a smaller share', 'headroom: spec.replicas or an HPA'],
    });
  }
  const pending = eventsIn(ctx, start - 300, end, 'FailedScheduling');
  if (pending.length > 0) {
    const scaleUp = eventsIn(ctx, start - 300, end, 'TriggeredScaleUp').length > 0;
    causes.push({
      kind: 'pods-pending',
      text: `pods stayed Pending: no node had room for them (${formatInt(pending.length)} FailedScheduling events)` +
        (scaleUp ? ', while the cluster autoscaler added nodes (TriggeredScaleUp) that took their boot time to become Ready' : ''),
      settings: ['a node pool with more room (maxNodes, a larger node size), or smaller pod requests'],
    });
  }
  const quota = eventsIn(ctx, start - 60, end, 'FailedCreate', (e) => /exceeded quota/.test(e.message));
  if (quota.length > 0) {
    causes.push({ kind: 'quota', text: `pod creation was refused by a ResourceQuota (FailedCreate: exceeded quota)`, settings: ['raise the ResourceQuota or lower the pods’ requests'] });
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
  return causes;
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
    const ttc = reachedAt >= 0 ? Number(time[reachedAt]) - at : null;
    const text = `${formatClock(at)}: traffic ${formatInt(base)} → ${formatInt(to)} requests/s; ` +
      (ttc === null ? `ready pods stayed at ${formatInt(before)}` : `ready pods ${formatInt(before)} → ${formatInt(after)} in ${formatDuration(ttc)}`) +
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
    const hpa = object.split('/')[1] ?? object;
    const flapping = reversals >= 3;
    const text = `HPA ${hpa}: ${formatInt(list.length)} rescales, at most ${formatInt(maxPerHour)} in one hour` +
      (reversals > 0 ? `, ${formatInt(reversals)} reversal${reversals === 1 ? '' : 's'} within 10 minutes${flapping ? ' (flapping: consider a longer behavior.scaleDown.stabilizationWindowSeconds)' : ''}` : '');
    out.push({ hpa, rescales: list.length, maxPerHour, reversals, flapping, text });
  }
  return out;
}

// ---- run-wide findings -------------------------------------------------------------------------------------

function runFindings(ctx: Ctx): Cause[] {
  const out: Cause[] = [];
  for (const r of ctx.s.rollouts) {
    if (r.completedAt !== null) continue;
    const stuck = ctx.input.events.some((e) => e.reason === 'ProgressDeadlineExceeded' && e.object.endsWith(`deployment/${r.deployment}`));
    out.push({
      kind: 'stuck-rollout',
      text: `the rollout of deployment/${r.deployment} to ${r.image} at ${formatClock(r.startedAt)} never completed` +
        (stuck ? ': its new pods never became Ready and the progress deadline passed (Progressing=False, ProgressDeadlineExceeded); the old pods kept serving' : '') +
        rollbackText(ctx, r.deployment, r.startedAt),
      settings: [`fix the readiness of ${r.image}, or kubectl rollout undo deployment/${r.deployment}`, `deployment/${r.deployment}.spec.progressDeadlineSeconds`],
      field: { kind: 'Deployment', name: r.deployment, path: 'spec.progressDeadlineSeconds' },
    });
  }
  const backoff = ctx.input.events.filter((e) => e.reason === 'BackOff');
  if (ctx.s.restarts > 0) {
    const owners = [...new Set(backoff.map((e) => ownerOf(ctx, e.object)).filter((x): x is string => x !== null))];
    out.push({
      kind: 'crash-loop',
      text: `${formatInt(ctx.s.restarts)} container restarts` +
        (backoff.length > 0 ? `; ${owners.map((o) => `deployment/${o}`).join(', ') || 'pods'} went into CrashLoopBackOff (${formatInt(backoff.length)} BackOff events)` : ''),
      settings: ['fix the crash or roll back; the kubelet waits 10 s doubling to 5 min between restarts'],
    });
  }
  for (const w of ctx.s.workloads ?? []) {
    if (!w.hpa || w.hpa.secondsAtMaxReplicas <= 0) continue;
    out.push({
      kind: 'hpa-max',
      text: `HPA ${w.hpa.name} wanted more than maxReplicas ${w.hpa.maxReplicas} for ${formatDuration(w.hpa.secondsAtMaxReplicas)} (ScalingLimited: TooManyReplicas)`,
      settings: [`hpa/${w.hpa.name}.spec.maxReplicas higher`],
      field: { kind: 'HorizontalPodAutoscaler', name: w.hpa.name, path: 'spec.maxReplicas' },
    });
  }
  return out;
}

function rollbackText(ctx: Ctx, deployment: string, after: number): string {
  const e = ctx.input.events.find((x) => (x.reason === 'DeploymentRollback' || x.reason === 'undo') && x.object.endsWith(`deployment/${deployment}`) && x.time >= after);
  return e ? `; kubectl rollout undo at ${formatClock(e.time)} brought it back (${e.message})` : '';
}

// ---- the paragraph -----------------------------------------------------------------------------------------

function paragraph(ctx: Ctx, incidents: Incident[], steps: TrafficStep[], scaling: ScalingActivity[], findings: Cause[]): string {
  const s = ctx.s;
  const parts: string[] = [];
  const served = `${formatInt(s.requests.served)} of ${formatInt(s.requests.offered)} requests served (availability ${formatAvailability(s.availability)})`;
  if (incidents.length === 0) {
    parts.push(`Over ${formatDuration(s.durationSeconds)}, ${served}, with no stretch of failures or outage.`);
  } else {
    const worst = [...incidents].sort((a, b) => b.failed - a.failed || b.outageSeconds - a.outageSeconds)[0]!;
    parts.push(`Over ${formatDuration(s.durationSeconds)}, ${served}; ${incidents.length === 1 ? 'one incident' : `${formatInt(incidents.length)} incidents`}` +
      (incidents.length > 1 ? `, the worst ${worst.text.charAt(0).toLowerCase() + worst.text.slice(1)}` : `, ${worst.text}`));
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
  const step = steps.find((x) => x.timeToCapacity !== null) ?? steps[0];
  if (step) parts.push(`Largest traffic rise told below: ${step.text}.`.replace('Largest traffic rise told below: ', 'Traffic step at '));
  const flap = scaling.find((x) => x.flapping);
  if (flap) parts.push(capitalise(flap.text) + '.');
  return parts.join(' ');
}

function capitalise(t: string): string {
  return t.charAt(0).toUpperCase() + t.slice(1);
}
