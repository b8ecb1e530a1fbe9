// export-numpy.js — the NumPy backend of an export: the model's forward pass and gradient written
// out, one function per optimizer (the update rules of the README, in torch.optim's order of
// operations) and the schedules' closed forms; no torch. writeNumpy writes the script.
//
// Numerics, as descent's: float32 data and forward pass, float32 per-row terms summed into float64,
// parameters and optimizer state in float64.

import { LOSSES, OPTIMIZERS, SCHEDULES } from './export-kinds.js';
import { renderScript } from './export-python.js';
import { programSections, scriptDocstring, scriptMain } from './export-program.js';
import { modelConstants } from './export-pytorch.js';

function modelSection(spec) {
  const { model } = spec;
  const { l1, l2 } = model.penalty;
  const penalty = [
    ...(l1 > 0 ? ['    f += L1_PENALTY * np.abs(w).sum()', '    grad[:-1] += L1_PENALTY * np.sign(w)'] : []),
    ...(l2 > 0 ? ['    f += L2_PENALTY * (w * w).sum()', '    grad[:-1] += 2 * L2_PENALTY * w'] : []),
  ];
  const objectivePenalty = [
    ...(l1 > 0 ? ['L1_PENALTY * np.abs(w).sum()'] : []),
    ...(l2 > 0 ? ['L2_PENALTY * (w * w).sum()'] : []),
  ];
  return {
    title: 'The model and its gradient',
    about: `${model.kind === 'logistic' ? 'Logistic regression: z = x·w + b is the logit, the loss binary cross-entropy on logits.' : `Linear regression: z = x·w + b with the ${model.loss.toUpperCase()} loss (the mean over the rows, MSE without the ½).`}
The forward pass and the per-row terms are float32, with float32 copies of the float64 parameters,
as descent's kernels; the means are taken in float64. The gradient of the mean loss is the mean of
ℓ'(z)·x for the weights and of ℓ'(z) for the bias; the penalty applies to the weights only.`,
    code: `
${modelConstants(spec).join('\n')}


def predict(theta, X):
    """z = X·w + b in float32 (theta = [w..., b] in float64, cast as descent's kernels do)."""
    return X @ theta[:-1].astype(np.float32) + np.float32(theta[-1])


def row_loss(z, y):
    """Every row's loss and its derivative dℓ/dz, float32 (model.loss ${JSON.stringify(model.loss)})."""
${LOSSES[model.loss].numpy.map((line) => `    ${line}`).join('\n')}


def data_loss(theta, X, y):
    """The mean loss over the rows (descent's test loss); NaN without rows."""
    if len(y) == 0:
        return math.nan
    return float(row_loss(predict(theta, X), y)[0].sum(dtype=np.float64) / len(y))


def objective(theta, X, y):
    """descent's training objective: the mean loss plus the penalty on the weights."""
${objectivePenalty.length ? `    w = theta[:-1]\n    return data_loss(theta, X, y) + ${objectivePenalty.join(' + ')}` : '    return data_loss(theta, X, y)'}


def objective_and_gradient(theta, X, y):
    """The batch objective and its gradient with respect to theta."""
    loss, slope = row_loss(predict(theta, X), y)
    rows = len(y)
    grad = np.empty_like(theta)
    grad[:-1] = (slope @ X).astype(np.float64) / rows  # mean of ℓ'(z)·x
    grad[-1] = slope.sum(dtype=np.float64) / rows  # mean of ℓ'(z)
    f = float(loss.sum(dtype=np.float64) / rows)
${penalty.length ? `    w = theta[:-1]\n${penalty.join('\n')}\n` : ''}    return f, grad


def evaluate(theta, X, y):
    """The training objective and the loss of parameters theta on rows (X, y)."""
    return objective(theta, X, y), data_loss(theta, X, y)`,
  };
}

