/** kubesim's version: package.json's, read once (the file sits two levels above both src/ and dist/). */
import { readFileSync } from 'node:fs';

export const version: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
