#!/usr/bin/python3
"""golden.py — golden values from torch.optim and torch.optim.lr_scheduler for descent's tests.

Run with Debian's torch 1.13 (apt-get install python3-torch python3-numpy):

    /usr/bin/python3 tests/torch/golden.py

It writes
    tests/torch/golden.json   read by tests/node/torch.test.js (the float64 reference and the engine)
    tests/c/torch_golden.h    read by tests/c/test_optim.c and tests/c/test_sched.c (the core)

Everything runs in float64 (torch.set_default_dtype(torch.float64)), so torch's scalar state (NAdam's
mu_product, the step counters) is float64 too, as descent's is. Three parts:

  optim     each optimizer config on two parameters p0 = [1, -2] fed a fixed gradient sequence
            (steps with sign changes and zeros, so Rprop's rules all fire): the parameters after
            every step.
  sched     each schedule config on an SGD optimizer with lr 0.5 (momentum 0.9, or an Adam, when the
            schedule cycles momentum): the rate (and momentum or betas[0]) at t = 0..N, as
            get_last_lr() reports it after t scheduler.step() calls.
  train     full-batch training of y ≈ w·x + b (MSE, mean) on six rows rounded to float32, as descent
            stores data: parameters [w, b] and the objective at every state.

NAdam: torch 1.13's _single_tensor_nadam computes the next momentum product as
mu_product * mu * mu_next (mu counted twice); torch >= 2.0 (pytorch/pytorch#92699) and the formula in
torch 1.13's own docstring use mu_product * mu_next, which descent implements. The goldens come from
torch 1.13's function with that one line fixed (`nadam_fixed` below); `nadam_113` keeps 1.13's code
so that the tests can show the two differ.
"""
import inspect
import json
import math
import os
import sys
import textwrap

import numpy as np
import torch
from torch.optim import lr_scheduler as S
import torch.optim.nadam as nadam_module

torch.set_default_dtype(torch.float64)
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

# ---- NAdam with the torch 2.0 fix --------------------------------------------------------------------
SOURCE = textwrap.dedent(inspect.getsource(nadam_module._single_tensor_nadam))
BUGGY = "mu_product_next = mu_product * mu * mu_next"
assert BUGGY in SOURCE, "this torch's NAdam is not 1.13's: check the formula by hand"
namespace = dict(nadam_module.__dict__)
exec(SOURCE.replace(BUGGY, "mu_product_next = mu_product * mu_next"), namespace)
_single_tensor_nadam_fixed = namespace["_single_tensor_nadam"]


class NAdamFixed(torch.optim.NAdam):
    """torch 1.13's NAdam with mu_product_next = mu_product * mu_next (torch >= 2.0)."""

    def step(self, closure=None):
        original = nadam_module._single_tensor_nadam
        nadam_module._single_tensor_nadam = _single_tensor_nadam_fixed
        try:
            return super().step(closure)
        finally:
            nadam_module._single_tensor_nadam = original


# ---- optimizers --------------------------------------------------------------------------------------
P0 = [1.0, -2.0]
GRADS = [[0.5, -1.0], [0.25, 0.5], [-1.0, 2.0], [-0.5, 0.0], [0.75, -0.25], [0.3, -0.6],
         [0.0, 0.4], [-0.2, -0.1], [0.6, 0.2], [0.1, -0.3]]

