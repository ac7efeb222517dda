// The interface between rectify_parallel_bench (parallel_bench.cpp) and the
// peers it times at the same thread counts: libtorch and oneDNN, each built
// as a shared library of its own (peers/parallel_torch.cpp,
// peers/parallel_onednn.cpp), as bench/peer.hpp does for rectify_bench.
// Declarations only; no rectify header.
//
// SPDX-License-Identifier: MIT

#ifndef RECTIFY_BENCH_PARALLEL_PEER_HPP
#define RECTIFY_BENCH_PARALLEL_PEER_HPP

#include <cstddef>

#define RECTIFY_BENCH_EXPORT __attribute__((visibility("default")))

namespace rectify_parallel_bench {

enum class fn { relu, leaky_relu, gelu, silu };  // leaky_relu's alpha is 0.01

// One peer: set_threads(t) before a benchmark runs it on t threads; run(f, x,
// out, n) computes out[i] = f(x[i]) for n floats (out may be x: in place).
struct peer {
    const char* name;
    void (*set_threads)(int threads);
    void (*run)(fn f, const float* x, float* out, std::size_t n);
    const char* (*label)();
};

}  // namespace rectify_parallel_bench

#endif
