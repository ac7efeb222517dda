// The smooth functions against MPFR (tests/exhaustive/smooth/smooth_reference.hpp),
// beyond what the float exhaustive test covers:
//  1. every 16-bit pattern through every function, for every 16-bit type
//     (rectify::float16_t and _Float16: binary16; rectify::bfloat16_t and
//     std::bfloat16_t: bfloat16; the compiler's where it has them): correctly
//     rounded in the format itself (not through float), scalar and span forms
//     on every kernel, and the backward passes;
//  2. a dense double sweep: faithfully rounded (the error measured in ulps and
//     printed per function, with the share correctly rounded), span = scalar;
//  3. named hard places of float: subnormal results at rounding midpoints, the
//     GELU tail, softplus up to FLT_MAX, the derivative tails of sigmoid and
//     tanh, and the special values;
//  4. a constexpr result as a user would write it.
// x86-64 only (the reference's first stage uses the x87 long double); built
// where MPFR is found. Run time: about 40 s of CPU (Release, one core); with
// RECTIFY_TEST_MPFR_STRIDE (below), 1. and 3. sample their inputs.
#include "catch.hpp"
#include "test_util.hpp"

#include "smooth_reference.hpp"

#include <algorithm>
#include <bit>
#include <cfloat>
#include <chrono>
#include <cinttypes>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <span>
#include <string>
#include <vector>

namespace {

using smooth_ref::variant;

// RECTIFY_TEST_MPFR_STRIDE=n (RECTIFY_MPFR_STRIDE in CMake; 1 in CI): every
// n-th 16-bit pattern and float of each sweep of 1. and 3. is compared (the
// span forms still take every input), for a quick run by hand: the
// reference (MPFR) takes most of the time. An odd n, so that the patterns
// taken are not all even.
const std::uint32_t input_stride = [] {
    const char* text = std::getenv("RECTIFY_TEST_MPFR_STRIDE");  // NOLINT(concurrency-mt-unsafe): no setenv
    const unsigned long n = text == nullptr ? 1UL : std::strtoul(text, nullptr, 10);
    return n == 0 ? std::uint32_t{1} : static_cast<std::uint32_t>(n);
}();

constexpr int variant_count = smooth_ref::variant_count;

variant variant_at(int i) {
    return static_cast<variant>(i);
}
std::string name_of(variant v) {
    return std::string(smooth_ref::name(v));
}

// ---- rectify's forms by variant ------------------------------------------------

template <class T>
T scalar(variant v, T x, T p) {
    switch (v) {
        case variant::gelu: return rectify::gelu(x);
        case variant::gelu_derivative: return rectify::gelu_derivative(x);
        case variant::gelu_tanh: return rectify::gelu_tanh(x);
        case variant::gelu_tanh_derivative: return rectify::gelu_tanh_derivative(x);
        case variant::silu: return rectify::silu(x);
        case variant::silu_derivative: return rectify::silu_derivative(x);
        case variant::sigmoid: return rectify::sigmoid(x);
        case variant::sigmoid_derivative: return rectify::sigmoid_derivative(x);
        case variant::tanh: return rectify::tanh(x);
        case variant::tanh_derivative: return rectify::tanh_derivative(x);
        case variant::elu: return rectify::elu(x, p);
        case variant::elu_derivative: return rectify::elu_derivative(x, p);
        case variant::selu: return rectify::selu(x);
        case variant::selu_derivative: return rectify::selu_derivative(x);
        case variant::celu: return rectify::celu(x, p);
        case variant::celu_derivative: return rectify::celu_derivative(x, p);
        case variant::softplus: return rectify::softplus(x, p);
        case variant::softplus_derivative: return rectify::softplus_derivative(x, p);
        case variant::mish: return rectify::mish(x);
        case variant::mish_derivative: return rectify::mish_derivative(x);
    }
    return x;
}

template <class T>
void span_form(variant v, std::span<const T> in, std::span<T> out, T p) {
    switch (v) {
        case variant::gelu: rectify::gelu(in, out); return;
        case variant::gelu_derivative: rectify::gelu_derivative(in, out); return;
        case variant::gelu_tanh: rectify::gelu_tanh(in, out); return;
        case variant::gelu_tanh_derivative: rectify::gelu_tanh_derivative(in, out); return;
        case variant::silu: rectify::silu(in, out); return;
        case variant::silu_derivative: rectify::silu_derivative(in, out); return;
        case variant::sigmoid: rectify::sigmoid(in, out); return;
        case variant::sigmoid_derivative: rectify::sigmoid_derivative(in, out); return;
        case variant::tanh: rectify::tanh(in, out); return;
        case variant::tanh_derivative: rectify::tanh_derivative(in, out); return;
        case variant::elu: rectify::elu(in, out, p); return;
        case variant::elu_derivative: rectify::elu_derivative(in, out, p); return;
        case variant::selu: rectify::selu(in, out); return;
        case variant::selu_derivative: rectify::selu_derivative(in, out); return;
        case variant::celu: rectify::celu(in, out, p); return;
        case variant::celu_derivative: rectify::celu_derivative(in, out, p); return;
        case variant::softplus: rectify::softplus(in, out, p); return;
        case variant::softplus_derivative: rectify::softplus_derivative(in, out, p); return;
        case variant::mish: rectify::mish(in, out); return;
        case variant::mish_derivative: rectify::mish_derivative(in, out); return;
    }
}

// A function with its parameter (alpha of elu/celu, beta of softplus; 1 for the others).
struct fcase {
    variant v;
    float param;
    std::string label() const {
        std::string s = name_of(v);
        if (smooth_ref::has_param(v)) {
            char buf[32];
            std::snprintf(buf, sizeof buf, "(x, %g)", static_cast<double>(param));
            s += buf;
        }
        return s;
    }
};

// The 20 variants with default parameters, then elu and celu (and their
// derivatives) with alpha 0.5 and softplus (and derivative) with beta 2.
std::vector<fcase> every_case() {
    std::vector<fcase> cases;
    for (int i = 0; i < variant_count; ++i) {
        cases.push_back({variant_at(i), 1.0f});
    }
    for (variant v : {variant::elu, variant::elu_derivative, variant::celu, variant::celu_derivative}) {
        cases.push_back({v, 0.5f});
    }
    cases.push_back({variant::softplus, 2.0f});
    cases.push_back({variant::softplus_derivative, 2.0f});
    return cases;
}

std::string hex(double d) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%a [0x%016" PRIx64 "]", d, std::bit_cast<std::uint64_t>(d));
    return buf;
}
std::string hex(float f) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%a [0x%08" PRIx32 "]", static_cast<double>(f), std::bit_cast<std::uint32_t>(f));
    return buf;
}

