/**
 * Flags more than one command takes, with their parsers: the scenario input (`FILE`, `--scenario`, `-`),
 * `--set`, `--seed`, `--out`, `--quiet`, `--json`, and whole-number flags. Every bad value is a UserError naming
 * the flag.
 */
import type { Argv } from 'yargs';
import { UserError } from '../engine/errors.js';
import { UsageError } from './errors.js';

/** yargs drops a bare `-`; main.ts passes it as this token instead. */
export const STDIN_ARG = '<stdin>';

export interface ScenarioInputArgs {
  files: string[];
  scenario?: string;
  set?: string | string[];
}

/** `[files..]` (the scenario, and `-` for more manifests on stdin), `--scenario`, `--set`. */
export function scenarioInputOptions<T>(y: Argv<T>, setText = 'Override a field: KIND/NAME.PATH=VALUE or scenario.PATH=VALUE (repeatable)') {
  return y
    .positional('files', { type: 'string', array: true, default: [] as string[], describe: 'The scenario file, and - to read more manifests from stdin' })
    .option('scenario', { type: 'string', describe: 'The scenario file (instead of the first argument)' })
    .option('set', { type: 'string', describe: setText });
}

/** `-n/--namespace` of run and validate: the namespace of manifests that name none (kubectl apply -n). */
export function namespaceOption<T>(y: Argv<T>) {
  return y.option('namespace', { alias: 'n', type: 'string', describe: 'Namespace of manifests that name none (as kubectl apply -n)' });
}

export function quietOption<T>(y: Argv<T>) {
  return y.option('quiet', { type: 'boolean', describe: 'Print nothing but errors' });
}

/** Which file holds the Scenario, and whether stdin brings more manifests. */
export function resolveInputs(args: Pick<ScenarioInputArgs, 'files' | 'scenario'>): { file: string; stdin: boolean } {
  const isDash = (f: string) => f === '-' || f === STDIN_ARG;
  const dashes = args.files.filter(isDash).length;
  const files = args.files.filter((f) => !isDash(f));
  if (dashes > 1) throw new UsageError('"-" (standard input) can be given once');
  if (args.scenario !== undefined) {
    if (files.length > 0) throw new UsageError(`give the scenario once: --scenario ${args.scenario} or ${files[0]}`);
    return isDash(args.scenario) ? { file: '-', stdin: false } : { file: args.scenario, stdin: dashes === 1 };
  }
  if (files.length > 1) throw new UsageError('one scenario file only (list more manifests in spec.manifests, or pipe them in with -)');
  if (files.length === 0) {
    if (dashes === 1) return { file: '-', stdin: false };
    throw new UsageError('missing the scenario file: kubesim run FILE');
  }
  return { file: files[0]!, stdin: dashes === 1 };
}

export function parseSeedFlag(seed: string | undefined): number | undefined {
  if (seed === undefined) return undefined;
  if (!/^\d+$/.test(seed.trim()) || !Number.isSafeInteger(Number(seed))) {
    throw new UserError(`expected an integer of 0 or more, got ${JSON.stringify(seed)}`, { file: '--seed' });
  }
  return Number(seed);
}

/** `--set` given once, many times, or not at all. */
export const setFlags = (set: string | string[] | undefined): string[] => (set === undefined ? [] : Array.isArray(set) ? set : [set]);

/** A whole number flag within bounds, or a UserError naming the flag. */
export function countFlag(flag: string, value: string | string[] | undefined, min: number, max: number): number | undefined {
  const text = Array.isArray(value) ? value.at(-1) : value; // given twice: the last one counts
  if (text === undefined) return undefined;
  const t = String(text).trim();
  if (!/^\d+$/.test(t) || Number(t) < min || Number(t) > max) throw new UserError(`expected a whole number from ${min} to ${max}, got ${JSON.stringify(text)}`, { file: flag });
  return Number(t);
}
