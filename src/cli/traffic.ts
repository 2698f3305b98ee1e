/**
 * `kubesim traffic fetch --url URL --query PROMQL --start T (--end T | --duration D) --step D --out FILE.json`:
 * saves a Prometheus range (fetched in chunks of at most 11,000 points, merged) as one query_range response, so a
 * scenario can read it with `prometheus: {file: FILE.json}` and a CI job needs no Prometheus. `--header
 * Authorization=PROM_AUTH` sends an environment variable's value as a header (the value is never written).
 */
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import type { Argv } from 'yargs';
import { UserError } from '../engine/errors.js';
import { fetchSavedRange, readPrometheusQuery, type SavedRange } from '../scenario/prometheus-query.js';
import { EXIT, UsageError } from './errors.js';
import { defineCommand, printWarnings } from './io.js';

const fetchCommand = defineCommand({
  command: 'fetch',
  describe: 'Save a Prometheus range query as a query_range response file (for prometheus: {file})',
  builder: (y: Argv) =>
    y
      .option('url', { type: 'string', demandOption: true, describe: 'Prometheus base URL, e.g. http://prometheus:9090' })
      .option('query', { type: 'string', demandOption: true, describe: 'PromQL expression, e.g. sum(rate(http_requests_total[1m]))' })
      .option('start', { type: 'string', demandOption: true, describe: 'Range start: RFC 3339 (2026-11-02T00:00:00Z) or Unix seconds' })
      .option('end', { type: 'string', describe: 'Range end (or --duration)' })
      .option('duration', { type: 'string', describe: 'Range length, e.g. 168h (or --end)' })
      .option('step', { type: 'string', demandOption: true, describe: 'Resolution step, e.g. 15s' })
      .option('out', { type: 'string', demandOption: true, describe: 'The JSON file to write' })
      .option('header', { type: 'string', describe: 'NAME=ENV_VAR: send header NAME with the value of ENV_VAR (repeatable)' })
      .option('quiet', { type: 'boolean', describe: 'Print nothing but errors' }),
  handler: async (args) => {
    const headersFromEnv: Record<string, string> = {};
    const headerFlags = args.header === undefined ? [] : Array.isArray(args.header) ? (args.header as string[]) : [args.header];
    for (const h of headerFlags) {
      const m = /^([^=]+)=(.+)$/.exec(h);
      if (!m) throw new UsageError(`--header: expected NAME=ENV_VAR, got ${JSON.stringify(h)}`);
      headersFromEnv[m[1]!.trim()] = m[2]!.trim();
    }
    const raw: Record<string, unknown> = { url: args.url, query: args.query, start: args.start, step: args.step, headersFromEnv };
    if (args.end !== undefined) raw.end = args.end;
    if (args.duration !== undefined) raw.duration = args.duration;
    let saved: SavedRange;
    try {
      saved = await fetchSavedRange(readPrometheusQuery(raw, '', undefined), { env: args.io.env });
    } catch (e) {
      if (e instanceof UserError) throw new UserError(e.detail, { file: `--${(e.path ?? 'url').split('.')[0]!.replace('headersFromEnv', 'header')}` });
      throw e;
    }
    const tmp = `${args.out}.partial-${process.pid}`;
    try {
      writeFileSync(tmp, `${JSON.stringify(saved.body)}\n`);
      renameSync(tmp, args.out);
    } catch (e) {
      rmSync(tmp, { force: true });
      throw new UserError(`cannot write: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { file: args.out });
    }
    if (!args.quiet) {
      printWarnings(args.io, saved.notes);
      args.io.err(`kubesim: wrote ${args.out}: ${saved.series} series, ${saved.points} points, ${saved.requests} request${saved.requests === 1 ? '' : 's'}\n`);
    }
    args.exit(EXIT.ok);
  },
});

export const trafficCommand = defineCommand({
  command: 'traffic <command>',
  describe: 'Traffic helpers: fetch (save a Prometheus range for later runs)',
  builder: (y: Argv) => y.command(fetchCommand).demandCommand(1, 'name a traffic command: fetch'),
  handler: () => undefined,
});
