// tune-report.js — a tune result as people and programs read it: a table (the CLI) and CSV.
// No DOM and no Node built-ins: a page can offer the same exports. JSON: report.js's toJSON.

import { csvCell, fmt as fmtNumber, layoutTable as table } from './report.js';
import { formatGrouped as grouped } from './text.js';

/** A value in a table: integers below 1e5 as they are (batch sizes, steps), other numbers as report.js's. */
const fmt = (v, digits = 4) => (typeof v === 'number' && Number.isInteger(v) && Math.abs(v) < 1e5 ? String(v)
  : typeof v === 'number' || v === null || v === undefined ? fmtNumber(v, digits) : String(v));
const ms = (v) => (v >= 1000 ? `${(v / 1000).toFixed(1)} s` : v >= 0.1 || v === 0 ? `${v.toFixed(1)} ms` : `${Number(v.toPrecision(1))} ms`);


/**
 * Validation losses within this relative distance of the best count as a tie: a difference that small
 * says nothing about which setting is better on a validation split of this size.
 */
export const TIE = 0.01;

/**
 * The trials tied with the best (usable, in the same rung, validation loss within TIE of the best's),
 * the best excluded, in index order.
 * @param {object[]} trials @param {number|null} best the best trial's index
 * @returns {number[]} their indices
 */
export function tiedWithBest(trials, best) {
  const ok = (t) => t.status !== 'invalid' && t.status !== 'diverged' && Number.isFinite(t.validationLoss);
  const winner = trials.find((t) => t.index === best);
  if (!winner) return [];
  return trials.filter((t) => t.index !== best && ok(t) && (t.rung ?? 0) === (winner.rung ?? 0)
    && t.validationLoss <= winner.validationLoss * (1 + TIE)).map((t) => t.index).sort((a, b) => a - b);
}

/** The sentence saying which trials tie with the best ('' when none does). */
export function tieText(trials, best) {
  const tied = tiedWithBest(trials, best);
  if (!tied.length) return '';
  return `${tied.length === 1 ? 'trial' : 'trials'} ${tied.join(', ')} ${tied.length === 1 ? 'is' : 'are'} within ${TIE * 100}% of it: a tie on this validation split, not a worse setting`;
}

const statusText = (t) => (t.status === 'diverged' && t.divergedAt !== null ? `diverged at ${t.divergedAt}` : t.status);
const valuesText = (values) => Object.entries(values).map(([k, v]) => `${k} ${fmt(v)}`).join(', ');

/**
 * The result of runTune as text: for a search, one row per trial sorted by validation loss (halving:
 * the last rung first), then the winner and the budget; for a range test, the curve and the
 * suggestion with its rule; for a refinement, before and after.
 * @param {object} result
 * @returns {string}
 */
export function formatTuneTable(result) {
  if (result.kind === 'range_test') return formatRangeTest(result);
  if (result.kind === 'refine') return formatRefine(result);
  return formatSearch(result);
}

function formatSearch(r) {
  const { data, experiment } = r;
  const halving = r.strategy === 'halving';
  const fn = experiment.model.kind === 'function'; // no data: trials are scored by their final f(θ)
  const lines = [
    `${experiment.name}: ${r.strategy} search, ${r.trials.length} trials on ${r.workers} worker${r.workers === 1 ? '' : 's'}, ${ms(r.timeMs)}`,
    fn ? `${experiment.model.function}: no data, trials scored by their final objective f(θ) ("val loss"), seed ${experiment.seed}`
      : `${data.nFit} rows to fit and ${data.nValidation} validation rows (from ${data.nTrain} training rows), ${data.nTest} test rows, seed ${experiment.seed}`,
  ];
  const sorted = [...r.trials].sort((a, b) => (halving && a.rung !== b.rung ? b.rung - a.rung : rankOf(a, b)));
  const header = ['rank', 'trial', ...(halving ? ['rung', 'epochs'] : []), ...r.dimensions, 'status', 'val loss', 'train loss', 'samples', 'time'];
  const rows = sorted.map((t, i) => [
    String(i + 1), String(t.index),
    ...(halving ? [String(t.rung), fmt(t.budgetEpochs)] : []),
    ...r.dimensions.map((k) => (Object.hasOwn(t.values, k) ? fmt(t.values[k]) : '-')),
    statusText(t), fmt(t.validationLoss), fmt(t.trainLoss), grouped(t.samples), ms(t.timeMs),
  ]);
  lines.push('', ...table(header, rows, 0), '');
  if (r.best) {
    const b = r.best;
    lines.push(fn ? `best: trial ${b.index} (${valuesText(b.values)}): objective ${fmt(b.validationLoss)}`
      : `best: trial ${b.index} (${valuesText(b.values)}): validation loss ${fmt(b.validationLoss)}, test loss ${fmt(b.testLoss)}`);
    const tie = tieText(r.trials, b.index);
    if (tie) lines.push(`      ${tie}`);
  } else {
    lines.push('best: none — every trial of the last rung failed (diverged or invalid)');
  }
  const failed = r.trials.filter((t) => t.status === 'diverged' || t.status === 'invalid').length;
  lines.push(`budget: ${grouped(r.budget.samples)} samples in ${r.budget.trials} trials${failed ? ` (${failed} failed)` : ''}`);
  if (r.optimum) lines.push(fn ? `global minimum: ${fmt(r.optimum.trainLoss)}` : `closed-form optimum of the fit rows: validation loss ${fmt(r.optimum.validationLoss)}`);
  for (const t of r.trials.filter((x) => x.status === 'invalid').slice(0, 3)) {
    lines.push(`trial ${t.index} is invalid: ${t.error.split('\n')[0]}`);
  }
  return lines.join('\n');
}

