// rectify's span forms on 1 and 2 threads (the policy forms, on oneTBB),
// beside memcpy of the same bytes (one thread, and two through the same
// parallel algorithm) and the peers that split element-wise ops over threads
// themselves: libtorch and oneDNN at the same thread counts, each a shared
// library of its own (parallel_peer.hpp), found by CMake where installed.
//
//   BM_par/<impl>/<function>/<place>/<threads>/<n>
//     impl      rectify, memcpy, torch, onednn
//     function  relu, leaky_relu (alpha 0.01), gelu, silu; memcpy: copy
//     place     out (a separate output) or inplace (the output is x; memcpy: out)
//     threads   1 or 2: rectify 1 is the call without a policy, 2 is
//               std::execution::par_unseq under tbb::global_control(2);
//               the peers' own thread settings
//     n         floats, 256Ki to 64Mi
// In place, leaky_relu, gelu and silu get x back (untimed, by memcpy on one
// thread for every implementation: a TBB copy would leave TBB's threads
// spinning beside the peers' OpenMP ones) before each pass: run over their own output
// again and again, the data sink to subnormals and zero (on the Sapphire
// Rapids class VM, in place gelu and silu then ran at 0.6 to 1.4 GB/s for
// rectify and both peers alike: the microcode assists of subnormal
// arithmetic). relu's data are its own fixed point after the first pass.
// bytes_per_second counts the bytes read and written (2n floats). Before a
// rectify benchmark is timed, its parallel result is checked against the
// sequential call's, bit for bit. Run one impl per process
// (--benchmark_filter=BM_par/rectify/...): OpenMP's and TBB's idle threads
// spin for a while after their work, and on two cores they would slow the
// other runtime's benchmarks.
//
// SPDX-License-Identifier: MIT
#include <execution>

#include <rectify/rectify.hpp>

#include "parallel_peer.hpp"

#include <benchmark/benchmark.h>
#include <tbb/global_control.h>

#include <algorithm>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <vector>

using rectify_parallel_bench::fn;
using rectify_parallel_bench::peer;

#define RECTIFY_PARALLEL_PEER(name) RECTIFY_BENCH_EXPORT peer name();
#include "rectify_parallel_peers.inc"
#undef RECTIFY_PARALLEL_PEER