constexpr std::size_t shown_failures = 8;  // per function and form

// ---- float: rectify's scalar and span forms on every kernel against reference() ----

struct float_checker {
    rt::each_isa kernels;
    std::size_t checked = 0;

    // Checks every x of xs (in chunks) for the case; returns the number of wrong results.
    std::size_t run(const fcase& c, const std::vector<float>& xs, const std::string& where) {
        constexpr std::size_t chunk = std::size_t{1} << 20;
        std::size_t bad = 0;
        std::vector<float> ref(std::min(chunk, xs.size())), out(ref.size());
        for (std::size_t first = 0; first < xs.size(); first += chunk) {
            const std::size_t n = std::min(chunk, xs.size() - first);
            const std::span<const float> in(xs.data() + first, n);
            for (std::size_t i = 0; i < n; ++i) {
                ref[i] = smooth_ref::reference(c.v, in[i], c.param);
            }
            auto compare = [&](std::size_t i, float got, const std::string& form) {
                if (std::bit_cast<std::uint32_t>(got) != std::bit_cast<std::uint32_t>(ref[i])) {
                    if (++bad <= shown_failures) {
                        FAIL_CHECK(where << ": " << c.label() << ", " << form << ", x = " << hex(in[i])
                                         << ": rectify " << hex(got) << ", correctly rounded " << hex(ref[i]));
                    }
                }
            };
            for (std::size_t i = 0; i < n; ++i) {
                compare(i, scalar<float>(c.v, in[i], c.param), "scalar");
            }
            for (const rectify::isa k : kernels.runnable) {
                REQUIRE(rectify::force_isa(k));
                span_form<float>(c.v, in, std::span<float>(out.data(), n), c.param);
                for (std::size_t i = 0; i < n; ++i) {
                    compare(i, out[i], std::string("span on ") + rectify::isa_name(k));
                }
            }
            rectify::reset_isa();
            checked += n;
        }
        return bad;
    }
};

// Every float pattern from a to b (inclusive, same sign, a closer to zero),
// every stride-th (every (stride input_stride)-th).
std::vector<float> float_range(float a, float b, std::uint32_t stride) {
    stride *= input_stride;
    std::uint32_t lo = std::bit_cast<std::uint32_t>(a), hi = std::bit_cast<std::uint32_t>(b);
    if (lo > hi) {
        std::swap(lo, hi);
    }
    std::vector<float> xs;
    xs.reserve((hi - lo) / stride + 2);
    for (std::uint64_t i = lo; i <= hi; i += stride) {
        xs.push_back(std::bit_cast<float>(static_cast<std::uint32_t>(i)));
    }
    if (std::bit_cast<std::uint32_t>(xs.back()) != hi) {
        xs.push_back(std::bit_cast<float>(hi));  // the end itself
    }
    return xs;
}

std::vector<float> negated(std::vector<float> xs) {
    for (float& x : xs) {
        x = -x;
    }
    return xs;
}

}  // namespace

// ============================================================================
// 1. The 16-bit types: rectify::float16_t and _Float16 (binary16),
//    rectify::bfloat16_t and std::bfloat16_t (bfloat16)
// ============================================================================

namespace {

// The backward pass of a derivative variant: dy * f'(x), in the element type.
template <class T>
T backward_scalar(variant derivative, T x, T dy, T p) {
    switch (derivative) {
        case variant::gelu_derivative: return rectify::gelu_backward(x, dy);
        case variant::gelu_tanh_derivative: return rectify::gelu_tanh_backward(x, dy);
        case variant::silu_derivative: return rectify::silu_backward(x, dy);
        case variant::sigmoid_derivative: return rectify::sigmoid_backward(x, dy);
        case variant::tanh_derivative: return rectify::tanh_backward(x, dy);
        case variant::elu_derivative: return rectify::elu_backward(x, dy, p);
        case variant::selu_derivative: return rectify::selu_backward(x, dy);
        case variant::celu_derivative: return rectify::celu_backward(x, dy, p);
        case variant::softplus_derivative: return rectify::softplus_backward(x, dy, p);
        case variant::mish_derivative: return rectify::mish_backward(x, dy);
        default: return x;
    }
}

template <class T>
void backward_span(variant derivative, std::span<const T> x, std::span<const T> dy, std::span<T> out, T p) {
    switch (derivative) {
        case variant::gelu_derivative: rectify::gelu_backward(x, dy, out); return;
        case variant::gelu_tanh_derivative: rectify::gelu_tanh_backward(x, dy, out); return;
        case variant::silu_derivative: rectify::silu_backward(x, dy, out); return;
        case variant::sigmoid_derivative: rectify::sigmoid_backward(x, dy, out); return;
        case variant::tanh_derivative: rectify::tanh_backward(x, dy, out); return;
        case variant::elu_derivative: rectify::elu_backward(x, dy, out, p); return;
        case variant::selu_derivative: rectify::selu_backward(x, dy, out); return;
        case variant::celu_derivative: rectify::celu_backward(x, dy, out, p); return;
        case variant::softplus_derivative: rectify::softplus_backward(x, dy, out, p); return;
        case variant::mish_derivative: rectify::mish_backward(x, dy, out); return;
        default: return;
    }
}

bool is_derivative(variant v) {
    return static_cast<int>(v) % 2 == 1;  // the enumeration alternates f, f'
}

std::string hex16(const smooth_ref::format16& f, std::uint16_t b) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%a [0x%04x]", static_cast<double>(smooth_ref::detail::half_to_float(b, f)),
                  static_cast<unsigned>(b));
    return buf;
}

// a * b rounded once to the format (a and b values of the format: the double
// product is exact), by MPFR's rounding in the reference; NaN as the quiet NaN.
std::uint16_t product16(const smooth_ref::format16& f, std::uint16_t a, std::uint16_t b) {
    const double p = static_cast<double>(smooth_ref::detail::half_to_float(a, f)) *
                     static_cast<double>(smooth_ref::detail::half_to_float(b, f));
    mpfr_t t;
    mpfr_init2(t, 53);
    mpfr_set_d(t, p, MPFR_RNDN);  // exact
    const std::uint16_t r = smooth_ref::detail::mpfr_round_half(t, f);
    mpfr_clear(t);
    return r;
}

