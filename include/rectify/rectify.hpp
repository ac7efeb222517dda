// rectify 0.1.0: ReLU-family activation functions, exact and fast.
// Header-only, C++20, standard library only. Docs: README.md of the rectify project.
//
// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The rectify authors
//
// Permission is hereby granted, free of charge, to any person obtaining a copy
// of this software and associated documentation files (the "Software"), to deal
// in the Software without restriction, including without limitation the rights
// to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
// copies of the Software, and to permit persons to whom the Software is
// furnished to do so, subject to the following conditions:
//
// The above copyright notice and this permission notice shall be included in
// all copies or substantial portions of the Software.
//
// THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
// IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
// FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
// AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
// LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
// OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
// SOFTWARE.

#ifndef RECTIFY_RECTIFY_HPP_INCLUDED
#define RECTIFY_RECTIFY_HPP_INCLUDED

// The version; a test holds it equal to the CMake project version.
#define RECTIFY_VERSION_MAJOR 0
#define RECTIFY_VERSION_MINOR 1
#define RECTIFY_VERSION_PATCH 0
#define RECTIFY_VERSION \
    (RECTIFY_VERSION_MAJOR * 10000 + RECTIFY_VERSION_MINOR * 100 + RECTIFY_VERSION_PATCH)

#if defined(_MSVC_LANG) && _MSVC_LANG > __cplusplus
#    define RECTIFY_CPLUSPLUS _MSVC_LANG
#else
#    define RECTIFY_CPLUSPLUS __cplusplus
#endif
#if RECTIFY_CPLUSPLUS < 202002L
#    error "rectify needs C++20 or later (for example -std=c++20, or /std:c++20 with MSVC)"
#endif

#include <atomic>
#include <bit>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <limits>
#include <ranges>
#include <ratio>  // for leaky_relu<std::ratio<N, D>>
#include <stdexcept>
#include <string>
#include <type_traits>

#if !defined(RECTIFY_NO_SIMD) && defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
#    include <immintrin.h>  // declares GCC's streaming-store builtins for every vector width
#endif

#if defined(__STDCPP_BFLOAT16_T__) && __has_include(<stdfloat>)
#    include <stdfloat>
#    define RECTIFY_HAS_BFLOAT16 1
#else
#    define RECTIFY_HAS_BFLOAT16 0
#endif
// _Float16 (which is also std::float16_t where <stdfloat> has it). GCC 12
// defines __FLT16_MANT_DIG__ on AArch64 but has _Float16 in C++ only on x86.
#if defined(__FLT16_MANT_DIG__) && (defined(__clang__) || __GNUC__ >= 13 || defined(__x86_64__) || defined(__i386__))
#    define RECTIFY_HAS_FLOAT16 1
#else
#    define RECTIFY_HAS_FLOAT16 0
#endif

// 1 where the compiler takes floating-point non-type template arguments
// (leaky_relu<0.01f>); elsewhere use leaky_relu<std::ratio<1, 100>>.
#if defined(__cpp_nontype_template_args) && __cpp_nontype_template_args >= 201911L
#    define RECTIFY_HAS_FLOATING_ALPHA 1
#else
#    define RECTIFY_HAS_FLOATING_ALPHA 0
#endif

#if defined(__cpp_exceptions) || defined(__EXCEPTIONS) || defined(_CPPUNWIND)
#    define RECTIFY_HAS_EXCEPTIONS 1
#else
#    define RECTIFY_HAS_EXCEPTIONS 0
#endif

// RECTIFY_HOST_DEVICE marks the scalar forms (relu(x), leaky_relu(x, alpha),
// the derivatives and backward passes on one value) so that CUDA device code
// can call them: `__host__ __device__` under nvcc (or Clang's CUDA), nothing
// elsewhere. Define it before including rectify to override. The span forms
// are host code. Under CUDA the function objects (rectify::relu...) are also
// `__device__` constants, so that device code may name them.
#ifndef RECTIFY_HOST_DEVICE
#    if defined(__CUDACC__)
#        define RECTIFY_HOST_DEVICE __host__ __device__
#    else
#        define RECTIFY_HOST_DEVICE
#    endif
#endif
#if defined(__CUDACC__)
#    define RECTIFY_FUNCTION_OBJECT __device__ constexpr  // internal linkage, as CUDA requires
#else
#    define RECTIFY_FUNCTION_OBJECT inline constexpr
#endif

// ---- Instruction sets ---------------------------------------------------------
// The span forms run hand-written vector kernels with GCC and Clang on x86-64
// (SSE2, AVX2, AVX-512) and AArch64 (NEON), and a portable loop elsewhere. On
// x86-64 the widest kernel the CPU runs is chosen at run time, once, even in a
// program built without -march (see rectify::active_isa). Define, the same
// way in every translation unit:
//   RECTIFY_NO_DISPATCH  to use only what the compiler flags allow (-mavx2...);
//   RECTIFY_NO_SIMD      to use the portable loop everywhere.
#if !defined(RECTIFY_NO_SIMD) && defined(__GNUC__) && defined(__x86_64__)
#    define RECTIFY_X86_64 1
#else
#    define RECTIFY_X86_64 0
#endif
#if !defined(RECTIFY_NO_SIMD) && defined(__GNUC__) && defined(__aarch64__) && defined(__ARM_NEON)
#    define RECTIFY_AARCH64 1
#else
#    define RECTIFY_AARCH64 0
#endif
// Outputs of at least this many bytes, when they are not also an input, are
// written with streaming (non-temporal) stores on x86-64: they bypass the
// caches, which is faster once the arrays are far larger than the caches.
// The default was measured (see README.md, Speed); 0 turns streaming off.
#ifndef RECTIFY_STREAMING_THRESHOLD
#    define RECTIFY_STREAMING_THRESHOLD (std::size_t{8} << 20)
#endif

#if RECTIFY_X86_64 && !defined(RECTIFY_NO_DISPATCH)
#    define RECTIFY_DISPATCH 1
#else
#    define RECTIFY_DISPATCH 0
#endif

// Code compiled under different flags must not be merged by the linker (a
// baseline translation unit handed another's AVX-512 body would crash on an
// AVX2 CPU), so rectify's functions live in an inline namespace named after
// what shapes their code: the x86-64 level the flags enable (v4 if any AVX-512
// is on, v3 for AVX/AVX2/FMA/BMI, v2 for SSE3 to SSE4.2), -ffast-math, the
// options above, exceptions and CUDA. Source code never names it.
#if defined(__x86_64__) && defined(__AVX512F__)
#    define RECTIFY_NS_TARGET x86_v4
#elif defined(__x86_64__) && (defined(__AVX__) || defined(__AVX2__) || defined(__FMA__) || \
                              defined(__BMI__) || defined(__BMI2__) || defined(__F16C__))
