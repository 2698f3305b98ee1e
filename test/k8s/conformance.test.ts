/** Every upstream vector in test/conformance/*.json runs through the real code path (by its kind). */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { runVector, type Vector } from '../../src/k8s/conformance/index.js';

const dir = join(import.meta.dirname, '..', 'conformance');
for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
  const vectors = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Vector[];
  const byKind = new Map<string, Vector[]>();
  for (const v of vectors) byKind.set(v.kind, [...(byKind.get(v.kind) ?? []), v]);
  for (const [kind, list] of byKind) {
    const s = suite(`conformance ${file} ${kind}`);
    for (const v of list) {
      s(v.id, () => {
        const r = runVector(v);
        assert.ok(r.passed, `${v.id}: ${r.differences.join('; ')}`);
      });
    }
    s.run();
  }
}
