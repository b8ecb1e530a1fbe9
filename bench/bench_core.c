/* bench_core.c — the benchmark dataset, start point and SGD arithmetic probe (see bench_core.h). */
#include "bench_core.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

dsc_data *bench_data_create(int32_t n, int32_t d) {
  dsc_data_config cfg;
  dsc_data *data = NULL;
  dsc_data_config_default(&cfg, DSC_GEN_LINEAR);
  cfg.generator = DSC_GEN_LINEAR;
  cfg.n = n;
  cfg.d = d;
  cfg.noise = DSC_NOISE_UNIFORM;
  cfg.noise_level = 1.0;
  cfg.test_fraction = 0.0;
  cfg.standardize = 0;
  if (dsc_data_generate(&cfg, BENCH_SEED, &data, NULL) != DSC_OK) return NULL;
  return data;
}

void bench_w0(double *params, int32_t d) {
  for (int32_t j = 0; j < d; j++) params[j] = 0.25 * (double)(j % 5 + 1);
  params[d] = 0.5;
}

double bench_sgd_arith(const dsc_data *data, double updates, double lr) {
  const size_t n = (size_t)dsc_data_n_train(data), d = (size_t)dsc_data_d(data);
  const dsc_lossgrad_fn kernel = dsc_lossgrad_kernel();
  double *params = malloc(2 * (d + 1) * sizeof(double));
  float *wf = malloc(d * sizeof(float));
  dsc_optim_config cfg;
  dsc_optim opt;
  double out = NAN;
  dsc_optim_config_default(&cfg, DSC_OPTIM_SGD);
  cfg.lr = lr;
  if (!params || !wf || dsc_optim_init(&opt, &cfg, d + 1, NULL) != DSC_OK) goto done;
  {
    double *grad = params + d + 1;
    dsc_batch batch = {dsc_data_x_train(data), dsc_data_y_train(data), NULL, 1, d};
    bench_w0(params, (int32_t)d);
    const int64_t total = (int64_t)updates;
    size_t i = 0;
    for (int64_t u = 0; u < total; u++) {
      double loss = 0;
      for (size_t j = 0; j < d; j++) wf[j] = (float)params[j];
      memset(grad, 0, (d + 1) * sizeof(double));
      batch.X = dsc_data_x_train(data) + i * d;
      batch.y = dsc_data_y_train(data) + i;
      kernel(&batch, wf, (float)params[d], DSC_LOSS_MSE, 1.0f, &loss, grad);
      dsc_optim_step(&opt, params, grad, lr);
      if (++i == n) i = 0;
    }
    out = params[0];
    dsc_optim_free(&opt);
  }
done:
  free(params);
  free(wf);
  return out;
}

double bench_lossgrad_passes(const dsc_data *data, int32_t kernel, int32_t passes) {
  const size_t n = (size_t)dsc_data_n_train(data), d = (size_t)dsc_data_d(data);
  const dsc_batch batch = {dsc_data_x_train(data), dsc_data_y_train(data), NULL, n, d};
  double *params = malloc(2 * (d + 1) * sizeof(double));
  float *wf = malloc(d * sizeof(float));
  double loss = NAN;
  if (!params || !wf || (kernel != 0 && !DSC_HAVE_WASMSIMD)) goto done;
  {
    double *grad = params + d + 1;
    bench_w0(params, (int32_t)d);
    for (size_t j = 0; j < d; j++) wf[j] = (float)params[j];
    for (int32_t p = 0; p < passes; p++) {
      loss = 0;
      memset(grad, 0, (d + 1) * sizeof(double));
#if DSC_HAVE_WASMSIMD
      if (kernel != 0) {
        bench_f32_lossgrad_plain4(batch.X, batch.y, n, d, wf, (float)params[d], &loss, grad);
        continue;
      }
#endif
      dsc_lossgrad_kernel()(&batch, wf, (float)params[d], DSC_LOSS_MSE, 1.0f, &loss, grad);
    }
    loss /= (double)n;
  }
done:
  free(params);
  free(wf);
  return loss;
}
