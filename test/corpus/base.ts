/**
 * The valid inputs the bad-input corpus mutates: a small scenario that uses every section (manifests folder,
 * apps, traffic with a CSV trace, events, SLO, controllers, pricing), a sweep of it, and the files a run and a
 * sweep shard write (summary.json, timeseries.csv, shard.json) as `compare`/`merge` read them.
 */

export const SCENARIO = `apiVersion: kubesim/v1alpha1
kind: Scenario
metadata:
  name: corpus
spec:
  duration: 10m
  seed: 3
  sampleInterval: 10s
  manifests: [k8s/]
  apps:
    api:
      cpuPerRequest: 5ms
      idleCpu: 10m
      startupTime: 8s
      serviceTime: 20ms
  traffic:
    api:
      - constant: 50
      - steps: [{at: 0s, rps: 10}, {at: 5m, rps: 30}]
      - ramp: {from: 0, to: 40, start: 1m, end: 2m}
      - spike: {at: 3m, duration: 2m, rps: 20, rise: 30s, fall: 30s}
      - diurnal: {min: 5, max: 25, period: 24h, peakAt: 14h}
      - csv: {file: traces/rps.csv, scale: 1}
      - noise: {kind: jitter, cv: 0.1}
  events:
    - {at: 4m, rollout: {deployment: api, image: example/api:2.0.0}}
    - {at: 6m, killPods: {deployment: api, count: 1}}
    - {at: 7m, scale: {deployment: api, replicas: 3}}
  slo:
    availability: 99.9%
    latencyP99: 300ms
    maxOutage: 1m
    costBudget: 10
  pricing:
    cpuCoreHour: 0.04
    memoryGiBHour: 0.005
  controllers:
    hpaSyncPeriod: 15s
    hpaTolerance: 0.1
    metricsResolution: 60s
  cluster:
    nodeCpu: "4"
`;

export const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: 2
  selector:
    matchLabels: {app: api}
  strategy:
    type: RollingUpdate
    rollingUpdate: {maxSurge: 1, maxUnavailable: 0}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
        - name: api
          image: example/api:1.0.0
          resources:
            requests: {cpu: 250m, memory: 128Mi}
            limits: {cpu: "1", memory: 256Mi}
          readinessProbe:
            httpGet: {path: /health, port: 8080}
            periodSeconds: 5
            failureThreshold: 3
`;

export const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: api
spec:
  selector: {app: api}
  ports: [{port: 80, targetPort: 8080}]
`;

export const HPA = `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: api
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}
  minReplicas: 1
  maxReplicas: 5
  metrics:
    - type: Resource
      resource:
        name: cpu
        target: {type: Utilization, averageUtilization: 70}
`;

export const TRACE = `time,rps
0,10
60,20
120,15
`;

export const SWEEP = `apiVersion: kubesim/v1alpha1
kind: Sweep
metadata:
  name: corpus-sweep
spec:
  scenario: scenario.yaml
  seeds: 1
  axes:
    - set: hpa/api.spec.minReplicas
      values: [1, 2]
  variants:
    - name: steady
      sets: ["hpa/api.spec.minReplicas=3"]
`;

/** A summary.json as `kubesim run` writes it (the fields compare reads). */
export const SUMMARY = {
  scenario: 'corpus',
  seed: 3,
  durationSeconds: 600,
  requests: { offered: 1000, served: 990, failed: 10 },
  availability: 0.99,
  outageSeconds: 0,
  latency: { p50: 20, p95: 30, p99: 40 },
  replicas: { min: 2, max: 4, mean: 2.5 },
  cost: { cpuCoreHours: 0.1, memoryGiBHours: 0.1, total: 0.01 },
  scaling: { scaleUps: 1, scaleDowns: 0 },
  rollouts: [],
  restarts: 0,
  events: 10,
  slo: { met: false, checks: [{ name: 'availability', target: 0.999, actual: 0.99, met: false, detail: 'x' }] },
};

export const TIMESERIES = `time,ready_pods
0,2
10,2
20,3
`;

/** A shard.json as `kubesim sweep --shard 1/1` writes it. */
export const SHARD = {
  kind: 'kubesim/sweep-shard',
  version: 1,
  sweep: { name: 'corpus-sweep', hash: 'abc123', variants: 1, seeds: 1, settingKeys: ['hpa/api.spec.minReplicas'], baseline: 0, slo: null },
  shard: { index: 1, count: 1 },
  variants: [
    {
      index: 0,
      name: 'baseline',
      settings: {},
      runs: [{ seed: 1, values: { availability: 1, requests_failed: 0 }, slo: null }],
      series: { time: [0, 10], ready: [2, 2] },
    },
  ],
};

/** A saved Prometheus range response (`GET /api/v1/query_range`). */
export const PROMETHEUS = JSON.stringify({
  status: 'success',
  data: { resultType: 'matrix', result: [{ metric: { app: 'api' }, values: [[1700000000, '10'], [1700000015, '12'], [1700000030, '11']] }] },
});

/** A Grafana panel's "Export CSV". */
export const GRAFANA = 'sep=,\r\n"Time","api"\r\n1700000000000,10\r\n1700000015000,12\r\n';
