// export-search.js — an experiment's tune section in an exported script: the search (its trials listed
// explicitly as descent planned them, the validation split, successive halving's rungs, the scoring
// and descent tune's table) and the learning-rate range test (its run and the suggestion rule).
// The plan comes from tune-plan.js (planSearch, trialRun, rangeTestRun), so the script tries exactly
// descent's configurations; Dask, when asked for, only changes where the trials run.

import { ExperimentError } from './errors.js';
import { SCHEMA } from './experiment.js';
import { pyDict, pyValue } from './export-python.js';
import { gridValues, planSearch, rangeTestRun, trialRun } from './tune-plan.js';
import { isObject } from './text.js';

/** What a run changes from the trials' base run: whole optimizer/schedule dicts when the kind changes. */
function changesOf(run, base) {
  const out = {};
  for (const [key, value] of Object.entries(run)) {
    if (key === 'name' || key === 'epochs' || key === 'init') continue;
    const was = base[key];
    if (isObject(value) && value.kind !== was.kind) out[key] = value;
    else if (isObject(value)) {
      const diff = Object.fromEntries(Object.entries(value).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(was[k])));
      if (Object.keys(diff).length) out[key] = diff;
    } else if (JSON.stringify(value) !== JSON.stringify(was)) out[key] = value;
  }
  return out;
}

/**
 * The search of a normalized experiment (tune.kind "search") as plain values.
 * @param {object} experiment @param {Function} pythonRun export.js's run converter
 * @param {Float64Array} init the base run's initial parameters
 */
export function searchSpec(experiment, pythonRun, init) {
  const { tune } = experiment;
  const plan = planSearch(experiment);
  const firstEpochs = plan.rungs[0].epochs;
  const base = pythonRun(trialRun(experiment, {}, firstEpochs, 'trial').run, init);
  const configs = plan.configs.map((values, i) => {
    const outcomes = plan.rungs.map((rung) => {
      try {
        return { built: trialRun(experiment, values, values.epochs ?? rung.epochs, `trial ${i}`) };
      } catch (error) {
        if (!(error instanceof ExperimentError)) throw error;
        return { invalid: error.message };
      }
    });
    if (outcomes.some((o) => Boolean(o.invalid) !== Boolean(outcomes[0].invalid))) {
      throw new ExperimentError([{ path: 'tune.epochs', message: `configuration ${i} is valid on some rungs of the search and not on others; descent tune can run it, an export cannot list it` }]);
    }
    const [first] = outcomes;
    if (first.invalid) return { values, invalid: first.invalid };
    return { values: first.built.applied, changes: changesOf(pythonRun(first.built.run), base) };
  });
  const kinds = (field) => (Array.isArray(tune.space[field]) ? tune.space[field] : []);
  const defaults = (field) => Object.fromEntries(kinds(field).map((kind) => [kind, pythonRun(trialRun(experiment, { [field]: kind }, firstEpochs, 'trial').run)[field]]));
  const space = Object.fromEntries(plan.dimensions.map((name) => [name, tune.space[name]]));
  return {
    kind: 'search',
    strategy: tune.strategy,
    dimensions: plan.dimensions,
    validationFraction: tune.validationFraction,
    splitSeed: plan.splitSeed,
    nFit: plan.nFit,
    nValidation: plan.nValidation,
    rungs: plan.rungs,
    eta: tune.eta,
    minEpochs: tune.minEpochs,
    base,
    configs,
    runs: [base],
    optimizers: kinds('optimizer'),
    schedules: kinds('schedule'),
    // Optuna: the space itself, what each hyperparameter applies to, the defaults of other kinds
    space,
    grid: Object.fromEntries(plan.dimensions.map((name) => [name, gridValues(tune.space[name], name)])),
    integers: plan.dimensions.filter((name) => SCHEMA.space.fields[name].item.type === 'int'),
    uses: Object.fromEntries(plan.dimensions.filter((name) => SCHEMA.space.fields[name].uses)
      .map((name) => [name, Object.entries(SCHEMA.space.fields[name].uses)[0]])),
    optimizerDefaults: defaults('optimizer'),
    scheduleDefaults: defaults('schedule'),
  };
}

