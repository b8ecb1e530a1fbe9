// ask.js — the page's one question before long work: "this is estimated at about 2 h; start anyway?"
// A modal <dialog id="ask"> (index.html) with the estimate, its largest parts by field, and two
// buttons; Escape or Cancel answers no. The numbers come from web/lib/budget.js (BUDGET.ask: about a
// minute of work), the same estimate the CLI refuses beyond BUDGET.cli.

import { BUDGET, formatEstimate, formatOps } from './lib/budget.js';

const $ = (id) => document.getElementById(id);

/**
 * Whether to start work estimated at `estimate`: true at once when it is within BUDGET.ask, else the
 * user's answer to the dialog.
 * @param {{ops: number, seconds: number, parts: {path: string, ops: number, text: string}[]}} estimate
 * @param {{what: string, start: string}} words what: "This run", "This tuning"; start: the button ("Run anyway")
 * @returns {Promise<boolean>}
 */
export function askToStart(estimate, { what, start }) {
  if (!(estimate.ops > BUDGET.ask)) return Promise.resolve(true);
  const dialog = $('ask');
  $('ask-text').textContent = `${what} is estimated at ${formatEstimate(estimate.seconds)} of computing (${formatOps(estimate.ops)} operations; the page starts anything over ${formatEstimate(BUDGET.ask / BUDGET.opsPerSecond)} only when asked). Training runs in a worker: the page stays usable, and Pause or Cancel stop it at any time.`;
  $('ask-parts').replaceChildren(...estimate.parts.filter((p) => p.ops >= estimate.ops * 0.01).slice(0, 5).map((p) => {
    const li = document.createElement('li');
    li.textContent = `${p.path}: ${p.text} (${formatOps(p.ops)})`;
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
