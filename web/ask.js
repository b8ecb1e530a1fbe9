// ask.js — the page's one question before long work: "this is estimated at about 2 h; start anyway?"
// A modal <dialog id="ask"> (index.html) with the estimate, its largest parts by field, and two
// buttons; Escape or Cancel answers no. The numbers come from web/lib/budget.js (BUDGET.ask: about a
// minute of work), the same estimate the CLI refuses beyond BUDGET.cli.

import { BUDGET, formatOps } from './lib/budget.js';
import { countText, formatGrouped, text } from './strings.js';

const $ = (id) => document.getElementById(id);

/**
 * Whether to start work estimated at `estimate`: true at once when it is within BUDGET.ask, else the
 * user's answer to the dialog.
 * @param {{ops: number, seconds: number, parts: {path: string, ops: number, text: string}[]}} estimate
 * @param {{key: string, start: string}} words key: the question's string ('ask.training', 'ask.tuning',
 *   with {estimate}, {ops} and {limit}); start: the button ("Run anyway")
 * @returns {Promise<boolean>}
 */
export function askToStart(estimate, { key, start }) {
  if (!(estimate.ops > BUDGET.ask)) return Promise.resolve(true);
  const dialog = $('ask');
  $('ask-text').textContent = text(key, { estimate: estimateText(estimate.seconds), ops: formatOps(estimate.ops), limit: estimateText(BUDGET.ask / BUDGET.opsPerSecond) });
  $('ask-parts').replaceChildren(...estimate.parts.filter((p) => p.ops >= estimate.ops * 0.01).slice(0, 5).map((p) => {
    const li = document.createElement('li');
    li.textContent = text('ask.part', { path: p.path, part: partText(p), ops: formatOps(p.ops) });
    return li;
  }));
  $('ask-start').textContent = start;
  return new Promise((resolve) => {
    const done = (answer) => {
      dialog.removeEventListener('close', onClose);
      $('ask-start').onclick = null;
      $('ask-cancel').onclick = null;
      if (dialog.open) dialog.close();
      resolve(answer);
    };
    const onClose = () => done(false);
    dialog.addEventListener('close', onClose);
    $('ask-start').onclick = () => done(true);
    $('ask-cancel').onclick = () => done(false);
    dialog.showModal();
    $('ask-cancel').focus();
  });
}

/**
 * A time estimate in the current language, with lib/budget.js formatEstimate's units: "about 40 s",
 * "about 17 min", "about 5 h", "about 13,000 days".
 */
export function estimateText(seconds) {
  if (seconds < 90) return text('ask.about.s', { value: formatGrouped(Math.max(1, Math.round(seconds))) });
  if (seconds < 90 * 60) return text('ask.about.min', { value: formatGrouped(seconds / 60) });
  if (seconds < 72 * 3600) return text('ask.about.h', { value: formatGrouped(seconds / 3600) });
  if (seconds < 3 * 365 * 86400) return text('ask.about.days', { value: formatGrouped(seconds / 86400) });
  return text('ask.about.years', { value: formatGrouped(seconds / (365.25 * 86400)) });
}

/**
 * A part of an estimate (lib/budget.js: its code and values) in the current language; a part without
 * a code keeps its English text.
 */
export function partText(part) {
  if (!part.code) return part.text;
  const v = part.vars ?? {};
  const vars = {
    ...v,
    updates: formatOps(v.updates ?? 0),
    tries: formatOps(v.tries ?? 0),
    batch: countText('csv.rows', v.batch ?? 0),
    rows: countText('csv.rows', v.rows ?? 0),
    trials: countText('tune.trials', v.trials ?? 0),
    np: formatGrouped(v.np ?? 0),
  };
  return text(`ask.part.${part.code}`, vars);
}
