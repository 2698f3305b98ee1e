/**
 * The kubelet: pod start, container restarts with CrashLoopBackOff, probes, and graceful termination
 *. It owns every pod's container state; controllers only create and delete pods.
 *
 * Probes are analytic: an attempt's answer is known from the app (up or not, its latency at the current load
 * against `timeoutSeconds`), so the kubelet schedules one event where the stored result can next change
 * (`probe-timing.ts`) instead of one per period. `loadChanged(pod)` re-plans when the load accounting moves a
 * pod's latency.
 */
import type { Cluster } from '../cluster/cluster.js';
import type { PodState, ProbeKind, ProbeState, ReplicaSetState, SidecarState } from '../cluster/types.js';
import { containerRequest, hpaPodRequest, podRequests, runningContainers } from '../api/resources.js';
import { withDefaultTolerations } from '../nodes/lifecycle.js';
import { NO_SCHEDULING, type PodScheduling } from '../scheduler/types.js';
import { backOffEventMessage, crashLoopDecision } from './backoff.js';
import { podIP, probeFailureOutput, unhealthyMessage, type ProbeFailure } from './probe-messages.js';
import { probeFlipTime } from './probe-timing.js';
import { settleShape } from '../../engine/shapes.js';
import { PodRecord } from '../cluster/pod-record.js';

/**
 * The pod's fields that hold a number or null/undefined (engine/shapes.ts: settled before any code is optimised);
 * its load numbers are in a block of their own (cluster/pod-record.ts).
 */
const POD_NULLABLE = ['startTimeMs', 'deletionMs', 'containerFinishedMs', 'memoryLimitBytes', 'firstReadyMs', 'priority'];
const SIDECAR_FRACTIONS = ['cpuMilli', 'cpuCumulative', 'memoryBytes', 'startedMs'];
/** The `sidecars` of every pod without other running containers. */
const NO_SIDECARS: SidecarState[] = [];
const PROBE_FRACTIONS = ['outcomeSince', 'activeSinceMs', 'triggerMs'];

export interface KubeletListener {
  /** A pod's status changed in a way its controllers care about (ready, phase, gone). */
  podStatusChanged(pod: PodState): void;
}

const PROBE_KINDS: ProbeKind[] = ['startup', 'readiness', 'liveness'];

/** The template's scheduling fields as the pod gets them from admission (DefaultTolerationSeconds); memoised. */
const admittedCache = new WeakMap<PodScheduling, PodScheduling>();
function admitted(s: PodScheduling): PodScheduling {
  let a = admittedCache.get(s);
  if (!a) {
    a = { ...s, tolerations: withDefaultTolerations(s.tolerations) };
    admittedCache.set(s, a);
  }
  return a;
}

export class Kubelet {
  private listener: KubeletListener = { podStatusChanged: () => {} };
  /** The pod whose container the kernel is OOM-killing right now (for `lastState.terminated.reason`). */
  private oomKilling: PodState | null = null;

  constructor(private readonly cluster: Cluster) {}

  setListener(l: KubeletListener): void {
    const c = this.cluster;
    this.listener = {
      podStatusChanged: (pod) => {
        c.stateVersion++;
        l.podStatusChanged(pod);
      },
    };
  }

  /**
   * Creates a pod for `rs`. With `warm`, the pod starts Running and Ready as if it had been up for an hour
   * (the scenario format promises a warm start).
   */
  /** A new pod name for `rs` (`<rs>-<5 chars>`, upstream's generateName suffix alphabet), from the `names` stream. */
  newPodName(rs: ReplicaSetState): string {
    return `${rs.name}-${this.cluster.names.chars(5, 'bcdfghjklmnpqrstvwxz2456789')}`;
  }

