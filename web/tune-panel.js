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
import { TIE, tiedWithBest, tuneToCSV } from './lib/tune-report.js';
import { isObject } from './lib/text.js';
import { countText, formatDuration, formatGrouped, formatNumber, hasText, onLanguage, text } from './strings.js';
import { el, optionLabel } from './controls.js';
import { download, fileStem } from './files.js';
import { TuneCharts, trialStatus, usableTrial } from './tune-charts.js';
import { TuneForm } from './tune-form.js';
import { issueLines } from './document.js';

/** Workers in a tuning pool: min(2, the machine's parallelism). */
export const TUNE_WORKERS = Math.max(1, Math.min(2, globalThis.navigator?.hardwareConcurrency || 1));
/** At most this often (ms) the table and charts redraw while a search runs. */
const LIVE_REDRAW_MS = 250;


const $ = (id) => document.getElementById(id);

/** 4 significant digits, whole numbers in full (tables and summaries; the charts' tooltips show 6). */
const short = (v) => (typeof v === 'number' || v === null || v === undefined
  ? formatNumber(v, { digits: 4, large: 1e5, integers: true })
  : String(v));
const valuesText = (values) => Object.entries(values).map(([k, v]) => text('tune.value', { name: k, value: short(v) })).join(text('tune.valueSeparator')) || text('tune.baseAsIs');

/** A library phrase with a code (lib/tune.js) in the page's language: key `${prefix}.${code}`, else its English. */
const coded = (prefix, code, english) => (code && hasText(`${prefix}.${code}`) ? text(`${prefix}.${code}`) : english);

