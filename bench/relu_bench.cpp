// rectify_bench: throughput of rectify's span forms beside memcpy of the same
// bytes (the memory-bandwidth limit), the plain loops users write today, and
// the peer libraries found when it was built (bench/peers/), in one run so
// that ratios hold on a noisy machine.
//
// Benchmark names: BM_<function>/<impl>/<type>/<place>/<n>
//   function  memcpy, relu, leaky_relu, relu_derivative, leaky_relu_derivative,
//             relu_backward, leaky_relu_backward; the smooth functions
//             gelu, gelu_tanh, silu, sigmoid, tanh, elu, selu, celu,
//             softplus, mish, each also as <f>_derivative and <f>_backward
//   impl      rectify; plain_loop (the loop users write); libc (memcpy);
//             a peer: eigen, eigen_native (Eigen built with -march=native),
//             onednn, xnnpack, torch, torch_clamp_min, sleef (SLEEF's 1-ulp
//             functions composed), plain_loop_native (the plain loops built
//             with -march=native)
//   type      f32, f64, i8, bf16 (rectify::bfloat16_t), f16 (rectify::float16_t)
//   place     out (results to a separate array) or inplace (the output is x,
//             or grad_out for a backward pass)
//   n         elements per array: 1024, 16384, 262144, 4194304, 67108864
// for example BM_leaky_relu/rectify/f32/inplace/4194304. --benchmark_filter
// takes a regular expression over these names: '/f32/', '^BM_relu/',
// '/1024$'. bench/table.py reads the JSON output by these fields.
//
// On bf16 and f16 every function runs (out of place, and in place where it
// does on f32), on the same data rounded to the type; the plain loops there
// are half_loops.hpp's (widen to float, compute, round back), and the peers
// those that have the type on this CPU. rectify's kernels are checked bit for
// bit against its scalar definition (correctly rounded); the others only
// within a loose tolerance, their distance from the correctly rounded results
// being reported as the counters max_ulp and wrong_share (check_half).
//
// The smooth functions run out of place only (peer.hpp, add_out), with
// their default parameters, on f32 (every form) and f64 (values only); their
// data are x uniform in [-8, 8) (the relu family's data times 8), dy as for
// relu_backward; f64 only up to 256Ki elements (rectify's double path is the
// exact one, microseconds an element). rectify's kernels are checked bit for
// bit against its scalar definition, the others within a tolerance
// (check_smooth below): no peer is correctly rounded. rectify::gelu is
// benchmarked when the header has it (smooth_local.hpp). Their accuracy is
// rectify_accuracy's (accuracy.cpp).
//
// bytes_per_second counts every byte read and written: 2 arrays for memcpy and
// the unary functions (in + out, or the one in-place array read and written),
// 3 for a backward pass (x and grad_out read, grad_in written). memcpy runs
// for each type, so each has its limit at the same element count.
//
// Every kernel gets the same treatment: fresh 64-byte aligned arrays for each
// repetition, one virtual call per pass (peers live in shared libraries of
// their own), and one untimed pass before timing. On a benchmark's first
// repetition that pass's output is compared with rectify's scalar definition,
// so that a mis-wired kernel reports an error instead of a speed (and the
// program exits with status 1 after the run). The data are uniform in [-1, 1)
// with no zeros and no NaN, so the conventions where libraries differ (the
// derivative at 0, NaN and -0) are not exercised; each peer's file notes its
// differences.
//
// In place, the kernels run over their own output again and again: after the
// first pass relu's data has no negatives left, and a derivative's holds only
// 1 and alpha. rectify's kernels do not branch on the data; a plain loop or a
// peer that does is favoured by that, never penalised. Leaky functions in
// place alternate alpha = 0.01 and 100, so the data keep their magnitudes
// instead of sinking through subnormals to zero.
//
// Built with CMAKE_BUILD_TYPE=Release and no other flags (no -march), as
// users build; `bash bench/run.sh` runs everything and writes docs/bench.md.
//
// SPDX-License-Identifier: MIT

#include "half_loops.hpp"
#include "peer.hpp"
#include "smooth_local.hpp"

#include <rectify/rectify.hpp>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <iterator>
#include <limits>
#include <map>
#include <memory>
#include <new>
#include <span>
#include <sstream>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

// The peers' listing functions (bench/CMakeLists.txt writes the list).
#define RECTIFY_BENCH_PEER(function) std::vector<rectify_bench::Impl> function();
#include "rectify_bench_peers.inc"
#undef RECTIFY_BENCH_PEER

