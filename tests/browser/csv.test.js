// web/files.js's CSV reader (DOM-free, so it runs here under Node): numeric columns under a header,
// errors that name the line and the column.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { CsvError, csvToData, fileStem, parseCsv, splitCsv } from '../../web/files.js';

test('reads a header and numeric rows (CRLF, quotes, blank lines, BOM, ; or tab delimiters)', () => {
  assert.deepEqual(parseCsv('\uFEFFx,"y, the target"\r\n1,2\r\n\r\n3.5,-4e-2\r\n'), {
    columns: ['x', 'y, the target'],
    values: [[1, 2], [3.5, -0.04]],
  });
  assert.deepEqual(parseCsv('a;b\n1;2\n3;4').values, [[1, 2], [3, 4]]);
  assert.deepEqual(parseCsv('a\tb\n1\t2\n3\t4\n').values, [[1, 2], [3, 4]]);
  assert.deepEqual(splitCsv('a,"b ""q"""\n1,2').rows, [['a', 'b "q"'], ['1', '2']]);
});

/** The message of the CsvError that parsing text throws (fails when it parses). */
function csvError(text) {
  try {
    parseCsv(text);
  } catch (e) {
    assert.ok(e instanceof CsvError);
    return e.message;
  }
  return assert.fail('no error');
}

test('errors name the line and the column', () => {
  assert.match(csvError('x,y\n1,2\n3,abc\n'), /line 3 \(data row 2\), column "y": "abc" is not a finite number/);
  assert.match(csvError('x,y\n1,2\n3,\n'), /line 3 \(data row 2\), column "y": empty/);
  assert.match(csvError('x,y\n1,2\n\n3,4,5\n'), /line 4 \(data row 2\): 3 fields, but the header has 2/);
  assert.match(csvError('x,y\n1,Infinity\n1,2'), /column "y": "Infinity" is not a finite number/);
  assert.match(csvError('x,x\n1,2\n3,4'), /column 2: the column name "x" appears twice/);
  assert.match(csvError('x\n1\n2'), /at least one feature and one target/);
  assert.match(csvError('x,y\n1,2\n'), /1 data row; at least 2/);
  assert.match(csvError(''), /empty/);
  assert.match(csvError('x,"y\n1,2'), /quoted field is not closed/);
});

test('errors quote at most 40 characters of a header name or a cell, and refuse values beyond float32', () => {
  const name = `=${'n'.repeat(5000)}`;
  const twice = csvError(`${name},${name}\n1,2\n3,4\n`);
  assert.equal(twice, `line 1, column 2: the column name "=${'n'.repeat(38)}…" appears twice`);
  const cell = csvError(`x,${name}\n1,2\n3,${'z'.repeat(5000)}\n`);
  assert.equal(cell, `line 3 (data row 2), column "=${'n'.repeat(38)}…": "${'z'.repeat(39)}…" is not a finite number`);
  assert.ok(twice.length < 120 && cell.length < 160);
  assert.equal(csvError('x,y\n1,2\n1e39,4\n'), 'line 3 (data row 2), column "x": "1e39" is outside the float32 range (|v| <= 3.4028234663852886e+38)');
  assert.deepEqual(parseCsv('x,y\n3.4028234663852886e38,2\n-3.4e38,4\n').values, [[3.4028234663852886e38, 2], [-3.4e38, 4]]);
});

test('csvToData makes inline data with the chosen target column (settings not given are left to the defaults)', () => {
  const table = parseCsv('a,b,c\n1,2,3\n4,5,6\n');
  assert.deepEqual(csvToData(table, 1, { testFraction: 0 }), { kind: 'inline', X: [[1, 3], [4, 6]], y: [2, 5], testFraction: 0 });
  assert.deepEqual(csvToData(table, 0, { standardize: true }), { kind: 'inline', X: [[2, 3], [5, 6]], y: [1, 4], standardize: true });
  assert.throws(() => csvToData(table, 3), CsvError);
});

test('file names from experiment names', () => {
  assert.equal(fileStem('Seed experiment: y = 3x + noise'), 'seed-experiment-y-3x-noise');
  assert.equal(fileStem('<script>'), 'script');
  assert.equal(fileStem(''), 'experiment');
});