// What one format's check holds for every case: the reference of every
// pattern, and for a derivative the backward pass's expected bits with
// dy = the input's bits rotated by 8 (every x meets a different dy: signed
// zeros, subnormals, infinities and NaNs included).
struct expected16 {
    std::vector<std::uint16_t> ref = std::vector<std::uint16_t>(65536);
    std::vector<std::uint16_t> dy = std::vector<std::uint16_t>(65536);
    std::vector<std::uint16_t> backward = std::vector<std::uint16_t>(65536);
    expected16() {
        for (std::uint32_t i = 0; i < 65536; ++i) {
            dy[i] = std::rotl(static_cast<std::uint16_t>(i), 8);
        }
    }
};

// One 16-bit type against the expected bits of case c: the scalar form, and
// the span form on every kernel (and the backward pass, scalar and span, for
// a derivative). Returns the number of results compared.
template <class T>
std::uint64_t check_type16(const smooth_ref::format16& f, const fcase& c, const expected16& e,
                           const rt::each_isa& kernels) {
    static_assert(sizeof(T) == 2 && std::is_trivially_copyable_v<T>);
    const std::string type = rt::type_name<T>();
    std::vector<T> xs(65536), dys(65536), out(65536);
    for (std::uint32_t i = 0; i < 65536; ++i) {
        xs[i] = std::bit_cast<T>(static_cast<std::uint16_t>(i));
        dys[i] = std::bit_cast<T>(e.dy[i]);
    }
    const auto p = static_cast<T>(c.param);  // 0.5, 1 or 2: exact
    std::size_t bad = 0;
    std::uint64_t compared = 0;
    auto compare = [&](std::uint32_t i, T got, std::uint16_t want, const std::string& form) {
        ++compared;
        const auto g = std::bit_cast<std::uint16_t>(got);
        if (g != want && ++bad <= shown_failures) {
            FAIL_CHECK(c.label() << "<" << type << ">, " << form << ", x = " << hex16(f, static_cast<std::uint16_t>(i))
                                 << ": rectify " << hex16(f, g) << ", correctly rounded " << hex16(f, want));
        }
    };
    for (std::uint32_t i = 0; i < 65536; i += input_stride) {
        compare(i, scalar<T>(c.v, xs[i], p), e.ref[i], "scalar");
    }
    for (const rectify::isa k : kernels.runnable) {
        REQUIRE(rectify::force_isa(k));
        for (const rt::half_table_mode mode : rt::half_table_modes) {
            const rt::half_tables_from tables(mode.from);
            span_form<T>(c.v, xs, out, p);
            const std::string form = std::string("span on ") + rectify::isa_name(k) + ", " + mode.name;
            for (std::uint32_t i = 0; i < 65536; i += input_stride) {
                compare(i, out[i], e.ref[i], form);
            }
        }
    }
    rectify::reset_isa();
    if (is_derivative(c.v)) {
        // dy * f'(x), f'(x) correctly rounded, the product rounded once. A NaN
        // that arithmetic makes (0 * inf, or from a NaN dy) may have any sign
        // and payload: NaN is what is checked.
        auto compare_backward = [&](std::uint32_t i, T got, const std::string& form) {
            const auto g = std::bit_cast<std::uint16_t>(got);
            const std::uint16_t want = e.backward[i];
            ++compared;
            const bool ok = smooth_ref::detail::half_is_nan(want, f) ? smooth_ref::detail::half_is_nan(g, f) : g == want;
            if (!ok && ++bad <= shown_failures) {
                FAIL_CHECK(c.label() << " backward <" << type << ">, " << form << ", x = "
                                     << hex16(f, static_cast<std::uint16_t>(i)) << ", dy = " << hex16(f, e.dy[i])
                                     << ": rectify " << hex16(f, g) << ", want " << hex16(f, want));
            }
        };
        for (std::uint32_t i = 0; i < 65536; i += input_stride) {
            compare_backward(i, backward_scalar<T>(c.v, xs[i], dys[i], p), "scalar");
        }
        // The avx512 kernel's binary16 products both ways on a CPU with
        // AVX-512 FP16: its arithmetic, and F16C's conversions with float.
        const bool fp16_both = std::numeric_limits<T>::digits == 11 && rt::cpu_has_avx512_fp16() &&
                               !rt::avx512_fp16_off_by_environment;
        for (const rectify::isa k : kernels.runnable) {
            REQUIRE(rectify::force_isa(k));
            for (const bool fp16 : {true, false}) {
                if (!fp16 && !(fp16_both && k == rectify::isa::avx512)) {
                    break;
                }
                const rt::avx512_fp16_products products(fp16_both ? fp16 : rt::avx512_fp16_now());
                for (const rt::half_table_mode mode : rt::half_table_modes) {
                    const rt::half_tables_from tables(mode.from);
                    backward_span<T>(c.v, xs, dys, out, p);
                    const std::string form = std::string("span on ") + rectify::isa_name(k) + ", " + mode.name +
                                             (fp16 ? "" : ", no AVX-512 FP16");
                    for (std::uint32_t i = 0; i < 65536; i += input_stride) {
                        compare_backward(i, out[i], form);
                    }
                }
            }
        }
        rectify::reset_isa();
    }
    INFO(c.label() << "<" << type << ">");
    CHECK(bad == 0);
    return compared;
}

