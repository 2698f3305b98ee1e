/**
 * `kubesim conformance FILE...`: run upstream test vectors (JSON lists of `{id, kind, input, expected}`) through
 * kubesim's real code paths. Each failure is printed with its id and differences; the last line is
 * `N passed, M failed`. Exit 0 only when every vector passed (1 otherwise; 2 for an unreadable file).
 * A vector of a kind kubesim has no check for fails and is named.
 */
import { readInputText } from '../engine/input-file.js';
import { UserError } from '../engine/errors.js';
import { runVectors, type Vector } from '../k8s/conformance/index.js';
import { EXIT } from './errors.js';
import { defineCommand } from './io.js';

export const conformanceCommand = defineCommand({
  command: 'conformance <files..>',
  describe: 'Check kubesim against upstream Kubernetes test vectors',
  builder: (y) =>
    y.positional('files', { type: 'string', array: true, demandOption: true, describe: 'JSON files of test vectors' }),
  handler: (args) => {
    const vectors = args.files.flatMap(readVectors);
    const { passed, failed, results } = runVectors(vectors);
    for (const r of results) {
      if (r.passed) continue;
      args.io.out(`FAIL ${r.id} (${r.kind})\n`);
      for (const d of r.differences) args.io.out(`  ${d}\n`);
    }
    args.io.out(`${passed} passed, ${failed} failed\n`);
    args.exit(failed === 0 ? EXIT.ok : EXIT.findings);
  },
});

/** One vector file: a JSON list of vectors (or `{vectors: [...]}`), each with a string `id` and `kind`. */
export function readVectors(file: string): Vector[] {
  const text = readInputText(file, 'json');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new UserError(`invalid JSON: ${e instanceof Error ? e.message : String(e)}`, { file });
  }
  const list = Array.isArray(data) ? data : (data as { vectors?: unknown } | null)?.vectors;
  if (!Array.isArray(list)) throw new UserError('expected a JSON list of test vectors ({id, kind, input, expected})', { file });
  list.forEach((v, i) => {
    for (const key of ['id', 'kind'] as const) {
      const value = (v as Record<string, unknown> | null)?.[key];
      if (typeof value !== 'string' || value === '') throw new UserError(`expected a string`, { file, path: `[${i}].${key}` });
    }
  });
  return list as Vector[];
}
