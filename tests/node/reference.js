// reference.js — an independent float64 reference for descent's numerics.
//
// Written from the semantics stated in core/include/descent.h and from torch.optim /
// torch.optim.lr_scheduler (PyTorch 2.x, single parameter group, maximize=False, foreach=False),
// without looking at the C core or the engine. It does not import anything from web/ or core/.
// The optimizers and schedules added later (NAdam, RAdam, Adadelta, Adamax, Rprop; OneCycleLR,
// CyclicLR, CosineAnnealingWarmRestarts, MultiStepLR, PolynomialLR, SequentialLR) are checked against
// torch 1.13 itself in torch.test.js (tests/torch/golden.json, made by tests/torch/golden.py).
//
// Conventions (the core's, see descent.h):
// - Data are float32: every X and y value goes through Math.fround on the way in (what the core sees).
//   Everything after that is float64 here; the core computes dot products and per-row terms in float32,
//   so the engine agrees with this reference to ~1e-7 relative, not bit for bit.
// - params = [w_0 .. w_{d-1}, b]: weights first, bias last.
// - Loss is the mean over the batch (MSE without the ½).

// ------------------------------------------------------------------------------------------------
// Data helpers
// ------------------------------------------------------------------------------------------------

/** Rounds a data set to float32, as the core stores it. X is an array of rows. */
export function toFloat32Data(X, y) {
  return {
    X: X.map((row) => row.map((v) => Math.fround(v))),
    y: y.map((v) => Math.fround(v)),
  };
}

/**
 * A small deterministic PRNG (mulberry32, public domain), for building test data in JavaScript.
 * Independent of the core's PCG32 on purpose: tests pass these values in as inline data.
 */
export function mulberry32(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    uniform: next,
    /** Standard normal by Box–Muller. */
    normal() {
      let u = next();
      while (u === 0) u = next();
      const v = next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
  };
}

/** Seed-like data: n rows, x ~ U(0,1), y = 3x + U(0,1) (the seed experiment's distribution). */
export function seedLikeData(n, seed = 1) {
  const rng = mulberry32(seed);
  const X = [];
  const y = [];
  for (let i = 0; i < n; i++) {
    const x = rng.uniform();
    X.push([x]);
    y.push(3 * x + rng.uniform());
  }
  return { X, y };
}

/** Two Gaussian blobs in d dimensions, means ±sep/2 along (1,..,1)/√d, std 1; labels 0/1 alternate. */
export function blobsData(n, d, sep, seed = 1) {
  const rng = mulberry32(seed);
  const X = [];
  const y = [];
  for (let i = 0; i < n; i++) {
    const label = i % 2;
    const sign = label ? 1 : -1;
    X.push(Array.from({ length: d }, () => (sign * sep) / 2 / Math.sqrt(d) + rng.normal()));
    y.push(label);
  }
  return { X, y };
}

// ------------------------------------------------------------------------------------------------
// Losses: value ℓ(r) and derivative ℓ'(r) per row
// ------------------------------------------------------------------------------------------------

const sign = (v) => (v > 0 ? 1 : v < 0 ? -1 : 0);

/**
 * Per-row loss and its derivative with respect to the prediction z.
 * Linear losses take r = z − y; BCE takes the logit z and the target y.
 * @returns {{value: number, deriv: number}}
 */
export function rowLoss(loss, z, y, delta = 1) {
  switch (loss) {
    case 'mse': {
      // ℓ = r², ℓ' = 2r (torch MSELoss, mean reduction: no ½)
      const r = z - y;
      return { value: r * r, deriv: 2 * r };
    }
    case 'mae': {
      // ℓ = |r|, ℓ' = sign(r), 0 at 0 (torch L1Loss)
      const r = z - y;
      return { value: Math.abs(r), deriv: sign(r) };
    }
    case 'huber': {
      // ℓ = ½r² if |r| < δ else δ(|r| − ½δ); ℓ' = r or δ·sign(r) (torch HuberLoss)
      const r = z - y;
      const a = Math.abs(r);
      return a < delta
        ? { value: 0.5 * r * r, deriv: r }
        : { value: delta * (a - 0.5 * delta), deriv: delta * sign(r) };
    }
    case 'bce': {
      // ℓ = softplus(z) − y·z = max(z,0) + log1p(e^{−|z|}) − y·z (BCEWithLogitsLoss); ℓ' = σ(z) − y
      const value = Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - y * z;
      const sigma = z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
      return { value, deriv: sigma - y };
    }
    default:
      throw new Error(`reference: unknown loss ${loss}`);
  }
}

function predict(row, params) {
  const d = row.length;
  let z = params[d];
  for (let j = 0; j < d; j++) z += row[j] * params[j];
  return z;
}

/**
 * Model description used by the reference: {loss, delta, l1, l2}.
 * Missing fields default to mse, δ = 1, no penalty.
 */
function modelOf(model = {}) {
  return { loss: model.loss ?? 'mse', delta: model.delta ?? 1, l1: model.l1 ?? 0, l2: model.l2 ?? 0 };
}

/** Data loss (no penalty): (1/n) Σ ℓ(r_i) over the given rows (all rows when rows is undefined). */
export function dataLoss(model, X, y, params, rows) {
  const m = modelOf(model);
  const idx = rows ?? X.map((_, i) => i);
  if (idx.length === 0) return NaN;
  let sum = 0;
  for (const i of idx) sum += rowLoss(m.loss, predict(X[i], params), y[i], m.delta).value;
  return sum / idx.length;
}

/** Penalty λ₁‖w‖₁ + λ₂‖w‖² on the weights (not the bias). */
export function penalty(model, params) {
  const m = modelOf(model);
  const d = params.length - 1;
  let p = 0;
  for (let j = 0; j < d; j++) p += m.l1 * Math.abs(params[j]) + m.l2 * params[j] * params[j];
  return p;
}

/** Objective: (1/n) Σ ℓ(r_i) + λ₁‖w‖₁ + λ₂‖w‖² over the given rows (default all). */
export function objective(model, X, y, params, rows) {
  return dataLoss(model, X, y, params, rows) + penalty(model, params);
}

/**
 * Gradient of the objective over the given rows: (1/B) Σ ℓ'(r_i)·[x_i, 1] plus the penalty's
 * gradient on the weights (L1: λ₁·sign(w), L2: 2λ₂·w). Returns a new array of d + 1 values.
 */
