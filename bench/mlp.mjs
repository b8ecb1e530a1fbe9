#!/usr/bin/env node
// mlp.mjs — the network cases of `npm run bench` (cases.mjs mlpCases), every implementation in this one
// process so that their repetitions interleave (the machine's load drifts alike for all of them).
//
//   node bench/mlp.mjs CONFIG.json     (bench.mjs writes CONFIG: {quick, reps, targetMs, wasm: {simd, scalar}})
//
// Implementations: descent-simd (and, unless quick, descent-scalar) through the library API, plain-js
// (impl-plainjs.mjs createPlainJsMlp) and tfjs-wasm (impl-tfjs.mjs createTfjsMlp). Per case:
//   1. the problem: descent's moons training set and its uniform init (torch order), copied out;
//   2. the check: every implementation trains one epoch from that init with batches in row order
//      (no shuffle); the full-data BCE before and after, and the parameters after, must equal
//      descent-simd's within MLP_RTOL — a case that disagrees is not timed;
//   3. the timing: each implementation on its own shuffled epochs, warmed up by one epoch, then k epochs
//      per repetition (k so that a repetition lasts about targetMs, at least 1), `reps` rounds that
//      take the implementations in turn (the first one rotating). Each repetition records its wall time
//      and the process's CPU time (process.cpuUsage: user + system), which a loaded machine inflates
//      less: on 2 shared cores the wall time also counts the time other processes held the core.
// Prints one JSON document on stdout: {info, results: [{name, impl, check, epochsPerRep, timesMs, cpuMs}]}
// (times per epoch).

import { readFileSync } from 'node:fs';

import { MLP_RTOL, mlpCases } from './cases.mjs';
import { createDescentMlp } from './impl-descent.mjs';
import { createPlainJsMlp } from './impl-plainjs.mjs';
import { createTfjsMlp } from './impl-tfjs.mjs';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));

async function main() {
  const impls = { 'descent-simd': await createDescentMlp(config.wasm.simd) };
  if (!config.quick) impls['descent-scalar'] = await createDescentMlp(config.wasm.scalar);
  impls['plain-js'] = createPlainJsMlp();
  impls['tfjs-wasm'] = await createTfjsMlp('wasm');
  const names = Object.keys(impls);
  const results = [];
  for (const c of mlpCases({ quick: config.quick })) {
    const problem = impls['descent-simd'].problem(c);
    const out = Object.fromEntries(names.map((impl) => [impl, { name: c.name, impl, n: c.n, hidden: c.hidden, batch: c.batch }]));
    // 2. agreement after one epoch in row order
    let want = null;
    const params = {};
    for (const impl of names) {
      const I = impls[impl];
      const s = I.prepare(c, problem, { shuffle: false });
      try {
        const before = I.loss(s);
        const t0 = performance.now();
        I.epochs(s, 1);
        const ms = performance.now() - t0;
        out[impl].check = { lossBefore: before, lossAfter: I.loss(s), epochMs: ms };
        params[impl] = I.params(s);
      } catch (error) {
        out[impl].error = String(error?.stack ?? error);
      } finally {
        I.dispose(s);
      }
      if (impl === 'descent-simd') want = out[impl].check;
      else if (out[impl].check && want) {
        const bad = ['lossBefore', 'lossAfter'].find((k) => !(Math.abs(out[impl].check[k] - want[k]) <= MLP_RTOL.loss * Math.abs(want[k])));
        const ref = params['descent-simd'];
        const scale = Math.max(...ref.map(Math.abs));
        const dev = Math.max(...ref.map((v, j) => Math.abs(params[impl][j] - v)));
        out[impl].check.paramsDeviation = dev / scale;
        if (bad) out[impl].error = `check failed, not timed: ${bad} ${out[impl].check[bad]} vs descent-simd ${want[bad]} (rtol ${MLP_RTOL.loss})`;
        else if (!(dev <= MLP_RTOL.params * scale)) out[impl].error = `check failed, not timed: parameters after the epoch differ from descent-simd's by ${dev} (> ${MLP_RTOL.params} of max |θ| ${scale})`;
      }
    }
    // 3. interleaved timing
    const live = names.filter((impl) => !out[impl].error);
    const states = {};
    try {
      for (const impl of live) {
        states[impl] = impls[impl].prepare(c, problem, { shuffle: true });
        const t0 = performance.now();
        impls[impl].epochs(states[impl], 1);
        const ms = performance.now() - t0;
        out[impl].epochsPerRep = Math.max(1, Math.round(config.targetMs / ms));
        out[impl].timesMs = [];
        out[impl].cpuMs = [];
      }
      for (let r = 0; r < config.reps; r++) {
        for (let q = 0; q < live.length; q++) {
          const impl = live[(q + r) % live.length];
          const c0 = process.cpuUsage();
          const t0 = performance.now();
          impls[impl].epochs(states[impl], out[impl].epochsPerRep);
          const ms = performance.now() - t0;
          const cpu = process.cpuUsage(c0);
          out[impl].timesMs.push(ms / out[impl].epochsPerRep);
          out[impl].cpuMs.push((cpu.user + cpu.system) / 1e3 / out[impl].epochsPerRep);
        }
      }
    } catch (error) {
      for (const impl of live) if (!out[impl].timesMs?.length) out[impl].error ??= String(error?.stack ?? error);
      throw error;
    } finally {
      for (const [impl, s] of Object.entries(states)) impls[impl].dispose(s);
    }
    results.push(...Object.values(out));
  }
  const info = Object.fromEntries(names.map((impl) => [impl, impls[impl].info]));
  process.stdout.write(`${JSON.stringify({ info, results })}\n`);
}

main().catch((error) => {
  process.stdout.write(`${JSON.stringify({ fatal: String(error?.stack ?? error) })}\n`);
  process.exitCode = 1;
});
