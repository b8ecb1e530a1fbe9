// errors.js — descent's two error types and how they cross a worker boundary.
//
// DescentError: the core (a C status with its message) or the engine refused a call.
// ExperimentError: an experiment document failed validation; `issues` lists every problem by path.
// Workers (the training worker, tuning workers in pages and in Node) reply {id, error} with
// serializeError(error); the caller rebuilds the same type with deserializeError, so a page or the
// CLI can tell a validation problem (show it next to the control) from a core failure.

/** An error reported by the core (a C status with its message) or by the engine itself. */
export class DescentError extends Error {
  /** @param {string} message @param {string} [status] 'EINVAL', 'ENOMEM', 'ESTATE', 'ENUMERIC', … */
  constructor(message, status = 'EINVAL') {
    super(message);
    this.name = 'DescentError';
    this.status = status;
  }
}

/** A validation failure: `issues` lists every problem found, in document order. */
export class ExperimentError extends Error {
  /** @param {{path: string, message: string, code?: string, vars?: object}[]} issues code and vars:
   *  the message's words in any language (issue-text.js); message: its English */
  constructor(issues) {
    super(issues.map((i) => `${i.path || 'experiment'}: ${i.message}`).join('\n'));
    this.name = 'ExperimentError';
    this.issues = issues;
  }
}

/**
 * A structured-clone-safe description of an error: {name, message, status?, issues?}.
 * @param {unknown} error
 * @returns {{name: string, message: string, status?: string, issues?: {path: string, message: string, code?: string, vars?: object}[]}}
 */
export function serializeError(error) {
  const out = { name: typeof error?.name === 'string' ? error.name : 'Error', message: String(error?.message ?? error) };
  if (Array.isArray(error?.issues)) {
    // code and vars (schema.js's issues) let the page say the message in its language
    out.issues = error.issues.map(({ path, message, code, vars }) => (typeof code === 'string'
      ? { path: String(path), message: String(message), code, vars: structuredClone(vars ?? {}) }
      : { path: String(path), message: String(message) }));
  }
  if (typeof error?.status === 'string') out.status = error.status;
  return out;
}

/**
 * The error a serializeError() description stands for: an ExperimentError (with its issues), a
 * DescentError (with its status), or an Error of the same name and message.
 * @param {{name?: string, message?: string, status?: string, issues?: object[]}} data
 * @returns {Error}
 */
export function deserializeError(data) {
  const message = String(data?.message ?? 'unknown error');
  if (data?.name === 'ExperimentError' && Array.isArray(data.issues)) return new ExperimentError(data.issues);
  if (data?.name === 'DescentError') return new DescentError(message, data.status);
  const error = new Error(message);
  if (typeof data?.name === 'string') error.name = data.name;
  if (typeof data?.status === 'string') error.status = data.status;
  return error;
}