export function gradient(model, X, y, params, rows) {
  const m = modelOf(model);
  const d = params.length - 1;
  const idx = rows ?? X.map((_, i) => i);
  const g = new Array(d + 1).fill(0);
  for (const i of idx) {
    const { deriv } = rowLoss(m.loss, predict(X[i], params), y[i], m.delta);
    for (let j = 0; j < d; j++) g[j] += deriv * X[i][j];
    g[d] += deriv;
  }
  for (let j = 0; j <= d; j++) g[j] /= idx.length;
  for (let j = 0; j < d; j++) g[j] += m.l1 * sign(params[j]) + 2 * m.l2 * params[j];
  return g;
}

/** Central finite-difference gradient of the objective, for checking `gradient`. */
export function numericGradient(model, X, y, params, h = 1e-6) {
  return params.map((_, j) => {
    const plus = params.slice();
    const minus = params.slice();
    plus[j] += h;
    minus[j] -= h;
    return (objective(model, X, y, plus) - objective(model, X, y, minus)) / (2 * h);
  });
}

// ------------------------------------------------------------------------------------------------
// Optimizers: one object per torch.optim class, step(params, grad, lr) updates params in place
// ------------------------------------------------------------------------------------------------

/**
 * Creates an optimizer for n parameters from a descent optimizer config (torch names):
 * {kind, lr, momentum, dampening, nesterov, weight_decay, betas, eps, amsgrad, alpha, centered,
 *  initial_accumulator_value, lr_decay, momentum_decay, rho, etas, step_sizes}. Missing fields take
 * torch's defaults.
 * step(params, grad, lr, momentum) applies one update in place at learning rate lr (the schedule's
 * value); momentum, when given, replaces the momentum (SGD, RMSprop) or betas[0] (the Adam family) for
 * this step, as a schedule that cycles momentum writes it into torch's param group.
 */