  createPod(rs: ReplicaSetState, warm: boolean, name?: string): PodState {
    const c = this.cluster;
    const now = c.sim.now;
    const template = rs.template;
    // The serving container (the app model's), the first unless the scenario names another; the others are
    // sidecars whose load and memory the world fills in.
    const serving = c.hooks.servingContainer?.(rs.deployment) ?? null;
    const running = runningContainers(template.spec);
    const container = running.find((x) => x.name === serving) ?? template.spec.containers[0]!;
    const image = container.image;
    const behaviour = c.hooks.behaviourFor(rs.deployment.key, image);
    const lim = container.resources.limits;
    // What the pod asks for, as the scheduler and ResourceQuota count it (all containers, init containers as
    // max(max init, sum)); request = limit where only a limit is set (SetDefaults_Pod).
    const podReq = podRequests(template.spec);
    const hpaCpu = hpaPodRequest(template.spec, '', 'cpu');
    const sidecars = running.filter((x) => x !== container);
    // (the object's layout, and why a class: cluster/pod-record.ts)
    const pod = new PodRecord({
      uid: c.nextUid(),
      name: '',
      rs,
      labels: { ...template.labels, 'pod-template-hash': rs.hash },
      image,
      container,
      behaviour,
      createdMs: now,
      scheduling: admitted(template.spec.scheduling ?? NO_SCHEDULING),
      priority: template.spec.priority,
      // one shared empty list for the pods without other containers (read in every pass, never written)
      sidecars:
        sidecars.length === 0
          ? NO_SIDECARS
          : sidecars.map((x) => ({
              name: x.name,
              requestCpuMilli: containerRequest(x, 'cpu')?.milli,
              requestMemoryBytes: containerRequest(x, 'memory')?.value,
              memoryLimitBytes: x.resources.limits['memory']?.value ?? null,
              cpuCapacityMilli: x.resources.limits['cpu'] ? x.resources.limits['cpu'].milli : c.nodeCpuMilli,
              cpuMilli: 0,
              cpuCumulative: 0,
              memoryBytes: 0,
              startedMs: now,
              restartCount: 0,
              load: undefined,
            })),
      requestCpuMilli: podReq['cpu'] ?? 0,
      requestMemoryBytes: podReq['memory'] ?? 0,
      cpuCapacityMilli: lim['cpu'] ? lim['cpu'].milli : c.nodeCpuMilli,
      hasCpuRequest: !('error' in hpaCpu),
      memoryLimitBytes: lim['memory'] ? lim['memory'].value : null,
    });
    pod.name = name ?? this.newPodName(rs);
    settleShape(pod, [], POD_NULLABLE);
    for (const s of pod.sidecars) settleShape(s, SIDECAR_FRACTIONS);
    for (const kind of PROBE_KINDS) {
      const probe = kind === 'readiness' ? container.readinessProbe : kind === 'liveness' ? container.livenessProbe : container.startupProbe;
      if (!probe) continue;
      const state: ProbeState = { kind, probe, result: 'unknown', outcome: false, outcomeSince: now, failureReason: '', timer: undefined, activeSinceMs: now, triggerMs: now };
      pod.probes.push(settleShape(state, PROBE_FRACTIONS));
    }
    rs.pods.push(pod);
    c.pods.push(pod);
    c.podNameAdded(rs.deployment.namespace, pod.name);
    c.stateVersion++;
    c.hooks.podCreated(pod);
    c.record(`${rs.deployment.prefix}replicaset/${rs.name}`, 'SuccessfulCreate', `Created pod: ${pod.name}`);
    if (c.placer) {
      // node pools: the scheduler binds the pod (now, or when a node fits it) and calls `bind`
      c.placer.podCreated(pod, warm);
      return pod;
    }
    this.bind(pod, 'node-1', warm);
    return pod;
  }

  /** The pod was bound to `nodeName` (by the scheduler, or at once on the implicit node): start it there. */
  bind(pod: PodState, nodeName: string, warm: boolean): void {
    const c = this.cluster;
    const now = c.sim.now;
    const behaviour = pod.behaviour;
    const image = pod.image;
    pod.nodeName = nodeName;
    if (warm) {
      const past = now - 3_600_000;
      pod.startTimeMs = past;
      pod.createdMs = past;
      for (const s of pod.sidecars) s.startedMs = past;
      this.startContainer(pod, past, true);
    } else {
      c.record(`${pod.rs.deployment.prefix}pod/${pod.name}`, 'Scheduled', `Successfully assigned ${pod.rs.deployment.namespace}/${pod.name} to ${pod.nodeName}`);
      pod.startTimeMs = now;
      if (behaviour.imagePullMs > 0) {
        c.record(`${pod.rs.deployment.prefix}pod/${pod.name}`, 'Pulling', `Pulling image "${image}"`);
        this.timer(pod, now + behaviour.imagePullMs, 'kubelet:container-start', () => {
          c.record(`${pod.rs.deployment.prefix}pod/${pod.name}`, 'Pulled', `Successfully pulled image "${image}" in ${(behaviour.imagePullMs / 1000).toFixed(3)}s`);
          this.startContainer(pod, c.sim.now, false);
        });
      } else {
        c.record(`${pod.rs.deployment.prefix}pod/${pod.name}`, 'Pulled', `Container image "${image}" already present on machine`);
        this.startContainer(pod, now, false);
      }
    }
  }

