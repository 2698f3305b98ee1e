/**
 * The Deployment controller's event-loop side (pkg/controller/deployment/deployment_controller.go). On every
 * change of a Deployment, its ReplicaSets or their pods it runs one sync — a scaling event → proportional
 * `scale`, else the strategy's `rolloutRolling` / `rolloutRecreate` — and applies what the pure functions
 * decided: ReplicaSet writes (with their `ScalingReplicaSet` events), new ReplicaSets, history cleanup, status
 * and conditions, and the progress-deadline re-check. All arithmetic lives in the pure modules beside this file.
 */
import type { Cluster } from '../cluster/cluster.js';
import { Cluster as C } from '../cluster/cluster.js';
import { canonicalJson, podTemplateHash } from '../cluster/names.js';
import { qualifiedName } from '../api/types.js';
import type { Deployment as ApiDeployment, DeploymentState, PodTemplateSpec, ReplicaSetState } from '../cluster/types.js';
import type { ReplicaSetController } from '../replicaset/controller.js';
import { rollbackTarget } from './rollback.js';
import { rolloutRecreate } from './recreate.js';
import { rolloutRolling } from './rolling.js';
import { createdEventMessage, isScalingEvent, newReplicaSetConditions, revisionAnnotations, scale, scalingEventMessage } from './sync.js';
import {
  REVISION_ANNOTATION,
  type Deployment,
  type DeploymentStatus,
  type ReplicaSet,
  type ReplicaSetUpdate,
} from './types.js';
import { calculateStatus, deploymentComplete, getCondition, newCondition, replicasAnnotations, revisionOf as revisionOfView } from './util.js';

export interface RolloutListener {
  /** Called after every sync (to track rollout completion). */
  synced(d: DeploymentState, complete: boolean, newRS: ReplicaSetState | undefined): void;
}

const EMPTY_STATUS: DeploymentStatus = {
  observedGeneration: 0,
  replicas: 0,
  updatedReplicas: 0,
  readyReplicas: 0,
  availableReplicas: 0,
  unavailableReplicas: 0,
  terminatingReplicas: 0,
  conditions: [],
};

export class DeploymentController {
  private readonly templateKeys = new WeakMap<PodTemplateSpec, string>();
  listener: RolloutListener = { synced: () => {} };

  constructor(private readonly cluster: Cluster, private readonly rsController: ReplicaSetController) {}

  /** Adds a Deployment. With `warm`, its first ReplicaSet exists with all pods Running and Ready. */
  add(spec: ApiDeployment, warm: boolean): DeploymentState {
    const ns = spec.metadata.namespace;
    const d: DeploymentState = {
      name: spec.metadata.name,
      namespace: ns,
      key: qualifiedName(ns, spec.metadata.name),
      prefix: ns === 'default' ? '' : `${ns}/`,
      api: spec,
      replicas: spec.spec.replicas,
      template: spec.spec.template,
      generation: 1,
      replicaSets: [],
      status: EMPTY_STATUS,
      syncPending: false,
      progressTimer: undefined,
      availabilityTimer: undefined,
    };
    this.cluster.deployments.push(d);
    if (warm) {
      const rs = this.createReplicaSet(d, d.replicas, { [REVISION_ANNOTATION]: '1' });
      this.rsController.sync(rs, true);
      const now = this.cluster.sim.now;
      const status = calculateStatus([this.rsView(rs)], this.rsView(rs), this.view(d), now);
      status.conditions = [
        ...status.conditions,
        newCondition('Progressing', 'True', 'NewReplicaSetAvailable', `ReplicaSet "${rs.name}" has successfully progressed.`, now),
      ];
      d.status = { ...status, observedGeneration: d.generation };
    } else {
      this.enqueue(d);
    }
    return d;
  }

  enqueue(d: DeploymentState): void {
    if (d.syncPending) return;
    d.syncPending = true;
    this.cluster.sim.at(this.cluster.sim.now, 'deployment:sync', () => {
      d.syncPending = false;
      this.sync(d);
    });
  }