// Every pattern of format f through every case, for the types Ts of that
// format this compiler has. The reference is computed once per case and
// shared by the types.
template <class... Ts>
void every_pattern16(const smooth_ref::format16& f) {
    const rt::each_isa kernels;
    expected16 e;
    double reference_seconds = 0;
    double check_seconds = 0;
    std::uint64_t compared = 0;
    const std::vector<fcase> cases = every_case();
    for (const fcase& c : cases) {
        INFO(c.label() << " in " << f.name);
        const auto start = std::chrono::steady_clock::now();
        for (std::uint32_t i = 0; i < 65536; i += input_stride) {
            e.ref[i] = smooth_ref::reference_bits16(f, c.v, static_cast<std::uint16_t>(i), c.param);
        }
        // The reference itself, against the float reference rounded to the
        // format where that double rounding cannot err: the float result is
        // not a midpoint of the format (a rounding to nearest float cannot
        // cross one, as every midpoint of either format, subnormal ones
        // included, is a float; and a real value that rounds to float's inf
        // is beyond both formats' overflow thresholds).
        std::size_t cross_checked = 0, cross_bad = 0;
        for (std::uint32_t i = 0; i < 65536; i += input_stride) {
            const float x = smooth_ref::detail::half_to_float(static_cast<std::uint16_t>(i), f);
            if (std::isnan(x)) {
                continue;
            }
            const float rf = smooth_ref::reference(c.v, x, c.param);
            const auto r = static_cast<long double>(rf);
            const std::uint16_t below = smooth_ref::detail::round_ld_half(r, -1, f);
            const std::uint16_t above = smooth_ref::detail::round_ld_half(r, +1, f);
            if (rf != 0 && below != above) {
                continue;  // a midpoint: rounding it again would be a double rounding
            }
            ++cross_checked;
            if (smooth_ref::detail::round_ld_half(r, 0, f) != e.ref[i] && ++cross_bad <= shown_failures) {
                FAIL_CHECK("the " << f.name << " reference disagrees with the float reference: x = "
                                  << hex16(f, static_cast<std::uint16_t>(i)) << ", " << f.name << " "
                                  << hex16(f, e.ref[i]) << ", float " << hex(rf));
            }
        }
        CHECK(cross_bad == 0);
        CHECK(cross_checked > 60000 / input_stride);
        if (is_derivative(c.v)) {
            for (std::uint32_t i = 0; i < 65536; i += input_stride) {
                e.backward[i] = product16(f, e.dy[i], e.ref[i]);
            }
        }
        const auto referenced = std::chrono::steady_clock::now();
        ((compared += check_type16<Ts>(f, c, e, kernels)), ...);
        const auto checked = std::chrono::steady_clock::now();
        reference_seconds += std::chrono::duration<double>(referenced - start).count();
        check_seconds += std::chrono::duration<double>(checked - referenced).count();
    }
    std::printf("%s: every pattern x %zu cases x %zu types (scalar, span on %zu kernels, backward): %" PRIu64
                " results compared in %.1f s; reference and its cross-check %.1f s\n",
                f.name, cases.size(), sizeof...(Ts), kernels.runnable.size(), compared, check_seconds,
                reference_seconds);
    std::fflush(stdout);
}

}  // namespace

TEST_CASE("binary16: every pattern, every function, correctly rounded (rectify::float16_t, and _Float16 where the compiler has it)",
          "[mpfr][float16]") {
#if RECTIFY_HAS_FLOAT16
    every_pattern16<rectify::float16_t, _Float16>(smooth_ref::binary16);
    const auto one = std::bit_cast<_Float16>(std::uint16_t{0x3c00});
    CHECK(std::bit_cast<std::uint16_t>(smooth_ref::reference_half(variant::gelu, one)) ==
          smooth_ref::reference_half_bits(variant::gelu, 0x3c00));  // the _Float16 form of the reference
#else
    every_pattern16<rectify::float16_t>(smooth_ref::binary16);
#endif
}

TEST_CASE("bfloat16: every pattern, every function, correctly rounded (rectify::bfloat16_t, and std::bfloat16_t where the compiler has it)",
          "[mpfr][bfloat16]") {
#if RECTIFY_HAS_BFLOAT16
    every_pattern16<rectify::bfloat16_t, std::bfloat16_t>(smooth_ref::bfloat16);
#else
    every_pattern16<rectify::bfloat16_t>(smooth_ref::bfloat16);
#endif
}

// ============================================================================
// 2. double
// ============================================================================

namespace {

struct range {
    double lo, hi;
};

// The interesting ranges of each function: the core (uniform), and the tails
// where results are tiny, subnormal, underflow or saturate (they cross the
// reference's closed-form thresholds, so both sides are tested).
struct double_plan {
    range core;
    std::vector<range> tails;
};

double_plan plan_of(variant v) {
    switch (v) {
        case variant::gelu:
        case variant::gelu_derivative: return {{-6, 6}, {{-39.5, -25}, {3, 17.5}}};
        case variant::gelu_tanh:
        case variant::gelu_tanh_derivative: return {{-6, 6}, {{-22.5, -8}, {3, 12.5}}};
        case variant::sigmoid_derivative: return {{-20, 20}, {{-761, -600}, {600, 761}, {20, 142}}};
        case variant::tanh: return {{-5, 5}, {{-72, -10}, {10, 72}}};
        case variant::tanh_derivative: return {{-5, 5}, {{-381, -300}, {300, 381}, {10, 40}}};
        case variant::elu:
        case variant::selu:
        case variant::celu: return {{-20, 5}, {{-142, -20}}};
        case variant::elu_derivative:
        case variant::selu_derivative:
        case variant::celu_derivative: return {{-20, 5}, {{-761, -600}, {-142, -20}}};
        case variant::mish:
        case variant::mish_derivative: return {{-20, 20}, {{-761, -600}, {15, 72}}};
        default: return {{-20, 20}, {{-761, -600}, {20, 142}}};  // silu, sigmoid, softplus and derivatives
    }
}

bool has_root(variant v) {
    return v == variant::gelu_derivative || v == variant::gelu_tanh_derivative || v == variant::silu_derivative ||
           v == variant::mish_derivative;
}

// The negative root of a derivative, to the double: bisection on the sign of
// the correctly rounded value.
double root_of(variant v) {
    double a = -2, b = -0.5;  // f'(a) < 0 < f'(b) for the four
    auto sign = [&](double x) { return smooth_ref::reference_double(v, x).nearest; };
    REQUIRE(sign(a) < 0);
    REQUIRE(sign(b) > 0);
    while (std::nextafter(a, b) != b) {
        const double m = a + (b - a) / 2;
        if (m == a || m == b) {
            break;
        }
        (sign(m) < 0 ? a : b) = m;
    }
    return b;
}

std::vector<double> double_specials() {
    constexpr double inf = std::numeric_limits<double>::infinity();
    return {0.0,      -0.0,     inf,      -inf,      std::numeric_limits<double>::quiet_NaN(),
            -std::numeric_limits<double>::quiet_NaN(),
            std::bit_cast<double>(std::uint64_t{0x7ff0000000000123}),  // signalling, payload 0x123
            std::bit_cast<double>(std::uint64_t{0xfff4000000000001}),  // signalling, negative
            DBL_MAX,  -DBL_MAX, DBL_MIN, -DBL_MIN, DBL_TRUE_MIN, -DBL_TRUE_MIN, 1.0, -1.0};
}

// 2^16 inputs: specials; 28672 over the core; 12288 over the tails; 8192 near
// the derivative root (the 256 doubles on each side, then relative distances
// from 2^-44 to 1; over [-2, 2] for the functions without a root); 8192 tiny (|x| from 2^-1074, so
// subnormals too, to 2^-10); 8192 large (|x| from 8 to DBL_MAX).
std::vector<double> double_inputs(variant v, double root) {
    std::mt19937_64 rng(0x5eed0000u + static_cast<unsigned>(v));
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    auto uniform = [&](range r) { return r.lo + (r.hi - r.lo) * unit(rng); };
    auto log_uniform = [&](int e_lo, int e_hi) {
        const auto e = static_cast<int>(std::floor(e_lo + (e_hi - e_lo) * unit(rng)));
        const double m = 1.0 + unit(rng);  // [1, 2)
        const double x = std::ldexp(m, e);  // rounds to a subnormal below 2^-1022
        return (rng() & 1U) != 0 ? -x : x;
    };
    const double_plan plan = plan_of(v);
    std::vector<double> xs = double_specials();
    const std::size_t n0 = xs.size();
    while (xs.size() < n0 + 28672) {
        xs.push_back(uniform(plan.core));
    }
    for (std::size_t i = 0; i < 12288; ++i) {
        xs.push_back(uniform(plan.tails[i % plan.tails.size()]));
    }
    for (std::size_t i = 0; i < 8192; ++i) {
        if (!has_root(v)) {
            xs.push_back(uniform({-2, 2}));
        } else if (i < 512) {  // the 256 doubles on each side of the root
            double x = root;
            for (std::size_t k = 0; k < i / 2; ++k) {
                x = std::nextafter(x, i % 2 == 0 ? -INFINITY : INFINITY);
            }
            xs.push_back(x);
        } else {  // root (1 + u 2^-k), k up to 44 (closer in: the neighbours above)
            const double k = std::floor(45 * unit(rng));
            xs.push_back(root * (1 + (2 * unit(rng) - 1) * std::exp2(-k)));
        }
    }
    for (std::size_t i = 0; i < 8192; ++i) {
        xs.push_back(log_uniform(-1074, -10));
    }
    for (std::size_t i = 0; i < 8192; ++i) {
        xs.push_back(log_uniform(3, 1024));
    }
    return xs;
}

bool same_bits(double a, double b) {
    return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}

}  // namespace

