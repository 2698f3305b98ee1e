/**
 * scheduling.k8s.io/v1 PriorityClass and the Priority admission plugin's resolution of a pod's priority.
 *
 * Upstream (kubernetes/kubernetes):
 *   pkg/apis/scheduling/types.go            HighestUserDefinablePriority 1000000000; the built-in classes
 *                                           system-cluster-critical 2000000000 and system-node-critical 2000001000.
 *   pkg/apis/scheduling/validation           a user class above 1000000000 is forbidden ("maximum allowed value of
 *                                           a user defined priority is 1000000000"); names with the `system-`
 *                                           prefix are reserved.
 *   pkg/apis/scheduling/v1/defaults.go       preemptionPolicy defaults to PreemptLowerPriority.
 *   plugin/pkg/admission/priority/admission.go  a pod with priorityClassName gets that class's value (unknown →
 *                                           `no PriorityClass with name X was found`); without one, the value of the
 *                                           globalDefault class, else 0; preemptionPolicy comes from the class.
 *   Only one class may be globalDefault (the admission plugin rejects a second).
 */
import { UserError } from '../../engine/errors.js';
import { Fields, forbidden, invalid, required, type FieldSpec } from './field.js';
import { readObjectMeta } from './manifest-common.js';
import type { ObjectMeta } from './types.js';

const TOP: FieldSpec = { modelled: ['apiVersion', 'kind', 'metadata', 'value', 'globalDefault', 'preemptionPolicy', 'description'] };

export const HIGHEST_USER_DEFINABLE_PRIORITY = 1_000_000_000;
export const PREEMPTION_POLICIES = ['PreemptLowerPriority', 'Never'] as const;
export type PreemptionPolicy = (typeof PREEMPTION_POLICIES)[number];

export interface PriorityClass {
  readonly apiVersion: 'scheduling.k8s.io/v1';
  readonly kind: 'PriorityClass';
  readonly ignored: false;
  readonly metadata: ObjectMeta;
  readonly value: number;
  readonly globalDefault: boolean;
  readonly preemptionPolicy: PreemptionPolicy;
}

export const SYSTEM_PRIORITY_CLASSES: Readonly<Record<string, number>> = {
  'system-cluster-critical': 2_000_000_000,
  'system-node-critical': 2_000_001_000,
};

export function readPriorityClass(doc: unknown, warnings: string[]): PriorityClass {
  const top = new Fields(doc, '', TOP, warnings);
  if (top.str('apiVersion') !== 'scheduling.k8s.io/v1') throw invalid('apiVersion', top.raw('apiVersion'), 'PriorityClasses are read as scheduling.k8s.io/v1');
  const metadata = readObjectMeta(top, 'subdomain');
  if (metadata.name.startsWith('system-')) throw forbidden('metadata.name', "priority class names with 'system-' prefix are reserved");
  const value = top.int('value');
  if (value === undefined) throw required('value');
  if (value > HIGHEST_USER_DEFINABLE_PRIORITY) throw forbidden('value', `maximum allowed value of a user defined priority is ${HIGHEST_USER_DEFINABLE_PRIORITY}`);
  return {
    apiVersion: 'scheduling.k8s.io/v1',
    kind: 'PriorityClass',
    ignored: false,
    metadata,
    value,
    globalDefault: top.bool('globalDefault', false),
    preemptionPolicy: top.oneOf('preemptionPolicy', PREEMPTION_POLICIES, 'PreemptLowerPriority'),
  };
}

/** Only one globalDefault class; throws the admission plugin's complaint otherwise. */
export function checkGlobalDefault(classes: readonly PriorityClass[]): void {
  const defaults = classes.filter((c) => c.globalDefault);
  if (defaults.length > 1) {
    throw new UserError(`PriorityClass ${defaults[1]!.metadata.name} cannot be set as globalDefault: ${defaults[0]!.metadata.name} is already globalDefault`, { path: 'globalDefault' });
  }
}

/** The Priority admission plugin: a pod's priority and preemption policy. */
export function resolvePriority(
  priorityClassName: string | null,
  classes: readonly PriorityClass[],
): { priority: number; preemptionPolicy: PreemptionPolicy } {
  if (priorityClassName === null || priorityClassName === '') {
    const g = classes.find((c) => c.globalDefault);
    return g ? { priority: g.value, preemptionPolicy: g.preemptionPolicy } : { priority: 0, preemptionPolicy: 'PreemptLowerPriority' };
  }
  const sys = SYSTEM_PRIORITY_CLASSES[priorityClassName];
  if (sys !== undefined) return { priority: sys, preemptionPolicy: 'PreemptLowerPriority' };
  const c = classes.find((x) => x.metadata.name === priorityClassName);
  if (!c) throw new UserError(`no PriorityClass with name ${priorityClassName} was found`, { path: 'spec.template.spec.priorityClassName' });
  return { priority: c.value, preemptionPolicy: c.preemptionPolicy };
}
