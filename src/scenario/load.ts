/**
 * Load: the scenario file (or `-`, standard input) and every manifest it brings along, as raw YAML documents
 * with where each came from — nothing is interpreted yet, so `--set` overrides can apply before normalising.
 *
 *   readScenarioFile   the file's documents: exactly one `kind: Scenario`, the rest are manifests; plus the
 *                      documents read from standard input when the command line has `-`
 *   addManifestFiles   the files and folders named in `spec.manifests` (relative to the scenario file)
 *   parseManifests     every manifest document through `parseManifest`, errors located as
 *                      `<file>: <Kind>/<name>: <field path>: <detail>`
 */
import { readdirSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments } from 'yaml';
import { isUserError, UserError } from '../engine/errors.js';
import { nameProblem } from '../k8s/api/manifest-common.js';
import { describeOpenError, readBoundedStream, readInputText } from '../engine/input-file.js';
import { parseManifest } from '../k8s/api/manifests.js';
import type { KubeObject } from '../k8s/api/types.js';
import { isPlainObject } from './fields.js';
import { cachedDocuments, type InputCache } from './input-cache.js';

export const SCENARIO_API_VERSION = 'kubesim/v1alpha1';
export const STDIN_NAME = '<stdin>';
const MANIFEST_EXTENSIONS = ['.yaml', '.yml', '.json'];

/** One YAML document and where it came from. `doc` is plain data and may be changed by `--set`. */
export interface RawDocument {
  /** The file as the user named it (`<stdin>` for standard input). */
  file: string;
  /** Where in the file: `document 2`, or `document 2, items[0]` inside a `kind: List`. */
  where: string;
  doc: unknown;
  /** Line (1-based) of the document and of the fields findings point at (SOURCE_FIELDS), when read from YAML. */
  lines?: Record<string, number>;
}

/** Fields a CI annotation may point at (`''` = the document itself). */
export const SOURCE_FIELDS = ['', 'spec.replicas', 'spec.strategy', 'spec.progressDeadlineSeconds', 'spec.maxReplicas', 'spec.minReplicas', 'spec.behavior', 'spec'] as const;

export interface LoadedDocuments {
  /** The scenario file as given (`<stdin>` when it was `-`). */
  file: string;
  /** The folder relative paths in the scenario are resolved against. */
  baseDir: string;
  scenario: RawDocument & { doc: Record<string, unknown> };
  manifests: RawDocument[];
  /** Recoverable oddities (an empty manifests folder, YAML warnings). */
  warnings: string[];
  /** Real paths already read, so a file named twice (or the scenario inside a listed folder) is read once. */
  seen: Set<string>;
  /** Files parsed by earlier loads (a sweep's), see input-cache.ts. */
  cache?: InputCache;
}

export interface ReadOptions {
  /** Also read manifests from standard input (the `-` argument). */
  stdin?: boolean;
  /** How to read standard input (tests pass a string). Default: all of `process.stdin`. */
  readStdin?: () => Promise<string>;
  /** Parse each file once for many loads (a sweep's variants); see input-cache.ts. */
  cache?: InputCache;
}

/** A located object, for cross-object messages (`<file>: HorizontalPodAutoscaler/api: spec.scaleTargetRef.name`). */
export interface LocatedObject {
  object: KubeObject;
  file: string;
  /** `Deployment/api` */
  label: string;
  lines?: Record<string, number>;
}

export async function readAllStdin(): Promise<string> {
  return readBoundedStream(process.stdin, 'yaml', (detail) => new UserError(detail, { file: STDIN_NAME }));
}

/** Reads a scenario or manifest file (regular, under the size limit); a failure becomes the UserError `located` builds. */
function readText(path: string, located: (detail: string) => UserError): string {
  return readInputText(path, 'yaml', located);
}

/**
 * Limits on one YAML text, each with what to change. Parsing stays linear in the input size: the `yaml`
 * package's own duplicate-key check compares every key with every other (40,000 keys took 21 s), so it is
 * switched off and `checkNodes` does it with one Set per mapping.
 */
