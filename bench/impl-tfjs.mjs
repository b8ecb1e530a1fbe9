// impl-tfjs.mjs — the same epochs in TensorFlow.js 4.x, written the way its guides write linear
// regression: tensors for X and y, tf.variable weights, a loss function of tf ops, and
// tf.train.sgd(lr).minimize(loss) per update (gradients by the tape). Mini-batches gather their rows
// with tf.gather from a shuffled index list. Backends: "wasm" (@tensorflow/tfjs-backend-wasm, XNNPACK
// with SIMD, loaded from node_modules) or "cpu" (@tensorflow/tfjs-backend-cpu, plain JavaScript).

import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

import { LR, MLP_LR, startPoint } from './cases.mjs';

/**
 * TensorFlow.js with one backend ready: "wasm" (its .wasm files from node_modules, one thread) or "cpu".
 * @param {'wasm'|'cpu'} backend
 * @returns {Promise<{tf: object, info: object}>}
 */
export async function loadTfjs(backend) {
  const tf = await import('@tensorflow/tfjs');
  if (backend === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    const require = createRequire(import.meta.url);
    // In Node the backend fetches its .wasm from a path: the package's dist directory.
    wasm.setWasmPaths(`${join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm')), '/')}`);
    // One thread, like every other implementation here (descent runs on one core).
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  }
  if (!(await tf.setBackend(backend))) throw new Error(`tf.setBackend('${backend}') failed`);
  await tf.ready();
  const info = {
    version: tf.version_core,
    backend: tf.getBackend(),
    simd: backend === 'wasm' ? await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT') : false,
    threads: 1,
  };
  return { tf, info };
}

/**
 * @param {'wasm'|'cpu'} backend
 * @returns {Promise<object>} the implementation interface of child.mjs
 */
export async function createTfjs(backend) {
  const { tf, info } = await loadTfjs(backend);

  /** mean((X·w + b − y)²) */
  const mse = (X, y, w, b) => tf.losses.meanSquaredError(y, X.matMul(w).add(b));

  return {
    info,

    prepare(c, data) {
      const { n, d } = data;
      const p = startPoint(d);
      return {
        n, d, B: c.batch === 0 ? n : c.batch,
        X: tf.tensor2d(data.X, [n, d]),
        y: tf.tensor2d(data.y, [n, 1]),
        w: tf.variable(tf.tensor2d(Float32Array.from(p.subarray(0, d)), [d, 1])),
        b: tf.variable(tf.scalar(p[d])),
        optimizer: tf.train.sgd(LR),
        order: c.batch === 0 ? null : Int32Array.from({ length: n }, (_, i) => i),
        pos: 0,
      };
    },

    check(s) {
      return tf.tidy(() => {
        const { value, grads } = tf.variableGrads(() => mse(s.X, s.y, s.w, s.b), [s.w, s.b]);
        return {
          loss: value.dataSync()[0],
          grad: [...grads[s.w.name].dataSync(), grads[s.b.name].dataSync()[0]],
        };
      });
    },

    runUpdates(s, k) {
      for (let u = 0; u < k; u++) {
        if (!s.order) {
          s.optimizer.minimize(() => mse(s.X, s.y, s.w, s.b));
          continue;
        }
        if (s.pos === 0) tf.util.shuffle(s.order);
        const end = Math.min(s.pos + s.B, s.n);
        tf.tidy(() => {
          const idx = tf.tensor1d(s.order.subarray(s.pos, end), 'int32');
          s.optimizer.minimize(() => mse(tf.gather(s.X, idx), tf.gather(s.y, idx), s.w, s.b));
        });
        s.pos = end === s.n ? 0 : end;
      }
      s.w.dataSync(); // wait for the backend (both are synchronous; this only makes it explicit)
    },

    dispose(s) {
      for (const t of [s.X, s.y, s.w, s.b]) t.dispose();
      s.optimizer.dispose();
    },

    numTensors: () => tf.memory().numTensors,
  };
}

