// The -ffast-math promise, checked. fastmath_forms.cpp is built with
// -ffast-math, this unit without it, and the program is linked with
// -ffast-math (which adds crtfastmath.o: on x86-64 it turns on FTZ and DAZ in
// MXCSR for the whole process before main). On finite inputs and finite
// alphas, every span and scalar form of the fast-math unit must give the
// definition's bits, except that
//   - a zero result may have either sign (-fno-signed-zeros: relu(-0.0) may be -0.0);
//   - where the CPU flushes subnormals (FTZ/DAZ), a subnormal input may act
//     as a zero of its sign, and a subnormal result may become a zero of its sign.
// Flushing is a property of the process, so the units built without
// -ffast-math flush too (their zeros keep the definition's sign). On x86-64
// both CPU modes are checked, MXCSR being set around each call; elsewhere the
// mode the process runs in. NaN and infinity are not part of the promise.
#include "fastmath_forms.hpp"

#include <rectify/rectify.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <random>
#include <set>
#include <string>
#include <vector>

#if defined(__SSE__) || defined(__x86_64__)
#include <xmmintrin.h>
#define RECTIFY_TEST_MXCSR 1
#else
#define RECTIFY_TEST_MXCSR 0
#endif

#if defined(__FAST_MATH__)
#error "fastmath_check.cpp is the reference: compile it without -ffast-math"
#endif

