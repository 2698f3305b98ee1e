/** How `apps`, `traffic` and events name objects across namespaces. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ObjectMeta } from '../../src/k8s/api/types.js';
import { resolveObjectRef } from '../../src/scenario/normalize.js';

const meta = (namespace: string, name: string): ObjectMeta => ({ namespace, name, labels: {}, annotations: {} });
const rows: { name: string; ref: string; metas: ObjectMeta[]; want: ReturnType<typeof resolveObjectRef> }[] = [
  { name: 'a bare name in default is the bare key', ref: 'api', metas: [meta('default', 'api')], want: 'api' },
  { name: 'a bare name prefers default over other namespaces', ref: 'api', metas: [meta('staging', 'api'), meta('default', 'api')], want: 'api' },
  { name: 'a bare name of the only object elsewhere names it', ref: 'api', metas: [meta('staging', 'api')], want: 'staging/api' },
  { name: 'namespace/name names exactly that object', ref: 'staging/api', metas: [meta('staging', 'api'), meta('production', 'api')], want: 'staging/api' },
  { name: 'default/name is the bare key', ref: 'default/api', metas: [meta('default', 'api')], want: 'api' },
  { name: 'two namespaces and none default: ambiguous', ref: 'api', metas: [meta('staging', 'api'), meta('production', 'api')], want: { ambiguous: ['production/api', 'staging/api'] } },
  { name: 'nothing of that name', ref: 'web', metas: [meta('default', 'api')], want: null },
  { name: 'namespace/name in another namespace than the object', ref: 'prod/api', metas: [meta('staging', 'api')], want: null },
];
for (const r of rows) test(`object refs: ${r.name}`, () => assert.equal(resolveObjectRef(r.ref, r.metas), r.want));

test.run();
