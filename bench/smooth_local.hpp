// rectify's smooth functions and the plain loops (smooth_loops.hpp) as
// benchmark kernels, for the two programs built at the default flags:
// rectify_bench (relu_bench.cpp) and rectify_accuracy (accuracy.cpp).
//
// rectify::gelu (erf-based) is listed only if the header has it: the probe
// below asks for it by an unqualified, dependent name, so a header without it
// leaves has_gelu<T> false instead of failing the build.
//
// SPDX-License-Identifier: MIT

#ifndef RECTIFY_BENCH_SMOOTH_LOCAL_HPP
#define RECTIFY_BENCH_SMOOTH_LOCAL_HPP

#include "peer.hpp"
#include "smooth_loops.hpp"

#include <rectify/rectify.hpp>

#include <concepts>
#include <cstddef>
#include <span>
#include <utility>
#include <vector>

namespace rectify_bench_gelu_probe {
using namespace rectify;  // NOLINT(google-build-using-namespace): the probe's point

// True when rectify has gelu, gelu_derivative and gelu_backward in the forms
// the benchmark calls (the lookup is deferred to the instantiation, so a
// missing name makes this false, not an error).
template <class T>
concept has_gelu = requires(std::span<const T> in, std::span<T> out, T x) {
    gelu(in, out);
    gelu_derivative(in, out);
    gelu_backward(in, in, out);
    { gelu(x) } -> std::same_as<T>;
    { gelu_derivative(x) } -> std::same_as<T>;
    { gelu_backward(x, x) } -> std::same_as<T>;
};

template <int Form, class T>
void span_form(const T* x, const T* dy, T* out, std::size_t n) {
    if constexpr (Form == 0) {
        gelu(std::span<const T>(x, n), std::span<T>(out, n));
    } else if constexpr (Form == 1) {
        gelu_derivative(std::span<const T>(x, n), std::span<T>(out, n));
    } else {
        gelu_backward(std::span<const T>(x, n), std::span<const T>(dy, n), std::span<T>(out, n));
    }
}
template <int Form, class T>
T scalar_form(T x, T dy) {
    if constexpr (Form == 0) {
        return gelu(x);
    } else if constexpr (Form == 1) {
        return gelu_derivative(x);
    } else {
        return gelu_backward(x, dy);
    }
}
}  // namespace rectify_bench_gelu_probe

