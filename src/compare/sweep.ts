/**
 * A sweep: the variants of one scenario, each run over N seeds, from `--set` axes or a sweep file.
 *
 *   planSweep ─▶ read input (scenario or Sweep file) ─▶ axes + fixed overrides ─▶ check every value once
 *             ─▶ grid (baseline, cross product, explicit variants) ─▶ identity hash
 *   runSweep  ─▶ the plan's variants (or one shard's) on worker threads (sweep-pool.ts) ─▶ results by variant index
 *
 * Variant 0 is `baseline`, the scenario as written (with the single-valued `--set`s, which apply to every
 * variant). Then the cross product of the axes with more than one value, the first axis outermost (it changes
 * slowest), each axis's values in the order given; then the sweep file's explicit variants.
 */
import { createHash, type Hash } from 'node:crypto';
import { readInputText } from '../engine/input-file.js';
import { formatUserError, isUserError, UserError } from '../engine/errors.js';
import { showValue } from '../results/figures.js';
import type { ComparedVariant, ComparisonInput } from './comparison.js';
import type { SweepIdentity } from './inputs.js';
import type { SloTargets } from '../results/types.js';
import { inputCache, loadScenario, writtenValues, type InputCache } from '../scenario/index.js';

/** A baseline setting the scenario does not write: Kubernetes' default applies. */
export const DEFAULT_SETTING = '(default)';
import { parseYamlDocuments } from '../scenario/load.js';
import { formatPath, parseSetExpression, type SetExpression } from '../scenario/overrides.js';
import { runPool, VariantFailure, type PoolOptions, type SweepRun, type VariantTask } from './sweep-pool.js';
import { isSweepDocument, MAX_SEEDS, readSweepDocument, type SweepFile } from './sweep-file.js';
import type { Scenario } from '../scenario/types.js';
import { version } from '../version.js';

export { MAX_SEEDS } from './sweep-file.js';
export type { SweepRun, RunRecord } from './sweep-pool.js';

export interface SweepVariant {
  index: number;
  name: string;
  /** Canonical setting key (`hpa/api.spec.minReplicas`) → value, in the plan's `settingKeys` order. */
  settings: Record<string, unknown>;
  /** The overrides that make this variant (after the plan's fixed ones). */
  sets: SetExpression[];
}

export interface SweepPlan {
  name: string;
  /** The base scenario file. */
  scenarioFile: string;
  /** Single-valued overrides, applied to every variant (baseline included). */
  fixed: SetExpression[];
  /** Every setting a variant may carry, in column order. */
  settingKeys: string[];
  variants: SweepVariant[];
  /** Seeds per variant: spec.seed, spec.seed+1, … */
  seeds: number;
  /** The baseline's SLO targets (null without spec.slo). */
  slo: SloTargets | null;
  /** sha256 of everything that decides the results: the normalised base scenario, the variants, the seeds. */
  hash: string;
  /** The base scenario's load warnings. */
  warnings: string[];
  /** The files planning read, parsed once for every variant's load (not part of the sweep's identity). */
  inputs?: InputCache;
}

export interface PlanOptions {
  /** `--set` expressions: one value = fixed, `V1,V2,…` = an axis. */
  sets?: readonly string[];
  /** `--seeds`: overrides the sweep file's. Default 1. */
  seeds?: number;
}

const SHORT_KIND = { Deployment: 'deploy', Service: 'svc', HorizontalPodAutoscaler: 'hpa', PodDisruptionBudget: 'pdb' } as const;

/** `hpa/api.spec.minReplicas`, whatever kind spelling was used: one column per field. */
export function settingKey(set: SetExpression): string {
  const path = formatPath(set.path);
  const sep = path.startsWith('[') ? '' : '.';
  return set.target.kind === 'Scenario' ? `scenario${sep}${path}` : `${SHORT_KIND[set.target.kind]}/${set.target.name}${sep}${path}`;
}


/** One value of an axis as a single `--set` expression. */
function withValue(axis: SetExpression, key: string, value: unknown): SetExpression {
  return { ...axis, text: `${key}=${showValue(value)}`, value, values: [value] };
}

