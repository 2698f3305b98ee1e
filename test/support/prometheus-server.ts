/**
 * A real Prometheus for the tests: a TSDB filled with the known series (test/support/known-series.ts) by
 * `promtool tsdb create-blocks-from openmetrics`, served on 127.0.0.1 at a free port.
 *
 *   node --import tsx test/support/prometheus-server.ts start DIR   # prints the URL; DIR/pid holds the process id
 *   node --import tsx test/support/prometheus-server.ts stop DIR
 *
 * `.ci/run` starts one before `npm test` and exports KUBESIM_TEST_PROMETHEUS_URL; without it, the test starts its
 * own when the `prometheus` and `promtool` binaries exist (Debian package `prometheus`), and skips otherwise.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { knownOpenMetrics } from './known-series.js';

/** Two days at 15 s and one more: 11,521 points, more than one query_range may return. */
export const KNOWN_POINTS = 2 * 86_400 / 15 + 1;

export interface RunningPrometheus {
  url: string;
  pid: number;
  stop(): void;
}

/** Why a local Prometheus cannot run here (a missing binary), or undefined if it can. */
export function prometheusMissing(): string | undefined {
  for (const bin of ['prometheus', 'promtool']) {
    const r = spawnSync(bin, ['--version'], { stdio: 'ignore' });
    if (r.error) return `no ${bin} binary on PATH (Debian: apt-get install prometheus)`;
  }
  return undefined;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Fills a TSDB in `dir` and starts Prometheus on it; resolves once /-/ready answers. */
export async function startPrometheus(dir: string, options: { detached?: boolean } = {}): Promise<RunningPrometheus> {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const om = join(dir, 'known.om');
  writeFileSync(om, knownOpenMetrics(KNOWN_POINTS));
  const tsdb = join(dir, 'tsdb');
  const blocks = spawnSync('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', om, tsdb], { encoding: 'utf8' });
  if (blocks.status !== 0) throw new Error(`promtool tsdb create-blocks-from openmetrics failed: ${blocks.stderr || blocks.stdout}`);
  const config = join(dir, 'prometheus.yml');
  writeFileSync(config, 'global:\n  scrape_interval: 1h\nscrape_configs: []\n');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    'prometheus',
    [
      `--config.file=${config}`,
      `--storage.tsdb.path=${tsdb}`,
      '--storage.tsdb.retention.time=100y',
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'ignore', options.detached ? 'ignore' : 'pipe'], detached: options.detached ?? false },
  );
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const stop = () => {
    if (child.exitCode === null) child.kill('SIGTERM');
  };
  const deadline = Date.now() + 60_000; // wall clock: waiting for a process, not a simulated number
  for (;;) {
    if (child.exitCode !== null) throw new Error(`prometheus exited (${child.exitCode}): ${stderr.slice(-500)}`);
    try {
      const r = await fetch(`${url}/-/ready`);
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      stop();
      throw new Error(`prometheus did not become ready at ${url} within 60 s: ${stderr.slice(-500)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  if (options.detached) child.unref();
  return { url, pid: child.pid!, stop };
}

const [cmd, dir] = process.argv.slice(2);
if (import.meta.url === `file://${process.argv[1]}` && dir) {
  if (cmd === 'start') {
    const p = await startPrometheus(dir, { detached: true });
    writeFileSync(join(dir, 'pid'), String(p.pid));
    process.stdout.write(`${p.url}\n`);
    process.exit(0);
  } else if (cmd === 'stop') {
    try {
      process.kill(Number(readFileSync(join(dir, 'pid'), 'utf8')), 'SIGTERM');
    } catch {
      // already gone
    }
  }
}
