// rectify_decisions_bench: the measurements behind two choices in the kernels,
// each beside memcpy of the same bytes in the same run.
//
// BM_streaming/<on|off>/<n>: relu on n floats out of place, with streaming
//   stores for every size (on) or for none (off); the default threshold
//   (RECTIFY_STREAMING_THRESHOLD, 8 MiB of output) comes from these figures.
// BM_offset/<relu|memcpy>/<bytes>: relu and memcpy of 16Ki floats (64 KiB
//   each way, an L2-sized working set) with the output placed <bytes> after
//   the input modulo 4 KiB, which decides whether loads wait on earlier
//   stores whose addresses match in their low 12 bits ("4K aliasing").
//
// Built with CMAKE_BUILD_TYPE=Release and no other flags, as users build.
//
// SPDX-License-Identifier: MIT

#include <rectify/rectify.hpp>

#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <span>

namespace {

struct free_deleter {
    void operator()(void* p) const noexcept { std::free(p); }
};
using buffer = std::unique_ptr<float[], free_deleter>;

// Page-aligned floats, touched once so page faults stay out of the timing.
buffer page_aligned(std::size_t n) {
    const std::size_t bytes = (n * sizeof(float) + 4096 + 4095) / 4096 * 4096;
    buffer b(static_cast<float*>(std::aligned_alloc(4096, bytes)));
    for (std::size_t i = 0; i < bytes / sizeof(float); ++i) {
        b[i] = static_cast<float>(static_cast<int>(i % 7) - 3);
    }
    return b;
}

void count_bytes(benchmark::State& state, std::size_t n) {
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                            static_cast<std::int64_t>(2 * n * sizeof(float)));
    state.SetLabel(rectify::isa_name(rectify::active_isa()));
}

void streaming(benchmark::State& state, bool on) {
    const auto n = static_cast<std::size_t>(state.range(0));
    const buffer in = page_aligned(n), out = page_aligned(n);
    const std::size_t saved = rectify::detail_shared::streaming_threshold.load();
    rectify::detail_shared::streaming_threshold.store(on ? 1 : 0);
    for (auto _ : state) {
        rectify::relu(std::span<const float>(in.get(), n), std::span<float>(out.get(), n));
        benchmark::ClobberMemory();
    }
    rectify::detail_shared::streaming_threshold.store(saved);
    count_bytes(state, n);
}

void memcpy_of(benchmark::State& state) {
    const auto n = static_cast<std::size_t>(state.range(0));
    const buffer in = page_aligned(n), out = page_aligned(n);
    for (auto _ : state) {
        std::memcpy(out.get(), in.get(), n * sizeof(float));
        benchmark::ClobberMemory();
    }
    count_bytes(state, n);
}

void offset(benchmark::State& state, bool relu) {
    constexpr std::size_t n = 16384;
    const auto shift = static_cast<std::size_t>(state.range(0)) / sizeof(float);
    const buffer in = page_aligned(n), out = page_aligned(n + 1024);
    const std::span<const float> x(in.get(), n);
    const std::span<float> y(out.get() + shift, n);
    for (auto _ : state) {
        if (relu) {
            rectify::relu(x, y);
        } else {
            std::memcpy(y.data(), x.data(), n * sizeof(float));
        }
        benchmark::ClobberMemory();
    }
    count_bytes(state, n);
}

void sizes(benchmark::internal::Benchmark* b) {
    for (const int shift : {18, 20, 21, 22, 24, 26}) {
        b->Arg(std::int64_t{1} << shift);  // 256Ki to 64Mi floats: 1 MiB to 256 MiB per array
    }
}

void offsets(benchmark::internal::Benchmark* b) {
    for (const std::int64_t bytes : {0, 16, 64, 256, 1024, 2048, 4032}) {
        b->Arg(bytes);
    }
}

}  // namespace

BENCHMARK_CAPTURE(streaming, on, true)->Apply(sizes)->Name("BM_streaming/on");
BENCHMARK_CAPTURE(streaming, off, false)->Apply(sizes)->Name("BM_streaming/off");
BENCHMARK(memcpy_of)->Apply(sizes)->Name("BM_streaming/memcpy");
BENCHMARK_CAPTURE(offset, relu, true)->Apply(offsets)->Name("BM_offset/relu");
BENCHMARK_CAPTURE(offset, memcpy, false)->Apply(offsets)->Name("BM_offset/memcpy");

BENCHMARK_MAIN();
