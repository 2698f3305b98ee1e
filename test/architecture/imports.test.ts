/**
 * The import flow of src/, read from the import statements themselves:
 *
 *   cli ─► scenario, world, compare, report        compare ─► scenario, world
 *   world ─► k8s, workload, results                 report ─► results (types from anywhere)
 *   k8s ─► engine    workload ─► engine              nothing imports cli; k8s and workload never meet
 *
 * A value import is an edge; an `import type` only borrows a shape, which report and world may take from the
 * layers that produce their input (report: compare's model; world: the normalised scenario).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const SRC = resolve('src');

/** Who may import whom (values). `index` is src/index.ts, `version` src/version.ts. */
const VALUE_EDGES: Record<string, readonly string[]> = {
  engine: [],
  k8s: ['engine'],
  workload: ['engine'],
  results: ['engine', 'workload'],
  scenario: ['engine', 'k8s', 'workload'],
  world: ['engine', 'k8s', 'workload', 'results'],
  compare: ['engine', 'scenario', 'world', 'results', 'version'],
  report: ['engine', 'results'],
  cli: ['engine', 'k8s', 'scenario', 'world', 'compare', 'report', 'results', 'version'],
  bench: ['engine', 'k8s', 'workload', 'results', 'scenario', 'world', 'compare', 'report'],
  index: ['scenario', 'world', 'version'],
  version: [],
  build: [], // the CLI bundler (npm run build): esbuild over tsc's output, no kubesim module
};
/** Extra layers a file may take types from. */
const TYPE_EDGES: Record<string, readonly string[]> = {
  results: ['k8s'],
  world: ['scenario'],
  report: ['compare', 'scenario', 'world'],
  index: ['results', 'scenario'],
};

function layerOf(file: string): string {
  const rel = relative(SRC, file).split('\\').join('/');
  const top = rel.split('/')[0]!;
  return top.endsWith('.ts') ? top.replace(/\.ts$/, '') : top;
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

interface Edge {
  from: string;
  to: string;
  typeOnly: boolean;
  line: number;
}

/** Relative imports and re-exports of one file (`import x from`, `import type`, `export … from`, `import('…')`). */
export function importsOf(file: string, text: string): Edge[] {
  const out: Edge[] = [];
  const re = /^\s*(import|export)\s+(type\s+)?[^'";]*?\bfrom\s+'(\.[^']+)'|^\s*import\s+'(\.[^']+)'|import\(\s*'(\.[^']+)'\s*\)/gm;
  for (const m of text.matchAll(re)) {
    const spec = m[3] ?? m[4] ?? m[5]!;
    const line = text.slice(0, m.index).split('\n').length;
    out.push({ from: file, to: resolve(dirname(file), spec.replace(/\.js$/, '.ts')), typeOnly: m[2] !== undefined, line });
  }
  return out;
}

test('the import reader sees value, type, side-effect and dynamic imports', () => {
  const f = join(SRC, 'world', 'x.ts');
  const text = [
    "import { a } from '../k8s/a.js';",
    "import type { B } from '../scenario/b.js';",
    "export { c } from './c.js';",
    "import '../cli/d.js';",
    "const e = await import('../report/e.js');",
  ].join('\n');
  const edges = importsOf(f, text).map((e) => [layerOf(e.to), e.typeOnly, e.line]);
  assert.equal(edges, [['k8s', false, 1], ['scenario', true, 2], ['world', false, 3], ['cli', false, 4], ['report', false, 5]]);
});

test('no import in src/ runs against the flow', () => {
  const bad: string[] = [];
  for (const file of sources(SRC)) {
    const from = layerOf(file);
    assert.ok(from in VALUE_EDGES, `${relative(SRC, file)}: a layer the flow does not name (${from})`);
    for (const e of importsOf(file, readFileSync(file, 'utf8'))) {
      const to = layerOf(e.to);
      if (to === from) continue;
      const ok = VALUE_EDGES[from]!.includes(to) || (e.typeOnly && (TYPE_EDGES[from] ?? []).includes(to));
      if (!ok) bad.push(`src/${relative(SRC, file)}:${e.line} ${from} → ${to}${e.typeOnly ? ' (type)' : ''}`);
    }
  }
  assert.equal(bad, []);
});

test.run();
