#!/usr/bin/env python3
"""Regenerates rectify's fast-path Mills ratio, R(t) = Phi(-t) / phi(t), used by
gelu: four polynomial pieces fitted at Chebyshev nodes with mpmath (Debian:
python3-mpmath), each to a relative error below 2^-51 on its interval,
printed as the C++ table `mills_coefficients` of include/rectify/rectify.hpp
(highest degree first, padded to 18 coefficients) and `mills_centres`.

    python3 tools/fit_mills_ratio.py

The pieces: s = t - centre on [0, 1] and [1, 3] (the polynomial is R); on
[3, 8] and [8, 38], s = 1/t - centre and the polynomial is t R(t).
Every float result that goes through it is checked against MPFR by the
exhaustive test, so the table's accuracy is proven there, not here.
"""
import mpmath as mp

mp.mp.dps = 50
LENGTH = 18


def mills(t):
    return mp.erfc(t / mp.sqrt(2)) / 2 / (mp.exp(-t * t / 2) / mp.sqrt(2 * mp.pi))


def fit(kind, a, b):
    if kind == "t":
        c = mp.mpf(a + b) / 2
        f = lambda s: mills(s + c)
        lo, hi = mp.mpf(a) - c, mp.mpf(b) - c
    else:
        c = (1 / mp.mpf(a) + 1 / mp.mpf(b)) / 2
        f = lambda s: mills(1 / (s + c)) / (s + c)
        lo, hi = 1 / mp.mpf(b) - c, 1 / mp.mpf(a) - c
    for n in range(8, LENGTH + 1):
        poly = mp.chebyfit(f, [lo, hi], n)
        worst = max(abs(mp.polyval(poly, lo + (hi - lo) * i / 399) / f(lo + (hi - lo) * i / 399) - 1)
                    for i in range(400))
        if worst < mp.mpf(2) ** -51:
            return c, poly, worst
    raise SystemExit(f"no fit below 2^-51 on [{a}, {b}] with {LENGTH} coefficients")


rows, centres = [], []
for kind, a, b in [("t", 0, 1), ("t", 1, 3), ("1/t", 3, 8), ("1/t", 8, 38)]:
    c, poly, worst = fit(kind, a, b)
    padded = [0.0] * (LENGTH - len(poly)) + [float(p) for p in poly]
    rows.append("    {" + ", ".join("0.0" if p == 0 else p.hex() for p in padded) + "},")
    centres.append("0.5" if c == 0.5 else "2.0" if c == 2 else float(c).hex())
    print(f"// [{a}, {b}] in {kind}: {len(poly)} coefficients, relative error {float(worst):.2e}")
print("inline constexpr double mills_coefficients[4][18] = {")
print("\n".join(rows))
print("};")
print("inline constexpr double mills_centres[4] = {" + ", ".join(centres) + "};")
