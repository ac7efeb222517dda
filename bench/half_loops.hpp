// The plain loops users write today on 16-bit data: widen each element to
// float, compute in float, round the result back to the 16-bit type. The
// formula for one element of every function is here (loop_element, which
// the harness's float loops of relu6 ... threshold use too); the smooth
// ones are smooth_loops.hpp's.
//
// The conversions are the loop's own, as a user without rectify has them:
// bfloat16 widened by a shift and rounded to nearest even by the usual
// integer trick (PyTorch's c10::BFloat16, Eigen::bfloat16), binary16 through
// the compiler's _Float16 (libgcc calls at the default flags on x86-64,
// F16C's instructions with -march=native). Without _Float16 there is no
// binary16 loop (RECTIFY_BENCH_HAS_FLOAT16 is 0).
//
// Included by the harness (relu_bench.cpp: "plain_loop", default flags) and
// peers/loops.cpp ("plain_loop_native", -march=native). Everything has
// internal linkage. No rectify header.
//
// SPDX-License-Identifier: MIT

#ifndef RECTIFY_BENCH_HALF_LOOPS_HPP
#define RECTIFY_BENCH_HALF_LOOPS_HPP

#include "peer.hpp"
#include "smooth_loops.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <vector>

// GCC 12 has _Float16 in C++ on x86 only (rectify.hpp's RECTIFY_HAS_FLOAT16).
#if defined(__FLT16_MANT_DIG__) && (defined(__clang__) || __GNUC__ >= 13 || defined(__x86_64__) || defined(__i386__))
#    define RECTIFY_BENCH_HAS_FLOAT16 1
#else
#    define RECTIFY_BENCH_HAS_FLOAT16 0
#endif

namespace rectify_bench {
namespace {

// f(x), f'(x) or dy f'(x) of F, computed in T the usual way (PyTorch's
// formulas; `x > 0` at the relu kinks, where the data hold no x). a is the
// leaky functions' alpha.
template <Function F, class T>
inline T loop_element(T x, T dy, T a) {
    const T zero{0};
    const T one{1};
    const T three{3};
    const T six{6};
    const T t = static_cast<T>(family_threshold);
    const T v = static_cast<T>(family_value);
    if constexpr (is_smooth(F)) {
        if constexpr (form_of(F) == SmoothForm::backward) {
            return dy * loop_scalar<smooth_of(F), SmoothForm::derivative>(x);
        } else {
            return loop_scalar<smooth_of(F), form_of(F)>(x);
        }
    } else if constexpr (F == Function::relu) return std::max(x, zero);
    else if constexpr (F == Function::leaky_relu) return x > zero ? x : a * x;
    else if constexpr (F == Function::relu_derivative) return x > zero ? one : zero;
    else if constexpr (F == Function::leaky_relu_derivative) return x > zero ? one : a;
    else if constexpr (F == Function::relu_backward) return x > zero ? dy : zero;
    else if constexpr (F == Function::leaky_relu_backward) return x > zero ? dy : a * dy;
    else if constexpr (F == Function::relu6) return std::min(std::max(x, zero), six);
    else if constexpr (F == Function::relu6_derivative) return x > zero && x < six ? one : zero;
    else if constexpr (F == Function::relu6_backward) return x > zero && x < six ? dy : zero;
    else if constexpr (F == Function::hardtanh) return std::min(std::max(x, -one), one);
    else if constexpr (F == Function::hardtanh_derivative) return x > -one && x < one ? one : zero;
    else if constexpr (F == Function::hardtanh_backward) return x > -one && x < one ? dy : zero;
    else if constexpr (F == Function::hardsigmoid) return std::min(std::max(x + three, zero), six) / six;
    else if constexpr (F == Function::hardsigmoid_derivative) return x > -three && x < three ? one / six : zero;
    else if constexpr (F == Function::hardsigmoid_backward) return x > -three && x < three ? dy / six : zero;
    else if constexpr (F == Function::hardswish) return x * std::min(std::max(x + three, zero), six) / six;
    else if constexpr (F == Function::hardswish_derivative) return x < -three ? zero : (x <= three ? x / three + T{0.5} : one);
    else if constexpr (F == Function::hardswish_backward) return x < -three ? zero : (x <= three ? dy * (x / three + T{0.5}) : dy);
    else if constexpr (F == Function::threshold) return x > t ? x : v;
    else if constexpr (F == Function::threshold_derivative) return x > t ? one : zero;
    else {
        static_assert(F == Function::threshold_backward, "memcpy has no formula");
        return x > t ? dy : zero;
    }
}

// ---- the loop's conversions ----------------------------------------------------

inline float bits_to_float(std::uint32_t u) {
    float f;
    std::memcpy(&f, &u, sizeof f);
    return f;
}

// bfloat16: the upper half of a float.
inline float widen_bf16(std::uint16_t h) {
    return bits_to_float(static_cast<std::uint32_t>(h) << 16U);
}
// f rounded to nearest, ties to even; a NaN stays a NaN (quieted).
inline std::uint16_t narrow_bf16(float f) {
    std::uint32_t u;
    std::memcpy(&u, &f, sizeof u);
    if ((u & 0x7fffffffU) > 0x7f800000U) {
        return static_cast<std::uint16_t>((u >> 16U) | 0x40U);
    }
    return static_cast<std::uint16_t>((u + 0x7fffU + ((u >> 16U) & 1U)) >> 16U);
}

#if RECTIFY_BENCH_HAS_FLOAT16
inline float widen_f16(std::uint16_t h) {
    _Float16 v;
    std::memcpy(&v, &h, sizeof v);
    return static_cast<float>(v);
}
inline std::uint16_t narrow_f16(float f) {
    const auto v = static_cast<_Float16>(f);
    std::uint16_t h;
    std::memcpy(&h, &v, sizeof h);
    return h;
}
#endif

// ---- the kernels ---------------------------------------------------------------

// out[i] = F(x[i]) (dy[i]) through float, on 16-bit type K's bits.
template <Type K, Function F>
class HalfLoopKernel final : public Kernel {
  public:
    explicit HalfLoopKernel(const Buffers& b)
        : x_(static_cast<const std::uint16_t*>(b.x)),
          dy_(static_cast<const std::uint16_t*>(b.dy)),
          out_(static_cast<std::uint16_t*>(b.out)),
          n_(b.n) {}