function rankOf(a, b) {
  const ok = (t) => t.status !== 'invalid' && t.status !== 'diverged' && Number.isFinite(t.validationLoss);
  if (ok(a) !== ok(b)) return ok(a) ? -1 : 1;
  if (ok(a) && a.validationLoss !== b.validationLoss) return a.validationLoss - b.validationLoss;
  return a.index - b.index;
}

function formatRangeTest(r) {
  const { tune } = r.experiment;
  const lines = [
    `${r.experiment.name}: range test of "${r.run}", lr ${fmt(tune.lrMin)} → ${fmt(tune.lrMax)} over ${tune.steps} updates, ${ms(r.timeMs)}`,
    `initial loss ${fmt(r.initialLoss)}${r.status === 'diverged' ? `; the run diverged at update ${r.divergedAt}` : ''}`,
    '',
  ];
  const n = r.lr.length;
  const end = r.stoppedAt ? r.stoppedAt.index + 1 : n;
  const picks = new Set();
  const shown = Math.min(end, 16);
  for (let j = 0; j < shown; j += 1) picks.add(Math.round((j * (end - 1)) / Math.max(1, shown - 1)));
  const at = r.suggestion?.index;
  if (at !== undefined) picks.add(at);
  const rows = [...picks].sort((a, b) => a - b).map((i) => [
    String(i + 1), fmt(r.lr[i]), fmt(r.loss[i]), fmt(r.smoothed[i]),
    i === at ? (r.suggestion.rule === 'min/10' ? '← lowest loss' : '← steepest fall') : '',
  ]);
  lines.push(...table(['update', 'lr', 'loss', 'smoothed', ''], rows, 0), '');
  if (r.stoppedAt) lines.push(`stopped reading at update ${r.stoppedAt.index + 1} (lr ${fmt(r.stoppedAt.lr)}): ${r.stoppedAt.reason}`);
  if (r.suggestion) lines.push(`suggested lr: ${fmt(r.suggestion.lr)} — rule "${r.suggestion.rule}": ${r.suggestion.text}`);
  else lines.push(`no suggestion: ${r.note}`);
  return lines.join('\n');
}

function formatRefine(r) {
  const lines = [
    `${r.experiment.name}: refinement of "${r.run}" (${r.runStatus}), ${r.tries} tries with step ${fmt(r.step)}, ${ms(r.timeMs)}`,
  ];
  if (r.note) lines.push(r.note);
  const pct = r.relativeGain * 100;
  lines.push(
    `training objective  ${fmt(r.start.trainLoss, 7)} → ${fmt(r.best.trainLoss, 7)}  (gain ${fmt(r.gain, 3)}, ${pct === 0 ? '0' : fmt(pct, 3)}%; ${r.accepted} of ${r.tries} tries kept)`,
  );
  if (r.start.testLoss !== null) lines.push(`test loss           ${fmt(r.start.testLoss, 7)} → ${fmt(r.best.testLoss, 7)}`);
  if (r.optimum) lines.push(`${r.experiment.model.kind === 'function' ? 'global minimum' : 'closed-form optimum'}: training objective ${fmt(r.optimum.trainLoss, 7)} (the trained run is ${fmt(r.start.trainLoss - r.optimum.trainLoss, 2)} above it)`);
  if (r.accepted === 0) lines.push('no perturbation improved on the trained parameters: the run had converged as far as a random search of this step can tell');
  return lines.join('\n');
}

const csv = (header, rows) => `${[header, ...rows].map((row) => row.map(csvCell).join(',')).join('\n')}\n`;

/**
 * CSV of a tune result: a search gives one row per trial (index order), a range test one row per
 * update, a refinement one row per kept improvement (try 0 is the trained start).
 * @param {object} result
 * @returns {string}
 */
export function tuneToCSV(result) {
  if (result.kind === 'range_test') {
    return csv(['update', 'lr', 'loss', 'smoothed'], Array.from(result.lr, (lr, i) => [i + 1, lr, result.loss[i], result.smoothed[i]]));
  }
  if (result.kind === 'refine') {
    return csv(['try', 'trainLoss'], [[0, result.start.trainLoss], ...result.improvements.map((m) => [m.try, m.trainLoss])]);
  }
  const dims = result.dimensions;
  return csv(
    ['trial', 'rung', 'config', ...dims, 'status', 'divergedAt', 'validationLoss', 'trainLoss', 'samples', 'epochs', 'iterations', 'timeMs'],
    result.trials.map((t) => [t.index, t.rung, t.config, ...dims.map((k) => t.values[k]), t.status, t.divergedAt,
      t.validationLoss, t.trainLoss, t.samples, t.epochs, t.iterations, t.timeMs]),
  );
}
