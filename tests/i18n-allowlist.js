// i18n-allowlist.js — what may stay in Latin letters in the Chinese interface, in one place, shared by
// tests/node/strings.test.js (the string tables) and tests/browser/i18n.test.js (the page as shown).
//
// A Chinese text passes when, after removing the names below, {placeholders}, numbers in exponent form
// and code identifiers, no run of two or more Latin letters is left. Single letters pass by themselves
// (w, b, x, y, f, H, I: symbols in formulas). Keep this list short: every entry is a proper name or a
// symbol that a Chinese text writes as it is, never an English word that merely has not been
// translated yet. User data (run names, experiment names, the teacher's note) is not allowlisted here:
// the browser test excludes it by where it appears.

/** Proper names and symbols written as they are in a Chinese text. */
export const ALLOWED_NAMES = Object.freeze([
  // the product
  'descent',
  // optimizers and methods, as torch.optim and the literature spell them
  'SGD', 'Adam', 'AdamW', 'NAdam', 'RAdam', 'AdaGrad', 'Adagrad', 'RMSProp', 'RMSprop', 'Adadelta', 'Adamax',
  'Rprop', 'L-BFGS', 'GD', 'Nesterov', 'Hessian',
  // test functions, named after people
  'Rosenbrock', 'Himmelblau', 'Beale', 'Rastrigin',
  // cited authors (Li et al. 2018, the random-direction plane)
  'Li',
  // losses, as torch.nn names them
  'MSE', 'BCE',
  // software, formats and the web
  'PyTorch', 'torch', 'Python', 'Jupyter', 'KaTeX', 'PNG', 'CSV', 'JSON', 'URL', 'npz', 'numpy', 'NumPy',
  'Optuna', 'WebAssembly', 'Node.js', 'Chart.js', 'iframe',
  // the language switch names English in English
  'English',
  // symbols: the learning rate as torch.optim names it; a key name (Shift-drag pans a chart)
  'lr', 'Shift',
]);

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
/** The names as one regexp, longest first (Node.js before a bare "js"), whole words only. */
const NAMES = new RegExp(`(?<![A-Za-z0-9])(?:${[...ALLOWED_NAMES].sort((a, b) => b.length - a.length).map(escape).join('|')})(?![A-Za-z0-9])`, 'g');

/** Numbers in exponent form: 1e-5, 2.5E+3, 1e−6 (with a minus sign). */
const EXPONENT = /[-+−]?\d+(?:\.\d+)?e[-+−]?\d+/gi;
/** Code identifiers, which the user types in JSON or Python as they are: divergeFactor, weight_decay. */
const IDENTIFIER = /(?<![A-Za-z0-9_])(?:[a-z][a-z0-9]*(?:[A-Z][a-z0-9]*)+|[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+)(?![A-Za-z0-9_])/g;
/** A template's {placeholder}. */
const PLACEHOLDER = /\{\w+\}/g;

/**
 * The English words left in `text` once the allowlisted names, placeholders, exponent numbers and
 * code identifiers are removed: [] for a text that passes.
 * @param {string} text
 * @returns {string[]}
 */
export function englishWords(text) {
  const rest = String(text).replace(PLACEHOLDER, ' ').replace(EXPONENT, ' ').replace(NAMES, ' ').replace(IDENTIFIER, ' ');
  return rest.match(/[A-Za-z]{2,}/g) ?? [];
}