namespace {

using fastmath_forms::fn;
using fastmath_forms::form;
constexpr const char* fn_names[] = {"relu",       "relu_derivative",       "relu_backward",
                                    "leaky_relu", "leaky_relu_derivative", "leaky_relu_backward"};
constexpr const char* form_names[] = {"span", "in place", "scalar", "span, std::ratio<1, 3>",
                                      "span, default alpha"};

// ---- The CPU's subnormal mode -------------------------------------------------------
constexpr unsigned flush_bits = 0x8040;  // MXCSR FTZ (bit 15) and DAZ (bit 6)
unsigned cpu_mode() {
#if RECTIFY_TEST_MXCSR
    return _mm_getcsr() & flush_bits;
#else
    return 0;
#endif
}
void set_cpu_mode([[maybe_unused]] unsigned bits) {
#if RECTIFY_TEST_MXCSR
    _mm_setcsr((_mm_getcsr() & ~flush_bits) | bits);
#endif
}

// ---- The definition and the promise --------------------------------------------------

template <class T>
T definition(fn f, T x, T dy, T a) {
    namespace ref = rectify::detail::ref;
    switch (f) {
        case fn::relu:
            return ref::relu(x);
        case fn::relu_derivative:
            return ref::relu_derivative(x);
        case fn::relu_backward:
            return ref::relu_backward(x, dy);
        case fn::leaky:
            return ref::leaky_relu(x, a);
        case fn::leaky_derivative:
            return ref::leaky_relu_derivative(x, a);
        case fn::leaky_backward:
            break;
    }
    return ref::leaky_relu_backward(x, dy, a);
}

template <class T>
bool same_bits(T a, T b) {
    constexpr std::size_t bytes = std::numeric_limits<T>::digits == 64 ? 10 : sizeof(T);  // x87: no padding
    return std::memcmp(&a, &b, bytes) == 0;
}
template <class T>
bool subnormal(T v) {
    return v != 0 && std::fabs(v) < std::numeric_limits<T>::min();
}
template <class T>
T flushed(T v, bool result) {  // a subnormal becomes a zero of its sign
    // (A result that rounded up to the smallest normal may have underflowed first.)
    const bool flush = subnormal(v) || (result && std::fabs(v) == std::numeric_limits<T>::min());
    return flush ? std::copysign(T(0), v) : v;
}

enum class verdict { exact, zero_sign, flushed, broken };
constexpr const char* verdict_names[] = {"exact", "a zero of the other sign", "subnormal flushed", "broken"};

// Whether `got` is what the promise allows for f(x, dy): the definition's bits;
// with `flush`, the definition of x or dy flushed, its result flushed; with
// `any_zero_sign`, a zero of either sign where that gives a zero. (Run with
// FTZ/DAZ off, so that these comparisons see subnormals.)
template <class T>
verdict judge(T got, fn f, T x, T dy, T a, bool flush, bool any_zero_sign) {
    const T want = definition(f, x, dy, a);
    if (same_bits(got, want))
        return verdict::exact;
    if (any_zero_sign && got == 0 && want == 0)
        return verdict::zero_sign;
    if (!flush)
        return verdict::broken;
    for (const T xi : {x, flushed(x, false)}) {
        for (const T di : {dy, flushed(dy, false)}) {
            const T r = definition(f, xi, di, a);
            for (const T ri : {r, flushed(r, true)}) {
                if (same_bits(got, ri) || (any_zero_sign && got == 0 && ri == 0))
                    return verdict::flushed;
            }
        }
    }
    return verdict::broken;
}

// ---- Inputs: finite values of every kind ----------------------------------------------

template <class T>
std::vector<T> finite_values(unsigned seed) {
    using lim = std::numeric_limits<T>;
    std::vector<T> v;
    for (const T m : {T(0), lim::denorm_min(), lim::min() - lim::denorm_min(), lim::min(),
                      lim::min() * T(1.5), lim::min() * T(100), T(1), T(2.5), lim::max()}) {
        v.push_back(m);
        v.push_back(-m);
    }
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<T> mantissa(T(0.5), T(1));
    std::uniform_int_distribution<int> exponent(lim::min_exponent - lim::digits, lim::max_exponent - 1);
    std::uniform_int_distribution<int> near_zero(lim::min_exponent - lim::digits, lim::min_exponent + 8);
    for (int i = 0; v.size() < 1000; ++i) {  // a third of them near or below the smallest normal
        const T m = rng() % 2 == 0 ? mantissa(rng) : -mantissa(rng);
        v.push_back(std::ldexp(m, i % 3 == 0 ? near_zero(rng) : exponent(rng)));
    }
    return v;
}

struct tally {
    std::uint64_t comparisons = 0, failures = 0,
                  counts[2][2][4] = {};  // [FTZ/DAZ?][-ffast-math unit?][verdict]
    std::set<std::string> zero_sign;     // where the fast-math unit flipped one
} checks;

// The same calls in this unit (no -ffast-math), out of line so that the
// compiler keeps them between the MXCSR changes.
template <class T>
[[gnu::noinline]] void run_here(fn f, const std::vector<T>& x, const std::vector<T>& dy, std::vector<T>& out,
                                T a) {
    switch (f) {
        case fn::relu:
            return rectify::relu(x, out);
        case fn::relu_derivative:
            return rectify::relu_derivative(x, out);
        case fn::relu_backward:
            return rectify::relu_backward(x, dy, out);
        case fn::leaky:
            return rectify::leaky_relu(x, out, a);
        case fn::leaky_derivative:
            return rectify::leaky_relu_derivative(x, out, a);
        case fn::leaky_backward:
            return rectify::leaky_relu_backward(x, dy, out, a);
    }
}

template <class T>
void check(const char* type, const std::vector<rectify::isa>& kernels, unsigned mode) {
    const std::vector<T> xs = finite_values<T>(1);
    std::vector<T> ds = finite_values<T>(2);
    std::rotate(ds.begin(), ds.begin() + 7, ds.end());  // each special x meets another dy
    std::vector<T> out(xs.size());
    const T tiny = std::ldexp(T(1), std::numeric_limits<T>::min_exponent / 2);  // alpha * x often subnormal
    const bool flush = mode != 0 || !RECTIFY_TEST_MXCSR;
    for (const rectify::isa path : kernels) {
        rectify::force_isa(path);
        for (int fi = 0; fi < 6; ++fi) {
            const fn f = static_cast<fn>(fi);
            const bool leaky = f >= fn::leaky;
            for (int hi = 0; hi < (leaky ? 5 : 3); ++hi) {
                const form how = static_cast<form>(hi);
                for (const T alpha : {T(0.01), T(0), T(1.5), T(-0.5), tiny}) {
                    if ((!leaky || how >= form::ratio) && alpha != T(0.01))
                        continue;
                    const T a = how == form::ratio ? T(1) / T(3) : how == form::fallback ? T(0.01) : alpha;
                    for (const bool fast : {true, false}) {
                        if (!fast && how != form::span)
                            continue;
                        set_cpu_mode(mode);
                        if (fast)
                            fastmath_forms::run(f, how, xs.data(), ds.data(), out.data(), xs.size(), alpha);
                        if (!fast)
                            run_here(f, xs, ds, out, alpha);
                        set_cpu_mode(0);
                        for (std::size_t i = 0; i < xs.size(); ++i) {
                            const verdict v = judge(out[i], f, xs[i], ds[i], a, flush, fast);
                            ++checks.comparisons;
                            ++checks.counts[mode != 0][fast][static_cast<int>(v)];
                            if (v == verdict::zero_sign) {
                                checks.zero_sign.insert(std::string(fn_names[fi]) + "<" + type + "> " +
                                                        form_names[hi] + " on " + rectify::isa_name(path));
                            }
                            if (v == verdict::broken && ++checks.failures <= 12) {
                                std::printf(
                                    "BROKEN PROMISE %s<%s> (%s, %s unit) on %s, FTZ/DAZ %s: x %La, dy %La, "
                                    "alpha %La gave %La, the definition gives %La\n",
                                    fn_names[fi], type, form_names[hi], fast ? "-ffast-math" : "plain",
                                    rectify::isa_name(path), mode != 0 ? "on" : "off",
                                    static_cast<long double>(xs[i]), static_cast<long double>(ds[i]),
                                    static_cast<long double>(a), static_cast<long double>(out[i]),
                                    static_cast<long double>(definition(f, xs[i], ds[i], a)));
                            }
                        }
                    }
                }
            }
        }
    }
    rectify::reset_isa();
}

}  // namespace

