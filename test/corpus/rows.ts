/**
 * The bad-input corpus as a data table: each row is one bad input, the command it is given to, and what the one
 * stderr line must mention (the file, the field path, what was expected). Rows are built by small helpers that
 * change one thing in the valid inputs of base.ts, so adding a row is one line:
 *
 *   sc('a negative duration', 'duration: 10m', 'duration: -10m', ['spec.duration', 'greater than 0'])
 *
 * `{dir}` in arguments and mentions is the row's temporary folder. A `from` text that is not in the base file
 * fails the row (so a row can never silently test the valid input).
 */
import * as B from './base.js';

export type FileContent = string | Buffer | { symlink: string } | { device: string };

export interface Row {
  name: string;
  /** Which input kind the row exercises (for the coverage count in the test's name). */
  kind: string;
  /** Files of the row's folder (relative paths) on top of the base files; null removes a base file. */
  files: Record<string, FileContent | null>;
  args: string[];
  mentions: string[];
  /** Default 2. */
  exit?: number;
}

const SC = 'scenario.yaml';
const DEP = 'k8s/deployment.yaml';
const SVC = 'k8s/service.yaml';
const HPA = 'k8s/hpa.yaml';
const TRACE = 'traces/rps.csv';

export const BASE_FILES: Record<string, string> = {
  [SC]: B.SCENARIO,
  [DEP]: B.DEPLOYMENT,
  [SVC]: B.SERVICE,
  [HPA]: B.HPA,
  [TRACE]: B.TRACE,
  'sweep.yaml': B.SWEEP,
  'runs/a/summary.json': JSON.stringify(B.SUMMARY),
  'runs/a/timeseries.csv': B.TIMESERIES,
  'runs/b/summary.json': JSON.stringify({ ...B.SUMMARY, seed: 4 }),
  'shards/1/shard.json': JSON.stringify(B.SHARD),
  'traces/prom.json': B.PROMETHEUS,
  'traces/panel.csv': B.GRAFANA,
};

const RUN = ['run', `{dir}/${SC}`, '--out', '{dir}/out'];

function replaced(file: string, from: string, to: string): string {
  const text = BASE_FILES[file]!;
  if (!text.includes(from)) throw new Error(`corpus row: ${JSON.stringify(from)} is not in ${file}`);
  return text.replace(from, to);
}

const rows: Row[] = [];
const add = (r: Row): void => void rows.push(r);

/** A change to the scenario document. */
const sc = (name: string, from: string, to: string, mentions: string[]): void =>
  add({ name, kind: 'scenario', files: { [SC]: replaced(SC, from, to) }, args: RUN, mentions: [`{dir}/${SC}`, ...mentions] });
/** A change to one manifest file. */
const manifest = (kind: string, file: string) => (name: string, from: string, to: string, mentions: string[]): void =>
  add({ name, kind, files: { [file]: replaced(file, from, to) }, args: RUN, mentions: [file, ...mentions] });
const dep = manifest('deployment', DEP);
const svc = manifest('service', SVC);
const hpa = manifest('hpa', HPA);
/** A change to the CSV trace. */
const trace = (name: string, content: string, mentions: string[]): void =>
  add({ name, kind: 'trace', files: { [TRACE]: content }, args: RUN, mentions: [TRACE, ...mentions] });
/** A `--set` flag. */
const set = (name: string, expr: string, mentions: string[], kind = 'set'): void =>
  add({ name, kind, files: {}, args: [...RUN, '--set', expr], mentions: [`--set ${expr}`, ...mentions] });
/** A change to the sweep file. */
const sweep = (name: string, from: string, to: string, mentions: string[]): void =>
  add({ name, kind: 'sweep', files: { 'sweep.yaml': replaced('sweep.yaml', from, to) }, args: ['sweep', '{dir}/sweep.yaml', '--out', '{dir}/out', '--workers', '1'], mentions: ['{dir}/sweep.yaml', ...mentions] });
/** A summary.json `compare` reads (the second run folder is valid). */
const summary = (name: string, content: unknown, mentions: string[]): void =>
  add({ name, kind: 'summary', files: { 'runs/a/summary.json': typeof content === 'string' ? content : JSON.stringify(content) }, args: ['compare', '{dir}/runs/a', '{dir}/runs/b', '--out', '{dir}/out'], mentions: ['{dir}/runs/a', ...mentions] });
/** A shard.json `merge` reads. */
const shard = (name: string, content: unknown, mentions: string[]): void =>
  add({ name, kind: 'shard', files: { 'shards/1/shard.json': typeof content === 'string' ? content : JSON.stringify(content) }, args: ['merge', '{dir}/shards/1', '--out', '{dir}/out'], mentions: ['{dir}/shards/1', ...mentions] });
/** Whole files (the scenario, a manifest) replaced by something else. */
const files = (name: string, kind: string, f: Record<string, FileContent | null>, mentions: string[], args = RUN): void => add({ name, kind, files: f, args, mentions });

const S = B.SCENARIO;
const big = (n: number, line: (i: number) => string): string => Array.from({ length: n }, (_, i) => line(i)).join('\n') + '\n';

