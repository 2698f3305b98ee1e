/**
 * Production defaults of the HPA controller (kube-controller-manager flags, `cmd/kube-controller-manager/app/options/hpacontroller.go`) and the
 * sync period that drives it. Upstream's unit tests use 120 s / 10 s for the two readiness settings and a
 * legacy scale-up factor of 8; the conformance vectors carry those explicitly.
 */
import type { HpaParams } from './types.js';

/** --horizontal-pod-autoscaler-sync-period: every HPA is reconciled about once per this many seconds. */
export const HPA_SYNC_PERIOD_SECONDS = 15;

/** --horizontal-pod-autoscaler-tolerance. */
export const HPA_TOLERANCE = 0.1;

export const DEFAULT_HPA_PARAMS: Readonly<HpaParams> = Object.freeze({
  tolerance: HPA_TOLERANCE,
  cpuInitializationPeriod: 300,
  initialReadinessDelay: 30,
  downscaleStabilizationWindow: 300,
  scaleUpLimitFactor: 2,
  scaleUpLimitMinimum: 4,
  // HPAConfigurableTolerance: alpha (off) in 1.33–1.34, beta (on) from 1.35.
  configurableToleranceGate: true,
});