TEST_CASE("double reference: the closed forms agree with MPFR where both apply", "[mpfr][double]") {
    // Just inside each closed-form region (far tails, |x| < 2^-150), the MPFR
    // formulas at 600 bits decide too: the same nearest, down and up.
    std::mt19937_64 rng(99);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    const std::vector<std::pair<variant, std::vector<double>>> thresholds = {
        {variant::gelu, {17, -39}},        {variant::gelu_derivative, {17, -39}},
        {variant::gelu_tanh, {12, -22}},   {variant::gelu_tanh_derivative, {12, -22}},
        {variant::silu, {140, -760}},      {variant::silu_derivative, {140, -760}},
        {variant::sigmoid, {140, -760}},   {variant::sigmoid_derivative, {760, -760}},
        {variant::tanh, {71, -71}},        {variant::tanh_derivative, {380, -380}},
        {variant::elu, {-140}},            {variant::elu_derivative, {-760}},
        {variant::selu, {-140}},           {variant::selu_derivative, {-760}},
        {variant::celu, {-141}},           {variant::celu_derivative, {-761}},
        {variant::softplus, {141, -761}},  {variant::softplus_derivative, {141, -761}},
        {variant::mish, {71, -760}},       {variant::mish_derivative, {71, -760}},
    };
    std::size_t compared = 0, closed_forms = 0;
    for (const auto& [v, ts] : thresholds) {
        std::vector<double> xs;
        for (const double t : ts) {
            for (int i = 0; i < 12; ++i) {
                xs.push_back(t + std::copysign(2.0 * unit(rng), t));
            }
        }
        for (int i = 0; i < 24; ++i) {  // tiny: |x| in [2^-152, 2^-150)
            const double x = std::ldexp(1 + unit(rng), -152 + i % 2);
            xs.push_back(i % 4 < 2 ? x : -x);
        }
        xs.push_back(0.0);
        xs.push_back(-0.0);
        for (const double x : xs) {
            if (x == 0 && smooth_ref::zero_preserving(v)) {
                continue;
            }
            const smooth_ref::double_reference closed = smooth_ref::reference_double(v, x);
            const auto mp = smooth_ref::reference_double_mpfr(v, x, 1.0, 600);
            INFO(name_of(v) << "(" << hex(x) << ")");
            REQUIRE(closed.decided);
            if (!mp) {
                // x = 0 of sigmoid and the like: an exact double, which an
                // MPFR radius cannot decide; the closed form gives it exactly.
                CHECK(x == 0);
                continue;
            }
            if (closed.bits == 0) {  // decided by a closed form (else by the formula: elu(x > 0), ...)
                ++closed_forms;
            }
            CHECK(same_bits(closed.nearest, mp->nearest));
            CHECK(same_bits(closed.down, mp->down));
            CHECK(same_bits(closed.up, mp->up));
            ++compared;
        }
    }
    CHECK(compared > 800);
    CHECK(closed_forms > 750);
}