function optimizerSection(spec) {
  const kinds = [...spec.kinds.optimizers];
  const needed = [...new Set(kinds.flatMap((k) => [...(OPTIMIZERS[k].needs ?? []), k]))];
  const schedules = [...spec.kinds.schedules];
  const rates = schedules.filter((k) => SCHEDULES[k].numpy)
    .map((k) => `    ${JSON.stringify(k)}: lambda base, s, t: ${SCHEDULES[k].numpy},`);
  const rateDefinitions = schedules.filter((k) => SCHEDULES[k].numpyDefinition).map((k) => `${SCHEDULES[k].numpyDefinition.trim()}\n\n\n`).join('');
  // one_cycle and cyclic may cycle the momentum: the schedule gives it, the optimizer takes it
  const cycles = schedules.filter((k) => SCHEDULES[k].momentum);
  const momenta = cycles.map((k) => `    ${JSON.stringify(k)}: lambda s, t: ${SCHEDULES[k].momentum},`);
  const plateau = schedules.includes('reduce_on_plateau') ? `


class ReduceLROnPlateau:
    """torch.optim.lr_scheduler.ReduceLROnPlateau, mode "min": after more than patience steps
    without a metric better than best (by threshold, "rel" or "abs"), lr = max(lr*factor, min_lr)
    (when that changes it by more than eps), then cooldown steps without counting."""
${cycles.length ? '\n    momentum = None  # it does not cycle momentum\n' : ''}
    def __init__(self, base, schedule):
        self.lr, self.s = base, schedule
        self.best, self.num_bad, self.cooldown_left = math.inf, 0, 0

    def step(self, metric):
        s = self.s
        if s["threshold_mode"] == "rel":
            better = metric < self.best * (1 - s["threshold"])
        else:
            better = metric < self.best - s["threshold"]
        if better:
            self.best, self.num_bad = metric, 0
        else:
            self.num_bad += 1
        if self.cooldown_left > 0:
            self.cooldown_left -= 1
            self.num_bad = 0
        if self.num_bad > s["patience"]:
            new_lr = max(self.lr * s["factor"], s["min_lr"])
            if self.lr - new_lr > s["eps"]:
                self.lr = new_lr
            self.cooldown_left, self.num_bad = s["cooldown"], 0` : '';
  return {
    title: 'Optimizers and schedules',
    about: `One function per optimizer, named after its torch.optim class and taking its keyword arguments:
each returns the new parameters and keeps its moments in \`state\`. The schedules are torch's closed
forms of the rate after t steps${plateau ? ', and ReduceLROnPlateau a small class' : ''}.`,
    code: `
${needed.map((k) => OPTIMIZERS[k].numpy.trim()).join('\n\n\n')}


OPTIMIZER_STEPS = {${kinds.map((k) => `${JSON.stringify(k)}: ${k}`).join(', ')}}


class Optimizer:
    """A step function with its hyperparameters and its state: what a torch.optim object holds."""

    def __init__(self, spec):
        self.step_function = OPTIMIZER_STEPS[spec["kind"]]
        self.args = {k: v for k, v in spec.items() if k not in ("kind", "lr")}
        self.state = {}

    def step(self, theta, grad, lr${cycles.length ? ', momentum=None' : ''}):${cycles.length ? `
        if momentum is not None:  # a schedule that cycles momentum writes it first (betas[0] if any)
            if "betas" in self.args:
                self.args["betas"] = (momentum, self.args["betas"][1])
            else:
                self.args["momentum"] = momentum` : ''}
        return self.step_function(theta, grad, self.state, lr, **self.args)


${rateDefinitions}RATES = {  # the rate after t schedule steps (torch.optim.lr_scheduler's closed forms)
${rates.join('\n')}
}
${cycles.length ? `MOMENTA = {  # the momentum after t steps of a schedule with cycle_momentum
${momenta.join('\n')}
}
` : ''}

class ClosedFormLR:
    """A schedule given by its closed form: lr = RATES[kind](base, schedule, t) after t steps${cycles.length ? `;
    with cycle_momentum, also momentum = MOMENTA[kind](schedule, t) (else None)` : ''}."""
${cycles.length ? `
    momentum = None
` : ''}
    def __init__(self, base, schedule):
        self.base, self.schedule, self.t = base, schedule, 0
        self.lr = RATES[schedule["kind"]](base, schedule, 0)${cycles.length ? `
        if schedule.get("cycle_momentum"):
            self.momentum = MOMENTA[schedule["kind"]](schedule, 0)` : ''}

    def step(self, metric=None):
        self.t += 1
        self.lr = RATES[self.schedule["kind"]](self.base, self.schedule, self.t)${cycles.length ? `
        if self.schedule.get("cycle_momentum"):
            self.momentum = MOMENTA[self.schedule["kind"]](self.schedule, self.t)` : ''}${plateau}


def make_schedule(base, schedule):
    """The run's schedule, starting from the optimizer's lr."""
${plateau ? '    if schedule["kind"] == "reduce_on_plateau":\n        return ReduceLROnPlateau(base, schedule)\n' : ''}    return ClosedFormLR(base, schedule)`,
  };
}

/** The training loop's NumPy lines (see export-loop.js). */
function loop(spec) {
  return {
    tensors: '    X, y, X_test, y_test = data["X_train"], data["y_train"], data["X_test"], data["y_test"]',
    create: [
      '    theta = np.array(run["init"], dtype=np.float64)  # [w..., b]',
      '    optimizer = Optimizer(run["optimizer"])',
      '    scheduler = make_schedule(run["optimizer"]["lr"], schedule)',
    ].join('\n'),
    trainingLoss: 'objective(theta, X, y)',
    testLoss: 'data_loss(theta, X_test, y_test)',
    lr: 'scheduler.lr',
    batch: '        f, grad = objective_and_gradient(theta, X[rows], y[rows])  # b. the batch objective and gradient',
    step: `        theta = optimizer.step(theta, grad, scheduler.lr${[...spec.kinds.schedules].some((k) => SCHEDULES[k].momentum) ? ', scheduler.momentum' : ''})  # d. one update at the current rate`,
    save: '            saved = theta.copy(), copy.deepcopy(optimizer.state)',
    restore: '                    theta, optimizer.state = saved[0].copy(), copy.deepcopy(saved[1])',
    scaleLr: '                scheduler.lr *= factor',
    schedule: spec.kinds.schedules.has('reduce_on_plateau') ? '            scheduler.step(metric)' : '            scheduler.step()',
    finite: 'np.isfinite(theta).all()',
    theta: 'theta.copy()',
  };
}

export const NUMPY = { name: 'NumPy', imports: [], threads: null, modelSection, optimizerSection, loop };

/**
 * The NumPy script of an export spec.
 * @returns {{files: {name: string, text?: string, bytes?: Uint8Array}[]}}
 */
export function writeNumpy(spec, { stem, distributed }) {
  const { sections, files } = programSections(spec, NUMPY, { stem, distributed });
  sections.push(scriptMain(spec, { distributed, backendName: 'NumPy' }));
  const docstring = scriptDocstring(spec, { backendName: 'NumPy', file: `${stem}.py`, distributed });
  return { files: [{ name: `${stem}.py`, text: renderScript(docstring, sections) }, ...files] };
}