OPTIM = [
    # name, descent optimizer config (torch names), torch constructor
    ("nadam", {"kind": "nadam", "lr": 0.1}, lambda p: NAdamFixed(p, lr=0.1)),
    ("nadam-options", {"kind": "nadam", "lr": 0.1, "betas": [0.8, 0.9], "eps": 0.05, "weight_decay": 0.1, "momentum_decay": 0.05},
     lambda p: NAdamFixed(p, lr=0.1, betas=(0.8, 0.9), eps=0.05, weight_decay=0.1, momentum_decay=0.05)),
    ("nadam-113", {"kind": "nadam", "lr": 0.1}, lambda p: torch.optim.NAdam(p, lr=0.1)),
    ("radam", {"kind": "radam", "lr": 0.1}, lambda p: torch.optim.RAdam(p, lr=0.1)),
    ("radam-options", {"kind": "radam", "lr": 0.1, "betas": [0.8, 0.6], "eps": 0.05, "weight_decay": 0.1},
     lambda p: torch.optim.RAdam(p, lr=0.1, betas=(0.8, 0.6), eps=0.05, weight_decay=0.1)),
    ("adadelta", {"kind": "adadelta"}, lambda p: torch.optim.Adadelta(p)),
    ("adadelta-options", {"kind": "adadelta", "lr": 0.5, "rho": 0.5, "eps": 1e-3, "weight_decay": 0.1},
     lambda p: torch.optim.Adadelta(p, lr=0.5, rho=0.5, eps=1e-3, weight_decay=0.1)),
    ("adamax", {"kind": "adamax", "lr": 0.1}, lambda p: torch.optim.Adamax(p, lr=0.1)),
    ("adamax-options", {"kind": "adamax", "lr": 0.1, "betas": [0.7, 0.5], "eps": 0.3, "weight_decay": 0.1},
     lambda p: torch.optim.Adamax(p, lr=0.1, betas=(0.7, 0.5), eps=0.3, weight_decay=0.1)),
    ("rprop", {"kind": "rprop", "lr": 0.1}, lambda p: torch.optim.Rprop(p, lr=0.1)),
    ("rprop-options", {"kind": "rprop", "lr": 0.1, "etas": [0.3, 1.5], "step_sizes": [0.05, 0.2]},
     lambda p: torch.optim.Rprop(p, lr=0.1, etas=(0.3, 1.5), step_sizes=(0.05, 0.2))),
]


def optim_golden():
    out = []
    for name, cfg, make in OPTIM:
        p = torch.tensor(P0, requires_grad=True)
        opt = make([p])
        steps = []
        for g in GRADS:
            p.grad = torch.tensor(g)
            opt.step()
            steps.append(p.detach().tolist())
        out.append({"name": name, "optimizer": cfg, "params": steps})
    return out


# ---- schedules ---------------------------------------------------------------------------------------
LR = 0.5
N = 24


def constant_lr(opt):
    return S.ConstantLR(opt, factor=1.0, total_iters=0)  # descent's "constant" inside a sequential


