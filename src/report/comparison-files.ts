/**
 * The comparison's files and folders:
 *
 *   buildComparisonFiles   comparison.csv, comparison.json, comparison.html, charts/cost-vs-failed.svg and
 *                          charts/replicas-frontier.svg from a ComparisonInput
 *   shard.json             one shard's results with the sweep's identity (`shardFile`), read back and checked
 *                          by `readShards` (same sweep hash, every shard 1..N exactly once), then `mergeShards`
 *   readRunFolder          an earlier `kubesim run` folder (summary.json + timeseries.csv) as one variant
 *   writeReportFolder      the atomic folder writer of files.ts, which also replaces a previous sweep's folder
 */
import { readdirSync, renameSync, rmSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import { UserError } from '../engine/errors.js';
import type { Comparison } from '../compare/comparison.js';
import { comparisonCsv, comparisonJson } from './comparison-data.js';
import { COMPARISON_CHARTS, renderComparisonCharts, type ComparisonChart } from './comparison-charts.js';
import { comparisonHtml } from './comparison-html.js';
import { checkOutputFolder, writeOutputsAtomically } from './files.js';

export const chartFileOf = (name: ComparisonChart): string => `charts/${name}.svg`;

/** The comparison's files (what `kubesim sweep`, `merge` and `compare` write). */
export async function buildComparisonFiles(comparison: Comparison): Promise<Map<string, string>> {
  const svgs = await renderComparisonCharts(comparison);
  const chartFiles = Object.fromEntries(COMPARISON_CHARTS.map((n) => [n, chartFileOf(n)])) as Record<ComparisonChart, string>;
  const files = new Map<string, string>([
    ['comparison.csv', comparisonCsv(comparison)],
    ['comparison.json', comparisonJson(comparison)],
    ['comparison.html', comparisonHtml({ comparison, charts: svgs, chartFiles })],
  ]);
  for (const n of COMPARISON_CHARTS) files.set(chartFiles[n], svgs[n]);
  return files;
}

// ---- output folders ----

/** Files that mark a folder as a previous sweep's, merge's or compare's output (which may be replaced). */
const MARKERS = ['comparison.json', 'shard.json'];

function previousReport(dir: string): boolean {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return false;
  }
  return entries.length > 0 && !entries.includes('summary.json') && MARKERS.some((m) => entries.includes(m));
}

function refuseCurrentFolder(target: string, shown: string): void {
  const cwd = resolve('.');
  if (cwd === target || cwd.startsWith(target + sep)) throw new UserError(`${shown} holds the current folder; choose an output folder of its own`, { file: '--out' });
}

/** Fails early (before a long sweep) when `dir` may not be replaced. */
export function checkReportFolder(dir: string): void {
  if (previousReport(resolve(dir))) refuseCurrentFolder(resolve(dir), dir);
  else checkOutputFolder(dir);
}

/** Writes `files` as the folder `dir` atomically; a previous report there is replaced only once the new one is written. */
export function writeReportFolder(dir: string, files: ReadonlyMap<string, string | Uint8Array>): void {
  const target = resolve(dir);
  if (!previousReport(target)) return writeOutputsAtomically(dir, files);
  refuseCurrentFolder(target, dir);
  const aside = `${target}.previous-${process.pid}`;
  rmSync(aside, { recursive: true, force: true });
  renameSync(target, aside);
  try {
    writeOutputsAtomically(dir, files);
  } catch (e) {
    renameSync(aside, target);
    throw e;
  }
  rmSync(aside, { recursive: true, force: true });
}

// ---- shards ----
