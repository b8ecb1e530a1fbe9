// Share links (web/lib/link.js): round trips, size, determinism, and links as untrusted input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import {
  encodeExperiment, decodeExperiment, experimentUrl, minimize,
  LinkError, LINK_FORMAT, MAX_LINK_CHARS, MAX_JSON_BYTES,
} from '../../web/lib/link.js';
import { validateExperiment, defaultExperiment, ExperimentError } from '../../web/lib/experiment.js';

const seedExample = JSON.parse(readFileSync(new URL('../../examples/seed.json', import.meta.url), 'utf8'));
const payload = (fragment) => fragment.slice(fragment.indexOf('.') + 1);

/** Deflates bytes given in chunks (so a 50 MB input never sits in memory at once). */
async function deflateChunks(count, makeChunk) {
  const stream = new CompressionStream('deflate-raw');
  const writer = stream.writable.getWriter();
  const writing = (async () => {
    for (let i = 0; i < count; i += 1) await writer.write(makeChunk(i));
    await writer.close();
  })();
  const out = new Uint8Array(await new Response(stream.readable).arrayBuffer());
  await writing;
  return out;
}

/** A hand-made e1 link around arbitrary text: what an attacker can build without encodeExperiment. */
async function rawLink(text) {
  const bytes = await deflateChunks(1, () => new TextEncoder().encode(text));
  return `e${LINK_FORMAT}.${Buffer.from(bytes).toString('base64url')}`;
}

/** A copy with object keys in reverse order, at every depth. */
function reverseKeys(value) {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.keys(value).reverse().map((k) => [k, reverseKeys(value[k])]));
}

/** Deterministic pseudo-random numbers in [0, 1) (tests never use Math.random). */
function lcg(seed) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

// Every optimizer kind, every schedule kind, inline data, explicit and per-run init.
const rich = {
  version: 1,
  name: 'rich: inline data, every optimizer and schedule',
  seed: 7,
  data: {
    kind: 'inline',
    X: [[0, 1], [1, 0.5], [2, -1], [3, 2.25], [4, 0.125], [5, -3], [6, 1e-3], [7, 42]],
    y: [1.5, 2, -0.25, 3.75, 4, 5.5, 6.125, -7],
    testFraction: 0.25,
    standardize: true,
  },
  model: { kind: 'linear', loss: 'huber', delta: 0.5, penalty: { l1: 0.01, l2: 0.1 } },
  init: { weights: [0.5, -0.5], bias: 1 },
  runs: [
    { name: 'sgd nesterov', optimizer: { kind: 'sgd', lr: 0.05, momentum: 0.9, nesterov: true, weight_decay: 1e-4 }, batchSize: 2, schedule: { kind: 'step', step_size: 5, gamma: 0.5 }, epochs: 20 },
    { name: 'adagrad', optimizer: { kind: 'adagrad', lr: 0.3, lr_decay: 0.01, initial_accumulator_value: 0.1, eps: 1e-9 }, schedule: { kind: 'exponential', gamma: 0.99, per: 'iteration' }, iterations: 300 },
    { name: 'rmsprop', optimizer: { kind: 'rmsprop', alpha: 0.9, momentum: 0.5, centered: true }, shuffle: false, schedule: { kind: 'cosine', T_max: 50, eta_min: 1e-4 }, batchSize: 3 },
    { name: 'adam', optimizer: { kind: 'adam', lr: 0.01, betas: [0.8, 0.99], amsgrad: true }, schedule: { kind: 'linear', start_factor: 0.25, end_factor: 1, total_iters: 10 }, targetLoss: 0.01, tolerance: 1e-9 },
    { name: 'adamw', optimizer: { kind: 'adamw', lr: 0.02, weight_decay: 0.05 }, schedule: { kind: 'reduce_on_plateau', factor: 0.5, patience: 3, threshold: 1e-3, threshold_mode: 'abs', cooldown: 1, min_lr: 1e-5, eps: 1e-9 }, record: { every: 5 } },
    { name: 'bold driver', optimizer: { kind: 'sgd', lr: 0.2 }, schedule: { kind: 'bold_driver', increase: 1.1, decrease: 0.4 }, divergeFactor: 1e3, init: 'uniform' },
    { name: 'constant, own init', optimizer: { kind: 'sgd', lr: 1 / 3 }, schedule: { kind: 'constant' }, epochs: 2.5, init: { weights: [Math.PI, -Math.E], bias: -0.1 } },
  ],
};