export function createOptimizer(cfg, n) {
  const wd = cfg.weight_decay ?? (cfg.kind === 'adamw' ? 1e-2 : 0);
  const zeros = () => new Array(n).fill(0);
  // torch: `grad = grad.add(param, alpha=weight_decay)` (L2 added to the gradient, every parameter)
  const withDecay = (p, g) => (wd !== 0 ? g.map((gi, i) => gi + wd * p[i]) : g.slice());

  switch (cfg.kind) {
    case 'sgd': {
      // torch.optim.SGD: buf = g on the first step, then buf = μ·buf + (1 − dampening)·g;
      // Nesterov uses g + μ·buf, else buf; p -= lr·d_p.
      const mu0 = cfg.momentum ?? 0;
      const damp = cfg.dampening ?? 0;
      const nesterov = cfg.nesterov ?? false;
      let buf = null;
      return {
        step(p, grad, lr, cycled) {
          const mu = cycled ?? mu0;
          let dp = withDecay(p, grad);
          if (mu !== 0) {
            if (buf === null) buf = dp.slice();
            else buf = buf.map((b, i) => mu * b + (1 - damp) * dp[i]);
            dp = nesterov ? dp.map((g, i) => g + mu * buf[i]) : buf.slice();
          }
          for (let i = 0; i < n; i++) p[i] -= lr * dp[i];
        },
      };
    }
    case 'adagrad': {
      // torch.optim.Adagrad: clr = lr / (1 + (t − 1)·lr_decay); sum += g²; p -= clr·g / (√sum + eps).
      const lrDecay = cfg.lr_decay ?? 0;
      const eps = cfg.eps ?? 1e-10;
      const sum = new Array(n).fill(cfg.initial_accumulator_value ?? 0);
      let t = 0;
      return {
        step(p, grad, lr) {
          t += 1;
          const g = withDecay(p, grad);
          const clr = lr / (1 + (t - 1) * lrDecay);
          for (let i = 0; i < n; i++) {
            sum[i] += g[i] * g[i];
            p[i] -= (clr * g[i]) / (Math.sqrt(sum[i]) + eps);
          }
        },
      };
    }
    case 'rmsprop': {
      // torch.optim.RMSprop: sq = α·sq + (1 − α)·g²; centered: ga = α·ga + (1 − α)·g and
      // avg = √(sq − ga²) + eps, else avg = √sq + eps; momentum: buf = μ·buf + g/avg, p -= lr·buf;
      // else p -= lr·g/avg.
      const alpha = cfg.alpha ?? 0.99;
      const eps = cfg.eps ?? 1e-8;
      const mu0 = cfg.momentum ?? 0;
      const centered = cfg.centered ?? false;
      const sq = zeros();
      const ga = zeros();
      const buf = zeros();
      return {
        step(p, grad, lr, cycled) {
          const mu = cycled ?? mu0;
          const g = withDecay(p, grad);
          for (let i = 0; i < n; i++) {
            sq[i] = alpha * sq[i] + (1 - alpha) * g[i] * g[i];
            let avg;
            if (centered) {
              ga[i] = alpha * ga[i] + (1 - alpha) * g[i];
              avg = Math.sqrt(sq[i] - ga[i] * ga[i]) + eps;
            } else {
              avg = Math.sqrt(sq[i]) + eps;
            }
            if (mu > 0) {
              buf[i] = mu * buf[i] + g[i] / avg;
              p[i] -= lr * buf[i];
            } else {
              p[i] -= (lr * g[i]) / avg;
            }
          }
        },
      };
    }
    case 'adam':
    case 'adamw': {
      // torch.optim.Adam / AdamW: (AdamW first p *= 1 − lr·wd; Adam adds wd·p to g instead)
      // m = β₁m + (1 − β₁)g; v = β₂v + (1 − β₂)g²; bc1 = 1 − β₁ᵗ, bc2 = 1 − β₂ᵗ;
      // amsgrad: vmax = max(vmax, v) and v̂ = vmax; denom = √v̂ / √bc2 + eps; p -= (lr / bc1)·m / denom.
      const decoupled = cfg.kind === 'adamw';
      const [beta1, b2] = cfg.betas ?? [0.9, 0.999];
      const eps = cfg.eps ?? 1e-8;
      const amsgrad = cfg.amsgrad ?? false;
      const m = zeros();
      const v = zeros();
      const vmax = zeros();
      let t = 0;
      return {
        step(p, grad, lr, cycled) {
          const b1 = cycled ?? beta1;
          t += 1;
          let g;
          if (decoupled) {
            for (let i = 0; i < n; i++) p[i] *= 1 - lr * wd;
            g = grad.slice();
          } else {
            g = withDecay(p, grad);
          }
          const bc1 = 1 - b1 ** t;
          const bc2 = 1 - b2 ** t;
          const stepSize = lr / bc1;
          for (let i = 0; i < n; i++) {
            m[i] = b1 * m[i] + (1 - b1) * g[i];
            v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
            let vhat = v[i];
            if (amsgrad) {
              vmax[i] = Math.max(vmax[i], v[i]);
              vhat = vmax[i];
            }
            const denom = Math.sqrt(vhat) / Math.sqrt(bc2) + eps;
            p[i] -= (stepSize * m[i]) / denom;
          }
        },
      };
    }
    case 'nadam': {
      // torch.optim.NAdam (Dozat 2016; torch >= 2.0's product, the formula of torch 1.13's docstring):
      // μ_t = β₁(1 − ½·0.96^(t·ψ)); the products Π_t = ∏_{i≤t} μ_i and Π_{t+1} = Π_t·μ_{t+1};
      // m = β₁m + (1 − β₁)g, v = β₂v + (1 − β₂)g², v̂ = v/(1 − β₂ᵗ);
      // p -= lr·[(1 − μ_t)/(1 − Π_t)·g + μ_{t+1}/(1 − Π_{t+1})·m] / (√v̂ + eps)
      const [beta1, b2] = cfg.betas ?? [0.9, 0.999];
      const eps = cfg.eps ?? 1e-8;
      const psi = cfg.momentum_decay ?? 4e-3;
      const m = zeros();
      const v = zeros();
      let product = 1;
      let t = 0;
      return {
        step(p, grad, lr, cycled) {
          const b1 = cycled ?? beta1;
          t += 1;
          const g = withDecay(p, grad);
          const muNow = b1 * (1 - 0.5 * 0.96 ** (t * psi));
          const muNext = b1 * (1 - 0.5 * 0.96 ** ((t + 1) * psi));
          product *= muNow;
          const productNext = product * muNext;
          for (let i = 0; i < n; i++) {
            m[i] = b1 * m[i] + (1 - b1) * g[i];
            v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
            const denom = Math.sqrt(v[i] / (1 - b2 ** t)) + eps;
            p[i] -= lr * (((1 - muNow) / (1 - product)) * g[i] + (muNext / (1 - productNext)) * m[i]) / denom;
          }
        },
      };
    }
    case 'radam': {
      // torch.optim.RAdam (Liu et al. 2019): m̂ = m/(1 − β₁ᵗ); ρ∞ = 2/(1 − β₂) − 1,
      // ρ_t = ρ∞ − 2t·β₂ᵗ/(1 − β₂ᵗ); when ρ_t > 5: r_t = √((ρ_t−4)(ρ_t−2)ρ∞ / ((ρ∞−4)(ρ∞−2)ρ_t)) and
      // p -= lr·m̂·r_t·√(1 − β₂ᵗ)/(√v + eps); otherwise (the first steps) p -= lr·m̂.
      const [beta1, b2] = cfg.betas ?? [0.9, 0.999];
      const eps = cfg.eps ?? 1e-8;
      const m = zeros();
      const v = zeros();
      let t = 0;
      return {
        step(p, grad, lr, cycled) {
          const b1 = cycled ?? beta1;
          t += 1;
          const g = withDecay(p, grad);
          const bc2 = 1 - b2 ** t;
          const rhoInf = 2 / (1 - b2) - 1;
          const rho = rhoInf - (2 * t * b2 ** t) / bc2;
          for (let i = 0; i < n; i++) {
            m[i] = b1 * m[i] + (1 - b1) * g[i];
            v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
            const mHat = m[i] / (1 - b1 ** t);
            if (rho > 5) {
              const r = Math.sqrt(((rho - 4) * (rho - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rho));
              p[i] -= (lr * mHat * r * Math.sqrt(bc2)) / (Math.sqrt(v[i]) + eps);
            } else {
              p[i] -= lr * mHat;
            }
          }
        },
      };
    }
    case 'adadelta': {
      // torch.optim.Adadelta (Zeiler 2012): E[g²] = ρE[g²] + (1 − ρ)g²;
      // Δ = √(E[Δ²] + eps)/√(E[g²] + eps)·g; E[Δ²] = ρE[Δ²] + (1 − ρ)Δ²; p -= lr·Δ.
      const rho = cfg.rho ?? 0.9;
      const eps = cfg.eps ?? 1e-6;
      const sq = zeros();
      const acc = zeros();
      return {
        step(p, grad, lr) {
          const g = withDecay(p, grad);
          for (let i = 0; i < n; i++) {
            sq[i] = rho * sq[i] + (1 - rho) * g[i] * g[i];
            const delta = (Math.sqrt(acc[i] + eps) / Math.sqrt(sq[i] + eps)) * g[i];
            acc[i] = rho * acc[i] + (1 - rho) * delta * delta;
            p[i] -= lr * delta;
          }
        },
      };
    }
    case 'adamax': {
      // torch.optim.Adamax (Kingma & Ba 2015, §7.1): m = β₁m + (1 − β₁)g; u = max(β₂u, |g| + eps);
      // p -= lr/(1 − β₁ᵗ)·m/u.
      const [beta1, b2] = cfg.betas ?? [0.9, 0.999];
      const eps = cfg.eps ?? 1e-8;
      const m = zeros();
      const u = zeros();
      let t = 0;
      return {
        step(p, grad, lr, cycled) {
          const b1 = cycled ?? beta1;
          t += 1;
          const g = withDecay(p, grad);
          for (let i = 0; i < n; i++) {
            m[i] = b1 * m[i] + (1 - b1) * g[i];
            u[i] = Math.max(b2 * u[i], Math.abs(g[i]) + eps);
            p[i] -= ((lr / (1 - b1 ** t)) * m[i]) / u[i];
          }
        },
      };
    }
    case 'rprop': {
      // torch.optim.Rprop (Riedmiller & Braun 1993, without weight backtracking): per parameter a step
      // size η (lr at the first step); same sign as the last gradient → η = min(η·η₊, max); opposite →
      // η = max(η·η₋, min) and this gradient counts as 0 (no move, no sign next time); p -= sign(g)·η.
      const [etaMinus, etaPlus] = cfg.etas ?? [0.5, 1.2];
      const [lo, hi] = cfg.step_sizes ?? [1e-6, 50];
      const prev = zeros();
      let eta = null;
      return {
        step(p, grad, lr) {
          if (eta === null) eta = new Array(n).fill(lr);
          for (let i = 0; i < n; i++) {
            let g = grad[i];
            const s = Math.sign(g * prev[i]);
            if (s > 0) eta[i] = Math.min(eta[i] * etaPlus, hi);
            else if (s < 0) {
              eta[i] = Math.max(eta[i] * etaMinus, lo);
              g = 0;
            } else eta[i] = Math.min(Math.max(eta[i], lo), hi);
            p[i] -= Math.sign(g) * eta[i];
            prev[i] = g;
          }
        },
      };
    }
    default:
      throw new Error(`reference: unknown optimizer ${cfg.kind}`);
  }
}

// ------------------------------------------------------------------------------------------------
// Learning-rate schedules (torch.optim.lr_scheduler closed forms)
// ------------------------------------------------------------------------------------------------

/**
 * The learning rate after t schedule steps for the closed-form schedules.
 * cfg uses descent's field names: {kind, gamma, step_size, T_max, eta_min, start_factor, end_factor,
 * total_iters, power, milestones, T_0, T_mult, max_lr, total_steps, pct_start, anneal_strategy,
 * div_factor, final_div_factor, three_phase, base_lr, step_size_up, step_size_down, mode, schedulers};
 * defaults are torch's. length is the run's length in schedule steps, what cosine's T_max and
 * one_cycle's total_steps default to (descent's defaults: torch has none).
 */
export function scheduleLr(cfg, lr, t, length = 100) {
  return scheduleAt(cfg, lr, t, length).lr;
}

/** The momentum (or betas[0]) a one_cycle or cyclic schedule with cycle_momentum sets at step t. */
export function scheduleMomentum(cfg, lr, t, length = 100) {
  return scheduleAt(cfg, lr, t, length).momentum;
}

/** {lr, momentum} of a schedule at step t (momentum undefined unless the schedule cycles it). */
function scheduleAt(cfg, lr, t, length) {
  switch (cfg.kind) {
    case 'multistep': // MultiStepLR: lr·γ^(milestones <= t)
      return { lr: lr * (cfg.gamma ?? 0.1) ** cfg.milestones.filter((m) => m <= t).length };
    case 'polynomial': { // PolynomialLR: lr·(1 − min(t, T)/T)^power
      const T = cfg.total_iters ?? 5;
      return { lr: lr * (1 - Math.min(t, T) / T) ** (cfg.power ?? 1) };
    }
    case 'cosine_warm_restarts': { // SGDR: cycles of T_0, T_0·T_mult, …; cosine within each
      let Ti = cfg.T_0;
      let cur = t;
      while (cur >= Ti) {
        cur -= Ti;
        Ti *= cfg.T_mult ?? 1;
      }
      const etaMin = cfg.eta_min ?? 0;
      return { lr: etaMin + ((lr - etaMin) * (1 + Math.cos((Math.PI * cur) / Ti))) / 2 };
    }
    case 'cyclic': return cyclic(cfg, lr, t);
    case 'one_cycle': return oneCycle(cfg, lr, t, length);
    case 'sequential': {
      // SequentialLR: schedulers[k] from milestones[k−1] on, counting its own steps from 0 there
      const ms = cfg.milestones ?? [5];
      const parts = cfg.schedulers ?? [{ kind: 'linear' }, { kind: 'cosine' }];
      let k = 0;
      while (k < ms.length && ms[k] <= t) k += 1;
      const start = k === 0 ? 0 : ms[k - 1];
      const span = Math.max(1, (k < ms.length ? ms[k] : length) - start);
      return { lr: scheduleAt(parts[k], lr, t - start, span).lr };
    }
    default: return { lr: closedForm(cfg, lr, t, length) };
  }
}

/**
 * CyclicLR (Smith 2017): triangles of step_size_up steps up and step_size_down down between base_lr
 * (default: the optimizer's lr) and max_lr; triangular2 halves the amplitude every cycle, exp_range
 * scales it by γ^t. Momentum, when cycled, moves the other way between max and base momentum.
 */
function cyclic(cfg, lr, t) {
  const lo = cfg.base_lr ?? lr;
  const up = cfg.step_size_up ?? 2000;
  const down = cfg.step_size_down ?? up;
  const cycle = Math.floor(1 + t / (up + down));
  const pos = t - (cycle - 1) * (up + down); // steps into this cycle
  const height = pos <= up ? pos / up : 1 - (pos - up) / down; // 0 → 1 → 0
  const mode = cfg.mode ?? 'triangular';
  const amp = mode === 'triangular2' ? 1 / 2 ** (cycle - 1) : mode === 'exp_range' ? (cfg.gamma ?? 1) ** t : 1;
  const out = { lr: lo + (cfg.max_lr - lo) * height * amp };
  if (cfg.cycle_momentum) {
    const [mlo, mhi] = [cfg.base_momentum ?? 0.8, cfg.max_momentum ?? 0.9];
    out.momentum = mhi - (mhi - mlo) * height * amp;
  }
  return out;
}

/**
 * OneCycleLR (Smith & Topin 2017, fastai's two phases by default): from max_lr/div_factor up to max_lr
 * (default: the optimizer's lr) over pct_start of total_steps (default: the run's length), then down to
 * max_lr/div_factor/final_div_factor; three_phase goes back to the first rate before the last descent.
 * Phase k spans the steps from the previous phase's end to its own, ending at pct·T − 1 (, 2·pct·T − 2)
 * and T − 1; "cos" anneals by half a cosine, "linear" linearly. Momentum, when cycled, mirrors the rate.
 */
function oneCycle(cfg, lr, t, length) {
  const T = cfg.total_steps ?? length;
  const p = cfg.pct_start ?? 0.3;
  const top = cfg.max_lr ?? lr;
  const first = top / (cfg.div_factor ?? 25);
  const last = first / (cfg.final_div_factor ?? 1e4);
  const [mBase, mMax] = [cfg.base_momentum ?? 0.85, cfg.max_momentum ?? 0.95];
  const phases = cfg.three_phase
    ? [[p * T - 1, first, top, mMax, mBase], [2 * p * T - 2, top, first, mBase, mMax], [T - 1, first, last, mMax, mMax]]
    : [[p * T - 1, first, top, mMax, mBase], [T - 1, top, last, mBase, mMax]];
  const anneal = cfg.anneal_strategy === 'linear'
    ? (a, b, x) => a + (b - a) * x
    : (a, b, x) => b + ((a - b) * (1 + Math.cos(Math.PI * x))) / 2;
  let start = 0;
  for (let i = 0; i < phases.length; i++) {
    const [end, a, b, ma, mb] = phases[i];
    if (t <= end || i === phases.length - 1) {
      const x = (t - start) / (end - start);
      const out = { lr: anneal(a, b, x) };
      if (cfg.cycle_momentum) out.momentum = anneal(ma, mb, x);
      return out;
    }
    start = end;
  }
  throw new Error('reference: one_cycle has no phase');
}

function closedForm(cfg, lr, t, length) {
  switch (cfg.kind) {
    case 'constant':
      return lr;
    case 'exponential': // ExponentialLR: lr·γ^t
      return lr * (cfg.gamma ?? 0.95) ** t;
    case 'step': // StepLR: lr·γ^⌊t / step_size⌋
      return lr * (cfg.gamma ?? 0.1) ** Math.floor(t / (cfg.step_size ?? 10));
    case 'cosine': {
      // CosineAnnealingLR: η_min + (lr − η_min)(1 + cos(π t / T_max)) / 2; T_max defaults to the run
      const etaMin = cfg.eta_min ?? 0;
      const T = cfg.T_max ?? length;
      return etaMin + ((lr - etaMin) * (1 + Math.cos((Math.PI * t) / T))) / 2;
    }
    case 'linear': {
      // LinearLR: lr·(s + (e − s)·min(t, T) / T)
      const s = cfg.start_factor ?? 1 / 3;
      const e = cfg.end_factor ?? 1;
      const T = cfg.total_iters ?? 5;
      return lr * (s + ((e - s) * Math.min(t, T)) / T);
    }
    default:
      throw new Error(`reference: no closed form for schedule ${cfg.kind}`);
  }
}

/** torch.optim.lr_scheduler.ReduceLROnPlateau, mode "min", one parameter group. */
export class ReduceLROnPlateau {
  constructor(lr, cfg = {}) {
    this.lr = lr;
    this.factor = cfg.factor ?? 0.1;
    this.patience = cfg.patience ?? 10;
    this.threshold = cfg.threshold ?? 1e-4;
    this.thresholdMode = cfg.threshold_mode ?? 'rel';
    this.cooldown = cfg.cooldown ?? 0;
    this.minLr = cfg.min_lr ?? 0;
    this.eps = cfg.eps ?? 1e-8;
    this.best = Infinity;
    this.numBadEpochs = 0;
    this.cooldownCounter = 0;
  }

  isBetter(a) {
    return this.thresholdMode === 'rel'
      ? a < this.best * (1 - this.threshold)
      : a < this.best - this.threshold;
  }

  /** One scheduler step with this period's metric; returns the new lr. */
  step(metric) {
    if (this.isBetter(metric)) {
      this.best = metric;
      this.numBadEpochs = 0;
    } else {
      this.numBadEpochs += 1;
    }
    if (this.cooldownCounter > 0) {
      this.cooldownCounter -= 1;
      this.numBadEpochs = 0; // ignore any bad epochs in cooldown
    }
    if (this.numBadEpochs > this.patience) {
      const newLr = Math.max(this.lr * this.factor, this.minLr);
      if (this.lr - newLr > this.eps) this.lr = newLr;
      this.cooldownCounter = this.cooldown;
      this.numBadEpochs = 0;
    }
    return this.lr;
  }
}

// ------------------------------------------------------------------------------------------------
// Training loop: sequential (unshuffled) mini-batches or full batch
// ------------------------------------------------------------------------------------------------

/**
 * Trains from init with the given optimizer and schedule. Batches are taken in data order
 * (shuffle off): rows [0, B), [B, 2B), …, the last batch of an epoch may be smaller.
 *
 * opts: {X, y (float32-rounded), model, optimizer, optimizerImpl?, schedule = {kind: 'constant'},
 *        batchSize = 'full', iterations, init, targetLoss, divergeFactor = 1e6}
 *
 * Returns arrays indexed by state i = 0..iterations (state i = after i updates):
 *   params[i], objective[i] (whole training set, penalty included), lr[i] (the rate update i+1 uses),
 * plus status and divergedAt following descent.h's stopping rules (checked on every state).
 */
export function train(opts) {
  const { X, y, model, iterations } = opts;
  const schedule = opts.schedule ?? { kind: 'constant' };
  const per = schedule.per ?? 'epoch';
  const n = X.length;
  const B = opts.batchSize === undefined || opts.batchSize === 'full' ? n : opts.batchSize;
  const perEpoch = Math.ceil(n / B);
  const baseLr = opts.optimizer.lr;
  const divergeFactor = opts.divergeFactor ?? 1e6;
  // optimizerImpl: an object with step(params, grad, lr) replacing createOptimizer (tests use it to
  // build contrasting variants, e.g. eps placed elsewhere)
  const opt = opts.optimizerImpl ?? createOptimizer(opts.optimizer, opts.init.length);
  const plateau = schedule.kind === 'reduce_on_plateau' ? new ReduceLROnPlateau(baseLr, schedule) : null;
  const bold = schedule.kind === 'bold_driver';

  let p = opts.init.slice();
  // the run's length in schedule steps: its updates, or the epochs they start
  const length = per === 'iteration' ? iterations : Math.ceil(iterations / perEpoch);
  const cycles = schedule.cycle_momentum === true;
  // closed-form schedules start at their t = 0 value (LinearLR starts at start_factor·lr)
  let lr = plateau || bold ? baseLr : scheduleLr(schedule, baseLr, 0, length);
  let momentum = cycles ? scheduleMomentum(schedule, baseLr, 0, length) : undefined;
  let schedSteps = 0;
  let periodSum = 0;
  let periodCount = 0;
  const out = { params: [p.slice()], objective: [objective(model, X, y, p)], lr: [lr], status: 'completed', divergedAt: null };
  const f0 = out.objective[0];

  for (let it = 1; it <= iterations; it++) {
    const k = (it - 1) % perEpoch; // batch index within the epoch
    const rows = [];
    for (let r = k * B; r < Math.min(n, (k + 1) * B); r++) rows.push(r);
    const before = p.slice();
    const batchObjective = objective(model, X, y, p, rows);
    const g = gradient(model, X, y, p, rows);
    opt.step(p, g, lr, momentum);
    let f = objective(model, X, y, p);

    periodSum += batchObjective;
    periodCount += 1;
    const endOfEpoch = it % perEpoch === 0;
    if (bold) {
      // Bold driver (full batch): improvement → lr·increase; else lr·decrease and undo the step.
      const prev = out.objective[it - 1];
      if (f < prev) {
        lr *= schedule.increase ?? 1.05;
      } else {
        lr *= schedule.decrease ?? 0.5;
        p = before;
        f = prev;
      }
    } else if (per === 'iteration' || endOfEpoch) {
      schedSteps += 1;
      if (plateau) lr = plateau.step(periodSum / periodCount);
      else lr = scheduleLr(schedule, baseLr, schedSteps, length);
      if (cycles) momentum = scheduleMomentum(schedule, baseLr, schedSteps, length);
      periodSum = 0;
      periodCount = 0;
    }

    out.params.push(p.slice());
    out.objective.push(f);
    out.lr.push(lr);

    if (!Number.isFinite(f) || f > divergeFactor * f0 || !p.every(Number.isFinite)) {
      out.status = 'diverged';
      out.divergedAt = it;
      break;
    }
    if (opts.targetLoss !== undefined && f <= opts.targetLoss) {
      out.status = 'target_reached';
      break;
    }
  }
  return out;
}

// ------------------------------------------------------------------------------------------------
// Closed form: least squares with bias and ridge (normal equations, Gaussian elimination)
// ------------------------------------------------------------------------------------------------

/** Solves A x = b by Gaussian elimination with partial pivoting (A n×n array of rows; copied). */
export function solveLinear(A, b) {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r][c]) > Math.abs(M[piv][c])) piv = r;
    if (M[piv][c] === 0) throw new Error('reference: singular system');
    [M[c], M[piv]] = [M[piv], M[c]];
    for (let r = c + 1; r < n; r++) {
      const f = M[r][c] / M[c][c];
      for (let k = c; k <= n; k++) M[r][k] -= f * M[c][k];
    }
  }
  const x = new Array(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = M[r][n];
    for (let k = r + 1; k < n; k++) s -= M[r][k] * x[k];
    x[r] = s / M[r][r];
  }
  return x;
}