SCHED = [
    # name, descent schedule config, torch constructor (optimizer → scheduler), momentum: None | 'sgd' | 'adam'
    ("one_cycle", {"kind": "one_cycle", "total_steps": N}, lambda o: S.OneCycleLR(o, max_lr=LR, total_steps=N, cycle_momentum=False), None),
    ("one_cycle-options", {"kind": "one_cycle", "max_lr": 0.8, "total_steps": N, "pct_start": 0.25, "anneal_strategy": "linear", "div_factor": 10, "final_div_factor": 100},
     lambda o: S.OneCycleLR(o, max_lr=0.8, total_steps=N, pct_start=0.25, anneal_strategy="linear", div_factor=10, final_div_factor=100, cycle_momentum=False), None),
    ("one_cycle-three-phase", {"kind": "one_cycle", "total_steps": N, "three_phase": True},
     lambda o: S.OneCycleLR(o, max_lr=LR, total_steps=N, three_phase=True, cycle_momentum=False), None),
    ("one_cycle-momentum-sgd", {"kind": "one_cycle", "total_steps": N, "cycle_momentum": True, "base_momentum": 0.7, "max_momentum": 0.9},
     lambda o: S.OneCycleLR(o, max_lr=LR, total_steps=N, base_momentum=0.7, max_momentum=0.9), "sgd"),
    ("one_cycle-momentum-adam", {"kind": "one_cycle", "total_steps": N, "cycle_momentum": True, "three_phase": True},
     lambda o: S.OneCycleLR(o, max_lr=LR, total_steps=N, three_phase=True), "adam"),
    ("cyclic", {"kind": "cyclic", "base_lr": 0.1, "max_lr": 0.6, "step_size_up": 3},
     lambda o: S.CyclicLR(o, base_lr=0.1, max_lr=0.6, step_size_up=3, cycle_momentum=False), None),
    ("cyclic-triangular2", {"kind": "cyclic", "base_lr": 0.1, "max_lr": 0.6, "step_size_up": 3, "step_size_down": 5, "mode": "triangular2"},
     lambda o: S.CyclicLR(o, base_lr=0.1, max_lr=0.6, step_size_up=3, step_size_down=5, mode="triangular2", cycle_momentum=False), None),
    ("cyclic-exp_range", {"kind": "cyclic", "max_lr": 0.9, "step_size_up": 2, "step_size_down": 4, "mode": "exp_range", "gamma": 0.9},
     lambda o: S.CyclicLR(o, base_lr=LR, max_lr=0.9, step_size_up=2, step_size_down=4, mode="exp_range", gamma=0.9, cycle_momentum=False), None),
    ("cyclic-momentum", {"kind": "cyclic", "base_lr": 0.1, "max_lr": 0.6, "step_size_up": 4, "mode": "triangular2", "cycle_momentum": True},
     lambda o: S.CyclicLR(o, base_lr=0.1, max_lr=0.6, step_size_up=4, mode="triangular2"), "sgd"),
    ("cosine_warm_restarts", {"kind": "cosine_warm_restarts", "T_0": 5},
     lambda o: S.CosineAnnealingWarmRestarts(o, T_0=5), None),
    ("cosine_warm_restarts-options", {"kind": "cosine_warm_restarts", "T_0": 2, "T_mult": 2, "eta_min": 0.05},
     lambda o: S.CosineAnnealingWarmRestarts(o, T_0=2, T_mult=2, eta_min=0.05), None),
    ("multistep", {"kind": "multistep", "milestones": [3, 7, 8]}, lambda o: S.MultiStepLR(o, milestones=[3, 7, 8]), None),
    ("multistep-gamma", {"kind": "multistep", "milestones": [2, 10], "gamma": 0.5}, lambda o: S.MultiStepLR(o, milestones=[2, 10], gamma=0.5), None),
    ("polynomial", {"kind": "polynomial"}, lambda o: S.PolynomialLR(o), None),
    ("polynomial-options", {"kind": "polynomial", "total_iters": 8, "power": 2.5}, lambda o: S.PolynomialLR(o, total_iters=8, power=2.5), None),
    ("sequential-warmup-cosine", {"kind": "sequential", "schedulers": [{"kind": "linear", "start_factor": 0.1, "total_iters": 4}, {"kind": "cosine", "T_max": 12, "eta_min": 0.01}], "milestones": [4]},
     lambda o: S.SequentialLR(o, [S.LinearLR(o, start_factor=0.1, total_iters=4), S.CosineAnnealingLR(o, T_max=12, eta_min=0.01)], milestones=[4]), None),
    ("sequential-three", {"kind": "sequential", "schedulers": [{"kind": "exponential", "gamma": 0.8}, {"kind": "step", "step_size": 2, "gamma": 0.5}, {"kind": "multistep", "milestones": [2, 4]}], "milestones": [3, 9]},
     lambda o: S.SequentialLR(o, [S.ExponentialLR(o, gamma=0.8), S.StepLR(o, step_size=2, gamma=0.5), S.MultiStepLR(o, milestones=[2, 4])], milestones=[3, 9]), None),
    ("sequential-restarts-polynomial", {"kind": "sequential", "schedulers": [{"kind": "constant"}, {"kind": "cosine_warm_restarts", "T_0": 2, "T_mult": 2}, {"kind": "polynomial", "total_iters": 4, "power": 2}], "milestones": [2, 9]},
     lambda o: S.SequentialLR(o, [constant_lr(o), S.CosineAnnealingWarmRestarts(o, T_0=2, T_mult=2), S.PolynomialLR(o, total_iters=4, power=2)], milestones=[2, 9]), None),
]


