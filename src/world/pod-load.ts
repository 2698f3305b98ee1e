/**
 * One pod's load model: the app's parameters (by Deployment and container image) and the pod's CPU capacity,
 * with the last evaluation cached — all ready pods of a Service usually receive the same rps, and a steady pod
 * the same rps as last time, so most calls return the cached result.
 */
import { evaluatePod, PodLoad } from '../workload/app-model.js';
import type { AppSpec, Scenario } from '../scenario/types.js';
import { evaluateClosedPod, type KindSolution } from '../workload/traffic/closed-loop.js';

declare module '../k8s/cluster/types.js' {
  interface PodState {
    /** This pod's load model, set by the world when the pod is created (typed here, unknown to k8s). */
    load?: PodLoadModel;
  }
}

export class PodLoadModel {
  private readonly out = new PodLoad();
  private lastRps = Number.NaN;
  private lastUp = false;

  /** The app has a memory model (any of memory, memoryPerRequest, memoryLeakPerHour). */
  readonly tracksMemory: boolean;
  /** In flight is needed (memory per request, or something reads requests_in_flight). */
  needsInFlight: boolean;

  constructor(readonly app: AppSpec, readonly capacityMilli: number) {
    this.tracksMemory = app.memoryBytes > 0 || app.memoryPerRequestBytes > 0 || app.memoryLeakPerHourBytes > 0;
    this.needsInFlight = app.memoryPerRequestBytes > 0;
  }

  /** The pod's load at `rps`; an app that is not up yet only idles, answers nothing. */
  evaluate(rps: number, appUp: boolean): PodLoad {
    if (rps === this.lastRps && appUp === this.lastUp) return this.out;
    this.lastRps = rps;
    this.lastUp = appUp;
    if (appUp) evaluatePod(this.app, rps, this.capacityMilli, this.out);
    else {
      evaluatePod(this.app, 0, this.capacityMilli, this.out);
      this.out.offeredRps = rps;
      this.out.servedRps = 0;
      this.out.failedRps = rps;
      this.out.probeLatencyMs = Infinity;
    }
    return this.out;
  }

  /** The pod's load when closed-loop clients send (some of) its requests: `sol` is their MVA solution. */
  evaluateClosed(rps: number, appUp: boolean, sol: KindSolution): PodLoad {
    if (!appUp) return this.evaluate(rps, appUp);
    this.lastRps = Number.NaN; // the cache holds open-model results only
    return evaluateClosedPod(this.app, rps, this.capacityMilli, sol, this.out);
  }
}

/** The app of a Deployment's pods for one image: the Deployment's app with the image's overrides applied. */
export function resolveApp(s: Scenario, deployment: string, image: string): AppSpec {
  const app = s.apps[deployment];
  if (!app) return s.defaultApp;
  const over = app.versions[image];
  return over ? { ...app, ...over } : app;
}
