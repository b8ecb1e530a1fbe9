// run-notes.js — the Hessian line and the notes on the runs in the page's language, written from
// lib/diagnostics.js's codes and values through the strings table (strings/notes.js). The CLI and the
// exports keep lib/diagnostics.js's English (`text` of each note, describeDiagnostics).

import { OPTIMIZER_NAMES } from './lib/experiment.js';
import { diagnosticsModelCode, diagnosticsModelNote } from './lib/diagnostics.js';
import { formatGrouped, formatNumber, text } from './strings.js';

/** A number in a note: 3 significant digits. */
const num = (v) => formatNumber(v, { digits: 3 });
/** A factor in a note: "3,400×" (whole numbers grouped), "2.6×" below 10. */
const times = (v) => text('note.times', { value: v >= 10 ? formatGrouped(v) : num(v) });

/**
 * The Hessian line (λmax, κ, the stability bound), or why there is none, in the page's language.
 * @param {object|null} diagnostics lib/diagnostics.js diagnosticsOf
 * @param {string|null} note why there are none (the engine's diagnosticsNote), or null to say nothing
 * @param {object} model the normalized model (the reason's code comes from it when the note is its own)
 * @returns {string|null}
 */
export function diagnosticsText(diagnostics, note, model) {
  if (!diagnostics) {
    if (!note) return null;
    const code = diagnosticsModelCode(model);
    // the model's own reason in the page's language; any other (a limit of the page, a core message) as it came
    const reason = code !== null && note === diagnosticsModelNote(model) ? text(`diag.model.${code}`, { loss: model.loss }) : note;
    return text('diag.none', { note: reason });
  }
  const { lambdaMax, lambdaMin, condition, maxStableLr, at } = diagnostics;
  const kappa = Number.isFinite(condition) ? text('diag.kappa', { value: num(condition) }) : text('diag.kappaSingular');
  const vars = { max: num(lambdaMax), min: num(lambdaMin), kappa, lr: num(maxStableLr), at };
  const key = diagnostics.atRun !== undefined ? 'diag.atRun' : at === 'everywhere' || at === 'optimum' ? `diag.${at}` : 'diag.at';
  const line = text(key, { ...vars, run: JSON.stringify(diagnostics.atRun) });
  if (diagnostics.exact) return line;
  return text(diagnostics.converged ? 'diag.powerIteration' : 'diag.notConverged', { line });
}

/**
 * A note of lib/diagnostics.js (runNotes, experimentNotes) in the page's language; a code this page
 * does not know keeps its English text.
 * @param {{code: string, text: string}} note
 * @returns {string}
 */
export function noteText(note) {
  switch (note.code) {
    case 'above_stability_bound': {
      const how = text(`note.how.${note.form === 'dampened' ? 'momentum' : note.form}${note.weightDecay ? '.decay' : ''}`, { formula: note.formula, momentum: num(note.momentum) });
      const key = `note.above${note.scheduled ? '.scheduled' : ''}${note.fullBatch ? '' : '.minibatch'}`;
      return text(key, { lr: num(note.lr), bound: num(note.bound), how });
    }
    case 'loss_grew':
      return text(note.rising ? 'note.lossGrewRising' : 'note.lossGrew', { factor: times(note.factor) });
    case 'noise_floor': {
      const above = note.above >= 10 ? times(1 + note.above) : text('note.percent', { value: num(100 * note.above) });
      const vars = { before: num(note.before), floor: num(note.floor), optimum: num(note.optimum), above, optimizer: OPTIMIZER_NAMES[note.optimizer] ?? note.optimizer };
      return text(note.optimizer === 'sgd' ? 'note.noiseFloor.sgd' : 'note.noiseFloor.other', vars);
    }
    case 'standardize':
      return text('note.standardize', { factor: times(note.factor), condition: num(note.condition), standardized: num(note.standardizedCondition) });
    default:
      return note.text;
  }
}

/**
 * The engine's reasons for having no closed-form optimum (lib/engine.js optimumNote) → their strings;
 * any other reason (a limit of the page, from worker.js) is shown as it came.
 */
const OPTIMUM_NOTES = {
  'no closed form for a network': 'optimum.mlp',
  'closed form only for linear regression with MSE': 'optimum.notMse',
  'no closed form with an L1 penalty': 'optimum.l1',
  'not computed yet': 'optimum.notYet',
  'not computed': 'optimum.notComputed',
};

/** Why there is no closed-form optimum, in the page's language (null stays null). */
export function optimumNoteText(note) {
  if (note === null || note === undefined) return note;
  return Object.hasOwn(OPTIMUM_NOTES, note) ? text(OPTIMUM_NOTES[note]) : note;
}
