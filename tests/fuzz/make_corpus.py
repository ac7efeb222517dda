#!/usr/bin/env python3
"""Writes the seed corpus of rectify_fuzz (tests/fuzz/corpus/), reproducibly.

Usage: python3 tests/fuzz/make_corpus.py [output directory]

Each seed is one input in the layout rectify_fuzz.cpp reads (see the comment
at its top; the two must change together):

  [0]       function     % 6: relu, relu_derivative, relu_backward, leaky_relu,
                              leaky_relu_derivative, leaky_relu_backward
  [1]       element type relu*: % 10: float, double, int8, int16, int32, int64,
                              uint8, uint16, uint32, uint64; leaky*: % 2: float, double
  [2]       placement    % 3: separate output, in place on x, in place on grad
  [3]       flags        bit 0: streaming stores
  [4]       x offset     elements past a 64-byte boundary, % (64 / sizeof(T))
  [5]       grad offset  likewise
  [6]       out offset   likewise
  [7]       alpha kind   < 12: a special alpha (ALPHA below); otherwise the raw bits
  [8..9]    length       little-endian, % 601 elements
  [10..17]  alpha bits   little-endian; float takes the low 4 bytes
  [18..]    values       x[0..n) then grad[0..n), sizeof(T) bytes each, little-endian,
                         read cyclically from these bytes

Python 3 standard library only.
"""

import math
import os
import struct
import sys

FUNCTIONS = ["relu", "relu_derivative", "relu_backward",
             "leaky_relu", "leaky_relu_derivative", "leaky_relu_backward"]
# name: (index, struct format, size in bytes)
TYPES = {
    "float": (0, "f", 4), "double": (1, "d", 8),
    "int8": (2, "b", 1), "int16": (3, "h", 2), "int32": (4, "i", 4), "int64": (5, "q", 8),
    "uint8": (6, "B", 1), "uint16": (7, "H", 2), "uint32": (8, "I", 4), "uint64": (9, "Q", 8),
}
PLACEMENTS = {"separate": 0, "in_place_x": 1, "in_place_grad": 2}
# The special alphas, by alpha kind (rectify_fuzz.cpp: special_alpha()).
ALPHA = {"0": 0, "1": 1, "2": 2, "-1": 3, "0.01": 4, "0.5": 5, "1.5": 6,
         "-0": 7, "nan": 8, "inf": 9, "-inf": 10, "denorm_min": 11}
RAW_ALPHA = 255  # any kind >= 12: the alpha is the raw bits
MAX_LENGTH = 600


class Bits:
    """A floating value given by its bit pattern (a NaN payload, say)."""

    def __init__(self, bits):
        self.bits = bits


def encode_value(type_name, value):
    _, fmt, size = TYPES[type_name]
    if isinstance(value, Bits):
        return value.bits.to_bytes(size, "little")
    return struct.pack("<" + fmt, value)


def encode(function, type_name, length, x, grad=(), placement="separate", streaming=False,
           offsets=(0, 0, 0), alpha="0.01", alpha_bits=0):
    """One input. x and grad are repeated (cyclically, as the fuzzer reads the
    value bytes) so that the values given are exactly x[0..len(x)) and, for a
    backward function, grad[0..len(grad)) after them."""
    assert 0 <= length <= MAX_LENGTH
    index, _, size = TYPES[type_name]
    header = bytes([
        FUNCTIONS.index(function),
        index,
        PLACEMENTS[placement],
        1 if streaming else 0,
        offsets[0], offsets[1], offsets[2],
        ALPHA[alpha] if alpha is not None else RAW_ALPHA,
    ])
    header += length.to_bytes(2, "little") + alpha_bits.to_bytes(8, "little")
    assert len(header) == 18
    xs = [x[i % len(x)] for i in range(length)] if x else []
    values = b"".join(encode_value(type_name, v) for v in xs)
    if function.endswith("backward") and grad:
        values += b"".join(encode_value(type_name, grad[i % len(grad)]) for i in range(length))
    return header + values


def float_bits(value):
    return struct.unpack("<I", struct.pack("<f", value))[0]


def double_bits(value):
    return struct.unpack("<Q", struct.pack("<d", value))[0]


INF = math.inf
NAN = math.nan
# Every class of floating value: zeros, ones, infinities, quiet and signalling
# NaNs of both signs with payloads, subnormals, the extremes, ordinary values.
FLOAT_SPECIALS = [0.0, -0.0, 1.0, -1.0, INF, -INF, NAN, Bits(0xFFC00000), Bits(0x7F800001),
                  Bits(0xFFA00042), Bits(0x00000001), Bits(0x80000001), Bits(0x007FFFFF),
                  Bits(0x00800000), Bits(0x80800000), Bits(0x7F7FFFFF), Bits(0xFF7FFFFF),
                  2.5, -3.0, 1e-30, -1e-30]
DOUBLE_SPECIALS = [0.0, -0.0, 1.0, -1.0, INF, -INF, NAN, Bits(0xFFF8000000000000),
                   Bits(0x7FF0000000000001), Bits(0xFFF4000000000042), Bits(0x0000000000000001),
                   Bits(0x8000000000000001), Bits(0x000FFFFFFFFFFFFF), Bits(0x0010000000000000),
                   Bits(0x8010000000000000), Bits(0x7FEFFFFFFFFFFFFF), Bits(0xFFEFFFFFFFFFFFFF),
                   2.5, -3.0, 1e-300, -1e-300]
# Gradients with NaN and infinity where x < 0: the backward passes select, never multiply.
FLOAT_GRADS = [NAN, INF, -INF, -0.0, 0.0, 7.0, -7.0, Bits(0x00000001), Bits(0xFFC00001)]
SPECIALS = {"float": FLOAT_SPECIALS, "double": DOUBLE_SPECIALS}


