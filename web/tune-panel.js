// tune-panel.js — the tuning panel: the experiment's `tune` section as a form (tune-form.js), a run of it on a pool of
// module workers (web/lib/tune-worker.js), progress and cancel, three charts, a sortable results table,
// and "Use best" (the winner, or the range test's suggested rate, becomes a new run).
//
//   edit a control ──▶ hooks.edit(['tune', …]) ──▶ the page validates the whole experiment; messages
//        │                                          come back through showIssues, next to the control
//        ▼
//   Tune ──▶ runTune(experiment, {pool, signal, curves}) ──▶ onProgress per trial (live table/charts)
//                                                      └──▶ the result: summary, charts, table
//
// The tune spec lives in the experiment, so it travels in the share link; results are not stored
// anywhere: whoever opens the link presses Tune and gets the same numbers (tune.js is deterministic
// whatever the number of workers). Cancel aborts runTune at once and terminates the workers (their
// trials are recomputed next time); the trials finished so far stay in the table. Tune asks first
// (ask.js) when the tuning is estimated above BUDGET.ask, and the pool has fewer workers when their
// data would not fit in BUDGET.tuneMemory.
// Text from the document (run names) goes in with textContent only.

import { askToStart } from './ask.js';
import { estimateTune, tuneWorkers } from './lib/budget.js';
import { SCHEMA } from './lib/experiment.js';
import { planSearch } from './lib/tune-plan.js';
import { createPool, fromWebWorker, runTune } from './lib/tune.js';
import { TIE, tieText, tiedWithBest, tuneToCSV } from './lib/tune-report.js';
import { formatDuration, formatGrouped, formatNumber, isObject, plural } from './lib/text.js';
import { el, optionLabel } from './controls.js';
import { download, fileStem } from './files.js';
import { TuneCharts, trialStatus, usableTrial } from './tune-charts.js';
import { TuneForm } from './tune-form.js';

/** Workers in a tuning pool: min(2, the machine's parallelism). */
export const TUNE_WORKERS = Math.max(1, Math.min(2, globalThis.navigator?.hardwareConcurrency || 1));
/** At most this often (ms) the table and charts redraw while a search runs. */
const LIVE_REDRAW_MS = 250;


const $ = (id) => document.getElementById(id);

/** 4 significant digits, whole numbers in full (tables and summaries; the charts' tooltips show 6). */
const short = (v) => (typeof v === 'number' || v === null || v === undefined
  ? formatNumber(v, { digits: 4, large: 1e5, integers: true })
  : String(v));
const valuesText = (values) => Object.entries(values).map(([k, v]) => `${k} ${short(v)}`).join(', ') || 'the base run as it is';

/** Ranking as tune.js ranks (usable first, by validation loss, then index); halving: later rungs first. */
function rankCompare(halving) {
  return (a, b) => {
    if (halving && a.rung !== b.rung) return b.rung - a.rung;
    const ua = usableTrial(a);
    if (ua !== usableTrial(b)) return ua ? -1 : 1;
    if (ua && a.validationLoss !== b.validationLoss) return a.validationLoss - b.validationLoss;
    return a.index - b.index;
  };
}

const isMissing = (v) => v === undefined || v === null || (typeof v === 'number' && Number.isNaN(v));

/** Sort order of two present table cells: numbers before text, text in natural order. */
function compareCells(a, b) {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return String(a).localeCompare(String(b), 'en', { numeric: true });
}

/** A key for "would this experiment tune the same": everything a tune reads, inline data summarised. */
function tuneKey(experiment) {
  if (!experiment) return null;
  const summarise = (key, value) => {
    if ((key === 'X' || key === 'y') && Array.isArray(value)) {
      let sum = 0;
      for (const v of value.flat()) sum = (sum * 31 + v) % 1e12;
      return `${value.length}:${sum}`;
    }
    return value;
  };
  const tune = experiment.tune ?? {};
  return JSON.stringify({ seed: experiment.seed, data: experiment.data, model: experiment.model, init: experiment.init, tune, base: experiment.runs?.[tune.run ?? 0] }, summarise);
}

