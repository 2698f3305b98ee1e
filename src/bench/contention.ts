/**
 * Did other work share the CPUs while the suite ran? The machine's busy CPU time (all cores, from `os.cpus()`)
 * minus the CPU time of the suite's own processes (the parent and every case process, worker threads included)
 * is what everything else used. A load average cannot tell the two apart: the suite's own sweep workers push
 * it above the core count on a 2-core machine.
 *
 * Time a hypervisor gives to other guests (steal) is invisible from inside some VMs (Firecracker reports 0), so
 * a quiet reading here does not prove the host was quiet: compare min and median in the table as well.
 */
import { cpus } from 'node:os';

export interface CpuSnapshot {
  /** Monotonic wall seconds when taken. */
  wallSeconds: number;
  /** CPU milliseconds spent not idle, summed over every core, since boot. */
  busyMs: number;
}

export function cpuSnapshot(wallSeconds: number): CpuSnapshot {
  let busyMs = 0;
  for (const c of cpus()) busyMs += c.times.user + c.times.nice + c.times.sys + c.times.irq;
  return { wallSeconds, busyMs };
}

export interface Contention {
  wallSeconds: number;
  /** CPU seconds the machine spent busy. */
  busySeconds: number;
  /** CPU seconds of the suite's own processes. */
  ownSeconds: number;
  /** busy − own, never below 0 (the counters tick at 10 ms, so small negatives are rounding). */
  otherSeconds: number;
  /** otherSeconds / wallSeconds: cores' worth of other work, on average. */
  otherCores: number;
}

export function contention(before: CpuSnapshot, after: CpuSnapshot, ownCpuSeconds: number): Contention {
  const wallSeconds = Math.max(0, after.wallSeconds - before.wallSeconds);
  const busySeconds = Math.max(0, after.busyMs - before.busyMs) / 1000;
  const otherSeconds = Math.max(0, busySeconds - ownCpuSeconds);
  return { wallSeconds, busySeconds, ownSeconds: ownCpuSeconds, otherSeconds, otherCores: wallSeconds > 0 ? otherSeconds / wallSeconds : 0 };
}

/** Above this many cores' worth of other work on average, wall times are called inflated. */
export const CONTENTION_WARN_CORES = 0.1;

/** The warning line, or null when the machine was quiet enough. */
export function contentionWarning(c: Contention, cores: number): string | null {
  if (c.otherCores <= CONTENTION_WARN_CORES) return null;
  const share = (c.otherCores / cores) * 100;
  return (
    `warning: other processes used ${c.otherSeconds.toFixed(1)} CPU seconds during the ${c.wallSeconds.toFixed(0)} s run ` +
    `(${c.otherCores.toFixed(2)} of ${cores} cores on average, ${share.toFixed(0)} %): wall times are inflated`
  );
}