  /** `kubectl scale` or the HPA writing the scale subresource. */
  setReplicas(d: DeploymentState, replicas: number): void {
    if (d.replicas === replicas) return;
    d.replicas = replicas;
    d.generation++;
    this.enqueue(d);
  }

  /** `kubectl set image`: a new pod template. */
  setImage(d: DeploymentState, image: string, container?: string): void {
    const t = d.template;
    const i = container ? t.spec.containers.findIndex((x) => x.name === container) : 0;
    const init = container && i < 0 ? (t.spec.initContainers ?? []).findIndex((x) => x.name === container) : -1;
    if (i < 0 && init < 0) throw new Error(`deployment ${d.name} has no container ${container}`);
    if (i >= 0) {
      const containers = t.spec.containers.map((c, j) => (j === i ? { ...c, image } : c));
      d.template = { ...t, spec: { ...t.spec, containers } };
    } else {
      // `kubectl set image` changes init containers (sidecars) by name too
      const initContainers = t.spec.initContainers!.map((c, j) => (j === init ? { ...c, image } : c));
      d.template = { ...t, spec: { ...t.spec, initContainers } };
    }
    d.generation++;
    this.enqueue(d);
  }

  /**
   * `kubectl rollout undo [--to-revision]` (kubectl's rollback.go): copy the target ReplicaSet's template back
   * into the Deployment. Returns the restored image, an error, or null when skipped (already that template).
   */
  undo(d: DeploymentState, toRevision?: number): { image: string } | { error: string } | null {
    const byAge = [...d.replicaSets].sort((a, b) => a.createdMs - b.createdMs || a.seq - b.seq);
    const target = rollbackTarget(d.name, byAge.map((rs) => ({ name: rs.name, annotations: rs.annotations, ref: rs })), toRevision ?? 0);
    if ('error' in target) return { error: target.error };
    const rs = target.rs.ref;
    if (this.keyOf(rs) === this.templateKey(d.template)) return null;
    d.template = rs.template;
    d.generation++;
    // kubectl patches the Deployment; apps/v1 has no rollback Event (only the legacy rollbackTo path emitted one).
    this.cluster.recordAction(`${d.prefix}deployment/${d.name}`, 'undo', `deployment.apps/${d.name} rolled back (to revision ${revisionOf(rs)})`);
    this.enqueue(d);
    return { image: rs.template.spec.containers[0]!.image };
  }

  /** Template identity for "is this the new ReplicaSet" (cached per template object: they are immutable). */
  private keyOf(rs: ReplicaSetState): string {
    return this.templateKey(rs.template);
  }

  private templateKey(t: PodTemplateSpec): string {
    let k = this.templateKeys.get(t);
    if (k === undefined) {
      k = canonicalJson(t);
      this.templateKeys.set(t, k);
    }
    return k;
  }

  private createReplicaSet(d: DeploymentState, replicas: number, annotations: Record<string, string>): ReplicaSetState {
    const template: PodTemplateSpec = d.template;
    let collision = 0;
    let hash = podTemplateHash(template);
    while (d.replicaSets.some((r) => r.hash === hash)) hash = podTemplateHash(template, ++collision);
    const rs: ReplicaSetState = {
      name: `${d.name}-${hash}`,
      hash,
      deployment: d,
      template,
      createdMs: this.cluster.sim.now,
      seq: this.cluster.nextRsSeq(),
      replicas,
      annotations: { ...annotations, ...replicasAnnotations(this.view(d)) },
      pods: [],
    };
    d.replicaSets.push(rs);
    return rs;
  }