/**
 * The tuning panel. Its markup (ids tune-*) is in index.html; the form is generated here.
 */
export class TunePanel {
  /**
   * @param {{valid: () => object|null, view: () => object, edit: (path: (string|number)[], value: unknown,
   *   structural?: boolean) => void, addRun: (run: object) => string, maxRuns: number}} hooks
   *   valid: the normalized experiment (null while the settings have errors); view: what the form shows;
   *   edit: one change to the document; addRun: appends a run (its name made unique), returns the name
   */
  constructor(hooks) {
    this.hooks = hooks;
    this.form = new TuneForm($('tune-form'), (path, value, structural) => hooks.edit(path, value, structural));
    this.charts = new TuneCharts({ scatter: $('tune-scatter'), trials: $('tune-trials'), curve: $('tune-curve') });
    this.running = null; // {controller, pool, cancelling, experiment} of the tune in progress
    this.result = null; // the last complete result
    this.resultKey = null; // tuneKey of the experiment it was computed for
    this.keyed = { experiment: null, key: null }; // tuneKey of the page's current experiment, cached
    this.partial = null; // {experiment, plan, trials, total} while a search runs or after a cancel
    this.sort = { key: 'rank', dir: 1 };
    this.redrawTimer = 0;
    $('tune-start').addEventListener('click', () => this.start().catch(() => {}));
    $('tune-cancel').addEventListener('click', () => this.cancel());
    $('tune-use-best').addEventListener('click', () => this.useBest());
    $('tune-csv').addEventListener('click', () => this.exportCsv());
    $('tune-remove').addEventListener('click', () => this.hooks.edit(['tune'], undefined, true));
  }

  /**
   * Rebuilds the form from `view` (the experiment the page's form shows).
   * @param {object} view
   */
  render(view) {
    this.form.render(view);
    this.refresh();
  }

  /**
   * Shows validation issues about `tune` next to the panel's controls.
   * @param {{path: string, message: string}[]} issues
   * @returns {{path: string, message: string}[]} the issues that belong to no control of the panel
   */
  showIssues(issues) {
    return this.form.showIssues(issues);
  }

  // ---- Running --------------------------------------------------------------------------------------

  /** Enables what can be pressed now; marks results computed for other settings. */
  refresh() {
    const running = Boolean(this.running);
    const valid = this.hooks.valid();
    $('tune-start').disabled = running || !valid;
    $('tune-cancel').disabled = !running || Boolean(this.running?.cancelling);
    const result = this.result;
    const canUse = !running && result && ((result.kind === 'search' && result.best) || (result.kind === 'range_test' && result.suggestion));
    const runs = valid?.runs?.length ?? 0;
    $('tune-use-best').hidden = !result || result.kind === 'refine';
    $('tune-use-best').textContent = result?.kind === 'range_test' ? 'Use suggested lr' : 'Use best';
    $('tune-use-best').disabled = !canUse || !valid || runs >= this.hooks.maxRuns;
    $('tune-use-best').title = runs >= this.hooks.maxRuns ? `The experiment already has ${this.hooks.maxRuns} runs (the most): remove one first` : '';
    $('tune-csv').disabled = running || !result;
    if (result && valid && this.keyed.experiment !== valid) this.keyed = { experiment: valid, key: tuneKey(valid) };
    const stale = Boolean(result) && !running && valid !== null && this.keyed.key !== this.resultKey;
    $('tune-stale').hidden = !stale;
    const view = this.hooks.view();
    const inExperiment = isObject(view?.tune);
    $('tune-remove').hidden = !inExperiment;
    $('tune-intro').textContent = inExperiment
      ? 'These settings are part of the experiment: they travel in the share link, and whoever opens it gets the same results by pressing Tune.'
      : 'Not part of the experiment yet: change a setting or press Tune to add it (it then travels in the share link).';
  }

  setStatus(text) {
    $('tune-status').textContent = text;
  }

