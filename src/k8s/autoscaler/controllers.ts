/**
 * The node autoscalers wired to the event loop: thin adapters that read the cluster through `AutoscaledCluster`,
 * call the pure decisions (cluster-autoscaler.ts, ca-scale-down.ts, karpenter.ts) and schedule the results.
 * The cluster behind the interface is the world's (nodes, scheduler, kubelet); tests use a small fake.
 *
 *   ClusterAutoscaler  one loop every scan-interval, the first one interval after t = 0 (main.go): provision time-outs (back-off), scale-up, the
 *                      unneeded-node pass, scale-down.
 *   Karpenter          a provisioning batch opens when a pod fails scheduling and closes on the idle/max timers;
 *                      the disruption controller polls every 10 s from t = 0; a poll that finds a command waits in
 *                      validation for 15 s, carries it out if it still holds and polls again at once, else it
 *                      polls 10 s later (pkg/controllers/disruption/controller.go Reconcile: RequeueImmediately
 *                      after a success, pollingPeriod otherwise). A replaced node is removed at the first poll
 *                      after its replacement is Ready (upstream's orchestration queue re-checks with back-off of up
 *                      to 10 s). Expiry is checked at each poll (forceful, outside the budgets).
 */
import type { Simulation } from '../../engine/simulation.js';
import { decideScaleUp, nextScanMs, provisionTimedOut, type ClusterAutoscalerOptions, type GroupState, type PendingPod } from './cluster-autoscaler.js';
import { decideScaleDown, SCALE_DOWN_NODE_MESSAGE, updateUnneeded, type ScaleDownNode } from './ca-scale-down.js';
import {
  batchWindowEnd, commandStillValid, decideDisruption, expiresAtMs, KARPENTER_DEFAULTS, nominatedMessage, provision, terminatingMessage,
  type DisruptionCommand, type KarpenterNode, type NodePoolPolicy, type PoolUsage,
} from './karpenter.js';
import type { NodeGroup } from './types.js';

export interface NodeEvent {
  readonly atMs: number;
  /** `node/NAME`, `pod/NAME`, `nodepool/NAME`, `nodeclaim/NAME`. */
  readonly object: string;
  readonly reason: string;
  readonly message: string;
}

/** What the autoscalers need from the cluster. Nodes include those created and not yet Ready. */
export interface AutoscaledCluster {
  /** Pods Pending because no node fits them (the scheduler's FailedScheduling). */
  unschedulablePods(): PendingPod[];
  /** Every node of the autoscaled pools with its pods (for Karpenter, with its NodePool and pod-event time). */
  nodes(): (ScaleDownNode & Partial<Pick<KarpenterNode, 'nodePool' | 'initializedMs' | 'lastPodEventMs' | 'pricePerHour'>> & { createdMs: number })[];
  groups(): NodeGroup[];
  /** disruptionsAllowed of each PodDisruptionBudget now. */
  pdbAllowed(): Map<string, number>;
  /** Create a node of `group` now (it becomes Ready after its boot time); returns its name. */
  createNode(group: string, nodePool: string | null): string;
  /** Cordon the node, evict its pods (through the eviction API when `drain`) and delete it; `reason` is Karpenter's disruption reason. */
  deleteNode(name: string, drain: boolean, reason?: string): void;
  event(e: NodeEvent): void;
}

export class ClusterAutoscalerController {
  private unneededSince = new Map<string, number>();
  private lastScaleUpMs: number | null = null;
  private lastScaleDownDeleteMs: number | null = null;
  private readonly requested = new Map<string, { group: string; atMs: number }>();
  private readonly backoffUntil = new Map<string, number>();
  private readonly deleting = new Set<string>();

  constructor(private readonly sim: Simulation, private readonly cluster: AutoscaledCluster, private readonly o: ClusterAutoscalerOptions) {
    this.sim.at(nextScanMs(sim.now, o), 'cluster-autoscaler/scan', () => this.scan());
  }

