// count-validations.mjs — module hooks for tests that count validations (not a test file itself).
// Every import of web/lib/experiment.js gets a copy of its exports whose validateExperiment counts
// its calls in globalThis.descentValidations, so a test sees every validation, wherever it is made
// (the page's document edits, link.js, …). Use: module.register('./count-validations.mjs',
// import.meta.url) before importing any descent module (dynamic imports only).

const EXPERIMENT = /\/web\/lib\/experiment\.js$/;

export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  if (!EXPERIMENT.test(new URL(resolved.url).pathname) || resolved.url.endsWith('?uncounted')) return resolved;
  const real = JSON.stringify(`${resolved.url}?uncounted`);
  const source = [
    `import * as real from ${real};`,
    `export * from ${real};`,
    'export function validateExperiment(input) {',
    '  globalThis.descentValidations = (globalThis.descentValidations ?? 0) + 1;',
    '  return real.validateExperiment(input);',
    '}',
  ].join('\n');
  return { url: `data:text/javascript,${encodeURIComponent(source)}`, shortCircuit: true };
}
