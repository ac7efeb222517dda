#!/usr/bin/env python3
"""Turns rectify_bench's JSON output into Markdown tables and a PNG plot.

    build/bench/bench/rectify_bench --benchmark_repetitions=5 \\
        --benchmark_report_aggregates_only=true \\
        --benchmark_out=bench.json --benchmark_out_format=json
    python3 bench/table.py bench.json > bench.md             # the tables
    python3 bench/table.py bench.json --png bench.png > bench.md  # and the plot

Benchmark names are BM_<function>/<impl>/<type>/<place>/<n> (see the top of
bench/relu_bench.cpp). Each figure is the median of the repetitions (or of the
runs, without repetitions), in GB/s counting bytes read and written. The
tables: a summary of rectify / memcpy of the same type and size, a summary of
rectify / the best of the peers and the plain loop (naming it), and per
function and type every implementation's GB/s. With --family rest, the
same for relu6, hardtanh, hardsigmoid, hardswish and threshold. With --family smooth, the
smooth functions instead, and in place of the second summary two against
their targets: rectify / SLEEF composed (at least 1 at every size) and
rectify / the fastest other implementation (at least 0.5 from 256Ki up). With --family half,
every function on the 16-bit types (bf16, f16) instead: per size, a row per function and
place with rectify, the fastest peer (naming it) and memcpy in GB/s and rectify's ratios to
both, against the issue's targets (see HALF_FLOOR); then the peers' accuracy. Standard
library only, but for matplotlib (Agg backend) when --png is given.
"""
import argparse
import json
import statistics
import sys
from collections import defaultdict

RELU_FUNCTIONS = ["relu", "leaky_relu", "relu_derivative", "leaky_relu_derivative", "relu_backward",
                  "leaky_relu_backward"]
SMOOTH = ["gelu", "gelu_tanh", "silu", "sigmoid", "tanh", "elu", "selu", "celu", "softplus", "mish"]
SMOOTH_FUNCTIONS = [f + form for f in SMOOTH for form in ("", "_derivative", "_backward")]
REST = ["relu6", "hardtanh", "hardsigmoid", "hardswish", "threshold"]
REST_FUNCTIONS = [f + form for f in REST for form in ("", "_derivative", "_backward")]
HALF_FUNCTIONS = RELU_FUNCTIONS + REST_FUNCTIONS + SMOOTH_FUNCTIONS
FAMILIES = {"relu": RELU_FUNCTIONS, "smooth": SMOOTH_FUNCTIONS, "rest": REST_FUNCTIONS, "half": HALF_FUNCTIONS}
FUNCTIONS = RELU_FUNCTIONS  # the family being tabulated (main() may switch it)
SLEEF_TARGET = 1.0  # the smooth functions' target: at least as fast as SLEEF's 1-ulp functions composed
PEER_TARGET = 0.5  # ... and at least half as fast as the fastest peer, from PEER_TARGET_FROM elements up
PEER_TARGET_FROM = 1 << 18
TYPES = {"f32": "float32", "f64": "float64", "i8": "int8"}  # the types of the relu, rest and smooth tables
HALF_TYPES = {"bf16": "bfloat16", "f16": "float16 (IEEE binary16)"}
# The 16-bit targets (issue 11): the relu family (relu, leaky_relu, relu6,
# hardtanh, hardsigmoid, hardswish, threshold, every form) at least
# HALF_FLOOR of memcpy of the same bytes from HALF_FLOOR_FROM elements up,
# and every function at least as fast as the fastest peer in the same type.
HALF_FLOOR = 0.9
HALF_FLOOR_FROM = 1 << 18
HALF_PEER_TARGET = 1.0
PLACES = {"out": "out of place", "inplace": "in place"}
TARGET = 0.9  # the target for rectify / best other; lower ratios are bold
NOISY_CV = 0.10  # repetitions whose coefficient of variation is above this are marked


def size_label(n):
    return f"{n >> 20}Mi" if n >= 1 << 20 else f"{n >> 10}Ki" if n >= 1 << 10 else str(n)


def order(impl):
    """rectify first, then the plain loop, then the peers by name."""
    return (impl != "rectify", impl != "plain_loop", impl)