// ---- files and YAML ----
files('a scenario file that does not exist', 'file', { [SC]: null }, [`{dir}/${SC}`, 'file not found']);
files('a scenario that is a folder', 'file', { [`${SC}/x`]: 'a: 1' , [SC]: null }, [`{dir}/${SC}`, 'is a folder']);
files('a manifests entry that is /dev/zero', 'file', { [SC]: S.replace('manifests: [k8s/]', 'manifests: [k8s/, /dev/zero]') }, [`{dir}/${SC}`, 'spec.manifests[1]', 'is a device, expected a regular file']);
files('a manifests entry that is /dev/null', 'file', { [SC]: S.replace('manifests: [k8s/]', 'manifests: [k8s/, /dev/null]') }, [`{dir}/${SC}`, 'spec.manifests[1]', 'is a device']);
files('a broken symbolic link in the manifests folder', 'file', { 'k8s/broken.yaml': { symlink: 'nowhere.yaml' } }, [`{dir}/${SC}`, 'spec.manifests[0]', 'k8s/broken.yaml', 'broken symbolic link']);
files('a broken symbolic link named in spec.manifests', 'file', { 'gone.yaml': { symlink: 'nowhere.yaml' }, [SC]: S.replace('manifests: [k8s/]', 'manifests: [k8s/, gone.yaml]') }, [`{dir}/${SC}`, 'spec.manifests[1]', 'broken symbolic link']);
files('a symbolic link loop in the manifests folder', 'file', { 'k8s/loop.yaml': { symlink: 'loop.yaml' } }, [`{dir}/${SC}`, 'k8s/loop.yaml', 'loops']);
files('a manifest of 17 MiB', 'file', { 'k8s/huge.yaml': '#' + 'x'.repeat(17 * 1024 * 1024) + '\n' }, ['k8s/huge.yaml', '17.0 MiB', 'more than the 16.0 MiB']);
files('a trace that is a folder', 'trace', { [TRACE]: null, [`${TRACE}/x`]: '0,1' }, [`{dir}/${SC}`, 'spec.traffic.api[5].csv.file', 'is a folder']);
files('a trace that is /dev/zero', 'trace', { [SC]: S.replace('file: traces/rps.csv', 'file: /dev/zero') }, ['/dev/zero', 'spec.traffic.api[5].csv.file', 'is a device']);
files('a trace that is a broken link', 'trace', { [TRACE]: { symlink: 'nowhere.csv' } }, [TRACE, 'spec.traffic.api[5].csv.file', 'broken symbolic link']);
files('YAML nested 200 levels deep', 'yaml', { 'k8s/deep.yaml': 'a: ' + '['.repeat(200) + ']'.repeat(200) + '\n' }, ['k8s/deep.yaml', 'nested too deeply', 'at most 64 levels']);
files('YAML nested 5,000 levels deep (the parser itself gives up)', 'yaml', { 'k8s/deep.yaml': 'a: ' + '['.repeat(5000) + ']'.repeat(5000) + '\n' }, ['k8s/deep.yaml', 'nested too deeply']);
files('YAML nested by indentation 100 levels deep', 'yaml', { 'k8s/deep.yaml': big(100, (i) => ' '.repeat(i) + 'a:') + ' '.repeat(100) + 'b: 1\n' }, ['k8s/deep.yaml', 'nested too deeply']);
files('a YAML alias bomb', 'yaml', { 'k8s/bomb.yaml': 'a0: &a0 [x,x,x,x,x,x,x,x,x,x]\n' + big(8, (i) => `a${i + 1}: &a${i + 1} [${Array(10).fill(`*a${i}`).join(',')}]`) }, ['k8s/bomb.yaml', 'aliases', 'at most 1000']);
files('10,001 YAML documents in one file', 'yaml', { 'k8s/many.yaml': big(10_001, () => '--- {}') }, ['k8s/many.yaml', '10001 YAML documents', 'more than the 10000']);
files('a mapping with a key given twice', 'yaml', { [DEP]: B.DEPLOYMENT.replace('  replicas: 2\n', '  replicas: 2\n  replicas: 3\n') }, [DEP, 'line 7, column 3', 'Map keys must be unique', '"replicas"']);
files('a __proto__ key in a manifest', 'yaml', { [DEP]: B.DEPLOYMENT.replace('  replicas: 2\n', '  __proto__: {replicas: 9}\n') }, [DEP, '"__proto__"', 'not allowed']);
files('a __proto__ key in the scenario', 'yaml', { [SC]: S.replace('  seed: 3\n', '  seed: 3\n  __proto__: {duration: 1h}\n') }, [`{dir}/${SC}`, '"__proto__"', 'not allowed']);
files('broken YAML in a manifest', 'yaml', { [DEP]: B.DEPLOYMENT.replace('  replicas: 2', '  replicas: [2') }, [DEP, 'invalid YAML', 'line']);
files('a manifest that is a list, not a mapping', 'yaml', { [DEP]: '- a\n- b\n' }, [DEP, 'document 1', 'expected a mapping']);
files('a manifest that is a number', 'yaml', { [DEP]: '42\n' }, [DEP, 'document 1', 'expected a mapping']);
files('a kind: List whose item is not an object', 'yaml', { [DEP]: 'apiVersion: v1\nkind: List\nitems: [1]\n' }, [DEP, 'items[0]', 'expected a Kubernetes object']);
files('no Scenario document', 'scenario', { [SC]: B.DEPLOYMENT }, [`{dir}/${SC}`, 'no Scenario document']);
files('two Scenario documents', 'scenario', { [SC]: S + '---\n' + S }, [`{dir}/${SC}`, 'document 2', 'second Scenario']);
files('a Scenario document inside a manifests folder', 'scenario', { 'k8s/other.yaml': S }, ['k8s/other.yaml', 'second Scenario']);
files('a 40,000-key mapping parses (linearly) and is rejected by field', 'yaml', { [DEP]: B.DEPLOYMENT.replace('  replicas: 2\n', '  replicas: 2\n' + big(40_000, (i) => `  k${i}: ${i}`)) }, [DEP, 'Deployment/api', 'spec.k0']);

// ---- the Scenario document ----
sc('a wrong apiVersion', 'apiVersion: kubesim/v1alpha1', 'apiVersion: kubesim/v9', ['apiVersion', 'expected kubesim/v1alpha1']);
sc('a missing duration', '  duration: 10m\n', '', ['spec.duration', 'required']);
sc('a negative duration', 'duration: 10m', 'duration: -10m', ['spec.duration', 'greater than 0']);
sc('a zero duration', 'duration: 10m', 'duration: 0s', ['spec.duration', 'greater than 0']);
sc('a duration in words', 'duration: 10m', 'duration: ten minutes', ['spec.duration', 'Go duration']);
sc('a duration as a number', 'duration: 10m', 'duration: 600', ['spec.duration', 'Go duration']);
sc('a duration of ten years', 'duration: 10m', 'duration: 87600h', ['spec.sampleInterval', 'timeseries rows', 'shorter spec.duration']);
files('a duration of ten years sampled hourly', 'scenario', { [SC]: S.replace('duration: 10m', 'duration: 87600h').replace('sampleInterval: 10s', 'sampleInterval: 1h') }, [`{dir}/${SC}`, 'events', 'more than the 500 million', 'shorter spec.duration']);
sc('a seed that is negative', 'seed: 3', 'seed: -3', ['spec.seed', 'at least 0']);
sc('a seed that is a fraction', 'seed: 3', 'seed: 3.5', ['spec.seed', 'integer']);
sc('a seed above 2^53', 'seed: 3', 'seed: 1e300', ['spec.seed', 'integer']);
sc('a seed as text', 'seed: 3', 'seed: three', ['spec.seed', 'integer']);
files('a sample interval of 1ms for an hour', 'scenario', { [SC]: S.replace('duration: 10m', 'duration: 1h').replace('sampleInterval: 10s', 'sampleInterval: 1ms') }, [`{dir}/${SC}`, 'spec.sampleInterval', '3.60 million timeseries rows', 'longer spec.sampleInterval']);
sc('a sample interval of 0', 'sampleInterval: 10s', 'sampleInterval: 0s', ['spec.sampleInterval', 'greater than 0']);
sc('an unknown spec field', '  seed: 3\n', '  seed: 3\n  sed: 4\n', ['spec.sed', 'unknown field']);
sc('a misspelt spec field suggests the right one', '  apps:\n', '  aps:\n', ['spec.aps', 'did you mean "apps"']);
sc('manifests that is not a list', 'manifests: [k8s/]', 'manifests: k8s/', ['spec.manifests', 'expected a list']);
sc('a manifests entry that is a number', 'manifests: [k8s/]', 'manifests: [k8s/, 3]', ['spec.manifests[1]', 'expected a file or folder name']);
sc('a manifests entry that does not exist', 'manifests: [k8s/]', 'manifests: [k8s/, nope/]', ['spec.manifests[1]', '"nope/" not found']);
sc('start neither warm nor cold', '  seed: 3\n', '  seed: 3\n  start: lukewarm\n', ['spec.start', 'expected one of warm, cold']);
sc('an app for a Deployment that does not exist', '    api:\n      cpuPerRequest', '    web:\n      cpuPerRequest', ['spec.apps', 'web']);
sc('a negative cpuPerRequest', 'cpuPerRequest: 5ms', 'cpuPerRequest: -5ms', ['spec.apps.api.cpuPerRequest', '0 or more']);
sc('an idleCpu that is not a quantity', 'idleCpu: 10m', 'idleCpu: lots', ['spec.apps.api.idleCpu', 'quantity']);
sc('a negative idleCpu', 'idleCpu: 10m', 'idleCpu: -10m', ['spec.apps.api.idleCpu', '0 or more']);
sc('an unknown app field', '      serviceTime: 20ms\n', '      serviceTime: 20ms\n      servceTime: 1s\n', ['spec.apps.api.servceTime', 'did you mean "serviceTime"']);
sc('a startupTime in words', 'startupTime: 8s', 'startupTime: soon', ['spec.apps.api.startupTime', 'duration']);
sc('a serviceTime of 0', 'serviceTime: 20ms', 'serviceTime: -1s', ['spec.apps.api.serviceTime']);