/**
 * Minimiser of (1/n) Σ (x_i·w + b − y_i)² + l2‖w‖²: the normal equations
 * ((1/n) X̃ᵀX̃ + diag(l2,…,l2,0)) [w; b] = (1/n) X̃ᵀy with X̃ = [X, 1]. Returns [w, b].
 */
export function leastSquares(X, y, l2 = 0) {
  const n = X.length;
  const d = X[0].length;
  const A = Array.from({ length: d + 1 }, () => new Array(d + 1).fill(0));
  const rhs = new Array(d + 1).fill(0);
  for (let i = 0; i < n; i++) {
    const xt = [...X[i], 1];
    for (let a = 0; a <= d; a++) {
      rhs[a] += (xt[a] * y[i]) / n;
      for (let c = 0; c <= d; c++) A[a][c] += (xt[a] * xt[c]) / n;
    }
  }
  for (let j = 0; j < d; j++) A[j][j] += l2;
  return solveLinear(A, rhs);
}

// ------------------------------------------------------------------------------------------------
// Comparison helpers for the tests
// ------------------------------------------------------------------------------------------------

/** |got − want| <= rtol·max(|want|, floor): relative with an absolute floor for values near 0. */
export function close(got, want, rtol, floor = 1) {
  return Math.abs(got - want) <= rtol * Math.max(Math.abs(want), floor);
}

