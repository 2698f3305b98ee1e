/**
 * The seed article's manifests (/work/shared/seed-article.txt), re-indented: the article's text lost its YAML
 * indentation. Shared by the manifest tests.
 */

export const ARTICLE_DEPLOYMENT = `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: 3
  selector:
    matchLabels:
      app: api
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxUnavailable: 0 # zero downtime: no pods removed until new ones are ready
      maxSurge: 1 # at most 1 extra pod during rollout
  template:
    metadata:
      labels:
        app: api
    spec:
      containers:
        - name: api
          image: myrepo/api:1.2.3
          ports:
            - containerPort: 8000
          resources:
            requests:
              cpu: "100m" # 0.1 CPU cores guaranteed
              memory: "128Mi"
            limits:
              cpu: "500m" # hard cap at 0.5 cores
              memory: "512Mi"
          readinessProbe:
            httpGet:
              path: /health
              port: 8000
            initialDelaySeconds: 5
            periodSeconds: 10
`;

export const ARTICLE_SERVICE = `
apiVersion: v1
kind: Service
metadata:
  name: api
spec:
  selector:
    app: api # routes traffic to all pods with this label
  ports:
    - port: 80
      targetPort: 8000
  type: ClusterIP # internal-only; use LoadBalancer for external traffic
`;

export const ARTICLE_HPA = `
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: api-hpa
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: api
  minReplicas: 2
  maxReplicas: 20
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: 70
`;

export const ARTICLE_OTHERS = `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: api-ingress
  annotations:
    nginx.ingress.kubernetes.io/rewrite-target: /
spec:
  rules:
    - host: api.mycompany.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: api
                port:
                  number: 80
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: api-config
data:
  LOG_LEVEL: "info"
  FEATURE_FLAGS: "new_dashboard=true"
---
apiVersion: v1
kind: Secret
metadata:
  name: api-secrets
type: Opaque
stringData:
  DATABASE_URL: "postgresql://user:password@db:5432/mydb"
  JWT_SECRET: "change-in-production"
---
apiVersion: v1
kind: Pod
metadata:
  name: api-pod
  labels:
    app: api
spec:
  containers:
    - name: api
      image: myrepo/api:1.2.3
`;
