// rectify_prelu_bench: throughput of prelu and prelu_backward (float,
// bfloat16, float16) beside memcpy of the same bytes (the limit), rectify's
// leaky_relu span forms (the same work with one slope and, for the backward
// pass, no slope gradient) and oneDNN's prelu primitives where oneDNN was
// found and has the type, in one run.
//
// Benchmark names: BM_<function>/<impl>/<type>/<layout>/<n>
//   function  memcpy, leaky_relu, leaky_relu_backward, prelu, prelu_backward
//   impl      rectify, libc (memcpy), onednn
//   type      f32, bf16 (rectify::bfloat16_t), f16 (rectify::float16_t)
//   layout    last64 (channels last, C = 64: an [n / 64, 64] matrix or NHWC),
//             first64x1024 (channels first, C = 64, inner = 1024 = 32 x 32:
//             NCHW; from 64Ki elements, one image), first16x64 (channels
//             first, C = 16, inner = 64 = 8 x 8: a small feature map; from
//             1Ki, one image), or flat for the functions without channels
//   n         elements per array: 1024, 16384, 262144, 4194304
// bytes_per_second counts every array byte read and written: 2 arrays for
// memcpy and the forward passes, 3 for a backward pass (x and grad_out read,
// grad_in written); the slopes and their gradients are not counted. Each
// benchmark gets fresh 64-byte aligned arrays (x, dy uniform in [-1, 1)),
// one untimed pass first, and out of place. The data hold no zeros, where the
// libraries' conventions differ (docs/relu.md#prelu). rectify's prelu_backward includes
// its exact slope gradient; oneDNN's computes a float sum in its own order.
// Before timing, oneDNN's grad_in and out are compared with rectify's and a
// mismatch is reported as an error; a type oneDNN has no primitive for on
// this CPU is reported as skipped.
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
#include <type_traits>
#include <vector>