  /** The Deployment as the pure functions read it. */
  view(d: DeploymentState): Deployment {
    const s = d.api.spec;
    return {
      name: d.name,
      replicas: d.replicas,
      strategy: s.strategy.type,
      maxSurge: s.strategy.rollingUpdate?.maxSurge ?? null,
      maxUnavailable: s.strategy.rollingUpdate?.maxUnavailable ?? null,
      minReadySeconds: s.minReadySeconds,
      progressDeadlineSeconds: s.progressDeadlineSeconds,
      revisionHistoryLimit: s.revisionHistoryLimit,
      paused: s.paused,
      generation: d.generation,
      status: d.status,
    };
  }

  /** A ReplicaSet as the pure functions read it (status computed from its pods now). */
  rsView(rs: ReplicaSetState): ReplicaSet {
    const now = this.cluster.sim.now;
    const minReady = rs.deployment.api.spec.minReadySeconds * 1000;
    let active = 0;
    let ready = 0;
    let available = 0;
    let terminating = 0;
    for (const p of rs.pods) {
      if (p.gone) continue;
      if (p.deletionMs !== null) {
        terminating++;
        continue;
      }
      if (!C.isActive(p)) continue;
      active++;
      if (!p.ready) continue;
      ready++;
      // IsPodAvailable: ready and (minReadySeconds == 0 or ready since strictly more than minReadySeconds)
      if (minReady === 0 || p.readyTransitionMs + minReady < now) available++;
    }
    return {
      name: rs.name,
      created: rs.createdMs * 1000 + rs.seq,
      replicas: rs.replicas,
      statusReplicas: active,
      readyReplicas: ready,
      availableReplicas: available,
      terminatingReplicas: terminating,
      annotations: rs.annotations,
    };
  }

  sync(d: DeploymentState): void {
    const now = this.cluster.sim.now;
    const key = this.templateKey(d.template);
    const byAge = [...d.replicaSets].sort((a, b) => a.createdMs - b.createdMs || a.seq - b.seq);
    let newRS = byAge.find((rs) => this.keyOf(rs) === key);
    const view = this.view(d);
    const views = (): { nv: ReplicaSet | null; ov: ReplicaSet[] } => ({
      nv: newRS ? this.rsView(newRS) : null,
      ov: byAge.filter((rs) => rs !== newRS).map((rs) => this.rsView(rs)),
    });

    // A scaling event (spec.replicas changed, e.g. by the HPA): proportional scaling only (sync.go `sync`).
    let { nv, ov } = views();
    if (isScalingEvent(view, nv, ov)) {
      const out = scale(view, nv, ov);
      const all = nv ? [...ov, nv] : ov;
      const status = calculateStatus(all, nv, view, now);
      this.apply(d, out.updates);
      this.setStatus(d, status, null, newRS);
      return;
    }

    // The new ReplicaSet's revision (rollover or rollback re-uses an old one: it gets max(old)+1).
    if (newRS) {
      const rev = revisionAnnotations(newRS, ov);
      if (Object.keys(rev).length > 0) Object.assign(newRS.annotations, rev);
      if (!getCondition(d.status, 'Progressing')) {
        d.status = { ...d.status, conditions: newReplicaSetConditions(view, newRS.name, false, now) };
      }
    }

    const oldPodPhases = () => byAge.filter((rs) => rs !== newRS).flatMap((rs) => rs.pods.filter((p) => !p.gone).map((p) => ({ phase: p.phase })));
    const step = () =>
      d.api.spec.strategy.type === 'Recreate'
        ? rolloutRecreate(this.view(d), nv, ov, oldPodPhases(), now)
        : rolloutRolling(this.view(d), nv, ov, now);
    let r = step();
    if (r.step === 'create-new') {
      const replicas = r.createReplicas ?? 0;
      newRS = this.createReplicaSet(d, replicas, revisionAnnotations(null, ov));
      byAge.push(newRS);
      const msg = createdEventMessage(newRS.name, replicas);
      if (msg) this.cluster.record(`${d.prefix}deployment/${d.name}`, 'ScalingReplicaSet', msg);
      d.status = { ...d.status, conditions: newReplicaSetConditions(this.view(d), newRS.name, true, now) };
      this.rsController.enqueue(newRS);
      ({ nv, ov } = views());
      r = step();
    }
    this.apply(d, r.updates);
    for (const name of r.deleteReplicaSets) {
      const i = d.replicaSets.findIndex((x) => x.name === name);
      if (i >= 0 && d.replicaSets[i]!.pods.length === 0) d.replicaSets.splice(i, 1);
    }
    this.setStatus(d, r.status?.status ?? null, r.status?.requeueAfterMs ?? null, newRS, r.status?.changed ?? false);
  }