/**
 * The network cases in TensorFlow.js, written as the "Training models" guide writes a custom loop with
 * the Core API: the weights as tf.variable, the model as a function of tf ops
 * (x.matMul(W).add(b).tanh() per hidden layer), the loss tf.losses.sigmoidCrossEntropy (the mean BCE of
 * the logits), and tf.train.sgd(lr).minimize(() => loss) per batch (gradients by the tape).
 * Mini-batches are tf.gather of the rows at a shuffled index list (tf.util.shuffle per epoch).
 * TF.js multiplies x [rows × in] by W [in × out]: the torch-order init [out × in] is transposed.
 * @param {'wasm'|'cpu'} backend
 * @returns {Promise<object>} the network interface of bench/mlp.mjs
 */
export async function createTfjsMlp(backend) {
  const { tf, info } = await loadTfjs(backend);

  /** The logits of the rows of x. */
  const model = (s, x) => {
    let a = x;
    s.weights.forEach(({ W, b }, l) => {
      a = a.matMul(W).add(b);
      if (l + 1 < s.weights.length) a = a.tanh();
    });
    return a;
  };
  const loss = (s, x, y) => tf.losses.sigmoidCrossEntropy(y, model(s, x));

  return {
    info,

    prepare(c, problem, { shuffle }) {
      const { X, y, n, d, init } = problem;
      const sizes = [d, ...c.hidden, 1];
      const weights = [];
      let off = 0;
      for (let l = 0; l + 1 < sizes.length; l++) {
        const nIn = sizes[l], nOut = sizes[l + 1];
        const W = tf.tidy(() => tf.tensor2d(Float32Array.from(init.subarray(off, off + nOut * nIn)), [nOut, nIn]).transpose());
        off += nOut * nIn;
        const b = tf.tensor1d(Float32Array.from(init.subarray(off, off + nOut)));
        off += nOut;
        weights.push({ W: tf.variable(W), b: tf.variable(b) });
        W.dispose();
        b.dispose();
      }
      return {
        n, B: c.batch === 0 ? n : c.batch, weights,
        X: tf.tensor2d(X, [n, d]), y: tf.tensor2d(y, [n, 1]),
        optimizer: tf.train.sgd(MLP_LR),
        order: Int32Array.from({ length: n }, (_, i) => i), shuffle, pos: 0,
      };
    },

    epochs(s, k) {
      const upe = Math.ceil(s.n / s.B);
      for (let u = 0; u < k * upe; u++) {
        if (s.B === s.n) {
          s.optimizer.minimize(() => loss(s, s.X, s.y));
          continue;
        }
        if (s.shuffle && s.pos === 0) tf.util.shuffle(s.order);
        const end = Math.min(s.pos + s.B, s.n);
        tf.tidy(() => {
          const idx = tf.tensor1d(s.order.subarray(s.pos, end), 'int32');
          const xb = tf.gather(s.X, idx);
          const yb = tf.gather(s.y, idx);
          s.optimizer.minimize(() => loss(s, xb, yb));
        });
        s.pos = end === s.n ? 0 : end;
      }
      s.weights[0].W.dataSync(); // wait for the backend (synchronous here; this only makes it explicit)
    },

    loss(s) { return tf.tidy(() => loss(s, s.X, s.y).dataSync()[0]); },

    /** Parameters in torch order (W back to [out × in]). */
    params(s) {
      const out = [];
      for (const { W, b } of s.weights) out.push(...tf.tidy(() => W.transpose().dataSync()), ...b.dataSync());
      return Float64Array.from(out);
    },

    dispose(s) {
      for (const { W, b } of s.weights) { W.dispose(); b.dispose(); }
      s.X.dispose();
      s.y.dispose();
      s.optimizer.dispose();
    },

    numTensors: () => tf.memory().numTensors,
  };
}