// ---- traffic ----
const tr = (name: string, from: string, to: string, mentions: string[]): void =>
  add({ name, kind: 'traffic', files: { [SC]: replaced(SC, from, to) }, args: RUN, mentions: [`{dir}/${SC}`, ...mentions] });
tr('traffic that is not a mapping', '  traffic:\n    api:\n', '  traffic: 5\n  trafficx:\n    api:\n', ['spec.traffic', 'expected a mapping']);
set('a traffic list that is a mapping', 'scenario.spec.traffic.api={constant: 50}', ['spec.traffic.api', 'expected a list'], 'traffic');
tr('constant 1e308 rps', 'constant: 50', 'constant: 1e308', ['spec.traffic.api[0].constant', 'from 0 to 1e9']);
tr('constant .inf rps', 'constant: 50', 'constant: .inf', ['spec.traffic.api[0].constant', 'from 0 to 1e9']);
tr('constant .nan rps', 'constant: 50', 'constant: .nan', ['spec.traffic.api[0].constant', 'requests/second']);
tr('negative constant rps', 'constant: 50', 'constant: -50', ['spec.traffic.api[0].constant', 'requests/second']);
tr('constant rps as text', 'constant: 50', 'constant: fifty', ['spec.traffic.api[0].constant', 'requests/second']);
tr('constant rps just over the limit', 'constant: 50', 'constant: 1000000001', ['spec.traffic.api[0].constant', '1e9']);
tr('an unknown generator', '      - constant: 50\n', '      - constnt: 50\n', ['spec.traffic.api[0].constnt', 'did you mean "constant"']);
tr('two generators in one item', '      - constant: 50\n', '      - {constant: 50, ramp: {from: 0, to: 1, start: 0s, end: 1s}}\n', ['spec.traffic.api[0]', 'exactly one generator']);
tr('an empty traffic item', '      - constant: 50\n', '      - {}\n', ['spec.traffic.api[0]', 'one generator key']);
tr('steps that are empty', 'steps: [{at: 0s, rps: 10}, {at: 5m, rps: 30}]', 'steps: []', ['spec.traffic.api[1].steps', 'non-empty list']);
tr('steps out of order', 'steps: [{at: 0s, rps: 10}, {at: 5m, rps: 30}]', 'steps: [{at: 5m, rps: 10}, {at: 1m, rps: 30}]', ['spec.traffic.api[1].steps[1].at', 'increasing order']);
tr('a step without rps', '{at: 5m, rps: 30}', '{at: 5m}', ['spec.traffic.api[1].steps[1].rps', 'required']);
tr('a step with 1e300 rps', '{at: 5m, rps: 30}', '{at: 5m, rps: 1e300}', ['spec.traffic.api[1].steps[1].rps', '1e9']);
tr('a step at a negative time', '{at: 0s, rps: 10}', '{at: -1s, rps: 10}', ['spec.traffic.api[1].steps[0].at', '0 or more']);
tr('a ramp ending before it starts', 'ramp: {from: 0, to: 40, start: 1m, end: 2m}', 'ramp: {from: 0, to: 40, start: 2m, end: 1m}', ['spec.traffic.api[2].ramp.end', 'at or after start']);
tr('a ramp to Infinity', 'ramp: {from: 0, to: 40,', 'ramp: {from: 0, to: .inf,', ['spec.traffic.api[2].ramp.to', 'requests/second']);
tr('a ramp with an unknown field', 'ramp: {from: 0, to: 40,', 'ramp: {from: 0, too: 40,', ['spec.traffic.api[2].ramp.too', 'did you mean "to"']);
tr('a spike of zero duration', 'spike: {at: 3m, duration: 2m,', 'spike: {at: 3m, duration: 0s,', ['spec.traffic.api[3].spike.duration', 'greater than 0']);
tr('a spike whose rise and fall exceed it', 'rise: 30s, fall: 30s', 'rise: 90s, fall: 90s', ['spec.traffic.api[3].spike.fall', 'fit in duration']);
tr('a spike of 1e10 rps', 'duration: 2m, rps: 20', 'duration: 2m, rps: 1e10', ['spec.traffic.api[3].spike.rps', '1e9']);
tr('a diurnal max below min', 'diurnal: {min: 5, max: 25,', 'diurnal: {min: 25, max: 5,', ['spec.traffic.api[4].diurnal.max', 'at least min']);
tr('a diurnal period of 0', 'period: 24h', 'period: 0s', ['spec.traffic.api[4].diurnal.period', 'greater than 0']);
tr('a diurnal max of 1e308', 'diurnal: {min: 5, max: 25,', 'diurnal: {min: 5, max: 1e308,', ['spec.traffic.api[4].diurnal.max', '1e9']);
tr('a csv without file', 'csv: {file: traces/rps.csv, scale: 1}', 'csv: {scale: 1}', ['spec.traffic.api[5].csv.file', 'required']);
tr('a csv file that is missing', 'file: traces/rps.csv', 'file: traces/nope.csv', ['traces/nope.csv', 'spec.traffic.api[5].csv.file', 'file not found']);
tr('a csv scale that is negative', 'scale: 1}', 'scale: -1}', ['spec.traffic.api[5].csv.scale', 'scale factor']);
tr('a csv scale that overflows the rate', 'scale: 1}', 'scale: 1e300}', ['spec.traffic.api[5].csv.scale', 'lower the scale']);
tr('noise of an unknown kind', 'noise: {kind: jitter, cv: 0.1}', 'noise: {kind: pink}', ['spec.traffic.api[6].noise.kind', 'expected one of']);
tr('jitter noise without cv', 'noise: {kind: jitter, cv: 0.1}', 'noise: {kind: jitter}', ['spec.traffic.api[6].noise.cv', 'required']);
tr('poisson noise with a cv', 'noise: {kind: jitter, cv: 0.1}', 'noise: {kind: poisson, cv: 0.1}', ['spec.traffic.api[6].noise.cv', 'only to noise of kind jitter']);
tr('two noises of one kind', '      - noise: {kind: jitter, cv: 0.1}\n', '      - noise: {kind: jitter, cv: 0.1}\n      - noise: {kind: jitter, cv: 0.2}\n', ['spec.traffic.api[7].noise.kind', 'at most one noise']);
tr('a negative jitter cv', 'cv: 0.1', 'cv: -0.1', ['spec.traffic.api[6].noise.cv', 'coefficient of variation']);

// ---- Prometheus (saved and live), Grafana exports, closed-loop clients ----
const CSV_ITEM = '      - csv: {file: traces/rps.csv, scale: 1}\n';
const comp = (name: string, component: string, mentions: string[], extra: Record<string, FileContent | null> = {}): void =>
  add({ name, kind: component.split(':')[0]!, files: { [SC]: replaced(SC, CSV_ITEM, `      - ${component}\n`), ...extra }, args: RUN, mentions: [`{dir}/${SC}`, ...mentions] });
