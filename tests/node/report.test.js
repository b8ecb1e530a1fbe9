// web/lib/report.js's CSV: what a spreadsheet opening an exported file sees.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { csvCell, formatTable, toCSV } from '../../web/lib/report.js';
import { TIE, tieText, tiedWithBest } from '../../web/lib/tune-report.js';

const history = (n) => ({
  iteration: Float64Array.from({ length: n }, (_, i) => i),
  epoch: new Float64Array(n),
  samples: new Float64Array(n),
  lr: new Float64Array(n).fill(0.1),
  trainLoss: Float64Array.from({ length: n }, (_, i) => -i - 0.5), // negative numbers stay numbers
  testLoss: new Float64Array(n).fill(NaN),
});

test('text cells that a spreadsheet would run as a formula start with a quote (OWASP CSV injection)', () => {
  for (const [name, cell] of [
    ['=HYPERLINK("http://x","y")', '"\'=HYPERLINK(""http://x"",""y"")"'],
    ['+1+1', "'+1+1"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tleading tab', "'\tleading tab"],
    ['\r=cmd', `"'\r=cmd"`],
    ['=1,2', `"'=1,2"`],
    ['plain run', 'plain run'],
    ['a=b', 'a=b'],
    ['say "hi", then', '"say ""hi"", then"'],
  ]) assert.equal(csvCell(name), cell, JSON.stringify(name));
  assert.equal(csvCell(-0.5), '-0.5');
  assert.equal(csvCell(-1e-7), '-1e-7');
  assert.equal(csvCell(NaN), '');
  const lines = toCSV({ runs: [{ name: '=2+5', history: history(2) }, { name: '-lr', history: history(1) }] }).trimEnd().split('\n');
  assert.deepEqual(lines, [
    'run,iteration,epoch,samples,lr,trainLoss,testLoss',
    "'=2+5,0,0,0,0.1,-0.5,",
    "'=2+5,1,0,0,0.1,-1.5,",
    "'-lr,0,0,0,0.1,-0.5,",
  ]);
});

test('a classifier\'s table has train and test accuracy; a regression\'s has none', () => {
  const result = (metrics, nTest = 20) => ({
    experiment: { name: 'x', seed: 1, model: { kind: 'logistic' } }, data: { nTrain: 80, nTest, d: 2 }, optimum: null, optimumNote: 'none',
    runs: [{ name: 'gd', status: 'completed', divergedAt: null, iterations: 3, epochs: 2.82486, history: history(3), metrics, timeMs: 0.04 }],
  });
  const table = formatTable(result({ train: { logLoss: 0.3, accuracy: 0.9125 }, test: { logLoss: 0.4, accuracy: 0.85 } }));
  assert.match(table, /train acc\s+test acc/);
  assert.match(table, /91\.3%\s+85\.0%/);
  assert.match(table, / 2\.82 /, 'epochs rounded');
  assert.doesNotMatch(formatTable(result({ train: { mse: 1, rmse: 1, mae: 1, r2: 0 }, test: null })), /acc/);
  assert.match(formatTable(result({ train: { logLoss: 0.3, accuracy: 1 }, test: null }, 0)), /100\.0%\s+-/);
});

test('tuning: trials within 1% of the best validation loss tie with it (same rung only)', () => {
  const t = (index, validationLoss, extra = {}) => ({ index, validationLoss, status: 'completed', rung: 0, ...extra });
  const trials = [t(0, 0.04306), t(1, 0.04313), t(2, 0.05), t(3, 0.04307, { status: 'diverged' }), t(4, 0.0431, { rung: 1 })];
  assert.equal(TIE, 0.01);
  assert.deepEqual(tiedWithBest(trials, 0), [1]);
  assert.match(tieText(trials, 0), /^trial 1 is within 1% of it/);
  assert.equal(tieText(trials, null), '');
});
