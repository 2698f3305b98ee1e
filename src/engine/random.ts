/**
 * Named random streams. Every component asks for its own stream by name; each stream is seeded from
 * (scenario seed, name) alone, so adding a component or drawing more numbers in one never shifts another's.
 * All randomness in kubesim comes from here (seedrandom's Alea generator: fast and well distributed).
 */
import seedrandom from 'seedrandom';

export interface RandomStream {
  /** What seeds it (`kubesim/<seed>/<name>`): two streams of one id give the same numbers. */
  readonly id: string;
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Exponential with the given mean. */
  exponential(mean: number): number;
  /** Standard normal (Box–Muller). */
  normal(): number;
  /** Poisson count with mean `lambda` (exact below 30, normal approximation above, never negative). */
  poisson(lambda: number): number;
  /** `n` characters from `alphabet`. */
  chars(n: number, alphabet: string): string;
}

export function createStream(seed: number | string, name: string): RandomStream {
  const id = `kubesim/${seed}/${name}`;
  const rng = seedrandom.alea(id);
  const next = (): number => rng();
  // Box–Muller gives two independent normals per pair of uniforms: the second is kept for the next call.
  let spare = Number.NaN;
  const normal = (): number => {
    if (spare === spare) {
      const z = spare;
      spare = Number.NaN;
      return z;
    }
    const r = Math.sqrt(-2 * Math.log(1 - next()));
    const a = 2 * Math.PI * next();
    spare = r * Math.sin(a);
    return r * Math.cos(a);
  };
  return {
    id,
    next,
    int: (n) => Math.floor(next() * n),
    exponential: (mean) => -mean * Math.log(1 - next()),
    normal,
    poisson: (lambda) => {
      if (lambda <= 0) return 0;
      if (lambda < 30) {
        // Knuth: multiply uniforms until the product drops below e^-lambda.
        const limit = Math.exp(-lambda);
        let k = 0;
        let p = next();
        while (p > limit) {
          k++;
          p *= next();
        }
        return k;
      }
      return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * normal()));
    },
    chars: (n, alphabet) => {
      let s = '';
      for (let i = 0; i < n; i++) s += alphabet[Math.floor(next() * alphabet.length)];
      return s;
    },
  };
}

/** The streams of one simulation: `streams.get('kubelet')` always returns the same stream object. */
export class RandomStreams {
  private readonly streams = new Map<string, RandomStream>();
  constructor(readonly seed: number | string) {}

  get(name: string): RandomStream {
    let s = this.streams.get(name);
    if (!s) {
      s = createStream(this.seed, name);
      this.streams.set(name, s);
    }
    return s;
  }
}