    void run(double a) override {
        // alpha as the 16-bit type holds it (a user's 16-bit parameter), widened.
        const auto alpha_f = static_cast<float>(typed_alpha(K, a));
        for (std::size_t i = 0; i < n_; ++i) {
            const float dy = dy_ != nullptr ? widen(dy_[i]) : 0.0f;
            out_[i] = narrow(loop_element<F, float>(widen(x_[i]), dy, alpha_f));
        }
    }

  private:
    static float widen(std::uint16_t h) {
#if RECTIFY_BENCH_HAS_FLOAT16
        if constexpr (K == Type::f16) {
            return widen_f16(h);
        }
#endif
        return widen_bf16(h);
    }
    static std::uint16_t narrow(float f) {
#if RECTIFY_BENCH_HAS_FLOAT16
        if constexpr (K == Type::f16) {
            return narrow_f16(f);
        }
#endif
        return narrow_bf16(f);
    }

    const std::uint16_t* x_;
    const std::uint16_t* dy_;
    std::uint16_t* out_;
    std::size_t n_;
};

// relu and leaky_relu (and the derivatives and backward passes of both),
// relu6, hardtanh and threshold (every form) in place as well as out of
// place, as the float loops; the other functions out of place only.
constexpr bool loop_in_place(Function f) {
    return f <= Function::hardtanh_backward || (f >= Function::threshold && f <= Function::threshold_backward);
}

template <Type K, Function F>
void add_half_loop_one(std::vector<Impl>& impls, const std::string& name) {
    using Loop = HalfLoopKernel<K, F>;
    impls.push_back({F, K, Place::out, name, &make<Loop>});
    if constexpr (loop_in_place(F)) {
        impls.push_back({F, K, Place::inplace, name, &make<Loop>});
    }
}

template <Type K, std::size_t... I>
void add_half_loops(std::vector<Impl>& impls, const std::string& name, std::index_sequence<I...>) {
    (add_half_loop_one<K, static_cast<Function>(I + 1)>(impls, name), ...);  // + 1: not memcpy
}

// Lists the loop of every function (memcpy aside) on bf16 and, where the
// compiler has _Float16, f16, under the impl name `name`.
inline void add_half_loops(std::vector<Impl>& impls, const std::string& name) {
    constexpr auto count = static_cast<std::size_t>(Function::mish_backward);
    add_half_loops<Type::bf16>(impls, name, std::make_index_sequence<count>());
#if RECTIFY_BENCH_HAS_FLOAT16
    add_half_loops<Type::f16>(impls, name, std::make_index_sequence<count>());
#endif
}

}  // namespace
}  // namespace rectify_bench

#endif  // RECTIFY_BENCH_HALF_LOOPS_HPP