def sched_golden():
    out = []
    for name, cfg, make, momentum in SCHED:
        p = torch.tensor([0.0], requires_grad=True)
        if momentum == "adam":
            opt = torch.optim.Adam([p], lr=LR)
        else:
            opt = torch.optim.SGD([p], lr=LR, momentum=0.9 if momentum else 0)
        sched = make(opt)
        lrs, moms = [sched.get_last_lr()[0]], []

        def mom():
            g = opt.param_groups[0]
            return g["betas"][0] if momentum == "adam" else g["momentum"]

        moms.append(mom())
        for _ in range(N):
            opt.step()
            sched.step()
            lrs.append(sched.get_last_lr()[0])
            moms.append(mom())
        entry = {"name": name, "lr": LR, "schedule": cfg, "rates": lrs}
        if momentum:
            entry["optimizer"] = momentum
            entry["momentum"] = moms
        out.append(entry)
    return out


# ---- training ----------------------------------------------------------------------------------------
X = [0.1, 0.5, 0.9, 1.3, -0.4, 2.2]
Y = [0.7, 1.9, 2.3, 3.8, -0.2, 5.1]
INIT = [0.3, -0.2]
ITERS = 20

TRAIN = [
    ("nadam", {"kind": "nadam", "lr": 0.05}, lambda p: NAdamFixed(p, lr=0.05), None),
    ("radam", {"kind": "radam", "lr": 0.05, "betas": [0.9, 0.99]}, lambda p: torch.optim.RAdam(p, lr=0.05, betas=(0.9, 0.99)), None),
    ("adadelta", {"kind": "adadelta", "lr": 1, "rho": 0.8}, lambda p: torch.optim.Adadelta(p, lr=1, rho=0.8), None),
    ("adamax", {"kind": "adamax", "lr": 0.05, "weight_decay": 0.05}, lambda p: torch.optim.Adamax(p, lr=0.05, weight_decay=0.05), None),
    ("rprop", {"kind": "rprop", "lr": 0.05}, lambda p: torch.optim.Rprop(p, lr=0.05), None),
    ("sgd-one_cycle-momentum", {"kind": "sgd", "lr": 0.1}, lambda p: torch.optim.SGD(p, lr=0.1),
     ({"kind": "one_cycle", "per": "iteration", "cycle_momentum": True}, lambda o: S.OneCycleLR(o, max_lr=0.1, total_steps=ITERS))),
    ("adam-one_cycle-momentum", {"kind": "adam", "lr": 0.05}, lambda p: torch.optim.Adam(p, lr=0.05),
     ({"kind": "one_cycle", "per": "iteration", "cycle_momentum": True, "pct_start": 0.4}, lambda o: S.OneCycleLR(o, max_lr=0.05, total_steps=ITERS, pct_start=0.4))),
    ("sgd-cyclic-momentum", {"kind": "sgd", "lr": 0.02, "momentum": 0.5}, lambda p: torch.optim.SGD(p, lr=0.02, momentum=0.5),
     ({"kind": "cyclic", "per": "iteration", "max_lr": 0.1, "step_size_up": 3, "cycle_momentum": True}, lambda o: S.CyclicLR(o, base_lr=0.02, max_lr=0.1, step_size_up=3))),
    ("sgd-warmup-cosine", {"kind": "sgd", "lr": 0.1}, lambda p: torch.optim.SGD(p, lr=0.1),
     ({"kind": "sequential", "per": "iteration", "schedulers": [{"kind": "linear", "start_factor": 0.2, "total_iters": 5}, {"kind": "cosine", "T_max": 15}], "milestones": [5]},
      lambda o: S.SequentialLR(o, [S.LinearLR(o, start_factor=0.2, total_iters=5), S.CosineAnnealingLR(o, T_max=15)], milestones=[5]))),
]