TEST_CASE("double: dense sweep, faithfully rounded", "[mpfr][double]") {
    rt::each_isa kernels;
    std::size_t total_undecided = 0;
    for (int vi = 0; vi < variant_count; ++vi) {
        const variant v = variant_at(vi);
        INFO(name_of(v) << "<double>");
        const double root = has_root(v) ? root_of(v) : 0.0;
        const std::vector<double> xs = double_inputs(v, root);
        std::vector<double> got(xs.size());
        std::size_t bad = 0, correctly_rounded = 0, measured = 0, undecided = 0;
        long double max_error = 0;
        double worst_x = 0;
        for (std::size_t i = 0; i < xs.size(); ++i) {
            const double x = xs[i];
            const double y = scalar<double>(v, x, 1.0);
            got[i] = y;
            const smooth_ref::double_reference r = smooth_ref::reference_double(v, x);
            if (!r.decided) {
                ++undecided;  // not expected; reported below
                const bool inside = y >= std::min(r.down, r.nearest) && y <= std::max(r.up, r.nearest);
                if (!inside && ++bad <= shown_failures) {
                    FAIL_CHECK(name_of(v) << "(" << hex(x) << ") = " << hex(y) << ", reference undecided near "
                                          << hex(r.nearest));
                }
                continue;
            }
            const bool faithful = same_bits(y, r.nearest) || same_bits(y, r.down) || same_bits(y, r.up);
            long double error = 0;  // in ulps of the correctly rounded result
            if (std::isfinite(r.nearest) && std::isfinite(y)) {
                const long double ulp = smooth_ref::detail::ulp_of(r.nearest);
                error = std::fabs((static_cast<long double>(y) - static_cast<long double>(r.nearest)) / ulp - r.offset);
            } else if (!same_bits(y, r.nearest)) {
                error = std::numeric_limits<long double>::infinity();  // a NaN or an infinity where another result is due
            }
            ++measured;
            if (same_bits(y, r.nearest)) {
                ++correctly_rounded;
            }
            if (error > max_error) {
                max_error = error;
                worst_x = x;
            }
            if ((!faithful || !(error < 1)) && ++bad <= shown_failures) {
                FAIL_CHECK(name_of(v) << "(" << hex(x) << ") = " << hex(y) << ": not faithful; correctly rounded "
                                      << hex(r.nearest) << ", between " << hex(r.down) << " and " << hex(r.up)
                                      << ", error " << static_cast<double>(error) << " ulp");
            }
        }
        // The line the README quotes.
        std::printf("double max error: %-20s %.7f ulp (%.3f%% correctly rounded, %zu of %zu; worst x = %a)\n",
                    name_of(v).c_str(), static_cast<double>(max_error),
                    100.0 * static_cast<double>(correctly_rounded) / static_cast<double>(measured), correctly_rounded,
                    measured, worst_x);
        std::fflush(stdout);
        CHECK(bad == 0);
        CHECK(undecided == 0);
        total_undecided += undecided;

        // The span form on every kernel: the scalar form's bits.
        std::vector<double> out(xs.size());
        std::size_t span_bad = 0;
        for (const rectify::isa k : kernels.runnable) {
            REQUIRE(rectify::force_isa(k));
            span_form<double>(v, xs, out, 1.0);
            for (std::size_t i = 0; i < xs.size(); ++i) {
                if (!same_bits(out[i], got[i]) && ++span_bad <= shown_failures) {
                    FAIL_CHECK(name_of(v) << "<double> span on " << rectify::isa_name(k) << ", x = " << hex(xs[i])
                                          << ": " << hex(out[i]) << ", scalar " << hex(got[i]));
                }
            }
        }
        rectify::reset_isa();
        CHECK(span_bad == 0);
    }
    CHECK(total_undecided == 0);
}

// ============================================================================
// 3. float: the hard places, by name
// ============================================================================

TEST_CASE("float: subnormal results near a rounding midpoint: silu and elu(x, 0.5) at every subnormal x and the smallest normals",
          "[mpfr][float]") {
    // silu(x) = x/2 + x^2/4 - ...: for a subnormal x with an odd last bit, x/2
    // is a midpoint and the hair x^2/4 decides it (up in magnitude for x > 0,
    // toward zero for x < 0); elu(x, 0.5) = x/2 + x^2/4 + ... for x < 0 alike.
    std::vector<float> xs = float_range(FLT_TRUE_MIN, std::bit_cast<float>(std::uint32_t{0x00810000}), 1);  // + 2^16 normals
    const std::vector<float> neg = negated(xs);
    xs.insert(xs.end(), neg.begin(), neg.end());
    float_checker check;
    for (const fcase& c : {fcase{variant::silu, 1.0f}, fcase{variant::elu, 0.5f}}) {
        CHECK(check.run(c, xs, "subnormal midpoints") == 0);
    }
    // The other functions with an exact leading term x/2 or alpha x, every 61st.
    std::vector<float> some;
    for (std::size_t i = 0; i < xs.size(); i += 61) {
        some.push_back(xs[i]);
    }
    for (const fcase& c : {fcase{variant::gelu, 1.0f}, fcase{variant::gelu_tanh, 1.0f}, fcase{variant::elu, 1.0f},
                           fcase{variant::celu, 0.5f}, fcase{variant::selu, 1.0f}, fcase{variant::mish, 1.0f}}) {
        CHECK(check.run(c, some, "subnormal midpoints") == 0);
    }
}

TEST_CASE("float: the GELU tail: every float in [-5.5, -5], and [-14, -5] with a stride", "[mpfr][float]") {
    // gelu(x) = x Phi(x) for x < -5: Phi(x) < 3e-7, from erfc of a large
    // argument; results down to the subnormals (x = -14: about 2^-145).
    std::vector<float> xs = float_range(-5.0f, -5.5f, 1);
    const std::vector<float> wide = float_range(-5.0f, -14.0f, 13);
    xs.insert(xs.end(), wide.begin(), wide.end());
    float_checker check;
    CHECK(check.run({variant::gelu, 1.0f}, xs, "GELU tail") == 0);
    CHECK(check.run({variant::gelu_derivative, 1.0f}, float_range(-5.0f, -14.0f, 7), "GELU tail") == 0);
}

TEST_CASE("float: gelu and gelu' where the fast path clamps x: around 32 and 2^-60, beyond and below, with a stride",
          "[mpfr][float]") {
    // The fast path takes 32 for |x| beyond |x| = 32 and 2^-60 below 2^-60
    // (in phi, the Mills ratio and |x| phi) (subnormal doubles were slow
    // there): every float around each switch, and with a stride from 30 to
    // FLT_MAX and from the least subnormal to 2^-10, both signs.
    struct range {
        float from, to;
        std::uint32_t stride;
    };
    std::vector<float> xs;
    for (const range& r : {range{31.75f, 32.25f, 1}, range{30.0f, FLT_MAX, 4099}, range{0x1p-61f, 0x1p-59f, 61},
                           range{FLT_TRUE_MIN, 0x1p-10f, 4099}}) {
        for (const float sign : {1.0f, -1.0f}) {
            const std::vector<float> part = float_range(sign * r.from, sign * r.to, r.stride);
            xs.insert(xs.end(), part.begin(), part.end());
        }
    }
    float_checker check;
    CHECK(check.run({variant::gelu, 1.0f}, xs, "gelu's clamps") == 0);
    CHECK(check.run({variant::gelu_derivative, 1.0f}, xs, "gelu's clamps") == 0);
}