/** The cross product of the axes' value lists, first axis outermost: [[a1,b1],[a1,b2],[a2,b1],…]. */
export function crossProduct<T>(axes: readonly (readonly T[])[]): T[][] {
  let out: T[][] = [[]];
  for (const values of axes) out = out.flatMap((prefix) => values.map((v) => [...prefix, v]));
  return axes.length === 0 ? [] : out;
}

interface Axis {
  key: string;
  /** The label in variant names: the last path segment, or the whole key when two axes would share it. */
  label: string;
  expr: SetExpression;
  values: unknown[];
  /** Where a bad value is blamed: the sweep file's `spec.axes[i].values[j]`, or the `--set` flag. */
  blame: (j: number) => { file: string; path?: string } | undefined;
}

/** Reads the input (a scenario or a sweep file), checks every override, and lays out the variants. */
export async function planSweep(input: string, options: PlanOptions = {}): Promise<SweepPlan> {
  if (input === '-') throw new UserError('a sweep reads its scenario from a file, not standard input', { file: '-' });
  const text = readInputText(input, 'yaml');
  const docs = parseYamlDocuments(text, input);
  const sweepFile: SweepFile | null = isSweepDocument(docs) ? readSweepDocument(docs[0]!.doc as Record<string, unknown>, input) : null;
  if (sweepFile && docs.length > 1) throw new UserError(`a sweep file holds one Sweep document (this one has ${docs.length}); the manifests belong in the scenario`, { file: input });
  const scenarioFile = sweepFile ? sweepFile.scenario : input;

  const seeds = options.seeds ?? sweepFile?.seeds ?? 1;
  if (!Number.isSafeInteger(seeds) || seeds < 1 || seeds > MAX_SEEDS) {
    throw new UserError(`expected a whole number of seeds from 1 to ${MAX_SEEDS}, got ${String(seeds)}`, { file: '--seeds' });
  }

  // Axes: the sweep file's, then the command line's. Single-valued ones are fixed overrides.
  const fixed: SetExpression[] = [];
  const axes: Axis[] = [];
  const keys = new Set<string>();
  const addAxis = (expr: SetExpression, values: unknown[], blame: Axis['blame'], origin: string): void => {
    const key = settingKey(expr);
    if (keys.has(key)) throw new UserError(`${key} is swept twice; give each field one axis`, { file: origin });
    keys.add(key);
    if (values.length === 1) fixed.push(withValue(expr, key, values[0]));
    else axes.push({ key, label: key, expr, values, blame });
  };
  for (const a of sweepFile?.axes ?? []) {
    const expr = parseAxisField(a.set, { file: sweepFile!.file, path: `${a.at}.set` });
    addAxis(expr, a.values, (j) => ({ file: sweepFile!.file, path: `${a.at}.values[${j}]` }), `${sweepFile!.file}: ${a.at}`);
  }
  for (const text of options.sets ?? []) {
    const eq = text.indexOf('=');
    if (eq >= 0 && text.slice(eq + 1).trim() === '') {
      throw new UserError('empty axis: give at least one value after "=" (V1,V2,…)', { file: `--set ${text}` });
    }
    const expr = parseSetExpression(text, { list: true });
    addAxis(expr, expr.values, () => undefined, `--set ${text}`);
  }
  labelAxes(axes);

  // The baseline, with the fixed overrides: checks them, and gives the SLO, the warnings and the hash.
  const inputs = inputCache(); // every load below (and every variant's) parses each file once
  const base = await loadScenario(scenarioFile, { sets: fixed, cache: inputs });
  // Every axis value once, against the baseline: an unknown path or a wrong type fails here, before any run.
  for (const axis of axes) {
    for (let j = 0; j < axis.values.length; j++) {
      const one = withValue(axis.expr, axis.key, axis.values[j]);
      await loadScenario(scenarioFile, { sets: [...fixed, one], cache: inputs }).catch((e: unknown) => {
        const where = axis.blame(j);
        if (!isUserError(e)) throw e;
        if (!where) {
          // A `--set`: its own field's errors already name it; a check elsewhere that it broke does not.
          throw e.file?.startsWith('--set ') ? e : new UserError(e.message, { file: `--set ${one.text}` });
        }
        // The sweep file's value is to blame: name it there, with what the scenario's validation said.
        const said = e.file?.startsWith('--set ') ? formatUserError(e.detail, undefined, e.path) : e.message;
        throw new UserError(`${axis.key}=${showValue(axis.values[j])}: ${said}`, where);
      });
    }
  }

  const variants: SweepVariant[] = [{ index: 0, name: 'baseline', settings: {}, sets: [] }];
  for (const combo of crossProduct(axes.map((a) => a.values.map((_, j) => j)))) {
    const sets = combo.map((j, i) => withValue(axes[i]!.expr, axes[i]!.key, axes[i]!.values[j]));
    const settings = Object.fromEntries(combo.map((j, i) => [axes[i]!.key, axes[i]!.values[j]]));
    const name = combo.map((j, i) => `${axes[i]!.label}=${showValue(axes[i]!.values[j])}`).join(' ');
    variants.push({ index: variants.length, name, settings, sets });
  }
  for (const v of sweepFile?.variants ?? []) {
    const sets = v.sets.map((s, j) => parseSetExpressionAt(s, { file: sweepFile!.file, path: `${v.at}.sets[${j}]` }));
    const settings: Record<string, unknown> = {};
    for (const s of sets) settings[settingKey(s)] = s.value;
    await loadScenario(scenarioFile, { sets: [...fixed, ...sets], cache: inputs }).catch((e: unknown) => {
      if (!isUserError(e)) throw e;
      const said = e.file?.startsWith('--set ') ? `${e.file.slice('--set '.length)}: ${formatUserError(e.detail, undefined, e.path)}` : e.message;
      throw new UserError(`variant ${JSON.stringify(v.name)}: ${said}`, { file: sweepFile!.file, path: v.at });
    });
    variants.push({ index: variants.length, name: v.name, settings, sets });
  }
  if (variants.length === 1) {
    throw new UserError('nothing to sweep: give at least one --set with several values (KIND/NAME.PATH=V1,V2,…), or a sweep file', { file: input });
  }
  const settingKeys = [...new Set([...axes.map((a) => a.key), ...variants.flatMap((v) => Object.keys(v.settings))])];
  // The baseline's settings are the scenario's own values (absent fields: their defaults apply).
  const exprOf = new Map<string, SetExpression>();
  for (const a of axes) exprOf.set(a.key, a.expr);
  for (const v of variants) for (const s of v.sets) if (!exprOf.has(settingKey(s))) exprOf.set(settingKey(s), s);
  const written = await writtenValues(scenarioFile, fixed, settingKeys.map((k) => exprOf.get(k)!), inputs);
  variants[0]!.settings = Object.fromEntries(settingKeys.map((k, i) => [k, written[i] === undefined ? DEFAULT_SETTING : written[i]]));
  for (const v of variants) v.settings = Object.fromEntries(settingKeys.filter((k) => k in v.settings).map((k) => [k, v.settings[k]]));

  const name = sweepFile?.name ?? base.name;
  const plan = { name, scenarioFile, fixed, settingKeys, variants, seeds, slo: base.slo ? sloTargets(base) : null, warnings: base.warnings };
  return { ...plan, hash: sweepHash(base, plan), inputs };
}