def train_golden():
    x = torch.tensor(np.float32(X).astype(np.float64))
    y = torch.tensor(np.float32(Y).astype(np.float64))
    out = []
    for name, ocfg, make, sched in TRAIN:
        w = torch.tensor([INIT[0]], requires_grad=True)
        b = torch.tensor([INIT[1]], requires_grad=True)
        opt = make([w, b])
        s = sched[1](opt) if sched else None

        def objective():
            return torch.mean((x * w + b - y) ** 2)

        params, objs = [[w.item(), b.item()]], [objective().item()]
        for _ in range(ITERS):
            opt.zero_grad()
            objective().backward()
            opt.step()
            if s:
                s.step()
            params.append([w.item(), b.item()])
            objs.append(objective().item())
        entry = {"name": name, "optimizer": ocfg, "params": params, "objective": objs}
        if sched:
            entry["schedule"] = sched[0]
        out.append(entry)
    return out


# ---- L-BFGS ------------------------------------------------------------------------------------------
# torch.optim.LBFGS, one step() per descent iteration, on (1) least squares with 5 features whose
# Hessian has condition number about 1e4 (data rounded to float32, as descent stores them; objective
# mean((X·w + b − y)²)) and (2) Rosenbrock's function from (−1.5, 2). Recorded per step: the
# parameters after it, the loss step() returned (at the state before it) and the evaluations it made
# (state['func_evals'] before and after). The least-squares runs are also done in float32 (torch's
# default dtype), which descent does not imitate: the tests report how close those come.
LB_N, LB_D, LB_STEPS = 100, 5, 8
LB_SCALES = [1, 2, 5, 10, 35]
LB_WEIGHTS = [1.0, -2.0, 0.5, 0.3, -0.1]


def lbfgs_data():
    rng = np.random.RandomState(15)
    X = (rng.uniform(size=(LB_N, LB_D)) * np.array(LB_SCALES)).astype(np.float32)
    y = (X.astype(np.float64) @ np.array(LB_WEIGHTS) + 0.5 + 0.1 * rng.standard_normal(LB_N)).astype(np.float32)
    return X, y


LBFGS_RUNS = [
    # name, problem, descent optimizer config, torch kwargs
    ("ls", "ls", {"kind": "lbfgs"}, {}),
    ("ls-wolfe", "ls", {"kind": "lbfgs", "line_search_fn": "strong_wolfe"}, {"line_search_fn": "strong_wolfe"}),
    ("ls-options", "ls", {"kind": "lbfgs", "lr": 0.5, "max_iter": 4, "history_size": 3},
     {"lr": 0.5, "max_iter": 4, "history_size": 3}),
    ("ls-wolfe-options", "ls", {"kind": "lbfgs", "max_iter": 3, "max_eval": 7, "history_size": 2, "line_search_fn": "strong_wolfe"},
     {"max_iter": 3, "max_eval": 7, "history_size": 2, "line_search_fn": "strong_wolfe"}),
    ("rosenbrock", "rosenbrock", {"kind": "lbfgs", "lr": 0.1}, {"lr": 0.1}),
    ("rosenbrock-wolfe", "rosenbrock", {"kind": "lbfgs", "line_search_fn": "strong_wolfe"}, {"line_search_fn": "strong_wolfe"}),
    ("rosenbrock-wolfe-options", "rosenbrock", {"kind": "lbfgs", "lr": 0.8, "max_iter": 5, "tolerance_change": 1e-6, "line_search_fn": "strong_wolfe"},
     {"lr": 0.8, "max_iter": 5, "tolerance_change": 1e-6, "line_search_fn": "strong_wolfe"}),
    # a schedule scales the lr that step() reads from param_groups (scheduler.step() after each step())
    ("rosenbrock-wolfe-step", "rosenbrock", {"kind": "lbfgs", "max_iter": 4, "line_search_fn": "strong_wolfe"},
     {"max_iter": 4, "line_search_fn": "strong_wolfe"}),
    ("rosenbrock-step", "rosenbrock", {"kind": "lbfgs", "lr": 0.2, "max_iter": 4}, {"lr": 0.2, "max_iter": 4}),
]
LBFGS_SCHEDULES = {  # run name: (descent schedule, torch scheduler)
    "rosenbrock-wolfe-step": ({"kind": "step", "per": "iteration", "step_size": 2, "gamma": 0.5}, lambda o: S.StepLR(o, step_size=2, gamma=0.5)),
    "rosenbrock-step": ({"kind": "exponential", "per": "iteration", "gamma": 0.7}, lambda o: S.ExponentialLR(o, gamma=0.7)),
}
RB_INIT = [-1.5, 2.0]


