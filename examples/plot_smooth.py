#!/usr/bin/env python3
"""Draws docs/smooth.png from the CSV that examples/plot_smooth.cpp prints.

    python3 examples/plot_smooth.py smooth.csv docs/smooth.png

One small panel per smooth function, with the function and its derivative as
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
KINKED = {"elu", "selu", "celu"}


def main(csv_path, png_path):
    with open(csv_path, newline="") as f:
        rows = list(csv.DictReader(f))
    x = [float(r["x"]) for r in rows]
    column = lambda name: [float(r[name]) for r in rows]

    plt.rcParams.update({"font.size": 10})
    fig, axes = plt.subplots(2, 5, figsize=(16, 6.6), dpi=100, sharex=True)
    for ax, (key, title) in zip(axes.flat, FUNCTIONS):
        ax.plot(x, column(key), label="f(x)", **VALUE)
        derivative = column(key + "_derivative")
        if key in KINKED:
            # Two pieces, so that selu's jump at zero is not drawn as a line;
            # the dot is the derivative at zero, the x >= 0 branch's.
            zero = x.index(0.0)
            ax.plot(x[:zero], derivative[:zero], label="f'(x)", **DERIVATIVE)
            ax.plot(x[zero:], derivative[zero:], **DERIVATIVE)
            ax.plot([0], [derivative[zero]], "o", color=DERIVATIVE["color"], markersize=5, zorder=5)
        else:
            ax.plot(x, derivative, label="f'(x)", **DERIVATIVE)
        ax.set_title(title)
        ax.set_xlim(-5, 5)
        ax.axhline(0, color="grey", linewidth=0.8)
        ax.axvline(0, color="grey", linewidth=0.8)
        ax.grid(True, alpha=0.3)
    for ax in axes[1]:
        ax.set_xlabel("x")
    handles, labels = axes.flat[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="upper right", ncol=2, frameon=False)
    fig.suptitle("rectify: the smooth rectifiers and their derivatives, on [-5, 5] (float, as computed by rectify)")
    fig.tight_layout(rect=(0, 0, 1, 0.96))
    fig.savefig(png_path, metadata={"Software": None})


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: plot_smooth.py <csv from examples/plot_smooth> <output.png>")
    main(sys.argv[1], sys.argv[2])
