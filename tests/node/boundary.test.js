// The WASM boundary is sealed (STYLE.md 11, 12, 16): only web/lib/engine.js touches the module's
// exports, its memory and pointers; everything else gets values. Every public entry point checks its
// arguments before C sees them, so no call can read or write outside its buffers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

import { loadEngine, ChunkLoop, DescentError, Engine, ExperimentError, Session } from '../../web/lib/index.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const engine = await loadEngine();

/** Asserts that fn throws a DescentError whose message starts with `field:`. */
function refuses(fn, field, range) {
  assert.throws(fn, (error) => {
    assert.ok(error instanceof DescentError, `${field}: ${error}`);
    assert.ok(error.message.startsWith(`${field}:`), `message names ${field}: ${error.message}`);
    if (range) assert.match(error.message, range);
    return true;
  });
}

// ---- Out-of-range calls --------------------------------------------------------------------------

const kernelArgs = (over) => ({ X: [1, 2, 3, 4], y: [1, 2, 3, 4], rows: 4, d: 1, w: [0.5], b: 0, ...over });

test('lossgrad refuses what would corrupt or overread memory, naming the argument and its range', () => {
  const heap0 = engine.heapUsed();
  for (const isa of ['scalar', ...(engine.simd ? ['wasmsimd'] : [])]) {
    // d = 3000 overflowed the scalar kernel's stack array (DSC_MAX_FEATURES = 1024) and returned a wrong loss.
    const wide = 3000;
    refuses(() => engine.lossgrad(isa, { X: new Float32Array(2 * wide).fill(1), y: [1, 1], rows: 2, d: wide, w: new Float32Array(wide), b: 0 }), 'd', /1\.\.1024, got 3000/);
    // rows = 1000 over a 4-value buffer read past it.
    refuses(() => engine.lossgrad(isa, kernelArgs({ rows: 1000 })), 'rows', /1\.\.4, got 1000/);
    refuses(() => engine.lossgrad(isa, kernelArgs({ rows: 0 })), 'rows');
    refuses(() => engine.lossgrad(isa, kernelArgs({ idx: [0, 4], rows: 2 })), 'idx[1]', /0\.\.3, got 4/);
    refuses(() => engine.lossgrad(isa, kernelArgs({ idx: [0, 1], rows: 3 })), 'idx', /3 values, got 2/);
    refuses(() => engine.lossgrad(isa, kernelArgs({ idx: [0, -1], rows: 2 })), 'idx[1]');
    refuses(() => engine.lossgrad(isa, kernelArgs({ X: [1, 2, 3] , d: 2 })), 'X', /whole rows/);
    refuses(() => engine.lossgrad(isa, kernelArgs({ y: [1, 2] })), 'y', /4 values, got 2/);
    refuses(() => engine.lossgrad(isa, kernelArgs({ w: [1, 2] })), 'w', /1 values, got 2/);
    refuses(() => engine.lossgrad(isa, kernelArgs({ loss: 'hinge' })), 'loss');
    refuses(() => engine.lossgrad(isa, kernelArgs({ delta: 0 })), 'delta');
    refuses(() => engine.lossgrad(isa, kernelArgs({ d: 1.5 })), 'd');
    // In range, the same call works: loss Σ(0.5x − y)² = Σ(0.5x)² over x = y = 1..4.
    const ok = engine.lossgrad(isa, kernelArgs({}));
    assert.equal(ok.loss, 0.25 + 1 + 2.25 + 4);
  }
  refuses(() => engine.lossgrad('avx512', kernelArgs({})), 'isa');
  refuses(() => engine.lossgrad('scalar', kernelArgs({ X: [1n, 2n, 3n, 4n] })), 'X[0]');
  assert.equal(engine.heapUsed(), heap0, 'refused calls allocate nothing');
});

