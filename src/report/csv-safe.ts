/**
 * CSV formula injection: a spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (and, in some, a tab or
 * carriage return) as a formula. Every TEXT cell kubesim writes from an input — object names, event messages, HPA
 * metric names, sweep variant names and settings — goes through `safeText`, which puts a `'` in front of such a
 * cell (OWASP's advice; spreadsheets show the text without it). Numbers are never passed here, so `-1.5` stays a
 * number.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function safeText(s: string): string {
  return FORMULA_START.test(s) ? `'${s}` : s;
}