export const YAML_LIMITS = {
  /** Documents in one file (or standard input). */
  documents: 10_000,
  /** Nesting of mappings and lists (real manifests stay under 20). */
  depth: 64,
  /** Nodes an alias may expand to, in all (the `yaml` package's maxAliasCount). */
  aliases: 1000,
} as const;

const FORBIDDEN_KEYS = new Set(['__proto__']);

/** Parses a (multi-document) YAML text; syntax errors name the file, line and column. Empty documents are skipped. */
export function parseYamlDocuments(text: string, file: string, warnings: string[] = []): RawDocument[] {
  const lineCounter = new LineCounter();
  let docs: ReturnType<typeof parseAllDocuments>;
  try {
    docs = parseAllDocuments(text.replace(/^\uFEFF/, ''), { lineCounter, prettyErrors: false, uniqueKeys: false });
  } catch (e) {
    if (e instanceof RangeError) throw new UserError(`YAML nested too deeply (at most ${YAML_LIMITS.depth} levels of mappings and lists)`, { file });
    throw e;
  }
  const list = Array.isArray(docs) ? docs : [docs];
  if (list.length > YAML_LIMITS.documents) {
    throw new UserError(`${list.length} YAML documents, more than the ${YAML_LIMITS.documents} kubesim reads from one file (split the file)`, { file });
  }
  const at = (pos: number): string => {
    const { line, col } = lineCounter.linePos(pos);
    return `line ${line}, column ${col}`;
  };
  const out: RawDocument[] = [];
  list.forEach((d, i) => {
    const err = d.errors[0];
    if (err) {
      if (err.code === 'RESOURCE_EXHAUSTION' || /call stack/i.test(err.message)) {
        throw new UserError(`YAML nested too deeply (at most ${YAML_LIMITS.depth} levels of mappings and lists)`, { file, path: at(err.pos[0]) });
      }
      throw new UserError(`invalid YAML: ${err.message.split('\n')[0]}`, { file, path: at(err.pos[0]) });
    }
    for (const w of d.warnings) warnings.push(`${file}: line ${lineCounter.linePos(w.pos[0]).line}: ${w.message.split('\n')[0]}`);
    checkNodes(d.contents, (detail, pos) => new UserError(detail, { file, path: pos === undefined ? `document ${i + 1}` : at(pos) }));
    let value: unknown;
    try {
      value = d.toJS({ maxAliasCount: YAML_LIMITS.aliases });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      if (/alias/i.test(message)) {
        throw new UserError(`YAML aliases (*name) expand to too many nodes (at most ${YAML_LIMITS.aliases}); write the repeated parts out, or use fewer aliases`, {
          file,
          path: `document ${i + 1}`,
        });
      }
      if (e instanceof RangeError) throw new UserError(`YAML nested too deeply (at most ${YAML_LIMITS.depth} levels of mappings and lists)`, { file, path: `document ${i + 1}` });
      throw new UserError(`invalid YAML: ${message}`, { file, path: `document ${i + 1}` });
    }
    if (value === null || value === undefined) return;
    const where = `document ${i + 1}`;
    if (!isPlainObject(value)) throw new UserError(`expected a mapping (a Kubernetes object or the Scenario), got ${Array.isArray(value) ? 'a list' : typeof value}`, { file, path: where });
    // kubectl's `kind: List` (what `kubectl get -o yaml` prints): its items are the objects.
    if (value.kind === 'List' && Array.isArray(value.items)) {
      value.items.forEach((item, j) => {
        if (!isPlainObject(item)) throw new UserError('expected a Kubernetes object', { file, path: `${where}, items[${j}]` });
        out.push({ file, where: `${where}, items[${j}]`, doc: item });
      });
      return;
    }
    out.push({ file, where, doc: value, lines: fieldLines(d, lineCounter) });
  });
  return out;
}

