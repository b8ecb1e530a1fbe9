// threads-host.js — tells emcc that descent-mt.wasm imports dsc_threads_blocks from its host (the
// function itself is web/lib/threads.js's; core/src/parallel.c calls it). Linked with --js-library.
mergeInto(LibraryManager.library, { dsc_threads_blocks: function () {} });
