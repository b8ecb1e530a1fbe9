// export-program.js — the program every Python export is made of, in order: imports, the data,
// descent's random streams and training rules, the backend's model and optimizers, the training loop,
// the runs, the tables, the tune section, and the main program (a script's main(), or a notebook's
// cells). A backend (export-pytorch.js, export-numpy.js) supplies the model, optimizer and loop lines.

import { SCHEMA } from './experiment.js';
import { OPTIMIZERS, SCHEDULES } from './export-kinds.js';
import { trainFunction } from './export-loop.js';
import { dataSection, pyDict, pyValue } from './export-python.js';
import { formatSection, runReportSection } from './export-report.js';
import { randomSection, rulesSection } from './export-rules.js';
import { rangeTestSection, searchSection } from './export-search.js';
import { specFor } from './schema.js';
import { scheduleSteps } from './counting.js';

/** The keyword arguments a torch call takes as tuples (the rest of the lists are lists). */
const TUPLES = ['betas', 'etas', 'step_sizes'];

/** Arguments a schedule's torch call always shows: torch has no default for them, or another one. */
const SHOWN = { cosine: ['T_max'], one_cycle: ['max_lr', 'total_steps', 'cycle_momentum'], cyclic: ['base_lr', 'max_lr', 'cycle_momentum'] };

/** The keyword arguments of a torch.optim/lr_scheduler call that differ from descent's defaults (torch's). */
function changedArgs(table, values, skip, shown = []) {
  return Object.entries(values)
    .filter(([k, v]) => !skip.includes(k) && (shown.includes(k) || JSON.stringify(v) !== JSON.stringify(specFor(table.fields[k], values).default)))
    .map(([k, v]) => `${k}=${Array.isArray(v) && TUPLES.includes(k) ? `(${v.map(pyValue).join(', ')})` : pyValue(v)}`);
}

/**
 * A schedule with the defaults torch has no value for written in, for a run `length` schedule steps
 * long: the rule of the script's resolved_schedule (export-rules.js), which the training loop applies.
 */
function resolvedSchedule(s, lr, length) {
  const parts = s.kind === 'sequential' ? s.schedulers : [s];
  const starts = s.kind === 'sequential' ? [0, ...s.milestones] : [0];
  const resolved = parts.map((part, k) => {
    const span = Math.max((k + 1 < parts.length ? starts[k + 1] : length) - starts[k], 1);
    const out = { ...part };
    if (part.kind === 'cosine' && part.T_max == null) out.T_max = span;
    if (part.kind === 'one_cycle') {
      out.total_steps = part.total_steps ?? span;
      out.max_lr = part.max_lr ?? lr;
    }
    if (part.kind === 'cyclic') out.base_lr = part.base_lr ?? lr;
    return out;
  });
  return s.kind === 'sequential' ? { ...s, schedulers: resolved } : resolved[0];
}

/** A schedule as its torch.optim.lr_scheduler call, without the optimizer argument. */
function scheduleCall(s) {
  if (s.kind === 'constant') return 'LambdaLR(lambda step: 1.0)';
  const args = changedArgs(SCHEMA.schedule, s, ['kind', 'per', 'schedulers'], SHOWN[s.kind] ?? []);
  if (s.kind === 'sequential') args.unshift(`[${s.schedulers.map(scheduleCall).join(', ')}]`);
  return `${SCHEDULES[s.kind].torch}(${args.join(', ')})`;
}

/**
 * One line on what a run is, in torch terms: the optimizer call, the batches, the schedule (with the
 * values the training loop resolves for a run `length` schedule steps long).
 */
export function describeRun(run, length) {
  const o = run.optimizer;
  const optimizer = `torch.optim.${OPTIMIZERS[o.kind].torch}(${['params', `lr=${pyValue(o.lr)}`, ...changedArgs(SCHEMA.optimizer, o, ['kind', 'lr'])].join(', ')})`;
  const batches = run.batch_size === 'full' ? 'full batch' : `batches of ${run.batch_size}${run.shuffle ? ', shuffled every epoch' : ', in order'}`;
  const s = run.schedule;
  let schedule = '';
  if (s.kind === 'bold_driver') schedule = `; the bold driver, every ${s.per}`;
  else if (SCHEDULES[s.kind].torch) schedule = `; ${scheduleCall(resolvedSchedule(s, o.lr, length))} every ${s.per}`;
  return `${optimizer}, ${batches}${schedule}`;
}

