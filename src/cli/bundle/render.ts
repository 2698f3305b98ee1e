/**
 * What the bundles import as `report/render.js` (src/build/bundle-cli.ts puts this module in its place): the chart
 * renderer, vega with it, loaded from its own bundle with its code cache, once, by whichever thread draws first.
 */
import type * as Render from '../../report/render.js';
import { loadBundle } from './launch.js';

const render = loadBundle(new URL('./render.cjs', import.meta.url)) as unknown as typeof Render;

export const { renderSvg, renderCharts, renameIds } = render;