comp('a saved Prometheus file that is missing', 'prometheus: {file: traces/nope.json}', ['spec.traffic.api[5].prometheus.file', 'nope.json', 'file not found']);
comp('a saved Prometheus file that is /dev/zero', 'prometheus: {file: /dev/zero}', ['spec.traffic.api[5].prometheus.file', 'is a device']);
comp('a saved Prometheus file that is a broken link', 'prometheus: {file: traces/gone.json}', ['spec.traffic.api[5].prometheus.file', 'broken symbolic link'], { 'traces/gone.json': { symlink: 'nowhere.json' } });
comp('a saved Prometheus response that is not JSON', 'prometheus: {file: traces/prom.json}', ['spec.traffic.api[5].prometheus.file', 'prom.json'], { 'traces/prom.json': '{"status":' });
comp('a saved Prometheus response that is null', 'prometheus: {file: traces/prom.json}', ['spec.traffic.api[5].prometheus.file', 'prom.json'], { 'traces/prom.json': 'null' });
comp('a saved Prometheus response with an error status', 'prometheus: {file: traces/prom.json}', ['spec.traffic.api[5].prometheus.file', 'prom.json'], { 'traces/prom.json': '{"status":"error","errorType":"bad_data","error":"x"}' });
comp('a saved Prometheus response of vector type', 'prometheus: {file: traces/prom.json}', ['spec.traffic.api[5].prometheus.file', 'prom.json', 'matrix'], { 'traces/prom.json': '{"status":"success","data":{"resultType":"vector","result":[]}}' });
comp('a saved Prometheus sample value that is a word', 'prometheus: {file: traces/prom.json}', ['prom.json', 'data.result[0].values[0][1]', 'expected a sample value'], { 'traces/prom.json': B.PROMETHEUS.replace('"10"', '"ten"') });
comp('a saved Prometheus sample of 1e300 rps', 'prometheus: {file: traces/prom.json}', ['spec.traffic.api[5].prometheus', '1e9'], { 'traces/prom.json': B.PROMETHEUS.replace('"10"', '"1e300"') });
comp('a saved Prometheus timestamp that is text', 'prometheus: {file: traces/prom.json}', ['prom.json', 'data.result[0].values[0][0]'], { 'traces/prom.json': B.PROMETHEUS.replace('[1700000000,', '["soon",') });
comp('a Prometheus select matching nothing', 'prometheus: {file: traces/prom.json, select: {app: web}}', ['select {app="web"} matches none']);
comp('a misspelt Prometheus field', 'prometheus: {file: traces/prom.json, selct: {app: api}}', ['spec.traffic.api[5].prometheus.selct', 'did you mean "select"']);
comp('a Prometheus step of 0', 'prometheus: {file: traces/prom.json, step: 0s}', ['spec.traffic.api[5].prometheus.step']);
comp('a Prometheus scale of 1e300', 'prometheus: {file: traces/prom.json, scale: 1e300}', ['spec.traffic.api[5].prometheus', '1e9']);
comp('a Prometheus file list that is empty', 'prometheus: {file: []}', ['spec.traffic.api[5].prometheus.file']);
comp('a Prometheus with both file and url', 'prometheus: {file: traces/prom.json, url: "http://127.0.0.1:9", query: up}', ['spec.traffic.api[5].prometheus']);
comp('a Prometheus url that is not a URL', 'prometheus: {url: "not a url", query: up}', ['spec.traffic.api[5].prometheus.url']);
comp('a Prometheus url of another scheme', 'prometheus: {url: "ftp://example.com", query: up}', ['spec.traffic.api[5].prometheus.url']);
comp('a Prometheus url with control characters', 'prometheus: {url: "http://exa\\u0000mple.com", query: up, start: "2024-01-01T00:00:00Z", step: 15s}', ['spec.traffic.api[5].prometheus.url']);
comp('a Prometheus url without a query', 'prometheus: {url: "http://127.0.0.1:9"}', ['spec.traffic.api[5].prometheus.query']);
comp('a Prometheus url nobody answers', 'prometheus: {url: "http://127.0.0.1:9", query: up, start: "2024-01-01T00:00:00Z", step: 15s}', ['spec.traffic.api[5].prometheus', '127.0.0.1:9']);
comp('a Grafana export that is missing', 'grafana: {file: traces/nope.csv}', ['spec.traffic.api[5].grafana.file', 'file not found']);
comp('a Grafana export that is /dev/zero', 'grafana: {file: /dev/zero}', ['spec.traffic.api[5].grafana.file', 'is a device']);
comp('a Grafana column that does not exist', 'grafana: {file: traces/panel.csv, column: web}', ['panel.csv', 'no value column named "web"']);
comp('a Grafana export with a word for a value', 'grafana: {file: traces/panel.csv}', ['spec.traffic.api[5].grafana.file', 'panel.csv', 'column "api"', 'expected a number'], { 'traces/panel.csv': B.GRAFANA.replace(',10\r\n', ',ten\r\n') });
comp('a Grafana export without a time column', 'grafana: {file: traces/panel.csv}', ['panel.csv'], { 'traces/panel.csv': '"api"\r\n10\r\n' });
comp('an empty Grafana export', 'grafana: {file: traces/panel.csv}', ['panel.csv'], { 'traces/panel.csv': '' });
comp('a Grafana value of 1e300', 'grafana: {file: traces/panel.csv}', ['spec.traffic.api[5].grafana', '1e9'], { 'traces/panel.csv': B.GRAFANA.replace(',10\r\n', ',1e300\r\n') });
comp('a Grafana scale that is negative', 'grafana: {file: traces/panel.csv, scale: -1}', ['spec.traffic.api[5].grafana.scale']);
comp('clients of a negative count', 'clients: {count: -1}', ['spec.traffic.api[5].clients.count']);
comp('clients of a fractional count', 'clients: {count: 1.5}', ['spec.traffic.api[5].clients.count']);
comp('a hundred million clients (exact MVA would run for hours)', 'clients: {count: 100000000}', ['spec.traffic.api[5].clients.count', '0 to 10,000']);
comp('clients with a negative think time', 'clients: {count: 2, thinkTime: -1s}', ['spec.traffic.api[5].clients.thinkTime']);
comp('clients with an unknown field', 'clients: {count: 2, thinktime: 1s}', ['spec.traffic.api[5].clients.thinktime', 'did you mean "thinkTime"']);
comp('clients steps out of order', 'clients: {count: [{at: 5m, count: 1}, {at: 1m, count: 2}]}', ['spec.traffic.api[5].clients.count[1].at']);
sc('client retries that are negative', '  pricing:\n', '  clients:\n    api: {retries: -1}\n  pricing:\n', ['spec.clients.api.retries']);
sc('client retries of 1e300', '  pricing:\n', '  clients:\n    api: {retries: 1e300}\n  pricing:\n', ['spec.clients.api.retries']);
sc('client retries for an unknown Service', '  pricing:\n', '  clients:\n    web: {retries: 1}\n  pricing:\n', ['spec.clients', 'web']);
sc('a negative retry back-off', '  pricing:\n', '  clients:\n    api: {retries: 1, retryBackoff: -1s}\n  pricing:\n', ['spec.clients.api.retryBackoff']);

// ---- namespaces and ResourceQuotas (issue 15) ----
const quota = (name: string, spec: string, mentions: string[]): void =>
  add({ name, kind: 'quota', files: { 'k8s/quota.yaml': `apiVersion: v1\nkind: ResourceQuota\nmetadata: {name: compute}\nspec:\n${spec}\n` }, args: RUN, mentions: ['k8s/quota.yaml', 'ResourceQuota/compute', ...mentions] });
quota('a quota of a negative pod count', '  hard: {pods: "-3"}', ['spec.hard']);
quota('a quota that is not a quantity', '  hard: {requests.cpu: lots}', ['spec.hard']);
quota('a quota hard that is a list', '  hard: [pods]', ['spec.hard']);
quota('a quota with an unknown field', '  hard: {pods: "3"}\n  hardd: {}', ['hardd']);
dep('a namespace with a slash', '  name: api\nspec:', '  name: api\n  namespace: ../prod\nspec:', ['metadata.namespace']);
dep('a namespace of 300 characters', '  name: api\nspec:', `  name: api\n  namespace: ${'n'.repeat(300)}\nspec:`, ['metadata.namespace']);
dep('a namespace that is a number', '  name: api\nspec:', '  name: api\n  namespace: 5\nspec:', ['metadata.namespace']);
set('a --set of a namespaced object that does not exist', 'deploy/prod/api.spec.replicas=3', ['no Deployment named'], 'namespace');
add({ name: 'a -n namespace with a slash', kind: 'namespace', files: {}, args: [...RUN, '-n', '../x'], mentions: ['../x'] });