  showError(message) {
    const box = $('tune-error');
    box.textContent = message ?? '';
    box.hidden = !message;
  }

  /**
   * Runs the experiment's tune section (adding the default search to the experiment first when it has
   * none) and shows the result. Also window.descent.tune().
   * @returns {Promise<object>} runTune's result; rejects with an AbortError when cancelled
   */
  async start() {
    if (this.running) throw new Error('a tune is already running');
    let experiment = this.hooks.valid();
    if (!experiment) {
      const error = new Error('the settings have problems: fix the messages next to the controls first');
      this.showError(error.message);
      throw error;
    }
    if (experiment.tune === null) {
      this.hooks.edit(['tune'], {}, true); // the spec shown becomes part of the experiment (and link)
      experiment = this.hooks.valid();
    }
    if (!(await askToStart(estimateTune(experiment), { what: 'This tuning', start: 'Tune anyway' }))) {
      this.setStatus('Not started: the tuning would take long. Make it smaller (fewer trials, epochs or rows), or press Tune and confirm.');
      const error = new DOMException('the tuning was not started', 'AbortError');
      throw error;
    }
    if (this.running) throw new Error('a tune is already running');
    const plan = experiment.tune.kind === 'search' ? planSearch(experiment) : null; // what the charts need of it
    const controller = new AbortController();
    const workers = [];
    const count = tuneWorkers(experiment, TUNE_WORKERS);
    let pool;
    try {
      for (let i = 0; i < count; i += 1) workers.push(new Worker(new URL('./lib/tune-worker.js', import.meta.url), { type: 'module' }));
      pool = createPool(workers.map(fromWebWorker));
    } catch (error) {
      for (const w of workers) w.terminate();
      this.showError(`The tuning workers could not start: ${error.message}`);
      throw error;
    }
    const running = { controller, pool, cancelling: false, experiment };
    this.running = running;
    this.showError(null);
    this.result = null;
    this.partial = plan ? { experiment, plan, trials: [], total: null } : null;
    this.showResultsFor(experiment.tune.kind);
    $('tune-summary').textContent = '';
    this.charts.clear();
    $('tune-table').tHead.replaceChildren();
    $('tune-table').tBodies[0].replaceChildren();
    const progress = $('tune-progress');
    progress.value = 0;
    this.setStatus(`Starting ${plural(count, 'worker')}…`);
    this.refresh();
    try {
      const result = await runTune(experiment, { pool, signal: controller.signal, curves: true, onProgress: (p) => this.onProgress(p) });
      this.result = result;
      this.resultKey = tuneKey(experiment);
      this.partial = null;
      progress.value = 1;
      this.showResult(result);
      return result;
    } catch (error) {
      if (controller.signal.aborted) {
        const done = this.partial?.trials.length ?? 0;
        this.setStatus(this.partial
          ? `Cancelled after ${done} of ${this.partial.total === null ? '?' : plural(this.partial.total, 'trial')}${done ? ': the table and charts show those (no winner is chosen and the test set is not used).' : '.'}`
          : 'Cancelled.');
        if (this.partial && done) this.drawPartial();
        progress.value = 0;
      } else {
        this.setStatus('The tuning failed.');
        this.showError(error?.issues ? error.issues.map((i) => `${i.path}: ${i.message}`).join('\n') : `descent could not tune this experiment: ${error?.message ?? error}`);
        progress.value = 0;
      }
      throw error;
    } finally {
      clearTimeout(this.redrawTimer);
      this.redrawTimer = 0;
      this.running = null;
      await pool.close().catch(() => {});
      this.refresh();
    }
  }

  /** Stops the tune in progress at once (runTune rejects; closing the pool terminates the workers). */
  cancel() {
    const running = this.running;
    if (!running || running.cancelling) return;
    running.cancelling = true;
    running.controller.abort(new DOMException('the tuning was cancelled', 'AbortError'));
    this.setStatus('Cancelling…');
    this.refresh();
  }

