// presets.js — the preset menu: experiments from examples/ (examples/presets.json lists them with
// what to look at), opened in one click. The presets are data: a new one is a JSON file and a line
// in presets.json, no code. Served at ./examples/ beside the page (scripts/serve.mjs, build-dist.mjs).

const $ = (id) => document.getElementById(id);
const BASE = new URL('./examples/', document.baseURI);

/**
 * Fills the menu (#preset) from examples/presets.json; choosing an entry fetches its file and hands
 * the experiment to `open` (which validates it; the page is unchanged when it is invalid).
 * @param {{open: (doc: unknown) => {valid: object|null, issues: object[]}}} hooks
 * @returns {Promise<void>} resolves once the menu is filled (or says why it could not be)
 */
export async function setUpPresets({ open }) {
  const select = $('preset');
  const note = $('preset-note');
  let presets;
  try {
    const response = await fetch(new URL('presets.json', BASE));
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    ({ presets } = await response.json());
  } catch (error) {
    select.disabled = true;
    note.textContent = `The presets could not be loaded (${error.message}).`;
    return;
  }
  for (const [i, p] of presets.entries()) {
    const option = document.createElement('option');
    option.value = String(i);
    option.textContent = p.title;
    select.append(option);
  }
  select.disabled = false;
  select.addEventListener('change', async () => {
    const preset = presets[Number(select.value)];
    if (!preset) return;
    note.textContent = `Loading ${preset.title}…`;
    try {
      const response = await fetch(new URL(preset.file, BASE));
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const state = open(await response.json());
      note.textContent = state.valid ? `What to look at: ${preset.look}` : `${preset.file} is not a valid experiment: ${state.issues[0]?.message}`;
    } catch (error) {
      note.textContent = `${preset.file} could not be loaded (${error.message}).`;
    }
  });
}