#define RECTIFY_TEST_STRING2(name) #name
#define RECTIFY_TEST_STRING(name) RECTIFY_TEST_STRING2(name)

int main() {
    const unsigned at_start = cpu_mode();
    set_cpu_mode(0);  // the inputs and the judging see subnormals
    const std::string here = RECTIFY_TEST_STRING(RECTIFY_TU_NAMESPACE),
                      there = fastmath_forms::unit_namespace();
    if (here == there || there.find("fastmath") == std::string::npos) {
        std::printf("the -ffast-math unit's rectify namespace is %s, this unit's %s\n", there.c_str(),
                    here.c_str());
        ++checks.failures;
    }
    std::vector<rectify::isa> kernels;
    std::string names;
    for (const rectify::isa path : {rectify::isa::portable, rectify::isa::sse2, rectify::isa::avx2,
                                    rectify::isa::avx512, rectify::isa::neon}) {
        if (rectify::isa_supported(path)) {
            kernels.push_back(path);
            names += names.empty() ? "" : ",";
            names += rectify::isa_name(path);
        }
    }
    for (const unsigned mode :
         RECTIFY_TEST_MXCSR ? std::vector<unsigned>{0, flush_bits} : std::vector<unsigned>{0}) {
        check<float>("float", kernels, mode);
        check<double>("double", kernels, mode);
        check<long double>("long double", kernels, mode);
    }
    set_cpu_mode(at_start);

#if defined(__clang__)
    const char* compiler = __VERSION__;
#else
    const char* compiler = "GCC " __VERSION__;
#endif
    std::printf("fastmath_check: %s; units %s and %s; FTZ/DAZ at start: %s\n", compiler, there.c_str(),
                here.c_str(),
                at_start == flush_bits ? "on"
                : at_start == 0        ? "off"
                                       : "partly");
    for (int mode = 0; mode < 1 + RECTIFY_TEST_MXCSR; ++mode) {
        for (int fast = 1; fast >= 0; --fast) {
            std::printf("  %s, %-11s unit:",
                        RECTIFY_TEST_MXCSR ? (mode ? "FTZ/DAZ on " : "FTZ/DAZ off") : "as started",
                        fast ? "-ffast-math" : "plain");
            for (int v = 0; v < 4; ++v) {
                std::printf(" %llu %s%s", static_cast<unsigned long long>(checks.counts[mode][fast][v]),
                            verdict_names[v], v < 3 ? "," : "\n");
            }
        }
    }
    std::printf("  a zero of the other sign from:");
    for (const std::string& where : checks.zero_sign)
        std::printf(" %s;", where.c_str());
    std::printf("\n");
    std::printf("fastmath_check: %llu comparisons on kernels %s: %s\n",
                static_cast<unsigned long long>(checks.comparisons), names.c_str(),
                checks.failures == 0 ? "ok" : "FAILED");
    return checks.failures == 0 ? 0 : 1;
}
