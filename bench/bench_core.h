/* bench_core.h — what the native driver (native_bench.c) and the wasm SGD probe (bench_arith.wasm)
 * share, so that both build the very dataset and start point the JavaScript side uses
 * (bench/cases.mjs mirrors bench_data_create and bench_w0; keep them in sync). */
#ifndef DSC_BENCH_CORE_H
#define DSC_BENCH_CORE_H

#include <stdint.h>

#include "descent.h"

#define BENCH_SEED 42u /* experiment seed of every benchmark dataset */

/* The benchmark dataset: linear generator, n rows, d features, true weights all 3, bias 0,
   U(0, 1) noise, no test split, not standardised, seed BENCH_SEED. NULL on failure. */
dsc_data *bench_data_create(int32_t n, int32_t d);
/* The start point of every check and timed run: w_j = 0.25·(j mod 5 + 1), b = 0.5 (params[d]). */
void bench_w0(double *params, int32_t d);
/* The arithmetic of `updates` SGD updates with batch size 1 over data, without the trainer's
   bookkeeping: per update the float32 shadow of w, one fused kernel pass over one row (rows in data
   order, so that fetching them costs no memory latency) and dsc_optim_step (plain SGD at lr).
   Returns a parameter so that the work cannot be optimised away, or NaN when an allocation fails. */
double bench_sgd_arith(const dsc_data *data, double updates, double lr);
/* `passes` full-batch MSE passes over data from the start point, with descent's kernel (kernel 0,
   dsc_lossgrad_kernel()) or the textbook 4-row kernel of f32-lossgrad-plain4.c (kernel 1, SIMD builds
   only): the kernels alone, no trainer. Returns the last pass's mean loss (so that the work cannot be
   optimised away and the two kernels can be compared), NaN when an allocation fails or kernel 1 is
   missing. */
double bench_lossgrad_passes(const dsc_data *data, int32_t kernel, int32_t passes);
#if DSC_HAVE_WASMSIMD
void bench_f32_lossgrad_plain4(const float *X, const float *y, size_t n, size_t d, const float *w, float b,
                               double *loss_sum, double *grad_sum);
#endif

#endif
