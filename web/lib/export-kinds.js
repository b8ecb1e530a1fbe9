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
};

/**
 * Schedules: the torch.optim.lr_scheduler class (null: none, the loop runs it), and the NumPy rate
 * after t schedule steps (`base` the optimizer's lr, `s` the schedule dict), or a class name.
 */
export const SCHEDULES = {
  constant: { torch: null, numpy: 'base' },
  exponential: { torch: 'ExponentialLR', numpy: 'base * s["gamma"] ** t' },
  step: { torch: 'StepLR', numpy: 'base * s["gamma"] ** (t // s["step_size"])' },
  cosine: { torch: 'CosineAnnealingLR', numpy: 's["eta_min"] + (base - s["eta_min"]) * (1 + math.cos(math.pi * t / s["T_max"])) / 2' },
  linear: { torch: 'LinearLR', numpy: 'base * (s["start_factor"] + (s["end_factor"] - s["start_factor"]) * min(t, s["total_iters"]) / s["total_iters"])' },
  reduce_on_plateau: { torch: 'ReduceLROnPlateau', numpy: null },
  bold_driver: { torch: null, numpy: 'base' },
};

/** Schedule fields that are descent's, not the torch class's keyword arguments. */
export const SCHEDULE_OWN_FIELDS = ['kind', 'per'];
