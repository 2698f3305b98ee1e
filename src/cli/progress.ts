/**
 * The one progress line: drawn on stderr in place when it is a terminal, after the first second, and cleared
 * at the end; silent otherwise (and with --quiet). Wall-clock time is read here only, for the display; it never
 * reaches a result.
 */
import type { CliIo } from './io.js';

export interface Progress {
  /** `text` is what is done so far ("simulating… 42% (10h of 1d)", "sweep: variants 3/27"). */
  update(text: string): void;
  done(): void;
}

export function progressLine(io: CliIo, enabled: boolean): Progress {
  if (!enabled || !io.stderrIsTTY) return { update: () => {}, done: () => {} };
  const started = performance.now(); // wall-clock: progress display only
  let shown = false;
  return {
    update: (text) => {
      const elapsed = (performance.now() - started) / 1000; // wall-clock: progress display only
      if (elapsed < 1) return;
      shown = true;
      io.err(`\r\x1b[Kkubesim: ${text} · ${elapsed.toFixed(1)}s`);
    },
    done: () => {
      if (shown) io.err('\r\x1b[K');
    },
  };
}