class Results:
    """Median GB/s per (function, impl, type, place, n), with errors and noise."""

    def __init__(self, data):
        self.context = data.get("context", {})
        self.repetitions = None
        self.accuracy = {}  # key -> (max ulp, share not correctly rounded): the 16-bit kernels
        runs = defaultdict(list)  # key -> GB/s of each run, when there are no aggregates
        medians, cvs, self.errors = {}, {}, {}
        self.labels = defaultdict(set)  # impl -> the labels its benchmarks reported
        for b in data.get("benchmarks", []):
            key = self.parse(b.get("run_name", b["name"]))
            if key is None:
                continue
            if b.get("label"):
                self.labels[key[1]].add(b["label"])
            if "max_ulp" in b and b.get("aggregate_name", "median") == "median":
                self.accuracy[key] = (b["max_ulp"], b.get("wrong_share", 0.0))
            if b.get("error_occurred"):
                self.errors[key] = b.get("error_message", "error")
            elif b.get("run_type") == "aggregate":
                self.repetitions = b.get("repetitions", self.repetitions)
                if b.get("aggregate_name") == "median":
                    medians[key] = b["bytes_per_second"] / 1e9
                elif b.get("aggregate_name") == "cv":
                    cvs[key] = b["bytes_per_second"]
            elif "bytes_per_second" in b:
                runs[key].append(b["bytes_per_second"] / 1e9)
        self.gbps = dict(medians)
        for key, values in runs.items():
            self.gbps.setdefault(key, statistics.median(values))
            if len(values) > 1 and key not in cvs:
                cvs[key] = statistics.stdev(values) / statistics.mean(values)
            self.repetitions = self.repetitions or len(values)
        self.noisy = {key for key, cv in cvs.items() if cv > NOISY_CV}
        self.sizes = sorted({key[4] for key in list(self.gbps) + list(self.errors)})

    @staticmethod
    def parse(name):
        parts = name.split("/")
        if len(parts) != 5 or not parts[0].startswith("BM_"):
            return None  # not of this benchmark's scheme
        function, impl, type_, place, n = parts
        return function.removeprefix("BM_"), impl, type_, place, int(n)

    def impls(self, function, type_, place):
        found = {k[1] for k in list(self.gbps) + list(self.errors) if k[0] == function and k[2] == type_
                 and k[3] == place}
        return sorted(found, key=order)

    def groups(self):
        """(function, type) pairs present, in a fixed order."""
        present = {(k[0], k[2]) for k in self.gbps if k[0] != "memcpy"}
        return [(f, t) for t in TYPES for f in FUNCTIONS if (f, t) in present]

    def has_family(self, functions):
        types = HALF_TYPES if functions is HALF_FUNCTIONS else TYPES
        return any(k[0] in functions and k[2] in types for k in list(self.gbps) + list(self.errors))

    def get(self, function, impl, type_, place, n):
        return self.gbps.get((function, impl, type_, place, n))

    def memcpy(self, type_, n):
        return self.get("memcpy", "libc", type_, "out", n)

    def best_other(self, function, type_, place, n):
        """(GB/s, impl) of the fastest implementation other than rectify, or None."""
        others = [(v, impl) for impl in self.impls(function, type_, place) if impl != "rectify"
                  for v in [self.get(function, impl, type_, place, n)] if v is not None]
        return max(others) if others else None


def fmt(value, noisy=False):
    return "-" if value is None else f"{value:.1f}" + ("~" if noisy else "")