  private scan(): void {
    const now = this.sim.now;
    const c = this.cluster;
    let nodes = c.nodes();
    const byName = new Map(nodes.map((n) => [n.name, n] as const));
    for (const name of this.deleting) if (!byName.has(name)) this.deleting.delete(name);
    // provisioning: Ready nodes are no longer upcoming; a node not Ready in time fails its group's scale-up
    for (const [name, r] of this.requested) {
      const n = byName.get(name);
      if (!n || n.ready) this.requested.delete(name);
      else if (provisionTimedOut(r.atMs, now, this.o)) {
        this.requested.delete(name);
        this.backoffUntil.set(r.group, now + this.o.initialNodeGroupBackoffDurationMs);
        c.deleteNode(name, false);
      }
    }
    nodes = c.nodes();
    const groups: GroupState[] = c.groups().map((g) => ({
      group: g,
      targetSize: nodes.filter((n) => n.group === g.name && !this.deleting.has(n.name)).length,
      upcoming: [...this.requested.values()].filter((r) => r.group === g.name).length,
      backoffUntilMs: this.backoffUntil.get(g.name) ?? null,
    }));
    const up = decideScaleUp({ now, pending: c.unschedulablePods(), nodes: nodes.filter((n) => n.ready), groups, options: this.o }, this.sim.random.get('cluster-autoscaler/expander'));
    for (const e of up.events) c.event({ atMs: now, object: `pod/${e.pod}`, reason: e.reason, message: e.message });
    if (up.scaleUp) {
      for (let i = up.scaleUp.from; i < up.scaleUp.to; i++) {
        const name = c.createNode(up.scaleUp.group, null);
        this.requested.set(name, { group: up.scaleUp.group, atMs: now });
      }
      this.lastScaleUpMs = now;
    }
    const live = nodes.filter((n) => !this.deleting.has(n.name) && !this.requested.has(n.name));
    const pdb = c.pdbAllowed();
    const unneeded = updateUnneeded(live, this.unneededSince, pdb, now, this.o);
    this.unneededSince = new Map(unneeded.since);
    const down = decideScaleDown({
      now, nodes: live, unneeded, cooldown: { lastScaleUpMs: this.lastScaleUpMs, lastScaleDownDeleteMs: this.lastScaleDownDeleteMs, lastScaleDownFailMs: null },
      groups: new Map(groups.map((g) => [g.group.name, { targetSize: g.targetSize, min: g.group.min }] as const)),
      scaledUpThisLoop: up.scaleUp !== null, deleting: this.deleting.size, options: this.o,
    });
    for (const r of down.remove) {
      c.event({ atMs: now, object: `node/${r.node}`, reason: 'ScaleDown', message: SCALE_DOWN_NODE_MESSAGE });
      this.deleting.add(r.node);
      this.unneededSince.delete(r.node);
      c.deleteNode(r.node, !r.empty);
      this.lastScaleDownDeleteMs = now;
    }
    this.sim.after(this.o.scanIntervalMs, 'cluster-autoscaler/scan', () => this.scan());
  }
}

export interface KarpenterOptions {
  readonly batchIdleDurationMs: number;
  readonly batchMaxDurationMs: number;
  readonly nodePools: readonly NodePoolPolicy[];
}

export class KarpenterController {
  private triggers: number[] = [];
  private readonly inWindow = new Set<string>();
  private batchTimer: number | undefined;
  private readonly deleting = new Set<string>();
  /** Candidate → its replacement, deleted once the replacement is Ready. */
  private readonly replacing = new Map<string, string>();

  constructor(private readonly sim: Simulation, private readonly cluster: AutoscaledCluster, private readonly o: KarpenterOptions) {
    this.sim.at(Math.ceil(sim.now / KARPENTER_DEFAULTS.disruptionPollingPeriodMs) * KARPENTER_DEFAULTS.disruptionPollingPeriodMs, 'karpenter/disruption', () => this.poll());
  }

  /** A pod failed scheduling (the provisioner's pod trigger); a pod already in the open window does not extend it. */
  podUnschedulable(pod: string): void {
    const now = this.sim.now;
    if (this.inWindow.has(pod)) return;
    this.inWindow.add(pod);
    this.triggers.push(now);
    this.sim.cancel(this.batchTimer);
    this.batchTimer = this.sim.at(batchWindowEnd(this.triggers, this.o), 'karpenter/batch', () => this.provision());
  }

