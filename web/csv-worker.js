// csv-worker.js — reads one CSV file off the page's main thread (files.js starts one per import and
// terminates it when done or cancelled). Message in: {file}. Out: {progress: {done, total}} (bytes,
// at most every 100 ms), then {table: {columns, rows, cols, data}} (data's buffer transferred) or
// {error: {name, message, code?, vars?}} (a CsvError's code and values: the page writes it in its language).
import { readCsvFile } from './csv.js';

const PROGRESS_MS = 100;

self.addEventListener('message', async ({ data }) => {
  let last = 0;
  try {
    const table = await readCsvFile(data.file, {
      onProgress: (done, total) => {
        const now = performance.now();
        if (now - last < PROGRESS_MS) return;
        last = now;
        self.postMessage({ progress: { done, total } });
      },
    });
    self.postMessage({ table }, [table.data.buffer]);
  } catch (error) {
    self.postMessage({ error: { name: error?.name ?? 'Error', message: String(error?.message ?? error), code: error?.code, vars: error?.vars } });
  }
});
