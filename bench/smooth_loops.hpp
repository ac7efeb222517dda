// The smooth functions as plain loops over <cmath>: the code users write
// today, one std:: call (or a few) per element, written the usual way:
//   gelu           x/2 (1 + erf(x / sqrt 2))                  (PyTorch's formula)
//   gelu_tanh      x/2 (1 + tanh(k (x + 0.044715 x^3)))
//   silu           x / (1 + exp(-x))
//   sigmoid        1 / (1 + exp(-x))
//   tanh           std::tanh
//   elu, selu, celu   x > 0 ? x : alpha expm1(x) (celu: expm1(x / alpha)), selu scaled by lambda
//   softplus       max(x, 0) + log1p(exp(-|x|))   (the textbook form that cannot overflow)
//   mish           x tanh(softplus(x))
// and the derivatives from the same pieces (sigmoid: s (1 - s); tanh:
// 1 - t^2; gelu: Phi(x) + x phi(x); ...); a backward pass is dy times the
// derivative. SLEEF's and Eigen's peers compose the same formulas.
//
// Included by the harness (relu_bench.cpp: "plain_loop", default flags), by
// the accuracy program, and by peers/loops.cpp (built with -march=native:
// "plain_loop_native"). Everything here has internal linkage, so each
// includer keeps the code its own flags made. No rectify header.
//
// SPDX-License-Identifier: MIT

#ifndef RECTIFY_BENCH_SMOOTH_LOOPS_HPP
#define RECTIFY_BENCH_SMOOTH_LOOPS_HPP

#include "peer.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>

namespace rectify_bench {
namespace {

// f(x) (value), f'(x) (derivative and backward) of smooth function S, in T.
template <Smooth S, SmoothForm K, class T>
inline T loop_scalar(T x) {
    constexpr bool value = K == SmoothForm::value;
    const T one = T(1);
    const T half = T(0.5);
    const T a = T(smooth_alpha);  // elu's and celu's alpha
    if constexpr (S == Smooth::gelu) {
        const T sqrt1_2 = T(0.70710678118654752440084436210484903928);
        const T phi = half * (one + std::erf(x * sqrt1_2));
        if constexpr (value) {
            return x * phi;
        } else {
            const T inv_sqrt_2pi = T(0.39894228040143267793994605993438186848);
            return phi + x * inv_sqrt_2pi * std::exp(-half * x * x);
        }
    } else if constexpr (S == Smooth::gelu_tanh) {
        const T k = T(0.79788456080286535587989211986876373695);  // sqrt(2 / pi)
        const T c = T(0.044715);
        const T t = std::tanh(k * (x + c * x * x * x));
        if constexpr (value) {
            return half * x * (one + t);
        } else {
            return half * (one + t) + half * x * (one - t * t) * k * (one + T(3) * c * x * x);
        }
    } else if constexpr (S == Smooth::silu) {
        if constexpr (value) {
            return x / (one + std::exp(-x));
        } else {
            const T s = one / (one + std::exp(-x));
            return s * (one + x * (one - s));
        }
    } else if constexpr (S == Smooth::sigmoid) {
        const T s = one / (one + std::exp(-x));
        if constexpr (value) {
            return s;
        } else {
            return s * (one - s);
        }
    } else if constexpr (S == Smooth::tanh) {
        const T t = std::tanh(x);
        if constexpr (value) {
            return t;
        } else {
            return one - t * t;
        }
    } else if constexpr (S == Smooth::elu) {
        if constexpr (value) {
            return x > T(0) ? x : a * std::expm1(x);
        } else {
            return x > T(0) ? one : a * std::exp(x);
        }
    } else if constexpr (S == Smooth::selu) {
        const T lambda = T(selu_lambda);
        const T sa = T(selu_alpha);
        if constexpr (value) {
            return lambda * (x > T(0) ? x : sa * std::expm1(x));
        } else {
            return x > T(0) ? lambda : lambda * sa * std::exp(x);
        }
    } else if constexpr (S == Smooth::celu) {
        if constexpr (value) {
            return x > T(0) ? x : a * std::expm1(x / a);
        } else {
            return x > T(0) ? one : std::exp(x / a);
        }
    } else if constexpr (S == Smooth::softplus) {
        const T beta = T(smooth_beta);
        if constexpr (value) {
            const T bx = beta * x;
            return (std::max(bx, T(0)) + std::log1p(std::exp(-std::abs(bx)))) / beta;
        } else {
            return one / (one + std::exp(-beta * x));
        }
    } else {
        static_assert(S == Smooth::mish);
        const T sp = std::max(x, T(0)) + std::log1p(std::exp(-std::abs(x)));
        const T t = std::tanh(sp);
        if constexpr (value) {
            return x * t;
        } else {
            return t + x * (one - t * t) / (one + std::exp(-x));
        }
    }
}

// The loop for F: out[i] = f(x[i]), f'(x[i]) or dy[i] f'(x[i]).
template <Function F>
struct SmoothLoop {
    template <class T>
    void operator()(const T* x, const T* dy, T* out, std::size_t n, T) const {
        constexpr Smooth s = smooth_of(F);
        constexpr SmoothForm form = form_of(F);
        if constexpr (form == SmoothForm::backward) {
            for (std::size_t i = 0; i < n; ++i) {
                out[i] = dy[i] * loop_scalar<s, SmoothForm::derivative>(x[i]);
            }
        } else {
            for (std::size_t i = 0; i < n; ++i) {
                out[i] = loop_scalar<s, form>(x[i]);
            }
        }
    }
};

// The value of F at x (and dy) computed as the loop does, in double: what
// the harness checks the peers' smooth kernels against, within a tolerance.
template <Function F>
inline double smooth_loop_double(double x, double dy) {
    constexpr Smooth s = smooth_of(F);
    constexpr SmoothForm form = form_of(F);
    if constexpr (form == SmoothForm::backward) {
        return dy * loop_scalar<s, SmoothForm::derivative>(x);
    } else {
        return loop_scalar<s, form>(x);
    }
}

}  // namespace
}  // namespace rectify_bench

#endif  // RECTIFY_BENCH_SMOOTH_LOOPS_HPP