#    define RECTIFY_NS_TARGET x86_v3
#elif defined(__x86_64__) && (defined(__SSE3__) || defined(__SSSE3__) || defined(__SSE4_1__) || \
                              defined(__SSE4_2__) || defined(__POPCNT__))
#    define RECTIFY_NS_TARGET x86_v2
#elif defined(__x86_64__)
#    define RECTIFY_NS_TARGET x86_v1
#elif defined(__aarch64__) && defined(__ARM_FEATURE_SVE)
#    define RECTIFY_NS_TARGET a64_sve
#elif defined(__aarch64__)
#    define RECTIFY_NS_TARGET a64
#else
#    define RECTIFY_NS_TARGET any
#endif
#if defined(__FAST_MATH__)
#    define RECTIFY_NS_MATH _fastmath
#else
#    define RECTIFY_NS_MATH
#endif
#if defined(RECTIFY_NO_SIMD)
#    define RECTIFY_NS_KERNELS _nosimd
#elif RECTIFY_X86_64 && !RECTIFY_DISPATCH
#    define RECTIFY_NS_KERNELS _nodispatch
#else
#    define RECTIFY_NS_KERNELS
#endif
#if RECTIFY_HAS_EXCEPTIONS
#    define RECTIFY_NS_ERRORS
#else
#    define RECTIFY_NS_ERRORS _noexceptions
#endif
#if defined(__CUDACC__)
#    define RECTIFY_NS_DEVICE _cuda
#else
#    define RECTIFY_NS_DEVICE
#endif
#define RECTIFY_PASTE_(a, b, c, d, e, f) a##b##c##d##e##f
#define RECTIFY_PASTE(a, b, c, d, e, f) RECTIFY_PASTE_(a, b, c, d, e, f)
#ifndef RECTIFY_TU_NAMESPACE
#    define RECTIFY_TU_NAMESPACE                                                                  \
        RECTIFY_PASTE(build_, RECTIFY_NS_TARGET, RECTIFY_NS_MATH, RECTIFY_NS_KERNELS, RECTIFY_NS_ERRORS, \
                      RECTIFY_NS_DEVICE)
#endif

// RECTIFY_ERROR_HANDLER(message) is what a span form does with bad input
// (sizes that differ, partial overlap), before it writes anything. `message`
// is a NUL-terminated `const char*` naming the function and the sizes. The
// default throws std::invalid_argument, or, built without exceptions, prints
// the message to stderr and aborts. Define it before including rectify (the
// same way in every translation unit) to do something else; if your handler
// returns, the function returns without touching its output.
#ifndef RECTIFY_ERROR_HANDLER
#    if RECTIFY_HAS_EXCEPTIONS
#        define RECTIFY_ERROR_HANDLER(message) throw ::std::invalid_argument(message)
#    else
#        define RECTIFY_ERROR_HANDLER(message) ::rectify::detail::print_and_abort(message)
#    endif
#endif