// ---- node pools, node events and PodDisruptionBudgets (issues 14 and 17) ----
const POOL = '  cluster:\n    nodePools:\n      - name: general\n        allocatable: {cpu: 3920m, memory: 14Gi, pods: 58}\n        nodes: 2\n        pricePerHour: 0.192\n';
const pool = (name: string, from: string, to: string, mentions: string[], extraEvent = ''): void =>
  add({
    name,
    kind: 'node pools',
    files: { [SC]: replaced(SC, '  cluster:\n    nodeCpu: "4"\n', POOL.replace(from, to)).replace('  events:\n', `  events:\n${extraEvent}`) },
    args: RUN,
    mentions: [`{dir}/${SC}`, ...mentions],
  });
pool('a node pool of -1 nodes', 'nodes: 2', 'nodes: -1', ['spec.cluster.nodePools[0].nodes']);
pool('a node pool of 1.5 nodes', 'nodes: 2', 'nodes: 1.5', ['spec.cluster.nodePools[0].nodes']);
pool('a node pool of 1e300 nodes', 'nodes: 2', 'nodes: 1e300', ['spec.cluster.nodePools[0].nodes']);
pool('a node pool whose CPU is not a quantity', 'cpu: 3920m', 'cpu: lots', ['spec.cluster.nodePools[0].allocatable']);
pool('a node pool with a negative price', 'pricePerHour: 0.192', 'pricePerHour: -1', ['spec.cluster.nodePools[0].pricePerHour']);
pool('a node pool with an infinite price', 'pricePerHour: 0.192', 'pricePerHour: .inf', ['spec.cluster.nodePools[0].pricePerHour']);
pool('a node pool with an unknown field', 'nodes: 2', 'nodez: 2', ['spec.cluster.nodePools[0].nodez']);
pool('a node pool without a name', '      - name: general\n        allocatable', '      - allocatable', ['spec.cluster.nodePools[0].name']);
pool('a drain of a node that does not exist', 'nodes: 2', 'nodes: 2', ['spec.events[0].drain.node'], '    - {at: 1m, drain: {node: nowhere-1}}\n');
pool('a node failure at a negative time', 'nodes: 2', 'nodes: 2', ['spec.events[0].at'], '    - {at: -1m, nodeFailure: {node: general-1}}\n');
pool('a node recovery of an unknown node', 'nodes: 2', 'nodes: 2', ['spec.events[0].nodeRecovery.node'], '    - {at: 1m, nodeRecovery: {node: other-9}}\n');
const pdb = (name: string, spec: string, mentions: string[]): void =>
  add({ name, kind: 'pdb', files: { 'k8s/pdb.yaml': `apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: api}\nspec:\n${spec}\n` }, args: RUN, mentions: ['k8s/pdb.yaml', 'PodDisruptionBudget/api', ...mentions] });
pdb('a PDB with a negative maxUnavailable', '  maxUnavailable: -1\n  selector: {matchLabels: {app: api}}', ['spec.maxUnavailable']);
pdb('a PDB with both minAvailable and maxUnavailable', '  minAvailable: 1\n  maxUnavailable: 1\n  selector: {matchLabels: {app: api}}', ['minAvailable']);
pdb('a PDB with a percentage that is not one', '  minAvailable: "lots%"\n  selector: {matchLabels: {app: api}}', ['spec.minAvailable']);
pdb('a PDB with an unknown field', '  maxUnavailable: 1\n  selectr: {matchLabels: {app: api}}', ['selectr']);

// ---- trace files ----
trace('a trace row with three columns', 'time,rps\n0,1,2\n', ['line 2', 'two']);
trace('a trace with a negative rate', 'time,rps\n0,-5\n', ['line 2']);
trace('a trace with times out of order', 'time,rps\n10,1\n5,1\n', ['line 3']);
trace('a trace with a word for a rate', 'time,rps\n0,lots\n', ['line 2']);
trace('a trace with an infinite rate', 'time,rps\n0,Infinity\n', ['line 2']);
add({ name: 'a trace with a rate of 1e300', kind: 'trace', files: { [TRACE]: 'time,rps\n0,1e300\n' }, args: RUN, mentions: [`{dir}/${SC}`, 'spec.traffic.api[5].csv.scale', 'more than 1e9', 'lower the scale'] });
trace('a trace with a negative time', 'time,rps\n-1,5\n', ['line 2']);
trace('a trace of binary bytes', '\u0000\u0001\u0002,\u0003\n', ['line 1']);

// ---- events ----
const ev = (name: string, from: string, to: string, mentions: string[]): void =>
  add({ name, kind: 'events', files: { [SC]: replaced(SC, from, to) }, args: RUN, mentions: [`{dir}/${SC}`, ...mentions] });
ev('an event after the run ends', '{at: 4m, rollout', '{at: 40m, rollout', ['spec.events[0].at', 'within the run']);
ev('an event at a negative time', '{at: 4m, rollout', '{at: -4m, rollout', ['spec.events[0].at', '0 or more']);
ev('a rollout of an unknown Deployment', 'rollout: {deployment: api,', 'rollout: {deployment: web,', ['spec.events[0].rollout.deployment', '"web"']);
ev('a rollout without image', 'rollout: {deployment: api, image: example/api:2.0.0}', 'rollout: {deployment: api}', ['spec.events[0].rollout.image', 'required']);
ev('an event of an unknown kind', '{at: 4m, rollout:', '{at: 4m, rollot:', ['spec.events[0]', 'rollot']);
ev('a kill of zero pods', 'killPods: {deployment: api, count: 1}', 'killPods: {deployment: api, count: 0}', ['spec.events[1].killPods.count', 'at least 1']);
ev('a kill of 1e300 pods', 'killPods: {deployment: api, count: 1}', 'killPods: {deployment: api, count: 1e300}', ['spec.events[1].killPods.count', 'integer']);
ev('a scale to a negative count', 'scale: {deployment: api, replicas: 3}', 'scale: {deployment: api, replicas: -3}', ['spec.events[2].scale.replicas', 'at least 0']);
ev('a scale to a fraction', 'scale: {deployment: api, replicas: 3}', 'scale: {deployment: api, replicas: 2.5}', ['spec.events[2].scale.replicas', 'integer']);
ev('a scale to a million replicas', 'scale: {deployment: api, replicas: 3}', 'scale: {deployment: api, replicas: 1000000}', ['pods at once', 'lower spec.events[2].scale.replicas (1.00 million)']);
ev('events that is not a list', '  events:\n    - {at: 4m,', '  events: {}\n  eventsx:\n    - {at: 4m,', ['spec.events', 'expected a list']);
ev('an event without at', '{at: 6m, killPods', '{killPods', ['spec.events[1].at', 'required']);
ev('an undo to a negative revision', '    - {at: 7m, scale: {deployment: api, replicas: 3}}\n', '    - {at: 7m, undo: {deployment: api, toRevision: -1}}\n', ['spec.events[2].undo.toRevision', 'at least 0']);
ev('3,600 rollouts (too much work)', '    - {at: 4m, rollout: {deployment: api, image: example/api:2.0.0}}\n', big(3600, (i) => `    - {at: ${i % 590}s, rollout: {deployment: api, image: "example/api:${i}"}}`), ['spec.events', 'rollout steps', 'fewer spec.events']);

