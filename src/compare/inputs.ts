/**
 * What a comparison is made of, read back from disk:
 *
 *   shard.json      one shard's results with the sweep's identity (`shardFile`), read back and checked by
 *                   `readShard` (kind, version), then `mergeShards` (same sweep hash, every shard 1..N once)
 *   readRunFolder   an earlier `kubesim run` folder (summary.json + timeseries.csv) as one variant
 */
import { statSync } from 'node:fs';
import { readInputText } from '../engine/input-file.js';
import { basename, join, resolve } from 'node:path';
import { UserError } from '../engine/errors.js';
import type { SloTargets } from '../results/types.js';
import type { ComparedVariant, ComparisonInput } from './comparison.js';
import { checkShardJson, checkSummaryJson, readJsonFile, SHARD_KIND } from './folder-input.js';
import { keepNonFinite, num, readySeries, reviveRunRecord, reviveSeries, runRecord } from './records.js';

export const SHARD_FILE = 'shard.json';

export interface SweepIdentity {
  name: string;
  hash: string;
  /** Variants in the whole sweep. */
  variants: number;
  seeds: number;
  settingKeys: string[];
  baseline: number;
  slo: SloTargets | null;
}

export interface Shard {
  sweep: SweepIdentity;
  shard: { index: number; count: number };
  variants: ComparedVariant[];
}

export function shardFile(shard: Shard): string {
  return JSON.stringify({ kind: SHARD_KIND, version: 1, ...shard }, keepNonFinite) + '\n';
}

/** Reads `DIR/shard.json` (or a shard.json file named directly). */
export function readShard(dir: string): Shard & { from: string } {
  const file = dir.endsWith('.json') ? dir : join(dir, SHARD_FILE);
  const raw = readJsonFile(file, (detail) =>
    detail === 'file not found' ? new UserError(`no ${SHARD_FILE} (expected the output folder of kubesim sweep --shard I/N)`, { file: dir }) : new UserError(detail, { file }),
  ) as Record<string, unknown>;
  checkShardJson(raw, file);
  const s = raw.sweep as SweepIdentity;
  const sh = raw.shard as { index: number; count: number };
  const variants = (raw.variants as Record<string, unknown>[]).map((v) => ({
    index: num(v.index),
    name: String(v.name),
    settings: (v.settings ?? {}) as Record<string, unknown>,
    runs: Array.isArray(v.runs) ? v.runs.map(reviveRunRecord) : [],
    series: reviveSeries(v.series),
  }));
  return { sweep: s, shard: { index: sh.index, count: sh.count }, variants, from: dir };
}

/** Checks that the shards are all the shards of one sweep, each once, and puts their variants back together. */
export function mergeShards(shards: readonly (Shard & { from: string })[]): ComparisonInput {
  if (shards.length === 0) throw new UserError('no shard folders given');
  const first = shards[0]!;
  const n = first.shard.count;
  const byIndex = new Map<number, string>();
  for (const s of shards) {
    if (s.sweep.hash !== first.sweep.hash) {
      throw new UserError(
        `shard ${s.shard.index}/${s.shard.count} is from a different sweep than ${first.from} (sweep hash ${s.sweep.hash.slice(0, 12)}… vs ${first.sweep.hash.slice(0, 12)}…); run every shard with the same scenario, overrides, seeds and kubesim version`,
        { file: s.from },
      );
    }
    if (s.shard.count !== n) throw new UserError(`shard ${s.shard.index}/${s.shard.count} does not match ${first.from}'s ${first.shard.index}/${n}: every shard must be one of the same N`, { file: s.from });
    const seen = byIndex.get(s.shard.index);
    if (seen !== undefined) throw new UserError(`shard ${s.shard.index}/${n} given twice (also ${seen})`, { file: s.from });
    byIndex.set(s.shard.index, s.from);
  }
  const missing = Array.from({ length: n }, (_, i) => i + 1).filter((i) => !byIndex.has(i));
  if (missing.length > 0) {
    const have = [...byIndex.keys()].sort((a, b) => a - b).map((i) => `${i}/${n}`).join(', ');
    throw new UserError(`missing shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${n}`).join(', ')} of sweep ${first.sweep.name} (have ${have})`);
  }
  const variants = shards.flatMap((s) => s.variants).sort((a, b) => a.index - b.index);
  const total = first.sweep.variants;
  if (variants.length !== total || variants.some((v, i) => v.index !== i)) {
    throw new UserError(`the shards hold ${variants.length} variants, expected each of the sweep's ${total} exactly once; were the shard files edited?`);
  }
  const { name, hash, settingKeys, baseline, slo } = first.sweep;
  return { name, source: 'sweep', hash, settingKeys, variants, baseline, slo };
}