// What a user typically shares: three runs with a few custom settings.
const custom = {
  seed: 1234,
  data: { kind: 'polynomial', n: 200, degree: 4, noiseLevel: 0.3 },
  runs: [
    { name: 'SGD momentum', optimizer: { kind: 'sgd', lr: 0.05, momentum: 0.9 }, batchSize: 8, epochs: 50 },
    { name: 'Adam', optimizer: { kind: 'adam', lr: 0.01 }, batchSize: 8, epochs: 50 },
    { name: 'Adam + cosine', optimizer: { kind: 'adam', lr: 0.05 }, batchSize: 8, epochs: 50, schedule: { kind: 'cosine', T_max: 50 } },
  ],
};

/** Expects `promise` to reject with a LinkError whose message matches `pattern`. */
async function rejectsLink(promise, pattern) {
  await assert.rejects(promise, (error) => {
    assert.ok(error instanceof LinkError, `expected a LinkError, got ${error?.name}: ${error?.message}`);
    assert.equal(error.name, 'LinkError');
    assert.match(error.message, pattern);
    return true;
  });
}

/** Expects `promise` to reject with an ExperimentError with an issue at `path`. */
async function rejectsIssue(promise, path) {
  await assert.rejects(promise, (error) => {
    assert.ok(error instanceof ExperimentError, `expected an ExperimentError, got ${error?.name}: ${error?.message}`);
    assert.ok(error.issues.some((i) => i.path === path), `no issue at ${path}: ${JSON.stringify(error.issues)}`);
    return true;
  });
}

// ---- Round trips -----------------------------------------------------------------------------------

test('the default experiment round-trips, and its link is short', async () => {
  const fragment = await encodeExperiment(defaultExperiment());
  assert.match(fragment, /^e1\.[A-Za-z0-9_-]+$/);
  assert.equal(await encodeExperiment({}), fragment);
  assert.ok(payload(fragment).length < 32, `default payload is ${payload(fragment).length} chars`); // measured: 20
  assert.deepEqual(await decodeExperiment(fragment), defaultExperiment());
});

test('a rich experiment (inline data, every optimizer and schedule) round-trips to the same normalized experiment', async () => {
  const normalized = validateExperiment(rich);
  const kinds = (key) => new Set(normalized.runs.map((r) => r[key].kind));
  assert.equal(kinds('optimizer').size, 5);
  assert.equal(kinds('schedule').size, 7);
  const decoded = await decodeExperiment(await encodeExperiment(rich));
  assert.deepEqual(decoded, normalized);
  assert.equal(decoded.runs[6].optimizer.lr, 1 / 3); // every bit of a double survives
  assert.equal(decoded.runs[6].init.weights[0], Math.PI);
});

test('the seed example and a 3-run custom experiment round-trip; the custom link stays under 300 characters', async () => {
  for (const experiment of [seedExample, custom]) {
    assert.deepEqual(await decodeExperiment(await encodeExperiment(experiment)), validateExperiment(experiment));
  }
  const fragment = await encodeExperiment(custom);
  assert.ok(fragment.length < 300, `custom fragment is ${fragment.length} chars`); // measured: 271
});

test('minimize keeps only what differs from the defaults, and validates back to the same experiment', () => {
  assert.deepEqual(minimize(defaultExperiment()), { version: 1 });
  const normalized = validateExperiment(custom);
  const before = structuredClone(normalized);
  const minimal = minimize(normalized);
  assert.deepEqual(normalized, before, 'minimize must not modify its argument');
  assert.deepEqual(validateExperiment(minimal), normalized);
  assert.equal(minimal.version, 1);
  assert.equal(minimal.model, undefined); // all defaults: the whole object goes
  assert.equal(minimal.runs[0].shuffle, undefined);
  assert.equal(minimal.runs[1].optimizer.betas, undefined); // Adam's default, filled by kind
  assert.deepEqual(minimal.runs[2].schedule, { T_max: 50, kind: 'cosine' });
  const richMinimal = minimize(validateExperiment(rich));
  assert.deepEqual(validateExperiment(richMinimal), validateExperiment(rich));
  assert.deepEqual(Object.keys(richMinimal), Object.keys(richMinimal).sort());
});