  private provision(): void {
    const now = this.sim.now;
    this.triggers = [];
    this.inWindow.clear();
    this.batchTimer = undefined;
    const c = this.cluster;
    const nodes = c.nodes().filter((n) => !this.deleting.has(n.name));
    const usage = new Map<string, PoolUsage>();
    for (const n of nodes) {
      if (!n.nodePool) continue;
      const u = usage.get(n.nodePool) ?? { cpuMilli: 0, memoryBytes: 0, nodes: 0 };
      usage.set(n.nodePool, { cpuMilli: u.cpuMilli + n.shape.cpuMilli, memoryBytes: u.memoryBytes + n.shape.memoryBytes, nodes: u.nodes + 1 });
    }
    const r = provision({ pods: c.unschedulablePods(), nodes, nodePools: this.o.nodePools, catalogue: c.groups(), usage });
    for (const claim of r.claims) {
      const name = c.createNode(claim.instanceType, claim.nodePool);
      for (const p of claim.pods) c.event({ atMs: now, object: `pod/${p}`, reason: 'Nominated', message: nominatedMessage(name) });
    }
  }

  private karpenterNodes(): KarpenterNode[] {
    return this.cluster
      .nodes()
      .filter((n) => n.nodePool)
      .map((n) => ({
        ...n, nodePool: n.nodePool!, initializedMs: n.initializedMs ?? n.createdMs, lastPodEventMs: n.lastPodEventMs ?? null,
        pricePerHour: n.pricePerHour ?? 0, deleting: this.deleting.has(n.name) || this.replacing.has(n.name),
      }));
  }

  private decide() {
    return decideDisruption({ now: this.sim.now, nodes: this.karpenterNodes(), nodePools: this.o.nodePools, catalogue: this.cluster.groups(), pdbAllowed: this.cluster.pdbAllowed() });
  }

  private remove(node: string, reason: 'Empty' | 'Underutilized' | 'Expired'): void {
    this.cluster.event({ atMs: this.sim.now, object: `node/${node}`, reason: 'DisruptionTerminating', message: terminatingMessage(reason) });
    this.deleting.add(node);
    this.cluster.deleteNode(node, true, reason);
  }

  private poll(): void {
    const now = this.sim.now;
    const nodes = this.karpenterNodes();
    const present = new Set(nodes.map((n) => n.name));
    for (const n of this.deleting) if (!present.has(n)) this.deleting.delete(n);
    for (const [cand, repl] of this.replacing) {
      if (nodes.find((n) => n.name === repl)?.ready) {
        this.replacing.delete(cand);
        this.remove(cand, 'Underutilized');
      }
    }
    const pools = new Map(this.o.nodePools.map((p) => [p.name, p] as const));
    for (const n of nodes) {
      const at = expiresAtMs(n.createdMs, pools.get(n.nodePool)?.expireAfterMs ?? null);
      if (at !== null && now >= at && !this.deleting.has(n.name)) this.remove(n.name, 'Expired');
    }
    const d = this.decide();
    for (const b of d.blocked) this.cluster.event({ atMs: now, object: `nodepool/${b.nodePool}`, reason: 'DisruptionBlocked', message: b.message });
    if (d.command) {
      // the reconcile blocks in validation for 15 s, carries the command out, and requeues at once
      const cmd = d.command;
      this.sim.after(KARPENTER_DEFAULTS.commandValidationDelayMs, 'karpenter/validate', () => this.execute(cmd));
      return;
    }
    this.sim.after(KARPENTER_DEFAULTS.disruptionPollingPeriodMs, 'karpenter/disruption', () => this.poll());
  }

  private execute(cmd: DisruptionCommand): void {
    if (!commandStillValid(cmd, this.decide())) {
      this.sim.after(KARPENTER_DEFAULTS.disruptionPollingPeriodMs, 'karpenter/disruption', () => this.poll());
      return;
    }
    this.carryOut(cmd);
    this.poll();
  }

  private carryOut(cmd: DisruptionCommand): void {
    if (cmd.reason === 'Empty') for (const n of cmd.nodes) this.remove(n, 'Empty');
    else if (cmd.replacement === null) this.remove(cmd.nodes[0], 'Underutilized');
    else {
      const np = this.karpenterNodes().find((n) => n.name === cmd.nodes[0])?.nodePool ?? null;
      this.replacing.set(cmd.nodes[0], this.cluster.createNode(cmd.replacement, np));
    }
  }
}
