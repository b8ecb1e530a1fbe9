// export-optuna.js — an experiment's search as an Optuna study (Optuna 3.1): the PyTorch program of
// export-pytorch.js, descent's search (its validation split and configurations), and an objective
// that lets Optuna's sampler choose configurations over descent's search space. A storage URL on the
// command line lets several processes and machines work on one study.
//
// How its trials differ from descent's: Optuna draws the values with its own sampler (random, grid,
// or successive halving's pruner on reported validation losses), not from descent's tuning stream and
// without descent's rounding to 4 significant digits. --enqueue-descent K first tries descent's own
// first K configurations, whose validation losses then equal descent tune's.

import { pyDict, pyValue, renderScript } from './export-python.js';
import { programSections } from './export-program.js';
import { TORCH } from './export-pytorch.js';

function studySection(s, stem) {
  const sampler = s.strategy === 'grid' ? 'optuna.samplers.GridSampler(GRID, seed=args.seed)' : 'optuna.samplers.RandomSampler(seed=args.seed)';
  const pruner = s.strategy === 'halving'
    ? `optuna.pruners.SuccessiveHalvingPruner(min_resource="auto", reduction_factor=${s.eta})`
    : 'optuna.pruners.NopPruner()';
  return {
    title: 'The Optuna study',
    about: `An Optuna study over descent's search space. Optuna's sampler chooses every configuration: ranges
become suggest_float / suggest_int (log-uniform when \`scale\` is "log"), lists suggest_categorical, and
a hyperparameter that does not belong to the chosen optimizer or schedule (momentum for Adam) is not
suggested. Each trial is the base run with those values, trained on the fit rows and scored by its
validation loss, as in descent${s.strategy === 'halving' ? '; successive halving becomes Optuna\'s SuccessiveHalvingPruner on the validation losses reported at every recorded point' : ''}.`,
    code: `
SPACE = ${pyDict(s.space, 0)}
GRID = ${pyDict(s.grid, 0)}  # the values a grid search takes
INTEGER = ${pyValue(s.integers)}
APPLIES_TO = ${pyValue(s.uses)}  # hyperparameters that belong to some optimizer or schedule kinds
OPTIMIZER_DEFAULTS = ${pyValue(s.optimizerDefaults)}  # a new kind: torch's defaults, the base run's lr
SCHEDULE_DEFAULTS = ${pyValue(s.scheduleDefaults)}
EPOCHS = ${pyValue(s.rungs.at(-1).epochs)}  # a trial's budget (tune.epochs, or the base run's)
STUDY_NAME = ${JSON.stringify(stem)}

${String.raw`
def suggest(trial):
    """One configuration from Optuna's sampler over descent's space."""
    values = {}
    for name, dim in SPACE.items():
        if name in APPLIES_TO:
            what, kinds = APPLIES_TO[name]
            if values.get(what, TRIAL_BASE[what]["kind"]) not in kinds:
                continue
        if isinstance(dim, list):
            values[name] = trial.suggest_categorical(name, dim)
        elif name in INTEGER:
            values[name] = trial.suggest_int(name, dim["min"], dim["max"], log=dim["scale"] == "log")
        else:
            values[name] = trial.suggest_float(name, dim["min"], dim["max"], log=dim["scale"] == "log")
    return values


def run_of(values, name):
    """The run of a configuration, as descent's trialRun (web/lib/tune-plan.js) builds it: the base
    run, a new optimizer or schedule kind starting from its defaults, the values set."""
    run = copy.deepcopy(TRIAL_BASE)
    run.update(name=name, epochs=values.get("epochs", EPOCHS))
    for part, defaults in (("optimizer", OPTIMIZER_DEFAULTS), ("schedule", SCHEDULE_DEFAULTS)):
        if values.get(part, run[part]["kind"]) != run[part]["kind"]:
            run[part] = copy.deepcopy(defaults[values[part]])
    for key in ("lr", "momentum", "weight_decay"):
        if key in values:
            run["optimizer"][key] = values[key]
    for i, key in enumerate(("beta1", "beta2")):
        if key in values:
            run["optimizer"]["betas"] = list(run["optimizer"].get("betas", (0.9, 0.999)))
            run["optimizer"]["betas"][i] = values[key]
    for key in ("gamma", "step_size", "T_max"):
        if key in values:
            run["schedule"][key] = values[key]
    if "batchSize" in values:
        run["batch_size"] = values["batchSize"]
    return run


def study_objective(trial, fit):
    """Trains the trial's run on the fit rows; its validation loss is the value Optuna minimises."""
    values = suggest(trial)

    def report(iteration, train_loss, validation_loss):  # for the pruner
        trial.report(validation_loss, iteration)
        if trial.should_prune():
            raise optuna.TrialPruned()

    try:
        result = train(run_of(values, f"trial {trial.number}"), fit, seed=SEARCH["split_seed"], on_record=report)
    except ValueError as error:  # a combination torch refuses (Nesterov without momentum)
        trial.set_user_attr("status", f"invalid: {error}")
        return math.nan  # Optuna records the trial as failed
    trial.set_user_attr("status", result["status"])
    return math.nan if result["status"] == "diverged" else result["history"]["testLoss"][-1]


def main():
    parser = argparse.ArgumentParser(description=f"{NAME}: descent's search as an Optuna study.")
    parser.add_argument("--storage", metavar="URL", help="an Optuna storage (sqlite:///study.db, "
                        "postgresql://host/db): processes given the same URL and study name share the study")
    parser.add_argument("--study-name", default=STUDY_NAME, help=f"default {STUDY_NAME!r}")
    parser.add_argument("--n-trials", metavar="N", type=int, default=len(CONFIGS),
                        help=f"trials this process runs (default {len(CONFIGS)}, as descent)")
    parser.add_argument("--seed", metavar="N", type=int, default=None,
                        help="seed of Optuna's sampler (default: fresh; give each machine its own)")
    parser.add_argument("--enqueue-descent", metavar="K", type=int, default=0,
                        help="first try descent's first K configurations (their losses equal descent tune's)")
    parser.add_argument("--json", metavar="OUT", help="also write the study's trials as JSON")
    args = parser.parse_args()
    study = optuna.create_study(study_name=args.study_name, storage=args.storage, direction="minimize",
                                sampler=${sampler}, pruner=${pruner},
                                load_if_exists=True)
    for config in CONFIGS[:args.enqueue_descent]:
        if "invalid" not in config:
            study.enqueue_trial(config["values"])
    fit = validation_split(DATA, SEARCH["validation_fraction"], SEARCH["split_seed"])
    study.optimize(lambda trial: study_objective(trial, fit), n_trials=args.n_trials)

    trials = [{"index": t.number, "values": t.params, "status": t.user_attrs.get("status", t.state.name.lower()),
               "state": t.state.name.lower(), "validationLoss": t.value} for t in study.trials]
    header = ["trial"] + SEARCH["dimensions"] + ["state", "status", "val loss"]
    rows = [[str(t["index"])] + [format_value(t["values"].get(k)) if k in t["values"] else "-" for k in SEARCH["dimensions"]]
            + [t["state"], t["status"], format_value(t["validationLoss"])] for t in trials]
    print(f"{NAME}: Optuna study {args.study_name!r}, {plural(len(trials), 'trial')}")
    print("\n".join(layout_table(header, rows, 0)))
    complete = [t for t in trials if t["state"] == "complete"]
    best = None
    if complete:
        b = study.best_trial
        best = {"index": b.number, "values": b.params, "validationLoss": b.value}
        print(f"best: trial {b.number} ({', '.join(f'{k} {format_value(v)}' for k, v in b.params.items())}): "
              f"validation loss {format_value(b.value)}")
    if args.json:
        write_json(args.json, {"trials": trials, "best": best})


if __name__ == "__main__":
    main()`.trim()}`,
  };
}

/**
 * The Optuna study of an export spec (its tune section is a search).
 * @returns {{files: {name: string, text?: string, bytes?: Uint8Array}[]}}
 */
export function writeOptuna(spec, { stem }) {
  const { sections, files } = programSections(spec, TORCH, { stem, distributed: null });
  sections[0].code = sections[0].code.replace('import numpy as np', 'import numpy as np\nimport optuna');
  sections.push(studySection(spec.tune, stem));
  const docstring = `${spec.experiment.name} — descent's search as an Optuna study (PyTorch).

Optuna chooses the configurations with its own sampler over descent's search space; each trial is
descent's base run with those values, trained and scored exactly as descent tune does. Several
processes (on several machines) work on one study when they share a storage:

    python3 ${stem}.py --storage sqlite:///study.db [--n-trials N] [--seed N] [--json OUT]
    python3 ${stem}.py --storage postgresql://host/db      # one study for many machines
    python3 ${stem}.py --enqueue-descent 3                  # first descent's own first 3 configurations`;
  return { files: [{ name: `${stem}.py`, text: renderScript(docstring, sections) }, ...files] };
}
