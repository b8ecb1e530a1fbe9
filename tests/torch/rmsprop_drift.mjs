// rmsprop_drift.mjs — the table behind README's "Numerics after convergence": RMSprop (lr 0.05, α 0.99)
// on a 200-row, 2-feature logistic problem, as the relative distance ‖θ − θ*‖/‖θ*‖ from the float64
// optimum after k updates, for descent, the float64 reference (tests/node/reference.js) and torch 1.13
// in float32 and float64 (tests/torch/rmsprop_drift.py, run with Debian's /usr/bin/python3).
//
//   node tests/torch/rmsprop_drift.mjs

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { CHECKPOINTS, EXPERIMENT, runCase } from '../node/rmsprop-case.js';

const c = await runCase();
const spec = {
  X: c.X, y: c.y, init: c.init, optimum: c.optimum, at: CHECKPOINTS,
  runs: EXPERIMENT.runs.map((r) => ({ optimizer: r.optimizer, gamma: r.schedule?.gamma, iterations: CHECKPOINTS.at(-1) })),
};
const py = spawnSync('/usr/bin/python3', [fileURLToPath(new URL('rmsprop_drift.py', import.meta.url))], { input: JSON.stringify(spec), encoding: 'utf8' });
if (py.status !== 0) throw new Error(`rmsprop_drift.py failed: ${py.stderr}`);
const torch = JSON.parse(py.stdout);
const cell = (v) => v.toExponential(1).padStart(9);
console.log(`relative distance from the float64 optimum after k updates (torch ${torch.torch})\n`);
console.log(`${'run'.padEnd(13)}${'implementation'.padEnd(18)}${CHECKPOINTS.map((k) => String(k).padStart(9)).join('')}`);
c.runs.forEach((run, i) => {
  const rows = [['descent', run.descent], ['float64 ref', run.reference],
    ['torch float32', CHECKPOINTS.map((k) => torch.runs[i].float32[k])], ['torch float64', CHECKPOINTS.map((k) => torch.runs[i].float64[k])]];
  rows.forEach(([label, values], j) => console.log(`${(j ? '' : run.name).padEnd(13)}${label.padEnd(18)}${values.map(cell).join('')}`));
});
