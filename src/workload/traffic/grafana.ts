/**
 * Grafana panel exports ("Inspect → Data → Download CSV") as traffic.
 *
 * What Grafana writes (grafana/grafana packages/grafana-data/src/utils/csv.ts, `toCSV`): a header row of quoted
 * display names (`"Time","A-series"`), one row per sample, CRLF line ends, an empty cell for null, frames separated
 * by a blank line (each with its own header). "Download for Excel" puts `sep=,` first. "Formatted data" writes times
 * as date strings and values with their unit (`12.5 req/s`, `1.20 K`) instead of epoch ms and plain numbers; the
 * delimiter follows the browser's locale (`,` or `;`).
 *
 * Read here: an optional BOM and `sep=X` line (else the delimiter is guessed from the header: `,`, `;` or tab);
 * the time column (named `Time`/`time`, else the first column whose cells are all times); times as epoch ms (or
 * epoch seconds when below 10^11), ISO 8601, or `YYYY-MM-DD HH:mm:ss` (read as UTC: a formatted export does not say
 * its time zone, and only differences matter unless `start` is given); every other column is a value column
 * (`column` picks one by name; otherwise they are summed). Values: numbers, optionally with a unit after them and
 * Grafana's `short` scale words (` K`, ` Mil`, ` Bil`, ` Tri`) or an SI prefix letter (`k`, `M`, `G`, `T`).
 * Columns whose cells are text (labels in a "series as rows" layout) are skipped with a warning.
 */
import { createRequire } from 'node:module';
import type { Options as CsvOptions, parse as CsvParse } from 'csv-parse/sync';
import { UserError } from '../../engine/errors.js';
import { mergeSeries, type MergedTrace, type SampledSeries } from './series.js';

export interface GrafanaOptions {
  what: string;
  /** Keep only the value column of this header name. */
  column?: string;
  originMs?: number;
  stepMs?: number;
  scale?: number;
}

interface Frame {
  header: string[];
  rows: string[][];
  /** Line of the header (1-based), for messages. */
  line: number;
}

/**
 * csv-parse, loaded by the first Grafana export read rather than with every scenario (its ES module build costs
 * ~20 ms of every command's start-up; its CommonJS build, the same code, loads synchronously in ~10 ms).
 */
let csvParse: typeof CsvParse | undefined;
function parse(text: string, options: CsvOptions): unknown {
  csvParse ??= (createRequire(import.meta.url)('csv-parse/sync') as { parse: typeof CsvParse }).parse;
  return csvParse(text, options);
}

export function parseGrafanaCsv(content: string | Uint8Array, file: string, options: GrafanaOptions): MergedTrace {
  let text = typeof content === 'string' ? content : Buffer.from(content).toString('utf8');
  text = text.replace(/^\uFEFF/, '');
  let delimiter: string | undefined;
  let lineOffset = 0;
  const sep = /^sep=(.)\r?\n/.exec(text);
  if (sep) {
    delimiter = sep[1]!;
    text = text.slice(sep[0].length);
    lineOffset = 1;
  }
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  delimiter ??= guessDelimiter(firstLine);
  let records: string[][];
  try {
    records = parse(text, { delimiter, relax_column_count: true, skip_empty_lines: false, relax_quotes: true }) as string[][];
  } catch (e) {
    throw new UserError(`expected a Grafana CSV export: ${(e as Error).message}`, { file });
  }

  // frames: a header then rows, separated by blank lines
  const frames: Frame[] = [];
  let current: Frame | undefined;
  records.forEach((rec, i) => {
    const blank = rec.every((c) => c.trim() === '');
    if (blank) {
      current = undefined;
      return;
    }
    if (!current) {
      current = { header: rec.map((h) => h.trim()), rows: [], line: i + 1 + lineOffset };
      frames.push(current);
      return;
    }
    current.rows.push(rec);
  });
  if (frames.length === 0) throw new UserError('the file is empty (expected a header row such as "Time","Value" and data rows)', { file });

  const warnings: string[] = [];
  const series: SampledSeries[] = [];
  for (const f of frames) {
    if (f.rows.length === 0) continue;
    const timeCol = findTimeColumn(f, file);
    const timesMs = f.rows.map((r, j) => {
      const ms = parseTime(r[timeCol] ?? '');
      if (ms === undefined) {
        throw new UserError(`line ${f.line + j + 1}: expected a time (epoch ms, ISO 8601 or YYYY-MM-DD HH:mm:ss) in column ${JSON.stringify(f.header[timeCol])}, got ${JSON.stringify(r[timeCol] ?? '')}`, { file });
      }
      return ms;
    });
    for (let j = 1; j < timesMs.length; j++) {
      if (timesMs[j]! <= timesMs[j - 1]!) {
        throw new UserError(`line ${f.line + j + 1}: time ${JSON.stringify(f.rows[j]![timeCol])} is not after the previous row's (rows must be in increasing time order)`, { file });
      }
    }
    for (let c = 0; c < f.header.length; c++) {
      if (c === timeCol) continue;
      const name = f.header[c] || `column ${c + 1}`;
      if (options.column !== undefined && name !== options.column) continue;
      const values: number[] = [];
      let text = 0;
      for (const r of f.rows) {
        const v = parseValue(r[c] ?? '', delimiter);
        if (v === undefined) {
          text++;
          values.push(NaN);
        } else values.push(v);
      }
      if (text === f.rows.length) {
        warnings.push(`${options.what}: column ${JSON.stringify(name)} holds text, not numbers; skipped`);
        continue;
      }
      if (text > 0) {
        throw new UserError(`column ${JSON.stringify(name)}: ${text} cell${text === 1 ? ' is' : 's are'} not numbers (expected a number, optionally with a unit, or an empty cell)`, { file });
      }
      series.push({ label: JSON.stringify(name), timesMs, values });
    }
  }
  if (series.length === 0) {
    const names = [...new Set(frames.flatMap((f) => f.header))].map((h) => JSON.stringify(h)).join(', ');
    throw new UserError(
      options.column !== undefined ? `no value column named ${JSON.stringify(options.column)} (the header has ${names})` : `no value column with numbers (the header has ${names})`,
      { file },
    );
  }
  const out = mergeSeries(series, file, options);
  out.warnings.unshift(...warnings);
  return out;
}

