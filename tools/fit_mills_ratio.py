#!/usr/bin/env python3
"""Regenerates rectify's fast-path Mills ratio, R(t) = Phi(-t) / phi(t), used by
gelu and its derivative: one rational function P(t) / Q(t), P of degree 8 and
Q of degree 9 with Q(0) = 1, fitted to R on [0, 15.5] with mpmath (Debian:
python3-mpmath), printed as the C++ tables `mills_numerator` and
`mills_denominator` of include/rectify/rectify.hpp (lowest degree first).

    python3 tools/fit_mills_ratio.py          (about 20 s)

The fit: weighted linear least squares of P(t) - R(t) Q(t) at 400 Chebyshev
nodes, each row divided by R(t) and by the previous iteration's Q(t) (Loeb's
iteration), so that what is minimised approaches the relative error of P / Q;
the iteration with the smallest largest error at the nodes is kept. Then the
coefficients are rounded to doubles, and the relative error of P / Q with
those doubles is measured on 20001 equally spaced points of [0, 15.5]: the
header's comment quotes it (2^-51.6). Every coefficient comes out positive,
which the header's error bound for the evaluation relies on: the script
stops if one does not.

Beyond 15.5 the header uses R(15.5): gelu(-t) and gelu'(-t) are below 2^-170
there. Every float result that goes through the fast path is checked against
MPFR by the exhaustive test, so the table's accuracy is proven there too.
"""
import mpmath as mp

mp.mp.dps = 50
END = mp.mpf("15.5")
P_DEGREE, Q_DEGREE = 8, 9
NODES, ITERATIONS, DENSE = 400, 12, 20000


def mills(t):
    return mp.erfc(t / mp.sqrt(2)) / 2 / (mp.exp(-t * t / 2) / mp.sqrt(2 * mp.pi))


def polynomial(coefficients, t):  # lowest degree first
    value = mp.mpf(0)
    for c in reversed(coefficients):
        value = value * t + c
    return value


nodes = [END / 2 + END / 2 * mp.cos(mp.pi * (2 * i + 1) / (2 * NODES)) for i in range(NODES)]
values = [mills(t) for t in nodes]
denominator = [mp.mpf(1)] + [mp.mpf(0)] * Q_DEGREE
best = None
for iteration in range(ITERATIONS):
    rows = mp.matrix(NODES, P_DEGREE + 1 + Q_DEGREE)
    right = mp.matrix(NODES, 1)
    for i, t in enumerate(nodes):
        scale = 1 / (values[i] * polynomial(denominator, t))
        for k in range(P_DEGREE + 1):
            rows[i, k] = scale * t**k
        for k in range(1, Q_DEGREE + 1):
            rows[i, P_DEGREE + k] = -scale * values[i] * t**k
        right[i] = scale * values[i]
    solution = mp.qr_solve(rows, right)[0]
    numerator = [solution[k] for k in range(P_DEGREE + 1)]
    denominator = [mp.mpf(1)] + [solution[P_DEGREE + k] for k in range(1, Q_DEGREE + 1)]
    worst = max(abs(polynomial(numerator, t) / polynomial(denominator, t) / values[i] - 1)
                for i, t in enumerate(nodes))
    if best is None or worst < best[0]:
        best = (worst, numerator, denominator)

worst, numerator, denominator = best
p = [float(c) for c in numerator]
q = [float(c) for c in denominator]
if min(p + q) <= 0:
    raise SystemExit("a coefficient is not positive: the header's error bound does not apply")
dense = max(abs(polynomial([mp.mpf(c) for c in p], t) / polynomial([mp.mpf(c) for c in q], t) / mills(t) - 1)
            for t in [END * i / DENSE for i in range(DENSE + 1)])
print(f"// at the nodes: 2^{float(mp.log(worst, 2)):.2f}; with double coefficients, on {DENSE + 1} points: "
      f"2^{float(mp.log(dense, 2)):.2f}")
print("inline constexpr double mills_numerator[9] = {" + ", ".join(c.hex() for c in p) + "};")
print("inline constexpr double mills_denominator[10] = {1.0, " + ", ".join(c.hex() for c in q[1:]) + "};")