// ---- earlier runs (kubesim compare) ----

const SLO_TARGET_KEYS: Record<string, keyof SloTargets> = {
  availability: 'availability',
  latencyP99: 'latencyP99Ms',
  latencyP95: 'latencyP95Ms',
  maxOutageSeconds: 'maxOutageSeconds',
  costBudget: 'costBudget',
};

/** One `kubesim run` output folder as a variant (index, named after the folder). `timeseries.csv` is optional. */
export function readRunFolder(dir: string, index: number): ComparedVariant & { slo: SloTargets | null; hasSeries: boolean } {
  const file = join(dir, 'summary.json');
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    // missing: said below
  }
  if (!isDir) throw new UserError('expected a kubesim run output folder (with summary.json and timeseries.csv)', { file: dir });
  const summary = readJsonFile(file, (detail) =>
    detail === 'file not found' ? new UserError('expected a kubesim run output folder (with summary.json and timeseries.csv)', { file: dir }) : new UserError(detail, { file }),
  ) as Record<string, unknown>;
  checkSummaryJson(summary, file);
  const record = runRecord({ ...(summary as object), seed: num(summary.seed) } as Parameters<typeof runRecord>[0]);
  const checks = (summary.slo as { checks?: { name: string; target: number }[] } | undefined)?.checks;
  let slo: SloTargets | null = null;
  if (checks) {
    slo = {};
    for (const c of checks) if (SLO_TARGET_KEYS[c.name]) slo[SLO_TARGET_KEYS[c.name]!] = c.target;
  }
  const series = readTimeseries(join(dir, 'timeseries.csv'));
  const name = basename(resolve(dir));
  return { index, name, settings: { scenario: summary.scenario }, runs: [record], series, slo, hasSeries: series !== null };
}

/** `time` and `ready_pods` of a timeseries.csv (kubesim writes plain numbers: no quoting to undo). */
function readTimeseries(file: string) {
  let text: string;
  try {
    text = readInputText(file, 'csv');
  } catch (e) {
    if (e instanceof UserError && e.detail === 'file not found') return null;
    throw e;
  }
  const lines = text.split('\n').filter((l) => l !== '');
  const header = (lines[0] ?? '').split(',');
  const ti = header.indexOf('time');
  const ri = header.indexOf('ready_pods');
  if (ti < 0 || ri < 0) throw new UserError('expected the columns time and ready_pods', { file });
  const time = new Float64Array(lines.length - 1);
  const ready = new Float64Array(lines.length - 1);
  const cell = (cells: string[], i: number, col: number, name: string): number => {
    const c = cells[col];
    if (c === '') return NaN;
    const v = c === undefined ? NaN : Number(c);
    if (!Number.isFinite(v)) throw new UserError(`expected a number in column ${name}, got ${JSON.stringify(c ?? '')}`, { file, path: `line ${i + 1}` });
    return v;
  };
  for (let i = 1; i < lines.length; i++) {
    const cells = lines[i]!.split(',');
    time[i - 1] = cell(cells, i, ti, 'time');
    ready[i - 1] = cell(cells, i, ri, 'ready_pods');
  }
  return readySeries(time, ready);
}
