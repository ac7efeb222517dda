#!/usr/bin/env bash
# Runs every rectify test on Debian 12 (as root, or with sudo): installs what
# it needs with apt-get, then configures, builds and tests with
#   gcc        GCC 12,   C++20, Release (vectorised loops), -Werror
#   clang      Clang 14, C++20, Release, -Werror
#   gcc-cxx23  GCC 12,   C++23, Debug, -Werror
#   asan       Clang 14 with AddressSanitizer + UndefinedBehaviorSanitizer
#   aarch64    GCC 12 cross-build for AArch64 (the NEON kernels), run under qemu-aarch64
# gcc and clang also run the kernel tests under qemu-x86_64 as an AVX2-only
# and an SSE2-only CPU, and link x86-64-v4 code with baseline code.
# and builds the benchmarks with the peers Debian has cheaply (Eigen, oneDNN,
# XNNPACK; libtorch is left to bench/run.sh) and runs each once, briefly: a
# smoke test that also checks every kernel's output before timing it.
# Every configuration also compiles the header alone under the strict
# warning flags in C++20 and C++23. Pass preset names to run only those.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/install-deps.sh cmake make g++ clang libclang-rt-14-dev catch2 pkg-config libbenchmark-dev \
  qemu-user g++-aarch64-linux-gnu \
  libeigen3-dev libdnnl-dev ocl-icd-opencl-dev libxnnpack-dev libpthreadpool-dev

presets=("$@")
[ ${#presets[@]} -gt 0 ] || presets=(gcc clang gcc-cxx23 asan aarch64 bench)

for preset in "${presets[@]}"; do
  echo "==== rectify: $preset ===="
  start=$SECONDS
  cmake --workflow --preset "$preset" --fresh
  if [ "$preset" = bench ]; then
    build/bench/bench/rectify_bench --benchmark_filter='/1024$' --benchmark_min_time=0.01
  fi
  echo "==== rectify: $preset passed in $((SECONDS - start)) s ===="
done
echo "rectify: all configurations passed: ${presets[*]}"
