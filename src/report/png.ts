/**
 * PNG charts, for places that will not show SVG (chat tools, some CI summaries): the same SVG rendered by resvg
 * (`@resvg/resvg-js`, a prebuilt binary shipped inside its npm package) at 2× scale on white. System fonts are
 * never loaded: text is drawn with DejaVu Sans from the `dejavu-fonts-ttf` package, so the bytes are the same
 * on every machine.
 */
import { createRequire } from 'node:module';
import { Resvg } from '@resvg/resvg-js';

const require = createRequire(import.meta.url);
const FONT_FILES = ['dejavu-fonts-ttf/ttf/DejaVuSans.ttf', 'dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'].map((f) => require.resolve(f));

export function svgToPng(svg: string): Uint8Array {
  const r = new Resvg(svg, {
    background: 'white',
    fitTo: { mode: 'zoom', value: 2 },
    font: { loadSystemFonts: false, fontFiles: FONT_FILES, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
  });
  return r.render().asPng();
}

/** `charts/x.svg` → `charts/x.png` for every SVG chart among `files`. */
export function pngCharts(files: ReadonlyMap<string, string | Uint8Array>): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  for (const [name, content] of files) {
    if (name.startsWith('charts/') && name.endsWith('.svg') && typeof content === 'string') {
      out.set(name.replace(/\.svg$/, '.png'), svgToPng(content));
    }
  }
  return out;
}
