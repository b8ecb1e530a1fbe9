// export-notebook.js — an experiment as a Jupyter notebook (nbformat 4): a markdown cell that explains
// each step, then its code (the PyTorch program of export-pytorch.js, section by section), then cells
// that train every run, print descent's table and plot the loss curves with matplotlib; with a tune
// section, the search (or the range test) and its plot. Setting DESCENT_JSON_OUT saves the results as
// the scripts' --json does (the tests execute notebooks with nbconvert and read that file).

import { programSections } from './export-program.js';
import { TORCH } from './export-pytorch.js';

const SAVE = {
  search: '"trials": search_result["trials"], "best": search_result["best"]',
  range_test: '"rangeTest": range_result',
};

/** The cells after the definitions: train, table, plots, tune, save. */
function runCells(spec, distributed) {
  const cells = [
    ['markdown', `## Train every run

As \`descent run\` does: every run from the same initial parameters on the same data, then the table
\`descent run\` prints, with the closed-form optimum as its last row.`],
    ['code', 'results, optimum = run_experiment()\nprint(run_table(NAME, SEED, DATA, results, optimum))'],
    ['markdown', `## Loss curves

The training objective and the test loss of every run against epochs (passes over the training rows),
the unit that compares batch sizes fairly.`],
    ['code', String.raw`import matplotlib.pyplot as plt

fig, (train_axes, test_axes) = plt.subplots(1, 2, figsize=(12, 4), sharey=True)
for r in results:
    line, = train_axes.plot(r["history"]["epoch"], r["history"]["trainLoss"], label=r["name"])
    test_axes.plot(r["history"]["epoch"], r["history"]["testLoss"], color=line.get_color(), label=r["name"])
for axes, title in ((train_axes, "training objective"), (test_axes, "test loss")):
    axes.set(title=title, xlabel="epoch", yscale="log")
train_axes.legend()
plt.show()`],
  ];
  const tune = spec.tune;
  const client = distributed
    ? 'DASK_SCHEDULER = os.environ.get("DASK_SCHEDULER")  # a scheduler\'s address; None: a local cluster of 2 workers\nwith dask_client(DASK_SCHEDULER, workers=2) as client:\n    '
    : '';
  if (tune?.kind === 'search') {
    cells.push(
      ['markdown', `## The search

As \`descent tune\` does${distributed ? ', with the trials on a Dask cluster' : ''}: every trial trained on the fit rows and scored on the
validation rows, then the table sorted by validation loss.`],
      ['code', `${client}search_result = tune(${distributed ? 'client' : ''})\nprint(search_table(search_result))`],
      ['code', tune.dimensions.includes('lr') ? String.raw`scored = [t for t in search_result["trials"] if usable(t) and "lr" in t["values"]]
plt.figure(figsize=(6, 4))
plt.scatter([t["values"]["lr"] for t in scored], [t["validationLoss"] for t in scored])
plt.gca().set(xscale="log", yscale="log", xlabel="lr", ylabel="validation loss", title="trials")
plt.show()` : String.raw`scored = [t for t in search_result["trials"] if usable(t)]
plt.figure(figsize=(6, 4))
plt.scatter([t["index"] for t in scored], [t["validationLoss"] for t in scored])
plt.gca().set(yscale="log", xlabel="trial", ylabel="validation loss", title="trials")
plt.show()`],
    );
  } else if (tune?.kind === 'range_test') {
    cells.push(
      ['markdown', '## The range test\n\nAs `descent tune` does: the run, its loss against the learning rate, and the suggested rate.'],
      ['code', `${client}range_result = range_test(${distributed ? 'client' : ''})\nprint(range_test_table(range_result))`],
      ['code', String.raw`plt.figure(figsize=(6, 4))
plt.plot(range_result["lr"], range_result["loss"])
if range_result["suggestion"]:
    plt.axvline(range_result["suggestion"]["lr"], color="gray", linestyle="--", label="suggested lr")
    plt.legend()
plt.gca().set(xscale="log", yscale="log", xlabel="lr", ylabel="training loss", title="range test")
plt.show()`],
    );
  }
  cells.push(
    ['markdown', '## Save the results\n\nSet `DESCENT_JSON_OUT` to a path to save them as JSON, as the scripts\' `--json` writes them.'],
    ['code', `JSON_OUT = os.environ.get("DESCENT_JSON_OUT")
if JSON_OUT:
    write_json(JSON_OUT, {"runs": results, "optimum": optimum${tune ? `, ${SAVE[tune.kind]}` : ''}})`],
  );
  return cells;
}

/** Notebook source: a list of lines, each but the last ending with a newline. */
const source = (text) => text.split('\n').map((line, i, all) => (i < all.length - 1 ? `${line}\n` : line));

/**
 * The notebook of an export spec.
 * @returns {{files: {name: string, text?: string, bytes?: Uint8Array}[]}}
 */
export function writeNotebook(spec, { stem, distributed }) {
  const { sections, files } = programSections(spec, TORCH, { stem, distributed, notebook: true });
  const title = `# ${spec.experiment.name}

descent's experiment in PyTorch. Every step below is one part of what descent does; run the cells in
order. The runs reproduce descent's: the same data (the float32 values descent used), split, initial
parameters, optimizer, schedule, stopping rules and order of mini-batches, so the losses agree with
\`descent run\` to float32 rounding.`;
  const pairs = [['markdown', title]];
  for (const s of sections) pairs.push(['markdown', `## ${s.title}\n\n${s.about}`], ['code', s.code.trim()]);
  pairs.push(...runCells(spec, distributed));
  const cells = pairs.map(([type, text], i) => (type === 'markdown'
    ? { cell_type: 'markdown', id: `cell-${i}`, metadata: {}, source: source(text) }
    : { cell_type: 'code', execution_count: null, id: `cell-${i}`, metadata: {}, outputs: [], source: source(text) }));
  const notebook = {
    cells,
    metadata: {
      kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' },
      language_info: { name: 'python' },
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
  return { files: [{ name: `${stem}.ipynb`, text: `${JSON.stringify(notebook, null, 1)}\n` }, ...files] };
}
