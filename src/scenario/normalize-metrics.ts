/**
 * Which HPA metrics can get a sample in kubesim, decided at load time so that nothing fails silently at run time.
 *
 *   Resource / ContainerResource   cpu and memory, from metrics-server (every container counted, as upstream)
 *   Pods                           the built-in per-pod series (POD_SERIES)
 *   Object                         the built-in series of a Service or Deployment of the HPA's namespace (OBJECT_SERIES)
 *   External                       a `spec.metrics` series of that name whose labels the metric's selector matches
 *
 * Anything else is a warning naming the HPA and the metric; the HPA then behaves as upstream's does with a metric
 * that has no value (that metric is invalid each sync; scale-down is blocked while any metric is invalid).
 */
import { hpaPodRequest, runningContainers } from '../k8s/api/resources.js';
import type { Deployment, HorizontalPodAutoscaler, Service } from '../k8s/api/types.js';
import { externalSeriesFor } from '../k8s/hpa/external.js';
import type { MetricSeriesSpec } from './types.js';

/** Pods metrics kubesim serves per pod (as a Prometheus adapter would from the app's own counters). */
export const POD_SERIES = ['requests_per_second', 'requests_in_flight', 'memory_working_set_bytes'] as const;
/** Object metrics of a Service or Deployment (summed over its pods / the traffic offered to it). */
export const OBJECT_SERIES = ['requests_per_second', 'requests_in_flight'] as const;

export interface MetricContext {
  services: readonly Service[];
  deployments: readonly Deployment[];
  metricSeries: readonly MetricSeriesSpec[];
}


/** Warnings (without the file and HPA label) for every metric of `h` that cannot get a sample. */
export function checkHpaMetrics(h: HorizontalPodAutoscaler, target: Deployment, ctx: MetricContext): string[] {
  const out: string[] = [];
  const ns = h.metadata.namespace;
  const spec = target.spec.template.spec;
  const podName = `${target.metadata.name}-<hash>-<id>`;
  h.spec.metrics.forEach((m, i) => {
    const at = `spec.metrics[${i}]`;
    const never = (why: string): void => {
      out.push(`${at}: ${m.type} metric ${JSON.stringify(m.name)} can never get a sample in kubesim (${why}); the HPA will report it invalid every sync and will not scale down`);
    };
    switch (m.type) {
      case 'Resource':
      case 'ContainerResource': {
        if (m.name !== 'cpu' && m.name !== 'memory') {
          never('metrics-server reports cpu and memory only');
          break;
        }
        if (m.type === 'ContainerResource' && !runningContainers(spec).some((c) => c.name === m.container)) {
          never(`the pods have no container ${JSON.stringify(m.container)}`);
          break;
        }
        if (m.target.type === 'Utilization') {
          const r = hpaPodRequest(spec, podName, m.name, m.container);
          if ('error' in r) never(r.error);
        }
        break;
      }
      case 'Pods':
        if (!(POD_SERIES as readonly string[]).includes(m.name)) never(`the built-in Pods metrics are ${POD_SERIES.join(', ')}`);
        else if (m.selector) out.push(`${at}.pods.metric.selector: not modelled by kubesim (each pod has one series of each metric); ignored`);
        break;
      case 'Object': {
        const d = m.describedObject!;
        if (!(OBJECT_SERIES as readonly string[]).includes(m.name)) {
          never(`the built-in Object metrics are ${OBJECT_SERIES.join(', ')}`);
          break;
        }
        const found =
          d.kind === 'Service'
            ? ctx.services.some((s) => s.metadata.namespace === ns && s.metadata.name === d.name)
            : d.kind === 'Deployment'
              ? ctx.deployments.some((x) => x.metadata.namespace === ns && x.metadata.name === d.name)
              : false;
        if (!found) never(`describedObject ${d.kind}/${d.name} is not a Service or Deployment of namespace ${ns} in the scenario`);
        break;
      }
      case 'External':
        if (externalSeriesFor(m, ctx.metricSeries).length === 0) {
          never(`no spec.metrics series named ${JSON.stringify(m.name)}${m.selector ? ' whose labels match metric.selector' : ''}`);
        }
        break;
    }
  });
  return out;
}
