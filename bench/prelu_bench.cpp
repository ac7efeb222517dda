// rectify_prelu_bench: throughput of prelu and prelu_backward (float) beside
// memcpy of the same bytes (the limit), rectify's leaky_relu span forms (the
// same work with one slope and, for the backward pass, no slope gradient) and
// oneDNN's prelu primitives where oneDNN was found, in one run.
//
// Benchmark names: BM_<function>/<impl>/f32/<layout>/<n>
//   function  memcpy, leaky_relu, leaky_relu_backward, prelu, prelu_backward
//   impl      rectify, libc (memcpy), onednn
//   layout    last64 (channels last, C = 64: an [n / 64, 64] matrix or NHWC),
//             first64x1024 (channels first, C = 64, inner = 1024 = 32 x 32:
//             NCHW), or flat for the functions without channels
//   n         elements per array: 16384, 262144, 4194304
// bytes_per_second counts every array byte read and written: 2 arrays for
// memcpy and the forward passes, 3 for a backward pass (x and grad_out read,
// grad_in written); the 64 slopes and their gradients are not counted. Each
// benchmark gets fresh 64-byte aligned arrays (x, dy uniform in [-1, 1)),
// one untimed pass first, and out of place. The data hold no zeros, where the
// libraries' conventions differ (docs/relu.md#prelu). rectify's prelu_backward includes
// its exact slope gradient; oneDNN's computes a float sum in its own order.
// Before timing, oneDNN's grad_in and out are compared with rectify's and a
// mismatch is reported as an error.
//
// Built with CMAKE_BUILD_TYPE=Release and no other flags, as users build.
//
// SPDX-License-Identifier: MIT

#include "prelu_peer.hpp"

#include <rectify/rectify.hpp>

#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <random>
#include <span>
#include <string>
#include <vector>

namespace {

using rectify_bench_prelu::Shape;

struct Free {
    void operator()(float* p) const noexcept { ::operator delete[](p, std::align_val_t{64}); }
};
using Array = std::unique_ptr<float[], Free>;

Array make_array(std::size_t n, unsigned seed) {
    Array a(static_cast<float*>(::operator new[](n * sizeof(float), std::align_val_t{64})));
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> u(-1.0f, 1.0f);
    for (std::size_t i = 0; i < n; ++i) {
        const float v = u(rng);
        a[i] = v == 0.0f ? 0.5f : v;  // no zeros: at x == 0 oneDNN's gradient is slope * dy, rectify's dy
    }
    return a;
}

struct Data {
    std::size_t n;
    Array x, dy, out, reference;
    std::vector<float> slopes, grad_slopes;
    explicit Data(std::size_t size, std::size_t channels)
        : n(size), x(make_array(size, 1)), dy(make_array(size, 2)), out(make_array(size, 3)),
          reference(make_array(size, 4)), slopes(channels), grad_slopes(channels) {
        for (std::size_t c = 0; c < channels; ++c) {
            slopes[c] = 0.01f + 0.25f * static_cast<float>(c % 4);
        }
    }
    [[nodiscard]] std::span<const float> xs() const { return {x.get(), n}; }
    [[nodiscard]] std::span<const float> dys() const { return {dy.get(), n}; }
    [[nodiscard]] std::span<float> outs() const { return {out.get(), n}; }
};

enum class Layout { flat, last64, first64x1024 };

Shape shape_of(Layout layout, std::size_t n) {
    return layout == Layout::first64x1024 ? Shape{n, 64, 1024, true} : Shape{n, 64, 1, false};
}

void rectify_prelu(const Data& d, Shape s, bool backward) {
    auto slopes = std::span<const float>(d.slopes);
    auto grad_slopes = std::span<float>(const_cast<float*>(d.grad_slopes.data()), d.grad_slopes.size());
    if (s.channels_first) {
        if (backward) {
            rectify::prelu_backward(d.xs(), d.dys(), slopes, d.outs(), grad_slopes, rectify::channels_first{s.inner});
        } else {
            rectify::prelu(d.xs(), d.outs(), slopes, rectify::channels_first{s.inner});
        }
    } else if (backward) {
        rectify::prelu_backward(d.xs(), d.dys(), slopes, d.outs(), grad_slopes);
    } else {
        rectify::prelu(d.xs(), d.outs(), slopes);
    }
}

void add(const std::string& name, std::size_t n, int arrays, Layout layout, bool backward, int what) {
    benchmark::RegisterBenchmark(name.c_str(), [=](benchmark::State& state) {
        Data d(n, 64);
        const Shape s = shape_of(layout, n);
        std::unique_ptr<rectify_bench_prelu::Runner> peer;
#if defined(RECTIFY_BENCH_HAS_ONEDNN_PRELU)
        if (what == 2) {
            peer = rectify_bench_prelu_onednn(backward, s,
                                              {d.x.get(), d.dy.get(), d.slopes.data(), d.out.get(), d.grad_slopes.data()});
            state.SetLabel(peer->label);
            peer->run();
            // The same grad_in / out as rectify's.
            Data r(n, 64);
            std::memcpy(r.x.get(), d.x.get(), n * sizeof(float));
            std::memcpy(r.dy.get(), d.dy.get(), n * sizeof(float));
            rectify_prelu(r, s, backward);
            if (std::memcmp(r.out.get(), d.out.get(), n * sizeof(float)) != 0) {
                state.SkipWithError("oneDNN's output differs from rectify's");
                return;
            }
        }
#endif
        const auto pass = [&] {
            switch (what) {
                case 0:
                    std::memcpy(d.out.get(), d.x.get(), n * sizeof(float));
                    break;
                case 1:
                    if (layout == Layout::flat) {
                        if (backward) {
                            rectify::leaky_relu_backward(d.xs(), d.dys(), d.outs(), 0.01f);
                        } else {
                            rectify::leaky_relu(d.xs(), d.outs(), 0.01f);
                        }
                    } else {
                        rectify_prelu(d, s, backward);
                    }
                    break;
                default:
                    peer->run();
                    break;
            }
        };
        pass();
        for (auto _ : state) {
            pass();
            benchmark::DoNotOptimize(d.out.get());
            benchmark::ClobberMemory();
        }
        state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * arrays *
                                static_cast<std::int64_t>(n * sizeof(float)));
    })->UseRealTime();
}

}  // namespace

int main(int argc, char** argv) {
    for (const std::size_t n : {std::size_t{1} << 14, std::size_t{1} << 18, std::size_t{1} << 22}) {
        const std::string tail = "/f32/";
        std::string size = "/";  // (GCC 12 reports a false -Wrestrict for "/" + std::to_string(n))
        size.append(std::to_string(n));
        add("BM_memcpy/libc" + tail + "flat" + size, n, 2, Layout::flat, false, 0);
        add("BM_leaky_relu/rectify" + tail + "flat" + size, n, 2, Layout::flat, false, 1);
        add("BM_leaky_relu_backward/rectify" + tail + "flat" + size, n, 3, Layout::flat, true, 1);
        for (const Layout layout : {Layout::last64, Layout::first64x1024}) {
            const std::string l = layout == Layout::last64 ? "last64" : "first64x1024";
            for (const bool backward : {false, true}) {
                const std::string f = backward ? "BM_prelu_backward/" : "BM_prelu/";
                const int arrays = backward ? 3 : 2;
                add(f + "rectify" + tail + l + size, n, arrays, layout, backward, 1);
#if defined(RECTIFY_BENCH_HAS_ONEDNN_PRELU)
                add(f + "onednn" + tail + l + size, n, arrays, layout, backward, 2);
#endif
            }
        }
    }
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) {
        return 1;
    }
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
