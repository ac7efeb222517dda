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
// BM_prelu_layout/<prelu|prelu_backward>/<f32|bf16|f16>/<rule|pattern|runs|memcpy>/16x<inner>x<images>:
//   prelu and prelu_backward, channels first, 16 channels of `inner`
//   elements in `images` images, with the slopes repeated in a pattern, in
//   runs of one channel, or as the rule in the header (prelu_long_runs)
//   chooses, beside memcpy of the bytes the call reads and writes (the rules
//   came from these shapes: inner 32 to 256, 1 to 64 images).
// BM_fp16/<function>/<on|off|memcpy>/<n>: binary16 (rectify::float16_t)
//   span forms on the avx512 kernel with AVX-512 FP16's arithmetic (on, where
//   the CPU has it) and without (off: F16C's conversions and float lanes, or
//   integer keys), beside memcpy of the bytes the call reads and writes; the
//   label says whether the CPU has AVX-512 FP16 (without it, on is off).
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
#include <random>
#include <span>
#include <string>
#include <utility>
#include <vector>


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

// ---- AVX-512 FP16 on and off, binary16 ----------------------------------------

using h16 = rectify::float16_t;

enum class fp16_fn {
    leaky_relu, leaky_relu_backward, hardsigmoid_backward, hardtanh, hardtanh_derivative, hardtanh_backward,
    threshold, threshold_derivative, threshold_backward, hardswish_backward, silu_backward
};

bool is_backward(fp16_fn f) {
    return f == fp16_fn::leaky_relu_backward || f == fp16_fn::hardsigmoid_backward ||
           f == fp16_fn::hardtanh_backward || f == fp16_fn::threshold_backward || f == fp16_fn::hardswish_backward ||
           f == fp16_fn::silu_backward;
}

bool cpu_has_avx512_fp16() {
#if RECTIFY_X86_64
    return rectify::detail::cpuid_bit(7, 0, 3, 23);  // CPUID leaf 7, EDX bit 23
#else
    return false;
#endif
}

// normal(0, 3) numbers, as rectify_bench's inputs.
std::vector<h16> normal_halves(std::size_t n, unsigned seed) {
    std::mt19937 engine(seed);
    std::normal_distribution<float> d(0.0F, 3.0F);
    std::vector<h16> v(n);
    for (h16& e : v) {
        e = h16(d(engine));
    }
    return v;
}

void fp16_call(fp16_fn f, const std::vector<h16>& x, const std::vector<h16>& dy, std::vector<h16>& out) {
    const h16 alpha(0.01F);
    switch (f) {
        case fp16_fn::leaky_relu: return rectify::leaky_relu(x, out, alpha);
        case fp16_fn::leaky_relu_backward: return rectify::leaky_relu_backward(x, dy, out, alpha);
        case fp16_fn::hardsigmoid_backward: return rectify::hardsigmoid_backward(x, dy, out);
        case fp16_fn::hardtanh: return rectify::hardtanh(x, out);
        case fp16_fn::hardtanh_derivative: return rectify::hardtanh_derivative(x, out);
        case fp16_fn::hardtanh_backward: return rectify::hardtanh_backward(x, dy, out);
        case fp16_fn::threshold: return rectify::threshold(x, out, h16(0.5F), h16(-2.0F));
        case fp16_fn::threshold_derivative: return rectify::threshold_derivative(x, out, h16(0.5F));
        case fp16_fn::threshold_backward: return rectify::threshold_backward(x, dy, out, h16(0.5F));
        case fp16_fn::hardswish_backward: return rectify::hardswish_backward(x, dy, out);
        case fp16_fn::silu_backward: return rectify::silu_backward(x, dy, out);
    }
}

// mode: 1 on, 0 off, -1 memcpy of the bytes f reads and writes.
void fp16(benchmark::State& state, fp16_fn f, int mode) {
    const auto n = static_cast<std::size_t>(state.range(0));
    const std::vector<h16> x = normal_halves(n, 1);
    const std::vector<h16> dy = normal_halves(n, 2);
    std::vector<h16> out(n);
    const std::size_t arrays = is_backward(f) ? 3 : 2;
    std::vector<h16> copy(arrays * n / 2);  // memcpy reads and writes as many bytes as f
    const std::vector<h16> from(copy.size());
    const int saved = rectify::detail_shared::half_fp16_instructions.load();
    rectify::detail_shared::half_fp16_instructions.store(mode > 0 ? 1 : 0);
    if (mode >= 0) {
        fp16_call(f, x, dy, out);  // any table is made here, before the timing
    }
    for (auto _ : state) {
        if (mode >= 0) {
            fp16_call(f, x, dy, out);
        } else {
            std::memcpy(copy.data(), from.data(), copy.size() * sizeof(h16));
        }
        benchmark::ClobberMemory();
    }
    rectify::detail_shared::half_fp16_instructions.store(saved);
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                            static_cast<std::int64_t>(arrays * n * sizeof(h16)));
    state.SetLabel(std::string(rectify::isa_name(rectify::active_isa())) +
                   (cpu_has_avx512_fp16() ? ", AVX-512 FP16" : ", no AVX-512 FP16: on is off"));
}

