// rectify benchmarks: float32 throughput of the span forms against memcpy
// (the memory-bandwidth limit) and against the plain loops users write today.
//
// bytes_per_second counts every byte read and written: 2 arrays for a unary
// map (in + out, or the one in-place array read and written), 3 for a
// backward pass (x and grad_out read, grad_in written).
//
// Build with CMAKE_BUILD_TYPE=Release and no other flags (see README.md).
//
// SPDX-License-Identifier: MIT

#include <rectify/rectify.hpp>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <map>
#include <random>
#include <span>
#include <utility>
#include <vector>

namespace {

// 1Ki, 16Ki, 256Ki, 4Mi, 64Mi floats: 4 KiB (L1) to 256 MiB (DRAM) per array.
// (Range(1 << 10, 1 << 26) with RangeMultiplier(16) would instead give the
// powers of 16 in between: 4Ki, 64Ki, 1Mi, 16Mi.)
void sizes(benchmark::internal::Benchmark* b) {
    for (int shift = 10; shift <= 26; shift += 4) {
        b->Arg(std::int64_t{1} << shift);
    }
}

constexpr float alpha = 0.01f;

std::size_t size_of(const benchmark::State& state) {
    return static_cast<std::size_t>(state.range(0));
}

// n floats uniform in [-1, 1) (about half negative), the same every run.
// Generated once per (n, seed) and cached: mt19937 over 64Mi floats is slow.
const std::vector<float>& random_floats(std::size_t n, unsigned seed) {
    static std::map<std::pair<std::size_t, unsigned>, std::vector<float>> cache;
    auto [it, inserted] = cache.try_emplace({n, seed});
    if (inserted) {
        std::mt19937 engine(seed);
        std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
        it->second.resize(n);
        for (float& v : it->second) {
            v = dist(engine);
        }
    }
    return it->second;
}

// Times `step()` over n floats per iteration and reports bytes per second,
// counting `arrays` arrays of n floats moved (read or written) per call.
template <class Step>
void measure(benchmark::State& state, std::size_t arrays, Step step) {
    const std::size_t n = size_of(state);
    for (auto _ : state) {
        step();
        benchmark::ClobberMemory();
    }
    state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(n * sizeof(float) * arrays));
}

// A unary map out of place: read in, write out (2 arrays). `f(in, out, n)`
// gets raw pointers, so the plain loops below are the loops users write.
template <class F>
void unary(benchmark::State& state, F f) {
    const std::size_t n = size_of(state);
    const std::vector<float> in = random_floats(n, 1);
    std::vector<float> out(n);
    measure(state, 2, [&] {
        f(in.data(), out.data(), n);
        benchmark::DoNotOptimize(out.data());
    });
}

// A backward pass: read x and grad_out, write grad_in (3 arrays).
template <class F>
void backward(benchmark::State& state, F f) {
    const std::size_t n = size_of(state);
    const std::vector<float> x = random_floats(n, 1);
    const std::vector<float> grad_out = random_floats(n, 2);
    std::vector<float> grad_in(n);
    measure(state, 3, [&] {
        f(x.data(), grad_out.data(), grad_in.data(), n);
        benchmark::DoNotOptimize(grad_in.data());
    });
}

// ---- unary, out of place --------------------------------------------------

// The limit: moving the same bytes with no arithmetic. (glibc picks its copy
// strategy by size and CPU; on some AMD CPUs its `rep movsb` range, roughly
// 2 KiB to the L2 size, is far slower than a vector loop, so at small sizes
// this limit can read lower than the kernels.)
void BM_memcpy(benchmark::State& state) {
    unary(state, [](const float* in, float* out, std::size_t n) { std::memcpy(out, in, n * sizeof(float)); });
    state.SetLabel("limit");
}

void BM_relu(benchmark::State& state) {
    unary(state, [](const float* in, float* out, std::size_t n) {
        rectify::relu(std::span(in, n), std::span(out, n));
    });
}

// What users write today.
void BM_plain_max_loop(benchmark::State& state) {
    unary(state, [](const float* in, float* out, std::size_t n) {
        for (std::size_t i = 0; i < n; ++i) {
            out[i] = std::max(in[i], 0.0f);
        }
    });
}

void BM_leaky_relu(benchmark::State& state) {
    unary(state, [](const float* in, float* out, std::size_t n) {
        rectify::leaky_relu(std::span(in, n), std::span(out, n), alpha);
    });
}

// What users write today.
void BM_plain_leaky_loop(benchmark::State& state) {
    unary(state, [](const float* in, float* out, std::size_t n) {
        for (std::size_t i = 0; i < n; ++i) {
            out[i] = in[i] > 0 ? in[i] : alpha * in[i];
        }
    });
}

// ---- unary, in place: the one array read and written (2 arrays of traffic) -

// After the first iteration the buffer holds no negatives; the kernel has no
// data-dependent branch, so its speed does not depend on that.
void BM_relu_inplace(benchmark::State& state) {
    std::vector<float> buf = random_floats(size_of(state), 1);
    measure(state, 2, [&] {
        rectify::relu(buf);
        benchmark::DoNotOptimize(buf.data());
    });
}

// Repeating x -> 0.01 * x in place would drive the negatives through
// subnormals (slow on some CPUs) to -0 within a few dozen iterations, so
// iterations alternate alpha = 0.01 and 100: the same kernel and cost, and
// the buffer keeps its sign mix and magnitudes.
void BM_leaky_relu_inplace(benchmark::State& state) {
    std::vector<float> buf = random_floats(size_of(state), 1);
    bool down = true;
    measure(state, 2, [&] {
        rectify::leaky_relu(buf, down ? alpha : 1.0f / alpha);
        down = !down;
        benchmark::DoNotOptimize(buf.data());
    });
}

// ---- backward --------------------------------------------------------------

void BM_relu_backward(benchmark::State& state) {
    backward(state, [](const float* x, const float* dy, float* dx, std::size_t n) {
        rectify::relu_backward(std::span(x, n), std::span(dy, n), std::span(dx, n));
    });
}

// What users write today.
void BM_plain_relu_backward_loop(benchmark::State& state) {
    backward(state, [](const float* x, const float* dy, float* dx, std::size_t n) {
        for (std::size_t i = 0; i < n; ++i) {
            dx[i] = x[i] > 0 ? dy[i] : 0.0f;
        }
    });
}

void BM_leaky_relu_backward(benchmark::State& state) {
    backward(state, [](const float* x, const float* dy, float* dx, std::size_t n) {
        rectify::leaky_relu_backward(std::span(x, n), std::span(dy, n), std::span(dx, n), alpha);
    });
}

}  // namespace

BENCHMARK(BM_memcpy)->Apply(sizes);
BENCHMARK(BM_relu)->Apply(sizes);
BENCHMARK(BM_relu_inplace)->Apply(sizes);
BENCHMARK(BM_plain_max_loop)->Apply(sizes);
BENCHMARK(BM_leaky_relu)->Apply(sizes);
BENCHMARK(BM_leaky_relu_inplace)->Apply(sizes);
BENCHMARK(BM_plain_leaky_loop)->Apply(sizes);
BENCHMARK(BM_relu_backward)->Apply(sizes);
BENCHMARK(BM_plain_relu_backward_loop)->Apply(sizes);
BENCHMARK(BM_leaky_relu_backward)->Apply(sizes);

BENCHMARK_MAIN();
