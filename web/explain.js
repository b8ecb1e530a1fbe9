// explain.js — the explanation card of an optimizer or a schedule (cards.js), opened from the small "?"
// button beside the Optimizer and LR schedule selects: a tap or a click (or Enter/Space) opens it and
// keeps it open, hovering opens it while the pointer stays; Escape, the close button or a click
// elsewhere closes it. Formulas are typeset by KaTeX (vendored from node_modules, loaded on first use).
// One card element serves every button; it follows the select it belongs to when the form is redrawn.

import { cardFor } from './cards.js';
import { currentLanguage, localized, onLanguage, text } from './strings.js';

/** Delays (ms) before a hover opens the card and before leaving it closes it. */
const HOVER_OPEN_MS = 250;
const HOVER_CLOSE_MS = 300;

let katexModule = null;
/** KaTeX, imported once (the import map names it). */
async function loadKatex() {
  katexModule ??= import('katex').then((m) => m.default ?? m);
  return katexModule;
}

/** Renders TeX to an element (display or inline); KaTeX's own error node if it cannot parse it. */
function math(katex, tex, displayMode) {
  const node = document.createElement(displayMode ? 'div' : 'span');
  node.className = displayMode ? 'formula' : 'symbol';
  katex.render(tex, node, { displayMode, throwOnError: false, output: 'htmlAndMathml' });
  return node;
}

export class ExplainCard {
  constructor() {
    this.card = null; // the card element, made on first use
    this.anchor = null; // the "?" button it belongs to
    this.pinned = false; // opened by a click or a key: stays until closed
    this.timer = 0;
    this.table = null;
    this.kind = null;
    this.language = null; // the language the card was rendered in
    this.rendering = Promise.resolve();
    onLanguage(() => this.retell());
  }

  /** The language changed: every "?" button's label, and the open card in the new language. */
  retell() {
    for (const button of document.querySelectorAll('.info-button')) button.relabel?.();
    if (this.isOpen && this.anchor?.isConnected) this.open(this.anchor, this.table, this.kind, { pinned: this.pinned });
  }