  /** Starts (or restarts) the pod's container at `at` (in the past only for warm pods). */
  private startContainer(pod: PodState, at: number, warm: boolean): void {
    const c = this.cluster;
    const name = pod.container.name;
    // The new container's CPU counter starts here (cAdvisor); settle so it holds exactly what came before.
    c.hooks.settle(c.sim.now);
    pod.cpuAtContainerStart = pod.cpuCumulative;
    pod.requestsAtContainerStart = pod.requestsCumulative;
    if (!warm) {
      c.record(`${pod.rs.deployment.prefix}pod/${pod.name}`, 'Created', `Created container: ${name}`);
      c.record(`${pod.rs.deployment.prefix}pod/${pod.name}`, 'Started', `Started container ${name}`);
    }
    pod.containerId++;
    pod.containerRunning = true;
    pod.containerStartedMs = at;
    pod.containerFinishedMs = null;
    pod.waitingReason = null;
    pod.phase = 'Running';
    pod.started = !pod.probes.some((p) => p.kind === 'startup');
    const b = pod.behaviour;
    for (const p of pod.probes) {
      p.result = p.kind === 'readiness' ? 'failure' : p.kind === 'liveness' ? 'success' : 'unknown';
      p.activeSinceMs = at;
      // Readiness: the status update of the started container triggers a run and resets the ticker.
      p.triggerMs = at;
      p.triggerFailed = false;
    }
    if (warm) {
      pod.appUp = true;
      pod.probeLatencyMs = 0;
      for (const p of pod.probes) p.result = 'success';
      pod.started = true;
      pod.ready = !b.neverReady;
      pod.readyTransitionMs = at;
      if (pod.ready) pod.firstReadyMs = at;
      for (const p of pod.probes) {
        p.outcome = this.answer(pod, p);
        p.outcomeSince = c.sim.now;
      }
      this.listener.podStatusChanged(pod);
      this.replanAll(pod);
    } else {
      const upAt = at + b.startupMs;
      if (b.startupMs > 0) this.timer(pod, upAt, 'kubelet:app-up', () => this.setAppUp(pod, true));
      else pod.appUp = true;
      c.hooks.refreshPod(pod);
      this.refreshOutcomes(pod);
      if (pod.started && !pod.probes.some((p) => p.kind === 'readiness')) this.setReady(pod, true);
      this.listener.podStatusChanged(pod);
    }
    if (b.crashAfterMs !== null) {
      const crashAt = Math.max(c.sim.now, at + b.crashAfterMs);
      this.timer(pod, crashAt, 'kubelet:container-exit', () => this.containerExited(pod, 1));
    }
  }

  private setAppUp(pod: PodState, up: boolean): void {
    // settle first: the app's requests until now were answered (or not) by the app as it was
    this.cluster.hooks.settle(this.cluster.sim.now);
    pod.appUp = up;
    this.cluster.hooks.refreshPod(pod);
    this.refreshOutcomes(pod);
  }

  /** The load accounting moved this pod's probe latency; re-plan probes whose answer flipped. */
  loadChanged(pod: PodState): void {
    if (pod.probes.length > 0 && pod.containerRunning) this.refreshOutcomes(pod);
  }

  /** What a probe attempt would answer now. */
  private answer(pod: PodState, p: ProbeState): boolean {
    const why: ProbeFailure | null =
      !pod.containerRunning || !pod.appUp
        ? 'refused'
        : p.kind === 'readiness' && pod.behaviour.neverReady
          ? 'unavailable'
          : pod.probeLatencyMs > p.probe.timeoutSeconds * 1000
            ? 'timeout'
            : null;
    if (why === null) return true;
    p.failureReason = probeFailureOutput(p.probe, why, podIP(pod.uid), pod.container.ports);
    return false;
  }

