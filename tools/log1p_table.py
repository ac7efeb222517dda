#!/usr/bin/env python3
"""Prints the two tables of rectify's fast-path log1p (include/rectify/rectify.hpp,
`log1p_inverse` and `log1p_offset`), used by softplus:

    python3 tools/log1p_table.py

For j = 0 .. 15, c_j = 1 + j / 15: `log1p_inverse[j]` is 1 / c_j rounded to
the nearest double (Python's division of two integers rounds correctly), and
`log1p_offset[j]` is -log of that double, rounded to the nearest double with
mpmath at 60 digits (Debian: python3-mpmath). The header picks j = round(15 u)
for 0 <= u <= 1 and takes log(1 + u) = log1p_offset[j] + log1p(r), with r =
log1p_inverse[j] (1 + u) - 1, |r| <= 1/30: so the offset is the exact log of
the inverse it goes with, and only its own rounding (2^-53) counts.
"""
import mpmath as mp

mp.mp.dps = 60


def hexdouble(v):
    return "0.0" if v == 0.0 else v.hex()


def main():
    inverse = [15 / (15 + j) for j in range(16)]
    offset = [float(-mp.log(mp.mpf(v))) for v in inverse]
    assert inverse[0] == 1.0 and offset[0] == 0.0
    print("inline constexpr double log1p_inverse[16] = {")
    print("    " + ", ".join(hexdouble(v) for v in inverse) + "};")
    print("inline constexpr double log1p_offset[16] = {")
    print("    " + ", ".join(hexdouble(v) for v in offset) + "};")


if __name__ == "__main__":
    main()