test('Session methods refuse bad run indices, update counts, splits and parameter vectors', async () => {
  const session = engine.createSession({ runs: [{ name: 'a', iterations: 5 }] });
  try {
    refuses(() => session.params(1), 'run', /0\.\.0, got 1/);
    refuses(() => session.status(-1), 'run');
    refuses(() => session.history(0.5), 'run');
    refuses(() => session.advance(0, 0), 'maxUpdates', />?1\.\./);
    refuses(() => session.advance(0, 2.5), 'maxUpdates');
    refuses(() => session.history(0, 5), 'from', /0\.\.0, got 5/);
    refuses(() => session.evaluate([1, 2, 3]), 'params', /2 values, got 3/);
    refuses(() => session.evaluate([1, 2], 'validation'), 'split');
    refuses(() => session.metrics(['a', 2], 'train'), 'params[0]');
    refuses(() => session.split('train', 0), 'maxRows');
    refuses(() => session.randomStream('weights'), 'stream', /data, init, shuffle, tune/);
    refuses(() => session.loop({ updates: 0 }), 'updates');
    refuses(() => session.holdOut({ fraction: 0.95, seed: 1 }), 'fraction');
    refuses(() => session.holdOut({ fraction: 0.2, seed: -1 }), 'seed');
    refuses(() => session.initialParams({ weights: [1, 2], bias: 0 }), 'init.weights', /1 values, got 2/);
    refuses(() => session.initialParams({ weights: ['a'], bias: 0 }), 'init.weights[0]');
    refuses(() => session.initialParams({ weights: [1], bias: 1e300 }), 'init.bias[0]', /float32/);
    refuses(() => session.evaluate([1n, 2n]), 'params[0]');
    refuses(() => session.holdOut(), 'fraction');
    refuses(() => session.holdOut({ fraction: 0.001, seed: 1 }), 'fraction', /holds out 0/);
    refuses(() => session.loop({ chunkMs: '15' }), 'chunkMs');
    refuses(() => new ChunkLoop({}), 'session');
    refuses(() => engine.configDefaults('dsc_batch'), 'layoutName');
    refuses(() => engine.configDefaults('dsc_optim_config', 60), 'kind', /0\.\.11, got 60/);
    refuses(() => engine.createSession({}, { runs: 'no' }), 'runs');
    refuses(() => engine.lossgrad('scalar'), 'd');
    assert.throws(() => session.addRun({ name: 'a' }), (e) => e instanceof ExperimentError && e.issues[0].path === 'name' && /unique/.test(e.message));
    const big = session.split('train', 1e9); // a cap above the row count copies every row
    assert.equal(big.n, session.nTrain);
  } finally {
    session.free();
  }
  assert.throws(() => session.params(0), (e) => e instanceof DescentError && e.status === 'ESTATE' && /freed/.test(e.message));
});

test('the model hooks (gradient, predict, outputGrid, functionGrid) refuse bad arguments by name', () => {
  const session = engine.createSession({ data: { kind: 'moons' }, model: { hidden: [2] } }, { runs: false });
  const fn = engine.createSession({ model: { kind: 'function' } }, { runs: false });
  const heap0 = engine.heapUsed();
  try {
    const p = session.initialParams();
    refuses(() => session.gradient([1, 2]), 'params', /9 values, got 2/);
    refuses(() => session.predict(p, [1, NaN]), 'X[1]', /float32/);
    refuses(() => session.predict(p, []), 'X', /whole rows/);
    refuses(() => session.predict(p, 'ab'), 'X');
    refuses(() => session.outputGrid(p, { x: [0, 1, 3], y: [0, 1] }), 'y');
    refuses(() => session.outputGrid(p, { x: [0, 1, 1025], y: [0, 1, 2] }), 'x[2]', /1\.\.1024/);
    refuses(() => session.outputGrid(p), 'x');
    refuses(() => session.functionGrid({ x: [0, 1, 2], y: [0, 1, 2] }), 'functionGrid', /function model/);
    refuses(() => fn.functionGrid({ x: [0, 1, 2.5], y: [0, 1, 2] }), 'x[2]');
    refuses(() => fn.functionGrid({ x: [NaN, 1, 2], y: [0, 1, 2] }), 'x', /finite/);
    refuses(() => fn.gradient([1]), 'params', /2 values, got 1/);
    refuses(() => fn.predict([0, 0], [1, 2]), 'predict');
    refuses(() => fn.initialParams('uniform'), 'init', /a function model takes "zeros" or \{params: \[2 numbers\]\}/);
    assert.equal(engine.heapUsed(), heap0, 'refused calls allocate nothing');
  } finally {
    session.free();
    fn.free();
  }
  assert.throws(() => fn.evaluate([0, 0]), (e) => e instanceof DescentError && e.status === 'ESTATE');
  assert.throws(() => fn.functionGrid({ x: [0, 1, 2], y: [0, 1, 2] }), (e) => e instanceof DescentError && e.status === 'ESTATE');
  fn.free(); // twice is fine
});