// prelu (backward: prelu_backward) on 16 channels of `inner` in `images`
// images, channels first, the slopes laid out as `layout` says
// (detail_shared::prelu_layout: -1 the rule, 0 the pattern, 1 runs; -2:
// memcpy of the bytes the call reads and writes).
template <class T>
void prelu_layout(benchmark::State& state, bool backward, int layout, std::size_t inner, std::size_t images) {
    constexpr std::size_t channels = 16;
    const std::size_t n = channels * inner * images;
    std::mt19937 engine(7);
    std::uniform_real_distribution<float> d(-1.0F, 1.0F);
    std::vector<T> x(n), dy(n), out(n), slopes(channels), grads(channels);
    for (std::size_t i = 0; i < n; ++i) {
        x[i] = T(d(engine));
        dy[i] = T(d(engine));
    }
    for (std::size_t c = 0; c < channels; ++c) {
        slopes[c] = T(0.01F * static_cast<float>(c + 1));
    }
    const std::size_t arrays = backward ? 3 : 2;
    std::vector<unsigned char> copy(arrays * n * sizeof(T) / 2);
    const std::vector<unsigned char> from(copy.size());
    const int saved = rectify::detail_shared::prelu_layout.load();
    rectify::detail_shared::prelu_layout.store(layout < -1 ? -1 : layout);
    const rectify::channels_first shape{inner};
    const auto call = [&] {
        if (layout < -1) {
            std::memcpy(copy.data(), from.data(), copy.size());
        } else if (backward) {
            rectify::prelu_backward(x, dy, slopes, out, grads, shape);
        } else {
            rectify::prelu(x, out, slopes, shape);
        }
    };
    call();
    for (auto _ : state) {
        call();
        benchmark::DoNotOptimize(out.data());
        benchmark::ClobberMemory();
    }
    rectify::detail_shared::prelu_layout.store(saved);
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                            static_cast<std::int64_t>(arrays * n * sizeof(T)));
    state.SetLabel(rectify::isa_name(rectify::active_isa()));
}

void fp16_sizes(benchmark::internal::Benchmark* b) {
    for (const int shift : {10, 18, 22}) {
        b->Arg(std::int64_t{1} << shift);  // 1Ki, 256Ki, 4Mi
    }
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

// NOLINTBEGIN(cert-err58-cpp): registration at start-up, as BENCHMARK does
const bool fp16_registered = [] {
    const std::pair<fp16_fn, const char*> functions[] = {
        {fp16_fn::leaky_relu, "leaky_relu"},
        {fp16_fn::leaky_relu_backward, "leaky_relu_backward"},
        {fp16_fn::hardsigmoid_backward, "hardsigmoid_backward"},
        {fp16_fn::hardtanh, "hardtanh"},
        {fp16_fn::hardtanh_derivative, "hardtanh_derivative"},
        {fp16_fn::hardtanh_backward, "hardtanh_backward"},
        {fp16_fn::threshold, "threshold"},
        {fp16_fn::threshold_derivative, "threshold_derivative"},
        {fp16_fn::threshold_backward, "threshold_backward"},
        {fp16_fn::hardswish_backward, "hardswish_backward"},
        {fp16_fn::silu_backward, "silu_backward"}};
    for (const auto& [f, name] : functions) {
        for (const auto& [mode, how] : {std::pair{1, "on"}, std::pair{0, "off"}, std::pair{-1, "memcpy"}}) {
            const std::string full = std::string("BM_fp16/") + name + "/" + how;
            benchmark::RegisterBenchmark(full.c_str(), [f, mode](benchmark::State& state) { fp16(state, f, mode); })
                ->Apply(fp16_sizes);
        }
    }
    return true;
}();

template <class T>
void register_prelu_layouts(const char* type) {
    for (const std::size_t inner : {32U, 48U, 64U, 96U, 128U, 196U, 256U}) {
        for (const std::size_t images : {1U, 2U, 4U, 8U, 16U, 64U}) {
            const std::string shape = "/16x" + std::to_string(inner) + "x" + std::to_string(images);
            for (const bool backward : {false, true}) {
                for (const auto& [layout, how] :
                     {std::pair{-1, "rule"}, std::pair{0, "pattern"}, std::pair{1, "runs"}, std::pair{-2, "memcpy"}}) {
                    const std::string full = std::string("BM_prelu_layout/") +
                                             (backward ? "prelu_backward/" : "prelu/") + type + "/" + how + shape;
                    benchmark::RegisterBenchmark(full.c_str(), [=](benchmark::State& state) {
                        prelu_layout<T>(state, backward, layout, inner, images);
                    });
                }
            }
        }
    }
}
const bool prelu_layouts_registered = [] {
    register_prelu_layouts<float>("f32");
    register_prelu_layouts<rectify::bfloat16_t>("bf16");
    register_prelu_layouts<rectify::float16_t>("f16");
    return true;
}();
// NOLINTEND(cert-err58-cpp)

BENCHMARK_MAIN();
