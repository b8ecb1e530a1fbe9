#!/usr/bin/env node
// child.mjs — one JavaScript implementation of `npm run bench`, alone in its process.
//
//   node bench/child.mjs IMPL CONFIG.json      (bench.mjs writes CONFIG and starts this)
//
// IMPL is descent-simd, descent-scalar, plain-js, tfjs-wasm or tfjs-cpu. For every case it prepares the
// data (descent: a Session generating them inside WASM memory; the others: the same values copied out
// of descent's generator), checks the loss and gradient at the start point against the float64
// reference — a case that disagrees is not timed —, then warms up, picks how many updates make one
// repetition last about config.targetMs, and times config.reps repetitions. It prints one JSON
// document on stdout: {impl, info, results: [...]}.

import { readFileSync } from 'node:fs';

import { Engine } from '../web/lib/engine.js';
import { DESCENT_RTOL_LOSS, disagreement, relError, updatesPerEpoch } from './cases.mjs';
import { generateData } from './data.mjs';

const [impl, configPath] = process.argv.slice(2);
const config = JSON.parse(readFileSync(configPath, 'utf8'));
const isDescent = impl.startsWith('descent');

async function createImpl() {
  switch (impl) {
    case 'descent-simd': return (await import('./impl-descent.mjs')).createDescent(config.wasm.simd);
    case 'descent-scalar': return (await import('./impl-descent.mjs')).createDescent(config.wasm.scalar);
    case 'plain-js': return (await import('./impl-plainjs.mjs')).createPlainJs();
    case 'tfjs-wasm': return (await import('./impl-tfjs.mjs')).createTfjs('wasm');
    case 'tfjs-cpu': return (await import('./impl-tfjs.mjs')).createTfjs('cpu');
    default: throw new Error(`unknown implementation ${impl}`);
  }
}

const key = (c) => `${c.n},${c.d}`;
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

/** Updates per timing step: one epoch (the tiny case: its unit), at most maxUnit for slow impls. */
function unitOf(c, maxUnit) {
  const unit = c.unit ?? updatesPerEpoch(c);
  return Math.max(1, Math.min(unit, maxUnit ?? Infinity));
}

