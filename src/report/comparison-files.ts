/**
 * The comparison's files and folders:
 *
 *   buildComparisonFiles   comparison.csv, comparison.json, comparison.html, charts/cost-vs-failed.svg and
 *                          charts/replicas-frontier.svg from a ComparisonInput
 *   shard.json             one shard's results with the sweep's identity (`shardFile`), read back and checked
 *                          by `readShards` (same sweep hash, every shard 1..N exactly once), then `mergeShards`
 *   readRunFolder          an earlier `kubesim run` folder (summary.json + timeseries.csv) as one variant
 *   writeReportFolder      the output-folder writer (output-folder.ts): replaces only what kubesim wrote there
 */
import type { Comparison } from '../compare/comparison.js';
import { comparisonCsv, comparisonJson } from './comparison-data.js';
import { COMPARISON_CHARTS, renderComparisonCharts, type ComparisonChart } from './comparison-charts.js';
import { comparisonHtml } from './comparison-html.js';
import { claimOutputFolder, writeOwnedFolder } from './output-folder.js';

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

/** Fails early (before a long sweep) when `dir` may not be written: see output-folder.ts. */
export function checkReportFolder(dir: string): void {
  claimOutputFolder(dir);
}

/** Writes `files` into `dir`, replacing only what a previous kubesim run wrote there. */
export function writeReportFolder(dir: string, files: ReadonlyMap<string, string | Uint8Array>): void {
  writeOwnedFolder(dir, files);
}

// ---- shards ----
