/* mlp.c — multilayer perceptrons: their size, scratch and outputs (the passes over a batch are the
 * kernels f32-mlp-scalar.c / f32-mlp-wasmsimd.c, picked by dsc_mlp_kernel in kernels/dispatch.c).
 *
 * A network d → hidden[0] → … → hidden[n_hidden−1] → 1 with one activation for every hidden unit and
 * a linear output: the regression value (MSE) or the logit of P(y = 1) (BCE), as torch's
 * nn.Sequential(nn.Linear(d, h1), nn.Tanh(), …, nn.Linear(h_H, 1)). Parameters in torch's
 * parameters() order: for each layer its weight [out × in] row-major, then its bias. */
#include <stdlib.h>

#include "descent.h"
#include "kernels/mlp.h"

/* 1 when cfg is a valid mlp config for d inputs (the checks of dsc_model_config_check, silently). */
static int mlp_valid(const dsc_model_config *cfg, int32_t d) {
  if (!cfg || cfg->kind != DSC_MODEL_MLP || d < 1 || d > DSC_MAX_FEATURES) return 0;
  if (cfg->n_hidden < 1 || cfg->n_hidden > DSC_MAX_HIDDEN_LAYERS) return 0;
  for (int32_t l = 0; l < cfg->n_hidden; l++)
    if (cfg->hidden[l] < 1 || cfg->hidden[l] > DSC_MAX_HIDDEN_UNITS) return 0;
  return (cfg->loss == DSC_LOSS_MSE || cfg->loss == DSC_LOSS_BCE) &&
         cfg->activation >= DSC_ACT_TANH && cfg->activation <= DSC_ACT_SIGMOID;
}

int32_t dsc_mlp_param_count(const dsc_model_config *cfg, int32_t d) {
  dsc_mlp_layout L;
  if (!mlp_valid(cfg, d)) return 0;
  dsc_mlp_layout_of(cfg, (size_t)d, &L);
  return (int32_t)L.np;
}

size_t dsc_mlp_scratch_floats(const dsc_model_config *cfg, int32_t d) {
  dsc_mlp_layout L;
  if (!mlp_valid(cfg, d)) return 0;
  dsc_mlp_layout_of(cfg, (size_t)d, &L);
  return L.scratch;
}

dsc_status dsc_mlp_outputs(const dsc_model_config *cfg, const float *X, size_t n, size_t d,
                           const double *params, double *z_out, dsc_error *err) {
  dsc_mlp_layout L;
  dsc_mlp_layout_of(cfg, d, &L);
  float *pf = malloc((L.np + L.scratch) * sizeof(float));
  if (!pf)
    return dsc_error_set(err, DSC_ENOMEM, "mlp: cannot allocate %zu floats of parameters and scratch",
                         L.np + L.scratch);
  float *scratch = pf + L.np;
  for (size_t p = 0; p < L.np; p++) pf[p] = (float)params[p];
  for (size_t i = 0; i < n; i++)
    z_out[i] = (double)dsc_mlp_forward_row(&L, (dsc_activation)cfg->activation, pf, X + i * d, scratch, 0);
  free(pf);
  return DSC_OK;
}
