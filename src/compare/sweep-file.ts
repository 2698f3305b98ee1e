/**
 * The sweep file: a YAML document that names a base scenario, the axes of a grid, optional explicit variants and
 * the number of seeds. Read and checked here (every mistake a `UserError` at its field path); the grid itself is
 * built by sweep.ts.
 *
 *   apiVersion: kubesim/v1alpha1
 *   kind: Sweep
 *   metadata: {name: sweep-api}
 *   spec:
 *     scenario: sweep-api.yaml                  # relative to this file
 *     seeds: 3                                  # optional, default 1
 *     axes:                                     # the cross product, first axis outermost
 *       - {set: hpa/api.spec.minReplicas, values: [2, 3, 4]}
 *     variants:                                 # optional, after the grid
 *       - {name: steady, sets: ["hpa/api.spec.minReplicas=6", "hpa/api.spec.maxReplicas=6"]}
 */
import { dirname, isAbsolute, join } from 'node:path';
import { UserError } from '../engine/errors.js';
import { isPlainObject, unknownName } from '../scenario/fields.js';
import { parseYamlDocuments, SCENARIO_API_VERSION, type RawDocument } from '../scenario/load.js';

export const SWEEP_KIND = 'Sweep';
/** The most seeds a variant may run over (a typo guard, not a limit of the simulator). */
export const MAX_SEEDS = 10_000;

export interface SweepFileAxis {
  /** `KIND/NAME.PATH` or `scenario.PATH`, as written. */
  set: string;
  values: unknown[];
  /** Field path in the sweep file, for messages: `spec.axes[0]`. */
  at: string;
}

export interface SweepFileVariant {
  name: string;
  /** `KIND/NAME.PATH=VALUE` expressions. */
  sets: string[];
  at: string;
}

export interface SweepFile {
  file: string;
  name: string;
  /** The base scenario, resolved against the sweep file's folder (as the user would type it from here). */
  scenario: string;
  seeds: number | undefined;
  axes: SweepFileAxis[];
  variants: SweepFileVariant[];
}

const SPEC_FIELDS = ['scenario', 'seeds', 'axes', 'variants'];
const AXIS_FIELDS = ['set', 'values'];
const VARIANT_FIELDS = ['name', 'sets'];

/** Is this parsed document a sweep file (rather than a scenario)? */
export function isSweepDocument(docs: readonly RawDocument[]): boolean {
  const first = docs[0]?.doc;
  return isPlainObject(first) && first.kind === SWEEP_KIND;
}

/** Reads a sweep file's text. Throws a `UserError` naming `file` and the field path. */
export function parseSweepFile(text: string, file: string): SweepFile {
  const docs = parseYamlDocuments(text, file);
  if (docs.length !== 1) throw new UserError(`expected one Sweep document, got ${docs.length}`, { file });
  return readSweepDocument(docs[0]!.doc as Record<string, unknown>, file);
}

