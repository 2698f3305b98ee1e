/**
 * `--set` overrides, applied to the raw documents before normalising (so every override is validated exactly
 * like the file itself):
 *
 *   deploy/api.spec.replicas=5                                 KIND/NAME.PATH=VALUE (kubectl kind names:
 *   hpa/api.spec.maxReplicas=20                                deployment|deploy|deployments, service|svc|services,
 *   svc/api.spec.selector["app.kubernetes.io/name"]=api        horizontalpodautoscaler|hpa; any case)
 *   deploy/api.spec.template.spec.containers[0].resources.requests.cpu=250m
 *   scenario.spec.apps.api.versions["myrepo/api:1.3.0"].startupTime=40s      the Scenario document
 *
 * PATH is dotted, with `[i]` list indices and `["key"]` for keys holding dots or slashes. VALUE is read as YAML:
 * `3` is a number, `true` a boolean, `250m` and `"3"` strings, `[1, 2]` / `{a: 1}` flow collections, and an empty
 * value or `null` removes the field. A key missing from the document is created (the validator then rejects it if
 * it is not a field); a list index must exist. With `{list: true}` (`kubesim sweep`), `V1,V2` is a list of values.
 */
import { parse as parseYaml } from 'yaml';
import { UserError } from '../engine/errors.js';
import { isPlainObject, suggest } from './fields.js';
import { documentLabel, type LoadedDocuments, type RawDocument } from './load.js';

export type SetKind = 'Deployment' | 'Service' | 'HorizontalPodAutoscaler' | 'PodDisruptionBudget';

const KIND_NAMES: Readonly<Record<string, SetKind>> = {
  deployment: 'Deployment',
  deployments: 'Deployment',
  deploy: 'Deployment',
  service: 'Service',
  services: 'Service',
  svc: 'Service',
  horizontalpodautoscaler: 'HorizontalPodAutoscaler',
  horizontalpodautoscalers: 'HorizontalPodAutoscaler',
  hpa: 'HorizontalPodAutoscaler',
  poddisruptionbudget: 'PodDisruptionBudget',
  poddisruptionbudgets: 'PodDisruptionBudget',
  pdb: 'PodDisruptionBudget',
};

export type PathSegment = { key: string } | { index: number };

export interface SetExpression {
  /** The expression as given, for messages. */
  text: string;
  /** `scenario`, or a kind with the object's name (which may hold dots: resolved against the documents). */
  target: { kind: 'Scenario' } | { kind: SetKind; name: string };
  path: PathSegment[];
  /** The value (the first one with `{list: true}`). */
  value: unknown;
  /** Every value: one, or several with `{list: true}` and `V1,V2`. */
  values: unknown[];
}

export interface AppliedSet {
  set: SetExpression;
  file: string;
  /** `Deployment/api`; undefined for the Scenario document. */
  label: string | undefined;
  path: PathSegment[];
}

/** Path segments that would walk JavaScript's prototype chain instead of the document. */
const FORBIDDEN_SEGMENTS = new Set(['__proto__', 'constructor', 'prototype']);

const USAGE = 'expected KIND/NAME.PATH=VALUE or scenario.PATH=VALUE, e.g. deploy/api.spec.replicas=3';

export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const s of path) {
    if ('index' in s) out += `[${s.index}]`;
    else if (/^[A-Za-z0-9_-]+$/.test(s.key)) out += out === '' ? s.key : `.${s.key}`;
    else out += `[${JSON.stringify(s.key)}]`;
  }
  return out;
}

