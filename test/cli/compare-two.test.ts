/** `kubesim compare A B` of two real runs (before/after a manifest change): the differences are called out. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { kubesimAsync, tempDir } from './helpers.js';

const tmp = tempDir('kubesim-compare-two-');

test('two runs give a before/after table: fewer replicas fail more requests, called out as worse', async () => {
  const base = ['run', 'scenarios/overload.yaml', '--quiet', '--set', 'scenario.spec.duration=30m'];
  const before = await kubesimAsync([...base, '--out', join(tmp, 'before')]);
  assert.is(before.status, 0, before.stderr);
  const after = await kubesimAsync([...base, '--set', 'deployment/api.spec.replicas=2', '--out', join(tmp, 'after')]);
  assert.is(after.status, 0, after.stderr);
  const cmp = await kubesimAsync(['compare', join(tmp, 'before'), join(tmp, 'after'), '--out', join(tmp, 'cmp'), '--quiet']);
  assert.is(cmp.status, 0, cmp.stderr);
  const html = readFileSync(join(tmp, 'cmp', 'comparison.html'), 'utf8');
  assert.match(html, /<h2>Before and after: before → after<\/h2>/);
  assert.match(html, /<tr class="worse"><td>failed requests<\/td>/);
  assert.match(html, /<tr class="better"><td>cost<\/td>/);
});

test.run();