/** The experiment's runs, its name and seed, and the data dict the trainer takes. */
function runsSection(spec) {
  const entries = spec.runs.map((run, i) => `    # ${describeRun(run, scheduleSteps(spec.experiment.runs[i], spec.data.nTrain).length)}\n    ${pyDict(run, 4)},`);
  return {
    title: 'The runs',
    about: `The experiment's ${spec.runs.length === 1 ? 'run' : `${spec.runs.length} runs`}, with descent's names, which are torch's: \`optimizer\` holds the
torch.optim keyword arguments, \`schedule\` the torch.optim.lr_scheduler ones (\`per\`: stepped after
every epoch or every update; a None torch has no value for, such as T_max, is resolved by the training
loop from the run's length, and the comment above the run shows the torch call with it). \`init\` is θ = [w..., b] as descent drew it, in \`parameters()\` order;
\`record_every\` None means descent's automatic history cadence. Every run starts from the same data.`,
    code: `DATA = {"X_train": X_train, "y_train": y_train, "X_test": X_test, "y_test": y_test}

RUNS = [
${entries.join('\n')}
]`,
  };
}

const RUN_EXPERIMENT = String.raw`
def run_experiment():
    """descent run: every run from the same initial parameters on the same data, and the optimum."""
    results = [train(run, DATA) for run in RUNS]
    theta = closed_form_optimum(X_train, y_train)
    optimum = None
    if theta is not None:
        optimum = {"trainLoss": evaluate(theta, X_train, y_train)[0], "testLoss": evaluate(theta, X_test, y_test)[1]}
    return results, optimum`.trim();

/**
 * The sections of a program, and the files written beside it.
 * @param {object} spec export.js's spec
 * @param {object} backend {name, imports, moreImports?(spec) (standard library), modelSection(spec),
 *   optimizerSection(spec), loop(spec), threads}
 * @param {{stem: string, distributed: string|null, notebook?: boolean}} options
 * @returns {{sections: object[], files: object[]}}
 */
export function programSections(spec, backend, { stem, distributed, notebook = false }) {
  const { section: data, files } = dataSection(spec.data, { stem, notebook });
  const large = files.length > 0;
  data.code = `NAME = ${JSON.stringify(spec.experiment.name)}
SEED = ${spec.experiment.seed}  # the experiment's seed: its data, initial parameters and shuffling derive from it

${data.code}`;
  const imports = [
    ...(notebook ? [] : ['import argparse']), 'import copy', 'import json', 'import math', ...(notebook ? ['import os'] : []),
    'import time', ...(backend.moreImports?.(spec) ?? []), 'from decimal import ROUND_HALF_UP, Decimal', ...(large && !notebook ? ['from pathlib import Path'] : []),
    '', 'import numpy as np', ...backend.imports,
  ];
  if (spec.tune && backend.threads) {
    imports.push('', '# One thread: float32 sums in one fixed order, so a trial gives the same bits here and on any worker.', backend.threads);
  }
  const sections = [
    { title: 'Imports', about: `Python's standard library, NumPy${backend.name === 'NumPy' ? '' : ` and ${backend.name}`}.`, code: imports.join('\n') },
    data,
    randomSection(),
    rulesSection(),
    backend.modelSection(spec),
    backend.optimizerSection(spec),
    {
      title: 'The training loop',
      about: `One function trains a run the way descent does: at each update it takes the next batch, computes
the batch objective and its gradient, checks the stopping rules, steps the optimizer at the current
rate and then the schedule, and records the training objective and the test loss every
\`record_every\` updates. The comments a–f name the steps of core/src/train.c's file comment.`,
      code: trainFunction(backend.loop(spec), { bold: spec.kinds.schedules.has('bold_driver'), plateau: spec.kinds.schedules.has('reduce_on_plateau') }),
    },
    runsSection(spec),
    formatSection(),
    runReportSection(spec.optimum),
    { title: 'Running the experiment', about: 'Every run, and the closed-form optimum for the last row of the table.', code: RUN_EXPERIMENT },
  ];
  if (spec.tune?.kind === 'search') sections.push(searchSection(spec.tune));
  if (spec.tune?.kind === 'range_test') sections.push(rangeTestSection(spec.tune));
  if (distributed) sections.push(daskSection());
  return { sections, files };
}