  private refreshOutcomes(pod: PodState): void {
    const now = this.cluster.sim.now;
    for (const p of pod.probes) {
      const o = this.answer(pod, p);
      if (o !== p.outcome) {
        p.outcome = o;
        p.outcomeSince = now;
        this.replan(pod, p);
      } else if (p.timer === undefined) {
        this.replan(pod, p);
      }
    }
  }

  private replanAll(pod: PodState): void {
    for (const p of pod.probes) this.replan(pod, p);
  }

  /** Is this probe's worker running attempts now? */
  private probing(pod: PodState, p: ProbeState): boolean {
    if (!pod.containerRunning) return false;
    if (p.kind === 'startup') return !pod.started && pod.deletionMs === null && !p.onHold;
    if (!pod.started) return false;
    if (p.kind === 'liveness') return pod.deletionMs === null && !p.onHold;
    return true;
  }

  private replan(pod: PodState, p: ProbeState): void {
    const sim = this.cluster.sim;
    sim.cancel(p.timer);
    p.timer = undefined;
    if (!this.probing(pod, p)) return;
    const wanted = p.outcome ? 'success' : 'failure';
    if (p.result === wanted) return;
    const probe = p.probe;
    const slow = !p.outcome && pod.appUp && pod.containerRunning && !(p.kind === 'readiness' && pod.behaviour.neverReady);
    const readiness = p.kind === 'readiness';
    const at = probeFlipTime({
      // Readiness ticks from its last manual trigger; liveness and startup from worker creation (pod start).
      gridBaseMs: readiness ? p.triggerMs : (pod.startTimeMs ?? pod.createdMs),
      periodMs: probe.periodSeconds * 1000,
      eligibleFromMs: Math.max(pod.containerStartedMs + probe.initialDelaySeconds * 1000, readiness ? p.triggerMs : -Infinity),
      ...(readiness ? (p.triggerFailed ? { afterMs: p.triggerMs } : {}) : { afterMs: p.activeSinceMs }),
      outcomeSinceMs: p.outcomeSince,
      threshold: p.outcome ? probe.successThreshold : probe.failureThreshold,
      resultDelayMs: slow ? probe.timeoutSeconds * 1000 : 0,
    });
    p.timer = sim.at(Math.max(at, sim.now), `kubelet:${p.kind}-probe`, () => {
      p.timer = undefined;
      this.probeResult(pod, p, wanted);
    });
  }

  private probeResult(pod: PodState, p: ProbeState, result: 'success' | 'failure'): void {
    const c = this.cluster;
    p.result = result;
    if (result === 'failure') c.record(`${pod.rs.deployment.prefix}pod/${pod.name}`, 'Unhealthy', unhealthyMessage(p.kind, p.failureReason));
    if (p.kind === 'readiness') {
      // Turning to Failure makes the kubelet sync the pod, which triggers a readiness run and resets the ticker.
      if (result === 'failure' && pod.started && pod.containerRunning) {
        p.triggerMs = c.sim.now;
        p.triggerFailed = true;
      }
      this.setReady(pod, result === 'success' && pod.started && pod.containerRunning);
      return;
    }
    if (p.kind === 'startup' && result === 'success') {
      pod.started = true;
      const now = c.sim.now;
      for (const q of pod.probes) {
        if (q.kind === 'startup') continue;
        q.activeSinceMs = now;
        // The startup result's status update triggers readiness at once (and resets its ticker).
        if (q.kind === 'readiness') {
          q.triggerMs = now;
          q.triggerFailed = false;
        }
        this.replan(pod, q);
      }
      if (!pod.probes.some((q) => q.kind === 'readiness')) this.setReady(pod, true);
      return;
    }
    if (result === 'failure') {
      // Liveness or startup failure: kill the container; the worker holds until a new container appears.
      p.onHold = true;
      c.record(`${pod.rs.deployment.prefix}pod/${pod.name}`, 'Killing', `Container ${pod.container.name} failed ${p.kind} probe, will be restarted`);
      const graceMs = (p.probe.terminationGracePeriodSeconds ?? pod.rs.template.spec.terminationGracePeriodSeconds) * 1000;
      const exitAt = c.sim.now + Math.min(this.preStopMs(pod) + pod.behaviour.shutdownMs, graceMs);
      this.timer(pod, exitAt, 'kubelet:container-exit', () => this.containerExited(pod, 137));
    }
  }