function parseAxisField(set: string, where: { file: string; path: string }): SetExpression {
  return parseSetExpressionAt(`${set}=0`, where);
}

function parseSetExpressionAt(text: string, where: { file: string; path: string }): SetExpression {
  try {
    return parseSetExpression(text);
  } catch (e) {
    throw isUserError(e) ? new UserError(e.detail, where) : e;
  }
}

/** Variant names use the last segment of each axis's path (`minReplicas`), the whole key when that is ambiguous. */
function labelAxes(axes: Axis[]): void {
  const last = (a: Axis): string => {
    const seg = a.expr.path[a.expr.path.length - 1];
    return seg && 'key' in seg ? seg.key : a.key;
  };
  for (const a of axes) a.label = axes.filter((b) => last(b) === last(a)).length > 1 ? a.key : last(a);
}

/** The scenario's SLO as the report's targets (the same fields, those that are set). */
function sloTargets(s: Scenario): SloTargets {
  return Object.fromEntries(Object.entries(s.slo!).filter(([, v]) => v !== undefined)) as SloTargets;
}


/**
 * The sweep's identity: kubesim's version, the normalised base scenario (trace contents included, file paths
 * left out, so a checkout at another path gives the same hash), the fixed overrides, every variant's name and
 * overrides, and the seed count. Shards of one sweep share it; `merge` refuses shards that do not.
 */
