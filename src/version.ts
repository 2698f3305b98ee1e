/**
 * kubesim's version: package.json's, read once (the file sits one level above both src/ and dist/). The bundled
 * command line (src/build/bundle-cli.ts, in dist/bin/) has it written in as `KUBESIM_BUNDLED_VERSION` instead.
 */
import { readFileSync } from 'node:fs';

declare const KUBESIM_BUNDLED_VERSION: string | undefined;

export const version: string =
  typeof KUBESIM_BUNDLED_VERSION === 'string'
    ? KUBESIM_BUNDLED_VERSION
    : (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
