/* lossgrad.h — private to the lossgrad kernels: the per-row loss ℓ and derivative ℓ' in float32,
 * shared by f32-lossgrad-scalar.c and f32-lossgrad-wasmsimd.c so that both compute every row alike. */
#ifndef DSC_KERNELS_LOSSGRAD_H
#define DSC_KERNELS_LOSSGRAD_H

#include <math.h>

#include "descent.h"

/* ℓ and dℓ/dz of one row with prediction/logit z and target y (see dsc_loss). An unknown loss gives
   NaN for both, so that a bad enum shows up as a diverged objective rather than silently. */
static inline void dsc_lossgrad_row(dsc_loss loss, float z, float y, float delta, float *l,
                                    float *dl) {
  switch (loss) {
    case DSC_LOSS_MSE: { /* ℓ = r², ℓ' = 2r */
      float r = z - y;
      *l = r * r;
      *dl = 2.0f * r;
      return;
    }
    case DSC_LOSS_MAE: { /* ℓ = |r|, ℓ' = sign(r) with sign(0) = 0 (NaN stays NaN) */
      float r = z - y;
      *l = fabsf(r);
      *dl = r > 0.0f ? 1.0f : (r < 0.0f ? -1.0f : r);
      return;
    }
    case DSC_LOSS_HUBER: { /* ℓ = ½r² (|r| < δ) else δ(|r| − ½δ); ℓ' = r else δ·sign(r) */
      float r = z - y;
      float a = fabsf(r);
      if (a < delta) {
        *l = 0.5f * r * r;
        *dl = r;
      } else {
        *l = delta * (a - 0.5f * delta);
        *dl = copysignf(delta, r);
      }
      return;
    }
    case DSC_LOSS_BCE: { /* ℓ = max(z,0) − y·z + log1p(e^{−|z|}); ℓ' = σ(z) − y */
      float e = expf(-fabsf(z)); /* in (0, 1]: never overflows */
      *l = (z > 0.0f ? z : 0.0f) - y * z + log1pf(e);
      /* σ(z) = 1/(1 + e^{−z}) for z >= 0, e^{z}/(1 + e^{z}) for z < 0: both use e = e^{−|z|} */
      float sigma = z >= 0.0f ? 1.0f / (1.0f + e) : e / (1.0f + e);
      *dl = sigma - y;
      return;
    }
  }
  *l = NAN;
  *dl = NAN;
}

#endif
