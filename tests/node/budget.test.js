// Budgets (web/lib/budget.js): the work estimate counts as the core does, examples fit the budgets,
// oversized experiments and tunings are refused by field, tuning pools shrink to fit their memory.
// Estimates and refusals are checked, never wall time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';

import { loadEngine, validateExperiment } from '../../web/lib/index.js';
import {
  BUDGET, estimateRun, estimateTune, formatEstimate, overBudget, runWork, tuneWorkerBytes, tuneWorkers,
} from '../../web/lib/budget.js';
import { jsonChunks, toJSON, csvChunks, toCSV } from '../../web/lib/report.js';

const engine = await loadEngine();

test('runWork counts updates and samples as the core does (dsc_run_max_iterations, dsc_run_max_samples)', () => {
  const runs = [
    { batchSize: 'full', iterations: 37 }, { batchSize: 1, epochs: 2.5 }, { batchSize: 7, epochs: 3 },
    { batchSize: 16, iterations: 1000, epochs: 4 }, { batchSize: 80, epochs: 0.3 }, { batchSize: 3 },
  ].map((r, i) => ({ name: `r${i}`, ...r }));
  const session = engine.createSession({ data: { n: 100, d: 3 }, runs }, { optimum: false });
  try {
    runs.forEach((_, i) => {
      const run = session.experiment.runs[i];
      const w = runWork(run, { nTrain: session.nTrain, nTest: session.nTest, np: session.np });
      const p = session.progress(i);
      assert.equal(w.updates, p.maxIterations, `runs[${i}] updates`);
      assert.equal(w.samples, p.maxSamples, `runs[${i}] samples`);
    });
  } finally {
    session.free();
  }
});

test('the red-team experiments are estimated over the budget and named by field; every example is within the page\'s', () => {
  const forever = estimateRun(validateExperiment({ data: { kind: 'linear', n: 10000000, d: 5 }, runs: [{ name: 'forever', batchSize: 'full', iterations: 1000000000 }] }));
  assert.ok(forever.ops > 5e16 && forever.ops < 6e16, String(forever.ops));
  assert.equal(forever.parts[0].path, 'runs[0].iterations');
  const message = overBudget(forever, BUDGET.cli, { override: 'pass --no-budget' });
  assert.match(message, /^this experiment is estimated at 5\.3e16 operations \(about 611 days at 1e9 per second\), more than the budget of 1e12 \(about 17 min\):\n {2}runs\[0\]\.iterations: /);
  assert.equal(overBudget(forever, Infinity), null);

  // the share link of n 48828, d 1024: the closed form alone, about a minute of work (the page solves it in chunks)
  const link = estimateRun(validateExperiment({ data: { n: 48828, d: 1024 }, runs: [{ iterations: 1 }] }));
  assert.equal(link.parts.some((p) => p.text.startsWith('the closed-form optimum') && p.ops === link.solveOps), true);
  assert.ok(link.solveOps > 4e10 && link.solveOps < 6e10, String(link.solveOps));
  // ...and the Hessian diagnostics, more again (the same sums, then up to 3,000 power and inverse iterations): the page skips them
  assert.ok(link.diagnosticsOps > 4e10 && link.diagnosticsOps < 8e10, String(link.diagnosticsOps));
  assert.ok(link.solveOps + link.diagnosticsOps > BUDGET.ask);

  // four runs of 999,999 recorded updates on 3 rows: cheap work, 4 million history points (streamed out)
  const output = estimateRun(validateExperiment({ data: { n: 3, testFraction: 0 }, runs: [1, 2, 3, 4].map((i) => ({ name: `r${i}`, iterations: 999999, record: { every: 1 } })) }));
  assert.equal(output.points, 4000000);
  assert.ok(output.ops < BUDGET.ask);

  const dir = new URL('../../examples/', import.meta.url);
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'presets.json')) { // presets.json: the page's menu of them
    const experiment = validateExperiment(JSON.parse(readFileSync(new URL(file, dir), 'utf8')));
    assert.ok(estimateRun(experiment).ops < BUDGET.ask, file);
    assert.ok(estimateTune(validateExperiment({ ...experiment, tune: experiment.tune ?? {} })).ops < BUDGET.ask, `${file} (tune)`);
  }
});

