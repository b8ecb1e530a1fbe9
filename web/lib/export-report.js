// export-report.js — the Python that prints and saves what an exported script computed: descent's
// number format and table layout (web/lib/text.js formatNumber, report.js layoutTable/formatTable),
// the closed-form optimum of the table's last row (core/src/solve.c), and JSON output with non-finite
// numbers as null (report.js toJSON). Shared by every backend.

/** Number formatting and table layout, as text.js and report.js write them. */
export function formatSection() {
  return {
    title: 'Tables as descent prints them',
    about: `The same number format and layout as \`descent run\` and \`descent tune\` (4 significant digits,
exponent form below 1e-3 and from 1e5; JavaScript's rounding, ties away from zero), so the two tables
can be compared line by line.`,
    code: String.raw`
def significant(v, digits):
    """|v| rounded to digits significant digits, ties away from zero: (the digits, the exponent)."""
    exact = Decimal(abs(v))
    exponent = exact.adjusted()
    rounded = exact.quantize(Decimal(1).scaleb(exponent - digits + 1), rounding=ROUND_HALF_UP)
    if rounded.adjusted() > exponent:  # 9.9996 -> 10.00
        exponent += 1
        rounded = exact.quantize(Decimal(1).scaleb(exponent - digits + 1), rounding=ROUND_HALF_UP)
    return str(rounded.scaleb(digits - 1 - exponent).to_integral_value()), exponent


def format_number(v, digits=4):
    """A number in a table: digits significant digits, exponent form below 1e-3 and from 1e5."""
    if v is None:
        return "-"
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "Infinity" if v > 0 else "-Infinity"
    sign = "-" if v < 0 else ""
    if v == 0:
        return "0." + "0" * (digits - 1) if digits > 1 else "0"
    m, e = significant(v, digits)
    if abs(v) < 1e-3 or abs(v) >= 1e5 or e < -6 or e >= digits:
        return f"{sign}{m[0]}{'.' + m[1:] if digits > 1 else ''}e{e:+d}"
    if e >= 0:
        return sign + m[:e + 1] + ("." + m[e + 1:] if e + 1 < digits else "")
    return sign + "0." + "0" * (-e - 1) + m


def fixed(v, decimals):
    """v with a fixed number of decimals, ties away from zero (JavaScript's toFixed)."""
    return f"{Decimal(v).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP):f}"


def format_value(v):
    """A value in descent tune's tables: integers below 1e5 as they are, other numbers as format_number."""
    if isinstance(v, (int, float)) and not isinstance(v, bool) and float(v).is_integer() and abs(v) < 1e5:
        return str(int(v))
    return format_number(v) if v is None or isinstance(v, (int, float)) else str(v)


def duration(ms):
    return f"{fixed(ms / 1000, 1)} s" if ms >= 1000 else f"{fixed(ms, 1)} ms"


def plural(count, noun):
    return f"{count} {noun}{'' if count == 1 else 's'}"


def layout_table(header, rows, left=1):
    """Rows of text cells under a header: the first left columns left-aligned, the rest right-aligned."""
    widths = [max([len(h)] + [len(row[c]) for row in rows]) for c, h in enumerate(header)]

    def line(cells):
        return "  ".join(cell.ljust(widths[c]) if c < left else cell.rjust(widths[c])
                         for c, cell in enumerate(cells)).rstrip()

    return [line(header), "  ".join("-" * w for w in widths)] + [line(row) for row in rows]


def json_ready(value):
    """A copy for json.dump: non-finite numbers become null, numpy numbers Python numbers."""
    if isinstance(value, dict):
        return {k: json_ready(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, np.ndarray)):
        return [json_ready(v) for v in value]
    if isinstance(value, (float, np.floating)):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, np.integer):
        return int(value)
    return value


def write_json(path, document):
    with open(path, "w") as f:
        json.dump(json_ready(document), f, indent=1)`,
  };
}

/**
 * The closed-form optimum and the run table (report.js formatTable).
 * @param {{computed: boolean, note: string|null}} optimum whether descent computes the closed form for
 *   this model, and why not (L2_PENALTY comes from the model section)
 */
export function runReportSection({ computed: optimum, note }) {
  const solve = optimum
    ? String.raw`
def closed_form_optimum(X, y):
    """The least-squares optimum [w, b] from the normal equations in float64, as descent's
    dsc_solve_least_squares: (X'X/n + l2 I) w + (X'1/n) b = X'y/n and mean(x) w + b = mean(y).
    None when the features are collinear (a Cholesky pivot below 1e-10 of its diagonal)."""
    n, d = X.shape
    Z = np.hstack([X.astype(np.float64), np.ones((n, 1))])
    A = Z.T @ Z / n
    A[:d, :d] += L2_PENALTY * np.eye(d)
    rhs = Z.T @ y.astype(np.float64) / n
    try:
        pivots = np.diag(np.linalg.cholesky(A)) ** 2
    except np.linalg.LinAlgError:
        return None
    if L2_PENALTY == 0 and np.any(pivots <= 1e-10 * np.diag(A)):
        return None
    return np.linalg.solve(A, rhs)


OPTIMUM_NOTE = "features are collinear: the closed-form solution is not unique (add an L2 penalty)"`
    : `
def closed_form_optimum(X, y):
    return None


OPTIMUM_NOTE = ${note === null ? "None" : JSON.stringify(note)}`;
  return {
    title: 'The result table',
    about: optimum
      ? `The table \`descent run\` prints, with the closed-form least-squares optimum as its last row: how far
each run still is from the best this model can do on the training rows.`
      : `The table \`descent run\` prints (this model has no closed-form optimum: ${note}).`,
    code: `${solve.trim()}


${String.raw`
def gap(loss, optimum):
    """Distance to the optimum; within float32 evaluation noise (1e-6 relative) it is ≈0."""
    return "≈0" if abs(loss - optimum) <= 1e-6 * abs(optimum) else format_number(loss - optimum, 2)


def format_epochs(v):
    return str(int(v)) if float(v).is_integer() else fixed(v, 2 if v < 10 else 1)


def run_table(name, seed, data, results, optimum):
    """descent run's table: one row per run, then the closed-form optimum."""
    n_train, d = data["X_train"].shape
    n_test = len(data["y_test"])
    header = ["run", "status", "iterations", "epochs", "train loss", "test loss", "above optimum", "time"]
    rows = []
    for r in results:
        train = r["history"]["trainLoss"][-1]
        rows.append([
            r["name"],
            f"diverged at {r['divergedAt']}" if r["status"] == "diverged" else r["status"],
            str(r["iterations"]),
            format_epochs(r["epochs"]),
            format_number(train),
            format_number(r["history"]["testLoss"][-1]) if n_test else "-",
            "-" if optimum is None else gap(train, optimum["trainLoss"]),
            f"{fixed(r['timeMs'], 1)} ms",
        ])
    if optimum is not None:
        rows.append(["closed-form optimum", "", "", "", format_number(optimum["trainLoss"]),
                     format_number(optimum["testLoss"]) if n_test else "-", "", ""])
    title = (f"{name}: {plural(n_train, 'training row')}, {plural(n_test, 'test row')}, "
             f"{plural(d, 'feature')}, seed {seed}")
    lines = [title] + layout_table(header, rows, 2)
    if optimum is None and OPTIMUM_NOTE:
        lines.append(f"(no closed-form optimum: {OPTIMUM_NOTE})")
    return "\n".join(lines)`.trim()}`,
  };
}
