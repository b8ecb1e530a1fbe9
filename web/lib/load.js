// load.js — turning descent.wasm's bytes into a compiled module, and the imports it asks for. It reads
// the module's import list only; instantiating it and everything after is engine.js's.

import { DescentError } from './errors.js';

/**
 * Compiles descent.wasm.
 * @param {BufferSource | Response | Promise<Response>} source the module's bytes (Node) or a fetch
 *   response (browsers: compiled while it streams)
 * @returns {Promise<WebAssembly.Module>}
 */
export async function compileModule(source) {
  const awaited = await source;
  if (typeof Response !== 'undefined' && awaited instanceof Response) {
    if (!awaited.ok) throw new DescentError(`could not load descent.wasm: HTTP ${awaited.status}`);
    return WebAssembly.compileStreaming
      ? WebAssembly.compileStreaming(awaited)
      : WebAssembly.compile(await awaited.arrayBuffer());
  }
  return WebAssembly.compile(awaited);
}

/**
 * The import object a module asks for. The core needs nothing from its host but a memory growth
 * notification (and descent-mt.wasm its memory and dsc_threads_blocks: threads.js passes them in
 * `extra`); anything else it imports is a build mistake and throws when called.
 * @param {WebAssembly.Module} module
 * @param {{env?: object}} [extra] more imports, by module and name
 */
export function importsFor(module, extra = {}) {
  const provided = { env: { emscripten_notify_memory_growth: () => {}, ...extra.env } };
  const imports = {};
  for (const { module: mod, name, kind } of WebAssembly.Module.imports(module)) {
    const given = provided[mod]?.[name];
    if (kind !== 'function' && given === undefined) throw new DescentError(`descent.wasm imports ${mod}.${name} (${kind}), which the engine does not provide`);
    imports[mod] ??= {};
    imports[mod][name] = given ?? (() => {
      throw new DescentError(`descent.wasm called ${mod}.${name}, which the engine does not provide`);
    });
  }
  return imports;
}