/** Lines of SOURCE_FIELDS in one parsed document (the `yaml` package's node ranges through its LineCounter). */
function fieldLines(doc: { contents: unknown; getIn(path: string[], keepNode: true): unknown }, lc: LineCounter): Record<string, number> {
  const out: Record<string, number> = {};
  const start = (doc.contents as { range?: [number, number, number] } | null)?.range?.[0];
  if (start !== undefined) out[''] = lc.linePos(start).line;
  for (const f of SOURCE_FIELDS) {
    if (f === '') continue;
    const node = doc.getIn(f.split('.'), true) as { range?: [number, number, number] } | undefined;
    // the key's line is the value's line for scalars; a block value starts on the next line, so take the line before
    const at = node?.range?.[0];
    if (at === undefined) continue;
    const pos = lc.linePos(at);
    out[f] = isBlock(node) && pos.line > 1 ? pos.line - 1 : pos.line;
  }
  return out;
}

function isBlock(node: unknown): boolean {
  return typeof node === 'object' && node !== null && 'items' in node && !(node as { flow?: boolean }).flow;
}

/**
 * One pass over a document's nodes (iterative, so depth cannot overflow the stack): nesting at most
 * `YAML_LIMITS.depth`, no key twice in one mapping, no `__proto__` key (it would reach Object.prototype).
 */
function checkNodes(root: unknown, bad: (detail: string, pos: number | undefined) => UserError): void {
  const stack: { node: unknown; depth: number }[] = [{ node: root, depth: 1 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (isAlias(node) || isScalar(node) || node === null || node === undefined) continue;
    const pos = (node as { range?: [number, number, number] }).range?.[0];
    if (depth > YAML_LIMITS.depth) throw bad(`YAML nested too deeply (at most ${YAML_LIMITS.depth} levels of mappings and lists)`, pos);
    if (isMap(node)) {
      const keys = new Set<string>();
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = pair.key;
        const keyPos = (key as { range?: [number, number, number] } | null)?.range?.[0] ?? pos;
        if (isScalar(key)) {
          const k = String(key.value);
          if (FORBIDDEN_KEYS.has(k)) throw bad(`the key ${JSON.stringify(k)} is not allowed (it is not a field of any object)`, keyPos);
          if (keys.has(k)) throw bad(`invalid YAML: Map keys must be unique (${JSON.stringify(k)} appears twice)`, keyPos);
          keys.add(k);
        } else if (key !== null && key !== undefined) stack.push({ node: key, depth: depth + 1 });
        stack.push({ node: pair.value, depth: depth + 1 });
      }
    } else if (isSeq(node)) {
      for (const item of node.items) stack.push({ node: item, depth: depth + 1 });
    }
  }
}

const isScenarioDoc = (d: RawDocument): boolean => isPlainObject(d.doc) && (d.doc.kind === 'Scenario' || d.doc.apiVersion === SCENARIO_API_VERSION);

/**
 * Reads the scenario file (`-` = standard input) and, with `stdin`, more manifests from standard input.
 * Exactly one document must be the Scenario.
 */
export async function readScenarioFile(file: string, options: ReadOptions = {}): Promise<LoadedDocuments> {
  const readStdin = options.readStdin ?? readAllStdin;
  const fromStdin = file === '-';
  if (fromStdin && options.stdin) throw new UserError('standard input can be read once: give the scenario as a file, or drop the extra "-"', { file: '-' });
  const shown = fromStdin ? STDIN_NAME : file;
  const warnings: string[] = [];
  const seen = new Set<string>();
  let docs: RawDocument[];
  if (fromStdin) docs = parseYamlDocuments(await readStdin(), shown, warnings);
  else {
    docs = cachedDocuments(options.cache, file, shown, warnings, (w) => parseYamlDocuments(readText(file, (detail) => new UserError(detail, { file })), shown, w));
    seen.add(realPath(file));
  }
  const scenarios = docs.filter(isScenarioDoc);
  if (scenarios.length === 0) {
    throw new UserError(`no Scenario document (expected one document with apiVersion: ${SCENARIO_API_VERSION} and kind: Scenario)`, { file: shown });
  }
  if (scenarios.length > 1) {
    throw new UserError(`a second Scenario document (the first is ${scenarios[0]!.where}); a scenario file holds exactly one`, {
      file: shown,
      path: scenarios[1]!.where,
    });
  }
  const scenario = scenarios[0]! as LoadedDocuments['scenario'];
  checkScenarioHeader(scenario);
  const manifests = docs.filter((d) => d !== scenario);
  if (options.stdin) {
    const extra = parseYamlDocuments(await readStdin(), STDIN_NAME, warnings);
    rejectScenarios(extra, shown);
    manifests.push(...extra);
  }
  return { file: shown, baseDir: fromStdin ? process.cwd() : dirname(resolve(file)), scenario, manifests, warnings, seen, ...(options.cache ? { cache: options.cache } : {}) };
}

