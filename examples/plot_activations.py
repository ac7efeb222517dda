#!/usr/bin/env python3
"""Draws docs/activations.png from the CSV that examples/plot.cpp prints.

    python3 examples/plot_activations.py activations.csv docs/activations.png

Needs matplotlib (Debian: apt-get install python3-matplotlib); examples/run.sh
calls it when matplotlib is there. The file it writes depends only on the CSV
and the matplotlib version.
"""
import csv
import sys

import matplotlib

matplotlib.use("Agg")  # no display needed
import matplotlib.pyplot as plt  # noqa: E402 (after choosing the backend)

# One colour and line style per function, used in both panels.
CURVES = [
    ("relu", "relu", "#1f5fa8", "-", 2.6),
    ("leaky_relu_0.1", "leaky_relu, alpha 0.1", "#d2691e", "--", 2.0),
    ("leaky_relu_0.01", "leaky_relu, alpha 0.01", "#2e8b57", ":", 2.0),
]


def main(csv_path, png_path):
    with open(csv_path, newline="") as f:
        rows = list(csv.DictReader(f))
    x = [float(r["x"]) for r in rows]
    column = lambda name: [float(r[name]) for r in rows]

    plt.rcParams.update({"font.size": 11, "svg.hashsalt": "rectify"})
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.4), dpi=100)

    for key, label, colour, style, width in CURVES:
        left.plot(x, column(key), color=colour, linestyle=style, linewidth=width, label=label)
    left.set_title("f(x)")
    left.set_ylim(-1.0, 5.2)
    # alpha 0.01 is hard to tell from relu at this scale: magnify x < 0.
    inset = left.inset_axes([0.64, 0.07, 0.34, 0.3])
    for key, label, colour, style, width in CURVES:
        inset.plot(x, column(key), color=colour, linestyle=style, linewidth=width)
    inset.set_xlim(-5, 0.5)
    inset.set_ylim(-0.06, 0.01)
    inset.set_title("x < 0, magnified", fontsize=9)
    inset.tick_params(labelsize=8)
    inset.grid(True, alpha=0.3)

    for key, label, colour, style, width in CURVES:
        name = key.replace("relu", "relu_derivative", 1) if key != "relu" else "relu_derivative"
        # A step function: each value holds from its x up to the next one, so
        # the jump sits exactly at x = 0, where the value is already 1.
        right.step(x, column(name), where="post", color=colour, linestyle=style, linewidth=width, label=label)
    # rectify's convention at zero: f'(0) = 1 for all three (filled dots);
    # the open dots are the values just left of zero.
    right.plot([0], [1], "o", color="black", markersize=6, zorder=5)
    for value in (0.0, 0.01, 0.1):
        right.plot([0], [value], "o", markerfacecolor="white", markeredgecolor="black", markersize=6, zorder=5)
    right.annotate("f'(0) = 1 in rectify\n(PyTorch: 0 for relu,\nalpha for leaky_relu)",
                   xy=(0, 1), xytext=(-4.7, 0.42), fontsize=10,
                   arrowprops={"arrowstyle": "->", "color": "black"})
    right.set_title("f'(x)")
    right.set_ylim(-0.1, 1.25)

    for ax in (left, right):
        ax.set_xlim(-5, 5)
        ax.set_xlabel("x")
        ax.axhline(0, color="grey", linewidth=0.8)
        ax.axvline(0, color="grey", linewidth=0.8)
        ax.grid(True, alpha=0.3)
    left.legend(loc="upper left")
    right.legend(loc="center right")
    fig.suptitle("rectify: relu and leaky_relu, and their derivatives")
    fig.tight_layout()
    fig.savefig(png_path, metadata={"Software": None})


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: plot_activations.py <csv from examples/plot> <output.png>")
    main(sys.argv[1], sys.argv[2])
