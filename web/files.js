// files.js — what the page reads from and writes to files: the "Share and files" card's imports and
// exports (experiment JSON in and out, CSV data in, the history CSV and the result JSON out, the
// experiment as a PyTorch script or a Jupyter notebook) and downloads. CSV files are read by csv.js in
// a worker (csv-worker.js), with limits and progress; exports are Blobs of ~1 MB pieces (a history of
// millions of points is never one string).
// FilesPanel touches the DOM only when used.

import { CSV_GROUPED, csvToData } from './csv.js';
import { issueLines } from './document.js';
import { csvChunks, jsonChunks } from './lib/report.js';
import { fileStem } from './lib/text.js';
import { countText, formatGrouped, onLanguage, text } from './strings.js';

export { CsvError, CSV_LIMITS, csvToData, parseCsv, splitCsv } from './csv.js';

/**
 * Offers a Blob (or a data: URL) as a download named `filename`.
 * @param {Blob|string} content
 * @param {string} filename
 */
export function download(content, filename) {
  const url = typeof content === 'string' ? content : URL.createObjectURL(content);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  if (typeof content !== 'string') setTimeout(() => URL.revokeObjectURL(url), 10000);
}

export { fileStem };

/** A CSV reading error in the current language: from its code and values (csv.js CsvError), else its message. */
export function csvErrorText(error) {
  if (!error?.code) return error?.message ?? String(error);
  const vars = Object.fromEntries(Object.entries(error.vars ?? {}).map(([k, v]) => [k, CSV_GROUPED.has(k) ? formatGrouped(v) : v]));
  const key = `csv.error.${error.code}`;
  return vars.count === undefined ? text(key, vars) : countText(key, error.vars.count, vars);
}

// ---- The files card -----------------------------------------------------------------------------------

const $ = (id) => document.getElementById(id);

/**
 * The "Share and files" card's buttons and file inputs (ids export-*, import-*, csv-*, files-message in
 * index.html). Every problem is reported in the card, never thrown.
 */
export class FilesPanel {
  /**
   * @param {{state: () => object, session: () => object|null, history: () => {name: string, history: object}[],
   *   open: (doc: unknown) => object, useData: (data: object) => object, trained: () => boolean,
   *   describeIssue: (issue: object) => string,
   *   exportPython: (experiment: object, to: string, stem: string) => Promise<{files: object[]}>}} hooks
   *   state: the document state (document.js); session: the training session on screen
   *   ({info, result, stale}); history: per run the history recorded so far (the charts' columns);
   *   trained: some run has made an update (before that the history holds only point 0);
   *   open: validates and adopts a document, returns the new state (the page is unchanged when it is
   *   invalid); useData: puts imported inline data in the document, returns the new state and
   *   {binary, kind} (see document.js withData); describeIssue: an issue in the page's words;
   *   exportPython: the experiment as Python files (web/lib/export.js, run by the training worker)
   */
  constructor(hooks) {
    this.hooks = hooks;
    this.table = null; // the CSV file read, waiting for its target column
    $('export-json').addEventListener('click', () => this.exportExperiment());
    $('export-csv').addEventListener('click', () => this.exportHistory());
    $('export-result').addEventListener('click', () => this.exportResult());
    $('export-python').addEventListener('click', () => this.exportPython('pytorch'));
    $('export-notebook').addEventListener('click', () => this.exportPython('notebook'));
    $('import-json').addEventListener('change', (e) => this.importExperiment(e.target));
    $('import-csv').addEventListener('change', (e) => this.importCsv(e.target));
    $('csv-use').addEventListener('click', () => this.useCsv());
    $('csv-cancel').addEventListener('click', () => this.stopReading());
    this.reading = null; // the worker reading a CSV file
    this.cancelReading = null;
    this.shown = { files: null, csv: null }; // what each message line says: () => its text, written again after a change of language
    onLanguage(() => {
      if (this.shown.files) $('files-message').textContent = this.shown.files();
      if (this.shown.csv) $('csv-message').textContent = this.shown.csv();
    });
  }

  /** What can be pressed now. */
  refresh() {
    const { valid } = this.hooks.state();
    const session = this.hooks.session();
    $('export-json').disabled = !valid;
    $('export-python').disabled = !valid;
    $('export-notebook').disabled = !valid;
    $('export-csv').disabled = !session || session.stale || !this.hooks.trained();
    $('export-result').disabled = !session?.result || session.stale;
  }

  /**
   * A line under the buttons (an error in red).
   * @param {() => string} say its text in the current language (called again after a change of language)
   */
  message(say, isError = false) {
    this.shown.files = say;
    const p = $('files-message');
    p.textContent = say();
    p.classList.toggle('error-text', isError);
  }

  /** A line under the CSV import (in the form's Data section); `say` as for message(). */
  csvMessage(say, isError = false) {
    this.shown.csv = say;
    const p = $('csv-message');
    p.textContent = say();
    p.classList.toggle('error-text', isError);
  }

  /** The stem of file names: the experiment's name. */
  stem() {
    const { valid, view } = this.hooks.state();
    return fileStem(valid?.name ?? view?.name);
  }

  exportExperiment() {
    const { valid } = this.hooks.state();
    if (!valid) return;
    download(new Blob([`${JSON.stringify(valid, null, 2)}\n`], { type: 'application/json' }), `${fileStem(valid.name)}.json`);
  }

  /**
   * The history so far (the result once every run has ended) as CSV pieces, written by report.js's
   * csvChunks as the CLI writes it: the engine's columns only (the page's timeMs series is not exported).
   */
  historyCsv() {
    const session = this.hooks.session();
    return [...csvChunks(session?.result ?? { runs: this.hooks.history() })];
  }

