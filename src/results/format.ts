/**
 * Number, duration and money formatting for every report output, plus HTML/XML/Markdown escaping.
 * Locale-free on purpose (no toLocaleString), so output is identical on every machine.
 */

const DASH = '—';

/** 1234567 → "1,234,567"; non-finite → "—". */
export function formatInt(n: number): string {
  if (!Number.isFinite(n)) return DASH;
  if (Math.abs(n) >= LARGE) return formatLarge(n);
  return groupThousands(Math.round(n).toFixed(0));
}

/** From here on `toFixed` gives exponent notation, which digit grouping would mangle (`5.999,999,…e+302`). */
const LARGE = 1e21;

/** A number too large for digit grouping, in scientific notation with 4 significant digits: `5.999e+302`. */
function formatLarge(n: number): string {
  return n.toExponential(3).replace(/\.?0+e/, 'e');
}

/** Fixed decimals with thousands separators: formatNumber(1234.5, 1) → "1,234.5". */
export function formatNumber(n: number, decimals: number): string {
  if (!Number.isFinite(n)) return DASH;
  if (Math.abs(n) >= LARGE) return formatLarge(n);
  const fixed = n.toFixed(decimals);
  const negative = fixed.startsWith('-') && Number(fixed) !== 0;
  const unsigned = fixed.replace('-', '');
  const [whole = '0', frac] = unsigned.split('.');
  return (negative ? '-' : '') + groupThousands(whole) + (frac === undefined ? '' : '.' + frac);
}

function groupThousands(digits: string): string {
  const negative = digits.startsWith('-');
  const d = negative ? digits.slice(1) : digits;
  const grouped = d.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return (negative && Number(d) !== 0 ? '-' : '') + grouped;
}

/**
 * A fraction as a percentage, with at least `decimals` decimals and, when `versus` is given and differs, as many
 * more (up to 4) as it takes for the two to print differently: 0.99899 vs 0.999 → "99.899%" and "99.9%".
 */
export function formatPercent(fraction: number, decimals = 2, versus?: number): string {
  if (!Number.isFinite(fraction)) return DASH;
  let d = decimals;
  if (versus !== undefined && Number.isFinite(versus) && versus !== fraction) {
    while (d < decimals + 4 && (fraction * 100).toFixed(d) === (versus * 100).toFixed(d)) d++;
  }
  return trimZeros((fraction * 100).toFixed(d), 1) + '%';
}

/**
 * Availability, the same way in every output: 3 decimals, more (up to 6) when fewer would print a run with
 * failures as 100 % or would not differ from `versus` (an SLO target); exactly 1 prints "100%".
 */
export function formatAvailability(fraction: number, versus?: number): string {
  if (!Number.isFinite(fraction)) return DASH;
  if (fraction === 1) return '100%';
  let d = 3;
  while (d < 6 && fraction < 1 && Number((fraction * 100).toFixed(d)) >= 100) d++;
  return formatPercent(fraction, d, versus);
}

/** The target side of a percentage: as short as possible ("99.9%", "99.95%"). */
export function formatPercentTarget(fraction: number): string {
  if (!Number.isFinite(fraction)) return DASH;
  return trimZeros((fraction * 100).toFixed(4), 0) + '%';
}

/** Percentage points, 2 decimals, more when needed to show a non-zero difference. */
export function formatPoints(fractionDiff: number): string {
  const raw = Math.abs(fractionDiff) * 100;
  const pp = raw < 1e-9 ? 0 : raw; // floating-point noise is no difference
  let d = 2;
  while (d < 6 && pp > 0 && Number(pp.toFixed(d)) === 0) d++;
  return pp.toFixed(d) + ' pp';
}

function trimZeros(s: string, keep: number): string {
  if (!s.includes('.')) return s;
  const [whole, frac = ''] = s.split('.');
  let f = frac;
  while (f.length > keep && f.endsWith('0')) f = f.slice(0, -1);
  return f.length > 0 ? `${whole}.${f}` : (whole ?? '0');
}

/** Milliseconds: "412 ms", "12.3 ms", "0.85 ms". */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return DASH;
  const a = Math.abs(ms);
  const decimals = a >= 100 ? 0 : a >= 10 ? 1 : 2;
  return `${formatNumber(ms, decimals)} ms`;
}

/** Dollars: "$12.34", small amounts with 4 decimals ("$0.0452"). */
export function formatMoney(n: number): string {
  if (!Number.isFinite(n)) return DASH;
  const decimals = Math.abs(n) >= 1 || n === 0 ? 2 : 4;
  return (n < 0 ? '-$' : '$') + formatNumber(Math.abs(n), decimals);
}

/** Go-style compact duration, as scenarios are written: 45s, 12.5s, 1m30s, 2h, 1h2m5s, 500ms. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return DASH;
  if (seconds < 0) return '-' + formatDuration(-seconds);
  if (seconds === 0) return '0s';
  if (seconds < 1) return `${trimZeros(roundTo(seconds * 1000, 3).toFixed(3), 0)}ms`;
  const s = roundTo(seconds, 3);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s - h * 3600) / 60);
  const rest = roundTo(s - h * 3600 - m * 60, 3);
  let out = '';
  if (h > 0) out += `${h}h`;
  if (m > 0) out += `${m}m`;
  if (rest > 0 || out === '') out += `${trimZeros(rest.toFixed(3), 0)}s`;
  return out;
}

/** A point in the run as h:mm:ss (hours unbounded, tenths when not whole): "0:05:00", "168:00:00", "0:00:02.5". */
export function formatClock(seconds: number): string {
  if (!Number.isFinite(seconds)) return DASH;
  const sign = seconds < 0 ? '-' : '';
  const t = roundTo(Math.abs(seconds), 1);
  const h = Math.floor(t / 3600);
  const m = Math.floor((t - h * 3600) / 60);
  const s = roundTo(t - h * 3600 - m * 60, 1);
  const ss = Number.isInteger(s) ? String(s).padStart(2, '0') : s.toFixed(1).padStart(4, '0');
  return `${sign}${h}:${String(m).padStart(2, '0')}:${ss}`;
}

function roundTo(n: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(n * f) / f;
}

// XML 1.0 forbids these control characters even when escaped; they are dropped.
// eslint-disable-next-line no-control-regex
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** Escapes text for HTML element content and double- or single-quoted attributes. */
export function escapeHtml(text: string): string {
  return String(text)
    .replace(XML_INVALID, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Escapes text for XML content and attributes (also drops characters XML 1.0 cannot carry). */
export function escapeXml(text: string): string {
  return String(text)
    .replace(XML_INVALID, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;')
    .replace(/\t/g, '&#9;');
}

/**
 * Makes scenario text inert inside Markdown (tables included): HTML is entity-escaped; the punctuation that
 * means something mid-line (emphasis, code, links, table cells, strike-through) is backslash-escaped, and so
 * is a leading block marker (`#`, `-`, `+`); line breaks become spaces. Other text is left readable.
 */
export function escapeMarkdown(text: string): string {
  return String(text)
    .replace(XML_INVALID, '')
    .replace(/[\r\n]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|~])/g, '\\$1')
    .replace(/^([#+-])/, '\\$1');
}