/** Parses one `--set` expression (no documents needed). Throws a `UserError` naming the flag. */
export function parseSetExpression(text: string, options: { list?: boolean } = {}): SetExpression {
  const bad = (detail: string): UserError => new UserError(detail, { file: `--set ${text}` });
  const eq = findEquals(text);
  if (eq < 0) throw bad(`missing "=VALUE": ${USAGE}`);
  const lhs = text.slice(0, eq).trim();
  const rhs = text.slice(eq + 1);
  let target: SetExpression['target'];
  let rest: string;
  const slash = lhs.indexOf('/');
  const dot = lhs.indexOf('.');
  if (slash > 0 && (dot < 0 || slash < dot)) {
    const kindText = lhs.slice(0, slash);
    const kind = KIND_NAMES[kindText.toLowerCase()];
    if (!kind) {
      const near = suggest(kindText, [...Object.keys(KIND_NAMES), 'scenario']);
      const hint = near ? `did you mean "${near}"? ` : '';
      throw bad(`unknown kind ${JSON.stringify(kindText)} (${hint}expected deployment (deploy), service (svc), horizontalpodautoscaler (hpa), poddisruptionbudget (pdb), or scenario.PATH)`);
    }
    rest = lhs.slice(slash + 1);
    const nameEnd = rest.search(/[.[]/);
    const name = nameEnd < 0 ? rest : rest.slice(0, nameEnd);
    if (name === '') throw bad(`missing object name after "${kindText}/": ${USAGE}`);
    target = { kind, name };
    rest = nameEnd < 0 ? '' : rest.slice(nameEnd);
  } else if (lhs.toLowerCase() === 'scenario' || lhs.toLowerCase().startsWith('scenario.') || lhs.toLowerCase().startsWith('scenario[')) {
    target = { kind: 'Scenario' };
    rest = lhs.slice('scenario'.length);
  } else {
    throw bad(USAGE);
  }
  if (rest.startsWith('.')) rest = rest.slice(1);
  else if (rest !== '' && !rest.startsWith('[')) throw bad(USAGE);
  const path = parsePath(rest, bad);
  if (path.length === 0) throw bad(`missing field path: ${USAGE}`);
  const forbidden = path.find((s) => 'key' in s && FORBIDDEN_SEGMENTS.has(s.key));
  if (forbidden) throw bad(`${JSON.stringify((forbidden as { key: string }).key)} is not a field of any object (a path names fields only)`);
  const values = (options.list ? splitList(rhs) : [rhs]).map((v) => parseValue(v, bad));
  return { text, target, path, value: values[0], values };
}

/** The first `=` outside brackets and quotes. */
function findEquals(s: string): number {
  let quote = '';
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[') depth++;
    else if (c === ']') depth--;
    else if (c === '=' && depth === 0) return i;
  }
  return -1;
}

function parsePath(s: string, bad: (d: string) => UserError): PathSegment[] {
  const out: PathSegment[] = [];
  let i = 0;
  const expectKey = (): void => {
    let j = i;
    while (j < s.length && !'.[]'.includes(s[j]!)) j++;
    const key = s.slice(i, j).trim();
    if (key === '') throw bad(`empty field name in path ${JSON.stringify(s)}: ${USAGE}`);
    out.push({ key });
    i = j;
  };
  if (s === '') return out;
  if (s[0] !== '[') expectKey();
  while (i < s.length) {
    const c = s[i]!;
    if (c === '.') {
      i++;
      expectKey();
    } else if (c === '[') {
      const close = s[i + 1] === '"' || s[i + 1] === "'" ? s.indexOf(s[i + 1]! + ']', i + 2) + 1 : s.indexOf(']', i);
      if (close <= 0) throw bad(`unclosed "[" in path ${JSON.stringify(s)}`);
      const inner = s.slice(i + 1, close).trim();
      if (/^\d+$/.test(inner)) out.push({ index: Number(inner) });
      else if (/^(".*"|'.*')$/.test(inner) && inner.length >= 3) out.push({ key: inner.slice(1, -1) });
      else throw bad(`expected a list index [0] or a quoted key ["a.b"] in path, got [${inner}]`);
      i = close + 1;
    } else throw bad(`unexpected ${JSON.stringify(c)} in path ${JSON.stringify(s)}`);
  }
  return out;
}

/** Splits `a,b,"c,d"` at commas outside quotes and brackets. */
function splitList(s: string): string[] {
  const out: string[] = [];
  let quote = '';
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) {
      out.push(s.slice(start, i));
      start = i + 1;
    }
  }
  out.push(s.slice(start));
  return out;
}

