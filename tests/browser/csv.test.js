// The page's CSV reader (web/csv.js, DOM-free, so it runs here under Node): numeric columns under a
// header, errors that name the line and the column, strict numbers, limits checked while reading.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { CsvError, csvToData, fileStem, parseCsv, splitCsv } from '../../web/files.js';
import { CSV_LIMITS, CsvReader, readCsvFile } from '../../web/csv.js';

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
function csvError(text, limits) {
  try {
    parseCsv(text, limits);
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

test('numbers are decimal only, and a value float32 would turn into 0 is refused', () => {
  for (const bad of ['0x10', '0b11', '0o7', 'Infinity', '-Infinity', 'NaN', '1_000', '1e', '.', '+', '1,5', '٣']) {
    assert.match(csvError(`x;y\n1;2\n3;${bad}\n`), new RegExp(`line 3 \\(data row 2\\), column "y": "${bad.replace(/[.+]/g, '\\$&')}" is not a finite number`), bad);
  }
  assert.deepEqual(parseCsv('x,y\n1.,.5\n-0,+2e-3\n 7 , 1E2 \n').values, [[1, 0.5], [0, 0.002], [7, 100]]);
  assert.equal(csvError('x,y\n1,2\n1e-50,4\n'), 'line 3 (data row 2), column "x": "1e-50" is too small for float32 (it would become 0; the smallest is 1.4e-45)');
  assert.deepEqual(parseCsv('x,y\n1.4e-45,2\n0,4\n').values, [[1.4e-45, 2], [0, 4]]);
});

test('quotes: "1"2 is refused (text after a closing quote), and so is a quote inside an unquoted field', () => {
  assert.equal(csvError('x,y\n"1"2,3\n4,5\n'), 'line 2: text after a closing quote ("1"2): quote the whole field');
  assert.equal(csvError('x,y\n1"2,3\n4,5\n'), 'line 2: a quote inside an unquoted field (1"): quote the whole field');
  assert.deepEqual(parseCsv('x,y\n"1" ,"2"\n "3","4"\n').values, [[1, 2], [3, 4]]);
  assert.deepEqual(splitCsv('a,"b\r\nc"\r\n1,2').rows, [['a', 'b\r\nc'], ['1', '2']]);
});

test('limits are checked while the text streams in: rows, columns, values, bytes', async () => {
  const small = { bytes: 1000, rows: 5, columns: 4, values: 9 };
  assert.equal(csvError.call(null, 'x,y\n1,2\n1,2\n1,2\n1,2\n1,2\n1,2\n', small), 'line 7: more than 5 data rows, the most the page reads (inline data)');
  assert.equal(csvError('a,b,c,d,e\n1,2,3,4,5\n', small), 'line 1: the header has 5 columns; the page reads at most 4 (3 features and the target)');
  assert.equal(csvError('a,b,c,d\n1,2,3,4\n1,2,3,4\n1,2,3,4\n1,2,3,4\n', small), 'line 5: more than 9 feature values (4 rows × 3 features), the most the page reads (inline data)');
  assert.equal(csvError(`a,b\n${'1,2\n'.repeat(300)}`, small), 'the file is too large (1,204 characters; the page reads at most 1,000)');
  // a row of a million fields stops at the first one too many
  assert.equal(csvError(`a,b\n1,2\n${'1,'.repeat(1e6)}1\n`), 'line 3: more than 3 fields, but the header has 2');
  assert.equal(csvError(`${'a,'.repeat(1e6)}a\n`), `line 1: more than ${CSV_LIMITS.columns + 1} fields, the most the page reads is ${CSV_LIMITS.columns} columns (${CSV_LIMITS.columns - 1} features and the target)`);

  // 12.5 million rows of "1,2" (50 MB): refused at data row 1,000,001, having read about 4 MB of it
  const reader = new CsvReader();
  const piece = '1,2\n'.repeat(65536);
  let pushed = 0;
  let error = null;
  reader.push('x,y\n');
  try {
    for (let i = 0; i < 200; i += 1) {
      reader.push(piece);
      pushed += piece.length;
    }
  } catch (e) {
    error = e;
  }
  assert.ok(error instanceof CsvError);
  assert.equal(error.message, 'line 1000002: more than 1,000,000 data rows, the most the page reads (inline data)');
  assert.ok(pushed < 5e6, `${pushed} characters read before the refusal`);

  // a Blob read in pieces (as the page's worker reads a File), with progress, gives parseCsv's table
  const text = `\uFEFFx,y\n${Array.from({ length: 50000 }, (_, i) => `${i},${i / 8}`).join('\r\n')}\n`;
  const seen = [];
  const table = await readCsvFile(new Blob([text]), { onProgress: (done, total) => seen.push([done, total]) });
  assert.deepEqual([table.columns, table.rows, table.cols], [['x', 'y'], 50000, 2]);
  assert.deepEqual(Array.from(table.data.subarray(0, 4)), [0, 0, 1, 0.125]);
  assert.equal(seen.at(-1)[0], seen.at(-1)[1]);
  const data = csvToData(table, 1);
  assert.deepEqual(data, csvToData(parseCsv(text), 1));
  await assert.rejects(readCsvFile(new Blob(['x'.repeat(2000)]), { limits: small }), /the file is too large \(2,000 bytes/);
});