async function main() {
  const implementation = await createImpl();
  // Data for the implementations that do not generate their own: descent's generator (SIMD build).
  const dataEngine = isDescent ? null : await Engine.load(readFileSync(config.wasm.simd));
  const results = [];
  let data = null;

  /** Checks, then times one case (see the file comment); returns its result record. */
  function measure(c) {
    const out = { name: c.name, n: c.n, d: c.d, batch: c.batch, impl };
    if (!isDescent && (!data || data.n !== c.n || data.d !== c.d)) {
      data = null; // let the previous arrays go first
      data = generateData(dataEngine, c.n, c.d);
    }
    let state = null;
    try {
      state = implementation.prepare(c, data);
      const got = implementation.check(state);
      const want = config.references[key(c)];
      out.check = { loss: got.loss, grad: got.grad.map(Number), lossRelError: relError(got.loss, want.loss) };
      const bad = disagreement(got, want)
        ?? (isDescent && out.check.lossRelError > DESCENT_RTOL_LOSS
          ? `loss ${got.loss} vs float64 ${want.loss}: relative error ${out.check.lossRelError} > ${DESCENT_RTOL_LOSS}` : null);
      if (bad) {
        out.error = `check failed, not timed: ${bad}`;
        return out;
      }
      // Timing: warm up, estimate, then reps repetitions of k updates.
      const unit = unitOf(c, impl.startsWith('tfjs') ? config.tfjsMaxUnit : undefined);
      implementation.runUpdates(state, unit);
      let t0 = performance.now();
      implementation.runUpdates(state, unit);
      const unitMs = Math.max(performance.now() - t0, 1e-3);
      const units = Math.max(1, Math.min(config.maxUnits, Math.round(config.targetMs / unitMs)));
      const updates = units * unit;
      const times = [];
      for (let r = 0; r < config.reps; r++) {
        t0 = performance.now();
        implementation.runUpdates(state, updates);
        times.push(performance.now() - t0);
      }
      Object.assign(out, { updatesPerRep: updates, epochsPerRep: updates / updatesPerEpoch(c), timesMs: times });
    } catch (error) {
      out.error = String(error?.stack ?? error);
    } finally {
      if (state) implementation.dispose(state);
    }
    return out;
  }

  for (const c of config.cases) results.push(measure(c));

  const extras = {};
  if (impl === 'descent-simd' && config.ceilingCases?.length) {
    // The same kernel on data that stay in the L2 cache: its compute ceiling, no memory traffic.
    extras.ceiling = config.ceilingCases.map((c) => {
      const r = measure(c);
      const bytes = c.n * c.d * 4 + c.n * 4;
      return { ...r, GBs: r.timesMs ? bytes / ((median(r.timesMs) / r.updatesPerRep) * 1e6) : null };
    });
  }
  if (isDescent && config.recordCase) {
    const c = config.recordCase;
    try {
      const { times, recordEvery } = implementation.recordOverhead(c, config.reps);
      extras.record = { name: c.name, n: c.n, d: c.d, batch: c.batch, updates: c.updates, recordEvery, autoMs: times.auto, noneMs: times.none };
    } catch (error) {
      extras.record = { error: String(error?.stack ?? error) };
    }
  }
  if (isDescent && config.seedExperiment) {
    try {
      const doc = JSON.parse(readFileSync(config.seedExperiment, 'utf8'));
      const quiet = { ...doc, runs: doc.runs.map((r) => ({ ...r, record: { every: r.iterations ?? 1000 } })) };
      const times = [];
      const timesNone = [];
      let result = null;
      for (let r = 0; r <= config.reps; r++) {
        const a = await implementation.experiment(doc);
        const b = await implementation.experiment(quiet);
        if (r > 0) { times.push(a.ms); timesNone.push(b.ms); }
        result = a.result;
      }
      extras.seed = {
        timesMs: times, noRecordTimesMs: timesNone,
        runs: result.runs.map((run) => ({ name: run.name, iterations: run.iterations, points: run.history.iteration.length, recordEvery: run.recordEvery, timeMs: run.timeMs })),
      };
    } catch (error) {
      extras.seed = { error: String(error?.stack ?? error) };
    }
  }
  if (impl === 'descent-simd' && config.wasm.arith && config.sgdCase) {
    const c = config.sgdCase;
    const sgd = results.find((r) => r.name === c.name);
    try {
      const { createArith } = await import('./arith-probe.mjs');
      const arith = await createArith(config.wasm.arith, c.n, c.d);
      const updates = sgd?.updatesPerRep ?? updatesPerEpoch(c);
      arith.time(updates);
      const times = [];
      for (let r = 0; r < config.reps; r++) times.push(arith.time(updates));
      arith.free();
      extras.sgdArith = { name: c.name, updates, timesMs: times, medianNsPerUpdate: (median(times) / updates) * 1e6 };
    } catch (error) {
      extras.sgdArith = { error: String(error?.stack ?? error) };
    }
  }
  if (impl === 'descent-simd' && config.wasm.arith && config.kernelSweep) {
    try {
      const { kernelSweep } = await import('./arith-probe.mjs');
      extras.kernelSweep = [];
      for (const sweep of config.kernelSweep) extras.kernelSweep.push({ ...sweep, results: await kernelSweep(config.wasm.arith, sweep) });
    } catch (error) {
      extras.kernelSweep = { error: String(error?.stack ?? error) };
    }
  }
  process.stdout.write(`${JSON.stringify({ impl, info: implementation.info, results, extras })}\n`);
}

main().catch((error) => {
  process.stdout.write(`${JSON.stringify({ impl, fatal: String(error?.stack ?? error) })}\n`);
  process.exitCode = 1;
});