function parseValue(text: string, bad: (d: string) => UserError): unknown {
  const t = text.trim();
  if (t === '') return null;
  let v: unknown;
  try {
    v = parseYaml(t);
  } catch (e) {
    throw bad(`cannot read the value as YAML: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}`);
  }
  // `a: b` would be a mapping in YAML; only flow collections ([..], {..}) are taken as collections.
  if (typeof v === 'object' && v !== null && !/^[[{]/.test(t)) return t;
  if (hasForbiddenKey(v)) throw bad('the value holds a "__proto__" key, which is not a field of any object');
  return v;
}

function hasForbiddenKey(v: unknown): boolean {
  const stack = [v];
  while (stack.length > 0) {
    const x = stack.pop();
    if (Array.isArray(x)) stack.push(...x);
    else if (isPlainObject(x)) {
      if (Object.hasOwn(x, '__proto__')) return true;
      stack.push(...Object.values(x));
    }
  }
  return false;
}

const kindOf = (d: RawDocument): unknown => (isPlainObject(d.doc) ? d.doc.kind : undefined);
const nameOf = (d: RawDocument): unknown => (isPlainObject(d.doc) && isPlainObject(d.doc.metadata) ? d.doc.metadata.name : undefined);
const namespaceOf = (d: RawDocument): string => {
  const ns = isPlainObject(d.doc) && isPlainObject(d.doc.metadata) ? d.doc.metadata.namespace : undefined;
  return typeof ns === 'string' && ns !== '' ? ns : 'default';
};

/**
 * The documents `name` names: `namespace/name` that one; a bare name the object of namespace default, else every
 * object of that name (as a bare name in `apps` and `traffic` means the only one).
 */
function named(docs: readonly RawDocument[], name: string): RawDocument[] {
  const slash = name.indexOf('/');
  if (slash >= 0) return docs.filter((d) => nameOf(d) === name.slice(slash + 1) && namespaceOf(d) === name.slice(0, slash));
  const all = docs.filter((d) => nameOf(d) === name);
  const inDefault = all.filter((d) => namespaceOf(d) === 'default');
  return inDefault.length > 0 ? inDefault : all;
}

/** Applies `sets` in order to the loaded documents (in place). Returns what was changed where, for messages. */
export function applySets(loaded: LoadedDocuments, sets: readonly SetExpression[]): AppliedSet[] {
  const applied: AppliedSet[] = [];
  for (const set of sets) {
    const bad = (detail: string, path?: string): UserError => new UserError(detail, { file: `--set ${set.text}`, path });
    if (set.target.kind === 'Scenario') {
      setAt(loaded.scenario.doc, set.path, set.value, bad);
      applied.push({ set, file: loaded.scenario.file, label: undefined, path: set.path });
      continue;
    }
    const { kind, name } = set.target;
    const ofKind = loaded.manifests.filter((d) => kindOf(d) === kind);
    // A name may hold dots (`api.v2`): take the longest name that exists, followed by the rest of the path.
    let matches: RawDocument[] = [];
    let path = set.path;
    let full = name;
    for (let i = 0; i <= set.path.length; i++) {
      const found = named(ofKind, full);
      if (found.length > 0) [matches, path] = [found, set.path.slice(i)];
      const seg = set.path[i];
      if (!seg || !('key' in seg)) break;
      full = `${full}.${seg.key}`;
    }
    if (matches.length === 0) {
      const names = ofKind.filter((d) => typeof nameOf(d) === 'string').map((d) => (namespaceOf(d) === 'default' ? String(nameOf(d)) : `${namespaceOf(d)}/${String(nameOf(d))}`));
      const near = suggest(name, names);
      const known = names.length ? `the scenario's ${kind}s: ${names.join(', ')}` : `the scenario has no ${kind}`;
      throw bad(`no ${kind} named ${JSON.stringify(name)} (${near ? `did you mean "${near}"? ` : ''}${known})`);
    }
    if (path.length === 0) throw bad(`missing field path after the object name: ${USAGE}`);
    for (const d of matches) {
      setAt(d.doc as Record<string, unknown>, path, structuredClone(set.value), bad);
      applied.push({ set, file: d.file, label: documentLabel(d), path });
    }
  }
  return applied;
}

/**
 * The value a `--set` would replace: what the documents hold at its path (the object found as `applySets` finds
 * it), or undefined when the field is not written (its default applies).
 */
export function valueAt(loaded: LoadedDocuments, set: SetExpression): unknown {
  let doc: unknown;
  let path = set.path;
  if (set.target.kind === 'Scenario') doc = loaded.scenario.doc;
  else {
    const { kind, name } = set.target;
    const ofKind = loaded.manifests.filter((d) => kindOf(d) === kind);
    let full = name;
    for (let i = 0; i <= set.path.length; i++) {
      const found = ofKind.find((d) => nameOf(d) === full);
      if (found) [doc, path] = [found.doc, set.path.slice(i)];
      const seg = set.path[i];
      if (!seg || !('key' in seg)) break;
      full = `${full}.${seg.key}`;
    }
  }
  let cur: unknown = doc;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = 'key' in seg ? (cur as Record<string, unknown>)[seg.key] : (cur as unknown[])[seg.index];
  }
  return cur;
}

function typeName(v: unknown): string {
  if (Array.isArray(v)) return 'a list';
  if (isPlainObject(v)) return 'a mapping';
  return typeof v === 'string' ? 'a string' : typeof v === 'number' ? 'a number' : typeof v === 'boolean' ? 'a boolean' : String(v);
}

function setAt(doc: Record<string, unknown>, path: readonly PathSegment[], value: unknown, bad: (d: string, p?: string) => UserError): void {
  let cur: unknown = doc;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    const last = i === path.length - 1;
    const here = formatPath(path.slice(0, i)) || '(document)';
    if ('index' in seg) {
      if (!Array.isArray(cur)) throw bad(`${here} is ${typeName(cur)}, not a list, so [${seg.index}] does not apply`, formatPath(path.slice(0, i + 1)));
      if (seg.index >= cur.length) {
        throw bad(`index ${seg.index} is out of range (the list has ${cur.length} item${cur.length === 1 ? '' : 's'})`, formatPath(path.slice(0, i + 1)));
      }
      if (last) cur[seg.index] = value;
      else cur = cur[seg.index];
      continue;
    }
    if (!isPlainObject(cur)) throw bad(`${here} is ${typeName(cur)}, not a mapping, so .${seg.key} does not apply`, formatPath(path.slice(0, i + 1)));
    if (last) {
      if (value === null) delete cur[seg.key];
      else cur[seg.key] = value;
      return;
    }
    const next = Object.hasOwn(cur, seg.key) ? cur[seg.key] : undefined;
    if (next === undefined || next === null) {
      const following = path[i + 1]!;
      if ('index' in following) throw bad(`index ${following.index} is out of range (${formatPath(path.slice(0, i + 1))} is not set)`, formatPath(path.slice(0, i + 2)));
      cur[seg.key] = {};
    }
    cur = cur[seg.key];
  }
}