  private preStopMs(pod: PodState): number {
    // Only a `sleep` preStop has a known duration; exec/httpGet hooks are taken to return at once.
    const h = pod.container.lifecycle.preStop;
    return h && h.kind === 'sleep' ? h.seconds * 1000 : 0;
  }

  private setReady(pod: PodState, ready: boolean): void {
    if (pod.ready === ready) return;
    this.cluster.routingWillChange(pod);
    pod.ready = ready;
    pod.readyTransitionMs = this.cluster.sim.now;
    if (ready && pod.firstReadyMs === undefined) pod.firstReadyMs = this.cluster.sim.now;
    this.listener.podStatusChanged(pod);
  }

  /** The container exited (crash, scenario kill, or end of a kill). The kubelet restarts it per back-off. */
  containerExited(pod: PodState, exitCode: number): void {
    if (!pod.containerRunning || pod.gone) return;
    pod.lastTerminationReason = this.oomKilling === pod ? 'OOMKilled' : exitCode === 0 ? 'Completed' : 'Error';
    const c = this.cluster;
    const now = c.sim.now;
    this.clearTimers(pod);
    if (pod.ready) this.setReady(pod, false);
    c.routingWillChange(pod);
    pod.containerRunning = false;
    pod.appUp = false;
    pod.started = false;
    pod.containerFinishedMs = now;
    pod.probeLatencyMs = Infinity;
    c.stateVersion++;
    for (const p of pod.probes) {
      c.sim.cancel(p.timer);
      p.timer = undefined;
      p.onHold = false;
    }
    if (pod.deletionMs !== null) {
      this.remove(pod);
      return;
    }
    this.tryRestart(pod);
  }

  private tryRestart(pod: PodState): void {
    const c = this.cluster;
    const now = c.sim.now;
    const step = crashLoopDecision(pod.backoff, pod.containerFinishedMs ?? now, now);
    if (step.start) {
      pod.backoff = step.nextState;
      pod.restartCount++;
      c.record(`${pod.rs.deployment.prefix}pod/${pod.name}`, 'Pulled', `Container image "${pod.image}" already present on machine`);
      this.startContainer(pod, now, false);
      return;
    }
    pod.waitingReason = 'CrashLoopBackOff';
    c.record(`${pod.rs.deployment.prefix}pod/${pod.name}`, 'BackOff', backOffEventMessage(pod.container.name, `${pod.name}_${pod.rs.deployment.namespace}(${pod.uid})`));
    this.timer(pod, Math.max(now, step.waitUntil ?? now), 'kubelet:restart', () => this.tryRestart(pod));
  }

  /**
   * The kernel killed the serving container for passing its memory limit (exit code 137). Upstream shows it in
   * the pod status (`lastState.terminated.reason: OOMKilled`) rather than as an event; kubesim writes an event
   * row too, so the report shows when it happened.
   */
  oomKill(pod: PodState, workingSetBytes: number): void {
    if (!pod.containerRunning || pod.gone) return;
    const limit = pod.memoryLimitBytes ?? 0;
    this.cluster.record(
      `${pod.rs.deployment.prefix}pod/${pod.name}`,
      'OOMKilled',
      `Container ${pod.container.name} was OOMKilled: working set ${Math.round(workingSetBytes)} bytes over its memory limit of ${limit} bytes (exit code 137)`,
    );
    this.oomKilling = pod;
    this.containerExited(pod, 137);
    this.oomKilling = null;
  }

  /** A scenario `killPods`: the container crashes now. */
  crash(pod: PodState): void {
    // The kubelet emits no Event for a container that exits by itself; the restart's events follow.
    this.cluster.recordAction(`${pod.rs.deployment.prefix}pod/${pod.name}`, 'killPods', `container ${pod.container.name} crashed (exit code 1)`);
    this.containerExited(pod, 1);
  }