  onProgress(p) {
    if (this.partial) this.partial.total = p.total;
    $('tune-progress').value = p.samplesPlanned > 0 ? Math.min(1, p.samplesDone / p.samplesPlanned) : p.total ? p.done / p.total : 0;
    if (!this.partial) { // a range test or a refinement: one task, its rows so far
      const left = p.etaMs !== null && p.etaMs >= 1000 ? ` · about ${formatDuration(p.etaMs, { rough: true })} left` : '';
      if (!this.running?.cancelling && p.samplesPlanned > 0) this.setStatus(`Working… ${Math.floor((100 * p.samplesDone) / p.samplesPlanned)}%${left}`);
      return;
    }
    if (!p.trial) return;
    this.partial.trials.push(p.trial);
    const left = p.etaMs !== null && p.done < p.total ? ` · about ${formatDuration(p.etaMs)} left` : '';
    if (!this.running?.cancelling) this.setStatus(`Trial ${p.done} of ${p.total} done${left}`);
    if (!this.redrawTimer) {
      this.redrawTimer = setTimeout(() => {
        this.redrawTimer = 0;
        if (this.partial) this.drawPartial();
      }, LIVE_REDRAW_MS);
    }
  }

  /** Table and charts of the trials finished so far, the best so far highlighted. */
  drawPartial() {
    const { experiment, trials } = this.partial;
    const halving = experiment.tune.strategy === 'halving';
    const ranked = [...trials].sort(rankCompare(halving));
    const best = ranked.length && usableTrial(ranked[0]) ? ranked[0].index : null;
    const { dimensions: dims, nFit } = this.partial.plan;
    this.charts.showSearch({ trials, best, axis: scatterAxis(experiment, dims, nFit) });
    this.renderTable(trials, dims, halving, best);
  }

  showResultsFor(kind) {
    $('tune-results').hidden = false;
    $('tune-scatter-box').hidden = kind !== 'search';
    $('tune-trials-box').hidden = kind !== 'search';
    $('tune-curve-box').hidden = kind === 'search';
    $('tune-table-box').hidden = kind !== 'search';
    $('tune-curve-heading').textContent = kind === 'refine' ? 'Refinement: training objective per try' : 'Range test: loss against learning rate';
  }

  /** Summary, charts and table of a complete result. */
  showResult(result) {
    this.showResultsFor(result.kind);
    const lines = [];
    if (result.kind === 'search') {
      const best = result.best;
      const failed = result.trials.filter((t) => t.status === 'diverged' || t.status === 'invalid').length;
      lines.push(best
        ? `Best: trial ${best.index} (${valuesText(best.values)}): validation loss ${short(best.validationLoss)}, test loss ${short(best.testLoss)}.`
        : 'No winner: every trial of the last rung failed (diverged or invalid).');
      const tie = tieText(result.trials, best?.index ?? null);
      if (tie) lines.push(`${tie[0].toUpperCase()}${tie.slice(1)} (marked ≈ best).`);
      lines.push(`${plural(result.trials.length, 'trial')}${failed ? ` (${failed} failed)` : ''}, ${formatGrouped(result.budget.samples)} samples, scored on ${plural(result.data.nValidation, 'validation row')} (trained on ${result.data.nFit}).`);
      if (result.optimum) lines.push(`Closed-form optimum of the fit rows: validation loss ${short(result.optimum.validationLoss)}.`);
      const invalid = result.trials.find((t) => t.status === 'invalid');
      if (invalid) lines.push(`Trial ${invalid.index} is invalid: ${invalid.error.split('\n')[0]}`);
      const halving = result.strategy === 'halving';
      this.charts.showSearch({ trials: result.trials, best: best?.index ?? null, axis: scatterAxis(result.experiment, result.dimensions, result.data.nFit) });
      this.renderTable(result.trials, result.dimensions, halving, best?.index ?? null);
      this.setStatus(`Done: ${plural(result.trials.length, 'trial')} on ${plural(result.workers, 'worker')} in ${formatDuration(result.timeMs)}.`);
    } else if (result.kind === 'range_test') {
      const { tune } = result.experiment;
      lines.push(result.suggestion
        ? `Suggested learning rate: ${short(result.suggestion.lr)} — rule "${optionLabel('tune', 'rule', result.suggestion.rule)}": ${result.suggestion.text}.`
        : `No suggestion: ${result.note}.`);
      lines.push(`Run "${result.run}", lr from ${short(tune.lrMin)} to ${short(tune.lrMax)} over ${tune.steps} updates; initial loss ${short(result.initialLoss)}${result.status === 'diverged' ? `; the run diverged at update ${result.divergedAt}` : ''}.`);
      if (result.stoppedAt) lines.push(`Read up to update ${result.stoppedAt.index + 1} (lr ${short(result.stoppedAt.lr)}): ${result.stoppedAt.reason}.`);
      this.charts.showRangeTest(result);
      this.setStatus(`Done: range test in ${formatDuration(result.timeMs)}.`);
    } else {
      lines.push(`Training objective of "${result.run}": ${short(result.start.trainLoss)} → ${short(result.best.trainLoss)} (gain ${short(result.gain)}; ${result.accepted} of ${result.tries} tries kept).`);
      if (result.start.testLoss !== null) lines.push(`Test loss: ${short(result.start.testLoss)} → ${short(result.best.testLoss)}.`);
      if (result.optimum) lines.push(`Closed-form optimum: training objective ${short(result.optimum.trainLoss)}.`);
      if (result.note) lines.push(`${result.note}.`);
      else if (result.accepted === 0) lines.push('No perturbation improved on the trained parameters: the run had converged as far as a random search of this step can tell.');
      this.charts.showRefine(result);
      this.setStatus(`Done: refinement in ${formatDuration(result.timeMs)}.`);
    }
    $('tune-summary').textContent = lines.join('\n');
    this.refresh();
  }

