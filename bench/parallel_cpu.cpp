// The CPU time a parallel call costs beside the sequential one, for a shared
// machine where wall-clock speedups cannot be measured (other jobs take the
// second core): for each case, the medians of 9 runs of the wall time and of
// the process's CPU time (every thread's) without a policy and with
// std::execution::par_unseq on 2 threads. A parallel call that costs c times
// the sequential CPU time runs at best 2 / c times as fast on 2 idle cores
// (when memory does not limit it: the compute-bound functions).
//
//   build/bench/bench/rectify_parallel_cpu
//
// SPDX-License-Identifier: MIT
#include <execution>

#include <rectify/rectify.hpp>

#include <tbb/global_control.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <random>
#include <span>
#include <vector>

namespace {

double now(clockid_t c) {
    timespec t{};
    clock_gettime(c, &t);
    return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

template <class F>
void measure(const char* name, F f) {
    std::vector<double> w1, c1, w2, c2;
    for (int r = 0; r < 9; ++r) {
        for (int par = 0; par < 2; ++par) {
            double a = now(CLOCK_MONOTONIC), b = now(CLOCK_PROCESS_CPUTIME_ID);
            f(par);
            double wall = now(CLOCK_MONOTONIC) - a, cpu = now(CLOCK_PROCESS_CPUTIME_ID) - b;
            (par ? w2 : w1).push_back(wall);
            (par ? c2 : c1).push_back(cpu);
        }
    }
    auto med = [](std::vector<double> v) {
        std::sort(v.begin(), v.end());
        return v[v.size() / 2];
    };
    std::printf(
        "%-12s seq wall %7.2f ms cpu %7.2f ms | par(2) wall %7.2f ms cpu %7.2f ms | cpu par/seq %.3f, wall "
        "seq/par %.2f\n",
        name, 1e3 * med(w1), 1e3 * med(c1), 1e3 * med(w2), 1e3 * med(c2), med(c2) / med(c1),
        med(w1) / med(w2));
}

}  // namespace

int main() {
    const tbb::global_control gc(tbb::global_control::max_allowed_parallelism, 2);
    std::mt19937 g(1);
    std::normal_distribution<float> d(0, 3);
    std::vector<float> x(std::size_t{1} << 26), y(x.size());
    for (auto& v : x) {
        v = d(g);
    }
    const std::span<const float> x4(x.data(), std::size_t{1} << 22), x256(x.data(), std::size_t{1} << 18);
    const std::span<float> y4(y.data(), std::size_t{1} << 22), y256(y.data(), std::size_t{1} << 18);
    measure("gelu 4Mi",
            [&](int p) { p ? rectify::gelu(std::execution::par_unseq, x4, y4) : rectify::gelu(x4, y4); });
    measure("silu 4Mi",
            [&](int p) { p ? rectify::silu(std::execution::par_unseq, x4, y4) : rectify::silu(x4, y4); });
    measure("gelu 256Ki", [&](int p) {
        p ? rectify::gelu(std::execution::par_unseq, x256, y256) : rectify::gelu(x256, y256);
    });
    measure("relu 64Mi",
            [&](int p) { p ? rectify::relu(std::execution::par_unseq, x, y) : rectify::relu(x, y); });
    measure("relu 256Ki", [&](int p) {
        p ? rectify::relu(std::execution::par_unseq, x256, y256) : rectify::relu(x256, y256);
    });
}
