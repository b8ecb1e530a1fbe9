/* dispatch.c — the one place that picks the kernel ISA of this build (see CMake option DSC_SIMD). */
#include "descent.h"

dsc_lossgrad_fn dsc_lossgrad_kernel(void) {
#if DSC_HAVE_WASMSIMD
  return dsc_f32_lossgrad__wasmsimd;
#else
  return dsc_f32_lossgrad__scalar;
#endif
}

dsc_mlp_fn dsc_mlp_kernel(void) {
#if DSC_HAVE_WASMSIMD
  return dsc_f32_mlp__wasmsimd;
#else
  return dsc_f32_mlp__scalar;
#endif
}
