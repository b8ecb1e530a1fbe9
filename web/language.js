// language.js — the page's language. A placeholder on the classroom branch (the i18n branch writes the
// real module: the switch, remembering the choice, translating what is on screen): here it only sets
// strings.js's language, so classroom links can carry `lang`.

import { setLanguage } from './strings.js';

/**
 * Makes `lang` the language of the page's strings.
 * @param {'en'|'zh'} lang
 */
export function applyLanguage(lang) {
  setLanguage(lang);
}
