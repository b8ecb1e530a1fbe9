// web/lib/report.js's CSV: what a spreadsheet opening an exported file sees.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { csvCell, toCSV } from '../../web/lib/report.js';

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