export function readSweepDocument(doc: Record<string, unknown>, file: string): SweepFile {
  const bad = (path: string, detail: string): UserError => new UserError(detail, { file, path });
  if (doc.apiVersion !== SCENARIO_API_VERSION) throw bad('apiVersion', `expected ${SCENARIO_API_VERSION}, got ${JSON.stringify(doc.apiVersion ?? null)}`);
  if (doc.kind !== SWEEP_KIND) throw bad('kind', `expected ${SWEEP_KIND}, got ${JSON.stringify(doc.kind ?? null)}`);
  for (const k of Object.keys(doc)) {
    if (!['apiVersion', 'kind', 'metadata', 'spec'].includes(k)) throw bad(k, unknownName('field', k, ['apiVersion', 'kind', 'metadata', 'spec']));
  }
  const meta = doc.metadata;
  const name = isPlainObject(meta) ? meta.name : undefined;
  if (typeof name !== 'string' || !/^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$/.test(name)) {
    throw bad('metadata.name', `expected a name of letters, digits, ".", "_" and "-" (it names the output folder), got ${JSON.stringify(name ?? null)}`);
  }
  const spec = doc.spec;
  if (!isPlainObject(spec)) throw bad('spec', 'expected a mapping with scenario, axes and/or variants, and seeds');
  for (const k of Object.keys(spec)) if (!SPEC_FIELDS.includes(k)) throw bad(`spec.${k}`, unknownName('field', k, SPEC_FIELDS));

  if (typeof spec.scenario !== 'string' || spec.scenario.trim() === '') {
    throw bad('spec.scenario', `expected the scenario file (relative to this file), got ${JSON.stringify(spec.scenario ?? null)}`);
  }
  const scenario = isAbsolute(spec.scenario) ? spec.scenario : join(dirname(file), spec.scenario);

  let seeds: number | undefined;
  if (spec.seeds !== undefined) {
    if (!Number.isSafeInteger(spec.seeds) || (spec.seeds as number) < 1 || (spec.seeds as number) > MAX_SEEDS) {
      throw bad('spec.seeds', `expected a whole number of seeds from 1 to ${MAX_SEEDS}, got ${JSON.stringify(spec.seeds)}`);
    }
    seeds = spec.seeds as number;
  }

  const axes: SweepFileAxis[] = [];
  if (spec.axes !== undefined && spec.axes !== null) {
    if (!Array.isArray(spec.axes)) throw bad('spec.axes', 'expected a list of {set: KIND/NAME.PATH, values: [...]}');
    spec.axes.forEach((a, i) => {
      const at = `spec.axes[${i}]`;
      if (!isPlainObject(a)) throw bad(at, 'expected {set: KIND/NAME.PATH, values: [...]}');
      for (const k of Object.keys(a)) if (!AXIS_FIELDS.includes(k)) throw bad(`${at}.${k}`, unknownName('field', k, AXIS_FIELDS));
      if (typeof a.set !== 'string' || a.set.trim() === '') {
        throw bad(`${at}.set`, `expected a field to vary, KIND/NAME.PATH or scenario.PATH (e.g. hpa/api.spec.minReplicas), got ${JSON.stringify(a.set ?? null)}`);
      }
      if (a.set.includes('=')) throw bad(`${at}.set`, `name the field only (no "="); its values go in ${at}.values`);
      if (!Array.isArray(a.values)) throw bad(`${at}.values`, `expected a list of values, got ${JSON.stringify(a.values ?? null)}`);
      if (a.values.length === 0) throw bad(`${at}.values`, `empty axis: give ${a.set} at least one value`);
      axes.push({ set: a.set.trim(), values: a.values, at });
    });
  }

  const variants: SweepFileVariant[] = [];
  if (spec.variants !== undefined && spec.variants !== null) {
    if (!Array.isArray(spec.variants)) throw bad('spec.variants', 'expected a list of {name, sets: [KIND/NAME.PATH=VALUE, ...]}');
    const names = new Set<string>();
    spec.variants.forEach((v, i) => {
      const at = `spec.variants[${i}]`;
      if (!isPlainObject(v)) throw bad(at, 'expected {name, sets: [KIND/NAME.PATH=VALUE, ...]}');
      for (const k of Object.keys(v)) if (!VARIANT_FIELDS.includes(k)) throw bad(`${at}.${k}`, unknownName('field', k, VARIANT_FIELDS));
      if (typeof v.name !== 'string' || v.name.trim() === '') throw bad(`${at}.name`, `expected a name, got ${JSON.stringify(v.name ?? null)}`);
      if (v.name === 'baseline') throw bad(`${at}.name`, '"baseline" is the scenario as written; choose another name');
      if (names.has(v.name)) throw bad(`${at}.name`, `a second variant named ${JSON.stringify(v.name)}`);
      names.add(v.name);
      if (!Array.isArray(v.sets) || v.sets.length === 0) throw bad(`${at}.sets`, 'expected a non-empty list of KIND/NAME.PATH=VALUE overrides');
      v.sets.forEach((s, j) => {
        if (typeof s !== 'string' || !s.includes('=')) throw bad(`${at}.sets[${j}]`, `expected KIND/NAME.PATH=VALUE, got ${JSON.stringify(s)}`);
      });
      variants.push({ name: v.name, sets: v.sets as string[], at });
    });
  }
  if (axes.length === 0 && variants.length === 0) throw bad('spec', 'nothing to sweep: give spec.axes and/or spec.variants');
  return { file, name, scenario, seeds, axes, variants };
}
