/**
 * What a failing probe attempt writes, as the kubelet's probers write it (pure). The Event is
 * `Unhealthy` "<Readiness|Liveness|Startup> probe failed: <output>" (`pkg/kubelet/prober/prober.go`,
 * recordContainerEvent with the probe type's String()). The output is:
 *
 * - httpGet (`pkg/probe/http/http.go` DoHTTPProbe): the Go HTTP client's error for the URL
 *   `scheme://host:port/path` (host = the pod IP; `formatURL` in prober.go): `Get "http://10.244.0.7:8000/health":
 *   dial tcp 10.244.0.7:8000: connect: connection refused`, or `…: context deadline exceeded (Client.Timeout
 *   exceeded while awaiting headers)` after `timeoutSeconds`; a status outside 200–399 gives
 *   `HTTP probe failed with statuscode: 503`.
 * - tcpSocket (`pkg/probe/tcp/tcp.go`): the dialer's error, `dial tcp 10.244.0.7:8000: connect: connection
 *   refused` or `dial tcp 10.244.0.7:8000: i/o timeout`.
 * - exec (`pkg/probe/exec/exec.go`): the command's own output on a non-zero exit (kubesim cannot know it:
 *   empty), `command "<cmd>" timed out` on a timeout.
 * - grpc (`pkg/probe/grpc/grpc.go`): `timeout: failed to connect service "10.244.0.7:9000" within 1s` when
 *   nothing answers in time, `service unhealthy (responded with "NOT_SERVING")` when it answers not serving.
 *
 * A named port is resolved against the container's ports (`extractPort` / `findPortByName`). kubesim has no pod
 * network: pod IPs are drawn from 10.244.0.0/16 by pod number (10.244.0.1, …), so the addresses are invented
 * but the text is shaped as the kubelet writes it.
 */
import type { ContainerPort, Probe } from '../api/types.js';

export type ProbeFailure = 'refused' | 'timeout' | 'unavailable';

/** The invented pod IP of the n-th pod (1-based), in 10.244.0.0/16. */
export function podIP(n: number): string {
  const k = ((n - 1) % 65534) + 1;
  return `10.244.${k >> 8}.${k & 255}`;
}

function port(p: number | string, ports: readonly ContainerPort[]): string {
  if (typeof p === 'number') return String(p);
  const named = ports.find((x) => x.name === p);
  return named ? String(named.containerPort) : p;
}

/** The probe's output for a failing attempt. */
export function probeFailureOutput(probe: Probe, why: ProbeFailure, ip: string, ports: readonly ContainerPort[]): string {
  const h = probe.handler;
  switch (h.kind) {
    case 'httpGet': {
      if (why === 'unavailable') return 'HTTP probe failed with statuscode: 503';
      const addr = `${ip}:${port(h.port, ports)}`;
      const path = h.path.startsWith('/') || h.path === '' ? h.path : `/${h.path}`;
      const url = `${h.scheme.toLowerCase()}://${addr}${path}`;
      return why === 'refused'
        ? `Get "${url}": dial tcp ${addr}: connect: connection refused`
        : `Get "${url}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`;
    }
    case 'tcpSocket': {
      const addr = `${ip}:${port(h.port, ports)}`;
      return why === 'timeout' ? `dial tcp ${addr}: i/o timeout` : `dial tcp ${addr}: connect: connection refused`;
    }
    case 'exec':
      return why === 'timeout' ? `command "${h.command.join(' ')}" timed out` : '';
    case 'grpc': {
      if (why === 'unavailable') return 'service unhealthy (responded with "NOT_SERVING")';
      return `timeout: failed to connect service "${ip}:${h.port}" within ${probe.timeoutSeconds}s`;
    }
  }
}

/** The `Unhealthy` event message. */
export function unhealthyMessage(kind: 'readiness' | 'liveness' | 'startup', output: string): string {
  const label = kind === 'readiness' ? 'Readiness' : kind === 'liveness' ? 'Liveness' : 'Startup';
  return `${label} probe failed: ${output}`;
}