def markdown(r):
    out = [context_line(r)]

    def rule(text_columns):
        return "|" + "---|" * text_columns + "---:|" * len(r.sizes)

    cols = " | ".join(size_label(n) for n in r.sizes)

    def summary(title, cell):
        """A row per function, type and place that rectify ran; cell(function, type, place, n)."""
        out.append(title)
        out.append(f"| function | type | place | {cols} |")
        out.append(rule(3))
        for function, type_ in r.groups():
            for place in PLACES:
                cells = ["-" if r.get(function, "rectify", type_, place, n) is None
                         else cell(function, type_, place, n) for n in r.sizes]
                if any(c != "-" for c in cells):
                    out.append(f"| {function} | {type_} | {place} | " + " | ".join(cells) + " |")

    def to_memcpy(function, type_, place, n):
        m = r.memcpy(type_, n)
        return f"{r.get(function, 'rectify', type_, place, n) / m:.2f}" if m else "-"

    def to_best(function, type_, place, n):
        best = r.best_other(function, type_, place, n)
        if best is None:
            return "-"
        ratio = round(r.get(function, "rectify", type_, place, n) / best[0], 2)
        return (f"**{ratio:.2f}**" if ratio < TARGET else f"{ratio:.2f}") + f" ({best[1]})"

    summary("### rectify / memcpy of the same bytes\n", to_memcpy)
    if FUNCTIONS is SMOOTH_FUNCTIONS:
        def to_sleef(function, type_, place, n):
            sleef = r.get(function, "sleef", type_, place, n)
            if sleef is None:
                return "-"
            ratio = round(r.get(function, "rectify", type_, place, n) / sleef, 2)
            return f"**{ratio:.2f}**" if ratio < SLEEF_TARGET else f"{ratio:.2f}"

        def to_fastest(function, type_, place, n):
            best = r.best_other(function, type_, place, n)
            if best is None:
                return "-"
            ratio = round(r.get(function, "rectify", type_, place, n) / best[0], 2)
            missed = ratio < PEER_TARGET and n >= PEER_TARGET_FROM
            return (f"**{ratio:.2f}**" if missed else f"{ratio:.2f}") + f" ({best[1]})"

        summary("\n### rectify / SLEEF's 1-ulp functions composed (sleef)\n\n"
                f"The target: at least {SLEEF_TARGET:.1f} at every size; below it in bold.\n", to_sleef)
        summary("\n### rectify / the fastest other implementation, of any accuracy\n\n"
                f"Which was fastest in brackets. The target: at least {PEER_TARGET} from "
                f"{size_label(PEER_TARGET_FROM)} elements up; below it there in bold.\n", to_fastest)
    else:
        summary("\n### rectify / the best of the peers and the plain loop\n\n"
                f"Which was best in brackets; below {TARGET} in bold.\n", to_best)

    out.append("\n### Implementations\n")
    in_family = {k[1] for k in list(r.gbps) + list(r.errors) if k[0] in FUNCTIONS}
    for impl in sorted((i for i in r.labels if i in in_family or i == "libc"), key=order):
        out.append(f"- {impl}: {'; '.join(sorted(r.labels[impl]))}")

    for function, type_ in r.groups():
        out.append(f"\n### {function}, {TYPES[type_]}: GB/s\n")
        out.append(f"| implementation | {cols} |")
        out.append(rule(1))
        out.append("| memcpy (the limit) | " + " | ".join(
            fmt(r.memcpy(type_, n), ("memcpy", "libc", type_, "out", n) in r.noisy) for n in r.sizes) + " |")
        for place in PLACES:
            for impl in r.impls(function, type_, place):
                name = f"**{impl}**" if impl == "rectify" else impl
                cells = [fmt(r.get(function, impl, type_, place, n), (function, impl, type_, place, n) in r.noisy)
                         if (function, impl, type_, place, n) not in r.errors else "error" for n in r.sizes]
                out.append(f"| {name}, {PLACES[place]} | " + " | ".join(cells) + " |")

    errors_section(out, {k: v for k, v in r.errors.items() if k[0] in FUNCTIONS})
    return "\n".join(out) + "\n"


def errors_section(out, errors):
    """The benchmarks that failed (their check, or setting up), if any."""
    if errors:
        out.append("\n### Errors\n")
        for (function, impl, type_, place, n), message in sorted(errors.items()):
            out.append(f"- BM_{function}/{impl}/{type_}/{place}/{n}: {message}")


def context_line(r):
    ctx = r.context
    caches = ", ".join(f"L{c['level']} {c['type'].lower()} {c['size'] // 1024} KiB"
                       for c in ctx.get("caches", []) if c.get("type") != "Instruction")
    return (f"Run on {ctx.get('host_name', '?')}, {ctx.get('date', '?')}: {ctx.get('num_cpus', '?')} x "
            f"{ctx.get('mhz_per_cpu', '?')} MHz CPUs ({caches}), load average "
            f"{', '.join(f'{x:.2f}' for x in ctx.get('load_avg', []))}. Medians of "
            f"{r.repetitions or '?'} repetitions, in GB/s counting bytes read and written; ~ marks a "
            f"figure whose repetitions varied by more than {NOISY_CV:.0%} (coefficient of variation).\n")


