#!/usr/bin/python3
"""rmsprop_drift.py — torch's RMSprop after convergence, for tests/torch/rmsprop_drift.mjs.

Reads {X, y, init, optimum, runs: [{optimizer: {lr, alpha, eps, centered}, gamma, iterations}], at: [k...]}
on stdin (X and y are the float32 values descent holds, written as exact decimals), trains torch's
nn.Linear(2, 1) + BCEWithLogitsLoss (mean) full batch with torch.optim.RMSprop (an ExponentialLR when a
run has gamma), in float32 and in float64, and writes, per run and dtype, the relative distance
‖θ − θ*‖/‖θ*‖ of the parameters [w1, w2, b] from the given optimum after k updates.
"""
import json
import sys

import torch


def distances(spec, run, dtype):
    X = torch.tensor(spec["X"], dtype=dtype)
    y = torch.tensor(spec["y"], dtype=dtype)
    d = X.shape[1]
    w = torch.tensor([spec["init"][:d]], dtype=dtype, requires_grad=True)
    b = torch.tensor([spec["init"][d]], dtype=dtype, requires_grad=True)
    o = run["optimizer"]
    opt = torch.optim.RMSprop([w, b], lr=o["lr"], alpha=o["alpha"], eps=o.get("eps", 1e-8),
                              centered=o.get("centered", False))
    sched = torch.optim.lr_scheduler.ExponentialLR(opt, run["gamma"]) if run.get("gamma") else None
    optimum = torch.tensor(spec["optimum"], dtype=torch.float64)
    out = {}
    for k in range(1, run["iterations"] + 1):
        opt.zero_grad()
        loss = torch.nn.functional.binary_cross_entropy_with_logits((X @ w.T + b).squeeze(1), y)
        loss.backward()
        opt.step()
        if sched:
            sched.step()
        if k in spec["at"]:
            theta = torch.cat([w.detach().flatten(), b.detach()]).to(torch.float64)
            out[k] = float(torch.linalg.norm(theta - optimum) / torch.linalg.norm(optimum))
    return out


def main():
    spec = json.load(sys.stdin)
    result = [{"float32": distances(spec, run, torch.float32), "float64": distances(spec, run, torch.float64)}
              for run in spec["runs"]]
    json.dump({"torch": torch.__version__, "runs": result}, sys.stdout)


if __name__ == "__main__":
    main()
