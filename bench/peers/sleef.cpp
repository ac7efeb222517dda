// Peer: SLEEF 3.5 (Debian's libsleef-dev), its 1-ulp vector functions
// (exp, expm1, tanh, erf, log1p: the _u10 ones) composed into each smooth
// function the way a user would (sleef_compose.inc, the formulas of
// smooth_loops.hpp), every form of every function, f32 and f64. The vector
// width is chosen once, at run time, with __builtin_cpu_supports, as SLEEF's
// own dispatchers do: AVX-512F (Sleef_expf16_u10avx512f, ...), else AVX2 with
// FMA (Sleef_expf8_u10avx2), else SSE4.1 (Sleef_expf4_u10sse4), else SSE2.
// Each set's code is compiled for that set by a target region, so the file
// needs no -m flag (the library's other code is baseline x86-64). x86-64 only.
//
// SLEEF's functions are within 1 ulp each; the compositions are not, and
// differ from rectify at the edges: silu(-inf) = -inf / inf = NaN (rectify:
// -0), gelu for x below about -5 loses all its digits to 1 + erf(x) (rectify:
// the correctly rounded tail), and so on: rectify_accuracy measures it.
//
// SPDX-License-Identifier: MIT

#include "peer.hpp"

#include <sleef.h>

#include <immintrin.h>

#include <cstddef>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#if !defined(__x86_64__)
#    error "the SLEEF peer composes SLEEF's x86-64 vector functions"
#endif