  // ---- The results table ----------------------------------------------------------------------------

  /** One row per trial; every column sorts (click or Enter on its header), rank order first. */
  renderTable(trials, dims, halving, best) {
    const ranked = [...trials].sort(rankCompare(halving));
    const rank = new Map(ranked.map((t, i) => [t.index, i + 1]));
    const tied = new Set(tiedWithBest(trials, best));
    const columns = [
      { key: 'rank', label: 'Rank', value: (t) => rank.get(t.index) },
      { key: 'trial', label: 'Trial', value: (t) => t.index },
      ...(halving ? [{ key: 'rung', label: 'Rung', value: (t) => t.rung }, { key: 'budget', label: 'Epochs', value: (t) => t.budgetEpochs }] : []),
      ...dims.map((d) => ({ key: `value-${d}`, label: d, value: (t) => t.values[d] })),
      { key: 'status', label: 'Status', value: (t) => trialStatus(t), text: (v) => v },
      { key: 'validationLoss', label: 'Validation loss', value: (t) => t.validationLoss },
      { key: 'trainLoss', label: 'Train loss', value: (t) => t.trainLoss },
      { key: 'samples', label: 'Samples', value: (t) => t.samples, text: formatGrouped },
      { key: 'time', label: 'Time', value: (t) => t.timeMs, text: formatDuration },
    ];
    if (!columns.some((c) => c.key === this.sort.key)) this.sort = { key: 'rank', dir: 1 };
    const column = columns.find((c) => c.key === this.sort.key);
    const byRank = rankCompare(halving);
    const rows = [...trials].sort((a, b) => {
      const va = column.value(a);
      const vb = column.value(b);
      const ma = isMissing(va);
      const mb = isMissing(vb);
      if (ma || mb) return (ma === mb ? 0 : ma ? 1 : -1) || byRank(a, b); // missing values last, both ways
      return this.sort.dir * compareCells(va, vb) || byRank(a, b);
    });
    const focused = document.activeElement?.id;
    const head = el('tr');
    for (const c of columns) {
      const active = c.key === this.sort.key;
      const button = el('button', { type: 'button', class: 'sort', id: `tune-sort-${c.key}`, text: c.label });
      button.append(el('span', { class: 'sort-mark', 'aria-hidden': 'true', text: active ? (this.sort.dir > 0 ? ' ▲' : ' ▼') : '' }));
      button.addEventListener('click', () => {
        this.sort = { key: c.key, dir: active ? -this.sort.dir : 1 };
        this.renderTable(trials, dims, halving, best);
      });
      head.append(el('th', { scope: 'col', 'aria-sort': active ? (this.sort.dir > 0 ? 'ascending' : 'descending') : 'none' }, button));
    }
    const body = rows.map((t) => {
      const tr = el('tr', { class: t.index === best ? 'best' : tied.has(t.index) ? 'tied' : undefined });
      for (const c of columns) {
        const v = c.value(t);
        const td = el(c.key === 'trial' ? 'th' : 'td', { scope: c.key === 'trial' ? 'row' : undefined, text: c.text ? c.text(v) : short(v) });
        if (c.key === 'status') td.className = `status status-${t.status}`;
        if (c.key === 'rank' && t.index === best) td.append(el('span', { class: 'badge', text: 'best' }));
        if (c.key === 'rank' && tied.has(t.index)) td.append(el('span', { class: 'badge tied', text: '≈ best', title: `within ${TIE * 100}% of the best validation loss` }));
        tr.append(td);
      }
      return tr;
    });
    const table = $('tune-table');
    table.tHead.replaceChildren(head);
    table.tBodies[0].replaceChildren(...body);
    if (focused?.startsWith('tune-sort-')) document.getElementById(focused)?.focus();
  }

