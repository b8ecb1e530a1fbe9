// export-kinds.js — every kind descent has, as Python: one table entry per loss, optimizer and
// schedule, with its PyTorch form and its NumPy form. A new kind in the schema (abi.js's enums) is one
// entry here; export.js refuses a kind that has none, naming the field, rather than export it wrong.
//
// The NumPy forms are the update rules of README "Experiment format" (torch.optim's
// _single_tensor_* order of operations), one function per optimizer.

/** Losses: torch.nn.functional call on (z, y); NumPy per-row loss and its derivative dℓ/dz (float32). */
export const LOSSES = {
  mse: {
    torch: 'F.mse_loss(z, y)',
    numpy: ['r = z - y', 'return r * r, 2 * r  # MSE: r², derivative 2r (torch MSELoss)'],
  },
  mae: {
    torch: 'F.l1_loss(z, y)',
    numpy: ['r = z - y', 'return np.abs(r), np.sign(r)  # MAE: |r|, derivative sign(r) (torch L1Loss)'],
  },
  huber: {
    torch: 'F.huber_loss(z, y, delta=HUBER_DELTA)',
    numpy: [
      'r = z - y',
      'small = np.abs(r) < HUBER_DELTA  # torch HuberLoss: ½r² inside delta, linear outside',
      'loss = np.where(small, 0.5 * r * r, HUBER_DELTA * (np.abs(r) - 0.5 * HUBER_DELTA))',
      'return loss, np.where(small, r, HUBER_DELTA * np.sign(r))',
    ],
  },
  bce: {
    torch: 'F.binary_cross_entropy_with_logits(z, y)',
    numpy: [
      '# binary cross-entropy on logits in its stable form (torch BCEWithLogitsLoss);',
      '# derivative sigmoid(z) - y, the sigmoid written with tanh so that it cannot overflow',
      'loss = np.maximum(z, 0) - y * z + np.log1p(np.exp(-np.abs(z)))',
      'return loss, 0.5 * (1 + np.tanh(0.5 * z)) - y',
    ],
  },
};