namespace {

// Each instruction set's compositions, float and double. The names of SLEEF's
// functions are pasted from a suffix: Sleef_exp ## f16_u10avx512f. sleef.h
// declares the AVX and AVX-512 ones only where the file is compiled with
// -mavx / -mavx512f, so they are declared again here (the same C functions)
// inside the region compiled for their set.
#define RECTIFY_SLEEF_FUNCTIONS(VEC, SFX)                     \
    extern "C" VEC Sleef_exp##SFX(VEC);          \
    extern "C" VEC Sleef_expm1##SFX(VEC);        \
    extern "C" VEC Sleef_tanh##SFX(VEC);         \
    extern "C" VEC Sleef_erf##SFX(VEC);          \
    extern "C" VEC Sleef_log1p##SFX(VEC);        \
    inline VEC v_exp(VEC x) { return Sleef_exp##SFX(x); }     \
    inline VEC v_expm1(VEC x) { return Sleef_expm1##SFX(x); } \
    inline VEC v_tanh(VEC x) { return Sleef_tanh##SFX(x); }   \
    inline VEC v_erf(VEC x) { return Sleef_erf##SFX(x); }     \
    inline VEC v_log1p(VEC x) { return Sleef_log1p##SFX(x); }

#if defined(__clang__)
#    pragma clang attribute push(__attribute__((target("avx512f,avx512dq,avx2,fma"))), apply_to = function)
#else
#    pragma GCC push_options
#    pragma GCC target("avx512f,avx512dq,avx2,fma")
#endif
namespace avx512_f32 {
using S = float;
using V = __m512;
constexpr std::size_t lanes = 16;
RECTIFY_SLEEF_FUNCTIONS(V, f16_u10avx512f)
#include "sleef_compose.inc"
}  // namespace avx512_f32
namespace avx512_f64 {
using S = double;
using V = __m512d;
constexpr std::size_t lanes = 8;
RECTIFY_SLEEF_FUNCTIONS(V, d8_u10avx512f)
#include "sleef_compose.inc"
}  // namespace avx512_f64
#if defined(__clang__)
#    pragma clang attribute pop
#else
#    pragma GCC pop_options
#endif

#if defined(__clang__)
#    pragma clang attribute push(__attribute__((target("avx2,fma"))), apply_to = function)
#else
#    pragma GCC push_options
#    pragma GCC target("avx2,fma")
#endif
namespace avx2_f32 {
using S = float;
using V = __m256;
constexpr std::size_t lanes = 8;
RECTIFY_SLEEF_FUNCTIONS(V, f8_u10avx2)
#include "sleef_compose.inc"
}  // namespace avx2_f32
namespace avx2_f64 {
using S = double;
using V = __m256d;
constexpr std::size_t lanes = 4;
RECTIFY_SLEEF_FUNCTIONS(V, d4_u10avx2)
#include "sleef_compose.inc"
}  // namespace avx2_f64
#if defined(__clang__)
#    pragma clang attribute pop
#else
#    pragma GCC pop_options
#endif

#if defined(__clang__)
#    pragma clang attribute push(__attribute__((target("sse4.1"))), apply_to = function)
#else
#    pragma GCC push_options
#    pragma GCC target("sse4.1")
#endif
namespace sse4_f32 {
using S = float;
using V = __m128;
constexpr std::size_t lanes = 4;
RECTIFY_SLEEF_FUNCTIONS(V, f4_u10sse4)
#include "sleef_compose.inc"
}  // namespace sse4_f32
namespace sse4_f64 {
using S = double;
using V = __m128d;
constexpr std::size_t lanes = 2;
RECTIFY_SLEEF_FUNCTIONS(V, d2_u10sse4)
#include "sleef_compose.inc"
}  // namespace sse4_f64
#if defined(__clang__)
#    pragma clang attribute pop
#else
#    pragma GCC pop_options
#endif

namespace sse2_f32 {
using S = float;
using V = __m128;
constexpr std::size_t lanes = 4;
RECTIFY_SLEEF_FUNCTIONS(V, f4_u10sse2)
#include "sleef_compose.inc"
}  // namespace sse2_f32
namespace sse2_f64 {
using S = double;
using V = __m128d;
constexpr std::size_t lanes = 2;
RECTIFY_SLEEF_FUNCTIONS(V, d2_u10sse2)
#include "sleef_compose.inc"
}  // namespace sse2_f64

#undef RECTIFY_SLEEF_FUNCTIONS

using rectify_bench::Buffers;
using rectify_bench::Function;

template <class T>
using Pass = void (*)(const T*, const T*, T*, std::size_t);

// The widest set the CPU runs, and its pass for F on T.
template <class T, Function F>
Pass<T> pick(std::string& isa) {
    constexpr bool f32 = std::is_same_v<T, float>;
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq")) {
        isa = "avx512f";
        if constexpr (f32) {
            return &avx512_f32::run<F>;
        } else {
            return &avx512_f64::run<F>;
        }
    }
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
        isa = "avx2";
        if constexpr (f32) {
            return &avx2_f32::run<F>;
        } else {
            return &avx2_f64::run<F>;
        }
    }
    if (__builtin_cpu_supports("sse4.1")) {
        isa = "sse4";
        if constexpr (f32) {
            return &sse4_f32::run<F>;
        } else {
            return &sse4_f64::run<F>;
        }
    }
    isa = "sse2";
    if constexpr (f32) {
        return &sse2_f32::run<F>;
    } else {
        return &sse2_f64::run<F>;
    }
}

template <class T, Function F>
class SleefKernel final : public rectify_bench::Kernel {
  public:
    explicit SleefKernel(const Buffers& b)
        : x_(static_cast<const T*>(b.x)), dy_(static_cast<const T*>(b.dy)), out_(static_cast<T*>(b.out)), n_(b.n) {
        std::string isa;
        pass_ = pick<T, F>(isa);
        label = "SLEEF " + std::to_string(SLEEF_VERSION_MAJOR) + "." + std::to_string(SLEEF_VERSION_MINOR) + "." +
                std::to_string(SLEEF_VERSION_PATCHLEVEL) + " u10, " + isa;
    }
    void run(double) override { pass_(x_, dy_, out_, n_); }

  private:
    const T* x_;
    const T* dy_;
    T* out_;
    std::size_t n_;
    Pass<T> pass_ = nullptr;
};

template <class T, std::size_t... I>
void add_all(std::vector<rectify_bench::Impl>& impls, std::index_sequence<I...>) {
    constexpr int first = static_cast<int>(Function::gelu);
    (
        [&] {
            constexpr Function f = static_cast<Function>(first + static_cast<int>(I));
            if constexpr (rectify_bench::benchmarked<f, T>) {
                rectify_bench::add_out<T, SleefKernel<T, f>>(impls, f, RECTIFY_BENCH_PEER_NAME);
            }
        }(),
        ...);
}

}  // namespace

RECTIFY_BENCH_EXPORT std::vector<rectify_bench::Impl> RECTIFY_BENCH_PEER_FUNCTION() {
    std::vector<rectify_bench::Impl> impls;
    add_all<float>(impls, std::make_index_sequence<3 * rectify_bench::smooth_count>());
    add_all<double>(impls, std::make_index_sequence<3 * rectify_bench::smooth_count>());
    return impls;
}
