/**
 * The guarantees behind issue 21, one table or test each: bounded reads, YAML limits, `--set` paths, the run-size
 * estimate, owned and locked output folders, CSV formula injection, terminal text, large numbers, safe names and
 * the latency-only SLO under a total outage. (The bad-input corpus in test/corpus covers them end to end.)
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { terminalText } from '../../src/cli/io.js';
import { readInputFile } from '../../src/engine/input-file.js';
import { safeText } from '../../src/report/csv-safe.js';
import { eventsCsv, hpaCsv } from '../../src/report/files.js';
import { claimOutputFolder, releaseOutputFolders, writeOwnedFolder } from '../../src/report/output-folder.js';
import { defaultOutDir, safeName } from '../../src/report/paths.js';
import { formatInt, formatNumber } from '../../src/results/format.js';
import { evaluateSlo } from '../../src/results/slo.js';
import type { Summary } from '../../src/results/types.js';
import { checkRunSize, estimateRun, loadScenario } from '../../src/scenario/index.js';
import { parseYamlDocuments } from '../../src/scenario/load.js';
import { parseSetExpression } from '../../src/scenario/overrides.js';
import { tempDir } from '../cli/helpers.js';

// ---- bounded reads ----

const readRows: { name: string; setup: (dir: string) => string; message: RegExp }[] = [
  { name: 'a regular file is read', setup: (d) => (writeFileSync(join(d, 'a.yaml'), 'x: 1'), join(d, 'a.yaml')), message: /^$/ },
  { name: '/dev/zero is a device, not read', setup: () => '/dev/zero', message: /is a device, expected a regular file/ },
  { name: 'a folder is refused', setup: (d) => d, message: /is a folder/ },
  { name: 'a broken symbolic link says so', setup: (d) => (symlinkSync('nowhere', join(d, 'l.yaml')), join(d, 'l.yaml')), message: /broken symbolic link/ },
  { name: 'a symbolic link loop says so', setup: (d) => (symlinkSync('loop.yaml', join(d, 'loop.yaml')), join(d, 'loop.yaml')), message: /loops/ },
  { name: 'a missing file', setup: (d) => join(d, 'nope.yaml'), message: /file not found/ },
  { name: 'a file over the limit is refused before it is read', setup: (d) => (writeFileSync(join(d, 'big.json'), Buffer.alloc(65 * 1024 * 1024)), join(d, 'big.json')), message: /is 65\.0 MiB, more than the 64\.0 MiB/ },
];
for (const row of readRows) {
  test(`readInputFile: ${row.name}`, () => {
    const path = row.setup(tempDir());
    let message = '';
    try {
      readInputFile(path, 'json');
    } catch (e) {
      message = (e as Error).message;
    }
    assert.match(message, row.message);
  });
}

// ---- YAML ----

const yamlRows: { name: string; text: string; message: RegExp }[] = [
  { name: 'nesting over 64 levels', text: 'a: ' + '['.repeat(65) + ']'.repeat(65), message: /nested too deeply \(at most 64 levels/ },
  { name: 'nesting so deep the parser gives up', text: 'a: ' + '['.repeat(20_000) + ']'.repeat(20_000), message: /nested too deeply/ },
  { name: 'an alias bomb', text: 'a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]', message: /aliases .*at most 1000/ },
  { name: 'a duplicate key, found without the quadratic check', text: 'a: 1\nb: 2\na: 3', message: /line 3, column 1: invalid YAML: Map keys must be unique \("a" appears twice\)/ },
  { name: 'a __proto__ key', text: 'a:\n  __proto__: {x: 1}', message: /"__proto__" is not allowed/ },
  { name: 'more than 10,000 documents', text: '--- {}\n'.repeat(10_001), message: /10001 YAML documents, more than the 10000/ },
];
for (const row of yamlRows) {
  test(`YAML limits: ${row.name}`, () => assert.throws(() => parseYamlDocuments(row.text, 'x.yaml'), row.message));
}

test('YAML: a 40,000-key mapping parses (the duplicate-key check is one Set, not every pair)', () => {
  const text = Array.from({ length: 40_000 }, (_, i) => `k${i}: ${i}`).join('\n');
  const docs = parseYamlDocuments(text, 'x.yaml');
  assert.is(Object.keys(docs[0]!.doc as object).length, 40_000);
});

// ---- --set paths ----

for (const expr of ['scenario.spec.__proto__.duration=1e308', 'scenario.constructor.x=1', 'deploy/api.spec.prototype=1', 'hpa/api["__proto__"].x=1']) {
  test(`--set refuses a path through the prototype chain: ${expr}`, () => assert.throws(() => parseSetExpression(expr), /is not a field of any object/));
}
test('--set refuses a value holding __proto__', () => assert.throws(() => parseSetExpression('scenario.spec.apps={__proto__: {x: 1}}'), /__proto__/));
test('--set: Object.prototype is untouched after a refused path', () => {
  try {
    parseSetExpression('scenario.spec.__proto__.polluted=1');
  } catch {
    // refused
  }
  assert.is(({} as Record<string, unknown>).polluted, undefined);
});

// ---- run size ----

const BUNDLED = ['seed-api', 'crash-overnight', 'hpa-behaviors', 'overload', 'php-apache', 'recreate', 'rolling-update', 'bad-release', 'sweep-api'];
test('run size: every bundled scenario estimates under the limits', async () => {
  for (const name of BUNDLED) {
    const s = await loadScenario(`scenarios/${name}.yaml`);
    const e = checkRunSize(s);
    assert.ok(e.events < 10_000_000 && e.samples < 100_000, `${name}: ${JSON.stringify(e)}`);
  }
});
test('run size: a week of seed-api at 10s samples estimates ~60,481 rows; at 1ms samples it is refused with what to change', async () => {
  const s = await loadScenario('scenarios/seed-api.yaml', { sets: ['scenario.spec.duration=168h'] });
  assert.is(estimateRun(s).samples, 60_481);
  let message = '';
  try {
    await loadScenario('scenarios/seed-api.yaml', { sets: ['scenario.spec.sampleInterval=1ms'] });
  } catch (e) {
    message = (e as Error).message;
  }
  assert.match(message, /spec\.sampleInterval: the run would write 86\.4 million timeseries rows .*use a longer spec\.sampleInterval/);
});

// ---- output folders ----

test('output folder: a user file in a kubesim folder survives the next run; the old run\'s files it no longer writes go', () => {
  const dir = join(tempDir(), 'out');
  writeOwnedFolder(dir, new Map([['summary.json', '1'], ['charts/a.svg', '<svg/>']]));
  writeFileSync(join(dir, 'notes.txt'), 'mine');
  writeOwnedFolder(dir, new Map([['summary.json', '2']]));
  assert.equal(readdirSync(dir).sort(), ['.kubesim-files', 'notes.txt', 'summary.json']);
  assert.is(readFileSync(join(dir, 'notes.txt'), 'utf8'), 'mine');
  assert.is(readFileSync(join(dir, '.kubesim-files'), 'utf8'), '["summary.json"]\n');
  assert.equal(readdirSync(join(dir, '..')).sort(), ['out'], 'no partial folder or lock left');
});
test('output folder: a folder written before manifests has only its kubesim files replaced', () => {
  const dir = join(tempDir(), 'out');
  mkdirSync(dir);
  for (const [n, c] of [['summary.json', 'old'], ['hpa.csv', 'old'], ['keep.csv', 'mine']]) writeFileSync(join(dir, n!), c!);
  writeOwnedFolder(dir, new Map([['summary.json', 'new']]));
  assert.equal(readdirSync(dir).sort(), ['.kubesim-files', 'keep.csv', 'summary.json']);
});
test('output folder: a second run into a folder in use fails with exit-2 words; a stale lock is taken over', () => {
  const dir = join(tempDir(), 'out');
  writeFileSync(`${dir}.lock`, `${process.ppid}\n`); // a live process that is not us
  assert.throws(() => claimOutputFolder(dir), /--out: .* is in use by another kubesim run \(pid \d+/);
  writeFileSync(`${dir}.lock`, '999999999\n'); // no such process
  claimOutputFolder(dir);
  assert.is(readFileSync(`${dir}.lock`, 'utf8'), `${process.pid}\n`);
  releaseOutputFolders();
  assert.not.ok(existsSync(`${dir}.lock`));
});
for (const [name, out, message] of [
  ['below a file', '/dev/null/x', /\/dev\/null is not a folder/],
  ['a name of 300 characters', `/tmp/${'o'.repeat(300)}`, /is too long \(300 bytes/],
  ['the root folder', '/', /root folder/],
] as const) {
  test(`output folder: --out ${name} is refused before any work`, () => assert.throws(() => claimOutputFolder(out), message));
}

// ---- CSV, terminal, numbers, names ----

test('CSV: text cells that a spreadsheet would run get a quote; numbers (negative too) are untouched', () => {
  for (const s of ['=1+1', '+1', '-cmd', '@x', '\tx', '\rx']) assert.is(safeText(s), `'${s}`);
  for (const s of ['api', '1', 'a=b']) assert.is(safeText(s), s);
  const csv = eventsCsv([{ time: -1.5, object: '=HYPERLINK("x")', reason: '-r', message: '@m' }]);
  assert.is(csv.split('\n')[1], `-1.5,"'=HYPERLINK(""x"")",'-r,'@m,1,-1.5`);
  const hpa = hpaCsv([{ time: 15, hpa: '+api', currentReplicas: 2, metrics: '=cpu', recommendation: -1, stabilized: 2, stabilizedBy: '', limitedBy: '', finalReplicas: 2, rescaled: false, reason: 'x' } as never]);
  assert.match(hpa.split('\n')[1]!, /^15,'\+api,2,'=cpu,-1,2,/);
});
test('terminal: control characters and bidirectional overrides are shown, not run', () => {
  assert.is(terminalText('img\u001b[31m\u0007\r\u202e'), 'img\\x1b[31m\\x07\\x0d\\u202e');
  assert.is(terminalText('a\tb\nc'), 'a\tb\nc');
});
test('numbers from 1e21 print in scientific notation, not as grouped digits', () => {
  assert.is(formatInt(6e302), '6e+302');
  assert.is(formatNumber(-5.9999e25, 2), '-6e+25');
  assert.is(formatInt(1e20), '100,000,000,000,000,000,000');
});
test('names never become paths: ../../.. and slashes are reduced to a file name', () => {
  assert.is(safeName('../../..', 'sweep'), 'sweep');
  assert.is(safeName('a/b c\u001b', 'x'), 'a-b-c');
  assert.is(safeName('api.v2_x-1', 'x'), 'api.v2_x-1');
  assert.is(safeName('x'.repeat(300), 'x').length, 100);
  assert.is(defaultOutDir('../../etc', '-sweep'), join('reports', 'etc-sweep'));
});

// ---- SLO ----

test('a latency-only SLO is missed when requests were offered and none was served', () => {
  const summary = { requests: { offered: 1000, served: 0, failed: 1000 }, latency: { p50: 0, p95: 0, p99: 0 } } as unknown as Summary;
  const r = evaluateSlo(summary, { latencyP99Ms: 300 });
  assert.is(r.met, false);
  assert.match(r.checks[0]!.detail, /no request was served/);
});

test.run();
