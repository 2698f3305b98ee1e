/** Loading: YAML documents, the one Scenario, spec.manifests files and folders, standard input. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { UserError } from '../../src/engine/errors.js';
import { addManifestFiles, documentLabel, parseManifests, parseYamlDocuments, readScenarioFile } from '../../src/scenario/load.js';
import { tempDir } from '../cli/helpers.js';

const SCENARIO = 'apiVersion: kubesim/v1alpha1\nkind: Scenario\nmetadata: {name: s}\nspec: {duration: 1h}\n';
const deployment = (name: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: img}]}\n`;

function throws(f: () => unknown, message: RegExp): void {
  try {
    f();
  } catch (e) {
    assert.instance(e, UserError);
    assert.match((e as Error).message, message);
    return;
  }
  assert.unreachable(`expected an error matching ${message}`);
}
async function rejects(p: Promise<unknown>, message: RegExp): Promise<void> {
  await p.then(
    () => assert.unreachable(`expected an error matching ${message}`),
    (e: unknown) => {
      assert.instance(e, UserError);
      assert.match((e as Error).message, message);
    },
  );
}

test('YAML syntax errors name the file, line and column', () => {
  throws(() => parseYamlDocuments('a: 1\nb: [1\n', 'x.yaml'), /^x\.yaml: line 3, column 1: invalid YAML: /);
  throws(() => parseYamlDocuments('a: 1\na: 2\n', 'x.yaml'), /^x\.yaml: line 2, column 1: invalid YAML: Map keys must be unique/);
});

test('empty documents are skipped; a document that is not a mapping is an error', () => {
  assert.is(parseYamlDocuments('---\n# only a comment\n---\na: 1\n---\n', 'x.yaml').length, 1);
  throws(() => parseYamlDocuments('a: 1\n---\n- 1\n', 'x.yaml'), /^x\.yaml: document 2: expected a mapping/);
});

test('a kind: List is expanded into its items', () => {
  const docs = parseYamlDocuments('apiVersion: v1\nkind: List\nitems:\n  - {kind: ConfigMap, metadata: {name: a}}\n  - {kind: Secret, metadata: {name: b}}\n', 'x.yaml');
  assert.equal(docs.map(documentLabel), ['ConfigMap/a', 'Secret/b']);
  assert.is(docs[1]!.where, 'document 1, items[1]');
});

test('exactly one Scenario: none, two, or a wrong apiVersion are errors', async () => {
  const dir = tempDir();
  const write = (name: string, text: string) => (writeFileSync(join(dir, name), text), join(dir, name));
  await rejects(readScenarioFile(write('none.yaml', deployment('api'))), /none\.yaml: no Scenario document/);
  await rejects(readScenarioFile(write('two.yaml', `${SCENARIO}---\n${SCENARIO}`)), /two\.yaml: document 2: a second Scenario document \(the first is document 1\)/);
  await rejects(readScenarioFile(write('v.yaml', SCENARIO.replace('v1alpha1', 'v1'))), /v\.yaml: apiVersion: expected kubesim\/v1alpha1, got "kubesim\/v1"/);
  await rejects(readScenarioFile(join(dir, 'missing.yaml')), /missing\.yaml: file not found/);
});

test('spec.manifests: files and folders relative to the scenario, folders sorted, each file read once', async () => {
  const dir = tempDir();
  mkdirSync(join(dir, 'k8s'));
  writeFileSync(join(dir, 'k8s', 'b.yaml'), deployment('b'));
  writeFileSync(join(dir, 'k8s', 'a.yml'), deployment('a'));
  writeFileSync(join(dir, 'k8s', 'c.json'), JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } }));
  writeFileSync(join(dir, 'k8s', 'notes.txt'), 'not a manifest');
  writeFileSync(join(dir, 's.yaml'), SCENARIO.replace('spec: {duration: 1h}', 'spec: {duration: 1h, manifests: [k8s/, k8s/a.yml, .]}'));
  const loaded = await readScenarioFile(join(dir, 's.yaml'));
  addManifestFiles(loaded);
  assert.equal(loaded.manifests.map(documentLabel), ['Deployment/a', 'Deployment/b', 'ConfigMap/c']);
  assert.is(loaded.manifests[0]!.file, join('k8s', 'a.yml'));
  assert.equal(loaded.warnings, []);
});

test('spec.manifests: a missing path names its index', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 's.yaml'), SCENARIO.replace('spec: {duration: 1h}', 'spec: {duration: 1h, manifests: [gone.yaml]}'));
  const loaded = await readScenarioFile(join(dir, 's.yaml'));
  throws(() => addManifestFiles(loaded), /s\.yaml: spec\.manifests\[0\]: "gone\.yaml" not found/);
});

test('standard input: the scenario itself (-), or more manifests (stdin: true)', async () => {
  const fromStdin = await readScenarioFile('-', { readStdin: async () => `${SCENARIO}---\n${deployment('api')}` });
  assert.is(fromStdin.file, '<stdin>');
  assert.equal(fromStdin.manifests.map(documentLabel), ['Deployment/api']);

  const dir = tempDir();
  writeFileSync(join(dir, 's.yaml'), SCENARIO);
  const piped = await readScenarioFile(join(dir, 's.yaml'), { stdin: true, readStdin: async () => deployment('web') });
  assert.equal(piped.manifests.map((d) => `${d.file} ${documentLabel(d)}`), ['<stdin> Deployment/web']);
  await rejects(readScenarioFile(join(dir, 's.yaml'), { stdin: true, readStdin: async () => SCENARIO }), /<stdin>: document 1: a second Scenario document/);
});

test('manifest errors are located as <file>: <Kind>/<name>: <field path>: <detail>', () => {
  const docs = parseYamlDocuments(deployment('api').replace('spec:\n', 'spec:\n  replica: 3\n'), 'k8s/api.yaml');
  throws(() => parseManifests(docs), /^k8s\/api\.yaml: Deployment\/api: spec\.replica: unknown field "spec\.replica" \(did you mean "replicas"\?\)/);
  const unnamed = parseYamlDocuments('apiVersion: apps/v1\nkind: Deployment\nspec: {}\n', 'k8s/x.yaml');
  throws(() => parseManifests(unnamed), /^k8s\/x\.yaml: Deployment \(document 1\): metadata/);
});

test.run();
