#!/usr/bin/env node
// cli.js — the `descent` command: run and tune experiments headless with the same .wasm as the page.
//
//   descent run FILE [--threads N] [--json OUT] [--csv OUT] [--quiet] [--no-budget]
//   descent tune FILE [--workers N] [--json OUT] [--csv OUT] [--quiet] [--no-budget]
//   descent export FILE --to pytorch|numpy|notebook|optuna [-o OUT] [--distributed dask]
//
// Exit status: 0 success, 1 failure inside descent or while writing an output (the message names the
// path and the system's reason), 2 bad input (usage, unreadable file, unusable output path, invalid
// experiment, an experiment over the work budget). Errors print one message, never a stack trace.
//
// Outputs are written whole or not at all: each goes to a temporary file in its folder, and only
// when every output has been written completely are they renamed over their names.

import { randomBytes } from 'node:crypto';
import { accessSync, closeSync, constants, fsyncSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { loadEngine, runThreads, tune, defaultWorkers, DescentError, ExperimentError } from './index.js';
import { MAX_THREADS, MIN_ROWS } from './threads.js';
import { SCHEMA, validateExperiment } from './experiment.js';
import { BUDGET, estimateRun, estimateTune, formatOps, overBudget, tuneWorkerBytes, tuneWorkers } from './budget.js';
import { fileStem, formatDuration, isObject } from './text.js';
import { decodeExperiment, LinkError } from './link.js';
import { EXPORT_TARGETS, exportExperiment } from './export.js';
import { csvChunks, formatTable, jsonChunks } from './report.js';
import { formatTuneTable, tuneToCSV } from './tune-report.js';

const USAGE = `usage: descent run FILE [--threads N] [--json OUT] [--csv OUT] [--quiet] [--no-budget]
       descent run --link URL [--threads N] [--json OUT] [--csv OUT] [--quiet] [--no-budget]
       descent tune FILE [--workers N] [--json OUT] [--csv OUT] [--quiet] [--no-budget]
       descent tune --link URL [--workers N] [--json OUT] [--csv OUT] [--quiet] [--no-budget]
       descent export FILE --to pytorch|numpy|notebook|optuna [-o OUT] [--distributed dask]
       descent export --link URL --to ... [-o OUT] [--distributed dask]

  run FILE      run the experiment in FILE (JSON; see README "Experiment format")
  tune FILE     run the experiment's "tune" section: a search, a range test or a refinement
                (see README "Tuning"; without one, a random search over the base run's lr)
  export FILE   write the experiment as Python that reproduces its runs (and its tune section):
                --to pytorch (a script), numpy (a script without torch), notebook (Jupyter,
                PyTorch) or optuna (an Optuna study of the search); see README "Take it to PyTorch"
  -o OUT        export: the file to write (default: print it); large data go to a .npz beside it
  --distributed dask   export: the script runs the search's trials on a Dask cluster
  --link URL    use the experiment in a share link from the playground ("Copy link")
  --threads N   run: threads that share each full-batch pass of a linear or logistic model on
                ${MIN_ROWS} training rows or more, 1..${MAX_THREADS} (default 1: on 2 cores they do
                not pay yet, see README "Threads"). The results have the same bits for any N
  --workers N   tune: worker threads, 1..64 (default: the machine's parallelism, at most 8);
                0 tunes in the main thread. Results do not depend on N
  --json OUT    write the whole result as JSON (run: histories, parameters, metrics;
                tune: every trial, the best configuration and its test loss)
  --csv OUT     write CSV (run: one row per recorded point per run; tune: one row per trial,
                per range-test update, or per kept refinement)
  --quiet       print nothing but errors
  --no-budget   run even when the work is estimated above the budget (${formatOps(BUDGET.cli)} operations,
                about ${Math.round(BUDGET.cli / BUDGET.opsPerSecond / 60)} min; see README "Budgets")
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
        threads: { type: 'string' },
        csv: { type: 'string' },
        to: { type: 'string' },
        output: { type: 'string', short: 'o' },
        distributed: { type: 'string' },
        quiet: { type: 'boolean', default: false },
        'no-budget': { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    throw new UsageError(`${error.message}\n\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  if (values.help) return { help: true };
  const [command, file, ...extra] = positionals;
  if (!['run', 'tune', 'export'].includes(command)) throw new UsageError(command ? `unknown command "${command}"\n\n${USAGE}` : USAGE);
  if (!file && !values.link) throw new UsageError(`descent ${command}: missing FILE or --link URL\n\n${USAGE}`);
  if (file && values.link) throw new UsageError(`descent ${command}: give FILE or --link URL, not both\n\n${USAGE}`);
  if (extra.length) throw new UsageError(`descent ${command}: unexpected argument "${extra[0]}"\n\n${USAGE}`);
  for (const option of ['to', 'output', 'distributed']) {
    if (values[option] !== undefined && command !== 'export') throw new UsageError(`descent ${command}: --${option === 'output' ? 'o' : option} applies to descent export only\n\n${USAGE}`);
  }
  if (command === 'export') {
    for (const option of ['json', 'csv']) {
      if (values[option] !== undefined) throw new UsageError(`descent export: --${option} applies to run and tune (the exported script takes --json)\n\n${USAGE}`);
    }
    if (!Object.hasOwn(EXPORT_TARGETS, values.to ?? '')) {
      throw new UsageError(`--to: must be one of ${Object.keys(EXPORT_TARGETS).join(', ')}, got ${values.to === undefined ? 'nothing' : JSON.stringify(values.to)}\n\n${USAGE}`);
    }
    if (values.distributed !== undefined && values.distributed !== 'dask') throw new UsageError(`--distributed: must be "dask", got ${JSON.stringify(values.distributed)}`);
    if (values.output !== undefined) {
      const want = EXPORT_TARGETS[values.to].extension;
      const ext = extname(values.output);
      if (ext !== want) throw new UsageError(`-o: must end with ${want} for --to ${values.to}, got ${JSON.stringify(values.output)}`);
      if (!/^[\w.-]{1,100}$/.test(basename(values.output, ext))) throw new UsageError(`-o: the file name may have letters, digits, '.', '-' and '_' only, got ${JSON.stringify(basename(values.output))}`);
    }
  }
  let workers;
  if (values.workers !== undefined) {
    if (command !== 'tune') throw new UsageError(`descent run: --workers applies to descent tune only\n\n${USAGE}`);
    workers = /^\d+$/.test(values.workers) ? Number(values.workers) : NaN;
    if (!(workers >= 0 && workers <= 64)) throw new UsageError(`--workers: must be an integer in 0..64, got ${JSON.stringify(values.workers)}`);
  }
  let threads;
  if (values.threads !== undefined) {
    if (command !== 'run') throw new UsageError(`descent ${command}: --threads applies to descent run only${command === 'tune' ? ' (tuning runs each trial on one thread: --workers)' : ''}\n\n${USAGE}`);
    threads = /^\d+$/.test(values.threads) ? Number(values.threads) : NaN;
    if (!(threads >= 1 && threads <= MAX_THREADS)) throw new UsageError(`--threads: must be an integer in 1..${MAX_THREADS}, got ${JSON.stringify(values.threads)}`);
  }
  return { command, file, ...values, workers, threads };
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

/** How an output option is written on the command line. */
const flag = (option) => (option === 'output' ? '-o' : `--${option}`);

const FILE_KINDS = [['isFIFO', 'a named pipe'], ['isCharacterDevice', 'a character device'],
  ['isBlockDevice', 'a block device'], ['isSocket', 'a socket'], ['isDirectory', 'a directory']];

/**
 * Checks the --json and --csv paths before a run that may take hours: each names a regular file (or
 * a new one) in an existing, writable folder, is not the input file and is not the other output.
 * Nothing is created or truncated here. A path that fails is a usage error (exit 2).
 * @returns {{option: string, path: string}[]} the outputs to write
 */
function checkOutputs(options) {
  const outputs = [];
  const input = options.file === undefined ? null : statSync(options.file, { throwIfNoEntry: false });
  for (const option of ['json', 'csv', 'output']) {
    const path = options[option];
    if (path === undefined) continue;
    if (path === '') throw new UsageError(`${flag(option)}: needs a file name, got an empty string`);
    const fail = (why) => new UsageError(`${flag(option)}: cannot write ${path} (${why})`);
    let stat;
    try {
      stat = statSync(path, { throwIfNoEntry: false });
    } catch (error) {
      throw fail(error.code ?? error.message);
    }
    if (stat) {
      const kind = FILE_KINDS.find(([test]) => stat[test]());
      if (kind) throw fail(kind[0] === 'isDirectory' ? 'EISDIR' : `it is ${kind[1]}: outputs are regular files, written whole`);
      if (input && stat.dev === input.dev && stat.ino === input.ino) throw fail('it is the input file');
      const other = outputs.find((o) => o.stat && o.stat.dev === stat.dev && o.stat.ino === stat.ino);
      if (other) throw fail(`--${other.option} writes the same file`);
    } else if (outputs.some((o) => resolve(o.path) === resolve(path))) {
      throw fail(`--${outputs.find((o) => resolve(o.path) === resolve(path)).option} writes the same file`);
    }
    try {
      accessSync(stat ? path : dirname(resolve(path)), constants.W_OK);
      if (!stat && !statSync(dirname(resolve(path))).isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
    } catch (error) {
      throw fail(error.code ?? error.message);
    }
    outputs.push({ option, path, stat });
  }
  return outputs;
}

/** A failure while writing an output: exit status 1, with the path and the system's reason. */
class OutputError extends Error {}

const liveTemporaries = new Set(); // removed if the process is interrupted while writing

/**
 * Writes every output to a temporary file next to it, then renames them over their names, so that
 * an output is either its old contents or its complete new contents, never a prefix; when any write
 * fails, every temporary file is removed and no output changes.
 * @param {{option: string, path: string, stat: object|undefined, chunks: Iterable<string>}[]} outputs
 */
function writeOutputs(outputs) {
  const written = [];
  const interrupted = (signal) => () => {
    for (const t of liveTemporaries) try { unlinkSync(t); } catch { /* gone already */ }
    process.exit(128 + ({ SIGINT: 2, SIGTERM: 15, SIGHUP: 1 }[signal] ?? 0));
  };
  const handlers = ['SIGINT', 'SIGTERM', 'SIGHUP'].map((signal) => [signal, interrupted(signal)]);
  for (const [signal, handler] of handlers) process.on(signal, handler);
  try {
    for (const out of outputs) written.push({ ...out, temporary: writeTemporary(out) });
    for (const out of written) {
      try {
        renameSync(out.temporary, out.path);
      } catch (error) {
        throw new OutputError(`${flag(out.option)}: cannot write ${out.path} (${error.message})`);
      }
      liveTemporaries.delete(out.temporary);
    }
  } finally {
    for (const t of liveTemporaries) try { unlinkSync(t); } catch { /* gone already */ }
    liveTemporaries.clear();
    for (const [signal, handler] of handlers) process.off(signal, handler);
  }
}

/**
 * descent export: writes the exported files (the script or notebook to OUT, a .npz beside it for
 * large data) whole or not at all, or prints the script when no OUT is given and nothing else needs
 * writing.
 */
async function runExport(experiment, options, outputs) {
  const { extension } = EXPORT_TARGETS[options.to];
  const stem = options.output ? basename(options.output, extension) : fileStem(validateExperiment(experiment).name);
  const { files } = exportExperiment(await loadEngine(), experiment, { to: options.to, distributed: options.distributed ?? null, stem });
  if (!options.output) {
    if (files.length > 1) throw new UsageError(`descent export: the data go to ${files[1].name} beside the script; give -o OUT to write both`);
    process.stdout.write(files[0].text);
    return;
  }
  const { stat } = outputs.find((o) => o.option === 'output');
  const dir = dirname(options.output);
  writeOutputs(files.map((file, i) => ({
    option: 'output', path: join(dir, file.name), stat: i === 0 ? stat : undefined, chunks: [file.text ?? file.bytes],
  })));
  if (!options.quiet) console.error(`wrote ${files.map((f) => join(dir, f.name)).join(' and ')}`);
}

/** Writes all of a buffer: a write may take only part of it (a file size limit, a full disk), and
 *  the next one then reports why. */
function writeAll(fd, buffer) {
  for (let at = 0; at < buffer.length;) at += writeSync(fd, buffer, at, buffer.length - at);
}

/** Writes one output's chunks (text or bytes) to a new temporary file in its folder (flushed to disk); returns its path. */
function writeTemporary({ option, path, stat, chunks }) {
  const temporary = join(dirname(resolve(path)), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let fd;
  try {
    fd = openSync(temporary, 'wx', stat ? stat.mode & 0o777 : 0o666);
    liveTemporaries.add(temporary);
    for (const chunk of chunks) writeAll(fd, typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    fsyncSync(fd);
  } catch (error) {
    throw new OutputError(`${flag(option)}: cannot write ${path} (${error.message})`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  return temporary;
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

/** Progress off a terminal (a log, a pipe): a plain line every LOG_EVERY_MS, from the first on. */
const LOG_EVERY_MS = 60000;
function progressLog(stream) {
  const started = Date.now();
  let next = started + LOG_EVERY_MS;
  return {
    draw(fraction, text) {
      const now = Date.now();
      if (now < next) return;
      next = now + LOG_EVERY_MS;
      const left = fraction > 0 ? ((now - started) * (1 - fraction)) / fraction : null;
      stream.write(`descent: ${text.trim()}, ${formatDuration(now - started, { rough: true })} so far${left === null ? '' : `, about ${formatDuration(left, { rough: true })} left`}\n`);
    },
    done() {},
  };
}

/** Run progress: making the data, the closed form, then samples processed over the samples the budgets imply (all counted by the core). */
function runProgress(bar) {
  return ({ runs, data, solve }) => {
    if (data || solve) {
      const fraction = data ? data.values / data.maxValues : solve.ops / solve.maxOps;
      bar.draw(fraction, `${(fraction * 100).toFixed(0).padStart(3)}%  ${data ? 'making the data' : solve.what ?? 'the closed-form optimum'}`);
      return;
    }
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
  if (options.command === 'export') {
    await runExport(experiment, options, checkOutputs(options));
    return 0;
  }
  const tuning = options.command === 'tune';
  // tune without a tune section runs the default search (runTune adds it the same way)
  const valid = validateExperiment(tuning && isObject(experiment) && experiment.tune == null ? { ...experiment, tune: {} } : experiment);
  checkBudget(valid, options);
  const outputs = checkOutputs(options);
  const bar = options.quiet ? null : process.stderr.isTTY ? progressBar(process.stderr) : progressLog(process.stderr);
  let result;
  try {
    if (tuning) {
      if (!options.quiet && experiment?.tune == null) console.error(`(no "tune" section: running the default search, ${defaultSearch()})`);
      const wanted = options.workers ?? defaultWorkers();
      const workers = wanted === 0 ? 0 : tuneWorkers(valid, wanted);
      if (workers < wanted && !options.quiet) {
        console.error(`(${workers} worker${workers === 1 ? '' : 's'}, not ${wanted}: each holds about ${Math.round(tuneWorkerBytes(valid) / 2 ** 20)} MB of data, and all of them at most ${BUDGET.tuneMemory / 2 ** 30} GB)`);
      }
      result = await tune(experiment, { workers, onProgress: bar && tuneProgress(bar) });
    } else {
      const threads = options.threads ?? runThreads(valid);
      result = await (await loadEngine({ threads })).run(experiment, { onProgress: bar && runProgress(bar) });
    }
  } finally {
    bar?.done();
  }
  const chunks = {
    json: () => jsonChunks(result),
    csv: () => (tuning ? [tuneToCSV(result)] : csvChunks(result)),
  };
  writeOutputs(outputs.map((o) => ({ ...o, chunks: chunks[o.option]() })));
  if (!options.quiet) console.log(tuning ? formatTuneTable(result) : formatTable(result));
  return 0;
}

/** Refuses (usage error, exit 2) an experiment whose estimated work is over BUDGET.cli, unless --no-budget. */
function checkBudget(valid, options) {
  if (options['no-budget']) return;
  const tuning = options.command === 'tune';
  const estimate = tuning ? estimateTune(valid) : estimateRun(valid);
  const message = overBudget(estimate, BUDGET.cli, {
    what: `descent ${options.command}: ${tuning ? 'this tuning' : 'this experiment'}`,
    override: 'pass --no-budget to run it anyway (README "Budgets")',
  });
  if (message) throw new UsageError(message);
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
    } else if (error instanceof OutputError) {
      console.error(printable(`descent: ${error.message}`));
      process.exitCode = 1;
    } else if (error instanceof DescentError) {
      console.error(printable(`descent: ${error.message}`));
      process.exitCode = error.status === 'EINVAL' ? 2 : 1;
    } else {
      console.error(printable(`descent: internal error: ${error.message}`));
      process.exitCode = 1;
    }
  });