TEST_CASE("float: where the fast path clamps exp and its tiny values: softplus' |beta x| near 230, expm1 near -40, "
          "mish' where e^-x < 2^-300, every function in the far tails; parameters far from 1",
          "[mpfr][float]") {
    // The fast path (every kernel, and the scalar form) takes exp(-|beta x|)
    // from exp(-230) down as exp(-230) in softplus (beta x itself, or a value
    // that rounds to +0 for every beta), expm1 from -40 down as -1 (elu, selu,
    // celu, tanh), E^2 from E at least 2^-300 in mish', and decides fast
    // results at most 2^-152 as the zero of their sign. Every float around
    // each switch, for parameters that scale the tiny values up (1 / beta to
    // 2^120, elu's alpha to FLT_MAX) and down; and every function from |x| = 80
    // to 800 with a stride, both signs, where exp's clamp at -708 is reached.
    float_checker check;
    const auto both_signs = [](float from, float to, std::uint32_t stride) {
        std::vector<float> xs = float_range(from, to, stride);
        const std::vector<float> neg = negated(xs);
        xs.insert(xs.end(), neg.begin(), neg.end());
        return xs;
    };
    // softplus and softplus' at beta x in +-[220, 240].
    for (const float beta : {0x1p-120f, 1e-30f, 0x1p-60f, 1e-3f, 0.5f, 1.0f, 3.0f, 1e3f, 0x1p100f}) {
        const std::vector<float> xs = both_signs(220.0f / beta, 240.0f / beta, 97);
        CHECK(check.run({variant::softplus, beta}, xs, "softplus, beta x near 230") == 0);
        CHECK(check.run({variant::softplus_derivative, beta}, xs, "softplus', beta x near 230") == 0);
    }
    // elu and elu' at x in [-42, -38] (alpha scales the tiny derivative up),
    // celu and celu' at x / alpha there, selu and tanh (2|x| near 40).
    const std::vector<float> near_40 = float_range(-42.0f, -38.0f, 31);
    for (const float alpha : {0x1p-100f, 0.5f, 1.0f, 1e30f, FLT_MAX}) {
        CHECK(check.run({variant::elu, alpha}, near_40, "elu near the expm1 clamp") == 0);
        CHECK(check.run({variant::elu_derivative, alpha}, near_40, "elu' near the expm1 clamp") == 0);
    }
    for (const float alpha : {0.5f, 1.0f, 0x1p20f}) {
        std::vector<float> xs;
        for (const float z : near_40) {
            xs.push_back(z * alpha);  // exact: a power of two, or 1
        }
        CHECK(check.run({variant::celu, alpha}, xs, "celu near the expm1 clamp") == 0);
        CHECK(check.run({variant::celu_derivative, alpha}, xs, "celu' near the expm1 clamp") == 0);
    }
    CHECK(check.run({variant::selu, 1.0f}, near_40, "selu near the expm1 clamp") == 0);
    const std::vector<float> near_20 = both_signs(19.0f, 21.0f, 31);
    CHECK(check.run({variant::tanh, 1.0f}, near_20, "tanh near the expm1 clamp") == 0);
    // mish and mish' where E = e^-x crosses 2^-300 (x = 207.9) and E^2 2^-1022 (x = 354).
    const std::vector<float> mish_xs = both_signs(200.0f, 360.0f, 7);
    CHECK(check.run({variant::mish, 1.0f}, mish_xs, "mish where E^2 is tiny") == 0);
    CHECK(check.run({variant::mish_derivative, 1.0f}, mish_xs, "mish' where E^2 is tiny") == 0);
    // Every function (default parameters) from 80 to 800, both signs.
    const std::vector<float> far = both_signs(80.0f, 800.0f, 211);
    for (int v = 0; v < variant_count; ++v) {
        const auto which = static_cast<variant>(v);
        CHECK(check.run({which, 1.0f}, far, name_of(which) + " in the far tails") == 0);
    }
}

TEST_CASE("float: softplus at large x, up to FLT_MAX: never inf, equals x", "[mpfr][float]") {
    // softplus(x) = x + log1p(e^-x) / 1: from x = 16 on, the correctly rounded
    // result is x itself (e^-16 < a quarter ulp of 16), up to FLT_MAX.
    std::vector<float> xs = float_range(16.0f, FLT_MAX, 251);
    float_checker check;
    for (const float beta : {1.0f, 2.0f}) {
        CHECK(check.run({variant::softplus, beta}, xs, "softplus at large x") == 0);
        std::size_t bad = 0;
        for (const float x : xs) {
            const float y = rectify::softplus(x, beta);
            if ((std::isinf(y) || y != x) && ++bad <= shown_failures) {
                FAIL_CHECK("softplus(" << hex(x) << ", " << beta << ") = " << hex(y) << ", not x");
            }
        }
        CHECK(bad == 0);
        CHECK(rectify::softplus(FLT_MAX, beta) == FLT_MAX);
        CHECK(check.run({variant::softplus_derivative, beta}, xs, "softplus at large x") == 0);
    }
}

TEST_CASE("float: the derivative tails of sigmoid and tanh: x from 10 to 110, every float with a stride", "[mpfr][float]") {
    // sigmoid'(x) = e^-x / (1 + e^-x)^2 and tanh'(x) = 4 e^-2x / (1 + e^-2x)^2:
    // from about 2^-15 down through the subnormals (sigmoid' from x = 87,
    // tanh' from x = 44) to zero (x >= 104 and x >= 52 or so).
    std::vector<float> xs = float_range(10.0f, 110.0f, 29);
    const std::vector<float> underflow = float_range(100.0f, 105.0f, 1);  // sigmoid' rounds to 0 in here
    xs.insert(xs.end(), underflow.begin(), underflow.end());
    const std::vector<float> neg = negated(xs);
    xs.insert(xs.end(), neg.begin(), neg.end());
    float_checker check;
    CHECK(check.run({variant::sigmoid_derivative, 1.0f}, xs, "sigmoid derivative tail") == 0);
    CHECK(check.run({variant::tanh_derivative, 1.0f}, xs, "tanh derivative tail") == 0);
    CHECK(check.run({variant::softplus_derivative, 1.0f}, xs, "sigmoid tail") == 0);
    CHECK(check.run({variant::sigmoid, 1.0f}, xs, "sigmoid tail") == 0);
    CHECK(check.run({variant::tanh, 1.0f}, xs, "tanh tail") == 0);
}