function checkScenarioHeader(d: RawDocument & { doc: Record<string, unknown> }): void {
  const where = { file: d.file };
  if (d.doc.apiVersion !== SCENARIO_API_VERSION) {
    throw new UserError(`expected ${SCENARIO_API_VERSION}, got ${JSON.stringify(d.doc.apiVersion ?? null)}`, { ...where, path: 'apiVersion' });
  }
  if (d.doc.kind !== 'Scenario') throw new UserError(`expected Scenario, got ${JSON.stringify(d.doc.kind ?? null)}`, { ...where, path: 'kind' });
}

function rejectScenarios(docs: RawDocument[], scenarioFile: string): void {
  const extra = docs.find(isScenarioDoc);
  if (extra) throw new UserError(`a second Scenario document (the first is in ${scenarioFile}); only the scenario file holds one`, { file: extra.file, path: extra.where });
}

/** Adds the documents of the files and folders listed in `spec.manifests` (after `scenario.*` overrides). */
export function addManifestFiles(loaded: LoadedDocuments): void {
  const spec = loaded.scenario.doc.spec;
  const list = isPlainObject(spec) ? spec.manifests : undefined;
  if (list === undefined || list === null) return;
  if (!Array.isArray(list)) throw new UserError(`expected a list of files or folders, got ${typeof list}`, { file: loaded.file, path: 'spec.manifests' });
  list.forEach((entry, i) => {
    const path = `spec.manifests[${i}]`;
    if (typeof entry !== 'string' || entry.trim() === '') {
      throw new UserError(`expected a file or folder name, got ${JSON.stringify(entry)}`, { file: loaded.file, path });
    }
    const full = resolve(loaded.baseDir, entry);
    let isDir: boolean;
    try {
      isDir = statSync(full).isDirectory();
    } catch (e) {
      const why = describeOpenError(full, e);
      const relative = `relative to ${loaded.file === STDIN_NAME ? 'the current folder' : 'the scenario file'}`;
      throw new UserError(why === 'file not found' ? `${JSON.stringify(entry)} not found (${relative})` : `${JSON.stringify(entry)} ${why} (${relative})`, { file: loaded.file, path });
    }
    const files = isDir ? listManifestFolder(full, entry, (detail) => new UserError(detail, { file: loaded.file, path })) : [full];
    if (isDir && files.length === 0) loaded.warnings.push(`${loaded.file}: ${path}: folder ${JSON.stringify(entry)} holds no *.yaml, *.yml or *.json files`);
    for (const f of files) {
      const real = realPath(f);
      if (loaded.seen.has(real)) continue;
      loaded.seen.add(real);
      const shown = isDir ? join(entry, f.slice(full.length + 1)) : entry;
      const docs = cachedDocuments(loaded.cache, f, shown, loaded.warnings, (w) =>
        parseYamlDocuments(readText(f, (detail) => new UserError(`${shown}: ${detail}`, { file: loaded.file, path })), shown, w),
      );
      rejectScenarios(docs, loaded.file);
      loaded.manifests.push(...docs);
    }
  });
}

/** The real path (symbolic links resolved), or the path itself when it cannot be resolved (the read then says why). */
function realPath(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return resolve(p);
  }
}