  exportHistory() {
    if (!this.hooks.session()) return;
    download(new Blob(this.historyCsv(), { type: 'text/csv' }), `${this.stem()}-history.csv`);
  }

  exportResult() {
    const result = this.hooks.session()?.result;
    if (result) download(new Blob([...jsonChunks(result)], { type: 'application/json' }), `${this.stem()}-result.json`);
  }

  /**
   * "Export as Python" (to "pytorch") and "Export as notebook" (to "notebook"): downloads the script or
   * notebook, and the .npz of the data beside it when they are too large to embed. An experiment the
   * export cannot reproduce is refused with the field at fault, in the card.
   */
  async exportPython(to) {
    const { valid } = this.hooks.state();
    if (!valid) return;
    const stem = fileStem(valid.name);
    this.message(() => text('files.exporting'));
    let files;
    try {
      ({ files } = await this.hooks.exportPython(valid, to, stem));
    } catch (error) {
      this.message(() => text('files.cannotExport', { message: error.message }), true);
      return;
    }
    for (const file of files) {
      const type = file.name.endsWith('.ipynb') ? 'application/x-ipynb+json' : file.bytes ? 'application/octet-stream' : 'text/x-python';
      download(new Blob([file.text ?? file.bytes], { type }), file.name);
    }
    const [main, ...beside] = files.map((f) => f.name);
    const key = `files.saved.${to === 'notebook' ? 'notebook' : 'script'}${beside.length ? 'Beside' : ''}`;
    this.message(() => text(key, { main, beside: beside.join(text('files.nameSeparator')) }));
  }

  async importExperiment(input) {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    let doc;
    try {
      doc = JSON.parse((await file.text()).replace(/^\uFEFF/, '')); // a byte-order mark is not JSON
    } catch (error) {
      this.message(() => text('files.notJson', { file: file.name, message: error.message }), true);
      return;
    }
    const state = this.hooks.open(doc);
    if (state.valid) this.message(() => text('files.loaded', { file: file.name }));
    else this.message(() => text('files.invalid', { file: file.name, issues: issueLines(state.issues).slice(0, 12).join('\n') }), true);
  }

  /**
   * Reads a CSV file in a worker (csv-worker.js: limits checked as it streams, progress in the card);
   * a new import or Cancel stops the one in progress.
   */
  async importCsv(input) {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    this.stopReading();
    this.table = null;
    $('csv-target-row').hidden = true;
    const worker = new Worker(new URL('./csv-worker.js', import.meta.url), { type: 'module' });
    this.reading = worker;
    $('csv-progress').value = 0;
    $('csv-reading').hidden = false;
    this.csvMessage(() => text('csv.reading', { file: file.name }));
    let reply;
    try {
      reply = await new Promise((resolve, reject) => {
        worker.addEventListener('message', ({ data }) => {
          if (data.progress) {
            const { done, total } = data.progress;
            $('csv-progress').value = total ? done / total : 0;
            const percent = formatGrouped(total ? Math.floor((100 * done) / total) : 0);
            this.csvMessage(() => text('csv.readingPercent', { file: file.name, percent }));
          } else resolve(data);
        });
        worker.addEventListener('error', (event) => reject(new Error(event.message || 'the CSV reader failed')));
        this.cancelReading = () => resolve({ cancelled: true });
        worker.postMessage({ file });
      });
    } catch (error) {
      reply = { error: { name: 'Error', message: error.message } };
    } finally {
      worker.terminate();
      if (this.reading === worker) {
        this.reading = null;
        $('csv-reading').hidden = true;
      }
    }
    if (reply.cancelled) {
      if (this.reading === null) this.csvMessage(() => text('csv.stopped', { file: file.name }));
      return;
    }
    if (reply.error) {
      const { error } = reply;
      this.csvMessage(() => text('csv.failed', { file: file.name, message: csvErrorText(error) }), true);
      return;
    }
    this.table = reply.table;
    const select = $('csv-target');
    select.replaceChildren(...this.table.columns.map((name, c) => {
      const option = document.createElement('option');
      option.value = String(c);
      option.textContent = name;
      return option;
    }));
    select.value = String(this.table.columns.length - 1);
    $('csv-target-row').hidden = false;
    const { rows, columns } = this.table;
    this.csvMessage(() => text('csv.read', { file: file.name, rows: countText('csv.rows', rows), columns: countText('csv.columns', columns.length) }));
    select.focus();
  }

  /** Stops the CSV file being read (its worker is terminated). */
  stopReading() {
    this.cancelReading?.();
    this.cancelReading = null;
  }

  /** "Use as data": the CSV file read becomes the experiment's inline data (split and standardisation kept). */
  useCsv() {
    const table = this.table;
    if (!table) return;
    const target = Number($('csv-target').value);
    const { testFraction, standardize } = this.hooks.state().view?.data ?? {};
    const data = csvToData(table, target, { testFraction, standardize });
    const { state, binary, kind } = this.hooks.useData(data);
    $('csv-target-row').hidden = true;
    const name = table.columns[target];
    const used = () => text(binary && kind !== 'logistic' ? 'csv.usingBinary' : 'csv.using', {
      rows: countText('csv.rows', data.y.length), target: name, features: countText('csv.features', data.X[0].length),
    });
    const { issues } = state;
    this.csvMessage(issues.length
      ? () => text('csv.usingProblems', { used: used(), problems: countText('csv.problems', issues.length), first: this.hooks.describeIssue(issues[0]) })
      : used, issues.length > 0);
    this.table = null;
  }
}