/** The range test of a normalized experiment (tune.kind "range_test") as plain values. */
export function rangeTestSpec(experiment, pythonRun, init) {
  const { tune } = experiment;
  const run = pythonRun(rangeTestRun(experiment), init);
  return {
    kind: 'range_test', run, runs: [run], base: experiment.runs[tune.run].name,
    lrMin: tune.lrMin, lrMax: tune.lrMax, steps: tune.steps, smoothing: tune.smoothing, rule: tune.rule,
  };
}

// ---- Python --------------------------------------------------------------------------------------------

/** The search's definitions: the plan, the validation split, trials, halving and the table. */
export function searchSection(s) {
  const configLines = s.configs.map((c) => `    ${pyValue(c.invalid ? { values: c.values, invalid: c.invalid } : { values: c.values, changes: c.changes })},`);
  return {
    title: 'The search (descent tune)',
    about: `The experiment's \`tune\` section: a ${s.strategy} search over ${s.dimensions.join(', ')}. Every trial is the base run
with a few values changed, trained on the training rows minus a validation split and scored by its loss
on the validation rows. The configurations are the ones descent drew from the seed's tuning stream,
listed in trial order${s.strategy === 'halving' ? `; successive halving trains all of them for ${s.rungs[0].epochs} epochs, keeps the best 1/${s.eta} of
each rung and trains them again on ${s.eta} times the budget` : ''}.`,
    code: `
SEARCH = ${pyDict({ strategy: s.strategy, dimensions: s.dimensions, validation_fraction: s.validationFraction, split_seed: s.splitSeed }, 0)}
RUNGS = ${pyValue(s.rungs)}  # configurations and epochs per rung
TRIAL_BASE = ${pyDict(s.base, 0)}
CONFIGS = [  # in trial order: the values shown in the table, and what they change in TRIAL_BASE
${configLines.join('\n')}
]

${String.raw`
def validation_split(data, fraction, seed):
    """The rows trials train on and the rows that score them (descent's Session.holdOut): of the
    training rows, round(n*fraction) are held out by selection sampling (Knuth's Algorithm S) with
    the data stream of seed; both keep the rows' order. The test rows are not used."""
    X, y = data["X_train"], data["y_train"]
    n = len(y)
    needed = math.floor(n * fraction + 0.5)
    rng = PCG32(seed, DATA_STREAM)
    held_out = np.zeros(n, dtype=bool)
    for i in range(n):
        if needed > 0 and rng.below(n - i) < needed:  # P(row i held out) = needed / (n - i)
            held_out[i] = True
            needed -= 1
    return {"X_train": X[~held_out], "y_train": y[~held_out], "X_test": X[held_out], "y_test": y[held_out]}


def trial_run(config, index, epochs):
    """The run of a trial: TRIAL_BASE with the configuration's changes (a change of optimizer or
    schedule kind replaces it with that kind's torch defaults) and a budget of epochs."""
    run = dict(TRIAL_BASE, name=f"trial {index}", epochs=epochs)
    for key, change in config["changes"].items():
        run[key] = {**run[key], **change} if isinstance(change, dict) and "kind" not in change else change
    return run


def run_trial(task, fit):
    """One trial: a pure function of its task, so it gives the same result here or on any worker."""
    config = CONFIGS[task["config"]]
    trial = {"index": task["index"], "config": task["config"], "rung": task["rung"],
             "budgetEpochs": task["epochs"], "values": config["values"]}
    if "invalid" in config:  # a combination descent's schema refuses (for example Nesterov without momentum)
        return {**trial, "status": "invalid", "error": config["invalid"], "divergedAt": None,
                "validationLoss": math.nan, "trainLoss": math.nan, "samples": 0, "epochs": 0,
                "iterations": 0, "params": None, "timeMs": 0}
    # descent trains trials on a dataset of the fit rows whose seed is the split seed: its shuffle
    # stream is that seed's
    result = train(trial_run(config, task["index"], task["epochs"]), fit, seed=SEARCH["split_seed"])
    return {**trial, "status": result["status"], "divergedAt": result["divergedAt"],
            "validationLoss": result["history"]["testLoss"][-1],
            "trainLoss": result["history"]["trainLoss"][-1], "samples": result["samples"],
            "epochs": result["epochs"], "iterations": result["iterations"],
            "params": result["params"]["flat"], "timeMs": result["timeMs"]}


def usable(trial):
    return trial["status"] not in ("invalid", "diverged") and math.isfinite(trial["validationLoss"])


def rank(trial):
    """descent's ranking: usable trials by validation loss, then the others; ties by index."""
    return (not usable(trial), trial["validationLoss"] if usable(trial) else 0, trial["index"])


def search(fit, map_trials):
    """Trains every rung's configurations with map_trials (in order here, or on a Dask cluster) and
    promotes the best of each rung to the next; returns every trial and the winner of the last rung."""
    trials, last_rung = [], []
    candidates = list(range(len(CONFIGS)))
    for k, rung in enumerate(RUNGS):
        if not candidates:
            break
        tasks = [{"index": len(trials) + j, "config": c, "rung": k,
                  "epochs": CONFIGS[c]["values"].get("epochs", rung["epochs"])}
                 for j, c in enumerate(candidates)]
        last_rung = map_trials(tasks)
        trials += last_rung
        if k + 1 < len(RUNGS):
            promoted = sorted((t for t in last_rung if usable(t)), key=rank)[:RUNGS[k + 1]["size"]]
            candidates = sorted(t["config"] for t in promoted)
    ranked = sorted(last_rung, key=rank)
    return trials, (ranked[0] if ranked and usable(ranked[0]) else None)


def tune(client=None):
    """descent tune: the search, with its trials on the Dask client's workers when one is given."""
    started = time.perf_counter()
    fit = validation_split(DATA, SEARCH["validation_fraction"], SEARCH["split_seed"])
    if client is None:
        workers = 1
        def map_trials(tasks):
            return [run_trial(task, fit) for task in tasks]
    else:
        workers = len(client.scheduler_info()["workers"])
        fit_on_workers = client.scatter([fit], broadcast=True)[0]  # the rows travel once per worker
        def map_trials(tasks):
            return client.gather(client.map(run_trial, tasks, fit=fit_on_workers, pure=False))
    trials, winner = search(fit, map_trials)
    best = None
    if winner is not None:
        test_loss = evaluate(np.array(winner["params"]), X_test, y_test)[1] if len(y_test) else None
        best = {key: winner[key] for key in ("index", "config", "values", "validationLoss", "trainLoss", "params")}
        best["testLoss"] = test_loss
    theta = closed_form_optimum(fit["X_train"], fit["y_train"])
    optimum = None if theta is None else {"validationLoss": evaluate(theta, fit["X_test"], fit["y_test"])[1]}
    return {"trials": trials, "best": best, "optimum": optimum, "workers": workers,
            "timeMs": (time.perf_counter() - started) * 1000,
            "sizes": (len(fit["y_train"]), len(fit["y_test"]), len(y_train), len(y_test))}


def search_table(result):
    """descent tune's table: every trial by validation loss (halving: the last rung first)."""
    halving = SEARCH["strategy"] == "halving"
    trials, dims = result["trials"], SEARCH["dimensions"]
    n_fit, n_validation, n_train, n_test = result["sizes"]
    workers = result["workers"]
    lines = [
        f"{NAME}: {SEARCH['strategy']} search, {len(trials)} trials on {plural(workers, 'worker')}, "
        f"{duration(result['timeMs'])}",
        f"{n_fit} rows to fit and {n_validation} validation rows (from {n_train} training rows), "
        f"{n_test} test rows, seed {SEED}",
    ]
    header = (["rank", "trial"] + (["rung", "epochs"] if halving else []) + dims
              + ["status", "val loss", "train loss", "samples", "time"])
    rows = []
    for i, t in enumerate(sorted(trials, key=lambda t: (-t["rung"] if halving else 0, rank(t)))):
        status = f"diverged at {t['divergedAt']}" if t["status"] == "diverged" and t["divergedAt"] is not None else t["status"]
        rows.append([str(i + 1), str(t["index"])]
                    + ([str(t["rung"]), format_value(t["budgetEpochs"])] if halving else [])
                    + [format_value(t["values"][k]) if k in t["values"] else "-" for k in dims]
                    + [status, format_value(t["validationLoss"]), format_value(t["trainLoss"]),
                       f"{round(t['samples']):,}", duration(t["timeMs"])])
    lines += [""] + layout_table(header, rows, 0) + [""]
    best = result["best"]
    if best is not None:
        values = ", ".join(f"{k} {format_value(v)}" for k, v in best["values"].items())
        lines.append(f"best: trial {best['index']} ({values}): validation loss "
                     f"{format_value(best['validationLoss'])}, test loss {format_value(best['testLoss'])}")
    else:
        lines.append("best: none — every trial of the last rung failed (diverged or invalid)")
    failed = sum(t["status"] in ("diverged", "invalid") for t in trials)
    samples = sum(t["samples"] for t in trials)
    lines.append(f"budget: {round(samples):,} samples in {len(trials)} trials" + (f" ({failed} failed)" if failed else ""))
    if result["optimum"] is not None:
        lines.append(f"closed-form optimum of the fit rows: validation loss {format_value(result['optimum']['validationLoss'])}")
    for t in [t for t in trials if t["status"] == "invalid"][:3]:
        lines.append(f"trial {t['index']} is invalid: {t['error'].splitlines()[0]}")
    return "\n".join(lines)`.trim()}`,
  };
}

