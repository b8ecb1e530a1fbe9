// i18n-allowlist.js — what may stay in Latin letters in the Chinese interface, in one place, shared by
// tests/node/strings.test.js (the string tables) and tests/browser/i18n.test.js (the page as shown).
//
// A Chinese text passes when, after removing the names below, {placeholders}, numbers in exponent form,
// code (identifiers, `backticks`, file names) and symbols (λmax), no run of two or more Latin letters is
// left. Single letters pass by themselves (w, b, x, y, f, H, I: symbols in formulas). Keep this list short: every entry is a proper name or a
// symbol that a Chinese text writes as it is, never an English word that merely has not been
// translated yet. User data (run names, experiment names, the teacher's note) is not allowlisted here:
// the browser test excludes it by where it appears.

import { RUN_STATUS } from '../web/lib/abi.js';
import { SCHEMA } from '../web/lib/experiment.js';

/** Proper names and symbols written as they are in a Chinese text. */
export const ALLOWED_NAMES = Object.freeze([
  // the product
  'descent',
  // optimizers and methods, as torch.optim and the literature spell them
  'SGD', 'Adam', 'AdamW', 'NAdam', 'RAdam', 'AdaGrad', 'Adagrad', 'RMSProp', 'RMSprop', 'Adadelta', 'Adamax',
  'Rprop', 'L-BFGS', 'BFGS', 'GD', 'Nesterov', 'Hessian', 'SGDR',
  // test functions, named after people
  'Rosenbrock', 'Himmelblau', 'Beale', 'Rastrigin',
  // cited authors (Li et al. 2018, the random-direction plane; Battiti 1989, the bold driver)
  'Li', 'Battiti',
  // losses and activations, as torch.nn names them; functions in formulas (log 2, tanh units, the logit)
  'MSE', 'BCE', 'tanh', 'relu', 'ReLU', 'sigmoid', 'log', 'exp', 'cos', 'logit',
  // software, formats and the web
  'PyTorch', 'torch', 'Python', 'Jupyter', 'KaTeX', 'PNG', 'CSV', 'JSON', 'URL', 'npz', 'numpy', 'NumPy',
  'Optuna', 'WebAssembly', 'Node.js', 'Chart.js', 'iframe', 'base64url', 'UTF-8',
  // HTTP headers, named as servers send them
  'Cross-Origin-Opener-Policy', 'Cross-Origin-Embedder-Policy',
  // methods named by their authors' words (Battiti's bold driver), losses by their authors
  'bold driver', 'Bold driver', 'Huber', 'MAE', 'Newton', 'LBFGS', 'Wolfe',
  // commands a message tells the reader to type
  'python3', 'jupyter notebook',
  // the language switch names English in English
  'English',
  // symbols: the learning rate as torch.optim names it; a key name (Shift-drag pans a chart)
  'lr', 'Shift',
]);

/**
 * The experiment format's own words: its field names and enum values (SCHEMA: momentum, betas, epoch,
 * reduce_on_plateau, zeros, rosenbrock), the run statuses (diverged), and torch's names the cards quote
 * (max in "eps inside the max", best in reduce-on-plateau's rule). They are code, typed as they are in a
 * JSON file or a torch call, so a Chinese sentence may quote them — but only a Chinese sentence: a
 * label, option or message that is nothing but such a word (an untranslated "momentum" label, say) still
 * fails. (The form shows a field labelled by its torch name as <code>, which the browser test skips.)
 */
export const FORMAT_WORDS = Object.freeze(formatWords());

function formatWords() {
  const words = new Set([...RUN_STATUS, 'full', 'auto', 'scale', 'zeros', 'true', 'false', 'null', 'max', 'best', 'step', 'float32', 'eta_min']);
  const add = (v) => { if (typeof v === 'string') words.add(v); };
  for (const table of Object.values(SCHEMA)) {
    for (const [field, spec] of Object.entries(table.fields ?? {})) {
      words.add(field);
      (spec.values ?? []).forEach(add);
      (spec.item?.values ?? []).forEach(add);
      for (const kind of Object.values(spec.byKind ?? {})) (kind.values ?? []).forEach(add);
    }
  }
  return [...words].filter((w) => /^[A-Za-z][A-Za-z0-9_]*$/.test(w));
}

/** Han characters: a text with any is a Chinese sentence. */
const HAN = /\p{Script=Han}/u;

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
/** The names as one regexp, longest first (Node.js before a bare "js"), whole words only. */
const FORMAT = new RegExp(`(?<![A-Za-z0-9_])(?:${[...FORMAT_WORDS].sort((a, b) => b.length - a.length).map(escape).join('|')})(?![A-Za-z0-9_])`, 'g');
const NAMES = new RegExp(`(?<![A-Za-z0-9])(?:${[...ALLOWED_NAMES].sort((a, b) => b.length - a.length).map(escape).join('|')})(?![A-Za-z0-9])`, 'g');

/** Numbers in exponent form: 1e-5, 2.5E+3, 1e−6 (with a minus sign). */
const EXPONENT = /[-+−]?\d+(?:\.\d+)?e[-+−]?\d+/gi;
/**
 * Code identifiers, which the user types in JSON or Python as they are: camelCase (divergeFactor),
 * snake_case (weight_decay), and dotted paths that are plainly code: torch.… and np.… (torch.optim.SGD),
 * or a path with an index (runs[0].optimizer.lr). A bare dotted word pair (training.ready: a string
 * key shown raw) is not excused. A plain word that is also a name in code (momentum, eps) cannot be told
 * from English: the page marks it as code with <code>, which the browser test skips.
 */
const IDENTIFIER = new RegExp([
  String.raw`(?:torch|np)(?:\.\w+)+`,
  String.raw`[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*\[\d+\](?:\.?[A-Za-z_]\w*|\[\d+\])*`,
  String.raw`[a-z][a-z0-9]*(?:[A-Z][a-z0-9]*)+`,
  String.raw`[A-Z][a-z0-9]+(?:[A-Z][A-Za-z0-9]*)+`, // torch's class names: StepLR, CosineAnnealingLR
  String.raw`[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+`,
].map((p) => `(?<![A-Za-z0-9_.])${p}(?![A-Za-z0-9_])`).join('|'), 'g');

/** Code in backticks, as the lessons write a command: `descent run examples/moons-mlp.json`. */
const BACKTICKS = /`[^`]*`/g;
/** A file name or path: examples/moons-mlp.json, results.csv. */
const FILE = /(?<![A-Za-z0-9_.\/-])[\w.-]+(?:\/[\w.-]+)*\.(?:json|csv|py|ipynb|npz|png|js|wasm)(?![A-Za-z0-9_])/g;
/** A Greek letter with a Latin subscript, written inline: λmax, λmin. */
const GREEK_SUBSCRIPT = /[\u0391-\u03a9\u03b1-\u03c9]_?[A-Za-z]+/g;
/** A template's {placeholder}. */
const PLACEHOLDER = /\{\w+\}/g;

/**
 * The English words left in `text` once the allowlisted names, placeholders, exponent numbers and
 * code identifiers are removed: [] for a text that passes.
 * @param {string} text
 * @returns {string[]}
 */
export function englishWords(text) {
  const patterns = [PLACEHOLDER, BACKTICKS, FILE, EXPONENT, GREEK_SUBSCRIPT, IDENTIFIER, NAMES];
  if (HAN.test(String(text))) patterns.push(FORMAT);
  const rest = patterns.reduce((t, pattern) => t.replace(pattern, ' '), String(text));
  return rest.match(/[A-Za-z]{2,}/g) ?? [];
}