def lbfgs_run(problem, kwargs, dtype, schedule=None):
    if problem == "ls":
        X, y = lbfgs_data()
        Xt, yt = torch.tensor(X, dtype=dtype), torch.tensor(y, dtype=dtype)
        w = torch.zeros(LB_D, dtype=dtype, requires_grad=True)
        b = torch.zeros(1, dtype=dtype, requires_grad=True)
        params = [w, b]

        def objective():
            return torch.mean((Xt @ w + b - yt) ** 2)
    else:
        p = torch.tensor(RB_INIT, dtype=dtype, requires_grad=True)
        params = [p]

        def objective():
            return (1 - p[0]) ** 2 + 100 * (p[1] - p[0] ** 2) ** 2
    opt = torch.optim.LBFGS(params, **kwargs)
    sched = schedule(opt) if schedule else None

    def closure():
        opt.zero_grad()
        f = objective()
        f.backward()
        return f

    flat = lambda: [v for q in params for v in q.detach().reshape(-1).tolist()]
    out = {"params": [], "loss": [], "evals": []}
    for _ in range(LB_STEPS):
        before = opt.state[params[0]].get("func_evals", 0)
        loss = opt.step(closure)
        out["params"].append(flat())
        out["loss"].append(float(loss))
        out["evals"].append(opt.state[params[0]]["func_evals"] - before)
        if sched:
            sched.step()
    with torch.no_grad():
        out["final"] = float(objective())
    return out


def lbfgs_golden():
    X, y = lbfgs_data()
    runs = []
    for name, problem, cfg, kwargs in LBFGS_RUNS:
        schedule = LBFGS_SCHEDULES.get(name)
        entry = {"name": name, "problem": problem, "optimizer": cfg,
                 **lbfgs_run(problem, kwargs, torch.float64, schedule and schedule[1])}
        if schedule:
            entry["schedule"] = schedule[0]
        if problem == "ls":
            f32 = lbfgs_run(problem, kwargs, torch.float32)
            entry["float32"] = {"loss": f32["loss"], "evals": f32["evals"], "final": f32["final"]}
        runs.append(entry)
    Z = np.hstack([X.astype(np.float64), np.ones((LB_N, 1))])
    optimum = np.linalg.lstsq(Z, y.astype(np.float64), rcond=None)[0]
    ev = np.linalg.eigvalsh(2 / LB_N * Z.T @ Z)
    return {"X": X.astype(np.float64).tolist(), "y": y.astype(np.float64).tolist(), "steps": LB_STEPS,
            "rosenbrockInit": RB_INIT, "optimum": optimum.tolist(),
            "optimumLoss": float(np.mean((Z @ optimum - y.astype(np.float64)) ** 2)),
            "condition": float(ev.max() / ev.min()), "runs": runs}


# ---- output ------------------------------------------------------------------------------------------
def c_ident(name):
    return name.replace("-", "_")


def c_doubles(values):
    return ", ".join("%.17g" % v for v in values)