/** Why the range test suggests its rate (lib/tune.js's suggestion: code and values) in the page's language. */
function suggestionWhy(s) {
  const long = (v) => formatNumber(v, { digits: 4, large: 1e5, trim: false });
  const vars = { slope: long(s.slope), lowestLr: long(s.lowestLr), lowestLoss: long(s.lowestLoss) };
  return s.code && hasText(`tune.why.${s.code}`) ? text(`tune.why.${s.code}`, vars) : s.text;
}

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
    this.status = null; // [key, vars] of the status line, written again after a change of language
    onLanguage(() => this.retell());
  }

  /** The language changed: the status, the intro, the summary, the charts and the table again. */
  retell() {
    if (this.status) this.setStatus(...this.status);
    this.refresh();
    this.charts.retitle();
    if (this.running) return; // the next progress message redraws
    if (this.result) this.showResult(this.result, { quiet: true });
    else if (this.partial?.trials.length) this.drawPartial();
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
    $('tune-use-best').textContent = text(result?.kind === 'range_test' ? 'tune.useSuggested' : 'tune.useBest');
    $('tune-use-best').disabled = !canUse || !valid || runs >= this.hooks.maxRuns;
    $('tune-use-best').title = runs >= this.hooks.maxRuns ? text('tune.fullRuns', { count: formatGrouped(this.hooks.maxRuns) }) : '';
    $('tune-csv').disabled = running || !result;
    if (result && valid && this.keyed.experiment !== valid) this.keyed = { experiment: valid, key: tuneKey(valid) };
    const stale = Boolean(result) && !running && valid !== null && this.keyed.key !== this.resultKey;
    $('tune-stale').hidden = !stale;
    const view = this.hooks.view();
    const inExperiment = isObject(view?.tune);
    $('tune-remove').hidden = !inExperiment;
    $('tune-intro').textContent = text(inExperiment ? 'tune.intro.in' : 'tune.intro.out');
  }

  /**
   * The status line: string `key` with `vars` (kept, to write it again in another language); `count`
   * picks the plural form (countText).
   */
  setStatus(key, vars = {}, count = null) {
    this.status = [key, vars, count];
    $('tune-status').dataset.key = key;
    $('tune-status').textContent = count === null ? text(key, vars) : countText(key, count, vars);
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
    if (!(await askToStart(estimateTune(experiment), { key: 'ask.tuning', start: text('tune.ask.start') }))) {
      this.setStatus('tune.notStarted');
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
      this.showError(text('tune.workersFailed', { message: error.message }));
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
    this.setStatus('tune.starting', {}, count);
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
        const { total } = this.partial ?? {};
        if (!this.partial) this.setStatus('tune.cancelled');
        else if (total === null) this.setStatus(done ? 'tune.cancelledAfterUnknown' : 'tune.cancelledNoneUnknown', { done: formatGrouped(done) });
        else this.setStatus(done ? 'tune.cancelledAfter' : 'tune.cancelledNone', { done: formatGrouped(done) }, total);
        if (this.partial && done) this.drawPartial();
        progress.value = 0;
      } else {
        this.setStatus('tune.failed');
        this.showError(error?.issues ? issueLines(error.issues).join('\n') : text('tune.error', { message: error?.message ?? error }));
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
    this.setStatus('tune.cancelling');
    this.refresh();
  }

  onProgress(p) {
    if (this.partial) this.partial.total = p.total;
    $('tune-progress').value = p.samplesPlanned > 0 ? Math.min(1, p.samplesDone / p.samplesPlanned) : p.total ? p.done / p.total : 0;
    if (!this.partial) { // a range test or a refinement: one task, its rows so far
      const left = p.etaMs !== null && p.etaMs >= 1000 ? formatDuration(p.etaMs, { rough: true }) : null;
      const percent = formatGrouped(Math.floor((100 * p.samplesDone) / p.samplesPlanned));
      if (!this.running?.cancelling && p.samplesPlanned > 0) this.setStatus(left ? 'tune.workingLeft' : 'tune.working', { percent, left });
      return;
    }
    if (!p.trial) return;
    this.partial.trials.push(p.trial);
    const left = p.etaMs !== null && p.done < p.total ? formatDuration(p.etaMs) : null;
    if (!this.running?.cancelling) this.setStatus(left ? 'tune.trialDoneLeft' : 'tune.trialDone', { done: formatGrouped(p.done), total: formatGrouped(p.total), left });
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
    $('tune-curve-heading').textContent = text(kind === 'refine' ? 'tune.curveHeading.refine' : 'tune.curveHeading.rangeTest');
  }

  /** Summary, charts and table of a complete result (quiet: keep the status line, as after a change of language). */
  showResult(result, { quiet = false } = {}) {
    const setStatus = quiet ? () => {} : (...args) => this.setStatus(...args);
    this.showResultsFor(result.kind);
    const lines = [];
    if (result.kind === 'search') {
      const best = result.best;
      const failed = result.trials.filter((t) => t.status === 'diverged' || t.status === 'invalid').length;
      lines.push(best
        ? text('tune.best', { index: best.index, values: valuesText(best.values), validation: short(best.validationLoss), test: short(best.testLoss) })
        : text('tune.noWinner'));
      const tied = tiedWithBest(result.trials, best?.index ?? null);
      if (tied.length) lines.push(countText('tune.tie', tied.length, { trials: tied.join(text('tune.valueSeparator')), percent: formatNumber(TIE * 100) }));
      const budget = {
        trials: countText('tune.trials', result.trials.length), failed: formatGrouped(failed), samples: formatGrouped(result.budget.samples),
        rows: countText('tune.validationRows', result.data.nValidation), fit: formatGrouped(result.data.nFit),
      };
      lines.push(text(failed ? 'tune.budgetFailed' : 'tune.budget', budget));
      if (result.optimum) lines.push(text('tune.optimumFit', { loss: short(result.optimum.validationLoss) }));
      const invalid = result.trials.find((t) => t.status === 'invalid');
      if (invalid) lines.push(text('tune.invalid', { index: invalid.index, message: invalid.error.split('\n')[0] }));
      const halving = result.strategy === 'halving';
      this.charts.showSearch({ trials: result.trials, best: best?.index ?? null, axis: scatterAxis(result.experiment, result.dimensions, result.data.nFit) });
      this.renderTable(result.trials, result.dimensions, halving, best?.index ?? null);
      setStatus('tune.done', { trials: countText('tune.trials', result.trials.length), time: formatDuration(result.timeMs) }, result.workers);
    } else if (result.kind === 'range_test') {
      const { tune } = result.experiment;
      lines.push(result.suggestion
        ? text('tune.suggested', { lr: short(result.suggestion.lr), rule: optionLabel('tune', 'rule', result.suggestion.rule), why: suggestionWhy(result.suggestion) })
        : text('tune.noSuggestion', { note: coded('tune.note', result.noteCode, result.note) }));
      const range = { run: result.run, from: short(tune.lrMin), to: short(tune.lrMax), steps: formatGrouped(tune.steps), loss: short(result.initialLoss), at: formatGrouped(result.divergedAt ?? 0) };
      lines.push(text(result.status === 'diverged' ? 'tune.rangeRunDiverged' : 'tune.rangeRun', range));
      if (result.stoppedAt) lines.push(text('tune.readUpTo', { index: formatGrouped(result.stoppedAt.index + 1), lr: short(result.stoppedAt.lr), reason: coded('tune.stopped', result.stoppedAt.code, result.stoppedAt.reason) }));
      this.charts.showRangeTest(result);
      setStatus('tune.doneRange', { time: formatDuration(result.timeMs) });
    } else {
      lines.push(text('tune.refineObjective', { run: result.run, from: short(result.start.trainLoss), to: short(result.best.trainLoss), gain: short(result.gain), accepted: formatGrouped(result.accepted), tries: formatGrouped(result.tries) }));
      if (result.start.testLoss !== null) lines.push(text('tune.refineTest', { from: short(result.start.testLoss), to: short(result.best.testLoss) }));
      if (result.optimum) lines.push(text('tune.refineOptimum', { loss: short(result.optimum.trainLoss) }));
      if (result.note) lines.push(text('tune.refineNote', { note: coded('tune.refine', result.noteCode, result.note) }));
      else if (result.accepted === 0) lines.push(text('tune.refineNone'));
      this.charts.showRefine(result);
      setStatus('tune.doneRefine', { time: formatDuration(result.timeMs) });
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
      { key: 'rank', label: text('tune.col.rank'), value: (t) => rank.get(t.index) },
      { key: 'trial', label: text('tune.col.trial'), value: (t) => t.index },
      ...(halving ? [{ key: 'rung', label: text('tune.col.rung'), value: (t) => t.rung }, { key: 'budget', label: text('tune.col.epochs'), value: (t) => t.budgetEpochs }] : []),
      ...dims.map((d) => ({ key: `value-${d}`, label: d, value: (t) => t.values[d] })),
      { key: 'status', label: text('tune.col.status'), value: (t) => trialStatus(t), text: (v) => v },
      { key: 'validationLoss', label: text('tune.col.validationLoss'), value: (t) => t.validationLoss },
      { key: 'trainLoss', label: text('tune.col.trainLoss'), value: (t) => t.trainLoss },
      { key: 'samples', label: text('tune.col.samples'), value: (t) => t.samples, text: formatGrouped },
      { key: 'time', label: text('tune.col.time'), value: (t) => t.timeMs, text: formatDuration },
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
        if (c.key === 'rank' && t.index === best) td.append(el('span', { class: 'badge', text: text('tune.badge.best') }));
        if (c.key === 'rank' && tied.has(t.index)) td.append(el('span', { class: 'badge tied', text: text('tune.badge.tied'), title: text('tune.badge.tiedTitle', { percent: formatNumber(TIE * 100) }) }));
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
      this.setStatus('tune.added', { name });
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
  return { name, label: name === 'lr' ? text('chart.y.lr') : name, log, value };
}