/** Optimizers: the torch.optim class, and the NumPy step function (theta, grad, state, lr, **args). */
export const OPTIMIZERS = {
  sgd: {
    torch: 'SGD',
    numpy: String.raw`
def sgd(theta, grad, state, lr, momentum, dampening, nesterov, weight_decay):
    """torch.optim.SGD: g += weight_decay*theta; with momentum, buf = g on the first step, else
    momentum*buf + (1 - dampening)*g, and g = g + momentum*buf (Nesterov) or buf; theta -= lr*g."""
    if weight_decay != 0:
        grad = grad + weight_decay * theta
    if momentum != 0:
        if "buf" not in state:
            state["buf"] = grad.copy()
        else:
            state["buf"] = momentum * state["buf"] + (1 - dampening) * grad
        grad = grad + momentum * state["buf"] if nesterov else state["buf"]
    return theta - lr * grad`,
  },
  adagrad: {
    torch: 'Adagrad',
    numpy: String.raw`
def adagrad(theta, grad, state, lr, lr_decay, weight_decay, initial_accumulator_value, eps):
    """torch.optim.Adagrad, t counted from 1: g += weight_decay*theta; sum += g^2;
    theta -= lr / (1 + (t - 1)*lr_decay) * g / (sqrt(sum) + eps), sum starting at
    initial_accumulator_value."""
    state["step"] = state.get("step", 0) + 1
    state.setdefault("sum", np.full_like(theta, initial_accumulator_value))
    if weight_decay != 0:
        grad = grad + weight_decay * theta
    clr = lr / (1 + (state["step"] - 1) * lr_decay)
    state["sum"] = state["sum"] + grad * grad
    return theta - clr * grad / (np.sqrt(state["sum"]) + eps)`,
  },
  rmsprop: {
    torch: 'RMSprop',
    numpy: String.raw`
def rmsprop(theta, grad, state, lr, alpha, eps, weight_decay, momentum, centered):
    """torch.optim.RMSprop: g += weight_decay*theta; sq = alpha*sq + (1 - alpha)*g^2;
    avg = sqrt(sq - ga^2) + eps with ga = alpha*ga + (1 - alpha)*g (centered), else sqrt(sq) + eps;
    with momentum buf = momentum*buf + g/avg and theta -= lr*buf, else theta -= lr*g/avg."""
    if weight_decay != 0:
        grad = grad + weight_decay * theta
    state["square_avg"] = alpha * state.get("square_avg", 0.0) + (1 - alpha) * grad * grad
    if centered:
        state["grad_avg"] = alpha * state.get("grad_avg", 0.0) + (1 - alpha) * grad
        avg = np.sqrt(state["square_avg"] - state["grad_avg"] * state["grad_avg"]) + eps
    else:
        avg = np.sqrt(state["square_avg"]) + eps
    if momentum > 0:
        state["buf"] = momentum * state.get("buf", 0.0) + grad / avg
        return theta - lr * state["buf"]
    return theta - lr * grad / avg`,
  },
  adam: {
    torch: 'Adam',
    numpy: String.raw`
def adam(theta, grad, state, lr, betas, eps, weight_decay, amsgrad, decoupled=False):
    """torch.optim.Adam, t counted from 1: g += weight_decay*theta (AdamW instead decays theta by
    lr*weight_decay first); m = beta1*m + (1 - beta1)*g; v = beta2*v + (1 - beta2)*g^2;
    theta -= lr/(1 - beta1^t) * m / (sqrt(v)/sqrt(1 - beta2^t) + eps), v its running maximum with
    amsgrad (eps is added after the bias correction)."""
    beta1, beta2 = betas
    state["step"] = t = state.get("step", 0) + 1
    if decoupled:
        theta = theta * (1 - lr * weight_decay)
    elif weight_decay != 0:
        grad = grad + weight_decay * theta
    state["exp_avg"] = beta1 * state.get("exp_avg", 0.0) + (1 - beta1) * grad
    state["exp_avg_sq"] = beta2 * state.get("exp_avg_sq", 0.0) + (1 - beta2) * grad * grad
    v = state["exp_avg_sq"]
    if amsgrad:
        state["max_exp_avg_sq"] = v = np.maximum(state.get("max_exp_avg_sq", 0.0), v)
    denom = np.sqrt(v) / math.sqrt(1 - beta2 ** t) + eps
    return theta - lr / (1 - beta1 ** t) * state["exp_avg"] / denom`,
  },
  adamw: {
    torch: 'AdamW',
    needs: ['adam'],
    numpy: String.raw`
def adamw(theta, grad, state, lr, betas, eps, weight_decay, amsgrad):
    """torch.optim.AdamW: Adam with the weight decay decoupled from the gradient."""
    return adam(theta, grad, state, lr, betas, eps, weight_decay, amsgrad, decoupled=True)`,
  },
  nadam: {
    // torch 1.13's NAdam multiplies μ_t in twice (pytorch#92699); the script defines its own class
    // (torchDefinition) and uses the stock one from torch 2.0 on.
    torch: 'NAdam',
    torchDefinition: String.raw`
TORCH_VERSION = tuple(int(part) for part in torch.__version__.split(".")[:2])

if TORCH_VERSION >= (2, 0):
    NAdam = torch.optim.NAdam  # computes the formula torch documents, as descent does
else:
    class NAdam(torch.optim.Optimizer):
        """torch.optim.NAdam as torch documents it and computes it from 2.0 on, which is descent's
        formula: torch 1.13's own class multiplies mu_t in twice in the second product (the bug
        fixed by pytorch/pytorch#92699). The product of the mu_t is a float64, as in descent."""

        def __init__(self, params, lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, momentum_decay=4e-3):
            defaults = dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, momentum_decay=momentum_decay)
            super().__init__(params, defaults)

        @torch.no_grad()
        def step(self):
            for group in self.param_groups:
                beta1, beta2 = group["betas"]
                lr, psi = group["lr"], group["momentum_decay"]
                for p in group["params"]:
                    if p.grad is None:
                        continue
                    state = self.state[p]
                    if not state:
                        state.update(step=0, mu_product=1.0, exp_avg=torch.zeros_like(p), exp_avg_sq=torch.zeros_like(p))
                    state["step"] += 1
                    t = state["step"]
                    grad = p.grad if group["weight_decay"] == 0 else p.grad.add(p, alpha=group["weight_decay"])
                    mu = beta1 * (1.0 - 0.5 * 0.96 ** (t * psi))  # the momentum schedule mu_t
                    mu_next = beta1 * (1.0 - 0.5 * 0.96 ** ((t + 1) * psi))
                    state["mu_product"] *= mu  # mu_1 ... mu_t
                    state["exp_avg"].mul_(beta1).add_(grad, alpha=1 - beta1)
                    state["exp_avg_sq"].mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
                    denom = state["exp_avg_sq"].div(1 - beta2 ** t).sqrt().add_(group["eps"])
                    p.addcdiv_(grad, denom, value=-lr * (1.0 - mu) / (1.0 - state["mu_product"]))
                    p.addcdiv_(state["exp_avg"], denom, value=-lr * mu_next / (1.0 - state["mu_product"] * mu_next))`,
    numpy: String.raw`
def nadam(theta, grad, state, lr, betas, eps, weight_decay, momentum_decay):
    """torch.optim.NAdam as torch documents it (torch >= 2.0's code), t counted from 1:
    g += weight_decay*theta; mu_t = beta1*(1 - 0.5*0.96^(t*momentum_decay)), P = mu_1...mu_t;
    m = beta1*m + (1 - beta1)*g; v = beta2*v + (1 - beta2)*g^2; d = sqrt(v/(1 - beta2^t)) + eps;
    theta -= lr*(1 - mu_t)/(1 - P) * g/d + lr*mu_{t+1}/(1 - P*mu_{t+1}) * m/d."""
    beta1, beta2 = betas
    state["step"] = t = state.get("step", 0) + 1
    if weight_decay != 0:
        grad = grad + weight_decay * theta
    mu = beta1 * (1 - 0.5 * 0.96 ** (t * momentum_decay))
    mu_next = beta1 * (1 - 0.5 * 0.96 ** ((t + 1) * momentum_decay))
    state["mu_product"] = product = state.get("mu_product", 1.0) * mu
    state["exp_avg"] = beta1 * state.get("exp_avg", 0.0) + (1 - beta1) * grad
    state["exp_avg_sq"] = beta2 * state.get("exp_avg_sq", 0.0) + (1 - beta2) * grad * grad
    denom = np.sqrt(state["exp_avg_sq"] / (1 - beta2 ** t)) + eps
    theta = theta - lr * (1 - mu) / (1 - product) * grad / denom
    return theta - lr * mu_next / (1 - product * mu_next) * state["exp_avg"] / denom`,
  },
  radam: {
    torch: 'RAdam',
    numpy: String.raw`
def radam(theta, grad, state, lr, betas, eps, weight_decay):
    """torch.optim.RAdam, t counted from 1: g += weight_decay*theta; m, v as Adam's;
    rho_inf = 2/(1 - beta2) - 1, rho_t = rho_inf - 2t*beta2^t/(1 - beta2^t); when rho_t > 5,
    r = sqrt((rho_t - 4)(rho_t - 2)rho_inf / ((rho_inf - 4)(rho_inf - 2)rho_t)) and
    theta -= lr * m/(1 - beta1^t) * r*sqrt(1 - beta2^t)/(sqrt(v) + eps); before (the first steps)
    theta -= lr * m/(1 - beta1^t), un-rectified."""
    beta1, beta2 = betas
    state["step"] = t = state.get("step", 0) + 1
    if weight_decay != 0:
        grad = grad + weight_decay * theta
    state["exp_avg"] = beta1 * state.get("exp_avg", 0.0) + (1 - beta1) * grad
    state["exp_avg_sq"] = beta2 * state.get("exp_avg_sq", 0.0) + (1 - beta2) * grad * grad
    bias_correction2 = 1 - beta2 ** t
    m_hat = state["exp_avg"] / (1 - beta1 ** t)
    rho_inf = 2 / (1 - beta2) - 1
    rho_t = rho_inf - 2 * t * beta2 ** t / bias_correction2
    if rho_t > 5:
        r = math.sqrt((rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t))
        return theta - m_hat * lr * (math.sqrt(bias_correction2) / (np.sqrt(state["exp_avg_sq"]) + eps)) * r
    return theta - m_hat * lr`,
  },
  adadelta: {
    torch: 'Adadelta',
    numpy: String.raw`
def adadelta(theta, grad, state, lr, rho, eps, weight_decay):
    """torch.optim.Adadelta: g += weight_decay*theta; s = rho*s + (1 - rho)*g^2;
    delta = sqrt(a + eps)/sqrt(s + eps) * g; a = rho*a + (1 - rho)*delta^2; theta -= lr*delta."""
    if weight_decay != 0:
        grad = grad + weight_decay * theta
    state["square_avg"] = rho * state.get("square_avg", 0.0) + (1 - rho) * grad * grad
    delta = np.sqrt(state.get("acc_delta", 0.0) + eps) / np.sqrt(state["square_avg"] + eps) * grad
    state["acc_delta"] = rho * state.get("acc_delta", 0.0) + (1 - rho) * delta * delta
    return theta - lr * delta`,
  },
  adamax: {
    torch: 'Adamax',
    numpy: String.raw`
def adamax(theta, grad, state, lr, betas, eps, weight_decay):
    """torch.optim.Adamax, t counted from 1: g += weight_decay*theta; m = beta1*m + (1 - beta1)*g;
    u = max(beta2*u, |g| + eps) (eps inside the max); theta -= lr/(1 - beta1^t) * m/u."""
    beta1, beta2 = betas
    state["step"] = t = state.get("step", 0) + 1
    if weight_decay != 0:
        grad = grad + weight_decay * theta
    state["exp_avg"] = beta1 * state.get("exp_avg", 0.0) + (1 - beta1) * grad
    state["exp_inf"] = np.maximum(beta2 * state.get("exp_inf", 0.0), np.abs(grad) + eps)
    return theta - lr / (1 - beta1 ** t) * state["exp_avg"] / state["exp_inf"]`,
  },
  rprop: {
    torch: 'Rprop',
    numpy: String.raw`
def rprop(theta, grad, state, lr, etas, step_sizes):
    """torch.optim.Rprop: a step size s per parameter, lr on the first step (later rates are not
    read); where g*g_prev > 0, s = min(s*etaplus, max); where < 0, s = max(s*etaminus, min) and g
    counts as 0; elsewhere s is kept (within [min, max]); theta -= sign(g)*s; g_prev = g."""
    etaminus, etaplus = etas
    step_min, step_max = step_sizes
    sign = np.sign(grad * state.get("prev", 0.0))
    step_size = state.get("step_size", np.full_like(theta, lr))
    step_size = np.clip(step_size * np.where(sign > 0, etaplus, np.where(sign < 0, etaminus, 1.0)), step_min, step_max)
    grad = np.where(sign < 0, 0.0, grad)
    state["step_size"], state["prev"] = step_size, grad
    return theta - np.sign(grad) * step_size`,
  },
};

