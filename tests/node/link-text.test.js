// A link's errors in both languages: every LinkError the readers throw has a code of LINK_TEXT, its
// message is that code's English filled in, and the Chinese the page shows (linkMessage) is Chinese
// (tests/i18n-allowlist.js decides what may stay in Latin letters).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deflateRawSync } from 'node:zlib';

import { LINK_TEXT, LinkError, decodeExperiment, decodeLink, lessonUrl, linkMessage } from '../../web/lib/link.js';
import { englishWords } from '../i18n-allowlist.js';

const b64 = (bytes) => Buffer.from(bytes).toString('base64url');
const payload = (text) => b64(deflateRawSync(Buffer.from(text)));

/** Bad links and the code each must be refused with. */
const CASES = [
  [() => decodeExperiment('#e1.@@@'), 'notBase64'],
  [() => decodeExperiment(`#e1.${b64([1, 2, 3, 4, 5, 6])}`), 'notInflate'],
  [() => decodeExperiment(42), 'notString'],
  [() => decodeExperiment('https://example.org/page'), 'noExperiment'],
  [() => decodeExperiment(`#${'e'.repeat(70000)}`), 'tooLongFragment'],
  [() => decodeExperiment('#lesson=learning-rate'), 'lessonLink'],
  [() => decodeLink('#lesson=Not_An_Id'), 'notLessonId'],
  [() => decodeLink('#lesson=no-such', { lessons: ['learning-rate'] }), 'noSuchLesson'],
  [() => decodeExperiment('#x1.abc'), 'notDescent'],
  [() => decodeExperiment(`#e9.${payload('{}')}`), 'newer'],
  [() => decodeExperiment(`#e0.${payload('{}')}`), 'unknownFormat'],
  [() => decodeExperiment(`#e1.${b64(deflateRawSync(Buffer.from([0xff, 0xfe, 0xfd])))}`), 'notUtf8'],
  [() => decodeExperiment(`#e1.${payload('{not json')}`), 'notJson'],
  [() => decodeExperiment(`#e1.${payload(' '.repeat(2 * 1024 * 1024))}`), 'inflatesTooLarge'],
  [() => lessonUrl('Bad Id', 'http://localhost/'), 'notLessonIdPlain'],
  [() => lessonUrl('no-such', 'http://localhost/', {}, { lessons: ['learning-rate'] }), 'noLesson'],
];

test('every refusal carries its code; the message is the English of the code; the Chinese is Chinese', async () => {
  for (const [read, code] of CASES) {
    const error = await read().then(() => null, (e) => e);
    assert.ok(error instanceof LinkError, `${code}: expected a LinkError, got ${error}`);
    assert.equal(error.code, code);
    assert.equal(linkMessage(error, 'en'), error.message);
    const zh = linkMessage(error, 'zh');
    assert.match(zh, /\p{Script=Han}/u, `${code}: ${zh}`);
    // quoted input and JavaScript's type names (notString: "not a number") are the reader's, not ours
    const ours = zh.replace(/"[^"]*"/g, ' ').replace(/#[^\s）)]*/g, ' ').replace(/\b(?:number|object|boolean|undefined|null)\b/g, ' ')
      .replace(/[a-z0-9]+(?:-[a-z0-9]+)+/g, ' '); // lesson ids
    assert.deepEqual(englishWords(ours), [], `${code}: ${zh}`);
  }
});

test('LINK_TEXT: every code has English and Chinese, the same placeholders (the browser\'s own {reason} aside)', () => {
  const names = (s) => [...new Set([...s.matchAll(/\{(\w+)\}/g)].map(([, n]) => n))].filter((n) => n !== 'reason').sort();
  for (const [code, entry] of Object.entries(LINK_TEXT)) {
    assert.equal(typeof entry.en, 'string', code);
    assert.equal(typeof entry.zh, 'string', code);
    assert.deepEqual(names(entry.zh), names(entry.en), code);
  }
});
