#!/usr/bin/env python3
"""The tables of rectify's double fast path (math::fastdd in rectify.hpp):
2^(j/64) as pairs hi + lo (exp2_64ths), and for log1p, per i = 0 .. 255,
c_i = 1 / (1 + i/256) rounded to double, delta_i = c_i (1 + i/256) - 1
(exact in a double) and -log(c_i) as a pair (log1p_256ths). Needs mpmath
(python3-mpmath); prints the C++ initialisers."""
import mpmath

mpmath.mp.prec = 400


def pair(v):
    hi = float(v)
    lo = float(v - mpmath.mpf(hi))
    return hi, lo


def text(d):
    return "0.0" if d == 0 else d.hex()


def rows(values, per_row=4):
    items = [text(v) for v in values]
    return "\n".join("    " + ", ".join(items[j:j + per_row]) + "," for j in range(0, len(items), per_row))


exp_hi, exp_lo = zip(*(pair(mpmath.power(2, mpmath.mpf(j) / 64)) for j in range(64)))
print("// exp2_64ths.hi\n" + rows(exp_hi) + "\n// exp2_64ths.lo\n" + rows(exp_lo))

cs, deltas, log_hi, log_lo = [], [], [], []
for i in range(256):
    c = float(1 / (1 + mpmath.mpf(i) / 256))
    delta = mpmath.mpf(c) * (1 + mpmath.mpf(i) / 256) - 1
    assert mpmath.mpf(float(delta)) == delta, i  # exact in a double
    hi, lo = pair(-mpmath.log(mpmath.mpf(c)))
    cs.append(c)
    deltas.append(float(delta))
    log_hi.append(hi)
    log_lo.append(lo)
for name, values in (("c", cs), ("delta", deltas), ("hi", log_hi), ("lo", log_lo)):
    print("// log1p_256ths." + name + "\n" + rows(values))