namespace rectify_bench {

// rectify's 16-bit types are the Types bf16 and f16 (peer.hpp's bf16 and f16
// are their bits as the peers see them).
template <>
inline constexpr Type type_of<rectify::bfloat16_t> = Type::bf16;
template <>
inline constexpr Type type_of<rectify::float16_t> = Type::f16;
static_assert(sizeof(rectify::bfloat16_t) == sizeof(bf16) && sizeof(rectify::float16_t) == sizeof(f16));
// The alpha every 16-bit kernel uses is the one rectify rounds it to.
static_assert(static_cast<double>(static_cast<float>(rectify::bfloat16_t(alpha))) == typed_alpha(Type::bf16, alpha));
static_assert(static_cast<double>(static_cast<float>(rectify::float16_t(alpha))) == typed_alpha(Type::f16, alpha));
static_assert(static_cast<double>(static_cast<float>(rectify::bfloat16_t(alpha_inverse))) == typed_alpha(Type::bf16, alpha_inverse));
static_assert(static_cast<double>(static_cast<float>(rectify::float16_t(alpha_inverse))) == typed_alpha(Type::f16, alpha_inverse));

namespace {

constexpr std::size_t sizes[] = {std::size_t{1} << 10, std::size_t{1} << 14, std::size_t{1} << 18,
                                 std::size_t{1} << 22, std::size_t{1} << 26};

// Names in benchmark names, in the enumerations' order.
constexpr const char* function_names[] = {"memcpy",
                                          "relu",
                                          "leaky_relu",
                                          "relu_derivative",
                                          "leaky_relu_derivative",
                                          "relu_backward",
                                          "leaky_relu_backward",
                                          "relu6",
                                          "relu6_derivative",
                                          "relu6_backward",
                                          "hardtanh",
                                          "hardtanh_derivative",
                                          "hardtanh_backward",
                                          "hardsigmoid",
                                          "hardsigmoid_derivative",
                                          "hardsigmoid_backward",
                                          "hardswish",
                                          "hardswish_derivative",
                                          "hardswish_backward",
                                          "threshold",
                                          "threshold_derivative",
                                          "threshold_backward",
                                          "gelu",
                                          "gelu_derivative",
                                          "gelu_backward",
                                          "gelu_tanh",
                                          "gelu_tanh_derivative",
                                          "gelu_tanh_backward",
                                          "silu",
                                          "silu_derivative",
                                          "silu_backward",
                                          "sigmoid",
                                          "sigmoid_derivative",
                                          "sigmoid_backward",
                                          "tanh",
                                          "tanh_derivative",
                                          "tanh_backward",
                                          "elu",
                                          "elu_derivative",
                                          "elu_backward",
                                          "selu",
                                          "selu_derivative",
                                          "selu_backward",
                                          "celu",
                                          "celu_derivative",
                                          "celu_backward",
                                          "softplus",
                                          "softplus_derivative",
                                          "softplus_backward",
                                          "mish",
                                          "mish_derivative",
                                          "mish_backward"};
static_assert(std::size(function_names) == static_cast<std::size_t>(Function::mish_backward) + 1);
constexpr const char* type_names[] = {"f32", "f64", "i8", "bf16", "f16"};
constexpr std::size_t type_sizes[] = {sizeof(float), sizeof(double), sizeof(std::int8_t), sizeof(bf16), sizeof(f16)};

const char* name_of(Function f) {
    return function_names[static_cast<std::size_t>(f)];
}
const char* name_of(Type t) {
    return type_names[static_cast<std::size_t>(t)];
}
std::size_t size_of(Type t) {
    return type_sizes[static_cast<std::size_t>(t)];
}

bool is_backward(Function f) {
    return f == Function::relu_backward || f == Function::leaky_relu_backward || f == Function::relu6_backward ||
           f == Function::hardtanh_backward || f == Function::hardsigmoid_backward ||
           f == Function::hardswish_backward || f == Function::threshold_backward ||
           (is_smooth(f) && form_of(f) == SmoothForm::backward);
}
bool is_leaky(Function f) {
    return f == Function::leaky_relu || f == Function::leaky_relu_backward;
}

// ---- data --------------------------------------------------------------------

struct Free {
    void operator()(void* p) const noexcept { std::free(p); }
};
using Array = std::unique_ptr<std::byte[], Free>;

// `bytes` bytes, 64-byte aligned (a cache line; any vector load is aligned),
// and 64 more that no kernel writes (XNNPACK may read past an input's end).
Array allocate(std::size_t bytes) {
    const std::size_t rounded = (bytes + 63) / 64 * 64 + 64;
    void* p = std::aligned_alloc(64, rounded);
    if (p == nullptr) {
        throw std::bad_alloc();
    }
    return Array(static_cast<std::byte*>(p));
}

// SplitMix64: the same numbers on every platform and standard library, and
// fast enough to fill 64Mi elements afresh for each run.
std::uint64_t mix(std::uint64_t z) {
    z += 0x9e3779b97f4a7c15u;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

// Element i of data set `seed`: uniform in [-1, 1) for floating types, with
// any exact zero replaced by 0.5 (see the top of the file); any value for i8.
template <class T>
T element(std::uint64_t seed, std::size_t i) {
    const std::uint64_t bits = mix((seed << 40) ^ i);
    if constexpr (std::is_same_v<T, std::int8_t>) {
        return std::bit_cast<std::int8_t>(static_cast<std::uint8_t>(bits >> 56));
    } else {
        constexpr int digits = std::numeric_limits<T>::digits;  // 24 or 53
        constexpr T scale = T{1} / static_cast<T>(std::uint64_t{1} << digits);
        const T unit = static_cast<T>(bits >> (64 - digits)) * scale;  // k / 2^digits: exact, in [0, 1)
        const T v = 2 * unit - 1;
        return v == 0 ? T{0.5} : v;
    }
}

template <class T>
void fill(void* dst, std::uint64_t seed, std::size_t n) {
    T* p = static_cast<T*>(dst);
    for (std::size_t i = 0; i < n; ++i) {
        p[i] = element<T>(seed, i);
    }
}

// The points where relu6 ... threshold change formula (hardtanh's -1 and
// 1, threshold's 0.5, hardsigmoid's and hardswish' -3 and 3, relu6's 0 and 6):
// no x is put there, where the conventions differ (the derivative from the
// right, or 0), which is not what is measured here.
constexpr float kinks[] = {-3.0f, -1.0f, 0.0f, 0.5f, 1.0f, 3.0f, 6.0f};

// --rectify_far=K (a power of two from 2^-120 to 2^100, default 1): the
// smooth functions' and relu6 ... threshold's float and double x times K
// too, in [-8K, 8K): the smooth functions' far tails (K = 128: |x| up to
// 1024, a third of it beyond exp's clamp at 708), or with K below 1 tiny x
// (K = 2^-70: |x| < 2^-67, where products of x with itself or with error
// bounds are subnormal).
double far_scale = 1.0;

// The inputs of function f on T: x (data set 1) and, if dy is not null, dy
// (data set 2). The smooth functions and relu6 ... threshold take x times 8,
// in [-8, 8): both tails, every kink.
template <class T>
void fill_inputs(Function f, void* x, void* dy, std::size_t n) {
    fill<T>(x, 1, n);
    if (dy != nullptr) {
        fill<T>(dy, 2, n);
    }
    if constexpr (std::is_floating_point_v<T>) {
        T* p = static_cast<T*>(x);
        if (is_smooth(f) || is_family(f)) {
            const auto scale = static_cast<T>(8.0 * far_scale);
            for (std::size_t i = 0; i < n; ++i) {
                p[i] *= scale;  // exactly: a power of two
            }
        }
        if constexpr (std::is_same_v<T, float>) {
            for (std::size_t i = 0; is_family(f) && i < n; ++i) {
                for (const float kink : kinks) {
                    p[i] = p[i] == kink ? kink + 0x1p-10f : p[i];
                }
            }
        }
    }
}

// The same on a 16-bit type H: the float data rounded to H (no zeros
// either), with an x that lands on a kink moved to the next number of H.
template <class H>
void fill_half(Function f, void* x, void* dy, std::size_t n) {
    const float scale = is_smooth(f) || is_family(f) ? 8.0f : 1.0f;
    H* p = static_cast<H*>(x);
    for (std::size_t i = 0; i < n; ++i) {
        H h(element<float>(1, i) * scale);
        for (const float kink : kinks) {
            if (is_family(f) && static_cast<float>(h) == kink) {
                h = H::from_bits(static_cast<std::uint16_t>(h.to_bits() + 1U));
            }
        }
        p[i] = h;
    }
    if (dy != nullptr) {
        H* q = static_cast<H*>(dy);
        for (std::size_t i = 0; i < n; ++i) {
            q[i] = H(element<float>(2, i));
        }
    }
}

// ---- the check against rectify's scalar definition ---------------------------

// relu6 ... threshold through rectify's scalar forms (hardtanh's defaults,
// threshold's parameters from peer.hpp).
template <class T>
T family_scalar(Function f, T x, T dy) {
    const auto t = static_cast<T>(family_threshold);
    const auto v = static_cast<T>(family_value);
    switch (f) {
        case Function::relu6: return rectify::relu6(x);
        case Function::relu6_derivative: return rectify::relu6_derivative(x);
        case Function::relu6_backward: return rectify::relu6_backward(x, dy);
        case Function::hardtanh: return rectify::hardtanh(x);
        case Function::hardtanh_derivative: return rectify::hardtanh_derivative(x);
        case Function::hardtanh_backward: return rectify::hardtanh_backward(x, dy);
        case Function::hardsigmoid: return rectify::hardsigmoid(x);
        case Function::hardsigmoid_derivative: return rectify::hardsigmoid_derivative(x);
        case Function::hardsigmoid_backward: return rectify::hardsigmoid_backward(x, dy);
        case Function::hardswish: return rectify::hardswish(x);
        case Function::hardswish_derivative: return rectify::hardswish_derivative(x);
        case Function::hardswish_backward: return rectify::hardswish_backward(x, dy);
        case Function::threshold: return rectify::threshold(x, t, v);
        case Function::threshold_derivative: return rectify::threshold_derivative(x, t);
        case Function::threshold_backward: return rectify::threshold_backward(x, dy, t);
        default: return x;
    }
}

template <class T>
T reference(Function f, T x, T dy, T a) {
    switch (f) {
        case Function::memcpy:
            return x;
        case Function::relu:
            return rectify::relu(x);
        case Function::relu_derivative:
            return rectify::relu_derivative(x);
        case Function::relu_backward:
            return rectify::relu_backward(x, dy);
        default:
            break;
    }
    if constexpr (rectify::floating<T>) {
        switch (f) {
            case Function::leaky_relu:
                return rectify::leaky_relu(x, a);
            case Function::leaky_relu_derivative:
                return rectify::leaky_relu_derivative(x, a);
            case Function::leaky_relu_backward:
                return rectify::leaky_relu_backward(x, dy, a);
            default:
                break;
        }
        if (is_family(f)) {
            return family_scalar(f, x, dy);
        }
    }
    return x;  // not reached: no i8 leaky benchmark exists
}

// The check of a smooth function's kernel: rectify's own bit for bit against
// its scalar definition; every other one (none is correctly rounded) within
// a tolerance of the same formula computed in double (smooth_loops.hpp):
// |got - want| <= 1e-3 |want| + 1e-5, enough to catch a mis-wired kernel (a
// wrong function, form or parameter), not to judge accuracy (that is
// rectify_accuracy's job).
template <Function F, class T>
std::string check_smooth(const Impl& impl, Kernel& kernel, const Buffers& b) {
    const T* x = static_cast<const T*>(b.x);
    const T* dy = static_cast<const T*>(b.dy);
    const bool exact = impl.impl == "rectify";
    std::vector<T> want(b.n);
    std::vector<double> approx(exact ? 0 : b.n);
    for (std::size_t i = 0; i < b.n; ++i) {
        const T d = dy != nullptr ? dy[i] : T(0);
        if (exact) {
            want[i] = rectify_smooth_scalar<F>(x[i], d);
        } else {
            approx[i] = smooth_loop_double<F>(static_cast<double>(x[i]), static_cast<double>(d));
            want[i] = static_cast<T>(approx[i]);
        }
    }
    kernel.run(alpha);
    const T* got = static_cast<const T*>(b.out);
    for (std::size_t i = 0; i < b.n; ++i) {
        const double g = static_cast<double>(got[i]);
        const bool ok = exact ? (got[i] == want[i] || (std::isnan(got[i]) && std::isnan(want[i])))
                              : std::abs(g - approx[i]) <= 1e-3 * std::abs(approx[i]) + 1e-5;
        if (!ok) {
            std::ostringstream s;
            s.precision(std::numeric_limits<T>::max_digits10);
            s << "output differs from " << (exact ? "rectify's scalar definition" : "the formula (within 1e-3)")
              << " at element " << i << ": x = " << x[i];
            if (dy != nullptr) {
                s << ", dy = " << dy[i];
            }
            s << ", got " << got[i] << ", want " << want[i];
            return s.str();
        }
    }
    return "";
}

template <class T>
using SmoothCheck = std::string (*)(const Impl&, Kernel&, const Buffers&);

// check_smooth<F, T> for every smooth F, in the order of Function.
template <class T, std::size_t... I>
std::vector<SmoothCheck<T>> smooth_checks(std::index_sequence<I...>) {
    return {&check_smooth<static_cast<Function>(static_cast<std::size_t>(Function::gelu) + I), T>...};
}

template <class T>
SmoothCheck<T> smooth_check_of(Function f) {
    static const std::vector<SmoothCheck<T>> table =
        smooth_checks<T>(std::make_index_sequence<3 * static_cast<std::size_t>(smooth_count)>());
    return table[static_cast<std::size_t>(f) - static_cast<std::size_t>(Function::gelu)];
}

// ---- the check of the 16-bit kernels --------------------------------------------

// How far a 16-bit kernel's output was from the correctly rounded results
// (rectify's scalar definition) on the checked pass: the most numbers of
// the type between the two (0 where correctly rounded), and the share of
// elements not correctly rounded. rectify's is 0 and 0 by its check.
struct HalfAccuracy {
    int max_ulp = 0;
    double wrong = 0;
};

// Benchmark name -> its accuracy, for the 16-bit kernels checked.
std::map<std::string, HalfAccuracy>& half_accuracies() {
    static std::map<std::string, HalfAccuracy> a;
    return a;
}

// rectify's scalar definition of F on H (the leaky functions with alpha a).
template <class H, Function F>
H half_definition(H x, H dy, H a) {
    if constexpr (is_smooth(F)) {
        return rectify_smooth_scalar<F>(x, dy);
    } else {
        return reference(F, x, dy, a);
    }
}
// The plain loop's formula for F in double (memcpy: x).
template <Function F>
double double_formula(double x, double dy, double a) {
    if constexpr (F == Function::memcpy) {
        return x;
    } else {
        return loop_element<F, double>(x, dy, a);
    }
}
template <class H, std::size_t... I>
constexpr auto half_definitions(std::index_sequence<I...>) {
    return std::array{&half_definition<H, static_cast<Function>(I)>...};
}
template <std::size_t... I>
constexpr auto double_formulas(std::index_sequence<I...>) {
    return std::array{&double_formula<static_cast<Function>(I)>...};
}
constexpr auto every_function = std::make_index_sequence<static_cast<std::size_t>(Function::mish_backward) + 1>();

// Bits h as a number that orders them as their values (-0 just below +0, so
// a zero of the wrong sign is 1 apart).
int half_order(std::uint16_t h) {
    const int magnitude = h & 0x7fff;
    return (h & 0x8000U) != 0 ? -magnitude - 1 : magnitude;
}

// The check of a kernel on a 16-bit type H: rectify's bit for bit against its
// scalar definition (a NaN for a NaN); every other one only within a loose
// tolerance of the plain loop's formula computed in double, |got - want| <=
// 2^-5 |want| + 2^-6, which catches a mis-wired kernel (a wrong function,
// form or parameter) but lets through the rounding of intermediate results
// to H that peers do (libtorch's sigmoid' from a rounded sigmoid); how far
// from correctly rounded they are is recorded (half_accuracies). A unary
// function's definition is computed once per distinct x.
template <class H>
std::string check_half(const Impl& impl, Kernel& kernel, const Buffers& b, HalfAccuracy& accuracy) {
    static constexpr auto definitions = half_definitions<H>(every_function);
    static constexpr auto formulas = double_formulas(every_function);
    const auto f = static_cast<std::size_t>(impl.function);
    const H* x = static_cast<const H*>(b.x);
    const H* dy = static_cast<const H*>(b.dy);
    const bool exact = impl.impl == "rectify";
    const H a(alpha);
    const auto ad = static_cast<double>(static_cast<float>(a));
    std::vector<H> want(b.n);
    std::vector<double> formula(exact ? 0 : b.n);
    std::vector<H> memo(dy == nullptr ? 1U << 16U : 0);  // x's bits -> definition, formula
    std::vector<double> memo_formula(dy == nullptr && !exact ? 1U << 16U : 0);
    std::vector<bool> known(memo.size());
    for (std::size_t i = 0; i < b.n; ++i) {
        const auto xd = static_cast<double>(static_cast<float>(x[i]));
        if (dy != nullptr) {
            want[i] = definitions[f](x[i], dy[i], a);
            if (!exact) {
                formula[i] = formulas[f](xd, static_cast<double>(static_cast<float>(dy[i])), ad);
            }
            continue;
        }
        const std::uint16_t key = x[i].to_bits();
        if (!known[key]) {
            memo[key] = definitions[f](x[i], H(0.0f), a);
            if (!exact) {
                memo_formula[key] = formulas[f](xd, 0.0, ad);
            }
            known[key] = true;
        }
        want[i] = memo[key];
        if (!exact) {
            formula[i] = memo_formula[key];
        }
    }
    const std::vector<H> x_before(x, x + b.n);  // in place, the pass overwrites x
    kernel.run(alpha);
    const H* got = static_cast<const H*>(b.out);
    std::size_t wrong = 0;
    for (std::size_t i = 0; i < b.n; ++i) {
        const std::uint16_t g = got[i].to_bits();
        const std::uint16_t w = want[i].to_bits();
        const bool g_nan = std::isnan(static_cast<float>(got[i]));
        const bool w_nan = std::isnan(static_cast<float>(want[i]));
        const bool same = g == w || (g_nan && w_nan);
        const auto gd = static_cast<double>(static_cast<float>(got[i]));
        const bool ok = exact ? same : std::abs(gd - formula[i]) <= 0x1p-5 * std::abs(formula[i]) + 0x1p-6;
        if (!ok) {
            std::ostringstream s;
            s.precision(9);
            s << "output differs from " << (exact ? "rectify's scalar definition" : "the formula (see check_half)")
              << " at element " << i << ": x = " << static_cast<float>(x_before[i]);
            if (dy != nullptr) {
                s << ", dy = " << static_cast<float>(dy[i]);
            }
            s << ", got " << static_cast<float>(got[i]) << " (bits 0x" << std::hex << g << "), want "
              << static_cast<float>(want[i]) << " (0x" << w << ")";
            return s.str();
        }
        if (!same) {
            ++wrong;
            const int ulps = g_nan || w_nan ? 1 << 16 : std::abs(half_order(g) - half_order(w));
            accuracy.max_ulp = std::max(accuracy.max_ulp, ulps);
        }
    }
    accuracy.wrong = b.n == 0 ? 0.0 : static_cast<double>(wrong) / static_cast<double>(b.n);
    return "";
}

// Runs the kernel once on fresh data and returns "" if every element equals
// rectify's scalar definition, else a description of the first that does not.
template <class T>
std::string check(const Impl& impl, Kernel& kernel, const Buffers& b) {
    if constexpr (std::is_floating_point_v<T>) {
        if (is_smooth(impl.function)) {
            return smooth_check_of<T>(impl.function)(impl, kernel, b);
        }
    }
    const T* x = static_cast<const T*>(b.x);
    const T* dy = static_cast<const T*>(b.dy);
    const T a = static_cast<T>(alpha);
    std::vector<T> want(b.n);
    for (std::size_t i = 0; i < b.n; ++i) {
        want[i] = reference(impl.function, x[i], dy != nullptr ? dy[i] : T{}, a);
    }
    const std::vector<T> x_before(x, x + b.n);  // in place, the pass overwrites x
    kernel.run(alpha);
    const T* got = static_cast<const T*>(b.out);
    // The plain loops and peers of hardsigmoid and hardswish round more than
    // once (and cancel, in hardswish' near -1.5): within 1e-6 (1 + |want|) of
    // rectify's correctly rounded results, enough to catch a mis-wired kernel.
    const bool rounds = is_family(impl.function) && impl.impl != "rectify";
    for (std::size_t i = 0; i < b.n; ++i) {
        const auto w = static_cast<double>(want[i]);
        const bool close = rounds && std::abs(static_cast<double>(got[i]) - w) <= 1e-6 * (1 + std::abs(w));
        if (!(got[i] == want[i]) && !close) {
            std::ostringstream s;
            s.precision(std::numeric_limits<T>::max_digits10);
            s << "output differs from rectify's scalar definition at element " << i
              << ": x = " << +x_before[i] << ", got " << +got[i] << ", want " << +want[i];
            return s.str();
        }
    }
    return "";
}

// ---- the measuring loop, the same for every kernel ---------------------------

// Benchmark name -> "" if its output was right, else what was wrong.
std::map<std::string, std::string>& verdicts() {
    static std::map<std::string, std::string> v;
    return v;
}

// `name` is the benchmark's full name. Its output is checked on its first
// repetition only; a failed check fails every repetition.
void run_benchmark(benchmark::State& state, const Impl& impl, const std::string& name) {
    std::map<std::string, std::string>& checked = rectify_bench::verdicts();
    const std::size_t n = static_cast<std::size_t>(state.range(0));
    const std::size_t bytes = n * size_of(impl.type);
    const bool backward = is_backward(impl.function);
    const bool in_place = impl.place == Place::inplace;

    Array x = allocate(bytes);
    Array dy = backward ? allocate(bytes) : nullptr;
    Array out = in_place ? nullptr : allocate(bytes);
    Buffers b{x.get(), dy.get(), in_place ? (backward ? dy.get() : x.get()) : out.get(), n};
    switch (impl.type) {
        case Type::f32: fill_inputs<float>(impl.function, x.get(), dy.get(), n); break;
        case Type::f64: fill_inputs<double>(impl.function, x.get(), dy.get(), n); break;
        case Type::i8: fill_inputs<std::int8_t>(impl.function, x.get(), dy.get(), n); break;
        case Type::bf16: fill_half<rectify::bfloat16_t>(impl.function, x.get(), dy.get(), n); break;
        case Type::f16: fill_half<rectify::float16_t>(impl.function, x.get(), dy.get(), n); break;
    }
    if (!in_place) {
        std::memset(out.get(), 0, bytes);  // its pages mapped before timing, as the inputs' are
    }

    std::unique_ptr<Kernel> kernel;
    try {
        kernel = impl.make(b);
        if (checked.find(name) == checked.end()) {
            HalfAccuracy& accuracy = half_accuracies()[name];
            switch (impl.type) {
                case Type::f32: checked[name] = check<float>(impl, *kernel, b); break;
                case Type::f64: checked[name] = check<double>(impl, *kernel, b); break;
                case Type::i8: checked[name] = check<std::int8_t>(impl, *kernel, b); break;
                case Type::bf16: checked[name] = check_half<rectify::bfloat16_t>(impl, *kernel, b, accuracy); break;
                case Type::f16: checked[name] = check_half<rectify::float16_t>(impl, *kernel, b, accuracy); break;
            }
        } else {
            kernel->run(alpha);  // the same untimed pass as the check's
        }
    } catch (const std::exception& e) {
        checked[name] = std::string("could not set up: ") + e.what();
    }
    if (!checked[name].empty()) {
        state.SkipWithError(checked[name].c_str());
        return;
    }

    // In place, a leaky pass with alpha is followed by one with 1 / alpha.
    const bool alternate = in_place && is_leaky(impl.function);
    bool inverse = alternate;
    for (auto _ : state) {
        kernel->run(inverse ? alpha_inverse : alpha);
        inverse = alternate && !inverse;
        benchmark::ClobberMemory();
    }
    const std::size_t arrays = backward ? 3 : 2;
    state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(bytes * arrays));
    if (is_half(impl.type) && impl.function != Function::memcpy) {
        const HalfAccuracy& accuracy = half_accuracies()[name];
        state.counters["max_ulp"] = accuracy.max_ulp;
        state.counters["wrong_share"] = accuracy.wrong;
    }
    if (impl.function == Function::memcpy) {
        state.SetLabel("limit");
    } else if (impl.impl == "rectify") {
        state.SetLabel(std::string("rectify ") + std::to_string(RECTIFY_VERSION_MAJOR) + "." +
                       std::to_string(RECTIFY_VERSION_MINOR) + "." + std::to_string(RECTIFY_VERSION_PATCH) +
                       ", " + rectify::isa_name(rectify::active_isa()));
    } else {
        state.SetLabel(kernel->label);
    }
}

// ---- this file's kernels: memcpy, rectify, the plain loops --------------------

// A kernel over raw pointers: F{}(x, dy, out, n, alpha) does one pass.
template <class T, class F>
class Local final : public Kernel {
  public:
    explicit Local(const Buffers& b)
        : x_(static_cast<const T*>(b.x)),
          dy_(static_cast<const T*>(b.dy)),
          out_(static_cast<T*>(b.out)),
          n_(b.n) {}
    void run(double a) override { F{}(x_, dy_, out_, n_, static_cast<T>(a)); }

