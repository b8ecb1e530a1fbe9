// share.js — the share link: the address bar follows the valid experiment (its minimal form, as the
// document already holds it: nothing is validated or minimized again here), "Copy link", and the
// note saying why the address bar does not hold the experiment when its data is too large for a link.
// Opened from a classroom link, the address bar keeps its view options (a reload shows the same view);
// the share box and "Copy link" give the plain link of the experiment.

import { LIVE_LINK_VALUES, inlineValues } from './document.js';
import { LinkError, classroomUrl, minimalUrl, minimize } from './lib/link.js';
import { formatGrouped, onLanguage, text } from './strings.js';
import { errorText } from './document.js';

const $ = (id) => document.getElementById(id);
/** How long after the last edit the address bar follows (ms). */
const LINK_DELAY_MS = 250;

const baseUrl = () => location.href.split('#')[0];

export class ShareLink {
  /**
   * @param {{state: () => object, message: (text: string, isError?: boolean) => void, view: () => object|null}} hooks
   *   state: the page's document state (document.js); message: a line under the files buttons;
   *   view: the classroom link's view options applied now (the address bar keeps them; null: none)
   */
  constructor({ state, message, view }) {
    this.state = state;
    this.message = message;
    this.view = view;
    this.timer = 0;
    this.said = null; // the note's text in the current language, or null
    onLanguage(() => this.note(this.said));
  }

  /** The address bar follows shortly (edits in a row write it once). */
  schedule() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.update(), LINK_DELAY_MS);
  }

  /**
   * Writes the valid experiment into the address bar (history.replaceState: no new history entries).
   * @param {{replace?: boolean}} [options] replace: false leaves the address bar as it is (the page was
   *   opened from it) and only fills the share box
   */
  async update({ replace = true } = {}) {
    const state = this.state();
    if (!state.valid) return;
    const base = baseUrl();
    if (!state.minimal) {
      if (replace) history.replaceState(null, '', base);
      $('share-link').value = '';
      const values = inlineValues(state.valid);
      this.note(() => text('share.tooLarge', { values: formatGrouped(values), limit: formatGrouped(LIVE_LINK_VALUES) }));
      return;
    }
    try {
      const url = await minimalUrl(state.minimal, base);
      const view = this.view();
      const address = view ? await classroomUrl(state.minimal, view, base) : url;
      if (state !== this.state()) return; // edited meanwhile
      if (replace) history.replaceState(null, '', address);
      $('share-link').value = url;
      this.note(null);
    } catch (error) {
      if (!(error instanceof LinkError)) throw error;
      if (state !== this.state()) return;
      if (replace) history.replaceState(null, '', base);
      $('share-link').value = '';
      this.note(() => text('share.refused', { message: errorText(error) }));
    }
  }

  /**
   * The note under the share link saying why the address bar does not hold the experiment (null: it
   * does); `say` gives it in the current language, again after a change of language.
   * @param {(() => string)|null} say
   */
  note(say) {
    this.said = say;
    $('link-note').textContent = say?.() ?? '';
    $('link-note').hidden = !say;
  }

  /**
   * The share link of the current experiment (null while it is invalid).
   * @returns {Promise<string|null>}
   * @throws {LinkError} the experiment is too large for a link
   */
  async url() {
    const { valid, minimal } = this.state();
    if (!valid) return null;
    return minimalUrl(minimal ?? minimize(valid), baseUrl());
  }

  /** "Copy link": the link in the share box and, where allowed, on the clipboard. */
  async copy() {
    try {
      const url = await this.url();
      if (!url) return;
      $('share-link').value = url;
      // told again in the new language after a switch: the text is a function of the moment
      await copyText($('share-link'), (_, copied) => this.message(() => text(copied ? 'classroom.copied' : 'classroom.selectCopy')));
    } catch (error) {
      this.message(() => errorText(error), true);
    }
  }
}

/**
 * Puts a text box's value on the clipboard; where the page may not, selects the box for the reader.
 * @param {HTMLInputElement} input
 * @param {(line: string, copied: boolean) => void} say where the outcome is told (line: in the language of the moment)
 * @returns {Promise<boolean>} whether it is on the clipboard
 */
export async function copyText(input, say) {
  try {
    await navigator.clipboard.writeText(input.value);
    say(text('classroom.copied'), true);
    return true;
  } catch {
    input.select();
    say(text('classroom.selectCopy'), false);
    return false;
  }
}
