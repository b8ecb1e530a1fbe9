// status.js — what the page says about the experiment and its training: the status line (with the
// first problem as a button that takes the focus to its control), the banner, the form's own issues,
// the progress bar with the time left, and the runs table. Text only, never HTML.
//
// workProgress is DOM-free (Node tests import it): progress counts work, the samples (rows whose
// gradient was evaluated) the core reports for each run against the samples its budget implies.

import { locateIssue } from './controls.js';
import { issueLines, issueText } from './document.js';
import { reveal } from './layout.js';
import { formatDuration, formatEpochs } from './lib/text.js';
import { countText, currentLanguage, formatGrouped, formatNumber, formatPercent, hasText, onLanguage, text } from './strings.js';

const $ = (id) => document.getElementById(id);
/** The forms whose controls issues point at: the experiment's and the tuning panel's. */
const forms = () => [$('controls'), $('tune-form')];

/**
 * What the status line says, kept so that a change of language writes it again: a function that
 * writes it, and the string key when it is one (its `.playing` variant is shown during a playback).
 */
let shown = { render: null, key: null, vars: {}, playing: false };

/** Writes the status line: string `key` of strings.js with `vars`. */
export function setStatus(key, vars = {}) {
  // a var may be a function: called at every writing, so a change of language redoes it too
  const filled = () => Object.fromEntries(Object.entries(vars).map(([name, v]) => [name, typeof v === 'function' ? v() : v]));
  shown = { key, vars, playing: false, render: () => { $('status').textContent = text(shown.playing ? `${key}.playing` : key, filled()); } };
  $('status').dataset.key = key; // what it says in any language (tests, scripts)
  shown.render();
}

/**
 * While the recorded history plays back, a status that has a `.playing` variant (a finished training's
 * "Finished…: Space plays it back") says so instead; when it stops, the status returns.
 * @param {boolean} playing
 */
export function setStatusPlaying(playing) {
  if (!shown.key || !hasText(`${shown.key}.playing`) || shown.playing === playing) return;
  shown.playing = playing;
  shown.render();
}

onLanguage(() => queueMicrotask(() => shown.render?.())); // after the form is redone: a problem's place is read from its legends

/**
 * The status line while the settings are invalid: how many problems, and the first one as a button
 * that takes the focus to its control (scrolled into view, its section opened).
 * @param {{path: string, message: string}[]} issues
 */
export function setProblemStatus(issues) {
  const first = issues[0];
  if (!first) return;
  const button = document.createElement('button');
  button.type = 'button';
  button.id = 'status-problem';
  button.className = 'link';
  button.addEventListener('click', () => focusIssue(first));
  const render = () => {
    button.textContent = describeIssue(first);
    button.title = text('status.goTo');
    const more = issues.length > 1 ? countText('status.moreProblems', issues.length - 1) : '';
    $('status').replaceChildren(countText('status.problems', issues.length), button, more);
  };
  shown = { key: null, vars: {}, playing: false, render };
  $('status').dataset.key = 'status.problems';
  render();
}

/** Where an issue is shown, in the page's words ("Run 3: mini-batch 16 › Batch size: must be …"). */
export function describeIssue(issue) {
  const found = locateIssue(forms(), issue.path);
  if (!found) return text('status.issue', { where: issue.path || text('status.experiment'), message: issueText(issue) });
  const rest = found.path === issue.path ? '' : ` ${issue.path.slice(found.path.length).replace(/^\./, '')}`;
  return text('status.issue', { where: `${found.where}${rest}`, message: issueText(issue) });
}

/** Focuses the control an issue is about (opening a closed "Stopping, recording, init"). */
export function focusIssue(issue) {
  const found = locateIssue(forms(), issue.path);
  const target = found?.control ?? $('form-issues');
  if (!target) return;
  for (let node = target.parentElement; node; node = node.parentElement) {
    if (node.tagName === 'DETAILS') node.open = true;
  }
  reveal(target); // its tab, on a narrow screen
  target.focus({ preventScroll: true });
  target.scrollIntoView({ block: 'center' });
}