/**
 * Schedules: the torch.optim.lr_scheduler class (null: none, the loop runs it), and the NumPy rate
 * after t schedule steps (`base` the optimizer's lr, `s` the schedule dict, resolved: no None left),
 * with the functions it calls (numpyDefinition); `momentum`: the momentum a cycle_momentum schedule
 * writes into the optimizer at step t.
 */
export const SCHEDULES = {
  constant: { torch: null, numpy: 'base' },
  exponential: { torch: 'ExponentialLR', numpy: 'base * s["gamma"] ** t' },
  step: { torch: 'StepLR', numpy: 'base * s["gamma"] ** (t // s["step_size"])' },
  cosine: { torch: 'CosineAnnealingLR', numpy: 's["eta_min"] + (base - s["eta_min"]) * (1 + math.cos(math.pi * t / s["T_max"])) / 2' },
  linear: { torch: 'LinearLR', numpy: 'base * (s["start_factor"] + (s["end_factor"] - s["start_factor"]) * min(t, s["total_iters"]) / s["total_iters"])' },
  reduce_on_plateau: { torch: 'ReduceLROnPlateau', numpy: null },
  bold_driver: { torch: null, numpy: 'base' },
  multistep: { torch: 'MultiStepLR', numpy: 'base * s["gamma"] ** sum(m <= t for m in s["milestones"])' },
  polynomial: { torch: 'PolynomialLR', numpy: 'base * (1 - min(t, s["total_iters"]) / s["total_iters"]) ** s["power"]' },
  cosine_warm_restarts: {
    torch: 'CosineAnnealingWarmRestarts',
    numpy: 'cosine_warm_restarts(base, s, t)',
    numpyDefinition: String.raw`
def cosine_warm_restarts(base, s, t):
    """CosineAnnealingWarmRestarts: cycles of T_0, T_0*T_mult, T_0*T_mult^2, ... steps; t_cur steps
    into a cycle of t_i steps, eta_min + (base - eta_min)*(1 + cos(pi*t_cur/t_i))/2."""
    t_i, t_cur = s["T_0"], t
    if s["T_mult"] == 1:
        t_cur = t % t_i
    while t_cur >= t_i:
        t_cur -= t_i
        t_i *= s["T_mult"]
    return s["eta_min"] + (base - s["eta_min"]) * (1 + math.cos(math.pi * t_cur / t_i)) / 2`,
  },
  cyclic: {
    torch: 'CyclicLR',
    numpy: 's["base_lr"] + (s["max_lr"] - s["base_lr"]) * cyclic_height(s, t)',
    momentum: 's["max_momentum"] - (s["max_momentum"] - s["base_momentum"]) * cyclic_height(s, t)',
    numpyDefinition: String.raw`
def cyclic_height(s, t):
    """CyclicLR: where step t is in its cycle (0 at base_lr, 1 at max_lr) times the mode's amplitude.
    cycle = floor(1 + t/(up + down)), x = 1 + t/(up + down) - cycle rises over up steps to x = r =
    up/(up + down), the position x/r, then falls back, (x - 1)/(r - 1); the amplitude is 1
    (triangular), 1/2^(cycle - 1) (triangular2) or gamma^t (exp_range)."""
    up = s["step_size_up"]
    down = up if s["step_size_down"] is None else s["step_size_down"]
    ratio = up / (up + down)
    cycle = math.floor(1 + t / (up + down))
    x = 1.0 + t / (up + down) - cycle
    position = x / ratio if x <= ratio else (x - 1) / (ratio - 1)
    amplitude = {"triangular": 1.0, "triangular2": 1 / 2.0 ** (cycle - 1), "exp_range": s["gamma"] ** t}[s["mode"]]
    return position * amplitude`,
  },
  one_cycle: {
    torch: 'OneCycleLR',
    numpy: 'one_cycle(s, t)[0]',
    momentum: 'one_cycle(s, t)[1]',
    numpyDefinition: String.raw`
def anneal(strategy, start, end, pct):
    """OneCycleLR's annealing from start to end as pct goes from 0 to 1."""
    if strategy == "linear":
        return (end - start) * pct + start
    return end + (start - end) / 2.0 * (math.cos(math.pi * pct) + 1)


def one_cycle(s, t):
    """OneCycleLR at step t: the rate and the momentum. Over T = total_steps with p = pct_start,
    from initial = max_lr/div_factor up to max_lr by step pT - 1, then down to
    initial/final_div_factor by T - 1; three_phase: up, back down to initial by 2pT - 2, then down
    to initial/final_div_factor. The momentum goes the other way (max_momentum, base_momentum)."""
    T, p, peak = s["total_steps"], s["pct_start"], s["max_lr"]
    initial = peak / s["div_factor"]
    final = initial / s["final_div_factor"]
    high, low = s.get("max_momentum", math.nan), s.get("base_momentum", math.nan)
    if s["three_phase"]:
        phases = [(p * T - 1, initial, peak, high, low), (2 * p * T - 2, peak, initial, low, high), (T - 1, initial, final, high, high)]
    else:
        phases = [(p * T - 1, initial, peak, high, low), (T - 1, peak, final, low, high)]
    start = 0
    for i, (end, lr_start, lr_end, m_start, m_end) in enumerate(phases):
        if t <= end or i == len(phases) - 1:
            pct = (t - start) / (end - start)
            return anneal(s["anneal_strategy"], lr_start, lr_end, pct), anneal(s["anneal_strategy"], m_start, m_end, pct)
        start = end`,
  },
  sequential: {
    torch: 'SequentialLR',
    numpy: 'sequential(base, s, t)',
    numpyDefinition: String.raw`
def sequential(base, s, t):
    """SequentialLR: schedulers[k] at its own step t - milestones[k - 1], k the number of milestones
    <= t (each scheduler starts from 0 at its milestone)."""
    k = sum(m <= t for m in s["milestones"])
    start = s["milestones"][k - 1] if k > 0 else 0
    part = s["schedulers"][k]
    return RATES[part["kind"]](base, part, t - start)`,
  },
};

/** Schedule fields that are descent's, not the torch class's keyword arguments. */
export const SCHEDULE_OWN_FIELDS = ['kind', 'per'];