def int_specials(type_name):
    _, fmt, size = TYPES[type_name]
    if fmt.isupper():  # unsigned
        top = (1 << (8 * size)) - 1
        return [0, 1, top, top - 1, 1 << (8 * size - 1), 2, 0x5A & top]
    low, high = -(1 << (8 * size - 1)), (1 << (8 * size - 1)) - 1
    return [0, 1, -1, low, low + 1, high, high - 1, 2, -2]


def seeds():
    """(name, bytes) for every seed, in a fixed order."""
    out = []

    def add(name, *args, **kwargs):
        out.append((name, encode(*args, **kwargs)))

    # Every function on both floating types: every special value, at a length
    # just past the vector boundaries (16 floats = one AVX-512 vector).
    for t in ("float", "double"):
        s = SPECIALS[t]
        g = FLOAT_GRADS
        add(f"relu-{t}-specials", "relu", t, len(s), s)
        add(f"relu_derivative-{t}-specials", "relu_derivative", t, len(s), s)
        add(f"relu_backward-{t}-specials", "relu_backward", t, 67, s, g)
        add(f"leaky_relu-{t}-specials-alpha_0.01", "leaky_relu", t, len(s), s)
        add(f"leaky_relu_derivative-{t}-specials-alpha_-1", "leaky_relu_derivative", t, 33, s, alpha="-1")
        add(f"leaky_relu_backward-{t}-specials-alpha_2", "leaky_relu_backward", t, 65, s, g, alpha="2")

    # The alphas of the definition and the awkward ones (2 and -1 are above),
    # spread over the functions, on values of every class.
    for a, f, t in (("0", "leaky_relu", "float"), ("1", "leaky_relu_backward", "double"),
                    ("-0", "leaky_relu", "float"), ("-0", "leaky_relu_derivative", "double"),
                    ("nan", "leaky_relu_derivative", "float"), ("inf", "leaky_relu_backward", "float"),
                    ("denorm_min", "leaky_relu", "double")):
        add(f"{f}-{t}-alpha_{a}", f, t, 17, SPECIALS[t], FLOAT_GRADS, alpha=a)
    add("leaky_relu-double-alpha_raw_0.2", "leaky_relu", "double", 31, DOUBLE_SPECIALS,
        alpha=None, alpha_bits=double_bits(0.2))
    add("leaky_relu_derivative-float-alpha_raw_-1e-40", "leaky_relu_derivative", "float", 16,
        FLOAT_SPECIALS, alpha=None, alpha_bits=float_bits(-1e-40))

    # Placements and misalignment: in place on x, in place on grad, streaming.
    add("relu-float-in_place-offset3-n257", "relu", "float", 257, FLOAT_SPECIALS,
        placement="in_place_x", offsets=(3, 0, 0))
    add("leaky_relu-double-in_place-offset5-n130", "leaky_relu", "double", 130, DOUBLE_SPECIALS,
        placement="in_place_x", offsets=(5, 0, 0), alpha="1.5")
    add("relu_backward-double-in_place_grad-n41", "relu_backward", "double", 41, DOUBLE_SPECIALS,
        [INF, NAN, -5.0], placement="in_place_grad", offsets=(1, 1, 0))
    add("leaky_relu_backward-float-in_place_x-n100", "leaky_relu_backward", "float", 100,
        FLOAT_SPECIALS, FLOAT_GRADS, placement="in_place_x", offsets=(7, 2, 0), alpha="0.5")
    add("relu-float-streaming-offsets-1-2-3-n259", "relu", "float", 259, FLOAT_SPECIALS,
        streaming=True, offsets=(1, 2, 3))
    add("leaky_relu_backward-double-streaming-n77", "leaky_relu_backward", "double", 77,
        DOUBLE_SPECIALS, [2.0, -0.0, NAN], streaming=True, offsets=(0, 3, 6), alpha="-1")

    # Integers: the extremes of every type, at lengths around its vector widths.
    lengths = {1: 257, 2: 129, 4: 65, 8: 33}
    for t in ("int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"):
        size = TYPES[t][2]
        add(f"relu-{t}-extremes", "relu", t, lengths[size], int_specials(t),
            offsets=(1, 0, 2))
    add("relu_derivative-int8-n63", "relu_derivative", "int8", 63, int_specials("int8"))
    add("relu_backward-int16-n97", "relu_backward", "int16", 97, int_specials("int16"),
        [5, -5, 32767, -32768], offsets=(3, 1, 0))
    add("relu_backward-int64-in_place_grad-n9", "relu_backward", "int64", 9, int_specials("int64"),
        [7, -7], placement="in_place_grad")
    add("relu_backward-int8-streaming-max-length", "relu_backward", "int8", MAX_LENGTH,
        int_specials("int8"), [1, -1, 127, -128, 0], streaming=True, offsets=(63, 17, 33))

    # Empty, and a single element (below every vector width).
    add("relu-float-empty", "relu", "float", 0, [])
    add("leaky_relu-float-one-negative-zero", "leaky_relu", "float", 1, [-0.0], alpha="-1")
    return out


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    directory = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "corpus")
    os.makedirs(directory, exist_ok=True)
    for entry in os.listdir(directory):  # stale seeds would linger otherwise
        path = os.path.join(directory, entry)
        if os.path.isfile(path):
            os.remove(path)
    all_seeds = seeds()
    for number, (name, data) in enumerate(all_seeds):
        with open(os.path.join(directory, f"{number:02d}-{name}"), "wb") as f:
            f.write(data)
    print(f"wrote {len(all_seeds)} seeds ({sum(len(d) for _, d in all_seeds)} bytes) to {directory}")


if __name__ == "__main__":
    main()
