/** Probe failure texts as the kubelet's probers write them (`pkg/probe/http`, `pkg/probe/tcp`, `prober.go`). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Probe, ProbeHandler } from '../../../src/k8s/api/types.js';
import { podIP, probeFailureOutput, unhealthyMessage, type ProbeFailure } from '../../../src/k8s/kubelet/probe-messages.js';

const probe = (handler: ProbeHandler): Probe => ({ handler, initialDelaySeconds: 0, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3, terminationGracePeriodSeconds: null });
const http = probe({ kind: 'httpGet', path: '/health', port: 8000, scheme: 'HTTP' });
const named = probe({ kind: 'httpGet', path: '/ready', port: 'web', scheme: 'HTTPS' });
const tcp = probe({ kind: 'tcpSocket', port: 5432 });
const ports = [{ name: 'web', containerPort: 8443 }];

const rows: { name: string; probe: Probe; why: ProbeFailure; expected: string }[] = [
  { name: 'httpGet on a closed port: the client error with the URL, path and port', probe: http, why: 'refused', expected: 'Get "http://10.244.0.7:8000/health": dial tcp 10.244.0.7:8000: connect: connection refused' },
  { name: 'httpGet that times out', probe: http, why: 'timeout', expected: 'Get "http://10.244.0.7:8000/health": context deadline exceeded (Client.Timeout exceeded while awaiting headers)' },
  { name: 'httpGet answered 503', probe: http, why: 'unavailable', expected: 'HTTP probe failed with statuscode: 503' },
  { name: 'a named port resolves to the container port; the scheme is lower-cased', probe: named, why: 'refused', expected: 'Get "https://10.244.0.7:8443/ready": dial tcp 10.244.0.7:8443: connect: connection refused' },
  { name: 'tcpSocket refused', probe: tcp, why: 'refused', expected: 'dial tcp 10.244.0.7:5432: connect: connection refused' },
  { name: 'tcpSocket timeout', probe: tcp, why: 'timeout', expected: 'dial tcp 10.244.0.7:5432: i/o timeout' },
];
for (const r of rows) test(r.name, () => assert.is(probeFailureOutput(r.probe, r.why, podIP(7), ports), r.expected));

test('the Unhealthy message names the probe type as the kubelet prints it', () => {
  assert.is(unhealthyMessage('readiness', 'x'), 'Readiness probe failed: x');
  assert.is(unhealthyMessage('liveness', 'x'), 'Liveness probe failed: x');
  assert.is(unhealthyMessage('startup', 'x'), 'Startup probe failed: x');
});

test('pod IPs: 10.244.0.1 for the first pod, 10.244.1.0 for the 256th', () => {
  assert.is(podIP(1), '10.244.0.1');
  assert.is(podIP(256), '10.244.1.0');
});

test.run();
