// regions.js: the grid of a network's outputs at pixel centres, and the 0.5 boundary traced by
// marching squares, against fields whose boundary is known (a line, a circle).
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { levelSegments, pixelGrid } from '../../web/regions.js';

const field = (side, grid, f) => {
  const [x0, x1] = grid.x;
  const [y0, y1] = grid.y;
  const values = new Float64Array(side * side);
  for (let j = 0; j < side; j += 1) {
    for (let i = 0; i < side; i += 1) values[j * side + i] = f(x0 + ((x1 - x0) * i) / (side - 1), y0 + ((y1 - y0) * j) / (side - 1));
  }
  return values;
};

const pairs = (points) => {
  const out = [];
  for (let k = 0; k < points.length; k += 3) {
    assert.equal(points[k + 2].y, null, 'each segment is followed by a gap');
    out.push([points[k], points[k + 1]]);
  }
  return out;
};

test('pixelGrid puts the points at the centres of side × side pixels over the box', () => {
  assert.deepEqual(pixelGrid({ x: [0, 4], y: [-1, 1] }, 4), { x: [0.5, 3.5, 4], y: [-0.75, 0.75, 4] });
});

test('levelSegments: a logistic field\'s 0.5 boundary is its line', () => {
  const side = 24;
  const grid = pixelGrid({ x: [-2, 2], y: [-2, 2] }, side);
  const sigmoid = (z) => 1 / (1 + Math.exp(-z));
  const values = field(side, grid, (x, y) => sigmoid(3 * x - 2 * y + 0.5));
  const segments = pairs(levelSegments(values, side, grid));
  assert.ok(segments.length >= side - 2, `${segments.length} segments across the box`);
  for (const [p, q] of segments) {
    for (const { x, y } of [p, q]) assert.ok(Math.abs(3 * x - 2 * y + 0.5) < 1e-2, `(${x}, ${y}) on the line`);
  }
});

test('levelSegments: a closed boundary (a circle) and nothing where the field stays on one side', () => {
  const side = 40;
  const grid = pixelGrid({ x: [-2, 2], y: [-2, 2] }, side);
  const values = field(side, grid, (x, y) => (x * x + y * y < 1 ? 0.9 : 0.1));
  const segments = pairs(levelSegments(values, side, grid));
  const r = segments.flat().map(({ x, y }) => Math.hypot(x, y));
  assert.ok(r.every((v) => v > 0.85 && v < 1.15), 'every point near the unit circle');
  assert.equal(levelSegments(new Float64Array(side * side).fill(0.2), side, grid).length, 0);
  assert.equal(levelSegments(new Float64Array(side * side).fill(NaN), side, grid).length, 0);
});
