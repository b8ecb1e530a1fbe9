#!/usr/bin/env node
// cli.js — the `descent` command: run and tune experiments headless with the same .wasm as the page.
//
//   descent run FILE [--json OUT] [--csv OUT] [--quiet]
//   descent tune FILE [--workers N] [--json OUT] [--csv OUT] [--quiet]
//
// Exit status: 0 success, 1 failure inside descent, 2 bad input (usage, unreadable file, unwritable
// output path, invalid experiment). Errors print one message, never a stack trace.

import { accessSync, constants, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { loadEngine, tune, defaultWorkers, DescentError, ExperimentError } from './index.js';
import { SCHEMA } from './experiment.js';
import { formatDuration } from './text.js';
import { decodeExperiment, LinkError } from './link.js';
import { formatTable, toCSV, toJSON } from './report.js';
import { formatTuneTable, tuneToCSV } from './tune-report.js';

const USAGE = `usage: descent run FILE [--json OUT] [--csv OUT] [--quiet]
       descent run --link URL [--json OUT] [--csv OUT] [--quiet]
       descent tune FILE [--workers N] [--json OUT] [--csv OUT] [--quiet]
       descent tune --link URL [--workers N] [--json OUT] [--csv OUT] [--quiet]

  run FILE      run the experiment in FILE (JSON; see README "Experiment format")
  tune FILE     run the experiment's "tune" section: a search, a range test or a refinement
                (see README "Tuning"; without one, a random search over the base run's lr)
  --link URL    use the experiment in a share link from the playground ("Copy link")
  --workers N   tune: worker threads, 1..64 (default: the machine's parallelism, at most 8);
                0 tunes in the main thread. Results do not depend on N
  --json OUT    write the whole result as JSON (run: histories, parameters, metrics;
                tune: every trial, the best configuration and its test loss)
  --csv OUT     write CSV (run: one row per recorded point per run; tune: one row per trial,
                per range-test update, or per kept refinement)
  --quiet       print nothing but errors
  --help        show this help`;

/** A bad-input error: printed as is, exit status 2. */
class UsageError extends Error {}

function parseCommandLine(argv) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: 'string' },
        link: { type: 'string' },
        workers: { type: 'string' },
        csv: { type: 'string' },
        quiet: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    throw new UsageError(`${error.message}\n\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  if (values.help) return { help: true };
  const [command, file, ...extra] = positionals;
  if (command !== 'run' && command !== 'tune') throw new UsageError(command ? `unknown command "${command}"\n\n${USAGE}` : USAGE);
  if (!file && !values.link) throw new UsageError(`descent ${command}: missing FILE or --link URL\n\n${USAGE}`);
  if (file && values.link) throw new UsageError(`descent ${command}: give FILE or --link URL, not both\n\n${USAGE}`);
  if (extra.length) throw new UsageError(`descent ${command}: unexpected argument "${extra[0]}"\n\n${USAGE}`);
  let workers;
  if (values.workers !== undefined) {
    if (command !== 'tune') throw new UsageError(`descent run: --workers applies to descent tune only\n\n${USAGE}`);
    workers = /^\d+$/.test(values.workers) ? Number(values.workers) : NaN;
    if (!(workers >= 0 && workers <= 64)) throw new UsageError(`--workers: must be an integer in 0..64, got ${JSON.stringify(values.workers)}`);
  }
  return { command, file, ...values, workers };
}

function readExperiment(file) {
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`${file}: cannot read (${error.code ?? error.message})`);
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, '')); // a byte-order mark is not part of the JSON
  } catch (error) {
    throw new UsageError(`${file}: not valid JSON (${error.message})`);
  }
}

/**
 * Checks that the --json and --csv paths can be written, before a run that may take minutes: an
 * existing file must be writable, a new one needs a writable directory. Nothing is created or
 * truncated here (a failed run leaves an old output file as it was).
 */
function checkOutputs(options) {
  for (const option of ['json', 'csv']) {
    const path = options[option];
    if (path === undefined) continue;
    try {
      const stat = statSync(path, { throwIfNoEntry: false });
      if (stat?.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
      accessSync(stat ? path : dirname(resolve(path)), constants.W_OK);
    } catch (error) {
      throw new UsageError(`--${option}: cannot write ${path} (${error.code ?? error.message})`);
    }
  }
}

/** Writes an output file; a failure (the disk filled up, the directory went away) is one message. */
function writeOutput(option, path, text) {
  try {
    writeFileSync(path, text);
  } catch (error) {
    throw new UsageError(`--${option}: cannot write ${path} (${error.code ?? error.message})`);
  }
}

/**
 * A one-line progress bar on a TTY, drawn once the work takes longer than a moment.
 * @param {NodeJS.WriteStream} stream
 * @returns {{draw: (fraction: number, text: string) => void, done: () => void}}
 */
function progressBar(stream) {
  const started = Date.now();
  let shown = false;
  return {
    draw(fraction, text) {
      if (Date.now() - started < 300) return;
      const width = 30;
      const bar = '#'.repeat(Math.round(Math.min(1, fraction) * width)).padEnd(width, '.');
      stream.write(`\r[${bar}] ${text}\x1b[K`);
      shown = true;
    },
    done() { if (shown) stream.write('\r\x1b[K'); },
  };
}

/** Run progress: samples processed over the samples the budgets imply (both counted by the core). */
function runProgress(bar) {
  return ({ runs }) => {
    const total = runs.reduce((s, r) => s + r.maxSamples, 0);
    const done = runs.reduce((s, r) => s + (r.status === 'running' ? r.samples : r.maxSamples), 0);
    const fraction = total ? done / total : 1;
    bar.draw(fraction, `${(fraction * 100).toFixed(0).padStart(3)}%  ${runs.filter((r) => r.status === 'running').length} running`);
  };
}

/** Tuning progress: trials done / total and the estimated time left. */
function tuneProgress(bar) {
  return ({ done, total, samplesDone, samplesPlanned, etaMs }) => {
    const fraction = samplesPlanned > 0 ? samplesDone / samplesPlanned : done / total;
    bar.draw(fraction, `${done}/${total} trials${done < total && etaMs !== null ? `  ETA ${formatDuration(etaMs)}` : ''}`);
  };
}

async function readLink(url) {
  try {
    return await decodeExperiment(url);
  } catch (error) {
    if (error instanceof LinkError) throw new UsageError(`--link: ${error.message}`);
    throw error;
  }
}

// ---- Main ---------------------------------------------------------------------------------------

async function main(argv) {
  const options = parseCommandLine(argv);
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  const experiment = options.link ? await readLink(options.link) : readExperiment(options.file);
  checkOutputs(options);
  const bar = !options.quiet && process.stderr.isTTY ? progressBar(process.stderr) : null;
  let result;
  try {
    if (options.command === 'tune') {
      if (!options.quiet && experiment?.tune == null) console.error(`(no "tune" section: running the default search, ${defaultSearch()})`);
      result = await tune(experiment, { workers: options.workers ?? defaultWorkers(), onProgress: bar && tuneProgress(bar) });
    } else {
      result = await (await loadEngine()).run(experiment, { onProgress: bar && runProgress(bar) });
    }
  } finally {
    bar?.done();
  }
  const tuning = options.command === 'tune';
  if (options.json) writeOutput('json', options.json, toJSON(result));
  if (options.csv) writeOutput('csv', options.csv, tuning ? tuneToCSV(result) : toCSV(result));
  if (!options.quiet) console.log(tuning ? formatTuneTable(result) : formatTable(result));
  return 0;
}

/** The default search in words, from the schema's defaults: "lr log-uniform in [0.0001, 1], 20 trials". */
function defaultSearch() {
  const { space, trials } = SCHEMA.tune.fields;
  const lr = space.default.lr;
  return `lr ${SCHEMA.space.fields.lr.range.fields.scale.default}-uniform in [${lr.min}, ${lr.max}], ${trials.default} trials`;
}

/** Text for the terminal: every control character but newline escaped as \uXXXX, so that no error
 *  message (a JSON.parse message quotes the file) can move the cursor or clear the screen. */
const printable = (text) => String(text).replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g,
  (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (error) => {
    if (error instanceof UsageError) {
      console.error(printable(error.message));
      process.exitCode = 2;
    } else if (error instanceof ExperimentError) {
      console.error(printable(`invalid experiment:\n${error.issues.map((i) => `  ${i.path}: ${i.message}`).join('\n')}`));
      process.exitCode = 2;
    } else if (error instanceof DescentError) {
      console.error(printable(`descent: ${error.message}`));
      process.exitCode = error.status === 'EINVAL' ? 2 : 1;
    } else {
      console.error(printable(`descent: internal error: ${error.message}`));
      process.exitCode = 1;
    }
  });
