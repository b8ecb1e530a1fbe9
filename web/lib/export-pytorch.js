// export-pytorch.js — the PyTorch backend of an export: the model as a torch.nn.Module, the loss from
// torch.nn.functional, torch.optim optimizers and torch.optim.lr_scheduler schedules, and the lines
// the shared training loop (export-loop.js) needs. writePytorch writes the script.
//
// Numerics, as descent's (core/include/descent.h "Numerical contract"): the data are float32 tensors
// and the forward pass is float32; the parameters and the optimizer state are float64, so that
// torch.optim updates them in double as descent does. The losses then agree to float32 rounding.

import { LOSSES, OPTIMIZERS, SCHEDULES } from './export-kinds.js';
import { renderScript } from './export-python.js';
import { programSections, scriptDocstring, scriptMain } from './export-program.js';

/** Penalty and loss constants, shared by both backends' model sections. */
export function modelConstants(spec) {
  const { model } = spec;
  const lines = [`L1_PENALTY, L2_PENALTY = ${model.penalty.l1}, ${model.penalty.l2}  # model.penalty: l1·Σ|w| + l2·Σw² (weights, not the bias)`];
  if (model.loss === 'huber') lines.push(`HUBER_DELTA = ${model.delta}  # model.delta`);
  return lines;
}

/** Python for the penalty terms that are not zero, added to `f` (float64). */
function penaltyLines(spec, pad, w) {
  const { l1, l2 } = spec.model.penalty;
  return [
    ...(l1 > 0 ? [`${pad}f = f + L1_PENALTY * ${w}.abs().sum()`] : []),
    ...(l2 > 0 ? [`${pad}f = f + L2_PENALTY * ${w}.square().sum()`] : []),
  ];
}

function modelSection(spec) {
  const { model } = spec;
  const logistic = model.kind === 'logistic';
  const penalty = penaltyLines(spec, '    ', 'model.linear.weight');
  return {
    title: 'The model and its objective',
    about: `${logistic ? 'Logistic regression: a linear layer whose output z = x·w + b is the logit, with binary cross-entropy on logits.' : `Linear regression: z = x·w + b, with the ${model.loss.toUpperCase()} loss (the mean over the rows, MSE without the ½).`}
The parameters are float64 and the forward pass casts them to float32, as descent's kernels compute
in float32 and keep θ and the optimizer state in double. The training objective adds the penalty on
the weights; the test loss is the loss alone.`,
    code: `
${modelConstants(spec).join('\n')}


class LinearModel(torch.nn.Module):
    """z = x·w + b: a torch.nn.Linear(d, 1) with float64 parameters and a float32 forward pass."""

    def __init__(self, d, theta):
        super().__init__()
        self.linear = torch.nn.Linear(d, 1, dtype=torch.float64)
        with torch.no_grad():  # theta = [w..., b], the order of parameters()
            self.linear.weight.copy_(torch.tensor(theta[:-1], dtype=torch.float64).reshape(1, d))
            self.linear.bias.fill_(theta[-1])

    def forward(self, X):
        return F.linear(X, self.linear.weight.float(), self.linear.bias.float()).squeeze(1)


def loss_fn(z, y):
    """The mean loss over the rows, in float32 (model.loss ${JSON.stringify(model.loss)})."""
    return ${LOSSES[model.loss].torch}


def objective(model, X, y):
    """descent's training objective: the mean loss plus the penalty on the weights, in float64."""
    f = loss_fn(model(X), y).double()
${penalty.length ? `${penalty.join('\n')}\n` : ''}    return f


@torch.no_grad()
def training_objective(model, X, y):
    return objective(model, X, y).item()


@torch.no_grad()
def data_loss(model, X, y):
    """The loss without the penalty (descent's test loss); NaN without rows."""
    return loss_fn(model(X), y).item() if len(y) else math.nan


def flat_parameters(model):
    """theta = [w..., b] as a float64 numpy array."""
    return torch.nn.utils.parameters_to_vector(model.parameters()).detach().numpy().copy()


def evaluate(theta, X, y):
    """The training objective and the loss of parameters theta on numpy rows (X, y)."""
    model = LinearModel(X.shape[1], theta)
    X, y = torch.from_numpy(X), torch.from_numpy(y)
    return training_objective(model, X, y), data_loss(model, X, y)`,
  };
}

