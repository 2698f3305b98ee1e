/**
 * The benchmark scenarios, as YAML text written to the case's temporary folder (never into `scenarios/`), then
 * loaded with `loadScenario` like any user file:
 *
 *   articleScenario   the article's `api` service (3 replicas, RollingUpdate 0/1, 100m/128Mi requests, 500m/512Mi
 *                     limits, readiness + liveness probes, Service, HPA 2–50 at 70 % CPU) under diurnal traffic
 *                     50–600 rps with Poisson noise, one rollout a day
 *   largeScenario     one Deployment `big` driven by its HPA up to `maxPods` pods by a day-long ramp
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadScenario, type Scenario } from '../../scenario/index.js';

export interface ArticleOptions {
  days: number;
  seed?: number;
  name?: string;
}

/** A pod template shared by both scenarios: the article's container. */
function deployment(name: string, replicas: number): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: ${name}
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxUnavailable: 0
      maxSurge: 1
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
        - name: ${name}
          image: myrepo/${name}:1.0
          ports:
            - containerPort: 8000
          resources:
            requests:
              cpu: "100m"
              memory: "128Mi"
            limits:
              cpu: "500m"
              memory: "512Mi"
          readinessProbe:
            httpGet:
              path: /health
              port: 8000
            initialDelaySeconds: 5
            periodSeconds: 10
          livenessProbe:
            httpGet:
              path: /health
              port: 8000
            initialDelaySeconds: 15
            periodSeconds: 20
            failureThreshold: 3
`;
}

function service(name: string): string {
  return `apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
  selector:
    app: ${name}
  ports:
    - port: 80
      targetPort: 8000
  type: ClusterIP
`;
}

function hpa(name: string, min: number, max: number, utilization: number): string {
  return `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: ${name}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: ${name}
  minReplicas: ${min}
  maxReplicas: ${max}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: ${utilization}
`;
}

export function articleScenario(o: ArticleOptions): string {
  const rollouts: string[] = [];
  for (let d = 0; d < o.days; d++) {
    rollouts.push(`    - {at: ${d * 24 + 15}h, rollout: {deployment: api, image: "myrepo/api:1.${d + 1}"}}`);
  }
  return `apiVersion: kubesim/v1alpha1
kind: Scenario
metadata:
  name: ${o.name ?? `bench-article-${o.days}d`}
spec:
  duration: ${o.days * 24}h
  seed: ${o.seed ?? 42}
  apps:
    api:
      cpuPerRequest: 2ms
      idleCpu: 5m
      startupTime: 8s
      serviceTime: 20ms
  traffic:
    api:
      - diurnal: {min: 50, max: 600, period: 24h, peakAt: 14h}
      - noise: {kind: poisson}
  events:
${rollouts.join('\n')}
---
${deployment('api', 3)}---
${service('api')}---
${hpa('api', 2, 50, 70)}`;
}

/**
 * 10 ms of CPU per request: a pod at the 70 % target (70m of its 100m request) serves 7 rps. The ramp ends at
 * 8.4 rps per allowed pod (84 %), so the HPA keeps asking for more than `maxPods` and holds at the cap.
 */
export function largeScenario(maxPods: number, seed = 7): string {
  const peak = Math.round(maxPods * 8.4);
  return `apiVersion: kubesim/v1alpha1
kind: Scenario
metadata:
  name: bench-large-${maxPods}
spec:
  duration: 24h
  seed: ${seed}
  apps:
    big:
      cpuPerRequest: 10ms
      idleCpu: 5m
      startupTime: 8s
      serviceTime: 20ms
  traffic:
    big:
      - ramp: {from: 20, to: ${peak}, start: 1h, end: 16h}
      - noise: {kind: poisson}
---
${deployment('big', 2)}---
${service('big')}---
${hpa('big', 2, maxPods, 70)}`;
}

/** Writes `yaml` as `<dir>/<name>.yaml` and returns the path. */
export function writeScenario(dir: string, name: string, yaml: string): string {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, yaml);
  return file;
}

/** Writes and loads a scenario. */
export async function prepare(dir: string, name: string, yaml: string): Promise<Scenario> {
  const scenario = await loadScenario(writeScenario(dir, name, yaml));
  for (const w of scenario.warnings) process.stderr.write(`  (scenario ${name}: ${w})\n`);
  return scenario;
}