  private:
    const T* x_;
    const T* dy_;
    T* out_;
    std::size_t n_;
};

struct Memcpy {
    template <class T>
    void operator()(const T* x, const T*, T* out, std::size_t n, T) const {
        std::memcpy(out, x, n * sizeof(T));
    }
};

// rectify's span forms, as users call them: relu and leaky_relu in place
// through their one-range overloads; the derivatives in place with the same
// range as input and output; backward in place with grad_in = grad_out.
struct RectifyRelu {
    template <class T>
    void operator()(const T* x, const T*, T* out, std::size_t n, T) const {
        rectify::relu(std::span(x, n), std::span(out, n));
    }
};
struct RectifyReluInPlace {
    template <class T>
    void operator()(const T*, const T*, T* out, std::size_t n, T) const {
        rectify::relu(std::span(out, n));
    }
};
struct RectifyLeakyRelu {
    template <class T>
    void operator()(const T* x, const T*, T* out, std::size_t n, T a) const {
        rectify::leaky_relu(std::span(x, n), std::span(out, n), a);
    }
};
struct RectifyLeakyReluInPlace {
    template <class T>
    void operator()(const T*, const T*, T* out, std::size_t n, T a) const {
        rectify::leaky_relu(std::span(out, n), a);
    }
};
struct RectifyReluDerivative {
    template <class T>
    void operator()(const T* x, const T*, T* out, std::size_t n, T) const {
        rectify::relu_derivative(std::span(x, n), std::span(out, n));
    }
};
struct RectifyLeakyReluDerivative {
    template <class T>
    void operator()(const T* x, const T*, T* out, std::size_t n, T a) const {
        rectify::leaky_relu_derivative(std::span(x, n), std::span(out, n), a);
    }
};
struct RectifyReluBackward {
    template <class T>
    void operator()(const T* x, const T* dy, T* out, std::size_t n, T) const {
        rectify::relu_backward(std::span(x, n), std::span(dy, n), std::span(out, n));
    }
};
struct RectifyLeakyReluBackward {
    template <class T>
    void operator()(const T* x, const T* dy, T* out, std::size_t n, T a) const {
        rectify::leaky_relu_backward(std::span(x, n), std::span(dy, n), std::span(out, n), a);
    }
};

// The loops users write today (PyTorch's convention at 0, `x > 0`: the data
// hold no zeros, so they agree with rectify). In place, out is x or dy.
struct LoopRelu {
    template <class T>
    void operator()(const T* x, const T*, T* out, std::size_t n, T) const {
        for (std::size_t i = 0; i < n; ++i) {
            out[i] = std::max(x[i], T{0});
        }
    }
};
struct LoopLeakyRelu {
    template <class T>
    void operator()(const T* x, const T*, T* out, std::size_t n, T a) const {
        for (std::size_t i = 0; i < n; ++i) {
            out[i] = x[i] > 0 ? x[i] : a * x[i];
        }
    }
};
struct LoopReluDerivative {
    template <class T>
    void operator()(const T* x, const T*, T* out, std::size_t n, T) const {
        for (std::size_t i = 0; i < n; ++i) {
            out[i] = x[i] > 0 ? T{1} : T{0};
        }
    }
};
struct LoopLeakyReluDerivative {
    template <class T>
    void operator()(const T* x, const T*, T* out, std::size_t n, T a) const {
        for (std::size_t i = 0; i < n; ++i) {
            out[i] = x[i] > 0 ? T{1} : a;
        }
    }
};
struct LoopReluBackward {
    template <class T>
    void operator()(const T* x, const T* dy, T* out, std::size_t n, T) const {
        for (std::size_t i = 0; i < n; ++i) {
            out[i] = x[i] > 0 ? dy[i] : T{0};
        }
    }
};
struct LoopLeakyReluBackward {
    template <class T>
    void operator()(const T* x, const T* dy, T* out, std::size_t n, T a) const {
        for (std::size_t i = 0; i < n; ++i) {
            out[i] = x[i] > 0 ? dy[i] : a * dy[i];
        }
    }
};

// relu6 ... threshold: rectify's span forms (in place: the one-range form of
// the functions, the same range as input and output for the derivatives and
// as grad_out and grad_in for the backward passes), and the loops users write
// (PyTorch's formulas: `x + 3` rounded before it is clamped and divided).
template <Function F>
struct RectifyFamily {
    template <class T>
    void operator()(const T* x, const T* dy, T* out, std::size_t n, T) const {
        const std::span<const T> in(x, n);
        const std::span<const T> grad(dy, is_backward(F) ? n : 0);
        const std::span<T> o(out, n);
        const auto t = static_cast<T>(family_threshold);
        if constexpr (F == Function::relu6) rectify::relu6(in, o);
        else if constexpr (F == Function::relu6_derivative) rectify::relu6_derivative(in, o);
        else if constexpr (F == Function::relu6_backward) rectify::relu6_backward(in, grad, o);
        else if constexpr (F == Function::hardtanh) rectify::hardtanh(in, o);
        else if constexpr (F == Function::hardtanh_derivative) rectify::hardtanh_derivative(in, o);
        else if constexpr (F == Function::hardtanh_backward) rectify::hardtanh_backward(in, grad, o);
        else if constexpr (F == Function::hardsigmoid) rectify::hardsigmoid(in, o);
        else if constexpr (F == Function::hardsigmoid_derivative) rectify::hardsigmoid_derivative(in, o);
        else if constexpr (F == Function::hardsigmoid_backward) rectify::hardsigmoid_backward(in, grad, o);
        else if constexpr (F == Function::hardswish) rectify::hardswish(in, o);
        else if constexpr (F == Function::hardswish_derivative) rectify::hardswish_derivative(in, o);
        else if constexpr (F == Function::hardswish_backward) rectify::hardswish_backward(in, grad, o);
        else if constexpr (F == Function::threshold) rectify::threshold(in, o, t, static_cast<T>(family_value));
        else if constexpr (F == Function::threshold_derivative) rectify::threshold_derivative(in, o, t);
        else rectify::threshold_backward(in, grad, o, t);
    }
};
template <Function F>
struct RectifyFamilyInPlace {  // the one-range form where the function has one
    template <class T>
    void operator()(const T* x, const T* dy, T* out, std::size_t n, T a) const {
        const std::span<T> o(out, n);
        if constexpr (F == Function::relu6) rectify::relu6(o);
        else if constexpr (F == Function::hardtanh) rectify::hardtanh(o);
        else if constexpr (F == Function::hardsigmoid) rectify::hardsigmoid(o);
        else if constexpr (F == Function::hardswish) rectify::hardswish(o);
        else if constexpr (F == Function::threshold) rectify::threshold(o, static_cast<T>(family_threshold), static_cast<T>(family_value));
        else RectifyFamily<F>{}(x, dy, out, n, a);
    }
};
template <Function F>
struct LoopFamily {
    template <class T>
    void operator()(const T* x, const T* dy, T* out, std::size_t n, T) const {
        for (std::size_t i = 0; i < n; ++i) {
            out[i] = loop_element<F>(x[i], is_backward(F) ? dy[i] : T{0}, T{0});
        }
    }
};

// hardsigmoid and hardswish (every form) run out of place only: in place,
// pass after pass would shrink their data towards subnormals (as the smooth
// functions', peer.hpp's add_out), measuring other data than the first pass's.
constexpr bool out_only(Function f) {
    return f >= Function::hardsigmoid && f <= Function::hardswish_backward;
}

// The plain loops on the 16-bit types are half_loops.hpp's (through float),
// listed on their own.
template <class T, Function F>
void add_family_one(std::vector<Impl>& v) {
    constexpr bool loop = !is_half(type_of<T>);
    if constexpr (out_only(F)) {
        add_out<T, Local<T, RectifyFamily<F>>>(v, F, "rectify");
        if constexpr (loop) {
            add_out<T, Local<T, LoopFamily<F>>>(v, F, "plain_loop");
        }
    } else {
        add_both<T, Local<T, RectifyFamily<F>>, Local<T, RectifyFamilyInPlace<F>>>(v, F, "rectify");
        if constexpr (loop) {
            add_both<T, Local<T, LoopFamily<F>>>(v, F, "plain_loop");
        }
    }
}

template <class T, std::size_t... I>
void add_family(std::vector<Impl>& v, std::index_sequence<I...>) {
    constexpr auto first = static_cast<std::size_t>(Function::relu6);
    (add_family_one<T, static_cast<Function>(first + I)>(v), ...);
}

// Lists rectify (Rectify, in place RectifyInPlace) and the plain loop (Loop)
// computing F on T, where the benchmark has F on T.
template <class T, Function F, class Rectify, class Loop, class RectifyInPlace = Rectify>
void add_local(std::vector<Impl>& v) {
    if constexpr (benchmarked<F, T>) {
        add_both<T, Local<T, Rectify>, Local<T, RectifyInPlace>>(v, F, "rectify");
        if constexpr (!is_half(type_of<T>)) {
            add_both<T, Local<T, Loop>>(v, F, "plain_loop");
        }
    }
}

template <class T>
void add_local_kernels(std::vector<Impl>& v) {
    v.push_back({Function::memcpy, type_of<T>, Place::out, "libc", &make<Local<T, Memcpy>>});
    add_local<T, Function::relu, RectifyRelu, LoopRelu, RectifyReluInPlace>(v);
    add_local<T, Function::leaky_relu, RectifyLeakyRelu, LoopLeakyRelu, RectifyLeakyReluInPlace>(v);
    add_local<T, Function::relu_derivative, RectifyReluDerivative, LoopReluDerivative>(v);
    add_local<T, Function::leaky_relu_derivative, RectifyLeakyReluDerivative, LoopLeakyReluDerivative>(v);
    add_local<T, Function::relu_backward, RectifyReluBackward, LoopReluBackward>(v);
    add_local<T, Function::leaky_relu_backward, RectifyLeakyReluBackward, LoopLeakyReluBackward>(v);
    if constexpr (rectify::floating<T>) {
        add_smooth_local<T>(v);
    }
    if constexpr (std::is_same_v<T, float> || is_half(type_of<T>)) {
        add_family<T>(v, std::make_index_sequence<static_cast<std::size_t>(Function::threshold_backward) -
                                                  static_cast<std::size_t>(Function::relu6) + 1>());
    }
}

// Registers every kernel at every size, ordered by type, size, function and
// place, so that the rows a ratio compares run close together in time.
void register_all(std::vector<Impl> impls) {
    auto key = [](const Impl& i) { return std::tuple(i.type, i.function, i.place); };
    std::stable_sort(impls.begin(), impls.end(),
                     [&](const Impl& l, const Impl& r) { return key(l) < key(r); });
    for (const Type type : {Type::f32, Type::f64, Type::i8, Type::bf16, Type::f16}) {
        for (const std::size_t n : sizes) {
            for (const Impl& impl : impls) {
                if (impl.type != type) {
                    continue;
                }
                // rectify's double gelu takes its exact path (about 2
                // microseconds an element; the other double smooth functions
                // have a fast path since 2026-12-05): f64 smooth functions
                // stop at 256Ki, which keeps the whole run short.
                if (is_smooth(impl.function) && type == Type::f64 && n > (std::size_t{1} << 18)) {
                    continue;
                }
                const std::string family = std::string("BM_") + name_of(impl.function) + "/" + impl.impl +
                                           "/" + name_of(impl.type) + "/" +
                                           (impl.place == Place::out ? "out" : "inplace");
                const std::string name = family + "/" + std::to_string(n);
                benchmark::RegisterBenchmark(family.c_str(), [impl, name](benchmark::State& state) {
                    run_benchmark(state, impl, name);
                })->Arg(static_cast<std::int64_t>(n));
            }
        }
    }
}

}  // namespace
}  // namespace rectify_bench