namespace {

using rectify_bench_prelu::Shape;
using rectify_bench_prelu::Type;

template <class T>
struct Free {
    void operator()(T* p) const noexcept { ::operator delete[](static_cast<void*>(p), std::align_val_t{64}); }
};
template <class T>
using Array = std::unique_ptr<T[], Free<T>>;

template <class T>
Array<T> make_array(std::size_t n, unsigned seed) {
    Array<T> a(static_cast<T*>(::operator new[](n * sizeof(T), std::align_val_t{64})));
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> u(-1.0f, 1.0f);
    for (std::size_t i = 0; i < n; ++i) {
        const auto v = static_cast<T>(u(rng));
        a[i] = static_cast<float>(v) == 0.0f ? static_cast<T>(0.5f) : v;  // no zeros: at x == 0 oneDNN's gradient is slope * dy, rectify's dy
    }
    return a;
}

template <class T>
struct Data {
    std::size_t n;
    Array<T> x, dy, out, reference;
    std::vector<T> slopes, grad_slopes;
    explicit Data(std::size_t size, std::size_t channels)
        : n(size), x(make_array<T>(size, 1)), dy(make_array<T>(size, 2)), out(make_array<T>(size, 3)),
          reference(make_array<T>(size, 4)), slopes(channels), grad_slopes(channels) {
        for (std::size_t c = 0; c < channels; ++c) {
            slopes[c] = static_cast<T>(0.01f + 0.25f * static_cast<float>(c % 4));
        }
    }
    [[nodiscard]] std::span<const T> xs() const { return {x.get(), n}; }
    [[nodiscard]] std::span<const T> dys() const { return {dy.get(), n}; }
    [[nodiscard]] std::span<T> outs() const { return {out.get(), n}; }
};

enum class Layout { flat, last64, first64x1024, first16x64 };

template <class T>
constexpr Type type_of() {
    if constexpr (std::is_same_v<T, rectify::bfloat16_t>) {
        return Type::bf16;
    } else if constexpr (std::is_same_v<T, rectify::float16_t>) {
        return Type::f16;
    } else {
        return Type::f32;
    }
}

template <class T>
Shape shape_of(Layout layout, std::size_t n) {
    if (layout == Layout::first64x1024) {
        return Shape{n, 64, 1024, true, type_of<T>()};
    }
    if (layout == Layout::first16x64) {
        return Shape{n, 16, 64, true, type_of<T>()};
    }
    return Shape{n, 64, 1, false, type_of<T>()};
}

template <class T>
void rectify_prelu(const Data<T>& d, Shape s, bool backward) {
    auto slopes = std::span<const T>(d.slopes);
    auto grad_slopes = std::span<T>(const_cast<T*>(d.grad_slopes.data()), d.grad_slopes.size());
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

template <class T>
void add(const std::string& name, std::size_t n, int arrays, Layout layout, bool backward, int what) {
    benchmark::RegisterBenchmark(name.c_str(), [=](benchmark::State& state) {
        const Shape s = shape_of<T>(layout, n);
        Data<T> d(n, s.channels);
        std::unique_ptr<rectify_bench_prelu::Runner> peer;
#if defined(RECTIFY_BENCH_HAS_ONEDNN_PRELU)
        if (what == 2) {
            peer = rectify_bench_prelu_onednn(backward, s,
                                              {d.x.get(), d.dy.get(), d.slopes.data(), d.out.get(), d.grad_slopes.data()});
            if (peer == nullptr) {
                state.SkipWithError("oneDNN has no prelu primitive for this type on this CPU");
                return;
            }
            state.SetLabel(peer->label);
            peer->run();
            // The same grad_in / out as rectify's.
            Data<T> r(n, s.channels);
            std::memcpy(static_cast<void*>(r.x.get()), d.x.get(), n * sizeof(T));
            std::memcpy(static_cast<void*>(r.dy.get()), d.dy.get(), n * sizeof(T));
            rectify_prelu(r, s, backward);
            if (std::memcmp(r.out.get(), d.out.get(), n * sizeof(T)) != 0) {
                state.SkipWithError("oneDNN's output differs from rectify's");
                return;
            }
        }
#endif
        const auto pass = [&] {
            switch (what) {
                case 0:
                    std::memcpy(static_cast<void*>(d.out.get()), d.x.get(), n * sizeof(T));
                    break;
                case 1:
                    if (layout == Layout::flat) {
                        if (backward) {
                            rectify::leaky_relu_backward(d.xs(), d.dys(), d.outs(), static_cast<T>(0.01f));
                        } else {
                            rectify::leaky_relu(d.xs(), d.outs(), static_cast<T>(0.01f));
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
                                static_cast<std::int64_t>(n * sizeof(T)));
    })->UseRealTime();
}

template <class T>
void add_type(const std::string& type, std::size_t n) {
    const std::string tail = "/" + type + "/";
    std::string size = "/";  // (GCC 12 reports a false -Wrestrict for "/" + std::to_string(n))
    size.append(std::to_string(n));
    add<T>("BM_memcpy/libc" + tail + "flat" + size, n, 2, Layout::flat, false, 0);
    add<T>("BM_leaky_relu/rectify" + tail + "flat" + size, n, 2, Layout::flat, false, 1);
    add<T>("BM_leaky_relu_backward/rectify" + tail + "flat" + size, n, 3, Layout::flat, true, 1);
    for (const Layout layout : {Layout::last64, Layout::first64x1024, Layout::first16x64}) {
        if ((layout == Layout::first64x1024 && n % (64 * 1024) != 0) ||
            (layout == Layout::first16x64 && n > (std::size_t{1} << 14))) {
            continue;  // not whole images; small feature maps at small sizes only
        }
        const std::string l =
            layout == Layout::last64 ? "last64" : (layout == Layout::first64x1024 ? "first64x1024" : "first16x64");
        for (const bool backward : {false, true}) {
            const std::string f = backward ? "BM_prelu_backward/" : "BM_prelu/";
            const int arrays = backward ? 3 : 2;
            add<T>(f + "rectify" + tail + l + size, n, arrays, layout, backward, 1);
#if defined(RECTIFY_BENCH_HAS_ONEDNN_PRELU)
            add<T>(f + "onednn" + tail + l + size, n, arrays, layout, backward, 2);
#endif
        }
    }
}

}  // namespace

int main(int argc, char** argv) {
    for (const std::size_t n :
         {std::size_t{1} << 10, std::size_t{1} << 14, std::size_t{1} << 18, std::size_t{1} << 22}) {
        add_type<float>("f32", n);
        add_type<rectify::bfloat16_t>("bf16", n);
        add_type<rectify::float16_t>("f16", n);
    }
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) {
        return 1;
    }
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
