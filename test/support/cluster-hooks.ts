/** Cluster hooks that do nothing (pods start at once, nothing routes load), for tests that drive a Cluster by hand. */
import type { ClusterHooks } from '../../src/k8s/cluster/cluster.js';

export function inertHooks(overrides: Partial<ClusterHooks> = {}): ClusterHooks {
  return {
    settle: () => {},
    refreshPod: () => {},
    beforeRoutingChange: () => {},
    podCreated: () => {},
    podGone: () => {},
    behaviourFor: () => ({ imagePullMs: 0, startupMs: 0, shutdownMs: 0, crashAfterMs: null, neverReady: false }),
    ...overrides,
  };
}
