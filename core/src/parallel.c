/* parallel.c — a fused loss + gradient pass split into blocks that any threads may compute
 * (descent.h, "Deterministic threads").
 *
 * The kernels add each block's float32 sums into the double outputs in block order. A kernel call
 * on one block into zeroed doubles leaves exactly that block's float32 sums in them (0 + s = s for
 * every float s but −0, and the running totals below start at +0, to which +0 and −0 add alike), so
 * adding the blocks' partials into the totals in block order reproduces a single call's bits, on
 * however many threads the blocks were computed.
 *
 * In the threaded build (DSC_THREADS: shared memory, web/lib/threads.js) the host imports
 * dsc_threads_blocks: it hands ranges of blocks to its worker instances, computes one range itself
 * through dsc_lossgrad_blocks and returns when all are done. Everything a worker reads (the job, X,
 * y, w) and writes (its rows of the partials) is in the shared memory; the job lives on the calling
 * thread's stack, which is blocked until the host returns. */
#include <string.h>

#include "descent.h"

#if DSC_THREADS
__attribute__((import_module("env"), import_name("dsc_threads_blocks")))
void dsc_threads_blocks(const dsc_lossgrad_job *job, int32_t blocks);
#endif

size_t dsc_lossgrad_partials_len(size_t rows, size_t d) {
  return (rows + DSC_BLOCK_ROWS - 1) / DSC_BLOCK_ROWS * (d + 2);
}

void dsc_lossgrad_blocks(const dsc_lossgrad_job *job, int32_t first, int32_t end) {
  const size_t d = job->batch.d, stride = d + 2;
  for (int32_t k = first; k < end; k++) {
    const size_t start = (size_t)k * DSC_BLOCK_ROWS;
    const size_t left = job->batch.rows - start;
    double *p = job->partials + (size_t)k * stride;
    dsc_batch block = {job->batch.X + start * d, job->batch.y + start, NULL,
                       left < DSC_BLOCK_ROWS ? left : DSC_BLOCK_ROWS, d};
    memset(p, 0, stride * sizeof(double));
    job->kernel(&block, job->w, job->b, job->loss, job->delta, p, job->gradient ? p + 1 : NULL);
  }
}

void dsc_lossgrad_parallel(dsc_lossgrad_fn kernel, const dsc_batch *batch, const float *w, float b,
                           dsc_loss loss, float delta, double *partials, double *loss_sum,
                           double *grad_sum) {
  const size_t d = batch->d, stride = d + 2;
  const int32_t blocks = (int32_t)((batch->rows + DSC_BLOCK_ROWS - 1) / DSC_BLOCK_ROWS);
  const dsc_lossgrad_job job = {kernel, *batch, w, b, delta, loss, grad_sum != NULL, partials, blocks};
#if DSC_THREADS
  dsc_threads_blocks(&job, blocks);
#else
  dsc_lossgrad_blocks(&job, 0, blocks);
#endif
  for (int32_t k = 0; k < blocks; k++) { /* block order: the kernel's own order of additions */
    const double *p = partials + (size_t)k * stride;
    *loss_sum += p[0];
    if (grad_sum)
      for (size_t j = 0; j <= d; j++) grad_sum[j] += p[1 + j];
  }
}