test('encoding is deterministic and does not depend on key order', async () => {
  const a = await encodeExperiment(rich);
  assert.equal(await encodeExperiment(rich), a);
  assert.equal(await encodeExperiment(reverseKeys(rich)), a);
  assert.equal(await encodeExperiment(validateExperiment(rich)), a); // already normalized: same link
  assert.equal(await encodeExperiment(reverseKeys(custom)), await encodeExperiment(custom));
});

test('a full URL, a #fragment and a bare fragment all decode; experimentUrl replaces any old fragment', async () => {
  const fragment = await encodeExperiment(custom);
  const expected = validateExperiment(custom);
  for (const link of [`https://example.org/descent/?x=1#${fragment}`, `#${fragment}`, fragment, `  ${fragment}\n`]) {
    assert.deepEqual(await decodeExperiment(link), expected, link);
  }
  const url = await experimentUrl(custom, 'https://example.org/descent/#e1.old');
  assert.equal(url, `https://example.org/descent/#${fragment}`);
  assert.equal(await experimentUrl(custom, 'http://localhost:8080/'), `http://localhost:8080/#${fragment}`);
  assert.deepEqual(await decodeExperiment(url), expected);
});

test('a decoded link reproduces bit-identical histories', async () => {
  const { run } = await import('../../web/lib/index.js');
  const experiment = { ...custom, runs: custom.runs.map((r) => ({ ...r, epochs: 5 })) };
  const direct = await run(experiment);
  const linked = await run(await decodeExperiment(await experimentUrl(experiment, 'https://example.org/')));
  assert.equal(linked.runs.length, 3);
  for (let i = 0; i < 3; i += 1) {
    assert.deepEqual(linked.runs[i].history, direct.runs[i].history);
    assert.deepEqual(linked.runs[i].params, direct.runs[i].params);
  }
});

// ---- Encoding errors -------------------------------------------------------------------------------

test('encoding validates first and refuses experiments too large for a link', async () => {
  await rejectsIssue(encodeExperiment({ data: { n: 1 } }), 'data.n');
  const random = lcg(1);
  const X = Array.from({ length: 20000 }, () => [random()]);
  const big = { data: { kind: 'inline', X, y: X.map(([x]) => 2 * x) } };
  validateExperiment(big); // valid, just too big to share
  await rejectsLink(encodeExperiment(big), /too large for a link.*save it as a file/);
});

/** Calls of structuredClone during fn: minimize starts with one, validation and encoding make none. */
async function clonesDuring(fn) {
  const platform = globalThis.structuredClone;
  let calls = 0;
  globalThis.structuredClone = (...args) => {
    calls += 1;
    return platform(...args);
  };
  try {
    await fn();
  } finally {
    globalThis.structuredClone = platform;
  }
  return calls;
}

test('large inline data is refused by its size before minimize validates the experiment field by field', async () => {
  assert.ok(await clonesDuring(() => encodeExperiment(rich)) >= 1, 'the probe sees minimize');
  const random = lcg(2);
  // 100,000 rows: ~3.6 MB of JSON, over MAX_JSON_BYTES
  const X = Array.from({ length: 100000 }, () => [random(), random() - 0.5]);
  const huge = { data: { kind: 'inline', X, y: X.map(([a, b]) => a - b) } };
  let clones = await clonesDuring(() => rejectsLink(encodeExperiment(huge),
    new RegExp(`too large for a link: \\d+ bytes of JSON \\(its inline data alone\\), the limit is ${MAX_JSON_BYTES}`)));
  assert.equal(clones, 0, 'refused before minimize');
  // 20,000 rows: ~0.4 MB of JSON, under MAX_JSON_BYTES, but its deflated link is over MAX_LINK_CHARS
  const X20 = X.slice(0, 20000).map(([a]) => [a]);
  const big = { data: { kind: 'inline', X: X20, y: X20.map(([a]) => 1 - a) } };
  clones = await clonesDuring(() => rejectsLink(encodeExperiment(big),
    new RegExp(`too large for a link: \\d+ characters \\(its inline data alone\\), the limit is ${MAX_LINK_CHARS}`)));
  assert.equal(clones, 0, 'refused before minimize');
  // data that fits still makes a link that reads back to the same experiment
  const small = { data: { kind: 'inline', X: X.slice(0, 500), y: X.slice(0, 500).map(([a]) => a) } };
  assert.deepEqual(await decodeExperiment(await encodeExperiment(small)), validateExperiment(small));
});

