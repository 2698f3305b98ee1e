/** The scheduler's filters and its FailedScheduling message, table-driven. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { filterNode, fitErrorMessage, matchesNodeAffinity, toleratesTaint, type FilterStatus } from '../../../src/k8s/scheduler/filter.js';
import { NO_SCHEDULING, type SchedNode, type SchedPod, type Toleration } from '../../../src/k8s/scheduler/types.js';

const GI = 2 ** 30;
const node = (p: Partial<SchedNode> = {}): SchedNode => ({
  name: 'n1', labels: { 'kubernetes.io/hostname': 'n1' }, taints: [], unschedulable: false,
  allocatable: { cpuMilli: 4000, memoryBytes: 16 * GI, pods: 110 }, requested: { cpuMilli: 0, memoryBytes: 0 },
  nonZeroRequested: { cpuMilli: 0, memoryBytes: 0 }, podCount: 0, ...p,
});
const pod = (cpuMilli: number, memoryBytes: number, scheduling = NO_SCHEDULING): SchedPod => ({
  requests: { cpuMilli, memoryBytes }, nonZeroRequests: { cpuMilli, memoryBytes }, scheduling,
});
const tol = (p: Partial<Toleration>): Toleration => ({ key: '', operator: 'Equal', value: '', effect: '', tolerationSeconds: null, ...p });

test('filterNode: rows named as sentences', () => {
  const rows: { name: string; pod: SchedPod; node: SchedNode; want: FilterStatus | null }[] = [
    { name: 'a pod that fits passes', pod: pod(500, GI), node: node(), want: null },
    { name: 'a pod asking for more CPU than is left is Insufficient cpu', pod: pod(500, GI), node: node({ requested: { cpuMilli: 3600, memoryBytes: 0 } }), want: { code: 'Unschedulable', reasons: ['Insufficient cpu'] } },
    { name: 'exactly the CPU that is left fits', pod: pod(400, GI), node: node({ requested: { cpuMilli: 3600, memoryBytes: 0 } }), want: null },
    { name: 'cpu and memory both short give two reasons', pod: pod(5000, 20 * GI), node: node(), want: { code: 'Unschedulable', reasons: ['Insufficient cpu', 'Insufficient memory'] } },
    { name: 'a full node is Too many pods, even for a pod without requests', pod: pod(0, 0), node: node({ podCount: 110 }), want: { code: 'Unschedulable', reasons: ['Too many pods'] } },
    { name: 'a pod without requests fits a node whose CPU is all requested', pod: pod(0, 0), node: node({ requested: { cpuMilli: 4000, memoryBytes: 16 * GI } }), want: null },
    { name: 'a cordoned node is unschedulable before any other check', pod: pod(5000, 0), node: node({ unschedulable: true }), want: { code: 'UnschedulableAndUnresolvable', reasons: ['node(s) were unschedulable'] } },
    {
      name: 'a NoSchedule taint without a toleration names the taint',
      pod: pod(100, 0), node: node({ taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] }),
      want: { code: 'UnschedulableAndUnresolvable', reasons: ['node(s) had untolerated taint {dedicated: gpu}'] },
    },
    { name: 'a PreferNoSchedule taint does not filter', pod: pod(100, 0), node: node({ taints: [{ key: 'x', value: '', effect: 'PreferNoSchedule' }] }), want: null },
    {
      name: 'an unreachable node rejects a pod whose default tolerations are NoExecute only',
      pod: pod(100, 0, { ...NO_SCHEDULING, tolerations: [tol({ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 })] }),
      node: node({ taints: [{ key: 'node.kubernetes.io/unreachable', value: '', effect: 'NoSchedule' }, { key: 'node.kubernetes.io/unreachable', value: '', effect: 'NoExecute' }] }),
      want: { code: 'UnschedulableAndUnresolvable', reasons: ['node(s) had untolerated taint {node.kubernetes.io/unreachable: }'] },
    },
    {
      name: 'a nodeSelector that the node lacks fails node affinity',
      pod: pod(100, 0, { ...NO_SCHEDULING, nodeSelector: { pool: 'big' } }), node: node(),
      want: { code: 'UnschedulableAndUnresolvable', reasons: ["node(s) didn't match Pod's node affinity/selector"] },
    },
  ];
  for (const r of rows) assert.equal(filterNode(r.pod, r.node), r.want, r.name);
});

test('toleratesTaint: rows named as sentences', () => {
  const taint = { key: 'k', value: 'v', effect: 'NoSchedule' as const };
  const rows = [
    { name: 'Equal with the same key, value and effect tolerates', t: tol({ key: 'k', value: 'v', effect: 'NoSchedule' }), want: true },
    { name: 'Equal with another value does not', t: tol({ key: 'k', value: 'w', effect: 'NoSchedule' }), want: false },
    { name: 'Exists with the key tolerates any value', t: tol({ key: 'k', operator: 'Exists' }), want: true },
    { name: 'an empty key with Exists tolerates every taint', t: tol({ operator: 'Exists' }), want: true },
    { name: 'another effect does not tolerate', t: tol({ key: 'k', operator: 'Exists', effect: 'NoExecute' }), want: false },
  ];
  for (const r of rows) assert.is(toleratesTaint(r.t, taint), r.want, r.name);
});

test('matchesNodeAffinity: required terms are ORed, their expressions ANDed', () => {
  const n = { name: 'n1', labels: { zone: 'a', size: '8' } };
  const term = (exprs: { key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt'; values: string[] }[]) => ({ matchExpressions: exprs, matchFields: [] });
  const rows = [
    { name: 'In matches a listed value', terms: [term([{ key: 'zone', operator: 'In', values: ['a', 'b'] }])], want: true },
    { name: 'NotIn on an absent label matches', terms: [term([{ key: 'gpu', operator: 'NotIn', values: ['x'] }])], want: true },
    { name: 'Gt compares integers', terms: [term([{ key: 'size', operator: 'Gt', values: ['4'] }])], want: true },
    { name: 'both expressions of a term must match', terms: [term([{ key: 'zone', operator: 'In', values: ['a'] }, { key: 'gpu', operator: 'Exists', values: [] }])], want: false },
    { name: 'a second term can match when the first does not', terms: [term([{ key: 'gpu', operator: 'Exists', values: [] }]), term([{ key: 'zone', operator: 'Exists', values: [] }])], want: true },
    { name: 'an empty term matches nothing', terms: [term([])], want: false },
  ];
  for (const r of rows) assert.is(matchesNodeAffinity({ ...NO_SCHEDULING, requiredNodeTerms: r.terms }, n), r.want, r.name);
});

test('fitErrorMessage: upstream FitError format with the preemption dry run', () => {
  const cpu: FilterStatus = { code: 'Unschedulable', reasons: ['Insufficient cpu'] };
  const both: FilterStatus = { code: 'Unschedulable', reasons: ['Insufficient cpu', 'Insufficient memory'] };
  const taint: FilterStatus = { code: 'UnschedulableAndUnresolvable', reasons: ['node(s) had untolerated taint {node.kubernetes.io/unreachable: }'] };
  const rows = [
    { name: 'three nodes short of CPU', s: [cpu, cpu, cpu], want: '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.' },
    {
      name: 'reasons are counted per reason and sorted as strings (a count of 10 sorts before 2)',
      s: [...Array.from({ length: 10 }, () => cpu), both, both],
      want: '0/12 nodes are available: 12 Insufficient cpu, 2 Insufficient memory. preemption: 0/12 nodes are available: 12 No preemption victims found for incoming pod.',
    },
    {
      name: 'an unresolvable node is not a preemption candidate',
      s: [taint, cpu, cpu],
      want: '0/3 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/unreachable: }, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.',
    },
    { name: 'no nodes at all', s: [], want: 'no nodes available to schedule pods' },
  ];
  for (const r of rows) assert.is(fitErrorMessage(r.s), r.want, r.name);
});

test.run();