// ---- SLO, pricing, controllers, cluster ----
sc('an availability of 120%', 'availability: 99.9%', 'availability: 120%', ['spec.slo.availability', 'at most 1']);
sc('an availability of 0', 'availability: 99.9%', 'availability: 0', ['spec.slo.availability', 'above 0']);
sc('an availability in words', 'availability: 99.9%', 'availability: three nines', ['spec.slo.availability', 'percentage']);
sc('a latency target of 0', 'latencyP99: 300ms', 'latencyP99: 0s', ['spec.slo.latencyP99', 'greater than 0']);
sc('a latency target as a number', 'latencyP99: 300ms', 'latencyP99: 300', ['spec.slo.latencyP99', 'duration']);
sc('a negative maxOutage', 'maxOutage: 1m', 'maxOutage: -1m', ['spec.slo.maxOutage', '0 or more']);
sc('a negative costBudget', 'costBudget: 10', 'costBudget: -10', ['spec.slo.costBudget', 'at least 0']);
sc('an infinite costBudget', 'costBudget: 10', 'costBudget: .inf', ['spec.slo.costBudget', 'number']);
sc('an unknown SLO', 'costBudget: 10', 'costBudgett: 10', ['spec.slo.costBudgett', 'did you mean "costBudget"']);
sc('a negative CPU price', 'cpuCoreHour: 0.04', 'cpuCoreHour: -0.04', ['spec.pricing.cpuCoreHour', 'at least 0']);
sc('a memory price as text', 'memoryGiBHour: 0.005', 'memoryGiBHour: cheap', ['spec.pricing.memoryGiBHour', 'number']);
sc('an HPA sync period of 1ms', 'hpaSyncPeriod: 15s', 'hpaSyncPeriod: 1ms', ['spec.controllers.hpaSyncPeriod', 'HPA syncs', 'longer spec.controllers.hpaSyncPeriod']);
sc('an HPA sync period of 0', 'hpaSyncPeriod: 15s', 'hpaSyncPeriod: 0s', ['spec.controllers.hpaSyncPeriod', 'greater than 0']);
sc('a negative HPA tolerance', 'hpaTolerance: 0.1', 'hpaTolerance: -0.1', ['spec.controllers.hpaTolerance', 'at least 0']);
sc('a metrics resolution of 0', 'metricsResolution: 60s', 'metricsResolution: 0s', ['spec.controllers.metricsResolution', 'greater than 0']);
sc('an unknown controllers field', 'hpaTolerance: 0.1', 'hpaTolerence: 0.1', ['spec.controllers.hpaTolerence', 'did you mean "hpaTolerance"']);
sc('a node CPU that is not a quantity', 'nodeCpu: "4"', 'nodeCpu: four', ['spec.cluster.nodeCpu', 'quantity']);
sc('a negative node CPU', 'nodeCpu: "4"', 'nodeCpu: "-4"', ['spec.cluster.nodeCpu', '0 or more']);

// ---- Deployments ----
dep('negative replicas', 'replicas: 2', 'replicas: -1', ['Deployment/api', 'spec.replicas', 'greater than or equal to 0']);
dep('fractional replicas', 'replicas: 2', 'replicas: 1.5', ['Deployment/api', 'spec.replicas']);
dep('replicas as text', 'replicas: 2', 'replicas: two', ['Deployment/api', 'spec.replicas']);
dep('replicas of 1e300', 'replicas: 2', 'replicas: 1e300', ['Deployment/api', 'spec.replicas']);
add({ name: 'a million replicas (too many pods to simulate)', kind: 'deployment', files: { [DEP]: replaced(DEP, 'replicas: 2', 'replicas: 1000000') }, args: RUN, mentions: [`{dir}/${SC}`, 'pods at once', 'lower Deployment/api: spec.replicas (1.00 million)'] });
dep('a CPU request that is not a quantity', 'cpu: 250m', 'cpu: 250x', ['Deployment/api', 'resources.requests[cpu]', '"250x"']);
dep('a negative memory request', 'memory: 128Mi}\n            limits', 'memory: -128Mi}\n            limits', ['Deployment/api', 'memory']);
dep('a request above its limit', 'limits: {cpu: "1"', 'limits: {cpu: 100m', ['Deployment/api', 'cpu']);
dep('maxSurge and maxUnavailable both 0', 'maxSurge: 1, maxUnavailable: 0', 'maxSurge: 0, maxUnavailable: 0', ['Deployment/api', 'maxUnavailable', 'may not be 0']);
dep('a maxSurge of 200 percent text', 'maxSurge: 1,', 'maxSurge: "lots",', ['Deployment/api', 'maxSurge']);
dep('a strategy of an unknown type', 'type: RollingUpdate', 'type: BlueGreen', ['Deployment/api', 'spec.strategy.type']);
dep('a selector that does not match the template', 'matchLabels: {app: api}', 'matchLabels: {app: web}', ['Deployment/api', 'selector']);
dep('no containers', '      containers:\n        - name: api\n', '      containers: []\n      initContainers:\n        - name: api\n', ['Deployment/api', 'containers']);
dep('a container without image', '          image: example/api:1.0.0\n', '', ['Deployment/api', 'image']);
dep('a negative probe period', 'periodSeconds: 5', 'periodSeconds: -5', ['Deployment/api', 'readinessProbe.periodSeconds']);
dep('a negative probe threshold', 'failureThreshold: 3', 'failureThreshold: -3', ['Deployment/api', 'failureThreshold']);
dep('a probe without a handler', '            httpGet: {path: /health, port: 8080}\n', '', ['Deployment/api', 'readinessProbe']);
dep('a probe port of 70000', 'port: 8080}', 'port: 70000}', ['Deployment/api', 'port']);
dep('an unknown Deployment apiVersion', 'apiVersion: apps/v1', 'apiVersion: apps/v0', ['apiVersion']);
dep('a Deployment without a name', '  name: api\nspec:', '  labels: {}\nspec:', ['metadata.name']);
dep('a Deployment name with a slash', '  name: api\nspec:', '  name: ../../api\nspec:', ['metadata.name']);
dep('a Deployment name 300 characters long', '  name: api\nspec:', `  name: ${'a'.repeat(300)}\nspec:`, ['metadata.name']);
dep('a misspelt Deployment field', '  replicas: 2', '  replicaz: 2', ['Deployment/api', 'replicaz']);

// ---- Services ----
svc('a Service selector that is a list', 'selector: {app: api}', 'selector: [app]', ['Service/api', 'spec.selector']);
svc('a Service port of 0', 'port: 80,', 'port: 0,', ['Service/api', 'port']);
svc('a Service port as text', 'port: 80,', 'port: eighty,', ['Service/api', 'port']);
svc('a Service without a name', '  name: api\nspec:', '  labels: {}\nspec:', ['metadata.name']);
svc('a Service of an unknown type', '  selector: {app: api}', '  type: Teleport\n  selector: {app: api}', ['Service/api', 'spec.type']);