test('tuning budgets count rows × features × updates: refine tries, range-test steps, grid trials', () => {
  const refine = estimateTune(validateExperiment({ data: { n: 12500, d: 1024 }, runs: [{ iterations: 1 }], tune: { kind: 'refine', tries: 1000000 } }));
  assert.equal(refine.parts[0].path, 'tune.tries');
  assert.ok(refine.parts[0].ops >= 1e6 * 10000 * 1025, String(refine.parts[0].ops));
  const range = estimateTune(validateExperiment({ data: { n: 12500, d: 1024 }, runs: [{ iterations: 1 }], tune: { kind: 'range_test', steps: 100000 } }));
  assert.equal(range.parts[0].path, 'tune.steps');
  assert.ok(range.ops > BUDGET.cli);
  const grid = estimateTune(validateExperiment({ data: { n: 12500, d: 1024 }, runs: [{ iterations: 1 }], tune: { strategy: 'grid', space: { lr: { min: 1e-4, max: 1, points: 100 }, momentum: { min: 0, max: 0.9, points: 10 } }, epochs: 800 } }));
  assert.equal(grid.parts[0].path, 'tune.space');
  assert.ok(grid.ops > 6.5e12, String(grid.ops)); // 1000 trials × 800 updates × 8000 rows × 1025 parameters
});

test('tuning pools shrink so that their data copies fit in BUDGET.tuneMemory', () => {
  const huge = validateExperiment({ data: { kind: 'linear', n: 10000000, d: 5 }, runs: [{ iterations: 2 }], tune: { strategy: 'grid', space: { lr: [0.1] } } });
  const bytes = tuneWorkerBytes(huge);
  assert.ok(bytes > 4e8 && bytes < 5e8, String(bytes)); // measured: about 440 MB per worker thread
  assert.equal(tuneWorkers(huge, 8), Math.floor(BUDGET.tuneMemory / bytes));
  assert.ok(tuneWorkers(huge, 8) * bytes <= BUDGET.tuneMemory);
  assert.equal(tuneWorkers(validateExperiment({ tune: {} }), 8), 8);
  assert.equal(tuneWorkers(huge, 1), 1);
});

test('formatEstimate says work as a rough time', () => {
  assert.equal(formatEstimate(0.001), 'about 1 s');
  assert.equal(formatEstimate(61), 'about 61 s');
  assert.equal(formatEstimate(1000), 'about 17 min');
  assert.equal(formatEstimate(7200), 'about 2 h');
  assert.equal(formatEstimate(5.28e7), 'about 611 days');
  assert.equal(formatEstimate(1e9), 'about 32 years');
});

test('jsonChunks and csvChunks write toJSON\'s and toCSV\'s text in pieces (any size of history)', async () => {
  const replacer = (key, value) => {
    if (ArrayBuffer.isView(value)) return Array.from(value, (v) => (Number.isFinite(v) ? v : null));
    if (typeof value === 'number' && !Number.isFinite(value)) return null;
    return value;
  };
  const result = await engine.run({ runs: [{ name: 'a', iterations: 30000, record: { every: 1 } }, { name: '=b', optimizer: { kind: 'sgd', lr: 100 } }] });
  const odd = { ...result, extra: { u: undefined, a: [undefined, NaN, -0, new Float32Array([1.5, Infinity])], e: {}, ea: [], s: 'x"\u2028' } };
  for (const value of [result, odd]) assert.equal(toJSON(value), JSON.stringify(value, replacer, 2));
  const pieces = [...jsonChunks(result)];
  assert.ok(pieces.length > 1 && pieces.every((p) => p.length < 2 ** 21), 'about 1 MB a piece');
  const csv = [...csvChunks(result)];
  assert.ok(csv.length > 1);
  assert.equal(csv.join(''), toCSV(result));
});