/** Field path text → comparable segments: `a.b[0]["c.d"][cpu]` → a, b, 0, c.d, cpu. */
function segmentsOf(path: string): string[] {
  const out: string[] = [];
  for (const m of path.matchAll(/\[("(?:[^"\\]|\\.)*"|'[^']*'|[^\]]*)\]|([^.[\]]+)/g)) {
    const inner = m[1];
    if (inner === undefined) out.push(m[2]!);
    else if (inner.startsWith('"')) out.push(JSON.parse(inner) as string);
    else if (inner.startsWith("'")) out.push(inner.slice(1, -1));
    else out.push(inner);
  }
  return out;
}

/**
 * When a validation error is about a field a `--set` wrote (or one inside it, or the object holding it), the
 * message names the `--set` expression: `--set hpa/api.spec.minReplica=3: HorizontalPodAutoscaler/api: …`.
 */
export function blameSet(e: UserError, applied: readonly AppliedSet[]): UserError {
  if (e.file === undefined || e.path === undefined) return e;
  for (const a of [...applied].reverse()) {
    if (e.file !== a.file) continue;
    let fieldPath = e.path;
    if (a.label !== undefined) {
      if (!fieldPath.startsWith(`${a.label}: `)) continue;
      fieldPath = fieldPath.slice(a.label.length + 2);
    }
    const err = segmentsOf(fieldPath);
    const set = a.path.map((s) => ('index' in s ? String(s.index) : s.key));
    const n = Math.min(err.length, set.length);
    if (n === 0 || err.slice(0, n).some((s, i) => s !== set[i])) continue;
    return new UserError(e.detail, { file: `--set ${a.set.text}`, path: e.path });
  }
  return e;
}
