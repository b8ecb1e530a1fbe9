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
 * notification; anything else it imports is a build mistake and throws when called.
 * @param {WebAssembly.Module} module
 */
export function importsFor(module) {
  const provided = { env: { emscripten_notify_memory_growth: () => {} } };
  const imports = {};
  for (const { module: mod, name, kind } of WebAssembly.Module.imports(module)) {
    if (kind !== 'function') throw new DescentError(`descent.wasm imports ${mod}.${name} (${kind}), which the engine does not provide`);
    imports[mod] ??= {};
    imports[mod][name] = provided[mod]?.[name] ?? (() => {
      throw new DescentError(`descent.wasm called ${mod}.${name}, which the engine does not provide`);
    });
  }
  return imports;
}