namespace rectify_bench {
namespace {

// Whether rectify has smooth function S on T.
template <Smooth S, class T>
inline constexpr bool rectify_has = S != Smooth::gelu || rectify_bench_gelu_probe::has_gelu<T>;

// rectify's function object for S in form K (not gelu: see the probe).
template <Smooth S, SmoothForm K>
constexpr auto rectify_object() {
    constexpr bool v = K == SmoothForm::value;
    constexpr bool d = K == SmoothForm::derivative;
#define RECTIFY_BENCH_OBJECT(name)                              \
    if constexpr (S == Smooth::name) {                          \
        if constexpr (v) {                                      \
            return rectify::name;                               \
        } else if constexpr (d) {                               \
            return rectify::name##_derivative;                  \
        } else {                                                \
            return rectify::name##_backward;                    \
        }                                                       \
    } else
    RECTIFY_BENCH_OBJECT(gelu_tanh)
    RECTIFY_BENCH_OBJECT(silu)
    RECTIFY_BENCH_OBJECT(sigmoid)
    RECTIFY_BENCH_OBJECT(tanh)
    RECTIFY_BENCH_OBJECT(elu)
    RECTIFY_BENCH_OBJECT(selu)
    RECTIFY_BENCH_OBJECT(celu)
    RECTIFY_BENCH_OBJECT(softplus)
    RECTIFY_BENCH_OBJECT(mish)
#undef RECTIFY_BENCH_OBJECT
    {
        static_assert(S == Smooth::mish, "gelu goes through the probe");
    }
}

// rectify's span form of F, out of place, as users call it (default parameters).
template <Function F>
struct RectifySmooth {
    template <class T>
    void operator()(const T* x, const T* dy, T* out, std::size_t n, T) const {
        constexpr Smooth s = smooth_of(F);
        constexpr SmoothForm k = form_of(F);
        if constexpr (s == Smooth::gelu) {
            rectify_bench_gelu_probe::span_form<static_cast<int>(k)>(x, dy, out, n);
        } else if constexpr (k == SmoothForm::backward) {
            rectify_object<s, k>()(std::span<const T>(x, n), std::span<const T>(dy, n), std::span<T>(out, n));
        } else {
            rectify_object<s, k>()(std::span<const T>(x, n), std::span<T>(out, n));
        }
    }
};

// rectify's scalar definition of F at x (dy for a backward pass): what
// rectify's own kernels are checked against, bit for bit.
template <Function F, class T>
T rectify_smooth_scalar(T x, T dy) {
    constexpr Smooth s = smooth_of(F);
    constexpr SmoothForm k = form_of(F);
    if constexpr (s == Smooth::gelu) {
        return rectify_bench_gelu_probe::scalar_form<static_cast<int>(k)>(x, dy);
    } else if constexpr (k == SmoothForm::backward) {
        return rectify_object<s, k>()(x, dy);
    } else {
        return rectify_object<s, k>()(x);
    }
}

// A kernel over raw pointers: Op{}(x, dy, out, n, alpha) does one pass.
template <class T, class Op>
class SmoothLocal final : public Kernel {
  public:
    explicit SmoothLocal(const Buffers& b)
        : x_(static_cast<const T*>(b.x)),
          dy_(static_cast<const T*>(b.dy)),
          out_(static_cast<T*>(b.out)),
          n_(b.n) {}
    void run(double a) override { Op{}(x_, dy_, out_, n_, static_cast<T>(a)); }

  private:
    const T* x_;
    const T* dy_;
    T* out_;
    std::size_t n_;
};

template <class T, Smooth S, SmoothForm K>
void add_smooth_local_one(std::vector<Impl>& v) {
    constexpr Function f = smooth_function(S, K);
    if constexpr (benchmarked<f, T>) {
        if constexpr (rectify_has<S, T>) {
            add_out<T, SmoothLocal<T, RectifySmooth<f>>>(v, f, "rectify");
        }
        if constexpr (!is_half(type_of<T>)) {  // the 16-bit loops: half_loops.hpp's
            add_out<T, SmoothLocal<T, SmoothLoop<f>>>(v, f, "plain_loop");
        }
    }
}

template <class T, Smooth S>
void add_smooth_local_forms(std::vector<Impl>& v) {
    add_smooth_local_one<T, S, SmoothForm::value>(v);
    add_smooth_local_one<T, S, SmoothForm::derivative>(v);
    add_smooth_local_one<T, S, SmoothForm::backward>(v);
}

// Lists rectify and the plain loop computing every smooth function on T.
template <class T>
void add_smooth_local(std::vector<Impl>& v) {
    add_smooth_local_forms<T, Smooth::gelu>(v);
    add_smooth_local_forms<T, Smooth::gelu_tanh>(v);
    add_smooth_local_forms<T, Smooth::silu>(v);
    add_smooth_local_forms<T, Smooth::sigmoid>(v);
    add_smooth_local_forms<T, Smooth::tanh>(v);
    add_smooth_local_forms<T, Smooth::elu>(v);
    add_smooth_local_forms<T, Smooth::selu>(v);
    add_smooth_local_forms<T, Smooth::celu>(v);
    add_smooth_local_forms<T, Smooth::softplus>(v);
    add_smooth_local_forms<T, Smooth::mish>(v);
}

}  // namespace
}  // namespace rectify_bench

#endif  // RECTIFY_BENCH_SMOOTH_LOCAL_HPP