  private apply(d: DeploymentState, updates: readonly ReplicaSetUpdate[]): void {
    for (const u of updates) {
      const rs = d.replicaSets.find((x) => x.name === u.name);
      if (!rs) continue;
      Object.assign(rs.annotations, u.annotations);
      const msg = scalingEventMessage(u);
      if (msg) this.cluster.record(`${d.prefix}deployment/${d.name}`, 'ScalingReplicaSet', msg);
      if (rs.replicas !== u.to) {
        rs.replicas = u.to;
        this.rsController.enqueue(rs);
      }
    }
  }

  private setStatus(d: DeploymentState, status: DeploymentStatus | null, requeueAfterMs: number | null, newRS: ReplicaSetState | undefined, changed = false): void {
    const sim = this.cluster.sim;
    if (status) {
      // The deployment controller emits no Event for these (progress.go, sync.go): they are status conditions.
      for (const after of status.conditions) {
        const before = getCondition(d.status, after.type);
        if (before && before.status === after.status && before.reason === after.reason) continue;
        this.cluster.recordCondition(`${d.prefix}deployment/${d.name}`, after.type, after.status, after.reason, after.message);
      }
      d.status = { ...status, observedGeneration: d.generation };
    }
    sim.cancel(d.progressTimer);
    d.progressTimer = undefined;
    // Upstream re-queues "now, rate-limited" when the deadline is less than 1 s away or already past. Two cases
    // where that loop can change nothing are skipped: syncRolloutStatus does not evaluate progress while the
    // condition says NewReplicaSetAvailable and every pod is updated (e.g. a crash-looping pod of a finished
    // rollout). Otherwise the re-check runs 1 s later (the controller's 10 qps bucket makes it about that).
    const cond = getCondition(d.status, 'Progressing');
    const idle = cond?.reason === 'NewReplicaSetAvailable' && d.status.replicas === d.status.updatedReplicas;
    if (requeueAfterMs !== null && !idle) {
      d.progressTimer = sim.after(Math.max(requeueAfterMs, 1000), 'deployment:progress-check', () => {
        d.progressTimer = undefined;
        this.enqueue(d);
      });
    }
    // The status write re-queues the Deployment upstream (an informer update); the next sync sees it unchanged.
    if (changed) this.enqueue(d);
    this.scheduleAvailabilityCheck(d);
    this.listener.synced(d, deploymentComplete(this.view(d), d.status), newRS);
  }

  /** minReadySeconds: re-sync when the next ready pod crosses into available (FindMinNextPodAvailabilityCheck). */
  private scheduleAvailabilityCheck(d: DeploymentState): void {
    const minReady = d.api.spec.minReadySeconds * 1000;
    if (minReady === 0) return;
    const sim = this.cluster.sim;
    const now = sim.now;
    let next = Infinity;
    for (const rs of d.replicaSets) {
      for (const p of rs.pods) {
        if (!C.isActive(p) || !p.ready) continue;
        const at = p.readyTransitionMs + minReady + 1;
        if (at > now && at < next) next = at;
      }
    }
    sim.cancel(d.availabilityTimer);
    d.availabilityTimer = undefined;
    if (next !== Infinity) {
      d.availabilityTimer = sim.at(next, 'deployment:availability-check', () => {
        d.availabilityTimer = undefined;
        this.enqueue(d);
      });
    }
  }
}

export function revisionOf(rs: ReplicaSetState): number {
  return revisionOfView({ annotations: rs.annotations }) ?? 0;
}
