// layout.js — the page's frame: on narrow screens the charts and the settings are two tabs (the
// charts first), and the keyboard shortcuts (Space runs or pauses, S steps, R resets). Each control's
// own keys stay its own: a shortcut never fires while a text box, a list or a button has the focus
// (Space on a button presses that button).

const $ = (id) => document.getElementById(id);
/** Below this width (px) the settings and the charts are tabs (style.css has the same breakpoint). */
const NARROW = '(max-width: 999px)';

/** Shows pane 'charts' or 'settings' (on a wide screen both are always shown). */
export function showTab(name) {
  const layout = document.querySelector('.layout');
  layout.dataset.tab = name;
  for (const [tab, pane] of [['tab-charts', 'charts'], ['tab-settings', 'settings']]) {
    const on = pane === name;
    $(tab).setAttribute('aria-selected', String(on));
    $(tab).tabIndex = on ? 0 : -1;
  }
}

/** Makes sure `element` can be seen: switches to the tab that holds it. */
export function reveal(element) {
  if (!element || !matchMedia(NARROW).matches) return;
  if ($('controls').contains(element)) showTab('settings');
  else if ($('charts').contains(element)) showTab('charts');
}

/** A key typed into a control is the control's. */
function ownsKeys(target) {
  return target instanceof Element && Boolean(target.closest('input, select, textarea, button, summary, a, [contenteditable], [role="tab"]'));
}

/**
 * Wires the tabs and the shortcuts.
 * @param {{primary: () => void, step: () => void, reset: () => void}} actions
 */
export function setUpLayout(actions) {
  const tabs = [$('tab-charts'), $('tab-settings')];
  tabs.forEach((tab, k) => {
    tab.addEventListener('click', () => showTab(k === 0 ? 'charts' : 'settings'));
    tab.addEventListener('keydown', (event) => {
      if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
      const other = tabs[1 - k];
      showTab(other === tabs[0] ? 'charts' : 'settings');
      other.focus();
      event.preventDefault();
    });
  });
  // The skip link lands on the charts (their tab on a narrow screen).
  document.querySelector('.skip-link').addEventListener('click', () => {
    showTab('charts');
    setTimeout(() => $('charts').focus({ preventScroll: false }), 0);
  });
  document.addEventListener('keydown', (event) => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || ownsKeys(event.target)) return;
    const key = event.key.toLowerCase();
    if (key === ' ') actions.primary();
    else if (key === 's') actions.step();
    else if (key === 'r') actions.reset();
    else return;
    event.preventDefault();
  });
}