// ------------------------------------------------------------------------------------------------
// Test functions f(x, y): values in float64, gradients by forward-mode automatic differentiation
// (dual numbers), so they do not share the core's hand-derived derivatives
// ------------------------------------------------------------------------------------------------

/** A dual number a + b·ε (ε² = 0): b carries the derivative along one direction. */
class Dual {
  constructor(a, b = 0) { this.a = a; this.b = b; }
  static of(v) { return v instanceof Dual ? v : new Dual(v, 0); }
  add(o) { o = Dual.of(o); return new Dual(this.a + o.a, this.b + o.b); }
  sub(o) { o = Dual.of(o); return new Dual(this.a - o.a, this.b - o.b); }
  mul(o) { o = Dual.of(o); return new Dual(this.a * o.a, this.a * o.b + this.b * o.a); }
  sq() { return this.mul(this); }
  cos() { return new Dual(Math.cos(this.a), -Math.sin(this.a) * this.b); }
}
const D = (v) => Dual.of(v);

/**
 * The test functions as written in the issue and README (θ = (x, y)); p holds their parameters:
 * rosenbrock {a = 1, b = 100}, quadratic {condition = 10, angle = 30 (degrees)}.
 */
const FUNCTIONS = {
  rosenbrock: (x, y, p) => D(p.a ?? 1).sub(x).sq().add(y.sub(x.sq()).sq().mul(p.b ?? 100)),
  himmelblau: (x, y) => x.sq().add(y).sub(11).sq().add(x.add(y.sq()).sub(7).sq()),
  beale: (x, y) => D(1.5).sub(x).add(x.mul(y)).sq()
    .add(D(2.25).sub(x).add(x.mul(y.sq())).sq())
    .add(D(2.625).sub(x).add(x.mul(y.sq().mul(y))).sq()),
  quadratic: (x, y, p) => {
    const phi = ((p.angle ?? 30) * Math.PI) / 180;
    const u = x.mul(Math.cos(phi)).add(y.mul(Math.sin(phi)));
    const v = x.mul(-Math.sin(phi)).add(y.mul(Math.cos(phi)));
    return u.sq().add(v.sq().mul(p.condition ?? 10)).mul(0.5);
  },
  saddle: (x, y) => x.sq().sub(y.sq()),
  six_hump_camel: (x, y) => D(4).sub(x.sq().mul(2.1)).add(x.sq().sq().mul(1 / 3)).mul(x.sq())
    .add(x.mul(y)).add(D(-4).add(y.sq().mul(4)).mul(y.sq())),
  rastrigin: (x, y) => D(20).add(x.sq()).sub(x.mul(2 * Math.PI).cos().mul(10))
    .add(y.sq()).sub(y.mul(2 * Math.PI).cos().mul(10)),
};

