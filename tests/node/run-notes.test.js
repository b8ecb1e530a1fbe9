// web/run-notes.js writes lib/diagnostics.js's notes and the engine's reasons in the page's language:
// every code the library emits has its string, the English it writes is the library's own (the CLI's),
// and the Chinese differs from it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { describeDiagnostics, diagnosticsModelNote, experimentNotes, runNotes } from '../../web/lib/diagnostics.js';
import { diagnosticsText, noteText, optimumNoteText } from '../../web/run-notes.js';
import { setLanguage } from '../../web/strings.js';

const sgd = (extra = {}) => ({ kind: 'sgd', lr: 1, momentum: 0, dampening: 0, nesterov: false, weight_decay: 0, ...extra });
const spec = (optimizer, batchSize = 'full', schedule = 'constant') => ({ optimizer, batchSize, schedule: { kind: schedule } });
const grew = { status: 'diverging', history: { trainLoss: [1, 2, 40], lr: [1, 1, 1] } };
const diagnostics = { lambdaMax: 4, lambdaMin: 1, condition: 4, maxStableLr: 0.5, at: 'everywhere', exact: true, converged: true, standardized: { condition: 1 } };

/** Every note the library writes for a set of runs that covers each form. */
function notes() {
  const out = [];
  for (const o of [sgd(), sgd({ momentum: 0.9 }), sgd({ momentum: 0.9, dampening: 0.5 }), sgd({ momentum: 0.9, nesterov: true }), sgd({ weight_decay: 0.1 })]) {
    for (const [batch, schedule] of [['full', 'constant'], [8, 'constant'], ['full', 'step']]) {
      out.push(...runNotes(grew, spec(o, batch, schedule), { diagnostics, optimumLoss: null, nTrain: 80 }));
    }
  }
  const flat = { status: 'completed', history: { trainLoss: Array.from({ length: 40 }, (_, i) => (i < 20 ? 3 - i * 0.05 : 2)), lr: [] } };
  out.push(...runNotes(flat, spec(sgd({ lr: 0.01 }), 8), { diagnostics: null, optimumLoss: 1, nTrain: 80 }));
  out.push(...runNotes(flat, spec({ ...sgd({ lr: 0.01 }), kind: 'adam' }, 8), { diagnostics: null, optimumLoss: 1, nTrain: 80 }));
  out.push(...experimentNotes({ ...diagnostics, condition: 40 }));
  return out;
}

test('in English, every note reads as the library (the CLI) writes it', () => {
  setLanguage('en');
  const all = notes();
  assert.deepEqual(new Set(all.map((n) => n.code)), new Set(['above_stability_bound', 'loss_grew', 'noise_floor', 'standardize']));
  for (const note of all) assert.equal(noteText(note), note.text);
  const lines = [diagnostics, { ...diagnostics, at: 'optimum', exact: false }, { ...diagnostics, exact: false, converged: false }, { ...diagnostics, condition: Infinity },
    { ...diagnostics, at: 'final parameters of run "a \\"b\\""', atRun: 'a "b"' }];
  for (const d of lines) assert.equal(diagnosticsText(d, null, { kind: 'linear' }), describeDiagnostics(d));
  for (const model of [{ kind: 'linear', loss: 'mae' }, { kind: 'logistic', penalty: { l1: 1 } }]) {
    assert.equal(diagnosticsText(null, diagnosticsModelNote(model), model), describeDiagnostics(null, diagnosticsModelNote(model)));
  }
});

test('in Chinese, every note and reason is written from the table, not left in English', () => {
  setLanguage('zh');
  try {
    for (const note of notes()) {
      const zh = noteText(note);
      assert.notEqual(zh, note.text);
      assert.match(zh, /[\u4e00-\u9fff]/, zh);
    }
    for (const model of [{ kind: 'function' }, { kind: 'mlp' }, { kind: 'linear', loss: 'mae' }, { kind: 'linear', loss: 'huber' }, { kind: 'logistic', penalty: { l1: 1 } }]) {
      assert.match(diagnosticsText(null, diagnosticsModelNote(model), model), /[\u4e00-\u9fff]/);
    }
    assert.match(diagnosticsText(diagnostics, null, { kind: 'linear' }), /梯度下降/);
    // the engine's reasons (pinned: a new reason in engine.js needs its string in run-notes.js)
    const engine = readFileSync(new URL('../../web/lib/engine.js', import.meta.url), 'utf8');
    const reasons = [...engine.matchAll(/this\.optimumNote = '([^']+)'/g)].map((m) => m[1]);
    assert.ok(reasons.length >= 4);
    for (const reason of reasons) assert.match(optimumNoteText(reason), /[\u4e00-\u9fff]/, reason);
  } finally {
    setLanguage('en');
  }
});