// ---- HorizontalPodAutoscalers ----
hpa('an HPA whose target Deployment is missing', 'kind: Deployment, name: api}', 'kind: Deployment, name: apj}', ['HorizontalPodAutoscaler/api', 'spec.scaleTargetRef.name', 'did you mean "api"']);
hpa('an HPA with minReplicas above maxReplicas', 'minReplicas: 1', 'minReplicas: 9', ['HorizontalPodAutoscaler/api', 'minReplicas']);
hpa('an HPA with maxReplicas of 0', 'maxReplicas: 5', 'maxReplicas: 0', ['HorizontalPodAutoscaler/api', 'maxReplicas']);
add({ name: 'an HPA with maxReplicas of a million', kind: 'hpa', files: { [HPA]: replaced(HPA, 'maxReplicas: 5', 'maxReplicas: 1000000') }, args: RUN, mentions: [`{dir}/${SC}`, 'pods at once', 'lower HorizontalPodAutoscaler/api: spec.maxReplicas (1.00 million)'] });
hpa('an HPA with maxReplicas beyond int32', 'maxReplicas: 5', 'maxReplicas: 1e300', ['HorizontalPodAutoscaler/api', 'maxReplicas']);
hpa('an HPA with a negative target utilization', 'averageUtilization: 70', 'averageUtilization: -70', ['HorizontalPodAutoscaler/api', 'averageUtilization']);
hpa('an HPA with a metric of an unknown type', 'type: Resource', 'type: Telepathy', ['HorizontalPodAutoscaler/api', 'metrics[0].type']);
hpa('an HPA with a target of an unknown type', 'target: {type: Utilization', 'target: {type: Vibes', ['HorizontalPodAutoscaler/api', 'target.type']);
hpa('an HPA of an unknown apiVersion', 'apiVersion: autoscaling/v2', 'apiVersion: autoscaling/v9', ['apiVersion']);
hpa('an HPA without scaleTargetRef', '  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}\n', '', ['HorizontalPodAutoscaler/api', 'scaleTargetRef']);

// ---- --set ----
set('a --set path through __proto__', 'scenario.spec.__proto__.duration=1e308', ['"__proto__"', 'not a field']);
set('a --set path through constructor', 'scenario.spec.constructor.prototype.x=1', ['"constructor"', 'not a field']);
set('a --set path ending in prototype', 'deploy/api.spec.prototype=1', ['"prototype"', 'not a field']);
set('a --set path with a quoted __proto__ key', 'scenario.spec["__proto__"].x=1', ['"__proto__"']);
set('a --set value holding __proto__', 'scenario.spec.apps={__proto__: {x: 1}}', ['__proto__']);
set('a --set of an unknown kind', 'configmap/api.data.x=1', ['unknown kind "configmap"']);
set('a --set of a missing object', 'deploy/web.spec.replicas=3', ['no Deployment named "web"', "the scenario's Deployments: api"]);
set('a --set without a value', 'deploy/api.spec.replicas', ['missing "=VALUE"']);
set('a --set without a path', 'deploy/api=3', ['missing field path']);
set('a --set with an index out of range', 'deploy/api.spec.template.spec.containers[3].image=x', ['containers[3]', 'out of range']);
set('a --set with an unclosed bracket', 'deploy/api.spec.template.spec.containers[0.image]=x', ['expected a list index']);
set('a --set of an unknown field', 'hpa/api.spec.minReplica=3', ['spec.minReplica', 'did you mean "minReplicas"']);
set('a --set of negative replicas', 'deploy/api.spec.replicas=-1', ['spec.replicas', 'greater than or equal to 0']);
set('a --set of an absurd duration', 'scenario.spec.duration=1e308', ['spec.duration', 'Go duration']);
set('a --set of Infinity traffic', 'scenario.spec.traffic.api[0].constant=.inf', ['spec.traffic.api[0].constant', '1e9']);
set('a --set into a number', 'deploy/api.spec.replicas.x=1', ['spec.replicas', 'not a mapping']);
set('a --set of a list index on a mapping', 'deploy/api.spec[0]=1', ['not a list']);
set('a --set with an empty field name', 'deploy/api.spec..replicas=1', ['empty field name']);
set('a --set that breaks YAML', 'deploy/api.spec.replicas=[1', ['cannot read the value as YAML']);
add({ name: 'a --seed that is not a number', kind: 'cli', files: {}, args: [...RUN, '--seed', 'abc'], mentions: ['--seed', '"abc"'] });
add({ name: 'a --seed beyond 2^53', kind: 'cli', files: {}, args: [...RUN, '--seed', '99999999999999999999'], mentions: ['--seed', 'integer'] });
add({ name: 'an unknown option', kind: 'cli', files: {}, args: [...RUN, '--bogus'], mentions: ['Unknown argument: bogus'] });
add({ name: 'two scenario files', kind: 'cli', files: {}, args: [...RUN, `{dir}/${SC}`], mentions: ['one scenario file only'] });
add({ name: 'an --out that is a file', kind: 'cli', files: { 'out': 'mine' }, args: RUN, mentions: ['--out', 'not a folder'] });
add({ name: 'an --out holding the user\'s own files', kind: 'cli', files: { 'out/notes.txt': 'mine' }, args: RUN, mentions: ['--out', 'not a kubesim output folder'] });
add({ name: 'an --out under /dev/null', kind: 'cli', files: {}, args: ['run', `{dir}/${SC}`, '--out', '/dev/null/x'], mentions: ['--out', '/dev/null/x'] });
add({ name: 'an --out name of 300 characters', kind: 'cli', files: {}, args: ['run', `{dir}/${SC}`, '--out', `{dir}/${'o'.repeat(300)}`], mentions: ['--out', 'too long'] });

// ---- sweeps ----
sweep('a sweep axis through __proto__', 'set: hpa/api.spec.minReplicas', 'set: scenario.spec.__proto__.x', ['spec.axes[0].set', '"__proto__"']);
sweep('a sweep axis through constructor', 'set: hpa/api.spec.minReplicas', 'set: hpa/api.constructor.name', ['spec.axes[0].set', '"constructor"']);
sweep('a sweep variant set through prototype', '"hpa/api.spec.minReplicas=3"', '"hpa/api.prototype.x=3"', ['spec.variants[0].sets[0]', '"prototype"']);
sweep('an empty sweep axis', 'values: [1, 2]', 'values: []', ['spec.axes[0].values', 'empty axis']);
sweep('a sweep axis value of the wrong type', 'values: [1, 2]', 'values: [1, two]', ['spec.axes[0].values[1]', 'minReplicas']);
sweep('a sweep axis with "="', 'set: hpa/api.spec.minReplicas', 'set: hpa/api.spec.minReplicas=1', ['spec.axes[0].set', 'no "="']);
sweep('a sweep variant named baseline', 'name: steady', 'name: baseline', ['spec.variants[0].name', '"baseline"']);
add({ name: 'a sweep of a missing scenario', kind: 'sweep', files: { 'sweep.yaml': replaced('sweep.yaml', 'scenario: scenario.yaml', 'scenario: nope.yaml') }, args: ['sweep', '{dir}/sweep.yaml', '--out', '{dir}/out', '--workers', '1'], mentions: ['{dir}/nope.yaml', 'file not found'] });
sweep('a sweep with 0 seeds', 'seeds: 1', 'seeds: 0', ['spec.seeds']);
sweep('a sweep with nothing to sweep', '  axes:\n    - set: hpa/api.spec.minReplicas\n      values: [1, 2]\n  variants:\n    - name: steady\n      sets: ["hpa/api.spec.minReplicas=3"]\n', '', ['spec', 'nothing to sweep']);