def is_relu_family(function):
    return function in RELU_FUNCTIONS or function in REST_FUNCTIONS


def half_rows(r):
    """(function, place) pairs that rectify ran on a 16-bit type, in a fixed order."""
    ran = {(k[0], k[3]) for k in r.gbps if k[1] == "rectify" and k[2] in HALF_TYPES}
    return [(f, p) for f in HALF_FUNCTIONS for p in PLACES if (f, p) in ran]


def half_misses(r, type_, n):
    """The rows of type_ at size n below a target: [(function, place, what)]."""
    misses = []
    for function, place in half_rows(r):
        mine = r.get(function, "rectify", type_, place, n)
        if mine is None:
            continue
        m = r.memcpy(type_, n)
        if is_relu_family(function) and n >= HALF_FLOOR_FROM and m and mine / m < HALF_FLOOR:
            misses.append((function, place, f"{mine / m:.2f} of memcpy"))
        best = r.best_other(function, type_, place, n)
        if best is not None and round(mine / best[0], 2) < HALF_PEER_TARGET:
            misses.append((function, place, f"{mine / best[0]:.2f} of {best[1]}"))
    return misses


def markdown_half(r):
    out = [context_line(r)]
    out.append(f"Targets: rectify at least {HALF_FLOOR} of memcpy of the same bytes for the relu family "
               f"(relu, leaky_relu, relu6, hardtanh, hardsigmoid, hardswish, threshold; every form) "
               f"from {size_label(HALF_FLOOR_FROM)} elements up, and for every function at least as fast "
               f"as the fastest peer in the same type (the plain loops through float included); a ratio "
               f"below its target is in bold. A peer is the fastest other implementation at that size, "
               f"named in brackets; - where no peer has the function (no library has derivatives but the "
               f"loops).\n")
    types = [t for t in HALF_TYPES if any(k[2] == t for k in r.gbps)]
    out.append("### Below target\n")
    for type_ in types:
        for n in r.sizes:
            misses = half_misses(r, type_, n)
            rows = len(half_rows(r))
            listed = "; ".join(f"{f}{' in place' if p == 'inplace' else ''} ({w})" for f, p, w in misses)
            missed = len({(f, p) for f, p, _ in misses})
            out.append(f"- {type_}, {size_label(n)}: {missed} of {rows} rows" + (f": {listed}" if misses else ""))

    for n in r.sizes:
        out.append(f"\n### {size_label(n)} elements ({n}): GB/s and ratios\n")
        head = "| function | place |"
        rule = "|---|---|"
        for type_ in types:
            head += f" {type_} rectify | {type_} fastest peer | {type_} memcpy | / memcpy | / peer |"
            rule += "---:|---:|---:|---:|---:|"
        out.append(head)
        out.append(rule)
        for function, place in half_rows(r):
            cells = []
            for type_ in types:
                key = (function, "rectify", type_, place, n)
                mine = r.gbps.get(key)
                m = r.memcpy(type_, n)
                best = r.best_other(function, type_, place, n)
                if mine is None:
                    cells += ["error" if key in r.errors else "-"] + ["-"] * 4
                    continue
                peer = "-" if best is None else (
                    f"{fmt(best[0], (function, best[1], type_, place, n) in r.noisy)} ({best[1]})")
                to_m = "-" if not m else f"{mine / m:.2f}"
                if m and is_relu_family(function) and n >= HALF_FLOOR_FROM and mine / m < HALF_FLOOR:
                    to_m = f"**{to_m}**"
                to_p = "-" if best is None else f"{mine / best[0]:.2f}"
                if best is not None and round(mine / best[0], 2) < HALF_PEER_TARGET:
                    to_p = f"**{to_p}**"
                cells += [fmt(mine, key in r.noisy), peer,
                          fmt(m, ("memcpy", "libc", type_, "out", n) in r.noisy), to_m, to_p]
            out.append(f"| {function} | {PLACES[place]} | " + " | ".join(cells) + " |")

    # Accuracy: from the checked pass at the largest size each ran (the same figures at every size).
    acc = defaultdict(dict)  # (function, type) -> impl -> (max ulp, share)
    for (function, impl, type_, place, n), value in sorted(r.accuracy.items(), key=lambda kv: kv[0][4]):
        if type_ in HALF_TYPES and place == "out" and impl not in ("rectify", "libc"):
            acc[(function, type_)][impl] = value
    impls = sorted({i for d in acc.values() for i in d}, key=order)
    if acc:
        out.append("\n### The peers' accuracy\n")
        out.append("Each peer's output on its checked pass (out of place, the largest size it ran) "
                   "against the correctly rounded results, which rectify returns (its check requires "
                   "them bit for bit): the most numbers of the type between a result and the correctly "
                   "rounded one (a zero of the wrong sign counts as 1), and the share of results not "
                   "correctly rounded. Inputs as above: x uniform in [-1, 1), and [-8, 8) for all but "
                   "relu and leaky_relu, rounded to the type.\n")
        out.append("| function | type | " + " | ".join(impls) + " |")
        out.append("|---|---|" + "---:|" * len(impls))
        for type_ in types:
            for function in HALF_FUNCTIONS:
                row = acc.get((function, type_))
                if not row:
                    continue
                cells = ["-" if i not in row else
                         f"{row[i][0]:.0f} ({row[i][1]:.1%})" if row[i][1] else "0" for i in impls]
                out.append(f"| {function} | {type_} | " + " | ".join(cells) + " |")

    out.append("\n### Implementations\n")
    ran = {k[1] for k in list(r.gbps) + list(r.errors) if k[2] in HALF_TYPES}
    for impl in sorted((i for i in r.labels if i in ran), key=order):
        out.append(f"- {impl}: {'; '.join(sorted(r.labels[impl]))}")
    errors_section(out, {k: v for k, v in r.errors.items() if k[2] in HALF_TYPES})
    return "\n".join(out) + "\n"


