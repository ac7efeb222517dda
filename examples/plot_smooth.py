#!/usr/bin/env python3
"""Draws docs/smooth.png from the CSV that examples/plot_smooth.cpp prints,
and docs/family.png from examples/plot_family.cpp's:

    python3 examples/plot_smooth.py smooth.csv docs/smooth.png
    python3 examples/plot_smooth.py family.csv docs/family.png family

One small panel per function, with the function and its derivative as
rectify computed them. Needs matplotlib (Debian: apt-get install
python3-matplotlib); examples/run.sh calls it when matplotlib is there. The
file it writes depends only on the CSV and the matplotlib version.
"""
import csv
import sys

import matplotlib

matplotlib.use("Agg")  # no display needed
import matplotlib.pyplot as plt  # noqa: E402 (after choosing the backend)

# In the order of the CSV's columns; the parameter, where there is one, is
# the default that examples/plot_smooth.cpp uses.
FUNCTIONS = [
    ("gelu", "gelu"),
    ("gelu_tanh", "gelu_tanh"),
    ("silu", "silu"),
    ("sigmoid", "sigmoid"),
    ("tanh", "tanh"),
    ("elu", "elu (alpha 1)"),
    ("selu", "selu"),
    ("celu", "celu (alpha 1)"),
    ("softplus", "softplus (beta 1)"),
    ("mish", "mish"),
]
VALUE = {"color": "#1f5fa8", "linestyle": "-", "linewidth": 2.2}
DERIVATIVE = {"color": "#d2691e", "linestyle": "--", "linewidth": 1.8}
# Piecewise at zero: the derivative there is the x >= 0 branch's (marked).
KINKED = {"elu": [0.0], "selu": [0.0], "celu": [0.0]}

# relu6, hardtanh, hardsigmoid, hardswish, threshold (examples/plot_family.cpp).
FAMILY = [
    ("relu6", "relu6"),
    ("hardtanh", "hardtanh (-1, 1)"),
    ("hardsigmoid", "hardsigmoid"),
    ("hardswish", "hardswish"),
    ("threshold", "threshold (1, value -1)"),
]
# Their kinks, where the derivative (from the right, marked) jumps.
FAMILY_KINKS = {
    "relu6": [0.0, 6.0],
    "hardtanh": [-1.0, 1.0],
    "hardsigmoid": [-3.0, 3.0],
    "hardswish": [-3.0, 3.0],
    "threshold": [1.0],
}
VALUE_JUMPS = {"threshold": [1.0]}


def main(csv_path, png_path, which="smooth"):
    with open(csv_path, newline="") as f:
        rows = list(csv.DictReader(f))
    x = [float(r["x"]) for r in rows]
    column = lambda name: [float(r[name]) for r in rows]
    functions, kinks, shape = (FUNCTIONS, KINKED, (2, 5)) if which == "smooth" else (FAMILY, FAMILY_KINKS, (1, 5))
    limit = max(x)

    plt.rcParams.update({"font.size": 10})
    fig, axes = plt.subplots(*shape, figsize=(16, 3.6 * shape[0]), dpi=100, sharex=True, squeeze=False)
    for ax, (key, title) in zip(axes.flat, functions):
        value = column(key)
        # threshold jumps at its threshold: its value is drawn in two pieces.
        value_cuts = [0] + [x.index(k) + 1 for k in VALUE_JUMPS.get(key, [])] + [len(x)]
        for i, (a, b) in enumerate(zip(value_cuts, value_cuts[1:])):
            ax.plot(x[a:b], value[a:b], label="f(x)" if i == 0 else None, **VALUE)
        derivative = column(key + "_derivative")
        # One piece between kinks, so that a jump is not drawn as a line; the
        # dot at each kink is the derivative there, the one from the right.
        cuts = [0] + [x.index(k) for k in kinks.get(key, [])] + [len(x)]
        for i, (a, b) in enumerate(zip(cuts, cuts[1:])):
            ax.plot(x[a:b], derivative[a:b], label="f'(x)" if i == 0 else None, **DERIVATIVE)
        for k in cuts[1:-1]:
            ax.plot([x[k]], [derivative[k]], "o", color=DERIVATIVE["color"], markersize=5, zorder=5)
        ax.set_title(title)
        ax.set_xlim(-limit, limit)
        ax.axhline(0, color="grey", linewidth=0.8)
        ax.axvline(0, color="grey", linewidth=0.8)
        ax.grid(True, alpha=0.3)
    for ax in axes[-1]:
        ax.set_xlabel("x")
    handles, labels = axes.flat[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="upper right", ncol=2, frameon=False)
    what = "the smooth rectifiers" if which == "smooth" else "relu6, hardtanh, hardsigmoid, hardswish, threshold"
    fig.suptitle(f"rectify: {what} and their derivatives, on [-{limit:g}, {limit:g}] (float, as computed by rectify)")
    fig.tight_layout(rect=(0, 0, 1, 0.96 if shape[0] == 2 else 0.9))
    fig.savefig(png_path, metadata={"Software": None})


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4) or (len(sys.argv) == 4 and sys.argv[3] != "family"):
        sys.exit("usage: plot_smooth.py <csv from examples/plot_smooth or plot_family> <output.png> [family]")
    main(*sys.argv[1:])
