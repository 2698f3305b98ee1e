/**
 * Headless rendering of Vega-Lite specs to SVG strings: vega-lite compiles, vega renders with no renderer
 * (no browser, no `canvas` package). Output is byte-identical across runs and machines:
 *   - text widths always use vega's deterministic estimate, even if a `canvas` package happens to be installed;
 *   - the ids vega numbers from process-wide counters (clip paths, gradients) are renamed per chart, so the same
 *     chart renders the same ids whatever was rendered before, and charts inlined in one page never clash.
 */

import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

export interface RenderOptions {
  /** Prefix of every id in the SVG (default `chart`); use a distinct one per chart inlined in one page. */
  idPrefix?: string;
  /** Receives compile and runtime warnings (default: dropped). */
  onWarning?: (message: string) => void;
}

// Pin text measurement to the estimate (vega exports textMetrics at runtime; vega-typings does not declare it).
(vega as unknown as { textMetrics?: { canvas?: (use: boolean) => void } }).textMetrics?.canvas?.(false);

/** Renders one Vega-Lite spec to an SVG string (`<svg …>…</svg>`). */
export async function renderSvg(spec: TopLevelSpec, options: RenderOptions = {}): Promise<string> {
  const logger = quietLogger(options.onWarning);
  const compiled = compile(spec, { logger }).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', logger, logLevel: vega.Warn });
  try {
    const svg = await view.toSVG();
    return renameIds(svg, options.idPrefix ?? 'chart');
  } finally {
    view.finalize();
  }
}

/** Renders every chart, ids prefixed by the chart's name (its key). */
export async function renderCharts<K extends string>(
  specs: Readonly<Partial<Record<K, TopLevelSpec>>>,
  options: Omit<RenderOptions, 'idPrefix'> = {},
): Promise<Record<K, string>> {
  const out = {} as Record<K, string>;
  // One after another: vega's id counters are process-wide, and renaming needs each SVG whole.
  for (const name of Object.keys(specs) as K[]) {
    out[name] = await renderSvg(specs[name]!, { ...options, idPrefix: name });
  }
  return out;
}

/**
 * Renames every `id="…"` defined in the SVG to `<prefix>-<n>` in order of appearance and rewrites the
 * references to it (`url(#…)`, `href="#…"`). Only tags are touched, never text.
 */
export function renameIds(svg: string, prefix: string): string {
  const ids = new Map<string, string>();
  const tags = /<[^>]*>/g;
  for (const tag of svg.match(tags) ?? []) {
    for (const m of tag.matchAll(/\sid="([^"]*)"/g)) {
      const id = m[1];
      if (id !== undefined && !ids.has(id)) ids.set(id, `${prefix}-${ids.size + 1}`);
    }
  }
  if (ids.size === 0) return svg;
  const rename = (id: string) => ids.get(id) ?? id;
  return svg.replace(tags, (tag) =>
    tag
      .replace(/(\sid=")([^"]*)"/g, (_m, head: string, id: string) => `${head}${rename(id)}"`)
      .replace(/url\(#([^)]*)\)/g, (_m, id: string) => `url(#${rename(id)})`)
      .replace(/(href=")#([^"]*)"/g, (_m, head: string, id: string) => `${head}#${rename(id)}"`),
  );
}

function quietLogger(onWarning?: (message: string) => void): vega.LoggerInterface {
  let level: number = vega.Warn;
  const warn = (...args: readonly unknown[]) => onWarning?.(args.map(String).join(' '));
  const logger: vega.LoggerInterface = {
    level(l?: number) {
      if (l === undefined) return level as never;
      level = l;
      return logger as never;
    },
    error: (...args: readonly unknown[]) => {
      throw new Error(args.map(String).join(' '));
    },
    warn(...args: readonly unknown[]) {
      warn(...args);
      return logger;
    },
    info() {
      return logger;
    },
    debug() {
      return logger;
    },
  } as vega.LoggerInterface;
  return logger;
}