// ---- compare: run folders ----
summary('a summary.json that is null', 'null', ['summary.json', '(document)', 'expected a mapping, got null']);
summary('a summary.json that is a number', '42', ['summary.json', 'expected a mapping, got number 42']);
summary('a summary.json that is a list', '[]', ['summary.json', 'expected a mapping, got a list']);
summary('a summary.json that is not JSON', '{"scenario": ', ['summary.json', 'not valid JSON']);
summary('a summary.json without scenario', { ...B.SUMMARY, scenario: undefined }, ['summary.json', 'scenario', 'expected a string']);
summary('a summary.json with requests null', { ...B.SUMMARY, requests: null }, ['summary.json', 'requests', 'expected a mapping, got null']);
summary('a summary.json with offered as text', { ...B.SUMMARY, requests: { offered: 'many', served: 1, failed: 0 } }, ['summary.json', 'requests.offered', 'expected a number']);
summary('a summary.json with a fractional seed', { ...B.SUMMARY, seed: 1.5 }, ['summary.json', 'seed', 'whole number']);
summary('a summary.json with latency as a list', { ...B.SUMMARY, latency: [1, 2] }, ['summary.json', 'latency', 'expected a mapping']);
summary('a summary.json with slo.checks null', { ...B.SUMMARY, slo: { met: true, checks: null } }, ['summary.json', 'slo.checks', 'expected a list']);
summary('a summary.json with an SLO check without name', { ...B.SUMMARY, slo: { met: true, checks: [{ target: 1, actual: 1, met: true }] } }, ['summary.json', 'slo.checks[0].name', 'expected a string']);
summary('a summary.json with slo.met as text', { ...B.SUMMARY, slo: { met: 'yes', checks: [] } }, ['summary.json', 'slo.met', 'true or false']);
summary('a summary.json with a rollout that is a number', { ...B.SUMMARY, rollouts: [1] }, ['summary.json', 'rollouts[0]', 'expected a mapping']);
add({ name: 'a compare folder that does not exist', kind: 'summary', files: {}, args: ['compare', '{dir}/runs/nope', '{dir}/runs/b', '--out', '{dir}/out'], mentions: ['{dir}/runs/nope', 'expected a kubesim run output folder'] });
add({ name: 'a compare folder whose summary.json is a broken link', kind: 'summary', files: { 'runs/a/summary.json': { symlink: 'nowhere.json' } }, args: ['compare', '{dir}/runs/a', '{dir}/runs/b', '--out', '{dir}/out'], mentions: ['summary.json', 'broken symbolic link'] });
add({ name: 'a compare folder whose summary.json is /dev/zero', kind: 'summary', files: { 'runs/a/summary.json': { device: '/dev/zero' } }, args: ['compare', '{dir}/runs/a', '{dir}/runs/b', '--out', '{dir}/out'], mentions: ['summary.json', 'is a device'] });
add({ name: 'a timeseries.csv without ready_pods', kind: 'summary', files: { 'runs/a/timeseries.csv': 'time,x\n0,1\n' }, args: ['compare', '{dir}/runs/a', '{dir}/runs/b', '--out', '{dir}/out'], mentions: ['timeseries.csv', 'ready_pods'] });
add({ name: 'a timeseries.csv with a word for a number', kind: 'summary', files: { 'runs/a/timeseries.csv': 'time,ready_pods\n0,two\n' }, args: ['compare', '{dir}/runs/a', '{dir}/runs/b', '--out', '{dir}/out'], mentions: ['timeseries.csv', 'line 2', 'ready_pods', '"two"'] });

// ---- merge: shards ----
const SH = B.SHARD;
shard('a shard.json that is null', 'null', ['shard.json', 'expected a mapping, got null']);
shard('a shard.json that is a number', '7', ['shard.json', 'expected a mapping, got number 7']);
shard('a shard.json that is not JSON', '{', ['shard.json', 'not valid JSON']);
shard('a shard.json of another kind', { ...SH, kind: 'something/else' }, ['shard.json', 'kind', 'kubesim/sweep-shard']);
shard('a shard.json of version 2', { ...SH, version: 2 }, ['shard.json', 'version', 'expected 1']);
shard('a shard.json with sweep null', { ...SH, sweep: null }, ['shard.json', 'sweep', 'expected a mapping']);
shard('a shard.json whose sweep name is not a string', { ...SH, sweep: { ...SH.sweep, name: 5 } }, ['shard.json', 'sweep.name', 'expected a string']);
shard('a shard.json with 0 variants', { ...SH, sweep: { ...SH.sweep, variants: 0 } }, ['shard.json', 'sweep.variants', 'at least 1']);
shard('a shard.json with a baseline out of range', { ...SH, sweep: { ...SH.sweep, baseline: 3 } }, ['shard.json', 'sweep.baseline', 'from 0 to 0']);
shard('a shard.json with settingKeys that are numbers', { ...SH, sweep: { ...SH.sweep, settingKeys: [1] } }, ['shard.json', 'sweep.settingKeys[0]', 'expected a string']);
shard('a shard.json with index above count', { ...SH, shard: { index: 3, count: 2 } }, ['shard.json', 'shard.index', 'from 1 to 2']);
shard('a shard.json with a fractional count', { ...SH, shard: { index: 1, count: 1.5 } }, ['shard.json', 'shard.count', 'whole number']);
shard('a shard.json with variants null', { ...SH, variants: null }, ['shard.json', 'variants', 'expected a list']);
shard('a shard.json with a variant that is a number', { ...SH, variants: [1] }, ['shard.json', 'variants[0]', 'expected a mapping']);
shard('a shard.json with a variant index out of range', { ...SH, variants: [{ ...SH.variants[0], index: 5 }] }, ['shard.json', 'variants[0].index', 'from 0 to 0']);
shard('a shard.json with runs null', { ...SH, variants: [{ ...SH.variants[0], runs: null }] }, ['shard.json', 'variants[0].runs', 'expected a list']);
shard('a shard.json with a value that is text', { ...SH, variants: [{ ...SH.variants[0], runs: [{ seed: 1, values: { availability: 'high' }, slo: null }] }] }, ['shard.json', 'variants[0].runs[0].values.availability', 'expected a number']);
shard('a shard.json with series of unequal lengths', { ...SH, variants: [{ ...SH.variants[0], series: { time: [0, 1], ready: [1] } }] }, ['shard.json', 'variants[0].series.ready', 'as many values']);
add({ name: 'a shard.json whose sweep name escapes the folder (and a shard is missing)', kind: 'shard', files: { 'shards/1/shard.json': JSON.stringify({ ...SH, sweep: { ...SH.sweep, name: '../../..' }, shard: { index: 1, count: 2 } }) }, args: ['merge', '{dir}/shards/1', '--out', '{dir}/out'], mentions: ['missing shard 2/2', 'have 1/2'] });
add({ name: 'a merge folder without shard.json', kind: 'shard', files: {}, args: ['merge', '{dir}/runs/a', '--out', '{dir}/out'], mentions: ['{dir}/runs/a', 'no shard.json'] });
add({ name: 'a shard.json that is /dev/zero', kind: 'shard', files: { 'shards/1/shard.json': { device: '/dev/zero' } }, args: ['merge', '{dir}/shards/1', '--out', '{dir}/out'], mentions: ['shard.json', 'is a device'] });

// ---- validate refuses the same as run, and prints the estimate when it is fine ----
add({ name: 'validate refuses an absurd sample interval', kind: 'validate', files: { [SC]: S.replace('duration: 10m', 'duration: 1h').replace('sampleInterval: 10s', 'sampleInterval: 1ms') }, args: ['validate', `{dir}/${SC}`], mentions: ['spec.sampleInterval', 'timeseries rows'] });
add({ name: 'validate refuses a --set through __proto__', kind: 'validate', files: {}, args: ['validate', `{dir}/${SC}`, '--set', 'scenario.spec.__proto__.duration=1e308'], mentions: ['"__proto__"'] });

export const ROWS: readonly Row[] = rows;