/** Where the trials run when the export asked for Dask. */
function daskSection() {
  return {
    title: 'Dask',
    about: `The trials are independent, so they can run on a Dask cluster (dask.distributed): a local cluster of
worker processes by default, or the scheduler of a real one. The results are the same as in order, one
after the other: each trial is a pure function of its configuration.`,
    code: String.raw`
def dask_client(scheduler=None, workers=2):
    """A Dask client: on the scheduler at ADDRESS, or on a local cluster of worker processes."""
    from dask.distributed import Client
    if scheduler:
        return Client(scheduler)
    return Client(n_workers=workers, threads_per_worker=1, dashboard_address=":0")`,
  };
}

/** main() of a script: `run` (descent run) and, with a tune section, `tune` (descent tune). */
export function scriptMain(spec, { distributed, backendName }) {
  const tune = spec.tune;
  const lines = [
    'def main():',
    `    parser = argparse.ArgumentParser(description=f"{NAME}: descent's experiment in ${backendName}.")`,
  ];
  if (tune) {
    lines.push('    parser.add_argument("command", nargs="?", default="run", choices=("run", "tune"),',
      '                        help="run: train every run, as descent run (default); tune: as descent tune")');
  }
  lines.push('    parser.add_argument("--json", metavar="OUT", help="also write the results as JSON")');
  if (distributed) {
    lines.push('    parser.add_argument("--scheduler", metavar="ADDRESS", help="tune on this Dask scheduler (default: a local cluster)")',
      '    parser.add_argument("--workers", metavar="N", type=int, default=2, help="workers of the local cluster (default 2)")');
  }
  lines.push('    args = parser.parse_args()');
  if (tune) {
    const call = tune.kind === 'search' ? 'tune' : 'range_test';
    lines.push('    if args.command == "tune":');
    if (distributed) {
      lines.push('        with dask_client(args.scheduler, args.workers) as client:', `            result = ${call}(client)`);
    } else {
      lines.push(`        result = ${call}()`);
    }
    if (tune.kind === 'search') {
      lines.push('        print(search_table(result))',
        '        if args.json:',
        '            write_json(args.json, {"trials": result["trials"], "best": result["best"]})');
    } else {
      lines.push('        print(range_test_table(result))',
        '        if args.json:',
        '            write_json(args.json, {"rangeTest": result})');
    }
    lines.push('        return');
  }
  lines.push('    results, optimum = run_experiment()',
    '    print(run_table(NAME, SEED, DATA, results, optimum))',
    '    if args.json:',
    '        write_json(args.json, {"runs": results, "optimum": optimum})',
    '', '', 'if __name__ == "__main__":', '    main()');
  return { title: 'Main', about: '', code: lines.join('\n') };
}

/** The docstring of a script. */
export function scriptDocstring(spec, { backendName, file, distributed, extra = '' }) {
  const name = spec.experiment.name;
  const tune = spec.tune ? `
    python3 ${file} tune${distributed ? ' [--workers N | --scheduler ADDRESS]' : ''} [--json OUT]   # as descent tune${spec.tune.kind === 'search' ? ` (${spec.tune.configs.length} configurations)` : ': the range test'}` : '';
  return `${name} — descent's experiment in ${backendName}.

Reproduces every run as descent trains it: the same data (the float32 values descent used), split,
initial parameters, optimizer, schedule, stopping rules and order of mini-batches. The losses agree
with descent's to float32 rounding: descent sums in float32 in its own order, ${backendName} in its own.

    python3 ${file} [--json OUT]   # the table of descent run; --json: every run's history${tune}${extra}`;
}