function guessDelimiter(header: string): string {
  const counts = [',', ';', '\t'].map((d) => ({ d, n: header.split(d).length - 1 }));
  counts.sort((a, b) => b.n - a.n);
  return counts[0]!.n > 0 ? counts[0]!.d : ',';
}

function findTimeColumn(f: Frame, file: string): number {
  const named = f.header.findIndex((h) => /^time$/i.test(h));
  if (named >= 0) return named;
  for (let c = 0; c < f.header.length; c++) {
    if (f.rows.every((r) => parseTime(r[c] ?? '') !== undefined) && f.rows.some((r) => !/^\s*[-+]?[\d.]+\s*$/.test(r[c] ?? '') || Number(r[c]) > 1e9)) return c;
  }
  throw new UserError(`line ${f.line}: no time column (expected a column named "Time", or one whose cells are times)`, { file });
}

const FORMATTED = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/;

/** Epoch ms of a time cell, or undefined. */
export function parseTime(cell: string): number | undefined {
  const s = cell.trim();
  if (s === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(s)) {
    const x = Number(s);
    return x >= 1e11 ? Math.round(x) : Math.round(x * 1000);
  }
  const m = FORMATTED.exec(s);
  if (m) {
    const ms = m[7] ? Number(m[7].padEnd(3, '0')) : 0;
    return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0), ms);
  }
  if (/^\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d{2}:?\d{2})$/.test(s)) {
    const t = Date.parse(s);
    return Number.isNaN(t) ? undefined : t;
  }
  return undefined;
}

const SCALE_WORDS: Record<string, number> = { K: 1e3, Mil: 1e6, Bil: 1e9, Tri: 1e12 };
const SI: Record<string, number> = { k: 1e3, K: 1e3, M: 1e6, G: 1e9, T: 1e12 };
const NUMBER = /^([-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)\s*(.*)$/;

/** A value cell: NaN for empty/null/NaN, a number (with its unit's scale), or undefined for text. */
export function parseValue(cell: string, delimiter = ','): number | undefined {
  let s = cell.trim();
  if (s === '' || s === 'null' || s === 'NaN' || s === 'undefined') return NaN;
  if (s === '+Inf' || s === 'Inf' || s === 'Infinity') return Infinity;
  if (s === '-Inf' || s === '-Infinity') return -Infinity;
  if (delimiter === ';' && /^[-+]?\d+,\d+/.test(s)) s = s.replace(',', '.'); // a decimal comma
  const m = NUMBER.exec(s);
  if (!m) return undefined;
  const x = Number(m[1]);
  const unit = m[2]!.trim();
  if (unit === '') return x;
  const word = unit.split(/\s+/, 1)[0]!;
  if (SCALE_WORDS[word] !== undefined) return x * SCALE_WORDS[word]!;
  // an SI prefix glued to a unit (`1.2 kreq/s`, `3 Mops/s`) or alone (`1.2 k`)
  const first = unit[0]!;
  if (SI[first] !== undefined && (unit.length === 1 || /[a-z%/]/i.test(unit[1]!)) && !/^(req|ops|rps|rpm|%)/i.test(unit)) return x * SI[first]!;
  return x;
}