/** Names of the reference's test functions. */
export const FUNCTION_NAMES = Object.keys(FUNCTIONS);

/**
 * f(θ) and ∇f(θ) of a test function (model: {function, a, b, condition, angle}), in float64.
 * @returns {{value: number, grad: number[]}}
 */
export function functionValueGrad(model, theta) {
  const f = FUNCTIONS[model.function];
  if (!f) throw new Error(`reference: unknown function ${model.function}`);
  const gx = f(new Dual(theta[0], 1), new Dual(theta[1], 0), model);
  const gy = f(new Dual(theta[0], 0), new Dual(theta[1], 1), model);
  return { value: gx.a, grad: [gx.b, gy.b] };
}

// ------------------------------------------------------------------------------------------------
// A multilayer perceptron in float64: d → hidden… → 1, weights [out × in] row-major then bias per
// layer (torch's parameters() order), activation on the hidden layers, loss mse or bce (logit output)
// ------------------------------------------------------------------------------------------------

const ACTIVATIONS = {
  tanh: { f: Math.tanh, df: (a) => 1 - a * a },
  relu: { f: (s) => (s > 0 ? s : 0), df: (a) => (a > 0 ? 1 : 0) },
  sigmoid: { f: (s) => 1 / (1 + Math.exp(-s)), df: (a) => a * (1 - a) },
};

