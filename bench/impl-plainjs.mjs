// impl-plainjs.mjs — the same epochs in plain JavaScript: Float32Array data, loops, float64
// arithmetic (JavaScript numbers), written the straightforward way a JavaScript developer would.

import { LR, MLP_LR, startPoint } from './cases.mjs';

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

/**
 * The network cases in plain JavaScript, as a tutorial writes backpropagation: per layer a weight
 * matrix [out × in] (row-major Float64Array) and a bias vector, and per row a forward pass that keeps
 * every layer's activations, the loss, and a backward pass adding into the gradient; after the batch
 * θ −= lr · g / rows. Float64 arithmetic (JavaScript numbers) over the float32 data.
 *   tanh hidden units, a linear output z (a logit), BCE with logits: ℓ = max(z, 0) − z·y + log(1 + e^−|z|),
 *   ∂ℓ/∂z = σ(z) − y; tanh′ = 1 − a².
 */
export function createPlainJsMlp() {
  return {
    info: {},

    /** init: the flat parameters in torch order (for each layer W [out × in], then b). */
    prepare(c, problem, { shuffle }) {
      const { X, y, n, d, init } = problem;
      const sizes = [d, ...c.hidden, 1];
      const layers = [];
      let off = 0;
      for (let l = 0; l + 1 < sizes.length; l++) {
        const nIn = sizes[l], nOut = sizes[l + 1];
        const W = Float64Array.from(init.subarray(off, off + nOut * nIn));
        off += nOut * nIn;
        const b = Float64Array.from(init.subarray(off, off + nOut));
        off += nOut;
        layers.push({ nIn, nOut, W, b, gW: new Float64Array(nOut * nIn), gb: new Float64Array(nOut) });
      }
      return {
        X, y, n, d, layers, B: c.batch === 0 ? n : c.batch,
        acts: sizes.map((k) => new Float64Array(k)),   // activations of each layer for the current row
        deltas: sizes.map((k) => new Float64Array(k)), // ∂ℓ/∂(pre-activation) of each layer
        order: Uint32Array.from({ length: n }, (_, i) => i), shuffle, random: xorshift(7), pos: 0,
      };
    },

    epochs(s, k) {
      const upe = Math.ceil(s.n / s.B);
      for (let u = 0; u < k * upe; u++) update(s);
    },

    loss(s) {
      let sum = 0;
      for (let i = 0; i < s.n; i++) sum += bce(forward(s, i), s.y[i]);
      return sum / s.n;
    },

    params(s) {
      const out = [];
      for (const L of s.layers) out.push(...L.W, ...L.b);
      return Float64Array.from(out);
    },

    dispose() {},
  };
}

/** ℓ(z, y) = max(z, 0) − z·y + log(1 + e^−|z|): binary cross-entropy of the logit z, stable form. */
const bce = (z, y) => Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z)));

/** Forward pass of row i: fills s.acts and returns the output z. */
function forward(s, i) {
  const { X, d, layers, acts } = s;
  for (let j = 0; j < d; j++) acts[0][j] = X[i * d + j];
  for (let l = 0; l < layers.length; l++) {
    const { nIn, nOut, W, b } = layers[l];
    const a = acts[l], out = acts[l + 1];
    const last = l === layers.length - 1;
    for (let k = 0; k < nOut; k++) {
      const row = k * nIn;
      let sum = b[k];
      for (let j = 0; j < nIn; j++) sum += W[row + j] * a[j];
      out[k] = last ? sum : Math.tanh(sum);
    }
  }
  return acts[layers.length][0];
}

/** Backward pass of the row whose activations s.acts holds, with ∂ℓ/∂z = e: adds into gW, gb. */
function backward(s, e) {
  const { layers, acts, deltas } = s;
  deltas[layers.length][0] = e;
  for (let l = layers.length - 1; l >= 0; l--) {
    const { nIn, nOut, W, gW, gb } = layers[l];
    const a = acts[l], dOut = deltas[l + 1], dIn = deltas[l];
    for (let k = 0; k < nOut; k++) {
      const row = k * nIn, dk = dOut[k];
      for (let j = 0; j < nIn; j++) gW[row + j] += dk * a[j];
      gb[k] += dk;
    }
    if (l === 0) break;
    for (let j = 0; j < nIn; j++) {
      let sum = 0;
      for (let k = 0; k < nOut; k++) sum += W[k * nIn + j] * dOut[k];
      dIn[j] = sum * (1 - a[j] * a[j]); // tanh′ = 1 − tanh²
    }
  }
}

/** One SGD update on the next batch of the epoch (shuffled at the start of each epoch when asked). */
function update(s) {
  const { n, y, layers, order } = s;
  if (s.shuffle && s.pos === 0) { // Fisher–Yates
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(s.random() * (i + 1));
      const t = order[i]; order[i] = order[j]; order[j] = t;
    }
  }
  const end = Math.min(s.pos + s.B, n);
  for (const L of layers) { L.gW.fill(0); L.gb.fill(0); }
  for (let p = s.pos; p < end; p++) {
    const i = order[p];
    const z = forward(s, i);
    backward(s, 1 / (1 + Math.exp(-z)) - y[i]); // ∂ℓ/∂z = σ(z) − y
  }
  const scale = MLP_LR / (end - s.pos);
  for (const L of layers) {
    for (let q = 0; q < L.W.length; q++) L.W[q] -= scale * L.gW[q];
    for (let q = 0; q < L.b.length; q++) L.b[q] -= scale * L.gb[q];
  }
  s.pos = end === n ? 0 : end;
}