function optimizerSection(spec) {
  const kinds = [...spec.kinds.optimizers];
  // a class the script defines (torchDefinition) is named alone, a stock one from torch.optim
  const optimizers = kinds.map((k) => `    ${JSON.stringify(k)}: ${OPTIMIZERS[k].torchDefinition ? '' : 'torch.optim.'}${OPTIMIZERS[k].torch},`);
  const definitions = kinds.filter((k) => OPTIMIZERS[k].torchDefinition).map((k) => `${OPTIMIZERS[k].torchDefinition.trim()}\n\n\n`).join('');
  const sequential = spec.kinds.schedules.has('sequential');
  const nadam = kinds.includes('nadam');
  const schedulers = [...spec.kinds.schedules].filter((k) => SCHEDULES[k].torch)
    .map((k) => `    ${JSON.stringify(k)}: torch.optim.lr_scheduler.${SCHEDULES[k].torch},`);
  const bold = spec.kinds.schedules.has('bold_driver');
  return {
    title: 'Optimizers and schedules',
    about: `descent's optimizer and schedule names are torch's, with torch's keyword arguments, so each run's
settings go to the torch class as they are; a schedule's None defaults are resolved first
(resolved_schedule, in the training loop).${nadam ? ' NAdam: torch 1.13\'s class multiplies μ_t in twice (pytorch#92699), so before torch 2.0 the script uses its own NAdam with the formula torch documents, which is descent\'s.' : ''}${bold ? ' The bold driver has no torch class: the training loop runs it, saving and restoring the model\'s and the optimizer\'s state.' : ''}`,
    code: `
${definitions}OPTIMIZERS = {  # descent's optimizer.kind -> torch.optim class
${optimizers.join('\n')}
}
SCHEDULERS = {${schedulers.length ? `  # descent's schedule.kind -> torch.optim.lr_scheduler class
${schedulers.join('\n')}
` : ''}}  # a constant rate: no scheduler


def make_optimizer(model, spec):
    """torch.optim.<kind>(model.parameters(), **the run's hyperparameters)."""
    args = {k: tuple(v) if k in ("betas", "etas", "step_sizes") else v for k, v in spec.items() if k != "kind"}
    return OPTIMIZERS[spec["kind"]](model.parameters(), **args)


def make_scheduler(optimizer, schedule):
    """The run's torch.optim.lr_scheduler, or None for a constant rate${bold ? ' and for the bold driver' : ''}."""
    if schedule["kind"] not in SCHEDULERS:
        return None
    args = {k: v for k, v in schedule.items() if k not in ("kind", "per")}${sequential ? `
    if schedule["kind"] == "sequential":  # its schedulers on the same optimizer; a constant one keeps the rate
        # SequentialLR restarts a scheduler at its milestone with step(0), which torch warns about
        warnings.filterwarnings("ignore", "The epoch parameter", UserWarning)
        args["schedulers"] = [make_scheduler(optimizer, part) or torch.optim.lr_scheduler.LambdaLR(optimizer, lambda step: 1.0)
                              for part in args["schedulers"]]` : ''}
    return SCHEDULERS[schedule["kind"]](optimizer, **args)${bold ? `


def save_state(model, optimizer):
    return copy.deepcopy(model.state_dict()), copy.deepcopy(optimizer.state_dict())


def restore_state(model, optimizer, saved):
    model.load_state_dict(saved[0])
    optimizer.load_state_dict(saved[1])` : ''}`,
  };
}

/** The training loop's PyTorch lines (see export-loop.js). */
function loop(spec) {
  const plateau = spec.kinds.schedules.has('reduce_on_plateau');
  return {
    tensors: [
      '    X, y = torch.from_numpy(data["X_train"]), torch.from_numpy(data["y_train"])',
      '    X_test, y_test = torch.from_numpy(data["X_test"]), torch.from_numpy(data["y_test"])',
    ].join('\n'),
    create: [
      '    model = LinearModel(d, run["init"])',
      '    optimizer = make_optimizer(model, run["optimizer"])  # torch.optim.<kind>(model.parameters(), ...)',
      '    scheduler = make_scheduler(optimizer, schedule)',
    ].join('\n'),
    trainingLoss: 'training_objective(model, X, y)',
    testLoss: 'data_loss(model, X_test, y_test)',
    lr: 'optimizer.param_groups[0]["lr"]',
    batch: [
      '        optimizer.zero_grad()',
      '        loss = objective(model, X[rows], y[rows])  # b. the batch objective, then its gradient',
      '        loss.backward()',
      '        f = loss.item()',
    ].join('\n'),
    step: '        optimizer.step()  # d. one update at the current rate',
    save: '            saved = save_state(model, optimizer)',
    restore: '                    restore_state(model, optimizer, saved)',
    scaleLr: '                optimizer.param_groups[0]["lr"] *= factor',
    schedule: plateau
      ? [
        '            if isinstance(scheduler, torch.optim.lr_scheduler.ReduceLROnPlateau):',
        '                scheduler.step(metric)',
        '            elif scheduler is not None:',
        '                scheduler.step()',
      ].join('\n')
      : ['            if scheduler is not None:', '                scheduler.step()'].join('\n'),
    finite: 'np.isfinite(flat_parameters(model)).all()',
    theta: 'flat_parameters(model)',
  };
}

/** The PyTorch backend (the notebook and the Optuna study use it too). */
export const TORCH = {
  name: 'PyTorch',
  imports: ['import torch', 'import torch.nn.functional as F'],
  moreImports: (spec) => (spec.kinds.schedules.has('sequential') ? ['import warnings'] : []),
  threads: 'torch.set_num_threads(1)',
  modelSection,
  optimizerSection,
  loop,
};

/**
 * The PyTorch script of an export spec.
 * @returns {{files: {name: string, text?: string, bytes?: Uint8Array}[]}}
 */
export function writePytorch(spec, { stem, distributed }) {
  const { sections, files } = programSections(spec, TORCH, { stem, distributed });
  sections.push(scriptMain(spec, { distributed, backendName: 'PyTorch' }));
  const docstring = scriptDocstring(spec, { backendName: 'PyTorch', file: `${stem}.py`, distributed });
  return { files: [{ name: `${stem}.py`, text: renderScript(docstring, sections) }, ...files] };
}
