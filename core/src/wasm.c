/* wasm.c — entry translation unit of the standalone WebAssembly module.
 *
 * The module has no main(): it is a library. Its exports are listed in CMakeLists.txt
 * (DSC_EXPORTS) and wrapped once, at load, by web/lib/engine.js. */
#include "descent.h"
