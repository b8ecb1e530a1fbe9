// export-loop.js — the training loop of an exported script, written once for every backend: descent's
// update steps a–f (core/src/train.c) with the backend's own lines for the gradient, the optimizer
// step, the learning rate and the state snapshot of the bold driver. export-pytorch.js and
// export-numpy.js provide those lines; the control flow (when to record, check, step the schedule,
// undo a step) is this one template, so the two backends cannot drift apart. Lines for the bold driver
// and ReduceLROnPlateau are written only when a run uses them.

/**
 * The train() function of a backend.
 * @param {object} b the backend's lines (each indented for its place in the loop):
 *   tensors      lines binding X, y, X_test, y_test from data (dict of numpy arrays)
 *   create       lines creating the model/parameters, optimizer and scheduler
 *   trainingLoss expression: the training objective of the current parameters on (X, y)
 *   testLoss     expression: the data loss of the current parameters on (X_test, y_test)
 *   lr           expression: the learning rate of the next update
 *   batch        lines computing f, the batch objective, and the gradient, from rows
 *   step         lines applying one optimizer step
 *   save, restore  lines saving/restoring parameters and optimizer state into/from `saved`
 *   scaleLr      line multiplying the learning rate by `factor`
 *   schedule     lines stepping the schedule (with `metric` when ReduceLROnPlateau is used)
 *   finite       expression: the parameters are all finite
 *   theta        expression: the parameters as a float64 numpy array [w..., b]
 * @param {{bold: boolean, plateau: boolean}} uses whether a run uses the bold driver, ReduceLROnPlateau
 * @returns {string} Python
 */
export function trainFunction(b, { bold, plateau }) {
  const check = bold ? 'check' : 'rules.check';
  const lines = [];
  const add = (...more) => lines.push(...more);
  add(`
def train(run, data, seed=SEED, on_record=None):
    """Trains one run the way descent does (core/src/train.c) and returns its result: status,
    iterations, epochs, the history columns and the final parameters theta = [w..., b].
    seed: of the shuffle stream; on_record(iteration, train_loss, test_loss) is called at every
    recorded point."""
${b.tensors}
    n, d = X.shape
    batch_size = n if run["batch_size"] == "full" else run["batch_size"]
    full_batch = batch_size == n
    budget = update_budget(run["iterations"], run["epochs"], n, batch_size)
    record_every = run["record_every"] or auto_record_every(n, len(y_test), d, budget, batch_size)
    per_iteration = run["schedule"]["per"] == "iteration"  # else the schedule steps after every epoch
    length = schedule_length(budget, n, batch_size, run["schedule"]["per"])
    schedule = resolved_schedule(run["schedule"], run["optimizer"]["lr"], length)${bold ? `
    bold_driver = schedule["kind"] == "bold_driver"` : ''}

${b.create}
    batches = Batches(n, batch_size, run["shuffle"], seed)
    history = {column: [] for column in HISTORY_COLUMNS}
    iteration = samples = 0
    started = time.perf_counter()

    def record(train_loss=None):
        """Adds the current state to the history (once per iteration); returns its objective."""
        if history["iteration"] and history["iteration"][-1] == iteration:
            return history["trainLoss"][-1]
        if train_loss is None:
            train_loss = ${b.trainingLoss}
        point = (iteration, samples / n, samples, ${b.lr}, train_loss,
                 ${b.testLoss})
        for column, value in zip(HISTORY_COLUMNS, point):
            history[column].append(value)
        if on_record is not None:
            on_record(iteration, train_loss, point[-1])
        return train_loss
`);
  if (bold) {
    add(`    checked = None  # bold driver: the parameters at the previous check

    def check(f):
        """The stopping checks on the objective f of the current state; True when the run ends."""
        nonlocal checked
        undone = False
        if bold_driver:  # a step that was undone leaves the parameters as they were: not convergence
            current = ${b.theta}
            undone = checked is not None and np.array_equal(current, checked)
            checked = current
        return rules.check(f, iteration, undone)
`);
  }
  add(`    rules = StoppingRules(run, record())  # point 0: the initial parameters
    if not full_batch:
        ${check}(history["trainLoss"][0]${bold ? '' : ', 0'})
    due = False  # full batch: this state's point is taken from the next update's objective`);
  if (plateau) add('    epoch_loss = epoch_rows = 0  # the epoch\'s batch objectives, weighted by batch size');
  if (bold) add('    best = history["trainLoss"][0]  # bold driver: the lowest objective kept so far');
  add('    while rules.status == "running":');
  if (bold) add('        if bold_driver and (per_iteration or batches.position == 0):  # a step period starts', b.save);
  add(`        rows, epoch_end = batches.next()  # a. the next batch
${b.batch}
        if full_batch:  # c. f is the training objective of this state: record and check it first
            if due:
                record(f)
                due = False
            if ${check}(f${bold ? '' : ', iteration'}):
                record(f)
                break
        elif rules.blew_up(f):  # mini-batch: divergence is checked on every batch objective
            rules.diverge(iteration)
            record()
            break
${b.step}
        iteration += 1
        samples += len(rows)`);
  if (plateau) add('        epoch_loss += f * len(rows)', '        epoch_rows += len(rows)');
  if (bold) {
    add(`        if bold_driver:  # e. the schedule: here the bold driver
            if per_iteration or epoch_end:
                # keep the step period when the objective did not rise (up to threshold, relative) and
                # raise the rate; otherwise undo the period and lower the rate
                now = ${b.trainingLoss}
                if now <= best * (1 + schedule["threshold"]):
                    best = min(best, now)
                    factor = schedule["increase"]
                else:
${b.restore}
                    factor = schedule["decrease"]
${b.scaleLr}
        elif per_iteration or epoch_end:`);
  } else {
    add('        if per_iteration or epoch_end:  # e. the schedule steps after every update or epoch');
  }
  if (plateau) add('            metric = f if per_iteration else epoch_loss / epoch_rows  # what ReduceLROnPlateau sees');
  add(b.schedule);
  if (plateau) add('        if epoch_end:', '            epoch_loss = epoch_rows = 0');
  add(`        if not ${b.finite}:
            rules.diverge(iteration)
            record()
            break
        ended = iteration >= budget
        if iteration % record_every == 0 or ended:  # f. a history point, and the checks on it
            if full_batch and not ended:
                due = True
            else:
                ${check}(record()${bold ? '' : ', iteration'})
        if ended and rules.status == "running":
            rules.finish(history["trainLoss"])
    return {
        "name": run["name"],
        "status": rules.status,
        "divergedAt": rules.diverged_at,
        "iterations": iteration,
        "epochs": samples / n,
        "samples": samples,
        "history": history,
        "params": {"flat": ${b.theta}.tolist()},
        "timeMs": (time.perf_counter() - started) * 1000,
    }`);
  return lines.join('\n');
}
