/**
 * The scenario's events (`spec.events`), each applied at its time as the matching kubectl command or failure
 * would: `rollout` (kubectl set image), `undo` (kubectl rollout undo), `scale` (kubectl scale), `killPods`
 * (containers crash; victims drawn from the `chaos` stream); with node pools `nodeFailure`, `nodeRecovery` and
 * `drain` (kubectl drain), handled by the node controllers.
 */
import type { ScenarioEvent } from '../scenario/types.js';
import type { World } from './build.js';

export function scheduleScenarioEvents(w: World): void {
  const { sim, cluster, deployments, kubelet, rollouts } = w;
  const chaos = sim.random.get('chaos');
  const apply = (ev: ScenarioEvent): void => {
    if ('node' in ev) {
      const node = cluster.findNode(ev.node)!;
      if (ev.kind === 'nodeFailure') w.nodes!.fail(node);
      else if (ev.kind === 'nodeRecovery') w.nodes!.recover(node);
      else w.nodes!.drain(node);
      return;
    }
    const d = cluster.findDeployment(ev.deployment)!;
    const now = sim.now / 1000;
    switch (ev.kind) {
      case 'rollout':
        rollouts.push({ d, container: ev.container, deployment: d.key, image: ev.image, startedAt: now, completedAt: null, durationSeconds: null });
        deployments.setImage(d, ev.image, ev.container);
        break;
      case 'undo': {
        const r = deployments.undo(d, ev.toRevision);
        if (r && 'image' in r) rollouts.push({ d, container: undefined, deployment: d.key, image: r.image, startedAt: now, completedAt: null, durationSeconds: null });
        if (r && 'error' in r) cluster.recordAction(`${d.prefix}deployment/${d.name}`, 'undo', `error: ${r.error}`);
        break;
      }
      case 'scale':
        deployments.setReplicas(d, ev.replicas);
        break;
      case 'killPods': {
        const running = d.replicaSets.flatMap((rs) => rs.pods).filter((p) => p.containerRunning && p.deletionMs === null);
        for (let i = 0; i < ev.count && running.length > 0; i++) {
          const victim = running.splice(chaos.int(running.length), 1)[0]!;
          kubelet.crash(victim);
        }
        break;
      }
    }
  };
  for (const ev of [...w.scenario.events].sort((a, b) => a.atMs - b.atMs)) {
    sim.at(ev.atMs, `scenario:${ev.kind}`, () => apply(ev));
  }
}
