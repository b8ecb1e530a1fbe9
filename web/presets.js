// presets.js — the preset menu: experiments from examples/ (examples/presets.json lists them with
// what to look at, each in English and Simplified Chinese), opened in one click. The presets are data:
// a new one is a JSON file and a line in presets.json, no code. Served at ./examples/ beside the page
// (scripts/serve.mjs, build-dist.mjs).

import { localized, onLanguage, text } from './strings.js';

const $ = (id) => document.getElementById(id);
const BASE = new URL('./examples/', document.baseURI);

/**
 * Fills the menu (#preset) from examples/presets.json; choosing an entry fetches its file and hands
 * the experiment to `open` (which validates it; the page is unchanged when it is invalid). The titles
 * and the note follow the page's language.
 * @param {{open: (doc: unknown) => {valid: object|null, issues: object[]}}} hooks
 * @returns {Promise<void>} resolves once the menu is filled (or says why it could not be)
 */
export async function setUpPresets({ open }) {
  const select = $('preset');
  const note = $('preset-note');
  let said = null; // () => the note in the current language
  const say = (fn) => {
    said = fn;
    note.textContent = fn();
  };
  onLanguage(() => {
    if (said) note.textContent = said();
  });
  let presets;
  try {
    const response = await fetch(new URL('presets.json', BASE));
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    ({ presets } = await response.json());
  } catch (error) {
    select.disabled = true;
    say(() => text('presets.failed', { message: error.message }));
    return;
  }
  const options = presets.map((p, i) => {
    const option = document.createElement('option');
    option.value = String(i);
    option.textContent = localized(p.title);
    return option;
  });
  select.append(...options);
  onLanguage(() => options.forEach((option, i) => { option.textContent = localized(presets[i].title); }));
  select.disabled = false;
  select.addEventListener('change', async () => {
    const preset = presets[Number(select.value)];
    if (!preset) return;
    say(() => text('presets.loading', { title: localized(preset.title) }));
    try {
      const response = await fetch(new URL(preset.file, BASE));
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const state = open(await response.json());
      if (state.valid) say(() => text('presets.look', { look: localized(preset.look) }));
      else say(() => text('presets.invalid', { file: preset.file, message: state.issues[0]?.message }));
    } catch (error) {
      say(() => text('presets.notLoaded', { file: preset.file, message: error.message }));
    }
  });
}
