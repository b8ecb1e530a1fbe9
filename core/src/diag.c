/* diag.c — diagnostics for tests: how much of the heap is in use. */
#include <malloc.h>

#include "descent.h"

size_t dsc_heap_used(void) {
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
  return mallinfo2().uordblks;
#else
  return (size_t)mallinfo().uordblks;
#endif
}