function sweepHash(base: Scenario, plan: Omit<SweepPlan, 'hash'>): string {
  const h = createHash('sha256');
  const { file: _f, baseDir: _b, warnings: _w, ...scenario } = base;
  feed(h, { kubesim: version, scenario, fixed: plan.fixed.map((s) => s.text), variants: plan.variants.map((v) => [v.name, v.sets.map((s) => s.text)]), seeds: plan.seeds });
  return h.digest('hex');
}

/** Canonical feed: object keys sorted, typed arrays as bytes, `file` keys (absolute paths) skipped. */
function feed(h: Hash, v: unknown): void {
  if (ArrayBuffer.isView(v)) {
    h.update(`<${v.constructor.name}:${v.byteLength}>`);
    h.update(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
  } else if (Array.isArray(v)) {
    h.update('[');
    for (const x of v) {
      feed(h, x);
      h.update(',');
    }
    h.update(']');
  } else if (typeof v === 'object' && v !== null) {
    h.update('{');
    for (const k of Object.keys(v).sort()) {
      if (k === 'file') continue;
      h.update(JSON.stringify(k) + ':');
      feed(h, (v as Record<string, unknown>)[k]);
      h.update(',');
    }
    h.update('}');
  } else {
    h.update(v === undefined ? 'undefined' : typeof v === 'number' && !Number.isFinite(v) ? String(v) : JSON.stringify(v));
  }
}

// ---- running ----

export interface ShardSpec {
  /** 1-based. */
  index: number;
  count: number;
}

/** The variants of shard I/N: those whose index mod N is I−1. */
export function shardVariants<T extends { index: number }>(variants: readonly T[], shard: ShardSpec | undefined): T[] {
  return shard ? variants.filter((v) => v.index % shard.count === shard.index - 1) : [...variants];
}

export interface RunSweepOptions extends Omit<PoolOptions, 'onDone'> {
  shard?: ShardSpec;
  /** After each variant: how many are done of how many. */
  onProgress?: (done: number, total: number) => void;
}

/** Runs the plan's variants (or one shard's); results in variant index order, whatever the worker count. */
export async function runSweep(plan: SweepPlan, options: RunSweepOptions = {}): Promise<SweepRun[]> {
  const tasks: VariantTask[] = shardVariants(plan.variants, options.shard).map((v) => ({ index: v.index, sets: v.sets }));
  let done = 0;
  try {
    return await runPool({ file: plan.scenarioFile, fixed: plan.fixed, seeds: plan.seeds }, tasks, {
      ...options,
      inputs: plan.inputs,
      onDone: () => options.onProgress?.(++done, tasks.length),
    });
  } catch (e) {
    if (e instanceof VariantFailure && isUserError(e.cause)) {
      const v = plan.variants[e.index]!;
      throw new UserError(`${e.cause.detail} (variant ${v.index}, ${JSON.stringify(v.name)})`, { file: e.cause.file, path: e.cause.path });
    }
    throw e instanceof VariantFailure ? e.cause : e;
  }
}

// ---- to the comparison ----

/** What a shard.json records of the sweep, so `merge` can check that shards belong together. */
export function sweepIdentity(plan: SweepPlan): SweepIdentity {
  return { name: plan.name, hash: plan.hash, variants: plan.variants.length, seeds: plan.seeds, settingKeys: plan.settingKeys, baseline: 0, slo: plan.slo };
}

/** The plan's variants with their runs (`runs` from `runSweep`, in the same order as its variants or shard). */
export function comparedVariants(plan: SweepPlan, runs: readonly SweepRun[]): ComparedVariant[] {
  return runs.map((r) => {
    const v = plan.variants[r.index]!;
    return { index: v.index, name: v.name, settings: v.settings, runs: r.runs, series: r.series };
  });
}

export function comparisonInput(plan: SweepPlan, runs: readonly SweepRun[]): ComparisonInput {
  return { name: plan.name, source: 'sweep', hash: plan.hash, settingKeys: plan.settingKeys, variants: comparedVariants(plan, runs), baseline: 0, slo: plan.slo };
}
