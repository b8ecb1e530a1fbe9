// language.js — the page's language: the English / 中文 switch in the header, the first choice (the
// remembered one, else the browser's languages), and applyLanguage, which sets strings.js's language,
// redoes the static text of index.html (elements marked data-text="key", data-text-label, -title,
// -placeholder, -alt) and asks every module that wrote text to write it again (strings.js onLanguage).
// Nothing is reloaded: the experiment, the runs and the charts stay.

import { LANGUAGES, announceLanguage, currentLanguage, setLanguage, text } from './strings.js';

/** Where the choice is remembered. */
const STORAGE_KEY = 'descent.language';

/** Attribute → what it fills: data-text-label="key" sets aria-label to text(key), and so on. */
const ATTRIBUTES = { textLabel: 'aria-label', textTitle: 'title', textPlaceholder: 'placeholder', textAlt: 'alt' };

/** The language a first visit gets: the browser's first language we have (zh-CN, zh-TW → zh), else English. */
export function browserLanguage(languages = navigator.languages ?? [navigator.language]) {
  for (const tag of languages) {
    const base = String(tag).toLowerCase().split('-')[0];
    if (Object.hasOwn(LANGUAGES, base)) return base;
  }
  return 'en';
}

/** The remembered choice, when there is one (storage may be unavailable: then none). */
function remembered() {
  try {
    const lang = localStorage.getItem(STORAGE_KEY);
    return Object.hasOwn(LANGUAGES, lang ?? '') ? lang : null;
  } catch {
    return null;
  }
}

/** Fills index.html's marked elements, the title and <html lang> in the current language. */
function renderStatic() {
  document.documentElement.lang = currentLanguage() === 'zh' ? 'zh-Hans' : currentLanguage(); // Simplified Chinese, as a script tag
  document.title = text('page.title');
  document.querySelector('meta[name="description"]')?.setAttribute('content', text('page.description'));
  for (const node of document.querySelectorAll('[data-text]')) node.textContent = text(node.dataset.text);
  for (const [data, attribute] of Object.entries(ATTRIBUTES)) {
    const selector = `[data-${data.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}]`;
    for (const node of document.querySelectorAll(selector)) node.setAttribute(attribute, text(node.dataset[data]));
  }
  for (const button of document.querySelectorAll('#language-switch button')) {
    button.setAttribute('aria-pressed', String(button.dataset.lang === currentLanguage()));
  }
}

/**
 * Switches the page to `lang`: strings, static text, every module's text. The reader's own choice (the
 * switch, setLanguage) is remembered; a classroom link's is not (remember: false), so the next page the
 * reader opens is in their language again.
 * @param {'en'|'zh'} lang
 * @param {{remember?: boolean}} [options]
 * @throws {Error} for any other value, naming the allowed ones
 */
export function applyLanguage(lang, { remember = true } = {}) {
  if (typeof lang !== 'string' || !Object.hasOwn(LANGUAGES, lang)) {
    throw new Error(`language: ${JSON.stringify(lang)} is not one of ${Object.keys(LANGUAGES).map((l) => `'${l}'`).join(', ')}`);
  }
  setLanguage(lang);
  if (remember) {
    try {
      localStorage.setItem(STORAGE_KEY, lang);
    } catch {
      // storage unavailable (a private window's policy): the choice lasts for this page only
    }
  }
  renderStatic();
  announceLanguage();
}

/**
 * Builds the switch (one button per language, in its own name) and sets the first language before
 * any module writes text: the remembered choice, else the browser's.
 * @param {HTMLElement} root the switch's container in the header
 */
export function setUpLanguage(root) {
  root.replaceChildren(...Object.entries(LANGUAGES).map(([code, { name }]) => {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'secondary small';
    button.dataset.lang = code;
    button.lang = LANGUAGES[code].locale;
    button.textContent = name;
    button.addEventListener('click', () => { if (code !== currentLanguage()) applyLanguage(code); });
    return button;
  }));
  setLanguage(remembered() ?? browserLanguage());
  renderStatic();
}