  /** Graceful deletion by a controller (API server sets deletionTimestamp; the kubelet stops the container). */
  deletePod(pod: PodState): void {
    if (pod.deletionMs !== null || pod.gone) return;
    const c = this.cluster;
    const now = c.sim.now;
    c.routingWillChange(pod);
    pod.deletionMs = now;
    this.listener.podStatusChanged(pod);
    // on a node that stopped answering nobody stops the pod: it stays Terminating until the node comes back
    if (pod.nodeDown) return;
    if (!pod.containerRunning) {
      this.clearTimers(pod);
      this.remove(pod);
      return;
    }
    c.record(`${pod.rs.deployment.prefix}pod/${pod.name}`, 'Killing', `Stopping container ${pod.container.name}`);
    // Liveness and startup workers record Success and stop for a terminating pod; readiness keeps probing.
    for (const p of pod.probes) if (p.kind !== 'readiness') this.replan(pod, p);
    this.clearTimers(pod);
    const graceMs = pod.rs.template.spec.terminationGracePeriodSeconds * 1000;
    const exitAt = now + Math.min(this.preStopMs(pod) + pod.behaviour.shutdownMs, graceMs);
    this.timer(pod, exitAt, 'kubelet:container-exit', () => this.containerExited(pod, 0));
  }

  /**
   * The pod's node stopped answering: its containers are gone, but the API still shows the pod as it was
   * (Running, Ready) until the node lifecycle controller marks it not ready, so traffic still reaches it and fails.
   */
  nodeDied(pod: PodState): void {
    if (pod.gone || pod.nodeDown) return;
    const c = this.cluster;
    c.routingWillChange(pod);
    this.clearTimers(pod);
    for (const p of pod.probes) {
      c.sim.cancel(p.timer);
      p.timer = undefined;
    }
    pod.nodeDown = true;
    pod.containerRunning = false;
    pod.appUp = false;
    pod.started = false;
    pod.containerFinishedMs = c.sim.now;
    pod.probeLatencyMs = Infinity;
    c.stateVersion++;
  }

  /** The node lifecycle controller set the pod's Ready condition to False (`MarkPodsNotReady`). */
  markNotReady(pod: PodState): void {
    this.setReady(pod, false);
  }

  /**
   * The pod's node answers again: a pod deleted meanwhile is removed; any other pod's container is started
   * afresh by the returning kubelet (one more restart) and passes its probes again.
   */
  nodeRecovered(pod: PodState): void {
    if (pod.gone || !pod.nodeDown) return;
    pod.nodeDown = false;
    if (pod.deletionMs !== null) {
      this.remove(pod);
      return;
    }
    if (pod.ready) this.setReady(pod, false);
    pod.restartCount++;
    this.startContainer(pod, this.cluster.sim.now, false);
  }

  private remove(pod: PodState): void {
    const c = this.cluster;
    c.routingWillChange(pod);
    pod.gone = true;
    pod.phase = 'Succeeded';
    c.restartsOfGonePods += pod.restartCount;
    const owner = pod.rs.deployment.key;
    c.restartsOfGonePodsBy.set(owner, (c.restartsOfGonePodsBy.get(owner) ?? 0) + pod.restartCount);
    this.clearTimers(pod);
    for (const p of pod.probes) c.sim.cancel(p.timer);
    const i = pod.rs.pods.indexOf(pod);
    if (i >= 0) pod.rs.pods.splice(i, 1);
    const j = c.pods.indexOf(pod);
    if (j >= 0) c.pods.splice(j, 1);
    c.podNameRemoved(pod.rs.deployment.namespace, pod.name);
    c.hooks.podGone(pod);
    c.placer?.podRemoved(pod);
    this.listener.podStatusChanged(pod);
  }

  private timer(pod: PodState, at: number, name: string, fn: () => void): void {
    const h = this.cluster.sim.at(at, name, () => {
      const i = pod.timers.indexOf(h);
      if (i >= 0) pod.timers.splice(i, 1);
      fn();
    });
    pod.timers.push(h);
  }

  private clearTimers(pod: PodState): void {
    for (const h of pod.timers) this.cluster.sim.cancel(h);
    pod.timers.length = 0;
  }
}
