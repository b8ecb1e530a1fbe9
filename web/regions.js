// regions.js — a network's decision regions from a grid of its outputs, DOM-free
// (tests/node/regions.test.js): where the grid's points stand, and the 0.5 boundary traced by
// marching squares as line segments the data chart draws.

/**
 * The grid points of a side×side grid whose cells are the pixels of an image over `box`: points at
 * the pixel centres, so that the image drawn over the box puts each value where it was computed.
 * @param {{x: [number, number], y: [number, number]}} box
 * @param {number} side
 * @returns {{x: [number, number, number], y: [number, number, number]}} [first, last, points] per axis
 */
export function pixelGrid(box, side) {
  const axis = ([lo, hi]) => {
    const half = (hi - lo) / side / 2;
    return [lo + half, hi - half, side];
  };
  return { x: axis(box.x), y: axis(box.y) };
}

/**
 * The level set values = level of a side×side grid (values[j·side + i] at x_i, y_j; row 0 the lowest
 * y), by marching squares with linear interpolation along cell edges: line segments as chart points,
 * each pair followed by a gap ({x, y: null}), so that one line dataset draws them all. The two
 * ambiguous saddle cells are split by the cell's mean value.
 * @param {ArrayLike<number>} values
 * @param {number} side
 * @param {{x: [number, number, number], y: [number, number, number]}} grid as pixelGrid gives
 * @param {number} [level]
 * @returns {{x: number, y: number|null}[]}
 */
export function levelSegments(values, side, grid, level = 0.5) {
  const [x0, x1] = grid.x;
  const [y0, y1] = grid.y;
  const dx = (x1 - x0) / (side - 1);
  const dy = (y1 - y0) / (side - 1);
  const out = [];
  const v = (i, j) => values[j * side + i];
  // a point on the edge between corners a and b (values va, vb) where the field crosses level
  const cross = (ax, ay, va, bx, by, vb) => {
    const t = (level - va) / (vb - va);
    return { x: ax + t * (bx - ax), y: ay + t * (by - ay) };
  };
  for (let j = 0; j < side - 1; j += 1) {
    for (let i = 0; i < side - 1; i += 1) {
      const a = v(i, j); // bottom left
      const b = v(i + 1, j); // bottom right
      const c = v(i + 1, j + 1); // top right
      const d = v(i, j + 1); // top left
      if (![a, b, c, d].every(Number.isFinite)) continue;
      const code = (a >= level ? 1 : 0) | (b >= level ? 2 : 0) | (c >= level ? 4 : 0) | (d >= level ? 8 : 0);
      if (code === 0 || code === 15) continue;
      const xl = x0 + i * dx;
      const xr = xl + dx;
      const yb = y0 + j * dy;
      const yt = yb + dy;
      const bottom = () => cross(xl, yb, a, xr, yb, b);
      const right = () => cross(xr, yb, b, xr, yt, c);
      const top = () => cross(xl, yt, d, xr, yt, c);
      const left = () => cross(xl, yb, a, xl, yt, d);
      const pairs = [];
      switch (code) {
        case 1: case 14: pairs.push([left(), bottom()]); break;
        case 2: case 13: pairs.push([bottom(), right()]); break;
        case 3: case 12: pairs.push([left(), right()]); break;
        case 4: case 11: pairs.push([right(), top()]); break;
        case 6: case 9: pairs.push([bottom(), top()]); break;
        case 7: case 8: pairs.push([left(), top()]); break;
        case 5: case 10: { // saddle: the mean decides which corners connect
          const high = (a + b + c + d) / 4 >= level;
          if ((code === 5) === high) pairs.push([left(), top()], [bottom(), right()]);
          else pairs.push([left(), bottom()], [right(), top()]);
          break;
        }
        default: break;
      }
      for (const [p, q] of pairs) out.push(p, q, { x: q.x, y: null });
    }
  }
  return out;
}