// ---- Untrusted links -------------------------------------------------------------------------------

test('markup in a run name is plain data: it decodes unchanged', async () => {
  const name = '<script>alert(1)</script><img src=x onerror=alert(2)>';
  const decoded = await decodeExperiment(await encodeExperiment({ runs: [{ name }], name: '"><b>x</b>' }));
  assert.equal(decoded.runs[0].name, name);
  assert.equal(decoded.name, '"><b>x</b>');
});

test('__proto__ and constructor keys are validation errors and pollute nothing', async () => {
  const cases = [
    ['{"__proto__":{"polluted":1}}', '__proto__'],
    ['{"constructor":{"prototype":{"polluted":1}}}', 'constructor'],
    ['{"runs":[{"__proto__":{"polluted":1},"name":"a"}]}', 'runs[0].__proto__'],
    ['{"data":{"constructor":{"prototype":{"polluted":1}}}}', 'data.constructor'],
    ['{"runs":[{"optimizer":{"kind":"sgd","__proto__":{"lr":5}}}]}', 'runs[0].optimizer.__proto__'],
  ];
  for (const [json, path] of cases) await rejectsIssue(decodeExperiment(await rawLink(json)), path);
  assert.equal(({}).polluted, undefined);
  assert.equal(Object.prototype.polluted, undefined);
  assert.equal(Object.hasOwn(Object.prototype, 'lr'), false);
});

test('huge sizes are validation errors naming the field', async () => {
  await rejectsIssue(decodeExperiment(await rawLink('{"data":{"n":1e12}}')), 'data.n');
  await rejectsIssue(decodeExperiment(await rawLink('{"data":{"kind":"linear","d":100000}}')), 'data.d');
  await rejectsIssue(decodeExperiment(await rawLink('{"runs":[{"iterations":1e300}]}')), 'runs[0].iterations');
});

test('a link whose JSON is not an experiment object is a validation error', async () => {
  await rejectsIssue(decodeExperiment(await rawLink('[1,2,3]')), '');
  await rejectsIssue(decodeExperiment(await rawLink('{"version":2}')), 'version');
});

test('damaged links are LinkErrors saying so', async () => {
  const fragment = await encodeExperiment(custom);
  await rejectsLink(decodeExperiment('e1.%%%not*base64'), /damaged.*not base64url/);
  await rejectsLink(decodeExperiment('e1.abc def'), /damaged.*not base64url/);
  await rejectsLink(decodeExperiment('e1.A'), /damaged/);
  await rejectsLink(decodeExperiment('e1.'), /damaged.*does not inflate/);
  await rejectsLink(decodeExperiment('e1.AAAAAAAA'), /damaged.*does not inflate/);
  for (const cut of [8, 20, 40, fragment.length - 40]) { // truncated while copying
    await rejectsLink(decodeExperiment(fragment.slice(0, cut)), /damaged/);
  }
  await rejectsLink(decodeExperiment(await rawLink('{"name": "unfinished')), /damaged.*not JSON/);
  const notUtf8 = await deflateChunks(1, () => new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]));
  await rejectsLink(decodeExperiment(`e1.${Buffer.from(notUtf8).toString('base64url')}`), /damaged.*not UTF-8/);
});

