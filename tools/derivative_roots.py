#!/usr/bin/env python3
"""Regenerates the root series of include/rectify/rectify.hpp (gelu_root,
gelu_tanh_root, silu_root, mish_root): where the two terms of gelu', gelu_tanh',
silu' and mish' cancel, rectify's exact path evaluates the derivative as its
Taylor series about the root, which this script computes with mpmath (Debian:
python3-mpmath) at 80 digits: the root as a sum of three doubles, and the
coefficients of (x - root)^1 .. ^8 as double-double pairs.

    python3 tools/derivative_roots.py
"""
import mpmath as mp

mp.mp.dps = 80
k = mp.sqrt(2 / mp.pi)
c = mp.mpf("0.044715")


def Phi(x):
    return mp.erfc(-x / mp.sqrt(2)) / 2


def phi(x):
    return mp.exp(-x * x / 2) / mp.sqrt(2 * mp.pi)


def sig(x):
    return 1 / (1 + mp.exp(-x))


def gelu_tanh_d(x):
    t = mp.tanh(k * (x + c * x ** 3))
    return (1 + t) / 2 + x / 2 * (1 - t * t) * k * (1 + 3 * c * x * x)


def mish_d(x):
    sp = mp.log(1 + mp.exp(x))
    return mp.tanh(sp) + x * (1 - mp.tanh(sp) ** 2) * sig(x)


derivatives = {
    "gelu": lambda x: Phi(x) + x * phi(x),
    "gelu_tanh": gelu_tanh_d,
    "silu": lambda x: sig(x) * (1 + x * (1 - sig(x))),
    "mish": mish_d,
}


def split(v, parts):
    out = []
    for _ in range(parts):
        d = float(v)
        out.append(d)
        v -= mp.mpf(d)
    return out


for name, f in derivatives.items():
    root = mp.findroot(f, -1.0)
    coefficients = mp.taylor(f, root, 8)[1:]
    print(f"inline constexpr root_series {name}_root{{")
    print("    {" + ", ".join(d.hex() for d in split(root, 3)) + "},")
    pairs = ["{" + ", ".join(d.hex() for d in split(ck, 2)) + "}" for ck in coefficients]
    print("    {" + ", ".join(pairs) + "}};")