def write_header(optim, sched, path, lbfgs=None):
    lines = [
        "/* torch_golden.h — GENERATED by tests/torch/golden.py from torch %s (float64); do not edit." % torch.__version__,
        " * Optimizers: parameters after each of the GOLDEN_STEPS steps from p0 = [1, -2] with gradients",
        " * GOLDEN_GRADS. Schedules: the rate (and momentum) at t = 0..GOLDEN_T on an optimizer with lr",
        " * GOLDEN_LR. The configs themselves are set in the tests (see golden.json for them). */",
        "#ifndef DSC_TORCH_GOLDEN_H",
        "#define DSC_TORCH_GOLDEN_H",
        "",
        "#define GOLDEN_STEPS %d" % len(GRADS),
        "#define GOLDEN_T %d" % N,
        "#define GOLDEN_LR %.17g" % LR,
        "static const double GOLDEN_P0[2] = {%s};" % c_doubles(P0),
        "static const double GOLDEN_GRADS[GOLDEN_STEPS][2] = {%s};" % ", ".join("{%s}" % c_doubles(g) for g in GRADS),
        "",
    ]
    for o in optim:
        lines.append("static const double GOLDEN_OPTIM_%s[GOLDEN_STEPS][2] = {%s};" % (
            c_ident(o["name"]).upper(), ", ".join("{%s}" % c_doubles(p) for p in o["params"])))
    lines.append("")
    for s in sched:
        lines.append("static const double GOLDEN_SCHED_%s[GOLDEN_T + 1] = {%s};" % (c_ident(s["name"]).upper(), c_doubles(s["rates"])))
        if "momentum" in s:
            lines.append("static const double GOLDEN_MOMENTUM_%s[GOLDEN_T + 1] = {%s};" % (c_ident(s["name"]).upper(), c_doubles(s["momentum"])))
    if lbfgs is not None:
        lines += ["", "/* L-BFGS (torch.optim.LBFGS, float64): LB_N rows of LB_D float32 features, then per run the",
                  "   parameters after each of GOLDEN_LB_STEPS step() calls, the loss each returned and the",
                  "   evaluations each made. */",
                  "#define GOLDEN_LB_N %d" % LB_N, "#define GOLDEN_LB_D %d" % LB_D, "#define GOLDEN_LB_STEPS %d" % LB_STEPS,
                  "static const float GOLDEN_LB_X[GOLDEN_LB_N * GOLDEN_LB_D] = {%s};" % ", ".join("%.9gf" % v for row in lbfgs["X"] for v in row),
                  "static const float GOLDEN_LB_Y[GOLDEN_LB_N] = {%s};" % ", ".join("%.9gf" % v for v in lbfgs["y"]),
                  "static const double GOLDEN_LB_RB_INIT[2] = {%s};" % c_doubles(RB_INIT)]
        for r in lbfgs["runs"]:
            k = c_ident(r["name"]).upper()
            np_ = len(r["params"][0])
            lines.append("static const double GOLDEN_LB_%s_PARAMS[GOLDEN_LB_STEPS][%d] = {%s};" % (k, np_, ", ".join("{%s}" % c_doubles(p) for p in r["params"])))
            lines.append("static const double GOLDEN_LB_%s_LOSS[GOLDEN_LB_STEPS] = {%s};" % (k, c_doubles(r["loss"])))
            lines.append("static const int GOLDEN_LB_%s_EVALS[GOLDEN_LB_STEPS] = {%s};" % (k, ", ".join(str(e) for e in r["evals"])))
    lines += ["", "#endif /* DSC_TORCH_GOLDEN_H */", ""]
    with open(path, "w") as f:
        f.write("\n".join(lines))


def main():
    optim, sched, train, lbfgs = optim_golden(), sched_golden(), train_golden(), lbfgs_golden()
    doc = {
        "generator": "tests/torch/golden.py",
        "torch": torch.__version__,
        "optim": {"p0": P0, "grads": GRADS, "runs": optim},
        "sched": {"lr": LR, "steps": N, "runs": sched},
        "train": {"X": [[v] for v in X], "y": Y, "init": INIT, "iterations": ITERS, "runs": train},
        "lbfgs": lbfgs,
    }
    with open(os.path.join(HERE, "golden.json"), "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    write_header(optim, sched, os.path.join(ROOT, "tests", "c", "torch_golden.h"), lbfgs)
    print("wrote tests/torch/golden.json and tests/c/torch_golden.h (torch %s)" % torch.__version__, file=sys.stderr)


if __name__ == "__main__":
    main()
