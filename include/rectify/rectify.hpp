// rectify 0.1.0: activation functions, their derivatives and backward passes:
// the ReLU family exact to the bit, the smooth rectifiers correctly rounded.
// Header-only, C++20, standard library only. Docs: README.md and docs/ of the
// rectify project.
//
// Map of this file:
//   configuration macros (versions, features, instruction sets, execution
//     policies: RECTIFY_EXECUTION, errors)
//   types (the element and range concepts)
//   the relu family: definitions (detail::ref), then relu, leaky_relu, their
//     derivatives and backward passes
//   the smooth rectifiers: gelu, gelu_tanh, silu, sigmoid, tanh, elu, selu,
//     celu, softplus, mish (their definitions are the formulas on each line)
//   which kernel runs (active_isa, force_isa, ...)
//   machinery (detail): validation and errors, execution policies (chunks on
//     a fixed grid through std::for_each: run_chunks), the relu-family kernels, the
//     math core of the smooth functions (double and double-double), their
//     kernels, and the run-time choice of kernel
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

#include <array>
#include <atomic>
#include <bit>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>  // std::memcpy: prelu's slope pattern
#include <functional>
#include <limits>
#include <new>  // std::nothrow: the 16-bit tables
#include <ranges>
#include <ratio>  // for leaky_relu<std::ratio<N, D>>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>  // std::index_sequence: vector halves by shuffles
#include <vector>  // prelu_backward: the slope-gradient accumulators

#if !defined(RECTIFY_NO_SIMD) && defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
#    include <immintrin.h>  // declares GCC's streaming-store builtins for every vector width
#endif
#if !defined(RECTIFY_NO_SIMD) && defined(__GNUC__) && defined(__x86_64__)
#    include <cpuid.h>  // __get_cpuid: whether the CPU has F16C (the 16-bit kernels use it)
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

// RECTIFY_UNROLL(n): unroll the next loop n times (GCC; its -O2 keeps a short
// loop over an array of vectors as a loop, with the vectors in memory).
#if defined(__GNUC__) && !defined(__clang__) && !defined(__CUDACC__)
#    define RECTIFY_UNROLL_(text) _Pragma(#text)
#    define RECTIFY_UNROLL(n) RECTIFY_UNROLL_(GCC unroll n)
#else
#    define RECTIFY_UNROLL(n)
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
// The default was measured (see docs/speed.md); 0 turns streaming off.
#ifndef RECTIFY_STREAMING_THRESHOLD
#    define RECTIFY_STREAMING_THRESHOLD (std::size_t{8} << 20)
#endif
// Once a function of 16-bit numbers (float16_t, bfloat16_t...) has been
// called on this many elements, in one span or in all so far, it makes the
// table of all 65536 of its results (the smooth functions with their default
// parameter; hardsigmoid, hardswish and hardswish' but on the AVX-512
// kernel); afterwards every call of that function reads it.
// SIZE_MAX: never.
#ifndef RECTIFY_HALF_TABLE_MIN
#    define RECTIFY_HALF_TABLE_MIN (std::size_t{1} << 14U)
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

// ---- Execution policies ---------------------------------------------------------
// RECTIFY_EXECUTION 1 gives every span form a twin that takes a standard
// execution policy first, rectify::gelu(std::execution::par, in, out), and
// includes <execution>; 0 leaves them out. Undefined, it is 1 where
// <execution> was included before this header (a file that names
// std::execution::par includes it anyway), else 0, so that no other user pays
// for <execution>: with libstdc++ it brings the parallel algorithms and, where
// oneTBB's headers are installed, TBB's (+0.25 to 0.45 s a file), and a GCC
// -O0 build that includes it with those headers installed needs -ltbb even
// if it runs nothing in parallel. See docs/parallel.md.
#ifndef RECTIFY_EXECUTION
#    if defined(_GLIBCXX_EXECUTION) || defined(_LIBCPP_EXECUTION) || defined(_EXECUTION_)
#        define RECTIFY_EXECUTION 1
#    else
#        define RECTIFY_EXECUTION 0
#    endif
#endif
#if RECTIFY_EXECUTION
#    include <algorithm>
#    include <execution>
#    include <iterator>
#    include <thread>
#    if !defined(__cpp_lib_execution)
#        error "rectify: RECTIFY_EXECUTION needs a standard library with execution policies (<execution>)"
#    endif
// libstdc++'s parallel algorithms (pstl) do not compile without exceptions:
// there the policy forms run sequentially.
#    if RECTIFY_HAS_EXCEPTIONS || !defined(__GLIBCXX__)
#        define RECTIFY_PARALLEL_ENGINE 1
#    else
#        define RECTIFY_PARALLEL_ENGINE 0
#    endif
#    define RECTIFY_NS_EXECUTION _execution
#else
#    define RECTIFY_PARALLEL_ENGINE 0
#    define RECTIFY_NS_EXECUTION
#endif

#define RECTIFY_PASTE_(a, b, c, d, e, f, g) a##b##c##d##e##f##g
#define RECTIFY_PASTE(a, b, c, d, e, f, g) RECTIFY_PASTE_(a, b, c, d, e, f, g)
#ifndef RECTIFY_TU_NAMESPACE
#    define RECTIFY_TU_NAMESPACE                                                                  \
        RECTIFY_PASTE(build_, RECTIFY_NS_TARGET, RECTIFY_NS_MATH, RECTIFY_NS_KERNELS, RECTIFY_NS_ERRORS, \
                      RECTIFY_NS_DEVICE, RECTIFY_NS_EXECUTION)
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

// The 16-bit elements, in one call or in all, after which a function makes
// its table; see RECTIFY_HALF_TABLE_MIN.
// NOLINTNEXTLINE(cppcoreguidelines-avoid-non-const-global-variables): one per program, set by tests
inline std::atomic<std::size_t> half_table_min{RECTIFY_HALF_TABLE_MIN};

// 0: the AVX-512 kernel leaves AVX-512 BF16's bfloat16 products alone even
// where the CPU has them (tests set it, to run that kernel both ways).
// NOLINTNEXTLINE(cppcoreguidelines-avoid-non-const-global-variables): one per program, set by tests
inline std::atomic<int> half_bf16_instructions{1};

// 0: the AVX-512 kernel leaves AVX-512 FP16's binary16 arithmetic (products,
// hardtanh, threshold) alone even where the CPU has it (tests set it, to run
// that kernel both ways).
// NOLINTNEXTLINE(cppcoreguidelines-avoid-non-const-global-variables): one per program, set by tests
inline std::atomic<int> half_fp16_instructions{1};

// 0: the AVX-512 kernel reads the 16-bit tables with scalar loads even where
// it would gather (Intel CPUs; tests set it, to run that kernel both ways).
// NOLINTNEXTLINE(cppcoreguidelines-avoid-non-const-global-variables): one per program, set by tests
inline std::atomic<int> half_gather_lookups{1};

// How prelu's span forms lay out the slopes where one period (C x inner) is
// short enough to repeat: -1, as the measured rule says (prelu_long_runs); 0,
// the repeated pattern; 1, runs of one channel (channels first) or rows of
// the slopes (channels last). Every choice gives the same bits (tests set it,
// to check both; rectify_decisions_bench, to time both).
// NOLINTNEXTLINE(cppcoreguidelines-avoid-non-const-global-variables): one per program, set by tests
inline std::atomic<int> prelu_layout{-1};

// Where not the largest size_t: the length from which a parallel policy
// splits the range, for every family, in place of the measured cutoffs (tests
// set it to 0 to split short ranges).
// NOLINTNEXTLINE(cppcoreguidelines-avoid-non-const-global-variables): one per program, set by tests
inline std::atomic<std::size_t> parallel_cutoff{static_cast<std::size_t>(-1)};
}  // namespace detail_shared

// ============================================================================
// 16-bit floating types: float16_t and bfloat16_t
// ============================================================================
//
// rectify::float16_t (IEEE 754 binary16: 1 sign, 5 exponent, 10 fraction
// bits) and rectify::bfloat16_t (the upper half of a float: 8 exponent, 7
// fraction bits) work with every C++20 compiler, and every function takes
// them. Each is two bytes, trivially copyable, and a std::bit_cast away from
// std::uint16_t, so a model's buffer of 16-bit values can be handed to a span
// form as it is (std::span<rectify::bfloat16_t> over its storage):
//   - float16_t(x), bfloat16_t(x): x (any arithmetic type) rounded once, to
//     nearest, ties to even (a NaN stays a NaN of the same sign, quieted;
//     overflow gives infinity);
//   - conversion to float is implicit and exact; comparisons are float's;
//   - + - * / round once (the exact result to nearest, ties to even);
//   - from_bits(b) and to_bits() give the bits.
// The compiler's own types (_Float16 / std::float16_t, std::bfloat16_t) are
// taken too, where it has them, with the same results.
//
// These types live outside the per-flags namespace below, so that they are
// one type in the whole program; their members are forced inline, so that no
// copy compiled for a wider instruction set reaches code built for a
// narrower one.

#if defined(__GNUC__)
#    define RECTIFY_ALWAYS_INLINE [[gnu::always_inline]] inline
#else
#    define RECTIFY_ALWAYS_INLINE inline
#endif

namespace detail_shared {
enum class half_kind : unsigned char { binary16, bfloat16 };

// The format: significand digits (the leading bit included), the exponent of
// the smallest normal number, exponent bits.
template <half_kind K>
struct half_format {
    static constexpr int digits = K == half_kind::binary16 ? 11 : 8;
    // cppcheck-suppress unusedStructMember ; used by half_from_double and numeric_limits (templates)
    static constexpr int min_exponent = K == half_kind::binary16 ? -14 : -126;
    static constexpr int exponent_bits = K == half_kind::binary16 ? 5 : 8;
    static constexpr int fraction_bits = digits - 1;
    static constexpr std::uint32_t infinity = ((1U << exponent_bits) - 1U) << fraction_bits;
    static constexpr std::uint32_t quiet_bit = 1U << (fraction_bits - 1);
    static constexpr std::uint32_t fraction_mask = (1U << fraction_bits) - 1U;
};

// The value of bits h, exactly, as a float.
template <half_kind K>
RECTIFY_ALWAYS_INLINE RECTIFY_HOST_DEVICE constexpr float half_to_float(std::uint16_t h) noexcept {
    if constexpr (K == half_kind::bfloat16) {
        return std::bit_cast<float>(static_cast<std::uint32_t>(h) << 16U);
    } else {
        const std::uint32_t sign = (h & 0x8000U) << 16U;
        const std::uint32_t e = (h >> 10U) & 0x1fU;
        const std::uint32_t m = h & 0x3ffU;
        if (e == 0x1fU) {  // infinity, NaN
            return std::bit_cast<float>(sign | 0x7f800000U | (m << 13U));
        }
        if (e != 0) {
            return std::bit_cast<float>(sign | ((e + 112U) << 23U) | (m << 13U));
        }
        if (m == 0) {
            return std::bit_cast<float>(sign);
        }
        // Subnormal, m 2^-24: the leading bit of m moves to bit 23.
        const auto width = static_cast<std::uint32_t>(std::bit_width(m));
        return std::bit_cast<float>(sign | ((width + 102U) << 23U) | ((m << (24U - width)) & 0x7fffffU));
    }
}

// v rounded once to the format (to nearest, ties to even); a NaN keeps its
// sign and the top of its payload, and is quieted.
template <half_kind K>
RECTIFY_ALWAYS_INLINE RECTIFY_HOST_DEVICE constexpr std::uint16_t half_from_double(double v) noexcept {
    using F = half_format<K>;
    const auto b = std::bit_cast<std::uint64_t>(v);
    const auto sign = static_cast<std::uint32_t>(b >> 48U) & 0x8000U;
    const std::uint64_t a = b & 0x7fffffffffffffffU;
    if (a >= 0x7ff0000000000000U) {  // infinity, NaN
        std::uint32_t r = F::infinity;
        if (a != 0x7ff0000000000000U) {
            r |= F::quiet_bit | (static_cast<std::uint32_t>(a >> (52U - F::fraction_bits)) & F::fraction_mask);
        }
        return static_cast<std::uint16_t>(sign | r);
    }
    const int biased = static_cast<int>(a >> 52U);
    if (biased == 0) {  // zero or a subnormal double: far below the format's smallest subnormal
        return static_cast<std::uint16_t>(sign);
    }
    const int exponent = biased - 1023;
    const std::uint64_t m = (a & 0x000fffffffffffffU) | 0x0010000000000000U;  // v = m 2^(exponent - 52)
    const int scale = exponent < F::min_exponent ? F::min_exponent : exponent;
    // The result is a multiple of 2^(scale - fraction_bits): m shifted right by `shift`, rounded.
    const int shift = scale - F::fraction_bits - exponent + 52;
    if (shift >= 54) {  // below a quarter of the smallest subnormal
        return static_cast<std::uint16_t>(sign);
    }
    const auto s = static_cast<unsigned>(shift);
    std::uint64_t r = m >> s;
    const std::uint64_t rest = m & ((std::uint64_t{1} << s) - 1U);
    const std::uint64_t half = std::uint64_t{1} << (s - 1U);
    if (rest > half || (rest == half && (r & 1U) != 0)) {
        ++r;  // a carry into the exponent is right, and so is one into infinity
    }
    const std::uint64_t code =
        (static_cast<std::uint64_t>(scale - F::min_exponent) << static_cast<unsigned>(F::fraction_bits)) + r;
    return static_cast<std::uint16_t>(sign | (code >= F::infinity ? F::infinity : static_cast<std::uint32_t>(code)));
}

// A magnitude of at most 64 bits as a double that rounds to the format as it
// does: exact below 2^53; above, rounded to odd (the bits shifted out leave
// a sticky 1).
RECTIFY_ALWAYS_INLINE RECTIFY_HOST_DEVICE constexpr double magnitude_to_odd_double(std::uint64_t u) noexcept {
    std::uint64_t scale = 1;
    if ((u >> 53U) != 0) {
        unsigned shift = 0;  // so that u >> shift has 53 bits (a loop: std::bit_width is host code for nvcc)
        while ((u >> shift) >= (std::uint64_t{1} << 53U)) {
            ++shift;
        }
        const bool sticky = (u & ((std::uint64_t{1} << shift) - 1U)) != 0;
        u = (u >> shift) | (sticky ? 1U : 0U);
        scale = std::uint64_t{1} << shift;
    }
    return static_cast<double>(u) * static_cast<double>(scale);  // exact
}

// An integer of at most 64 bits the same way, with its sign.
template <class A>
RECTIFY_ALWAYS_INLINE RECTIFY_HOST_DEVICE constexpr double integer_to_odd_double(A v) noexcept {
    static_assert(sizeof(A) <= sizeof(std::uint64_t), "rectify: integers of at most 64 bits");
    if constexpr (std::is_signed_v<A>) {
        const auto s = static_cast<std::int64_t>(v);  // NOLINT(bugprone-signed-char-misuse): a number
        auto magnitude = static_cast<std::uint64_t>(s);
        if (s < 0) {
            magnitude = std::uint64_t{0} - magnitude;
        }
        const double d = detail_shared::magnitude_to_odd_double(magnitude);
        return s < 0 ? -d : d;
    } else {
        return detail_shared::magnitude_to_odd_double(static_cast<std::uint64_t>(v));
    }
}

// v as a double that rounds to the format as v does: exact, or v rounded to
// odd (the neighbour with an odd last bit), which a second rounding to a
// format at least two bits shorter cannot round differently from v.
template <class A>
RECTIFY_ALWAYS_INLINE RECTIFY_HOST_DEVICE constexpr double to_odd_double(A v) noexcept {
    if constexpr (std::is_integral_v<A>) {
        return detail_shared::integer_to_odd_double(v);
    } else if constexpr (std::numeric_limits<A>::digits > std::numeric_limits<double>::digits) {
        const auto d = static_cast<double>(v);
        if (static_cast<A>(d) == v || d - d != 0) {  // exact, NaN or infinite
            return d;
        }
        auto bits = std::bit_cast<std::uint64_t>(d);
        if ((bits & 1U) == 0) {
            const bool above = static_cast<A>(d < 0 ? -d : d) > (v < A(0) ? -v : v);
            bits = above ? bits - 1U : bits + 1U;
        }
        return std::bit_cast<double>(bits);
    } else {
        return static_cast<double>(v);
    }
}

template <class A>
inline constexpr bool half_source = std::is_arithmetic_v<A> && !std::is_same_v<A, bool>;
#if RECTIFY_HAS_FLOAT16
template <>
inline constexpr bool half_source<_Float16> = true;
#endif
#if RECTIFY_HAS_BFLOAT16
template <>
inline constexpr bool half_source<std::bfloat16_t> = true;
#endif
}  // namespace detail_shared

/// A 16-bit floating-point number: float16_t or bfloat16_t (see above).
template <detail_shared::half_kind K>
class basic_half {
public:
    // cppcheck-suppress uninitMemberVar ; uninitialised like a float, so the type stays trivial
    basic_half() = default;  // NOLINT(cppcoreguidelines-pro-type-member-init): as above

    /// v rounded once to nearest, ties to even (NaN stays NaN; too large is infinity).
    template <class A>
        requires detail_shared::half_source<A>
    RECTIFY_ALWAYS_INLINE RECTIFY_HOST_DEVICE constexpr explicit basic_half(A v) noexcept
        : bits_(detail_shared::half_from_double<K>(detail_shared::to_odd_double(v))) {}

    /// The other 16-bit type, rounded once.
    template <detail_shared::half_kind Other>
        requires(Other != K)
    RECTIFY_ALWAYS_INLINE RECTIFY_HOST_DEVICE constexpr explicit basic_half(basic_half<Other> v) noexcept
        : bits_(detail_shared::half_from_double<K>(static_cast<double>(static_cast<float>(v)))) {}

    /// The value, exactly.
    // NOLINTNEXTLINE(google-explicit-constructor,hicpp-explicit-conversions): widening, exact, as float to double
    RECTIFY_ALWAYS_INLINE RECTIFY_HOST_DEVICE constexpr operator float() const noexcept {
        return detail_shared::half_to_float<K>(bits_);
    }

    /// The number with these bits.
    [[nodiscard]] RECTIFY_ALWAYS_INLINE RECTIFY_HOST_DEVICE static constexpr basic_half from_bits(
        std::uint16_t bits) noexcept {
        basic_half h{};
        h.bits_ = bits;
        return h;
    }
    /// Its bits.
    [[nodiscard]] RECTIFY_ALWAYS_INLINE RECTIFY_HOST_DEVICE constexpr std::uint16_t to_bits() const noexcept {
        return bits_;
    }

    // Arithmetic: the exact result rounded once. (Through double: it holds
    // products of two of these exactly, and rounds sums and quotients with
    // enough extra bits that the second rounding is the first's.)
    RECTIFY_ALWAYS_INLINE RECTIFY_HOST_DEVICE friend constexpr basic_half operator+(basic_half a, basic_half b) noexcept {
        return basic_half(static_cast<double>(static_cast<float>(a)) + static_cast<double>(static_cast<float>(b)));
    }
    RECTIFY_ALWAYS_INLINE RECTIFY_HOST_DEVICE friend constexpr basic_half operator-(basic_half a, basic_half b) noexcept {
        return basic_half(static_cast<double>(static_cast<float>(a)) - static_cast<double>(static_cast<float>(b)));
    }
    RECTIFY_ALWAYS_INLINE RECTIFY_HOST_DEVICE friend constexpr basic_half operator*(basic_half a, basic_half b) noexcept {
        return basic_half(static_cast<double>(static_cast<float>(a)) * static_cast<double>(static_cast<float>(b)));
    }
    RECTIFY_ALWAYS_INLINE RECTIFY_HOST_DEVICE friend constexpr basic_half operator/(basic_half a, basic_half b) noexcept {
        return basic_half(static_cast<double>(static_cast<float>(a)) / static_cast<double>(static_cast<float>(b)));
    }
    /// The sign flipped (NaN too).
    RECTIFY_ALWAYS_INLINE RECTIFY_HOST_DEVICE friend constexpr basic_half operator-(basic_half a) noexcept {
        return from_bits(static_cast<std::uint16_t>(a.bits_ ^ 0x8000U));
    }
    RECTIFY_ALWAYS_INLINE RECTIFY_HOST_DEVICE friend constexpr basic_half operator+(basic_half a) noexcept {
        return a;
    }
    RECTIFY_ALWAYS_INLINE RECTIFY_HOST_DEVICE constexpr basic_half& operator+=(basic_half b) noexcept {
        return *this = *this + b;
    }
    RECTIFY_ALWAYS_INLINE RECTIFY_HOST_DEVICE constexpr basic_half& operator-=(basic_half b) noexcept {
        return *this = *this - b;
    }
    RECTIFY_ALWAYS_INLINE RECTIFY_HOST_DEVICE constexpr basic_half& operator*=(basic_half b) noexcept {
        return *this = *this * b;
    }
    RECTIFY_ALWAYS_INLINE RECTIFY_HOST_DEVICE constexpr basic_half& operator/=(basic_half b) noexcept {
        return *this = *this / b;
    }

private:
    std::uint16_t bits_;
};

/// IEEE 754 binary16 (what _Float16 and std::float16_t are).
using float16_t = basic_half<detail_shared::half_kind::binary16>;
/// bfloat16: float's sign, exponent and top 7 fraction bits (what std::bfloat16_t is).
using bfloat16_t = basic_half<detail_shared::half_kind::bfloat16>;

static_assert(sizeof(float16_t) == 2 && std::is_trivially_copyable_v<float16_t>);
static_assert(sizeof(bfloat16_t) == 2 && std::is_trivially_copyable_v<bfloat16_t>);

}  // namespace v0
}  // namespace rectify

/// std::numeric_limits of rectify's 16-bit types.
template <rectify::detail_shared::half_kind K>
class std::numeric_limits<rectify::basic_half<K>> {
    using H = rectify::basic_half<K>;
    using F = rectify::detail_shared::half_format<K>;
    static constexpr H bits(std::uint32_t b) noexcept { return H::from_bits(static_cast<std::uint16_t>(b)); }

public:
    static constexpr bool is_specialized = true;
    static constexpr bool is_signed = true;
    static constexpr bool is_integer = false;
    static constexpr bool is_exact = false;
    static constexpr bool has_infinity = true;
    static constexpr bool has_quiet_NaN = true;      // NOLINT(readability-identifier-naming): the standard's name
    static constexpr bool has_signaling_NaN = true;  // NOLINT(readability-identifier-naming): the standard's name
    static constexpr std::float_denorm_style has_denorm = std::denorm_present;
    static constexpr bool has_denorm_loss = false;
    static constexpr bool is_iec559 = K == rectify::detail_shared::half_kind::binary16;
    static constexpr bool is_bounded = true;
    static constexpr bool is_modulo = false;
    static constexpr bool traps = false;
    static constexpr bool tinyness_before = false;
    static constexpr std::float_round_style round_style = std::round_to_nearest;
    static constexpr int radix = 2;
    static constexpr int digits = F::digits;
    static constexpr int digits10 = K == rectify::detail_shared::half_kind::binary16 ? 3 : 2;
    static constexpr int max_digits10 = K == rectify::detail_shared::half_kind::binary16 ? 5 : 4;
    static constexpr int min_exponent = F::min_exponent + 1;
    static constexpr int max_exponent = -F::min_exponent + 2;
    static constexpr int min_exponent10 = K == rectify::detail_shared::half_kind::binary16 ? -4 : -37;
    static constexpr int max_exponent10 = K == rectify::detail_shared::half_kind::binary16 ? 4 : 38;
    static constexpr H min() noexcept { return bits(1U << F::fraction_bits); }
    static constexpr H max() noexcept { return bits(F::infinity - 1U); }
    static constexpr H lowest() noexcept { return bits(0x8000U | (F::infinity - 1U)); }
    static constexpr H epsilon() noexcept {  // 2^-fraction_bits
        return bits(static_cast<std::uint32_t>(1 - F::min_exponent - F::fraction_bits) << F::fraction_bits);
    }
    static constexpr H round_error() noexcept { return H(0.5); }
    static constexpr H infinity() noexcept { return bits(F::infinity); }
    // NOLINTNEXTLINE(readability-identifier-naming): the standard's name
    static constexpr H quiet_NaN() noexcept { return bits(F::infinity | F::quiet_bit); }
    // NOLINTNEXTLINE(readability-identifier-naming): the standard's name
    static constexpr H signaling_NaN() noexcept { return bits(F::infinity | (F::quiet_bit >> 1U)); }
    static constexpr H denorm_min() noexcept { return bits(1U); }
};

namespace rectify {
inline namespace v0 {

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
template <detail_shared::half_kind K>
inline constexpr bool is_extended_floating<basic_half<K>> = true;

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

#if RECTIFY_EXECUTION
/// A standard execution policy: std::execution::seq, unseq, par, par_unseq.
/// Every span form has a twin that takes one first (see docs/parallel.md):
/// seq and unseq run as the form without a policy; par and par_unseq split
/// the range into chunks on a fixed grid and run them through the standard
/// library's parallel algorithms, with the same bits.
template <class P>
concept execution_policy = std::is_execution_policy_v<std::remove_cvref_t<P>>;
#endif

// ============================================================================
// Semantics: the one definition. Every span form, on every instruction set,
// returns exactly these bits (see the table in docs/relu.md); the one latitude
// is the sign and payload of a NaN that arithmetic creates (0 * inf, a NaN
// alpha), which are the hardware's.
// ============================================================================

namespace detail::ref {

// `take ? value : x`, the selects of the relu family. GCC 12 compiling
// _Float16 for AVX-512 FP16 (-march=sapphirerapids, -march=native on such a
// CPU, and rectify's own FP16 kernel, whose tail loop runs these) makes a
// select between a number and the constant 0 whose result is stored (more of
// them under -ffast-math, which drops the NaN branches) a vmovsh store with
// zero-masking: an encoding that does not exist, so the assembler stops the
// build. On the compiler's own 2-byte types every select is taken on the bits
// (the same value; tests/march_fp16.cpp is built so).
template <class T>
inline constexpr bool compiler_half = sizeof(T) == 2 && !std::is_class_v<T> && floating<T>;
template <class T>
[[nodiscard]] RECTIFY_HOST_DEVICE constexpr T select(bool take, T value, T x) noexcept {
    if constexpr (compiler_half<T>) {
        const auto mask = static_cast<std::uint16_t>(0U - static_cast<unsigned>(take));
        return std::bit_cast<T>(static_cast<std::uint16_t>((std::bit_cast<std::uint16_t>(value) & mask) |
                                                           (std::bit_cast<std::uint16_t>(x) & ~mask)));
    } else {
        return take ? value : x;
    }
}

/// IEEE 754-2019 maximum(x, +0): NaN stays NaN, -0 becomes +0.
template <element T>
[[nodiscard]] RECTIFY_HOST_DEVICE constexpr T relu(T x) noexcept {
    if constexpr (std::is_unsigned_v<T>) {
        return x;
    } else {
        return ref::select(x <= T(0), T(0), x);  // NaN compares false and is returned as is
    }
}

/// 1 for x >= 0 (so 1 at both zeros), 0 for x < 0, NaN for NaN.
template <element T>
[[nodiscard]] RECTIFY_HOST_DEVICE constexpr T relu_derivative(T x) noexcept {
    if constexpr (std::is_unsigned_v<T>) {
        return T(1);
    } else {
        return ref::select(x >= T(0), T(1), ref::select(x < T(0), T(0), x));
    }
}

/// x for x > 0, alpha * x otherwise (so alpha * -0 at -0); a NaN is returned
/// as it is, never multiplied (an optimiser may still quiet a signalling NaN).
template <class T>
[[nodiscard]] RECTIFY_HOST_DEVICE constexpr T leaky_relu(T x, T alpha) noexcept {
    if constexpr (ref::compiler_half<T>) {
        if (!std::is_constant_evaluated()) {  // (a product of a NaN is no constant)
            return ref::select(x <= T(0), alpha * x, x);  // alpha 0 is a select of 0 (see select)
        }
    }
    return x <= T(0) ? alpha * x : x;  // NaN compares false and is returned as is
}

/// 1 for x >= 0, alpha for x < 0, NaN for NaN.
template <class T>
[[nodiscard]] RECTIFY_HOST_DEVICE constexpr T leaky_relu_derivative(T x, T alpha) noexcept {
    return ref::select(x >= T(0), T(1), ref::select(x < T(0), alpha, x));
}

/// A select, not a product: dy for x >= 0, +0 for x < 0 (even where dy is
/// NaN or infinite), NaN for NaN x.
template <element T>
[[nodiscard]] RECTIFY_HOST_DEVICE constexpr T relu_backward(T x, T dy) noexcept {
    if constexpr (std::is_unsigned_v<T>) {
        return dy;
    } else {
        return ref::select(x >= T(0), dy, ref::select(x < T(0), T(0), x));
    }
}

/// dy for x >= 0, alpha * dy for x < 0, NaN for NaN x.
template <class T>
[[nodiscard]] RECTIFY_HOST_DEVICE constexpr T leaky_relu_backward(T x, T dy, T alpha) noexcept {
    if constexpr (ref::compiler_half<T>) {
        if (!std::is_constant_evaluated()) {
            return ref::select(x >= T(0), dy, ref::select(x < T(0), alpha * dy, x));
        }
    }
    return x >= T(0) ? dy : (x < T(0) ? alpha * dy : x);
}

// The clamps and steps below are selects; where their value is arithmetic
// ((x + 3) / 6, x (x + 3) / 6, (2x + 3) / 6) it is the real value rounded
// once to T (detail::rational_rounded). At every kink the derivative is the
// one from the right, as relu's is at 0. The parameters are valid
// (hardtanh: lo <= hi, neither NaN; threshold: not NaN): the API checks them.

/// +0 for x <= 0, 6 for x >= 6, x between; NaN for NaN.
template <class T>
[[nodiscard]] RECTIFY_HOST_DEVICE constexpr T relu6(T x) noexcept {
    return ref::select(x <= T(0), T(0), ref::select(x >= T(6), T(6), x));
}

/// 1 for 0 <= x < 6, 0 elsewhere, NaN for NaN.
template <class T>
[[nodiscard]] RECTIFY_HOST_DEVICE constexpr T relu6_derivative(T x) noexcept {
    return ref::select(x >= T(0), ref::select(x < T(6), T(1), T(0)), ref::select(x < T(0), T(0), x));
}

/// dy for 0 <= x < 6, +0 elsewhere (a select), NaN for NaN x.
template <class T>
[[nodiscard]] RECTIFY_HOST_DEVICE constexpr T relu6_backward(T x, T dy) noexcept {
    return ref::select(x >= T(0), ref::select(x < T(6), dy, T(0)), ref::select(x < T(0), T(0), x));
}

/// lo for x < lo, hi for x > hi, x itself between (-0 kept); NaN for NaN.
template <class T>
[[nodiscard]] RECTIFY_HOST_DEVICE constexpr T hardtanh(T x, T lo, T hi) noexcept {
    return ref::select(x < lo, lo, ref::select(x > hi, hi, x));
}

/// 1 for lo <= x < hi, 0 elsewhere, NaN for NaN.
template <class T>
[[nodiscard]] RECTIFY_HOST_DEVICE constexpr T hardtanh_derivative(T x, T lo, T hi) noexcept {
    return ref::select(x >= lo, ref::select(x < hi, T(1), T(0)), ref::select(x < lo, T(0), x));
}

/// dy for lo <= x < hi, +0 elsewhere (a select), NaN for NaN x.
template <class T>
[[nodiscard]] RECTIFY_HOST_DEVICE constexpr T hardtanh_backward(T x, T dy, T lo, T hi) noexcept {
    return ref::select(x >= lo, ref::select(x < hi, dy, T(0)), ref::select(x < lo, T(0), x));
}

/// x for x > threshold, value otherwise; NaN for NaN.
template <class T>
[[nodiscard]] RECTIFY_HOST_DEVICE constexpr T threshold(T x, T t, T value) noexcept {
    return ref::select(x <= t, value, x);  // NaN compares false and is returned as is
}

/// 1 for x > threshold, 0 otherwise, NaN for NaN.
template <class T>
[[nodiscard]] RECTIFY_HOST_DEVICE constexpr T threshold_derivative(T x, T t) noexcept {
    return ref::select(x > t, T(1), ref::select(x <= t, T(0), x));
}

/// dy for x > threshold, +0 otherwise (a select), NaN for NaN x.
template <class T>
[[nodiscard]] RECTIFY_HOST_DEVICE constexpr T threshold_backward(T x, T dy, T t) noexcept {
    return ref::select(x > t, dy, ref::select(x <= t, T(0), x));
}

}  // namespace detail::ref

namespace detail {
enum class rational : unsigned char { hardsigmoid, hardswish, hardswish_derivative };
template <rational R, class T>
constexpr T rational_rounded(T x) noexcept;
template <class T>
inline constexpr T one_sixth = static_cast<T>(1.0 / 6.0);  // correctly rounded (see rational_rounded)
}  // namespace detail

namespace detail::ref {

/// +0 for x <= -3, 1 for x >= 3, (x + 3) / 6 rounded once between; NaN for NaN.
template <class T>
[[nodiscard]] constexpr T hardsigmoid(T x) noexcept {
    const T y = detail::rational_rounded<rational::hardsigmoid>(x);  // first: a loop of these vectorises
    return x <= T(-3) ? T(0) : (x >= T(3) ? T(1) : (x > T(-3) ? y : x));
}

/// 1/6 (rounded) for -3 <= x < 3, 0 elsewhere, NaN for NaN.
template <class T>
[[nodiscard]] constexpr T hardsigmoid_derivative(T x) noexcept {
    return x >= T(-3) ? (x < T(3) ? one_sixth<T> : T(0)) : (x < T(-3) ? T(0) : x);
}

/// dy * 1/6 for -3 <= x < 3, +0 elsewhere (a select), NaN for NaN x.
template <class T>
[[nodiscard]] constexpr T hardsigmoid_backward(T x, T dy) noexcept {
    return x >= T(-3) ? (x < T(3) ? dy * one_sixth<T> : T(0)) : (x < T(-3) ? T(0) : x);
}

/// +0 for x <= -3, x for x >= 3, x (x + 3) / 6 rounded once between (the
/// zero given at +-0); NaN for NaN.
template <class T>
[[nodiscard]] constexpr T hardswish(T x) noexcept {
    return x <= T(-3) ? T(0) : (x >= T(3) ? x : (x > T(-3) ? detail::rational_rounded<rational::hardswish>(x) : x));
}

/// 0 for x < -3, 1 for x >= 3, (2x + 3) / 6 rounded once between; NaN for NaN.
template <class T>
[[nodiscard]] constexpr T hardswish_derivative(T x) noexcept {
    const T y = detail::rational_rounded<rational::hardswish_derivative>(x);
    return x < T(-3) ? T(0) : (x >= T(3) ? T(1) : (x >= T(-3) ? y : x));
}

/// +0 for x < -3, dy for x >= 3, dy * hardswish_derivative(x) between; NaN for NaN x.
template <class T>
[[nodiscard]] constexpr T hardswish_backward(T x, T dy) noexcept {
    const T y = dy * detail::rational_rounded<rational::hardswish_derivative>(x);
    return x < T(-3) ? T(0) : (x >= T(3) ? dy : (x >= T(-3) ? y : x));
}

}  // namespace detail::ref

// Forward declarations of the machinery the API below calls (defined in the
// detail section at the end of this file).
namespace detail {
// The relu family's span functions. (The parameters a and b of each: alpha
// for leaky_relu; lo, hi for hardtanh; threshold, value for threshold.)
enum class op {
    relu, relu_derivative, leaky_relu, leaky_relu_derivative, relu_backward, leaky_relu_backward,
    relu6, relu6_derivative, relu6_backward, hardtanh, hardtanh_derivative, hardtanh_backward,
    hardsigmoid, hardsigmoid_derivative, hardsigmoid_backward, hardswish, hardswish_derivative,
    hardswish_backward, threshold, threshold_derivative, threshold_backward
};
template <op Op, class T>
constexpr T ref_of(T x, T dy, T a, T b) noexcept;
// The ops whose vector kernels compute in double lanes: float only (double
// elements take the portable loop, through rational_rounded).
constexpr bool is_backward(op o) noexcept {
    return o == op::relu_backward || o == op::leaky_relu_backward || o == op::relu6_backward ||
           o == op::hardtanh_backward || o == op::hardsigmoid_backward || o == op::hardswish_backward ||
           o == op::threshold_backward;
}
constexpr bool is_rational(op o) noexcept {
    return o == op::hardsigmoid || o == op::hardswish || o == op::hardswish_derivative ||
           o == op::hardswish_backward;
}
// The executor of a span form without a policy (the others take the policy).
struct sequential {};
template <op Op, class E, class X, class Out, class T>
void map(const E& exec, const char* name, X&& x, Out&& out, T a, T b = T(0));
template <op Op, class E, class X, class Dy, class Out, class T>
void map_backward(const E& exec, const char* name, X&& x, Dy&& dy, Out&& out, T a, T b = T(0));
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
        detail::map<op::relu>(sequential{}, "rectify::relu", in, out, value_t<In>{});
    }
    /// relu(inout): in place.
    template <inout_range R>
    void operator()(R&& inout) const {
        detail::map<op::relu>(sequential{}, "rectify::relu", inout, inout, value_t<R>{});
    }
#if RECTIFY_EXECUTION
    /// relu(policy, in, out), relu(policy, inout): the same under a standard
    /// execution policy (std::execution::par...), with the same bits.
    template <execution_policy E, input_range In, output_range<detail::value_t<In>> Out>
    void operator()(E&& policy, In&& in, Out&& out) const {
        detail::map<op::relu>(policy, "rectify::relu", in, out, value_t<In>{});
    }
    template <execution_policy E, inout_range R>
    void operator()(E&& policy, R&& inout) const {
        detail::map<op::relu>(policy, "rectify::relu", inout, inout, value_t<R>{});
    }
#endif
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
        detail::map<op::relu_derivative>(sequential{}, "rectify::relu_derivative", in, out, value_t<In>{});
    }
#if RECTIFY_EXECUTION
    /// relu_derivative(policy, in, out).
    template <execution_policy E, input_range In, output_range<detail::value_t<In>> Out>
    void operator()(E&& policy, In&& in, Out&& out) const {
        detail::map<op::relu_derivative>(policy, "rectify::relu_derivative", in, out, value_t<In>{});
    }
#endif
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
        detail::map_backward<op::relu_backward>(sequential{}, "rectify::relu_backward", x, grad_out, grad_in,
                                                value_t<X>{});
    }
#if RECTIFY_EXECUTION
    /// relu_backward(policy, x, grad_out, grad_in).
    template <execution_policy E, input_range X, input_range Dy, output_range<detail::value_t<X>> Out>
        requires std::same_as<detail::value_t<Dy>, detail::value_t<X>>
    void operator()(E&& policy, X&& x, Dy&& grad_out, Out&& grad_in) const {
        detail::map_backward<op::relu_backward>(policy, "rectify::relu_backward", x, grad_out, grad_in,
                                                value_t<X>{});
    }
#endif
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
    detail::map<detail::op::leaky_relu>(detail::sequential{}, "rectify::leaky_relu", in, out, alpha);
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
    detail::map<detail::op::leaky_relu_derivative>(detail::sequential{}, "rectify::leaky_relu_derivative", in, out,
                                                   alpha);
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
    detail::map_backward<detail::op::leaky_relu_backward>(detail::sequential{}, "rectify::leaky_relu_backward", x,
                                                          grad_out, grad_in, alpha);
}

#if RECTIFY_EXECUTION
/// leaky_relu(policy, in, out, alpha = 0.01), leaky_relu(policy, inout,
/// alpha = 0.01), leaky_relu_derivative(policy, in, out, alpha = 0.01),
/// leaky_relu_backward(policy, x, grad_out, grad_in, alpha = 0.01): the same
/// under a standard execution policy, with the same bits.
template <execution_policy E, input_range In, output_range<detail::value_t<In>> Out>
void leaky_relu(E&& policy, In&& in, Out&& out,
                std::type_identity_t<detail::value_t<In>> alpha = detail::default_alpha<detail::value_t<In>>) {
    detail::require_floating<detail::value_t<In>>();
    detail::map<detail::op::leaky_relu>(policy, "rectify::leaky_relu", in, out, alpha);
}
template <execution_policy E, inout_range R>
void leaky_relu(E&& policy, R&& inout,
                std::type_identity_t<detail::value_t<R>> alpha = detail::default_alpha<detail::value_t<R>>) {
    rectify::leaky_relu(policy, inout, inout, alpha);
}
template <execution_policy E, input_range In, output_range<detail::value_t<In>> Out>
void leaky_relu_derivative(E&& policy, In&& in, Out&& out,
                           std::type_identity_t<detail::value_t<In>> alpha = detail::default_alpha<detail::value_t<In>>) {
    detail::require_floating<detail::value_t<In>>();
    detail::map<detail::op::leaky_relu_derivative>(policy, "rectify::leaky_relu_derivative", in, out, alpha);
}
template <execution_policy E, input_range X, input_range Dy, output_range<detail::value_t<X>> Out>
    requires std::same_as<detail::value_t<Dy>, detail::value_t<X>>
void leaky_relu_backward(E&& policy, X&& x, Dy&& grad_out, Out&& grad_in,
                         std::type_identity_t<detail::value_t<X>> alpha = detail::default_alpha<detail::value_t<X>>) {
    detail::require_floating<detail::value_t<X>>();
    detail::map_backward<detail::op::leaky_relu_backward>(policy, "rectify::leaky_relu_backward", x, grad_out,
                                                          grad_in, alpha);
}
#endif

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
#if RECTIFY_EXECUTION
template <alpha_constant A, execution_policy E, input_range In, output_range<detail::value_t<In>> Out>
void leaky_relu(E&& policy, In&& in, Out&& out) {
    rectify::leaky_relu(policy, in, out, detail::alpha_of<A, detail::value_t<In>>::value);
}
template <alpha_constant A, execution_policy E, inout_range R>
void leaky_relu(E&& policy, R&& inout) {
    rectify::leaky_relu(policy, inout, inout, detail::alpha_of<A, detail::value_t<R>>::value);
}
template <alpha_constant A, execution_policy E, input_range In, output_range<detail::value_t<In>> Out>
void leaky_relu_derivative(E&& policy, In&& in, Out&& out) {
    rectify::leaky_relu_derivative(policy, in, out, detail::alpha_of<A, detail::value_t<In>>::value);
}
template <alpha_constant A, execution_policy E, input_range X, input_range Dy, output_range<detail::value_t<X>> Out>
    requires std::same_as<detail::value_t<Dy>, detail::value_t<X>>
void leaky_relu_backward(E&& policy, X&& x, Dy&& grad_out, Out&& grad_in) {
    rectify::leaky_relu_backward(policy, x, grad_out, grad_in, detail::alpha_of<A, detail::value_t<X>>::value);
}
#endif

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
#    if RECTIFY_EXECUTION
template <auto Alpha, execution_policy E, input_range In, output_range<detail::value_t<In>> Out>
    requires detail::alpha_value<decltype(Alpha)>
void leaky_relu(E&& policy, In&& in, Out&& out) {
    rectify::leaky_relu<detail::value_alpha<Alpha>>(policy, in, out);
}
template <auto Alpha, execution_policy E, inout_range R>
    requires detail::alpha_value<decltype(Alpha)>
void leaky_relu(E&& policy, R&& inout) {
    rectify::leaky_relu<detail::value_alpha<Alpha>>(policy, inout);
}
template <auto Alpha, execution_policy E, input_range In, output_range<detail::value_t<In>> Out>
    requires detail::alpha_value<decltype(Alpha)>
void leaky_relu_derivative(E&& policy, In&& in, Out&& out) {
    rectify::leaky_relu_derivative<detail::value_alpha<Alpha>>(policy, in, out);
}
template <auto Alpha, execution_policy E, input_range X, input_range Dy, output_range<detail::value_t<X>> Out>
    requires detail::alpha_value<decltype(Alpha)> && std::same_as<detail::value_t<Dy>, detail::value_t<X>>
void leaky_relu_backward(E&& policy, X&& x, Dy&& grad_out, Out&& grad_in) {
    rectify::leaky_relu_backward<detail::value_alpha<Alpha>>(policy, x, grad_out, grad_in);
}
#    endif
#endif

// ---- relu6, hardtanh, hardsigmoid, hardswish, threshold ----------------------
//
// The rest of the ReLU family, each a function object with the relu family's
// forms (f(x[, params]), f(in, out[, params]), f(inout[, params]),
// f_derivative(x | in, out[, params]), f_backward(x, dy | x, grad_out,
// grad_in[, params])), the parameters last with PyTorch's defaults:
//
//   relu6(x)                      +0 for x <= 0, 6 for x >= 6, x between
//   hardtanh(x, lo = -1, hi = 1)  lo below lo, hi above hi, x itself between
//   hardsigmoid(x)                0 for x <= -3, 1 for x >= 3, (x + 3) / 6 between
//   hardswish(x)                  0 for x <= -3, x for x >= 3, x (x + 3) / 6 between
//   threshold(x, t, value)        x for x > t, value otherwise
//
// Values are exact: the clamps are selects, and (x + 3) / 6, x (x + 3) / 6
// and hardswish's (2x + 3) / 6 are the real values rounded once to the element
// type. NaN in, the same NaN out. At every kink the derivative is the one from
// the right (relu6'(0) = 1, relu6'(6) = 0, hardtanh'(lo) = 1, hardswish'(-3)
// = -1/2); threshold' is 1 for x > t, else 0. Backward passes are selects
// where the derivative is 0 or 1 (+0 or dy, even for a NaN or infinite dy)
// and dy * f'(x) in the element type elsewhere. Floating element types only.
// Bad parameters (hardtanh: lo > hi or a NaN bound; threshold: a NaN t): the
// span forms report them (RECTIFY_ERROR_HANDLER: std::invalid_argument by
// default) before writing anything; the scalar forms return NaN.

namespace detail {
// A parameter: any arithmetic type but bool, or an extended floating type.
template <class P>
concept parameter_value = (std::is_arithmetic_v<P> && !std::same_as<P, bool> && !is_character<P>) || floating<P>;

// The parameters each op takes (all, or none for their defaults).
constexpr bool takes_parameters(op o, std::size_t count) noexcept {
    switch (o) {
    case op::hardtanh:
    case op::hardtanh_derivative:
    case op::hardtanh_backward:
        return count == 0 || count == 2;
    case op::threshold:
        return count == 2;
    case op::threshold_derivative:
    case op::threshold_backward:
        return count == 1;
    default:
        return count == 0;
    }
}

template <class T>
constexpr void require_floating_family() noexcept {
    static_assert(floating<T>,
                  "rectify: relu6, hardtanh, hardsigmoid, hardswish and threshold (and their derivatives "
                  "and backward passes) take floating element types only; convert integers first");
    static_assert(sizeof(T) <= sizeof(double),
                  "rectify: relu6, hardtanh, hardsigmoid, hardswish and threshold do not take long double "
                  "(or any type wider than double); use double");
}

template <op Op, class T>
struct parameters {
    T a;
    T b;
};
template <op Op, class T, class... P>
constexpr parameters<Op, T> parameters_of(P... p) noexcept {
    if constexpr (sizeof...(P) == 2) {
        return {static_cast<T>(p)...};
    } else if constexpr (sizeof...(P) == 1) {
        return {static_cast<T>(p)..., T(0)};
    } else if constexpr (Op == op::hardtanh || Op == op::hardtanh_derivative || Op == op::hardtanh_backward) {
        return {T(-1), T(1)};
    } else {
        return {T(0), T(0)};
    }
}

// hardtanh: lo <= hi (so neither is NaN); threshold: t not NaN.
template <op Op, class T>
constexpr bool parameters_ok(parameters<Op, T> p) noexcept {
    if constexpr (Op == op::hardtanh || Op == op::hardtanh_derivative || Op == op::hardtanh_backward) {
        return p.a <= p.b;
    } else {
        return p.a == p.a;  // NOLINT(misc-redundant-expression): false for NaN only
    }
}

constexpr const char* family_name(op o) noexcept;
template <op Op, class T>
void report_bad_parameters(const char* function, parameters<Op, T> p);

// The functions (not the derivatives) have an in-place form.
constexpr bool has_in_place(op o) noexcept {
    return o == op::relu6 || o == op::hardtanh || o == op::hardsigmoid || o == op::hardswish || o == op::threshold;
}

template <op Op>
struct family_fn {
    template <element T, class... P>
        requires(takes_parameters(Op, sizeof...(P)) && (parameter_value<P> && ...))
    [[nodiscard]] constexpr T operator()(T x, P... p) const noexcept {
        detail::require_floating_family<T>();
        const auto q = detail::parameters_of<Op, T>(p...);
        if (!detail::parameters_ok(q)) {
            return static_cast<T>(std::numeric_limits<double>::quiet_NaN());  // (no numeric_limits<_Float16>)
        }
        return detail::ref_of<Op>(x, T(0), q.a, q.b);
    }
    template <input_range In, output_range<value_t<In>> Out, class... P>
        requires(takes_parameters(Op, sizeof...(P)) && (parameter_value<P> && ...))
    void operator()(In&& in, Out&& out, P... p) const {
        run(sequential{}, in, out, p...);
    }
    template <inout_range R, class... P>
        requires(takes_parameters(Op, sizeof...(P)) && (parameter_value<P> && ...) && has_in_place(Op))
    void operator()(R&& inout, P... p) const {
        run(sequential{}, inout, inout, p...);
    }
#if RECTIFY_EXECUTION
    // f(policy, in, out[, p]), f(policy, inout[, p]): under a standard execution policy.
    template <execution_policy E, input_range In, output_range<value_t<In>> Out, class... P>
        requires(takes_parameters(Op, sizeof...(P)) && (parameter_value<P> && ...))
    void operator()(E&& policy, In&& in, Out&& out, P... p) const {
        run(policy, in, out, p...);
    }
    template <execution_policy E, inout_range R, class... P>
        requires(takes_parameters(Op, sizeof...(P)) && (parameter_value<P> && ...) && has_in_place(Op))
    void operator()(E&& policy, R&& inout, P... p) const {
        run(policy, inout, inout, p...);
    }
#endif

  private:
    template <class E, class In, class Out, class... P>
    static void run(const E& exec, In& in, Out& out, P... p) {
        detail::require_floating_family<value_t<In>>();
        const auto q = detail::parameters_of<Op, value_t<In>>(p...);
        if (!detail::parameters_ok(q)) {
            return detail::report_bad_parameters(family_name(Op), q);
        }
        detail::map<Op>(exec, family_name(Op), in, out, q.a, q.b);
    }
};

template <op Op>
struct family_backward_fn {
    template <element T, class... P>
        requires(takes_parameters(Op, sizeof...(P)) && (parameter_value<P> && ...))
    [[nodiscard]] constexpr T operator()(T x, std::type_identity_t<T> dy, P... p) const noexcept {
        detail::require_floating_family<T>();
        const auto q = detail::parameters_of<Op, T>(p...);
        if (!detail::parameters_ok(q)) {
            return static_cast<T>(std::numeric_limits<double>::quiet_NaN());
        }
        return detail::ref_of<Op>(x, dy, q.a, q.b);
    }
    template <input_range X, input_range Dy, output_range<value_t<X>> Out, class... P>
        requires(std::same_as<value_t<Dy>, value_t<X>> && takes_parameters(Op, sizeof...(P)) &&
                 (parameter_value<P> && ...))
    void operator()(X&& x, Dy&& grad_out, Out&& grad_in, P... p) const {
        run(sequential{}, x, grad_out, grad_in, p...);
    }
#if RECTIFY_EXECUTION
    // f_backward(policy, x, grad_out, grad_in[, p]): under a standard execution policy.
    template <execution_policy E, input_range X, input_range Dy, output_range<value_t<X>> Out, class... P>
        requires(std::same_as<value_t<Dy>, value_t<X>> && takes_parameters(Op, sizeof...(P)) &&
                 (parameter_value<P> && ...))
    void operator()(E&& policy, X&& x, Dy&& grad_out, Out&& grad_in, P... p) const {
        run(policy, x, grad_out, grad_in, p...);
    }
#endif

  private:
    template <class E, class X, class Dy, class Out, class... P>
    static void run(const E& exec, X& x, Dy& grad_out, Out& grad_in, P... p) {
        detail::require_floating_family<value_t<X>>();
        const auto q = detail::parameters_of<Op, value_t<X>>(p...);
        if (!detail::parameters_ok(q)) {
            return detail::report_bad_parameters(family_name(Op), q);
        }
        detail::map_backward<Op>(exec, family_name(Op), x, grad_out, grad_in, q.a, q.b);
    }
};
}  // namespace detail

/// relu6(x) = min(max(x, +0), 6): relu6(-0) is +0, as relu's.
RECTIFY_FUNCTION_OBJECT detail::family_fn<detail::op::relu6> relu6{};
/// relu6_derivative(x): 1 for 0 <= x < 6, else 0.
RECTIFY_FUNCTION_OBJECT detail::family_fn<detail::op::relu6_derivative> relu6_derivative{};
/// relu6_backward(x, dy): dy for 0 <= x < 6, else +0.
RECTIFY_FUNCTION_OBJECT detail::family_backward_fn<detail::op::relu6_backward> relu6_backward{};

/// hardtanh(x, min_val = -1, max_val = 1): x clamped to [min_val, max_val]
/// (x itself inside, -0 kept).
RECTIFY_FUNCTION_OBJECT detail::family_fn<detail::op::hardtanh> hardtanh{};
/// hardtanh_derivative(x, min_val = -1, max_val = 1): 1 for min_val <= x < max_val, else 0.
RECTIFY_FUNCTION_OBJECT detail::family_fn<detail::op::hardtanh_derivative> hardtanh_derivative{};
/// hardtanh_backward(x, dy, min_val = -1, max_val = 1): dy for min_val <= x < max_val, else +0.
RECTIFY_FUNCTION_OBJECT detail::family_backward_fn<detail::op::hardtanh_backward> hardtanh_backward{};

/// hardsigmoid(x): +0 for x <= -3, 1 for x >= 3, (x + 3) / 6 rounded once between.
RECTIFY_FUNCTION_OBJECT detail::family_fn<detail::op::hardsigmoid> hardsigmoid{};
/// hardsigmoid_derivative(x): 1/6 (rounded) for -3 <= x < 3, else 0.
RECTIFY_FUNCTION_OBJECT detail::family_fn<detail::op::hardsigmoid_derivative> hardsigmoid_derivative{};
/// hardsigmoid_backward(x, dy): dy * 1/6 for -3 <= x < 3, else +0.
RECTIFY_FUNCTION_OBJECT detail::family_backward_fn<detail::op::hardsigmoid_backward> hardsigmoid_backward{};

/// hardswish(x): +0 for x <= -3, x for x >= 3, x (x + 3) / 6 rounded once between.
RECTIFY_FUNCTION_OBJECT detail::family_fn<detail::op::hardswish> hardswish{};
/// hardswish_derivative(x): 0 for x < -3, 1 for x >= 3, (2x + 3) / 6 rounded once between.
RECTIFY_FUNCTION_OBJECT detail::family_fn<detail::op::hardswish_derivative> hardswish_derivative{};
/// hardswish_backward(x, dy): +0 for x < -3, dy for x >= 3, dy * hardswish_derivative(x) between.
RECTIFY_FUNCTION_OBJECT detail::family_backward_fn<detail::op::hardswish_backward> hardswish_backward{};

/// threshold(x, threshold, value): x for x > threshold, value otherwise (PyTorch's threshold).
RECTIFY_FUNCTION_OBJECT detail::family_fn<detail::op::threshold> threshold{};
/// threshold_derivative(x, threshold): 1 for x > threshold, else 0.
RECTIFY_FUNCTION_OBJECT detail::family_fn<detail::op::threshold_derivative> threshold_derivative{};
/// threshold_backward(x, dy, threshold): dy for x > threshold, else +0.
RECTIFY_FUNCTION_OBJECT detail::family_backward_fn<detail::op::threshold_backward> threshold_backward{};
// ---- prelu: leaky_relu with a slope per channel --------------------------------
//
// prelu is leaky_relu whose alpha (here "slope") is one value per channel:
// element i of a range of n elements uses slopes[c], its channel c being
//   i mod C              with channels_last{} (the default): NHWC tensors,
//                        and every [batch, features] matrix;
//   (i / inner) mod C    with channels_first{inner}: NCHW tensors, inner = H * W;
// where C = slopes.size(). One shared slope is slopes.size() == 1.
//
//   prelu(x, slope), prelu_derivative(x, slope), prelu_backward(x, dy, slope)
//       scalar, constexpr, noexcept: exactly leaky_relu's bits
//   prelu(in, out, slopes[, layout]), prelu(inout, slopes[, layout])
//   prelu_derivative(in, out, slopes[, layout])
//   prelu_backward(x, grad_out, slopes, grad_in, grad_slopes[, layout])
//       grad_in[i] = leaky_relu_backward(x[i], grad_out[i], slope of i), and
//       grad_slopes[c] = the sum over the elements of channel c where x < 0
//       (or x is NaN) of x * grad_out: the exact real sum of the exact
//       products, rounded once to nearest (ties to even), so the same bits on
//       every kernel, for every length and any order of the elements. A sum
//       that is exactly 0 is +0; any NaN term, or +inf and -inf terms, give
//       NaN; otherwise an infinite term gives that infinity, and a finite sum
//       past the largest value overflows to +-inf as a rounding does.
// The span forms take float, double and _Float16 (std::bfloat16_t where the
// compiler has it); integers and long double are refused at compile time.
// Bad input (ranges of different sizes, n not a multiple of C, or of C * inner,
// inner == 0, no slopes, grad_slopes.size() != C, an output overlapping
// another range other than in place) is refused before anything is written,
// through RECTIFY_ERROR_HANDLER. A NaN slope is allowed: NaN wherever it is used.

/// The layout of prelu's span forms: element i is in channel i mod C
/// (NHWC, or a [batch, features] matrix). The default.
struct channels_last {};

/// The layout of prelu's span forms: element i is in channel
/// (i / inner) mod C (NCHW: inner = H * W, the elements of one channel of
/// one image are contiguous).
struct channels_first {
    std::size_t inner;
};

/// channels_last or channels_first.
template <class L>
concept prelu_layout = std::same_as<L, channels_last> || std::same_as<L, channels_first>;

namespace detail {
enum class prelu_op : unsigned char { value, derivative, backward };
template <class T>
RECTIFY_HOST_DEVICE constexpr void require_prelu_floating() noexcept;
template <class T>
constexpr void require_prelu_span_type() noexcept;
// Element i is in channel (i / inner) mod C; channels last is inner 1.
struct prelu_shape {
    std::size_t inner;
    bool channels_first;
};
inline constexpr prelu_shape prelu_shape_of(channels_last /*layout*/) noexcept {
    return {1, false};
}
inline constexpr prelu_shape prelu_shape_of(channels_first layout) noexcept {
    return {layout.inner, true};
}
template <prelu_op K, class E, class X, class S, class Out>
void prelu_map(const E& exec, const char* name, X&& x, S&& slopes, Out&& out, prelu_shape shape);
template <class E, class X, class Dy, class S, class Out, class GS>
void prelu_map_backward(const E& exec, const char* name, X&& x, Dy&& dy, S&& slopes, Out&& grad_in,
                        GS&& grad_slopes, prelu_shape shape);
}  // namespace detail

/// prelu(x, slope): x for x > 0, slope * x otherwise (leaky_relu(x, slope)).
template <element T>
[[nodiscard]] RECTIFY_HOST_DEVICE constexpr T prelu(T x, std::type_identity_t<T> slope) noexcept {
    detail::require_prelu_floating<T>();
    return detail::ref::leaky_relu(x, slope);
}
/// prelu(in, out, slopes, layout = channels_last{}): out[i] = prelu(in[i], slope of i's channel).
template <input_range In, output_range<detail::value_t<In>> Out, input_range S, prelu_layout L = channels_last>
    requires std::same_as<detail::value_t<S>, detail::value_t<In>>
void prelu(In&& in, Out&& out, S&& slopes, L layout = {}) {
    detail::require_prelu_span_type<detail::value_t<In>>();
    detail::prelu_map<detail::prelu_op::value>(detail::sequential{}, "rectify::prelu", in, slopes, out,
                                               detail::prelu_shape_of(layout));
}
/// prelu(inout, slopes, layout = channels_last{}): in place.
template <inout_range R, input_range S, prelu_layout L = channels_last>
    requires std::same_as<detail::value_t<S>, detail::value_t<R>>
void prelu(R&& inout, S&& slopes, L layout = {}) {
    detail::require_prelu_span_type<detail::value_t<R>>();
    detail::prelu_map<detail::prelu_op::value>(detail::sequential{}, "rectify::prelu", inout, slopes, inout,
                                               detail::prelu_shape_of(layout));
}

/// prelu_derivative(x, slope): 1 for x >= 0, slope for x < 0, NaN for NaN.
template <element T>
[[nodiscard]] RECTIFY_HOST_DEVICE constexpr T prelu_derivative(T x, std::type_identity_t<T> slope) noexcept {
    detail::require_prelu_floating<T>();
    return detail::ref::leaky_relu_derivative(x, slope);
}
/// prelu_derivative(in, out, slopes, layout = channels_last{}).
template <input_range In, output_range<detail::value_t<In>> Out, input_range S, prelu_layout L = channels_last>
    requires std::same_as<detail::value_t<S>, detail::value_t<In>>
void prelu_derivative(In&& in, Out&& out, S&& slopes, L layout = {}) {
    detail::require_prelu_span_type<detail::value_t<In>>();
    detail::prelu_map<detail::prelu_op::derivative>(detail::sequential{}, "rectify::prelu_derivative", in, slopes,
                                                    out, detail::prelu_shape_of(layout));
}

/// prelu_backward(x, dy, slope): dy for x >= 0, slope * dy for x < 0, NaN for NaN x.
template <element T>
[[nodiscard]] RECTIFY_HOST_DEVICE constexpr T prelu_backward(T x, std::type_identity_t<T> dy,
                                                             std::type_identity_t<T> slope) noexcept {
    detail::require_prelu_floating<T>();
    return detail::ref::leaky_relu_backward(x, dy, slope);
}
/// prelu_backward(x, grad_out, slopes, grad_in, grad_slopes, layout =
/// channels_last{}): grad_in[i] = prelu_backward(x[i], grad_out[i], slope of
/// i's channel) (grad_in may be grad_out or x itself), and grad_slopes[c] =
/// the exact sum over channel c, where x < 0, of x * grad_out, rounded once.
template <input_range X, input_range Dy, input_range S, output_range<detail::value_t<X>> GIn,
          output_range<detail::value_t<X>> GS, prelu_layout L = channels_last>
    requires(std::same_as<detail::value_t<Dy>, detail::value_t<X>> &&
             std::same_as<detail::value_t<S>, detail::value_t<X>>)
void prelu_backward(X&& x, Dy&& grad_out, S&& slopes, GIn&& grad_in, GS&& grad_slopes, L layout = {}) {
    detail::require_prelu_span_type<detail::value_t<X>>();
    detail::prelu_map_backward(detail::sequential{}, "rectify::prelu_backward", x, grad_out, slopes, grad_in,
                               grad_slopes, detail::prelu_shape_of(layout));
}

#if RECTIFY_EXECUTION
/// prelu(policy, in, out, slopes[, layout]), prelu(policy, inout, slopes[,
/// layout]), prelu_derivative(policy, in, out, slopes[, layout]),
/// prelu_backward(policy, x, grad_out, slopes, grad_in, grad_slopes[,
/// layout]): the same under a standard execution policy, with the same bits
/// (grad_slopes included: partial exact sums add exactly, rounded once).
template <execution_policy E, input_range In, output_range<detail::value_t<In>> Out, input_range S,
          prelu_layout L = channels_last>
    requires std::same_as<detail::value_t<S>, detail::value_t<In>>
void prelu(E&& policy, In&& in, Out&& out, S&& slopes, L layout = {}) {
    detail::require_prelu_span_type<detail::value_t<In>>();
    detail::prelu_map<detail::prelu_op::value>(policy, "rectify::prelu", in, slopes, out,
                                               detail::prelu_shape_of(layout));
}
template <execution_policy E, inout_range R, input_range S, prelu_layout L = channels_last>
    requires std::same_as<detail::value_t<S>, detail::value_t<R>>
void prelu(E&& policy, R&& inout, S&& slopes, L layout = {}) {
    detail::require_prelu_span_type<detail::value_t<R>>();
    detail::prelu_map<detail::prelu_op::value>(policy, "rectify::prelu", inout, slopes, inout,
                                               detail::prelu_shape_of(layout));
}
template <execution_policy E, input_range In, output_range<detail::value_t<In>> Out, input_range S,
          prelu_layout L = channels_last>
    requires std::same_as<detail::value_t<S>, detail::value_t<In>>
void prelu_derivative(E&& policy, In&& in, Out&& out, S&& slopes, L layout = {}) {
    detail::require_prelu_span_type<detail::value_t<In>>();
    detail::prelu_map<detail::prelu_op::derivative>(policy, "rectify::prelu_derivative", in, slopes, out,
                                                    detail::prelu_shape_of(layout));
}
template <execution_policy E, input_range X, input_range Dy, input_range S, output_range<detail::value_t<X>> GIn,
          output_range<detail::value_t<X>> GS, prelu_layout L = channels_last>
    requires(std::same_as<detail::value_t<Dy>, detail::value_t<X>> &&
             std::same_as<detail::value_t<S>, detail::value_t<X>>)
void prelu_backward(E&& policy, X&& x, Dy&& grad_out, S&& slopes, GIn&& grad_in, GS&& grad_slopes, L layout = {}) {
    detail::require_prelu_span_type<detail::value_t<X>>();
    detail::prelu_map_backward(policy, "rectify::prelu_backward", x, grad_out, slopes, grad_in, grad_slopes,
                               detail::prelu_shape_of(layout));
}
#endif

// ---- The smooth rectifiers: correctly rounded ----------------------------------
//
// Every function below returns, for every float (and _Float16) input, the
// real value of its formula rounded to nearest, ties to even: the one
// correctly rounded answer, so the scalar form, every kernel and every
// compiler give the same bits. double results are faithfully rounded (within
// 1 ulp) and also the same on every path. long double and integer element
// types are refused at compile time. NaN in gives the same (quiet) NaN out;
// at +-inf the limits; a function with f(0) = 0 returns the zero it was
// given; a result that rounds to zero has the sign of the real value.
//
// Forms, for f in gelu, gelu_tanh, silu, sigmoid, tanh, selu, mish (function
// objects, so they can be passed to algorithms) and for elu, celu, softplus
// (the same, with a parameter last, PyTorch's default 1):
//   f(x[, p])                        scalar, constexpr, noexcept
//   f(in, out[, p]), f(inout[, p])   span forms, out[i] = f(in[i])
//   f_derivative(x[, p]), f_derivative(in, out[, p])
//   f_backward(x, dy[, p])           dy * f'(x), in the element type
//   f_backward(x, grad_out, grad_in[, p])
// Bad parameters (elu: alpha not finite; celu: alpha not finite or <= 0;
// softplus: beta not finite or <= 0): the span forms throw
// std::invalid_argument naming the function before writing anything; the
// scalar forms return NaN.
//
// elu, celu and softplus also take their parameter at compile time, as
// leaky_relu does, through the names f_with, f_derivative_with and
// f_backward_with (see "compile-time parameter" below); a bad compile-time
// parameter is a compile error.

namespace detail {
enum class smooth : unsigned char { gelu, gelu_tanh, silu, sigmoid, tanh, elu, selu, celu, softplus, mish };
enum class form : unsigned char { value, derivative };

template <smooth F>
inline constexpr bool has_parameter = F == smooth::elu || F == smooth::celu || F == smooth::softplus;

template <class T>
constexpr void require_smooth_type() noexcept;
template <smooth F, form K, class T>
constexpr T smooth_scalar(T x, T p) noexcept;
template <smooth F, form K, bool Backward, class E, class X, class Dy, class Out, class T>
void smooth_map(const E& exec, const char* name, X&& x, Dy&& dy, Out&& out, T p);
template <smooth F, class P, class T>
struct smooth_constant;

template <smooth F, form K>
struct smooth_fn {
    template <element T>
    [[nodiscard]] constexpr T operator()(T x) const noexcept {
        detail::require_smooth_type<T>();
        return detail::smooth_scalar<F, K>(x, T(1));
    }
    template <element T>
        requires has_parameter<F>
    [[nodiscard]] constexpr T operator()(T x, std::type_identity_t<T> p) const noexcept {
        detail::require_smooth_type<T>();
        return detail::smooth_scalar<F, K>(x, p);
    }
    template <input_range In, output_range<detail::value_t<In>> Out>
    void operator()(In&& in, Out&& out) const {
        detail::require_smooth_type<value_t<In>>();
        detail::smooth_map<F, K, false>(sequential{}, name_of(), in, in, out, value_t<In>(1));
    }
    template <input_range In, output_range<detail::value_t<In>> Out>
        requires has_parameter<F>
    void operator()(In&& in, Out&& out, std::type_identity_t<detail::value_t<In>> p) const {
        detail::require_smooth_type<value_t<In>>();
        detail::smooth_map<F, K, false>(sequential{}, name_of(), in, in, out, p);
    }
    template <inout_range R>
        requires(K == form::value)
    void operator()(R&& inout) const {
        detail::require_smooth_type<value_t<R>>();
        detail::smooth_map<F, K, false>(sequential{}, name_of(), inout, inout, inout, value_t<R>(1));
    }
    template <inout_range R>
        requires(K == form::value && has_parameter<F>)
    void operator()(R&& inout, std::type_identity_t<detail::value_t<R>> p) const {
        detail::require_smooth_type<value_t<R>>();
        detail::smooth_map<F, K, false>(sequential{}, name_of(), inout, inout, inout, p);
    }
#if RECTIFY_EXECUTION
    // f(policy, in, out[, p]), f(policy, inout[, p]): under a standard execution policy.
    template <execution_policy E, input_range In, output_range<detail::value_t<In>> Out>
    void operator()(E&& policy, In&& in, Out&& out) const {
        detail::require_smooth_type<value_t<In>>();
        detail::smooth_map<F, K, false>(policy, name_of(), in, in, out, value_t<In>(1));
    }
    template <execution_policy E, input_range In, output_range<detail::value_t<In>> Out>
        requires has_parameter<F>
    void operator()(E&& policy, In&& in, Out&& out, std::type_identity_t<detail::value_t<In>> p) const {
        detail::require_smooth_type<value_t<In>>();
        detail::smooth_map<F, K, false>(policy, name_of(), in, in, out, p);
    }
    template <execution_policy E, inout_range R>
        requires(K == form::value)
    void operator()(E&& policy, R&& inout) const {
        detail::require_smooth_type<value_t<R>>();
        detail::smooth_map<F, K, false>(policy, name_of(), inout, inout, inout, value_t<R>(1));
    }
    template <execution_policy E, inout_range R>
        requires(K == form::value && has_parameter<F>)
    void operator()(E&& policy, R&& inout, std::type_identity_t<detail::value_t<R>> p) const {
        detail::require_smooth_type<value_t<R>>();
        detail::smooth_map<F, K, false>(policy, name_of(), inout, inout, inout, p);
    }
#endif

  private:
    static constexpr const char* name_of() noexcept;
};

template <smooth F>
struct smooth_backward_fn {
    template <element T>
    [[nodiscard]] constexpr T operator()(T x, std::type_identity_t<T> dy) const noexcept {
        detail::require_smooth_type<T>();
        return dy * detail::smooth_scalar<F, form::derivative>(x, T(1));
    }
    template <element T>
        requires has_parameter<F>
    [[nodiscard]] constexpr T operator()(T x, std::type_identity_t<T> dy, std::type_identity_t<T> p) const noexcept {
        detail::require_smooth_type<T>();
        return dy * detail::smooth_scalar<F, form::derivative>(x, p);
    }
    template <input_range X, input_range Dy, output_range<detail::value_t<X>> Out>
        requires std::same_as<detail::value_t<Dy>, detail::value_t<X>>
    void operator()(X&& x, Dy&& grad_out, Out&& grad_in) const {
        detail::require_smooth_type<value_t<X>>();
        detail::smooth_map<F, form::derivative, true>(sequential{}, name_of(), x, grad_out, grad_in, value_t<X>(1));
    }
    template <input_range X, input_range Dy, output_range<detail::value_t<X>> Out>
        requires(std::same_as<detail::value_t<Dy>, detail::value_t<X>> && has_parameter<F>)
    void operator()(X&& x, Dy&& grad_out, Out&& grad_in, std::type_identity_t<detail::value_t<X>> p) const {
        detail::require_smooth_type<value_t<X>>();
        detail::smooth_map<F, form::derivative, true>(sequential{}, name_of(), x, grad_out, grad_in, p);
    }
#if RECTIFY_EXECUTION
    // f_backward(policy, x, grad_out, grad_in[, p]): under a standard execution policy.
    template <execution_policy E, input_range X, input_range Dy, output_range<detail::value_t<X>> Out>
        requires std::same_as<detail::value_t<Dy>, detail::value_t<X>>
    void operator()(E&& policy, X&& x, Dy&& grad_out, Out&& grad_in) const {
        detail::require_smooth_type<value_t<X>>();
        detail::smooth_map<F, form::derivative, true>(policy, name_of(), x, grad_out, grad_in, value_t<X>(1));
    }
    template <execution_policy E, input_range X, input_range Dy, output_range<detail::value_t<X>> Out>
        requires(std::same_as<detail::value_t<Dy>, detail::value_t<X>> && has_parameter<F>)
    void operator()(E&& policy, X&& x, Dy&& grad_out, Out&& grad_in,
                    std::type_identity_t<detail::value_t<X>> p) const {
        detail::require_smooth_type<value_t<X>>();
        detail::smooth_map<F, form::derivative, true>(policy, name_of(), x, grad_out, grad_in, p);
    }
#endif

  private:
    static constexpr const char* name_of() noexcept;
};
}  // namespace detail

/// gelu(x) = x Phi(x), Phi(x) = erfc(-x / sqrt 2) / 2 the normal distribution
/// function (PyTorch's gelu, approximate="none").
RECTIFY_FUNCTION_OBJECT detail::smooth_fn<detail::smooth::gelu, detail::form::value> gelu{};
/// gelu_derivative(x) = Phi(x) + x phi(x), phi(x) = exp(-x^2 / 2) / sqrt(2 pi).
RECTIFY_FUNCTION_OBJECT detail::smooth_fn<detail::smooth::gelu, detail::form::derivative> gelu_derivative{};
/// gelu_backward(x, dy) = dy * gelu_derivative(x).
RECTIFY_FUNCTION_OBJECT detail::smooth_backward_fn<detail::smooth::gelu> gelu_backward{};

/// gelu_tanh(x) = x/2 (1 + tanh(k (x + 0.044715 x^3))), k = sqrt(2/pi), both
/// constants exact reals (PyTorch's gelu(approximate="tanh")).
RECTIFY_FUNCTION_OBJECT detail::smooth_fn<detail::smooth::gelu_tanh, detail::form::value> gelu_tanh{};
/// gelu_tanh_derivative(x): the exact derivative of gelu_tanh.
RECTIFY_FUNCTION_OBJECT detail::smooth_fn<detail::smooth::gelu_tanh, detail::form::derivative> gelu_tanh_derivative{};
/// gelu_tanh_backward(x, dy) = dy * gelu_tanh_derivative(x).
RECTIFY_FUNCTION_OBJECT detail::smooth_backward_fn<detail::smooth::gelu_tanh> gelu_tanh_backward{};

/// silu(x) = x sigmoid(x) (also called swish).
RECTIFY_FUNCTION_OBJECT detail::smooth_fn<detail::smooth::silu, detail::form::value> silu{};
/// silu_derivative(x) = sigmoid(x) (1 + x (1 - sigmoid(x))).
RECTIFY_FUNCTION_OBJECT detail::smooth_fn<detail::smooth::silu, detail::form::derivative> silu_derivative{};
/// silu_backward(x, dy) = dy * silu_derivative(x).
RECTIFY_FUNCTION_OBJECT detail::smooth_backward_fn<detail::smooth::silu> silu_backward{};

/// sigmoid(x) = 1 / (1 + exp(-x)); sigmoid(+-0) = 0.5.
RECTIFY_FUNCTION_OBJECT detail::smooth_fn<detail::smooth::sigmoid, detail::form::value> sigmoid{};
/// sigmoid_derivative(x) = sigmoid(x) (1 - sigmoid(x)).
RECTIFY_FUNCTION_OBJECT detail::smooth_fn<detail::smooth::sigmoid, detail::form::derivative> sigmoid_derivative{};
/// sigmoid_backward(x, dy) = dy * sigmoid_derivative(x).
RECTIFY_FUNCTION_OBJECT detail::smooth_backward_fn<detail::smooth::sigmoid> sigmoid_backward{};

/// tanh(x), the hyperbolic tangent.
RECTIFY_FUNCTION_OBJECT detail::smooth_fn<detail::smooth::tanh, detail::form::value> tanh{};
/// tanh_derivative(x) = 1 - tanh(x)^2.
RECTIFY_FUNCTION_OBJECT detail::smooth_fn<detail::smooth::tanh, detail::form::derivative> tanh_derivative{};
/// tanh_backward(x, dy) = dy * tanh_derivative(x).
RECTIFY_FUNCTION_OBJECT detail::smooth_backward_fn<detail::smooth::tanh> tanh_backward{};

/// elu(x, alpha = 1) = x for x > 0, alpha (exp(x) - 1) otherwise.
RECTIFY_FUNCTION_OBJECT detail::smooth_fn<detail::smooth::elu, detail::form::value> elu{};
/// elu_derivative(x, alpha = 1) = 1 for x >= 0, alpha exp(x) below.
RECTIFY_FUNCTION_OBJECT detail::smooth_fn<detail::smooth::elu, detail::form::derivative> elu_derivative{};
/// elu_backward(x, dy, alpha = 1) = dy * elu_derivative(x, alpha).
RECTIFY_FUNCTION_OBJECT detail::smooth_backward_fn<detail::smooth::elu> elu_backward{};

/// selu(x) = lambda x for x > 0, lambda alpha (exp(x) - 1) otherwise, with
/// lambda = 1.0507009873554804934193349852946 and
/// alpha = 1.6732632423543772848170429916717 taken as exact reals.
RECTIFY_FUNCTION_OBJECT detail::smooth_fn<detail::smooth::selu, detail::form::value> selu{};
/// selu_derivative(x) = lambda for x >= 0, lambda alpha exp(x) below.
RECTIFY_FUNCTION_OBJECT detail::smooth_fn<detail::smooth::selu, detail::form::derivative> selu_derivative{};
/// selu_backward(x, dy) = dy * selu_derivative(x).
RECTIFY_FUNCTION_OBJECT detail::smooth_backward_fn<detail::smooth::selu> selu_backward{};

/// celu(x, alpha = 1) = x for x > 0, alpha (exp(x / alpha) - 1) otherwise; alpha > 0.
RECTIFY_FUNCTION_OBJECT detail::smooth_fn<detail::smooth::celu, detail::form::value> celu{};
/// celu_derivative(x, alpha = 1) = 1 for x >= 0, exp(x / alpha) below.
RECTIFY_FUNCTION_OBJECT detail::smooth_fn<detail::smooth::celu, detail::form::derivative> celu_derivative{};
/// celu_backward(x, dy, alpha = 1) = dy * celu_derivative(x, alpha).
RECTIFY_FUNCTION_OBJECT detail::smooth_backward_fn<detail::smooth::celu> celu_backward{};

/// softplus(x, beta = 1) = log(1 + exp(beta x)) / beta; beta > 0. No
/// threshold: a large x gives x (its correctly rounded value), never inf.
RECTIFY_FUNCTION_OBJECT detail::smooth_fn<detail::smooth::softplus, detail::form::value> softplus{};
/// softplus_derivative(x, beta = 1) = sigmoid(beta x).
RECTIFY_FUNCTION_OBJECT detail::smooth_fn<detail::smooth::softplus, detail::form::derivative> softplus_derivative{};
/// softplus_backward(x, dy, beta = 1) = dy * softplus_derivative(x, beta).
RECTIFY_FUNCTION_OBJECT detail::smooth_backward_fn<detail::smooth::softplus> softplus_backward{};

/// mish(x) = x tanh(softplus(x)).
RECTIFY_FUNCTION_OBJECT detail::smooth_fn<detail::smooth::mish, detail::form::value> mish{};
/// mish_derivative(x) = tanh(sp) + x (1 - tanh(sp)^2) sigmoid(x), sp = softplus(x).
RECTIFY_FUNCTION_OBJECT detail::smooth_fn<detail::smooth::mish, detail::form::derivative> mish_derivative{};
/// mish_backward(x, dy) = dy * mish_derivative(x).
RECTIFY_FUNCTION_OBJECT detail::smooth_backward_fn<detail::smooth::mish> mish_backward{};

// ---- elu, celu, softplus: compile-time parameter ---------------------------------
//
// The parameter is one of (p for elu's and celu's alpha, softplus's beta):
//   elu(x, p)                       run time; elu(x): PyTorch's default 1
//   elu_with<std::ratio<1, 2>>(x)   compile time, with every C++20 compiler
//   elu_with<0.5f>(x)               compile time, where RECTIFY_HAS_FLOATING_ALPHA
// and the same for elu_derivative_with, elu_backward_with, celu_with...,
// softplus_with...: every form of the run-time call (scalar, span, in place),
// with the parameter moved into the template argument list. The names end in
// _with because elu, celu and softplus are function objects (so that they
// can be handed to algorithms), and an object takes no template arguments.
// A compile-time parameter is converted to the element type as leaky_relu's
// is (a ratio divided in T when T holds N and D exactly), and the result is
// the run-time call's with that parameter, bit for bit. A parameter that is
// bad in the element type (elu: not finite; celu, softplus: not finite or
// <= 0) is a compile error. elu_with<P, float> names one function, for
// algorithms: std::ranges::transform(v, out.begin(), rectify::elu_with<P, float>).

// elu_with<P>: alpha = P, a std::ratio or a type with a static constexpr value.
template <alpha_constant P, element T>
[[nodiscard]] constexpr T elu_with(T x) noexcept {
    return rectify::elu(x, detail::smooth_constant<detail::smooth::elu, P, T>::value);
}
template <alpha_constant P, input_range In, output_range<detail::value_t<In>> Out>
void elu_with(In&& in, Out&& out) {
    rectify::elu(in, out, detail::smooth_constant<detail::smooth::elu, P, detail::value_t<In>>::value);
}
template <alpha_constant P, inout_range R>
void elu_with(R&& inout) {
    rectify::elu(inout, detail::smooth_constant<detail::smooth::elu, P, detail::value_t<R>>::value);
}
template <alpha_constant P, element T>
[[nodiscard]] constexpr T elu_derivative_with(T x) noexcept {
    return rectify::elu_derivative(x, detail::smooth_constant<detail::smooth::elu, P, T>::value);
}
template <alpha_constant P, input_range In, output_range<detail::value_t<In>> Out>
void elu_derivative_with(In&& in, Out&& out) {
    rectify::elu_derivative(in, out,
                            detail::smooth_constant<detail::smooth::elu, P, detail::value_t<In>>::value);
}
template <alpha_constant P, element T>
[[nodiscard]] constexpr T elu_backward_with(T x, std::type_identity_t<T> dy) noexcept {
    return rectify::elu_backward(x, dy, detail::smooth_constant<detail::smooth::elu, P, T>::value);
}
template <alpha_constant P, input_range X, input_range Dy, output_range<detail::value_t<X>> Out>
    requires std::same_as<detail::value_t<Dy>, detail::value_t<X>>
void elu_backward_with(X&& x, Dy&& grad_out, Out&& grad_in) {
    rectify::elu_backward(x, grad_out, grad_in,
                          detail::smooth_constant<detail::smooth::elu, P, detail::value_t<X>>::value);
}

#if RECTIFY_EXECUTION
// elu_with<P>(policy, ...): under a standard execution policy.
template <alpha_constant P, execution_policy E, input_range In, output_range<detail::value_t<In>> Out>
void elu_with(E&& policy, In&& in, Out&& out) {
    rectify::elu(policy, in, out, detail::smooth_constant<detail::smooth::elu, P, detail::value_t<In>>::value);
}
template <alpha_constant P, execution_policy E, inout_range R>
void elu_with(E&& policy, R&& inout) {
    rectify::elu(policy, inout, detail::smooth_constant<detail::smooth::elu, P, detail::value_t<R>>::value);
}
template <alpha_constant P, execution_policy E, input_range In, output_range<detail::value_t<In>> Out>
void elu_derivative_with(E&& policy, In&& in, Out&& out) {
    rectify::elu_derivative(policy, in, out, detail::smooth_constant<detail::smooth::elu, P, detail::value_t<In>>::value);
}
template <alpha_constant P, execution_policy E, input_range X, input_range Dy, output_range<detail::value_t<X>> Out>
    requires std::same_as<detail::value_t<Dy>, detail::value_t<X>>
void elu_backward_with(E&& policy, X&& x, Dy&& grad_out, Out&& grad_in) {
    rectify::elu_backward(policy, x, grad_out, grad_in, detail::smooth_constant<detail::smooth::elu, P, detail::value_t<X>>::value);
}
#endif

// celu_with<P>: alpha = P, a std::ratio or a type with a static constexpr value.
template <alpha_constant P, element T>
[[nodiscard]] constexpr T celu_with(T x) noexcept {
    return rectify::celu(x, detail::smooth_constant<detail::smooth::celu, P, T>::value);
}
template <alpha_constant P, input_range In, output_range<detail::value_t<In>> Out>
void celu_with(In&& in, Out&& out) {
    rectify::celu(in, out, detail::smooth_constant<detail::smooth::celu, P, detail::value_t<In>>::value);
}
template <alpha_constant P, inout_range R>
void celu_with(R&& inout) {
    rectify::celu(inout, detail::smooth_constant<detail::smooth::celu, P, detail::value_t<R>>::value);
}
template <alpha_constant P, element T>
[[nodiscard]] constexpr T celu_derivative_with(T x) noexcept {
    return rectify::celu_derivative(x, detail::smooth_constant<detail::smooth::celu, P, T>::value);
}
template <alpha_constant P, input_range In, output_range<detail::value_t<In>> Out>
void celu_derivative_with(In&& in, Out&& out) {
    rectify::celu_derivative(in, out,
                             detail::smooth_constant<detail::smooth::celu, P, detail::value_t<In>>::value);
}
template <alpha_constant P, element T>
[[nodiscard]] constexpr T celu_backward_with(T x, std::type_identity_t<T> dy) noexcept {
    return rectify::celu_backward(x, dy, detail::smooth_constant<detail::smooth::celu, P, T>::value);
}
template <alpha_constant P, input_range X, input_range Dy, output_range<detail::value_t<X>> Out>
    requires std::same_as<detail::value_t<Dy>, detail::value_t<X>>
void celu_backward_with(X&& x, Dy&& grad_out, Out&& grad_in) {
    rectify::celu_backward(x, grad_out, grad_in,
                           detail::smooth_constant<detail::smooth::celu, P, detail::value_t<X>>::value);
}

#if RECTIFY_EXECUTION
// celu_with<P>(policy, ...): under a standard execution policy.
template <alpha_constant P, execution_policy E, input_range In, output_range<detail::value_t<In>> Out>
void celu_with(E&& policy, In&& in, Out&& out) {
    rectify::celu(policy, in, out, detail::smooth_constant<detail::smooth::celu, P, detail::value_t<In>>::value);
}
template <alpha_constant P, execution_policy E, inout_range R>
void celu_with(E&& policy, R&& inout) {
    rectify::celu(policy, inout, detail::smooth_constant<detail::smooth::celu, P, detail::value_t<R>>::value);
}
template <alpha_constant P, execution_policy E, input_range In, output_range<detail::value_t<In>> Out>
void celu_derivative_with(E&& policy, In&& in, Out&& out) {
    rectify::celu_derivative(policy, in, out, detail::smooth_constant<detail::smooth::celu, P, detail::value_t<In>>::value);
}
template <alpha_constant P, execution_policy E, input_range X, input_range Dy, output_range<detail::value_t<X>> Out>
    requires std::same_as<detail::value_t<Dy>, detail::value_t<X>>
void celu_backward_with(E&& policy, X&& x, Dy&& grad_out, Out&& grad_in) {
    rectify::celu_backward(policy, x, grad_out, grad_in, detail::smooth_constant<detail::smooth::celu, P, detail::value_t<X>>::value);
}
#endif

// softplus_with<P>: beta = P, a std::ratio or a type with a static constexpr value.
template <alpha_constant P, element T>
[[nodiscard]] constexpr T softplus_with(T x) noexcept {
    return rectify::softplus(x, detail::smooth_constant<detail::smooth::softplus, P, T>::value);
}
template <alpha_constant P, input_range In, output_range<detail::value_t<In>> Out>
void softplus_with(In&& in, Out&& out) {
    rectify::softplus(in, out,
                      detail::smooth_constant<detail::smooth::softplus, P, detail::value_t<In>>::value);
}
template <alpha_constant P, inout_range R>
void softplus_with(R&& inout) {
    rectify::softplus(inout, detail::smooth_constant<detail::smooth::softplus, P, detail::value_t<R>>::value);
}
template <alpha_constant P, element T>
[[nodiscard]] constexpr T softplus_derivative_with(T x) noexcept {
    return rectify::softplus_derivative(x, detail::smooth_constant<detail::smooth::softplus, P, T>::value);
}
template <alpha_constant P, input_range In, output_range<detail::value_t<In>> Out>
void softplus_derivative_with(In&& in, Out&& out) {
    rectify::softplus_derivative(
        in, out, detail::smooth_constant<detail::smooth::softplus, P, detail::value_t<In>>::value);
}
template <alpha_constant P, element T>
[[nodiscard]] constexpr T softplus_backward_with(T x, std::type_identity_t<T> dy) noexcept {
    return rectify::softplus_backward(x, dy, detail::smooth_constant<detail::smooth::softplus, P, T>::value);
}
template <alpha_constant P, input_range X, input_range Dy, output_range<detail::value_t<X>> Out>
    requires std::same_as<detail::value_t<Dy>, detail::value_t<X>>
void softplus_backward_with(X&& x, Dy&& grad_out, Out&& grad_in) {
    rectify::softplus_backward(
        x, grad_out, grad_in,
        detail::smooth_constant<detail::smooth::softplus, P, detail::value_t<X>>::value);
}

#if RECTIFY_EXECUTION
// softplus_with<P>(policy, ...): under a standard execution policy.
template <alpha_constant P, execution_policy E, input_range In, output_range<detail::value_t<In>> Out>
void softplus_with(E&& policy, In&& in, Out&& out) {
    rectify::softplus(policy, in, out, detail::smooth_constant<detail::smooth::softplus, P, detail::value_t<In>>::value);
}
template <alpha_constant P, execution_policy E, inout_range R>
void softplus_with(E&& policy, R&& inout) {
    rectify::softplus(policy, inout, detail::smooth_constant<detail::smooth::softplus, P, detail::value_t<R>>::value);
}
template <alpha_constant P, execution_policy E, input_range In, output_range<detail::value_t<In>> Out>
void softplus_derivative_with(E&& policy, In&& in, Out&& out) {
    rectify::softplus_derivative(policy, in, out, detail::smooth_constant<detail::smooth::softplus, P, detail::value_t<In>>::value);
}
template <alpha_constant P, execution_policy E, input_range X, input_range Dy, output_range<detail::value_t<X>> Out>
    requires std::same_as<detail::value_t<Dy>, detail::value_t<X>>
void softplus_backward_with(E&& policy, X&& x, Dy&& grad_out, Out&& grad_in) {
    rectify::softplus_backward(policy, x, grad_out, grad_in, detail::smooth_constant<detail::smooth::softplus, P, detail::value_t<X>>::value);
}
#endif

#if RECTIFY_HAS_FLOATING_ALPHA
// ---- the same with the parameter as a value: elu_with<0.5f>(x) ----------------------

template <auto P, element T>
    requires detail::alpha_value<decltype(P)>
[[nodiscard]] constexpr T elu_with(T x) noexcept {
    return rectify::elu_with<detail::value_alpha<P>>(x);
}
template <auto P, input_range In, output_range<detail::value_t<In>> Out>
    requires detail::alpha_value<decltype(P)>
void elu_with(In&& in, Out&& out) {
    rectify::elu_with<detail::value_alpha<P>>(in, out);
}
template <auto P, inout_range R>
    requires detail::alpha_value<decltype(P)>
void elu_with(R&& inout) {
    rectify::elu_with<detail::value_alpha<P>>(inout);
}
template <auto P, element T>
    requires detail::alpha_value<decltype(P)>
[[nodiscard]] constexpr T elu_derivative_with(T x) noexcept {
    return rectify::elu_derivative_with<detail::value_alpha<P>>(x);
}
template <auto P, input_range In, output_range<detail::value_t<In>> Out>
    requires detail::alpha_value<decltype(P)>
void elu_derivative_with(In&& in, Out&& out) {
    rectify::elu_derivative_with<detail::value_alpha<P>>(in, out);
}
template <auto P, element T>
    requires detail::alpha_value<decltype(P)>
[[nodiscard]] constexpr T elu_backward_with(T x, std::type_identity_t<T> dy) noexcept {
    return rectify::elu_backward_with<detail::value_alpha<P>>(x, dy);
}
template <auto P, input_range X, input_range Dy, output_range<detail::value_t<X>> Out>
    requires detail::alpha_value<decltype(P)> && std::same_as<detail::value_t<Dy>, detail::value_t<X>>
void elu_backward_with(X&& x, Dy&& grad_out, Out&& grad_in) {
    rectify::elu_backward_with<detail::value_alpha<P>>(x, grad_out, grad_in);
}

#    if RECTIFY_EXECUTION
template <auto P, execution_policy E, input_range In, output_range<detail::value_t<In>> Out>
    requires detail::alpha_value<decltype(P)>
void elu_with(E&& policy, In&& in, Out&& out) {
    rectify::elu_with<detail::value_alpha<P>>(policy, in, out);
}
template <auto P, execution_policy E, inout_range R>
    requires detail::alpha_value<decltype(P)>
void elu_with(E&& policy, R&& inout) {
    rectify::elu_with<detail::value_alpha<P>>(policy, inout);
}
template <auto P, execution_policy E, input_range In, output_range<detail::value_t<In>> Out>
    requires detail::alpha_value<decltype(P)>
void elu_derivative_with(E&& policy, In&& in, Out&& out) {
    rectify::elu_derivative_with<detail::value_alpha<P>>(policy, in, out);
}
template <auto P, execution_policy E, input_range X, input_range Dy, output_range<detail::value_t<X>> Out>
    requires detail::alpha_value<decltype(P)> && std::same_as<detail::value_t<Dy>, detail::value_t<X>>
void elu_backward_with(E&& policy, X&& x, Dy&& grad_out, Out&& grad_in) {
    rectify::elu_backward_with<detail::value_alpha<P>>(policy, x, grad_out, grad_in);
}
#    endif

template <auto P, element T>
    requires detail::alpha_value<decltype(P)>
[[nodiscard]] constexpr T celu_with(T x) noexcept {
    return rectify::celu_with<detail::value_alpha<P>>(x);
}
template <auto P, input_range In, output_range<detail::value_t<In>> Out>
    requires detail::alpha_value<decltype(P)>
void celu_with(In&& in, Out&& out) {
    rectify::celu_with<detail::value_alpha<P>>(in, out);
}
template <auto P, inout_range R>
    requires detail::alpha_value<decltype(P)>
void celu_with(R&& inout) {
    rectify::celu_with<detail::value_alpha<P>>(inout);
}
template <auto P, element T>
    requires detail::alpha_value<decltype(P)>
[[nodiscard]] constexpr T celu_derivative_with(T x) noexcept {
    return rectify::celu_derivative_with<detail::value_alpha<P>>(x);
}
template <auto P, input_range In, output_range<detail::value_t<In>> Out>
    requires detail::alpha_value<decltype(P)>
void celu_derivative_with(In&& in, Out&& out) {
    rectify::celu_derivative_with<detail::value_alpha<P>>(in, out);
}
template <auto P, element T>
    requires detail::alpha_value<decltype(P)>
[[nodiscard]] constexpr T celu_backward_with(T x, std::type_identity_t<T> dy) noexcept {
    return rectify::celu_backward_with<detail::value_alpha<P>>(x, dy);
}
template <auto P, input_range X, input_range Dy, output_range<detail::value_t<X>> Out>
    requires detail::alpha_value<decltype(P)> && std::same_as<detail::value_t<Dy>, detail::value_t<X>>
void celu_backward_with(X&& x, Dy&& grad_out, Out&& grad_in) {
    rectify::celu_backward_with<detail::value_alpha<P>>(x, grad_out, grad_in);
}

#    if RECTIFY_EXECUTION
template <auto P, execution_policy E, input_range In, output_range<detail::value_t<In>> Out>
    requires detail::alpha_value<decltype(P)>
void celu_with(E&& policy, In&& in, Out&& out) {
    rectify::celu_with<detail::value_alpha<P>>(policy, in, out);
}
template <auto P, execution_policy E, inout_range R>
    requires detail::alpha_value<decltype(P)>
void celu_with(E&& policy, R&& inout) {
    rectify::celu_with<detail::value_alpha<P>>(policy, inout);
}
template <auto P, execution_policy E, input_range In, output_range<detail::value_t<In>> Out>
    requires detail::alpha_value<decltype(P)>
void celu_derivative_with(E&& policy, In&& in, Out&& out) {
    rectify::celu_derivative_with<detail::value_alpha<P>>(policy, in, out);
}
template <auto P, execution_policy E, input_range X, input_range Dy, output_range<detail::value_t<X>> Out>
    requires detail::alpha_value<decltype(P)> && std::same_as<detail::value_t<Dy>, detail::value_t<X>>
void celu_backward_with(E&& policy, X&& x, Dy&& grad_out, Out&& grad_in) {
    rectify::celu_backward_with<detail::value_alpha<P>>(policy, x, grad_out, grad_in);
}
#    endif

template <auto P, element T>
    requires detail::alpha_value<decltype(P)>
[[nodiscard]] constexpr T softplus_with(T x) noexcept {
    return rectify::softplus_with<detail::value_alpha<P>>(x);
}
template <auto P, input_range In, output_range<detail::value_t<In>> Out>
    requires detail::alpha_value<decltype(P)>
void softplus_with(In&& in, Out&& out) {
    rectify::softplus_with<detail::value_alpha<P>>(in, out);
}
template <auto P, inout_range R>
    requires detail::alpha_value<decltype(P)>
void softplus_with(R&& inout) {
    rectify::softplus_with<detail::value_alpha<P>>(inout);
}
template <auto P, element T>
    requires detail::alpha_value<decltype(P)>
[[nodiscard]] constexpr T softplus_derivative_with(T x) noexcept {
    return rectify::softplus_derivative_with<detail::value_alpha<P>>(x);
}
template <auto P, input_range In, output_range<detail::value_t<In>> Out>
    requires detail::alpha_value<decltype(P)>
void softplus_derivative_with(In&& in, Out&& out) {
    rectify::softplus_derivative_with<detail::value_alpha<P>>(in, out);
}
template <auto P, element T>
    requires detail::alpha_value<decltype(P)>
[[nodiscard]] constexpr T softplus_backward_with(T x, std::type_identity_t<T> dy) noexcept {
    return rectify::softplus_backward_with<detail::value_alpha<P>>(x, dy);
}
template <auto P, input_range X, input_range Dy, output_range<detail::value_t<X>> Out>
    requires detail::alpha_value<decltype(P)> && std::same_as<detail::value_t<Dy>, detail::value_t<X>>
void softplus_backward_with(X&& x, Dy&& grad_out, Out&& grad_in) {
    rectify::softplus_backward_with<detail::value_alpha<P>>(x, grad_out, grad_in);
}
#    if RECTIFY_EXECUTION
template <auto P, execution_policy E, input_range In, output_range<detail::value_t<In>> Out>
    requires detail::alpha_value<decltype(P)>
void softplus_with(E&& policy, In&& in, Out&& out) {
    rectify::softplus_with<detail::value_alpha<P>>(policy, in, out);
}
template <auto P, execution_policy E, inout_range R>
    requires detail::alpha_value<decltype(P)>
void softplus_with(E&& policy, R&& inout) {
    rectify::softplus_with<detail::value_alpha<P>>(policy, inout);
}
template <auto P, execution_policy E, input_range In, output_range<detail::value_t<In>> Out>
    requires detail::alpha_value<decltype(P)>
void softplus_derivative_with(E&& policy, In&& in, Out&& out) {
    rectify::softplus_derivative_with<detail::value_alpha<P>>(policy, in, out);
}
template <auto P, execution_policy E, input_range X, input_range Dy, output_range<detail::value_t<X>> Out>
    requires detail::alpha_value<decltype(P)> && std::same_as<detail::value_t<Dy>, detail::value_t<X>>
void softplus_backward_with(E&& policy, X&& x, Dy&& grad_out, Out&& grad_in) {
    rectify::softplus_backward_with<detail::value_alpha<P>>(policy, x, grad_out, grad_in);
}
#    endif
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

// ---- Execution policies: chunks on a fixed grid ---------------------------------
//
// A span form given std::execution::par or par_unseq checks its input first
// (nothing has started when it reports), then splits [0, n) into chunks of
// `grid` elements (the last one shorter): a size fixed per family and element
// type, never taken from the thread count. std::for_each runs the chunks
// under the caller's policy, each the sequential call's kernel (the one
// chosen for the program, as for every span call) on its part of the range.
// Each result depends on its own element alone (prelu's slope gradient is an
// exact sum, added up exactly from the chunks' parts), so the bits are the
// sequential call's for every thread count and length. Ranges shorter than
// the family's cutoff, seq and unseq run as the call without a policy does.
// Grids: 64 KiB of each range a chunk for the relu family and prelu (memory
// bound: few chunks, each long enough to stream), 4096 elements for the
// smooth functions (compute bound: more chunks, for balance); both multiples
// of every vector width, so only the last chunk ends with a partial vector,
// and aligned as the ranges are. The cutoffs were measured on 2 cores
// (docs/parallel.md).

// The measured cutoffs, in elements of float (scaled by the element size
// for the memory-bound families).
inline constexpr std::size_t memory_bound_cutoff_bytes = std::size_t{256} << 10;  // 64Ki floats: 4 chunks
inline constexpr std::size_t compute_bound_cutoff = std::size_t{8} << 10;         // 8Ki elements: 2 chunks
inline constexpr std::size_t memory_bound_grid_bytes = std::size_t{64} << 10;
inline constexpr std::size_t compute_bound_grid = 4096;

#if RECTIFY_PARALLEL_ENGINE
// The chunks' numbers 0, 1, 2...: a random-access iterator, which the
// parallel algorithms need to split the work (no array of numbers to allocate).
class chunk_number {
  public:
    using iterator_category = std::random_access_iterator_tag;
    using value_type = std::size_t;
    using difference_type = std::ptrdiff_t;
    using pointer = const std::size_t*;
    using reference = std::size_t;

    chunk_number() = default;
    explicit chunk_number(std::size_t k) noexcept : k_(k) {}
    std::size_t operator*() const noexcept {
        return k_;
    }
    std::size_t operator[](difference_type d) const noexcept {
        return k_ + static_cast<std::size_t>(d);
    }
    chunk_number& operator++() noexcept {
        ++k_;
        return *this;
    }
    chunk_number operator++(int) noexcept {  // NOLINT(cert-dcl21-cpp): an iterator's r++ is a plain copy
        chunk_number old = *this;
        ++k_;
        return old;
    }
    chunk_number& operator--() noexcept {
        --k_;
        return *this;
    }
    chunk_number operator--(int) noexcept {  // NOLINT(cert-dcl21-cpp): as above
        chunk_number old = *this;
        --k_;
        return old;
    }
    chunk_number& operator+=(difference_type d) noexcept {
        k_ += static_cast<std::size_t>(d);
        return *this;
    }
    chunk_number& operator-=(difference_type d) noexcept {
        k_ -= static_cast<std::size_t>(d);
        return *this;
    }
    friend chunk_number operator+(chunk_number a, difference_type d) noexcept {
        return a += d;
    }
    friend chunk_number operator+(difference_type d, chunk_number a) noexcept {
        return a += d;
    }
    friend chunk_number operator-(chunk_number a, difference_type d) noexcept {
        return a -= d;
    }
    friend difference_type operator-(chunk_number a, chunk_number b) noexcept {
        return static_cast<difference_type>(a.k_ - b.k_);
    }
    friend bool operator==(const chunk_number& a, const chunk_number& b) noexcept = default;
    // NOLINTNEXTLINE(modernize-use-nullptr): clang-tidy 14 sees the defaulted <=>'s compare with 0
    friend auto operator<=>(const chunk_number& a, const chunk_number& b) noexcept = default;

  private:
    std::size_t k_ = 0;
};

// True for the policies that split: all but seq and unseq.
template <class E>
inline constexpr bool splits = execution_policy<E> && !std::is_same_v<E, std::execution::sequenced_policy>
#    if __cpp_lib_execution >= 201902L
                               && !std::is_same_v<E, std::execution::unsequenced_policy>
#    endif
    ;
#endif

// Runs chunk(first, length) over [0, n): once over the whole range, or (a
// policy that splits, n past the cutoff and past one grid) over each chunk
// of the grid, in parallel. chunk must not throw.
// The number of chunks run_chunks runs: 1, or more where it splits.
template <class E>
std::size_t chunk_count([[maybe_unused]] const E& exec, [[maybe_unused]] std::size_t n, [[maybe_unused]] std::size_t grid,
                        [[maybe_unused]] std::size_t cutoff) noexcept {
#if RECTIFY_PARALLEL_ENGINE
    if constexpr (splits<E>) {
        const std::size_t forced = detail_shared::parallel_cutoff.load(std::memory_order_relaxed);
        const std::size_t from = forced != static_cast<std::size_t>(-1) ? forced : cutoff;
        if (n > grid && n >= from) {
            return (n - 1) / grid + 1;
        }
    }
#endif
    return 1;
}

#if RECTIFY_PARALLEL_ENGINE
// What std::for_each runs for chunk k: `run` on [k grid, min(n, (k + 1) grid)).
// The chunk's function is behind a pointer, so that the parallel algorithm
// and TBB are instantiated once per policy rather than once per kernel
// (shorter builds, and names short enough for sanitizers' reports).
struct chunk_work {
    const void* function;
    void (*run)(const void* function, std::size_t first, std::size_t length) noexcept;
    std::size_t n;
    std::size_t grid;

    void operator()(std::size_t k) const noexcept {
        const std::size_t first = k * grid;
        run(function, first, n - first < grid ? n - first : grid);
    }
};
#endif

template <class E, class F>
void run_chunks([[maybe_unused]] const E& exec, std::size_t n, [[maybe_unused]] std::size_t grid,
                [[maybe_unused]] std::size_t cutoff, F&& chunk) {
#if RECTIFY_PARALLEL_ENGINE
    if constexpr (splits<E>) {
        const std::size_t count = detail::chunk_count(exec, n, grid, cutoff);
        if (count > 1) {
            using function = std::remove_reference_t<F>;
            const chunk_work work{&chunk,
                                  [](const void* f, std::size_t first, std::size_t length) noexcept {
                                      (*static_cast<const function*>(f))(first, length);
                                  },
                                  n, grid};
            std::for_each(exec, chunk_number(0), chunk_number(count), work);
            return;
        }
    }
#endif
    chunk(std::size_t{0}, n);
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

// The reference definition of Op on one element (dy: backward passes only).
template <op Op, class T>
// NOLINTNEXTLINE(readability-function-cognitive-complexity): one if-constexpr branch per op, one line each
constexpr T ref_of(T x, T dy, T a, T b) noexcept {
    if constexpr (Op == op::relu) {
        return ref::relu(x);
    } else if constexpr (Op == op::relu_derivative) {
        return ref::relu_derivative(x);
    } else if constexpr (Op == op::relu_backward) {
        return ref::relu_backward(x, dy);
    } else if constexpr (Op == op::leaky_relu) {
        return ref::leaky_relu(x, a);
    } else if constexpr (Op == op::leaky_relu_derivative) {
        return ref::leaky_relu_derivative(x, a);
    } else if constexpr (Op == op::leaky_relu_backward) {
        return ref::leaky_relu_backward(x, dy, a);
    } else if constexpr (Op == op::relu6) {
        return ref::relu6(x);
    } else if constexpr (Op == op::relu6_derivative) {
        return ref::relu6_derivative(x);
    } else if constexpr (Op == op::relu6_backward) {
        return ref::relu6_backward(x, dy);
    } else if constexpr (Op == op::hardtanh) {
        return ref::hardtanh(x, a, b);
    } else if constexpr (Op == op::hardtanh_derivative) {
        return ref::hardtanh_derivative(x, a, b);
    } else if constexpr (Op == op::hardtanh_backward) {
        return ref::hardtanh_backward(x, dy, a, b);
    } else if constexpr (Op == op::hardsigmoid) {
        return ref::hardsigmoid(x);
    } else if constexpr (Op == op::hardsigmoid_derivative) {
        return ref::hardsigmoid_derivative(x);
    } else if constexpr (Op == op::hardsigmoid_backward) {
        return ref::hardsigmoid_backward(x, dy);
    } else if constexpr (Op == op::hardswish) {
        return ref::hardswish(x);
    } else if constexpr (Op == op::hardswish_derivative) {
        return ref::hardswish_derivative(x);
    } else if constexpr (Op == op::hardswish_backward) {
        return ref::hardswish_backward(x, dy);
    } else if constexpr (Op == op::threshold) {
        return ref::threshold(x, a, b);
    } else if constexpr (Op == op::threshold_derivative) {
        return ref::threshold_derivative(x, a);
    } else {
        static_assert(Op == op::threshold_backward);
        return ref::threshold_backward(x, dy, a);
    }
}

// One element of a span kernel: the reference definition, or for leaky_relu
// on float and double the same bits computed branch-free (both sides, then a
// select).
template <op Op, class T>
T element_of(T x, T dy, T a, T b) noexcept {
    constexpr bool select = has_mask_select<T>;
    if constexpr (select && Op == op::leaky_relu) {
        return mask_select(x <= T(0), a * x, x);
    } else if constexpr (select && Op == op::leaky_relu_derivative) {
        return mask_select(x >= T(0), T(1), mask_select(x < T(0), a, x));
    } else if constexpr (select && Op == op::relu_backward) {
        return mask_select(x >= T(0), dy, mask_select(x < T(0), T(0), x));
    } else if constexpr (select && Op == op::leaky_relu_backward) {
        return mask_select(x >= T(0), dy, mask_select(x < T(0), a * dy, x));
    } else {
        return detail::ref_of<Op>(x, dy, a, b);
    }
}

// ---- Span kernels ---------------------------------------------------------------
//
// kernel<Op, T>(x, dy, out, n, a, b, whole) computes out[i] = Op(x[i], dy[i])
// for i < n (dy is null for the forward functions). x, dy and out are each
// either the same buffer or disjoint (validate() has checked). It hands the
// work to the kernel of the chosen instruction set. `whole` is the length of
// the call's range, of which this may be one chunk (it decides streaming).

// The portable kernel: the reference definition, element by element (what an
// optimiser may vectorise; GCC at -O3 and Clang at -O2 do).
template <op Op, class T>
void portable_kernel(const T* x, const T* dy, T* out, std::size_t n, T a, T b) noexcept {
    // Two loops, not one that reads dy[i] where dy is not null: Clang 16 at -O2
    // vectorizes that conditional read, in an AVX-512 kernel, as a masked
    // load of _Float16 lanes, which its code generator cannot select without
    // AVX-512 FP16 (it stopped with "Cannot select: masked_load" on
    // hardswish_backward of _Float16).
    if (dy == nullptr) {
        for (std::size_t i = 0; i < n; ++i) {
            out[i] = detail::element_of<Op>(x[i], T(0), a, b);
        }
    } else {
        for (std::size_t i = 0; i < n; ++i) {
            out[i] = detail::element_of<Op>(x[i], dy[i], a, b);
        }
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

// Every lane of V set to x's bits (-0 stays -0, where V{} + x gives +0).
template <class V, class S>
RECTIFY_INLINE void splat(V& v, S x) noexcept {
    using U = std::conditional_t<
        sizeof(S) == 8, std::uint64_t,
        std::conditional_t<sizeof(S) == 4, std::uint32_t, std::conditional_t<sizeof(S) == 2, std::uint16_t, std::uint8_t>>>;
    static_assert(sizeof(S) == sizeof(U));
    // cppcheck-suppress uninitvar ; v is written here, not read (cppcheck 2.10 misreads the builtin)
    v = __builtin_bit_cast(V, typename simd<U, sizeof(V)>::type{} + std::bit_cast<U>(x));
}

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

// True if any lane of a comparison result is set: halves ORed down to 16
// bytes, then on x86-64 one pmovmskb (SSE2, always there), elsewhere the
// words.
template <class M>
RECTIFY_INLINE bool any_lane(const M& mask) noexcept {
#    if RECTIFY_X86_64
#        if !defined(__clang__)
    if constexpr (sizeof(M) == 64) {
        // AVX-512 (the only kernel with 64-byte vectors): one vptestmw and a
        // mask test, where ORing the halves down cost GCC stack round trips.
        // (GCC checks the builtin's instruction set in the kernel it lands in.)
        typedef short words __attribute__((vector_size(64)));  // NOLINT(modernize-use-using): as below
        const auto w = __builtin_bit_cast(words, mask);
        return __builtin_ia32_ptestmw512(w, w, static_cast<unsigned>(-1)) != 0;
    }
    if constexpr (sizeof(M) == 32) {
        // AVX2 and AVX-512 (only they have 32-byte chunks): one vptest, where
        // the halves below went through the stack (stores and loads every
        // vector of 16-bit hardswish).
        typedef long long quads __attribute__((vector_size(32)));  // NOLINT(modernize-use-using): as below
        const auto q = __builtin_bit_cast(quads, mask);
        return __builtin_ia32_ptestz256(q, q) == 0;
    }
#        endif
    if constexpr (sizeof(M) > 16 && sizeof(M) % 32 == 0) {
        // NOLINTNEXTLINE(modernize-use-using): GCC ignores vector_size on a dependent type in `using`
        typedef std::uint64_t half __attribute__((vector_size(sizeof(M) / 2)));
        struct halves {
            half h[2];
        };
        const auto a = __builtin_bit_cast(halves, mask);
        return detail::any_lane(a.h[0] | a.h[1]);
    } else if constexpr (sizeof(M) == 16) {
        typedef char sixteen __attribute__((vector_size(16)));  // NOLINT(modernize-use-using): as above
        return __builtin_ia32_pmovmskb128(__builtin_bit_cast(sixteen, mask)) != 0;
    }
#    endif
    using word = std::conditional_t<sizeof(M) % 8 == 0, std::uint64_t,
                                    std::conditional_t<sizeof(M) % 4 == 0, std::uint32_t, std::uint16_t>>;
    struct words {
        word w[sizeof(M) / sizeof(word)];
    };
    const auto a = __builtin_bit_cast(words, mask);
    word any = 0;
    for (const word w : a.w) {
        any |= w;
    }
    return any != 0;
}

// d = x widened to doubles in one instruction (vcvtps2pd, fcvtl): GCC 12
// widens 8 floats for AVX-512 in two halves and an insert, 4 for AVX2 in two
// halves, and 2 for SSE2 and NEON one float at a time.
template <class VD, class VF>
RECTIFY_INLINE void widen_floats(VD& d, const VF& x) noexcept {
#    if defined(__GNUC__) && !defined(__clang__)
    // (The builtins return vectors; they are inlined into the kernels, so
    // -Wpsabi's note on the calling convention is moot.)
#        pragma GCC diagnostic push
#        pragma GCC diagnostic ignored "-Wpsabi"
#        if RECTIFY_X86_64
    if constexpr (sizeof(VD) == 64) {
        d = __builtin_ia32_cvtps2pd512_mask(x, VD{}, static_cast<char>(-1), 4);  // all lanes; 4: as MXCSR rounds
        return;
    } else if constexpr (sizeof(VD) == 32) {
        d = __builtin_ia32_cvtps2pd256(x);
        return;
    } else {
        d = __builtin_ia32_cvtps2pd(__builtin_shufflevector(x, x, 0, 1, -1, -1));
        return;
    }
#        else
    d = __builtin_aarch64_float_extend_lo_v2df(x);
    return;
#        endif
#        pragma GCC diagnostic pop
#    else
    d = __builtin_convertvector(x, VD);
#    endif
}

// The low and the high half of v's lanes, and the vector of a's lanes then
// b's, by shuffles. (Through a struct, GCC 12 stores the halves and reloads
// them as one vector, which the CPU cannot forward from two stores: the
// rational lanes below stalled on every vector, hardswish at 14 GB/s.)
// (nvcc's front end loses the pack inside the builtin: through the struct
// there, as host code under CUDA is not what rectify tunes.)
template <class VH, std::size_t From, class V, std::size_t... I>
RECTIFY_INLINE void lanes_from(VH& h, const V& v, std::index_sequence<I...> /*lanes*/) noexcept {
#    if defined(__CUDACC__)
    struct halves {
        VH h[2];
    };
    h = __builtin_bit_cast(halves, v).h[From == 0 ? 0 : 1];
#    else
    h = __builtin_shufflevector(v, v, (From + I)...);
#    endif
}
template <class V, class VH, std::size_t... I>
RECTIFY_INLINE void joined(V& v, const VH& a, const VH& b, std::index_sequence<I...> /*lanes*/) noexcept {
#    if defined(__CUDACC__)
    struct halves {
        VH h[2];
    };
    v = __builtin_bit_cast(V, halves{{a, b}});
#    else
    v = __builtin_shufflevector(a, b, I...);
#    endif
}

// The lanes of hardsigmoid, hardswish and hardswish' on float, in double:
// y = (x + 3) / 6 or (2x + 3) / 6 in double, rounded to float, is the float
// nearest the real value (see rational_rounded): a division decides every
// lane. hardswish: y = x (x + 3) times 1/6 rounded, in double, is within
// 5 2^-53 |y| of the real value v, less than 5 of y's ulps (three roundings
// and the constant's; see rational_rounded), so y rounds to float as v does
// unless y is within 8 ulps of a midpoint between two floats, that is unless
// y's 29 bits below float's precision are within 8 of 2^28: there the lane
// is set in `close` (about one lane in 2^24). (hardswish's results inside
// (-3, 3) are normal floats but for |x| < 2^-60, which are x/2 rounded
// upwards at a midpoint, as x (1/2 -+ 2^-40) in double does; and a lane
// outside (-3, 3), whose y is not used, may be set for nothing.) The check is
// three integer operations on y's bits: hardswish ran at 0.74 of its speed
// with the earlier one (y -+ 2^-50 |y| rounded to float twice and compared),
// and hardsigmoid, hardswish' and hardswish_backward at 0.59 to 0.84 with a
// multiply and this check in place of their division (rectify_bench, 256Ki
// floats).
template <op Op, class VH, class VW>
RECTIFY_INLINE void rational_half(VH& r, VW& close, const VH& x) noexcept {
    using VD = typename simd<double, 2 * sizeof(VH)>::type;
    VD xd;
    detail::widen_floats(xd, x);
    if constexpr (Op == op::hardsigmoid) {
        r = __builtin_convertvector((xd + 3.0) / 6.0, VH);
    } else if constexpr (Op == op::hardswish) {
        const VD ax = __builtin_bit_cast(VD, __builtin_bit_cast(VW, xd) & 0x7fffffffffffffffU);
        const VD tiny = xd * (xd < 0 ? 0.5 - 0x1p-40 : 0.5 + 0x1p-40);  // see rational_rounded
        const VD y = ax < 0x1p-60 ? tiny : xd * (xd + 3.0) * (1.0 / 6.0);  // see rational_guess
        r = __builtin_convertvector(y, VH);
        constexpr std::uint64_t below_float = (std::uint64_t{1} << 29U) - 1U;
        constexpr std::uint64_t midpoint = std::uint64_t{1} << 28U;
        close = ((__builtin_bit_cast(VW, y) & below_float) - (midpoint - 8U)) <= 16U;
    } else {
        r = __builtin_convertvector((2.0 * xd + 3.0) / 6.0, VH);
    }
}

// In two halves, each widened to a native vector of doubles (GCC splits a
// comparison on a vector wider than the machine's into scalar code). Returns
// true if a lane is left undecided (hardswish only).
template <op Op, class V>
RECTIFY_INLINE bool rational_lanes(V& r, const V& x) noexcept {
    using VH = typename simd<float, sizeof(V) / 2>::type;
    using VW = typename simd<std::uint64_t, sizeof(V)>::type;
    constexpr auto half = std::make_index_sequence<sizeof(V) / 8>{};
    VH xs[2];
    detail::lanes_from<VH, 0>(xs[0], x, half);
    detail::lanes_from<VH, sizeof(V) / 8>(xs[1], x, half);
    VH rs[2];
    VW close[2]{};
    detail::rational_half<Op>(rs[0], close[0], xs[0]);
    detail::rational_half<Op>(rs[1], close[1], xs[1]);
    detail::joined(r, rs[0], rs[1], std::make_index_sequence<sizeof(V) / 4>{});
    return Op == op::hardswish && detail::any_lane(close[0] | close[1]);
}

// Every lane of r = Op(x, dy) by the scalar definition, out of line, for the
// rare vectors with a lane rational_lanes leaves undecided. (Through memory:
// a vector indexed lane by lane in the kernel would be split into scalars.)
template <op Op, class T, class V>
[[gnu::noinline]] void fix_lanes(const V& x, const V& dy, V& r) noexcept {
    constexpr std::size_t lanes = sizeof(V) / sizeof(T);
    T xs[lanes];
    T dys[lanes];
    T rs[lanes];
    __builtin_memcpy(&xs[0], &x, sizeof(V));
    __builtin_memcpy(&dys[0], &dy, sizeof(V));
    for (std::size_t lane = 0; lane < lanes; ++lane) {
        rs[lane] = detail::ref_of<Op>(xs[lane], dys[lane], T(0), T(0));
    }
    __builtin_memcpy(&r, &rs[0], sizeof(V));
}

// hardswish and silu where |x| < 2^-60 (tiny_bound: the bits of 2^-60), in
// integer code on x's bits: floating-point arithmetic there makes subnormals
// (x^2, and the products of the error bounds), which cost a microcode assist
// each (hardswish: 37-45 ns an element across that band on AVX-512, 6-90 ns
// on AVX2, measured; 0.3 ns elsewhere). There hardswish(x) = x / 2 + x^2 / 6
// and silu(x) = x / 2 + x^2 / 4 (1 + O(x^2)) both round as x / 2 with its
// midpoints taken upwards (the rest is positive and below 2^-61 |x / 2|, far
// below half an ulp): from |x| = 2^-125 up x / 2 is a float (the exponent
// less one); below, |x| = m 2^-149 for x's magnitude bits m (a subnormal, or
// the least normal binade, where m holds the implicit bit), so the result is
// (m + 1) / 2 units of 2^-149 for positive x and m / 2 for negative x, with
// x's sign (and the zero it was given at 0). The arithmetic's lanes then take
// 1 in place of such an x. Such lanes are rare in real data: the kernels
// test a vector for them and take this path only where one is present.
inline constexpr int tiny_bound = 0x21800000;
template <class VI>
RECTIFY_INLINE void tiny_half(VI& r, const VI& bits) noexcept {
    const VI magnitude = bits & 0x7fffffff;
    const VI exact = magnitude >= 0x01000000;  // |x| >= 2^-125
    const VI upwards = (bits >= 0) & 1;
    const VI half = (exact & (magnitude - 0x00800000)) | (~exact & ((magnitude + upwards) >> 1));
    r = (bits & ~0x7fffffff) | half;
}
#    if RECTIFY_X86_64 && defined(__GNUC__) && !defined(__CUDACC__)
// hardsigmoid, hardswish and hardswish' (and hardswish_backward through it)
// in the AVX-512 kernel's 16 float lanes, for GCC and Clang (their builtins,
// spelled for each where they differ; the other kernels but GCC's AVX2
// hardswish (rational8 below) take the double lanes above, with the same
// bits; Clang builds took them on AVX-512 too until 2026-12-05). Each
// is v = n / 6 for a numerator n held exactly as two floats, nh + nl:
//   hardsigmoid  nh + nl = x + 3 (Fast2Sum: |x| < 3 where it is used);
//   hardswish'   nh + nl = 2x + 3 (TwoSum);
//   hardswish    x (x + 3) = x (s + e) with s + e = x + 3 as above, x s =
//                nh + its error exactly (an FMA), nl = fl(that error + x e).
// Then q = fl(nh c) with c = fl(1/6) = (1 + g) / 6, |g| < 2^-25, and
// nh - 6q is exact (an FMA: it is a multiple of q's ulp, nh's exponent being
// at least q's + 2, and below 2^-21 |nh|), so v = q + d with d = (nh - 6q +
// nl) / 6, which t = fl(fl(nh - 6q + nl) c) gives within 11 2^-48 |q| (the
// roundings of nl, of the sum and of the product, and g: |nh - 6q| < 9 2^-24
// |q|, |nl| < 12 2^-24 |q|). The ends q + fl(t +- 2^-42 q) (each off by at
// most 3.5 2^-48 |q|) then enclose v, and equal, they are its rounding
// (monotone). They differ at every midpoint: where the numerator is exact
// (hardsigmoid, hardswish'), sixth finds those ties and rounds them to even;
// hardswish's go to the scalar form, as every other lane left undecided.
// For hardswish the FMA's error is exact where |x| >= 2^-60; below, the lane
// is decided in integer code (tiny_half). Every float on this kernel is
// checked against the definition by the exhaustive test.
// (No function here returns or takes a vector by value: without AVX-512 in
// the calling convention, GCC warns of one, even inlined. The builtins return
// vectors; they are inlined into the kernel, so -Wpsabi's note is moot.)
#        pragma GCC diagnostic push
#        pragma GCC diagnostic ignored "-Wpsabi"
// Clang checks a builtin's instruction set in the function that calls it,
// and inlines an always_inline function only into one with at least its
// instruction set: in Clang builds these functions (only the AVX-512
// kernel's lanes use them there) carry the target, and apply, which the
// generic family code calls, is plain inline (Clang inlines it once that
// code sits in the AVX-512 kernel).
#        if defined(__clang__)
#            define RECTIFY_RATIONAL16 [[gnu::target("avx512f,avx512bw"), gnu::always_inline]] inline
#            define RECTIFY_RATIONAL16_ENTRY [[gnu::target("avx512f,avx512bw")]] inline
inline constexpr auto mask16_all = static_cast<unsigned short>(0xffffU);  // the builtins' all lanes
#        else
#            define RECTIFY_RATIONAL16 RECTIFY_INLINE
#            define RECTIFY_RATIONAL16_ENTRY RECTIFY_INLINE
inline constexpr auto mask16_all = static_cast<short>(-1);
#        endif
// r = a b + c, one rounding, in 16 or 8 float lanes.
template <class VF>
RECTIFY_RATIONAL16 void fused(VF& r, const VF& a, const VF& b, const VF& c) noexcept {
    if constexpr (sizeof(VF) == 64) {
        r = __builtin_ia32_vfmaddps512_mask(a, b, c, mask16_all, 4);  // all lanes, as MXCSR rounds
    } else {
        static_assert(sizeof(VF) == 32);
        r = __builtin_ia32_vfmaddps256(a, b, c);
    }
}
// The ends of v = (nh + nl) / 6 (below): q = fl(nh / 6) and q + fl(t +-
// 2^-42 q), t the rest of v.
template <class VF>
RECTIFY_RATIONAL16 void sixth_ends(const VF& nh, const VF& nl, VF& up, VF& down) noexcept {
    constexpr float c = 1.0F / 6.0F;
    const VF q = nh * c;
    VF rem{};
    detail::fused(rem, q, VF{} - 6.0F, nh);
    const VF t = (rem + nl) * c;
    detail::fused(up, q, VF{} + 0x1p-42F, t);
    detail::fused(down, q, VF{} - 0x1p-42F, t);
    up += q;
    down += q;
}
namespace rational16 {
typedef float vf __attribute__((vector_size(64)));  // NOLINT(modernize-use-using): as simd
inline constexpr unsigned short all = 0xffff;
inline constexpr int equal = 0x00;      // _CMP_EQ_OQ
inline constexpr int less = 0x11;       // _CMP_LT_OQ
inline constexpr int not_above = 0x12;  // _CMP_LE_OQ
inline constexpr int at_least = 0x1d;   // _CMP_GE_OQ
inline constexpr int above = 0x1e;      // _CMP_GT_OQ
// The lanes (bits) of `within` where a p b holds.
template <int Predicate>
RECTIFY_RATIONAL16 unsigned short compare(const vf& a, const vf& b, unsigned short within = all) noexcept {
    return __builtin_ia32_cmpps512_mask(a, b, Predicate, within, 4);
}
// True if no lane of m is set (one kortestw; GCC 12 moves a mask to a
// general register for `m == 0`).
RECTIFY_RATIONAL16 bool none(unsigned short m) noexcept {
    return __builtin_ia32_kortestzhi(m, m) != 0;
}
// r = yes in the lanes of m, no elsewhere.
RECTIFY_RATIONAL16 void select(vf& r, unsigned short m, const vf& yes, const vf& no) noexcept {
#        if defined(__clang__)
    r = __builtin_ia32_selectps_512(m, yes, no);
#        else
    r = __builtin_ia32_movaps512_mask(yes, no, m);
#        endif
}
// The lanes of `within` where a & b is not 0 (vptestmd), and where a < b as
// signed integers.
using vi = simd<int, 64>::type;
RECTIFY_RATIONAL16 unsigned short test_bits(const vi& a, const vi& b, unsigned short within) noexcept {
#        if defined(__clang__)
    return __builtin_ia32_cmpd512_mask(a & b, vi{}, 4, within);  // _MM_CMPINT_NE
#        else
    return __builtin_ia32_ptestmd512(a, b, within);
#        endif
}
RECTIFY_RATIONAL16 unsigned short less_bits(const vi& a, const vi& b) noexcept {
#        if defined(__clang__)
    return __builtin_ia32_cmpd512_mask(a, b, 1, all);  // _MM_CMPINT_LT
#        else
    return __builtin_ia32_pcmpgtd512_mask(b, a, all);
#        endif
}
// v = (nh + nl) / 6 rounded, in y, where `return` has the lane set.
// Exact: nh + nl is exactly the numerator (not for hardswish), so that a
// tie, frequent here (x + 3 has up to 27 bits: about 3% of normal(0, 3)
// lanes inside (-3, 3) are ties), is found and rounded to even in the
// vector: where the ends differ they are neighbours, and v is their midpoint
// exactly when nh - 6 down - 3 (up - down) = -nl (nh - 6 down and that
// difference are exact, as nh - 6q is; a float sum is 0 only where it is
// exactly).
template <bool Exact>
RECTIFY_RATIONAL16 unsigned short sixth(const vf& nh, const vf& nl, vf& y) noexcept {
    vf up{};
    vf down{};
    detail::sixth_ends(nh, nl, up, down);
    const unsigned short same = rational16::compare<equal>(up, down);
    if constexpr (Exact) {
        vf below_down{};
        detail::fused(below_down, down, vf{} - 6.0F, nh);
        vf gap{};
        detail::fused(gap, up - down, vf{} - 3.0F, below_down);
        const auto tie = static_cast<unsigned short>(rational16::compare<equal>(gap + nl, vf{}) & ~same);
        const vi one = vi{} + 1;
        const auto odd_down = rational16::test_bits(__builtin_bit_cast(vi, down), one, tie);  // tie lanes, down odd
        rational16::select(y, static_cast<unsigned short>(tie & ~odd_down), down, up);
        return static_cast<unsigned short>(same | tie);
    } else {
        y = up;
        return same;
    }
}
// r = Op(x, dy) where x <= lo or x >= 3 (lo = -3) and for NaN: the value
// below (+0), above (1 or x or dy), and x itself for NaN.
RECTIFY_RATIONAL16 void outside(vf& r, const vf& x, unsigned short below, unsigned short above_mask,
                                const vf& above_value) noexcept {
    rational16::select(r, above_mask, above_value, x);
    rational16::select(r, below, vf{}, r);
}
// Op(x, dy) in r; false if a lane is left to the scalar form.
template <op Op>
RECTIFY_RATIONAL16_ENTRY bool apply(vf& r, const vf& x, const vf& dy) noexcept {
    const vf three = vf{} + 3.0F;
    vf y;
    if constexpr (Op == op::hardsigmoid || Op == op::hardswish) {
        // hardswish's lanes where |x| < 2^-60 (tiny_bound), compared in
        // integers, take 1 in the arithmetic and tiny_half's x / 2 (rare in
        // real data: a vector takes that path only if it has such a lane).
        // hardsigmoid (and hardswish' below) keep x: their subnormals, only
        // where |x| < 2^-123 (x / 6), cost about 10 ns an element there, and
        // the same test cost them 7-9% on normal(0, 3) data (measured).
        [[maybe_unused]] const vi bits = __builtin_bit_cast(vi, x);
        const auto tiny = static_cast<unsigned short>(
            Op == op::hardswish ? rational16::less_bits(bits & 0x7fffffff, vi{} + tiny_bound) : 0);
        vf z = x;  // x, hardswish's tiny lanes replaced
        if constexpr (Op == op::hardswish) {
            if (__builtin_expect(static_cast<long>(!rational16::none(tiny)), 0) != 0) {
                rational16::select(z, tiny, vf{} + 1.0F, x);
            }
        }
        const vf s = z + three;
        const vf e = z - (s - three);
        const unsigned short inside =
            rational16::compare<less>(x, three, rational16::compare<above>(x, -three));
        const unsigned short below = rational16::compare<not_above>(x, -three);
        unsigned short decided = 0;
        if constexpr (Op == op::hardsigmoid) {
            decided = rational16::sixth<true>(s, e, y);
            rational16::outside(r, x, below, rational16::compare<at_least>(x, three), vf{} + 1.0F);
        } else {
            const vf p = z * s;
            vf pe{};
            detail::fused(pe, z, s, -p);
            vf nl{};
            detail::fused(nl, z, e, pe);
            decided = rational16::sixth<false>(p, nl, y);
            if (__builtin_expect(static_cast<long>(!rational16::none(tiny)), 0) != 0) {
                vi halved;
                detail::tiny_half(halved, bits);
                rational16::select(y, tiny, __builtin_bit_cast(vf, halved), y);
                decided = static_cast<unsigned short>(decided | tiny);
            }
            rational16::select(r, below, vf{}, x);
        }
        rational16::select(r, inside, y, r);
        return rational16::none(__builtin_ia32_kandnhi(decided, inside));  // no inside lane undecided
    } else {
        const vf a = x + x;
        const vf s = a + three;
        const vf sb = s - a;
        const vf e = (a - (s - sb)) + (three - sb);
        const unsigned short decided = rational16::sixth<true>(s, e, y);
        const unsigned short inside =
            rational16::compare<less>(x, three, rational16::compare<at_least>(x, -three));
        const unsigned short below = rational16::compare<less>(x, -three);
        const unsigned short top = rational16::compare<at_least>(x, three);
        if constexpr (Op == op::hardswish_derivative) {
            rational16::outside(r, x, below, top, vf{} + 1.0F);
        } else {
            static_assert(Op == op::hardswish_backward);
            rational16::outside(r, x, below, top, dy);
            y *= dy;
        }
        rational16::select(r, inside, y, r);
        return rational16::none(__builtin_ia32_kandnhi(decided, inside));  // no inside lane undecided
    }
}
}  // namespace rational16
#        undef RECTIFY_RATIONAL16
#        undef RECTIFY_RATIONAL16_ENTRY
#        pragma GCC diagnostic pop
#    endif

#    if RECTIFY_X86_64 && !defined(__clang__) && !defined(__CUDACC__) && (RECTIFY_DISPATCH || defined(__FMA__))
#        define RECTIFY_FAMILY_AVX2_FLOAT_LANES 1
// hardswish's arithmetic in the AVX2 kernel's 8 float lanes (GCC; FMA: the
// dispatch picks AVX2 only where the CPU has it, and without dispatch the
// compiler flags promise it), with vector masks where rational16 has mask
// registers, and the same bits. (hardsigmoid and hardswish', whose double
// lanes divide once with no check, were 3-22% slower in float lanes on an
// Intel Xeon with AVX-512: there vdivpd on 256 bits is cheap.)
#        pragma GCC diagnostic push
#        pragma GCC diagnostic ignored "-Wpsabi"
namespace rational8 {
typedef float vf __attribute__((vector_size(32)));  // NOLINT(modernize-use-using): as simd
typedef int vi __attribute__((vector_size(32)));    // NOLINT(modernize-use-using): as simd
// r = yes in the lanes of m (all ones), no elsewhere (one vblendvps).
RECTIFY_INLINE void select(vf& r, const vi& m, const vf& yes, const vf& no) noexcept {
    r = __builtin_ia32_blendvps256(no, yes, __builtin_bit_cast(vf, m));
}
// hardswish(x) in r, as rational16::apply; false if a lane is left to the
// scalar form.
RECTIFY_INLINE bool hardswish(vf& r, const vf& x) noexcept {
    const vf three = vf{} + 3.0F;
    const vi bits = __builtin_bit_cast(vi, x);
    const vi tiny = (bits & 0x7fffffff) < tiny_bound;  // as rational16::apply
    const bool any_tiny =
        __builtin_expect(static_cast<long>(__builtin_ia32_movmskps256(__builtin_bit_cast(vf, tiny)) != 0), 0) != 0;
    vf w = x;
    if (any_tiny) {
        rational8::select(w, tiny, vf{} + 1.0F, x);
    }
    const vf s = w + three;
    const vf e = w - (s - three);
    const vf p = w * s;
    vf pe{};
    detail::fused(pe, w, s, -p);
    vf nl{};
    detail::fused(nl, w, e, pe);
    vf up{};
    vf down{};
    detail::sixth_ends(p, nl, up, down);
    vf y = up;
    vi decided = up == down;
    if (any_tiny) {
        vi halved;
        detail::tiny_half(halved, bits);
        rational8::select(y, tiny, __builtin_bit_cast(vf, halved), up);
        decided |= tiny;
    }
    const vi inside = (x > -three) & (x < three);
    rational8::select(r, x <= -three, vf{}, x);
    rational8::select(r, inside, y, r);
    // No inside lane undecided:
    return __builtin_ia32_movmskps256(__builtin_bit_cast(vf, inside & ~decided)) == 0;
}
}  // namespace rational8
#        pragma GCC diagnostic pop
#    else
#        define RECTIFY_FAMILY_AVX2_FLOAT_LANES 0
#    endif

#    if RECTIFY_X86_64 && defined(__GNUC__) && !defined(__CUDACC__)
#        define RECTIFY_FIXUP_SELECTS 1
// relu, leaky_relu, their derivatives and backward passes (and prelu's, a
// slope per lane) in the AVX-512 kernels: one vfixupimmps
// (vfixupimmpd) a vector, where the selects below take a comparison and a
// blend for each branch (the derivatives and relu_backward: two comparisons,
// both on port 5 of Intel cores, and two blends); leaky_relu keeps its
// product, leaky_relu_backward its comparison below zero and masked product
// (dy times alpha there). vfixupimm sorts each lane of x into one of eight classes
// (quiet NaN, signaling NaN, +-0, +1, -inf, +inf, negative, positive; a
// subnormal as +-0 where MXCSR's DAZ is set, as the comparisons do) and
// replaces the lane by the table's choice for its class: the lane of `kept`,
// x itself (its bits: a NaN stays the NaN it was), +0 or +1. The same bits as
// the selects, and the relu family's exhaustive test checks every float on
// this kernel. (Clang checks a builtin's instruction set in the function it
// is written in: for Clang, apply carries its target and is plain inline,
// inlined into the AVX-512 kernel, as the 16-bit kernels' conversions; until
// 2026-12-05 Clang builds kept the selects.)
#        pragma GCC diagnostic push
#        pragma GCC diagnostic ignored "-Wpsabi"
namespace fixup {
inline constexpr std::uint32_t kept = 0x0U;
inline constexpr std::uint32_t x_itself = 0x1U;
inline constexpr std::uint32_t plus_zero = 0x8U;
inline constexpr std::uint32_t plus_one = 0xaU;
// The table: a nibble for each class, in vfixupimm's order (quiet NaN,
// signaling NaN, +-0, +1, -inf, +inf, negative, positive), from what NaN,
// +-0, the values below zero and those above it become.
consteval std::uint32_t table(std::uint32_t nan, std::uint32_t zero, std::uint32_t below,
                              std::uint32_t above) noexcept {
    return nan | nan << 4U | zero << 8U | above << 12U | below << 16U | above << 20U | below << 24U | above << 28U;
}
// All 8 lanes, as each compiler's builtins take the mask (16: mask16_all).
#        if defined(__clang__)
inline constexpr auto all8 = static_cast<unsigned char>(0xffU);
#            define RECTIFY_FIXUP [[gnu::target("avx512f")]] inline
#        else
inline constexpr auto all8 = static_cast<char>(-1);
#            define RECTIFY_FIXUP RECTIFY_INLINE
#        endif
// r = the table's choice for each lane of x (`keep`'s lane where it says kept).
template <std::uint32_t Table, class V>
RECTIFY_FIXUP void apply(V& r, const V& keep, const V& x) noexcept {
    constexpr int no_exceptions = 0;  // imm8: report no class as an exception
    constexpr int as_mxcsr = 4;       // _MM_FROUND_CUR_DIRECTION
    if constexpr (sizeof(x[0]) == sizeof(float)) {
        typedef int table_lanes __attribute__((vector_size(64)));  // NOLINT(modernize-use-using): as simd
        r = __builtin_ia32_fixupimmps512_mask(keep, x, table_lanes{} + static_cast<int>(Table), no_exceptions,
                                              mask16_all, as_mxcsr);
    } else {
        typedef long long table_lanes __attribute__((vector_size(64)));  // NOLINT(modernize-use-using): as simd
        r = __builtin_ia32_fixupimmpd512_mask(keep, x, table_lanes{} + static_cast<long long>(Table), no_exceptions,
                                              all8, as_mxcsr);
    }
}
#        undef RECTIFY_FIXUP
// The functions this takes: relu's and leaky_relu's (and prelu's, leaky_relu
// with a slope per lane) on float and double vectors of 64 bytes.
template <op Op, class V>
inline constexpr bool takes =
    sizeof(V) == 64 &&
    (std::is_same_v<std::remove_cvref_t<decltype(V{}[0])>, float> ||
     std::is_same_v<std::remove_cvref_t<decltype(V{}[0])>, double>) &&
    (Op == op::relu || Op == op::leaky_relu || Op == op::relu_derivative || Op == op::leaky_relu_derivative ||
     Op == op::relu_backward || Op == op::leaky_relu_backward);
// r = Op(x, dy) with alpha (or the slopes) a, as apply's selects below.
// (Each table names the choice for each class: NaN, zero, below, above.)
// NOLINTBEGIN(readability-suspicious-call-argument)
template <op Op, class V>
RECTIFY_INLINE void select(V& r, const V& x, const V& dy, const V& a) noexcept {
    if constexpr (Op == op::relu) {
        fixup::apply<fixup::table(x_itself, plus_zero, plus_zero, x_itself)>(r, x, x);
    } else if constexpr (Op == op::leaky_relu) {
        fixup::apply<fixup::table(x_itself, kept, kept, x_itself)>(r, a * x, x);
    } else if constexpr (Op == op::relu_derivative) {
        fixup::apply<fixup::table(x_itself, plus_one, plus_zero, plus_one)>(r, x, x);
    } else if constexpr (Op == op::leaky_relu_derivative) {
        fixup::apply<fixup::table(x_itself, plus_one, kept, plus_one)>(r, a, x);
    } else if constexpr (Op == op::relu_backward) {
        fixup::apply<fixup::table(x_itself, kept, plus_zero, kept)>(r, dy, x);
    } else {
        static_assert(Op == op::leaky_relu_backward);
        V t;  // dy, or x where x is NaN; then alpha dy below zero
        fixup::apply<fixup::table(x_itself, kept, kept, kept)>(t, dy, x);
        r = x < V{} ? a * dy : t;
    }
}
// NOLINTEND(readability-suspicious-call-argument)
}  // namespace fixup
#        pragma GCC diagnostic pop
#    else
#        define RECTIFY_FIXUP_SELECTS 0
#    endif

// r = Op(x, dy) lane by lane, written as the reference definition is: a
// vector `?:` selects per lane (a blend, or and/andnot/or on SSE2), and the
// comparisons are false for NaN, so a NaN x falls through to x itself.
// (Vectors pass by reference: no vector crosses a call boundary.) a and b
// are the parameters in every lane.
template <op Op, class V>
// NOLINTNEXTLINE(readability-function-cognitive-complexity): one if-constexpr branch per op, one line each
RECTIFY_INLINE void apply(V& r, const V& x, const V& dy, const V& a, const V& b) noexcept {
    const V zero{};
    const V one = zero + 1;
#    if RECTIFY_FIXUP_SELECTS
    if constexpr (fixup::takes<Op, V>) {
        fixup::select<Op>(r, x, dy, a);
        return;
    }
#    endif
    if constexpr (Op == op::relu) {
        r = x <= zero ? zero : x;
    } else if constexpr (Op == op::leaky_relu) {
        r = x <= zero ? a * x : x;
    } else if constexpr (Op == op::relu_derivative) {
        r = x >= zero ? one : (x < zero ? zero : x);
    } else if constexpr (Op == op::leaky_relu_derivative) {
        r = x >= zero ? one : (x < zero ? a : x);
    } else if constexpr (Op == op::relu_backward) {
        r = x >= zero ? dy : (x < zero ? zero : x);
    } else if constexpr (Op == op::leaky_relu_backward) {
        r = x >= zero ? dy : (x < zero ? a * dy : x);
    } else if constexpr (Op == op::relu6) {
        const V six = zero + 6;
        r = x <= zero ? zero : (x >= six ? six : x);
    } else if constexpr (Op == op::relu6_derivative) {
        const V six = zero + 6;
        r = x >= zero ? (x < six ? one : zero) : (x < zero ? zero : x);
    } else if constexpr (Op == op::relu6_backward) {
        const V six = zero + 6;
        r = x >= zero ? (x < six ? dy : zero) : (x < zero ? zero : x);
    } else if constexpr (Op == op::hardtanh) {
        r = x < a ? a : (x > b ? b : x);
    } else if constexpr (Op == op::hardtanh_derivative) {
        r = x >= a ? (x < b ? one : zero) : (x < a ? zero : x);
    } else if constexpr (Op == op::hardtanh_backward) {
        r = x >= a ? (x < b ? dy : zero) : (x < a ? zero : x);
    } else if constexpr (Op == op::threshold) {
        r = x <= a ? b : x;  // NaN: x (GCC makes scalar code of `x > a ? x : (x <= a ? b : x)`)
    } else if constexpr (Op == op::threshold_derivative) {
        r = x > a ? one : (x <= a ? zero : x);
    } else if constexpr (Op == op::threshold_backward) {
        r = x > a ? dy : (x <= a ? zero : x);
    } else if constexpr (Op == op::hardsigmoid_derivative || Op == op::hardsigmoid_backward) {
        using T = std::remove_cvref_t<decltype(x[0])>;
        const V three = zero + 3;
        const V sixth = zero + one_sixth<T>;
        const V inside = Op == op::hardsigmoid_derivative ? sixth : dy * sixth;
        r = x >= -three ? (x < three ? inside : zero) : (x < -three ? zero : x);
    } else {
        // hardsigmoid, hardswish and their derivatives and backward passes: float lanes only.
        using T = std::remove_cvref_t<decltype(x[0])>;
        static_assert(std::is_same_v<T, float>);
        using VU = typename simd<std::uint32_t, sizeof(V)>::type;
#    if RECTIFY_X86_64 && defined(__GNUC__) && !defined(__CUDACC__)
        bool decided = true;
        if constexpr (sizeof(V) == 64) {
            decided = rational16::apply<Op>(r, x, dy);
        }
#        if RECTIFY_FAMILY_AVX2_FLOAT_LANES
        if constexpr (sizeof(V) == 32 && Op == op::hardswish) {
            decided = rational8::hardswish(r, x);
        }
#        endif
        constexpr bool float_lanes =
            sizeof(V) == 64 || (sizeof(V) == 32 && Op == op::hardswish && RECTIFY_FAMILY_AVX2_FLOAT_LANES);
        if constexpr (float_lanes) {
            if (!decided) [[unlikely]] {
                V xs = x;  // copies: by reference, the vectors took stack homes written on every turn
                V dys = dy;
                V rs{};
                detail::fix_lanes<Op, T>(xs, dys, rs);
                r = rs;
            }
            return;
        }
#    endif
        const V three = zero + 3;
        V y;
        if constexpr (Op == op::hardsigmoid) {
            detail::rational_lanes<Op>(y, x);
            r = x <= -three ? zero : (x >= three ? one : (x > -three ? y : x));
        } else if constexpr (Op == op::hardswish) {
            const bool undecided = detail::rational_lanes<Op>(y, x);
            // In bit masks: GCC merges the two masks of `x >= 3 ? x : (... : x)`
            // into scalar code.
            const VU xb = __builtin_bit_cast(VU, x);
            const VU below = __builtin_bit_cast(VU, x <= -three);
            const VU above = __builtin_bit_cast(VU, x >= three);
            const VU inside = __builtin_bit_cast(VU, x > -three);
            const VU rest = (inside & __builtin_bit_cast(VU, y)) | (~inside & xb);  // NaN: x
            r = __builtin_bit_cast(V, ~below & ((above & xb) | (~above & rest)));
            if (undecided) [[unlikely]] {
                detail::fix_lanes<Op, T>(x, dy, r);
            }
        } else if constexpr (Op == op::hardswish_derivative) {
            detail::rational_lanes<Op>(y, x);
            r = x < -three ? zero : (x >= three ? one : (x >= -three ? y : x));
        } else {
            static_assert(Op == op::hardswish_backward);
            detail::rational_lanes<op::hardswish_derivative>(y, x);
            r = x < -three ? zero : (x >= three ? dy : (x >= -three ? dy * y : x));
        }
    }
}




// Keeps a loaded vector in a register: GCC 12 otherwise folds its load into
// every instruction that uses it (a memory operand each), so that a select
// that tests x twice and takes dy twice loads both twice (leaky_relu_backward
// at 1Ki floats ran at 0.72 of Eigen's -march=native loop for it, on AVX-512).
// GCC only: Clang checks an asm operand against the instruction sets of the
// function it is written in (this one has no target attribute), and refuses
// a 32- or 64-byte vector there.
template <class V>
RECTIFY_INLINE void in_register([[maybe_unused]] V& v) noexcept {
#    if defined(__clang__)
#    elif RECTIFY_X86_64
    __asm__("" : "+v"(v));
#    else
    __asm__("" : "+w"(v));
#    endif
}

// One vector: out[i .. i + lanes) = Op(x[i ..], dy[i ..]).
template <op Op, class T, std::size_t Bytes>
RECTIFY_INLINE void vector_step(typename simd<T, Bytes>::type& r, const T* x, const T* dy, std::size_t i,
                                const typename simd<T, Bytes>::type& a,
                                const typename simd<T, Bytes>::type& b) noexcept {
    using V = typename simd<T, Bytes>::type;
    V vx;
    V vdy{};
    detail::load(vx, x + i);
    detail::in_register(vx);
    if constexpr (is_backward(Op)) {
        detail::load(vdy, dy + i);
        detail::in_register(vdy);
    }
    detail::apply<Op>(r, vx, vdy, a, b);
}

// The loop: four vectors per turn, then one at a time; the last, partial
// vector is done as a full vector ending at n, overlapping its predecessor,
// and computed before anything is stored so that in-place calls read the
// original values. Below one vector, the next narrower width takes over, and
// below 16 bytes the scalar element function (the same bits, element by element).
//
// The loop stores whole aligned vectors: where `out` is not aligned to the
// vector (std::vector and malloc give 16 bytes), the first vector is computed
// before the loop, which starts at the first aligned element, and stored
// after it (rewriting the elements they share with the same bits; in place,
// the loop never reads what the first vector replaced). A store that spans two
// cache lines costs two: relu on 128Ki floats 16 bytes off a 64-byte line ran
// at 0.74-0.79 of memcpy on AVX-512, 1.04-1.06 aligned (docs/speed.md).
//
// Streaming (x86-64, a separate output of at least the streaming threshold):
// the aligned loop streams its vectors.
template <op Op, class T, std::size_t Bytes, bool Streaming = false>
RECTIFY_INLINE void vector_kernel(const T* x, const T* dy, T* out, std::size_t n, T a, T b) noexcept {
    using V = typename simd<T, Bytes>::type;
    constexpr std::size_t lanes = simd<T, Bytes>::lanes;
    if (n < lanes) {
        if constexpr (Bytes > 16) {
            detail::vector_kernel<Op, T, Bytes / 2>(x, dy, out, n, a, b);
        } else {
            detail::portable_kernel<Op, T>(x, dy, out, n, a, b);
        }
        return;
    }
    V va;  // the parameters in every lane, bit for bit
    V vb;
    detail::splat(va, a);
    detail::splat(vb, b);
    V last;
    detail::vector_step<Op, T, Bytes>(last, x, dy, n - lanes, va, vb);
    std::size_t i = 0;
    V first{};
    // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): an address's alignment
    const std::size_t misalignment = reinterpret_cast<std::uintptr_t>(out) % Bytes;
    const bool peel = misalignment != 0 && misalignment % sizeof(T) == 0;
    if (peel) {
        detail::vector_step<Op, T, Bytes>(first, x, dy, 0, va, vb);
        i = (Bytes - misalignment) / sizeof(T);
    }
    for (; i + 4 * lanes <= n; i += 4 * lanes) {
        V r0, r1, r2, r3;
        detail::vector_step<Op, T, Bytes>(r0, x, dy, i, va, vb);
        detail::vector_step<Op, T, Bytes>(r1, x, dy, i + lanes, va, vb);
        detail::vector_step<Op, T, Bytes>(r2, x, dy, i + 2 * lanes, va, vb);
        detail::vector_step<Op, T, Bytes>(r3, x, dy, i + 3 * lanes, va, vb);
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
        detail::vector_step<Op, T, Bytes>(r, x, dy, i, va, vb);
        detail::store(out + i, r);
    }
    if (peel) {
        detail::store(out, first);
    }
    if (i < n) {
        detail::store(out + n - lanes, last);
    }
}

// The entry points, one per instruction set: the same source, compiled for
// each. (On x86-64 the AVX2 and AVX-512 ones carry target attributes, so a
// baseline build has them too; they only run where the CPU has the set.)
#    if RECTIFY_X86_64
// True if this call should stream its output (see RECTIFY_STREAMING_THRESHOLD):
// `whole` elements, of which this chunk may be a part.
template <class T>
RECTIFY_INLINE bool streams(const T* x, const T* dy, const T* out, std::size_t whole) noexcept {
    const std::size_t from = detail_shared::streaming_threshold.load(std::memory_order_relaxed);
    return from != 0 && whole >= from / sizeof(T) && out != x && out != dy &&
           // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): an address's alignment
           reinterpret_cast<std::uintptr_t>(out) % sizeof(T) == 0;
}

// The x86-64 kernel of one vector width: streaming or plain stores.
template <op Op, class T, std::size_t Bytes>
RECTIFY_INLINE void x86_kernel(const T* x, const T* dy, T* out, std::size_t n, T a, T b, std::size_t whole) noexcept {
    if (detail::streams(x, dy, out, whole)) {
        detail::vector_kernel<Op, T, Bytes, true>(x, dy, out, n, a, b);
    } else {
        detail::vector_kernel<Op, T, Bytes>(x, dy, out, n, a, b);
    }
}

template <op Op, class T>
void sse2_kernel(const T* x, const T* dy, T* out, std::size_t n, T a, T b, std::size_t whole) noexcept {
    detail::x86_kernel<Op, T, 16>(x, dy, out, n, a, b, whole);
}
#        if RECTIFY_DISPATCH || defined(__AVX2__)
#            define RECTIFY_HAS_AVX2_KERNEL 1
#            if RECTIFY_FAMILY_AVX2_FLOAT_LANES
#                define RECTIFY_FAMILY_AVX2_TARGET "avx2,fma"
#            else
#                define RECTIFY_FAMILY_AVX2_TARGET "avx2"
#            endif
template <op Op, class T>
[[gnu::target(RECTIFY_FAMILY_AVX2_TARGET)]] void avx2_kernel(const T* x, const T* dy, T* out, std::size_t n,
                                                             T a, T b, std::size_t whole) noexcept {
    detail::x86_kernel<Op, T, 32>(x, dy, out, n, a, b, whole);
}
#        else
#            define RECTIFY_HAS_AVX2_KERNEL 0
#        endif
#        if RECTIFY_DISPATCH || (defined(__AVX512F__) && defined(__AVX512BW__) && defined(__AVX512DQ__))
#            define RECTIFY_HAS_AVX512_KERNEL 1
#            if RECTIFY_FAMILY_AVX2_FLOAT_LANES  // its tail runs the AVX2 lanes (GCC's -mavx512f has no FMA)
#                define RECTIFY_FAMILY_AVX512_TARGET "avx512f,avx512bw,fma"
#            else
#                define RECTIFY_FAMILY_AVX512_TARGET "avx512f,avx512bw"
#            endif
template <op Op, class T>
[[gnu::target(RECTIFY_FAMILY_AVX512_TARGET)]] void avx512_kernel(const T* x, const T* dy, T* out,
                                                                 std::size_t n, T a, T b,
                                                                 std::size_t whole) noexcept {
    detail::x86_kernel<Op, T, 64>(x, dy, out, n, a, b, whole);
}
#        else
#            define RECTIFY_HAS_AVX512_KERNEL 0
#        endif
#    else
template <op Op, class T>
void neon_kernel(const T* x, const T* dy, T* out, std::size_t n, T a, T b) noexcept {
    detail::vector_kernel<Op, T, 16>(x, dy, out, n, a, b);
}
#    endif

// ---- 16-bit elements ----------------------------------------------------------------
//
// float16_t and bfloat16_t (and the compiler's _Float16 and std::bfloat16_t)
// run on their bits, Bytes of them at a time:
//  - comparisons in 16-bit integer lanes, on a key that orders the numbers as
//    their values do (-x for a negative x's magnitude, so -0 and +0 are
//    equal); a NaN lane is x itself at the end, as in the definition (the
//    AVX-512 kernels' hardsigmoid, hardswish and hardswish' carry it through
//    their float arithmetic instead: a signalling NaN quieted);
//  - selects of bits (x, dy, the parameters and constants as given);
//  - products of two 16-bit numbers (alpha x, alpha dy, dy / 6 rounded) in
//    float, where they are exact (bfloat16 below 2^-126 aside: such a lane
//    takes the scalar form), rounded once to the format;
//  - the rounded values of hardsigmoid, hardswish and hardswish' from three
//    float operations, rounded once to the format (see rational_half16_value).
// Widening and rounding are integer code, or F16C's conversions for binary16
// where the kernel has them (AVX2, AVX-512).

template <class T>
inline constexpr bool is_half = floating<T> && sizeof(T) == 2;
template <class T>
inline constexpr detail_shared::half_kind kind_of =
    significand_digits<T>() == 11 ? detail_shared::half_kind::binary16 : detail_shared::half_kind::bfloat16;

// The AVX-512 kernel's bfloat16 products through AVX-512 BF16's conversion
// (vcvtne2ps2bf16), as a kernel of its own chosen at run time where the CPU
// has it (half_bf16_products): with GCC 10 or later and Clang (bf16hw
// below), where the kernels are dispatched or the flags enable it.
#    if RECTIFY_X86_64 && defined(__GNUC__) &&                                                      \
        ((defined(__clang__) && !defined(__CUDACC__)) || (!defined(__clang__) && __GNUC__ >= 10)) && \
        (RECTIFY_DISPATCH || (defined(__AVX512BF16__) && defined(__AVX512BW__) && defined(__F16C__)))
#        define RECTIFY_HALF_BF16 1
#    else
#        define RECTIFY_HALF_BF16 0
#    endif

#    if RECTIFY_HALF_BF16
// AVX-512 BF16's rounding and AVX-512 DQ's tests of 16 floats, as each
// compiler spells them (for Clang with their target, plain inline, results
// through references, as the F16C conversions: Clang inlines them into the
// AVX-512 BF16 kernel, whose target has both).
namespace bf16hw {
// NOLINTBEGIN(modernize-use-using): GCC ignores vector_size on a dependent type in `using`
typedef float vf __attribute__((vector_size(64)));
typedef short words __attribute__((vector_size(64)));
typedef int vi __attribute__((vector_size(64)));
// NOLINTEND(modernize-use-using)
#        if defined(__clang__)
#            define RECTIFY_BF16HW [[gnu::target("avx512f,avx512dq,avx512bf16")]] inline
#        else
#            define RECTIFY_BF16HW RECTIFY_INLINE
#        endif
#        pragma GCC diagnostic push
#        pragma GCC diagnostic ignored "-Wpsabi"  // inlined into AVX-512 code: the calling convention is moot
// b rounded to bfloat16 in the low 16 lanes, a in the high 16 (vcvtne2ps2bf16).
RECTIFY_BF16HW void round_two(words& r, const vf& a, const vf& b) noexcept {
#        if defined(__clang__)
    r = __builtin_bit_cast(words, __builtin_ia32_cvtne2ps2bf16_512(a, b));
#        else
    r = __builtin_ia32_cvtne2ps2bf16_v32hi(a, b);
#        endif
}
// All 32 bits of the lanes where a or b is a subnormal float (vfpclassps 0x20).
RECTIFY_BF16HW void subnormal_either(vi& r, const vf& a, const vf& b) noexcept {
    const auto all = static_cast<unsigned short>(0xffffU);
    const auto either = static_cast<unsigned short>(__builtin_ia32_fpclassps512_mask(a, 0x20, all) |
                                                    __builtin_ia32_fpclassps512_mask(b, 0x20, all));
    r = __builtin_ia32_cvtmask2d512(either);
}
#        pragma GCC diagnostic pop
#        undef RECTIFY_BF16HW
}  // namespace bf16hw
#    endif

// The AVX-512 kernel's binary16 products in binary16 arithmetic (AVX-512
// FP16's vmulph: the exact product rounded once, subnormals included, whatever
// MXCSR's flush bits say) and hardtanh's and threshold's selects on its
// comparisons (half_fp16_select_step), as a kernel of its own chosen at run
// time where the CPU has it (half_fp16_products): with GCC 12 or later, and
// with Clang where it has _Float16 on x86-64 (Clang 15 and later; not Clang
// 14), its few builtins in functions with the kernel's target, as for AVX-512
// BF16.
#    if RECTIFY_X86_64 && !defined(__CUDACC__) && defined(__GNUC__) &&                                      \
        ((defined(__clang__) && defined(__FLT16_MANT_DIG__)) || (!defined(__clang__) && __GNUC__ >= 12)) && \
        (RECTIFY_DISPATCH || (defined(__AVX512FP16__) && defined(__AVX512BW__) && defined(__F16C__)))
#        define RECTIFY_HALF_FP16 1
#    else
#        define RECTIFY_HALF_FP16 0
#    endif

// Whether a 16-bit kernel of Bytes-byte vectors for T uses the instructions
// of its Hw parameter: F16C's conversions for binary16 (AVX2 and AVX-512
// kernels, where compiled in), AVX-512 BF16's for bfloat16 (the separate
// kernel only).
template <class T>
inline constexpr bool half_f16c = kind_of<T> == detail_shared::half_kind::binary16;

// The key of bits h: ordered as the values (NaN aside).
constexpr std::int16_t half_key(std::uint16_t h) noexcept {
    const auto magnitude = static_cast<std::int16_t>(h & 0x7fffU);
    return (h & 0x8000U) != 0 ? static_cast<std::int16_t>(-magnitude) : magnitude;
}

#    if RECTIFY_X86_64 && (!defined(__clang__) || !defined(__CUDACC__))
#        define RECTIFY_F16C_CONVERSIONS 1
// F16C's conversions, for the vector widths the kernels use. GCC checks a
// builtin's instruction set where it lands, in the kernel; Clang checks it in
// every function it is written in and will not inline an always_inline
// function with more of the instruction set into one with fewer: for Clang
// these carry their target and are plain inline (as math::clang512's), and
// Clang inlines them once the generic caller sits in the kernel.
#        if defined(__clang__)
#            define RECTIFY_F16C [[gnu::target("f16c")]] inline
#            define RECTIFY_F16C512 [[gnu::target("avx512f")]] inline
#        else
#            define RECTIFY_F16C RECTIFY_INLINE
#            define RECTIFY_F16C512 RECTIFY_INLINE
#        endif
// NOLINTBEGIN(modernize-use-using): GCC ignores vector_size on a dependent type in `using`
typedef short f16c_v8hi __attribute__((vector_size(16)));
typedef short f16c_v16hi __attribute__((vector_size(32)));
typedef float f16c_v4sf __attribute__((vector_size(16)));
typedef float f16c_v8sf __attribute__((vector_size(32)));
typedef float f16c_v16sf __attribute__((vector_size(64)));
typedef float f16c_v32sf __attribute__((vector_size(128)));
// NOLINTEND(modernize-use-using)
// All 16 lanes, as the builtins take the mask (GCC's widening one as a short).
#        if defined(__clang__)
inline constexpr unsigned short f16c_widen_all = 0xffff;
#        else
inline constexpr short f16c_widen_all = -1;
#        endif
inline constexpr unsigned short f16c_narrow_all = 0xffff;
// The builtins return AVX vectors; they are inlined into the kernels, so no
// vector crosses a call and -Wpsabi's note on the calling convention is moot.
#        pragma GCC diagnostic push
#        pragma GCC diagnostic ignored "-Wpsabi"
#        if defined(__clang__)
// Clang makes the widening builtins a generic conversion, and can then narrow
// a comparison of the widened numbers to one of binary16 numbers, which it
// makes lane by lane (hardswish' 25 times slower in the AVX-512 kernel): the
// 16-lane one asks for vcvtph2ps {sae} (8: exceptions suppressed, the same
// values), which Clang keeps as the instruction.
inline constexpr int f16c_widen_rounding = 8;
#        else
inline constexpr int f16c_widen_rounding = 4;
#        endif
RECTIFY_F16C void f16c_widen(f16c_v4sf& f, const simd<std::uint16_t, 8>::type& h) noexcept {
    struct padded {
        simd<std::uint16_t, 8>::type low, high;
    };
    f = __builtin_ia32_vcvtph2ps(__builtin_bit_cast(f16c_v8hi, padded{h, {}}));
}
RECTIFY_F16C void f16c_widen(f16c_v8sf& f, const simd<std::uint16_t, 16>::type& h) noexcept {
    f = __builtin_ia32_vcvtph2ps256(__builtin_bit_cast(f16c_v8hi, h));
}
RECTIFY_F16C512 void f16c_widen(f16c_v16sf& f, const simd<std::uint16_t, 32>::type& h) noexcept {
    f = __builtin_ia32_vcvtph2ps512_mask(__builtin_bit_cast(f16c_v16hi, h), f16c_v16sf{}, f16c_widen_all,
                                         f16c_widen_rounding);
}
RECTIFY_F16C void f16c_narrow(simd<std::uint16_t, 8>::type& h, const f16c_v4sf& f) noexcept {
    struct halves {
        simd<std::uint16_t, 8>::type low, high;
    };
    h = __builtin_bit_cast(halves, __builtin_ia32_vcvtps2ph(f, 0)).low;  // 0: to nearest, ties to even
}
RECTIFY_F16C void f16c_narrow(simd<std::uint16_t, 16>::type& h, const f16c_v8sf& f) noexcept {
    h = __builtin_bit_cast(simd<std::uint16_t, 16>::type, __builtin_ia32_vcvtps2ph256(f, 0));
}
RECTIFY_F16C512 void f16c_narrow(simd<std::uint16_t, 32>::type& h, const f16c_v16sf& f) noexcept {
    h = __builtin_bit_cast(simd<std::uint16_t, 32>::type,
                           __builtin_ia32_vcvtps2ph512_mask(f, 0, f16c_v16hi{}, f16c_narrow_all));
}
// 32 lanes as two conversions of 16 (Widen: to floats; else to binary16).
template <bool Widen, class To, class From>
RECTIFY_INLINE void f16c_halves(To& to, const From& from) noexcept {
    using from_half = typename simd<std::remove_cvref_t<decltype(from[0])>, sizeof(From) / 2>::type;
    using to_half = typename simd<std::remove_cvref_t<decltype(to[0])>, sizeof(To) / 2>::type;
    from_half a;
    from_half b;
    detail::lanes_from<from_half, 0>(a, from, std::make_index_sequence<16>{});
    detail::lanes_from<from_half, 16>(b, from, std::make_index_sequence<16>{});
    to_half c;
    to_half d;
    if constexpr (Widen) {
        detail::f16c_widen(c, a);
        detail::f16c_widen(d, b);
    } else {
        detail::f16c_narrow(c, a);
        detail::f16c_narrow(d, b);
    }
    detail::joined(to, c, d, std::make_index_sequence<32>{});
}
RECTIFY_INLINE void f16c_widen(f16c_v32sf& f, const simd<std::uint16_t, 64>::type& h) noexcept {
    detail::f16c_halves<true>(f, h);
}
RECTIFY_INLINE void f16c_narrow(simd<std::uint16_t, 64>::type& h, const f16c_v32sf& f) noexcept {
    detail::f16c_halves<false>(h, f);
}
#        pragma GCC diagnostic pop
#        undef RECTIFY_F16C
#        undef RECTIFY_F16C512

// vmaxps, vminps and vaddps on 16 float lanes, for the AVX-512 kernels'
// 16-bit float lanes, as each compiler spells them (for Clang with their
// target, as the conversions above; results through references: Clang
// passes no AVX-512 vector by value to a function of another target).
// max(a, b) is a > b ? a : b and min(a, b) a < b ? a : b: b where either is
// NaN or both are zeros; add is never fused with a product.
namespace avx512ps {
// NOLINTNEXTLINE(modernize-use-using): GCC ignores vector_size on a dependent type in `using`
typedef float vf __attribute__((vector_size(64)));
#        if defined(__clang__)
[[gnu::target("avx512f")]] inline void max(vf& r, const vf& a, const vf& b) noexcept {
    r = __builtin_ia32_maxps512(a, b, 4);
}
[[gnu::target("avx512f")]] inline void min(vf& r, const vf& a, const vf& b) noexcept {
    r = __builtin_ia32_minps512(a, b, 4);
}
[[gnu::target("avx512f")]] inline void add(vf& r, const vf& a, const vf& b) noexcept {
    r = __builtin_ia32_addps512(a, b, 4);
}
#        else
#            pragma GCC diagnostic push
#            pragma GCC diagnostic ignored "-Wpsabi"
RECTIFY_INLINE void max(vf& r, const vf& a, const vf& b) noexcept {
    r = __builtin_ia32_maxps512_mask(a, b, vf{}, static_cast<short>(-1), 4);
}
RECTIFY_INLINE void min(vf& r, const vf& a, const vf& b) noexcept {
    r = __builtin_ia32_minps512_mask(a, b, vf{}, static_cast<short>(-1), 4);
}
RECTIFY_INLINE void add(vf& r, const vf& a, const vf& b) noexcept {
    r = __builtin_ia32_addps512_mask(a, b, vf{}, static_cast<short>(-1), 4);
}
#            pragma GCC diagnostic pop
#        endif
}  // namespace avx512ps
#    else
#        define RECTIFY_F16C_CONVERSIONS 0
#    endif
// The AVX-512 kernels' 16-bit steps in mask registers (word512 below), with
// the conversions above.
#    define RECTIFY_HALF_MASK_STEPS RECTIFY_F16C_CONVERSIONS

#    if RECTIFY_HALF_FP16
// NOLINTNEXTLINE(modernize-use-using): GCC ignores vector_size on a dependent type in `using`
typedef _Float16 fp16_v32hf __attribute__((vector_size(64)));
// For Clang the functions with AVX-512 FP16's instructions carry its target:
// the steps plain inline (Clang inlines them into the AVX-512 FP16 kernel),
// the helpers they call always_inline.
#        if defined(__clang__)
#            define RECTIFY_FP16_STEP [[gnu::target("avx512f,avx512bw,avx512fp16")]] inline
#            define RECTIFY_FP16 [[gnu::target("avx512f,avx512bw,avx512fp16"), gnu::always_inline]] inline
#        else
#            define RECTIFY_FP16_STEP RECTIFY_INLINE
#            define RECTIFY_FP16 RECTIFY_INLINE
#        endif
#        pragma GCC diagnostic push
#        pragma GCC diagnostic ignored "-Wpsabi"  // inlined into AVX-512 code: the calling convention is moot
// The products u w of 32 binary16 lanes (bits) in binary16 arithmetic: each
// the exact product rounded once. Inlined into the AVX-512 FP16 kernels only.
// (For Clang vmulph by name: its `*` on _Float16 computes in float where the
// translation unit's target has no binary16 arithmetic, the same value.)
RECTIFY_FP16_STEP void fp16_product(simd<std::uint16_t, 64>::type& r, const simd<std::uint16_t, 64>::type& u,
                                    const simd<std::uint16_t, 64>::type& w) noexcept {
#        if defined(__clang__)
    r = __builtin_bit_cast(simd<std::uint16_t, 64>::type,
                           __builtin_ia32_mulph512(__builtin_bit_cast(fp16_v32hf, u), __builtin_bit_cast(fp16_v32hf, w),
                                                   4));  // _MM_FROUND_CUR_DIRECTION
#        else
    r = __builtin_bit_cast(simd<std::uint16_t, 64>::type,
                           __builtin_bit_cast(fp16_v32hf, u) * __builtin_bit_cast(fp16_v32hf, w));
#        endif
}
// The lanes of m where a p b holds (vcmpph, p a _CMP_ predicate), and
// vmaxph and vminph: b where either is NaN or both are zeros.
template <int Predicate>
RECTIFY_FP16 unsigned fp16_compare(const fp16_v32hf& a, const fp16_v32hf& b, unsigned m) noexcept {
#        if defined(__clang__)
    return __builtin_ia32_cmpph512_mask(a, b, Predicate, m, 4);  // _MM_FROUND_CUR_DIRECTION
#        else
    return __builtin_ia32_cmpph512_mask(a, b, Predicate, m);
#        endif
}
template <bool Max>
RECTIFY_FP16 void fp16_extreme(fp16_v32hf& r, const fp16_v32hf& a, const fp16_v32hf& b) noexcept {
#        if defined(__clang__)
    r = Max ? __builtin_ia32_maxph512(a, b, 4) : __builtin_ia32_minph512(a, b, 4);
#        else
    constexpr auto all = static_cast<unsigned>(-1);
    r = Max ? __builtin_ia32_maxph512_mask(a, b, b, all) : __builtin_ia32_minph512_mask(a, b, b, all);
#        endif
}
#        pragma GCC diagnostic pop
#    endif

// Float lanes holding exactly the 16-bit numbers h (as many lanes as h has).
// Hw: F16C's conversion (binary16, x86-64 kernels that have it).
template <detail_shared::half_kind K, bool Hw, class VF, class VH>
RECTIFY_INLINE void half_widen(VF& f, const VH& h) noexcept {
    static_assert(sizeof(VF) == 2 * sizeof(VH));
    using VU = typename simd<std::uint32_t, sizeof(VF)>::type;
#    if RECTIFY_F16C_CONVERSIONS
    if constexpr (Hw && K == detail_shared::half_kind::binary16) {
        detail::f16c_widen(f, h);
        return;
    }
#    endif
    VU u;
#    if RECTIFY_X86_64 && defined(__GNUC__) && !defined(__clang__)
    if constexpr (sizeof(VF) == 64) {
        // One vpmovzxwd: GCC 12 widens 16 lanes in two halves and an insert.
        // (Inlined into the AVX-512 kernels: -Wpsabi's note is moot.)
#        pragma GCC diagnostic push
#        pragma GCC diagnostic ignored "-Wpsabi"
        using VS = simd<std::int16_t, 32>::type;
        using VI = simd<std::int32_t, 64>::type;
        u = __builtin_bit_cast(VU, __builtin_ia32_pmovzxwd512_mask(__builtin_bit_cast(VS, h), VI{},
                                                                   static_cast<unsigned short>(0xffffU)));
#        pragma GCC diagnostic pop
    } else {
        u = __builtin_convertvector(h, VU);
    }
#    else
    u = __builtin_convertvector(h, VU);
#    endif
    if constexpr (K == detail_shared::half_kind::bfloat16) {
        f = __builtin_bit_cast(VF, u << 16U);
    } else {
        const VU sign = (u & 0x8000U) << 16U;
        const VU em = (u & 0x7fffU) << 13U;  // exponent and fraction, in place
        const VU e = u & 0x7c00U;
        const VU normal = em + (112U << 23U);
        const VU special = em + (224U << 23U);  // infinity, NaN: exponent 31 becomes 255
        const VU subnormal = __builtin_bit_cast(VU, __builtin_bit_cast(VF, em + (113U << 23U)) - 0x1p-14F);
        // Selects in bit masks (GCC makes scalar code of some `?:` on vectors).
        const VU is_special = __builtin_bit_cast(VU, e == 0x7c00U);
        const VU is_subnormal = __builtin_bit_cast(VU, e == 0U);
        const VU r = (special & is_special) | (subnormal & is_subnormal) | (normal & ~(is_special | is_subnormal));
        f = __builtin_bit_cast(VF, r | sign);
    }
}

// Float lanes f rounded to the format (to nearest, ties to even; a NaN is
// quieted), as 16-bit lanes.
template <detail_shared::half_kind K, bool Hw, class VH, class VF>
RECTIFY_INLINE void half_narrow(VH& h, const VF& f) noexcept {
    static_assert(sizeof(VF) == 2 * sizeof(VH));
    using VU = typename simd<std::uint32_t, sizeof(VF)>::type;
#    if RECTIFY_F16C_CONVERSIONS
    if constexpr (Hw && K == detail_shared::half_kind::binary16) {
        detail::f16c_narrow(h, f);
        return;
    }
#    endif
    const VU u = __builtin_bit_cast(VU, f);
    const VU a = u & 0x7fffffffU;
    VU r;
    if constexpr (K == detail_shared::half_kind::bfloat16) {
        const VU rounded = (u + 0x7fffU + ((u >> 16U) & 1U)) >> 16U;
        const VU nan = __builtin_bit_cast(VU, a > 0x7f800000U);
        r = (((u >> 16U) | 0x40U) & nan) | (rounded & ~nan);
    } else {
        VU normal = (a - 0x38000000U + 0xfffU + ((a >> 13U) & 1U)) >> 13U;  // for a >= 2^-14; carries round up
        const VU overflow = __builtin_bit_cast(VU, normal > 0x7c00U);
        normal = (normal & ~overflow) | (overflow & 0x7c00U);  // infinity
        // Below 2^-14: |f| + 1/2 rounds |f| to a multiple of 2^-24 in hardware.
        const VU subnormal = __builtin_bit_cast(VU, __builtin_bit_cast(VF, a) + 0.5F) - 0x3f000000U;
        const VU nan = 0x7e00U | ((a >> 13U) & 0x3ffU);
        const VU is_nan = __builtin_bit_cast(VU, a > 0x7f800000U);
        const VU is_subnormal = __builtin_bit_cast(VU, a < 0x38800000U);
        r = (nan & is_nan) | (subnormal & is_subnormal) | (normal & ~(is_nan | is_subnormal)) |
            ((u >> 16U) & 0x8000U);
    }
    h = __builtin_convertvector(r, VH);
}

// The product of 16-bit numbers u and w (bits), rounded once to the format,
// in 16-bit lanes; `tiny` is set if a bfloat16 product lane fell below 2^-126
// (not exact in float: the scalar form redoes it).
template <detail_shared::half_kind K, bool Hw, class VH>
RECTIFY_INLINE void half_product(VH& r, const VH& u, const VH& w, VH& tiny) noexcept {
    using VF = typename simd<float, 2 * sizeof(VH)>::type;
    VF fu;
    VF fw;
    detail::half_widen<K, Hw>(fu, u);
    detail::half_widen<K, Hw>(fw, w);
    const VF p = fu * fw;
    if constexpr (K == detail_shared::half_kind::bfloat16) {
        using VU = typename simd<std::uint32_t, sizeof(VF)>::type;
        using VI = typename simd<std::int32_t, sizeof(VF)>::type;
        using VS = typename simd<std::int16_t, sizeof(VH)>::type;
        // 0 < |p| < 2^-126 exactly where ((|p| - 1) >> 23) - 1 has its top bit set (in
        // arithmetic: GCC makes scalar code of some AVX-512 comparison masks).
        const VU a = __builtin_bit_cast(VU, p) & 0x7fffffffU;
        const VI below = __builtin_bit_cast(VI, ((a - 1U) >> 23U) - 1U) >> 31;
        tiny |= __builtin_bit_cast(VH, __builtin_convertvector(below, VS));
    }
    detail::half_narrow<K, Hw>(r, p);
}

// bfloat16 products a whole vector at once. A bfloat16 number's bits are the
// high half of the float of the same value, so the 16-bit lanes of a vector,
// seen as 32-bit lanes, widen in place: the even lanes (low halves) by a
// shift, the odd ones (high halves) by a mask. The products are rounded in
// place and the halves put back together: no packing, no unpacking.
//
// A product of two bfloat16 numbers has at most 16 significant bits: in float
// it is exact (below 2^-126 aside, the callers' `tiny` lanes) and its low 8
// bits are 0; so are a NaN's (an operand quieted, or the default NaN) and
// infinity's. Rounding it to nearest, ties to even, is adding 0x7fff plus the
// last bit kept: the high half then carries exactly when the low half is
// above a half, or a half with the kept part odd. No NaN carries (its low
// half is 0): a NaN comes out quieted, as half_narrow's own lane makes it.
template <class VU>
RECTIFY_INLINE void bf16_round_high(VU& p) noexcept {
    p += 0x7fffU + ((p >> 16U) & 1U);
}

// The bfloat16 lanes u as floats: even lanes, odd lanes.
template <class VF, class VH>
RECTIFY_INLINE void bf16_widen_pair(VF& even, VF& odd, const VH& u) noexcept {
    using VU = typename simd<std::uint32_t, sizeof(VH)>::type;
    const VU w = __builtin_bit_cast(VU, u);
    even = __builtin_bit_cast(VF, w << 16U);
    odd = __builtin_bit_cast(VF, w & 0xffff0000U);
}

// Products of bfloat16 numbers as floats (even lanes, odd lanes), rounded
// to bfloat16 in 16-bit lanes (see bf16_round_high). Hw: AVX-512 BF16's
// vcvtne2ps2bf16, which rounds to nearest, ties to even, and quiets a NaN
// as bf16_round_high does (its other difference, subnormal floats taken and
// given as 0, is in the tiny lanes only, which the scalar form redoes).
template <bool Hw, class VH, class VF>
RECTIFY_INLINE void bf16_narrow_pair(VH& r, const VF& even, const VF& odd) noexcept {
    using VU = typename simd<std::uint32_t, sizeof(VH)>::type;
#    if RECTIFY_HALF_BF16
    if constexpr (Hw && sizeof(VH) == 64) {
        // The even lanes' results, then the odd lanes': interleaved back.
        bf16hw::words halves;
        bf16hw::round_two(halves, odd, even);
#        if defined(__clang__)
        r = __builtin_bit_cast(VH, __builtin_shufflevector(halves, halves, 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21,
                                                           6, 22, 7, 23, 8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29,
                                                           14, 30, 15, 31));
#        else
        const bf16hw::words order = {0, 16, 1, 17, 2,  18, 3,  19, 4,  20, 5,  21, 6,  22, 7,  23,
                                     8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31};
        r = __builtin_bit_cast(VH, __builtin_shuffle(halves, order));
#        endif
        return;
    }
#    endif
    VU e = __builtin_bit_cast(VU, even);
    VU o = __builtin_bit_cast(VU, odd);
    detail::bf16_round_high(e);
    detail::bf16_round_high(o);
    r = __builtin_bit_cast(VH, (o & 0xffff0000U) | (e >> 16U));
}

// The products c u of a bfloat16 factor c (widened: `factor`) and the
// bfloat16 numbers u, rounded once, a whole vector of 16-bit lanes. The
// caller finds the lanes where c u falls below 2^-126 from u's bits alone
// (bf16_tiny_bound): no test on the products.
template <bool Hw, class VH, class VF>
RECTIFY_INLINE void bf16_product_by(VH& r, const VH& u, const VF& factor) noexcept {
    VF even;
    VF odd;
    detail::bf16_widen_pair(even, odd, u);
    detail::bf16_narrow_pair<Hw>(r, factor * even, factor * odd);
}

// The products u w of bfloat16 numbers, rounded once, a whole vector of
// 16-bit lanes; `tiny` is set where a product fell below 2^-126 (not exact in
// float: the scalar form redoes it).
template <bool Hw, class VH>
RECTIFY_INLINE void bf16_product(VH& r, const VH& u, const VH& w, VH& tiny) noexcept {
    using VF = typename simd<float, sizeof(VH)>::type;
    using VU = typename simd<std::uint32_t, sizeof(VH)>::type;
    VF ue;
    VF uo;
    VF we;
    VF wo;
    detail::bf16_widen_pair(ue, uo, u);
    detail::bf16_widen_pair(we, wo, w);
    const VF pe = ue * we;
    const VF po = uo * wo;
    detail::bf16_narrow_pair<Hw>(r, pe, po);
#    if RECTIFY_HALF_BF16
    if constexpr (Hw && sizeof(VH) == 64) {
        // A subnormal float: vfpclassps (AVX-512 DQ, which the AVX-512 BF16
        // kernel's target takes) on each half, and both lanes of a pair set
        // where either is (the scalar form redoes them: right either way).
        // Four instructions where the test below takes eleven.
        bf16hw::vi either;
        bf16hw::subnormal_either(either, pe, po);
        tiny |= __builtin_bit_cast(VH, either);
        return;
    }
#    endif
    // 0 < |p| < 2^-126 exactly where |p| - 1 is below 0x7fffff, unsigned; each
    // lane's test where its half is.
    const VU te = (__builtin_bit_cast(VU, pe) & 0x7fffffffU) - 1U;
    const VU to = (__builtin_bit_cast(VU, po) & 0x7fffffffU) - 1U;
    const VU below = (__builtin_bit_cast(VU, te < 0x7fffffU) & 0xffffU) |
                     (__builtin_bit_cast(VU, to < 0x7fffffU) & 0xffff0000U);
    tiny |= __builtin_bit_cast(VH, below);
}

// For a bfloat16 factor c (bits): 1 + the largest magnitude m (bits, 0 to
// 0x7f80) whose product with c lies below 2^-126 and is not 0, so that the
// lanes u with 0 < |c u| < 2^-126 are exactly those whose magnitude bits,
// less 1, lie below the value returned less 1, unsigned (none if it is 1).
// Magnitudes order as their bits; c m is exact in double. Every span call
// with a factor makes it: 2^-126 / |c| truncated to bfloat16 is at most a
// step or two below the answer, and the steps test the products themselves
// (a bisection of the 0x7f80 magnitudes took 110 ns, more than the rest of
// a call on 1024 elements).
inline std::uint16_t bf16_tiny_bound(std::uint16_t c) noexcept {
    // (bfloat16 bits to float by hand: half_to_float, host and device, would be
    // instantiated for the device from this host function under nvcc.)
    const auto ac = static_cast<double>(std::bit_cast<float>(static_cast<std::uint32_t>(c & 0x7fffU) << 16U));
    if (!(ac > 0) || !(ac < std::numeric_limits<double>::infinity())) {
        return 1;  // zero, infinity, NaN: no product is tiny
    }
    const auto below = [ac](std::uint32_t m) {
        return ac * static_cast<double>(std::bit_cast<float>(m << 16U)) < 0x1p-126;
    };
    constexpr std::uint32_t infinity = 0x7f80;  // c infinity is not below
    const double guess = 0x1p-126 / ac;  // positive: |c| <= 2^128 and 2^-126 / 2^128 is a double
    std::uint32_t m = infinity;
    if (guess < 0x1p127) {  // a float, truncated to bfloat16 (0 where it rounds to 0)
        m = std::bit_cast<std::uint32_t>(static_cast<float>(guess)) >> 16U;
    }
    while (m > 1 && !below(m - 1)) {
        --m;
    }
    while (m < infinity && below(m)) {
        ++m;
    }
    return static_cast<std::uint16_t>(m < 1 ? 1 : m);
}

// Double lanes d rounded to the format, as 16-bit lanes: d rounded to a float
// with an odd last bit where inexact (round to odd), then to nearest.
template <detail_shared::half_kind K, bool Hw, class VQ, class VD>
RECTIFY_INLINE void half_from_doubles(VQ& h, const VD& d) noexcept {
    constexpr std::size_t lanes = sizeof(VD) / 8;
    using VF = typename simd<float, 4 * lanes>::type;
    using VU = typename simd<std::uint32_t, 4 * lanes>::type;
    using VI = typename simd<std::int32_t, 4 * lanes>::type;
    using VW = typename simd<std::uint64_t, 8 * lanes>::type;
    const VF f = __builtin_convertvector(d, VF);
    const VD back = __builtin_convertvector(f, VD);
    const VD magnitude_back = __builtin_bit_cast(VD, __builtin_bit_cast(VW, back) & 0x7fffffffffffffffU);
    const VD magnitude = __builtin_bit_cast(VD, __builtin_bit_cast(VW, d) & 0x7fffffffffffffffU);
    const VU inexact = __builtin_bit_cast(VU, __builtin_convertvector(back != d, VI));
    const VU away = __builtin_bit_cast(VU, __builtin_convertvector(magnitude_back > magnitude, VI));
    const VU bits = __builtin_bit_cast(VU, f);
    const VU even = __builtin_bit_cast(VU, (bits & 1U) == 0U);
    // An even inexact float moves one step toward d: down (away is all ones) or up.
    const VU odd = bits + (inexact & even & (away | 1U));
    detail::half_narrow<K, Hw>(h, __builtin_bit_cast(VF, odd));
}

// d rounded to float (to nearest), then to the format (to nearest): h. mid
// is set in the lanes where that float is a midpoint of the format, the only
// place where rounding twice can differ from rounding once (every midpoint of
// the format is a float). (Cheaper than half_from_doubles: the callers send
// the rare lanes with mid set to the scalar form.)
template <detail_shared::half_kind K, bool Hw, class VQ, class VD>
RECTIFY_INLINE void half_round_twice(VQ& h, VQ& mid, const VD& d) noexcept {
    constexpr std::size_t lanes = sizeof(VD) / 8;
    using VF = typename simd<float, 4 * lanes>::type;
    using VU = typename simd<std::uint32_t, 4 * lanes>::type;
    using VI = typename simd<std::int32_t, 4 * lanes>::type;
    using VS = typename simd<std::int16_t, 2 * lanes>::type;
    const VF f = __builtin_convertvector(d, VF);
    detail::half_narrow<K, Hw>(h, f);
    const VU u = __builtin_bit_cast(VU, f);
    VU m;
    if constexpr (K == detail_shared::half_kind::bfloat16) {
        m = __builtin_bit_cast(VU, (u & 0xffffU) == 0x8000U);
    } else {
        const VU a = u & 0x7fffffffU;
        const VF af = __builtin_bit_cast(VF, a);
        // Below 2^-14 the format's spacing is 2^-24: the error of rounding |f| to
        // it (exact: (|f| + 1/2) - 1/2 rounds once) is +-2^-25 at a midpoint.
        const VF rest = ((af + 0.5F) - 0.5F) - af;
        const VU subnormal_mid = __builtin_bit_cast(VU, (rest == 0x1p-25F) | (rest == -0x1p-25F));
        const VU normal_mid = __builtin_bit_cast(VU, (a & 0x1fffU) == 0x1000U);
        const VU subnormal = __builtin_bit_cast(VU, a < 0x38800000U);
        m = (subnormal_mid & subnormal) | (normal_mid & ~subnormal);
    }
    mid = __builtin_bit_cast(VQ, __builtin_convertvector(__builtin_bit_cast(VI, m), VS));
}

// y = (x + 3) / 6, x (x + 3) / 6 or (2x + 3) / 6 rounded to the format, in
// float lanes with no division: n = x + 3, 2x + 3 or x (x + 3) in float, q =
// n fl(1/6), and q rounded once to the format (by the caller) is the answer.
//  - hardsigmoid and hardswish': n is exact wherever the result is not 1/2
//    either way, fl(1/6) = (1 + 2^-25) / 6, so q is within one float ulp of
//    n / 6. n / 6 is on a midpoint M of the format (every midpoint is a
//    float: q is then M itself, a tie rounded to even, as the real value
//    is) or at least g / 6 from every one, g the grid of x's last bit or of
//    6M (n - 6M is a nonzero multiple of it), which is more than a float ulp
//    of the result where x's exponent is at least -13 (bfloat16) or -11
//    (binary16); below, the result is 1/2 either way and q stays far from
//    its cell's edges.
//  - hardswish: the same where x (x + 3) is exact in float (bfloat16 |x| >=
//    2^-7, binary16 |x| >= 1/2); elsewhere n is within |n| 2^-24 of the real
//    product and q within two float ulps of the real value, and no 16-bit x
//    has its real value that near a midpoint of the format without being on
//    it: the exhaustive test runs every x on every kernel (each computes
//    these same three roundings). Lanes whose result is subnormal in the
//    format (0 < |x| < 2^-13 in binary16, 2^-125 in bfloat16), whose cells
//    are finer, are left to the scalar form (`fix`), but for binary16 on
//    AVX-512 (below).
// n = +-0 (hardswish at +-0, hardswish' at -3/2) gives q = n, that zero. (A
// step to the midpoint of q's cell and back, and on AVX-512 two FMAs, used to
// follow: 16 bfloat16 hardsigmoids took 7 vector operations where they take
// 3, 256Ki of them 33 us where they take 20 with the AVX-512 clamp and no NaN
// select (rational_select, half_apply). Before that, double lanes and a
// division: 1.2 to 3 us per 1024 elements on AVX-512.)
template <op Op, detail_shared::half_kind K, class VF, class VH>
RECTIFY_INLINE void rational_half16_value(VF& v, const VF& xf, const VH& x, VH& fix) noexcept {
    constexpr float sixth = 1.0F / 6.0F;
    VF n;
    if constexpr (Op == op::hardsigmoid) {
        n = xf + 3.0F;
    } else if constexpr (Op == op::hardswish_derivative) {
        n = xf * 2.0F + 3.0F;
    } else {
        static_assert(Op == op::hardswish);
        n = xf * (xf + 3.0F);
#    if RECTIFY_F16C_CONVERSIONS
        if constexpr (K == detail_shared::half_kind::binary16 && sizeof(VF) == 64) {
            // AVX-512: binary16's subnormal results in the vector too. For 0 <
            // |x| < 2^-13 the real value x / 2 + x^2 / 6 + ... rounds as x / 2
            // (on binary16's grid of 2^-25 there) with ties toward +inf, and q
            // >= x / 2 (n >= 3x, fl(1/6) > 1/6 and 3x fl(1/6) rounds to x / 2):
            // q + 1.5 2^-39 (an add, not fused: more than half an ulp of such
            // a q, far less than the grid) leaves a tie upward. Elsewhere the
            // add vanishes in q's rounding (|q| >= 2^-14 has ulps of 2^-37), but
            // next to |x| = 2^-13, where the exhaustive test checks it.
            avx512ps::add(v, n * sixth, VF{} + 0x1.8p-39F);
            return;
        }
#    endif
        // 0 < |x| < 2^-13 (binary16, 0x0800) or 2^-125 (bfloat16, 0x0100), on the bits.
        constexpr std::uint16_t tiny = K == detail_shared::half_kind::bfloat16 ? 0x0100U : 0x0800U;
        const VH magnitude = x & 0x7fffU;
        fix |= __builtin_bit_cast(VH, (magnitude - 1U) < (tiny - 1U));
    }
    v = n * sixth;
}

// hardsigmoid, hardswish and hardswish' of float lanes xf (16-bit lanes x),
// the selects in float lanes: 0 below -3 (hardswish': below it; +0), 1 or x
// from 3 up; NaN lanes are the caller's.
template <op Op, detail_shared::half_kind K, class VF, class VH>
RECTIFY_INLINE void rational_select(VF& r, const VF& xf, const VH& x, VH& fix) noexcept {
    using VI = typename simd<std::int32_t, sizeof(VF)>::type;
    VF v;
    detail::rational_half16_value<Op, K>(v, xf, x, fix);
#    if RECTIFY_F16C_CONVERSIONS
    if constexpr (sizeof(VF) == 64 && Op != op::hardswish_derivative) {
        // AVX-512: vmaxps a, b is a > b ? a : b and vminps a, b a < b ? a : b
        // (b where either is NaN or both are zeros), no select (GCC 12 turns
        // the code below into compares and blends):
        //  hardsigmoid: min(1, max(+0, v)); v is <= 0 for x <= -3, >= 1 for
        //    x >= 3, in [0, 1] between;
        //  hardswish: min(v, max(+0, x)); for x > 0, v < x below 3 (by far
        //    more than v's error) and v >= x from 3 on; for x <= 0, v < 0
        //    above -3 and v >= 0 from -3 down (-0 at -3, where +0 is taken;
        //    at x = -0 both are -0).
        // A NaN x comes out as it is (half_apply).
        VF low{};
        if constexpr (Op == op::hardsigmoid) {
            avx512ps::max(low, VF{}, v);
            avx512ps::min(r, VF{} + 1.0F, low);
        } else {
            avx512ps::max(low, VF{}, xf);
            avx512ps::min(r, v, low);
        }
        return;
    }
#    endif
    if constexpr (Op == op::hardsigmoid) {  // v clamped to [+0, 1]
        const VF one = VF{} + 1.0F;
        const VF low = (v > 0.0F) ? v : VF{};
        r = (one > low) ? low : one;
        return;
    }
    const VI below = Op == op::hardswish_derivative ? xf < -3.0F : xf <= -3.0F;
    const VI above = xf >= 3.0F;
    VF top = VF{} + 1.0F;
    if constexpr (Op == op::hardswish) {
        top = xf;
    }
    const VI chosen = (__builtin_bit_cast(VI, top) & above) | (__builtin_bit_cast(VI, v) & ~above);
    r = __builtin_bit_cast(VF, chosen & ~below);
}

// The same on 16-bit lanes (Select; without it, the value alone, as
// hardswish_backward's factor): binary16 widened to floats (twice the
// bytes); bfloat16 widened in place, even and odd lanes (bf16_widen_pair),
// and rounded back in place (no result here is NaN: bf16_round_high alone).
template <op Op, detail_shared::half_kind K, bool Hw, bool Select, class VH>
RECTIFY_INLINE void rational_half16(VH& r, const VH& x, VH& fix) noexcept {
    constexpr bool bf16 = K == detail_shared::half_kind::bfloat16;
    using VF = typename simd<float, bf16 ? sizeof(VH) : 2 * sizeof(VH)>::type;
    VF in[2];
    VF out[2];
    if constexpr (bf16) {
        detail::bf16_widen_pair(in[0], in[1], x);
    } else {
        detail::half_widen<K, Hw>(in[0], x);
    }
    for (std::size_t i = 0; i < (bf16 ? 2U : 1U); ++i) {
        if constexpr (Select) {
            detail::rational_select<Op, K>(out[i], in[i], x, fix);
        } else {
            detail::rational_half16_value<Op, K>(out[i], in[i], x, fix);
        }
    }
    if constexpr (bf16) {
        detail::bf16_narrow_pair<Hw>(r, out[0], out[1]);
    } else {
        detail::half_narrow<K, Hw>(r, out[0]);
    }
}

// The parameters of a relu-family op in 16-bit lanes: bits and keys; for a
// bfloat16 product by a constant (`factor`: alpha, or 1/6), the factor as a
// float and its bf16_tiny_bound less 1.
template <std::size_t Bytes>
struct half_parameters {
    using VH = typename simd<std::uint16_t, Bytes>::type;
    using VS = typename simd<std::int16_t, Bytes>::type;
    using VF = typename simd<float, Bytes>::type;
    VH a, b;
    VS ka, kb;
    VF factor;
    VH factor_bits;  // the factor's own bits
    VH tiny_below;
    bool plain;  // pa is finite, its sign bit clear: pa (+0) = +0
    VH keep_above;  // see half_leaky_step
    // (Inlined into each kernel: out of line, at GCC's -O2, it built its
    // vectors in baseline code, 18 ns a call, once per run of a channel in
    // a 16-bit prelu.)
    template <class T>
    RECTIFY_INLINE half_parameters(T pa, T pb, T pfactor) noexcept
        : a(VH{} + std::bit_cast<std::uint16_t>(pa)),
          b(VH{} + std::bit_cast<std::uint16_t>(pb)),
          ka(VS{} + detail::half_key(std::bit_cast<std::uint16_t>(pa))),
          kb(VS{} + detail::half_key(std::bit_cast<std::uint16_t>(pb))),
          // (Broadcast as bits: VF{} + -0.0F would be +0.)
          factor(__builtin_bit_cast(VF, typename simd<std::uint32_t, Bytes>::type{} +
                                            std::bit_cast<std::uint32_t>(static_cast<float>(pfactor)))),
          factor_bits(VH{} + std::bit_cast<std::uint16_t>(pfactor)),
          tiny_below(VH{} + static_cast<std::uint16_t>(
                                kind_of<T> == detail_shared::half_kind::bfloat16
                                    ? detail::bf16_tiny_bound(std::bit_cast<std::uint16_t>(pfactor)) - 1U
                                    : 0U)),
          plain(std::bit_cast<std::uint16_t>(pa) < detail_shared::half_format<kind_of<T>>::infinity),
          keep_above(VH{} + static_cast<std::uint16_t>(0x8000U | detail_shared::half_format<kind_of<T>>::infinity)) {}
};

// r = Op(x, dy) on the bits of Bytes / 2 numbers; `fix` is set where the
// scalar form must redo the vector (rare: see half_product, rational_half16).
template <op Op, class T, std::size_t Bytes, bool Hw>
// NOLINTNEXTLINE(readability-function-cognitive-complexity): one if-constexpr branch per op, one line each
RECTIFY_INLINE void half_apply(typename simd<std::uint16_t, Bytes>::type& r,
                               const typename simd<std::uint16_t, Bytes>::type& x,
                               const typename simd<std::uint16_t, Bytes>::type& dy,
                               const half_parameters<Bytes>& p,
                               typename simd<std::uint16_t, Bytes>::type& fix) noexcept {
    using VH = typename simd<std::uint16_t, Bytes>::type;
    using VS = typename simd<std::int16_t, Bytes>::type;
    constexpr auto kind = kind_of<T>;
    constexpr bool bf16 = kind == detail_shared::half_kind::bfloat16;
    constexpr auto infinity = static_cast<std::int16_t>(detail_shared::half_format<kind>::infinity);
    const VH zero{};
    const VH one = zero + std::bit_cast<std::uint16_t>(T(1));
    const VH six = zero + std::bit_cast<std::uint16_t>(T(6));
    const VH minus_zero = zero + std::uint16_t{0x8000};
    const VH sixth = zero + std::bit_cast<std::uint16_t>(one_sixth<T>);
    const VS key_zero{};
    const VS key_six = key_zero + detail::half_key(std::bit_cast<std::uint16_t>(T(6)));
    const VS key_three = key_zero + detail::half_key(std::bit_cast<std::uint16_t>(T(3)));
    const VS key_minus_three = -key_three;
    const VS s = __builtin_bit_cast(VS, x);
    const VS negative = s >> 15;
    const VS magnitude = s & 0x7fff;
    const VS k = (magnitude ^ negative) - negative;
    // Selects in bit masks, or `?:` on one comparison: GCC 12 turns a `?:` whose
    // result feeds another select's zero, on AVX-512, into scalar code (measured:
    // 1.5 GB/s). relu6 and hardtanh select with `?:` (half the instructions).
    const VH nan = __builtin_bit_cast(VH, magnitude > infinity);  // NaN: x, in every op
    // x >= 0 (-0 included) exactly where x's bits, unsigned, are at most those
    // of -0 (NaN aside).
    const VH not_negative = __builtin_bit_cast(VH, x <= minus_zero);
    if constexpr (Op == op::relu) {
        // x where its sign bit is clear and it is not +0, or it is NaN: no key needed.
        r = x & (__builtin_bit_cast(VH, s > key_zero) | __builtin_bit_cast(VH, magnitude > infinity));
        return;
    } else if constexpr (Op == op::relu_derivative) {
        r = one & not_negative;
    } else if constexpr (Op == op::relu_backward) {
        r = dy & not_negative;
    } else if constexpr (Op == op::leaky_relu && bf16) {
        // Only x < 0 (and -0, NaN) takes the product: tiny below -0.
        VH y;
        detail::bf16_product_by<Hw>(y, x, p.factor);
        fix |= __builtin_bit_cast(VH, x - std::uint16_t{0x8001} < p.tiny_below);
        const VH m = __builtin_bit_cast(VH, s > key_zero);
        r = (x & m) | (y & ~m);
    } else if constexpr (Op == op::leaky_relu) {
        VH y;
        detail::half_product<kind, Hw>(y, p.a, x, fix);
        const VH m = __builtin_bit_cast(VH, s > key_zero);
        r = (x & m) | (y & ~m);
    } else if constexpr (Op == op::leaky_relu_derivative) {
        r = (one & not_negative) | (p.a & ~not_negative);
    } else if constexpr (Op == op::leaky_relu_backward) {
        VH y;
        if constexpr (bf16) {
            detail::bf16_product_by<Hw>(y, dy, p.factor);
            fix |= __builtin_bit_cast(VH, (dy & 0x7fffU) - std::uint16_t{1} < p.tiny_below);
        } else {
            detail::half_product<kind, Hw>(y, p.a, dy, fix);
        }
        r = (dy & not_negative) | (y & ~not_negative);
    } else if constexpr (Op == op::relu6) {
        // On the bits, as signed numbers: every negative (and -0) below +0, a
        // positive's bits ordered as its value; NaN at the end.
        const VS low = s < key_six ? s : key_six;
        r = __builtin_bit_cast(VH, low > key_zero ? low : key_zero);
    } else if constexpr (Op == op::relu6_derivative) {
        r = one & (__builtin_bit_cast(VH, x < six) | __builtin_bit_cast(VH, x == minus_zero));
    } else if constexpr (Op == op::relu6_backward) {
        r = dy & (__builtin_bit_cast(VH, x < six) | __builtin_bit_cast(VH, x == minus_zero));
    } else if constexpr (Op == op::hardtanh) {
        const VH capped = k > p.kb ? p.b : x;
        r = k < p.ka ? p.a : capped;  // lo <= hi: not both
    } else if constexpr (Op == op::hardtanh_derivative) {
        r = one & (__builtin_bit_cast(VH, k >= p.ka) & __builtin_bit_cast(VH, k < p.kb));
    } else if constexpr (Op == op::hardtanh_backward) {
        r = dy & (__builtin_bit_cast(VH, k >= p.ka) & __builtin_bit_cast(VH, k < p.kb));
    } else if constexpr (Op == op::threshold) {
        r = k > p.ka ? x : p.b;
    } else if constexpr (Op == op::threshold_derivative) {
        r = k > p.ka ? one : zero;
    } else if constexpr (Op == op::threshold_backward) {
        r = k > p.ka ? dy : zero;
    } else if constexpr (Op == op::hardsigmoid_derivative) {
        r = sixth & (__builtin_bit_cast(VH, k >= key_minus_three) & __builtin_bit_cast(VH, k < key_three));
    } else if constexpr (Op == op::hardsigmoid_backward) {
        VH y;
        if constexpr (bf16) {
            detail::bf16_product_by<Hw>(y, dy, p.factor);
            fix |= __builtin_bit_cast(VH, (dy & 0x7fffU) - std::uint16_t{1} < p.tiny_below);
        } else {
            detail::half_product<kind, Hw>(y, dy, sixth, fix);
        }
        r = y & (__builtin_bit_cast(VH, k >= key_minus_three) & __builtin_bit_cast(VH, k < key_three));
    } else if constexpr (Op == op::hardswish_backward) {
        // below: zero; above: dy; between: dy hardswish'(x), rounded once
        VH y;
        VH none{};  // hardswish' leaves no lane to the scalar form
        detail::rational_half16<op::hardswish_derivative, kind, Hw, false>(y, x, none);
        VH inside;
        if constexpr (bf16) {
            detail::bf16_product<Hw>(inside, dy, y, fix);
        } else {
            detail::half_product<kind, Hw>(inside, dy, y, fix);
        }
        const VH above = __builtin_bit_cast(VH, k >= key_three);
        r = ((dy & above) | (inside & ~above)) & ~__builtin_bit_cast(VH, k < key_minus_three);
    } else {
        detail::rational_half16<Op, kind, Hw, true>(r, x, fix);
#    if RECTIFY_F16C_CONVERSIONS
        if constexpr ((bf16 ? Bytes : 2 * Bytes) == 64 && (bf16 || Hw)) {
            // AVX-512's float lanes (binary16 through F16C): a NaN x is its own
            // result already. x86 arithmetic returns a quiet NaN operand as it
            // is (a signalling one quieted), hardsigmoid's vmaxps and vminps
            // return it (rational_select), the selects leave it, and both
            // roundings to the format keep its top bits.
            return;
        }
#    endif
    }
    r = (x & nan) | (r & ~nan);
}

#    if RECTIFY_HALF_MASK_STEPS
// AVX-512 BW's 16-bit comparisons into masks, blends and minimums, as each
// compiler spells them, for the mask-register steps below. For Clang they
// carry their target and the steps that call them (RECTIFY_MASK_STEP) carry
// it too, plain inline: Clang inlines those into the AVX-512 kernels, as the
// F16C conversions (for GCC all are always_inline, as before).
namespace word512 {
// NOLINTNEXTLINE(modernize-use-using): GCC ignores vector_size on a dependent type in `using`
typedef short words __attribute__((vector_size(64)));
#        if defined(__clang__)
#            define RECTIFY_WORD512 [[gnu::target("avx512f,avx512bw"), gnu::always_inline]] inline
#        else
#            define RECTIFY_WORD512 RECTIFY_INLINE
#        endif
#        pragma GCC diagnostic push
#        pragma GCC diagnostic ignored "-Wpsabi"  // inlined into AVX-512 code: the calling convention is moot
// The lanes of m where a p b holds, signed (cmp) or unsigned (ucmp); p:
// word_compare's.
template <int Predicate>
RECTIFY_WORD512 unsigned cmp(const words& a, const words& b, unsigned m) noexcept {
    return __builtin_ia32_cmpw512_mask(a, b, Predicate, m);
}
template <int Predicate>
RECTIFY_WORD512 unsigned ucmp(const words& a, const words& b, unsigned m) noexcept {
    return __builtin_ia32_ucmpw512_mask(a, b, Predicate, m);
}
// r = w in the lanes of m, a elsewhere (vpblendmw); r: 32 16-bit lanes of
// any type.
template <class R>
RECTIFY_WORD512 void blend(R& r, const words& a, const words& w, unsigned m) noexcept {
#        if defined(__clang__)
    r = __builtin_bit_cast(R, __builtin_ia32_selectw_512(m, w, a));
#        else
    r = __builtin_bit_cast(R, __builtin_ia32_blendmw_512_mask(a, w, m));
#        endif
}
// r = min(a, b) in the lanes of m, w elsewhere: unsigned (vpminuw) or
// signed (vpminsw).
template <class R>
RECTIFY_WORD512 void min_unsigned(R& r, const words& a, const words& b, const words& w, unsigned m) noexcept {
#        if defined(__clang__)
    typedef unsigned short unsigned_words __attribute__((vector_size(64)));  // NOLINT(modernize-use-using)
    const auto ua = __builtin_bit_cast(unsigned_words, a);
    const auto ub = __builtin_bit_cast(unsigned_words, b);
    r = __builtin_bit_cast(R, __builtin_ia32_selectw_512(m, __builtin_bit_cast(words, ua < ub ? ua : ub), w));
#        else
    r = __builtin_bit_cast(R, __builtin_ia32_pminuw512_mask(a, b, w, m));
#        endif
}
template <class R>
RECTIFY_WORD512 void min_signed(R& r, const words& a, const words& b, const words& w, unsigned m) noexcept {
#        if defined(__clang__)
    r = __builtin_bit_cast(R, __builtin_ia32_selectw_512(m, a < b ? a : b, w));
#        else
    r = __builtin_bit_cast(R, __builtin_ia32_pminsw512_mask(a, b, w, m));
#        endif
}
// The lanes of m where a & b is not 0 (vptestmw), or is 0 (Zero: vptestnmw).
template <bool Zero = false>
RECTIFY_WORD512 unsigned test(const words& a, const words& b, unsigned m) noexcept {
#        if defined(__clang__)
    return __builtin_ia32_cmpw512_mask(a & b, words{}, Zero ? 0 : 4, m);  // _MM_CMPINT_EQ, _NE
#        else
    return Zero ? __builtin_ia32_ptestnmw512(a, b, m) : __builtin_ia32_ptestmw512(a, b, m);
#        endif
}
// low's 16 lanes, then high's (vinserti64x4).
template <class VH, class VQ>
RECTIFY_WORD512 void join(VH& r, const VQ& low, const VQ& high) noexcept {
#        if defined(__clang__)
    r = __builtin_shufflevector(low, high, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20,
                                21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31);
#        else
    typedef int v8si __attribute__((vector_size(32)));        // NOLINT(modernize-use-using): as elsewhere
    typedef int v16si __attribute__((vector_size(64)));       // NOLINT(modernize-use-using)
    typedef long long v4di __attribute__((vector_size(32)));  // NOLINT(modernize-use-using)
    typedef long long v8di __attribute__((vector_size(64)));  // NOLINT(modernize-use-using)
    v8di both = __builtin_bit_cast(v8di, static_cast<v16si>(__builtin_ia32_si512_256si(__builtin_bit_cast(v8si, low))));
    both = __builtin_ia32_inserti64x4_mask(both, __builtin_bit_cast(v4di, high), 1, both,
                                           static_cast<unsigned char>(0xff));
    r = __builtin_bit_cast(VH, both);
#        endif
}
#        pragma GCC diagnostic pop
}  // namespace word512
// The steps: for Clang with the target of the kernels that take them.
#        if defined(__clang__)
#            define RECTIFY_MASK_STEP [[gnu::target("avx512f,avx512bw")]] inline
#        else
#            define RECTIFY_MASK_STEP RECTIFY_INLINE
#        endif

// leaky_relu, leaky_relu_backward and hardsigmoid_backward in the AVX-512 kernels with their
// conversions (bfloat16: AVX-512 BF16's; binary16: F16C's): half_apply's
// lanes, with the comparisons kept in mask registers (GCC turns the vector
// masks of generic code into a mask and back, at every comparison), a whole
// vector at once. Returns the lanes the scalar form must redo (tiny bfloat16
// products; a binary16 product is exact in float, and F16C rounds it once).
// (The builtins return AVX-512 vectors; inlined into the kernel, as for F16C.)
#        pragma GCC diagnostic push
#        pragma GCC diagnostic ignored "-Wpsabi"
template <op Op, detail_shared::half_kind K, bool Fp16>
RECTIFY_MASK_STEP void half_product_by_hw(typename simd<std::uint16_t, 64>::type& y,
                                       const typename simd<std::uint16_t, 64>::type& u, const void* from,
                                       const half_parameters<64>& p) noexcept {
    const typename simd<float, 64>::type& factor = p.factor;
    if constexpr (K == detail_shared::half_kind::bfloat16) {
        detail::bf16_product_by<true>(y, u, factor);
    } else if constexpr (Fp16) {
#        if RECTIFY_HALF_FP16
        detail::fp16_product(y, u, p.factor_bits);
#        endif
    } else {
        // Each half of u loaded again (from `from`, u's memory), and the two
        // halves of y put together in registers: through a struct of halves,
        // GCC took both ways through the stack. (Clang built the loaded
        // halves lane by lane, vpinsrw; it takes u's halves as they are.)
#        if defined(__clang__)
        typename simd<std::uint16_t, 32>::type low =
            __builtin_shufflevector(u, u, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
        typename simd<std::uint16_t, 32>::type high =
            __builtin_shufflevector(u, u, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31);
        static_cast<void>(from);
#        else
        typename simd<std::uint16_t, 32>::type low;
        typename simd<std::uint16_t, 32>::type high;
        detail::load(low, from);
        detail::load(high, static_cast<const unsigned char*>(from) + 32);
#        endif
        f16c_v16sf wide_low;
        f16c_v16sf wide_high;
        detail::f16c_widen(wide_low, low);
        detail::f16c_widen(wide_high, high);
        detail::f16c_narrow(low, factor * wide_low);
        detail::f16c_narrow(high, factor * wide_high);
        word512::join(y, low, high);
    }
}

// The predicates of AVX-512's 16-bit integer comparisons into masks
// (vpcmpw, vpcmpuw).
namespace word_compare {
inline constexpr int eq = 0;
inline constexpr int lt = 1;
inline constexpr int le = 2;
inline constexpr int ge = 5;
inline constexpr int gt = 6;
}  // namespace word_compare

template <op Op, detail_shared::half_kind K, bool Fp16>
RECTIFY_MASK_STEP unsigned half_leaky_step(typename simd<std::uint16_t, 64>::type& r,
                                        const typename simd<std::uint16_t, 64>::type& x,
                                        const typename simd<std::uint16_t, 64>::type& dy,
                                        const void* x_at, const void* dy_at, const half_parameters<64>& p) noexcept {
    typedef short words __attribute__((vector_size(64)));  // NOLINT(modernize-use-using): as elsewhere
    using VH = typename simd<std::uint16_t, 64>::type;
    using word_compare::gt, word_compare::le, word_compare::lt;
    constexpr auto infinity = static_cast<std::uint16_t>(detail_shared::half_format<K>::infinity);
    const auto all = static_cast<unsigned>(-1);
    const VH zero{};
    const auto xw = __builtin_bit_cast(words, x);
    const auto below = __builtin_bit_cast(words, p.tiny_below);
    VH y;
    if constexpr (Op == op::leaky_relu) {
        detail::half_product_by_hw<Op, K, Fp16>(y, x, x_at, p);
        // Tiny products: below -0 only (x itself elsewhere).
        unsigned tiny = 0;
        if constexpr (K == detail_shared::half_kind::bfloat16) {
            tiny = word512::ucmp<lt>(__builtin_bit_cast(words, x - std::uint16_t{0x8001}), below, all);
        }
        // x where x > 0 or x is NaN (as it is, not quieted); the product where
        // x <= 0. With alpha finite and its sign clear, alpha (+0) = +0 too: x
        // exactly where x, as a signed 16-bit number, is above -infinity's bits
        // (p.keep_above): the numbers from +0 up and the NaNs below -0 (-127 to
        // -1 in bfloat16). One comparison (an add and an unsigned one before).
        // (Computed whether used or not: the constant then stays in a register.)
        unsigned keep = word512::cmp<gt>(xw, __builtin_bit_cast(words, p.keep_above), all);
        if (!p.plain) [[unlikely]] {
            keep = word512::cmp<gt>(xw, __builtin_bit_cast(words, zero), all) |
                   word512::ucmp<gt>(xw, __builtin_bit_cast(words, zero + static_cast<std::uint16_t>(0x8000U | infinity)), all);
        }
        word512::blend(r, __builtin_bit_cast(words, y), xw, keep);
        return tiny;
    } else if constexpr (Op == op::hardsigmoid_backward) {
        detail::half_product_by_hw<Op, K, Fp16>(y, dy, dy_at, p);  // dy / 6 rounded: the factor is one_sixth
        // dy / 6 for -3 <= x < 3 (|x| < 3 or x = -3), +0 elsewhere, x for NaN x.
        constexpr std::uint16_t three = detail_shared::half_from_double<K>(3.0);
        const auto magnitude = __builtin_bit_cast(words, x & 0x7fffU);
        const unsigned inside =
            word512::ucmp<lt>(magnitude, __builtin_bit_cast(words, zero + three), all) |
            word512::ucmp<0>(xw, __builtin_bit_cast(words, zero + std::uint16_t{0x8000U | three}), all);
        const unsigned nan = word512::ucmp<gt>(magnitude, __builtin_bit_cast(words, zero + infinity), all);
        unsigned tiny = 0;
        if constexpr (K == detail_shared::half_kind::bfloat16) {
            tiny = word512::ucmp<lt>(__builtin_bit_cast(words, (dy & 0x7fffU) - std::uint16_t{1}), below, inside);
        }
        words chosen{};
        word512::blend(chosen, __builtin_bit_cast(words, zero), __builtin_bit_cast(words, y), inside);
        word512::blend(r, chosen, xw, nan);
        return tiny;
    } else {
        static_assert(Op == op::leaky_relu_backward);
        detail::half_product_by_hw<Op, K, Fp16>(y, dy, dy_at, p);
        // dy for x >= 0 (bits at most those of -0), the product below, x for NaN x.
        const unsigned negative =
            word512::ucmp<gt>(xw, __builtin_bit_cast(words, zero + std::uint16_t{0x8000}), all);
        const unsigned nan = word512::ucmp<gt>(__builtin_bit_cast(words, x & 0x7fffU), __builtin_bit_cast(words, zero + infinity), all);
        unsigned tiny = 0;
        if constexpr (K == detail_shared::half_kind::bfloat16) {
            tiny = word512::ucmp<lt>(__builtin_bit_cast(words, (dy & 0x7fffU) - std::uint16_t{1}), below, negative & ~nan);
        }
        words chosen{};
        word512::blend(chosen, __builtin_bit_cast(words, dy), __builtin_bit_cast(words, y), negative);
        word512::blend(r, chosen, xw, nan);
        return tiny;
    }
}
#        pragma GCC diagnostic pop
#    endif

#    if RECTIFY_HALF_MASK_STEPS
// The relu family's selects (no product, no rounding) in the AVX-512
// kernel, binary16 and bfloat16 alike: half_apply's comparisons, on the
// same bits and keys, made into mask registers and blended there (GCC turns
// each vector comparison of generic code into a mask and back), a whole
// vector at once. hardtanh_derivative on bfloat16 went from 13 to 8
// instructions per 32 numbers.
#        pragma GCC diagnostic push
#        pragma GCC diagnostic ignored "-Wpsabi"
// The parameters' signs that let hardtanh and threshold and their
// derivatives and backward passes compare x's bits with the parameters'
// directly, with no key (half_select_mask_step's Mode): 1 for hardtanh's
// bounds min_val <= -0 and max_val >= +0 (> +0 for the derivative and
// backward pass), and for a threshold >= -0; 2 for a threshold < 0; 0 for
// the rest (keys), NaN parameters among them. a, b: the parameters' bits.
// How many such modes Op has (the kernels made for it: 0 to that).
constexpr int half_direct_modes(op o) noexcept {
    if (o == op::hardtanh || o == op::hardtanh_derivative || o == op::hardtanh_backward) {
        return 1;
    }
    return o == op::threshold || o == op::threshold_derivative || o == op::threshold_backward ? 2 : 0;
}
template <op Op>
constexpr int half_direct_mode(std::uint16_t a, std::uint16_t b, std::uint16_t infinity) noexcept {
    const bool a_negative = (a & 0x8000U) != 0;
    if ((a & 0x7fffU) > infinity) {
        return 0;
    }
    if constexpr (Op == op::hardtanh || Op == op::hardtanh_derivative || Op == op::hardtanh_backward) {
        const bool split = a_negative && (b & 0x8000U) == 0 && b <= infinity;
        return split && (Op == op::hardtanh || b != 0) ? 1 : 0;
    } else if constexpr (Op == op::threshold || Op == op::threshold_derivative || Op == op::threshold_backward) {
        return !a_negative || a == 0x8000U ? 1 : 2;
    } else {
        return 0;
    }
}
constexpr bool half_select_step(op o) noexcept {
    return o == op::relu || o == op::relu_derivative || o == op::relu_backward || o == op::leaky_relu_derivative ||
           o == op::relu6 || o == op::relu6_derivative || o == op::relu6_backward || o == op::hardtanh ||
           o == op::hardtanh_derivative || o == op::hardtanh_backward || o == op::threshold ||
           o == op::threshold_derivative || o == op::threshold_backward || o == op::hardsigmoid_derivative;
}
template <op Op, detail_shared::half_kind K, int Mode = 0>
// NOLINTNEXTLINE(readability-function-cognitive-complexity): one if-constexpr branch per op
RECTIFY_MASK_STEP void half_select_mask_step(typename simd<std::uint16_t, 64>::type& r,
                                          const typename simd<std::uint16_t, 64>::type& x,
                                          const typename simd<std::uint16_t, 64>::type& dy,
                                          const half_parameters<64>& p) noexcept {
    typedef short words __attribute__((vector_size(64)));  // NOLINT(modernize-use-using): as elsewhere
    using VH = typename simd<std::uint16_t, 64>::type;
    using word_compare::eq, word_compare::ge, word_compare::gt, word_compare::le, word_compare::lt;
    const auto all = static_cast<unsigned>(-1);
    constexpr std::uint16_t infinity = detail_shared::half_format<K>::infinity;
    constexpr std::uint16_t one_bits = detail_shared::half_from_double<K>(1.0);
    constexpr std::uint16_t six_bits = detail_shared::half_from_double<K>(6.0);
    const VH zero{};
    const auto xw = __builtin_bit_cast(words, x);
    const auto magnitude = __builtin_bit_cast(words, x & 0x7fffU);
    const unsigned nan = word512::ucmp<gt>(magnitude, __builtin_bit_cast(words, zero + infinity), all);
    const auto minus_zero = __builtin_bit_cast(words, zero + std::uint16_t{0x8000U});
    const words key = (magnitude ^ (xw >> 15)) - (xw >> 15);  // half_key
    // `pass` where `pick`, `other` elsewhere (each op sets them), x for NaN x.
    words pass = __builtin_bit_cast(words, zero + one_bits);
    words other{};
    unsigned pick = 0;
    if constexpr (is_backward(Op)) {
        pass = __builtin_bit_cast(words, dy);
    }
    if constexpr (Op == op::relu) {
        // As signed numbers, max(x, +0): x where positive (a positive NaN
        // included), +0 for the rest; a negative NaN is x again. Three
        // instructions.
        const words top = xw > words{} ? xw : words{};
        const unsigned negative_nan = word512::ucmp<gt>(xw, __builtin_bit_cast(words, zero + static_cast<std::uint16_t>(0x8000U | infinity)), all);
        word512::blend(r, top, xw, negative_nan);
        return;
    } else if constexpr (Op == op::relu_derivative || Op == op::relu_backward || Op == op::leaky_relu_derivative) {
        pick = word512::ucmp<le>(xw, minus_zero, all);  // bits at most -0's: x >= 0
        if constexpr (Op == op::leaky_relu_derivative) {
            other = __builtin_bit_cast(words, p.a);
        }
    } else if constexpr (Op == op::relu6) {
        // As signed numbers: x > 0 takes min(x, 6), the rest +0.
        const auto six = __builtin_bit_cast(words, zero + six_bits);
        pick = word512::cmp<gt>(xw, words{}, all);
        word512::blend(pass, xw, six, word512::cmp<ge>(xw, six, pick));
    } else if constexpr (Op == op::relu6_derivative || Op == op::relu6_backward) {
        pick = word512::ucmp<lt>(xw, __builtin_bit_cast(words, zero + six_bits), all) |
               word512::ucmp<eq>(xw, minus_zero, all);
    } else if constexpr (Op == op::hardtanh && Mode == 1) {
        // min_val <= -0 and max_val >= +0 (half_direct_mode): unsigned, the
        // smaller of x and min_val is min_val exactly where x < min_val (the
        // positive numbers' bits lie below every negative's); then, signed,
        // the smaller of that and max_val is max_val exactly where it is a
        // number above max_val. NaN lanes untouched. Four instructions.
        const unsigned number =
            word512::ucmp<le>(magnitude, __builtin_bit_cast(words, zero + infinity), all);
        words low{};
        word512::min_unsigned(low, xw, __builtin_bit_cast(words, p.a), xw, number);
        word512::min_signed(r, low, __builtin_bit_cast(words, p.b), low, number);
        return;
    } else if constexpr (Op == op::hardtanh) {
        const auto lo = __builtin_bit_cast(words, p.a);
        const auto hi = __builtin_bit_cast(words, p.b);
        words capped{};
        word512::blend(capped, xw, hi, word512::cmp<gt>(key, __builtin_bit_cast(words, p.kb), all));
        word512::blend(pass, capped, lo, word512::cmp<lt>(key, __builtin_bit_cast(words, p.ka), all));
        pick = all;
    } else if constexpr ((Op == op::hardtanh_derivative || Op == op::hardtanh_backward) && Mode == 1) {
        // min_val <= -0 and max_val > +0: x >= min_val where x's bits,
        // unsigned, are at most min_val's; x < max_val where they are less,
        // signed (a NaN is neither, and is x below all the same).
        pick = word512::cmp<lt>(xw, __builtin_bit_cast(words, p.b), word512::ucmp<le>(xw, __builtin_bit_cast(words, p.a), all));
    } else if constexpr (Op == op::hardtanh_derivative || Op == op::hardtanh_backward) {
        pick = word512::cmp<lt>(key, __builtin_bit_cast(words, p.kb), word512::cmp<ge>(key, __builtin_bit_cast(words, p.ka), all));
    } else if constexpr (Op == op::threshold && Mode != 0) {
        // `value` where x <= threshold, x is not a NaN: x's bits at most
        // -inf's, unsigned, and (Mode 1, threshold >= -0, its bits as +0's)
        // at most the threshold's, signed, or (Mode 2, threshold < 0) at
        // least its bits, unsigned. Three instructions.
        const auto limit = __builtin_bit_cast(words, Mode == 1 ? p.a & 0x7fffU : p.a);
        const unsigned ordered =
            word512::ucmp<le>(xw, __builtin_bit_cast(words, zero + static_cast<std::uint16_t>(0x8000U | infinity)), all);
        const unsigned replaced = Mode == 1 ? word512::cmp<le>(xw, limit, ordered)
                                            : word512::ucmp<ge>(xw, limit, ordered);
        word512::blend(r, xw, __builtin_bit_cast(words, p.b), replaced);
        return;
    } else if constexpr ((Op == op::threshold_derivative || Op == op::threshold_backward) && Mode != 0) {
        // x > threshold: as above, one comparison (a NaN's lane is x below).
        pick = Mode == 1 ? word512::cmp<gt>(xw, __builtin_bit_cast(words, p.a & 0x7fffU), all)
                         : word512::ucmp<lt>(xw, __builtin_bit_cast(words, p.a), all);
    } else if constexpr (Op == op::threshold) {
        pass = xw;
        other = __builtin_bit_cast(words, p.b);
        pick = word512::cmp<gt>(key, __builtin_bit_cast(words, p.ka), all);
    } else if constexpr (Op == op::threshold_derivative || Op == op::threshold_backward) {
        pick = word512::cmp<gt>(key, __builtin_bit_cast(words, p.ka), all);
    } else {
        static_assert(Op == op::hardsigmoid_derivative);
        // 1/6 for -3 <= x < 3: |x| < 3, or x = -3.
        constexpr std::uint16_t three = detail_shared::half_from_double<K>(3.0);
        pass = __builtin_bit_cast(words, zero + detail_shared::half_from_double<K>(1.0 / 6.0));
        pick = word512::ucmp<lt>(magnitude, __builtin_bit_cast(words, zero + three), all) |
               word512::ucmp<eq>(xw, __builtin_bit_cast(words, zero + std::uint16_t{0x8000U | three}), all);
    }
    words chosen{};
    word512::blend(chosen, other, pass, pick);
    word512::blend(r, chosen, xw, nan);
}

// hardswish_backward in the AVX-512 kernels, a whole vector of 32 numbers:
// half_apply's (the derivative rounded, then the product rounded once; tiny
// bfloat16 products in `fix`; binary16 products in AVX-512 FP16's vmulph where
// the kernel has it, else in float through F16C, exact and rounded once), its
// selects compared into mask registers and blended there, where generic code
// made each comparison a mask and back into a vector (a turn of 32 bfloat16
// numbers on the AVX-512 BF16 kernel: 55 instructions, now 48; binary16 took
// half a vector at a time through that code, 256Ki in 70-72 us where this
// takes 33-35 in rectify_bench).
//  - x below -3: +0 (the bits, unsigned, above -3's: -inf and negative NaNs
//    too, the NaNs replaced last);
//  - x from 3 up: dy (the bits, signed, at least 3's: +inf and positive NaNs);
//  - a NaN x: x itself; in between, dy hardswish'(x).
template <bool Hw, detail_shared::half_kind K, bool Fp16>
RECTIFY_MASK_STEP void half_hardswish_backward_step(typename simd<std::uint16_t, 64>::type& r,
                                                 const typename simd<std::uint16_t, 64>::type& x,
                                                 const typename simd<std::uint16_t, 64>::type& dy,
                                                 typename simd<std::uint16_t, 64>::type& fix) noexcept {
    typedef short words __attribute__((vector_size(64)));  // NOLINT(modernize-use-using): as elsewhere
    using VH = typename simd<std::uint16_t, 64>::type;
    using word_compare::gt, word_compare::ge;
    constexpr std::uint16_t three = detail_shared::half_from_double<K>(3.0);
    constexpr auto infinity = static_cast<std::uint16_t>(detail_shared::half_format<K>::infinity);
    const auto all = static_cast<unsigned>(-1);
    const VH zero{};
    VH y;
    VH none{};  // hardswish' leaves no lane to the scalar form
    detail::rational_half16<op::hardswish_derivative, K, Hw, false>(y, x, none);
    VH inside;
    if constexpr (K == detail_shared::half_kind::bfloat16) {
        detail::bf16_product<Hw>(inside, dy, y, fix);
    } else {
#        if RECTIFY_HALF_FP16
        if constexpr (Fp16) {
            detail::fp16_product(inside, dy, y);
        } else
#        endif
        {
            detail::half_product<K, Hw>(inside, dy, y, fix);
        }
    }
    const auto xw = __builtin_bit_cast(words, x);
    const unsigned below =
        word512::ucmp<gt>(xw, __builtin_bit_cast(words, zero + std::uint16_t{0x8000U | three}), all);
    const unsigned above = word512::cmp<ge>(xw, __builtin_bit_cast(words, zero + three), all);
    const unsigned nan = word512::ucmp<gt>(__builtin_bit_cast(words, x & 0x7fffU), __builtin_bit_cast(words, zero + infinity), all);
    words chosen{};
    word512::blend(chosen, __builtin_bit_cast(words, inside), __builtin_bit_cast(words, dy), above);
    word512::blend(chosen, chosen, __builtin_bit_cast(words, zero), below);
    word512::blend(r, chosen, xw, nan);
}
#        pragma GCC diagnostic pop
#    else
constexpr bool half_select_step([[maybe_unused]] op o) noexcept { return false; }
#    endif

#    if RECTIFY_HALF_FP16
// hardtanh and threshold, their derivatives and backward passes, on binary16
// in AVX-512 FP16's kernel: comparisons of the numbers themselves (no keys),
// -0 == +0 and a NaN unordered, into mask registers.
//  - hardtanh is vmaxph(lo, x) then vminph(hi, that): each returns its second
//    operand unless the first is greater (smaller), and when either is a NaN
//    or both are zeros; so x itself inside (-0 kept), a NaN x as it is (not
//    quieted), lo and hi as given outside.
//  - threshold takes x where x > threshold or x is NaN (not less or equal,
//    unordered true), `value` elsewhere.
//  - The derivatives and backward passes are 1 (dy) where the comparisons
//    hold, +0 elsewhere, x itself where x is a NaN.
#        pragma GCC diagnostic push
#        pragma GCC diagnostic ignored "-Wpsabi"
constexpr bool half_fp16_select(op o) noexcept {
    return o == op::hardtanh || o == op::hardtanh_derivative || o == op::hardtanh_backward || o == op::threshold ||
           o == op::threshold_derivative || o == op::threshold_backward;
}
template <op Op>
RECTIFY_FP16_STEP void half_fp16_select_step(typename simd<std::uint16_t, 64>::type& r,
                                          const typename simd<std::uint16_t, 64>::type& x,
                                          const typename simd<std::uint16_t, 64>::type& dy,
                                          const half_parameters<64>& p) noexcept {
    typedef short words __attribute__((vector_size(64)));  // NOLINT(modernize-use-using): as elsewhere
    using VH = typename simd<std::uint16_t, 64>::type;
    // Quiet predicates (_CMP_*_OQ, _UQ, _Q): a NaN raises no invalid flag,
    // as in the integer code these replace.
    constexpr int unord_q = 3;
    constexpr int lt_oq = 17;
    constexpr int nle_uq = 22;
    constexpr int ge_oq = 29;
    constexpr int gt_oq = 30;
    const auto all = static_cast<unsigned>(-1);
    const fp16_v32hf xh = __builtin_bit_cast(fp16_v32hf, x);
    const fp16_v32hf lo = __builtin_bit_cast(fp16_v32hf, p.a);
    const fp16_v32hf hi = __builtin_bit_cast(fp16_v32hf, p.b);
    const auto xw = __builtin_bit_cast(words, x);
    if constexpr (Op == op::hardtanh) {
        fp16_v32hf low{};
        detail::fp16_extreme<true>(low, lo, xh);
        fp16_v32hf high{};
        detail::fp16_extreme<false>(high, hi, low);
        r = __builtin_bit_cast(VH, high);
    } else if constexpr (Op == op::threshold) {
        const unsigned keep = detail::fp16_compare<nle_uq>(xh, lo, all);
        word512::blend(r, __builtin_bit_cast(words, p.b), xw, keep);
    } else {
        const VH one = VH{} + std::uint16_t{0x3c00};
        const VH& pass = is_backward(Op) ? dy : one;
        unsigned inside = 0;
        if constexpr (Op == op::threshold_derivative || Op == op::threshold_backward) {
            inside = detail::fp16_compare<gt_oq>(xh, lo, all);
        } else {
            inside = detail::fp16_compare<lt_oq>(xh, hi, detail::fp16_compare<ge_oq>(xh, lo, all));
        }
        const unsigned nan = detail::fp16_compare<unord_q>(xh, xh, all);
        words chosen{};
        word512::blend(chosen, words{}, __builtin_bit_cast(words, pass), inside);
        word512::blend(r, chosen, xw, nan);
    }
}
#        pragma GCC diagnostic pop
#    else
constexpr bool half_fp16_select([[maybe_unused]] op o) noexcept { return false; }
#    endif

// Whether half_leaky_step is compiled in, and the ops it takes.
#    if RECTIFY_HALF_MASK_STEPS
inline constexpr bool half_mask_steps = true;
#    else
inline constexpr bool half_mask_steps = false;
#    endif
constexpr bool half_mask_step(op o) noexcept {
    return o == op::leaky_relu || o == op::leaky_relu_backward || o == op::hardsigmoid_backward;
}

// The scalar form for the rare lanes half_apply leaves to it (set in fix),
// out of line.
template <op Op, class T, class VH>
[[gnu::noinline]] void half_fix(VH& r, const VH& fix, const T* x, const T* dy, T a, T b) noexcept {
    constexpr std::size_t lanes = sizeof(VH) / 2;
    T rs[lanes];
    std::uint16_t redo[lanes];
    __builtin_memcpy(static_cast<void*>(&rs[0]), &r, sizeof(VH));  // (void*: T may be a class, bits all the same)
    __builtin_memcpy(&redo[0], &fix, sizeof(VH));
    for (std::size_t lane = 0; lane < lanes; ++lane) {
        if (redo[lane] != 0) {
            rs[lane] = detail::element_of<Op>(x[lane], dy == nullptr ? T(0) : dy[lane], a, b);
        }
    }
    __builtin_memcpy(&r, static_cast<const void*>(rs), sizeof(VH));
}

// The chunk of 16-bit lanes an op works on at once: all of a vector for
// selects; half of one for products and the rounded values (widened to one
// vector of floats), bfloat16's rounded values all of one (widened in place).
constexpr std::size_t half_chunk(op o, std::size_t bytes, bool bf16, bool hw) noexcept {
    if (o == op::hardswish_backward && hw && bytes == 64) {
        return bytes;  // half_hardswish_backward_step, binary16 with F16C too
    }
    if (is_rational(o)) {
        return bf16 ? bytes : bytes / 2;
    }
    if (o == op::leaky_relu || o == op::leaky_relu_backward || o == op::hardsigmoid_backward) {
        // bfloat16: widened in place (bf16_product_by); binary16 leaky_relu
        // with F16C in AVX-512: a whole vector too (half_leaky_step)
        return bf16 || (hw && bytes == 64) ? bytes : bytes / 2;
    }
    return bytes;
}

// One vector's worth (Bytes / 2 numbers) from element i, in chunks, each
// stored as soon as it is done (to `out`, which may be x or dy: a chunk reads
// only its own elements). Fp16: binary16 products and comparisons in AVX-512
// FP16's arithmetic.
template <op Op, class T, std::size_t Bytes, bool Hw, bool Fp16 = false, int Mode = 0>
struct half_step {
    static constexpr std::size_t chunk =
        half_chunk(Op, Bytes, kind_of<T> == detail_shared::half_kind::bfloat16, Hw && half_mask_steps);
    static constexpr std::size_t chunks = Bytes / chunk;
    static constexpr std::size_t lanes = chunk / 2;
    using VC = typename simd<std::uint16_t, chunk>::type;

    // NOLINTNEXTLINE(readability-function-cognitive-complexity): one if-constexpr branch per kind of step
    RECTIFY_INLINE static void run(const T* x, const T* dy, void* out, std::size_t i,
                                   const half_parameters<chunk>& p, T a, T b) noexcept {
        RECTIFY_UNROLL(4)
        for (std::size_t c = 0; c < chunks; ++c) {
            const std::size_t at = i + c * lanes;
            VC vx;
            VC vdy{};
            VC r;
            detail::load(vx, x + at);
            if constexpr (is_backward(Op)) {
                detail::load(vdy, dy + at);
            }
            VC fix{};
            bool redo = false;
#    if RECTIFY_HALF_MASK_STEPS
            unsigned tiny = 0;
#        if RECTIFY_HALF_FP16
            if constexpr (Fp16 && half_fp16_select(Op)) {
                detail::half_fp16_select_step<Op>(r, vx, vdy, p);
            } else
#        endif
            if constexpr (Hw && chunk == 64 && half_mask_step(Op)) {
                tiny = detail::half_leaky_step<Op, kind_of<T>, Fp16>(r, vx, vdy, x + at,
                                                                      is_backward(Op) ? dy + at : nullptr, p);
                redo = tiny != 0;
            } else if constexpr (chunk == 64 && half_select_step(Op)) {
                detail::half_select_mask_step<Op, kind_of<T>, Mode>(r, vx, vdy, p);
            } else if constexpr (chunk == 64 && Op == op::hardswish_backward) {
                detail::half_hardswish_backward_step<Hw, kind_of<T>, Fp16>(r, vx, vdy, fix);
                redo = detail::any_lane(fix);
            } else
#    endif
            {
                detail::half_apply<Op, T, chunk, Hw>(r, vx, vdy, p, fix);
                redo = detail::any_lane(fix);
            }
            if (redo) [[unlikely]] {
                // Copies: r and fix themselves never have their address taken, so
                // they stay in registers (GCC gave them stack homes, written
                // every turn, when they were passed here by reference).
                VC redone = r;
                VC which = fix;
#    if RECTIFY_HALF_MASK_STEPS
                if constexpr (Hw && chunk == 64 && half_mask_step(Op)) {
                    for (std::size_t lane = 0; lane < lanes; ++lane) {
                        which[lane] = ((tiny >> lane) & 1U) != 0 ? 0xffffU : 0U;
                    }
                }
#    endif
                detail::half_fix<Op, T>(redone, which, x + at, is_backward(Op) ? dy + at : nullptr, a, b);
                r = redone;
            }
            detail::store(static_cast<unsigned char*>(out) + c * chunk, r);
        }
    }
};

// Two vectors' worth a turn, then one; the last, partial one as a full one
// ending at n (computed first, into a buffer, for in-place calls); fewer than
// one, from 8 elements as one vector through buffers (the lanes past n
// hold 1), below that element by element.
// Where `out` is not aligned to the vector, the first vector's worth goes
// into a buffer first too, the loop starts at the first aligned element, and
// the buffer is copied in after it (see vector_kernel: a store across two
// cache lines costs two).
template <op Op, class T, std::size_t Bytes, bool Hw, bool Fp16 = false, int Mode = 0>
RECTIFY_INLINE void half_vector_kernel(const T* x, const T* dy, T* out, std::size_t n, T a, T b) noexcept {
    using step = half_step<Op, T, Bytes, Hw, Fp16, Mode>;
    constexpr std::size_t lanes = Bytes / 2;
    if (n < lanes) {
        // (Element by element, the portable kernel's products and roundings
        // took 3 to 4.5 ns each: a 31-element binary16 leaky_relu 137 ns on
        // AVX-512, a 32-element one 9; through the buffers 36. Below 8
        // elements the buffers cost as much: element by element there.)
        if (n < 8) {
            detail::portable_kernel<Op, T>(x, dy, out, n, a, b);
            return;
        }
        using format = detail_shared::half_format<kind_of<T>>;
        const auto one = std::bit_cast<T>(
            static_cast<std::uint16_t>(((1U << (format::exponent_bits - 1)) - 1U) << format::fraction_bits));
        alignas(Bytes) T xs[lanes]{};
        alignas(Bytes) T dys[lanes]{};
        alignas(Bytes) unsigned char results[Bytes];
        for (std::size_t i = 0; i < lanes; ++i) {  // 1 past n: no lane to redo
            xs[i] = one;
            dys[i] = one;
        }
        std::memcpy(static_cast<void*>(&xs[0]), static_cast<const void*>(x), n * sizeof(T));
        if constexpr (is_backward(Op)) {
            std::memcpy(static_cast<void*>(&dys[0]), static_cast<const void*>(dy), n * sizeof(T));
        }
        const half_parameters<step::chunk> p(a, b, Op == op::hardsigmoid_backward ? one_sixth<T> : a);
        step::run(&xs[0], &dys[0], &results[0], 0, p, a, b);
        std::memcpy(static_cast<void*>(out), &results[0], n * sizeof(T));
        return;
    }
#    if RECTIFY_HALF_MASK_STEPS
    // (Only the ops that have the modes get the kernels for them.)
    if constexpr (Mode == 0 && step::chunk == 64 && half_direct_modes(Op) > 0 && !(Fp16 && half_fp16_select(Op))) {
        const int mode = detail::half_direct_mode<Op>(std::bit_cast<std::uint16_t>(a), std::bit_cast<std::uint16_t>(b),
                                                      detail_shared::half_format<kind_of<T>>::infinity);
        if (mode == 1) {
            return detail::half_vector_kernel<Op, T, Bytes, Hw, Fp16, 1>(x, dy, out, n, a, b);
        }
        if constexpr (half_direct_modes(Op) > 1) {
            if (mode == 2) {
                return detail::half_vector_kernel<Op, T, Bytes, Hw, Fp16, 2>(x, dy, out, n, a, b);
            }
        }
    }
#    endif
    const half_parameters<step::chunk> p(a, b, Op == op::hardsigmoid_backward ? one_sixth<T> : a);
    alignas(64) unsigned char last[Bytes];
    step::run(x, dy, &last[0], n - lanes, p, a, b);
    std::size_t i = 0;
    typename simd<std::uint16_t, Bytes>::type first{};
    // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): an address's alignment
    const std::size_t misalignment = reinterpret_cast<std::uintptr_t>(out) % Bytes;
    const bool peel = misalignment != 0 && misalignment % sizeof(T) == 0;
    if (peel) {
        step::run(x, dy, &first, 0, p, a, b);
        i = (Bytes - misalignment) / sizeof(T);
    }
    for (; i + 2 * lanes <= n; i += 2 * lanes) {
        step::run(x, dy, out + i, i, p, a, b);
        step::run(x, dy, out + i + lanes, i + lanes, p, a, b);
    }
    for (; i + lanes <= n; i += lanes) {
        step::run(x, dy, out + i, i, p, a, b);
    }
    if (peel) {
        __builtin_memcpy(static_cast<void*>(out), &first, Bytes);
    }
    if (i < n) {
        __builtin_memcpy(out + n - lanes, &last[0], Bytes);
    }
}

#    if RECTIFY_X86_64
// F16C where the kernel may use it: always with run-time dispatch (the AVX2
// and AVX-512 kernels run only where the CPU has F16C too), else where the
// compiler flags enable it.
#        if RECTIFY_DISPATCH || defined(__F16C__)
#            define RECTIFY_HALF_F16C 1
#            define RECTIFY_HALF_AVX2_TARGET "avx2,f16c"
#            define RECTIFY_HALF_AVX512_TARGET "avx512f,avx512bw,f16c"
#        else
#            define RECTIFY_HALF_F16C 0
#            define RECTIFY_HALF_AVX2_TARGET "avx2"
#            define RECTIFY_HALF_AVX512_TARGET "avx512f,avx512bw"
#        endif
template <op Op, class T>
void half_sse2_kernel(const T* x, const T* dy, T* out, std::size_t n, T a, T b) noexcept {
    detail::half_vector_kernel<Op, T, 16, false>(x, dy, out, n, a, b);
}
#        if RECTIFY_HAS_AVX2_KERNEL
template <op Op, class T>
[[gnu::target(RECTIFY_HALF_AVX2_TARGET)]] void half_avx2_kernel(const T* x, const T* dy, T* out, std::size_t n, T a,
                                                                T b) noexcept {
    detail::half_vector_kernel<Op, T, 32, RECTIFY_HALF_F16C != 0 && half_f16c<T>>(x, dy, out, n, a, b);
}
#        endif
#        if RECTIFY_HAS_AVX512_KERNEL
template <op Op, class T>
[[gnu::target(RECTIFY_HALF_AVX512_TARGET)]] void half_avx512_kernel(const T* x, const T* dy, T* out, std::size_t n,
                                                                    T a, T b) noexcept {
    detail::half_vector_kernel<Op, T, 64, RECTIFY_HALF_F16C != 0 && half_f16c<T>>(x, dy, out, n, a, b);
}
#        endif
#        if RECTIFY_HAS_AVX512_KERNEL && RECTIFY_HALF_BF16
// The AVX-512 kernel with AVX-512 BF16's products (bfloat16 only).
#            define RECTIFY_HALF_AVX512_BF16_TARGET "avx512f,avx512bw,avx512dq,f16c,avx512bf16"
template <op Op, class T>
[[gnu::target(RECTIFY_HALF_AVX512_BF16_TARGET)]] void half_avx512_bf16_kernel(const T* x, const T* dy, T* out,
                                                                              std::size_t n, T a, T b) noexcept {
    static_assert(!half_f16c<T>);
    detail::half_vector_kernel<Op, T, 64, true>(x, dy, out, n, a, b);
}
#        endif
// Whether CPUID leaf `leaf`, subleaf `sub`, sets bit `bit` of register `reg`
// (0 EAX, 1 EBX, 2 ECX, 3 EDX).
inline bool cpuid_bit(unsigned leaf, unsigned sub, unsigned reg, unsigned bit) noexcept {
    unsigned r[4] = {};
    return __get_cpuid_count(leaf, sub, &r[0], &r[1], &r[2], &r[3]) != 0 && (r[reg & 3U] & (1U << bit)) != 0;
}
#        if RECTIFY_HAS_AVX512_KERNEL && RECTIFY_HALF_FP16
// The AVX-512 kernel with AVX-512 FP16's arithmetic (binary16 only: the
// products of leaky_relu, leaky_relu_backward, hardsigmoid_backward and
// hardswish_backward; the comparisons of hardtanh, threshold and their
// derivatives and backward passes).
#            define RECTIFY_HALF_AVX512_FP16_TARGET "avx512f,avx512bw,f16c,avx512fp16"
template <op Op, class T>
[[gnu::target(RECTIFY_HALF_AVX512_FP16_TARGET)]] void half_avx512_fp16_kernel(const T* x, const T* dy, T* out,
                                                                              std::size_t n, T a, T b) noexcept {
    static_assert(half_f16c<T> && (half_mask_step(Op) || half_fp16_select(Op) || Op == op::hardswish_backward));
    detail::half_vector_kernel<Op, T, 64, true, true>(x, dy, out, n, a, b);
}

// Whether the AVX-512 kernel's binary16 products take AVX-512 FP16's
// arithmetic now: the CPU has it (CPUID leaf 7, subleaf 0, EDX bit 23; asked
// once; without dispatch, the flags promise it) and tests have not turned it off.
inline bool half_fp16_products() noexcept {
#            if RECTIFY_DISPATCH
    static const bool has = detail::cpuid_bit(7, 0, 3, 23);
#            else
    constexpr bool has = true;
#            endif
    return has && detail_shared::half_fp16_instructions.load(std::memory_order_relaxed) != 0;
}
#        endif
#        if RECTIFY_HAS_AVX512_KERNEL && RECTIFY_HALF_BF16
// Whether the AVX-512 kernel's bfloat16 products take AVX-512 BF16's
// conversion now: the CPU has it (CPUID leaf 7, subleaf 1, EAX bit 5; asked
// once; without dispatch, the flags promise it) and tests have not turned it off.
inline bool half_bf16_products() noexcept {
#            if RECTIFY_DISPATCH
    static const bool has = detail::cpuid_bit(7, 1, 0, 5) && detail::cpuid_bit(7, 0, 1, 17);  // and AVX-512 DQ
#            else
    constexpr bool has = true;
#            endif
    return has && detail_shared::half_bf16_instructions.load(std::memory_order_relaxed) != 0;
}
#        endif
#    else
template <op Op, class T>
void half_neon_kernel(const T* x, const T* dy, T* out, std::size_t n, T a, T b) noexcept {
    detail::half_vector_kernel<Op, T, 16, false>(x, dy, out, n, a, b);
}
#    endif
// ---- 16-bit elements through a table of every result ----------------------------
//
// A function of one 16-bit number has 65536 arguments. Once a function has
// been called on detail_shared::half_table_min elements on a kernel, in one
// call or in all its calls so far (none while half_table_min is SIZE_MAX),
// every span reads its results from a table of all 65536, made then by the
// very kernel
// the call would run (so the results are that kernel's, bit for bit, and each
// kernel has a table of its own), once per program, function and kernel: 128
// KiB, kept until exit. Racing first calls each make one; one is kept. If the
// allocation fails, the kernel computes as without a table. A backward pass
// looks up the derivative and multiplies by dy (exact in float, rounded
// once, as the kernel does).

// The table of one function on one kernel (Tag names both), null until made;
// and how many elements that function has been called on there so far (a
// program of short calls makes the table once they add up: the first 16
// calls of 1024 elements compute, the rest read).
template <class Tag, class T>
// NOLINTNEXTLINE(cppcoreguidelines-avoid-non-const-global-variables): one table per program, made on first use
inline std::atomic<const T*> half_table_slot{nullptr};
template <class Tag, class T>
// NOLINTNEXTLINE(cppcoreguidelines-avoid-non-const-global-variables): one count per program and table
inline std::atomic<std::size_t> half_table_demand{0};

// The table of Tag, made now with `compute(x, out, count)` if there is none
// yet and the call (of `whole` elements, these n a chunk of it) or all the
// calls so far reach half_table_min elements; null if there is none.
template <class Tag, class T, class Compute>
[[gnu::noinline]] const T* half_table(std::size_t n, std::size_t whole, Compute compute) noexcept {
    std::atomic<const T*>& slot = half_table_slot<Tag, T>;
    const T* table = slot.load(std::memory_order_acquire);
    const std::size_t least = detail_shared::half_table_min.load(std::memory_order_relaxed);
    if (least == SIZE_MAX || table != nullptr) {
        return least == SIZE_MAX ? nullptr : table;
    }
    if (whole < least) {
        const std::size_t before = half_table_demand<Tag, T>.fetch_add(n, std::memory_order_relaxed);
        if (before < least && least - before > n) {
            return nullptr;
        }
    }
    constexpr std::size_t patterns = std::size_t{1} << 16U;
    // One entry more than the patterns, 0: a gather reads each lane's entry
    // and the next as one 32-bit word (half_lookup_avx512).
    T* made = new (std::nothrow) T[patterns + 1];  // NOLINT(cppcoreguidelines-owning-memory): the slot keeps it until exit
    if (made == nullptr) {
        return nullptr;
    }
    made[patterns] = std::bit_cast<T>(std::uint16_t{0});
    constexpr std::size_t block = 1024;
    T x[block];
    for (std::size_t base = 0; base < patterns; base += block) {
        for (std::size_t j = 0; j < block; ++j) {
            x[j] = std::bit_cast<T>(static_cast<std::uint16_t>(base + j));
        }
        compute(x, made + base, block);
    }
    if (slot.compare_exchange_strong(table, made, std::memory_order_acq_rel, std::memory_order_acquire)) {
        return made;
    }
    delete[] made;  // NOLINT(cppcoreguidelines-owning-memory): never published; another thread's table is the same
    return table;
}

// out[i] = a[i] * b[i].
template <class T>
using half_binary = void (*)(const T*, const T*, T*, std::size_t) noexcept;

// out[i] = table[bits of x[i]], four at a time (independent loads, one
// store: faster than AVX-512 or AVX2 gathers on the Zen 4 measured; on Intel
// CPUs the AVX-512 kernel gathers, half_lookup_avx512).
template <class T>
void half_lookup(const T* table, const T* x, T* out, std::size_t n) noexcept {
    const auto at = [table, x](std::size_t i) { return std::bit_cast<std::uint16_t>(table[std::bit_cast<std::uint16_t>(x[i])]); };
    std::size_t i = 0;
    for (; i + 4 <= n; i += 4) {
        const std::uint16_t four[4] = {at(i), at(i + 1), at(i + 2), at(i + 3)};
        __builtin_memcpy(static_cast<void*>(out + i), &four[0], sizeof(four));
    }
    for (; i < n; ++i) {
        out[i] = table[std::bit_cast<std::uint16_t>(x[i])];
    }
}
// The products u w of 16-bit numbers of T, rounded once, as the kernel
// computes them: bfloat16 widened in place, binary16 in AVX-512 FP16's
// arithmetic (Fp16) or widened to floats; `tiny` as bf16_product's.
template <class T, bool Hw, bool Fp16, class VC>
RECTIFY_INLINE void half_product_of(VC& r, const VC& u, const VC& w, VC& tiny) noexcept {
    if constexpr (kind_of<T> == detail_shared::half_kind::bfloat16) {
        detail::bf16_product<Hw>(r, u, w, tiny);
    } else if constexpr (Fp16) {
#    if RECTIFY_HALF_FP16
        detail::fp16_product(r, u, w);
#    endif
    } else {
        detail::half_product<kind_of<T>, Hw>(r, u, w, tiny);
    }
}

// The lanes of a product half_product leaves to the scalar form (tiny bfloat16).
template <class T, class VC>
[[gnu::noinline]] void half_multiply_fix(VC& r, const VC& fix, const T* a, const T* b) noexcept {
    constexpr std::size_t lanes = sizeof(VC) / 2;
    T rs[lanes];
    std::uint16_t redo[lanes];
    __builtin_memcpy(static_cast<void*>(rs), &r, sizeof(VC));  // (void*: T may be a class, bits all the same)
    __builtin_memcpy(redo, &fix, sizeof(VC));
    for (std::size_t lane = 0; lane < lanes; ++lane) {
        if (redo[lane] != 0) {
            rs[lane] = a[lane] * b[lane];
        }
    }
    __builtin_memcpy(&r, static_cast<const void*>(rs), sizeof(VC));
}


// out[i] = a[i] * b[i], rounded once, Bytes / 4 numbers at a time (widened to
// a vector of floats; Bytes / 2 for bfloat16, widened in place, and in
// AVX-512 FP16's binary16 arithmetic, Fp16).
template <class T, std::size_t Bytes, bool Hw, bool Fp16 = false>
RECTIFY_INLINE void half_multiply_kernel(const T* a, const T* b, T* out, std::size_t n) noexcept {
    constexpr bool bf16 = kind_of<T> == detail_shared::half_kind::bfloat16;
    constexpr std::size_t chunk = bf16 || Fp16 ? Bytes : Bytes / 2;
    using VC = typename simd<std::uint16_t, chunk>::type;
    constexpr std::size_t lanes = chunk / 2;
    std::size_t i = 0;
    for (; i + lanes <= n; i += lanes) {
        VC va;
        VC vb;
        VC r;
        VC tiny{};
        detail::load(va, a + i);
        detail::load(vb, b + i);
        detail::half_product_of<T, Hw, Fp16>(r, va, vb, tiny);
        if (detail::any_lane(tiny)) [[unlikely]] {
            VC redone = r;  // copies: see half_step
            const VC which = tiny;
            detail::half_multiply_fix<T>(redone, which, a + i, b + i);
            r = redone;
        }
        detail::store(out + i, r);
    }
    for (; i < n; ++i) {
        out[i] = a[i] * b[i];
    }
}

#    if RECTIFY_X86_64
template <class T>
void half_multiply_sse2(const T* a, const T* b, T* out, std::size_t n) noexcept {
    detail::half_multiply_kernel<T, 16, false>(a, b, out, n);
}
#        if RECTIFY_HAS_AVX2_KERNEL
template <class T>
[[gnu::target(RECTIFY_HALF_AVX2_TARGET)]] void half_multiply_avx2(const T* a, const T* b, T* out,
                                                                  std::size_t n) noexcept {
    detail::half_multiply_kernel<T, 32, RECTIFY_HALF_F16C != 0 && half_f16c<T>>(a, b, out, n);
}
#        endif
#        if RECTIFY_HAS_AVX512_KERNEL
template <class T>
[[gnu::target(RECTIFY_HALF_AVX512_TARGET)]] void half_multiply_avx512(const T* a, const T* b, T* out,
                                                                      std::size_t n) noexcept {
    detail::half_multiply_kernel<T, 64, RECTIFY_HALF_F16C != 0 && half_f16c<T>>(a, b, out, n);
}
#        endif
#        if RECTIFY_HAS_AVX512_KERNEL && RECTIFY_HALF_FP16
template <class T>
[[gnu::target(RECTIFY_HALF_AVX512_FP16_TARGET)]] void half_multiply_avx512_fp16(const T* a, const T* b, T* out,
                                                                                std::size_t n) noexcept {
    static_assert(half_f16c<T>);
    detail::half_multiply_kernel<T, 64, true, true>(a, b, out, n);
}
#        endif
#        if RECTIFY_HAS_AVX512_KERNEL && RECTIFY_HALF_BF16
template <class T>
[[gnu::target(RECTIFY_HALF_AVX512_BF16_TARGET)]] void half_multiply_avx512_bf16(const T* a, const T* b, T* out,
                                                                                std::size_t n) noexcept {
    detail::half_multiply_kernel<T, 64, !half_f16c<T>>(a, b, out, n);
}
#        endif
#    else
template <class T>
void half_multiply_neon(const T* a, const T* b, T* out, std::size_t n) noexcept {
    detail::half_multiply_kernel<T, 16, false>(a, b, out, n);
}
#    endif

// ---- the tables read by AVX-512 gathers (Intel) ---------------------------------
//
// On Intel CPUs the AVX-512 kernel reads a table with vpgatherdd: 32 lanes a
// turn, two gathers of 32-bit words at each lane's entry (the table has one
// entry more, so the last pattern's word stays inside), the entry in the low
// half. A standalone timer on a Sapphire Rapids class Xeon, 256Ki bfloat16
// normal(0, 3) patterns: 0.147 ns per element against 0.185 for the four
// loads of half_lookup. A backward pass multiplies the gathered derivatives
// by dy in the same turn (51 against 79 us for the lookup in blocks and a
// pass of products). On the Zen 4 measured before, gathers were the slower
// (half_lookup), so other CPUs keep the loads. GCC and Clang (for Clang
// the gather carries its target, as the F16C conversions).
#    if RECTIFY_X86_64 && RECTIFY_HAS_AVX512_KERNEL && !defined(__CUDACC__) && defined(__GNUC__)
#        define RECTIFY_HALF_GATHERS 1
#    else
#        define RECTIFY_HALF_GATHERS 0
#    endif
#    if RECTIFY_HALF_GATHERS
// CPUID leaf 0's vendor string is "GenuineIntel".
inline bool cpu_is_intel() noexcept {
    unsigned r[4] = {};
    return __get_cpuid(0, &r[0], &r[1], &r[2], &r[3]) != 0 && r[1] == 0x756e6547U && r[3] == 0x49656e69U &&
           r[2] == 0x6c65746eU;  // "Genu", "ineI", "ntel"
}

// Whether the AVX-512 kernel gathers from the tables now: an Intel CPU (asked
// once), and tests have not turned it off.
inline bool half_gathers() noexcept {
    static const bool intel = detail::cpu_is_intel();
    return intel && detail_shared::half_gather_lookups.load(std::memory_order_relaxed) != 0;
}

#        if defined(__clang__)
#            define RECTIFY_HALF_GATHER [[gnu::target("avx512f")]] inline
#        else
#            define RECTIFY_HALF_GATHER RECTIFY_INLINE
#        endif

// The table entries of the 32 patterns at x, as 32-bit words whose low
// halves they are: the even lanes' entries, the odd lanes'.
template <class T, class VU>
RECTIFY_HALF_GATHER void half_gather_words(VU& even, VU& odd, const T* table, const T* x) noexcept {  // (AVX-512 code)
    // NOLINTNEXTLINE(modernize-use-using): GCC ignores vector_size on a dependent type in `using`
    typedef int vi __attribute__((vector_size(64)));
    static_assert(sizeof(VU) == 64);
    VU v;
    detail::load(v, x);
    const auto low = __builtin_bit_cast(vi, v & 0xffffU);
    const auto high = __builtin_bit_cast(vi, v >> 16U);
#        pragma GCC diagnostic push
#        pragma GCC diagnostic ignored "-Wpsabi"  // inlined into AVX-512 code: the calling convention is moot
    even = __builtin_bit_cast(VU, __builtin_ia32_gathersiv16si(low, table, low, detail::mask16_all, 2));
    odd = __builtin_bit_cast(VU, __builtin_ia32_gathersiv16si(high, table, high, detail::mask16_all, 2));
#        pragma GCC diagnostic pop
}
#        undef RECTIFY_HALF_GATHER

// The table entries of the 32 patterns at x, as 32 16-bit lanes.
template <class T, class VC>
RECTIFY_INLINE void half_gather(VC& r, const T* table, const T* x) noexcept {
    using VU = typename simd<std::uint32_t, 64>::type;
    VU even;
    VU odd;
    detail::half_gather_words(even, odd, table, x);
    r = __builtin_bit_cast(VC, (even & 0xffffU) | (odd << 16U));
}

// half_lookup by gathers.
template <class T>
[[gnu::target(RECTIFY_HALF_AVX512_TARGET)]] void half_lookup_avx512(const T* table, const T* x, T* out,
                                                                    std::size_t n) noexcept {
    using VC = typename simd<std::uint16_t, 64>::type;
    std::size_t i = 0;
    for (; i + 32 <= n; i += 32) {
        VC r;
        detail::half_gather(r, table, x + i);
        detail::store(out + i, r);
    }
    detail::half_lookup(table, x + i, out + i, n - i);
}

// out[i] = dy[i] * table[bits of x[i]], rounded once (as half_multiply_kernel
// computes it, in the same arithmetic: Hw, Fp16), the table read by gathers;
// the lanes half_product_of leaves (tiny bfloat16 products) redone by the
// scalar form before the store (out may be dy or x).
template <class T, bool Hw, bool Fp16 = false>
RECTIFY_INLINE void half_lookup_multiply_kernel(const T* table, const T* x, const T* dy, T* out,
                                                std::size_t n) noexcept {
    constexpr bool bf16 = kind_of<T> == detail_shared::half_kind::bfloat16;
    constexpr std::size_t chunk = bf16 || Fp16 ? 64 : 32;  // half_multiply_kernel's
    using VC = typename simd<std::uint16_t, chunk>::type;
    using VW = typename simd<std::uint16_t, 64>::type;
    std::size_t i = 0;
    for (; i + 32 <= n; i += 32) {
        VW gathered;
        detail::half_gather(gathered, table, x + i);
        T d[32];
        __builtin_memcpy(static_cast<void*>(d), &gathered, sizeof(d));
        for (std::size_t at = 0; at < 32; at += chunk / 2) {
            VC vd;
            VC g;
            VC r;
            VC tiny{};
            detail::load(vd, d + at);
            detail::load(g, dy + i + at);
            detail::half_product_of<T, Hw, Fp16>(r, g, vd, tiny);
            if (detail::any_lane(tiny)) [[unlikely]] {
                VC redone = r;  // copies: see half_step
                const VC which = tiny;
                detail::half_multiply_fix<T>(redone, which, dy + i + at, d + at);
                r = redone;
            }
            detail::store(out + i + at, r);
        }
    }
    for (; i < n; ++i) {
        out[i] = dy[i] * table[std::bit_cast<std::uint16_t>(x[i])];
    }
}

template <class T>
[[gnu::target(RECTIFY_HALF_AVX512_TARGET)]] void half_lookup_multiply_avx512(const T* table, const T* x,
                                                                             const T* dy, T* out,
                                                                             std::size_t n) noexcept {
    detail::half_lookup_multiply_kernel<T, RECTIFY_HALF_F16C != 0 && half_f16c<T>>(table, x, dy, out, n);
}
#        if RECTIFY_HALF_FP16
template <class T>
[[gnu::target(RECTIFY_HALF_AVX512_FP16_TARGET)]] void half_lookup_multiply_avx512_fp16(const T* table, const T* x,
                                                                                       const T* dy, T* out,
                                                                                       std::size_t n) noexcept {
    static_assert(half_f16c<T>);
    detail::half_lookup_multiply_kernel<T, true, true>(table, x, dy, out, n);
}
#        endif
#        if RECTIFY_HALF_BF16
template <class T>
[[gnu::target(RECTIFY_HALF_AVX512_BF16_TARGET)]] void half_lookup_multiply_avx512_bf16(const T* table, const T* x,
                                                                                       const T* dy, T* out,
                                                                                       std::size_t n) noexcept {
    detail::half_lookup_multiply_kernel<T, !half_f16c<T>>(table, x, dy, out, n);
}
#        endif
#    endif

// ---- prelu on 16-bit elements --------------------------------------------------
//
// One piece of prelu (leaky_relu with a slope per element: s[j], or `slope`
// for all where s is null), Bytes at a time, as the scalar definition:
//   value       x <= 0: s x rounded once, else x (x > 0, or NaN as it is);
//   derivative  x >= 0: 1, x < 0: s, NaN: x;
//   backward    x >= 0: dy, x < 0: s dy rounded once, NaN: x.
// The products are half_multiply's (lanes of a tiny bfloat16 product, and
// only those, take the scalar form); the comparisons are on the bits: x <= 0
// is "sign set or zero" (x as a signed 16-bit number at most 0), x < 0 "sign
// set and magnitude nonzero", NaN "magnitude above infinity's". The elements
// after the last whole vector go one by one; in place (out = x, or out = dy
// for backward) every vector is read before it is written.
template <prelu_op K, class T, class VC>
[[gnu::noinline]] void half_prelu_fix(VC& r, std::uint32_t redo, const T* x, const T* dy, const T* s,
                                      T slope) noexcept {
    constexpr std::size_t lanes = sizeof(VC) / 2;
    T rs[lanes];
    __builtin_memcpy(static_cast<void*>(&rs[0]), &r, sizeof(VC));  // (void*: T may be a class, bits all the same)
    for (std::size_t lane = 0; lane < lanes; ++lane) {
        if (((redo >> lane) & 1U) != 0) {
            const T sl = s == nullptr ? slope : s[lane];
            rs[lane] = K == prelu_op::value ? ref::leaky_relu(x[lane], sl) : ref::leaky_relu_backward(x[lane], dy[lane], sl);
        }
    }
    __builtin_memcpy(&r, static_cast<const void*>(&rs[0]), sizeof(VC));
}

#    if RECTIFY_HALF_MASK_STEPS
// AVX-512 with AVX-512 BF16's rounding (bfloat16) or AVX-512 FP16's
// products (binary16): the masks of half_prelu_kernel in mask registers, 32
// lanes at once (the generic vector code took 37 instructions per 32
// bfloat16 numbers). u is x (value) or dy (backward). Returns the lanes to
// redo in the scalar form: bfloat16 products that came out as zero from a
// nonzero u (below 2^-126, which vcvtne2ps2bf16 flushes to 0; a zero slope,
// whose product is exact, is redone too).
#        pragma GCC diagnostic push
#        pragma GCC diagnostic ignored "-Wpsabi"
template <prelu_op K, class T, bool Hw, bool Fp16>
RECTIFY_MASK_STEP std::uint32_t half_prelu_mask_step(typename simd<std::uint16_t, 64>::type& r,
                                                  const typename simd<std::uint16_t, 64>::type& x,
                                                  const typename simd<std::uint16_t, 64>::type& u,
                                                  const typename simd<std::uint16_t, 64>::type& s) noexcept {
    typedef short words __attribute__((vector_size(64)));  // NOLINT(modernize-use-using): as elsewhere
    using VH = typename simd<std::uint16_t, 64>::type;
    using word_compare::gt, word_compare::le, word_compare::lt;
    const auto all = static_cast<unsigned>(-1);
    constexpr auto infinity = static_cast<std::uint16_t>(detail_shared::half_format<kind_of<T>>::infinity);
    const VH magnitude_bits = VH{} + std::uint16_t{0x7fff};
    VH product;
    VH unused{};
    detail::half_product_of<T, Hw, Fp16>(product, s, u, unused);
    const auto xw = __builtin_bit_cast(words, x);
    const words zero{};
    const unsigned nan = word512::ucmp<gt>(__builtin_bit_cast(words, x & magnitude_bits), __builtin_bit_cast(words, VH{} + infinity), all);
    unsigned take = 0;  // the product's lanes: x <= 0 (value), x < 0 (backward); not NaN
    words other = xw;   // elsewhere: x (value); dy, or x where NaN (backward)
    if constexpr (K == prelu_op::value) {
        take = word512::cmp<le>(xw, zero, all) & ~nan;
    } else {
        take = word512::cmp<lt>(xw, zero, all) & ~nan &
               word512::test(__builtin_bit_cast(words, x), __builtin_bit_cast(words, magnitude_bits), all);
        word512::blend(other, __builtin_bit_cast(words, u), xw, nan);
    }
    word512::blend(r, other, __builtin_bit_cast(words, product), take);
    if constexpr (kind_of<T> == detail_shared::half_kind::bfloat16) {
        const unsigned zero_product = word512::test<true>(__builtin_bit_cast(words, product), __builtin_bit_cast(words, magnitude_bits), take);
        return zero_product & word512::test(__builtin_bit_cast(words, u), __builtin_bit_cast(words, magnitude_bits), all);
    } else {
        return 0;
    }
}
#        pragma GCC diagnostic pop
#    endif

// The elements after the last whole vector, one by one (outside the kernels'
// target attributes: Clang 16 vectorises this loop for _Float16 into masked
// loads that it cannot compile for AVX-512 without AVX-512 FP16).
template <prelu_op K, class T>
[[gnu::noinline]] void half_prelu_tail(const T* x, const T* dy, T* out, const T* s, T slope, std::size_t n) noexcept {
    for (std::size_t i = 0; i < n; ++i) {
        const T sl = s == nullptr ? slope : s[i];
        if constexpr (K == prelu_op::value) {
            out[i] = ref::leaky_relu(x[i], sl);
        } else if constexpr (K == prelu_op::derivative) {
            out[i] = ref::leaky_relu_derivative(x[i], sl);
        } else {
            out[i] = ref::leaky_relu_backward(x[i], dy[i], sl);
        }
    }
}

// One vector of half_prelu_kernel in generic vector code: r = K(x, u, s)
// with u = x (value) or dy (backward); returns the lanes to redo in the
// scalar form (half_product's tiny bfloat16 products).
template <prelu_op K, class T, bool Hw, bool Fp16, class VC>
RECTIFY_INLINE std::uint32_t half_prelu_step(VC& r, const VC& x, const VC& u, const VC& s) noexcept {
    using VS = typename simd<std::int16_t, sizeof(VC)>::type;
    constexpr auto infinity = static_cast<std::int16_t>(detail_shared::half_format<kind_of<T>>::infinity);
    // The masks in arithmetic, all ones or 0 in each lane (GCC turns 16-bit
    // vector comparisons into scalar code in the AVX-512 kernels).
    const VS sx = __builtin_bit_cast(VS, x);
    const VS magnitude = sx & 0x7fff;
    const VC nan = __builtin_bit_cast(VC, static_cast<VS>(infinity - magnitude) >> 15);
    const VC sign = __builtin_bit_cast(VC, sx >> 15);
    const VC nonzero = __builtin_bit_cast(VC, static_cast<VS>(-magnitude) >> 15);
    const VC negative = sign & nonzero & ~nan;  // x < 0
    if constexpr (K == prelu_op::derivative) {
        const VC one = VC{} + std::bit_cast<std::uint16_t>(T(1));
        r = (x & nan) | (s & negative) | (one & ~(nan | negative));
        return 0;
    } else {
        VC product;
        VC fix{};
        detail::half_product_of<T, Hw, Fp16>(product, s, u, fix);
        // value: the product where x <= 0; backward: where x < 0, dy where x >= 0.
        const VC take = K == prelu_op::value ? (sign | ~nonzero) & ~nan : negative;
        const VC other = K == prelu_op::value ? x & ~take : u & ~(take | nan);
        r = (product & take) | other | (x & nan);
        fix &= take;
        std::uint32_t redo = 0;
        if (detail::any_lane(fix)) [[unlikely]] {
            for (std::size_t lane = 0; lane < sizeof(VC) / 2; ++lane) {
                redo |= fix[lane] != 0 ? std::uint32_t{1} << lane : 0U;
            }
        }
        return redo;
    }
}

// One vector of half_prelu_kernel from element `at` into r (the slopes from
// s, or all_slope where s is null), its tiny products redone.
template <prelu_op K, class T, bool Hw, bool Fp16, bool Masks, class VC>
RECTIFY_INLINE void half_prelu_one(VC& r, const T* x, const T* dy, const T* s, T slope, const VC& all_slope,
                                   std::size_t at) noexcept {
    VC vx;
    VC vs = all_slope;
    detail::load(vx, x + at);
    if (s != nullptr) {
        detail::load(vs, s + at);
    }
    VC u = vx;
    if constexpr (K == prelu_op::backward) {
        detail::load(u, dy + at);
    }
    std::uint32_t redo = 0;
    if constexpr (Masks) {
#    if RECTIFY_HALF_MASK_STEPS
        redo = detail::half_prelu_mask_step<K, T, Hw, Fp16>(r, vx, u, vs);
#    endif
    } else {
        redo = detail::half_prelu_step<K, T, Hw, Fp16>(r, vx, u, vs);
    }
    if (redo != 0) [[unlikely]] {
        detail::half_prelu_fix<K, T>(r, redo, x + at, dy == nullptr ? nullptr : dy + at, s == nullptr ? nullptr : s + at,
                                     slope);
    }
}

template <prelu_op K, class T, std::size_t Bytes, bool Hw, bool Fp16 = false>
RECTIFY_INLINE void half_prelu_kernel(const T* x, const T* dy, T* out, const T* s, T slope, std::size_t n) noexcept {
    constexpr bool bf16 = kind_of<T> == detail_shared::half_kind::bfloat16;
    // As half_multiply_kernel where there are products; a whole vector for the derivative's selects.
    constexpr std::size_t chunk = K == prelu_op::derivative || bf16 || Fp16 ? Bytes : Bytes / 2;
    using VC = typename simd<std::uint16_t, chunk>::type;
    constexpr std::size_t lanes = chunk / 2;
    // AVX-512 with AVX-512 BF16's rounding or FP16's products: mask registers.
#    if RECTIFY_HALF_MASK_STEPS
    constexpr bool masks = Bytes == 64 && K != prelu_op::derivative && ((bf16 && Hw) || (!bf16 && Fp16));
#    else
    constexpr bool masks = false;
#    endif
    const VC all_slope = VC{} + std::bit_cast<std::uint16_t>(slope);
    if (n < lanes) {
        detail::half_prelu_tail<K, T>(x, dy, out, s, slope, n);
        return;
    }
    // The last elements after the whole vectors: a whole vector ending at n,
    // computed first (in place, x is intact then), stored last (one by one,
    // half_prelu_tail, they took 3 to 4 ns each).
    const std::size_t rest = n % lanes;
    VC last{};
    if (rest != 0) {
        detail::half_prelu_one<K, T, Hw, Fp16, masks>(last, x, dy, s, slope, all_slope, n - lanes);
    }
    std::size_t i = 0;
    for (; i + lanes <= n; i += lanes) {
        VC r;
        detail::half_prelu_one<K, T, Hw, Fp16, masks>(r, x, dy, s, slope, all_slope, i);
        detail::store(out + i, r);
    }
    if (rest != 0) {
        std::uint16_t bits[lanes]{};
        detail::store(&bits[0], last);
        std::memcpy(static_cast<void*>(out + i), &bits[lanes - rest], rest * sizeof(T));
    }
}

template <class T>
using half_prelu_piece = void (*)(const T*, const T*, T*, const T*, T, std::size_t) noexcept;

#    if RECTIFY_X86_64
template <prelu_op K, class T>
void half_prelu_sse2(const T* x, const T* dy, T* out, const T* s, T slope, std::size_t n) noexcept {
    detail::half_prelu_kernel<K, T, 16, false>(x, dy, out, s, slope, n);
}
#        if RECTIFY_HAS_AVX2_KERNEL
template <prelu_op K, class T>
[[gnu::target(RECTIFY_HALF_AVX2_TARGET)]] void half_prelu_avx2(const T* x, const T* dy, T* out, const T* s, T slope,
                                                               std::size_t n) noexcept {
    detail::half_prelu_kernel<K, T, 32, RECTIFY_HALF_F16C != 0 && half_f16c<T>>(x, dy, out, s, slope, n);
}
#        endif
#        if RECTIFY_HAS_AVX512_KERNEL
template <prelu_op K, class T>
[[gnu::target(RECTIFY_HALF_AVX512_TARGET)]] void half_prelu_avx512(const T* x, const T* dy, T* out, const T* s,
                                                                   T slope, std::size_t n) noexcept {
    detail::half_prelu_kernel<K, T, 64, RECTIFY_HALF_F16C != 0 && half_f16c<T>>(x, dy, out, s, slope, n);
}
#        endif
#        if RECTIFY_HAS_AVX512_KERNEL && RECTIFY_HALF_FP16
template <prelu_op K, class T>
[[gnu::target(RECTIFY_HALF_AVX512_FP16_TARGET)]] void half_prelu_avx512_fp16(const T* x, const T* dy, T* out,
                                                                             const T* s, T slope,
                                                                             std::size_t n) noexcept {
    static_assert(half_f16c<T>);
    detail::half_prelu_kernel<K, T, 64, true, true>(x, dy, out, s, slope, n);
}
#        endif
#        if RECTIFY_HAS_AVX512_KERNEL && RECTIFY_HALF_BF16
template <prelu_op K, class T>
[[gnu::target(RECTIFY_HALF_AVX512_BF16_TARGET)]] void half_prelu_avx512_bf16(const T* x, const T* dy, T* out,
                                                                             const T* s, T slope,
                                                                             std::size_t n) noexcept {
    detail::half_prelu_kernel<K, T, 64, !half_f16c<T>>(x, dy, out, s, slope, n);
}
#        endif
#    else
template <prelu_op K, class T>
void half_prelu_neon(const T* x, const T* dy, T* out, const T* s, T slope, std::size_t n) noexcept {
    detail::half_prelu_kernel<K, T, 16, false>(x, dy, out, s, slope, n);
}
#    endif

// hardswish_backward from d = hardswish'(x), correctly rounded (a table's):
// dy for x >= 3, +0 for x < -3, dy d rounded once between, x for NaN x; the
// rare product lanes half_product leaves go to the scalar form.
template <class T, std::size_t Bytes, bool Hw, bool Fp16 = false>
RECTIFY_INLINE void half_hardswish_backward_kernel(const T* x, const T* dy, const T* d, T* out,
                                                   std::size_t n) noexcept {
    constexpr auto kind = kind_of<T>;
    constexpr bool bf16 = kind == detail_shared::half_kind::bfloat16;
    constexpr std::size_t chunk = bf16 || Fp16 ? Bytes : Bytes / 2;  // as half_multiply_kernel
    using VC = typename simd<std::uint16_t, chunk>::type;
    using VS = typename simd<std::int16_t, chunk>::type;
    constexpr auto infinity = static_cast<std::int16_t>(detail_shared::half_format<kind>::infinity);
    constexpr std::size_t lanes = chunk / 2;
    const VS key_three = VS{} + detail::half_key(std::bit_cast<std::uint16_t>(T(3)));
    std::size_t i = 0;
    for (; i + lanes <= n; i += lanes) {
        VC vx;
        VC vdy;
        VC vd;
        detail::load(vx, x + i);
        detail::load(vdy, dy + i);
        detail::load(vd, d + i);
        VC fix{};
        VC product;
        detail::half_product_of<T, Hw, Fp16>(product, vdy, vd, fix);
        const VS s = __builtin_bit_cast(VS, vx);
        const VS negative = s >> 15;
        const VS magnitude = s & 0x7fff;
        const VS k = (magnitude ^ negative) - negative;
        const VC above = __builtin_bit_cast(VC, k >= key_three);
        const VC outside = above | __builtin_bit_cast(VC, k < -key_three);
        const VC nan = __builtin_bit_cast(VC, magnitude > infinity);
        VC r = (vdy & above) | (product & ~outside);
        r = (vx & nan) | (r & ~nan);
        fix &= ~(outside | nan);
        if (detail::any_lane(fix)) [[unlikely]] {
            VC redone = r;  // copies: see half_step
            const VC which = fix;
            detail::half_fix<op::hardswish_backward, T>(redone, which, x + i, dy + i, T(0), T(0));
            r = redone;
        }
        detail::store(out + i, r);
    }
    for (; i < n; ++i) {
        out[i] = detail::element_of<op::hardswish_backward>(x[i], dy[i], T(0), T(0));
    }
}

template <class T>
using half_ternary = void (*)(const T*, const T*, const T*, T*, std::size_t) noexcept;

#    if RECTIFY_X86_64
template <class T>
void half_hardswish_backward_sse2(const T* x, const T* dy, const T* d, T* out, std::size_t n) noexcept {
    detail::half_hardswish_backward_kernel<T, 16, false>(x, dy, d, out, n);
}
#        if RECTIFY_HAS_AVX2_KERNEL
template <class T>
[[gnu::target(RECTIFY_HALF_AVX2_TARGET)]] void half_hardswish_backward_avx2(const T* x, const T* dy, const T* d,
                                                                            T* out, std::size_t n) noexcept {
    detail::half_hardswish_backward_kernel<T, 32, RECTIFY_HALF_F16C != 0 && half_f16c<T>>(x, dy, d, out, n);
}
#        endif
#        if RECTIFY_HAS_AVX512_KERNEL
template <class T>
[[gnu::target(RECTIFY_HALF_AVX512_TARGET)]] void half_hardswish_backward_avx512(const T* x, const T* dy,
                                                                                const T* d, T* out,
                                                                                std::size_t n) noexcept {
    detail::half_hardswish_backward_kernel<T, 64, RECTIFY_HALF_F16C != 0 && half_f16c<T>>(x, dy, d, out, n);
}
#        endif
#        if RECTIFY_HAS_AVX512_KERNEL && RECTIFY_HALF_FP16
template <class T>
[[gnu::target(RECTIFY_HALF_AVX512_FP16_TARGET)]] void half_hardswish_backward_avx512_fp16(
    const T* x, const T* dy, const T* d, T* out, std::size_t n) noexcept {
    static_assert(half_f16c<T>);
    detail::half_hardswish_backward_kernel<T, 64, true, true>(x, dy, d, out, n);
}
#        endif
#        if RECTIFY_HAS_AVX512_KERNEL && RECTIFY_HALF_BF16
template <class T>
[[gnu::target(RECTIFY_HALF_AVX512_BF16_TARGET)]] void half_hardswish_backward_avx512_bf16(
    const T* x, const T* dy, const T* d, T* out, std::size_t n) noexcept {
    detail::half_hardswish_backward_kernel<T, 64, !half_f16c<T>>(x, dy, d, out, n);
}
#        endif
#    else
template <class T>
void half_hardswish_backward_neon(const T* x, const T* dy, const T* d, T* out, std::size_t n) noexcept {
    detail::half_hardswish_backward_kernel<T, 16, false>(x, dy, d, out, n);
}
#    endif

// Kernel Path's hardswish_backward from hardswish'.
template <isa Path, class T>
half_ternary<T> half_hardswish_backward_for() noexcept {
#    if RECTIFY_X86_64
#        if RECTIFY_HAS_AVX512_KERNEL
    if constexpr (Path == isa::avx512) {
#            if RECTIFY_HALF_BF16
        if constexpr (!half_f16c<T>) {
            if (detail::half_bf16_products()) {
                return &detail::half_hardswish_backward_avx512_bf16<T>;
            }
        }
#            endif
#            if RECTIFY_HALF_FP16
        if constexpr (half_f16c<T>) {
            if (detail::half_fp16_products()) {
                return &detail::half_hardswish_backward_avx512_fp16<T>;
            }
        }
#            endif
        return &detail::half_hardswish_backward_avx512<T>;
    }
#        endif
#        if RECTIFY_HAS_AVX2_KERNEL
    if constexpr (Path == isa::avx2) {
        return &detail::half_hardswish_backward_avx2<T>;
    }
#        endif
    return &detail::half_hardswish_backward_sse2<T>;
#    else
    return &detail::half_hardswish_backward_neon<T>;
#    endif
}

// Kernel Path's products.
template <isa Path, class T>
half_binary<T> half_multiply_for() noexcept {
#    if RECTIFY_X86_64
#        if RECTIFY_HAS_AVX512_KERNEL
    if constexpr (Path == isa::avx512) {
#            if RECTIFY_HALF_BF16
        if constexpr (!half_f16c<T>) {
            if (detail::half_bf16_products()) {
                return &detail::half_multiply_avx512_bf16<T>;
            }
        }
#            endif
#            if RECTIFY_HALF_FP16
        if constexpr (half_f16c<T>) {
            if (detail::half_fp16_products()) {
                return &detail::half_multiply_avx512_fp16<T>;
            }
        }
#            endif
        return &detail::half_multiply_avx512<T>;
    }
#        endif
#        if RECTIFY_HAS_AVX2_KERNEL
    if constexpr (Path == isa::avx2) {
        return &detail::half_multiply_avx2<T>;
    }
#        endif
    return &detail::half_multiply_sse2<T>;
#    else
    return &detail::half_multiply_neon<T>;
#    endif
}

#    if RECTIFY_HALF_GATHERS
template <class T>
using half_lookup_binary = void (*)(const T*, const T*, const T*, T*, std::size_t) noexcept;

// The AVX-512 kernel's gathered lookups times dy, in its products' arithmetic
// (as half_multiply_for).
template <class T>
half_lookup_binary<T> half_lookup_multiply_for() noexcept {
#        if RECTIFY_HALF_BF16
    if constexpr (!half_f16c<T>) {
        if (detail::half_bf16_products()) {
            return &detail::half_lookup_multiply_avx512_bf16<T>;
        }
    }
#        endif
#        if RECTIFY_HALF_FP16
    if constexpr (half_f16c<T>) {
        if (detail::half_fp16_products()) {
            return &detail::half_lookup_multiply_avx512_fp16<T>;
        }
    }
#        endif
    return &detail::half_lookup_multiply_avx512<T>;
}
#    endif

// Kernel Path's prelu pieces (a kernel of its own for the products of
// AVX-512 BF16 and FP16, as half_multiply_for).
template <isa Path, prelu_op K, class T>
half_prelu_piece<T> half_prelu_for() noexcept {
#    if RECTIFY_X86_64
#        if RECTIFY_HAS_AVX512_KERNEL
    if constexpr (Path == isa::avx512) {
#            if RECTIFY_HALF_BF16
        if constexpr (!half_f16c<T> && K != prelu_op::derivative) {
            if (detail::half_bf16_products()) {
                return &detail::half_prelu_avx512_bf16<K, T>;
            }
        }
#            endif
#            if RECTIFY_HALF_FP16
        if constexpr (half_f16c<T> && K != prelu_op::derivative) {
            if (detail::half_fp16_products()) {
                return &detail::half_prelu_avx512_fp16<K, T>;
            }
        }
#            endif
        return &detail::half_prelu_avx512<K, T>;
    }
#        endif
#        if RECTIFY_HAS_AVX2_KERNEL
    if constexpr (Path == isa::avx2) {
        return &detail::half_prelu_avx2<K, T>;
    }
#        endif
    return &detail::half_prelu_sse2<K, T>;
#    else
    return &detail::half_prelu_neon<K, T>;
#    endif
}

// Through the table of kernel Path's results (Tag names the function): true
// if there is one (made now, if the call's length `whole`, of which these n
// elements may be a chunk, or the calls so far reach half_table_min); false:
// compute directly.
// `values(x, out, count)` computes the function (the derivative, for a
// backward pass: dy times it, by `multiply`).
template <class Tag, bool Backward, isa Path, class T, class Values>
RECTIFY_INLINE bool half_through_table(const T* x, const T* dy, T* out, std::size_t n, Values values,
                                       std::size_t whole) noexcept {
    const T* table = detail::half_table<Tag, T>(n, whole, values);
    if (table == nullptr) {
        return false;
    }
#    if RECTIFY_HALF_GATHERS
    if constexpr (Path == isa::avx512) {
        if (detail::half_gathers()) {
            if constexpr (Backward) {
                detail::half_lookup_multiply_for<T>()(table, x, dy, out, n);
            } else {
                detail::half_lookup_avx512(table, x, out, n);
            }
            return true;
        }
    }
#    endif
    if constexpr (Backward) {
        constexpr std::size_t block = 512;
        T d[block];
        for (std::size_t i = 0; i < n; i += block) {
            const std::size_t m = n - i < block ? n - i : block;
            detail::half_lookup(table, x + i, d, m);
            detail::half_multiply_for<Path, T>()(dy + i, d, out + i, m);
        }
    } else {
        detail::half_lookup(table, x, out, n);
    }
    return true;
}

#    undef RECTIFY_INLINE
#else
template <class T>
inline constexpr bool has_vector_kernel = false;
#endif

#if RECTIFY_DISPATCH
// CPUID leaf 1, ECX bit 29 (Clang 14's __builtin_cpu_supports has no "f16c"),
// read once: in a virtual machine CPUID traps to the hypervisor, and
// force_isa and isa_supported ask each call.
inline bool cpu_has_f16c() noexcept {
    static const bool has = detail::cpuid_bit(1, 0, 2, 29);
    return has;
}
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
    case isa::avx2:  // with F16C (the 16-bit kernels) and FMA (the smooth ones): every AVX2 CPU has both
        __builtin_cpu_init();
        return static_cast<bool>(__builtin_cpu_supports("avx2")) &&  // int with GCC
               static_cast<bool>(__builtin_cpu_supports("fma")) && detail::cpu_has_f16c();
    case isa::avx512:  // and FMA (the relu family's float lanes), DQ (prelu_backward's): every AVX-512 CPU with BW has both
        __builtin_cpu_init();
        return static_cast<bool>(__builtin_cpu_supports("avx512f")) &&
               static_cast<bool>(__builtin_cpu_supports("avx512bw")) &&
               static_cast<bool>(__builtin_cpu_supports("avx512dq")) &&
               static_cast<bool>(__builtin_cpu_supports("fma")) && detail::cpu_has_f16c();
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

#if RECTIFY_X86_64 || RECTIFY_AARCH64
template <op Op, isa Path>
struct half_op_tag {};

template <class T>
using half_op_kernel = void (*)(const T*, const T*, T*, std::size_t, T, T) noexcept;

// The relu-family op Op on the 16-bit kernel Path (`direct`): hardsigmoid,
// hardswish and hardswish' through a table of their results, and
// hardswish_backward through hardswish''s (`derivative`: Path's kernel for it);
// but on AVX-512, whose float lanes compute them faster than a table is read
// (a standalone timer, 256Ki elements: 40 to 54 us against 50 to 55 for the
// table, backward 68 to 84 against 91 to 114; on AVX2 and SSE2 the table is
// faster). binary16 hardswish gathered from its table there until its
// computed form lost its midpoint step and its selects (rational_select):
// 36-39 us computed against 43-45 gathered on the Sapphire Rapids class VM,
// 4Mi 680-730 against 795-810.
template <op Op, isa Path, class T>
void half_run(const T* x, const T* dy, T* out, std::size_t n, T a, T b, half_op_kernel<T> direct,
              half_op_kernel<T> derivative, std::size_t whole) noexcept {
    if (Path != isa::avx512) {  // else computed directly
        if constexpr (Op == op::hardsigmoid || Op == op::hardswish || Op == op::hardswish_derivative) {
            if (detail::half_through_table<half_op_tag<Op, Path>, false, Path>(
                    x, dy, out, n,
                    [direct](const T* in, T* to, std::size_t count) { direct(in, nullptr, to, count, T(0), T(0)); },
                    whole)) {
                return;
            }
        } else if constexpr (Op == op::hardswish_backward) {
            const T* table = detail::half_table<half_op_tag<op::hardswish_derivative, Path>, T>(
                n, whole,
                [derivative](const T* in, T* to, std::size_t count) { derivative(in, nullptr, to, count, T(0), T(0)); });
            if (table != nullptr) {
                constexpr std::size_t block = 512;
                T d[block];
                for (std::size_t i = 0; i < n; i += block) {
                    const std::size_t m = n - i < block ? n - i : block;
                    detail::half_lookup(table, x + i, d, m);
                    detail::half_hardswish_backward_for<Path, T>()(x + i, dy + i, d, out + i, m);
                }
                return;
            }
        }
    }
    direct(x, dy, out, n, a, b);
}
#endif

template <op Op, class T>
void kernel(const T* x, const T* dy, T* out, std::size_t n, T a, T b, [[maybe_unused]] std::size_t whole) noexcept {
#if RECTIFY_X86_64 || RECTIFY_AARCH64
    if constexpr (is_half<T>) {
        switch (detail::current_isa()) {
#    if RECTIFY_X86_64
        case isa::avx512:  // NOLINT(bugprone-branch-clone): cases without a kernel fall through alike
#        if RECTIFY_HAS_AVX512_KERNEL
#            if RECTIFY_HALF_BF16
            if constexpr (!half_f16c<T> && (Op == op::leaky_relu || Op == op::leaky_relu_backward ||
                                            Op == op::hardsigmoid_backward || is_rational(Op))) {
                if (detail::half_bf16_products()) {
                    return detail::half_run<Op, isa::avx512>(
                        x, dy, out, n, a, b, &detail::half_avx512_bf16_kernel<Op, T>,
                        &detail::half_avx512_kernel<op::hardswish_derivative, T>, whole);
                }
            }
#            endif
#            if RECTIFY_HALF_FP16
            if constexpr (half_f16c<T> &&
                          (half_mask_step(Op) || half_fp16_select(Op) || Op == op::hardswish_backward)) {
                if (detail::half_fp16_products()) {
                    return detail::half_run<Op, isa::avx512>(
                        x, dy, out, n, a, b, &detail::half_avx512_fp16_kernel<Op, T>,
                        &detail::half_avx512_kernel<op::hardswish_derivative, T>, whole);
                }
            }
#            endif
            return detail::half_run<Op, isa::avx512>(x, dy, out, n, a, b, &detail::half_avx512_kernel<Op, T>,
                                                     &detail::half_avx512_kernel<op::hardswish_derivative, T>, whole);
#        else
            [[fallthrough]];
#        endif
        case isa::avx2:
#        if RECTIFY_HAS_AVX2_KERNEL
            return detail::half_run<Op, isa::avx2>(x, dy, out, n, a, b, &detail::half_avx2_kernel<Op, T>,
                                                     &detail::half_avx2_kernel<op::hardswish_derivative, T>, whole);
#        else
            [[fallthrough]];
#        endif
        case isa::sse2:
            return detail::half_run<Op, isa::sse2>(x, dy, out, n, a, b, &detail::half_sse2_kernel<Op, T>,
                                                     &detail::half_sse2_kernel<op::hardswish_derivative, T>, whole);
#    else
        case isa::neon:
            return detail::half_run<Op, isa::neon>(x, dy, out, n, a, b, &detail::half_neon_kernel<Op, T>,
                                                     &detail::half_neon_kernel<op::hardswish_derivative, T>, whole);
#    endif
        default:
            break;
        }
    }
#endif
    if constexpr (has_vector_kernel<T> && (!is_rational(Op) || std::is_same_v<T, float>)) {
        // A kernel this translation unit lacks (another one, built with other
        // flags, may have forced it) falls through to the next narrower one.
        switch (detail::current_isa()) {
#if RECTIFY_X86_64
        case isa::avx512:  // NOLINT(bugprone-branch-clone): cases without a kernel fall through alike
#    if RECTIFY_HAS_AVX512_KERNEL
            return detail::avx512_kernel<Op, T>(x, dy, out, n, a, b, whole);
#    else
            [[fallthrough]];
#    endif
        case isa::avx2:
#    if RECTIFY_HAS_AVX2_KERNEL
            return detail::avx2_kernel<Op, T>(x, dy, out, n, a, b, whole);
#    else
            [[fallthrough]];
#    endif
        case isa::sse2:
            return detail::sse2_kernel<Op, T>(x, dy, out, n, a, b, whole);
#elif RECTIFY_AARCH64
        case isa::neon:
            return detail::neon_kernel<Op, T>(x, dy, out, n, a, b);
#endif
        default:
            break;
        }
    }
    detail::portable_kernel<Op, T>(x, dy, out, n, a, b);
}

// The relu family's chunks and cutoff: memory bound, but for the ops whose
// vector kernels compute in double lanes.
template <op Op, class T>
inline constexpr std::size_t family_grid = is_rational(Op) ? compute_bound_grid : memory_bound_grid_bytes / sizeof(T);
template <op Op, class T>
inline constexpr std::size_t family_cutoff =
    is_rational(Op) ? compute_bound_cutoff : memory_bound_cutoff_bytes / sizeof(T);

// The kernel over [0, n), or over each chunk (see run_chunks).
template <op Op, class E, class T>
void run_kernel(const E& exec, const T* x, const T* dy, T* out, std::size_t n, T a, T b) {
    detail::run_chunks(exec, n, family_grid<Op, T>, family_cutoff<Op, T>,
                       [=](std::size_t first, std::size_t length) noexcept {
                           detail::kernel<Op, T>(x + first, is_backward(Op) ? dy + first : nullptr, out + first,
                                                 length, a, b, n);
                       });
}

template <op Op, class E, class X, class Out, class T>
void map(const E& exec, const char* name, X&& x, Out&& out, T a, T b) {
    const operand inputs[] = {operand_of("input", x)};
    if (!detail::validate(name, inputs, operand_of("output", out), sizeof(T))) {
        return;
    }
    detail::run_kernel<Op>(exec, std::ranges::data(x), static_cast<const T*>(nullptr), std::ranges::data(out),
                           static_cast<std::size_t>(std::ranges::size(out)), a, b);
}

template <op Op, class E, class X, class Dy, class Out, class T>
void map_backward(const E& exec, const char* name, X&& x, Dy&& dy, Out&& out, T a, T b) {
    const operand inputs[] = {operand_of("x", x), operand_of("grad_out", dy)};
    if (!detail::validate(name, inputs, operand_of("grad_in", out), sizeof(T))) {
        return;
    }
    detail::run_kernel<Op>(exec, std::ranges::data(x), std::ranges::data(dy), std::ranges::data(out),
                           static_cast<std::size_t>(std::ranges::size(out)), a, b);
}

constexpr const char* family_name(op o) noexcept {
    constexpr const char* names[] = {
        "rectify::relu", "rectify::relu_derivative", "rectify::leaky_relu", "rectify::leaky_relu_derivative",
        "rectify::relu_backward", "rectify::leaky_relu_backward", "rectify::relu6", "rectify::relu6_derivative",
        "rectify::relu6_backward", "rectify::hardtanh", "rectify::hardtanh_derivative",
        "rectify::hardtanh_backward", "rectify::hardsigmoid", "rectify::hardsigmoid_derivative",
        "rectify::hardsigmoid_backward", "rectify::hardswish", "rectify::hardswish_derivative",
        "rectify::hardswish_backward", "rectify::threshold", "rectify::threshold_derivative",
        "rectify::threshold_backward"};
    return names[static_cast<int>(o)];
}

template <op Op, class T>
void report_bad_parameters(const char* function, parameters<Op, T> p) {
    const auto text = [](T v) {
        return v != v ? std::string("NaN") : std::to_string(static_cast<double>(v));  // NOLINT(misc-redundant-expression): NaN
    };
    std::string message = std::string(function) + ": ";
    if constexpr (Op == op::hardtanh || Op == op::hardtanh_derivative || Op == op::hardtanh_backward) {
        message += "min_val (" + text(p.a) + ") and max_val (" + text(p.b) +
                   ") must be numbers with min_val <= max_val";
    } else {
        message += "threshold is NaN";
    }
    message += "; nothing was written";
    // NOLINTNEXTLINE(readability-redundant-string-cstr): the handler's argument is a const char*
    RECTIFY_ERROR_HANDLER(message.c_str());
}

// ============================================================================
// prelu: checks, the exact slope gradient, kernels
// ============================================================================

#if defined(__GNUC__)
#    define RECTIFY_PRELU_INLINE [[gnu::always_inline]] inline
#else
#    define RECTIFY_PRELU_INLINE inline
#endif

template <class T>
RECTIFY_HOST_DEVICE constexpr void require_prelu_floating() noexcept {
    static_assert(floating<T>,
                  "rectify: prelu, prelu_derivative and prelu_backward take floating element types only "
                  "(slope * x would be truncated in an integer type); convert to float or double first");
}

// The element types of prelu's span forms, and how the slope gradient is
// summed for each: "narrow" types (_Float16, float, bfloat16) through float,
// whose products are exact in double; "wide" ones (double, and a long double
// that is double) through double, their products taken exactly as integers.
template <class T>
inline constexpr bool prelu_narrow = floating<T> && significand_digits<T>() <= 24 && sizeof(T) <= 4;
template <class T>
inline constexpr bool prelu_wide = floating<T> && significand_digits<T>() == 53 && sizeof(T) == 8;

template <class T>
constexpr void require_prelu_span_type() noexcept {
    detail::require_prelu_floating<T>();
    static_assert(!floating<T> || prelu_narrow<T> || prelu_wide<T>,
                  "rectify: the span forms of prelu do not take long double (the exact slope gradient of "
                  "prelu_backward has no accumulator for its significand yet); use double");
}

// ---- Checks --------------------------------------------------------------------

inline void prelu_report(const std::string& message) {
    // NOLINTNEXTLINE(readability-redundant-string-cstr): the handler's argument is a const char*
    RECTIFY_ERROR_HANDLER(message.c_str());
}

// True if the two ranges share any byte (the same range included).
inline bool prelu_overlap(const operand& a, const operand& b, std::size_t element_size) noexcept {
    if (a.size == 0 || b.size == 0) {
        return false;
    }
    // NOLINTBEGIN(cppcoreguidelines-pro-type-reinterpret-cast): addresses of unrelated buffers
    const auto a0 = reinterpret_cast<std::uintptr_t>(a.data);
    const auto b0 = reinterpret_cast<std::uintptr_t>(b.data);
    // NOLINTEND(cppcoreguidelines-pro-type-reinterpret-cast)
    return a0 < b0 + b.size * element_size && b0 < a0 + a.size * element_size;
}

// The slopes fit the layout: some slopes, inner > 0, and the elements make whole channels.
inline bool prelu_shape_ok(const char* function, const operand& data, const operand& slopes, prelu_shape shape) {
    // (Made only for a message: the two strings were three allocations of
    // every call, a tenth of a 1Ki-element prelu_backward.)
    const auto head = [function] { return std::string(function) + ": "; };
    const char* const tail = "; nothing was written";
    if (slopes.size == 0) {
        detail::prelu_report(head() + "slopes is empty (give one slope per channel, or one for all)" + tail);
        return false;
    }
    if (shape.inner == 0) {
        detail::prelu_report(head() + "channels_first inner is 0 (it is the number of elements of one channel "
                                    "of one image, H * W)" + tail);
        return false;
    }
    const std::size_t n = data.size;
    const std::size_t c = slopes.size;
    if (!shape.channels_first) {
        if (n % c != 0) {
            detail::prelu_report(head() + data.name + " has " + std::to_string(n) + " elements, not a multiple of the " +
                                 std::to_string(c) + " slopes (channels_last)" + tail);
            return false;
        }
        return true;
    }
    const bool fits = n == 0 || (shape.inner <= n / c && n % (c * shape.inner) == 0);
    if (!fits) {
        detail::prelu_report(head() + data.name + " has " + std::to_string(n) + " elements, not a multiple of the " +
                             std::to_string(c) + " slopes times inner " + std::to_string(shape.inner) +
                             " (channels_first)" + tail);
        return false;
    }
    return true;
}

// True if `output` shares no element with `other`; else reports it.
inline bool prelu_apart(const char* function, const operand& output, const operand& other,
                        std::size_t element_size) {
    if (!detail::prelu_overlap(output, other, element_size)) {
        return true;
    }
    detail::prelu_report(std::string(function) + ": " + output.name + " (" + std::to_string(output.size) +
                         " elements) overlaps " + other.name + " (" + std::to_string(other.size) +
                         " elements); nothing was written");
    return false;
}

// 2^k in float or double, exactly, for k from the smallest subnormal to the largest exponent.
template <class F>
constexpr F prelu_pow2(int k) noexcept {
    using U = std::conditional_t<sizeof(F) == 4, std::uint32_t, std::uint64_t>;
    constexpr int fraction = std::numeric_limits<F>::digits - 1;
    constexpr int bias = std::numeric_limits<F>::max_exponent - 1;
    if (k >= 1 - bias) {
        return std::bit_cast<F>(static_cast<U>(static_cast<U>(k + bias) << fraction));
    }
    return std::bit_cast<F>(static_cast<U>(U{1} << static_cast<unsigned>(k - (1 - bias) + fraction)));
}

// ---- The exact slope gradient --------------------------------------------------
//
// grad_slopes[c] is the exact real sum of the exact products x * dy of its
// channel, rounded once. exact_sum<Low, Size> holds such a sum as a fixed-point
// number: digit j, a signed 64-bit integer, weighs 2^(Low + 32 j). A term adds
// less than 2^32 in magnitude to each digit it touches, so 2^31 terms cannot
// overflow a digit; normalise() (after at most 2^30 terms) carries every
// digit's excess into the next, leaving digits in [0, 2^32) and the sign in
// the top one. The value is exact in any order of the terms, so its rounding
// is the same for every kernel, length and order; merge() adds another partial
// sum (so that pieces summed apart, by threads say, give the same bits).
// NaN and infinite terms are counted aside.
template <int Low, std::size_t Size>
struct exact_sum {
    static constexpr int low = Low;
    static constexpr std::uint32_t max_terms = std::uint32_t{1} << 30;
    std::int64_t digit[Size] = {};
    std::uint32_t terms = 0;
    bool nan = false;
    bool plus_inf = false;
    bool minus_inf = false;

    void normalise() noexcept {
        std::int64_t carry = 0;
        for (std::size_t j = 0; j + 1 < Size; ++j) {
            const std::int64_t v = digit[j] + carry;
            digit[j] = v & std::int64_t{0xffffffff};
            carry = v >> 32;  // floor division by 2^32 (C++20: arithmetic shift)
        }
        digit[Size - 1] += carry;
        terms = 0;
    }

    // Adds (negative ? -1 : 1) * (hi 2^64 + lo) * 2^(Low + position); the term
    // must end below the top digit (position / 32 + 4 < Size).
    void add(bool negative, std::uint64_t hi, std::uint64_t lo, int position) noexcept {
        if (terms >= max_terms) {
            normalise();
        }
        ++terms;
        const auto q = static_cast<std::size_t>(position) >> 5;
        const auto r = static_cast<unsigned>(position) & 31U;
        const std::uint64_t s0 = lo << r;
        const std::uint64_t s1 = r == 0 ? hi : (hi << r) | (lo >> (64 - r));
        const std::uint64_t s2 = r == 0 ? 0 : hi >> (64 - r);
        const std::uint64_t parts[5] = {s0 & 0xffffffff, s0 >> 32, s1 & 0xffffffff, s1 >> 32, s2};
        for (std::size_t k = 0; k < 5; ++k) {
            const auto part = static_cast<std::int64_t>(parts[k]);
            digit[q + k] += negative ? -part : part;
        }
    }

    void add_flags(bool is_nan, bool is_plus_inf, bool is_minus_inf) noexcept {
        nan = nan || is_nan;
        plus_inf = plus_inf || is_plus_inf;
        minus_inf = minus_inf || is_minus_inf;
    }

    // this += other, exactly.
    void merge(const exact_sum& other) noexcept {
        exact_sum b = other;
        b.normalise();
        normalise();
        for (std::size_t j = 0; j < Size; ++j) {
            digit[j] += b.digit[j];
        }
        terms = 1;
        add_flags(other.nan, other.plus_inf, other.minus_inf);
    }

    // 64 bits of the (normalised, non-negative) value from bit `position` up.
    [[nodiscard]] std::uint64_t bits_from(int position) const noexcept {
        const auto at = [this](std::size_t j) { return j < Size ? static_cast<std::uint64_t>(digit[j]) : std::uint64_t{0}; };
        if (position < 0) {  // the value has fewer than 64 bits
            return (at(0) | (at(1) << 32)) << static_cast<unsigned>(-position);
        }
        const auto q = static_cast<std::size_t>(position) >> 5;
        const auto r = static_cast<unsigned>(position) & 31U;
        std::uint64_t w = (at(q) >> r) | (at(q + 1) << (32 - r));
        if (r != 0) {
            w |= at(q + 2) << (64 - r);
        }
        return w;
    }

    // True if any bit of the (normalised, non-negative) value below `position` is set.
    [[nodiscard]] bool any_below(int position) const noexcept {
        if (position <= 0) {
            return false;
        }
        const auto q = static_cast<std::size_t>(position) >> 5;
        const auto r = static_cast<unsigned>(position) & 31U;
        for (std::size_t j = 0; j < q && j < Size; ++j) {
            if (digit[j] != 0) {
                return true;
            }
        }
        return q < Size && (static_cast<std::uint64_t>(digit[q]) & ((std::uint64_t{1} << r) - 1)) != 0;
    }

    // The sum rounded to nearest, ties to even, as M 2^k with M < 2^Digits
    // (Digits significand bits, exponents from Emin for the normal numbers to
    // Emax); overflow gives infinity. Returns the value in F (float or double,
    // which holds every such value exactly).
    template <class F, int Digits, int Emin, int Emax>
    [[nodiscard]] F rounded() const noexcept {
        if (nan || (plus_inf && minus_inf)) {
            return std::numeric_limits<F>::quiet_NaN();
        }
        if (plus_inf || minus_inf) {
            return plus_inf ? std::numeric_limits<F>::infinity() : -std::numeric_limits<F>::infinity();
        }
        return rounded_finite<F, Digits, Emin, Emax>();
    }

    // The finite sum, rounded (see rounded()).
    template <class F, int Digits, int Emin, int Emax>
    [[nodiscard]] F rounded_finite() const noexcept {
        constexpr F infinity = std::numeric_limits<F>::infinity();
        exact_sum v = *this;
        v.normalise();
        const bool negative = v.digit[Size - 1] < 0;
        if (negative) {
            for (std::int64_t& d : v.digit) {
                d = -d;
            }
            v.normalise();
        }
        std::size_t top = Size;
        while (top > 0 && v.digit[top - 1] == 0) {
            --top;
        }
        if (top == 0) {
            return F(0);  // exactly zero: +0
        }
        const auto lead_digit = static_cast<std::uint64_t>(v.digit[top - 1]);
        const int lead = 32 * static_cast<int>(top - 1) + 63 - std::countl_zero(lead_digit);  // bit index
        const int exponent = Low + lead;                                                         // of the leading 1
        const int k = (exponent > Emin ? exponent : Emin) - (Digits - 1);  // the result's last bit
        const int kept = exponent - k + 1;                                  // <= Digits
        const std::uint64_t window = v.bits_from(lead - 63);                // leading 1 at bit 63
        bool sticky = v.any_below(lead - 63);
        std::uint64_t m = 0;
        bool round_bit = false;
        if (kept > 0) {
            m = window >> (64 - kept);
            const std::uint64_t rest = window << kept;
            round_bit = (rest >> 63) != 0;
            sticky = sticky || (rest << 1) != 0;
        } else if (kept == 0) {
            round_bit = true;
            sticky = sticky || (window << 1) != 0;
        } else {
            sticky = true;
        }
        if (round_bit && (sticky || (m & 1) != 0)) {
            ++m;
        }
        int scale = k;
        if (m == (std::uint64_t{1} << Digits)) {
            m >>= 1;
            ++scale;
        }
        F result = infinity;
        if (m == 0) {
            result = F(0);
        } else if (scale + (63 - std::countl_zero(m)) <= Emax) {
            result = static_cast<F>(m) * detail::prelu_pow2<F>(scale);
        }
        return negative ? -result : result;
    }
};

// The format of an element type: significand bits and the exponent range of its normal numbers.
template <class T>
struct prelu_format {
    static constexpr int digits = significand_digits<T>();
    static constexpr bool half = digits == 11;  // binary16: _Float16, rectify::float16_t
    static constexpr int emin = half ? -14 : (prelu_wide<T> ? -1022 : -126);
    static constexpr int emax = half ? 15 : (prelu_wide<T> ? 1023 : 127);
};

// d rounded to nearest, ties to even, into the format of Digits significand
// bits and normal exponents Emin .. Emax (subnormals below it, infinity past
// its largest number), as a double (which holds every such number). Integer
// arithmetic, so no compiler flag changes it. A NaN or an infinity comes back
// as it is.
template <int Digits, int Emin, int Emax>
RECTIFY_PRELU_INLINE double prelu_round_double(double d) noexcept {
    constexpr std::uint64_t fraction = (std::uint64_t{1} << 52) - 1;
    const auto u = std::bit_cast<std::uint64_t>(d);
    const bool negative = (u >> 63) != 0;
    const auto biased = static_cast<int>((u >> 52) & 0x7ffU);
    if (biased == 0x7ff) {
        return d;
    }
    constexpr int drop_normal = 53 - Digits;
    if (biased >= Emin + 1023 && biased <= Emax + 1023) {
        // A normal number of the format: round the bits below its last digit
        // away, ties to even; a carry moves into the exponent as it should.
        constexpr std::uint64_t below = (std::uint64_t{1} << drop_normal) - 1;
        const std::uint64_t rounded = (u + (below >> 1) + ((u >> drop_normal) & 1U)) & ~below;
        if (static_cast<int>((rounded >> 52) & 0x7ffU) > Emax + 1023) {
            return negative ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
        }
        return std::bit_cast<double>(rounded);
    }
    std::uint64_t q = 0;  // the result is q 2^k
    const int exponent = biased - 1023;
    const int k = (exponent > Emin ? exponent : Emin) - (Digits - 1);
    const int drop = k - (biased - 1075);  // bits of the significand below 2^k: at least 53 - Digits
    if (biased != 0 && drop <= 54) {       // otherwise below 2^(k - 2): rounds to 0
        const std::uint64_t m = (u & fraction) | (fraction + 1);
        const auto shift = static_cast<unsigned>(drop);
        q = m >> shift;
        const std::uint64_t rest = m & ((std::uint64_t{1} << shift) - 1);
        const std::uint64_t half = std::uint64_t{1} << (shift - 1);
        if (rest > half || (rest == half && (q & 1U) != 0)) {
            ++q;
        }
    }
    double magnitude = std::numeric_limits<double>::infinity();
    if (q == 0 || k + (63 - std::countl_zero(q)) <= Emax) {
        magnitude = static_cast<double>(q) * detail::prelu_pow2<double>(k);
    }
    return negative ? -magnitude : magnitude;
}

// True where a conversion from double to float rounds as prelu_round_double<24,
// -126, 127> does: to nearest, ties to even, subnormals kept, overflow to
// infinity. On x86-64 that is MXCSR with its rounding bits (13, 14), FTZ (15)
// and DAZ (6) clear, as a program starts (-ffast-math's startup code sets FTZ
// and DAZ); elsewhere not assumed. Read once a call.
inline bool float_conversion_rounds() noexcept {
#if RECTIFY_X86_64 && (defined(__GNUC__) || defined(__clang__)) && !defined(__CUDACC__)
    return (__builtin_ia32_stmxcsr() & 0xe040U) == 0;
#else
    return false;
#endif
}

// Narrow types: the product of two floats is exact in double, p = m 2^(E - 1075)
// with at most 48 significant bits of m. Per channel, 70 bins of 8 exponents
// each (products from 2^-298 up to 2^256) hold (m / 32) 2^(E mod 8), less than
// 2^55, so 256 terms fit a bin; then the bins are added into the channel's
// exact_sum, whose lowest digit weighs 2^-352 (bin b's unit is 2^(8 b - 350)).
using narrow_sum = exact_sum<-352, 24>;
struct narrow_bins {
    static constexpr unsigned first = 90;  // bin of the smallest product, 2^-298 (biased exponent 725)
    static constexpr std::size_t count = 70;
    std::int64_t bin[count] = {};
    std::uint32_t terms = 0;

    void flush_into(narrow_sum& sum) noexcept {
        if (terms == 0) {
            return;  // every bin is 0: only term() changes them, and it counts
        }
        for (std::size_t b = 0; b < count; ++b) {
            const std::int64_t v = bin[b];
            if (v != 0) {
                const bool negative = v < 0;
                const auto bits = static_cast<std::uint64_t>(v);
                sum.add(negative, 0, negative ? std::uint64_t{0} - bits : bits, 8 * static_cast<int>(b) + 2);
                bin[b] = 0;
            }
        }
        terms = 0;
    }
};

// Wide types: x and dy as integers m 2^e, multiplied exactly in 128 bits;
// products from 2^-2148 to 2^2048, the sum's lowest digit weighing 2^-2176.
using wide_sum = exact_sum<-2176, 140>;

inline void prelu_add_wide(wide_sum& sum, double x, double dy) noexcept {
    const auto ux = std::bit_cast<std::uint64_t>(x);
    const auto uy = std::bit_cast<std::uint64_t>(dy);
    const auto ex = static_cast<int>((ux >> 52) & 0x7ff);
    const auto ey = static_cast<int>((uy >> 52) & 0x7ff);
    const bool negative = ((ux ^ uy) >> 63) != 0;
    constexpr std::uint64_t fraction = (std::uint64_t{1} << 52) - 1;
    const std::uint64_t fx = ux & fraction;
    const std::uint64_t fy = uy & fraction;
    if (ex == 0x7ff || ey == 0x7ff) {  // a NaN or an infinity: 0 * inf is NaN
        const bool is_nan = (ex == 0x7ff && fx != 0) || (ey == 0x7ff && fy != 0) ||
                            (ex == 0 && fx == 0) || (ey == 0 && fy == 0);
        sum.add_flags(is_nan, !is_nan && !negative, !is_nan && negative);
        return;
    }
    const std::uint64_t mx = ex == 0 ? fx : fx | (fraction + 1);
    const std::uint64_t my = ey == 0 ? fy : fy | (fraction + 1);
    if (mx == 0 || my == 0) {
        return;  // a zero product adds nothing
    }
    const int exponent = (ex == 0 ? 1 : ex) + (ey == 0 ? 1 : ey) - 2 * 1075;
    // The 106-bit product, in 32-bit halves.
    constexpr std::uint64_t half = 0xffffffff;
    const std::uint64_t p00 = (mx & half) * (my & half);
    const std::uint64_t p01 = (mx & half) * (my >> 32);
    const std::uint64_t p10 = (mx >> 32) * (my & half);
    const std::uint64_t p11 = (mx >> 32) * (my >> 32);
    const std::uint64_t middle = (p00 >> 32) + (p01 & half) + (p10 & half);
    const std::uint64_t lo = (p00 & half) | (middle << 32);
    const std::uint64_t hi = p11 + (p01 >> 32) + (p10 >> 32) + (middle >> 32);
    sum.add(negative, hi, lo, exponent - wide_sum::low);
}

// |v| without a branch (the signs of partial sums are random: a branch mispredicts).
inline double prelu_abs(double v) noexcept {
    return std::bit_cast<double>(std::bit_cast<std::uint64_t>(v) & ~(std::uint64_t{1} << 63));
}

// The slope-gradient term of x and dy exactly in double, where x is not >= 0
// (a NaN x makes a NaN term: the exact path decides it), else 0.
inline double prelu_fast_term(float x, float dy) noexcept {
    const float kept = x >= 0.0f ? 0.0f : x;
    return static_cast<double>(kept) * static_cast<double>(dy);
}

// What the slope gradient's slots of a call hold (prelu_gradient::prepare).
enum class prelu_slots : unsigned char {
    pattern,  // one per position of the repeated pattern
    channel,  // one per channel of a long channels-last row
    lane,     // a vector of 8 per channel, for runs of one channel (channels first)
};

// The slope gradients of every channel of one prelu_backward call.
template <class T>
class prelu_gradient {
  public:
    prelu_gradient(std::size_t channels, std::size_t inner)
        : channels_(channels), inner_(inner), sums_(prelu_wide<T> ? channels : 0) {}

    // float and the 16-bit types: every product x * dy is exact in double and
    // is added in double, by the vector kernels (prelu_gradient_vector) to slot
    // accumulators: one slot per position of the repeated pattern, or per
    // channel of a long channels-last row (prelu_slots::channel), or
    // registers for a run of one channel, added at the run's end into the
    // channel's vector of 8 slots (prelu_slots::lane) or, with no slots, into
    // its sum; element by element (add()) into the channel's sum. Beside each
    // double sum s runs mu, the sum of |s| after every
    // addition that made s: an addition rounds by at most 2^-53 |its result|,
    // and the errors of a sum of exact terms add up, so |s - exact| <= 2^-53 mu
    // whatever the order (a running error bound). (A run's registers keep the
    // largest |s| instead, and take m times it for mu, m their additions: no
    // smaller than the sum of m |s|.) finish() takes the rounding
    // of s where the whole interval rounds to one number (fast_rounded());
    // elsewhere (a sum too near a rounding boundary, an exact cancellation, a
    // NaN or an infinity) the channel is summed again exactly from x and dy
    // (exact_channel()). double: every term into the exact sums.
    void prepare(std::size_t slots, prelu_slots kind) {
        if constexpr (prelu_narrow<T>) {
            // One block (a 1Ki-element call made six allocations once): the
            // slots' sums and mu, then the channels' sums and mu; in the
            // object where it fits (no allocation at all: malloc and free
            // took a tenth of a 1Ki-element call in 64 channels).
            // On a 64-byte line, as the kernels' slot vectors are (a 16Ki
            // call in 64 channels ran 8% slower on AVX-512 with them astride
            // two lines).
            const std::size_t total = 2 * slots + 2 * channels_;
            if (total > inline_doubles) {
                heap_.assign(total + 7, 0.0);
                const auto address = std::bit_cast<std::uintptr_t>(heap_.data());
                heap_at_ = ((64U - address % 64U) % 64U) / sizeof(double);
            } else {
                for (std::size_t i = 0; i < total; ++i) {
                    inline_[i] = 0.0;
                }
            }
            slots_ = slots;
            slots_kind_ = kind;
            channels_at_ = 2 * slots;
            view_sum_ = channels_at_;
            view_mu_ = channels_at_ + channels_;
        }
    }
    [[nodiscard]] double* slot_sum() noexcept {
        return store();
    }
    [[nodiscard]] double* slot_mu() noexcept {
        return store() + slots_;
    }
    [[nodiscard]] std::size_t slot_count() const noexcept {
        return slots_;
    }
    void note_underflow() noexcept {
        underflow_ = true;
    }
    // Adds a double sum and its mu to channel c.
    void fold(std::size_t c, double sum, double mu) noexcept {
        double* const channel = store() + channels_at_;  // sums, then mu
        const double total = channel[c] + sum;
        channel[c] = total;
        channel[channels_ + c] += mu + detail::prelu_abs(total);
        channels_used_ = true;
    }

    // Adds the terms of elements start .. start + len (their data at x and dy).
    void add(const T* x, const T* dy, std::size_t len, std::size_t start) noexcept {
        std::size_t c = (start / inner_) % channels_;
        std::size_t j = 0;
        std::size_t within = start % inner_;
        while (j < len) {
            const std::size_t end = j + (inner_ - within < len - j ? inner_ - within : len - j);
            for (; j < end; ++j) {
                if constexpr (prelu_narrow<T>) {
                    fold(c, detail::prelu_fast_term(static_cast<float>(x[j]), static_cast<float>(dy[j])), 0.0);
                } else {
                    exact_term(sums_[c], x[j], dy[j]);
                }
            }
            within = 0;
            if (++c == channels_) {
                c = 0;
            }
        }
    }

    // Adds the slots into their channels' double sums; once (a part is
    // merged or finished once).
    void fold_slots() noexcept {
        const std::size_t slots = slots_;
        double* const sums = slot_sum();
        double* const mus = slot_mu();
        if (slots == 0) {
            return;  // runs of one channel (registers), double, or folded already
        }
        // The slot of channel c once the slots are added up: slot c of a
        // long row's, the first of the channel's 8 lanes, else the first of
        // the channel's inner slots.
        const std::size_t stride = slots_kind_ == prelu_slots::channel ? 1
                                   : slots_kind_ == prelu_slots::lane  ? 8
                                                                       : inner_;
        if (slots_kind_ == prelu_slots::lane) {
            add_runs(sums, mus, 8, 1, channels_, 8);  // each channel's lanes into its first
        } else if (slots_kind_ == prelu_slots::pattern) {
            // The periods of the pattern into the first, then each channel's
            // inner slots into its first: halving, additions that do not wait
            // for each other (one chain per channel took 1.4 us of a
            // 1Ki-element call in 64 channels, and 2.7 us in one channel
            // first, inner 1024).
            const std::size_t period = channels_ * inner_;
            add_runs(sums, mus, slots / period, period, 1, 0);
            add_runs(sums, mus, inner_, 1, channels_, inner_);
        }
        slots_ = 0;
        if (!channels_used_) {
            // Nothing else was added to the channels (one part, the vector
            // kernels): their sums are the slots' (0 + s is exact, so mu
            // needs no term for it), read where they are.
            view_sum_ = 0;
            view_mu_ = slots;
            view_stride_ = stride;
            return;
        }
        for (std::size_t c = 0; c < channels_; ++c) {
            fold(c, sums[c * stride], mus[c * stride]);
        }
    }

    // In each of `groups` groups (group g at s + g stride, u + g stride), adds
    // `count` runs of `len` double sums and their mu (run r at r len) into the
    // first, element by element: each round adds the upper half of the runs
    // onto the lower half, log2(count) rounds. (Any grouping keeps |sum -
    // exact| <= 2^-53 mu: see prepare.)
    static void add_runs(double* s, double* u, std::size_t count, std::size_t len, std::size_t groups,
                         std::size_t stride) noexcept {
        while (count > 1) {
            const std::size_t upper = count / 2;
            const std::size_t lower = count - upper;  // runs lower .. count - 1 onto 0 .. upper - 1
            for (std::size_t g = 0; g < groups; ++g) {
                double* const to_s = s + g * stride;
                double* const to_u = u + g * stride;
                const double* const from_s = to_s + lower * len;
                const double* const from_u = to_u + lower * len;
                const std::size_t m = upper * len;
                std::size_t i = 0;
#if (RECTIFY_X86_64 || RECTIFY_AARCH64) && (defined(__GNUC__) || defined(__clang__)) && !defined(__CUDACC__)
                // Two at a time in SSE2's (NEON's) double lanes: GCC 12 leaves
                // the loop scalar at -O2, and with 16 channels of 64 slots
                // (1008 additions) it took half of a 1Ki-element bfloat16 call.
                // NOLINTBEGIN(modernize-use-using): GCC ignores vector_size in `using` on some types
                typedef double v2d __attribute__((vector_size(16)));
                typedef std::uint64_t v2u __attribute__((vector_size(16)));
                // NOLINTEND(modernize-use-using)
                for (; i + 2 <= m; i += 2) {
                    v2d a;
                    v2d b;
                    v2d ua;
                    v2d ub;
                    std::memcpy(&a, to_s + i, sizeof a);
                    std::memcpy(&b, from_s + i, sizeof b);
                    std::memcpy(&ua, to_u + i, sizeof ua);
                    std::memcpy(&ub, from_u + i, sizeof ub);
                    const v2d sum = a + b;
                    const v2d magnitude =
                        __builtin_bit_cast(v2d, __builtin_bit_cast(v2u, sum) & ~(std::uint64_t{1} << 63U));
                    const v2d mu = ua + (ub + magnitude);
                    std::memcpy(to_s + i, &sum, sizeof sum);
                    std::memcpy(to_u + i, &mu, sizeof mu);
                }
#endif
                for (; i < m; ++i) {
                    const double sum = to_s[i] + from_s[i];
                    to_s[i] = sum;
                    to_u[i] += from_u[i] + detail::prelu_abs(sum);
                }
            }
            count = lower;
        }
    }

    [[nodiscard]] std::size_t inner() const noexcept {
        return inner_;
    }
    [[nodiscard]] std::size_t channels() const noexcept {
        return channels_;
    }

    // Adds the terms of `other` (for the same call); empties it.
    void merge(prelu_gradient& other) noexcept {
        other.fold_slots();
        for (std::size_t c = 0; c < channels_; ++c) {
            if constexpr (prelu_narrow<T>) {
                fold(c, other.channel_sum(c), other.channel_mu(c));
            } else {
                sums_[c].merge(other.sums_[c]);
            }
        }
        underflow_ = underflow_ || other.underflow_;
    }

    // Rounds every channel's sum into grad_slopes; x and dy are the whole
    // call's n elements, read again for a channel whose double sum is too
    // near a rounding boundary.
    void finish(T* grad_slopes, const T* x, const T* dy, std::size_t n) noexcept {
        fold_slots();
        if constexpr (std::is_same_v<T, float>) {
            if (!underflow_ && detail::float_conversion_rounds()) {
                finish_converted(grad_slopes, x, dy, n);
                return;
            }
        }
        std::size_t c = 0;
        if constexpr (sizeof(T) == 2) {
            c = finish_pairs(grad_slopes, x, dy, n);
        }
        for (; c < channels_; ++c) {
            if constexpr (prelu_narrow<T>) {
                finish_channel(c, grad_slopes, x, dy, n);
            } else {
                grad_slopes[c] = static_cast<T>(sums_[c].template rounded<double, 53, -1022, 1023>());
            }
        }
    }

  private:
    using sum_type = std::conditional_t<prelu_wide<T>, wide_sum, narrow_sum>;

    // Channel c's sum rounded into grad_slopes[c] (the narrow types).
    void finish_channel(std::size_t c, T* grad_slopes, const T* x, const T* dy, std::size_t n) const noexcept {
        const double sum = channel_sum(c);
        double mu = channel_mu(c);
        if (underflow_) {
            // bfloat16 products that underflowed float are off by at most
            // 2^-150 each: n 2^-150 = 2^-53 (n 2^-97); a sum of 0 may not be.
            mu += static_cast<double>(n) * 0x1p-97;
        }
        std::uint64_t bits = 0;
        if (rounded_normal(sum, mu, bits)) [[likely]] {
            grad_slopes[c] = from_normal(bits);
            return;
        }
        double r = 0.0;  // no nonzero term: +0
        if (!(sum == 0.0 && mu == 0.0) && !fast_rounded(sum, mu, r)) {
            r = exact_channel(c, x, dy, n);
        }
        grad_slopes[c] = static_cast<T>(static_cast<float>(r));
    }

    [[nodiscard]] const double* store() const noexcept {
        return heap_.empty() ? inline_.data() : heap_.data() + heap_at_;
    }
    [[nodiscard]] double* store() noexcept {
        return heap_.empty() ? inline_.data() : heap_.data() + heap_at_;
    }
    [[nodiscard]] double channel_sum(std::size_t c) const noexcept {
        return store()[view_sum_ + c * view_stride_];
    }
    [[nodiscard]] double channel_mu(std::size_t c) const noexcept {
        return store()[view_mu_ + c * view_stride_];
    }

    // The sum of a channel rounded to T's format from its double sum and mu
    // (see prepare()), into r; false if they do not settle it. Every term is
    // exact in double (0 or at least 2^-298), so each partial sum is exact or
    // a normal double, and |sum - exact| <= 2^-53 mu, mu itself computed
    // within a factor 1 + 2^-20. The bound is taken as 2^-52 mu + 2^-50 |sum|
    // so that the two ends, computed in double, still hold the exact sum; if
    // both round to the same finite number (compared as bits: +0 and -0
    // differ), so does the exact sum, rounding being monotonic.
    [[nodiscard]] static bool fast_rounded(double sum, double mu, double& r) noexcept {
        constexpr int digits = prelu_format<T>::digits;
        constexpr int emin = prelu_format<T>::emin;
        constexpr int emax = prelu_format<T>::emax;
        const double bound = mu * 0x1p-52 + detail::prelu_abs(sum) * 0x1p-50;
        const double lo = detail::prelu_round_double<digits, emin, emax>(sum - bound);
        const double hi = detail::prelu_round_double<digits, emin, emax>(sum + bound);
        const auto bits = std::bit_cast<std::uint64_t>(lo);
        if (bits != std::bit_cast<std::uint64_t>(hi) || ((bits >> 52) & 0x7ffU) == 0x7ffU) {
            return false;  // apart, or not finite (a NaN, an infinity, an overflow)
        }
        r = lo;
        return true;
    }

    // fast_rounded's common case in integer arithmetic without branches (a
    // channel took 9 ns through prelu_round_double's and the 16-bit
    // conversion's branches: half of a 1Ki-element bfloat16 call in 64
    // channels): where both ends of the bound are normal numbers of T's
    // format, as a double's bits, and round to the same one, not past the
    // largest, its bits are in `bits` (prelu_round_double's rounding of a
    // normal number, the same bits), and `bad` is 0; elsewhere (zeros,
    // subnormal results, overflows, ends apart: the caller takes fast_rounded
    // then) `bad` is 1. On one channel (double, std::uint64_t: rounded_normal)
    // or two in SSE2's (NEON's) lanes (finish_pairs); each test is a
    // difference's sign bit, as SSE2 has no 64-bit comparison: a ^ b nonzero,
    // a biased exponent outside the format's normal ones.
    template <class D, class U>
    static void round_normal(const D& sum, const D& mu, U& bits, U& bad) noexcept {
        constexpr unsigned drop = 53U - static_cast<unsigned>(prelu_format<T>::digits);
        constexpr std::uint64_t below = (std::uint64_t{1} << drop) - 1U;
        constexpr int lowest_biased = prelu_format<T>::emin + 1023;
        constexpr int highest_biased = prelu_format<T>::emax + 1023;
        constexpr auto lowest = static_cast<std::uint64_t>(lowest_biased);
        constexpr auto highest = static_cast<std::uint64_t>(highest_biased);
        constexpr std::uint64_t magnitude = ~(std::uint64_t{1} << 63U);
        const D bound = mu * 0x1p-52 + std::bit_cast<D>(std::bit_cast<U>(sum) & magnitude) * 0x1p-50;
        const auto lo = std::bit_cast<U>(sum - bound);
        const auto hi = std::bit_cast<U>(sum + bound);
        const U a = (lo + (below >> 1U) + ((lo >> drop) & 1U)) & ~below;
        const U b = (hi + (below >> 1U) + ((hi >> drop) & 1U)) & ~below;
        const U apart = (a ^ b) | (U{} - (a ^ b));
        const U e_lo = (lo >> 52U) & 0x7ffU;
        const U e_hi = (hi >> 52U) & 0x7ffU;
        const U e_a = (a >> 52U) & 0x7ffU;
        bad = (apart | (e_lo - lowest) | (highest - e_lo) | (e_hi - lowest) | (highest - e_hi) | (e_a - lowest) |
               (highest - e_a)) >>
              63U;
        bits = a;
    }
    [[nodiscard]] static bool rounded_normal(double sum, double mu, std::uint64_t& bits) noexcept {
        std::uint64_t bad = 0;
        round_normal(sum, mu, bits, bad);
        return bad == 0;
    }
    // finish for the 16-bit types, two channels a step: rounded_normal and
    // from_normal in SSE2's (NEON's) lanes (their scalar form was about 5 ns
    // a channel, two fifths of a 1Ki-element bfloat16 call in 64 channels),
    // and a pair that does not settle so channel by channel, as finish.
    // Returns how many channels it finished (the caller takes the rest).
    [[nodiscard]] std::size_t finish_pairs(T* grad_slopes, const T* x, const T* dy, std::size_t n) const noexcept {
        std::size_t c = 0;
#if (RECTIFY_X86_64 || RECTIFY_AARCH64) && (defined(__GNUC__) || defined(__clang__)) && !defined(__CUDACC__)
        // NOLINTBEGIN(modernize-use-using): GCC ignores vector_size in `using` on some types
        typedef double v2d __attribute__((vector_size(16)));
        typedef std::uint64_t v2u __attribute__((vector_size(16)));
        // NOLINTEND(modernize-use-using)
        const double extra = underflow_ ? static_cast<double>(n) * 0x1p-97 : 0.0;  // as finish
        for (; c + 2 <= channels_; c += 2) {
            const v2d sum = {channel_sum(c), channel_sum(c + 1)};
            const v2d mu = v2d{channel_mu(c), channel_mu(c + 1)} + extra;
            v2u bits{};
            v2u bad{};
            round_normal(sum, mu, bits, bad);
            if ((bad[0] | bad[1]) != 0) [[unlikely]] {
                finish_channel(c, grad_slopes, x, dy, n);
                finish_channel(c + 1, grad_slopes, x, dy, n);
                continue;
            }
            const v2u h = half_bits(bits);
            grad_slopes[c] = std::bit_cast<T>(static_cast<std::uint16_t>(h[0]));
            grad_slopes[c + 1] = std::bit_cast<T>(static_cast<std::uint16_t>(h[1]));
        }
#else
        (void)grad_slopes, (void)x, (void)dy, (void)n;
#endif
        return c;
    }

    // The 16-bit types' bits (in the low 16 of each lane of U) from those of a
    // double that is a normal number of T's format.
    template <class U>
    [[nodiscard]] static U half_bits(const U& bits) noexcept {
        constexpr int digits = prelu_format<T>::digits;
        constexpr auto drop = static_cast<unsigned>(53 - digits);
        constexpr std::uint64_t fraction = (std::uint64_t{1} << static_cast<unsigned>(digits - 1)) - 1U;
        constexpr int bias_difference = 1023 - prelu_format<T>::emax;
        constexpr auto bias = static_cast<std::uint64_t>(bias_difference);
        return ((bits >> 48U) & 0x8000U) | ((((bits >> 52U) & 0x7ffU) - bias) << static_cast<unsigned>(digits - 1)) |
               ((bits >> drop) & fraction);
    }
    // T from the bits of a double that is a normal number of T's format.
    [[nodiscard]] static T from_normal(std::uint64_t bits) noexcept {
        if constexpr (sizeof(T) == 2) {
            return std::bit_cast<T>(static_cast<std::uint16_t>(half_bits(bits)));
        } else {
            return static_cast<T>(std::bit_cast<double>(bits));  // exact
        }
    }

    // finish for float, where the conversion from double rounds as
    // prelu_round_double does (float_conversion_rounds): fast_rounded's ends
    // each rounded by one instruction, in a loop over every channel without
    // branches (the sums' signs and sizes are the data's), then the exact sum
    // for the channels left, as finish. (A 1Ki-element prelu_backward in 64
    // channels spent a third of its time in the software rounding.)
    [[nodiscard]] static bool converted(double sum, double mu, float& r) noexcept {
        const double bound = mu * 0x1p-52 + detail::prelu_abs(sum) * 0x1p-50;
        const auto lo = static_cast<float>(sum - bound);
        const auto hi = static_cast<float>(sum + bound);
        const auto bits = std::bit_cast<std::uint32_t>(lo);
        // Without branches: 1 where there is no nonzero term (+0), or the ends
        // are the same finite float.
        const auto zero = static_cast<std::uint32_t>(sum == 0.0) & static_cast<std::uint32_t>(mu == 0.0);
        const auto same = static_cast<std::uint32_t>(bits == std::bit_cast<std::uint32_t>(hi)) &
                          static_cast<std::uint32_t>(((bits >> 23) & 0xffU) != 0xffU);
        r = std::bit_cast<float>(bits & (zero - 1U));
        return (zero | same) != 0;
    }
    void finish_converted(T* grad_slopes, const T* x, const T* dy, std::size_t n) noexcept {
        const double* const sums = store() + view_sum_;
        const double* const mus = store() + view_mu_;
        const std::size_t stride = view_stride_;
        unsigned left = 0;
        std::size_t c = 0;
#if RECTIFY_X86_64 && (defined(__GNUC__) || defined(__clang__)) && !defined(__CUDACC__)
        // Two channels a step in SSE2's double lanes (GCC 12 vectorises the
        // scalar loop only where AVX is enabled; the scalar loop took 3.6 ns
        // a channel, and a 1Ki-element call in 64 channels 744-795 ns against
        // 624-639 so). A sum of +0 with mu 0 (no nonzero term) gives +0 here
        // as well; a lane left is redone below, as every channel there.
        // NOLINTBEGIN(modernize-use-using): GCC ignores vector_size in `using` on some types
        typedef double v2d __attribute__((vector_size(16)));
        typedef float v4f __attribute__((vector_size(16)));
        typedef std::uint64_t v2u __attribute__((vector_size(16)));
        typedef std::uint32_t v4u __attribute__((vector_size(16)));
        typedef std::int32_t v4i __attribute__((vector_size(16)));
        // NOLINTEND(modernize-use-using)
        v4i bad{};
        for (; c + 2 <= channels_; c += 2) {
            const v2d sum = {sums[c * stride], sums[(c + 1) * stride]};
            const v2d mu = {mus[c * stride], mus[(c + 1) * stride]};
            const v2d magnitude = __builtin_bit_cast(v2d, __builtin_bit_cast(v2u, sum) & ~(std::uint64_t{1} << 63U));
            const v2d bound = mu * 0x1p-52 + magnitude * 0x1p-50;
            const v4f lo = __builtin_ia32_cvtpd2ps(sum - bound);  // lanes 2 and 3: +0
            const v4f hi = __builtin_ia32_cvtpd2ps(sum + bound);
            const v4u lo_bits = __builtin_bit_cast(v4u, lo);
            bad |= (lo_bits != __builtin_bit_cast(v4u, hi)) | (((lo_bits >> 23U) & 0xffU) == 0xffU);
            std::memcpy(grad_slopes + c, &lo, 2 * sizeof(float));
        }
        left = (bad[0] | bad[1]) != 0 ? 1U : 0U;
#endif
        for (; c < channels_; ++c) {
            float r = 0.0f;
            left |= converted(sums[c * stride], mus[c * stride], r) ? 0U : 1U;
            grad_slopes[c] = r;
        }
        if (left != 0) {
            for (c = 0; c < channels_; ++c) {
                float r = 0.0f;
                grad_slopes[c] = converted(sums[c * stride], mus[c * stride], r)
                                     ? r
                                     : static_cast<float>(exact_channel(c, x, dy, n));
            }
        }
    }

    // Channel c summed again, exactly, from the call's data, and rounded.
    [[nodiscard]] double exact_channel(std::size_t c, const T* x, const T* dy, std::size_t n) const noexcept {
        sum_type sum;
        narrow_bins bins;
        const std::size_t step = channels_ * inner_;
        for (std::size_t base = c * inner_; base < n; base += step) {
            const std::size_t end = n - base < inner_ ? n : base + inner_;
            for (std::size_t i = base; i < end; ++i) {
                exact_term(sum, bins, x[i], dy[i]);
            }
        }
        bins.flush_into(sum);
        return static_cast<double>(
            sum.template rounded<float, prelu_format<T>::digits, prelu_format<T>::emin, prelu_format<T>::emax>());
    }

    // Adds x * dy, where x is not >= 0, to an exact sum (through its bins for the narrow types).
    RECTIFY_PRELU_INLINE static void exact_term(narrow_sum& sum, narrow_bins& bins, T x, T dy) noexcept {
        const auto xf = static_cast<float>(x);
        const double product = static_cast<double>(xf) * static_cast<double>(static_cast<float>(dy));
        const double p = detail::mask_select(xf >= 0.0f, 0.0, product);  // x >= 0: no term; NaN x: NaN
        const auto u = std::bit_cast<std::uint64_t>(p);
        const auto e = static_cast<unsigned>(u >> 52) & 0x7ffU;
        if (e == 0x7ffU) [[unlikely]] {
            const bool is_nan = (u & ((std::uint64_t{1} << 52) - 1)) != 0;
            sum.add_flags(is_nan, !is_nan && (u >> 63) == 0, !is_nan && (u >> 63) != 0);
            return;
        }
        // Branch-free (the signs and zeros of the data are random): a zero
        // product (e == 0, m == 0) adds 0 to bin (0 - 90) mod 128 = 38, and
        // the sign is a mask.
        const std::uint64_t m = (u & ((std::uint64_t{1} << 52) - 1)) | (static_cast<std::uint64_t>(e != 0) << 52);
        const auto magnitude = static_cast<std::int64_t>((m >> 5) << (e & 7U));
        const std::int64_t sign = -static_cast<std::int64_t>(u >> 63);  // 0 or -1
        bins.bin[((e >> 3) - narrow_bins::first) & 127U] += (magnitude ^ sign) - sign;
        if (++bins.terms == 256) [[unlikely]] {
            bins.flush_into(sum);
        }
    }
    static void exact_term(wide_sum& sum, T x, T dy) noexcept {
        if (!(x >= T(0))) {
            detail::prelu_add_wide(sum, static_cast<double>(x), static_cast<double>(dy));
        }
    }

    // (First: its alignment would pad the members before it.)
    static constexpr std::size_t inline_doubles = prelu_narrow<T> ? 512 : 1;
    alignas(64) std::array<double, inline_doubles> inline_;  // NOLINT(cppcoreguidelines-pro-type-member-init): see prepare
    std::size_t channels_;
    std::size_t inner_;
    std::vector<sum_type> sums_;    // double: per channel, the exact sum
    // The narrow types: the slots' double sums, their mu, then per channel
    // (from channels_at_) the double sum of its terms and its mu; in inline_
    // up to inline_doubles, else in heap_. The channels' sums and mu are read
    // at view_sum_ and view_mu_, view_stride_ apart: the channel arrays, or
    // the slots where nothing else was added (fold_slots).
    std::vector<double> heap_;
    std::size_t heap_at_ = 0;  // the first double of heap_ on a 64-byte line
    std::size_t slots_ = 0;
    std::size_t channels_at_ = 0;
    std::size_t view_sum_ = 0;
    std::size_t view_mu_ = 0;
    std::size_t view_stride_ = 1;
    bool channels_used_ = false;
    prelu_slots slots_kind_ = prelu_slots::pattern;
    bool underflow_ = false;  // bfloat16: some products underflowed float (half_prelu_gradient)
};

// The slope gradients of one prelu_backward call: one accumulator, or, for a
// call split into chunks, one for each chunk that may run at a time (as many
// as the machine has hardware threads): a chunk claims a free one and hands
// it back when done. Exact sums add up exactly in any grouping, so the result
// is the sequential call's whichever chunk used which accumulator.
template <class T>
class prelu_gradients {
  public:
    prelu_gradients(std::size_t channels, std::size_t inner)
        : first_(channels, inner), channels_(channels), inner_(inner) {}

    // Makes `count` accumulators (may throw std::bad_alloc: before anything
    // is written). The first is a member: a call in one chunk allocates
    // nothing here.
    void prepare(std::size_t count, std::size_t slots, prelu_slots kind) {
        first_.prepare(slots, kind);
        if (count > 1) {
            more_.reserve(count - 1);
            for (std::size_t k = 1; k < count; ++k) {
                more_.emplace_back(channels_, inner_);
                more_.back().prepare(slots, kind);
            }
            more_busy_ = std::vector<std::atomic<bool>>(count - 1);
        }
    }

    // A free accumulator, marked busy (waits while every one is in use).
    [[nodiscard]] std::size_t claim() noexcept {
        for (;;) {
            for (std::size_t k = 0; k <= more_.size(); ++k) {
                if (!busy(k).exchange(true, std::memory_order_acquire)) {
                    return k;
                }
            }
#if RECTIFY_PARALLEL_ENGINE
            std::this_thread::yield();
#endif
        }
    }
    [[nodiscard]] prelu_gradient<T>& part(std::size_t k) noexcept {
        return k == 0 ? first_ : more_[k - 1];
    }
    void release(std::size_t k) noexcept {
        busy(k).store(false, std::memory_order_release);
    }

    // Adds the accumulators up and rounds every channel's sum into grad_slopes
    // (x and dy: the call's n elements, for prelu_gradient::finish).
    void finish(T* grad_slopes, const T* x, const T* dy, std::size_t n) noexcept {
        for (prelu_gradient<T>& other : more_) {
            first_.merge(other);
        }
        first_.finish(grad_slopes, x, dy, n);
    }

  private:
    [[nodiscard]] std::atomic<bool>& busy(std::size_t k) noexcept {
        return k == 0 ? first_busy_ : more_busy_[k - 1];
    }

    prelu_gradient<T> first_;  // (first: 64-byte aligned)
    std::size_t channels_;
    std::size_t inner_;
    std::atomic<bool> first_busy_{false};
    std::vector<prelu_gradient<T>> more_;
    std::vector<std::atomic<bool>> more_busy_;
};

// ---- Kernels -------------------------------------------------------------------
//
// The elements are processed in pieces: each piece has its slopes either as
// a vector of slopes beside it (a run of one channel-last row, or of the
// repeated pattern below) or as one slope (a run of one channel, channels
// first). prelu_backward adds a piece's slope-gradient terms just before the
// piece's grad_in is written, while x and grad_out are in the cache (and before
// an in-place grad_in overwrites grad_out).
//
// Pattern: when one period of the slopes (C * inner elements) is short, it is
// repeated into a buffer of up to prelu_piece<T> elements (8 KiB) and every
// piece reads its slopes from there: small C and small inner run at full
// vector width.

template <class T>
inline constexpr std::size_t prelu_piece = std::size_t{8192} / sizeof(T);

template <class T>
struct prelu_job {
    const T* x;
    const T* dy;  // backward only
    T* out;
    std::size_t n;
    const T* slopes;
    std::size_t channels;
    std::size_t inner;
    const T* pattern;    // if not null: slope of element i is pattern[i mod period]
    std::size_t period;  // a multiple of channels * inner
    std::size_t first;   // the elements first .. n (first a multiple of period where there is a pattern)
};

template <prelu_op K, class T>
T prelu_element(T x, T dy, T s) noexcept {
    if constexpr (has_mask_select<T>) {
        if constexpr (K == prelu_op::value) {
            return detail::mask_select(x <= T(0), s * x, x);
        } else if constexpr (K == prelu_op::derivative) {
            return detail::mask_select(x >= T(0), T(1), detail::mask_select(x < T(0), s, x));
        } else {
            return detail::mask_select(x >= T(0), dy, detail::mask_select(x < T(0), s * dy, x));
        }
    } else if constexpr (K == prelu_op::value) {
        return ref::leaky_relu(x, s);
    } else if constexpr (K == prelu_op::derivative) {
        return ref::leaky_relu_derivative(x, s);
    } else {
        return ref::leaky_relu_backward(x, dy, s);
    }
}

// One piece element by element: slopes s[j], or `slope` for all if s is null.
template <prelu_op K, class T>
void prelu_piece_portable(const T* x, const T* dy, T* out, const T* s, T slope, std::size_t len) noexcept {
    for (std::size_t j = 0; j < len; ++j) {
        out[j] = detail::prelu_element<K>(x[j], K == prelu_op::backward ? dy[j] : T(0), s == nullptr ? slope : s[j]);
    }
}

#if RECTIFY_X86_64 || RECTIFY_AARCH64
// r = K(x, dy, s) lane by lane, as the scalar definition (leaky_relu's, with a
// slope per lane): comparisons false for NaN fall through to x itself.
template <prelu_op K, class V>
RECTIFY_PRELU_INLINE void prelu_lanes(V& r, const V& x, const V& dy, const V& s) noexcept {
    const V zero{};
#    if RECTIFY_FIXUP_SELECTS
    constexpr op same = K == prelu_op::value        ? op::leaky_relu
                        : K == prelu_op::derivative ? op::leaky_relu_derivative
                                                    : op::leaky_relu_backward;
    if constexpr (fixup::takes<same, V>) {
        fixup::select<same>(r, x, dy, s);
        return;
    }
#    endif
    if constexpr (K == prelu_op::value) {
        r = x <= zero ? s * x : x;
    } else if constexpr (K == prelu_op::derivative) {
        r = x >= zero ? zero + 1 : (x < zero ? s : x);
    } else {
        r = x >= zero ? dy : (x < zero ? s * dy : x);
    }
}

template <prelu_op K, class T, std::size_t Bytes, bool Broadcast>
RECTIFY_PRELU_INLINE void prelu_step(typename simd<T, Bytes>::type& r, const T* x, const T* dy, const T* s,
                                     const typename simd<T, Bytes>::type& slope, std::size_t j) noexcept {
    using V = typename simd<T, Bytes>::type;
    V vx;
    V vdy{};
    detail::load(vx, x + j);
    if constexpr (K == prelu_op::backward) {
        detail::load(vdy, dy + j);
    }
    if constexpr (Broadcast) {
        detail::prelu_lanes<K>(r, vx, vdy, slope);
    } else {
        V vs;
        detail::load(vs, s + j);
        detail::prelu_lanes<K>(r, vx, vdy, vs);
    }
}

// One piece, Bytes at a time: two vectors a turn, then one; a last partial
// vector is a full one ending at len, computed before anything is stored (so
// in-place calls read the original values); shorter pieces go to the next
// narrower width, and below 16 bytes element by element. The loop stores
// aligned vectors: where `out` is not aligned to the vector, the first vector
// is computed first and stored last (see vector_kernel).
template <prelu_op K, class T, std::size_t Bytes, bool Broadcast>
RECTIFY_PRELU_INLINE void prelu_piece_vector(const T* x, const T* dy, T* out, const T* s, T slope,
                                             std::size_t len) noexcept {
    using V = typename simd<T, Bytes>::type;
    constexpr std::size_t lanes = simd<T, Bytes>::lanes;
    if (len < lanes) {
        if constexpr (Bytes > 16) {
            detail::prelu_piece_vector<K, T, Bytes / 2, Broadcast>(x, dy, out, s, slope, len);
        } else {
            detail::prelu_piece_portable<K, T>(x, dy, out, Broadcast ? nullptr : s, slope, len);
        }
        return;
    }
    // slope's bits in every lane, where the piece has one slope (splat: one
    // broadcast; a loop over the lanes became 16 masked broadcasts in a
    // chain at -O3, a third of the time of a run of 32 floats).
    V vslope{};
    if constexpr (Broadcast) {
        detail::splat(vslope, slope);
    }
    std::size_t j = 0;
    V first{};
    // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): an address's alignment
    const std::size_t misalignment = reinterpret_cast<std::uintptr_t>(out) % Bytes;
    const bool peel = misalignment != 0 && misalignment % sizeof(T) == 0;
    if (peel) {
        detail::prelu_step<K, T, Bytes, Broadcast>(first, x, dy, s, vslope, 0);
        j = (Bytes - misalignment) / sizeof(T);
    }
    const bool partial = (len - j) % lanes != 0;
    V last{};
    if (partial) {
        detail::prelu_step<K, T, Bytes, Broadcast>(last, x, dy, s, vslope, len - lanes);
    }
    for (; j + 2 * lanes <= len; j += 2 * lanes) {
        V r0;
        V r1;
        detail::prelu_step<K, T, Bytes, Broadcast>(r0, x, dy, s, vslope, j);
        detail::prelu_step<K, T, Bytes, Broadcast>(r1, x, dy, s, vslope, j + lanes);
        detail::store(out + j, r0);
        detail::store(out + j + lanes, r1);
    }
    if (j + lanes <= len) {
        V r;
        detail::prelu_step<K, T, Bytes, Broadcast>(r, x, dy, s, vslope, j);
        detail::store(out + j, r);
    }
    if (peel) {
        detail::store(out, first);
    }
    if (partial) {
        detail::store(out + len - lanes, last);
    }
}

// The double sums of the slope gradient's terms (see prelu_gradient: the sums
// and their mu), a vector of doubles at a time: into registers for a run of one
// channel (OneChannel: a run of channels first; slot0 is its channel),
// otherwise into the slots from slot k, which wraps at the slot count (a period
// of the pattern that is a whole number of vectors: see prelu_run_chunks).
template <std::size_t Bytes, bool OneChannel>
struct prelu_terms {
    using VD = typename simd<double, Bytes>::type;
    using VU = typename simd<std::uint64_t, Bytes>::type;
    static constexpr std::size_t lanes = Bytes / 8;
    // A run of one channel: up to four sums a lane, taking turns (a chain of
    // additions waits on itself, 4 cycles a vector), and beside each the
    // largest |sum| it took (its `peak`): a sum made by m additions has
    // |s - exact| <= 2^-53 m peak, so finish() takes m peak as its mu, with
    // m the additions into all four (the largest |s| is one instruction a
    // vector on AVX-512, vrangepd, where adding |s| up took two: bfloat16's
    // runs 9% faster).
    static constexpr std::size_t chains = 4;
    VD run_sums[chains]{};
    VD peaks[chains]{};
    std::size_t adds = 0;  // OneChannel: the vectors added into the sums
    double* slot_sum;  // (held here: reloaded through g after every store otherwise)
    double* slot_mu;
    std::size_t slots;  // OneChannel: 0, or the channels' lanes (prelu_slots::lane)
    std::size_t k;      // OneChannel: the channel
    double sum = 0.0;  // the tail's, element by element
    double mu = 0.0;

    template <class G>
    prelu_terms(G& g, std::size_t slot0) noexcept
        : slot_sum(g.slot_sum()), slot_mu(g.slot_mu()), slots(g.slot_count()),
          k(OneChannel ? slot0 : slot0 % slots) {}

    // Adds the terms of the first elements of len, Step at a time, each
    // Step made into Count vectors of doubles by make(at, vectors); returns
    // how many it took (the rest: add_one). Whole turns of the slots from
    // slot 0 first (a pattern's pieces start there, and its slots are whole
    // vectors): the slot is the offset within the turn, with no test for
    // the wrap a vector (its compare and select were a fifth of the loop's
    // instructions).
    template <std::size_t Step, std::size_t Count, class Make>
    RECTIFY_PRELU_INLINE std::size_t add_all(std::size_t len, const Make& make) noexcept {
        if constexpr (OneChannel) {
            return add_all_run<Step, Count>(len, make);
        } else {
            return add_all_slots<Step, Count>(len, make);
        }
    }
    template <std::size_t Step, std::size_t Count, class Make>
    RECTIFY_PRELU_INLINE std::size_t add_all_slots(std::size_t len, const Make& make) noexcept {
        std::size_t j = 0;
        if (k == 0 && slots % Step == 0) {
            for (; j + slots <= len; j += slots) {
                for (std::size_t at = 0; at < slots; at += Step) {
                    VD t[Count];
                    make(j + at, t);
                    for (std::size_t c = 0; c < Count; ++c) {
                        add_at(at + c * lanes, t[c]);
                    }
                }
            }
        }
        for (; j + Step <= len; j += Step) {
            VD t[Count];
            make(j, t);
            for (std::size_t c = 0; c < Count; ++c) {
                add(t[c]);
            }
        }
        return j;
    }

    // add_all for a run of one channel: into the chains, two steps a turn
    // where a step makes fewer vectors than there are chains (float's runs
    // of 96 to 256 took 8-10% longer four steps a turn), then one at a time.
    template <std::size_t Step, std::size_t Count, class Make>
    RECTIFY_PRELU_INLINE std::size_t add_all_run(std::size_t len, const Make& make) noexcept {
        constexpr std::size_t turn = Count >= chains ? 1 : 2;
        std::size_t j = 0;
        for (; j + turn * Step <= len; j += turn * Step) {
            VD t[turn][Count];
            for (std::size_t u = 0; u < turn; ++u) {
                make(j + u * Step, t[u]);
            }
            add_runs(t, std::make_index_sequence<turn * Count>{});
        }
        for (; j + Step <= len; j += Step) {
            VD t[1][Count];
            make(j, t[0]);
            add_runs(t, std::make_index_sequence<Count>{});
        }
        adds += j / Step * Count;
        return j;
    }

    // u += |v| lane by lane (|v|: the sign bits cleared; through a
    // reference, as returning a 512-bit vector draws -Wpsabi).
    RECTIFY_PRELU_INLINE static void add_magnitude(VD& u, const VD& v) noexcept {
        u += __builtin_bit_cast(VD, __builtin_bit_cast(VU, v) & ~(std::uint64_t{1} << 63));
    }

    // peak = max(peak, |s|).
    RECTIFY_PRELU_INLINE static void raise_peak(VD& peak, const VD& s) noexcept {
#    if RECTIFY_X86_64 && defined(__GNUC__) && !defined(__clang__) && !defined(__CUDACC__)
        if constexpr (Bytes == 64) {
            // vrangepd, 0b1011: the larger magnitude, its sign cleared. (The
            // builtin returns a vector; inlined into the kernel, -Wpsabi's
            // note on the calling convention is moot.)
#        pragma GCC diagnostic push
#        pragma GCC diagnostic ignored "-Wpsabi"
            peak = __builtin_ia32_rangepd512_mask(peak, s, 0xb, peak, static_cast<char>(-1), 4);
#        pragma GCC diagnostic pop
            return;
        }
#    endif
        VD a{};
        add_magnitude(a, s);
        peak = a > peak ? a : peak;
    }

    // The vectors of t in turn into chains 0, 1, 2, 3, 0..., written out (as
    // a loop GCC 12 kept t in memory).
    template <std::size_t Turn, std::size_t Count, std::size_t... C>
    RECTIFY_PRELU_INLINE void add_runs(const VD (&t)[Turn][Count], std::index_sequence<C...> /*vectors*/) noexcept {
        (add_to_chain<C % chains>(t[C / Count][C % Count]), ...);
    }
    template <std::size_t Chain>
    RECTIFY_PRELU_INLINE void add_to_chain(const VD& t) noexcept {
        run_sums[Chain] += t;
        raise_peak(peaks[Chain], run_sums[Chain]);
    }

    // Adds t to the slots from slot `at` (at + lanes <= slots), leaving k.
    RECTIFY_PRELU_INLINE void add_at(std::size_t at, const VD& t) noexcept {
        VD a_sum;
        VD a_mu;
        detail::load(a_sum, slot_sum + at);
        detail::load(a_mu, slot_mu + at);
        a_sum += t;
        detail::store(slot_sum + at, a_sum);
        add_magnitude(a_mu, a_sum);
        detail::store(slot_mu + at, a_mu);
    }

    RECTIFY_PRELU_INLINE void add(const VD& t) noexcept {
        add_at(k, t);
        k += lanes;
        k = k == slots ? 0 : k;
    }

    RECTIFY_PRELU_INLINE void add_one(double t) noexcept {
        double& s = OneChannel ? sum : slot_sum[k];
        s += t;
        (OneChannel ? mu : slot_mu[k]) += detail::prelu_abs(s);
        if constexpr (!OneChannel) {
            k = k + 1 == slots ? 0 : k + 1;
        }
    }

    // A run of one channel: its registers into the channel's 8 lanes (lane
    // slots: vector additions, the lanes added up once at the call's end;
    // runs of 16 floats in 16 channels took 23 ns each when each run added
    // its lanes up), else into its sum, added up by halving (additions that
    // do not wait for each other). Any grouping keeps the bound: see
    // prelu_gradient::prepare. (Inlined, as every member: out of line it was
    // baseline x86-64 code, its 512-bit vectors in memory and taken apart
    // into SSE2's: half of a call in runs of 16 floats.)
    template <class G>
    RECTIFY_PRELU_INLINE void finish(G& g) noexcept {
        if constexpr (OneChannel) {
            // The chains added up, their mu from the peaks (m peak: one rounding
            // at most, within prepare's slack).
            const auto m = static_cast<double>(adds);
            const VD low = run_sums[0] + run_sums[1];
            const VD high = run_sums[2] + run_sums[3];
            const VD run_sum = low + high;
            VD run_mu = (peaks[0] + peaks[1] + peaks[2] + peaks[3]) * m;
            add_magnitude(run_mu, low);
            add_magnitude(run_mu, high);
            add_magnitude(run_mu, run_sum);
            if (slots != 0) {
                double* const to_s = slot_sum + k * 8;
                double* const to_u = slot_mu + k * 8;
                VD a_sum;
                VD a_mu;
                detail::load(a_sum, to_s);
                detail::load(a_mu, to_u);
                a_sum += run_sum;
                a_mu += run_mu;
                add_magnitude(a_mu, a_sum);
                if (sum != 0.0 || mu != 0.0) {  // the tail's, into lane 0 (the run's length decides: predicted)
                    a_sum[0] += sum;
                    a_mu[0] += mu + detail::prelu_abs(a_sum[0]);
                }
                detail::store(to_s, a_sum);
                detail::store(to_u, a_mu);
                return;
            }
            double s[lanes]{};
            double u[lanes]{};
            for (std::size_t lane = 0; lane < lanes; ++lane) {
                s[lane] = run_sum[lane];
                u[lane] = run_mu[lane];
            }
            for (std::size_t width = lanes / 2; width != 0; width /= 2) {
                for (std::size_t lane = 0; lane < width; ++lane) {
                    s[lane] += s[lane + width];
                    u[lane] += u[lane + width] + detail::prelu_abs(s[lane]);
                }
            }
            const double total = sum + s[0];
            g.fold(k, total, mu + u[0] + detail::prelu_abs(total));
        }
    }
};

// t[0] = the products x dy of the Bytes / 8 floats from `at`, exactly in
// double, where x is not >= 0 (prelu_fast_term), else 0.
template <std::size_t Bytes>
struct prelu_products {
    const float* x;
    const float* dy;
    RECTIFY_PRELU_INLINE void operator()(std::size_t at, typename simd<double, Bytes>::type (&t)[1]) const noexcept {
        using VD = typename simd<double, Bytes>::type;
        using VF = typename simd<float, Bytes / 2>::type;
        using VM = typename simd<std::int32_t, Bytes / 2>::type;
        VF xf;
        VF df;
        detail::load(xf, x + at);
        detail::load(df, dy + at);
        // Float comparisons: GCC turns 64-bit ones into scalar code without AVX-512DQ.
        const VF kept = __builtin_bit_cast(VF, __builtin_bit_cast(VM, xf) & ~(xf >= VF{}));
        VD xd;
        VD dd;
        detail::widen_floats(xd, kept);
        detail::widen_floats(dd, df);
        t[0] = xd * dd;
    }
};

// The slope-gradient terms of one piece of floats, Bytes / 8 at a time: each
// product exactly in double (prelu_fast_term).
template <std::size_t Bytes, bool OneChannel, class G>
RECTIFY_PRELU_INLINE void prelu_gradient_vector(G& g, const float* x, const float* dy, std::size_t len,
                                                std::size_t slot0) noexcept {
    prelu_terms<Bytes, OneChannel> terms(g, slot0);
    std::size_t j = terms.template add_all<Bytes / 8, 1>(len, prelu_products<Bytes>{x, dy});
    for (; j < len; ++j) {
        terms.add_one(detail::prelu_fast_term(x[j], dy[j]));
    }
    terms.finish(g);
}

// t = the products x dy of 16-bit numbers widened to floats (xf, df) where x
// is not >= 0, else 0; bfloat16: the lanes whose product may have underflowed
// float (|t| below 2^-126, x < 0; a 0 product of dy = 0 too) set in
// `underflow` (sign bits; on AVX-512 its first lane only).
template <detail_shared::half_kind K, class VF, class VM>
RECTIFY_PRELU_INLINE void half_kept_product(VF& t, const VF& xf, const VF& df, VM& underflow) noexcept {
#    if RECTIFY_X86_64 && defined(__GNUC__) && !defined(__clang__) && !defined(__CUDACC__)
    if constexpr (sizeof(VF) == 64) {
        // The lanes where x is not >= 0 as a mask, the product there and 0
        // elsewhere in one instruction, and the lanes of those whose product
        // is 0 or subnormal by vfpclassps (0x26): 22% of a bfloat16 run's
        // gradient went to the integer test below.
#        pragma GCC diagnostic push
#        pragma GCC diagnostic ignored "-Wpsabi"
        const auto kept = static_cast<unsigned short>(
            __builtin_ia32_cmpps512_mask(VF{}, xf, 6, static_cast<unsigned short>(-1), 4));  // NLE_US: not 0 <= x
        t = __builtin_ia32_mulps512_mask(xf, df, VF{}, static_cast<short>(kept), 4);
        if constexpr (K != detail_shared::half_kind::binary16) {
            const auto tiny = static_cast<unsigned>(__builtin_ia32_fpclassps512_mask(t, 0x26, kept));
            underflow[0] |= -static_cast<std::int32_t>(tiny != 0U);
        }
#        pragma GCC diagnostic pop
        return;
    }
#    endif
    const VF kept = __builtin_bit_cast(VF, __builtin_bit_cast(VM, xf) & ~(xf >= VF{}));
    t = kept * df;
    if constexpr (K != detail_shared::half_kind::binary16) {
        // (Integer arithmetic: GCC makes scalar code of these comparisons here.)
        underflow |= ((__builtin_bit_cast(VM, t) & 0x7fffffff) - 0x00800000) & __builtin_bit_cast(VM, kept);
    }
}

// The floats t widened to doubles: the lower half of the lanes into low, the
// upper half into high.
template <class VD, class VF>
RECTIFY_PRELU_INLINE void widen_halves(VD& low, VD& high, const VF& t) noexcept {
    constexpr std::size_t half = sizeof(VF) / 8;
    using VF2 = typename simd<float, sizeof(VF) / 2>::type;
    VF2 part;
    detail::lanes_from<VF2, 0>(part, t, std::make_index_sequence<half>{});
    detail::widen_floats(low, part);
    detail::lanes_from<VF2, half>(part, t, std::make_index_sequence<half>{});
    detail::widen_floats(high, part);
}

// d[0], d[1] = the products x dy of the Bytes / 4 numbers from `at` where x
// is not >= 0 (else 0), exactly in double; bfloat16: the lanes whose product
// may have underflowed float set in `underflow` (sign bits). Pairs (a run of
// one bfloat16 channel): Bytes / 2 numbers into d[0] .. d[3], widened in
// place, even lanes then odd lanes (bf16_widen_pair: one instruction for
// each 16 numbers, against two for widening them in order), which a run may
// take as any order of its terms.
template <class T, std::size_t Bytes, bool Hw, bool Pairs = false>
struct half_prelu_products {
    using VM = typename simd<std::int32_t, Bytes>::type;
    const T* x;
    const T* dy;
    VM* underflow;
    RECTIFY_PRELU_INLINE void operator()(std::size_t at,
                                         typename simd<double, Bytes>::type (&d)[Pairs ? 4 : 2]) const noexcept {
        using VF = typename simd<float, Bytes>::type;
        if constexpr (Pairs) {
            using VH = typename simd<std::uint16_t, Bytes>::type;
            VH h;
            VF xf[2];
            VF df[2];
            detail::load(h, x + at);
            detail::bf16_widen_pair(xf[0], xf[1], h);
            detail::load(h, dy + at);
            detail::bf16_widen_pair(df[0], df[1], h);
            for (std::size_t i = 0; i < 2; ++i) {
                VF t;
                detail::half_kept_product<detail_shared::half_kind::bfloat16>(t, xf[i], df[i], *underflow);
                detail::widen_halves(d[2 * i], d[2 * i + 1], t);
            }
        } else {
            using VH = typename simd<std::uint16_t, Bytes / 2>::type;
            VH h;
            VF xf;
            VF df;
            detail::load(h, x + at);
            detail::half_widen<kind_of<T>, Hw>(xf, h);
            detail::load(h, dy + at);
            detail::half_widen<kind_of<T>, Hw>(df, h);
            VF t;
            detail::half_kept_product<kind_of<T>>(t, xf, df, *underflow);
            detail::widen_halves(d[0], d[1], t);
        }
    }
};

// The slope-gradient terms of one piece of 16-bit numbers, Bytes / 4 at a
// time: widened to float (exactly) and multiplied in float, then widened to
// double and summed as floats' are. A binary16 product is exact in float (22
// bits, from 2^-48 to 2^32); a bfloat16 product (16 bits) is exact unless it
// underflows float, which is noted (prelu_gradient::finish then widens the
// bound). Hw: F16C's conversions.
template <class T, std::size_t Bytes, bool Hw, bool OneChannel>
RECTIFY_PRELU_INLINE void half_prelu_gradient_run(prelu_gradient<T>& g, const T* x, const T* dy, std::size_t len,
                                                  std::size_t slot0) noexcept {
    using VM = typename simd<std::int32_t, Bytes>::type;
    constexpr std::size_t lanes = Bytes / 4;
    VM underflow{};
    prelu_terms<Bytes, OneChannel> terms(g, slot0);
    std::size_t j = 0;
    if constexpr (OneChannel && kind_of<T> == detail_shared::half_kind::bfloat16) {
        j = terms.template add_all<2 * lanes, 4>(len, half_prelu_products<T, Bytes, Hw, true>{x, dy, &underflow});
    }
    j += terms.template add_all<lanes, 2>(len - j, half_prelu_products<T, Bytes, Hw>{x + j, dy + j, &underflow});
    if constexpr (kind_of<T> != detail_shared::half_kind::binary16) {
        for (std::size_t lane = 0; lane < lanes; ++lane) {
            if (underflow[lane] < 0) {
                g.note_underflow();
                break;
            }
        }
    }
    for (; j < len; ++j) {
        terms.add_one(detail::prelu_fast_term(static_cast<float>(x[j]), static_cast<float>(dy[j])));
    }
    terms.finish(g);
}
template <class T, std::size_t Bytes, bool Hw>
RECTIFY_PRELU_INLINE void half_prelu_gradient(prelu_gradient<T>& g, const T* x, const T* dy, std::size_t len,
                                              std::size_t slot0, bool one_channel) noexcept {
    if (one_channel) {
        detail::half_prelu_gradient_run<T, Bytes, Hw, true>(g, x, dy, len, slot0);
    } else {
        detail::half_prelu_gradient_run<T, Bytes, Hw, false>(g, x, dy, len, slot0);
    }
}

// (slot0: the first slot, or the channel of a run of one channel.)
template <class T>
using half_prelu_terms = void (*)(prelu_gradient<T>&, const T*, const T*, std::size_t, std::size_t, bool) noexcept;

#    if RECTIFY_X86_64
template <class T>
void half_prelu_gradient_sse2(prelu_gradient<T>& g, const T* x, const T* dy, std::size_t len, std::size_t slot0,
                              bool one_channel) noexcept {
    detail::half_prelu_gradient<T, 16, false>(g, x, dy, len, slot0, one_channel);
}
#        if RECTIFY_HAS_AVX2_KERNEL
template <class T>
[[gnu::target(RECTIFY_HALF_AVX2_TARGET)]] void half_prelu_gradient_avx2(prelu_gradient<T>& g, const T* x, const T* dy,
                                                                        std::size_t len, std::size_t slot0,
                                                                        bool one_channel) noexcept {
    detail::half_prelu_gradient<T, 32, RECTIFY_HALF_F16C != 0 && half_f16c<T>>(g, x, dy, len, slot0, one_channel);
}
#        endif
#        if RECTIFY_HAS_AVX512_KERNEL
template <class T>
[[gnu::target(RECTIFY_HALF_AVX512_TARGET ",avx512dq")]] void half_prelu_gradient_avx512(prelu_gradient<T>& g, const T* x,
                                                                            const T* dy, std::size_t len,
                                                                            std::size_t slot0,
                                                                            bool one_channel) noexcept {
    detail::half_prelu_gradient<T, 64, RECTIFY_HALF_F16C != 0 && half_f16c<T>>(g, x, dy, len, slot0, one_channel);
}
#        endif
#    else
template <class T>
void half_prelu_gradient_neon(prelu_gradient<T>& g, const T* x, const T* dy, std::size_t len, std::size_t slot0,
                              bool one_channel) noexcept {
    detail::half_prelu_gradient<T, 16, false>(g, x, dy, len, slot0, one_channel);
}
#    endif
#endif

// The piece of a job from element a: its length, and its slopes (s) or its one slope.
template <class T>
struct prelu_piece_at {
    std::size_t len;
    const T* s;
    T slope;
};
// Where a piece lies in a channels-first layout without the pattern (runs of
// one channel): its channel and its place in the channel's run, divided out
// once a job and then kept piece by piece (four divisions a run were a fifth
// of a run of 16 floats).
struct prelu_place {
    std::size_t channel;
    std::size_t within;
};
template <class T>
[[nodiscard]] constexpr bool prelu_runs(const prelu_job<T>& job) noexcept {
    return job.pattern == nullptr && job.inner != 1;
}
template <class T>
RECTIFY_PRELU_INLINE prelu_place prelu_place_of(const prelu_job<T>& job, std::size_t a) noexcept {
    return detail::prelu_runs(job) ? prelu_place{(a / job.inner) % job.channels, a % job.inner} : prelu_place{0, 0};
}
// The place of the piece after one of len elements at `place` (runs only).
template <class T>
RECTIFY_PRELU_INLINE void prelu_advance(const prelu_job<T>& job, prelu_place& place, std::size_t len) noexcept {
    place.within += len;
    if (place.within == job.inner) {
        place.within = 0;
        place.channel = place.channel + 1 == job.channels ? 0 : place.channel + 1;
    }
}
// The slot a piece's first term goes to: its channel for a run of one
// channel, its channel's slot in a long row, slot 0 of the pattern.
template <class T>
RECTIFY_PRELU_INLINE std::size_t prelu_slot0(const prelu_job<T>& job, std::size_t a, const prelu_place& place) noexcept {
    if (detail::prelu_runs(job)) {
        return place.channel;
    }
    return job.pattern == nullptr ? a % job.channels : 0;
}
template <class T>
RECTIFY_PRELU_INLINE prelu_piece_at<T> prelu_next_piece(const prelu_job<T>& job, std::size_t a,
                                                        const prelu_place& place) noexcept {
    constexpr std::size_t most = prelu_piece<T>;
    const std::size_t left = job.n - a;
    if (job.pattern != nullptr) {
        return {left < job.period ? left : job.period, job.pattern, T{}};
    }
    std::size_t len = most < left ? most : left;
    if (job.inner == 1) {  // within one row of a channels-last layout
        const std::size_t c = a % job.channels;
        return {len < job.channels - c ? len : job.channels - c, job.slopes + c, T{}};
    }
    // within one run of a channel, channels first
    len = len < job.inner - place.within ? len : job.inner - place.within;
    return {len, nullptr, job.slopes[place.channel]};
}

// The slope-gradient terms of one piece: the vector path for float on the
// vector kernels, element by element otherwise.
template <class T, std::size_t Bytes, class Acc>
RECTIFY_PRELU_INLINE void prelu_piece_gradient(const prelu_job<T>& job, Acc* acc, std::size_t a, const T* dy,
                                               std::size_t len, [[maybe_unused]] const prelu_place& place) noexcept {
#if RECTIFY_X86_64 || RECTIFY_AARCH64
    if constexpr (Bytes != 0 && std::is_same_v<Acc, prelu_gradient<float>>) {
        const std::size_t slot0 = detail::prelu_slot0(job, a, place);
        if (detail::prelu_runs(job)) {
            detail::prelu_gradient_vector<Bytes, true>(*acc, job.x + a, dy, len, slot0);
        } else {
            detail::prelu_gradient_vector<Bytes, false>(*acc, job.x + a, dy, len, slot0);
        }
        return;
    }
#endif
    if constexpr (!std::is_void_v<Acc>) {
        acc->add(job.x + a, dy, len, a);
    }
}

// Every piece of a job (Bytes 0: element by element); acc, if not null, gets
// each piece's slope-gradient terms first.
template <prelu_op K, class T, std::size_t Bytes, class Acc>
RECTIFY_PRELU_INLINE void prelu_drive(const prelu_job<T>& job, Acc* acc) noexcept {
    prelu_place place = detail::prelu_place_of(job, job.first);
    const bool runs = detail::prelu_runs(job);
    for (std::size_t a = job.first; a < job.n;) {
        const prelu_piece_at<T> piece = detail::prelu_next_piece(job, a, place);
        const T* dy = K == prelu_op::backward ? job.dy + a : nullptr;
        detail::prelu_piece_gradient<T, Bytes>(job, acc, a, dy, piece.len, place);
        if (runs) {
            detail::prelu_advance(job, place, piece.len);
        }
        if (job.out == nullptr) {  // the slope gradient alone (prelu_map_backward in place)
            a += piece.len;
            continue;
        }
#if RECTIFY_X86_64 || RECTIFY_AARCH64
        if constexpr (Bytes != 0) {
            if (piece.s != nullptr) {
                detail::prelu_piece_vector<K, T, Bytes, false>(job.x + a, dy, job.out + a, piece.s, piece.slope,
                                                               piece.len);
            } else {
                detail::prelu_piece_vector<K, T, Bytes, true>(job.x + a, dy, job.out + a, piece.s, piece.slope,
                                                              piece.len);
            }
            a += piece.len;
            continue;
        }
#endif
        detail::prelu_piece_portable<K, T>(job.x + a, dy, job.out + a, piece.s, piece.slope, piece.len);
        a += piece.len;
    }
}

template <prelu_op K, class T, class Acc>
void prelu_portable(const prelu_job<T>& job, Acc* acc) noexcept {
    detail::prelu_drive<K, T, 0>(job, acc);
}
#if RECTIFY_X86_64 || RECTIFY_AARCH64
// 16-bit elements: every piece through the kernel's 16-bit prelu
// (half_prelu_kernel), the slope-gradient terms (half_prelu_gradient) before it.
template <prelu_op K, class T, class Acc>
void prelu_drive_half(const prelu_job<T>& job, Acc* acc, half_prelu_piece<T> piece_kernel,
                      [[maybe_unused]] half_prelu_terms<T> terms) noexcept {
    prelu_place place = detail::prelu_place_of(job, job.first);
    const bool runs = detail::prelu_runs(job);
    for (std::size_t a = job.first; a < job.n;) {
        const prelu_piece_at<T> piece = detail::prelu_next_piece(job, a, place);
        const T* dy = K == prelu_op::backward ? job.dy + a : nullptr;
        if constexpr (!std::is_void_v<Acc>) {
            terms(*acc, job.x + a, dy, piece.len, detail::prelu_slot0(job, a, place), runs);
        }
        if (runs) {
            detail::prelu_advance(job, place, piece.len);
        }
        if (job.out == nullptr) {  // the slope gradient alone (prelu_map_backward in place)
            a += piece.len;
            continue;
        }
        if (piece.s == nullptr && piece.len >= 1024) {
            // One slope for a long piece (a run of one channel, channels
            // first): leaky_relu's kernel with that slope, the same bits.
            // (Shorter runs take the piece kernel with the slope in every
            // lane: leaky_relu's kernel sets up its parameters a call, and
            // runs of 32 to 256 took 1.04 to 1.6 times as long that way, a
            // timer, 16 channels, 1 to 16 images.)
            constexpr op leaky = K == prelu_op::value        ? op::leaky_relu
                                 : K == prelu_op::derivative ? op::leaky_relu_derivative
                                                             : op::leaky_relu_backward;
            detail::kernel<leaky, T>(job.x + a, dy, job.out + a, piece.len, piece.slope, T(0), piece.len);
        } else {
            piece_kernel(job.x + a, dy, job.out + a, piece.s, piece.slope, piece.len);
        }
        a += piece.len;
    }
}
#endif
#if RECTIFY_X86_64
template <prelu_op K, class T, class Acc>
void prelu_sse2(const prelu_job<T>& job, Acc* acc) noexcept {
    detail::prelu_drive<K, T, 16>(job, acc);
}
#    if RECTIFY_HAS_AVX2_KERNEL
template <prelu_op K, class T, class Acc>
[[gnu::target("avx2")]] void prelu_avx2(const prelu_job<T>& job, Acc* acc) noexcept {
    detail::prelu_drive<K, T, 32>(job, acc);
}
#    endif
#    if RECTIFY_HAS_AVX512_KERNEL
template <prelu_op K, class T, class Acc>
[[gnu::target("avx512f,avx512bw,avx512dq")]] void prelu_avx512(const prelu_job<T>& job, Acc* acc) noexcept {
    detail::prelu_drive<K, T, 64>(job, acc);
}
#    endif
#elif RECTIFY_AARCH64
template <prelu_op K, class T, class Acc>
void prelu_neon(const prelu_job<T>& job, Acc* acc) noexcept {
    detail::prelu_drive<K, T, 16>(job, acc);
}
#endif
#undef RECTIFY_PRELU_INLINE

// Runs a job on the chosen kernel (float and double have vector kernels).
template <prelu_op K, class T, class Acc>
void prelu_kernel(const prelu_job<T>& job, Acc* acc) noexcept {
#if RECTIFY_X86_64 || RECTIFY_AARCH64
    if constexpr (is_half<T>) {
        half_prelu_piece<T> piece_kernel = nullptr;
        half_prelu_terms<T> terms = nullptr;
        switch (detail::current_isa()) {
#    if RECTIFY_X86_64
        case isa::avx512:  // NOLINT(bugprone-branch-clone): cases without a kernel fall through alike
#        if RECTIFY_HAS_AVX512_KERNEL
            piece_kernel = detail::half_prelu_for<isa::avx512, K, T>();
            terms = &detail::half_prelu_gradient_avx512<T>;
            break;
#        else
            [[fallthrough]];
#        endif
        case isa::avx2:
#        if RECTIFY_HAS_AVX2_KERNEL
            piece_kernel = detail::half_prelu_for<isa::avx2, K, T>();
            terms = &detail::half_prelu_gradient_avx2<T>;
            break;
#        else
            [[fallthrough]];
#        endif
        case isa::sse2:
            piece_kernel = detail::half_prelu_for<isa::sse2, K, T>();
            terms = &detail::half_prelu_gradient_sse2<T>;
            break;
#    else
        case isa::neon:
            piece_kernel = detail::half_prelu_for<isa::neon, K, T>();
            terms = &detail::half_prelu_gradient_neon<T>;
            break;
#    endif
        default:
            break;
        }
        if (piece_kernel != nullptr) {
            return detail::prelu_drive_half<K, T>(job, acc, piece_kernel, terms);
        }
    }
    if constexpr (has_mask_select<T>) {
        switch (detail::current_isa()) {
#    if RECTIFY_X86_64
        case isa::avx512:  // NOLINT(bugprone-branch-clone): cases without a kernel fall through alike
#        if RECTIFY_HAS_AVX512_KERNEL
            return detail::prelu_avx512<K, T>(job, acc);
#        else
            [[fallthrough]];
#        endif
        case isa::avx2:
#        if RECTIFY_HAS_AVX2_KERNEL
            return detail::prelu_avx2<K, T>(job, acc);
#        else
            [[fallthrough]];
#        endif
        case isa::sse2:
            return detail::prelu_sse2<K, T>(job, acc);
#    else
        case isa::neon:
            return detail::prelu_neon<K, T>(job, acc);
#    endif
        default:
            break;
        }
    }
#endif
    detail::prelu_portable<K, T>(job, acc);
}

// The slope gradient's slots where a period of `period` elements repeats: the
// fewest periods that make whole vectors of 8 doubles and at least 16 of
// them (fewer wait on each other's stores), up to `most`.
constexpr std::size_t prelu_slot_span(std::size_t period, std::size_t most) noexcept {
    std::size_t span = period;
    while ((span % 8 != 0 || span < 128) && span + period <= most) {
        span += period;
    }
    return span;
}

// Slots for the slope gradient's double sums (prelu_gradient): where the
// pattern repeats, the fewest periods of C * inner that make whole vectors of
// 8 doubles, at least 128, and divide the pattern (its slots wrap: a longer one
// made a long chain of additions to fold, 2.9 us of a 1Ki-element call with one
// channel), else one per element of the pattern; one per channel of a long
// row; for runs of one channel where each channel's are met at least twice, 8
// lanes a channel (else none: each run adds its registers up instead).
struct prelu_slot_plan {
    std::size_t slots;
    prelu_slots kind;
};
template <class T>
prelu_slot_plan prelu_plan_slots(const prelu_job<T>& job) noexcept {
    if (job.pattern != nullptr) {
        const std::size_t span = detail::prelu_slot_span(job.channels * job.inner, job.period);
        // (wraps only between vectors)
        return {span % 8 == 0 && job.period % span == 0 ? span : job.period, prelu_slots::pattern};
    }
    if (job.inner == 1) {
        return {job.channels, prelu_slots::channel};
    }
    if (job.n / job.inner >= 2 * job.channels) {
        return {8 * job.channels, prelu_slots::lane};
    }
    return {0, prelu_slots::pattern};
}

// Runs a job over the whole range or chunk by chunk (see run_chunks); the
// grid is a multiple of the pattern's period, so each chunk starts the
// pattern afresh. prelu_backward's chunks take their accumulators from acc.
template <prelu_op K, class E, class T, class Acc>
void prelu_run_chunks(const E& exec, const prelu_job<T>& job, Acc* acc) {
    std::size_t grid = memory_bound_grid_bytes / sizeof(T);
    if (job.pattern != nullptr && job.period != 0) {
        grid = (grid + job.period - 1) / job.period * job.period;
    }
    constexpr std::size_t cutoff = memory_bound_cutoff_bytes / sizeof(T);
    const auto part_of = [&job](std::size_t first, std::size_t length) noexcept {
        prelu_job<T> part = job;
        part.first = first;
        part.n = first + length;
        return part;
    };
    if constexpr (std::is_void_v<Acc>) {
        detail::run_chunks(exec, job.n, grid, cutoff, [&part_of](std::size_t first, std::size_t length) noexcept {
            detail::prelu_kernel<K, T>(part_of(first, length), static_cast<void*>(nullptr));
        });
    } else {
        std::size_t count = 1;
#if RECTIFY_PARALLEL_ENGINE
        if (const std::size_t chunks = detail::chunk_count(exec, job.n, grid, cutoff); chunks > 1) {
            const std::size_t threads = std::thread::hardware_concurrency();
            count = chunks < threads ? chunks : (threads == 0 ? 1 : threads);
        }
#endif
        // May throw std::bad_alloc: nothing is written yet.
        const prelu_slot_plan plan = detail::prelu_plan_slots(job);
        acc->prepare(count, plan.slots, plan.kind);
        detail::run_chunks(exec, job.n, grid, cutoff, [&part_of, acc](std::size_t first, std::size_t length) noexcept {
            const std::size_t k = acc->claim();
            detail::prelu_kernel<K, T>(part_of(first, length), &acc->part(k));
            acc->release(k);
        });
    }
}

// p[0, count) = v, 8 bytes a store (the loop stays scalar at GCC's -O2).
template <class T>
void prelu_fill(T* p, std::size_t count, T v) noexcept {
    constexpr std::size_t per_word = sizeof(T) < 8 ? 8 / sizeof(T) : 1;
    unsigned char word[8] = {};
    for (std::size_t i = 0; i < per_word; ++i) {
        std::memcpy(&word[i * sizeof(T)], static_cast<const void*>(&v), sizeof(T));
    }
    std::size_t j = 0;
    for (; j + per_word <= count; j += per_word) {
        std::memcpy(static_cast<void*>(p + j), &word[0], per_word * sizeof(T));
    }
    for (; j < count; ++j) {
        p[j] = v;
    }
}

// Whether a channels-first call takes the one-channel kernels run by run
// although a period (C x inner, n > 0) fits the pattern: with runs long
// enough for those kernels and few periods in the call, where the pattern
// would cost as much to fill and (prelu_backward) to fold as the call
// itself. Measured (a timer, medians of 15, float): 1Ki elements in 16
// channels, prelu_backward 1702 to 624 ns, prelu 299 to 184; 2Ki in 16
// channels of 128, 3327 to 902 and 564 to 212. prelu_backward's rule since
// its runs add into 8 lanes a channel (2026-12-04; a timer, 16 channels,
// inner 16 to 256, 1 to 64 periods, medians of 9, GCC 12 -O2, AVX-512):
// runs win where the periods are few against inner^2 (each run's fixed
// cost against the pattern's slots, read and written once an element):
// float from inner 96 at any count (128 in 8 periods: 6.1 against 9.7 us;
// 96 in 64: 0.88 of the pattern's time), else while periods * 256 < inner^2
// (64 in 16 periods 0.96, in 64 1.07; 48 in 8 0.91, in 16 1.04; 32 in 3
// 0.95, in 4 1.03). The 16-bit types, again since short runs take the
// piece kernel and runs sum with fewer operations (2026-12-04, the same
// sweep, runs against the pattern, medians of 9, the better of two runs):
// from inner 128 at any count (bfloat16 in 16 and 64 periods 0.90 and
// 0.92, binary16 0.75 and 0.77; 196 in 64: 0.94, 0.99; 256 in 64: 0.73,
// 0.59), else bfloat16 while periods * 2048 <= inner^2 (96 in 4 0.80, in 8
// 1.01; 64 in 2 0.77, in 3 0.88, in 4 0.97; 48 in 1 0.84, in 2 1.09) and
// binary16 while periods * 640 <= inner^2 (96 in 8 0.82, in 16 0.89; 64 in
// 4 0.76, in 8 0.88, in 16 1.02; 48 in 3 0.99, in 4 1.09; 32 in 1 0.80, in 2
// 0.89, in 3 1.00). Forward passes (prelu, prelu_derivative), measured the
// same way on prelu: float while periods * 256 < inner^2, as the backward
// pass (32 in 3 periods 0.76, in 4 0.86, in 8 1.12; 48 in 8 0.82; 64 in 1
// 0.31, in 16 0.93, in 64 1.04; 96 in 16 0.94; 128 in 4 0.66, in 64 0.92;
// against the old rule, a timer: 64 in 1 0.36, 96 in 2 0.47, 49 in 2 0.78,
// prelu_derivative alike); the 16-bit types from inner 64 in
// whole vectors of 32 (runs of 32 and 48 took 1.2 to 4 times the
// pattern's, of 196 up to 1.5) while periods * 4096 <= inner^2, at most 8
// (64 in 1: bfloat16 0.77, binary16 0.45; 96 in 2 0.85, 0.62; 128 in 4
// 0.99, 0.88; 256 in 8 0.97, 1.01, in 16 1.02, 1.10).
template <prelu_op K, class T>
constexpr bool prelu_long_runs(std::size_t n, std::size_t inner, std::size_t period) noexcept {
    const std::size_t periods = n / period;
    if constexpr (K == prelu_op::backward && sizeof(T) == 4) {
        return inner >= 96 || periods * 256 < inner * inner;
    } else if constexpr (K == prelu_op::backward && sizeof(T) == 2) {
        constexpr std::size_t per_period = significand_digits<T>() == 11 ? 640 : 2048;  // binary16, bfloat16
        return inner >= 128 || periods * per_period <= inner * inner;
    } else if constexpr (sizeof(T) == 4) {
        return periods * 256 < inner * inner;
    } else {
        return sizeof(T) == 2 && inner >= 64 && inner % 32 == 0 && periods <= 8 && periods * 4096 <= inner * inner;
    }
}

// Whether a call whose period fits the pattern runs without it: the rule, or
// detail_shared::prelu_layout's choice.
template <prelu_op K, class T>
bool prelu_take_runs(std::size_t n, std::size_t inner, std::size_t period) noexcept {
    const int layout = detail_shared::prelu_layout.load(std::memory_order_relaxed);
    return layout < 0 ? detail::prelu_long_runs<K, T>(n, inner, period) : layout == 1;
}

// Sets up the pieces (the repeated pattern where one period is short) and runs
// them, over the whole range or chunk by chunk (see run_chunks; the grid is a
// multiple of the pattern's period, so each chunk starts the pattern afresh).
template <prelu_op K, class E, class T, class Acc>
void prelu_run(const E& exec, const T* x, const T* dy, T* out, std::size_t n, const T* slopes, std::size_t channels,
               std::size_t inner, Acc* acc) {
    prelu_job<T> job{x, dy, out, n, slopes, channels, inner, nullptr, 0, 0};
    constexpr std::size_t most = prelu_piece<T>;
    // NOLINTNEXTLINE(cppcoreguidelines-pro-type-member-init,hicpp-member-init): filled below before use
    T pattern[most];
    const std::size_t period = channels * inner;  // validated: no overflow when n > 0
    if (n != 0 && period <= most && !detail::prelu_take_runs<K, T>(n, inner, period)) {
        std::size_t periods = (most / period < n / period ? most / period : n / period);
        // A whole number of the slope gradient's slot spans where it can (see prelu_run_chunks).
        const std::size_t unit = detail::prelu_slot_span(period, most) / period;
        periods = periods >= unit ? periods - periods % unit : periods;
        job.period = period * periods;
        if (inner == 1 && periods == 1) {
            job.pattern = slopes;  // one row: the slopes themselves
        } else {
            // One period channel by channel, run by run (no division per
            // element: two of them made a 1Ki-element call five times
            // slower), then copies of what is filled, doubling.
            std::size_t k = 0;
            if (inner == 1) {  // the row of slopes itself
                std::memcpy(static_cast<void*>(&pattern[0]), static_cast<const void*>(slopes), channels * sizeof(T));
                k = channels;
            } else {
                for (std::size_t c = 0; c < channels; ++c) {
                    detail::prelu_fill(&pattern[k], inner, slopes[c]);
                    k += inner;
                }
            }
            while (k < job.period) {
                const std::size_t more = k < job.period - k ? k : job.period - k;
                std::memcpy(static_cast<void*>(&pattern[k]), static_cast<const void*>(&pattern[0]), more * sizeof(T));
                k += more;
            }
            job.pattern = static_cast<const T*>(pattern);
        }
    }
    detail::prelu_run_chunks<K>(exec, job, acc);
}

template <prelu_op K, class E, class X, class S, class Out>
void prelu_map(const E& exec, const char* name, X&& x, S&& slopes, Out&& out, prelu_shape shape) {
    using T = value_t<X>;
    const operand inputs[] = {operand_of("input", x)};
    const operand output = operand_of("output", out);
    if (!detail::validate(name, inputs, output, sizeof(T))) {
        return;
    }
    const operand s = operand_of("slopes", slopes);
    if (!detail::prelu_shape_ok(name, inputs[0], s, shape) || !detail::prelu_apart(name, output, s, sizeof(T))) {
        return;
    }
    detail::prelu_run<K>(exec, std::ranges::data(x), static_cast<const T*>(nullptr), std::ranges::data(out),
                         output.size, std::ranges::data(slopes), s.size, shape.inner, static_cast<void*>(nullptr));
}

template <class E, class X, class Dy, class S, class Out, class GS>
void prelu_map_backward(const E& exec, const char* name, X&& x, Dy&& dy, S&& slopes, Out&& grad_in,
                        GS&& grad_slopes, prelu_shape shape) {
    using T = value_t<X>;
    const operand inputs[] = {operand_of("x", x), operand_of("grad_out", dy)};
    const operand output = operand_of("grad_in", grad_in);
    if (!detail::validate(name, inputs, output, sizeof(T))) {
        return;
    }
    const operand s = operand_of("slopes", slopes);
    const operand gs = operand_of("grad_slopes", grad_slopes);
    if (!detail::prelu_shape_ok(name, inputs[0], s, shape) || !detail::prelu_apart(name, output, s, sizeof(T))) {
        return;
    }
    if (gs.size != s.size) {
        detail::prelu_report(std::string(name) + ": grad_slopes has " + std::to_string(gs.size) +
                             " elements, slopes has " + std::to_string(s.size) + "; nothing was written");
        return;
    }
    for (const operand& other : {inputs[0], inputs[1], s, output}) {
        if (!detail::prelu_apart(name, gs, other, sizeof(T))) {
            return;
        }
    }
    // The slope gradient may read x and grad_out again after the pass (see
    // prelu_gradient::finish): in place, it is done first, then grad_in.
    const T* xp = std::ranges::data(x);
    const T* dyp = std::ranges::data(dy);
    T* gi = std::ranges::data(grad_in);
    const bool in_place = output.size != 0 && (static_cast<const T*>(gi) == xp || static_cast<const T*>(gi) == dyp);
    prelu_gradients<T> gradient(s.size, shape.inner);
    detail::prelu_run<prelu_op::backward>(exec, xp, dyp, in_place ? nullptr : gi, output.size,
                                          std::ranges::data(slopes), s.size, shape.inner, &gradient);
    gradient.finish(std::ranges::data(grad_slopes), xp, dyp, output.size);
    if (in_place) {
        detail::prelu_run<prelu_op::backward>(exec, xp, dyp, gi, output.size, std::ranges::data(slopes), s.size,
                                              shape.inner, static_cast<void*>(nullptr));
    }
}

// ============================================================================
// The smooth rectifiers: definitions, math core, kernels
// ============================================================================
//
// Each smooth function is evaluated in one of two ways, both rectify's own
// (constexpr, no <cmath>):
//  - fast, in double (or a vector of doubles: one source for both), giving a
//    value y and a magnitude m with |y - f(x)| <= fast_error * m, m bounding
//    the terms combined (so a cancellation widens the bound). If y - e and
//    y + e (e = fast_error * m) round to the same T, that T is the correctly
//    rounded result, since rounding is monotonic;
//  - otherwise, rarely (a float input in about 2^15), exactly enough: in
//    double-double (about 100 bits), rounded once (through round-to-odd).
// double results always take the double-double path (faithfully rounded).

#if defined(__GNUC__)
#    define RECTIFY_MATH_INLINE [[gnu::always_inline]] inline
#    define RECTIFY_NOINLINE [[gnu::noinline]]
#else
#    define RECTIFY_MATH_INLINE inline
#    define RECTIFY_NOINLINE
#endif
// The smooth kernels' loops, with GCC's scheduling before register
// allocation (-fschedule-insns, off at -O2 on x86): each lane's value is a
// chain of dozens of dependent operations, and GCC otherwise emits a turn's
// vectors one after the other, so that the CPU's window holds too few
// independent operations to fill its pipes. Interleaved, the same
// instructions ran up to 1.39 times as fast on AVX-512 and up to 1.26 on
// AVX2, where many gain nothing (docs/speed.md). The bits do not change: only the order of independent
// operations does. (Clang schedules by default; nvcc's front end is left
// alone.)
#if defined(__GNUC__) && !defined(__clang__) && !defined(__CUDACC__)
#    define RECTIFY_SCHEDULED gnu::optimize("schedule-insns")
#else
#    define RECTIFY_SCHEDULED
#endif

template <class T>
constexpr void require_smooth_type() noexcept {
    static_assert(floating<T>,
                  "rectify: the smooth functions (gelu, gelu_tanh, silu, sigmoid, tanh, elu, selu, celu, "
                  "softplus, mish) take floating element types only: float, double, _Float16; convert "
                  "integers first");
    static_assert(!std::is_same_v<T, long double> || sizeof(long double) == sizeof(double),
                  "rectify: the smooth functions do not take long double (no correctly rounded "
                  "evaluation for its 64-bit significand yet); use double");
}

namespace math {

// ---- Double-double arithmetic (the exact path) -----------------------------------
// A value hi + lo with |lo| <= ulp(hi) / 2. Products are split exactly, with
// an FMA where the compiler targets one, else by Dekker's method (the same
// exact result either way).

struct dd {
    double hi;
    double lo;
};

constexpr dd two_sum(double a, double b) noexcept {
    const double s = a + b;
    const double bb = s - a;
    return {s, (a - (s - bb)) + (b - bb)};
}
constexpr dd fast_two_sum(double a, double b) noexcept {  // |a| >= |b|
    const double s = a + b;
    return {s, b - (s - a)};
}
constexpr dd two_prod(double a, double b) noexcept {
    const double p = a * b;
    constexpr double big = 0x1p995;  // Dekker's split of a larger operand overflows
    if (!(a > -big && a < big && b > -big && b < big && p > -big && p < big)) {
        return {p, 0.0};  // huge operands: the rounding error is negligible or 0
    }
#if (defined(__FMA__) || defined(__aarch64__)) && defined(__GNUC__)
    if (!std::is_constant_evaluated()) {
        return {p, __builtin_fma(a, b, -p)};
    }
#endif
    constexpr double splitter = 134217729.0;  // 2^27 + 1
    const double ta = splitter * a;
    const double ah = ta - (ta - a);
    const double al = a - ah;
    const double tb = splitter * b;
    const double bh = tb - (tb - b);
    const double bl = b - bh;
    return {p, ((ah * bh - p) + ah * bl + al * bh) + al * bl};
}
constexpr dd operator+(dd a, dd b) noexcept {
    dd s = two_sum(a.hi, b.hi);
    const dd t = two_sum(a.lo, b.lo);
    s.lo += t.hi;
    s = fast_two_sum(s.hi, s.lo);
    s.lo += t.lo;
    return fast_two_sum(s.hi, s.lo);
}
constexpr dd operator+(dd a, double b) noexcept {
    dd s = two_sum(a.hi, b);
    s.lo += a.lo;
    return fast_two_sum(s.hi, s.lo);
}
constexpr dd operator-(dd a) noexcept {
    return {-a.hi, -a.lo};
}
constexpr dd operator-(dd a, dd b) noexcept {
    return a + -b;
}
constexpr dd operator*(dd a, dd b) noexcept {
    dd p = two_prod(a.hi, b.hi);
    p.lo += a.hi * b.lo + a.lo * b.hi;
    return fast_two_sum(p.hi, p.lo);
}
constexpr dd operator*(dd a, double b) noexcept {
    dd p = two_prod(a.hi, b);
    p.lo += a.lo * b;
    return fast_two_sum(p.hi, p.lo);
}
// Three quotient digits, each from the remainder left by the ones before:
// q1 = a.hi / b.hi rounded, then q2 and q3 by 1 / b.hi (within 2^-52 of the
// remainder's quotient, and the next remainder takes the difference), so
// that one division does (three divisions in a row were 70% of the double
// path's time).
constexpr dd operator/(dd a, dd b) noexcept {
    const double q1 = a.hi / b.hi;
    const double inverse = 1.0 / b.hi;
    dd r = a - b * q1;
    const double q2 = r.hi * inverse;
    r = r - b * q2;
    const double q3 = r.hi * inverse;
    return fast_two_sum(q1, q2) + q3;
}
constexpr dd to_dd(double a) noexcept {
    return {a, 0.0};
}
constexpr dd abs(dd a) noexcept {
    return a.hi < 0 ? -a : a;
}

// 2^k as a double, for -1022 <= k <= 1023.
constexpr double pow2(int k) noexcept {
    return std::bit_cast<double>(static_cast<std::uint64_t>(k + 1023) << 52U);
}

inline constexpr dd ln2_dd{0x1.62e42fefa39efp-1, 0x1.abc9e3b39803fp-56};
inline constexpr dd lambda_dd{0x1.0cfabd6a91132p+0, 0x1.6fc7d272f2695p-55};         // selu lambda
inline constexpr dd lambda_alpha_dd{0x1.c212cc640f031p+0, 0x1.05161b045a1fep-56};   // selu lambda * alpha
inline constexpr dd gelu_2k_dd{0x1.9884533d43651p+0, -0x1.cbc0d30ebfd15p-54};       // 2 sqrt(2/pi)
inline constexpr dd gelu_2kc_dd{0x1.2444f2a4d8b4bp-4, -0x1.6c843a29d1c70p-61};      // 2 sqrt(2/pi) 0.044715
inline constexpr dd inv_sqrt_2pi_dd{0x1.9884533d43651p-2, -0x1.cbc0d30ebfd15p-56};  // 1 / sqrt(2 pi)
inline constexpr dd gelu_6kc_dd{0x1.b6676bf7450f0p-3, 0x1.bba7351828aabp-57};       // 6 sqrt(2/pi) 0.044715

// 1 / n in double-double, n = 1 .. 9 (index n; 0 unused).
struct reciprocals_dd {
    dd of[10];
};
inline constexpr reciprocals_dd reciprocals = [] {
    reciprocals_dd r{};
    for (int n = 1; n < 10; ++n) {
        r.of[n] = to_dd(1.0) / to_dd(static_cast<double>(n));
    }
    return r;
}();

// exp(t) - 1 for |t| <= 0.35, by Taylor's series on t / 2^10 and ten
// doublings (e^2s - 1 = q (2 + q)), relative error about 2^-100. (The
// series' 1 / n are constants: a division each took most of the time.)
constexpr dd expm1_reduced(dd t) noexcept {
    const dd s = t * 0x1p-10;
    dd q = to_dd(1.0);
    for (int n = 9; n >= 2; --n) {
        q = q * (s * reciprocals.of[n]) + 1.0;
    }
    q = q * s;
    for (int i = 0; i < 10; ++i) {
        q = q * (q + 2.0);
    }
    return q;
}

// exp(x) 2^scale for a double-double x: 0 below the smallest subnormal, +inf
// above 710. (A scale keeps far-left results normal until their last step.)
constexpr dd exp_dd(dd x, int scale = 0) noexcept {
    if (!(x.hi > -746.0 - 0.6931471805599453 * scale)) {
        return to_dd(0.0);
    }
    if (x.hi > 710.0) {
        return to_dd(std::numeric_limits<double>::infinity());
    }
    const auto kd = static_cast<double>(static_cast<long long>(x.hi * 0x1.71547652b82fep0 + (x.hi < 0 ? -0.5 : 0.5)));
    const int k = static_cast<int>(kd);
    const dd r = x - ln2_dd * kd;
    const dd e = expm1_reduced(r) + 1.0;
    if (k + scale >= -1020) {
        return e * pow2(k + scale);
    }
    return (e * pow2(k + scale + 600)) * pow2(-600);  // subnormal: one rounding at the last step
}

constexpr dd expm1_dd(dd x) noexcept {
    if (x.hi > -0.34 && x.hi < 0.34) {
        return expm1_reduced(x);
    }
    return exp_dd(x) + -1.0;
}


// ---- One source for double and vectors of doubles (the fast path) ----------------
// D is double or a GCC/Clang vector of doubles. No function here returns or
// takes a vector by value (results go to the first, reference, argument), so
// no vector crosses a call boundary whose ABI depends on the instruction set.

template <class D>
struct bits_of {
#if defined(__GNUC__)
    // NOLINTNEXTLINE(modernize-use-using): GCC ignores vector_size on a dependent type in `using`
    typedef std::uint64_t type __attribute__((vector_size(sizeof(D))));
#endif
};
template <>
struct bits_of<double> {
    using type = std::uint64_t;
};
template <class D>
using bits_t = typename bits_of<D>::type;

// r = |x|, and r = |magnitude| with the sign of s.
template <class D>
RECTIFY_MATH_INLINE constexpr void fabs(D& r, const D& x) noexcept {
    r = __builtin_bit_cast(D, __builtin_bit_cast(bits_t<D>, x) & 0x7fffffffffffffffU);
}
template <class D>
RECTIFY_MATH_INLINE constexpr void copysign(D& r, const D& magnitude, const D& s) noexcept {
    r = __builtin_bit_cast(D, (__builtin_bit_cast(bits_t<D>, magnitude) & 0x7fffffffffffffffU) |
                                  (__builtin_bit_cast(bits_t<D>, s) & 0x8000000000000000U));
}

// 2^(j/16) for j = 0 .. 15, each correctly rounded (relative error below 2^-53).
inline constexpr double exp2_sixteenths[16] = {
    0x1.0000000000000p+0, 0x1.0b5586cf9890fp+0, 0x1.172b83c7d517bp+0, 0x1.2387a6e756238p+0,
    0x1.306fe0a31b715p+0, 0x1.3dea64c123422p+0, 0x1.4bfdad5362a27p+0, 0x1.5ab07dd485429p+0,
    0x1.6a09e667f3bcdp+0, 0x1.7a11473eb0187p+0, 0x1.8ace5422aa0dbp+0, 0x1.9c49182a3f090p+0,
    0x1.ae89f995ad3adp+0, 0x1.c199bdd85529cp+0, 0x1.d5818dcfba487p+0, 0x1.ea4afa2a490dap+0,
};

// 2^(j/16) for j = 0 .. 15 less j << 48 in its bits, so that adding k << 48
// to a lane's bits, k = 16 e + j, adds j back and e to the exponent field
// (modulo 2^64, which holds a negative e as well): one integer addition
// scales the table's value by 2^e, and k's low 4 bits are its index.
struct table16 {
    double v[16];
};
inline constexpr table16 exp2_sixteenths_less_j = [] {
    table16 t{};
    for (std::size_t j = 0; j < 16; ++j) {
        t.v[j] = std::bit_cast<double>(std::bit_cast<std::uint64_t>(exp2_sixteenths[j]) - (std::uint64_t{j} << 48U));
    }
    return t;
}();

#if RECTIFY_X86_64 && defined(__clang__) && !defined(__CUDACC__)
// Clang's spellings of the AVX-512 instructions the double lanes use, for
// the generic code below (D of 8 doubles is the AVX-512 kernel's). Clang
// checks a builtin's instruction set in the function that calls it, and
// refuses to inline an always_inline function with more of them into one
// with fewer: these carry the target and are plain inline, so that Clang
// inlines them once the generic caller sits in the AVX-512 kernel (checked in
// the kernels' code at -O2).
namespace clang512 {
// NOLINTBEGIN(modernize-use-using): as simd
typedef double vd __attribute__((vector_size(64)));
typedef long long vq __attribute__((vector_size(64)));
// NOLINTEND(modernize-use-using)
[[gnu::target("avx512f")]] inline void permute16(vd& r, const vd& low, const vq& index, const vd& high) noexcept {
    r = __builtin_ia32_vpermi2varpd512(low, index, high);  // index mod 16
}
[[gnu::target("avx512f")]] inline void max(vd& r, const vd& a, const vd& b) noexcept {
    r = __builtin_ia32_maxpd512(a, b, 4);
}
[[gnu::target("avx512f")]] inline void min(vd& r, const vd& a, const vd& b) noexcept {
    r = __builtin_ia32_minpd512(a, b, 4);
}
}  // namespace clang512
#endif
#if RECTIFY_X86_64 && defined(__GNUC__) && !defined(__CUDACC__)
// Comparisons of 8 64-bit lanes into a mask register, for the AVX-512
// kernel's rounding test (smooth_lanes). Both compilers spell them alike;
// for Clang they carry the target, as clang512's functions above.
namespace avx512q {
// NOLINTNEXTLINE(modernize-use-using): as simd
typedef long long vq __attribute__((vector_size(64)));
#    if defined(__clang__)
#        define RECTIFY_AVX512Q [[gnu::target("avx512f")]] inline
#    else
#        define RECTIFY_AVX512Q RECTIFY_MATH_INLINE
#    endif
// The lanes of `within` where a p b holds, p an _MM_CMPINT predicate, signed
// (cmp) or unsigned (ucmp).
template <int Predicate>
RECTIFY_AVX512Q unsigned char cmp(const vq& a, const vq& b, unsigned char within) noexcept {
    return __builtin_ia32_cmpq512_mask(a, b, Predicate, within);
}
template <int Predicate>
RECTIFY_AVX512Q unsigned char ucmp(const vq& a, const vq& b, unsigned char within) noexcept {
    return __builtin_ia32_ucmpq512_mask(a, b, Predicate, within);
}
#    undef RECTIFY_AVX512Q
}  // namespace avx512q
#endif

// r = table[k mod 16] lane by lane (k's higher bits are ignored). For
// vectors of 8 doubles (the AVX-512 kernel) one variable shuffle of the table
// held in two vectors (vpermt2pd, which reads the index's low 4 bits only);
// otherwise one load per lane. (The AVX2 kernel, 4 doubles, took four
// shuffles and a select in GCC builds until 2026-12-05: one load per lane is
// 1.05 to 1.25 times as fast for every smooth function there, at -O2 and
// -O3, on a Sapphire Rapids core running the AVX2 kernel (a standalone
// timer, two runs of each build), and is what Clang builds did already. A
// gather, vgatherqpd, was faster on Zen 4, but qemu 7.2's emulation of it
// gave wrong values, so the AVX2 kernel would not be the same on every CPU
// the tests run.)
template <class D>
RECTIFY_MATH_INLINE constexpr void lookup16(D& r, const double (&table)[16], const bits_t<D>& k) noexcept {
    if constexpr (std::is_same_v<D, double>) {
        r = table[k & 15U];
    } else {
        constexpr std::size_t lanes = sizeof(D) / sizeof(double);
#if defined(__GNUC__) && !defined(__clang__)
        if constexpr (lanes == 8) {
            // The vectors spelled out: GCC at -O2 builds them from a loop lane by
            // lane, in memory, on every call. __builtin_shuffle of two vectors
            // takes the index modulo twice their lanes.
            const D part0 = {table[0], table[1], table[2], table[3], table[4], table[5], table[6], table[7]};
            const D part1 = {table[8], table[9], table[10], table[11], table[12], table[13], table[14], table[15]};
            r = __builtin_shuffle(part0, part1, k);
            return;
        }
#elif RECTIFY_X86_64 && defined(__clang__) && !defined(__CUDACC__)
        if constexpr (lanes == 8) {
            const clang512::vd part0 = {table[0], table[1], table[2], table[3], table[4], table[5], table[6], table[7]};
            const clang512::vd part1 = {table[8],  table[9],  table[10], table[11],
                                        table[12], table[13], table[14], table[15]};
            clang512::vd v{};
            clang512::permute16(v, part0, __builtin_bit_cast(clang512::vq, k), part1);
            r = __builtin_bit_cast(D, v);
            return;
        }
#endif
        for (std::size_t i = 0; i < lanes; ++i) {
            r[i] = table[k[i] & 15U];
        }
    }
}

// r = max(x, lowest) and min(x, highest) lane by lane, NaN or not (the
// callers' NaN lanes are sent to the scalar form whatever they hold). GCC 12
// turns the comparison and select into two instructions (vcmppd, vblendmpd)
// where x86 has one (vmaxpd, vminpd).
#if defined(__GNUC__) && !defined(__clang__)
// (The builtins return vectors; they are inlined into the kernels, so
// -Wpsabi's note on the calling convention is moot.)
#    pragma GCC diagnostic push
#    pragma GCC diagnostic ignored "-Wpsabi"
#endif
template <class D>
RECTIFY_MATH_INLINE constexpr void clamp_below(D& r, const D& x, double lowest) noexcept {
#if RECTIFY_X86_64 && defined(__GNUC__) && !defined(__clang__)
    if constexpr (sizeof(D) == 64) {
        r = __builtin_ia32_maxpd512_mask(x, D{} + lowest, D{}, static_cast<unsigned char>(0xffU), 4);
    } else if constexpr (sizeof(D) == 32) {
        r = __builtin_ia32_maxpd256(x, D{} + lowest);
    } else if constexpr (sizeof(D) == 16) {
        r = __builtin_ia32_maxpd(x, D{} + lowest);
    } else
#elif RECTIFY_X86_64 && defined(__clang__) && !defined(__CUDACC__)
    if constexpr (sizeof(D) == 64) {
        clang512::vd v{};
        clang512::max(v, __builtin_bit_cast(clang512::vd, x), clang512::vd{} + lowest);
        r = __builtin_bit_cast(D, v);
    } else
#endif
    {
        // cppcheck-suppress redundantAssignment ; one branch of if constexpr: cppcheck reads the chain as one sequence
        r = x < lowest ? D{} + lowest : x;
    }
}
template <class D>
RECTIFY_MATH_INLINE constexpr void clamp_above(D& r, const D& x, double highest) noexcept {
#if RECTIFY_X86_64 && defined(__GNUC__) && !defined(__clang__)
    if constexpr (sizeof(D) == 64) {
        r = __builtin_ia32_minpd512_mask(x, D{} + highest, D{}, static_cast<unsigned char>(0xffU), 4);
    } else if constexpr (sizeof(D) == 32) {
        r = __builtin_ia32_minpd256(x, D{} + highest);
    } else if constexpr (sizeof(D) == 16) {
        r = __builtin_ia32_minpd(x, D{} + highest);
    } else
#elif RECTIFY_X86_64 && defined(__clang__) && !defined(__CUDACC__)
    if constexpr (sizeof(D) == 64) {
        clang512::vd v{};
        clang512::min(v, __builtin_bit_cast(clang512::vd, x), clang512::vd{} + highest);
        r = __builtin_bit_cast(D, v);
    } else
#endif
    {
        // cppcheck-suppress redundantAssignment ; one branch of if constexpr: cppcheck reads the chain as one sequence
        r = x > highest ? D{} + highest : x;
    }
}
#if defined(__GNUC__) && !defined(__clang__)
#    pragma GCC diagnostic pop
#endif

// r = exp(x), relative error below 2^-49, for x in [lowest, 708] (lowest at
// least -708; the caller's choice); x is taken clamped to that range, so that
// exp(lowest) stands for exp(x) below it.
// x = (16 e + j) ln2 / 16 + t with k = 16 e + j = round(16 x / ln2), so that
// exp(x) = 2^e 2^(j/16) exp(t), |t| <= ln2 / 32 (1 + 2^-50) < 0.02167. The
// error, relative:
//  - t: kd c_hi is exact (c_hi has 28 significant bits, |kd| <= 16343 <
//    2^14) and so is x - kd c_hi (Sterbenz); the last step rounds once
//    (2^-53 |t|) and c_hi + c_lo is ln2 / 16 within 2^-90, so t is off by
//    below 2^-58 absolute: below 2^-58 relative on exp(t);
//  - exp(t) by its Taylor polynomial of degree 6: the remainder is at most
//    |t|^7 / 7! e^|t| < 4.6e-16 < 2^-50.9 of exp(t) >= 0.978;
//  - the polynomial's rounding: q = P(t) - 1 = t + t^2 B below rounds once
//    in its last step (below 2^-53 of |q| < 0.022); every other rounding is
//    scaled down by t^2 < 2^-11: together below 2^-58 of P(t);
//  - 2^(j/16) from the table, 2^-53; scaling by 2^e exact (the biased
//    exponent of the product stays in [1, 2046] for |x| <= 708); the last
//    step, s (1 + q), rounds once as s q + s fused (2^-53) and twice
//    otherwise (below 2^-52: 1 + q is off by 2^-53 of itself, then the
//    product).
// Sum: below 2^-50.9 + 2^-58 + 2^-58 + 2^-53 + 2^-53 + 2^-52 < 2^-49.
// Without a fused multiply-add the last step is s times (1 + q), not s q + s:
// near exp(-708), s q is a subnormal double (|q| < 0.022), and on x86-64 an
// SSE2 multiply that makes one takes a microcode assist (about 150 cycles):
// the SSE2 kernel took 30 to 40 ns an element wherever a function's exp
// argument reached the clamp (sigmoid, silu, tanh' ... of |x| > 708), five to
// eight times its usual time. (The AVX2 and AVX-512 kernels fuse s q + s,
// which makes no subnormal intermediate.)
// exp_parts gives the two factors, s = 2^e 2^(j/16) and q = P(t) - 1
// (exp(x) = s (1 + q)); expm1_fast shares them.
// NonPositive: the caller's x is never above 0 (or NaN), or the caller does
// not use the result where it is: only the lower clamp is needed.
template <bool NonPositive, class D>
RECTIFY_MATH_INLINE constexpr void exp_parts(D& s, D& q, const D& x_in, double lowest) noexcept {
    D above;
    math::clamp_below(above, x_in, lowest);
    D x = above;
    if constexpr (!NonPositive) {
        math::clamp_above(x, above, 708.0);
    }
    constexpr double shifter = 0x1.8p52;
    D kd = x * 0x1.71547652b82fep4 + shifter;  // k = round(16 x / ln2) in the low bits
    // (The shifter's bits are 0x4338 << 48: shifted left by 48 they vanish,
    // and its low 4 bits are 0, so k's bits serve as they are below.)
    const auto k = __builtin_bit_cast(bits_t<D>, kd);
    kd = kd - shifter;
    const D t = (x - kd * 0x1.62e42feep-5) - kd * 0x1.a39ef35793c76p-37;
    // t + t^2/2! + ... + t^6/6!, as t + t^2 ((1/2! + t/3!) + t^2 ((1/4! + t/5!) + t^2/6!)):
    // a chain of 4 operations where Horner's takes 6.
    const D t2 = t * t;
    const D c = t * 0x1.1111111111111p-7 + 0x1.5555555555555p-5;
    const D b = t * 0x1.5555555555555p-3 + 0.5;
    q = t + t2 * (b + t2 * (c + t2 * 0x1.6c16c16c16c17p-10));
    D table;
    math::lookup16(table, exp2_sixteenths_less_j.v, k);
    // 2^e 2^(j/16): (k << 48) adds j back and e to the exponent field.
    s = __builtin_bit_cast(D, __builtin_bit_cast(bits_t<D>, table) + (k << 48U));
}

template <bool NonPositive = false, class D>
RECTIFY_MATH_INLINE constexpr void exp_fast(D& r, const D& x, double lowest = -708.0) noexcept {
    D s;
    D q;
    math::exp_parts<NonPositive>(s, q, x, lowest);
    if constexpr (sizeof(D) >= 32) {
        r = s * q + s;  // the AVX2 and AVX-512 kernels (their FMA, where contracted)
    } else {
        r = s * (1.0 + q);
    }
}

// r = exp(x) - 1 = s q + (s - 1), relative error below 2^-45. With k = 0
// (|x| < ln2 / 32), s = 1 and t = x exactly: the result is q, whose Taylor
// remainder is below |t|^7 / 7! e^|t|, 2^-45.4 of |q| >= 0.989 |t|, and whose
// roundings are below 2^-52 of it. Otherwise |expm1(x)| > 0.0213, s - 1 is
// exact (Sterbenz) but s is off by 2^-53 s from the table, below 2^-47.4 of
// the result; s q is at most 1.06 times the result, with q off by 2^-45.4
// of itself (remainder) and 2^-52 (roundings, t's error); the last step
// rounds once: together below 2^-45. x is taken clamped below at -40: there
// s - 1 is -1 exactly and so is the result (s q is below 2^-59), within
// e^-40 < 2^-57 of expm1(x) for every x <= -40; and s q stays a normal double
// (from exp(-708) on, it was subnormal: see exp_fast). expm1_fast(-0) is +0
// (-0 + 0): the callers take the sign from x.
template <bool NonPositive = false, class D>
RECTIFY_MATH_INLINE constexpr void expm1_fast(D& r, const D& x) noexcept {
    D s;
    D q;
    math::exp_parts<NonPositive>(s, q, x, -40.0);
    r = s * q + (s - 1.0);
}

// r = log(1 + u) for 0 <= u <= 1, relative error below 2^-49.
template <class D>
RECTIFY_MATH_INLINE constexpr void log1p_fast(D& r, const D& u) noexcept {
    const D m = u + 1.0;
    const D correction = (u - (m - 1.0)) / m;  // what rounding 1 + u lost
    const D one = D{} + 1.0;
    const D high = m > 0x1.6a09e667f3bcdp0 ? one : D{};
    const D f = m * (1.0 - 0.5 * high);  // in [sqrt(1/2), sqrt(2)]
    const D s = (f - 1.0) / (f + 1.0);
    const D s2 = s * s;
    D p = D{} + 0x1.af286bca1af28p-5;  // 1/19
    p = p * s2 + 0x1.e1e1e1e1e1e1ep-5;
    p = p * s2 + 0x1.1111111111111p-4;
    p = p * s2 + 0x1.3b13b13b13b14p-4;
    p = p * s2 + 0x1.745d1745d1746p-4;
    p = p * s2 + 0x1.c71c71c71c71cp-4;
    p = p * s2 + 0x1.2492492492492p-3;
    p = p * s2 + 0x1.999999999999ap-3;
    p = p * s2 + 0x1.5555555555555p-2;
    p = p * s2 + 1.0;
    r = high * 0x1.62e42fefa39efp-1 + (2.0 * s * p + correction);
}

// log(1 + u) = log1p_offset[j] + log1p(r) for 0 <= u <= 1: j = round(15 u),
// r = log1p_inverse[j] (1 + u) - 1, so |r| <= 1/30 (1 + 2^-40) (the
// tables: tools/log1p_table.py; offset = -log(inverse), each rounded to
// double; entry 0 is exact: 1 and 0).
inline constexpr double log1p_inverse[16] = {
    0x1.0000000000000p+0, 0x1.e000000000000p-1, 0x1.c3c3c3c3c3c3cp-1, 0x1.aaaaaaaaaaaabp-1,
    0x1.9435e50d79436p-1, 0x1.8000000000000p-1, 0x1.6db6db6db6db7p-1, 0x1.5d1745d1745d1p-1,
    0x1.4de9bd37a6f4ep-1, 0x1.4000000000000p-1, 0x1.3333333333333p-1, 0x1.2762762762762p-1,
    0x1.1c71c71c71c72p-1, 0x1.1249249249249p-1, 0x1.08d3dcb08d3ddp-1, 0x1.0000000000000p-1};
inline constexpr double log1p_offset[16] = {
    0.0, 0x1.08598b59e3a07p-4, 0x1.005588ad375aep-3, 0x1.7565011e49675p-3, 0x1.e41fccb76b0d7p-3,
    0x1.269621134db92p-2, 0x1.588c2d913348fp-2, 0x1.882f1ef83ed45p-2, 0x1.b5b3e24235e88p-2,
    0x1.e148a1a2726cep-2, 0x1.058aefa811452p-1, 0x1.199fac68b4ab8p-1, 0x1.2cf25fad8f1c3p-1,
    0x1.3f91275240811p-1, 0x1.5188a4a02d7fep-1, 0x1.62e42fefa39efp-1};

// r = log(1 + u) for 0 <= u <= 1, relative error below 2^-42.2, with no
// division: softplus's fast path (but on AVX2), where it made softplus 1.3
// to 1.5 times as fast on AVX-512 as log1p_fast with its two divisions
// (docs/speed.md). The error, relative to log(1 + u):
//  - log1p(r) by its Taylor polynomial of degree 8: the remainder is below
//    |r|^9 / 9 / (1 - |r|), so below |r|^8 / 9 (1.035 / (1 - 1/60)) <
//    1.8e-13 < 2^-42.35 of |log1p(r)|, which is at most the result (j = 0:
//    they are equal; j >= 1: u >= 1/30, the result is at least 0.0328 and
//    |log1p(r)| at most 0.0318);
//  - r: exact for j = 0 (1 u + 0); otherwise inverse - 1 is exact
//    (Sterbenz) and r is off by at most 2^-53 (|inverse u| + |r|) < 2^-52.9
//    absolute (one rounding if fused, two if not), with the offset's own
//    rounding (2^-53 of at most ln 2) below 2^-48 of the result (>= 0.0328);
//  - the roundings of r + r^2 Q(r): Q's are scaled by r^2 / |r| <= 1/30,
//    the last step's (two if not fused) and the offset's sum: below 2^-51;
//  - u's own error, relative eps, moves log(1 + u) by at most u eps / (1 +
//    u), at most eps of the result (softplus: exp_fast's 2^-49).
// Sum: below 2^-42.35 + 2^-48 + 2^-51 + 2^-49 < 2^-42.2.
template <class D>
RECTIFY_MATH_INLINE constexpr void log1p_table(D& r, const D& u) noexcept {
    constexpr double shifter = 0x1.8p52;
    const D jd = u * 15.0 + shifter;  // round(15 u) in the low bits (0 .. 15)
    const auto j = __builtin_bit_cast(bits_t<D>, jd);
    D inverse;
    D offset;
    math::lookup16(inverse, log1p_inverse, j);
    math::lookup16(offset, log1p_offset, j);
    const D t = inverse * u + (inverse - 1.0);  // inverse (1 + u) - 1
    const D t2 = t * t;
    // t^4 from t^2 at least 2^-500: a t^4 below 2^-1000 moves Q by less than
    // that, where a subnormal t^4 (from a tiny u: softplus far out) took a
    // microcode assist on x86-64.
    D t2_floor;
    math::clamp_below(t2_floor, t2, 0x1p-500);
    const D t4 = t2_floor * t2_floor;
    // Q(t) = -1/2 + t/3 - t^2/4 + t^3/5 - t^4/6 + t^5/7 - t^6/8, by Estrin's
    // scheme: its chain is 4 operations where Horner's takes 7, and these
    // kernels wait on their chains.
    const D q01 = t * 0x1.5555555555555p-2 - 0.5;
    const D q23 = t * 0x1.999999999999ap-3 - 0.25;
    const D q45 = t * 0x1.2492492492492p-3 - 0x1.5555555555555p-3;
    const D q = (q01 + t2 * q23) + t4 * (q45 - 0.125 * t2);
    r = offset + (t2 * q + t);
}

// log(1 + u) for 0 <= u <= 1 in double-double: one Newton step on exp from the
// fast value above, in the form y + exp(-y) (u - expm1(y)), so that the error
// is relative to u.
constexpr dd log1p_dd(dd u) noexcept {
    if (u.hi < 0x1p-20) {  // u - u^2/2 + u^3/3 - u^4/4 + u^5/5
        dd s = to_dd(0.0);
        for (int n = 5; n >= 1; --n) {
            s = reciprocals.of[n] - u * s;
        }
        return u * s;
    }
    double y = 0;
    math::log1p_fast(y, u.hi);
    return to_dd(y) + exp_dd(to_dd(-y)) * (u - expm1_dd(to_dd(y)));
}

// The Mills ratio R(t) = Phi(-t) / phi(t) for t >= 0 (phi the normal density),
// relative error below 2^-48.3 on [0, 15.5] (fast path): one rational
// function P(t) / Q(t) of degrees 8 and 9, fitted to R at Chebyshev nodes with
// mpmath by tools/fit_mills_ratio.py; with the coefficients as these doubles
// its relative error is below 2^-51.6 (checked there on 20001 points). Every
// coefficient is positive, so for t >= 0 no term cancels: each of P and Q is
// off by at most its deepest terms' roundings, 11 of 2^-53 (by Estrin's
// scheme below, counted through t^8, which carries 7, and through the odd
// coefficients' products; an FMA only removes roundings), and the quotient by
// one more: 23 of 2^-53 and the fit's 2^-51.6 are below 2^-48.3.
// Beyond 15.5 R(15.5) stands for R(t) (within a factor t / 15.5 of it):
// there gelu(-t) and gelu'(-t) are below 2^-170, so the values made from it
// round to zero in every format rectify has (float's least subnormal is
// 2^-149), as the real values do.
inline constexpr double mills_numerator[9] = {
    0x1.40d931ff62707p+0, 0x1.bab9059df04dfp+0, 0x1.2ee67e2ae4116p+0, 0x1.0455c0354a438p-1, 0x1.2fd124364240dp-3,
    0x1.eacf87f17a6d2p-6, 0x1.0c2a9a3acfd27p-8, 0x1.6c7fdcf5d2a17p-12, 0x1.ddbf1bd004117p-17};
inline constexpr double mills_denominator[10] = {
    1.0, 0x1.16c002e2f3d76p+1, 0x1.174007b9bb7d1p+1, 0x1.52d03de9c4d0cp+0, 0x1.135151cc7a6cbp-1,
    0x1.38237ea92fab8p-3, 0x1.f0818bb3e2880p-6, 0x1.0d197942af9d9p-8, 0x1.6c7fdd1e57f5cp-12, 0x1.ddbf1bc4992e5p-17};

template <class D>
RECTIFY_MATH_INLINE constexpr void mills_ratio(D& r, const D& t_in) noexcept {
    const D limit = D{} + 15.5;
    const D t = t_in > 15.5 ? limit : t_in;
    const D t2 = t * t;
    const D t4 = t2 * t2;
    const D t8 = t4 * t4;
    constexpr const double(&p)[9] = mills_numerator;
    constexpr const double(&q)[10] = mills_denominator;
    const D pa = (p[1] * t + p[0]) + (p[3] * t + p[2]) * t2;
    const D pb = (p[5] * t + p[4]) + (p[7] * t + p[6]) * t2;
    const D qa = (q[1] * t + q[0]) + (q[3] * t + q[2]) * t2;
    const D qb = (q[5] * t + q[4]) + (q[7] * t + q[6]) * t2;
    r = ((pa + pb * t4) + p[8] * t8) / ((qa + qb * t4) + (q[9] * t + q[8]) * t8);
}

// ---- The functions ---------------------------------------------------------------

// The fast path's error bound, relative to the magnitude m it reports: far
// above the errors of the steps above (each below 2^-45, argument errors
// included), far below a float's half ulp (2^-25).
inline constexpr double fast_error = 0x1p-40;

// sigmoid(|z|) and sigmoid(-|z|), from E = exp(-|z|).
template <class D>
struct sigmoid_pair {
    D high;  // sigmoid(|z|) = 1 / (1 + E)
    D low;   // sigmoid(-|z|) = E / (1 + E)
    D e;
};
template <class D>
RECTIFY_MATH_INLINE constexpr void sigmoid_of(sigmoid_pair<D>& s, const D& z, double lowest = -708.0) noexcept {
    D az;
    math::fabs(az, z);
    math::exp_fast<true>(s.e, -az, lowest);
    s.high = 1.0 / (s.e + 1.0);
    s.low = s.e * s.high;
}

// y ~ F(x) (or F'(x)) and the magnitude m of its error bound. Tiny: the
// exact rounding of tiny inputs' values below (the float kernels, whose
// test sends subnormal results to the scalar form, leave it out).
template <smooth F, form K, bool Tiny = true, class D>
// NOLINTNEXTLINE(readability-function-cognitive-complexity): one if-constexpr branch per function
RECTIFY_MATH_INLINE constexpr void fast_eval(const D& x, const D& p, D& y, D& m) noexcept {
    const D zero{};
    const D one = zero + 1.0;
    D ax;
    math::fabs(ax, x);
    if constexpr (((F == smooth::sigmoid || F == smooth::silu) && K == form::value) ||
                  (F == smooth::softplus && K == form::derivative)) {
        // sigmoid(z) = 1 / (1 + E), E = exp(-z), for z of either sign: where
        // E is large the quotient keeps its relative error (below 2^-49 +
        // 2 2^-53). One division and no select, where the pair below takes a
        // division, a product and a select. (For z < -708, E = exp(708) and the
        // result is no normal float: the scalar form takes the lane.)
        const D z = F == smooth::softplus ? p * x : x;  // p x is exact: two floats
        D e;
        math::exp_fast(e, -z);
        y = (F == smooth::silu ? x : one) / (e + 1.0);
        math::fabs(m, y);
    } else if constexpr (F == smooth::sigmoid || F == smooth::silu || F == smooth::softplus) {
        const D z = F == smooth::softplus ? p * x : x;
        sigmoid_pair<D> s{};
        // softplus: E = exp(-|z|) from exp(-230) down is exp(-230) (2^-331.8),
        // which keeps log1p's powers of E normal doubles (E^2; its E^4 is
        // clamped there): where |z| >= 230 the value is z / beta or E / beta,
        // and E / beta below 2^-182 rounds to +0 as the real value does, for
        // every beta (1 / beta <= 2^149); z + E is z.
        math::sigmoid_of(s, z, F == smooth::softplus && K == form::value ? -230.0 : -708.0);
        const D sz = z >= 0.0 ? s.high : s.low;     // sigmoid(z)
        const D sminus = z >= 0.0 ? s.low : s.high;  // sigmoid(-z)
        if constexpr (F == smooth::softplus && K == form::value) {
            D l;
            if constexpr (sizeof(D) == 32) {
                math::log1p_fast(l, s.e);  // AVX2: 4% faster than log1p_table's six shuffles
            } else {
                math::log1p_table(l, s.e);
            }
            // Times 1 / beta (one more rounding, 2^-53, where a division
            // per vector costs the time of about 8 FMAs), so below 2^-42.1
            // in all (the sum of two non-negative terms keeps the larger
            // relative error; on AVX2 log1p_fast's 2^-49).
            y = ((z > 0.0 ? z : zero) + l) * (1.0 / p);
            m = y;
        } else if constexpr (F == smooth::sigmoid && K == form::derivative) {
            y = s.high * s.low;
            m = y;
        } else if constexpr (F != smooth::silu) {  // sigmoid, softplus_derivative
            y = sz;
            m = y;
        } else if constexpr (K == form::value) {
            y = x * sz;
            math::fabs(m, y);
        } else {
            y = sz * (one + x * sminus);
            m = sz * (one + ax * sminus);
        }
    } else if constexpr (F == smooth::tanh) {
        if constexpr (K == form::value) {
            D t;
            math::expm1_fast<true>(t, -2.0 * ax);
            math::copysign(y, -t / (t + 2.0), x);
            m = -t / (t + 2.0);
        } else {
            sigmoid_pair<D> s{};
            math::sigmoid_of(s, 2.0 * ax);
            y = 4.0 * s.high * s.low;
            m = y;
        }
    } else if constexpr (F == smooth::elu || F == smooth::selu || F == smooth::celu) {
        const D z = F == smooth::celu ? x / p : x;
        const D scale = F == smooth::selu ? zero + lambda_alpha_dd.hi : F == smooth::elu ? p : one;
        D v;
        // (exp's argument is clamped below only: where z > 0, v is not used.)
        if constexpr (K == form::value) {
            math::expm1_fast<true>(v, z);
            const D below = (F == smooth::celu ? p : scale) * v;
            const D above = F == smooth::selu ? x * lambda_dd.hi : x;
            y = x >= 0.0 ? above : below;  // at -0, x (or -0 lambda) itself: f(-0) = -0
        } else {
            math::exp_fast<true>(v, z);
            const D above = F == smooth::selu ? zero + lambda_dd.hi : one;
            y = x >= 0.0 ? above : scale * v;
        }
        // (Where y is x or 1, exact, m = |y| decides it all the same: y +- e
        // rounds to y. Zeroing m there instead made GCC 12 combine that
        // double comparison with elu's integer test for tiny inputs below
        // and split the AVX-512 lane loop into scalar code.)
        math::fabs(m, y);
    } else if constexpr (F == smooth::gelu) {
        // phi(|x|) = exp(-x^2 / 2) / sqrt(2 pi); x^2 / 2 is exact for a float x.
        // Beyond |x| = 32, phi(32) (about 2^-740) stands for phi(|x|): larger
        // than it, so the values made from it (|x| phi and |x| Phi(-|x|), below
        // 2^-600 even at float's largest x) still round to the zero of their
        // sign, and 1 - tail and 1 + |x| phi to 1, as the real values do; and
        // every one of them stays a normal double (with phi(|x|) itself, from
        // |x| = 37.5 on they were subnormal: 6 to 15 times slower an element,
        // microcode assists on x86-64). Below 2^-60, 2^-60 stands for |x| in
        // phi and R (a relative change below 2^-60 of each): their polynomials'
        // powers of |x| were subnormal doubles there, 60 times slower.
        D not_tiny;
        math::clamp_below(not_tiny, ax, 0x1p-60);
        D t;
        math::clamp_above(t, not_tiny, 32.0);
        D density;
        math::exp_fast<true>(density, -0.5 * (t * t));
        density = density * inv_sqrt_2pi_dd.hi;
        D r;
        math::mills_ratio(r, t);
        const D tail = density * r;  // Phi(-|x|)
        if constexpr (K == form::value) {
            y = x * (x < 0.0 ? tail : 1.0 - tail);
            math::fabs(m, y);
        } else {  // Phi(x) + x phi(x)
            // (t for |x|: beyond 32 the product still rounds away, below
            // 2^-60 it moves y, about 1/2, by less than 2^-60 of it.)
            const D slope = t * density;
            y = x < 0.0 ? tail - slope : (1.0 - tail) + slope;
            m = x < 0.0 ? tail + slope : y;
        }
    } else if constexpr (F == smooth::mish) {
        D e;
        math::exp_fast<true>(e, -ax);
        const D n = e * (e + 2.0);                // x <= 0: tanh(softplus(x)) = n / (n + 2)
        const D den = 2.0 * e * (e + 1.0) + 1.0;  // x > 0: tanh(softplus(x)) = (2E + 1) / den
        // (One division of the selected numerator and denominator, where
        // dividing both and selecting takes two.)
        const auto below = x <= 0.0;
        if constexpr (K == form::value) {
            y = x * ((below ? n : 2.0 * e + 1.0) / (below ? n + 2.0 : den));
            math::fabs(m, y);
        } else {
            // x <= 0: (n d + x w) / d^2; x > 0: ((2E + 1) den + 4 x (E + 1) E^2) / den^2, every term positive.
            const D d = n + 2.0;
            const D w = 4.0 * (e * (e + 1.0));
            // (E^2 from E at least 2^-300 in the x > 0 term: there 4 x E^2
            // below 2^-470 leaves 1; a subnormal E^2 took an assist.)
            D e_floor;
            math::clamp_below(e_floor, e, 0x1p-300);
            const D above = (2.0 * e + 1.0) * den + 4.0 * (x * ((e + 1.0) * e * e_floor));
            const D square = below ? d * d : den * den;
            y = (below ? n * d + x * w : above) / square;
            m = (below ? n * d + ax * w : above) / square;
        }
    } else {
        static_assert(F == smooth::gelu_tanh);
        const D x2 = x * x;
        sigmoid_pair<D> s{};
        math::sigmoid_of(s, x * (x2 * gelu_2kc_dd.hi + gelu_2k_dd.hi));  // w = 2 k (x + c x^3)
        const D sw = x >= 0.0 ? s.high : s.low;
        if constexpr (K == form::value) {
            y = x * sw;
            math::fabs(m, y);
        } else {
            const D g = x * (x2 * gelu_6kc_dd.hi + gelu_2k_dd.hi);
            const D sminus = x >= 0.0 ? s.low : s.high;
            D ag;
            math::fabs(ag, g);
            y = sw * (one + g * sminus);
            m = sw * (one + ag * sminus);
        }
    }
    // Tiny x, where f(x) = c x + d x^2 + ... with c x exact in double (c = 1/2
    // or alpha) and so possibly a float midpoint (x subnormal): the real value
    // is c x moved a hair toward the sign of d x^2. Rounding c x to odd in
    // that direction (at double's precision) makes the rounding to float exact.
    if constexpr (Tiny && K == form::value &&
                  (F == smooth::gelu || F == smooth::gelu_tanh || F == smooth::silu || F == smooth::elu)) {
        const D lead = F == smooth::elu ? p * x : 0.5 * x;
        // 0 < |x| < 2^-100 (and x < 0 for elu), as one unsigned comparison of
        // the bits: GCC splits a combination of two lane masks into scalar code
        // for AVX-512.
        constexpr std::uint64_t limit = std::bit_cast<std::uint64_t>(0x1p-100) - 1U;
        const auto xb = __builtin_bit_cast(bits_t<D>, x);
        const auto tiny = F == smooth::elu ? xb - 0x8000000000000001U < limit
                                           : (xb & 0x7fffffffffffffffU) - 1U < limit;
        const auto b = __builtin_bit_cast(bits_t<D>, lead);
        // d > 0 moves c x away from zero for x > 0; for elu (x < 0) d = alpha / 2
        // has the sign opposite to alpha x, toward zero.
        // (From the sign bit, in integers: a double comparison selecting
        // integer lanes is split into scalar code by GCC for AVX-512.)
        const bits_t<D> toward = F == smooth::elu ? b - 1U : b + 1U - 2U * (b >> 63U);
        const bits_t<D> odd = (b & 1U) != 0U ? b : toward;
        y = tiny ? __builtin_bit_cast(D, odd) : y;
        m = tiny ? zero : m;
    }
}

// sigmoid(|z|), sigmoid(-|z|) in double-double.
struct sigmoid_pair_dd {
    dd high;
    dd low;
    dd e;
};
constexpr sigmoid_pair_dd sigmoid_of(dd z) noexcept {
    const dd e = exp_dd(-abs(z));
    const dd high = to_dd(1.0) / (e + 1.0);
    return {high, e * high, e};
}

// Phi(-t) = erfc(t / sqrt 2) / 2 for t >= 0, and phi(t), in double-double:
// for t <= 3, 1/2 - phi(t) S(t) with S(t) = sum of t^(2n+1) / (2n+1)!! (all
// terms positive; at most 9 bits cancel); above, phi(t) / r with r Laplace's
// continued fraction t + 1/(t + 2/(t + 3/(t + ...))), evaluated from the
// back with enough terms for 2^-106 (2400 / t^2 + 16; checked with mpmath).
struct normal_tail_dd {
    dd tail;
    dd density;
};
// (Below t = 2^20, from the back as a ratio n / d: k / (n / d) + t = (k d
// + t n) / n, no division until the last step; n grows by at most about 2t
// a step, so both are scaled down by 2^-600, exactly, when n passes 2^600.
// The division at each step was nearly all of double gelu's time, 3.2 us an
// element. From 2^20 up, 16 terms, each its division: t n could overflow.)
constexpr dd laplace_fraction(double t) noexcept {  // phi(t) / Phi(-t), for t > 3
    const double terms = 2400.0 / (t > 1e6 ? 1e12 : t * t) + 16.0;
    if (!(t < 0x1p20)) {
        dd r = to_dd(t);
        for (int k = static_cast<int>(terms); k >= 1; --k) {
            r = to_dd(static_cast<double>(k)) / r + t;
        }
        return r;
    }
    dd n = to_dd(t);
    dd d = to_dd(1.0);
    for (int k = static_cast<int>(terms); k >= 1; --k) {
        const dd next = d * static_cast<double>(k) + n * t;
        d = n;
        n = next;
        if (n.hi > 0x1p600) {
            n = n * 0x1p-600;
            d = d * 0x1p-600;
        }
    }
    return n / d;
}
constexpr normal_tail_dd normal_tail(double t) noexcept {
    const dd t2 = two_prod(t, t);
    const dd density = exp_dd(t2 * -0.5) * inv_sqrt_2pi_dd;
    if (t <= 3.0) {
        dd term = to_dd(t);
        dd sum = term;
        for (int n = 1; term.hi > sum.hi * 0x1p-110; ++n) {
            term = term * t2 / to_dd(static_cast<double>(2 * n + 1));
            sum = sum + term;
        }
        return {to_dd(0.5) - density * sum, density};
    }
    return {density / laplace_fraction(t), density};
}

// F(x) (or F'(x)) in double-double, for a finite x.
template <smooth F, form K>
// NOLINTNEXTLINE(readability-function-cognitive-complexity): one if-constexpr branch per function
constexpr dd exact_eval(double x, double p) noexcept {
    const dd xx = to_dd(x);
    const dd one = to_dd(1.0);
    if constexpr (F == smooth::sigmoid || F == smooth::silu || F == smooth::softplus) {
        const dd z = F == smooth::softplus ? two_prod(p, x) : xx;
        if (F == smooth::softplus && K == form::value && z.hi > 800.0) {
            return xx;  // log1p(exp(-z)) / p is below 2^-1100 x
        }
        const sigmoid_pair_dd s = math::sigmoid_of(z);
        const bool zpos = z.hi >= 0;
        const dd sz = zpos ? s.high : s.low;
        const dd sminus = zpos ? s.low : s.high;
        if constexpr (F == smooth::softplus) {
            if constexpr (K == form::value) {
                return ((zpos ? z : to_dd(0.0)) + log1p_dd(s.e)) / to_dd(p);
            } else {
                return sz;
            }
        } else if constexpr (F == smooth::sigmoid) {
            return K == form::value ? sz : s.high * s.low;
        } else if constexpr (K == form::value) {
            return sz * x;
        } else {
            return sz * (one + sminus * x);
        }
    } else if constexpr (F == smooth::tanh) {
        const double ax = x < 0 ? -x : x;
        if constexpr (K == form::value) {
            const dd t = expm1_dd(to_dd(-2.0 * ax));
            const dd v = -t / (t + 2.0);
            return x < 0 ? -v : v;
        } else {
            const sigmoid_pair_dd s = math::sigmoid_of(to_dd(2.0 * ax));
            return (s.high * s.low) * 4.0;
        }
    } else if constexpr (F == smooth::elu || F == smooth::selu || F == smooth::celu) {
        const dd z = F == smooth::celu ? xx / to_dd(p) : xx;
        const dd scale = F == smooth::selu ? lambda_alpha_dd : F == smooth::elu ? to_dd(p) : one;
        if constexpr (K == form::value) {
            if (x > 0) {
                if (F == smooth::selu && x > 0x1p900) {  // keep lambda x's low part normal
                    const dd v = lambda_dd * (x * 0x1p-600);
                    return {v.hi * 0x1p600, v.lo * 0x1p600};
                }
                return F == smooth::selu ? lambda_dd * x : xx;
            }
            return (F == smooth::celu ? to_dd(p) : scale) * expm1_dd(z);
        } else {
            if (x >= 0) {
                return F == smooth::selu ? lambda_dd : one;
            }
            return scale * exp_dd(z);
        }
    } else if constexpr (F == smooth::gelu) {
        const double ax = x < 0 ? -x : x;
        const normal_tail_dd q = normal_tail(ax);
        const dd phi_x = x < 0 ? q.tail : one - q.tail;  // Phi(x)
        if constexpr (K == form::value) {
            return phi_x * x;
        } else {
            return phi_x + q.density * x;
        }
    } else if constexpr (F == smooth::mish) {
        const dd e = exp_dd(to_dd(x < 0 ? x : -x));
        const dd n = e * (e + 2.0);
        const dd d2 = (e * (e + 1.0)) * 2.0 + 1.0;  // x > 0: tanh(softplus(x)) = (2E + 1) / d2
        if constexpr (K == form::value) {
            return (x <= 0 ? n / (n + 2.0) : (e * 2.0 + 1.0) / d2) * x;
        } else {
            if (x <= 0) {
                const dd d = n + 2.0;
                return (n * d + ((e * (e + 1.0)) * x) * 4.0) / (d * d);
            }
            return (e * 2.0 + 1.0) / d2 + ((((e + 1.0) * (e * e)) * x) * 4.0) / (d2 * d2);
        }
    } else {
        static_assert(F == smooth::gelu_tanh);
        // Far out, sigmoid(w) is 0 or 1 to far beyond double precision; the
        // clamp keeps x^3 finite.
        const double xc = x > 1e6 ? 1e6 : x < -1e6 ? -1e6 : x;
        const dd xcd = to_dd(xc);
        const dd x2 = two_prod(xc, xc);
        const dd w = (x2 * gelu_2kc_dd + gelu_2k_dd) * xcd;
        const sigmoid_pair_dd s = math::sigmoid_of(w);
        const bool nonnegative = x >= 0;
        const dd sw = nonnegative ? s.high : s.low;
        if constexpr (K == form::value) {
            return sw * x;
        } else {
            const dd g = (x2 * gelu_6kc_dd + gelu_2k_dd) * xcd;
            const dd sminus = nonnegative ? s.low : s.high;
            return sw * (one + g * sminus);
        }
    }
}


// ---- Where double-double alone is not enough (double results only) ---------------
// These are reached by double inputs only: float and _Float16 results there
// are 0 or far from any rounding boundary.

inline constexpr int tail_scale = 600;  // results below are computed times 2^600
inline constexpr double tiny_limit = 0x1p-900;
inline constexpr double root_window = 0x1p-16;

// Far left, where exp(z) is below 2^-1000: F(x) = c(x) E (1 + O(E)), E = exp(z),
// and the O(E) terms are far below double-double's precision. Sets v to
// F(x) 2^600 (normal, not subnormal) and returns true there.
template <smooth F, form K>
// NOLINTNEXTLINE(readability-function-cognitive-complexity): one if-constexpr branch per function
constexpr bool far_tail(double x, double p, dd& v) noexcept {
    constexpr double edge = -600.0;  // exp(z) below 2^-865: results far below 1, O(E) terms negligible
    if constexpr (F == smooth::sigmoid || F == smooth::silu || F == smooth::mish) {
        const double z = F == smooth::sigmoid && K == form::derivative && x > 0 ? -x : x;  // sigmoid' is even
        if (!(z < edge)) {
            return false;
        }
        const dd e = exp_dd(to_dd(z), tail_scale);
        v = F == smooth::sigmoid ? e : K == form::value ? e * x : e * (to_dd(x) + 1.0);
        return true;
    } else if constexpr (F == smooth::softplus) {
        const dd z = two_prod(p, x);
        if (z.hi >= edge) {
            return false;
        }
        const dd e = exp_dd(z, tail_scale);
        v = K == form::value ? e / to_dd(p) : e;
        return true;
    } else if constexpr (K == form::derivative && (F == smooth::tanh || F == smooth::elu || F == smooth::selu ||
                                                    F == smooth::celu)) {
        const dd z = F == smooth::tanh ? to_dd(x < 0 ? 2.0 * x : -2.0 * x) : F == smooth::celu ? to_dd(x) / to_dd(p) : to_dd(x);
        if (z.hi >= edge) {
            return false;
        }
        const dd e = exp_dd(z, tail_scale);
        v = F == smooth::tanh ? e * 4.0 : F == smooth::elu ? e * p : F == smooth::selu ? e * lambda_alpha_dd : e;
        return true;
    } else if constexpr (F == smooth::gelu) {
        if (!(x < -34.0)) {  // phi(x) above 2^-830
            return false;
        }
        const double t = -x;
        const dd t2 = two_prod(t, t);
        const dd density = exp_dd(t2 * -0.5, tail_scale) * inv_sqrt_2pi_dd;
        const dd r = laplace_fraction(t);
        v = K == form::value ? density / r * x : density * (to_dd(1.0) / r - to_dd(t));
        return true;
    } else if constexpr (F == smooth::gelu_tanh) {
        if (!(x < -10.0)) {
            return false;
        }
        const double xc = x < -1e6 ? -1e6 : x;
        const dd x2 = two_prod(xc, xc);
        const dd w = (x2 * gelu_2kc_dd + gelu_2k_dd) * xc;
        if (!(w.hi < edge)) {
            return false;
        }
        const dd e = exp_dd(w, tail_scale);
        v = K == form::value ? e * x : e * ((x2 * gelu_6kc_dd + gelu_2k_dd) * xc + 1.0);
        return true;
    } else {
        return false;
    }
}

// Tiny x (0 < |x| < 2^-900): F(x) = c x + d x^2 + ..., where the d x^2 term
// is far below double-double's precision but its sign decides a result that
// lands on a midpoint (x / 2 for a subnormal x). Sets v to F(x) 2^600 with the
// sign of d x^2 kept as a nudge far below v's last bit, and returns true.
template <smooth F, form K>
// NOLINTNEXTLINE(readability-function-cognitive-complexity): one switch case per function
constexpr bool tiny_input(double x, double p, dd& v) noexcept {
    if constexpr (K == form::value && F != smooth::sigmoid && F != smooth::softplus) {
        const double ax = x < 0 ? -x : x;
        if (!(ax > 0 && ax < tiny_limit)) {
            return false;
        }
        const double scaled = x * 0x1p600;  // exact
        dd c = to_dd(1.0);                  // f(x) = c x + ..., and the sign of the next term
        double next = 1.0;
        switch (F) {
        case smooth::gelu:
        case smooth::gelu_tanh:
        case smooth::silu:
            c = to_dd(0.5);
            break;
        case smooth::tanh:
            next = x < 0 ? 1.0 : -1.0;  // -x^3 / 3
            break;
        case smooth::elu:
            c = to_dd(x < 0 ? p : 1.0);
            next = x < 0 ? p : 0.0;
            break;
        case smooth::celu:
            next = x < 0 ? 1.0 : 0.0;
            break;
        case smooth::selu:
            c = x < 0 ? lambda_alpha_dd : lambda_dd;
            next = x < 0 ? 1.0 : 0.0;
            break;
        default:  // mish: tanh(log 2) = 3/5, then + 0.32 x^2
            c = to_dd(3.0) / to_dd(5.0);
            break;
        }
        v = c * scaled;
        if (next != 0 && v.lo == 0) {
            v.lo = (next > 0 ? 0x1p-200 : -0x1p-200) * (v.hi < 0 ? -v.hi : v.hi);
        }
        return true;
    } else {
        return false;
    }
}

// Near the roots of gelu', gelu_tanh', silu' and mish' the two terms of the
// derivative cancel: there, its Taylor series about the root (root and
// coefficients to about 160 and 106 bits, computed with mpmath by
// tools/derivative_roots.py), in double-double, for |x - root| < 2^-16.
struct root_series {
    double root[3];  // the root as an unevaluated sum
    dd coefficients[8];  // of (x - root)^1 .. ^8
};
inline constexpr root_series gelu_root{
    {-0x1.80ead197f00b4p-1, 0x1.13e74c58cada8p-56, 0x1.65d4b5b9cdd03p-111},
    {{0x1.b9d98fa5a3215p-2, 0x1.f7c1a23190c7cp-56}, {0x1.8d9a941de3ac5p-2, 0x1.aea2e6afd7fdbp-56},
     {-0x1.2a2ef9bb865aep-6, 0x1.26d941e05e369p-64}, {-0x1.d2fa4c17c7e84p-4, -0x1.6e3d565f60be0p-59},
     {-0x1.e4088244f901dp-7, -0x1.640eddc7045c7p-62}, {0x1.3e346def42057p-6, -0x1.d71848ac44802p-60},
     {0x1.297b9d6ffaacdp-8, 0x1.5f41fb3aa20b5p-62}, {-0x1.258a6d85633afp-9, -0x1.f58325eee75c2p-64}}};
inline constexpr root_series gelu_tanh_root{
    {-0x1.81429f9e97e4dp-1, 0x1.4f523ed77dbdcp-55, -0x1.a649fca8ac0e5p-109},
    {{0x1.b8bacd2c96b91p-2, 0x1.7625a206be83dp-56}, {0x1.8cd1a2b2fff33p-2, -0x1.d8ac0572d1edbp-56},
     {-0x1.029615edb077ap-6, 0x1.5f4a8473328ecp-60}, {-0x1.d2b77346470abp-4, 0x1.d419c77b0c3edp-60},
     {-0x1.104a83edc0ddcp-6, -0x1.ada95ffa32235p-60}, {0x1.427996dc249cep-6, -0x1.3e301c225d050p-61},
     {0x1.58c9ed713486cp-8, -0x1.bae477471e7c8p-65}, {-0x1.3d8d64170bb72p-9, 0x1.0cdfb36efc807p-63}}};
inline constexpr root_series silu_root{
    {-0x1.474973c84120bp+0, -0x1.f8d74bc9ac154p-54, -0x1.44a50180ba780p-108},
    {{0x1.be1410460527fp-3, -0x1.2541062177473p-58}, {0x1.2c563458cc0adp-3, -0x1.ae4095936c303p-57},
     {0x1.353eb573ca457p-6, 0x1.46b855da2e606p-60}, {-0x1.f2d0e32bc2994p-7, 0x1.155818a10c18cp-61},
     {-0x1.b0f82c498fd2fp-8, -0x1.79085e7c00db7p-63}, {0x1.098e92b8f076dp-13, -0x1.5040fe6e64011p-67},
     {0x1.a2a7caf0ee747p-11, -0x1.4e26fd7c84362p-65}, {0x1.8574d136d4cb4p-13, -0x1.01d46fe42b972p-67}}};
inline constexpr root_series mish_root{
    {-0x1.31432c0d12d84p+0, -0x1.bf319154da210p-55, -0x1.3b82ea8c1efc4p-109},
    {{0x1.115acb42500bbp-2, 0x1.1ad72de557d4cp-56}, {0x1.a34a251d8ad7bp-3, 0x1.1a24b1362ba50p-58},
     {0x1.574f121a868dbp-5, 0x1.77627779edc02p-59}, {-0x1.4c222fe64d4fbp-6, -0x1.40b3dc6eb0283p-60},
     {-0x1.03369d4ac90fap-6, -0x1.427f7136e6f64p-60}, {-0x1.b87ddfb51b745p-9, -0x1.2165b31a4c84cp-63},
     {0x1.1e5e184a0fe00p-10, 0x1.61dec079dd7bbp-64}, {0x1.03799182b217fp-10, 0x1.4324b61670783p-65}}};

template <smooth F, form K>
constexpr bool near_root(double x, dd& v) noexcept {
    if constexpr (K == form::derivative &&
                  (F == smooth::gelu || F == smooth::gelu_tanh || F == smooth::silu || F == smooth::mish)) {
        const root_series& s = F == smooth::gelu ? gelu_root : F == smooth::gelu_tanh ? gelu_tanh_root
                               : F == smooth::silu ? silu_root : mish_root;
        const double near = x - s.root[0];  // exact (Sterbenz) this close
        if (!((near < 0 ? -near : near) < root_window)) {
            return false;
        }
        const dd d = (to_dd(near) + -s.root[1]) + -s.root[2];
        dd sum = s.coefficients[7];
        for (int k = 6; k >= 0; --k) {
            sum = sum * d + s.coefficients[k];
        }
        v = sum * d;
        return true;
    } else {
        return false;
    }
}


// ---- double results: a fast path to 2^-64, decided or sent to the exact path ------
// The double forms of every smooth function but gelu (whose erfc it lacks)
// first evaluate in double-double lanes, with an FMA where the kernel has
// one: exp to a relative error below 2^-74 and exp - 1 below 2^-67 (table of
// 2^(j/64), a polynomial of degree 8), log1p below 2^-67.9 (log1p_pair), then
// reciprocals and products to 2^-100. Each gives yh + yl and a bound m on its distance
// from the real value (m widened by the magnitudes where terms cancel, and
// taken 4 to 16 times the analysis below); if yh + (yl - m) and yh + (yl + m)
// round to the same double, that double is the correctly rounded value (no
// rounding boundary lies within m of the real value, and rounding is
// monotone). The exact path (double-double to about 2^-100, rounded once)
// gives the same double there: it is within far less than m of the real
// value. The other lanes (about 1 normal(0, 3) input in 1000 for the values
// built on exp - 1 and log1p, 1 in 3000 to 200000 for the rest; |x| and
// parameters above 2^900, NaN, infinities, results below 2^-800 or above
// 2^1023, and exp arguments beyond -600 where a clamped exp would stand as a
// factor) take the exact path. tests/smooth_test.cpp compares this path
// with the exact one on every function and checks the bounds below hold with a
// margin (|yh + yl - exact| < m / 4).
//
// exp(z), z = zh + zl <= 0, zh >= -600: k = round(64 z / ln 2), z = k ln2/64 + r,
// |r| <= ln2/128 (1 + 2^-36) + |zl| < 0.005417; r as rh + rl to 2^-130
// absolute (k c1 exact: c1 has 36 bits and |k| < 2^16; z - k c1 exact; k c2
// by an exact product, k c3 and zl in the low part, c1 + c2 + c3 = ln2 / 64
// within 2^-150). exp(r) - 1 = p = r + r^2/2 + r^3 Q(r), Q to degree 5
// (truncation r^9/9! < 2^-78 |r|): rh^2 exact, r^2/2's cross terms and the
// r^3 term's dependence on rl added in the low part, r^3 Q in double (six
// roundings, 2^-50.4 relative on a term below 4.9e-6 |p|: 2^-68 of p), the low
// part's last addition 2^-70.6: p within 2^-67.7 of itself. exp(z) = 2^e T_j
// (1 + p), T_j = 2^(j/64) as a pair to 2^-107, products and sums as pairs
// (2^-104 each): the error of p scaled by |p| / (1 - |p|) < 0.0055: below
// 2^-74 in all. exp(z) - 1: for k = 0 it is p; otherwise |exp(z) - 1| >= 0.0054
// and the error of exp(z) (at most 1) is below 2^-74, so below 2^-67.
// (Not under -ffast-math, whose reassociation undoes its exact sums and
// rounding tricks: tanh's doubles came out up to 8% off there, the exact
// path's a few ulps; docs/guarantees.md, "With -ffast-math".)
#if defined(__GNUC__) && !defined(__CUDACC__) && !defined(__FAST_MATH__)
#    define RECTIFY_FASTDD 1
namespace fastdd {

// Lanes: GCC/Clang vectors of doubles, one lane for the scalar form.
// NOLINTNEXTLINE(modernize-use-using): as simd
typedef double lane1 __attribute__((vector_size(8)));
template <class D>
struct ints_of {
    // NOLINTNEXTLINE(modernize-use-using): GCC ignores vector_size on a dependent type in `using`
    typedef std::int64_t type __attribute__((vector_size(sizeof(D))));
};
// A lane mask: all bits set (-1) or none in each lane.
template <class D>
using mask_t = typename ints_of<D>::type;

// Masks and selects in integer operations only, never a comparison of
// doubles: GCC 12 makes the comparisons of 64-bit lanes in a function without
// the kernel's target (these, before they are inlined into it) vectors of
// booleans of the default target, and where two such are combined, turns
// them into scalar code (vcomisd lane by lane: the AVX-512 kernel took 17 ns
// an element where the AVX2 kernel took 7).
// r = all ones where a < c: a >= 0 or NaN (never below), c > 0.
template <class D>
RECTIFY_MATH_INLINE void less(mask_t<D>& r, const D& a, double c) noexcept {
    r = (__builtin_bit_cast(mask_t<D>, a) - std::bit_cast<std::int64_t>(c)) >> 63;
}
// r = all ones where x < 0 (-0 is not; NaN of either sign may be).
template <class D>
RECTIFY_MATH_INLINE void negative(mask_t<D>& r, const D& x) noexcept {
    using U = bits_t<D>;
    const U b = __builtin_bit_cast(U, x);
    r = (__builtin_bit_cast(mask_t<D>, b) >> 63) & (__builtin_bit_cast(mask_t<D>, U{} - (b & 0x7fffffffffffffffU)) >> 63);
}
// r = all ones where v != 0.
template <class D>
RECTIFY_MATH_INLINE void nonzero(mask_t<D>& r, const mask_t<D>& v) noexcept {
    using U = bits_t<D>;
    const U b = __builtin_bit_cast(U, v);
    r = __builtin_bit_cast(mask_t<D>, b | (U{} - b)) >> 63;
}
// r = mask ? a : b, lane by lane.
template <class D>
RECTIFY_MATH_INLINE void select(D& r, const mask_t<D>& mask, const D& a, const D& b) noexcept {
    r = __builtin_bit_cast(D, (__builtin_bit_cast(mask_t<D>, a) & mask) | (__builtin_bit_cast(mask_t<D>, b) & ~mask));
}

#if RECTIFY_X86_64 && defined(__GNUC__) && !defined(__CUDACC__)
// a b + c with one rounding, 4 and 8 lanes (Clang: the target on the helper,
// plain inline, as rational16's).
#    if defined(__clang__)
#        define RECTIFY_FASTDD4 [[gnu::target("avx2,fma")]] inline
#        define RECTIFY_FASTDD8 [[gnu::target("avx512f")]] inline
#    else
#        define RECTIFY_FASTDD4 RECTIFY_MATH_INLINE
#        define RECTIFY_FASTDD8 RECTIFY_MATH_INLINE
#    endif
// NOLINTBEGIN(modernize-use-using): as simd
typedef double vd4 __attribute__((vector_size(32)));
typedef double vd8 __attribute__((vector_size(64)));
// NOLINTEND(modernize-use-using)
#    if !defined(__clang__)
// (inlined into the kernels: -Wpsabi's note on the calling convention is moot)
#        pragma GCC diagnostic push
#        pragma GCC diagnostic ignored "-Wpsabi"
#    endif
RECTIFY_FASTDD4 void fused4(vd4& r, const vd4& a, const vd4& b, const vd4& c) noexcept {
    r = __builtin_ia32_vfmaddpd256(a, b, c);
}
RECTIFY_FASTDD8 void fused8(vd8& r, const vd8& a, const vd8& b, const vd8& c) noexcept {
    r = __builtin_ia32_vfmaddpd512_mask(a, b, c, static_cast<unsigned char>(0xffU), 4);
}
#    if !defined(__clang__)
#        pragma GCC diagnostic pop
#    endif
#    undef RECTIFY_FASTDD4
#    undef RECTIFY_FASTDD8
#endif

// p = fl(a b), e = a b - p exactly (an FMA, or Dekker's product for double
// without one: math::two_prod; its operands here are below 2^995). p is the
// product the FMA reads: GCC 12 contracts a product into the additions that
// use it (C++ is -ffp-contract=fast there, also at -std=c++20) only where
// every use is an addition, and a second product for p, used only by the
// pair sums that follow, was contracted into them on AArch64, where the
// FMA's exact product counted e twice (errors near 2^-53).
template <class D>
RECTIFY_MATH_INLINE void exact_product(D& p, D& e, const D& a, const D& b) noexcept {
#if RECTIFY_X86_64
    if constexpr (sizeof(D) == 32) {
        p = a * b;
        fastdd::fused4(e, a, b, -p);
        return;
    } else if constexpr (sizeof(D) == 64) {
        p = a * b;
        fastdd::fused8(e, a, b, -p);
        return;
    }
#endif
    for (std::size_t i = 0; i < sizeof(D) / sizeof(double); ++i) {
        const dd t = math::two_prod(a[i], b[i]);
        p[i] = t.hi;
        e[i] = t.lo;
    }
}
template <class D>
RECTIFY_MATH_INLINE void two_sum(D& s, D& e, const D& a, const D& b) noexcept {
    const D sum = a + b;
    const D bb = sum - a;
    e = (a - (sum - bb)) + (b - bb);
    s = sum;
}
template <class D>
RECTIFY_MATH_INLINE void fast_two_sum(D& s, D& e, const D& a, const D& b) noexcept {  // |a| >= |b|
    const D sum = a + b;
    e = b - (sum - a);
    s = sum;
}

// A pair hi + lo of lanes.
template <class D>
struct pair {
    D hi;
    D lo;
};
template <class D>
RECTIFY_MATH_INLINE pair<D> mul(const pair<D>& a, const pair<D>& b) noexcept {
    pair<D> r{};
    exact_product(r.hi, r.lo, a.hi, b.hi);
    r.lo += a.hi * b.lo + a.lo * b.hi;
    fast_two_sum(r.hi, r.lo, r.hi, r.lo);
    return r;
}
template <class D>
RECTIFY_MATH_INLINE pair<D> mul(const pair<D>& a, const D& b) noexcept {
    pair<D> r{};
    exact_product(r.hi, r.lo, a.hi, b);
    r.lo += a.lo * b;
    fast_two_sum(r.hi, r.lo, r.hi, r.lo);
    return r;
}
template <class D>
RECTIFY_MATH_INLINE pair<D> add(const pair<D>& a, const pair<D>& b) noexcept {
    pair<D> r{};
    two_sum(r.hi, r.lo, a.hi, b.hi);
    r.lo += a.lo + b.lo;
    fast_two_sum(r.hi, r.lo, r.hi, r.lo);
    return r;
}
template <class D>
RECTIFY_MATH_INLINE pair<D> add(const pair<D>& a, double b) noexcept {
    pair<D> r{};
    two_sum(r.hi, r.lo, a.hi, (D{} + b));
    r.lo += a.lo;
    fast_two_sum(r.hi, r.lo, r.hi, r.lo);
    return r;
}
// 1 / d: q0 = fl(1 / dh), r = 1 - d q0 (1 - dh q0 exact), 1/d = q0 (1 + r + r^2
// ...), |r| < 2^-51: q0 + q0 r within 2^-100.
template <class D>
RECTIFY_MATH_INLINE pair<D> reciprocal(const pair<D>& d) noexcept {
    const D one = (D{} + 1.0);
    const D q0 = one / d.hi;
    D ph;
    D pl;
    exact_product(ph, pl, d.hi, q0);
    const D r = ((one - ph) - pl) - d.lo * q0;
    pair<D> q{};
    fast_two_sum(q.hi, q.lo, q0, q0 * r);
    return q;
}
template <class D>
RECTIFY_MATH_INLINE pair<D> scaled(const pair<D>& a, double s) noexcept {  // s a power of 2
    return {a.hi * s, a.lo * s};
}

// r = table[index] lane by lane (a load a lane: the lanes gathered in an
// array, then copied, where element stores into a vector made GCC 12 at -O3
// warn that the vector may be used uninitialized).
template <class D, std::size_t N>
RECTIFY_MATH_INLINE void lookup(D& r, const double (&table)[N], const mask_t<D>& index) noexcept {
    constexpr std::size_t lanes = sizeof(D) / sizeof(double);
    double values[lanes];
    for (std::size_t lane = 0; lane < lanes; ++lane) {
        values[lane] = table[static_cast<std::size_t>(index[lane])];
    }
    __builtin_memcpy(&r, &values[0], sizeof(D));
}

// 2^(j/64) for j = 0 .. 63 as hi + lo, to 2^-107 (tools/fastdd_tables.py).
struct exp64_table {
    double hi[64];
    double lo[64];
};
inline constexpr exp64_table exp2_64ths = {{
    0x1.0000000000000p+0, 0x1.02c9a3e778061p+0, 0x1.059b0d3158574p+0, 0x1.0874518759bc8p+0,
    0x1.0b5586cf9890fp+0, 0x1.0e3ec32d3d1a2p+0, 0x1.11301d0125b51p+0, 0x1.1429aaea92de0p+0,
    0x1.172b83c7d517bp+0, 0x1.1a35beb6fcb75p+0, 0x1.1d4873168b9aap+0, 0x1.2063b88628cd6p+0,
    0x1.2387a6e756238p+0, 0x1.26b4565e27cddp+0, 0x1.29e9df51fdee1p+0, 0x1.2d285a6e4030bp+0,
    0x1.306fe0a31b715p+0, 0x1.33c08b26416ffp+0, 0x1.371a7373aa9cbp+0, 0x1.3a7db34e59ff7p+0,
    0x1.3dea64c123422p+0, 0x1.4160a21f72e2ap+0, 0x1.44e086061892dp+0, 0x1.486a2b5c13cd0p+0,
    0x1.4bfdad5362a27p+0, 0x1.4f9b2769d2ca7p+0, 0x1.5342b569d4f82p+0, 0x1.56f4736b527dap+0,
    0x1.5ab07dd485429p+0, 0x1.5e76f15ad2148p+0, 0x1.6247eb03a5585p+0, 0x1.6623882552225p+0,
    0x1.6a09e667f3bcdp+0, 0x1.6dfb23c651a2fp+0, 0x1.71f75e8ec5f74p+0, 0x1.75feb564267c9p+0,
    0x1.7a11473eb0187p+0, 0x1.7e2f336cf4e62p+0, 0x1.82589994cce13p+0, 0x1.868d99b4492edp+0,
    0x1.8ace5422aa0dbp+0, 0x1.8f1ae99157736p+0, 0x1.93737b0cdc5e5p+0, 0x1.97d829fde4e50p+0,
    0x1.9c49182a3f090p+0, 0x1.a0c667b5de565p+0, 0x1.a5503b23e255dp+0, 0x1.a9e6b5579fdbfp+0,
    0x1.ae89f995ad3adp+0, 0x1.b33a2b84f15fbp+0, 0x1.b7f76f2fb5e47p+0, 0x1.bcc1e904bc1d2p+0,
    0x1.c199bdd85529cp+0, 0x1.c67f12e57d14bp+0, 0x1.cb720dcef9069p+0, 0x1.d072d4a07897cp+0,
    0x1.d5818dcfba487p+0, 0x1.da9e603db3285p+0, 0x1.dfc97337b9b5fp+0, 0x1.e502ee78b3ff6p+0,
    0x1.ea4afa2a490dap+0, 0x1.efa1bee615a27p+0, 0x1.f50765b6e4540p+0, 0x1.fa7c1819e90d8p+0,
}, {
    0.0, -0x1.19083535b085dp-56, 0x1.d73e2a475b465p-55, 0x1.186be4bb284ffp-57,
    0x1.8a62e4adc610bp-54, 0x1.03a1727c57b53p-59, -0x1.6c51039449b3ap-54, -0x1.32fbf9af1369ep-54,
    -0x1.19041b9d78a76p-55, 0x1.e5b4c7b4968e4p-55, 0x1.e016e00a2643cp-54, 0x1.dc775814a8495p-55,
    0x1.9b07eb6c70573p-54, 0x1.2bd339940e9d9p-55, 0x1.612e8afad1255p-55, 0x1.0024754db41d5p-54,
    0x1.6f46ad23182e4p-55, 0x1.32721843659a6p-54, -0x1.63aeabf42eae2p-54, -0x1.5e436d661f5e3p-56,
    0x1.ada0911f09ebcp-55, -0x1.ef3691c309278p-58, 0x1.89b7a04ef80d0p-59, 0x1.3c1a3b69062f0p-56,
    0x1.d4397afec42e2p-56, -0x1.4b309d25957e3p-54, -0x1.07abe1db13cadp-55, 0x1.9bb2c011d93adp-54,
    0x1.6324c054647adp-54, 0x1.ba6f93080e65ep-54, -0x1.383c17e40b497p-54, -0x1.bb60987591c34p-54,
    -0x1.bdd3413b26456p-54, -0x1.bbe3a683c88abp-57, -0x1.16e4786887a99p-55, -0x1.0245957316dd3p-54,
    -0x1.41577ee04992fp-55, 0x1.05d02ba15797ep-56, -0x1.d4c1dd41532d8p-54, -0x1.fc6f89bd4f6bap-54,
    0x1.6e9f156864b27p-54, 0x1.5cc13a2e3976cp-55, -0x1.75fc781b57ebcp-57, -0x1.d185b7c1b85d1p-54,
    0x1.c7c46b071f2bep-56, -0x1.359495d1cd533p-54, -0x1.d2f6edb8d41e1p-54, 0x1.0fac90ef7fd31p-54,
    0x1.7a1cd345dcc81p-54, -0x1.2805e3084d708p-57, -0x1.5584f7e54ac3bp-56, 0x1.23dd07a2d9e84p-55,
    0x1.11065895048ddp-55, 0x1.2884dff483cadp-54, 0x1.503cbd1e949dbp-56, -0x1.cbc3743797a9cp-54,
    0x1.2ed02d75b3707p-55, 0x1.c2300696db532p-54, -0x1.1a5cd4f184b5cp-54, 0x1.39e8980a9cc8fp-55,
    -0x1.e9c23179c2893p-54, 0x1.dc7f486a4b6b0p-54, 0x1.9d3e12dd8a18bp-54, 0x1.74853f3a5931ep-55,
}};

// exp(z) (Minus1 false) or exp(z) - 1, z = zh + zl, -600 <= zh <= 0 (see above).
template <bool Minus1, class D>
RECTIFY_MATH_INLINE pair<D> exp_pair(const D& zh, const D& zl) noexcept {
    using I = mask_t<D>;
    constexpr double shifter = 0x1.8p52;
    constexpr double c1 = 0x1.62e42fefa0000p-7;  // ln2 / 64 = c1 + c2 + c3
    constexpr double c2 = 0x1.cf79abc9e3b3ap-46;
    constexpr double c3 = -0x1.ff0342542fc33p-100;
    const D t = zh * 0x1.71547652b82fep+6 + shifter;
    const D kd = t - shifter;
    const I k = __builtin_bit_cast(I, t) - std::bit_cast<std::int64_t>(shifter);
    const I j = k & 63;
    const D scale = __builtin_bit_cast(D, ((k >> 6) + 1023) << 52);
    D th;
    D tl;
    fastdd::lookup(th, exp2_64ths.hi, j);
    fastdd::lookup(tl, exp2_64ths.lo, j);
    const D r1 = zh - kd * c1;  // exact
    D p2;
    D e2;
    exact_product(p2, e2, kd, (D{} + -c2));
    D rh;
    D rl;
    two_sum(rh, rl, r1, p2);
    rl += e2 + (zl - kd * c3);
    fast_two_sum(rh, rl, rh, rl);
    // p = exp(r) - 1
    D s2h;
    D s2l;
    exact_product(s2h, s2l, rh, rh);
    D q = (D{} + 0x1.a01a01a01a01ap-16);  // 1/8!
    q = q * rh + 0x1.a01a01a01a01ap-13;             // 1/7!
    q = q * rh + 0x1.6c16c16c16c17p-10;             // 1/6!
    q = q * rh + 0x1.1111111111111p-7;              // 1/5!
    q = q * rh + 0x1.5555555555555p-5;              // 1/4!
    q = q * rh + 0x1.5555555555555p-3;              // 1/3!
    const D cube = (s2h * rh) * q;
    pair<D> p{};
    fast_two_sum(p.hi, p.lo, rh, s2h * 0.5);
    p.lo = ((rl + (s2l * 0.5 + rh * rl + (s2h * rl) * 0.5)) + p.lo) + cube;
    fast_two_sum(p.hi, p.lo, p.hi, p.lo);
    // T (1 + p)
    pair<D> s{};
    D uh;
    D ul;
    exact_product(uh, ul, th, p.hi);
    fast_two_sum(s.hi, s.lo, th, uh);
    s.lo += ul + (th * p.lo + (tl + tl * p.hi));
    fast_two_sum(s.hi, s.lo, s.hi, s.lo);
    s.hi *= scale;
    s.lo *= scale;
    if constexpr (!Minus1) {
        return s;
    } else {
        pair<D> m{};
        two_sum(m.hi, m.lo, s.hi, (D{} + -1.0));
        m.lo += s.lo;
        fast_two_sum(m.hi, m.lo, m.hi, m.lo);
        I k_nonzero;
        fastdd::nonzero<D>(k_nonzero, k);
        pair<D> r{};
        fastdd::select(r.hi, k_nonzero, m.hi, p.hi);
        fastdd::select(r.lo, k_nonzero, m.lo, p.lo);
        return r;
    }
}


// log(1 + E) for E = Eh + El in [2^-866, 1] (E from exp_pair), relative
// error below 2^-67.9: i = floor(256 Eh) (at most 255), c_i = 1/(1 + i/256)
// rounded, delta_i = c_i (1 + i/256) - 1 (exact, below 2^-52), so that
// (1 + E) c_i = 1 + r, r = c_i (E - i/256) + delta_i in [-2^-52, 2^-8)
// (Eh - i/256 exact: Sterbenz, or i = 0), and log(1 + E) = -log(c_i) + log1p(r),
// both terms >= 0. log1p(r) = r - r^2/2 + r^3 Q(r), Q to degree 7
// (truncation below r^10/11 < 2^-75 |r|); rh^2 exact, its cross term and the
// r^3 term's dependence on rl in the low part, r^3 Q in double: 2^-50.4 on a
// term below r^2/3 < 2^-17.6 of log1p(r), so 2^-68 of it; E's own error
// 2^-74 moves log(1 + E) by at most 2^-74 of itself (E / (1 + E) <=
// log(1 + E)). The tables (tools/fastdd_tables.py): c_i, delta_i, and
// -log(c_i) as hi + lo to 2^-107.
struct log1p_table {
    double c[256];
    double delta[256];
    double hi[256];
    double lo[256];
};
inline constexpr log1p_table log1p_256ths = {{
    0x1.0000000000000p+0, 0x1.fe01fe01fe020p-1, 0x1.fc07f01fc07f0p-1, 0x1.fa11caa01fa12p-1,
    0x1.f81f81f81f820p-1, 0x1.f6310aca0dbb5p-1, 0x1.f44659e4a4271p-1, 0x1.f25f644230ab5p-1,
    0x1.f07c1f07c1f08p-1, 0x1.ee9c7f8458e02p-1, 0x1.ecc07b301ecc0p-1, 0x1.eae807aba01ebp-1,
    0x1.e9131abf0b767p-1, 0x1.e741aa59750e4p-1, 0x1.e573ac901e574p-1, 0x1.e3a9179dc1a73p-1,
    0x1.e1e1e1e1e1e1ep-1, 0x1.e01e01e01e01ep-1, 0x1.de5d6e3f8868ap-1, 0x1.dca01dca01dcap-1,
    0x1.dae6076b981dbp-1, 0x1.d92f2231e7f8ap-1, 0x1.d77b654b82c34p-1, 0x1.d5cac807572b2p-1,
    0x1.d41d41d41d41dp-1, 0x1.d272ca3fc5b1ap-1, 0x1.d0cb58f6ec074p-1, 0x1.cf26e5c44bfc6p-1,
    0x1.cd85689039b0bp-1, 0x1.cbe6d9601cbe7p-1, 0x1.ca4b3055ee191p-1, 0x1.c8b265afb8a42p-1,
    0x1.c71c71c71c71cp-1, 0x1.c5894d10d4986p-1, 0x1.c3f8f01c3f8f0p-1, 0x1.c26b5392ea01cp-1,
    0x1.c0e070381c0e0p-1, 0x1.bf583ee868d8bp-1, 0x1.bdd2b899406f7p-1, 0x1.bc4fd65883e7bp-1,
    0x1.bacf914c1bad0p-1, 0x1.b951e2b18ff23p-1, 0x1.b7d6c3dda338bp-1, 0x1.b65e2e3beee05p-1,
    0x1.b4e81b4e81b4fp-1, 0x1.b37484ad806cep-1, 0x1.b2036406c80d9p-1, 0x1.b094b31d922a4p-1,
    0x1.af286bca1af28p-1, 0x1.adbe87f94905ep-1, 0x1.ac5701ac5701bp-1, 0x1.aaf1d2f87ebfdp-1,
    0x1.a98ef606a63bep-1, 0x1.a82e65130e159p-1, 0x1.a6d01a6d01a6dp-1, 0x1.a574107688a4ap-1,
    0x1.a41a41a41a41ap-1, 0x1.a2c2a87c51ca0p-1, 0x1.a16d3f97a4b02p-1, 0x1.a01a01a01a01ap-1,
    0x1.9ec8e951033d9p-1, 0x1.9d79f176b682dp-1, 0x1.9c2d14ee4a102p-1, 0x1.9ae24ea5510dap-1,
    0x1.999999999999ap-1, 0x1.9852f0d8ec0ffp-1, 0x1.970e4f80cb872p-1, 0x1.95cbb0be377aep-1,
    0x1.948b0fcd6e9e0p-1, 0x1.934c67f9b2ce6p-1, 0x1.920fb49d0e229p-1, 0x1.90d4f120190d5p-1,
    0x1.8f9c18f9c18fap-1, 0x1.8e6527af1373fp-1, 0x1.8d3018d3018d3p-1, 0x1.8bfce8062ff3ap-1,
    0x1.8acb90f6bf3aap-1, 0x1.899c0f601899cp-1, 0x1.886e5f0abb04ap-1, 0x1.87427bcc092b9p-1,
    0x1.8618618618618p-1, 0x1.84f00c2780614p-1, 0x1.83c977ab2beddp-1, 0x1.82a4a0182a4a0p-1,
    0x1.8181818181818p-1, 0x1.8060180601806p-1, 0x1.7f405fd017f40p-1, 0x1.7e225515a4f1dp-1,
    0x1.7d05f417d05f4p-1, 0x1.7beb3922e017cp-1, 0x1.7ad2208e0ecc3p-1, 0x1.79baa6bb6398bp-1,
    0x1.78a4c8178a4c8p-1, 0x1.77908119ac60dp-1, 0x1.767dce434a9b1p-1, 0x1.756cac201756dp-1,
    0x1.745d1745d1746p-1, 0x1.734f0c541fe8dp-1, 0x1.724287f46debcp-1, 0x1.713786d9c7c09p-1,
    0x1.702e05c0b8170p-1, 0x1.6f26016f26017p-1, 0x1.6e1f76b4337c7p-1, 0x1.6d1a62681c861p-1,
    0x1.6c16c16c16c17p-1, 0x1.6b1490aa31a3dp-1, 0x1.6a13cd1537290p-1, 0x1.691473a88d0c0p-1,
    0x1.6816816816817p-1, 0x1.6719f3601671ap-1, 0x1.661ec6a5122f9p-1, 0x1.6524f853b4aa3p-1,
    0x1.642c8590b2164p-1, 0x1.63356b88ac0dep-1, 0x1.623fa77016240p-1, 0x1.614b36831ae94p-1,
    0x1.6058160581606p-1, 0x1.5f66434292dfcp-1, 0x1.5e75bb8d015e7p-1, 0x1.5d867c3ece2a5p-1,
    0x1.5c9882b931057p-1, 0x1.5babcc647fa91p-1, 0x1.5ac056b015ac0p-1, 0x1.59d61f123ccaap-1,
    0x1.58ed2308158edp-1, 0x1.5805601580560p-1, 0x1.571ed3c506b3ap-1, 0x1.56397ba7c52e2p-1,
    0x1.5555555555555p-1, 0x1.54725e6bb82fep-1, 0x1.5390948f40febp-1, 0x1.52aff56a8054bp-1,
    0x1.51d07eae2f815p-1, 0x1.50f22e111c4c5p-1, 0x1.5015015015015p-1, 0x1.4f38f62dd4c9bp-1,
    0x1.4e5e0a72f0539p-1, 0x1.4d843bedc2c4cp-1, 0x1.4cab88725af6ep-1, 0x1.4bd3edda68fe1p-1,
    0x1.4afd6a052bf5bp-1, 0x1.4a27fad76014ap-1, 0x1.49539e3b2d067p-1, 0x1.4880522014880p-1,
    0x1.47ae147ae147bp-1, 0x1.46dce34596066p-1, 0x1.460cbc7f5cf9ap-1, 0x1.453d9e2c776cap-1,
    0x1.446f86562d9fbp-1, 0x1.43a2730abee4dp-1, 0x1.42d6625d51f87p-1, 0x1.420b5265e5951p-1,
    0x1.4141414141414p-1, 0x1.40782d10e6566p-1, 0x1.3fb013fb013fbp-1, 0x1.3ee8f42a5af07p-1,
    0x1.3e22cbce4a902p-1, 0x1.3d5d991aa75c6p-1, 0x1.3c995a47babe7p-1, 0x1.3bd60d9232955p-1,
    0x1.3b13b13b13b14p-1, 0x1.3a524387ac822p-1, 0x1.3991c2c187f63p-1, 0x1.38d22d366088ep-1,
    0x1.3813813813814p-1, 0x1.3755bd1c945eep-1, 0x1.3698df3de0748p-1, 0x1.35dce5f9f2af8p-1,
    0x1.3521cfb2b78c1p-1, 0x1.34679ace01346p-1, 0x1.33ae45b57bcb2p-1, 0x1.32f5ced6a1dfap-1,
    0x1.323e34a2b10bfp-1, 0x1.3187758e9ebb6p-1, 0x1.30d190130d190p-1, 0x1.301c82ac40260p-1,
    0x1.2f684bda12f68p-1, 0x1.2eb4ea1fed14bp-1, 0x1.2e025c04b8097p-1, 0x1.2d50a012d50a0p-1,
    0x1.2c9fb4d812ca0p-1, 0x1.2bef98e5a3711p-1, 0x1.2b404ad012b40p-1, 0x1.2a91c92f3c105p-1,
    0x1.29e4129e4129ep-1, 0x1.293725bb804a5p-1, 0x1.288b01288b013p-1, 0x1.27dfa38a1ce4dp-1,
    0x1.27350b8812735p-1, 0x1.268b37cd60127p-1, 0x1.25e22708092f1p-1, 0x1.2539d7e9177b2p-1,
    0x1.2492492492492p-1, 0x1.23eb79717605bp-1, 0x1.23456789abcdfp-1, 0x1.22a0122a0122ap-1,
    0x1.21fb78121fb78p-1, 0x1.21579804855e6p-1, 0x1.20b470c67c0d9p-1, 0x1.2012012012012p-1,
    0x1.1f7047dc11f70p-1, 0x1.1ecf43c7fb84cp-1, 0x1.1e2ef3b3fb874p-1, 0x1.1d8f5672e4abdp-1,
    0x1.1cf06ada2811dp-1, 0x1.1c522fc1ce059p-1, 0x1.1bb4a4046ed29p-1, 0x1.1b17c67f2bae3p-1,
    0x1.1a7b9611a7b96p-1, 0x1.19e0119e0119ep-1, 0x1.19453808ca29cp-1, 0x1.18ab083902bdbp-1,
    0x1.1811811811812p-1, 0x1.1778a191bd684p-1, 0x1.16e0689427379p-1, 0x1.1648d50fc3201p-1,
    0x1.15b1e5f75270dp-1, 0x1.151b9a3fdd5c9p-1, 0x1.1485f0e0acd3bp-1, 0x1.13f0e8d344724p-1,
    0x1.135c81135c811p-1, 0x1.12c8b89edc0acp-1, 0x1.12358e75d3033p-1, 0x1.11a3019a74826p-1,
    0x1.1111111111111p-1, 0x1.107fbbe011080p-1, 0x1.0fef010fef011p-1, 0x1.0f5edfab325a2p-1,
    0x1.0ecf56be69c90p-1, 0x1.0e40655826011p-1, 0x1.0db20a88f4696p-1, 0x1.0d24456359e3ap-1,
    0x1.0c9714fbcda3bp-1, 0x1.0c0a7868b4171p-1, 0x1.0b7e6ec259dc8p-1, 0x1.0af2f722eecb5p-1,
    0x1.0a6810a6810a7p-1, 0x1.09ddba6af8360p-1, 0x1.0953f39010954p-1, 0x1.08cabb37565e2p-1,
    0x1.0842108421084p-1, 0x1.07b9f29b8eae2p-1, 0x1.073260a47f7c6p-1, 0x1.06ab59c7912fbp-1,
    0x1.0624dd2f1a9fcp-1, 0x1.059eea0727586p-1, 0x1.05197f7d73404p-1, 0x1.04949cc1664c5p-1,
    0x1.0410410410410p-1, 0x1.038c6b78247fcp-1, 0x1.03091b51f5e1ap-1, 0x1.02864fc7729e9p-1,
    0x1.0204081020408p-1, 0x1.0182436517a37p-1, 0x1.0101010101010p-1, 0x1.0080402010080p-1,
}, {
    0.0, 0x1.0000000000000p-56, -0x1.0000000000000p-56, 0x1.b000000000000p-56,
    0x1.0000000000000p-54, -0x1.dc00000000000p-55, -0x1.6800000000000p-55, -0x1.a000000000000p-58,
    0x1.0000000000000p-55, 0x1.2000000000000p-57, -0x1.0000000000000p-54, 0x1.9000000000000p-57,
    -0x1.6000000000000p-56, -0x1.b000000000000p-55, 0x1.6000000000000p-55, -0x1.0c00000000000p-55,
    -0x1.0000000000000p-56, -0x1.0000000000000p-60, -0x1.3000000000000p-55, -0x1.0000000000000p-60,
    0x1.c000000000000p-57, 0x1.4800000000000p-55, 0x1.e000000000000p-55, -0x1.0000000000000p-60,
    -0x1.2000000000000p-55, -0x1.d800000000000p-55, -0x1.c000000000000p-56, -0x1.e000000000000p-57,
    0x1.a000000000000p-56, 0x1.5800000000000p-56, -0x1.0000000000000p-60, -0x1.0000000000000p-60,
    -0x1.0000000000000p-54, 0x1.1800000000000p-55, -0x1.0000000000000p-56, -0x1.6000000000000p-56,
    -0x1.0000000000000p-54, 0x1.7000000000000p-57, -0x1.5800000000000p-55, -0x1.0c00000000000p-55,
    0x1.0000000000000p-54, -0x1.9400000000000p-55, -0x1.9000000000000p-56, -0x1.4800000000000p-56,
    0x1.2800000000000p-54, 0x1.b000000000000p-56, -0x1.0000000000000p-60, 0x1.c000000000000p-57,
    -0x1.0000000000000p-54, -0x1.0000000000000p-60, 0x1.1800000000000p-55, 0x1.9c00000000000p-55,
    0x1.3000000000000p-54, 0x1.b400000000000p-55, -0x1.0000000000000p-60, -0x1.a000000000000p-57,
    -0x1.4000000000000p-55, -0x1.8000000000000p-55, 0x1.d000000000000p-55, -0x1.0000000000000p-60,
    -0x1.2000000000000p-56, -0x1.1c00000000000p-55, 0x1.f000000000000p-55, -0x1.6800000000000p-55,
    0x1.0000000000000p-54, -0x1.0400000000000p-55, -0x1.3800000000000p-54, 0x1.1400000000000p-54,
    -0x1.0000000000000p-54, -0x1.0000000000000p-60, 0x1.b000000000000p-56, 0x1.3000000000000p-57,
    0x1.4000000000000p-55, -0x1.2000000000000p-58, -0x1.0000000000000p-60, -0x1.0000000000000p-60,
    0x1.e000000000000p-55, -0x1.4000000000000p-57, 0x1.1800000000000p-54, 0x1.7000000000000p-57,
    -0x1.0000000000000p-54, 0x1.5000000000000p-55, -0x1.b000000000000p-56, -0x1.0000000000000p-56,
    -0x1.0000000000000p-56, -0x1.0000000000000p-60, -0x1.0000000000000p-54, -0x1.2800000000000p-56,
    -0x1.0000000000000p-56, 0x1.c000000000000p-57, -0x1.c800000000000p-55, -0x1.2e00000000000p-54,
    -0x1.0000000000000p-56, -0x1.1c00000000000p-55, -0x1.0000000000000p-60, 0x1.cc00000000000p-55,
    0x1.0000000000000p-55, 0x1.b400000000000p-55, -0x1.0000000000000p-58, 0x1.ec00000000000p-55,
    -0x1.0000000000000p-55, 0x1.3000000000000p-57, 0x1.2800000000000p-55, 0x1.c000000000000p-59,
    0x1.6000000000000p-55, 0x1.4000000000000p-59, -0x1.8000000000000p-55, 0x1.0000000000000p-55,
    0x1.6800000000000p-54, 0x1.2000000000000p-57, -0x1.0000000000000p-60, -0x1.4c00000000000p-55,
    -0x1.0000000000000p-55, -0x1.0000000000000p-60, 0x1.0000000000000p-54, 0x1.f000000000000p-55,
    0x1.7000000000000p-54, 0x1.6000000000000p-56, -0x1.0c00000000000p-54, -0x1.3400000000000p-55,
    -0x1.c000000000000p-56, -0x1.dc00000000000p-55, -0x1.0000000000000p-54, -0x1.4800000000000p-55,
    -0x1.a000000000000p-56, -0x1.0000000000000p-56, 0x1.1800000000000p-54, 0x1.e000000000000p-57,
    -0x1.0000000000000p-54, -0x1.0000000000000p-60, 0x1.5800000000000p-55, 0x1.8400000000000p-55,
    -0x1.6000000000000p-56, -0x1.4e00000000000p-54, -0x1.0000000000000p-60, 0x1.7a00000000000p-54,
    -0x1.7000000000000p-54, 0x1.5800000000000p-54, -0x1.6800000000000p-54, 0x1.5800000000000p-56,
    0x1.8800000000000p-54, -0x1.f000000000000p-56, 0x1.1000000000000p-56, -0x1.0000000000000p-54,
    0x1.8000000000000p-56, -0x1.d000000000000p-56, -0x1.6000000000000p-56, -0x1.0000000000000p-60,
    0x1.c000000000000p-57, -0x1.7800000000000p-56, 0x1.a000000000000p-57, -0x1.c800000000000p-56,
    -0x1.0000000000000p-56, -0x1.4000000000000p-58, -0x1.0000000000000p-60, 0x1.e800000000000p-56,
    -0x1.9000000000000p-54, 0x1.b800000000000p-55, -0x1.b800000000000p-55, 0x1.9600000000000p-54,
    0x1.0000000000000p-54, -0x1.3c00000000000p-54, -0x1.6800000000000p-55, 0x1.a800000000000p-55,
    0x1.a000000000000p-54, 0x1.9800000000000p-55, 0x1.6000000000000p-54, -0x1.c000000000000p-56,
    -0x1.6000000000000p-55, -0x1.9400000000000p-54, 0x1.a000000000000p-56, -0x1.0000000000000p-60,
    -0x1.5800000000000p-54, -0x1.0000000000000p-60, -0x1.0000000000000p-56, -0x1.8000000000000p-55,
    -0x1.0000000000000p-54, -0x1.2800000000000p-56, -0x1.0000000000000p-60, -0x1.0000000000000p-56,
    0x1.0000000000000p-54, 0x1.4000000000000p-59, -0x1.0000000000000p-54, -0x1.b400000000000p-55,
    -0x1.c000000000000p-55, 0x1.e800000000000p-56, 0x1.9c00000000000p-54, -0x1.8200000000000p-54,
    -0x1.4000000000000p-57, 0x1.9600000000000p-54, -0x1.1000000000000p-56, -0x1.9000000000000p-56,
    -0x1.0000000000000p-54, -0x1.9400000000000p-55, -0x1.0000000000000p-60, -0x1.0000000000000p-60,
    -0x1.0000000000000p-56, -0x1.0000000000000p-60, 0x1.ac00000000000p-54, -0x1.0000000000000p-60,
    -0x1.0000000000000p-54, -0x1.5000000000000p-55, -0x1.e000000000000p-55, 0x1.be00000000000p-54,
    0x1.c000000000000p-57, 0x1.1400000000000p-55, -0x1.0000000000000p-60, 0x1.1a00000000000p-54,
    -0x1.0000000000000p-56, -0x1.0000000000000p-60, -0x1.0000000000000p-58, 0x1.0200000000000p-54,
    0x1.d000000000000p-54, -0x1.6000000000000p-56, 0x1.3000000000000p-56, -0x1.4800000000000p-56,
    -0x1.0000000000000p-58, 0x1.8400000000000p-55, -0x1.8400000000000p-54, -0x1.a000000000000p-56,
    -0x1.9000000000000p-55, 0x1.f000000000000p-55, -0x1.8c00000000000p-54, -0x1.cc00000000000p-54,
    -0x1.0000000000000p-56, 0x1.0000000000000p-54, 0x1.0000000000000p-60, 0x1.4c00000000000p-54,
    0x1.0000000000000p-55, 0x1.a800000000000p-56, 0x1.8800000000000p-54, 0x1.5800000000000p-55,
    0x1.e000000000000p-55, 0x1.b200000000000p-54, 0x1.a000000000000p-54, -0x1.b200000000000p-54,
    0x1.e800000000000p-54, -0x1.0000000000000p-56, 0x1.8000000000000p-57, -0x1.0000000000000p-60,
    -0x1.0000000000000p-55, 0x1.8400000000000p-54, -0x1.a800000000000p-54, -0x1.7e00000000000p-54,
    0x1.8000000000000p-56, -0x1.8400000000000p-54, -0x1.4000000000000p-56, -0x1.da00000000000p-54,
    -0x1.0000000000000p-54, 0x1.c000000000000p-57, -0x1.3800000000000p-54, 0x1.cc00000000000p-55,
    -0x1.0000000000000p-56, -0x1.4a00000000000p-54, -0x1.0000000000000p-56, -0x1.0000000000000p-54,
}, {
    0.0, 0x1.ff00aa2b10ba0p-9, 0x1.fe02a6b106799p-8, 0x1.7dc475f810a69p-7,
    0x1.fc0a8b0fc03c4p-7, 0x1.3cea44346a584p-6, 0x1.7b91b07d5b126p-6, 0x1.b9fc027af919ap-6,
    0x1.f829b0e7832f8p-6, 0x1.1b0d98923d97fp-5, 0x1.39e87b9febd68p-5, 0x1.58a5bafc8e4d3p-5,
    0x1.77458f632dcffp-5, 0x1.95c830ec8e3f2p-5, 0x1.b42dd711971b9p-5, 0x1.d276b8adb0b56p-5,
    0x1.f0a30c01162a8p-5, 0x1.075983598e471p-4, 0x1.16536eea37ae3p-4, 0x1.253f62f0a1417p-4,
    0x1.341d7961bd1d0p-4, 0x1.42edcbea646eep-4, 0x1.51b073f06183cp-4, 0x1.60658a93750c4p-4,
    0x1.6f0d28ae56b4ep-4, 0x1.7da766d7b12d0p-4, 0x1.8c345d6319b23p-4, 0x1.9ab42462033aep-4,
    0x1.a926d3a4ad562p-4, 0x1.b78c82bb0eda0p-4, 0x1.c5e548f5bc743p-4, 0x1.d4313d66cb35dp-4,
    0x1.e27076e2af2eap-4, 0x1.f0a30c01162a4p-4, 0x1.fec9131dbeabcp-4, 0x1.0671512ca596fp-3,
    0x1.0d77e7cd08e5bp-3, 0x1.14785846742acp-3, 0x1.1b72ad52f67a2p-3, 0x1.2266f190a5acdp-3,
    0x1.29552f81ff521p-3, 0x1.303d718e47fd5p-3, 0x1.371fc201e8f75p-3, 0x1.3dfc2b0ecc62ap-3,
    0x1.44d2b6ccb7d1cp-3, 0x1.4ba36f39a55e5p-3, 0x1.526e5e3a1b438p-3, 0x1.59338d9982085p-3,
    0x1.5ff3070a793d6p-3, 0x1.66acd4272ad51p-3, 0x1.6d60fe719d21bp-3, 0x1.740f8f54037a3p-3,
    0x1.7ab890210d907p-3, 0x1.815c0a14357e9p-3, 0x1.87fa06520c911p-3, 0x1.8e928de886d41p-3,
    0x1.9525a9cf456b6p-3, 0x1.9bb362e7dfb85p-3, 0x1.a23bc1fe2b561p-3, 0x1.a8becfc882f19p-3,
    0x1.af3c94e80bff3p-3, 0x1.b5b519e8fb5a6p-3, 0x1.bc286742d8cd4p-3, 0x1.c2968558c18c2p-3,
    0x1.c8ff7c79a9a20p-3, 0x1.cf6354e09c5ddp-3, 0x1.d5c216b4fbb94p-3, 0x1.dc1bca0abec7bp-3,
    0x1.e27076e2af2e8p-3, 0x1.e8c0252aa5a60p-3, 0x1.ef0adcbdc5935p-3, 0x1.f550a564b7b37p-3,
    0x1.fb9186d5e3e29p-3, 0x1.00e6c45ad501dp-2, 0x1.0402594b4d041p-2, 0x1.071b85fcd590dp-2,
    0x1.0a324e27390e2p-2, 0x1.0d46b579ab74bp-2, 0x1.1058bf9ae4ad4p-2, 0x1.136870293a8b0p-2,
    0x1.1675cababa60fp-2, 0x1.1980d2dd4236fp-2, 0x1.1c898c16999fbp-2, 0x1.1f8ff9e48a2f3p-2,
    0x1.22941fbcf7966p-2, 0x1.2596010df763ap-2, 0x1.2895a13de86a4p-2, 0x1.2b9303ab89d25p-2,
    0x1.2e8e2bae11d31p-2, 0x1.31871c9544185p-2, 0x1.347dd9a987d56p-2, 0x1.3772662bfd85cp-2,
    0x1.3a64c556945eap-2, 0x1.3d54fa5c1f710p-2, 0x1.404308686a7e4p-2, 0x1.432ef2a04e813p-2,
    0x1.4618bc21c5ec2p-2, 0x1.49006804009d0p-2, 0x1.4be5f957778a1p-2, 0x1.4ec9732600269p-2,
    0x1.51aad872df82ep-2, 0x1.548a2c3add263p-2, 0x1.5767717455a6cp-2, 0x1.5a42ab0f4cfe2p-2,
    0x1.5d1bdbf5809cap-2, 0x1.5ff3070a793d4p-2, 0x1.62c82f2b9c796p-2, 0x1.659b57303e1f2p-2,
    0x1.686c81e9b14adp-2, 0x1.6b3bb2235943dp-2, 0x1.6e08eaa2ba1e4p-2, 0x1.70d42e2789236p-2,
    0x1.739d7f6bbd007p-2, 0x1.7664e1239dbcfp-2, 0x1.792a55fdd47a1p-2, 0x1.7bede0a37afbfp-2,
    0x1.7eaf83b82afc2p-2, 0x1.816f41da0d495p-2, 0x1.842d1da1e8b18p-2, 0x1.86e919a330ba1p-2,
    0x1.89a3386c1425bp-2, 0x1.8c5b7c858b48bp-2, 0x1.8f11e873662c8p-2, 0x1.91c67eb45a83ep-2,
    0x1.947941c2116fbp-2, 0x1.972a341135159p-2, 0x1.99d958117e08ap-2, 0x1.9c86b02dc0862p-2,
    0x1.9f323ecbf984dp-2, 0x1.a1dc064d5b995p-2, 0x1.a484090e5bb09p-2, 0x1.a72a4966bd9e9p-2,
    0x1.a9cec9a9a084ap-2, 0x1.ac718c258b0e5p-2, 0x1.af1293247786bp-2, 0x1.b1b1e0ebdfc5ap-2,
    0x1.b44f77bcc8f64p-2, 0x1.b6eb59d3cf35cp-2, 0x1.b9858969310fdp-2, 0x1.bc1e08b0dad0ap-2,
    0x1.beb4d9da71b7ap-2, 0x1.c149ff115f027p-2, 0x1.c3dd7a7cdad4dp-2, 0x1.c66f4e3ff6ff9p-2,
    0x1.c8ff7c79a9a21p-2, 0x1.cb8e0744d7acap-2, 0x1.ce1af0b85f3ecp-2, 0x1.d0a63ae721e64p-2,
    0x1.d32fe7e00ebd5p-2, 0x1.d5b7f9ae2c684p-2, 0x1.d83e7258a2f3ep-2, 0x1.dac353e2c5955p-2,
    0x1.dd46a04c1c4a1p-2, 0x1.dfc859906d5b5p-2, 0x1.e24881a7c6c26p-2, 0x1.e4c71a8687704p-2,
    0x1.e744261d68789p-2, 0x1.e9bfa659861f5p-2, 0x1.ec399d2468cc1p-2, 0x1.eeb20c640ddf3p-2,
    0x1.f128f5faf06ecp-2, 0x1.f39e5bc811e5dp-2, 0x1.f6123fa7028adp-2, 0x1.f884a36fe9ec1p-2,
    0x1.faf588f78f31dp-2, 0x1.fd64f20f61571p-2, 0x1.ffd2e0857f497p-2, 0x1.011fab125ff8ap-1,
    0x1.02552a5a5d0ffp-1, 0x1.0389eefce633cp-1, 0x1.04bdf9da926d2p-1, 0x1.05f14bd26459cp-1,
    0x1.0723e5c1cdf41p-1, 0x1.0855c884b450ep-1, 0x1.0986f4f573521p-1, 0x1.0ab76bece14d2p-1,
    0x1.0be72e4252a83p-1, 0x1.0d163ccb9d6b8p-1, 0x1.0e44985d1cc8cp-1, 0x1.0f7241c9b497dp-1,
    0x1.109f39e2d4c96p-1, 0x1.11cb81787ccf8p-1, 0x1.12f719593efbdp-1, 0x1.1422025243d45p-1,
    0x1.154c3d2f4d5eap-1, 0x1.1675cababa60ep-1, 0x1.179eabbd899a0p-1, 0x1.18c6e0ff5cf07p-1,
    0x1.19ee6b467c96fp-1, 0x1.1b154b57da29ep-1, 0x1.1c3b81f713c25p-1, 0x1.1d610fe677003p-1,
    0x1.1e85f5e7040d1p-1, 0x1.1faa34b87094cp-1, 0x1.20cdcd192ab6ep-1, 0x1.21f0bfc65beecp-1,
    0x1.23130d7bebf43p-1, 0x1.2434b6f483934p-1, 0x1.2555bce98f7cap-1, 0x1.26762013430e0p-1,
    0x1.2795e1289b11bp-1, 0x1.28b500df60783p-1, 0x1.29d37fec2b08bp-1, 0x1.2af15f02640acp-1,
    0x1.2c0e9ed448e8cp-1, 0x1.2d2b4012edc9dp-1, 0x1.2e47436e40268p-1, 0x1.2f62a99509546p-1,
    0x1.307d7334f10bep-1, 0x1.3197a0fa7fe6ap-1, 0x1.32b1339121d71p-1, 0x1.33ca2ba328994p-1,
    0x1.34e289d9ce1d2p-1, 0x1.35fa4edd36ea0p-1, 0x1.37117b54747b6p-1, 0x1.38280fe58797fp-1,
    0x1.393e0d3562a1ap-1, 0x1.3a5373e7ebdf9p-1, 0x1.3b68449fffc23p-1, 0x1.3c7c7fff73206p-1,
    0x1.3d9026a7156fbp-1, 0x1.3ea33936b2f5bp-1, 0x1.3fb5b84d16f43p-1, 0x1.40c7a4880dceap-1,
    0x1.41d8fe84672afp-1, 0x1.42e9c6ddf80bfp-1, 0x1.43f9fe2f9ce67p-1, 0x1.4509a5133bb0ap-1,
    0x1.4618bc21c5ec2p-1, 0x1.472743f33aaadp-1, 0x1.48353d1ea88dfp-1, 0x1.4942a83a2fc07p-1,
    0x1.4a4f85db03ebbp-1, 0x1.4b5bd6956e273p-1, 0x1.4c679afccee39p-1, 0x1.4d72d3a39fd01p-1,
    0x1.4e7d811b75bb0p-1, 0x1.4f87a3f5026e9p-1, 0x1.50913cc01686bp-1, 0x1.519a4c0ba3446p-1,
    0x1.52a2d265bc5abp-1, 0x1.53aad05b99b7cp-1, 0x1.54b2467999498p-1, 0x1.55b9354b40bcep-1,
    0x1.56bf9d5b3f399p-1, 0x1.57c57f336f191p-1, 0x1.58cadb5cd7989p-1, 0x1.59cfb25fae87fp-1,
    0x1.5ad404c359f2dp-1, 0x1.5bd7d30e71c73p-1, 0x1.5cdb1dc6c1765p-1, 0x1.5ddde57149923p-1,
    0x1.5ee02a9241676p-1, 0x1.5fe1edad18919p-1, 0x1.60e32f44788d9p-1, 0x1.61e3efda46467p-1,
}, {
    0.0, 0x1.2821ad5a6d357p-63, -0x1.e44b7e3711e7fp-67, 0x1.74944bc161072p-61,
    -0x1.83092c5964281p-62, -0x1.865ad48159d00p-61, -0x1.6d80ab38e9430p-62, -0x1.90ae69229dc86p-60,
    0x1.33e3f04f1ef25p-60, -0x1.74d7444dd6241p-59, -0x1.5bfa937f551b7p-59, -0x1.cab8569c56e40p-64,
    0x1.8d3ca87b92968p-63, 0x1.eb41d00a417e9p-60, 0x1.0a34531f67db5p-59, 0x1.078f14c95ff53p-59,
    0x1.85f325c5bbacdp-59, 0x1.006d2999e22dcp-58, 0x1.2189705cf74cap-58, 0x1.1f6d34e01d981p-61,
    -0x1.3599f227becbbp-58, -0x1.511583653349bp-58, -0x1.5b61c65e5741ap-58, -0x1.f108b1d8436d3p-59,
    -0x1.20db323097324p-59, 0x1.a2240644d7da2p-59, -0x1.294d2f5668495p-58, -0x1.a099e1c184e8ep-59,
    -0x1.d7a16eab1e2adp-59, -0x1.3ef0e61f9b03cp-58, 0x1.2eb0bf7c0b0d9p-59, 0x1.b90dd951d90fap-58,
    -0x1.61578001e015ap-60, 0x1.8be64b8b7759bp-59, -0x1.5746b9981b36cp-58, -0x1.2f39b81479b67p-58,
    0x1.9a5dc5e9030adp-57, 0x1.94409f1d3f83ap-60, -0x1.fbe7ee5c69946p-57, -0x1.dab840e7f6177p-57,
    0x1.301771c407dc0p-57, -0x1.b5ae71f658247p-57, 0x1.e6cb62af18a02p-62, 0x1.ba62b8c13f7f4p-57,
    0x1.7d3d950f87e23p-59, -0x1.f767e433c98aap-57, -0x1.546ff8a470d3ap-57, 0x1.8d16eaaba9419p-57,
    -0x1.bc60efafc6f6cp-58, -0x1.9201c9c3d5165p-59, 0x1.d551d97132e87p-57, 0x1.6d9bf9d57b326p-58,
    -0x1.1072534a57e7dp-57, 0x1.141b7f8c5fa9ep-58, -0x1.9f7fdbfa08d9ap-57, 0x1.2589eb96a6240p-59,
    -0x1.26fb3e2b1d1dap-57, -0x1.51439c1ff83e7p-58, 0x1.24dc46c1ea664p-57, -0x1.a8c37918c39ebp-58,
    0x1.a3398064df33ep-57, -0x1.d5d8023e61e5fp-57, 0x1.cfce744870f57p-58, 0x1.6108e3ae024acp-60,
    -0x1.4f689f8434011p-57, 0x1.339a07d55b696p-57, -0x1.a37794d03657dp-58, 0x1.c698a33316dfbp-58,
    -0x1.61578001e015ep-59, -0x1.dc074737f9135p-60, 0x1.e8637950dc20dp-57, -0x1.13a09202fe73dp-57,
    0x1.355519b0de535p-57, -0x1.3b9568ff6feadp-57, -0x1.08ec217a5022dp-57, 0x1.08b83fcbdef40p-57,
    0x1.bdcfde8061c03p-56, 0x1.21f640e1e5ec9p-56, 0x1.3f415699663ecp-63, 0x1.86cc531dba494p-57,
    0x1.ce63eab883727p-61, -0x1.02c2e4f1b2eb9p-56, 0x1.9f1a39d500e3cp-56, -0x1.93fbf3418960dp-57,
    -0x1.dbd7ac258a2bdp-58, -0x1.9eed8ae0ebd3cp-59, 0x1.7ad24c13f040fp-56, -0x1.85ad7f614ab51p-58,
    -0x1.1e99b72bd7bf2p-57, -0x1.ea3598981366fp-57, -0x1.16ea62c048cfbp-56, 0x1.02a7589fba088p-57,
    0x1.cbcd735d03424p-60, 0x1.53668e578d9cdp-58, -0x1.f79f6c1059cdbp-57, -0x1.83262e2b59206p-57,
    -0x1.7a42642661c62p-61, -0x1.bff0d07c5df6dp-59, -0x1.4b366b609027ap-58, -0x1.1aa87d977dc5ep-56,
    -0x1.d8db0a7cc1543p-56, -0x1.58ce7bf1846eep-56, -0x1.fb2a49af933e8p-57, -0x1.c6bcb7dee9a3dp-56,
    -0x1.7dc9c7c23801fp-56, -0x1.063077d7e37b7p-56, -0x1.090a0dd59fe35p-58, 0x1.db0af8efb83c7p-62,
    0x1.710af840538e3p-56, 0x1.957a93326784dp-56, -0x1.bfb1b39ca3a0fp-56, 0x1.ee99bf7143954p-56,
    0x1.ce24c53fad3f0p-58, -0x1.d6d5d64f5daf8p-57, 0x1.f057691fe9ed7p-56, -0x1.6783cb9801a5bp-56,
    -0x1.698b43096b576p-59, 0x1.76dc35fb48fe4p-56, 0x1.54ec519784677p-56, -0x1.700c9d2029045p-56,
    0x1.2d38c40881e0bp-57, 0x1.d754b0205fa6cp-56, 0x1.f85da755a61a3p-56, 0x1.5e3ea3b96a3dfp-57,
    0x1.1266e8a3e8838p-57, -0x1.5a3f62db48f27p-56, -0x1.315b444ee1f38p-56, 0x1.7e81149622bdfp-56,
    -0x1.a92e513217f58p-59, 0x1.a0128698ba0b8p-56, 0x1.fff29adc3ad3bp-56, 0x1.529dac69f61f1p-56,
    -0x1.ab7b00ad0dabcp-58, 0x1.682c7ade8dee3p-56, 0x1.533844a15dc28p-58, -0x1.0ee1a7dd74ea6p-58,
    -0x1.a0892a8b38eedp-61, 0x1.1524332cd95c4p-56, -0x1.f3827583b8877p-57, -0x1.385e3e3ea99a8p-58,
    0x1.be1874deaef08p-56, 0x1.46868de7f39f6p-57, 0x1.7d9e0a5bd4d37p-57, -0x1.82947258b6889p-58,
    0x1.3097607bcbfeep-56, 0x1.c5bbc32ef5aebp-56, -0x1.6416a1aa97b31p-57, 0x1.4acce112c40f2p-57,
    0x1.4ef6465f5f46ep-57, 0x1.4841807b53f96p-57, 0x1.c515ba2ec9444p-58, -0x1.abc65a3f2f204p-56,
    -0x1.19d95b62e2476p-62, 0x1.51e1399f96398p-56, 0x1.05ec7a2caa523p-57, -0x1.34c36e0f052b9p-56,
    0x1.cdf68dbcf2ed3p-56, -0x1.de45038241ecfp-56, -0x1.94623581958cfp-59, -0x1.81e47141b8404p-56,
    -0x1.328df13bb38c2p-56, 0x1.200e221139873p-59, 0x1.5456c3cb6cd06p-58, 0x1.618ae4f008400p-56,
    0x1.cd7d9f2754362p-57, -0x1.b615859d5a349p-62, -0x1.4d05f9366f27fp-59, 0x1.4043750211778p-55,
    0x1.e9c695d7ee800p-57, 0x1.8aae29a41ba4ap-59, 0x1.8fe60804593bfp-56, 0x1.935b8ee4f9efep-58,
    -0x1.6a1a71dbba44ep-59, 0x1.785826e49f318p-55, -0x1.37012b5805e02p-56, 0x1.02936cabac09ap-56,
    0x1.b4c4bdd99efffp-56, 0x1.6119595d0f3c3p-59, -0x1.c546885a5a707p-59, 0x1.ba8443b9db19dp-55,
    0x1.f78fb26c2de46p-55, 0x1.dc70f563f9920p-56, -0x1.67f6e731c1795p-56, 0x1.7e5e3b6a496ecp-55,
    0x1.98f33a3965e29p-57, -0x1.cb19c15477c8ep-56, -0x1.c73e320bf059fp-58, -0x1.9a6baf4f4e637p-56,
    -0x1.fa3422887e218p-57, 0x1.2770a5c124ab5p-56, -0x1.0b583899021d1p-56, 0x1.d27563647963dp-56,
    -0x1.084e99683070ep-55, 0x1.c42f71ef43276p-55, -0x1.aabf0bc229014p-55, -0x1.c24f0c9187c92p-57,
    -0x1.748725e374d6ep-55, -0x1.bebb8cf0f6d11p-57, 0x1.9810eb6b440f4p-55, -0x1.86a95781c6727p-56,
    0x1.ade0fcf6e5a1dp-55, 0x1.813f3f4aaa9a3p-60, 0x1.01735b2e9733fp-55, 0x1.ed8322925675ap-56,
    -0x1.8a158f3917586p-55, 0x1.9ae9d3664e355p-55, 0x1.0950861a4886bp-55, -0x1.7dcbcc6300133p-55,
    0x1.fdac850fab36dp-56, 0x1.f6348fb97128fp-57, 0x1.d02ab5b3d916bp-56, 0x1.1c6ba66fd0910p-55,
    0x1.775c96c42e729p-56, 0x1.727d468096436p-56, -0x1.808bf6deec882p-55, -0x1.756f4d8a9b974p-57,
    -0x1.38eef67f2483ap-55, 0x1.5ce11148e1124p-56, 0x1.c63b7b06164dap-55, -0x1.e80db7025bed1p-60,
    0x1.0084c7a15a4f5p-58, 0x1.f66e975ec9f52p-59, 0x1.0a74ea82e55dfp-56, 0x1.13c8b79ff2789p-58,
    -0x1.ee6d0cf42e7fap-55, -0x1.4d411c2cd7cf1p-55, 0x1.e1c9ee6d83b86p-55, -0x1.5701d7ad284a5p-55,
    0x1.e85bd9bd99e3ap-56, -0x1.a930fed5d6b7ep-60, -0x1.40a85d133f80bp-55, 0x1.2a18a88ca56b5p-56,
    -0x1.d76102e1644f2p-55, -0x1.2c7a06beea772p-55, -0x1.e971322ce7900p-57, 0x1.01a9a829c011bp-56,
    -0x1.5d3d9ea6e9ea8p-55, -0x1.68ca8b1bcea9dp-55, 0x1.9e59d2d85ab62p-56, 0x1.a332128e4a77fp-55,
    0x1.73be4578ad97bp-56, -0x1.7722c14b894e2p-57, 0x1.f4550a2d0f60cp-55, -0x1.1f342e541a63dp-59,
    0x1.11c6217363fcbp-57, 0x1.1eac5c4377e6ep-55, 0x1.624bc9764c22cp-55, -0x1.bb94822ace357p-57,
    0x1.eca6aa97c08e7p-55, -0x1.c9649352e8e44p-67, 0x1.47b71e2eb8419p-56, 0x1.0fa37d75ef285p-59,
    -0x1.bca7da80b6f7ep-55, 0x1.92e93de3ce483p-56, -0x1.58376a5f4b135p-57, 0x1.7923604841473p-57,
}};

template <class D>
RECTIFY_MATH_INLINE pair<D> log1p_pair(const pair<D>& e) noexcept {
    using I = mask_t<D>;
    I i = __builtin_convertvector(e.hi * 256.0, I);  // floor: E >= 0
    i = (i - (i >> 8)) & 255;                         // 256 (E = 1) -> 255; in the table whatever E
    D c;
    D delta;
    pair<D> log_c{};
    fastdd::lookup(c, log1p_256ths.c, i);
    fastdd::lookup(delta, log1p_256ths.delta, i);
    fastdd::lookup(log_c.hi, log1p_256ths.hi, i);
    fastdd::lookup(log_c.lo, log1p_256ths.lo, i);
    const D offset = __builtin_convertvector(i, D) * 0x1p-8;
    pair<D> t{};
    two_sum(t.hi, t.lo, e.hi - offset, e.lo);  // E - i/256 (the subtraction exact)
    pair<D> r = mul(t, c);
    D carry;
    two_sum(r.hi, carry, r.hi, delta);
    r.lo += carry;
    fast_two_sum(r.hi, r.lo, r.hi, r.lo);
    D s2h;
    D s2l;
    exact_product(s2h, s2l, r.hi, r.hi);
    D q = D{} - 0x1.999999999999ap-4;      // -1/10
    q = q * r.hi + 0x1.c71c71c71c71cp-4;   // 1/9
    q = q * r.hi - 0x1.0000000000000p-3;   // -1/8
    q = q * r.hi + 0x1.2492492492492p-3;   // 1/7
    q = q * r.hi - 0x1.5555555555555p-3;   // -1/6
    q = q * r.hi + 0x1.999999999999ap-3;   // 1/5
    q = q * r.hi - 0x1.0000000000000p-2;   // -1/4
    q = q * r.hi + 0x1.5555555555555p-2;   // 1/3
    const D cube = (s2h * r.hi) * q;
    pair<D> p{};
    fast_two_sum(p.hi, p.lo, r.hi, s2h * -0.5);
    p.lo = ((r.lo - (s2l * 0.5 + r.hi * r.lo) + s2h * r.lo) + p.lo) + cube;
    fast_two_sum(p.hi, p.lo, p.hi, p.lo);
    return add(log_c, p);
}

}  // namespace fastdd

namespace fastdd {

// The functions and forms with this fast path.
template <smooth F, form K>
inline constexpr bool covers = F != smooth::gelu;

template <class D>
RECTIFY_MATH_INLINE pair<D> lanes_of(const dd& v) noexcept {
    return {(D{} + v.hi), (D{} + v.lo)};
}
template <class D>
RECTIFY_MATH_INLINE pair<D> negated(const pair<D>& a) noexcept {
    return {-a.hi, -a.lo};
}
template <class D>
RECTIFY_MATH_INLINE pair<D> pick(const mask_t<D>& mask, const pair<D>& a, const pair<D>& b) noexcept {
    pair<D> r{};
    fastdd::select(r.hi, mask, a.hi, b.hi);
    fastdd::select(r.lo, mask, a.lo, b.lo);
    return r;
}

// The bounds m set below, relative to the magnitudes they scale. With e = 2^-74
// (exp) and e1 = 2^-67 (exp - 1) from exp_pair, and 2^-100 for each pair
// operation, the analysis of each function gives at most: softplus e1 (log1p
// to 2^-67.9, above); sigmoid, softplus' 1.5 e; sigmoid', tanh' 2 e; silu, gelu_tanh 1.5 e (their w to 2^-100 moves
// exp by |w| 2^-100 < 2^-90); silu', gelu_tanh' 1.5 e of sigma(z) (1 + |x
// sigma(-z)|); elu', selu', celu' e; mish 3 e; mish' 3.8 e of the
// magnitudes; tanh 2 e1; elu, selu, celu e1 (celu's x / alpha to 2^-104).
inline constexpr double exp_bound = 0x1p-68;    // at least 16 times 3.8 e
inline constexpr double expm1_bound = 0x1p-64;  // 4 times 2 e1

// y = yh + yl within m of F(x) (form K, parameter p), where `bad` is clear;
// lanes set in `bad` take the exact path. Both sides of a branch are
// computed in every lane and one kept.
template <smooth F, form K, class D>
// NOLINTNEXTLINE(readability-function-cognitive-complexity): one if-constexpr branch per function
RECTIFY_MATH_INLINE void evaluate(const D& x, const D& p, pair<D>& y, D& m, mask_t<D>& bad) noexcept {
    using M = mask_t<D>;
    constexpr double limit = 600.0;
    const D zero{};
    D ax;
    math::fabs(ax, x);
    fastdd::less(bad, ax, 0x1p900);
    bad = ~bad;  // NaN, infinities and |x| > 2^900
    if constexpr (F == smooth::elu || F == smooth::celu || F == smooth::softplus) {
        D ap;
        math::fabs(ap, p);
        M moderate;
        fastdd::less(moderate, ap, 0x1p900);  // (products with p stay exact, below 2^995)
        bad |= ~moderate;
    }
    M x_negative;
    fastdd::negative(x_negative, x);
    D magnitude;  // of y, or of the terms that cancel in it
    if constexpr (F == smooth::sigmoid || F == smooth::silu || F == smooth::softplus || F == smooth::gelu_tanh) {
        pair<D> z{x, zero};
        pair<D> g{zero, zero};  // gelu_tanh': the factor of sigma(-w)
        if constexpr (F == smooth::softplus) {
            exact_product(z.hi, z.lo, p, x);
        } else if constexpr (F == smooth::gelu_tanh) {
            pair<D> x2{};
            exact_product(x2.hi, x2.lo, x, x);
            const pair<D> k = lanes_of<D>(gelu_2k_dd);
            z = mul(add(mul(x2, lanes_of<D>(gelu_2kc_dd)), k), x);
            if constexpr (K == form::derivative) {
                g = mul(add(mul(x2, lanes_of<D>(gelu_6kc_dd)), k), x);
            }
        }
        // z has x's sign (softplus' beta > 0). exp(-|z|) clamped at exp(-600)
        // where |z| >= 600 (or NaN): values saturate where z >= 600 (the
        // clamped exp only adds to 1); where z <= -600 they, and the
        // derivatives, have exp(-|z|) as a factor.
        D a;
        math::fabs(a, z.hi);
        M near;
        fastdd::less(near, a, limit);
        bad |= (K == form::value || F == smooth::softplus) ? ~near & x_negative : ~near;
        D arg;
        D arg_lo;
        fastdd::select(arg, near, -a, D{} - limit);
        fastdd::select(arg_lo, x_negative, z.lo, -z.lo);
        arg_lo = __builtin_bit_cast(D, __builtin_bit_cast(M, arg_lo) & near);
        const pair<D> e = exp_pair<false>(arg, arg_lo);
        const pair<D> q = reciprocal(add(e, 1.0));  // sigma(|z|)
        const pair<D> eq = mul(e, q);               // sigma(-|z|)
        const pair<D> s = fastdd::pick(x_negative, eq, q);       // sigma(z)
        const pair<D> s_minus = fastdd::pick(x_negative, q, eq);  // sigma(-z)
        if constexpr (F == smooth::softplus && K == form::value) {
            // (max(z, 0) + log(1 + exp(-|z|))) / beta, both terms >= 0
            const pair<D> l = log1p_pair(e);
            y = mul(fastdd::pick(x_negative, l, add(z, l)), reciprocal(pair<D>{p, zero}));
        } else if constexpr (F == smooth::sigmoid && K == form::derivative) {
            y = mul(eq, q);
        } else if constexpr (F == smooth::sigmoid || F == smooth::softplus) {
            y = s;
        } else if constexpr (K == form::value) {
            y = mul(s, x);
        } else {
            const pair<D> t = F == smooth::silu ? mul(s_minus, x) : mul(s_minus, g);
            y = mul(s, add(t, 1.0));
            math::fabs(magnitude, t.hi);
            magnitude = s.hi * (1.0 + magnitude);
        }
        if constexpr (K == form::value || F == smooth::sigmoid || F == smooth::softplus) {
            math::fabs(magnitude, y.hi);
        }
        m = (F == smooth::softplus && K == form::value ? expm1_bound : exp_bound) * magnitude;
    } else if constexpr (F == smooth::tanh) {
        const D a2 = ax + ax;
        M near;
        fastdd::less(near, a2, limit);
        D arg;
        fastdd::select(arg, near, -a2, D{} - limit);
        if constexpr (K == form::value) {
            // tanh |x| = -t / (t + 2), t = exp(-2|x|) - 1 (clamped: tanh rounds to 1 long before)
            const pair<D> t = exp_pair<true>(arg, zero);
            const pair<D> v = mul(negated(t), reciprocal(add(t, 2.0)));
            y = fastdd::pick(x_negative, negated(v), v);
            math::fabs(magnitude, y.hi);
            m = expm1_bound * magnitude;
        } else {
            bad |= ~near;
            const pair<D> e = exp_pair<false>(arg, zero);
            const pair<D> q = reciprocal(add(e, 1.0));
            y = scaled(mul(mul(e, q), q), 4.0);
            math::fabs(magnitude, y.hi);
            m = exp_bound * magnitude;
        }
    } else if constexpr (F == smooth::elu || F == smooth::selu || F == smooth::celu) {
        pair<D> z{x, zero};
        if constexpr (F == smooth::celu) {
            // x / alpha as a pair: q0 = fl(x / alpha), the rest (x - q0 alpha) / alpha, x - q0 alpha exact
            const D q0 = x / p;
            D ph;
            D pl;
            exact_product(ph, pl, q0, p);
            fast_two_sum(z.hi, z.lo, q0, ((x - ph) - pl) / p);
        }
        // the exp argument: z, -600 below -600, 0 for x >= 0 (z has x's sign)
        D az;
        math::fabs(az, z.hi);
        if constexpr (F == smooth::celu) {
            M tiny;  // x / alpha below 2^-900: its low part would be subnormal
            fastdd::less(tiny, az, 0x1p-900);
            bad |= x_negative & tiny;
        }
        M near;
        fastdd::less(near, az, limit);
        const M far = x_negative & ~near;
        D arg;
        fastdd::select(arg, near, z.hi, D{} - limit);
        arg = __builtin_bit_cast(D, __builtin_bit_cast(M, arg) & x_negative);
        const D arg_lo = __builtin_bit_cast(D, __builtin_bit_cast(M, z.lo) & x_negative & near);
        const pair<D> scale = F == smooth::selu ? lanes_of<D>(lambda_alpha_dd) : pair<D>{p, zero};
        if constexpr (K == form::value) {
            // exp - 1 clamped at exp(-600) - 1: the value is -scale within 2^-865 of itself
            const pair<D> t = exp_pair<true>(arg, arg_lo);
            const pair<D> below_zero = F == smooth::celu ? mul(t, p) : mul(t, scale);
            pair<D> above = {x, zero};
            D above_m = zero;
            if constexpr (F == smooth::selu) {
                above = mul(lanes_of<D>(lambda_dd), x);
                math::fabs(above_m, above.hi);
                above_m *= 0x1p-96;
            }
            y = fastdd::pick(x_negative, below_zero, above);
            math::fabs(magnitude, below_zero.hi);
            fastdd::select(m, x_negative, expm1_bound * magnitude, above_m);
        } else {
            bad |= far;
            const pair<D> e = exp_pair<false>(arg, arg_lo);
            const pair<D> below_zero = F == smooth::celu ? e : mul(e, scale);
            const pair<D> above = F == smooth::selu ? lanes_of<D>(lambda_dd) : pair<D>{D{} + 1.0, zero};
            y = fastdd::pick(x_negative, below_zero, above);
            math::fabs(magnitude, y.hi);
            m = exp_bound * magnitude;
        }
    } else {
        static_assert(F == smooth::mish);
        M near;
        fastdd::less(near, ax, limit);
        bad |= K == form::value ? ~near & x_negative : ~near;
        D arg;
        fastdd::select(arg, near, -ax, D{} - limit);
        const pair<D> e = exp_pair<false>(arg, zero);  // exp(-|x|)
        const pair<D> n = mul(e, add(e, 2.0));
        const pair<D> e_e1 = mul(e, add(e, 1.0));
        const pair<D> d2 = add(scaled(e_e1, 2.0), 1.0);  // x > 0: tanh(softplus(x)) = (2e + 1) / d2
        const pair<D> num = add(scaled(e, 2.0), 1.0);
        const pair<D> d = add(n, 2.0);  // x <= 0: tanh(softplus(x)) = n / d
        M positive;
        fastdd::negative(positive, -x);
        if constexpr (K == form::value) {
            y = mul(fastdd::pick(positive, mul(num, reciprocal(d2)), mul(n, reciprocal(d))), x);
            math::fabs(magnitude, y.hi);
        } else {
            const pair<D> t1 = mul(n, d);
            const pair<D> t2 = scaled(mul(e_e1, x), 4.0);
            const pair<D> rd = reciprocal(mul(d, d));
            const pair<D> rd2 = reciprocal(d2);
            const pair<D> t3 = scaled(mul(mul(add(e, 1.0), mul(e, e)), x), 4.0);
            const pair<D> y_right = add(mul(num, rd2), mul(t3, mul(rd2, rd2)));
            y = fastdd::pick(positive, y_right, mul(add(t1, t2), rd));
            D m1;
            D m2;
            D m3;
            math::fabs(m1, t1.hi);
            math::fabs(m2, t2.hi);
            math::fabs(m3, y_right.hi);
            fastdd::select(magnitude, positive, m3, (m1 + m2) * rd.hi);
        }
        m = exp_bound * magnitude;
    }
}

// The correctly rounded double into r, in the lanes set in ok (see above).
template <smooth F, form K, class D>
RECTIFY_MATH_INLINE void decided(D& r, mask_t<D>& ok, const D& x, const D& p) noexcept {
    using M = mask_t<D>;
    pair<D> y{};
    D m;
    M bad;
    fastdd::evaluate<F, K>(x, p, y, m, bad);
    const D down = y.hi + (y.lo - m);
    const D up = y.hi + (y.lo + m);
    D ay;
    D ad;
    math::fabs(ay, y.hi);
    math::fabs(ad, down);
    M differ;
    fastdd::nonzero<D>(differ, __builtin_bit_cast(M, down) ^ __builtin_bit_cast(M, up));
    M tiny;
    M finite;
    fastdd::less(tiny, ay, 0x1p-800);
    fastdd::less(finite, ad, 0x1p1023);  // (false for NaN, which two equal ends could be)
    r = down;
    // decided, and 2^-800 <= |y|, |r| < 2^1023
    ok = ~(bad | differ | tiny) & finite;
}

}  // namespace fastdd
#else
#    define RECTIFY_FASTDD 0
#endif

}  // namespace math

// ---- From the math to an element type -------------------------------------------

// The unsigned integer holding a T's bits.
template <class T>
using bits_for = std::conditional_t<sizeof(T) == 2, std::uint16_t,
                                    std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>>;

// The quiet NaN of a NaN x: the same sign and payload, the quiet bit set.
template <class T>
constexpr T quiet(T x) noexcept {
    using U = bits_for<T>;
    constexpr U quiet_bit = U(U(1) << (significand_digits<T>() - 2));
    return std::bit_cast<T>(static_cast<U>(std::bit_cast<U>(x) | quiet_bit));
}

// hi + lo rounded once to T: for double, hi (faithful); for a narrower T,
// through hi + lo rounded to odd at double's precision, which a second
// rounding to T (at least two bits shorter) cannot double-round.
template <class T>
constexpr T round_dd(math::dd v) noexcept {
    if constexpr (sizeof(T) >= sizeof(double)) {
        return static_cast<T>(v.hi);
    } else {
        auto bits = std::bit_cast<std::uint64_t>(v.hi);
        if (v.lo != 0 && (bits & 1U) == 0 && v.hi != 0 && v.hi - v.hi == 0) {
            bits = (v.lo > 0) == (v.hi > 0) ? bits + 1 : bits - 1;  // away from or toward zero
        }
        return static_cast<T>(std::bit_cast<double>(bits));
    }
}

// v 2^-600 rounded once to T (v from far_tail or tiny_input). Where the
// result is a normal double, hi scaled (exactly) as round_dd does. Where it is
// subnormal, hi + lo is rounded in the scaled domain to the subnormal spacing
// (2^-1074 2^600): adding 2^-422 rounds |hi| to that spacing, and the rest of
// hi + lo decides whether to step once more.
template <class T>
constexpr T round_scaled(math::dd v) noexcept {
    const double down = 0x1p-600;
    const double scaled = v.hi * down;
    if ((scaled < 0 ? -scaled : scaled) >= std::numeric_limits<double>::min()) {
        return detail::round_dd<T>({v.hi * down, v.lo * down});
    }
    constexpr double spacing = 0x1p-474;
    constexpr double shift = 0x1p-422;
    const double a = v.hi < 0 ? -v.hi : v.hi;
    const double l = v.hi < 0 ? -v.lo : v.lo;
    double s = (a + shift) - shift;  // |hi| to the nearest multiple of the spacing
    const double off = a - s;  // exact; a multiple of ulp(hi), as is spacing / 2
    if (off > spacing / 2 || (off == spacing / 2 && l > 0)) {
        s += spacing;
    } else if (off < -spacing / 2 || (off == -spacing / 2 && l < 0)) {
        s -= spacing;
    }
    const double r = s * down;  // exact: a multiple of 2^-1074
    return static_cast<T>(v.hi < 0 ? -r : r);
}

// F(+-inf) and F'(+-inf): the limits.
template <smooth F, form K, class T>
// NOLINTNEXTLINE(readability-function-cognitive-complexity): one switch case per function
constexpr T smooth_at_infinity(bool negative, T p) noexcept {
    const auto inf = static_cast<T>(std::numeric_limits<double>::infinity());
    if constexpr (K == form::value) {
        switch (F) {
        case smooth::sigmoid:
            return negative ? T(0) : T(1);
        case smooth::tanh:
            return negative ? T(-1) : T(1);
        case smooth::elu:
        case smooth::celu:
            return negative ? T(-p) : inf;
        case smooth::selu:
            return negative ? detail::round_dd<T>(-math::lambda_alpha_dd) : inf;
        case smooth::softplus:
            return negative ? T(0) : inf;
        default:  // gelu, gelu_tanh, silu, mish: x itself above, -0 below
            return negative ? T(-0.0) : inf;
        }
    } else {
        switch (F) {
        case smooth::sigmoid:
        case smooth::tanh:
            return T(0);
        case smooth::selu:
            return negative ? T(0) : detail::round_dd<T>(math::lambda_dd);
        case smooth::elu:
            return negative ? T(p < 0 ? -0.0 : 0.0) : T(1);
        case smooth::celu:
        case smooth::softplus:
            return negative ? T(0) : T(1);
        default:  // gelu, gelu_tanh, silu, mish: 1 above, -0 below (the real value is negative)
            return negative ? T(-0.0) : T(1);
        }
    }
}

// A parameter the function takes: elu's alpha finite; celu's alpha and
// softplus's beta finite and > 0. (A NaN fails every comparison.)
template <smooth F, class T>
constexpr bool parameter_ok(T p) noexcept {
    const auto v = static_cast<double>(p);
    constexpr double max = std::numeric_limits<double>::max();
    if constexpr (F == smooth::elu) {
        return v >= -max && v <= max;
    } else if constexpr (F == smooth::celu || F == smooth::softplus) {
        return v > 0 && v <= max;
    } else {
        return true;
    }
}

// The compile-time parameter P of f_with<P> in element type T: alpha_of's
// conversion, checked when T is floating (an integer T is refused with
// require_smooth_type's message; here it only gets a placeholder).
template <smooth F, class P, class T>
struct smooth_constant {
    static constexpr T value = [] {
        if constexpr (floating<T>) {
            return alpha_of<P, T>::value;
        } else {
            return T(1);
        }
    }();
    static_assert(!floating<T> || F != smooth::elu || parameter_ok<F>(value),
                  "rectify: elu_with<alpha>: a compile-time alpha must be finite in the element type");
    static_assert(!floating<T> || F != smooth::celu || parameter_ok<F>(value),
                  "rectify: celu_with<alpha>: a compile-time alpha must be finite and greater than 0 in "
                  "the element type");
    static_assert(!floating<T> || F != smooth::softplus || parameter_ok<F>(value),
                  "rectify: softplus_with<beta>: a compile-time beta must be finite and greater than 0 in "
                  "the element type");
};

// The exact path, rounded to T. Where the real value is too small for
// double-double (below 2^-1074, far below every T's smallest subnormal) the
// result is the zero of the real value's sign: that of x for the values, and
// for the derivatives positive, but negative where gelu', silu', mish' and
// gelu_tanh' vanish (x far below zero) and elu' has a negative alpha.
template <smooth F, form K, class T>
constexpr T exact_rounded(T x, T p) noexcept {
    const auto xd = static_cast<double>(x);
    const auto pd = static_cast<double>(p);
    math::dd v{};
    T r{};
    if (math::far_tail<F, K>(xd, pd, v) || math::tiny_input<F, K>(xd, pd, v)) {
        r = detail::round_scaled<T>(v);
    } else if (math::near_root<F, K>(xd, v)) {
        r = detail::round_dd<T>(v);
    } else {
        r = detail::round_dd<T>(math::exact_eval<F, K>(xd, pd));
    }
    if (r != T(0) || x == T(0)) {
        return r;
    }
    bool negative = false;
    if constexpr (K == form::value) {
        negative = F != smooth::sigmoid && F != smooth::softplus && x < T(0);
    } else if constexpr (F == smooth::gelu || F == smooth::silu || F == smooth::mish || F == smooth::gelu_tanh) {
        negative = x < T(0);
    } else if constexpr (F == smooth::elu) {
        negative = p < T(0);
    }
    return negative ? T(-0.0) : T(0);
}

// double's fast path on one lane (math::fastdd): true, and r set, where it
// decides the correctly rounded result.
template <smooth F, form K>
RECTIFY_MATH_INLINE bool double_fast(double& r, double x, double p) noexcept {
#if RECTIFY_FASTDD
    if constexpr (math::fastdd::covers<F, K>) {
        math::fastdd::lane1 v{};
        math::fastdd::mask_t<math::fastdd::lane1> ok{};
        math::fastdd::decided<F, K>(v, ok, math::fastdd::lane1{x}, math::fastdd::lane1{p});
        r = v[0];
        return ok[0] != 0;
    }
#endif
    (void)r, (void)x, (void)p;
    return false;
}

// The exact path, kept out of line: the kernels call it for the rare lanes
// whose fast result is too close to a rounding boundary.
template <smooth F, form K, class T>
RECTIFY_NOINLINE T smooth_exact(T x, T p) noexcept {
    return detail::exact_rounded<F, K>(x, p);
}

template <smooth F, form K, class T>
constexpr T smooth_scalar(T x, T p) noexcept {
    if (!detail::parameter_ok<F>(p)) {
        return static_cast<T>(std::numeric_limits<double>::quiet_NaN());
    }
    if (x != x) {  // NOLINT(misc-redundant-expression): true for NaN only
        return detail::quiet(x);
    }
    if (x == T(0) && K == form::value && F != smooth::sigmoid && F != smooth::softplus) {
        return x;  // f(0) = 0: the zero given
    }
    const auto xd = static_cast<double>(x);
    if (xd > std::numeric_limits<double>::max() || xd < -std::numeric_limits<double>::max()) {
        return detail::smooth_at_infinity<F, K>(xd < 0, p);
    }
    const auto pd = static_cast<double>(p);
    if constexpr (sizeof(T) < sizeof(double)) {
        double y = 0;
        double m = 0;
        math::fast_eval<F, K>(xd, pd, y, m);
        // A fast result at most 2^-152 whose error bound is below it (|y|
        // 2^40 > m) rounds, as both ends below would, to the zero of its
        // sign: decided here without the error bound and the two
        // conversions, which are subnormal arithmetic for the far tails'
        // tiny values (microcode assists on x86-64: elu'(-1000) took 50-60 ns).
        const double magnitude = y < 0.0 ? -y : y;
        if (magnitude <= 0x1p-152 && magnitude * 0x1p40 > m) {
            return static_cast<T>(y < 0.0 ? -0.0 : 0.0);
        }
        const double e = m * math::fast_error;
        const T low = static_cast<T>(y - e);
        const T high = static_cast<T>(y + e);
        if (e == 0 || std::bit_cast<bits_for<T>>(low) == std::bit_cast<bits_for<T>>(high)) {
            return static_cast<T>(y);
        }
    }
    if constexpr (std::is_same_v<T, double>) {
        double r = 0;
        if (!std::is_constant_evaluated() && detail::double_fast<F, K>(r, xd, pd)) {
            return r;
        }
    }
    if (std::is_constant_evaluated()) {
        return detail::exact_rounded<F, K>(x, p);
    }
    return detail::smooth_exact<F, K>(x, p);
}

// The scalar form, kept out of line: the kernels call it for the rare lanes
// whose fast result is too close to a rounding boundary, NaN or infinite.
template <smooth F, form K, class T>
RECTIFY_NOINLINE T smooth_lane(T x, T p) noexcept {
    return detail::smooth_scalar<F, K>(x, p);
}

constexpr const char* smooth_name(smooth f, int which) noexcept {
    constexpr const char* names[][3] = {
        {"rectify::gelu", "rectify::gelu_derivative", "rectify::gelu_backward"},
        {"rectify::gelu_tanh", "rectify::gelu_tanh_derivative", "rectify::gelu_tanh_backward"},
        {"rectify::silu", "rectify::silu_derivative", "rectify::silu_backward"},
        {"rectify::sigmoid", "rectify::sigmoid_derivative", "rectify::sigmoid_backward"},
        {"rectify::tanh", "rectify::tanh_derivative", "rectify::tanh_backward"},
        {"rectify::elu", "rectify::elu_derivative", "rectify::elu_backward"},
        {"rectify::selu", "rectify::selu_derivative", "rectify::selu_backward"},
        {"rectify::celu", "rectify::celu_derivative", "rectify::celu_backward"},
        {"rectify::softplus", "rectify::softplus_derivative", "rectify::softplus_backward"},
        {"rectify::mish", "rectify::mish_derivative", "rectify::mish_backward"},
    };
    return names[static_cast<int>(f)][which];
}
template <smooth F, form K>
constexpr const char* smooth_fn<F, K>::name_of() noexcept {
    return detail::smooth_name(F, K == form::value ? 0 : 1);
}
template <smooth F>
constexpr const char* smooth_backward_fn<F>::name_of() noexcept {
    return detail::smooth_name(F, 2);
}

// ---- Span kernels of the smooth functions ------------------------------------------

template <smooth F, form K, bool Backward, class T>
void smooth_portable(const T* x, const T* dy, T* out, std::size_t n, T p) noexcept {
    for (std::size_t i = 0; i < n; ++i) {
        const T r = detail::smooth_scalar<F, K>(x[i], p);
        out[i] = Backward ? dy[i] * r : r;
    }
}

#if RECTIFY_X86_64 || RECTIFY_AARCH64
// True if every lane of a comparison result (32-bit lanes) is set: halves
// ANDed down to 16 bytes, then on x86-64 one movmskps (SSE, always there),
// elsewhere the two 64-bit words.
template <class M>
RECTIFY_MATH_INLINE bool all_lanes(const M& mask) noexcept {
    if constexpr (sizeof(M) > 16) {
        // NOLINTNEXTLINE(modernize-use-using): GCC ignores vector_size on a dependent type in `using`
        typedef std::uint32_t half __attribute__((vector_size(sizeof(M) / 2)));
        struct halves {
            half h[2];
        };
        const auto a = __builtin_bit_cast(halves, mask);
        return detail::all_lanes(a.h[0] & a.h[1]);
    } else {
#    if RECTIFY_X86_64
        if constexpr (sizeof(M) == 16) {
            typedef float four __attribute__((vector_size(16)));  // NOLINT(modernize-use-using): as above
            return __builtin_ia32_movmskps(__builtin_bit_cast(four, mask)) == 0xf;
        }
#    endif
        struct words {
            std::uint64_t w[sizeof(M) / 8];
        };
        const auto a = __builtin_bit_cast(words, mask);
        std::uint64_t all = ~std::uint64_t{0};
        for (const std::uint64_t w : a.w) {
            all &= w;
        }
        return all == ~std::uint64_t{0};
    }
}

// Whether fast_eval's magnitude m is |y| itself for F's form K (no terms that
// cancel): then the rounding test below needs only y's bits.
template <smooth F, form K>
inline constexpr bool bound_is_value =
    K == form::value || F == smooth::sigmoid || F == smooth::tanh || F == smooth::elu || F == smooth::selu ||
    F == smooth::celu || F == smooth::softplus;

// Vectors of Bytes / 8 floats, each widened to a vector of doubles of Bytes
// bytes: the fast path for all lanes, the exact path for the rare lanes whose
// fast result is too close to a rounding boundary. The same bits as the
// scalar form. step does Count vectors with one test of their lanes (one
// branch): their dependency chains are long (an exp, a division), and the
// out-of-order core overlaps those of one turn better than those of two.
//
// The test of a lane, where m = |y| (bound_is_value), from y's bits alone:
// with 2^E <= |y| < 2^(E+1) and u = 2^(E-52) (y's ulp), the error bound
// e = 2^-40 |y| is below 2^13 u. Where |y| >= 2^-126 (a normal float), the
// float rounding boundaries (midpoints, the overflow threshold among them)
// within 2^27 u of y are the doubles of y's exponent whose low 29 bits are
// 2^28, so none is within e of y if those bits of y are more than 2^13 from
// 2^28. Where |y| <= 2^-151 (y = 0 among them), the real value is below
// 2^-151 (1 + 2^-40) < 2^-150, half the smallest subnormal: it rounds to
// the zero of y's sign, which is what y gives as a float. These are the
// far tails (gelu(-20), sigmoid(-1000), tanh'(60), elu'(-1e30)...), where
// exp's argument is clamped at -708: that makes exp, and so y, larger than
// the real value, never smaller, so the test holds there too. (They used to
// take the scalar form, 10 to 60 times slower: a quarter of all float
// patterns lie in such tails.) Tiny inputs need no special rounding here
// (fast_eval's Tiny): where their result is a normal float, the bound
// decides it as any other; where 2^-151 < |y| < 2^-126 (a subnormal float
// or near one), the scalar form takes the lane. It is integer arithmetic only, a lane's
// verdict in its sign bit: where rounding y - e and y + e to float and
// comparing takes two conversions (two operations each on Zen 4), and where
// GCC 12 turns 64-bit lane comparisons into scalar code for AVX-512 without
// AVX512DQ. Elsewhere (m above |y|), y - e and y + e are rounded and
// compared, as the scalar form does.
template <smooth F, form K, bool Backward, std::size_t Bytes>
struct smooth_lanes {
    using VD = typename simd<double, Bytes>::type;
    using VF = typename simd<float, Bytes / 2>::type;
    using VU = typename simd<std::uint32_t, Bytes / 2>::type;
    using VI = typename simd<std::int32_t, Bytes / 2>::type;
    using VL = typename simd<std::int64_t, Bytes>::type;
    static constexpr std::size_t lanes = Bytes / 8;
    static constexpr bool from_bits = bound_is_value<F, K>;
    // The AVX-512 kernel keeps the test from bits in a mask register
    // (three comparisons where the integer form takes five more operations).
#    if RECTIFY_X86_64 && defined(__GNUC__) && !defined(__CUDACC__)
    static constexpr bool in_mask = from_bits && Bytes == 64;
#    else
    static constexpr bool in_mask = false;
#    endif
    // The lanes' verdicts: a bit set per undecided lane (in_mask), or a
    // lane's sign bit set where its fast result is not decided.
    using verdict = std::conditional_t<in_mask, unsigned char, std::conditional_t<from_bits, VL, VI>>;
    using verdict_lane = std::conditional_t<from_bits, std::int64_t, std::int32_t>;

    RECTIFY_MATH_INLINE static bool any_undecided(const verdict& bad) noexcept {
        if constexpr (in_mask) {
            return bad != 0;
        } else {
            return detail::any_lane(bad & std::numeric_limits<verdict_lane>::min());
        }
    }
    RECTIFY_MATH_INLINE static bool undecided_lane(const verdict& bad, std::size_t lane) noexcept {
        if constexpr (in_mask) {
            return ((static_cast<unsigned>(bad) >> lane) & 1U) != 0;
        } else {
            return bad[lane] < 0;
        }
    }

    VD p;
    float scalar_p;

    explicit smooth_lanes(float parameter) noexcept : scalar_p(parameter) {
        detail::splat(p, static_cast<double>(parameter));  // elu's alpha may be -0
    }

    RECTIFY_MATH_INLINE static void undecided(verdict& bad, const VF& xf, const VD& xd, const VD& y,
                                              const VD& m) noexcept {
        constexpr std::int64_t magnitude = std::numeric_limits<std::int64_t>::max();
        constexpr std::int64_t window = std::int64_t{1} << 13U;  // e < window ulps of y
        constexpr std::int64_t midpoint = std::int64_t{1} << 28U;
        constexpr std::int64_t low_bits = (std::int64_t{1} << 29U) - 1;
        constexpr auto smallest_normal = std::bit_cast<std::int64_t>(0x1p-126);
        constexpr auto rounds_to_zero = std::bit_cast<std::int64_t>(0x1p-151);  // and every |y| below
        constexpr auto infinity = std::bit_cast<std::int64_t>(std::numeric_limits<double>::infinity());
        if constexpr (in_mask) {
#    if RECTIFY_X86_64 && defined(__GNUC__) && !defined(__CUDACC__)
            // The same three tests as below, each a comparison into a mask
            // (vpcmpq, vpcmpuq), the next one masked by the last.
            (void)xf, (void)m;
            using words = math::avx512q::vq;
            const words b = __builtin_bit_cast(words, y) & magnitude;
            const words low = (b - (midpoint - window)) & low_bits;
            const words x_magnitude = __builtin_bit_cast(words, xd) & magnitude;
            constexpr int greater = 6;   // _MM_CMPINT_NLE
            constexpr int at_least = 5;  // _MM_CMPINT_NLT
            constexpr int less = 1;      // _MM_CMPINT_LT
            constexpr unsigned char every_lane = 0xffU;
            auto ok = math::avx512q::cmp<greater>(low, words{} + 2 * window, every_lane);
            ok = math::avx512q::ucmp<at_least>(b - (rounds_to_zero + 1),
                                               words{} + (smallest_normal - (rounds_to_zero + 1)), ok);
            ok = math::avx512q::cmp<less>(x_magnitude, words{} + infinity, ok);
            bad = static_cast<unsigned char>(~ok);
#    endif
        } else if constexpr (from_bits) {
            (void)xf, (void)m;
            const VL b = __builtin_bit_cast(VL, y) & magnitude;
            // Negative where |low bits - 2^28| <= 2^13: the low bits less
            // 2^28 - 2^13, modulo 2^29, at most 2^14.
            const VL close = ((b - (midpoint - window)) & low_bits) - (2 * window + 1);
            // Negative where 2^-151 < |y| < 2^-126 (b - (2^-151's bits + 1)
            // is negative from 2^-151 down to zero).
            const VL subnormal = (b - smallest_normal) & ~(b - (rounds_to_zero + 1));
            // Negative where x is NaN or infinite: they take the scalar form.
            const VL not_finite = (infinity - 1) - (__builtin_bit_cast(VL, xd) & magnitude);
            bad = close | subnormal | not_finite;
        } else {
            (void)xd;
            const VD e = m * math::fast_error;
            const VU low = __builtin_bit_cast(VU, __builtin_convertvector(y - e, VF));
            const VU high = __builtin_bit_cast(VU, __builtin_convertvector(y + e, VF));
            const VU x_magnitude = __builtin_bit_cast(VU, xf) & 0x7fffffffU;
            // NaN and infinite lanes, like the rare close calls, take the scalar form.
            bad = ~(((low == high) | __builtin_convertvector(e == 0.0, VI)) & (x_magnitude < 0x7f800000U));
        }
    }

    template <std::size_t Count>
    RECTIFY_MATH_INLINE void step(const float* x, const float* dy, float* out, std::size_t i) const noexcept {
        VF r[Count];
        verdict bad[Count];
        RECTIFY_UNROLL(4)
        for (std::size_t c = 0; c < Count; ++c) {
            VF xf;
            detail::load(xf, x + i + c * lanes);
            VD y;
            VD m;
            VD xd;
            detail::widen_floats(xd, xf);
            math::fast_eval<F, K, !from_bits>(xd, p, y, m);
            r[c] = __builtin_convertvector(y, VF);
            undecided(bad[c], xf, xd, y, m);
        }
        verdict any = bad[0];
        RECTIFY_UNROLL(4)
        for (std::size_t c = 1; c < Count; ++c) {
            any |= bad[c];
        }
        if (any_undecided(any)) [[unlikely]] {
            RECTIFY_UNROLL(4)
            for (std::size_t c = 0; c < Count; ++c) {
                for (std::size_t lane = 0; lane < lanes; ++lane) {
                    if (undecided_lane(bad[c], lane)) {
                        r[c][lane] = detail::smooth_lane<F, K>(x[i + c * lanes + lane], scalar_p);
                    }
                }
            }
        }
        RECTIFY_UNROLL(4)
        for (std::size_t c = 0; c < Count; ++c) {
            if constexpr (Backward) {
                VF g;
                detail::load(g, dy + i + c * lanes);
                r[c] = g * r[c];
            }
            detail::store(out + i + c * lanes, r[c]);
        }
    }
};

// The AVX-512 kernels are built with RECTIFY_SCHEDULED, and the AVX2 kernels
// of every function but gelu (avx2_scheduled). gelu's rational function keeps
// many terms live: scheduled, four vectors a turn spill (1.15 times slower on
// AVX-512 than not scheduled) and on AVX2 two lose 3%; on AVX-512 two gain 3
// to 32%. The other functions run 0.95 to 1.39 times as fast on AVX-512
// from scheduling four vectors a turn (32 registers), and on AVX2 (two, 16
// registers) 0.96 to 1.26 times. SSE2 gains nothing either way.
// Measured in docs/speed.md.
template <smooth F>
inline constexpr bool avx2_scheduled = F != smooth::gelu;
template <smooth F, std::size_t Bytes>
inline constexpr std::size_t vectors_a_turn = Bytes == 64 && F != smooth::gelu ? 4 : 2;

// A span shorter than a vector as a whole vector: copied into `in` (and dy's
// into `grads`), whose other lanes hold 1 (no lane of theirs takes a slow
// path), for the caller to compute into `results` and copy out. (The scalar
// form took such elements one by one: gelu on 31 floats 171 ns on AVX-512
// where 32 took 67, sigmoid on 8 floats 59 ns where 16 took 12. Longer
// spans compute their last vector ending at n instead, before the loop.)
template <std::size_t Lanes>
struct smooth_tail {
    alignas(64) float in[Lanes]{};
    alignas(64) float grads[Lanes]{};
    alignas(64) float results[Lanes]{};
    smooth_tail(const float* x, const float* dy, std::size_t count) noexcept {
        for (std::size_t k = 0; k < Lanes; ++k) {
            in[k] = 1.0F;
            grads[k] = 1.0F;
        }
        std::memcpy(&in[0], x, count * sizeof(float));
        if (dy != nullptr) {
            std::memcpy(&grads[0], dy, count * sizeof(float));
        }
    }
};

// Four or two vectors a turn (one test of their lanes), then one; the last
// few elements from a whole vector ending at n, computed first (in place, x
// is still intact then; its results wait in a buffer: where its load had to
// wait for the stores of a buffer, a call took the whole latency of its
// chain), or below one vector through smooth_tail.
template <smooth F, form K, bool Backward, std::size_t Bytes>
RECTIFY_MATH_INLINE void smooth_vector_kernel(const float* x, const float* dy, float* out, std::size_t n,
                                              float p) noexcept {
    const smooth_lanes<F, K, Backward, Bytes> vectors(p);
    constexpr std::size_t lanes = smooth_lanes<F, K, Backward, Bytes>::lanes;
    constexpr std::size_t turn = detail::vectors_a_turn<F, Bytes>;
    if (n < lanes) {
        if (n != 0) {
            smooth_tail<lanes> tail(x, Backward ? dy : nullptr, n);
            vectors.template step<1>(&tail.in[0], &tail.grads[0], &tail.results[0], 0);
            std::memcpy(out, &tail.results[0], n * sizeof(float));
        }
        return;
    }
    alignas(64) float last[lanes];
    const std::size_t rest = n % lanes;
    if (rest != 0) {
        vectors.template step<1>(x + (n - lanes), Backward ? dy + (n - lanes) : nullptr, &last[0], 0);
    }
    std::size_t i = 0;
    for (; i + turn * lanes <= n; i += turn * lanes) {
        vectors.template step<turn>(x, dy, out, i);
    }
    for (; i + lanes <= n; i += lanes) {
        vectors.template step<1>(x, dy, out, i);
    }
    if (rest != 0) {
        std::memcpy(out + i, &last[lanes - rest], rest * sizeof(float));
    }
}

#    if RECTIFY_X86_64 && RECTIFY_HAS_AVX512_KERNEL && defined(__GNUC__) && !defined(__CUDACC__)
// Float lanes, 16 a vector, for sigmoid and silu, the derivatives of
// sigmoid, tanh, silu, elu, selu, celu (alpha 1) and softplus (beta 1, where
// it is sigmoid) and their backward passes: the AVX-512 kernel of GCC and
// Clang builds (their FMA, permute and compare builtins, spelled for each
// below; until 2026-12-05 Clang builds took the double lanes, 2.3 to 2.6
// times slower there; host code that nvcc compiles still does, with the same
// bits: its front end (CUDA 13) crashes on this part). For sigmoid, exp(-x) is computed as a sum of two
// floats to a relative error below 5.05e-12, 1 / (1 + exp(-x)) as y (1 + e)
// with one division and an exact residual, and the rounding decided from the
// two ends of the error bound: y (1 + e - c) and y (1 + e + c), each rounded
// once by an FMA, give the same float only where every value between them
// rounds to it (rounding is monotone), so that float is the correctly rounded
// sigmoid. The other lanes (NaN, -104 < x < -64, and about 2e-4 of the rest,
// whose value is too near a midpoint) take the scalar form; x <= -104 (its
// sigmoid below 2^-150) gives +0 in the vector. silu: see step; the elu
// family: elu_derivative_step; sigmoid' and tanh': sigmoid_derivative_step;
// silu': silu_derivative_step (each leaves about 7e-4 of normal(0, 3) data
// to the scalar form). Per vector of 16:
//   xc = min(x, 40): sigmoid of x >= 40, +inf included, rounds to 1.
//   t = S - xc log2(e) (one FMA; S = 1.5 2^18, where floats are 2^-5 apart)
//     = S + k / 32 with k = round(-32 xc / ln 2); k's bits are t's less S's:
//     j = k mod 32 and m = floor(k / 32).
//   w = xc + (k / 32) fl(ln 2), exact (an FMA; |w| < 2^-6 and both terms on a
//     grid of 2^-30); v = (k / 32) (ln 2 - fl(ln 2)), so that
//     exp(-xc) = 2^m T_j exp(-w) exp(-v) with T_j = 2^(j / 32) = hi_j + lo_j
//     (two tables of 32 floats, to 2^-48, read by permutes).
//   exp(-w) = 1 - w + w A, A = w/2 + w^2 (-1/6 + w/24): 4.8e-12 at most with
//     A's rounding (the largest error of all).
//   hi_j (1 - w + w A) as Shi + l, with the rounding errors of w A - w and of
//     Shi kept exactly (FMA residuals), and the low terms lo_j - v hi_j.
//   D = 1 + 2^m (Shi + l) as Dhi + Dlo (Fast2Sum of 1 and 2^m Shi); y =
//     fl(1 / Dhi), e = (1 - Dhi y) - Dlo y (1 - Dhi y is exact by an FMA), and
//     1 / D = y (1 + e + b) with |b| < 5.37e-12 < c = 2^-37 + 2^-45 (the
//     2^-45: the rounding of e +- c, |e| < 2^-21, so the ends still enclose).
// tools/prototypes/float_lane_sigmoid/sig.cpp gives each step's bound. The
// exhaustive test compares every float's result of each function (at the
// default parameter) with the MPFR-made digests on this kernel; elu's other
// alphas rest on the bound (and the unit tests' comparisons with the scalar
// form).
#        define RECTIFY_SIGMOID_FLOAT_LANES 1
namespace sigmoid16 {
// NOLINTBEGIN(modernize-use-using): GCC ignores vector_size on a dependent type in `using`
typedef float vf __attribute__((vector_size(64)));
typedef int vi __attribute__((vector_size(64)));
typedef unsigned vu __attribute__((vector_size(64)));
// NOLINTEND(modernize-use-using)
// 2^(j / 32) = hi[j] + lo[j] to 2^-48 (relative).
alignas(64) inline constexpr float hi[32] = {
    0x1.000000p+0F, 0x1.059b0ep+0F, 0x1.0b5586p+0F, 0x1.11301ep+0F, 0x1.172b84p+0F, 0x1.1d4874p+0F, 0x1.2387a6p+0F,
    0x1.29e9e0p+0F, 0x1.306fe0p+0F, 0x1.371a74p+0F, 0x1.3dea64p+0F, 0x1.44e086p+0F, 0x1.4bfdaep+0F, 0x1.5342b6p+0F,
    0x1.5ab07ep+0F, 0x1.6247ecp+0F, 0x1.6a09e6p+0F, 0x1.71f75ep+0F, 0x1.7a1148p+0F, 0x1.82589ap+0F, 0x1.8ace54p+0F,
    0x1.93737cp+0F, 0x1.9c4918p+0F, 0x1.a5503cp+0F, 0x1.ae89fap+0F, 0x1.b7f770p+0F, 0x1.c199bep+0F, 0x1.cb720ep+0F,
    0x1.d5818ep+0F, 0x1.dfc974p+0F, 0x1.ea4afap+0F, 0x1.f50766p+0F};
alignas(64) inline constexpr float lo[32] = {
    0x0.0p+0F,        -0x1.9d4f52p-25F, 0x1.9f3122p-25F,  -0x1.fdb496p-25F, -0x1.c15742p-27F, -0x1.d2e8cap-25F,
    0x1.ceac48p-25F,  -0x1.5c0424p-25F, 0x1.4636e2p-25F,  -0x1.18aac6p-25F, 0x1.824684p-25F,  0x1.8624b4p-30F,
    -0x1.593abcp-25F, -0x1.2c5610p-25F, -0x1.5bd5ecp-27F, -0x1.f8b550p-25F, 0x1.9fcef4p-26F,  0x1.1d8beep-25F,
    -0x1.829fd0p-25F, -0x1.accc7cp-26F, 0x1.15506ep-27F,  -0x1.e64744p-25F, 0x1.51f848p-27F,  -0x1.b83b54p-25F,
    -0x1.a94b14p-26F, -0x1.a09438p-25F, -0x1.3d56b2p-27F, -0x1.8837ccp-27F, -0x1.822dbcp-27F, -0x1.908c94p-25F,
    0x1.52486cp-27F,  -0x1.246eb0p-26F};

// Each with the kernel's target (so that vectors pass as AVX-512 code passes
// them), inlined into it.
#        define RECTIFY_SIGMOID16 [[gnu::target("avx512f,avx512bw"), gnu::always_inline]] inline
// (GCC and Clang spell some of these builtins differently: both are here,
// the rest of the namespace is written once.)
inline constexpr auto all = static_cast<unsigned short>(0xffffU);
inline constexpr auto every = mask16_all;  // the builtins' mask of all lanes, as each compiler types it
RECTIFY_SIGMOID16 vf fma(const vf& a, const vf& b, const vf& c) noexcept {  // a b + c, one rounding
    return __builtin_ia32_vfmaddps512_mask(a, b, c, every, 4);  // all lanes, as MXCSR rounds
}
RECTIFY_SIGMOID16 vf minimum(const vf& a, const vf& b) noexcept {  // b where either is NaN
#        if defined(__clang__)
    return __builtin_ia32_minps512(a, b, 4);
#        else
    return __builtin_ia32_minps512_mask(a, b, vf{}, every, 4);
#        endif
}
RECTIFY_SIGMOID16 vf maximum(const vf& a, const vf& b) noexcept {
#        if defined(__clang__)
    return __builtin_ia32_maxps512(a, b, 4);
#        else
    return __builtin_ia32_maxps512_mask(a, b, vf{}, every, 4);
#        endif
}
// yes in the lanes of m, no elsewhere (vblendmps).
RECTIFY_SIGMOID16 vf select(unsigned short m, const vf& yes, const vf& no) noexcept {
#        if defined(__clang__)
    return __builtin_ia32_selectps_512(m, yes, no);
#        else
    return __builtin_ia32_movaps512_mask(yes, no, m);
#        endif
}
// The lanes (bits) of `within` where a p b holds (p: vcmpps's predicate).
template <int Predicate>
RECTIFY_SIGMOID16 unsigned short compare(const vf& a, const vf& b, unsigned short within) noexcept {
    return __builtin_ia32_cmpps512_mask(a, b, Predicate, within, 4);
}
inline constexpr int equal = 0x00;     // _CMP_EQ_OQ
inline constexpr int not_above = 0x12;  // _CMP_LE_OQ
inline constexpr int at_least = 0x1d;  // _CMP_GE_OQ
inline constexpr int less = 0x11;      // _CMP_LT_OQ
RECTIFY_SIGMOID16 vf magnitude(const vf& v) noexcept {  // |v|, bit for bit
    return __builtin_bit_cast(vf, __builtin_bit_cast(vu, v) & 0x7fffffffU);
}
RECTIFY_SIGMOID16 vf table(const float (&t)[32], const vi& index) noexcept {  // t[index mod 32]
    vf low;
    vf high;
    __builtin_memcpy(&low, &t[0], sizeof(vf));
    __builtin_memcpy(&high, &t[16], sizeof(vf));
#        if defined(__clang__)
    return __builtin_ia32_vpermi2varps512(low, index, high);
#        else
    return __builtin_ia32_vpermt2varps512_mask(index, low, high, all);
#        endif
}

// 2^floor(power) v (vscalefps: one rounding, as a product by 2^m; exact
// wherever the result is a normal float).
RECTIFY_SIGMOID16 vf scaled(const vf& v, const vf& power) noexcept {
    return __builtin_ia32_scalefps512_mask(v, power, vf{}, every, 4);
}
// The same in the lanes of m, v itself elsewhere.
RECTIFY_SIGMOID16 vf scaled_in(const vf& v, const vf& power, unsigned short m) noexcept {
#        if defined(__clang__)
    return __builtin_ia32_scalefps512_mask(v, power, v, m, 4);
#        else
    return __builtin_ia32_scalefps512_mask(v, power, v, static_cast<short>(m), 4);
#        endif
}

// exp(-z) = 2^m (shi + l) (1 + eps), m = floor(power): |eps| < 5.05e-12 for
// -64 <= z <= 40 (sig.cpp's range), < 5.2e-12 for -40 <= z <= 88 (the
// reduction's terms grow with |k| <= 4062: |v| < 2.4e-7, its error 5.4e-14,
// |g| < 6e-7; the rest as there); |l| < 3.2e-7 shi. Outside, NaN included:
// anything.
RECTIFY_SIGMOID16 void exp_parts(const vf& z, vf& shi, vf& l, vf& power) noexcept {
    constexpr float shift = 393216.0F;  // 1.5 2^18
    constexpr float minus_log2e = -0x1.715476p+0F;
    // cppcheck-suppress redundantAssignment ; cppcheck 2.10 misreads this line (each variable is assigned once)
    const vf t = sigmoid16::fma(z, vf{} + minus_log2e, vf{} + shift);
    const vf k32 = t - shift;  // k / 32, exact: m = floor(k / 32) is its floor
    const vi k = __builtin_bit_cast(vi, t);  // k mod 32 in the low 5 bits (S's are 0): the tables' index
    const vf w = sigmoid16::fma(k32, vf{} + 0x1.62e430p-1F, z);
    const vf th = sigmoid16::table(hi, k);
    const vf tl = sigmoid16::table(lo, k);
    const vf r = sigmoid16::fma(vf{} + 0x1.555556p-5F, w, vf{} - 0x1.555556p-3F);
    const vf a = sigmoid16::fma(w * w, r, w * 0.5F);
    const vf qm = sigmoid16::fma(w, a, -w);  // w a - w
    const vf sum = w + qm;                     // exact
    const vf eq = sigmoid16::fma(w, a, -sum);  // (w a - w) - qm
    shi = sigmoid16::fma(th, qm, th);
    const vf r1 = sigmoid16::fma(th, qm, th - shi);  // shi's rounding error
    const vf v = k32 * -0x1.05c610p-29F;
    const vf g = sigmoid16::fma(-v, th, tl);  // lo - v hi
    l = sigmoid16::fma(g, qm, sigmoid16::fma(th, eq, r1) + g);
    power = k32;
}

// 1 / D = q (1 + e + b) with |b| < 5.37e-12 for D = 1 + E, E = 2^m (shi +
// l) from exp_parts (E = ehi + elo; D as Dhi + Dlo by Fast2Sum).
RECTIFY_SIGMOID16 void reciprocal_parts(const vf& shi, const vf& l, const vf& power, vf& ehi, vf& elo, vf& q,
                                        vf& e) noexcept {
    const vf one = vf{} + 1.0F;
    ehi = sigmoid16::scaled(shi, power);
    elo = sigmoid16::scaled(l, power);
    const vf big = sigmoid16::maximum(ehi, one);
    const vf small = sigmoid16::minimum(ehi, one);
    const vf dhi = big + small;
    const vf dlo = ((big - dhi) + small) + elo;
    q = one / dhi;
    e = sigmoid16::fma(-dlo, q, sigmoid16::fma(-dhi, q, one));  // 1 - dhi q is exact
}

// 1 / (1 + exp(-min(x, 40))) = q (1 + e + b) with |b| < 5.37e-12, where
// -64 <= x (other lanes: anything, NaN included).
RECTIFY_SIGMOID16 void reciprocal(const vf& x, vf& q, vf& e) noexcept {
    vf shi;
    vf l;
    vf power;
    sigmoid16::exp_parts(sigmoid16::minimum(x, vf{} + 40.0F), shi, l, power);
    vf ehi;
    vf elo;
    sigmoid16::reciprocal_parts(shi, l, power, ehi, elo, q, e);
}

// (nh + nl) / D^2 as p + s, from 1 / D = q (1 + e + b): q^2 = r + rr and nh
// r = p + pe exactly (FMAs), s = fl(pe + p f + nl r + nh rr) with f = fl(2e
// + e^2), so that (nh + nl) / D^2 = (p + s)(1 + b') + the terms left out (nl
// rr, nl f, rr f), |b'| < 1.075e-11 + 2^-44 (sigmoid_derivative_step and
// silu_derivative_step bound the rest).
RECTIFY_SIGMOID16 void times_square(const vf& nh, const vf& nl, const vf& q, const vf& e, vf& r, vf& p,
                                    vf& s) noexcept {
    r = q * q;
    const vf rr = sigmoid16::fma(q, q, -r);
    const vf f = sigmoid16::fma(e, e, e + e);
    p = nh * r;
    s = sigmoid16::fma(nl, r, sigmoid16::fma(nh, rr, sigmoid16::fma(p, f, sigmoid16::fma(nh, r, -p))));
}

// elu'(x) = a exp(x) for x < 0 (`above` for x >= 0), in the lanes that
// `return` has set, where a = a_hi + a_lo: elu's alpha (a float with |alpha|
// >= 2^-100; a_lo = 0) or selu's lambda alpha (to 2^-48). With exp(x) = 2^m
// (shi + l)(1 + eps) (z = -x <= 87 here), a_hi shi = p + pe exactly (an
// FMA: the exponents of a_hi and shi sum to at least -101), s = fl(a_hi l +
// fl(a_lo shi + pe)) (off by <= 3.3e-14 |p|, a_lo l left out: 1.9e-14 |p|),
// so a (shi + l)(1 + eps) = p + s + beta |p| with |beta| < 5.28e-12; the
// ends p + fl(s +- 2^-37 p) (each off by <= 2e-14 |p|) enclose it, and
// equal, they are its rounding; times 2^m, that of a exp(x) wherever the
// product is a normal float (at least 2^-126: checked; below, the grids
// differ). x <= tail (|a| exp(x) < 2^-150 there): the zero of a's sign
// (`zero`). Open: tail < x < -87, NaN, results below 2^-126, and the
// undecided.
RECTIFY_SIGMOID16 unsigned short elu_derivative_step(const vf& x, const vf& a_hi, const vf& a_lo, const vf& above,
                                                     const vf& tail, const vf& zero, vf& y) noexcept {
    vf shi;
    vf l;
    vf power;
    sigmoid16::exp_parts(sigmoid16::minimum(-x, vf{} + 88.0F), shi, l, power);
    constexpr float c = 0x1p-37F;
    const vf p = a_hi * shi;
    const vf s = sigmoid16::fma(a_hi, l, sigmoid16::fma(a_lo, shi, sigmoid16::fma(a_hi, shi, -p)));
    const vf up = sigmoid16::scaled(p + sigmoid16::fma(p, vf{} + c, s), power);
    const vf down = sigmoid16::scaled(p + sigmoid16::fma(p, vf{} - c, s), power);
    const vf size = sigmoid16::magnitude(up);
    const unsigned short positive = sigmoid16::compare<at_least>(x, vf{}, all);
    const unsigned short negative = sigmoid16::compare<less>(x, vf{}, sigmoid16::compare<at_least>(x, vf{} - 87.0F, all));
    const unsigned short fast =
        sigmoid16::compare<equal>(up, down, sigmoid16::compare<at_least>(size, vf{} + 0x1p-126F, negative));
    const unsigned short far = sigmoid16::compare<not_above>(x, tail, all);
    y = sigmoid16::select(positive, above, up);  // up, or `above` where x >= 0
    y = sigmoid16::select(far, zero, y);
    return static_cast<unsigned short>(fast | positive | far);
}

// For elu_derivative_step: a float `tail` with |a| exp(x) < 2^-150 for every
// x <= tail, and the zero of a's sign. With 2^e <= |a| < 2^(e + 1) (a normal,
// |a| >= 2^-100): x <= (-151 - e) ln 2 gives |a| exp(x) < 2^(e + 1 - 151 - e);
// one less covers the rounding of that bound to float.
inline void elu_tail(float a, float& tail, float& zero) noexcept {
    const int e = static_cast<int>((std::bit_cast<std::uint32_t>(a) >> 23U) & 0xffU) - 127;
    tail = static_cast<float>(static_cast<double>(-151 - e) * 0.6931471805599453 - 1.0);
    zero = a < 0.0F ? -0.0F : 0.0F;
}

// sigmoid'(x) = E / D^2 with E = exp(-|x|) and D = 1 + E (even in x); and
// tanh'(x) = 4 sigmoid'(2x) (Tanh; 2x exact, inf past 2^127). With z = |x|
// (or |2x|) <= 87 and E = 2^m (shi + l)(1 + eps), |eps| < 5.2e-12 (m >= -126:
// 2^m is a normal float), 1 / D = q (1 + e + b) as in reciprocal (|b| <
// 5.37e-12), so 1 / D^2 = q^2 (1 + f + b') with f = fl(2e + e^2) and |b'| <
// 1.075e-11 + 2^-44; q^2 = r + rr and shi r = p + pe exactly (FMAs: shi, q
// and r lie in [1/4, 2]), and s = fl(pe + p f + l r + shi rr) (each term
// below 2^-20 |p|, the sum's roundings below 2^-43 |p|; l rr, l f and rr f
// left out: below 3.5e-13 |p|), so E / D^2 = 2^m (p + s)(1 + beta) with
// |beta| < 1.65e-11 < c = 2^-35; the ends p + fl(s +- c p) enclose it, and
// equal, they are its rounding (times 2^m, or 2^(m + 2) for tanh': the
// result is at least 2^-126 for z <= 87, so exact). z >= 104 (sigmoid') or
// 106 (tanh'; 4 E < 2^-150 there), infinities included: +0. Open: 87 < z
// below those, NaN, and the undecided.
template <bool Tanh>
RECTIFY_SIGMOID16 unsigned short sigmoid_derivative_step(const vf& x, vf& y) noexcept {
    const vf z = sigmoid16::magnitude(Tanh ? x + x : x);
    vf shi;
    vf l;
    vf power;
    sigmoid16::exp_parts(sigmoid16::minimum(z, vf{} + 87.0F), shi, l, power);
    vf ehi;
    vf elo;
    vf q;
    vf e;
    sigmoid16::reciprocal_parts(shi, l, power, ehi, elo, q, e);
    vf r;
    vf p;
    vf s;
    sigmoid16::times_square(shi, l, q, e, r, p, s);
    constexpr float c = 0x1p-35F;
    const vf factor = Tanh ? power + 2.0F : power;  // times 2^m, or 2^(m + 2) = 4 2^m
    const vf up = sigmoid16::scaled(p + sigmoid16::fma(p, vf{} + c, s), factor);
    const vf down = sigmoid16::scaled(p + sigmoid16::fma(p, vf{} - c, s), factor);
    const unsigned short near = sigmoid16::compare<not_above>(z, vf{} + 87.0F, all);
    const unsigned short zero = sigmoid16::compare<at_least>(z, vf{} + (Tanh ? 106.0F : 104.0F), all);
    y = sigmoid16::select(zero, vf{}, up);  // +0 where zero, else up (no knot of the mask)
    return static_cast<unsigned short>(sigmoid16::compare<equal>(up, down, near) | zero);
}

// silu'(x) = N / D^2 with E = exp(-|x|) <= 1, D = 1 + E, N = 1 + E (1 + x)
// for x >= 0 and N = E (1 + x + E) for x < 0 (x past 40 taken as 40: silu'
// rounds to 1 from x = 21 on). 1 + x = uh + ul (TwoSum), and for x < 0 w = uh
// + ul + E as wh + wl (TwoSum again); (shi + l) w = a1 + alo with shi wh =
// a1 + its error exactly (an FMA). For x >= 0, N = 1 + 2^m (a1 + alo) as n1
// + nl (TwoSum); for x < 0, N = 2^m (a1 + alo), counted in units of 2^m
// (scaled back at the end: the result is a normal float for x >= -87, and
// 2^m is, m >= -126). 1 / D^2 = q^2 (1 + f + b') as in
// sigmoid_derivative_step; n1 r = P + Pe exactly, s = fl(Pe + n1 rr + nl r +
// P f). The error of P + s is below 1.1e-11 |P| + 6e-12 r (|A| + E shi), A
// = 2^m a1 (or a1), E shi for E's error inside w: absolute, not relative,
// as N cancels near silu's minimum (x = -1.2785); the test takes B = 2^-36
// (|P| + r (|A| + E shi)) and the ends P + fl(s +- B). x <= -112: -0 (|x|
// e^x < 2^-150). Open: -112 < x < -87, NaN, and the undecided (near the
// root, where B outgrows the gap to a midpoint).
RECTIFY_SIGMOID16 unsigned short silu_derivative_step(const vf& x, vf& y) noexcept {
    const vf one = vf{} + 1.0F;
    const vf xc = sigmoid16::minimum(x, vf{} + 40.0F);
    vf shi;
    vf l;
    vf power;
    sigmoid16::exp_parts(sigmoid16::minimum(sigmoid16::magnitude(xc), vf{} + 87.0F), shi, l, power);
    const unsigned short negative = sigmoid16::compare<less>(x, vf{}, all);
    vf ehi;
    vf elo;
    vf q;
    vf e;
    sigmoid16::reciprocal_parts(shi, l, power, ehi, elo, q, e);
    // w = 1 + x, or 1 + x + E for x < 0.
    const vf uh = one + xc;
    const vf ub = uh - one;
    const vf ul = (one - (uh - ub)) + (xc - ub);
    const vf th = uh + ehi;
    const vf tb = th - uh;
    const vf tl = ((uh - (th - tb)) + (ehi - tb)) + (ul + elo);
    const vf wh = sigmoid16::select(negative, th, uh);  // th where x < 0, else uh
    const vf wl = sigmoid16::select(negative, tl, ul);
    // N = c0 + sc (shi + l) w: c0 = 1, sc = 2^m for x >= 0; 0 and 1 below.
    const vf c0 = sigmoid16::select(negative, vf{}, one);
    const auto positive = static_cast<unsigned short>(~negative);
    const vf a1 = shi * wh;
    const vf alo = sigmoid16::fma(shi, wh, -a1) + sigmoid16::fma(shi, wl, l * wh);
    const vf ahi = sigmoid16::scaled_in(a1, power, positive);
    const vf n1 = c0 + ahi;
    const vf nb = n1 - c0;
    const vf nl = ((c0 - (n1 - nb)) + (ahi - nb)) + sigmoid16::scaled_in(alo, power, positive);
    vf r;
    vf p;
    vf s;
    sigmoid16::times_square(n1, nl, q, e, r, p, s);
    const vf bound =
        sigmoid16::fma(r, sigmoid16::fma(shi, ehi, sigmoid16::magnitude(ahi)), sigmoid16::magnitude(p)) * 0x1p-36F;
    const vf up = sigmoid16::scaled_in(p + (s + bound), power, negative);  // times 2^m where x < 0
    const vf down = sigmoid16::scaled_in(p + (s - bound), power, negative);
    const unsigned short near = sigmoid16::compare<at_least>(x, vf{} - 87.0F, all);
    const unsigned short zero = sigmoid16::compare<not_above>(x, vf{} - 112.0F, all);
    y = sigmoid16::select(zero, -vf{}, up);  // -0 where zero, else up
    return static_cast<unsigned short>(sigmoid16::compare<equal>(up, down, near) | zero);
}

// selu' for x >= 0: lambda, rounded (the scalar form's, at compile time).
inline constexpr float selu_above = detail::smooth_scalar<smooth::selu, form::derivative>(1.0F, 1.0F);
// selu's lambda alpha as two floats (from the double-double).
inline constexpr float selu_scale_hi = static_cast<float>(math::lambda_alpha_dd.hi);
inline constexpr float selu_scale_lo =
    static_cast<float>((math::lambda_alpha_dd.hi - static_cast<double>(selu_scale_hi)) + math::lambda_alpha_dd.lo);

// F(x) rounded to float in y, in the lanes that `return` has set.
//  sigmoid: q (1 + e) rounded from both ends of the bound c = 2^-37 + 2^-45
//    (the 2^-45: the rounding of e +- c, |e| < 2^-21); x <= -104: +0 (the
//    real value is below 2^-150); x < -64 and NaN: open.
//  silu: x q = p + pe exactly (an FMA; the exponents of x and q sum to at
//    least -92, so the product's error is a float), and
//    x sigmoid(x) = p + s + beta |p| with s = fl(p e + pe) and |beta| <=
//    5.37e-12 + 3.2e-14 (s's rounding) + 2.9e-14 (pe e) < 5.44e-12; the ends
//    p + fl(s +- 2^-37 p) (each sum rounded, off by <= 3.2e-14 |p|) enclose
//    it. |x| < 2^-60 (zeros included): x / 2 rounded with its midpoints
//    upwards, in integer code (tiny_half; x sigmoid(x) = x / 2 + x^2 / 4 +
//    ...), the arithmetic taking 1 there (subnormal products cost 7-24 ns
//    an element across 2^-121 <= |x| < 2^-63, measured, where 1 is usual),
//    in the vectors that have such a lane only; x <= -112: -0 (|x| e^x <
//    2^-150); x < -64, infinite and NaN: open.
template <smooth F>
RECTIFY_SIGMOID16 unsigned short step(const vf& x, vf& y) noexcept {
    const unsigned short in_range = sigmoid16::compare<at_least>(x, vf{} - 64.0F, all);
    vf q;
    vf e;
    if constexpr (F == smooth::sigmoid) {
        sigmoid16::reciprocal(x, q, e);
        constexpr float c = 0x1p-37F + 0x1p-45F;
        const vf up = sigmoid16::fma(q, e + c, q);
        const vf down = sigmoid16::fma(q, e - c, q);
        const unsigned short zero = sigmoid16::compare<not_above>(x, vf{} - 104.0F, all);
        y = sigmoid16::select(zero, vf{}, up);  // +0 where zero, else up (no knot of the mask)
        return static_cast<unsigned short>(sigmoid16::compare<equal>(up, down, in_range) | zero);
    } else {
        constexpr float c = 0x1p-37F;
        const vi bits = __builtin_bit_cast(vi, x);
        const auto tiny = static_cast<unsigned short>(
            rational16::less_bits(bits & 0x7fffffff, vi{} + detail::tiny_bound));
        const bool any_tiny = __builtin_expect(static_cast<long>(tiny != 0), 0) != 0;
        vf w = x;  // x, its tiny lanes 1: no subnormal arithmetic
        if (any_tiny) {
            w = sigmoid16::select(tiny, vf{} + 1.0F, x);
        }
        // x below -64 (open, or -0) taken as -64: past it q shrinks to
        // where p's error, 2^-37 p and then q's scale were subnormal (7-11 ns
        // an element from -2^7 to -2^23, measured).
        sigmoid16::reciprocal(sigmoid16::maximum(w, vf{} - 64.0F), q, e);
        const vf p = w * q;
        const vf s = sigmoid16::fma(p, e, sigmoid16::fma(w, q, -p));
        const vf up = p + sigmoid16::fma(p, vf{} + c, s);
        const vf down = p + sigmoid16::fma(p, vf{} - c, s);
        const unsigned short zero = sigmoid16::compare<not_above>(x, vf{} - 112.0F, all);
        const unsigned short fast = sigmoid16::compare<equal>(up, down, in_range);
        y = sigmoid16::select(zero, -vf{}, up);  // up, or -0 where zero
        if (any_tiny) {
            vi halved;
            detail::tiny_half(halved, bits);
            y = sigmoid16::select(tiny, __builtin_bit_cast(vf, halved), y);
            return static_cast<unsigned short>(fast | zero | tiny);
        }
        return static_cast<unsigned short>(fast | zero);
    }
}
// F's form K at parameter p (alpha), `above` its value for x >= 0 where it
// is a constant: the step that computes it.
template <smooth F, form K>
RECTIFY_SIGMOID16 unsigned short step_of(const vf& x, const vf& p, const vf& above, const vf& tail, const vf& zero,
                                         vf& y) noexcept {
    if constexpr (K == form::derivative && (F == smooth::elu || F == smooth::celu)) {
        return sigmoid16::elu_derivative_step(x, p, vf{}, above, tail, zero, y);  // celu' at 1 is elu' at 1
    } else if constexpr (K == form::derivative && F == smooth::selu) {
        return sigmoid16::elu_derivative_step(x, vf{} + selu_scale_hi, vf{} + selu_scale_lo, above, tail, zero, y);
    } else if constexpr (K == form::derivative && F == smooth::silu) {
        return sigmoid16::silu_derivative_step(x, y);
    } else if constexpr (K == form::derivative && (F == smooth::sigmoid || F == smooth::tanh)) {
        return sigmoid16::sigmoid_derivative_step<F == smooth::tanh>(x, y);
    } else if constexpr (K == form::derivative) {
        static_assert(F == smooth::softplus);  // softplus' at beta 1 is sigmoid
        return sigmoid16::step<smooth::sigmoid>(x, y);
    } else {
        return sigmoid16::step<F>(x, y);
    }
}
#        undef RECTIFY_SIGMOID16
}  // namespace sigmoid16

// The lanes of x[c] that step left open (ok[c] clear), through the scalar form.
template <smooth F, form K>
RECTIFY_NOINLINE void float_lanes_fix(float* y, const float* x, const unsigned short* ok, std::size_t count,
                                      float p) noexcept {
    for (std::size_t c = 0; c < count; ++c) {
        for (std::size_t lane = 0; lane < 16; ++lane) {
            if (((ok[c] >> lane) & 1U) == 0) {
                y[c * 16 + lane] = detail::smooth_lane<F, K>(x[c * 16 + lane], p);
            }
        }
    }
}

// One vector of 16 floats from x (dy) into out, as float_lanes_avx512's loop
// takes two.
template <smooth F, form K, bool Backward>
[[gnu::target("avx512f,avx512bw"), gnu::always_inline]] inline void float_lanes_one(
    const float* x, const float* dy, float* out, const sigmoid16::vf& vp, const sigmoid16::vf& above,
    const sigmoid16::vf& tail, const sigmoid16::vf& zero, float p) noexcept {
    using sigmoid16::vf;
    vf x0;
    detail::load(x0, x);
    vf y0;
    const unsigned short ok0 = sigmoid16::step_of<F, K>(x0, vp, above, tail, zero, y0);
    if (ok0 != sigmoid16::all) [[unlikely]] {
        float xs[16];
        float ys[16];
        detail::store(&xs[0], x0);
        detail::store(&ys[0], y0);
        detail::float_lanes_fix<F, K>(&ys[0], &xs[0], &ok0, 1, p);
        detail::load(y0, &ys[0]);
    }
    if constexpr (Backward) {
        vf g0;
        detail::load(g0, dy);
        y0 = g0 * y0;
    }
    detail::store(out, y0);
}

// F's form K at parameter p, 16 float lanes a vector (the steps above);
// Backward: each result times dy, in float (as every backward pass: dy times
// the rounded derivative).
template <smooth F, form K, bool Backward>
[[gnu::target("avx512f,avx512bw"), RECTIFY_SCHEDULED]] void float_lanes_avx512(const float* x, const float* dy,
                                                                               float* out, std::size_t n,
                                                                               float p) noexcept {
    using sigmoid16::vf;
    vf vp;
    detail::splat(vp, p);
    // The elu family's derivative: its value at x >= 0 (1, or selu's lambda
    // rounded), and where it rounds to zero (unused elsewhere).
    vf above{};
    vf tail{};
    vf zero{};
    if constexpr (K == form::derivative && (F == smooth::elu || F == smooth::selu || F == smooth::celu)) {
        above = vf{} + (F == smooth::selu ? sigmoid16::selu_above : 1.0F);
        float scalar_tail = 0.0F;
        float scalar_zero = 0.0F;
        sigmoid16::elu_tail(F == smooth::selu ? sigmoid16::selu_scale_hi : p, scalar_tail, scalar_zero);
        detail::splat(tail, scalar_tail);
        detail::splat(zero, scalar_zero);
    }
    // Below 16 floats one vector through smooth_tail; else the last few from
    // a vector ending at n, computed first (as smooth_vector_kernel).
    if (n < 16) {
        if (n != 0) {
            smooth_tail<16> part(x, Backward ? dy : nullptr, n);
            detail::float_lanes_one<F, K, Backward>(&part.in[0], &part.grads[0], &part.results[0], vp, above, tail,
                                                    zero, p);
            std::memcpy(out, &part.results[0], n * sizeof(float));
        }
        return;
    }
    alignas(64) float last[16];
    const std::size_t rest = n % 16;
    if (rest != 0) {
        detail::float_lanes_one<F, K, Backward>(x + (n - 16), Backward ? dy + (n - 16) : nullptr, &last[0], vp, above,
                                                tail, zero, p);
    }
    std::size_t i = 0;
    for (; i + 32 <= n; i += 32) {  // two vectors a turn, one test: their chains overlap
        vf x0;
        vf x1;
        detail::load(x0, x + i);
        detail::load(x1, x + i + 16);
        vf y0;
        vf y1;
        const unsigned short ok0 = sigmoid16::step_of<F, K>(x0, vp, above, tail, zero, y0);
        const unsigned short ok1 = sigmoid16::step_of<F, K>(x1, vp, above, tail, zero, y1);
        if ((ok0 & ok1) != sigmoid16::all) [[unlikely]] {
            // Copies (in place, out may be x): the vectors stay in registers
            // on the common path.
            float xs[32];
            float ys[32];
            const unsigned short oks[2] = {ok0, ok1};
            detail::store(&xs[0], x0);
            detail::store(&xs[16], x1);
            detail::store(&ys[0], y0);
            detail::store(&ys[16], y1);
            detail::float_lanes_fix<F, K>(&ys[0], &xs[0], &oks[0], 2, p);
            detail::load(y0, &ys[0]);
            detail::load(y1, &ys[16]);
        }
        if constexpr (Backward) {
            vf g0;
            vf g1;
            detail::load(g0, dy + i);
            detail::load(g1, dy + i + 16);
            y0 = g0 * y0;
            y1 = g1 * y1;
        }
        detail::store(out + i, y0);
        detail::store(out + i + 16, y1);
    }
    if (i + 16 <= n) {
        detail::float_lanes_one<F, K, Backward>(x + i, Backward ? dy + i : nullptr, out + i, vp, above, tail, zero, p);
        i += 16;
    }
    if (rest != 0) {
        std::memcpy(out + i, &last[16 - rest], rest * sizeof(float));
    }
}

// Whether float_lanes_avx512 has F's form K, and takes it at parameter p.
template <smooth F, form K, bool Backward>
inline constexpr bool float_lanes_have =
    K == form::value ? (F == smooth::sigmoid || F == smooth::silu) && !Backward
                     : F == smooth::softplus || F == smooth::celu || F == smooth::elu || F == smooth::selu ||
                           F == smooth::sigmoid || F == smooth::tanh || F == smooth::silu;
template <smooth F>
constexpr bool float_lanes_take(float p) noexcept {
    if constexpr (F == smooth::softplus || F == smooth::celu) {
        return p == 1.0F;  // softplus' = sigmoid(beta x), celu' = exp(x / alpha): the plain ones at 1
    } else if constexpr (F == smooth::elu) {
        constexpr float smallest = 0x1p-100F;  // alpha shi's rounding error is then a float
        return (p < 0.0F ? -p : p) >= smallest;
    } else {
        return true;
    }
}
#    else
#        define RECTIFY_SIGMOID_FLOAT_LANES 0
#    endif

#    if RECTIFY_X86_64
template <smooth F, form K, bool Backward>
void smooth_sse2(const float* x, const float* dy, float* out, std::size_t n, float p) noexcept {
    detail::smooth_vector_kernel<F, K, Backward, 16>(x, dy, out, n, p);
}
#        if RECTIFY_HAS_AVX2_KERNEL
// With FMA (every AVX2 CPU has it; the dispatch checks): fused steps are
// within the same error bounds, and the results are the correctly rounded
// values either way.
#            if RECTIFY_DISPATCH || defined(__FMA__)
#                define RECTIFY_SMOOTH_AVX2_TARGET "avx2,fma"
#            else
#                define RECTIFY_SMOOTH_AVX2_TARGET "avx2"
#            endif
template <smooth F, form K, bool Backward>
[[gnu::target(RECTIFY_SMOOTH_AVX2_TARGET), RECTIFY_SCHEDULED]] void smooth_avx2_scheduled(
    const float* x, const float* dy, float* out, std::size_t n, float p) noexcept {
    detail::smooth_vector_kernel<F, K, Backward, 32>(x, dy, out, n, p);
}
template <smooth F, form K, bool Backward>
[[gnu::target(RECTIFY_SMOOTH_AVX2_TARGET)]] void smooth_avx2(const float* x, const float* dy, float* out,
                                                            std::size_t n, float p) noexcept {
    if constexpr (detail::avx2_scheduled<F>) {
        detail::smooth_avx2_scheduled<F, K, Backward>(x, dy, out, n, p);
    } else {
        detail::smooth_vector_kernel<F, K, Backward, 32>(x, dy, out, n, p);
    }
}
#        endif
#        if RECTIFY_HAS_AVX512_KERNEL
template <smooth F, form K, bool Backward>
[[gnu::target("avx512f,avx512bw"), RECTIFY_SCHEDULED]] void smooth_avx512(const float* x, const float* dy,
                                                                          float* out, std::size_t n,
                                                                          float p) noexcept {
#            if RECTIFY_SIGMOID_FLOAT_LANES
    if constexpr (detail::float_lanes_have<F, K, Backward>) {
        if (detail::float_lanes_take<F>(p)) {
            return detail::float_lanes_avx512<F, K, Backward>(x, dy, out, n, p);
        }
    }
#            endif
    detail::smooth_vector_kernel<F, K, Backward, 64>(x, dy, out, n, p);
}
#        endif
#    else
template <smooth F, form K, bool Backward>
void smooth_neon(const float* x, const float* dy, float* out, std::size_t n, float p) noexcept {
    detail::smooth_vector_kernel<F, K, Backward, 16>(x, dy, out, n, p);
}
#    endif

#    if RECTIFY_X86_64 && RECTIFY_FASTDD
// double elements: Bytes / 8 a vector through math::fastdd (an FMA in every
// lane operation that needs one), the rare undecided lanes through the scalar
// form; the last n mod lanes elements as a vector padded with 1.
template <smooth F, form K, bool Backward, std::size_t Bytes>
RECTIFY_MATH_INLINE void double_smooth_step(const double* x, const double* dy, double* out,
                                            const typename simd<double, Bytes>::type& pv, double p) noexcept {
    using VD = typename simd<double, Bytes>::type;
    constexpr std::size_t lanes = Bytes / 8;
    VD xv;
    detail::load(xv, x);
    VD r;
    math::fastdd::mask_t<VD> ok;
    math::fastdd::decided<F, K>(r, ok, xv, pv);
    if (detail::any_lane(~ok)) [[unlikely]] {
        for (std::size_t lane = 0; lane < lanes; ++lane) {
            if (ok[lane] == 0) {
                r[lane] = detail::smooth_lane<F, K>(x[lane], p);
            }
        }
    }
    if constexpr (Backward) {
        VD g;
        detail::load(g, dy);
        r = g * r;
    }
    detail::store(out, r);
}

template <smooth F, form K, bool Backward, std::size_t Bytes>
RECTIFY_MATH_INLINE void double_smooth_kernel(const double* x, const double* dy, double* out, std::size_t n,
                                              double p) noexcept {
    using VD = typename simd<double, Bytes>::type;
    constexpr std::size_t lanes = Bytes / 8;
    VD pv;
    detail::splat(pv, p);  // elu's alpha may be -0
    std::size_t i = 0;
    for (; i + lanes <= n; i += lanes) {
        detail::double_smooth_step<F, K, Backward, Bytes>(x + i, Backward ? dy + i : nullptr, out + i, pv, p);
    }
    if (i != n) {
        alignas(64) double in[lanes];
        alignas(64) double grads[lanes];
        alignas(64) double results[lanes];
        for (std::size_t k = 0; k < lanes; ++k) {
            in[k] = 1.0;
            grads[k] = 1.0;
        }
        std::memcpy(&in[0], x + i, (n - i) * sizeof(double));
        if constexpr (Backward) {
            std::memcpy(&grads[0], dy + i, (n - i) * sizeof(double));
        }
        detail::double_smooth_step<F, K, Backward, Bytes>(&in[0], &grads[0], &results[0], pv, p);
        std::memcpy(out + i, &results[0], (n - i) * sizeof(double));
    }
}
#        if RECTIFY_HAS_AVX2_KERNEL
template <smooth F, form K, bool Backward>
[[gnu::target("avx2,fma")]] void double_smooth_avx2(const double* x, const double* dy, double* out, std::size_t n,
                                                   double p) noexcept {
    detail::double_smooth_kernel<F, K, Backward, 32>(x, dy, out, n, p);
}
#        endif
#        if RECTIFY_HAS_AVX512_KERNEL
template <smooth F, form K, bool Backward>
[[gnu::target("avx512f,avx512bw,avx512dq")]] void double_smooth_avx512(const double* x, const double* dy, double* out,
                                                              std::size_t n, double p) noexcept {
    detail::double_smooth_kernel<F, K, Backward, 64>(x, dy, out, n, p);
}
#        endif
#        define RECTIFY_DOUBLE_SMOOTH_KERNELS 1
#    else
#        define RECTIFY_DOUBLE_SMOOTH_KERNELS 0
#    endif

// 16-bit elements (float16_t, bfloat16_t...): Bytes / 8 numbers at a time,
// widened to a vector of doubles; the fast path rounded directly to the
// format (half_from_doubles) in every lane, y - e and y + e compared there,
// and the scalar form for the rare lanes where they differ (and NaN or
// infinite x). Backward: dy times the rounded derivative, exact in double,
// rounded once.
template <smooth F, form K, class T, class VQ>
RECTIFY_NOINLINE void half_smooth_fix(VQ& r, const VQ& ok, const T* x, T p) noexcept {
    constexpr std::size_t lanes = sizeof(VQ) / 2;
    T rs[lanes];
    std::uint16_t oks[lanes];
    __builtin_memcpy(static_cast<void*>(rs), &r, sizeof(VQ));  // (void*: T may be a class, bits all the same)
    __builtin_memcpy(oks, &ok, sizeof(VQ));
    for (std::size_t lane = 0; lane < lanes; ++lane) {
        if (oks[lane] == 0) {
            rs[lane] = detail::smooth_scalar<F, K>(x[lane], p);
        }
    }
    __builtin_memcpy(&r, rs, sizeof(VQ));
}

template <smooth F, form K, bool Backward, class T, std::size_t Bytes, bool Hw>
RECTIFY_MATH_INLINE void half_smooth_step(const T* x, const T* dy, T* out, std::size_t i,
                                          const typename simd<double, Bytes>::type& pd, T p) noexcept {
    constexpr auto kind = kind_of<T>;
    using VQ = typename simd<std::uint16_t, Bytes / 4>::type;
    using VS = typename simd<std::int16_t, Bytes / 4>::type;
    using VF = typename simd<float, Bytes / 2>::type;
    using VD = typename simd<double, Bytes>::type;
    constexpr auto infinity = static_cast<std::int16_t>(detail_shared::half_format<kind>::infinity);
    VQ vx;
    detail::load(vx, x + i);
    VF xf;
    detail::half_widen<kind, Hw>(xf, vx);
    const VD xd = __builtin_convertvector(xf, VD);
    VD y;
    VD m;
    math::fast_eval<F, K>(xd, pd, y, m);
    const VD e = m * math::fast_error;
    // Both ends rounded twice (see half_round_twice): where they agree and
    // neither float is a midpoint, every value between rounds once to the same.
    VQ low;
    VQ high;
    VQ mid_low;
    VQ mid_high;
    detail::half_round_twice<kind, Hw>(low, mid_low, y - e);
    detail::half_round_twice<kind, Hw>(high, mid_high, y + e);
    const VS finite = (__builtin_bit_cast(VS, vx) & 0x7fff) < infinity;
    const VS ok = (low == high) & ~__builtin_bit_cast(VS, mid_low | mid_high) & finite;
    VQ r = low;
    if (detail::any_lane(~ok)) [[unlikely]] {  // a lane not ok
        detail::half_smooth_fix<F, K>(r, __builtin_bit_cast(VQ, ok), x + i, p);
    }
    if constexpr (Backward) {
        VQ g;
        detail::load(g, dy + i);
        VF gf;
        VF rf;
        detail::half_widen<kind, Hw>(gf, g);
        detail::half_widen<kind, Hw>(rf, r);
        detail::half_from_doubles<kind, Hw>(r, __builtin_convertvector(gf, VD) * __builtin_convertvector(rf, VD));
    }
    detail::store(out + i, r);
}

template <smooth F, form K, bool Backward, class T, std::size_t Bytes, bool Hw>
RECTIFY_MATH_INLINE void half_smooth_kernel(const T* x, const T* dy, T* out, std::size_t n, T p) noexcept {
    using VD = typename simd<double, Bytes>::type;
    constexpr std::size_t lanes = Bytes / 8;
    VD pd;
    detail::splat(pd, static_cast<double>(p));  // elu's alpha may be -0
    std::size_t i = 0;
    for (; i + 2 * lanes <= n; i += 2 * lanes) {
        detail::half_smooth_step<F, K, Backward, T, Bytes, Hw>(x, dy, out, i, pd, p);
        detail::half_smooth_step<F, K, Backward, T, Bytes, Hw>(x, dy, out, i + lanes, pd, p);
    }
    for (; i + lanes <= n; i += lanes) {
        detail::half_smooth_step<F, K, Backward, T, Bytes, Hw>(x, dy, out, i, pd, p);
    }
    detail::smooth_portable<F, K, Backward, T>(x + i, Backward ? dy + i : nullptr, out + i, n - i, p);
}

#    if RECTIFY_X86_64
template <smooth F, form K, bool Backward, class T>
void half_smooth_sse2(const T* x, const T* dy, T* out, std::size_t n, T p) noexcept {
    detail::half_smooth_kernel<F, K, Backward, T, 16, false>(x, dy, out, n, p);
}
#        if RECTIFY_HAS_AVX2_KERNEL
template <smooth F, form K, bool Backward, class T>
[[gnu::target(RECTIFY_HALF_AVX2_TARGET)]] void half_smooth_avx2(const T* x, const T* dy, T* out, std::size_t n,
                                                                T p) noexcept {
    detail::half_smooth_kernel<F, K, Backward, T, 32, RECTIFY_HALF_F16C != 0>(x, dy, out, n, p);
}
#        endif
#        if RECTIFY_HAS_AVX512_KERNEL
template <smooth F, form K, bool Backward, class T>
[[gnu::target(RECTIFY_HALF_AVX512_TARGET)]] void half_smooth_avx512(const T* x, const T* dy, T* out,
                                                                    std::size_t n, T p) noexcept {
    detail::half_smooth_kernel<F, K, Backward, T, 64, RECTIFY_HALF_F16C != 0>(x, dy, out, n, p);
}
#        endif
#    else
template <smooth F, form K, bool Backward, class T>
void half_smooth_neon(const T* x, const T* dy, T* out, std::size_t n, T p) noexcept {
    detail::half_smooth_kernel<F, K, Backward, T, 16, false>(x, dy, out, n, p);
}
#    endif

template <smooth F, form K, isa Path>
struct half_smooth_tag {};

template <class T>
using half_compute = void (*)(const T*, const T*, T*, std::size_t, T) noexcept;

// The smooth function F (form K, a backward pass or not) on the 16-bit kernel
// Path: `values` is Path's kernel for form K, `direct` for the call itself.
template <smooth F, form K, bool Backward, isa Path, class T>
void half_smooth_run(const T* x, const T* dy, T* out, std::size_t n, T p, half_compute<T> values,
                     half_compute<T> direct, std::size_t whole) noexcept {
    // Tables for the default parameter only (every function without one has p = 1).
    if (std::bit_cast<std::uint16_t>(p) == std::bit_cast<std::uint16_t>(T(1)) &&
        detail::half_through_table<half_smooth_tag<F, K, Path>, Backward, Path>(
            x, dy, out, n,
            [values](const T* in, T* to, std::size_t count) { values(in, nullptr, to, count, T(1)); }, whole)) {
        return;
    }
    direct(x, dy, out, n, p);
}
#endif

// The n elements at x (and dy) through F into out; `whole` is the length of
// the call they are part of (a policy form's chunk is a part), which decides
// whether a 16-bit call builds a table.
template <smooth F, form K, bool Backward, class T>
void smooth_kernel(const T* x, const T* dy, T* out, std::size_t n, T p, [[maybe_unused]] std::size_t whole) noexcept {
#if RECTIFY_X86_64 || RECTIFY_AARCH64
    if constexpr (is_half<T>) {
        switch (detail::current_isa()) {
#    if RECTIFY_X86_64
        case isa::avx512:  // NOLINT(bugprone-branch-clone): cases without a kernel fall through alike
#        if RECTIFY_HAS_AVX512_KERNEL
            return detail::half_smooth_run<F, K, Backward, isa::avx512, T>(
                x, dy, out, n, p, &detail::half_smooth_avx512<F, K, false, T>,
                &detail::half_smooth_avx512<F, K, Backward, T>, whole);
#        else
            [[fallthrough]];
#        endif
        case isa::avx2:
#        if RECTIFY_HAS_AVX2_KERNEL
            return detail::half_smooth_run<F, K, Backward, isa::avx2, T>(
                x, dy, out, n, p, &detail::half_smooth_avx2<F, K, false, T>,
                &detail::half_smooth_avx2<F, K, Backward, T>, whole);
#        else
            [[fallthrough]];
#        endif
        case isa::sse2:
            return detail::half_smooth_run<F, K, Backward, isa::sse2, T>(
                x, dy, out, n, p, &detail::half_smooth_sse2<F, K, false, T>,
                &detail::half_smooth_sse2<F, K, Backward, T>, whole);
#    else
        case isa::neon:
            return detail::half_smooth_run<F, K, Backward, isa::neon, T>(
                x, dy, out, n, p, &detail::half_smooth_neon<F, K, false, T>,
                &detail::half_smooth_neon<F, K, Backward, T>, whole);
#    endif
        default:
            break;
        }
    }
#    if RECTIFY_DOUBLE_SMOOTH_KERNELS && RECTIFY_FASTDD
    if constexpr (std::is_same_v<T, double> && math::fastdd::covers<F, K> &&
                  std::numeric_limits<double>::is_iec559) {
        switch (detail::current_isa()) {
        case isa::avx512:  // NOLINT(bugprone-branch-clone): cases without a kernel fall through alike
#        if RECTIFY_HAS_AVX512_KERNEL
            return detail::double_smooth_avx512<F, K, Backward>(x, dy, out, n, p);
#        else
            [[fallthrough]];
#        endif
        case isa::avx2:
#        if RECTIFY_HAS_AVX2_KERNEL
            return detail::double_smooth_avx2<F, K, Backward>(x, dy, out, n, p);
#        else
            break;
#        endif
        default:
            break;
        }
    }
#    endif
    if constexpr (std::is_same_v<T, float> && std::numeric_limits<float>::is_iec559) {
        switch (detail::current_isa()) {
#    if RECTIFY_X86_64
        case isa::avx512:  // NOLINT(bugprone-branch-clone): cases without a kernel fall through alike
#        if RECTIFY_HAS_AVX512_KERNEL
            return detail::smooth_avx512<F, K, Backward>(x, dy, out, n, p);
#        else
            [[fallthrough]];
#        endif
        case isa::avx2:
#        if RECTIFY_HAS_AVX2_KERNEL
            return detail::smooth_avx2<F, K, Backward>(x, dy, out, n, p);
#        else
            [[fallthrough]];
#        endif
        case isa::sse2:
            return detail::smooth_sse2<F, K, Backward>(x, dy, out, n, p);
#    else
        case isa::neon:
            return detail::smooth_neon<F, K, Backward>(x, dy, out, n, p);
#    endif
        default:
            break;
        }
    }
#endif
    detail::smooth_portable<F, K, Backward, T>(x, dy, out, n, p);
}

template <class T>
void report_bad_parameter(const char* function, const char* parameter, T value) {
    std::string message = std::string(function) + ": " + parameter + " is " +
                          std::to_string(static_cast<double>(value)) + ", but must be finite" +
                          (std::string(parameter) == "beta" || std::string(function).find("celu") != std::string::npos
                               ? " and greater than 0"
                               : "") +
                          "; nothing was written";
    // NOLINTNEXTLINE(readability-redundant-string-cstr): the handler's argument is a const char*
    RECTIFY_ERROR_HANDLER(message.c_str());
}

template <smooth F, form K, bool Backward, class E, class X, class Dy, class Out, class T>
void smooth_map(const E& exec, const char* name, X&& x, Dy&& dy, Out&& out, T p) {
    if (!detail::parameter_ok<F>(p)) {
        detail::report_bad_parameter(name, F == smooth::softplus ? "beta" : "alpha", p);
        return;
    }
    if constexpr (Backward) {
        const operand inputs[] = {operand_of("x", x), operand_of("grad_out", dy)};
        if (!detail::validate(name, inputs, operand_of("grad_in", out), sizeof(T))) {
            return;
        }
    } else {
        const operand inputs[] = {operand_of("input", x)};
        if (!detail::validate(name, inputs, operand_of("output", out), sizeof(T))) {
            return;
        }
    }
    const T* px = std::ranges::data(x);
    const T* pdy = Backward ? std::ranges::data(dy) : nullptr;
    T* pout = std::ranges::data(out);
    const auto whole = static_cast<std::size_t>(std::ranges::size(out));
    std::size_t grid = compute_bound_grid;
    std::size_t cutoff = compute_bound_cutoff;
#if RECTIFY_X86_64 || RECTIFY_AARCH64
    if constexpr (is_half<T>) {
        // At the default parameter a 16-bit call this long reads a table of
        // every result (half_table): memory bound, split as the relu family.
        if (std::bit_cast<std::uint16_t>(p) == std::bit_cast<std::uint16_t>(T(1)) &&
            detail_shared::half_table_min.load(std::memory_order_relaxed) != SIZE_MAX) {
            grid = memory_bound_grid_bytes / sizeof(T);
            cutoff = memory_bound_cutoff_bytes / sizeof(T);
        }
    }
#endif
    detail::run_chunks(exec, whole, grid, cutoff,
                       [=](std::size_t first, std::size_t length) noexcept {
                           detail::smooth_kernel<F, K, Backward, T>(px + first, Backward ? pdy + first : nullptr,
                                                                    pout + first, length, p, whole);
                       });
}

// ---- The relu family's rounded values: hardsigmoid, hardswish, hardswish' --------
//
// v = P / 6 with P = x + 3 (hardsigmoid), x^2 + 3x (hardswish) or 2x + 3
// (hardswish'), rounded once to T.
//
// Narrower T (float, _Float16), hardsigmoid and hardswish': s = P is exact
// in double where |x| >= 2^-28 (P spans at most 53 bits), and y = s / 6 in
// double is then the correctly rounded T: either s / 6 is a double (y exact),
// or its binary expansion ends in the endless 0101... of a third, which puts
// a 1 among y's last two bits, so y is neither a T nor the midpoint of two
// (each has at most 26 significant bits) and rounding y to T goes the way
// rounding s / 6 would. Where |x| < 2^-28, v and y are both within 2^-30 of
// 1/2, whose rounding boundaries are 2^-26 away: both round to 1/2.
// hardswish: y = x (x + 3) (1/6) in double, 1/6 rounded, is within 5 2^-53
// |y| of v (three roundings and the constant's), so when y -+ 2^-50 |y| round
// to the same T, that is v's rounding; otherwise (about one float in 2^23),
// exact_round decides. Where
// |x| < 2^-60, v = x/2 + x^2/6 rounds as x/2 does, but upwards where x/2 is a
// midpoint (a subnormal T): as x/2 + 2^-40 |x| in double does (computed as
// x (1/2 -+ 2^-40), which keeps the sign of a zero).
// double: v in double-double (relative error below 2^-100) decides the
// rounding unless its low part is that close to half an ulp; otherwise
// exact_round moves a first guess to v's rounding by comparing P exactly with
// 6 times the midpoints either side. (hardswish of |x| < 2^-400, whose x^2
// may underflow, is x/2 rounded upwards at a midpoint, as for narrower T.)

// The T next to q (finite) above or below.
template <class T>
constexpr T next_to(T q, bool above) noexcept {
    using U = bits_for<T>;
    const U bits = std::bit_cast<U>(q);
    constexpr U sign = U(U(1) << (8 * sizeof(T) - 1));
    if ((bits & U(~sign)) == 0) {
        return std::bit_cast<T>(above ? U(1) : U(sign | 1U));  // the smallest subnormals
    }
    const bool away = (bits & sign) == 0 ? above : !above;  // from zero
    return std::bit_cast<T>(away ? U(bits + 1U) : U(bits - 1U));
}

// The sign of the exact sum of doubles (each exact, no overflow): the terms
// are grown into a nonoverlapping expansion (Shewchuk's Grow-Expansion with
// zero elimination), whose largest component has the sum's sign.
template <std::size_t N>
constexpr int exact_sign(const double (&terms)[N]) noexcept {
    double e[N] = {};
    std::size_t m = 0;
    for (const double t : terms) {
        double q = t;
        std::size_t k = 0;
        for (std::size_t i = 0; i < m; ++i) {
            const math::dd s = math::two_sum(q, e[i]);
            q = s.hi;
            if (s.lo != 0) {
                e[k++] = s.lo;
            }
        }
        if (q != 0) {
            e[k++] = q;
        }
        m = k;
    }
    return m == 0 ? 0 : (e[m - 1] > 0 ? 1 : -1);
}

// q moved to the T nearest P / 6 (ties to even), P given as exact terms
// (p[0] + ... + p[3]), by comparing P with 6 m for the midpoints m = (q + n)
// / 2 on either side: 6 m = 4q + 2q + 3 (n - q), each exact in double.
template <class T>
constexpr T exact_round(const double (&p)[4], T q) noexcept {
    const auto side = [&](T n) {  // the sign of P - 6 (q + n) / 2
        const auto qd = static_cast<double>(q);
        const double d = static_cast<double>(n) - qd;
        const double terms[] = {p[0], p[1], p[2], p[3], -4 * qd, -2 * qd, -3 * d};
        return detail::exact_sign(terms);
    };
    for (;;) {
        const bool odd = (std::bit_cast<bits_for<T>>(q) & 1U) != 0;
        const T up = detail::next_to(q, true);
        const int above = side(up);
        if (above > 0 || (above == 0 && odd)) {
            q = up;
            continue;
        }
        const T down = detail::next_to(q, false);
        const int below = side(down);
        if (below < 0 || (below == 0 && odd)) {
            q = down;
            continue;
        }
        break;
    }
    if (q == T(0)) {  // the zero of P's sign (+0 where P is 0)
        const double terms[] = {p[0], p[1], p[2], p[3]};
        return detail::exact_sign(terms) < 0 ? T(-0.0) : T(0);
    }
    return q;
}

// True if hi + lo (|lo| <= ulp(hi) / 2) and every value within e of it round
// to the same double, hi: the gap on lo's side is checked, and e (2^-100 |hi|
// from the callers) is far below a quarter of the gap on the other side.
constexpr bool rounding_decided(double hi, double lo, double e) noexcept {
    const double magnitude = hi < 0 ? -hi : hi;
    const bool away = (lo < 0) == (hi < 0);  // lo points away from zero
    const double gap = away ? detail::next_to(magnitude, true) - magnitude
                            : magnitude - (magnitude == 0 ? 0 : detail::next_to(magnitude, false));
    const double l = lo < 0 ? -lo : lo;
    return l + e < gap / 2;
}

// Named bounds (cppcheck misreads hex-float literals in comparisons).
inline constexpr double rational_tiny = 0x1p-400;      // double hardswish below: x/2, ties upwards
inline constexpr double half_is_normal = 0x1p-1021;    // x/2 is a normal double from here up
inline constexpr double narrow_tiny = 0x1p-60;         // narrower T hardswish below: x/2, ties upwards
inline constexpr double narrow_nudge = 0x1p-40;        // ... computed as x (1/2 -+ 2^-40)
inline constexpr double narrow_error = 0x1p-50;        // the bound on y's relative error, narrower T
inline constexpr double double_error = 0x1p-100;       // the bound on v's relative error in double-double

// P's terms, exactly: x + 3, x^2 + 3x (as x^2 + 2x + x) or 2x + 3. (x^2 in
// double-double is exact where |x| >= 2^-400, which the callers ensure.)
template <rational R>
constexpr void exact_terms(double xd, double (&p)[4]) noexcept {
    if constexpr (R == rational::hardsigmoid) {
        p[0] = xd;
        p[1] = 3.0;
    } else if constexpr (R == rational::hardswish_derivative) {
        p[0] = 2.0 * xd;
        p[1] = 3.0;
    } else {
        const math::dd square = math::two_prod(xd, xd);
        p[0] = 2.0 * xd;
        p[1] = xd;
        p[2] = square.hi;
        p[3] = square.lo;
    }
}

// double hardswish for |x| < 2^-400: x/2 (x^2/6 is far below its last bit),
// upwards at a midpoint; exact where x/2 is normal, below in units of 2^-1074.
constexpr double tiny_hardswish(double xd) noexcept {
    if (xd >= half_is_normal || xd <= -half_is_normal) {
        return xd * 0.5;
    }
    const auto b = std::bit_cast<std::uint64_t>(xd);
    constexpr std::uint64_t sign = std::uint64_t{1} << 63U;
    const std::uint64_t units = b & ~sign;
    return std::bit_cast<double>((b & sign) | ((b & sign) != 0 ? units >> 1U : (units + 1) >> 1U));
}

// double: v in double-double (relative error below 2^-100); true, with the
// double nearest v in r, unless v is that close to a rounding boundary.
template <rational R>
constexpr bool rational_double(double xd, double& r) noexcept {
    math::dd p{};  // P, exactly (to about 2^-104 |P| for hardswish)
    if constexpr (R == rational::hardsigmoid) {
        p = math::two_sum(xd, 3.0);
    } else if constexpr (R == rational::hardswish) {
        p = math::two_sum(xd, 3.0) * xd;
    } else {
        p = math::two_sum(2.0 * xd, 3.0);
    }
    const double q = p.hi / 6.0;
    const math::dd six_q = math::two_prod(q, 6.0);
    const double rest = ((p.hi - six_q.hi) - six_q.lo) + p.lo;  // P - 6q; the first difference is exact
    const math::dd v = math::fast_two_sum(q, rest / 6.0);
    r = v.hi;
    return detail::rounding_decided(v.hi, v.lo, (v.hi < 0 ? -v.hi : v.hi) * double_error);
}

// A first guess in double: P / 6 with P rounded.
template <rational R>
constexpr double rational_guess(double xd) noexcept {
    if constexpr (R == rational::hardsigmoid) {
        return (xd + 3.0) / 6.0;
    } else if constexpr (R == rational::hardswish) {
        return xd * (xd + 3.0) * (1.0 / 6.0);  // a multiply: the 2^-50 check covers its error (see above)
    } else {
        return (2.0 * xd + 3.0) / 6.0;
    }
}

// Narrower T: true, with v rounded in r, where y (the guess) decides it.
template <rational R, class T>
constexpr bool rational_narrow(double xd, double y, T& r) noexcept {
    if constexpr (R != rational::hardswish) {
        r = static_cast<T>(y);
        return true;
    } else {
        if (xd < narrow_tiny && xd > -narrow_tiny) {  // x/2 + 2^-40 |x|, keeping the zero given
            r = static_cast<T>(xd * (xd < 0 ? 0.5 - narrow_nudge : 0.5 + narrow_nudge));
            return true;
        }
        const double e = (y < 0 ? -y : y) * narrow_error;
        r = static_cast<T>(y);
        return std::bit_cast<bits_for<T>>(static_cast<T>(y - e)) == std::bit_cast<bits_for<T>>(static_cast<T>(y + e));
    }
}

// v rounded to T for -3 <= x < 3 (any value elsewhere: the callers select
// another there).
template <rational R, class T>
constexpr T rational_rounded(T x) noexcept {
    if (R == rational::hardswish && x == T(0)) {
        return x;  // the zero given
    }
    const auto xd = static_cast<double>(x);
    if (!(xd > -4 && xd < 4)) {
        return static_cast<T>(xd);  // outside the functions' rounded part (and NaN): the callers select
    }
    if constexpr (sizeof(T) >= sizeof(double)) {
        if (R == rational::hardswish && xd < rational_tiny && xd > -rational_tiny) {
            return static_cast<T>(detail::tiny_hardswish(xd));
        }
        double r = 0;
        if (detail::rational_double<R>(xd, r)) {
            return static_cast<T>(r);
        }
    }
    const double y = detail::rational_guess<R>(xd);
    if constexpr (sizeof(T) < sizeof(double)) {
        T r{};
        if (detail::rational_narrow<R, T>(xd, y, r)) {
            return r;
        }
    }
    double p[4] = {};
    detail::exact_terms<R>(xd, p);
    return detail::exact_round<T>(p, static_cast<T>(y));
}

#undef RECTIFY_MATH_INLINE
#undef RECTIFY_NOINLINE

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