/**
 * Shows (or, with null, hides) the banner above the page.
 * @param {string|null} title
 * @param {string[]} [lines]
 * @param {'link'|'run'} [kind] a 'run' banner goes once a session is made; a 'link' one stays
 */
export function banner(title, lines = [], kind = 'run') {
  const box = $('banner');
  if (!title) {
    box.hidden = true;
    box.replaceChildren();
    box.dataset.kind = '';
    return;
  }
  box.dataset.kind = kind;
  const list = document.createElement('ul');
  for (const line of lines.slice(0, 12)) {
    const li = document.createElement('li');
    li.textContent = line;
    list.append(li);
  }
  const head = document.createElement('strong');
  head.textContent = title;
  const close = document.createElement('button');
  close.type = 'button';
  close.className = 'secondary small';
  close.textContent = text('status.dismiss');
  close.addEventListener('click', () => banner(null));
  box.replaceChildren(head, list, close);
  box.hidden = false;
}

/** The kind of banner shown ('link', 'run'), or '' when none is. */
export const bannerKind = () => $('banner').dataset.kind ?? '';

/** Issues that belong to no control (e.g. the whole document) go to the top of the form. */
export function setFormIssues(issues) {
  let box = $('form-issues');
  if (!box) {
    box = document.createElement('div');
    box.id = 'form-issues';
    box.className = 'error';
    box.tabIndex = -1; // the status line's problem button may focus it
    box.setAttribute('role', 'alert');
    $('controls').prepend(box);
  }
  box.textContent = issueLines(issues).join('\n');
  box.hidden = issues.length === 0;
}

/**
 * Progress of a training, each run weighted by its work, so that a full-batch run on a million rows is
 * not outweighed by a quick mini-batch run: samples processed so far against the samples of every
 * budget (a run that has ended counts what it did), and the time left from each run's own compute
 * rate (runs without one yet: the others' overall rate; the worker trains one run at a time, so the
 * times add up).
 * @param {{status: string, samples: number, maxSamples: number, timeMs?: number}[]} runs the worker's run states
 * @returns {{fraction: number, leftMs: number|null, spentMs: number}} leftMs null while no rate is known
 */
export function workProgress(runs) {
  const work = runs.map((r) => ({ now: r.samples, end: r.status === 'running' ? r.maxSamples : r.samples, timeMs: r.timeMs ?? 0 }));
  const timed = work.filter((w) => w.now > 0 && w.timeMs > 0);
  const spentMs = timed.reduce((a, w) => a + w.timeMs, 0);
  const overall = spentMs / Math.max(1, timed.reduce((a, w) => a + w.now, 0));
  let done = 0;
  let total = 0;
  let leftMs = 0;
  let known = true;
  for (const w of work) {
    done += w.now;
    total += w.end;
    if (w.end > w.now) {
      const msPerSample = w.now > 0 && w.timeMs > 0 ? w.timeMs / w.now : overall;
      if (!(msPerSample > 0)) known = false;
      leftMs += (w.end - w.now) * msPerSample;
    }
  }
  return { fraction: total ? Math.min(1, done / total) : 0, leftMs: known ? leftMs : null, spentMs };
}

/**
 * The progress bar, and while Run trains the status line: the percentage and the time left.
 * @param {object[]} runs the worker's run states
 * @param {boolean} training Run is training (not Step)
 */
export function setProgress(runs, training) {
  const { fraction, leftMs, spentMs } = workProgress(runs);
  $('progress').value = fraction;
  if (!training) return;
  const percent = formatGrouped(Math.floor(fraction * 100));
  if (leftMs !== null && spentMs >= 250 && leftMs >= 1000) setStatus('status.trainingLeft', { percent, left: formatDuration(leftMs, { rough: true }) });
  else setStatus('status.training', { percent });
}

/** Statuses whose meaning the status cell's tooltip explains (string 'status.title.<status>'). */
const STATUS_TITLES = new Set(['diverging', 'diverged']);

