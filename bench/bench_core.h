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

#endif