/** The layers of a network {hidden, activation, loss} on d inputs: [{in, out, w, b}] offsets. */
export function mlpLayout(model, d) {
  const sizes = [d, ...model.hidden, 1];
  const layers = [];
  let at = 0;
  for (let l = 0; l + 1 < sizes.length; l++) {
    const layer = { in: sizes[l], out: sizes[l + 1], w: at };
    at += layer.in * layer.out;
    layer.b = at;
    at += layer.out;
    layers.push(layer);
  }
  return { layers, np: at };
}

/**
 * Mean loss of a network over the given rows (all when rows is undefined) and, with grad, its mean
 * gradient by backpropagation, in float64.
 * @returns {{loss: number, grad: number[] | null}}
 */
export function mlpLossGrad(model, X, y, params, rows, withGrad = true) {
  const { layers, np } = mlpLayout(model, X[0].length);
  const act = ACTIVATIONS[model.activation];
  const idx = rows ?? X.map((_, i) => i);
  const grad = withGrad ? new Array(np).fill(0) : null;
  let loss = 0;
  for (const i of idx) {
    const A = [X[i]];
    layers.forEach((L, l) => {
      const out = [];
      for (let k = 0; k < L.out; k++) {
        let s = params[L.b + k];
        for (let q = 0; q < L.in; q++) s += params[L.w + k * L.in + q] * A[l][q];
        out.push(l + 1 < layers.length ? act.f(s) : s);
      }
      A.push(out);
    });
    const z = A[layers.length][0];
    const { value, deriv } = rowLoss(model.loss, z, y[i]);
    loss += value;
    if (!withGrad) continue;
    let delta = [deriv];
    for (let l = layers.length - 1; l >= 0; l--) {
      const L = layers[l];
      for (let k = 0; k < L.out; k++) {
        for (let q = 0; q < L.in; q++) grad[L.w + k * L.in + q] += delta[k] * A[l][q];
        grad[L.b + k] += delta[k];
      }
      if (l === 0) break;
      delta = A[l].map((a, q) => {
        let g = 0;
        for (let k = 0; k < L.out; k++) g += params[L.w + k * L.in + q] * delta[k];
        return g * act.df(a);
      });
    }
  }
  return { loss: loss / idx.length, grad: grad && grad.map((g) => g / idx.length) };
}

// ------------------------------------------------------------------------------------------------
// A generic training loop over any objective with a gradient (test functions, networks)
// ------------------------------------------------------------------------------------------------

/**
 * Trains params with torch.optim semantics from init: each update takes grad(p) (one evaluation: a
 * function, or a full batch), steps the optimizer at the schedule's rate, then steps the schedule (per
 * update; for a function or a full batch an epoch is an update).
 * opts: {valueGrad: (p) => {value, grad}, optimizer, schedule = {kind: 'constant'}, iterations, init}
 * Returns {params[i], objective[i], lr[i]} for states i = 0..iterations.
 */
export function trainObjective({ valueGrad, optimizer, schedule = { kind: 'constant' }, iterations, init }) {
  const opt = createOptimizer(optimizer, init.length);
  const plateau = schedule.kind === 'reduce_on_plateau' ? new ReduceLROnPlateau(optimizer.lr, schedule) : null;
  let p = init.slice();
  let lr = plateau ? optimizer.lr : scheduleLr(schedule, optimizer.lr, 0);
  let { value, grad } = valueGrad(p);
  const out = { params: [p.slice()], objective: [value], lr: [lr] };
  for (let t = 1; t <= iterations; t++) {
    const metric = value;
    opt.step(p, grad, lr);
    lr = plateau ? plateau.step(metric) : scheduleLr(schedule, optimizer.lr, t);
    ({ value, grad } = valueGrad(p));
    out.params.push(p.slice());
    out.objective.push(value);
    out.lr.push(lr);
  }
  return out;
}

// ---- L-BFGS and Newton (second order) -------------------------------------------------------------
// torch.optim.LBFGS.step() written again from torch 1.13's torch/optim/lbfgs.py, in plain arrays: the
// Python lists stay lists (push/shift), tensors are arrays, scalars are doubles. The core's port
// (core/src/lbfgs.c) keeps rings and buffers; this one keeps torch's shapes, so a transcription slip
// in either shows as a difference.
const dot = (a, b) => a.reduce((s, v, i) => s + v * b[i], 0);
const absMax = (a) => a.reduce((m, v) => (Math.abs(v) > m || Number.isNaN(Math.abs(v)) ? Math.abs(v) : m), Math.abs(a[0]));
const pyMin = (a, b) => (b < a ? b : a);
const pyMax = (a, b) => (b > a ? b : a);

function cubicInterpolate(x1, f1, g1, x2, f2, g2, bounds) {
  const [lo, hi] = bounds ?? (x1 <= x2 ? [x1, x2] : [x2, x1]);
  const d1 = g1 + g2 - (3 * (f1 - f2)) / (x1 - x2);
  const d2sq = d1 * d1 - g1 * g2;
  if (d2sq >= 0) {
    const d2 = Math.sqrt(d2sq);
    const m = x1 <= x2 ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2)) : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
    return pyMin(pyMax(m, lo), hi);
  }
  return (lo + hi) / 2;
}