test('a freed RandomStream or Session refuses further use instead of touching freed memory', () => {
  const session = engine.createSession({}, { runs: false });
  const rng = session.randomStream('tune');
  rng.free();
  assert.throws(() => rng.normal(), (e) => e instanceof DescentError && e.status === 'ESTATE');
  rng.free(); // twice is fine
  session.free();
  assert.throws(() => session.evaluate([0, 0]), (e) => e instanceof DescentError && e.status === 'ESTATE');
  session.free(); // twice is fine
});

test('Engine, Session and their helpers expose no exports, memory or pointers', () => {
  assert.deepEqual(Object.keys(engine), []);
  for (const name of ['exports', 'buffer', 'malloc', 'free', 'alloc', 'check', 'writeStruct', 'errorPtr']) {
    assert.ok(!(name in engine), `engine.${name}`);
  }
  const session = engine.createSession({});
  try {
    assert.deepEqual(Object.keys(session).sort(), ['d', 'diagnostics', 'diagnosticsNote', 'experiment', 'nTest', 'nTrain', 'np', 'optimum', 'optimumNote']);
    for (const name of ['x', 'runPtrs', 'dataPtr', 'modelPtr', 'splitLoss', 'runTimes', 'runSpecs']) assert.ok(!(name in session), `session.${name}`);
    const loop = session.loop();
    assert.deepEqual(Object.keys(loop), ['chunkMs']);
  } finally {
    session.free();
  }
  assert.throws(() => new Engine({}), TypeError);
  assert.throws(() => new Session({}, {}, {}), TypeError);
});

// ---- No file outside engine.js reaches past the boundary ------------------------------------------

/** Source files of the shipped code and tools (tests aside). */
function sources(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'vendor' || name.startsWith('.')) continue;
    if (statSync(path).isDirectory()) sources(path, out);
    else if (/\.(m?js)$/.test(name)) out.push(path);
  }
  return out;
}

// What touching the module looks like: its exports, its memory, Emscripten heap views, calls of C
// functions (dsc_*), allocation, and pointer-named values.
const FORBIDDEN = [
  [/\.exports\b/, 'wasm exports'],
  [/\bmemory\.buffer\b/, 'wasm memory'],
  [/\bHEAP(8|16|32|U8|U16|U32|F32|F64)\b/, 'heap views'],
  [/\.dsc_\w+/, 'C functions'],
  [/\bmalloc\b/, 'allocation'],
  [/\b\w+Ptrs?\b/, 'pointers'],
  [/WebAssembly\.instantiate/, 'instantiation'],
];
// bench/arith-probe.mjs loads bench_arith.wasm (bench/bench_core.c), a separate benchmark module, not
// descent.wasm; it says so in its header. web/lib/threads.js is engine.js's thread team: the worker
// instances of descent-mt.wasm and the host import the core calls (no pointer reaches its callers).
const ALLOWED = new Set(['web/lib/engine.js', 'web/lib/threads.js', 'bench/arith-probe.mjs']);

test('no file outside web/lib/engine.js touches wasm exports, memory or pointers', () => {
  const files = ['web', 'bench', 'scripts'].flatMap((d) => sources(join(root, d)));
  assert.ok(files.length > 30, `scanned ${files.length} files`);
  const found = [];
  for (const file of files) {
    const rel = relative(root, file);
    if (ALLOWED.has(rel)) continue;
    const lines = readFileSync(file, 'utf8').split('\n');
    lines.forEach((line, i) => {
      const code = line.replace(/\/\/.*$/, ''); // comments may name what they do not touch
      for (const [re, what] of FORBIDDEN) if (re.test(code)) found.push(`${rel}:${i + 1} (${what}): ${line.trim()}`);
    });
  }
  assert.deepEqual(found, []);
});