/** The *.yaml, *.yml and *.json files of a folder, sorted; sub-folders are skipped, a broken link is an error. */
function listManifestFolder(full: string, entry: string, bad: (detail: string) => UserError): string[] {
  let names: string[];
  try {
    names = readdirSync(full);
  } catch (e) {
    throw bad(`${JSON.stringify(entry)} ${describeOpenError(full, e)}`);
  }
  const out: string[] = [];
  for (const n of names.filter((n) => MANIFEST_EXTENSIONS.some((ext) => n.toLowerCase().endsWith(ext))).sort()) {
    const p = join(full, n);
    try {
      if (statSync(p).isDirectory()) continue;
    } catch (e) {
      throw bad(`${JSON.stringify(join(entry, n))} ${describeOpenError(p, e)}`);
    }
    out.push(p);
  }
  return out;
}

/** `Deployment/api`, `Deployment (document 2)`, or `document 2` when even the kind is missing. */
export function documentLabel(d: RawDocument): string {
  const doc = isPlainObject(d.doc) ? d.doc : {};
  const kind = typeof doc.kind === 'string' && doc.kind !== '' ? doc.kind : undefined;
  const meta = isPlainObject(doc.metadata) ? doc.metadata : {};
  const name = typeof meta.name === 'string' && meta.name !== '' ? meta.name : undefined;
  if (kind && name) return `${kind}/${name}`;
  return kind ? `${kind} (${d.where})` : d.where;
}

/** Runs every manifest through `parseManifest`. Errors and warnings are located in their file and object. */
export function parseManifests(docs: readonly RawDocument[]): { objects: LocatedObject[]; warnings: string[] } {
  const objects: LocatedObject[] = [];
  const warnings: string[] = [];
  for (const d of docs) {
    const label = documentLabel(d);
    let parsed: ReturnType<typeof parseManifest>;
    try {
      parsed = parseManifest(d.doc);
    } catch (e) {
      if (!isUserError(e)) throw e;
      throw locate(e, d.file, label);
    }
    objects.push({ object: parsed.object, file: d.file, label, ...(d.lines ? { lines: d.lines } : {}) });
    for (const w of parsed.warnings) warnings.push(`${d.file}: ${label}: ${w}`);
  }
  return { objects, warnings };
}

/** `<file>: <Kind>/<name>: <field path>: <detail>` */
export function locate(e: UserError, file: string, label: string): UserError {
  return new UserError(e.detail, { file: e.file ?? file, path: e.path ? `${label}: ${e.path}` : label });
}

/** Kinds without a namespace (cluster-scoped), which `-n` leaves alone. */
const CLUSTER_SCOPED = new Set([
  'Namespace', 'Node', 'PersistentVolume', 'StorageClass', 'PriorityClass', 'ClusterRole', 'ClusterRoleBinding',
  'CustomResourceDefinition', 'IngressClass', 'RuntimeClass', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration',
  'APIService', 'CSIDriver', 'VolumeSnapshotClass', 'NodePool', 'EC2NodeClass',
]);

/**
 * `kubectl apply -n NAME`: objects without `metadata.namespace` get NAME; an object that names another namespace is
 * refused with kubectl's message.
 */
export function applyNamespace(docs: RawDocument[], namespace: string): void {
  const problem = nameProblem(namespace, 'label');
  if (problem) throw new UserError(`Invalid value: ${JSON.stringify(namespace)}: ${problem}`, { file: '--namespace' });
  for (const d of docs) {
    if (!isPlainObject(d.doc) || typeof d.doc.kind !== 'string' || CLUSTER_SCOPED.has(d.doc.kind)) continue;
    const meta = isPlainObject(d.doc.metadata) ? d.doc.metadata : undefined;
    if (!meta) continue;
    const ns = meta.namespace;
    if (ns === undefined || ns === null || ns === '') {
      d.doc = { ...d.doc, metadata: { ...meta, namespace } };
      continue;
    }
    if (ns !== namespace) {
      throw new UserError(
        `the namespace from the provided object ${JSON.stringify(ns)} does not match the namespace ${JSON.stringify(namespace)}. You must pass '--namespace=${String(ns)}' to perform this operation.`,
        { file: d.file, path: `${documentLabel(d)}: metadata.namespace` },
      );
    }
  }
}
