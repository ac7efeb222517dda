#!/usr/bin/env bash
# Runs every rectify test on Debian 12 (as root, or with sudo): installs what
# it needs with apt-get, then configures, builds and tests with
#   gcc        GCC 12,   C++20, Release (-O2), -Werror; also the MPFR tests, the
#              unit tests under valgrind, the compiler matrix (GCC 12, Clang
#              14 and 16 x -O0, -O2, each in C++20 or C++23) and the -ffast-math
#              test
#   gcc-proofs the exhaustive tests, GCC 12 at CMake's Release -O3 (every float on
#              every kernel for the relu family; for the smooth functions
#              every float on the widest kernel against MPFR-made digests,
#              every 32nd block of 2^20 on the others), each split into
#              single-threaded parts that ctest runs side by side
#   clang16    Clang 16, C++23, Release (-O2), -Werror
#   asan       Clang 14, C++20, with AddressSanitizer + UndefinedBehaviorSanitizer
#   tsan       Clang 14 with ThreadSanitizer: many threads' first calls
#   fuzz       libFuzzer differential fuzzing, two runs of 30 s side by side
#              (each its own fixed seed), plus the seed corpus; built in its
#              turn (fuzz-build), its runs alone, last
#   aarch64    GCC 12 cross-build for AArch64 (the NEON kernels), run under qemu-aarch64
#   bench      the benchmarks with the peers Debian has cheaply (Eigen, oneDNN,
#              XNNPACK, SLEEF; libtorch is left to bench/run.sh), each run once,
#              briefly: a smoke test that also checks every kernel's output;
#              and the accuracy program, which requires rectify's smooth
#              functions correctly rounded on its inputs
#   lint       clang-tidy and cppcheck (tools/lint.sh)
# gcc and clang16 also run the kernel tests under qemu-x86_64 as an AVX2-only
# and an SSE2-only CPU, and link x86-64-v4 code with baseline code. gcc,
# clang16 and asan also compile the header alone under the strict warning
# flags in C++20 and C++23 (gcc at -O0 too). Pass preset names to run only
# those; two are for developers, not run by default (docs/guarantees.md,
# "Not repeated"): gcc-cxx23 (GCC 12 C++23 Debug: the unit tests at -O0) and
# clang (Clang 14 C++20 Release, without the sanitizers).
#
# Within CI's half hour on 2 cores, nothing runs twice where it can only give
# the same result: a test whose result another preset gives exactly (nothing
# its preset changes reaches it) runs in that preset only (the presets'
# filters and options; docs/guarantees.md, "Not repeated"); under valgrind,
# qemu-x86_64, qemu-aarch64 and in the Debug presets the span sweeps stop at 10 vectors of
# the widest kernel, which take every path of every kernel at every offset,
# while the Release presets' native runs sweep every length
# (tests/span_test.cpp, swept_length).
# No sweep is repeated where it would make the very same calls (long double,
# which has no vector kernel, on one forced kernel; streaming only where a
# kernel streams), and the AVX-512 BF16-off run is GCC's avx512 kernel only.
# The exhaustive and MPFR proofs on every kernel the CPU has are whole. Two
# presets at a time, the exhaustive proofs in parts that fill both cores
# (gcc-proofs), the whole command takes 20 to 40 minutes on a 2-core machine
# like CI's; every time measured is in docs/guarantees.md, "CI time".
set -euo pipefail