  /**
   * The "?" button for a kind select.
   * @param {'optimizer'|'schedule'} table
   * @param {() => string} kind the select's current value
   * @param {string} path the select's data-path (the card finds its button again after a redraw)
   * @returns {HTMLButtonElement}
   */
  button(table, kind, path) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'info-button';
    button.textContent = '?';
    button.dataset.explain = table;
    button.dataset.explainPath = path;
    const label = () => text('card.open', { kind: localized(cardFor(table, kind())?.title) || kind() });
    button.relabel = () => {
      button.setAttribute('aria-label', label());
      button.title = label();
    };
    button.relabel();
    button.setAttribute('aria-expanded', 'false');
    button.setAttribute('aria-haspopup', 'dialog');
    button.addEventListener('click', () => {
      if (this.anchor === button && this.pinned) this.close();
      else this.open(button, table, kind(), { pinned: true });
    });
    button.addEventListener('mouseenter', () => {
      if (!matchMedia('(hover: hover)').matches || this.pinned) return;
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.open(button, table, kind(), { pinned: false }), HOVER_OPEN_MS);
    });
    button.addEventListener('mouseleave', () => this.leave());
    return button;
  }

  /** The pointer left the button or the card: an unpinned card closes unless it comes back. */
  leave() {
    clearTimeout(this.timer);
    if (this.pinned || !this.isOpen) return;
    this.timer = setTimeout(() => { if (!this.pinned) this.close(); }, HOVER_CLOSE_MS);
  }

  get isOpen() {
    return Boolean(this.card && !this.card.hidden);
  }

  /** Makes the card element (once). */
  element() {
    if (this.card) return this.card;
    const card = document.createElement('div');
    card.id = 'explain-card';
    card.className = 'explain-card';
    card.setAttribute('role', 'dialog');
    card.setAttribute('aria-labelledby', 'explain-title');
    card.hidden = true;
    card.addEventListener('mouseenter', () => clearTimeout(this.timer));
    card.addEventListener('mouseleave', () => this.leave());
    card.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        event.stopPropagation();
        this.close({ focus: true });
      }
    });
    document.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && this.isOpen) this.close({ focus: this.card.contains(document.activeElement) });
    });
    document.addEventListener('pointerdown', (event) => {
      if (!this.isOpen || this.card.contains(event.target) || event.target.closest?.('.info-button')) return;
      this.close();
    });
    window.addEventListener('resize', () => { if (this.isOpen) this.place(); });
    document.body.append(card);
    this.card = card;
    return card;
  }

  /**
   * Opens the card of `kind` beside `button`.
   * @returns {Promise<void>} resolves when the formulas are typeset
   */
  open(button, table, kind, { pinned = true } = {}) {
    clearTimeout(this.timer);
    const card = this.element();
    if (this.anchor && this.anchor !== button) this.anchor.setAttribute('aria-expanded', 'false');
    this.anchor = button;
    this.pinned = pinned || this.pinned;
    button.setAttribute('aria-expanded', 'true');
    button.setAttribute('aria-controls', card.id);
    if (this.table !== table || this.kind !== kind || this.language !== currentLanguage() || !card.firstChild) {
      this.table = table;
      this.kind = kind;
      this.language = currentLanguage();
      this.rendering = this.render(table, kind);
    }
    card.hidden = false;
    this.place();
    return this.rendering.then(() => this.place());
  }

  /** Fills the card: title, PyTorch's class, the formulas, the symbols, the intuition. */
  async render(table, kind) {
    const card = this.element();
    const data = cardFor(table, kind);
    const katex = await loadKatex();
    if (this.table !== table || this.kind !== kind) return; // another card was asked for meanwhile
    const head = document.createElement('div');
    head.className = 'explain-head';
    const title = document.createElement('h2');
    title.id = 'explain-title';
    title.textContent = data ? localized(data.title) : kind;
    const what = document.createElement('p');
    what.className = 'explain-kind';
    what.textContent = text(table === 'optimizer' ? 'card.optimizer' : 'card.schedule');
    const close = document.createElement('button');
    close.type = 'button';
    close.className = 'secondary small explain-close';
    close.textContent = '×';
    close.setAttribute('aria-label', text('card.close'));
    close.addEventListener('click', () => this.close({ focus: true }));
    head.append(what, close);
    card.replaceChildren(head, title);
    if (!data) return;
    card.dataset.kind = kind;
    card.dataset.table = table;
    const formulas = document.createElement('div');
    formulas.className = 'formulas';
    formulas.append(...data.tex.map((tex) => math(katex, tex, true)));
    const symbols = document.createElement('dl');
    symbols.className = 'symbols';
    symbols.setAttribute('aria-label', text('card.symbols'));
    for (const [tex, field] of data.symbols) {
      const dt = document.createElement('dt');
      dt.append(math(katex, tex, false));
      const dd = document.createElement('dd');
      const name = localized(field);
      // a symbol described by torch's argument name alone (momentum) is that name, as code, in every language
      if (/^[a-z_][a-z0-9_]*$/.test(name)) dd.append(Object.assign(document.createElement('code'), { textContent: name }));
      else dd.textContent = name;
      symbols.append(dt, dd);
    }
    const intuition = document.createElement('p');
    intuition.className = 'intuition';
    intuition.textContent = localized(data.intuition);
    const torch = document.createElement('p');
    torch.className = 'note';
    torch.textContent = text('card.torch', { torch: localized(data.torch) });
    card.append(formulas, symbols, intuition, torch);
  }

  /** Places the card under its button (a sheet at the bottom of a phone's screen). */
  place() {
    const card = this.card;
    if (!card || card.hidden || !this.anchor) return;
    if (innerWidth < 600) {
      card.classList.add('sheet');
      card.style.left = card.style.top = '';
      return;
    }
    card.classList.remove('sheet');
    const r = this.anchor.getBoundingClientRect();
    const width = card.offsetWidth;
    const height = card.offsetHeight;
    let left;
    let top;
    if (innerWidth - r.right >= width + 16) { // beside the button (the form is on the left): nothing of it is covered
      left = r.right + 8;
      top = Math.max(8, Math.min(r.top - 24, innerHeight - height - 8));
    } else {
      left = Math.max(8, Math.min(r.left, innerWidth - width - 8));
      const below = r.bottom + 6;
      top = below + height < innerHeight - 8 ? below : Math.max(8, r.top - 6 - height);
    }
    card.style.left = `${left + scrollX}px`;
    card.style.top = `${top + scrollY}px`;
  }

  /** Closes the card (focus: back to its button). */
  close({ focus = false } = {}) {
    clearTimeout(this.timer);
    if (!this.card) return;
    this.card.hidden = true;
    this.pinned = false;
    this.anchor?.setAttribute('aria-expanded', 'false');
    if (focus) this.anchor?.focus();
  }

  /**
   * After the form was redrawn: the open card follows its select's new button (and kind), or closes
   * when the select is gone.
   * @param {HTMLElement} root the form
   */
  refresh(root) {
    if (!this.isOpen || !this.anchor || this.anchor.isConnected) return;
    const path = this.anchor.dataset.explainPath;
    const button = [...root.querySelectorAll('.info-button')].find((b) => b.dataset.explainPath === path);
    if (!button) {
      this.close();
      return;
    }
    const select = button.parentElement.querySelector('select');
    const focus = this.card.contains(document.activeElement);
    this.anchor = null;
    this.open(button, button.dataset.explain, select?.value ?? this.kind, { pinned: this.pinned });
    if (focus) button.focus();
  }
}
