// impl-plainjs.mjs — the same epochs in plain JavaScript: Float32Array data, loops, float64
// arithmetic (JavaScript numbers), written the straightforward way a JavaScript developer would.

import { LR, startPoint } from './cases.mjs';

/** Σ (x·w + b − y)² over rows, adding Σ 2r·x_j into g[j] and Σ 2r into g[d]; rows i = order[k]
    for k in [start, end), or i = k when order is null. */
function lossGrad(X, y, d, w, g, order, start, end) {
  const b = w[d];
  let loss = 0;
  for (let k = start; k < end; k++) {
    const i = order ? order[k] : k;
    const o = i * d;
    let z = b;
    for (let j = 0; j < d; j++) z += X[o + j] * w[j];
    const r = z - y[i];
    loss += r * r;
    const dr = 2 * r;
    for (let j = 0; j < d; j++) g[j] += dr * X[o + j];
    g[d] += dr;
  }
  return loss;
}

/** A small PRNG (xorshift32) for the shuffles: the order need not match descent's. */
function xorshift(seed) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s / 4294967296;
  };
}

export function createPlainJs() {
  return {
    info: {},

    prepare(c, data) {
      const { X, y, n, d } = data;
      return {
        X, y, n, d, B: c.batch === 0 ? n : c.batch,
        w: startPoint(d), g: new Float64Array(d + 1),
        order: c.batch === 0 ? null : Uint32Array.from({ length: n }, (_, i) => i),
        pos: 0, random: xorshift(7),
      };
    },

    check(s) {
      const g = new Float64Array(s.d + 1);
      const loss = lossGrad(s.X, s.y, s.d, s.w, g, null, 0, s.n);
      return { loss: loss / s.n, grad: Array.from(g, (v) => v / s.n) };
    },

    /** k updates: full batch, or the next mini-batches of a shuffled epoch (reshuffled per epoch). */
    runUpdates(s, k) {
      const { X, y, n, d, w, g, order } = s;
      for (let u = 0; u < k; u++) {
        if (order && s.pos === 0) { // Fisher–Yates
          for (let i = n - 1; i > 0; i--) {
            const j = Math.floor(s.random() * (i + 1));
            const t = order[i]; order[i] = order[j]; order[j] = t;
          }
        }
        const end = Math.min(s.pos + s.B, n);
        g.fill(0);
        lossGrad(X, y, d, w, g, order, s.pos, end);
        const scale = LR / (end - s.pos);
        for (let j = 0; j <= d; j++) w[j] -= scale * g[j];
        s.pos = end === n ? 0 : end;
      }
    },

    dispose() {},
  };
}