def plot_half(r, path):
    """Per 16-bit type, a bar per function (out of place): rectify and the fastest peer as a share of
    memcpy at the largest size run."""
    try:
        import matplotlib
    except ImportError:
        sys.exit(f"table.py: no matplotlib for {sys.executable}, so no plot; on Debian: apt-get install "
                 "python3-matplotlib, and run this with /usr/bin/python3")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    types = [t for t in HALF_TYPES if any(k[2] == t for k in r.gbps)]
    n = max(r.sizes)
    functions = [f for f, p in half_rows(r) if p == "out"]
    fig, axes = plt.subplots(1, len(types), figsize=(7 * len(types), 0.22 * len(functions) + 1.6),
                             squeeze=False, sharey=True)
    for ax, type_ in zip(axes.flat, types):
        m = r.memcpy(type_, n)
        ys = range(len(functions))
        mine = [(r.get(f, "rectify", type_, "out", n) or 0) / m if m else 0 for f in functions]
        best = [(r.best_other(f, type_, "out", n) or (0, ""))[0] / m if m else 0 for f in functions]
        ax.barh([y - 0.2 for y in ys], mine, height=0.4, color="tab:blue", label="rectify")
        ax.barh([y + 0.2 for y in ys], best, height=0.4, color="tab:orange", label="fastest peer")
        ax.axvline(1.0, color="black", alpha=0.4, linewidth=1)
        ax.axvline(HALF_FLOOR, color="black", alpha=0.4, linewidth=1, linestyle="--")
        ax.set_yticks(list(ys), functions, fontsize=7)
        ax.set_xscale("log")
        ax.set_xlabel("GB/s / memcpy's (log scale; dashed: 0.9)")
        ax.set_title(f"{HALF_TYPES[type_]}, {size_label(n)} elements, out of place", fontsize=10)
        ax.grid(True, axis="x", alpha=0.3)
        ax.legend(loc="lower right", fontsize=8)
    axes.flat[0].invert_yaxis()  # the first function on top (the axes share y: once)
    ctx = r.context
    fig.suptitle(f"rectify_bench, 16-bit types: throughput as a share of memcpy of the same bytes. "
                 f"{ctx.get('host_name', '')} {ctx.get('date', '')[:10]}", fontsize=11)
    fig.tight_layout(rect=(0, 0, 1, 0.97))
    fig.savefig(path, dpi=100)