# One preset: configure, build and test, then the figures README.md quotes;
# its wall and CPU seconds (this shell's children's user and system time) last.
run_preset() {
  local preset=$1 start=$SECONDS
  echo "==== rectify: $preset ===="
  if [ "$preset" = lint ]; then
    bash tools/lint.sh
  elif [ "$preset" = fuzz-build ]; then
    # fuzz's configure and build, beside another preset; its test step (the
    # bounded runs) alone, last (main).
    cmake --preset fuzz --fresh
    cmake --build --preset fuzz
  elif [ "$preset" = fuzz ]; then
    ctest --preset fuzz
  else
    cmake --workflow --preset "$preset" --fresh
  fi
  # The figures README.md quotes: the exhaustive tests' and the fuzzer's.
  if [ "$preset" = gcc-proofs ]; then
    grep -hE "^(portable|sse2|avx2|avx512|neon) +(every float|[a-z_]+ +(ok|BAD) *:)|^scalar +every float|^rectify (smooth )?exhaustive test" \
      build/gcc-proofs/Testing/Temporary/LastTest.log || true
  fi
  if [ "$preset" = fuzz ]; then
    grep -E "DONE|^Done|stat::number_of_executed_units" build/fuzz/tests/fuzz/differential.*.log || true
  fi
  if [ "$preset" = bench ]; then
    build/bench/bench/rectify_bench --benchmark_filter='/1024$' --benchmark_min_time=0.01
    # prelu in every type at 1Ki (oneDNN's outputs compared with rectify's first).
    build/bench/bench/rectify_prelu_bench --benchmark_filter='/1024/' --benchmark_min_time=0.01
    # The policy forms on 2 threads, each checked against the sequential call
    # bit for bit first (a wrong result fails the run); built where oneTBB is.
    if [ -x build/bench/bench/rectify_parallel_bench ]; then
      build/bench/bench/rectify_parallel_bench --benchmark_filter='BM_(par/(rectify|memcpy)/[a-z_]+/[a-z]+/[12]/262144|split/rectify/[a-z]+/out/2/8192)/' \
        --benchmark_min_time=0.01
    fi
    # Every rectify smooth function correctly rounded on the accuracy inputs,
    # beside the peers' figures (docs/accuracy.md).
    build/bench/bench/rectify_accuracy --threads 2 --require-correctly-rounded rectify > /dev/null
  fi
  # `times` in this shell, not in a pipeline's subshell, which would count nothing.
  times >"$logs/$preset.times"
  local cpu
  cpu="$(awk '{ for (i = 1; i <= NF; ++i) { split($i, t, "m"); s += t[1] * 60 + t[2] } } END { printf "%.0f", s }' \
    "$logs/$preset.times")"
  echo "==== rectify: $preset passed in $((SECONDS - start)) s ($cpu s of CPU) ===="
}

# Waits for one running preset to end, prints its log and records a failure.
declare -A preset_of=()
failed=()
finish_one() {
  local pid="" status=0 preset
  wait -n -p pid "${!preset_of[@]}" || status=$?
  preset="${preset_of[$pid]}"
  unset "preset_of[$pid]"
  cat "$logs/$preset.log"
  if [ "$status" != 0 ]; then
    echo "==== rectify: $preset FAILED (exit $status; log: $logs/$preset.log) ===="
    failed+=("$preset")
  fi
}

start_preset() {
  while [ "${#preset_of[@]}" -ge "$1" ]; do finish_one; done
  echo "rectify: $2 started at $(date -u +%T)${3:+ ($3)}"
  run_preset "$2" </dev/null >"$logs/$2.log" 2>&1 &
  preset_of[$!]=$2
}

# On an interrupt or an error here: every running preset stopped, all its
# processes (each preset is a process group of its own: set -m below).
stop_presets() {
  local pid
  for pid in "${!preset_of[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
}

main() {
  cd "$(dirname "$0")/.."
  bash tools/install-deps.sh cmake make g++ clang libclang-rt-14-dev clang-16 catch2 pkg-config libbenchmark-dev \
    qemu-user g++-aarch64-linux-gnu valgrind clang-tidy cppcheck python3 \
    libeigen3-dev libdnnl-dev ocl-icd-opencl-dev libxnnpack-dev libpthreadpool-dev libmpfr-dev libsleef-dev libtbb-dev

  # The compiler matrix must find all three compilers (installed above), not skip one.
  export RECTIFY_REQUIRE_MATRIX=1

  local presets=("$@") at_once="${RECTIFY_PRESETS_AT_ONCE:-2}" preset start=$SECONDS
  # The longest first (gcc, then the exhaustive proofs), the short ones last,
  # so that the two lanes end together.
  [ ${#presets[@]} -gt 0 ] || presets=(gcc gcc-proofs asan aarch64 clang16 lint bench tsan fuzz)
  logs=build/logs
  mkdir -p "$logs"
  set -m
  trap stop_presets EXIT
  trap 'exit 130' INT TERM
  # fuzz is built in its turn (fuzz-build) and run alone once every other preset is done.
  for preset in "${presets[@]}"; do
    start_preset "$at_once" "${preset/#fuzz/fuzz-build}"
  done
  for preset in "${presets[@]}"; do
    [ "$preset" = fuzz ] || continue
    while [ "${#preset_of[@]}" -gt 0 ]; do finish_one; done
    [[ " ${failed[*]} " != *" fuzz-build "* ]] || continue
    start_preset 1 fuzz "alone: its fuzzing runs are bounded by time"
  done
  while [ "${#preset_of[@]}" -gt 0 ]; do finish_one; done
  if [ ${#failed[@]} -gt 0 ]; then
    echo "rectify: FAILED: ${failed[*]} (of ${presets[*]}; $((SECONDS - start)) s)"
    exit 1
  fi
  echo "rectify: all configurations passed: ${presets[*]} ($((SECONDS - start)) s)"
}

# Called last, so that bash has read the whole file before running any of it
# (editing the file during a run does not change that run).
main "$@"
