/**
 * Names never become paths as they are: a name from any input (a scenario's metadata.name, a sweep's name, the
 * sweep name inside a shard.json) is reduced to a safe file name before it names a folder, so `../../..`, `/etc`,
 * control characters or a 300-character name cannot lead a write outside `reports/` under the working folder.
 */
import { join } from 'node:path';

/** Longest name kept (file systems allow 255 bytes; the folder also gets suffixes such as `-sweep-shard-1-of-4`). */
export const MAX_NAME_LENGTH = 100;

/** `api`, `my-app.v2` unchanged; `../../etc` → `etc`; `a/b c` → `a-b-c`; empty or all-unsafe → `fallback`. */
export function safeName(name: string, fallback: string): string {
  const s = name
    .normalize('NFC')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[.-]+/, '')
    .slice(0, MAX_NAME_LENGTH)
    .replace(/[.-]+$/, '');
  return s === '' ? fallback : s;
}

/** The default output folder `reports/<safe name><suffix>` (relative to the working folder). */
export function defaultOutDir(name: string, suffix = '', fallback = 'scenario'): string {
  return join('reports', `${safeName(name, fallback)}${suffix}`);
}