/** The runs table's columns: [string key, class]; accuracy only for classifiers. */
const RUN_COLUMNS = [['runs.col.run', 'name'], ['runs.col.status', 'status'], ['runs.col.iteration', 'iter'], ['runs.col.epoch', 'epoch'], ['runs.col.train', 'loss'], ['runs.col.test', 'loss']];
const ACCURACY_COLUMNS = [['runs.col.trainAcc', 'acc'], ['runs.col.testAcc', 'acc']];

/**
 * The runs table: per run its colour and name, status, iteration, epoch and losses (at the playback
 * cursor when it stands before the end), and for classifiers the accuracy at the end. On a phone the
 * status shows under the name (style.css) so that the loss columns fit.
 * @param {object[]} runs the worker's run states
 * @param {{color: (i: number) => string, lastPoint: (i: number, column: string) => number|undefined,
 *   at?: (i: number) => object|null, metrics?: (i: number) => object|null, classify?: boolean,
 *   hasTest: boolean, training: boolean}} context color: run i's colour in the charts; lastPoint: run
 *   i's last recorded value of a history column (the charts hold them); at: run i's recorded values at
 *   the playback cursor (null: live); metrics: run i's final {train, test} metrics; training: Run or
 *   Step is on
 */
export function showRuns(runs, { color, lastPoint, at = () => null, metrics = () => null, classify = false, hasTest, training }) {
  const table = $('run-table');
  const columns = [...RUN_COLUMNS, ...(classify ? ACCURACY_COLUMNS : [])];
  const layout = `${columns.map(([, cls]) => cls).join(' ')} ${currentLanguage()}`;
  if (table.dataset.columns !== layout) {
    table.dataset.columns = layout;
    const head = document.createElement('tr');
    for (const [key, cls] of columns) {
      const th = document.createElement('th');
      th.scope = 'col';
      th.className = `col-${cls}`;
      th.textContent = text(key);
      if (cls === 'acc') th.title = text('runs.accTitle');
      head.append(th);
    }
    table.tHead.replaceChildren(head);
  }
  table.classList.toggle('classify', classify);
  const rows = runs.map((r, i) => {
    const tr = document.createElement('tr');
    const name = document.createElement('th');
    name.scope = 'row';
    const swatch = document.createElement('span');
    swatch.className = 'swatch';
    swatch.style.background = color(i);
    const runName = document.createElement('span');
    runName.dataset.userText = ''; // the user's words: never translated
    runName.textContent = r.name;
    name.append(swatch, runName);
    const stopped = { iteration: formatGrouped(r.divergedAt ?? r.iteration) };
    const shownStatus = r.status === 'running' && !training ? (r.iteration === 0 ? 'ready' : 'paused') : r.status; // nothing trains now
    let status = ['diverged', 'failed'].includes(r.status) ? text(`runs.status.${r.status}At`, stopped) : text(`runs.status.${shownStatus}`);
    const point = at(i);
    if (point && point.iteration < r.iteration) status = text('runs.status.replay', { status });
    name.dataset.status = status;
    const loss = (column) => formatNumber(point ? point[column] : r.current ? r.current[column] : lastPoint(i, column), { digits: 5 });
    const iteration = point ? point.iteration : r.iteration;
    const m = metrics(i);
    const cells = [
      [status, `status status-${r.status}`],
      [null, 'iter'],
      [formatEpochs(point ? point.epoch : r.epoch), 'epoch'],
      [loss('trainLoss'), 'loss'],
      [hasTest ? loss('testLoss') : '–', 'loss'],
      ...(classify ? [[formatPercent(m?.train?.accuracy), 'acc'], [hasTest ? formatPercent(m?.test?.accuracy) : '–', 'acc']] : []),
    ];
    tr.append(name, ...cells.map(([content, cls]) => {
      const td = document.createElement('td');
      td.className = cls;
      if (cls === 'iter') {
        const of = document.createElement('span');
        of.className = 'of';
        of.textContent = ` / ${formatGrouped(r.maxIterations)}`;
        td.append(formatGrouped(iteration), of);
      } else {
        td.textContent = content;
        if (cls.startsWith('status') && STATUS_TITLES.has(r.status)) td.title = text(`runs.status.title.${r.status}`);
      }
      return td;
    }));
    return tr;
  });
  table.tBodies[0].replaceChildren(...rows);
}