  // ---- Using and exporting results -----------------------------------------------------------------

  /** Adds the winner (search) or the base run at the suggested rate (range test) as a new run. */
  useBest() {
    const result = this.result;
    if (!result || this.running) return;
    let run;
    if (result.kind === 'search' && result.best) {
      run = structuredClone(result.best.run);
    } else if (result.kind === 'range_test' && result.suggestion) {
      const base = result.experiment.runs[result.experiment.tune.run];
      run = structuredClone(base);
      run.optimizer.lr = Number(result.suggestion.lr.toPrecision(4));
      run.name = `${base.name} (lr ${short(run.optimizer.lr)})`; // addRun shortens and makes it unique
    } else {
      return;
    }
    try {
      const name = this.hooks.addRun(run);
      this.setStatus(`Added the run "${name}": press Run to train it beside the others.`);
    } catch (error) {
      this.showError(error.message);
    }
  }

  exportCsv() {
    const result = this.result;
    if (!result) return;
    download(new Blob([tuneToCSV(result)], { type: 'text/csv' }), `${fileStem(result.experiment.name)}-tune.csv`);
  }
}

// ---- Helpers ----------------------------------------------------------------------------------------

/**
 * The x-axis of the validation-loss scatter: the learning rate when it is searched (or constant: the
 * base run's), else the first numeric dimension; log when the dimension is log-scaled. A batch size of
 * "full" stands at nFit, the rows a trial trains on (the search's plan says how many).
 */
function scatterAxis(experiment, dims, nFit) {
  const { tune } = experiment;
  const base = experiment.runs[tune.run];
  const numeric = (n) => SCHEMA.space.fields[n].item.type !== 'enum';
  const name = dims.includes('lr') ? 'lr' : dims.find(numeric) ?? 'lr';
  const dim = tune.space[name];
  const value = (t) => {
    let v = t.values?.[name];
    if (v === undefined && name === 'lr') v = base.optimizer.lr;
    if (v === 'full') v = nFit;
    return typeof v === 'number' ? v : null;
  };
  let log;
  if (name === 'lr' || !dim) log = true;
  else if (Array.isArray(dim)) {
    const nums = dim.map((v) => (v === 'full' ? nFit : v)).filter((v) => typeof v === 'number');
    log = nums.every((v) => v > 0) && Math.max(...nums) >= 10 * Math.min(...nums);
  } else log = dim.scale === 'log';
  return { name, label: name === 'lr' ? 'learning rate' : name, log, value };
}