function strongWolfe(objFunc, x, t, d, f, g, gtd, c1 = 1e-4, c2 = 0.9, tolChange = 1e-9, maxLs = 25) {
  const dNorm = absMax(d);
  let [fNew, gNew] = objFunc(x, t, d);
  let evals = 1;
  let gtdNew = dot(gNew, d);
  let tPrev = 0; let fPrev = f; let gPrev = g; let gtdPrev = gtd;
  let done = false; let lsIter = 0;
  let bracket; let bf; let bg; let bgtd;
  while (lsIter < maxLs) {
    if (fNew > f + c1 * t * gtd || (lsIter > 1 && fNew >= fPrev)) {
      bracket = [tPrev, t]; bf = [fPrev, fNew]; bg = [gPrev, gNew.slice()]; bgtd = [gtdPrev, gtdNew];
      break;
    }
    if (Math.abs(gtdNew) <= -c2 * gtd) {
      bracket = [t]; bf = [fNew]; bg = [gNew]; done = true;
      break;
    }
    if (gtdNew >= 0) {
      bracket = [tPrev, t]; bf = [fPrev, fNew]; bg = [gPrev, gNew.slice()]; bgtd = [gtdPrev, gtdNew];
      break;
    }
    const minStep = t + 0.01 * (t - tPrev);
    const maxStep = t * 10;
    const tmp = t;
    t = cubicInterpolate(tPrev, fPrev, gtdPrev, t, fNew, gtdNew, [minStep, maxStep]);
    tPrev = tmp; fPrev = fNew; gPrev = gNew.slice(); gtdPrev = gtdNew;
    [fNew, gNew] = objFunc(x, t, d);
    evals += 1;
    gtdNew = dot(gNew, d);
    lsIter += 1;
  }
  if (lsIter === maxLs) { bracket = [0, t]; bf = [f, fNew]; bg = [g, gNew]; }
  let insuf = false;
  let [low, high] = bf[0] <= bf.at(-1) ? [0, 1] : [1, 0];
  while (!done && lsIter < maxLs) {
    if (Math.abs(bracket[1] - bracket[0]) * dNorm < tolChange) break;
    t = cubicInterpolate(bracket[0], bf[0], bgtd[0], bracket[1], bf[1], bgtd[1]);
    const bMax = pyMax(bracket[0], bracket[1]); const bMin = pyMin(bracket[0], bracket[1]);
    const eps = 0.1 * (bMax - bMin);
    if (pyMin(bMax - t, t - bMin) < eps) {
      if (insuf || t >= bMax || t <= bMin) {
        t = Math.abs(t - bMax) < Math.abs(t - bMin) ? bMax - eps : bMin + eps;
        insuf = false;
      } else insuf = true;
    } else insuf = false;
    [fNew, gNew] = objFunc(x, t, d);
    evals += 1;
    gtdNew = dot(gNew, d);
    lsIter += 1;
    if (fNew > f + c1 * t * gtd || fNew >= bf[low]) {
      bracket[high] = t; bf[high] = fNew; bg[high] = gNew.slice(); bgtd[high] = gtdNew;
      [low, high] = bf[0] <= bf[1] ? [0, 1] : [1, 0];
    } else {
      if (Math.abs(gtdNew) <= -c2 * gtd) done = true;
      else if (gtdNew * (bracket[high] - bracket[low]) >= 0) {
        bracket[high] = bracket[low]; bf[high] = bf[low]; bg[high] = bg[low]; bgtd[high] = bgtd[low];
      }
      bracket[low] = t; bf[low] = fNew; bg[low] = gNew.slice(); bgtd[low] = gtdNew;
    }
  }
  return [bf[low], bg[low], bracket[low], evals];
}

/**
 * torch.optim.LBFGS as a closure-driven optimizer: step(p, closure, lr) runs one step() on p in place
 * (closure(p) → {value, grad} evaluates at the current p) and returns {loss, evals}: the loss at the
 * state before the step (torch's return value) and the evaluations made.
 */
export function createLbfgs(cfg) {
  const maxIter = cfg.max_iter ?? 20;
  const maxEval = cfg.max_eval ?? Math.floor((maxIter * 5) / 4);
  const tolGrad = cfg.tolerance_grad ?? 1e-7;
  const tolChange = cfg.tolerance_change ?? 1e-9;
  const historySize = cfg.history_size ?? 100;
  const wolfe = cfg.line_search_fn === 'strong_wolfe';
  const state = { funcEvals: 0, nIter: 0 };
  return {
    state,
    step(p, closure, lr) {
      let { value: loss, grad: flatGrad } = closure(p);
      const origLoss = loss;
      let currentEvals = 1;
      state.funcEvals += 1;
      let optCond = absMax(flatGrad) <= tolGrad;
      if (optCond) return { loss: origLoss, evals: currentEvals };
      let { d, t, oldDirs, oldStps, ro, Hdiag, prevFlatGrad } = state;
      let nIter = 0;
      while (nIter < maxIter) {
        nIter += 1;
        state.nIter += 1;
        if (state.nIter === 1) {
          d = flatGrad.map((v) => -v); oldDirs = []; oldStps = []; ro = []; Hdiag = 1;
        } else {
          const y = flatGrad.map((v, i) => v - prevFlatGrad[i]);
          const s = d.map((v) => v * t);
          const ys = dot(y, s);
          if (ys > 1e-10) {
            if (oldDirs.length === historySize) { oldDirs.shift(); oldStps.shift(); ro.shift(); }
            oldDirs.push(y); oldStps.push(s); ro.push(1 / ys);
            Hdiag = ys / dot(y, y);
          }
          const al = new Array(oldDirs.length);
          const q = flatGrad.map((v) => -v);
          for (let i = oldDirs.length - 1; i >= 0; i--) {
            al[i] = dot(oldStps[i], q) * ro[i];
            for (let j = 0; j < q.length; j++) q[j] += -al[i] * oldDirs[i][j];
          }
          d = q.map((v) => v * Hdiag);
          for (let i = 0; i < oldDirs.length; i++) {
            const be = dot(oldDirs[i], d) * ro[i];
            for (let j = 0; j < d.length; j++) d[j] += (al[i] - be) * oldStps[i][j];
          }
        }
        prevFlatGrad = flatGrad.slice();
        const prevLoss = loss;
        t = state.nIter === 1 ? pyMin(1, 1 / flatGrad.reduce((s, v) => s + Math.abs(v), 0)) * lr : lr;
        const gtd = dot(flatGrad, d);
        if (gtd > -tolChange) break;
        let lsEvals = 0;
        if (wolfe) {
          const x0 = p.slice();
          const objFunc = (x, tt, dd) => {
            for (let j = 0; j < p.length; j++) p[j] += tt * dd[j];
            const { value, grad } = closure(p);
            for (let j = 0; j < p.length; j++) p[j] = x[j];
            return [value, grad];
          };
          [loss, flatGrad, t, lsEvals] = strongWolfe(objFunc, x0, t, d, loss, flatGrad, gtd);
          for (let j = 0; j < p.length; j++) p[j] += t * d[j];
          optCond = absMax(flatGrad) <= tolGrad;
        } else {
          for (let j = 0; j < p.length; j++) p[j] += t * d[j];
          if (nIter !== maxIter) {
            ({ value: loss, grad: flatGrad } = closure(p));
            optCond = absMax(flatGrad) <= tolGrad;
            lsEvals = 1;
          }
        }
        currentEvals += lsEvals;
        state.funcEvals += lsEvals;
        if (nIter === maxIter || currentEvals >= maxEval || optCond) break;
        if (absMax(d.map((v) => v * t)) <= tolChange) break;
        if (Math.abs(loss - prevLoss) < tolChange) break;
      }
      Object.assign(state, { d, t, oldDirs, oldStps, ro, Hdiag, prevFlatGrad });
      return { loss: origLoss, evals: currentEvals };
    },
  };
}

/** One damped Newton step θ ← θ − lr·(H + λI)⁻¹∇ on p in place (not in torch); H an array of rows. */
export function newtonStep(p, grad, H, lr, damping = 0) {
  const A = H.map((row, i) => row.map((v, j) => (i === j ? v + damping : v)));
  const s = solveLinear(A, grad);
  for (let j = 0; j < p.length; j++) p[j] -= lr * s[j];
}