namespace rectify {
inline namespace v0 {

/// The instruction sets the span forms have kernels for; see active_isa().
enum class isa : unsigned char { portable, sse2, avx2, avx512, neon };

namespace detail_shared {
// The kernel chosen for the whole program (an isa, or -1 before the first
// span call). Shared by translation units built with different flags.
// NOLINTNEXTLINE(cppcoreguidelines-avoid-non-const-global-variables): one per program
inline std::atomic<int> chosen_isa{-1};

// Outputs of at least this many bytes (that are not also an input) are
// written with streaming stores on x86-64, bypassing the caches, as memcpy
// does for large copies; see RECTIFY_STREAMING_THRESHOLD.
// NOLINTNEXTLINE(cppcoreguidelines-avoid-non-const-global-variables): one per program, set by tests
inline std::atomic<std::size_t> streaming_threshold{RECTIFY_STREAMING_THRESHOLD};
}  // namespace detail_shared

inline namespace RECTIFY_TU_NAMESPACE {

// ============================================================================
// Types
// ============================================================================

namespace detail {
template <class T>
inline constexpr bool is_extended_floating = false;
#if RECTIFY_HAS_FLOAT16
template <>
inline constexpr bool is_extended_floating<_Float16> = !std::is_floating_point_v<_Float16>;
#endif
#if RECTIFY_HAS_BFLOAT16
template <>
inline constexpr bool is_extended_floating<std::bfloat16_t> =
    !std::is_floating_point_v<std::bfloat16_t>;
#endif

template <class T>
inline constexpr bool is_character =
    std::is_same_v<T, char> || std::is_same_v<T, wchar_t> || std::is_same_v<T, char8_t> ||
    std::is_same_v<T, char16_t> || std::is_same_v<T, char32_t>;
}  // namespace detail

/// float, double, long double, and the extended floating types the compiler
/// has (_Float16 / std::float16_t, std::bfloat16_t).
template <class T>
concept floating = std::is_floating_point_v<T> || detail::is_extended_floating<T>;

/// Signed and unsigned integers; not bool, not the character types.
template <class T>
concept integer = std::integral<T> && !std::same_as<T, bool> && !detail::is_character<T>;

/// What every function takes: a floating type, or (relu and its derivative
/// and backward pass only) an integer.
template <class T>
concept element = floating<T> || integer<T>;

/// A contiguous sized range of elements: std::vector, std::array, std::span,
/// a C array. Inputs may be const.
template <class R>
concept input_range = std::ranges::contiguous_range<R> && std::ranges::sized_range<R> &&
                      element<std::ranges::range_value_t<R>>;

/// A contiguous sized range whose elements are writable Ts, given as an
/// lvalue or as a view such as std::span (not a temporary container, whose
/// results would be thrown away).
template <class R, class T>
concept output_range = std::ranges::contiguous_range<R> && std::ranges::sized_range<R> &&
                       std::same_as<std::ranges::range_reference_t<R>, T&> &&
                       (std::is_lvalue_reference_v<R> || std::ranges::borrowed_range<R>);

/// A contiguous sized range modified in place.
template <class R>
concept inout_range =
    input_range<R> && output_range<R, std::ranges::range_value_t<R>>;

// ============================================================================
// Semantics: the one definition. Every span form, on every instruction set,
// returns exactly these bits (see the table in README.md); the one latitude
// is the sign and payload of a NaN that arithmetic creates (0 * inf, a NaN
// alpha), which are the hardware's.
// ============================================================================

namespace detail::ref {

/// IEEE 754-2019 maximum(x, +0): NaN stays NaN, -0 becomes +0.
template <element T>
[[nodiscard]] RECTIFY_HOST_DEVICE constexpr T relu(T x) noexcept {
    if constexpr (std::is_unsigned_v<T>) {
        return x;
    } else {
        return x <= T(0) ? T(0) : x;  // NaN compares false and is returned as is
    }
}

/// 1 for x >= 0 (so 1 at both zeros), 0 for x < 0, NaN for NaN.
template <element T>
[[nodiscard]] RECTIFY_HOST_DEVICE constexpr T relu_derivative(T x) noexcept {
    if constexpr (std::is_unsigned_v<T>) {
        return T(1);
    } else {
        return x >= T(0) ? T(1) : (x < T(0) ? T(0) : x);
    }
}

/// x for x > 0, alpha * x otherwise (so alpha * -0 at -0); a NaN is returned
/// as it is, never multiplied (an optimiser may still quiet a signalling NaN).
template <class T>
[[nodiscard]] RECTIFY_HOST_DEVICE constexpr T leaky_relu(T x, T alpha) noexcept {
    return x <= T(0) ? alpha * x : x;  // NaN compares false and is returned as is
}

/// 1 for x >= 0, alpha for x < 0, NaN for NaN.
template <class T>
[[nodiscard]] RECTIFY_HOST_DEVICE constexpr T leaky_relu_derivative(T x, T alpha) noexcept {
    return x >= T(0) ? T(1) : (x < T(0) ? alpha : x);
}

/// A select, not a product: dy for x >= 0, +0 for x < 0 (even where dy is
/// NaN or infinite), NaN for NaN x.
template <element T>
[[nodiscard]] RECTIFY_HOST_DEVICE constexpr T relu_backward(T x, T dy) noexcept {
    if constexpr (std::is_unsigned_v<T>) {
        return dy;
    } else {
        return x >= T(0) ? dy : (x < T(0) ? T(0) : x);
    }
}

/// dy for x >= 0, alpha * dy for x < 0, NaN for NaN x.
template <class T>
[[nodiscard]] RECTIFY_HOST_DEVICE constexpr T leaky_relu_backward(T x, T dy, T alpha) noexcept {
    return x >= T(0) ? dy : (x < T(0) ? alpha * dy : x);
}

}  // namespace detail::ref

// Forward declarations of the machinery the API below calls (defined in the
// detail section at the end of this file).
namespace detail {
enum class op { relu, relu_derivative, leaky_relu, leaky_relu_derivative, relu_backward, leaky_relu_backward };
template <op Op, class X, class Out, class T>
void map(const char* name, X&& x, Out&& out, T alpha);
template <op Op, class X, class Dy, class Out, class T>
void map_backward(const char* name, X&& x, Dy&& dy, Out&& out, T alpha);
template <class A, class T>
struct alpha_of;
template <class T>
inline constexpr T default_alpha = static_cast<T>(0.01);
#if RECTIFY_HAS_FLOATING_ALPHA
template <auto Alpha>
struct value_alpha;
#endif
template <class T>
RECTIFY_HOST_DEVICE constexpr void require_floating() noexcept;
template <class T>
using value_t = std::ranges::range_value_t<T>;
template <class V>
concept alpha_value = std::is_arithmetic_v<V> && !std::same_as<V, bool>;
}  // namespace detail

/// A compile-time alpha given as a type: std::ratio<N, D> (alpha = N / D,
/// divided in the element type), or any type with a `static constexpr value`.
template <class A>
concept alpha_constant = (requires {
                             A::num;
                             A::den;
                         }) || (requires { A::value; });

// ============================================================================
// Public API
// ============================================================================

namespace detail {
struct relu_fn {
    /// relu(x): max(x, +0); NaN in, NaN out; relu(-0.0) is +0.0.
    template <element T>
    [[nodiscard]] RECTIFY_HOST_DEVICE constexpr T operator()(T x) const noexcept {
        return detail::ref::relu(x);
    }
    /// relu(in, out): out[i] = relu(in[i]). Throws std::invalid_argument
    /// (nothing written) if the sizes differ or the ranges overlap without
    /// being the same range.
    template <input_range In, output_range<detail::value_t<In>> Out>
    void operator()(In&& in, Out&& out) const {
        detail::map<op::relu>("rectify::relu", in, out, value_t<In>{});
    }
    /// relu(inout): in place.
    template <inout_range R>
    void operator()(R&& inout) const {
        detail::map<op::relu>("rectify::relu", inout, inout, value_t<R>{});
    }
};

struct relu_derivative_fn {
    /// relu_derivative(x): 1 for x >= 0 (1 at zero), 0 for x < 0, NaN for NaN.
    template <element T>
    [[nodiscard]] RECTIFY_HOST_DEVICE constexpr T operator()(T x) const noexcept {
        return detail::ref::relu_derivative(x);
    }
    /// relu_derivative(in, out): out[i] = relu_derivative(in[i]).
    template <input_range In, output_range<detail::value_t<In>> Out>
    void operator()(In&& in, Out&& out) const {
        detail::map<op::relu_derivative>("rectify::relu_derivative", in, out, value_t<In>{});
    }
};

struct relu_backward_fn {
    /// relu_backward(x, dy): dy for x >= 0, +0 for x < 0, NaN for NaN x.
    template <element T>
    [[nodiscard]] RECTIFY_HOST_DEVICE constexpr T operator()(T x, std::type_identity_t<T> dy) const noexcept {
        return detail::ref::relu_backward(x, dy);
    }
    /// relu_backward(x, grad_out, grad_in): grad_in[i] = relu_backward(x[i],
    /// grad_out[i]). grad_in may be grad_out (or x) itself.
    template <input_range X, input_range Dy, output_range<detail::value_t<X>> Out>
        requires std::same_as<detail::value_t<Dy>, detail::value_t<X>>
    void operator()(X&& x, Dy&& grad_out, Out&& grad_in) const {
        detail::map_backward<op::relu_backward>("rectify::relu_backward", x, grad_out, grad_in,
                                                value_t<X>{});
    }
};
}  // namespace detail

/// relu: `relu(x)`, `relu(in, out)`, `relu(inout)`. A function object, so it
/// can be passed to algorithms: std::ranges::transform(v, out.begin(), rectify::relu).
RECTIFY_FUNCTION_OBJECT detail::relu_fn relu{};

/// relu_derivative: `relu_derivative(x)`, `relu_derivative(in, out)`.
RECTIFY_FUNCTION_OBJECT detail::relu_derivative_fn relu_derivative{};

/// relu_backward: `relu_backward(x, dy)`, `relu_backward(x, grad_out, grad_in)`.
RECTIFY_FUNCTION_OBJECT detail::relu_backward_fn relu_backward{};

// ---- leaky_relu: x for x > 0, alpha * x otherwise --------------------------
//
// The alpha is one of:
//   leaky_relu(x, alpha)            run time (PReLU-style); leaky_relu(x): 0.01
//   leaky_relu<0.2f>(x)             compile time, where RECTIFY_HAS_FLOATING_ALPHA
//   leaky_relu<std::ratio<1,5>>(x)  compile time, with every C++20 compiler
// A compile-time alpha is converted to (or for a ratio, divided in) the
// element type. leaky_relu<A, float> names one function, for algorithms.
// Integer element types are rejected at compile time.

/// leaky_relu(x, alpha = 0.01).
template <element T>
[[nodiscard]] RECTIFY_HOST_DEVICE constexpr T leaky_relu(T x, std::type_identity_t<T> alpha = detail::default_alpha<T>) noexcept {
    detail::require_floating<T>();
    return detail::ref::leaky_relu(x, alpha);
}
/// leaky_relu(in, out, alpha = 0.01): out[i] = leaky_relu(in[i], alpha).
template <input_range In, output_range<detail::value_t<In>> Out>
void leaky_relu(In&& in, Out&& out,
                std::type_identity_t<detail::value_t<In>> alpha = detail::default_alpha<detail::value_t<In>>) {
    detail::require_floating<detail::value_t<In>>();
    detail::map<detail::op::leaky_relu>("rectify::leaky_relu", in, out, alpha);
}
/// leaky_relu(inout, alpha = 0.01): in place.
template <inout_range R>
void leaky_relu(R&& inout, std::type_identity_t<detail::value_t<R>> alpha = detail::default_alpha<detail::value_t<R>>) {
    rectify::leaky_relu(inout, inout, alpha);
}

/// leaky_relu_derivative(x, alpha = 0.01): 1 for x >= 0, alpha for x < 0.
template <element T>
[[nodiscard]] RECTIFY_HOST_DEVICE constexpr T leaky_relu_derivative(T x, std::type_identity_t<T> alpha = detail::default_alpha<T>) noexcept {
    detail::require_floating<T>();
    return detail::ref::leaky_relu_derivative(x, alpha);
}
/// leaky_relu_derivative(in, out, alpha = 0.01).
template <input_range In, output_range<detail::value_t<In>> Out>
void leaky_relu_derivative(In&& in, Out&& out,
                           std::type_identity_t<detail::value_t<In>> alpha = detail::default_alpha<detail::value_t<In>>) {
    detail::require_floating<detail::value_t<In>>();
    detail::map<detail::op::leaky_relu_derivative>("rectify::leaky_relu_derivative", in, out, alpha);
}

/// leaky_relu_backward(x, dy, alpha = 0.01): dy for x >= 0, alpha * dy for x < 0.
template <element T>
[[nodiscard]] RECTIFY_HOST_DEVICE constexpr T leaky_relu_backward(T x, std::type_identity_t<T> dy,
                                              std::type_identity_t<T> alpha = detail::default_alpha<T>) noexcept {
    detail::require_floating<T>();
    return detail::ref::leaky_relu_backward(x, dy, alpha);
}
/// leaky_relu_backward(x, grad_out, grad_in, alpha = 0.01): grad_in may be
/// grad_out (or x) itself.
template <input_range X, input_range Dy, output_range<detail::value_t<X>> Out>
    requires std::same_as<detail::value_t<Dy>, detail::value_t<X>>
void leaky_relu_backward(X&& x, Dy&& grad_out, Out&& grad_in,
                         std::type_identity_t<detail::value_t<X>> alpha = detail::default_alpha<detail::value_t<X>>) {
    detail::require_floating<detail::value_t<X>>();
    detail::map_backward<detail::op::leaky_relu_backward>("rectify::leaky_relu_backward", x, grad_out,
                                                          grad_in, alpha);
}

// ---- compile-time alpha: leaky_relu<std::ratio<1, 100>>(...) ---------------

template <alpha_constant A, element T>
[[nodiscard]] RECTIFY_HOST_DEVICE constexpr T leaky_relu(T x) noexcept {
    return rectify::leaky_relu(x, detail::alpha_of<A, T>::value);
}
template <alpha_constant A, input_range In, output_range<detail::value_t<In>> Out>
void leaky_relu(In&& in, Out&& out) {
    rectify::leaky_relu(in, out, detail::alpha_of<A, detail::value_t<In>>::value);
}
template <alpha_constant A, inout_range R>
void leaky_relu(R&& inout) {
    rectify::leaky_relu(inout, inout, detail::alpha_of<A, detail::value_t<R>>::value);
}
template <alpha_constant A, element T>
[[nodiscard]] RECTIFY_HOST_DEVICE constexpr T leaky_relu_derivative(T x) noexcept {
    return rectify::leaky_relu_derivative(x, detail::alpha_of<A, T>::value);
}
template <alpha_constant A, input_range In, output_range<detail::value_t<In>> Out>
void leaky_relu_derivative(In&& in, Out&& out) {
    rectify::leaky_relu_derivative(in, out, detail::alpha_of<A, detail::value_t<In>>::value);
}
template <alpha_constant A, element T>
[[nodiscard]] RECTIFY_HOST_DEVICE constexpr T leaky_relu_backward(T x, std::type_identity_t<T> dy) noexcept {
    return rectify::leaky_relu_backward(x, dy, detail::alpha_of<A, T>::value);
}
template <alpha_constant A, input_range X, input_range Dy, output_range<detail::value_t<X>> Out>
    requires std::same_as<detail::value_t<Dy>, detail::value_t<X>>
void leaky_relu_backward(X&& x, Dy&& grad_out, Out&& grad_in) {
    rectify::leaky_relu_backward(x, grad_out, grad_in, detail::alpha_of<A, detail::value_t<X>>::value);
}

#if RECTIFY_HAS_FLOATING_ALPHA
// ---- compile-time alpha as a value: leaky_relu<0.01f>(...) -----------------

template <auto Alpha, element T>
    requires detail::alpha_value<decltype(Alpha)>
[[nodiscard]] RECTIFY_HOST_DEVICE constexpr T leaky_relu(T x) noexcept {
    return rectify::leaky_relu<detail::value_alpha<Alpha>>(x);
}
template <auto Alpha, input_range In, output_range<detail::value_t<In>> Out>
    requires detail::alpha_value<decltype(Alpha)>
void leaky_relu(In&& in, Out&& out) {
    rectify::leaky_relu<detail::value_alpha<Alpha>>(in, out);
}
template <auto Alpha, inout_range R>
    requires detail::alpha_value<decltype(Alpha)>
void leaky_relu(R&& inout) {
    rectify::leaky_relu<detail::value_alpha<Alpha>>(inout);
}
template <auto Alpha, element T>
    requires detail::alpha_value<decltype(Alpha)>
[[nodiscard]] RECTIFY_HOST_DEVICE constexpr T leaky_relu_derivative(T x) noexcept {
    return rectify::leaky_relu_derivative<detail::value_alpha<Alpha>>(x);
}
template <auto Alpha, input_range In, output_range<detail::value_t<In>> Out>
    requires detail::alpha_value<decltype(Alpha)>
void leaky_relu_derivative(In&& in, Out&& out) {
    rectify::leaky_relu_derivative<detail::value_alpha<Alpha>>(in, out);
}
template <auto Alpha, element T>
    requires detail::alpha_value<decltype(Alpha)>
[[nodiscard]] RECTIFY_HOST_DEVICE constexpr T leaky_relu_backward(T x, std::type_identity_t<T> dy) noexcept {
    return rectify::leaky_relu_backward<detail::value_alpha<Alpha>>(x, dy);
}
template <auto Alpha, input_range X, input_range Dy, output_range<detail::value_t<X>> Out>
    requires detail::alpha_value<decltype(Alpha)> && std::same_as<detail::value_t<Dy>, detail::value_t<X>>
void leaky_relu_backward(X&& x, Dy&& grad_out, Out&& grad_in) {
    rectify::leaky_relu_backward<detail::value_alpha<Alpha>>(x, grad_out, grad_in);
}
#endif

// ---- Which kernel runs ----------------------------------------------------------
//
// The span forms go through one kernel for the whole program: the widest the
// CPU runs among those compiled in, chosen on the first span call (thread-safe;
// afterwards each call costs one load and one predicted branch). Every kernel
// returns the same bits, so the choice only changes speed.

/// The kernel the span forms use now: isa::avx512, isa::avx2 or isa::sse2 on
/// x86-64, isa::neon on AArch64, isa::portable elsewhere.
[[nodiscard]] inline isa active_isa() noexcept;

/// True if this build has a kernel for `path` and this CPU can run it.
/// isa::portable is always supported.
[[nodiscard]] inline bool isa_supported(isa path) noexcept;

/// Makes the span forms use `path` from now on, for tests and benchmarks;
/// returns false, and changes nothing, if !isa_supported(path). Calls already
/// running finish on the kernel they started with.
inline bool force_isa(isa path) noexcept;

/// Back to the automatic choice (the widest supported kernel).
inline void reset_isa() noexcept;

/// "portable", "sse2", "avx2", "avx512" or "neon".
[[nodiscard]] constexpr const char* isa_name(isa path) noexcept {
    switch (path) {
    case isa::sse2:
        return "sse2";
    case isa::avx2:
        return "avx2";
    case isa::avx512:
        return "avx512";
    case isa::neon:
        return "neon";
    case isa::portable:
        break;
    }
    return "portable";
}

// ============================================================================
// Machinery
// ============================================================================

namespace detail {

#if RECTIFY_HAS_FLOATING_ALPHA
template <auto Alpha>
struct value_alpha {
    static constexpr auto value = Alpha;
};
#endif

// Significand bits of T (numeric_limits is not specialised for _Float16 by
// every standard library).
template <class T>
constexpr int significand_digits() noexcept {
#if RECTIFY_HAS_FLOAT16
    if constexpr (std::is_same_v<T, _Float16>) {
        return __FLT16_MANT_DIG__;
    }
#endif
#if RECTIFY_HAS_BFLOAT16
    if constexpr (std::is_same_v<T, std::bfloat16_t>) {
        return 8;
    }
#endif
    return std::numeric_limits<T>::digits;
}

// True if T holds the integer v exactly (|v| <= 2^digits).
template <class T>
constexpr bool exact_in(std::intmax_t v) noexcept {
    using U = std::uintmax_t;
    constexpr int width = std::numeric_limits<U>::digits;
    constexpr int digits = significand_digits<T>() < width ? significand_digits<T>() : width;
    const U magnitude = v < 0 ? U(0) - static_cast<U>(v) : static_cast<U>(v);
    return magnitude == 0 || magnitude - 1 <= (std::numeric_limits<U>::max() >> (width - digits));
}

// The alpha of a compile-time constant A in element type T (only ever
// instantiated for floating T: integer T is stopped by a static_assert
// first). A ratio is divided in T, so that N / D is correctly rounded, when T
// holds N and D exactly; otherwise (a half-precision T and D = 100000, say)
// in long double, then rounded to T.
template <class A, class T>
struct alpha_of {
    static constexpr T value = [] {
        if constexpr (requires { A::num; A::den; }) {
            if constexpr (exact_in<T>(A::num) && exact_in<T>(A::den)) {
                return static_cast<T>(static_cast<T>(A::num) / static_cast<T>(A::den));
            } else {
                return static_cast<T>(static_cast<long double>(A::num) / static_cast<long double>(A::den));
            }
        } else {
            return static_cast<T>(A::value);
        }
    }();
};

template <class T>
RECTIFY_HOST_DEVICE constexpr void require_floating() noexcept {
    static_assert(floating<T>,
                  "rectify: leaky_relu, leaky_relu_derivative and leaky_relu_backward take floating "
                  "element types only (alpha * x would be truncated in an integer type); convert "
                  "to float or double first");
}

[[noreturn]] inline void print_and_abort(const char* message) noexcept {
    // The program aborts next: a failed write to stderr has no one left to report to.
    static_cast<void>(std::fputs(message, stderr));
    static_cast<void>(std::fputc('\n', stderr));
    static_cast<void>(std::fflush(stderr));
    std::abort();
}

struct operand {
    const char* name;
    const void* data;
    std::size_t size;
};

inline bool partially_overlap(const operand& a, const operand& b, std::size_t element_size) noexcept {
    if (a.data == b.data || a.size == 0 || b.size == 0) {
        return false;  // the same buffer (in-place use), or nothing to overlap
    }
    // Addresses as integers: the only way to compare pointers into unrelated buffers.
    // NOLINTBEGIN(cppcoreguidelines-pro-type-reinterpret-cast)
    const auto a0 = reinterpret_cast<std::uintptr_t>(a.data);
    const auto b0 = reinterpret_cast<std::uintptr_t>(b.data);
    // NOLINTEND(cppcoreguidelines-pro-type-reinterpret-cast)
    return a0 < b0 + b.size * element_size && b0 < a0 + a.size * element_size;
}

// Builds the message for bad input and hands it to RECTIFY_ERROR_HANDLER.
// Kept out of validate() so that the good path is only comparisons.
template <std::size_t N>
void report_bad_input(const char* function, const operand (&inputs)[N], const operand& output,
                      const operand* overlapped) {
    std::string message = std::string(function) + ": ";
    if (overlapped == nullptr) {
        message += "sizes differ:";
        // NOLINTNEXTLINE(cppcoreguidelines-pro-bounds-array-to-pointer-decay): a range-for, nothing decays
        for (const operand& in : inputs) {
            message += std::string(" ") + in.name + " has " + std::to_string(in.size) + ",";
        }
        message += std::string(" ") + output.name + " has " + std::to_string(output.size) +
                   " elements; nothing was written";
    } else {
        message += std::string(output.name) + " (" + std::to_string(output.size) + " elements) overlaps " +
                   overlapped->name + " (" + std::to_string(overlapped->size) +
                   " elements) without being the same range; nothing was written";
    }
    // NOLINTNEXTLINE(readability-redundant-string-cstr): the handler's argument is a const char*
    RECTIFY_ERROR_HANDLER(message.c_str());
}

// True when the inputs and the output may be processed; otherwise reports
// the bad input (see RECTIFY_ERROR_HANDLER) and, if the handler returns,
// returns false so that nothing is written.
template <std::size_t N>
bool validate(const char* function, const operand (&inputs)[N], const operand& output,
              std::size_t element_size) {
    for (const operand& in : inputs) {
        if (in.size != output.size) {
            detail::report_bad_input(function, inputs, output, nullptr);
            return false;
        }
    }
    for (const operand& in : inputs) {
        if (partially_overlap(in, output, element_size)) {
            detail::report_bad_input(function, inputs, output, &in);
            return false;
        }
    }
    return true;
}

template <class R>
operand operand_of(const char* name, R& r) noexcept {
    return {name, std::ranges::data(r), static_cast<std::size_t>(std::ranges::size(r))};
}

// A branch-free select for float and double: `condition ? a : b` through an
// integer mask. Compilers will not speculate the multiply in `x > 0 ? x :
// alpha * x` (GCC keeps a branch per element under its default
// -ftrapping-math), so the kernels compute both sides and then select.
template <class T>
inline constexpr bool has_mask_select =
    (std::is_same_v<T, float> || std::is_same_v<T, double>) && std::numeric_limits<T>::is_iec559;

template <class T>
T mask_select(bool condition, T a, T b) noexcept {
    using U = std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>;
    const U mask = U(0) - static_cast<U>(condition);
    return std::bit_cast<T>(static_cast<U>((std::bit_cast<U>(a) & mask) | (std::bit_cast<U>(b) & ~mask)));
}

// One element of a span kernel: the reference definition, or for float and
// double the same bits computed branch-free (both sides, then a select).
template <op Op, class T>
T element_of(T x, T dy, T alpha) noexcept {
    if constexpr (Op == op::relu) {
        return ref::relu(x);
    } else if constexpr (Op == op::relu_derivative) {
        return ref::relu_derivative(x);
    } else if constexpr (!has_mask_select<T>) {
        if constexpr (Op == op::leaky_relu) {
            return ref::leaky_relu(x, alpha);
        } else if constexpr (Op == op::leaky_relu_derivative) {
            return ref::leaky_relu_derivative(x, alpha);
        } else if constexpr (Op == op::relu_backward) {
            return ref::relu_backward(x, dy);
        } else {
            return ref::leaky_relu_backward(x, dy, alpha);
        }
    } else if constexpr (Op == op::leaky_relu) {
        return mask_select(x <= T(0), alpha * x, x);
    } else if constexpr (Op == op::leaky_relu_derivative) {
        return mask_select(x >= T(0), T(1), mask_select(x < T(0), alpha, x));
    } else if constexpr (Op == op::relu_backward) {
        return mask_select(x >= T(0), dy, mask_select(x < T(0), T(0), x));
    } else {
        static_assert(Op == op::leaky_relu_backward);
        return mask_select(x >= T(0), dy, mask_select(x < T(0), alpha * dy, x));
    }
}

// ---- Span kernels ---------------------------------------------------------------
//
// kernel<Op, T>(x, dy, out, n, alpha) computes out[i] = Op(x[i], dy[i]) for
// i < n (dy is null for the forward functions). x, dy and out are each either
// the same buffer or disjoint (validate() has checked). It hands the work to
// the kernel of the chosen instruction set.

// The portable kernel: the reference definition, element by element (what an
// optimiser may vectorise; GCC at -O3 and Clang at -O2 do).
template <op Op, class T>
void portable_kernel(const T* x, const T* dy, T* out, std::size_t n, T alpha) noexcept {
    for (std::size_t i = 0; i < n; ++i) {
        out[i] = detail::element_of<Op>(x[i], dy == nullptr ? T(0) : dy[i], alpha);
    }
}

#if RECTIFY_X86_64 || RECTIFY_AARCH64
// The vector kernels are written once, with GCC/Clang vector types of Bytes
// bytes (16 for SSE2 and NEON, 32 for AVX2, 64 for AVX-512), and compiled
// once per instruction set by the target-attributed entry points below, into
// which everything here is force-inlined. Only comparisons, selects and one
// multiply are used, so each lane follows the reference definition exactly:
// no max instruction (x86 max drops NaN, or keeps -0).

template <class T>
inline constexpr bool has_vector_kernel = has_mask_select<T> || (integer<T> && sizeof(T) <= 8);

template <class T, std::size_t Bytes>
struct simd {
    // NOLINTNEXTLINE(modernize-use-using): GCC ignores vector_size on a dependent type in `using`
    typedef T type __attribute__((vector_size(Bytes)));
    static constexpr std::size_t lanes = Bytes / sizeof(T);
};

#    define RECTIFY_INLINE [[gnu::always_inline]] inline

template <class V>
RECTIFY_INLINE void load(V& v, const void* from) noexcept {
    __builtin_memcpy(&v, from, sizeof(V));  // unaligned
}
template <class V>
RECTIFY_INLINE void store(void* to, const V& v) noexcept {
    __builtin_memcpy(to, &v, sizeof(V));
}

#    if RECTIFY_X86_64
// A streaming store of a whole aligned vector (movntdq); the kernel fences
// (sfence) after its last one, before it returns to the caller.
template <class V>
RECTIFY_INLINE void stream(void* to, const V& v) noexcept {
#        if defined(__clang__)
    __builtin_nontemporal_store(v, static_cast<V*>(to));
#        else
    typedef long long words2 __attribute__((vector_size(16)));
    typedef long long words4 __attribute__((vector_size(32)));
    typedef long long words8 __attribute__((vector_size(64)));
    if constexpr (sizeof(V) == 16) {
        __builtin_ia32_movntdq(static_cast<words2*>(to), __builtin_bit_cast(words2, v));
    } else if constexpr (sizeof(V) == 32) {
        __builtin_ia32_movntdq256(static_cast<words4*>(to), __builtin_bit_cast(words4, v));
    } else {
        __builtin_ia32_movntdq512(static_cast<words8*>(to), __builtin_bit_cast(words8, v));
    }
#        endif
}
#    endif

// r = Op(x, dy) lane by lane, written as the reference definition is: a
// vector `?:` selects per lane (a blend, or and/andnot/or on SSE2), and the
// comparisons are false for NaN, so a NaN x falls through to x itself.
// (Vectors pass by reference: no vector crosses a call boundary.)
template <op Op, class V>
// NOLINTNEXTLINE(readability-function-cognitive-complexity): one if-constexpr branch per op, one line each
RECTIFY_INLINE void apply(V& r, const V& x, const V& dy, const V& alpha) noexcept {
    const V zero{};
    if constexpr (Op == op::relu) {
        r = x <= zero ? zero : x;
    } else if constexpr (Op == op::leaky_relu) {
        r = x <= zero ? alpha * x : x;
    } else if constexpr (Op == op::relu_derivative) {
        r = x >= zero ? zero + 1 : (x < zero ? zero : x);
    } else if constexpr (Op == op::leaky_relu_derivative) {
        r = x >= zero ? zero + 1 : (x < zero ? alpha : x);
    } else if constexpr (Op == op::relu_backward) {
        r = x >= zero ? dy : (x < zero ? zero : x);
    } else {
        static_assert(Op == op::leaky_relu_backward);
        r = x >= zero ? dy : (x < zero ? alpha * dy : x);
    }
}

inline constexpr bool is_backward(op o) noexcept {
    return o == op::relu_backward || o == op::leaky_relu_backward;
}

// One vector: out[i .. i + lanes) = Op(x[i ..], dy[i ..]).
template <op Op, class T, std::size_t Bytes>
RECTIFY_INLINE void vector_step(typename simd<T, Bytes>::type& r, const T* x, const T* dy, std::size_t i,
                                const typename simd<T, Bytes>::type& alpha) noexcept {
    using V = typename simd<T, Bytes>::type;
    V vx;
    V vdy{};
    detail::load(vx, x + i);
    if constexpr (is_backward(Op)) {
        detail::load(vdy, dy + i);
    }
    detail::apply<Op>(r, vx, vdy, alpha);
}

// The loop: four vectors per turn, then one at a time; the last, partial
// vector is done as a full vector ending at n, overlapping its predecessor,
// and computed before anything is stored so that in-place calls read the
// original values. Below one vector, the next narrower width takes over, and
// below 16 bytes the scalar element function (the same bits, element by element).
//
// Streaming (x86-64, a separate output of at least the streaming threshold):
// the first vector is stored plainly, then the main loop starts at the first
// element aligned to the vector and streams whole aligned vectors.
template <op Op, class T, std::size_t Bytes, bool Streaming = false>
RECTIFY_INLINE void vector_kernel(const T* x, const T* dy, T* out, std::size_t n, T alpha) noexcept {
    using V = typename simd<T, Bytes>::type;
    constexpr std::size_t lanes = simd<T, Bytes>::lanes;
    if (n < lanes) {
        if constexpr (Bytes > 16) {
            detail::vector_kernel<Op, T, Bytes / 2>(x, dy, out, n, alpha);
        } else {
            detail::portable_kernel<Op, T>(x, dy, out, n, alpha);
        }
        return;
    }
    V valpha;  // alpha in every lane, bit for bit (V{} + alpha would turn an alpha of -0 into +0)
    for (std::size_t lane = 0; lane < lanes; ++lane) {
        valpha[lane] = alpha;
    }
    V last;
    detail::vector_step<Op, T, Bytes>(last, x, dy, n - lanes, valpha);
    std::size_t i = 0;
    if constexpr (Streaming) {
        V first;
        detail::vector_step<Op, T, Bytes>(first, x, dy, 0, valpha);
        detail::store(out, first);
        // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): an address's alignment
        const std::size_t misalignment = reinterpret_cast<std::uintptr_t>(out) % Bytes;
        i = misalignment == 0 ? lanes : (Bytes - misalignment) / sizeof(T);
    }
    for (; i + 4 * lanes <= n; i += 4 * lanes) {
        V r0, r1, r2, r3;
        detail::vector_step<Op, T, Bytes>(r0, x, dy, i, valpha);
        detail::vector_step<Op, T, Bytes>(r1, x, dy, i + lanes, valpha);
        detail::vector_step<Op, T, Bytes>(r2, x, dy, i + 2 * lanes, valpha);
        detail::vector_step<Op, T, Bytes>(r3, x, dy, i + 3 * lanes, valpha);
#    if RECTIFY_X86_64
        if constexpr (Streaming) {
            detail::stream(out + i, r0);
            detail::stream(out + i + lanes, r1);
            detail::stream(out + i + 2 * lanes, r2);
            detail::stream(out + i + 3 * lanes, r3);
            continue;
        }
#    endif
        detail::store(out + i, r0);
        detail::store(out + i + lanes, r1);
        detail::store(out + i + 2 * lanes, r2);
        detail::store(out + i + 3 * lanes, r3);
    }
#    if RECTIFY_X86_64
    if constexpr (Streaming) {
        __builtin_ia32_sfence();
    }
#    endif
    for (; i + lanes <= n; i += lanes) {
        V r;
        detail::vector_step<Op, T, Bytes>(r, x, dy, i, valpha);
        detail::store(out + i, r);
    }
    if (i < n) {
        detail::store(out + n - lanes, last);
    }
}

// The entry points, one per instruction set: the same source, compiled for
// each. (On x86-64 the AVX2 and AVX-512 ones carry target attributes, so a
// baseline build has them too; they only run where the CPU has the set.)
#    if RECTIFY_X86_64
// True if this call should stream its output (see RECTIFY_STREAMING_THRESHOLD).
template <class T>
RECTIFY_INLINE bool streams(const T* x, const T* dy, const T* out, std::size_t n) noexcept {
    const std::size_t threshold = detail_shared::streaming_threshold.load(std::memory_order_relaxed);
    return threshold != 0 && n >= threshold / sizeof(T) && out != x && out != dy &&
           // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): an address's alignment
           reinterpret_cast<std::uintptr_t>(out) % sizeof(T) == 0;
}

// The x86-64 kernel of one vector width: streaming or plain stores.
template <op Op, class T, std::size_t Bytes>
RECTIFY_INLINE void x86_kernel(const T* x, const T* dy, T* out, std::size_t n, T alpha) noexcept {
    if (detail::streams(x, dy, out, n)) {
        detail::vector_kernel<Op, T, Bytes, true>(x, dy, out, n, alpha);
    } else {
        detail::vector_kernel<Op, T, Bytes>(x, dy, out, n, alpha);
    }
}

template <op Op, class T>
void sse2_kernel(const T* x, const T* dy, T* out, std::size_t n, T alpha) noexcept {
    detail::x86_kernel<Op, T, 16>(x, dy, out, n, alpha);
}
#        if RECTIFY_DISPATCH || defined(__AVX2__)
#            define RECTIFY_HAS_AVX2_KERNEL 1
template <op Op, class T>
[[gnu::target("avx2")]] void avx2_kernel(const T* x, const T* dy, T* out, std::size_t n, T alpha) noexcept {
    detail::x86_kernel<Op, T, 32>(x, dy, out, n, alpha);
}
#        else
#            define RECTIFY_HAS_AVX2_KERNEL 0
#        endif
#        if RECTIFY_DISPATCH || (defined(__AVX512F__) && defined(__AVX512BW__))
#            define RECTIFY_HAS_AVX512_KERNEL 1
template <op Op, class T>
[[gnu::target("avx512f,avx512bw")]] void avx512_kernel(const T* x, const T* dy, T* out, std::size_t n,
                                                       T alpha) noexcept {
    detail::x86_kernel<Op, T, 64>(x, dy, out, n, alpha);
}
#        else
#            define RECTIFY_HAS_AVX512_KERNEL 0
#        endif
#    else
template <op Op, class T>
void neon_kernel(const T* x, const T* dy, T* out, std::size_t n, T alpha) noexcept {
    detail::vector_kernel<Op, T, 16>(x, dy, out, n, alpha);
}
#    endif
#    undef RECTIFY_INLINE
#else
template <class T>
inline constexpr bool has_vector_kernel = false;
#endif

// Which kernels this translation unit has and this CPU runs.
inline bool cpu_runs(isa path) noexcept {
    switch (path) {
    case isa::portable:  // NOLINT(bugprone-branch-clone): which cases share a body depends on the #if below
        return true;
#if RECTIFY_X86_64
    case isa::sse2:
        return true;
#    if RECTIFY_DISPATCH
    case isa::avx2:
        __builtin_cpu_init();
        return static_cast<bool>(__builtin_cpu_supports("avx2"));  // int with GCC, bool with Clang
    case isa::avx512:
        __builtin_cpu_init();
        return static_cast<bool>(__builtin_cpu_supports("avx512f")) &&
               static_cast<bool>(__builtin_cpu_supports("avx512bw"));
#    else  // the compiler flags decide, and promise the CPU has what they enable
    case isa::avx2:  // NOLINT(bugprone-branch-clone): the same body when both kernels are (not) compiled in
        return RECTIFY_HAS_AVX2_KERNEL != 0;
    case isa::avx512:
        return RECTIFY_HAS_AVX512_KERNEL != 0;
#    endif
#elif RECTIFY_AARCH64
    case isa::neon:
        return true;
#endif
    default:
        return false;
    }
}

inline isa widest_isa() noexcept {
    for (isa path : {isa::avx512, isa::avx2, isa::sse2, isa::neon}) {
        if (detail::cpu_runs(path)) {
            return path;
        }
    }
    return isa::portable;
}

// The chosen kernel; the first call in the program chooses (racing threads
// all choose the same and store it once).
inline isa current_isa() noexcept {
    int chosen = detail_shared::chosen_isa.load(std::memory_order_relaxed);
    if (chosen < 0) [[unlikely]] {
        const int widest = static_cast<int>(detail::widest_isa());
        chosen = detail_shared::chosen_isa.compare_exchange_strong(chosen, widest, std::memory_order_relaxed)
                     ? widest
                     : chosen;
    }
    return static_cast<isa>(chosen);
}

template <op Op, class T>
void kernel(const T* x, const T* dy, T* out, std::size_t n, T alpha) noexcept {
    if constexpr (has_vector_kernel<T>) {
        // A kernel this translation unit lacks (another one, built with other
        // flags, may have forced it) falls through to the next narrower one.
        switch (detail::current_isa()) {
#if RECTIFY_X86_64
        case isa::avx512:  // NOLINT(bugprone-branch-clone): cases without a kernel fall through alike
#    if RECTIFY_HAS_AVX512_KERNEL
            return detail::avx512_kernel<Op, T>(x, dy, out, n, alpha);
#    else
            [[fallthrough]];
#    endif
        case isa::avx2:
#    if RECTIFY_HAS_AVX2_KERNEL
            return detail::avx2_kernel<Op, T>(x, dy, out, n, alpha);
#    else
            [[fallthrough]];
#    endif
        case isa::sse2:
            return detail::sse2_kernel<Op, T>(x, dy, out, n, alpha);
#elif RECTIFY_AARCH64
        case isa::neon:
            return detail::neon_kernel<Op, T>(x, dy, out, n, alpha);
#endif
        default:
            break;
        }
    }
    detail::portable_kernel<Op, T>(x, dy, out, n, alpha);
}

template <op Op, class X, class Out, class T>
void map(const char* name, X&& x, Out&& out, T alpha) {
    const operand inputs[] = {operand_of("input", x)};
    if (!detail::validate(name, inputs, operand_of("output", out), sizeof(T))) {
        return;
    }
    detail::kernel<Op, T>(std::ranges::data(x), nullptr, std::ranges::data(out),
                          static_cast<std::size_t>(std::ranges::size(out)), alpha);
}

template <op Op, class X, class Dy, class Out, class T>
void map_backward(const char* name, X&& x, Dy&& dy, Out&& out, T alpha) {
    const operand inputs[] = {operand_of("x", x), operand_of("grad_out", dy)};
    if (!detail::validate(name, inputs, operand_of("grad_in", out), sizeof(T))) {
        return;
    }
    detail::kernel<Op, T>(std::ranges::data(x), std::ranges::data(dy), std::ranges::data(out),
                          static_cast<std::size_t>(std::ranges::size(out)), alpha);
}

}  // namespace detail

inline isa active_isa() noexcept {
    return detail::current_isa();
}

inline bool isa_supported(isa path) noexcept {
    return detail::cpu_runs(path);
}

inline bool force_isa(isa path) noexcept {
    if (!detail::cpu_runs(path)) {
        return false;
    }
    detail_shared::chosen_isa.store(static_cast<int>(path), std::memory_order_relaxed);
    return true;
}

inline void reset_isa() noexcept {
    detail_shared::chosen_isa.store(-1, std::memory_order_relaxed);
}

}  // namespace RECTIFY_TU_NAMESPACE
}  // namespace v0
}  // namespace rectify

#endif  // RECTIFY_RECTIFY_HPP_INCLUDED
