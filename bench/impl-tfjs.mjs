// impl-tfjs.mjs — the same epochs in TensorFlow.js 4.x, written the way its guides write linear
// regression: tensors for X and y, tf.variable weights, a loss function of tf ops, and
// tf.train.sgd(lr).minimize(loss) per update (gradients by the tape). Mini-batches gather their rows
// with tf.gather from a shuffled index list. Backends: "wasm" (@tensorflow/tfjs-backend-wasm, XNNPACK
// with SIMD, loaded from node_modules) or "cpu" (@tensorflow/tfjs-backend-cpu, plain JavaScript).

import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

import { LR, startPoint } from './cases.mjs';

/**
 * @param {'wasm'|'cpu'} backend
 * @returns {Promise<object>} the implementation interface of child.mjs
 */
export async function createTfjs(backend) {
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