namespace {

bool any_check_failed = false;  // the exit status: a smoke run in CI fails on a wrong result

struct free_deleter {
    void operator()(float* p) const noexcept { std::free(p); }
};
using array = std::unique_ptr<float[], free_deleter>;

array allocate(std::size_t n) {
    // 64-byte aligned, as a tensor library's allocations are.
    const std::size_t bytes = (n * sizeof(float) + 63) / 64 * 64;
    return array(static_cast<float*>(std::aligned_alloc(64, bytes)));
}

void fill(float* x, std::size_t n) {
    std::mt19937 gen(42);
    std::normal_distribution<float> normal(0.0f, 3.0f);
    for (std::size_t i = 0; i < n; ++i) {
        x[i] = normal(gen);
    }
}

const char* fn_name(fn f) {
    switch (f) {
        case fn::relu: return "relu";
        case fn::leaky_relu: return "leaky_relu";
        case fn::gelu: return "gelu";
        case fn::silu: return "silu";
    }
    return "?";
}

// rectify's call: the sequential span form, or policy p first.
template <class... P>
void rectify_run(fn f, const float* x, float* out, std::size_t n, const P&... p) {
    const std::span<const float> in(x, n);
    const std::span<float> o(out, n);
    const bool in_place = x == out;
    switch (f) {
        case fn::relu: in_place ? rectify::relu(p..., o) : rectify::relu(p..., in, o); break;
        case fn::leaky_relu: in_place ? rectify::leaky_relu(p..., o) : rectify::leaky_relu(p..., in, o); break;
        case fn::gelu: in_place ? rectify::gelu(p..., o) : rectify::gelu(p..., in, o); break;
        case fn::silu: in_place ? rectify::silu(p..., o) : rectify::silu(p..., in, o); break;
    }
}

// memcpy on two threads: 64 KiB chunks through the same parallel algorithm.
void parallel_memcpy(float* out, const float* x, std::size_t n) {
    constexpr std::size_t grid = 16384;
    std::vector<std::size_t> chunks((n + grid - 1) / grid);
    for (std::size_t k = 0; k < chunks.size(); ++k) {
        chunks[k] = k;
    }
    std::for_each(std::execution::par_unseq, chunks.begin(), chunks.end(), [=](std::size_t k) {
        const std::size_t first = k * grid;
        std::memcpy(out + first, x + first, std::min(grid, n - first) * sizeof(float));
    });
}

bool same_bits(const float* a, const float* b, std::size_t n) {
    return std::memcmp(a, b, n * sizeof(float)) == 0;
}

void run(benchmark::State& state, const std::string& impl, const peer* other, fn f, bool in_place, int threads) {
    const auto n = static_cast<std::size_t>(state.range(0));
    array x = allocate(n);
    array out = allocate(n);
    fill(x.get(), n);
    std::memset(out.get(), 0, n * sizeof(float));
    float* dst = in_place ? x.get() : out.get();
    const tbb::global_control most(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
    if (other != nullptr) {
        other->set_threads(threads);
    }
    if (impl == "rectify" && !in_place) {
        array expected = allocate(n);
        rectify_run(f, x.get(), expected.get(), n);
        rectify_run(f, x.get(), out.get(), n, std::execution::par_unseq);
        if (!same_bits(expected.get(), out.get(), n)) {
            any_check_failed = true;
            state.SkipWithError("the parallel result differs from the sequential one");
            return;
        }
    }
    const bool restore = in_place && f != fn::relu;
    array pristine = allocate(restore ? n : 1);
    if (restore) {
        std::memcpy(pristine.get(), x.get(), n * sizeof(float));
    }
    for (auto _ : state) {
        if (restore) {
            state.PauseTiming();
            std::memcpy(x.get(), pristine.get(), n * sizeof(float));
            state.ResumeTiming();
        }
        if (impl == "memcpy") {
            if (threads == 1) {
                std::memcpy(out.get(), x.get(), n * sizeof(float));
            } else {
                parallel_memcpy(out.get(), x.get(), n);
            }
        } else if (impl == "rectify") {
            if (threads == 1) {
                rectify_run(f, x.get(), dst, n);
            } else {
                rectify_run(f, x.get(), dst, n, std::execution::par_unseq);
            }
        } else {
            other->run(f, x.get(), dst, n);
        }
        benchmark::ClobberMemory();
    }
    state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(2 * n * sizeof(float)));
    if (impl == "rectify") {
        state.SetLabel(std::string("rectify, ") + rectify::isa_name(rectify::active_isa()));
    } else if (other != nullptr) {
        state.SetLabel(other->label());
    }
}

void add(const std::string& impl, const peer* other, fn f, bool in_place, int threads) {
    const std::string name = "BM_par/" + impl + "/" + (impl == "memcpy" ? "copy" : fn_name(f)) + "/" +
                             (in_place ? "inplace" : "out") + "/" + std::to_string(threads);
    benchmark::RegisterBenchmark(name.c_str(), [=](benchmark::State& state) {
        run(state, impl, other, f, in_place, threads);
    })->RangeMultiplier(4)->Range(std::int64_t{1} << 18, std::int64_t{1} << 26)->UseRealTime()->Unit(benchmark::kMicrosecond);
}

// The measurement behind the cutoffs: the sequential call (threads 1) and the
// policy form splitting at every length (threads 2), 4Ki to 1Mi floats.
void add_split(fn f, int threads) {
    const std::string name = std::string("BM_split/rectify/") + fn_name(f) + "/out/" + std::to_string(threads);
    benchmark::RegisterBenchmark(name.c_str(), [=](benchmark::State& state) {
        const std::size_t saved = rectify::detail_shared::parallel_cutoff.exchange(0);
        run(state, "rectify", nullptr, f, false, threads);
        rectify::detail_shared::parallel_cutoff.store(saved);
    })->RangeMultiplier(2)->Range(std::int64_t{1} << 12, std::int64_t{1} << 20)->UseRealTime()->Unit(benchmark::kMicrosecond);
}

}  // namespace

int main(int argc, char** argv) {
    static std::vector<peer> peers;
#define RECTIFY_PARALLEL_PEER(name) peers.push_back(name());
#include "rectify_parallel_peers.inc"
#undef RECTIFY_PARALLEL_PEER
    for (const int threads : {1, 2}) {
        add("memcpy", nullptr, fn::relu, false, threads);
        for (const fn f : {fn::relu, fn::leaky_relu, fn::gelu, fn::silu}) {
            for (const bool in_place : {false, true}) {
                add("rectify", nullptr, f, in_place, threads);
                for (const peer& p : peers) {
                    add(p.name, &p, f, in_place, threads);
                }
            }
        }
    }
    for (const fn f : {fn::relu, fn::gelu}) {
        add_split(f, 1);
        add_split(f, 2);
    }
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return any_check_failed ? 1 : 0;
}