/** The range test's definitions: its run, the suggestion rule (tune.js suggestLearningRate), the table. */
export function rangeTestSection(s) {
  return {
    title: 'The learning-rate range test (descent tune)',
    about: `The experiment's \`tune\` section: a range test of "${s.base}". One run whose rate grows geometrically from
${s.lrMin} to ${s.lrMax} over ${s.steps} updates, recording the training loss after every update; the curve is read
up to where the loss first exceeds 4× its lowest value, and the suggested rate follows the rule "${s.rule}".`,
    code: `
RANGE_TEST = ${pyDict({ lr_min: s.lrMin, lr_max: s.lrMax, steps: s.steps, smoothing: s.smoothing, rule: s.rule, base: s.base }, 0)}
RANGE_TEST_RUN = ${pyDict(s.run, 0)}

${String.raw`
def suggest_learning_rate(lr, loss, rule="min/10", smoothing=0.0):
    """descent's reading of a range test: smooth the loss (bias-corrected moving average), stop where
    it first exceeds 4x its lowest value or is not finite, then suggest the rate at the lowest loss
    divided by 10 ("min/10"), or where the loss falls fastest against log(lr) ("steepest")."""
    n = min(len(lr), len(loss))
    smoothed, average, decay, lowest, cut, stopped = [], 0.0, 1.0, math.inf, n, None
    for i in range(n):
        average = smoothing * average + (1 - smoothing) * loss[i]
        decay *= smoothing
        smoothed.append(average / (1 - decay))
        if not math.isfinite(smoothed[i]) or smoothed[i] > 4 * lowest:
            cut = i
            reason = "the loss rose above 4× its lowest value" if math.isfinite(smoothed[i]) else "the loss is not finite"
            stopped = {"index": i, "lr": lr[i], "reason": reason}
            break
        lowest = min(lowest, smoothed[i])
    m = min(range(cut), key=lambda i: (smoothed[i], i)) if cut > 0 else 0
    if cut < 3:
        return {"smoothed": smoothed, "stoppedAt": stopped, "suggestion": None,
                "note": "the loss rose from the first updates: lower tune.lrMin"}
    if rule == "steepest":
        steepest, slope = -1, 0.0
        for i in range(1, m):
            g = (smoothed[i + 1] - smoothed[i - 1]) / (math.log(lr[i + 1]) - math.log(lr[i - 1]))
            if g < slope:
                steepest, slope = i, g
        if steepest >= 0:
            text = (f"the rate where the loss falls fastest against log(lr) (slope {format_number(slope)} "
                    f"per e-fold, before the lowest loss at lr {format_number(lr[m])})")
            return {"smoothed": smoothed, "stoppedAt": stopped, "suggestion": {
                "lr": lr[steepest], "rule": rule, "index": steepest, "loss": smoothed[steepest], "text": text}}
    text = f"the rate at the lowest loss ({format_number(smoothed[m])} at lr {format_number(lr[m])}) divided by 10"
    if rule == "steepest":
        text += ' (rule "steepest" found no falling stretch before the minimum)'
    return {"smoothed": smoothed, "stoppedAt": stopped,
            "suggestion": {"lr": lr[m] / 10, "rule": "min/10", "index": m, "loss": smoothed[m], "text": text}}


def range_test(client=None):
    """descent tune for a range test: the run (on a Dask worker when a client is given), its curve,
    and the suggestion."""
    started = time.perf_counter()
    result = train(RANGE_TEST_RUN, DATA) if client is None else client.submit(train, RANGE_TEST_RUN, DATA).result()
    history = result["history"]  # point k: the state after k updates; lr: the rate of update k + 1
    updates = len(history["iteration"]) - 1
    lr, loss = history["lr"][:updates], history["trainLoss"][1:]
    return {"status": result["status"], "divergedAt": result["divergedAt"], "initialLoss": history["trainLoss"][0],
            "lr": lr, "loss": loss, **suggest_learning_rate(lr, loss, RANGE_TEST["rule"], RANGE_TEST["smoothing"]),
            "timeMs": (time.perf_counter() - started) * 1000}


def range_test_table(r):
    """descent tune's report of a range test: the curve at up to 16 updates, and the suggestion."""
    lines = [f"{NAME}: range test of \"{RANGE_TEST['base']}\", lr {format_value(RANGE_TEST['lr_min'])} → "
             f"{format_value(RANGE_TEST['lr_max'])} over {RANGE_TEST['steps']} updates, {duration(r['timeMs'])}",
             f"initial loss {format_value(r['initialLoss'])}"
             + (f"; the run diverged at update {r['divergedAt']}" if r["status"] == "diverged" else ""), ""]
    end = r["stoppedAt"]["index"] + 1 if r["stoppedAt"] else len(r["lr"])
    shown = min(end, 16)
    picks = {math.floor(j * (end - 1) / max(1, shown - 1) + 0.5) for j in range(shown)}
    at = r["suggestion"]["index"] if r["suggestion"] else None
    if at is not None:
        picks.add(at)
    mark = {"min/10": "← lowest loss", "steepest": "← steepest fall"}
    rows = [[str(i + 1), format_value(r["lr"][i]), format_value(r["loss"][i]), format_value(r["smoothed"][i]),
             mark[r["suggestion"]["rule"]] if i == at else ""] for i in sorted(picks)]
    lines += layout_table(["update", "lr", "loss", "smoothed", ""], rows, 0) + [""]
    if r["stoppedAt"]:
        s = r["stoppedAt"]
        lines.append(f"stopped reading at update {s['index'] + 1} (lr {format_value(s['lr'])}): {s['reason']}")
    if r["suggestion"]:
        g = r["suggestion"]
        lines.append(f"suggested lr: {format_value(g['lr'])} — rule \"{g['rule']}\": {g['text']}")
    else:
        lines.append(f"no suggestion: {r['note']}")
    return "\n".join(lines)`.trim()}`,
  };
}
