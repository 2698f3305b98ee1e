/**
 * Phase timings of one command, for finding where a user's wait goes: with `KUBESIM_PHASES=1` in the
 * environment, a run prints one line per phase to stderr when it ends —
 *
 *   kubesim-phase <name> <milliseconds>
 *
 * `start` is process start to the command's first line (Node start-up, module loading, argument parsing);
 * `total` is process start to the end of the command. Wall-clock time is read here only; it never reaches a
 * result or an output file. Without the variable the timer only calls through.
 */
export interface PhaseTimer {
  time<T>(name: string, f: () => T): T;
  timeAsync<T>(name: string, f: () => Promise<T>): Promise<T>;
  /** Prints the phases (when enabled). */
  print(): void;
}

export function phaseTimer(env: Readonly<Record<string, string | undefined>>, write: (text: string) => void): PhaseTimer {
  const on = env['KUBESIM_PHASES'] === '1';
  const rows: [string, number][] = [];
  if (on) rows.push(['start', performance.now()]); // wall-clock: phase display only (ms since process start)
  return {
    time: (name, f) => {
      if (!on) return f();
      const t0 = performance.now(); // wall-clock: phase display only
      try {
        return f();
      } finally {
        rows.push([name, performance.now() - t0]);
      }
    },
    timeAsync: async (name, f) => {
      if (!on) return f();
      const t0 = performance.now(); // wall-clock: phase display only
      try {
        return await f();
      } finally {
        rows.push([name, performance.now() - t0]);
      }
    },
    print: () => {
      if (!on) return;
      rows.push(['total', performance.now()]);
      write(rows.map(([n, ms]) => `kubesim-phase ${n} ${ms.toFixed(1)}\n`).join(''));
    },
  };
}
