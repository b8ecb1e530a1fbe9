#!/usr/bin/env node
// lessons.mjs — the lessons' index and a way to check what a lesson says.
//
//   node scripts/lessons.mjs                 # writes examples/lessons/index.json: every NN-id.json in order
//   node scripts/lessons.mjs --run [ID…]     # runs each lesson's experiment, then again after each of its
//                                            # "try this" steps (cumulatively, as a learner clicks them),
//                                            # printing the CLI's table each time
//
// Adding a lesson is adding a file examples/lessons/NN-id.json (see web/lesson-schema.js) and running the
// first command; tests/node/lessons.test.js checks the index against the folder.

import { readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { adopt } from '../web/document.js';
import { applyStep, validateLesson } from '../web/lesson-schema.js';
import { formatTable, run, validateExperiment } from '../web/lib/index.js';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const dir = join(root, 'examples', 'lessons');

/** The lesson files of the folder, in gallery order. */
export function lessonFiles() {
  return readdirSync(dir).filter((f) => /^\d\d-.*\.json$/.test(f)).sort();
}

function writeIndex() {
  const index = `${JSON.stringify({ lessons: lessonFiles() }, null, 2)}\n`;
  const tmp = join(dir, '.index.json.tmp');
  writeFileSync(tmp, index);
  renameSync(tmp, join(dir, 'index.json'));
  console.log(`wrote examples/lessons/index.json (${lessonFiles().length} lessons)`);
}

async function runLessons(ids) {
  for (const file of lessonFiles()) {
    const lesson = validateLesson(JSON.parse(readFileSync(join(dir, file), 'utf8')), { file });
    if (ids.length && !ids.includes(lesson.id)) continue;
    let state = adopt(validateExperiment(JSON.parse(readFileSync(join(root, 'examples', lesson.experiment), 'utf8'))));
    console.log(`\n=== ${file}: ${lesson.title.en} (${lesson.experiment})`);
    console.log(formatTable(await run(state.valid)));
    for (const [i, step] of lesson.steps.entries()) {
      state = applyStep(state, step);
      console.log(`\n--- step ${i + 1}: ${step.label.en}  ${JSON.stringify(step.set)}`);
      if (!state.valid) {
        console.log(`INVALID: ${state.issues.map((x) => `${x.path}: ${x.message}`).join('; ')}`);
        break;
      }
      console.log(formatTable(await run(state.valid)));
    }
  }
}

const args = process.argv.slice(2);
if (args[0] === '--run') await runLessons(args.slice(1));
else writeIndex();