test('unknown format versions and non-links are LinkErrors', async () => {
  const payloadOnly = payload(await encodeExperiment(custom));
  await rejectsLink(decodeExperiment(`e2.${payloadOnly}`),
    /^this link was made by a newer descent \(format e2\); this version reads e1$/);
  await rejectsLink(decodeExperiment(`https://example.org/#e17.${payloadOnly}`), /newer descent \(format e17\)/);
  await rejectsLink(decodeExperiment(`e0.${payloadOnly}`), /unknown link format e0/);
  await rejectsLink(decodeExperiment(payloadOnly), /not a descent link/);
  await rejectsLink(decodeExperiment('https://example.org/descent/'), /no #e1/);
  await rejectsLink(decodeExperiment('#'), /not a descent link/);
  await rejectsLink(decodeExperiment(undefined), /must be a string/);
  // what the message quotes comes out with every control character escaped (it reaches terminals)
  const error = await decodeExperiment('\u009b2J\u001b[2J\u007f').catch((e) => e);
  assert.ok(error instanceof LinkError);
  assert.match(error.message, /found "\\u009b2J\\u001b\[2J\\u007f"$/);
  assert.doesNotMatch(error.message, /[\u0000-\u001f\u007f-\u009f]/);
});

test('an oversize fragment is refused before decoding', async () => {
  const long = `e1.${'A'.repeat(MAX_LINK_CHARS)}`;
  await rejectsLink(decodeExperiment(long), new RegExp(`refused: ${long.length} characters after #, the limit is ${MAX_LINK_CHARS}`));
  await rejectsLink(decodeExperiment(`https://example.org/#${long}`), /refused/);
});

test('zip bombs are refused by size without inflating them', { timeout: 20000 }, async () => {
  const spaces = new Uint8Array(1 << 20).fill(0x20);
  // 50 MB of spaces deflates to ~51 kB: ~68,000 base64url characters, over MAX_LINK_CHARS.
  const bomb50 = await deflateChunks(50, () => spaces);
  await rejectsLink(decodeExperiment(`e1.${Buffer.from(bomb50).toString('base64url')}`), /refused: \d+ characters after #/);
  // 20 MB fits in a link (~27,000 characters): inflation must stop just past MAX_JSON_BYTES.
  const bomb20 = await deflateChunks(20, () => spaces);
  const fragment = `e1.${Buffer.from(bomb20).toString('base64url')}`;
  assert.ok(fragment.length < MAX_LINK_CHARS);
  // Count what the inflater hands out: link.js must stop reading soon after MAX_JSON_BYTES.
  const Platform = globalThis.DecompressionStream;
  let inflated = 0;
  globalThis.DecompressionStream = class extends Platform {
    #counted = super.readable.pipeThrough(new TransformStream({
      transform(chunk, controller) {
        inflated += chunk.byteLength;
        controller.enqueue(chunk);
      },
    }));

    get readable() { return this.#counted; }
  };
  try {
    await rejectsLink(decodeExperiment(fragment), new RegExp(`refused: its experiment inflates to more than ${MAX_JSON_BYTES} bytes`));
  } finally {
    globalThis.DecompressionStream = Platform;
  }
  assert.ok(inflated > MAX_JSON_BYTES, `the counter saw the inflation (${inflated} bytes)`);
  assert.ok(inflated < 2 * MAX_JSON_BYTES, `inflation stopped near the limit: ${inflated} of the bomb's ${20 << 20} bytes`);
});

// ---- Tune specs ------------------------------------------------------------------------------------

test('a tune spec travels in the link, and whoever opens it recomputes the same trials and winner', async () => {
  const experiment = {
    name: 'shared search',
    runs: [{ name: 'mini-batch', optimizer: { kind: 'sgd', lr: 0.1 }, batchSize: 8, epochs: 6 }],
    tune: { strategy: 'halving', trials: 9, space: { lr: { min: 1e-3, max: 1 }, momentum: [0, 0.9] } },
  };
  const fragment = await encodeExperiment(experiment);
  const decoded = await decodeExperiment(fragment);
  assert.deepEqual(decoded, validateExperiment(experiment));
  assert.deepEqual(decoded.tune.space.lr, { min: 1e-3, max: 1, scale: 'log', points: 5 });
  const minimal = minimize(validateExperiment(experiment));
  assert.deepEqual(minimal.tune, { space: { lr: { max: 1, min: 1e-3 }, momentum: [0, 0.9] }, strategy: 'halving', trials: 9 });
  assert.ok(fragment.length < 300, `fragment is ${fragment.length} chars`);
  // the other kinds, and an experiment without tune (its link has no tune at all)
  for (const tune of [{ kind: 'range_test', lrMax: 2, rule: 'steepest' }, { kind: 'refine', step: 0.05 }, {}]) {
    assert.deepEqual(await decodeExperiment(await encodeExperiment({ tune })), validateExperiment({ tune }));
  }
  assert.equal(minimize(defaultExperiment()).tune, undefined);
  const { tune } = await import('../../web/lib/index.js');
  const strip = (r) => r.trials.map(({ timeMs, ...t }) => t);
  const direct = await tune(experiment, { workers: 0 });
  const linked = await tune(decoded, { workers: 0 });
  assert.deepEqual(strip(linked), strip(direct));
  assert.deepEqual(linked.best, direct.best);
});