def plot(r, path):
    try:
        import matplotlib
    except ImportError:
        sys.exit(f"table.py: no matplotlib for {sys.executable}, so no plot; on Debian: apt-get install "
                 "python3-matplotlib, and run this with /usr/bin/python3")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    groups = r.groups()
    if FUNCTIONS is SMOOTH_FUNCTIONS:  # the values on float only: 40 panels would be unreadable
        groups = [(f, t) for f, t in groups if f in SMOOTH and t == "f32"]
    cols = 3
    rows = (len(groups) + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(5.2 * cols, 3.6 * rows), squeeze=False)
    impls = sorted({k[1] for k in r.gbps if k[0] != "memcpy"}, key=order)
    colours = {impl: plt.get_cmap("tab10")(i % 10) for i, impl in enumerate(impls)}
    handles = {}
    for ax, (function, type_) in zip(axes.flat, groups):
        m = [(n, r.memcpy(type_, n)) for n in r.sizes if r.memcpy(type_, n) is not None]
        if m:
            handles["memcpy"], = ax.plot(*zip(*m), color="black", linewidth=2.5, alpha=0.35, label="memcpy")
        for place, style in (("out", "-"), ("inplace", "--")):
            for impl in r.impls(function, type_, place):
                points = [(n, r.get(function, impl, type_, place, n)) for n in r.sizes
                          if r.get(function, impl, type_, place, n) is not None]
                if not points:
                    continue
                line, = ax.plot(*zip(*points), style, marker="o", markersize=3, color=colours[impl],
                                linewidth=2.2 if impl == "rectify" else 1.2, label=impl)
                if place == "out" or impl not in handles:
                    handles[impl] = line
        ax.set_xscale("log", base=2)
        ax.set_xticks(r.sizes, [size_label(n) for n in r.sizes])
        ax.set_title(f"{function}, {TYPES[type_]}", fontsize=10)
        ax.set_ylabel("GB/s")
        if FUNCTIONS is SMOOTH_FUNCTIONS:  # compute-bound, 1 to 40 GB/s below memcpy's 50 to 200: log scale
            ax.set_yscale("log")
        else:
            ax.set_ylim(bottom=0)
        ax.grid(True, alpha=0.3)
    for ax in list(axes.flat)[len(groups):]:
        ax.set_visible(False)
    ctx = r.context
    places = ("solid: out of place (the only place the smooth functions run), log scale"
              if FUNCTIONS is SMOOTH_FUNCTIONS else "solid: out of place, dashed: in place")
    fig.suptitle(f"rectify_bench: GB/s (read + written) against elements per array; {places}. "
                 f"{ctx.get('host_name', '')} {ctx.get('date', '')[:10]}", fontsize=11)
    fig.legend(list(handles.values()), list(handles), loc="lower center", ncol=min(len(handles), 9),
               frameon=False)
    fig.tight_layout(rect=(0, 0.05, 1, 0.96))
    fig.savefig(path, dpi=110)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("json", nargs="?", default="/dev/stdin", help="rectify_bench's JSON output")
    parser.add_argument("--png", help="also write the plot of GB/s against size here")
    parser.add_argument("--family", choices=sorted(FAMILIES), default="relu",
                        help="which functions: relu (relu, leaky_relu and their derivatives and backward "
                             "passes; the default), rest (relu6 ... threshold), smooth (gelu ... mish, each "
                             "with _derivative and _backward), or half (all of them on bf16 and f16)")
    parser.add_argument("--if-present", action="store_true",
                        help="exit with status 3, writing nothing, when the JSON has no result of the family")
    args = parser.parse_args(argv)
    global FUNCTIONS
    FUNCTIONS = FAMILIES[args.family]
    with open(args.json) as f:
        results = Results(json.load(f))
    if args.if_present and not results.has_family(FUNCTIONS):
        sys.exit(3)
    if not results.gbps:
        sys.exit(f"{args.json}: no rectify_bench results (names BM_<function>/<impl>/<type>/<place>/<n>)")
    half = FUNCTIONS is HALF_FUNCTIONS
    if half:
        results.sizes = sorted({k[4] for k in results.gbps if k[2] in HALF_TYPES})
    sys.stdout.write(markdown_half(results) if half else markdown(results))
    if args.png:
        (plot_half if half else plot)(results, args.png)


if __name__ == "__main__":
    main()
