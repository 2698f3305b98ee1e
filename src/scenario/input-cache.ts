/**
 * Inputs read once for many loads of one scenario: a sweep loads its scenario once per variant (and once per
 * axis value while planning), each time with other `--set` overrides, and the files under it do not change in
 * between. With a cache, `loadScenario` parses each YAML file once and loads each CSV trace once; every load still
 * applies its own overrides and normalises and validates from scratch, so a cached load gives the same scenario
 * (and the same errors) as an uncached one.
 *
 * - YAML documents are kept as parsed and handed out as copies (`structuredClone`): overrides change documents.
 * - CSV traces are handed out as they are: nothing changes a trace once it is loaded, so every variant's scenario
 *   shares one copy of it.
 *
 * A cache is plain data (Maps, objects, typed arrays), so it crosses to a worker thread by structured clone;
 * `shareTraces` first moves the traces into shared memory, so the threads share them instead of each holding a
 * copy. Standard input is never cached (it can be read once).
 */
import { resolve } from 'node:path';
import type { CsvTrace } from '../workload/traffic/types.js';
import type { RawDocument } from './load.js';

export interface InputCache {
  /** Parsed documents of a YAML file, and the warnings parsing gave, by absolute path and the name shown for it. */
  readonly documents: Map<string, { docs: RawDocument[]; warnings: string[] }>;
  /** Loaded CSV traces, by absolute path. Shared, never changed. */
  readonly traces: Map<string, CsvTrace>;
}

export function inputCache(): InputCache {
  return { documents: new Map(), traces: new Map() };
}

/**
 * The documents of `file`, named `shown` in messages (parsed by `parse` the first time), as a fresh copy the
 * caller may change; the warnings parsing gave are added to `warnings` every time.
 */
export function cachedDocuments(
  cache: InputCache | undefined,
  file: string,
  shown: string,
  warnings: string[],
  parse: (warnings: string[]) => RawDocument[],
): RawDocument[] {
  if (!cache) return parse(warnings);
  const key = `${resolve(file)}\u0000${shown}`; // the documents carry the name they were read under
  let hit = cache.documents.get(key);
  if (!hit) {
    const own: string[] = [];
    hit = { docs: parse(own), warnings: own };
    cache.documents.set(key, hit);
  }
  warnings.push(...hit.warnings);
  return structuredClone(hit.docs);
}

/** The trace at `file` (absolute), loaded by `load` the first time. */
export function cachedTrace(cache: InputCache | undefined, file: string, load: () => CsvTrace): CsvTrace {
  if (!cache) return load();
  let trace = cache.traces.get(file);
  if (!trace) {
    trace = load();
    cache.traces.set(file, trace);
  }
  return trace;
}

/** Moves the cached traces into shared memory (once), so that cloning the cache to a worker does not copy them. */
export function shareTraces(cache: InputCache): void {
  for (const [file, t] of cache.traces) {
    if (t.timesMs.buffer instanceof SharedArrayBuffer) continue;
    cache.traces.set(file, { ...t, timesMs: shared(t.timesMs), rps: shared(t.rps) });
  }
}

function shared(a: Float64Array): Float64Array {
  const out = new Float64Array(new SharedArrayBuffer(a.byteLength));
  out.set(a);
  return out;
}
