#!/bin/sh
# Builds the float-lane sigmoid prototype (README.md) in this directory, from
# anywhere: sig.o (the default kernel, vdivps, two vectors a turn, with the
# counters), its rcp14 and not-unrolled variants, the SLEEF composition, the
# speed test (bench) and the exhaustive check (exh) and the lengths check.
# Needs an x86-64 g++ and libsleef-dev; the programs need AVX-512 to run.
set -e
cd "$(dirname "$0")"
inc=../../../include
FL="-O2 -std=c++20 -mavx512f -mavx512dq -mfma -I$inc"
g++ $FL -c sig.cpp -o sig.o
g++ $FL -DSIG_NO_COUNTS_DEF -DSIG_DIV=0 -DSIG_NAME=sig16_rcp -c sig.cpp -o sig_rcp.o
g++ $FL -DSIG_NO_COUNTS_DEF -DSIG_UNROLL2=0 -DSIG_NAME=sig16_nounroll -c sig.cpp -o sig_nu.o
g++ $FL -c sleefk.cpp -o sleefk.o
# bench, exh and lengths: no -m flags for rectify (it chooses its kernel at run time)
g++ -O2 -std=c++20 -I$inc bench.cpp sig.o sig_rcp.o sig_nu.o sleefk.o -o bench -lsleef
g++ -O2 -std=c++20 -I$inc exh.cpp sig.o -o exh -lpthread
g++ -O2 -std=c++20 -I$inc lengths.cpp sig.o -o lengths
