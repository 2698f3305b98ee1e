/** PNG charts: a real PNG, the same bytes every time (pinned font, no system fonts). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { pngCharts, svgToPng } from '../../src/report/png.js';

const svg =
  '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><rect width="120" height="40" fill="#4c78a8"/>' +
  '<text x="8" y="26" font-family="Helvetica, Arial, sans-serif" font-size="14" fill="white">ready pods</text></svg>';

test('an SVG chart renders to a PNG at twice its size', () => {
  const png = svgToPng(svg);
  assert.equal(Array.from(png.subarray(0, 8)), [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const view = new DataView(png.buffer, png.byteOffset);
  assert.is(view.getUint32(16), 240, 'width');
  assert.is(view.getUint32(20), 80, 'height');
});

test('rendering twice gives identical bytes', () => {
  assert.ok(Buffer.from(svgToPng(svg)).equals(Buffer.from(svgToPng(svg))));
});

test('only chart SVGs get a PNG twin', () => {
  const out = pngCharts(new Map([['charts/pods.svg', svg], ['report.html', '<html></html>'], ['summary.md', '# x']]));
  assert.equal([...out.keys()], ['charts/pods.png']);
});

test.run();