int main(int argc, char** argv) {
    // --rectify_isa=portable|sse2|avx2|avx512|neon: rectify's span forms run
    // on that kernel (rectify::force_isa), to measure here the kernel a CPU
    // without AVX-512 (or AVX2) would run; the peers run as built. Each
    // rectify row's label names the kernel that ran. --rectify_far=K: see
    // far_scale. Both are taken out of argv before Google Benchmark reads it.
    const std::string isa_flag = "--rectify_isa=";
    const std::string far_flag = "--rectify_far=";
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg.rfind(far_flag, 0) == 0) {
            const double k = std::strtod(arg.c_str() + far_flag.size(), nullptr);
            int exponent = 0;
            if (!(k >= 0x1p-120 && k <= 0x1p100) || std::frexp(k, &exponent) != 0.5) {
                std::fprintf(stderr, "rectify_bench: %s: not a power of two from 2^-120 to 2^100\n", arg.c_str());
                return 1;
            }
            rectify_bench::far_scale = k;
        } else if (arg.rfind(isa_flag, 0) == 0) {
            const std::string wanted = arg.substr(isa_flag.size());
            bool forced = false;
            for (const rectify::isa path : {rectify::isa::portable, rectify::isa::sse2, rectify::isa::avx2,
                                            rectify::isa::avx512, rectify::isa::neon}) {
                if (wanted == rectify::isa_name(path)) {
                    forced = rectify::force_isa(path);
                }
            }
            if (!forced) {
                std::fprintf(stderr, "rectify_bench: %s: no such kernel on this CPU\n", arg.c_str());
                return 1;
            }
        } else {
            continue;
        }
        for (int j = i; j + 1 < argc; ++j) {
            argv[j] = argv[j + 1];
        }
        --argc;
        --i;
    }
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) {
        return 1;
    }
    std::vector<rectify_bench::Impl> impls;
    rectify_bench::add_local_kernels<float>(impls);
    rectify_bench::add_local_kernels<double>(impls);
    rectify_bench::add_local_kernels<std::int8_t>(impls);
    rectify_bench::add_local_kernels<rectify::bfloat16_t>(impls);
    rectify_bench::add_local_kernels<rectify::float16_t>(impls);
    rectify_bench::add_half_loops(impls, "plain_loop");
#define RECTIFY_BENCH_PEER(function)                \
    for (rectify_bench::Impl & impl : function()) { \
        impls.push_back(std::move(impl));           \
    }
#include "rectify_bench_peers.inc"
#undef RECTIFY_BENCH_PEER
    rectify_bench::register_all(std::move(impls));
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    // A kernel whose output was wrong, or that could not be set up, is an
    // error of the build, not a result: say so, and fail.
    int failed = 0;
    for (const auto& [name, verdict] : rectify_bench::verdicts()) {
        if (!verdict.empty()) {
            std::fprintf(stderr, "rectify_bench: %s: %s\n", name.c_str(), verdict.c_str());
            ++failed;
        }
    }
    if (failed != 0) {
        std::fprintf(stderr, "rectify_bench: %d benchmarks failed before timing (above)\n", failed);
    }
    return failed == 0 ? 0 : 1;
}