TEST_CASE("float: +-0, +-inf and NaN (quiet and signalling: payload kept, quieted), every function", "[mpfr][float]") {
    const std::vector<std::uint32_t> patterns = {
        0x00000000, 0x80000000,  // +-0
        0x7f800000, 0xff800000,  // +-inf
        0x7fc00000, 0xffc00000,  // quiet NaNs
        0x7fc12345, 0xffd00001,  // quiet NaNs with payloads
        0x7f800001, 0x7fa5a5a5,  // signalling NaNs
        0xff812345, 0xffbfffff,
    };
    std::vector<float> xs;
    for (const std::uint32_t b : patterns) {
        xs.push_back(std::bit_cast<float>(b));
    }
    float_checker check;
    for (const fcase& c : every_case()) {
        CHECK(check.run(c, xs, "specials") == 0);
        for (const std::uint32_t b : patterns) {
            const float x = std::bit_cast<float>(b);
            if (std::isnan(x)) {  // independent of the reference: the same NaN, quieted
                CHECK(std::bit_cast<std::uint32_t>(scalar<float>(c.v, x, c.param)) == (b | 0x00400000u));
            }
        }
    }
}

// ============================================================================
// 4. constexpr, as a user would write it
// ============================================================================

// gelu(1) = Phi(1) = 0.8413447460685429485852325456320379224779...,
// 0x1.aec4bd... rounded to float: 0x1.aec4bep-1 (checked against MPFR below).
static_assert(rectify::gelu(1.0f) == 0x1.aec4bep-1f);

TEST_CASE("constexpr: gelu(1.0f) == 0x1.aec4bep-1f, the correctly rounded value", "[mpfr][constexpr]") {
    constexpr float at_compile_time = rectify::gelu(1.0f);
    STATIC_REQUIRE(at_compile_time == 0x1.aec4bep-1f);
    CHECK(std::bit_cast<std::uint32_t>(smooth_ref::reference(variant::gelu, 1.0f)) ==
          std::bit_cast<std::uint32_t>(0x1.aec4bep-1f));
    CHECK(rectify::gelu(1.0f) == at_compile_time);  // and at run time
}

// ---- hardsigmoid, hardswish, hardswish' in double ------------------------------
// (x + 3) / 6, x (x + 3) / 6 and (2x + 3) / 6 rounded once to double: MPFR
// forms P exactly (2300 bits hold x + 3 and x (x + 3) for every double x
// below 3) and divides by 6 rounding to nearest into a double, subnormals
// included (mpfr_get_d of the exact-enough quotient: P / 6 is either a
// dyadic, exact here, or never lands on a midpoint).
namespace {

enum class rational_fn { hardsigmoid, hardswish, hardswish_derivative };

double mpfr_rational(rational_fn f, double x) {
    mpfr_t p;
    mpfr_t t;
    mpfr_init2(p, 2400);
    mpfr_init2(t, 2400);
    mpfr_set_d(p, x, MPFR_RNDN);
    switch (f) {
        case rational_fn::hardsigmoid:
            mpfr_add_ui(p, p, 3, MPFR_RNDN);
            break;
        case rational_fn::hardswish:
            mpfr_add_ui(t, p, 3, MPFR_RNDN);
            mpfr_mul(p, p, t, MPFR_RNDN);
            break;
        case rational_fn::hardswish_derivative:
            mpfr_mul_2ui(p, p, 1, MPFR_RNDN);
            mpfr_add_ui(p, p, 3, MPFR_RNDN);
            break;
    }
    mpfr_div_ui(t, p, 6, MPFR_RNDN);
    const double r = mpfr_get_d(t, MPFR_RNDN);
    mpfr_clear(p);
    mpfr_clear(t);
    return r;
}

}  // namespace

TEST_CASE("double: hardsigmoid, hardswish and hardswish' are correctly rounded on a dense sweep",
          "[mpfr][double][family]") {
    std::mt19937_64 rng(0x6a5d);
    std::uniform_real_distribution<double> wide(-3.0, 3.0);
    std::uniform_int_distribution<int> exponent(-1074, 1);
    std::vector<double> xs = {0.0, -0.0, DBL_TRUE_MIN, -DBL_TRUE_MIN, 3 * DBL_TRUE_MIN, -3 * DBL_TRUE_MIN, DBL_MIN,
                              -DBL_MIN, -3.0, std::nextafter(-3.0, 0.0), std::nextafter(3.0, 0.0), -1.5,
                              std::nextafter(-1.5, 0.0), std::nextafter(-1.5, -2.0), 0x1p-400, -0x1p-400};
    for (int i = 0; i < 40000; ++i) {
        xs.push_back(wide(rng));
    }
    for (int i = 0; i < 20000; ++i) {  // every magnitude, subnormals too
        const double x = std::ldexp(1.0 + std::uniform_real_distribution<double>(0.0, 1.0)(rng), exponent(rng));
        xs.push_back((rng() & 1U) != 0 ? -x : x);
    }
    for (int i = 0; i < 20000; ++i) {  // short significands: the quotient is often exactly a midpoint
        const double x = std::ldexp(static_cast<double>(rng() % 4096), -static_cast<int>(rng() % 60)) *
                         ((rng() & 1U) != 0 ? -1 : 1);
        if (x > -3 && x < 3) {
            xs.push_back(x);
            xs.push_back(std::nextafter(x, 4.0));
            xs.push_back(std::nextafter(x, -4.0));
        }
    }
    for (const rational_fn f : {rational_fn::hardsigmoid, rational_fn::hardswish, rational_fn::hardswish_derivative}) {
        std::size_t wrong = 0;
        for (const double x : xs) {
            if (!(x > -3 && x < 3) && !(f == rational_fn::hardswish_derivative && x == -3)) {
                continue;
            }
            const double got = f == rational_fn::hardsigmoid ? rectify::hardsigmoid(x)
                               : f == rational_fn::hardswish ? rectify::hardswish(x)
                                                             : rectify::hardswish_derivative(x);
            double want = mpfr_rational(f, x);
            if (want == 0) {  // the zero of the real value's sign; hardswish keeps the zero given
                want = f == rational_fn::hardswish ? (x < 0 || (x == 0 && std::signbit(x)) ? -0.0 : 0.0) : 0.0;
            }
            if (!same_bits(got, want) && ++wrong <= 5) {
                FAIL_CHECK("function " << static_cast<int>(f) << " at " << hex(x) << ": " << hex(got) << ", MPFR "
                                       << hex(want));
            }
        }
        CHECK(wrong == 0);
    }
}
