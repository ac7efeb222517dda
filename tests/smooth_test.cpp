// The smooth rectifiers (gelu_tanh, silu, sigmoid, tanh, elu, selu, celu,
// softplus, mish): their special values, the span forms against the scalar
// form bit for bit on every kernel this machine runs, in place and out of
// place, the backward passes, bad parameters, and the compile-time
// parameters of elu, celu and softplus (elu_with<P>...). Correct rounding itself is
// proven against MPFR by tests/exhaustive/smooth (every float).
#include "catch.hpp"
#include "test_util.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <limits>
#include <random>
#include <ratio>
#include <span>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace {

// Every form of one function, for one element type.
template <class T>
struct forms {
    std::string name;
    bool has_parameter;
    std::function<T(T, T)> value;       // (x, p)
    std::function<T(T, T)> derivative;  // (x, p)
    std::function<T(T, T, T)> backward; // (x, dy, p)
    std::function<void(std::span<const T>, std::span<T>, T)> span_value;
    std::function<void(std::span<T>, T)> in_place;
    std::function<void(std::span<const T>, std::span<T>, T)> span_derivative;
    std::function<void(std::span<const T>, std::span<const T>, std::span<T>, T)> span_backward;
};

#define RECTIFY_FORMS(f)                                                                                  \
    forms<T> {                                                                                            \
        #f, false, [](T x, T) { return rectify::f(x); }, [](T x, T) { return rectify::f##_derivative(x); }, \
            [](T x, T dy, T) { return rectify::f##_backward(x, dy); },                                     \
            [](std::span<const T> in, std::span<T> out, T) { rectify::f(in, out); },                       \
            [](std::span<T> inout, T) { rectify::f(inout); },                                              \
            [](std::span<const T> in, std::span<T> out, T) { rectify::f##_derivative(in, out); },          \
            [](std::span<const T> x, std::span<const T> dy, std::span<T> out, T) {                         \
                rectify::f##_backward(x, dy, out);                                                         \
            }                                                                                              \
    }
#define RECTIFY_FORMS_P(f)                                                                                    \
    forms<T> {                                                                                                \
        #f, true, [](T x, T p) { return rectify::f(x, p); }, [](T x, T p) { return rectify::f##_derivative(x, p); }, \
            [](T x, T dy, T p) { return rectify::f##_backward(x, dy, p); },                                    \
            [](std::span<const T> in, std::span<T> out, T p) { rectify::f(in, out, p); },                      \
            [](std::span<T> inout, T p) { rectify::f(inout, p); },                                             \
            [](std::span<const T> in, std::span<T> out, T p) { rectify::f##_derivative(in, out, p); },         \
            [](std::span<const T> x, std::span<const T> dy, std::span<T> out, T p) {                           \
                rectify::f##_backward(x, dy, out, p);                                                          \
            }                                                                                                  \
    }

template <class T>
std::vector<forms<T>> all_forms() {
    return {RECTIFY_FORMS(gelu),      RECTIFY_FORMS(gelu_tanh), RECTIFY_FORMS(silu), RECTIFY_FORMS(sigmoid),
            RECTIFY_FORMS(tanh),      RECTIFY_FORMS_P(elu),      RECTIFY_FORMS(selu),
            RECTIFY_FORMS_P(celu),    RECTIFY_FORMS_P(softplus), RECTIFY_FORMS(mish)};
}

// The types the smooth functions take.
using smooth_types = std::tuple<float, double
#if RECTIFY_HAS_FLOAT16
                                ,
                                _Float16
#endif
                                >;

template <class T>
T signalling_nan() {
    if constexpr (sizeof(T) == 2) {
        return std::bit_cast<T>(std::uint16_t{0x7d01});
    } else if constexpr (sizeof(T) == 4) {
        return std::bit_cast<T>(std::uint32_t{0x7f800123});
    } else {
        return std::bit_cast<T>(std::uint64_t{0xfff0000000000123});
    }
}

// Inputs that exercise every branch: specials, zeros, subnormals, both tails,
// the derivative roots, and random values of every magnitude.
template <class T>
std::vector<T> smooth_inputs(std::size_t n, unsigned seed) {
    std::vector<T> v = {rt::qnan<T>(), -rt::qnan<T>(), signalling_nan<T>(), rt::inf<T>(), -rt::inf<T>(),
                        T(0),          T(-0.0),        rt::limits<T>::denorm_min(), -rt::limits<T>::denorm_min(),
                        rt::limits<T>::min(), rt::limits<T>::max(), rt::limits<T>::lowest(),
                        T(1), T(-1), T(-0.7518), T(-1.2785), T(-1.1924), T(20), T(-20), T(88), T(-88), T(-104), T(9),
                        T(-64), T(-70), T(40), T(41), T(-120), T(1e-30), T(-1e-30),  // edges of the float-lane sigmoid, silu
                        T(-9), T(3), T(-3), T(0.5), T(-0.5), T(1e-3), T(-1e-3)};
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> exponent(-30.0, 8.0);
    while (v.size() < n) {
        const double magnitude = std::exp2(exponent(rng));
        v.push_back(static_cast<T>(rng() % 2 == 0 ? magnitude : -magnitude));
    }
    return v;
}

// The kernels to force in turn for T's span forms: those this machine runs
// (on an emulated x86-64 CPU, the one it chooses: rt::each_isa). A type with
// no smooth kernels of its own (long double: every kernel runs the portable
// loop, the very same instructions) takes the first only, and none on an
// emulated x86-64 CPU, where that loop is the baseline code the native run
// has run. (double has AVX2 and AVX-512 kernels since 2026-12-05.)
template <class T>
std::vector<rectify::isa> kernels() {
    const rt::each_isa machine;
    std::vector<rectify::isa> all = machine.runnable;
    if constexpr (!std::is_same_v<T, float> && !std::is_same_v<T, double> && sizeof(T) != 2) {
#if RECTIFY_X86_64
        const bool emulated = std::getenv("RECTIFY_EXPECT_ISA") != nullptr;  // NOLINT(concurrency-mt-unsafe): no setenv
#else
        const bool emulated = false;  // (AArch64 runs every test under qemu-aarch64: none natively)
#endif
        all.resize(emulated || all.empty() ? 0 : 1);
    }
    return all;
}

struct isa_guard {
    isa_guard() = default;
    isa_guard(const isa_guard&) = delete;
    isa_guard& operator=(const isa_guard&) = delete;
    ~isa_guard() { rectify::reset_isa(); }
};

// The backward passes' products dy * f'(x) in T: the same bits, except the
// latitude IEEE 754 leaves (and rectify documents): which NaN a product of
// two NaNs returns, and whether a signalling NaN dy is quieted.
template <class T>
bool same_product(T got, T want, T x, T dy) {
    if (rt::is_nan(x) && rt::is_nan(dy)) {
        return rt::is_nan(got);
    }
    if (rt::is_nan(dy)) {
        return rt::same_bits(rectify::detail::quiet(got), rectify::detail::quiet(want));
    }
    return rt::same_bits(got, want);
}

template <class T>
std::vector<T> parameters(bool has_parameter) {
    if (!has_parameter) {
        return {T(1)};
    }
    return {T(1), T(0.5), T(2), T(0.1)};
}

}  // namespace

TEST_CASE("smooth: constexpr scalar forms", "[smooth]") {
    STATIC_REQUIRE(rectify::sigmoid(0.0f) == 0.5f);
    STATIC_REQUIRE(rectify::sigmoid(-0.0f) == 0.5f);
    STATIC_REQUIRE(rectify::tanh(1.0f) == 0x1.85efacp-1f);  // tanh(1) = 0x1.85efab514f394...p-1
    STATIC_REQUIRE(rectify::softplus(0.0f) == 0x1.62e43p-1f);  // log 2 = 0x1.62e42fefa39ef...p-1
    STATIC_REQUIRE(rectify::elu(1.5f) == 1.5f);
    STATIC_REQUIRE(rectify::elu_derivative(0.0f) == 1.0f);
    STATIC_REQUIRE(rectify::sigmoid(1.0) == 0x1.764d4f5d5a2bdp-1);  // 1/(1 + e^-1) = 0.73105857863000487925...
    STATIC_REQUIRE(rectify::silu(1.0f) == rectify::sigmoid(1.0f));
    STATIC_REQUIRE(rectify::softplus(100.0f) == 100.0f);
    STATIC_REQUIRE(rectify::softplus(3e38f) == 3e38f);
}

TEMPLATE_LIST_TEST_CASE("smooth: special values", "[smooth]", smooth_types) {
    using T = TestType;
    const T inf = rt::inf<T>();
    for (const forms<T>& f : all_forms<T>()) {
        INFO(f.name << '<' << rt::type_name<T>() << '>');
        // NaN in, the same NaN out (quiet).
        const T q = rt::qnan<T>();
        CHECK(rt::same_bits(f.value(q, T(1)), q));
        CHECK(rt::same_bits(f.derivative(-q, T(1)), -q));
        const T s = f.value(signalling_nan<T>(), T(1));
        CHECK(rt::is_nan(s));
        CHECK(rt::same_bits(s, rectify::detail::quiet(signalling_nan<T>())));
        // The derivative at zero is finite and the same from both zeros.
        CHECK(rt::same_bits(f.derivative(T(0), T(1)), f.derivative(T(-0.0), T(1))));
        CHECK(!rt::is_nan(f.derivative(inf, T(1))));
        CHECK(!rt::is_nan(f.derivative(-inf, T(1))));
        CHECK(!rt::is_nan(f.value(-inf, T(1))));
    }
    // f(0) = 0: the zero given.
    for (const forms<T>& f : all_forms<T>()) {
        if (f.name == "sigmoid" || f.name == "softplus") {
            continue;
        }
        INFO(f.name);
        CHECK(rt::same_bits(f.value(T(0), T(1)), T(0)));
        CHECK(rt::same_bits(f.value(T(-0.0), T(1)), T(-0.0)));
    }
    // The limits at +-inf.
    CHECK(rt::same_bits(rectify::silu(-inf), T(-0.0)));
    CHECK(rt::same_bits(rectify::silu(inf), inf));
    CHECK(rt::same_bits(rectify::gelu_tanh(-inf), T(-0.0)));
    CHECK(rt::same_bits(rectify::mish(-inf), T(-0.0)));
    CHECK(rt::same_bits(rectify::mish(inf), inf));
    CHECK(rt::same_bits(rectify::tanh(inf), T(1)));
    CHECK(rt::same_bits(rectify::tanh(-inf), T(-1)));
    CHECK(rt::same_bits(rectify::sigmoid(-inf), T(0)));
    CHECK(rt::same_bits(rectify::sigmoid(inf), T(1)));
    CHECK(rt::same_bits(rectify::elu(-inf), T(-1)));
    CHECK(rt::same_bits(rectify::elu(-inf, T(0.5)), T(-0.5)));
    CHECK(rt::same_bits(rectify::celu(-inf, T(2)), T(-2)));
    CHECK(rt::same_bits(rectify::softplus(-inf), T(0)));
    CHECK(rt::same_bits(rectify::softplus(inf), inf));
    CHECK(rt::same_bits(rectify::sigmoid_derivative(inf), T(0)));
    CHECK(rt::same_bits(rectify::tanh_derivative(-inf), T(0)));
    CHECK(rt::same_bits(rectify::silu_derivative(-inf), T(-0.0)));
    CHECK(rt::same_bits(rectify::silu_derivative(inf), T(1)));
    CHECK(rt::same_bits(rectify::gelu_tanh_derivative(-inf), T(-0.0)));
    CHECK(rt::same_bits(rectify::mish_derivative(-inf), T(-0.0)));
    CHECK(rt::same_bits(rectify::elu_derivative(-inf), T(0)));
    CHECK(rt::same_bits(rectify::softplus_derivative(inf), T(1)));
    // The same limits just before infinity, where the real values round to them.
    CHECK(rt::same_bits(rectify::silu(T(-10000)), T(-0.0)));
    CHECK(rt::same_bits(rectify::silu_derivative(T(-10000)), T(-0.0)));
    CHECK(rt::same_bits(rectify::mish_derivative(T(-10000)), T(-0.0)));
    CHECK(rt::same_bits(rectify::gelu_tanh_derivative(T(-10000)), T(-0.0)));
    CHECK(rt::same_bits(rectify::sigmoid(T(-10000)), T(0)));
    CHECK(rt::same_bits(rectify::tanh_derivative(T(10000)), T(0)));
    CHECK(rt::same_bits(rectify::softplus(rt::limits<T>::max()), rt::limits<T>::max()));
    // The derivative at 0 of elu, selu and celu is the x >= 0 branch.
    CHECK(rt::same_bits(rectify::elu_derivative(T(-0.0), T(0.5)), T(1)));
    CHECK(rt::same_bits(rectify::celu_derivative(T(-0.0), T(0.5)), T(1)));
    CHECK(rt::same_bits(rectify::selu_derivative(T(-0.0)), rectify::selu_derivative(T(1))));
    // Backward is dy times the derivative, in T.
    CHECK(rt::same_bits(rectify::silu_backward(T(0.75), T(3)), T(T(3) * rectify::silu_derivative(T(0.75)))));
}

TEMPLATE_LIST_TEST_CASE("smooth: bad parameters", "[smooth][errors]", smooth_types) {
    using T = TestType;
    const T nan = rt::qnan<T>();
    const T inf = rt::inf<T>();
    // Scalar forms return NaN.
    CHECK(rt::is_nan(rectify::celu(T(1), T(0))));
    CHECK(rt::is_nan(rectify::celu(T(-1), T(-1))));
    CHECK(rt::is_nan(rectify::celu_derivative(T(-1), nan)));
    CHECK(rt::is_nan(rectify::softplus(T(1), T(0))));
    CHECK(rt::is_nan(rectify::softplus(T(1), T(-1))));
    CHECK(rt::is_nan(rectify::softplus_backward(T(1), T(1), inf)));
    CHECK(rt::is_nan(rectify::elu(T(1), nan)));
    CHECK(rt::is_nan(rectify::elu(T(-1), inf)));
    CHECK(!rt::is_nan(rectify::elu(T(-1), T(-0.5))));  // any finite alpha, as PyTorch
    // Span forms throw, naming the function, before writing.
    const std::vector<T> in(8, T(-1));
    std::vector<T> out(8, T(7));
    const auto untouched = [&] { return std::all_of(out.begin(), out.end(), [](T v) { return v == T(7); }); };
    CHECK_THROWS_WITH(rectify::celu(in, out, T(0)), Catch::Matchers::Contains("rectify::celu: alpha"));
    CHECK(untouched());
    CHECK_THROWS_WITH(rectify::celu_derivative(in, out, T(-2)),
                      Catch::Matchers::Contains("rectify::celu_derivative: alpha"));
    CHECK_THROWS_WITH(rectify::softplus(in, out, nan), Catch::Matchers::Contains("rectify::softplus: beta"));
    CHECK_THROWS_WITH(rectify::softplus_backward(in, in, out, T(0)),
                      Catch::Matchers::Contains("rectify::softplus_backward: beta"));
    CHECK_THROWS_WITH(rectify::elu(in, out, inf), Catch::Matchers::Contains("rectify::elu: alpha"));
    CHECK_THROWS_AS(rectify::elu(out, nan), std::invalid_argument);
    CHECK(untouched());
    // Sizes and overlaps as the relu family.
    std::vector<T> short_out(7, T(7));
    CHECK_THROWS_WITH(rectify::gelu_tanh(in, short_out),
                      Catch::Matchers::Contains("rectify::gelu_tanh: sizes differ: input has 8, output has 7"));
    CHECK_THROWS_WITH(rectify::mish_backward(in, std::span<const T>(in).first(7), out),
                      Catch::Matchers::Contains("rectify::mish_backward: sizes differ"));
    std::vector<T> buffer(16, T(1));
    CHECK_THROWS_WITH(rectify::tanh(std::span<const T>(buffer).first(8), std::span<T>(buffer).subspan(4, 8)),
                      Catch::Matchers::Contains("overlaps"));
    CHECK(std::all_of(buffer.begin(), buffer.end(), [](T v) { return v == T(1); }));
}

namespace {

// The scalar forms' results of f at p for inputs x (and dy).
template <class T>
struct scalar_results {
    std::vector<T> value, derivative, backward;
    scalar_results(const forms<T>& f, T p, const std::vector<T>& x, const std::vector<T>& dy)
        : value(x.size()), derivative(x.size()), backward(x.size()) {
        for (std::size_t i = 0; i < x.size(); ++i) {
            value[i] = f.value(x[i], p);
            derivative[i] = f.derivative(x[i], p);
            backward[i] = f.backward(x[i], dy[i], p);
        }
    }
};

// f's span forms at p on the kernel in force (out of place, in place, the
// backward pass out of place and in place over dy) against the scalar
// forms' results `want`, element by element: how many elements differ, the
// first three reported with `where`.
template <class T>
std::size_t span_mismatches(const forms<T>& f, T p, const std::vector<T>& x, const std::vector<T>& dy,
                            const scalar_results<T>& want, const std::string& where) {
    const std::size_t n = x.size();
    std::vector<T> value(n), derivative(n), backward(n), in_place = x, backward_in_place = dy;
    f.span_value(x, value, p);
    f.in_place(in_place, p);
    f.span_derivative(x, derivative, p);
    f.span_backward(x, dy, backward, p);
    f.span_backward(x, backward_in_place, backward_in_place, p);
    std::size_t mismatches = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const bool ok = rt::same_bits(value[i], want.value[i]) && rt::same_bits(in_place[i], want.value[i]) &&
                        rt::same_bits(derivative[i], want.derivative[i]) &&
                        same_product(backward[i], want.backward[i], x[i], dy[i]) &&
                        same_product(backward_in_place[i], want.backward[i], x[i], dy[i]);
        if (!ok && ++mismatches <= 3) {
            FAIL_CHECK(f.name << '<' << rt::type_name<T>() << "> p=" << rt::show(p) << " on "
                              << rectify::isa_name(rectify::active_isa()) << where << ", length " << n
                              << ", x = " << rt::show(x[i]) << ", dy = " << rt::show(dy[i]) << ": value "
                              << rt::show(value[i]) << " / " << rt::show(want.value[i]) << ", derivative "
                              << rt::show(derivative[i]) << " / " << rt::show(want.derivative[i]) << ", backward "
                              << rt::show(backward[i]) << " / " << rt::show(want.backward[i]));
        }
    }
    return mismatches;
}

}  // namespace

TEMPLATE_LIST_TEST_CASE("smooth: span forms equal the scalar form on every kernel", "[smooth][span]", smooth_types) {
    using T = TestType;
    constexpr std::size_t max_length = 70;  // past four AVX-512 vectors of doubles, with tails
    const std::vector<T> xs = smooth_inputs<T>(max_length + 1, 5);
    const std::vector<T> dys = smooth_inputs<T>(max_length + 1, 6);
    isa_guard guard;
    // 16-bit types also through the tables of every result (made by the first
    // call, read by the rest; a backward pass in blocks of 512: lengths past it).
    const auto runs = rt::table_runs<T>(kernels<T>());
    for (const auto& run : runs) {
        const rt::half_table_mode mode = run.first;
        const rectify::isa k = run.second;
        const rt::half_tables_from tables(mode.from);
        std::vector<std::size_t> lengths;
        // (To 10 of the widest vectors, if that is shorter, with short sweeps: rt::swept_length.)
        for (std::size_t n = 0; n <= rt::swept_length<T>(max_length); ++n) {
            lengths.push_back(n);
        }
        if (mode.from != rt::half_table_modes[0].from) {
            lengths.insert(lengths.end(), {511, 512, 513, 1100});
        }
        REQUIRE(rectify::force_isa(k));
        for (const forms<T>& f : all_forms<T>()) {
            for (const T p : parameters<T>(f.has_parameter)) {
                std::size_t mismatches = 0;
                for (const std::size_t n : lengths) {
                    // Rotate so every length meets every special value.
                    std::vector<T> x(n);
                    std::vector<T> dy(n);
                    for (std::size_t i = 0; i < n; ++i) {
                        x[i] = xs[(i + n) % xs.size()];
                        dy[i] = dys[(i + 3 * n) % dys.size()];
                    }
                    mismatches += span_mismatches(f, p, x, dy, scalar_results<T>(f, p, x, dy),
                                                  std::string(" (") + mode.name + ")");
                }
                CHECK(mismatches == 0);
            }
        }
    }
}

// Floats of every exponent, both signs, subnormals, infinities and NaNs
// (every 16381st bit pattern, 2^18 of them; a 64th of that where short
// sweeps are set): each span form on every kernel, in one call a form (the
// kernels' long loops too), equals the scalar form. The sweep above takes
// the magnitudes 2^-30 to 2^8 and the named edges; this one the whole range,
// with the preset's compiler (the exhaustive proof, tests/exhaustive, is
// GCC's). With RECTIFY_TEST_WIDE_16BIT (the asan preset, which leaves out the
// MPFR tests: docs/guarantees.md, "Not repeated") every pattern of
// rectify::float16_t and rectify::bfloat16_t too, through their kernels and
// tables: what the sanitizers see of the 16-bit paths.
#ifndef RECTIFY_TEST_WIDE_16BIT
#    define RECTIFY_TEST_WIDE_16BIT 0
#endif
#if RECTIFY_TEST_WIDE_16BIT
using wide_types = std::tuple<float, rectify::float16_t, rectify::bfloat16_t>;
#else
using wide_types = std::tuple<float>;
#endif
TEMPLATE_LIST_TEST_CASE("smooth: floats of every exponent on every kernel, one long call a form", "[smooth][span][wide]",
                        wide_types) {
    using T = TestType;
    using bits_t = std::conditional_t<sizeof(T) == 2, std::uint16_t, std::uint32_t>;
    // float: every 16381st pattern; the 16-bit types: every pattern.
    const std::uint64_t patterns = std::uint64_t{1} << (8 * sizeof(T));
    const std::uint64_t stride = std::uint64_t{sizeof(T) == 2 ? 1U : 16381U} * (rt::short_sweeps() ? 64U : 1U);
    std::vector<T> x;
    std::vector<T> dy;
    for (std::uint64_t bits = 1; bits < patterns; bits += stride) {
        x.push_back(std::bit_cast<T>(static_cast<bits_t>(bits)));
        dy.push_back(std::bit_cast<T>(static_cast<bits_t>(bits * 2654435761U)));  // another pattern
    }
    x.insert(x.end(), {T(0), T(-0.0), rt::inf<T>(), -rt::inf<T>(), rt::limits<T>::max(), rt::limits<T>::lowest()});
    dy.resize(x.size(), T(1));
    isa_guard guard;
    for (const forms<T>& f : all_forms<T>()) {
        for (const T p : parameters<T>(f.has_parameter)) {
            const scalar_results<T> want(f, p, x, dy);  // once for every kernel
            for (const rectify::isa k : kernels<T>()) {
                REQUIRE(rectify::force_isa(k));
                CHECK(span_mismatches(f, p, x, dy, want, "") == 0);
            }
        }
    }
}

// Where the AVX-512 float lanes (GCC builds) keep subnormals out of silu's
// arithmetic: |x| < 2^-60, where the result is x / 2 rounded in integer
// code (its midpoints upwards), and x below -64, where the reciprocal is
// taken at -64; the other functions' lanes there as they are. Runs of 2048
// consecutive floats from the least subnormal, across 2^-126 and 2^-125
// (where x / 2 becomes a normal float), at 2^-100, across 2^-90 and 2^-60
// and beyond 2^-59, both signs; around -64, -80, -104 and -112, and far
// below; every form at every parameter, against the scalar form on every
// kernel (one call a form: the runs sit in every lane).
TEST_CASE("smooth: tiny and far negative floats on every kernel", "[smooth][span]") {
    // Under valgrind and the emulators (short sweeps) each run keeps its
    // first and last 64 floats, where the edges are (a run starts or ends at
    // one): many vectors of every kernel in a band and across its edges, a
    // sixteenth of the floats (this case took 7 s of the emulated AVX2 run).
    const bool short_runs = rt::short_sweeps();
    std::vector<float> x;
    for (const float start : {std::numeric_limits<float>::denorm_min(), 0x1p-126f - 0x1p-139f,
                              0x1p-125f - 0x1p-139f, 0x1p-100f, 0x1p-90f - 0x1p-103f, 0x1p-60f - 0x1p-73f,
                              0x1p-59f}) {
        for (std::uint32_t k = 0; k < 2048; ++k) {
            if (short_runs && k >= 64 && k < 2048 - 64) {
                continue;
            }
            const float v = std::bit_cast<float>(std::bit_cast<std::uint32_t>(start) + k);
            x.push_back(v);
            x.push_back(-v);
        }
    }
    for (const float around : {-64.0f, -80.0f, -104.0f, -112.0f}) {
        const auto b = std::bit_cast<std::uint32_t>(around);
        const std::uint32_t half_width = short_runs ? 16 : 256;
        for (std::uint32_t k = b - half_width; k <= b + half_width; ++k) {
            x.push_back(std::bit_cast<float>(k));
        }
    }
    for (const float far : {-1e3f, -1e6f, -3e38f, 0.0f, -0.0f}) {
        x.push_back(far);
    }
    std::vector<float> dy(x.size());
    for (std::size_t i = 0; i < dy.size(); ++i) {
        dy[i] = static_cast<float>(i % 5) - 1.75f;
    }
    isa_guard guard;
    for (const forms<float>& f : all_forms<float>()) {
        for (const float p : parameters<float>(f.has_parameter)) {
            const scalar_results<float> want(f, p, x, dy);
            for (const rectify::isa k : kernels<float>()) {
                REQUIRE(rectify::force_isa(k));
                CHECK(span_mismatches(f, p, x, dy, want, "") == 0);
            }
        }
    }
}

// elu's alpha may be any finite number. The AVX-512 float lanes (GCC builds)
// take elu' for |alpha| >= 2^-100 and leave the rest to the double lanes:
// both sides of that edge, negative, huge, and results that fall below the
// normal range, against the scalar form on every kernel, at every length to
// 70 (the tails and the single-vector step; with short sweeps, to 10 of the
// widest vectors if that is shorter) and in place.
// (-0 among them: the vector kernels once broadcast it as +0.)
TEMPLATE_LIST_TEST_CASE("smooth: elu's derivative and backward pass at any alpha on every kernel", "[smooth][span]",
                        smooth_types) {
    using T = TestType;
    const std::vector<T> xs = smooth_inputs<T>(71, 7);
    const std::vector<T> dys = smooth_inputs<T>(71, 8);
    isa_guard guard;
    for (const rectify::isa k : kernels<T>()) {
        REQUIRE(rectify::force_isa(k));
        for (const double a : {-2.0, 3.7, 1e-20, -1e30, 0x1p-100, -0x1p-100, 0x1.fffffep-101, 0x1p-120, 1e38, 0.0,
                               -0.0, 1e-38}) {
            const T alpha = static_cast<T>(a);
            if (!std::isfinite(static_cast<double>(alpha))) {
                continue;  // (beyond a 16-bit type's range)
            }
            std::size_t mismatches = 0;
            for (std::size_t n = 0; n <= rt::swept_length<T>(70); ++n) {
                std::vector<T> x(n), dy(n), derivative(n), backward(n);
                for (std::size_t i = 0; i < n; ++i) {
                    x[i] = xs[(i + n) % xs.size()];
                    dy[i] = dys[(i + 3 * n) % dys.size()];
                }
                std::vector<T> in_place = dy;
                rectify::elu_derivative(x, derivative, alpha);
                rectify::elu_backward(x, dy, backward, alpha);
                rectify::elu_backward(x, in_place, in_place, alpha);
                for (std::size_t i = 0; i < n; ++i) {
                    const T want = rectify::elu_derivative(x[i], alpha);
                    const T want_backward = rectify::elu_backward(x[i], dy[i], alpha);
                    if (!(rt::same_bits(derivative[i], want) &&
                          same_product(backward[i], want_backward, x[i], dy[i]) &&
                          same_product(in_place[i], want_backward, x[i], dy[i])) &&
                        ++mismatches <= 3) {
                        FAIL_CHECK("elu_derivative<" << rt::type_name<T>() << ">(" << rt::show(x[i]) << ", "
                                                     << rt::show(alpha) << ") on "
                                                     << rectify::isa_name(k) << ", length " << n << ": "
                                                     << rt::show(derivative[i]) << " / " << rt::show(want)
                                                     << ", backward " << rt::show(backward[i]) << " / "
                                                     << rt::show(want_backward));
                    }
                }
            }
            CHECK(mismatches == 0);
        }
    }
}

// The derivatives of sigmoid, tanh and silu on the edges of the AVX-512
// float lanes (GCC builds; the other kernels take the same inputs): where
// the vector gives the zero (|x| >= 104 for sigmoid', 53 for tanh', x <=
// -112 for silu'), the ranges it leaves to the scalar form (87 < |x| < 104,
// 43.5 < |x| < 53, -112 < x < -87) and their neighbours, x past 40 (silu'),
// silu's minimum (x = -1.2785, where silu' cancels: every float within 2^10
// ulps of it), special values; at every length to 70 (to 10 of the widest
// vectors with short sweeps) and in place, against the scalar form.
TEMPLATE_LIST_TEST_CASE("smooth: sigmoid', tanh' and silu' at the float lanes' edges on every kernel", "[smooth][span]",
                        smooth_types) {
    using T = TestType;
    std::vector<T> xs;
    for (const double e : {0.0, 1e-30, 1e-5, 0.5, 1.0, 20.9, 21.0, 39.9, 40.0, 40.1, 43.4, 43.5, 43.6, 52.0, 52.9, 53.0,
                           53.1, 86.9, 87.0, 87.1, 103.9, 104.0, 104.1, 111.9, 112.0, 112.1, 1e30}) {
        xs.push_back(static_cast<T>(e));
        xs.push_back(static_cast<T>(-e));
    }
    for (const double special : {std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity(),
                                 std::numeric_limits<double>::quiet_NaN()}) {
        xs.push_back(static_cast<T>(special));
    }
    const std::size_t edge_count = xs.size();
    if constexpr (std::is_same_v<T, float>) {
        const auto root = std::bit_cast<std::uint32_t>(-1.2784645f);  // silu' = 0 near here
        for (std::uint32_t b = root - 1024; b <= root + 1024; ++b) {
            xs.push_back(std::bit_cast<float>(b));
        }
    } else {
        xs.push_back(static_cast<T>(-1.2784645));
    }
    const std::vector<T> edges(xs.begin(), xs.begin() + static_cast<std::ptrdiff_t>(edge_count));
    xs.insert(xs.end(), edges.begin(), edges.end());
    std::vector<T> dys(xs.size());
    for (std::size_t i = 0; i < dys.size(); ++i) {
        dys[i] = static_cast<T>(i % 3 == 0 ? -1.5 : 0.75);
    }
    isa_guard guard;
    for (const rectify::isa k : kernels<T>()) {
        REQUIRE(rectify::force_isa(k));
        for (int which = 0; which < 3; ++which) {
            std::size_t mismatches = 0;
            // Windows of every length from 70 down to 0 in turn, end to end:
            // each input once (the edges, first, in vector lanes; again,
            // last, in shorter windows).
            const std::size_t longest = rt::swept_length<T>(70);
            for (std::size_t start = 0, window = 0; start < xs.size(); ++window) {
                const std::size_t n = std::min(longest - window % (longest + 1), xs.size() - start);
                const std::span<const T> x(xs.data() + start, n);
                const std::span<const T> dy(dys.data() + start, n);
                std::vector<T> derivative(n), backward(n), in_place(dy.begin(), dy.end());
                const auto scalar = [which](T v) {
                    return which == 0 ? rectify::sigmoid_derivative(v)
                                      : which == 1 ? rectify::tanh_derivative(v) : rectify::silu_derivative(v);
                };
                const auto scalar_backward = [which](T v, T g) {
                    return which == 0 ? rectify::sigmoid_backward(v, g)
                                      : which == 1 ? rectify::tanh_backward(v, g) : rectify::silu_backward(v, g);
                };
                if (which == 0) {
                    rectify::sigmoid_derivative(x, derivative);
                    rectify::sigmoid_backward(x, dy, backward);
                    rectify::sigmoid_backward(x, in_place, in_place);
                } else if (which == 1) {
                    rectify::tanh_derivative(x, derivative);
                    rectify::tanh_backward(x, dy, backward);
                    rectify::tanh_backward(x, in_place, in_place);
                } else {
                    rectify::silu_derivative(x, derivative);
                    rectify::silu_backward(x, dy, backward);
                    rectify::silu_backward(x, in_place, in_place);
                }
                for (std::size_t i = 0; i < n; ++i) {
                    const T want = scalar(x[i]);
                    const T want_backward = scalar_backward(x[i], dy[i]);
                    if (!(rt::same_bits(derivative[i], want) && same_product(backward[i], want_backward, x[i], dy[i]) &&
                          same_product(in_place[i], want_backward, x[i], dy[i])) &&
                        ++mismatches <= 3) {
                        FAIL_CHECK((which == 0 ? "sigmoid'" : which == 1 ? "tanh'" : "silu'")
                                   << "<" << rt::type_name<T>() << ">(" << rt::show(x[i]) << ") on "
                                   << rectify::isa_name(k) << ", length " << n << ": " << rt::show(derivative[i])
                                   << " / " << rt::show(want) << ", backward " << rt::show(backward[i]) << " / "
                                   << rt::show(want_backward));
                    }
                }
                start += n;
            }
            CHECK(mismatches == 0);
        }
    }
}

TEST_CASE("smooth: the function objects work with standard algorithms", "[smooth]") {
    const std::vector<float> v = {-2.0f, -0.5f, 0.0f, 0.5f, 2.0f};
    std::vector<float> out(v.size());
    std::ranges::transform(v, out.begin(), rectify::silu);
    for (std::size_t i = 0; i < v.size(); ++i) {
        CHECK(rt::same_bits(out[i], rectify::silu(v[i])));
    }
    std::ranges::transform(v, out.begin(), rectify::elu);  // alpha = 1
    CHECK(rt::same_bits(out[0], rectify::elu(-2.0f, 1.0f)));
    std::array<double, 3> a = {-1.0, 0.0, 1.0};
    rectify::tanh(a);  // a std::array in place
    CHECK(a[1] == 0.0);
    CHECK(a[2] == rectify::tanh(1.0));
}

// ---- elu, celu, softplus with the parameter at compile time ---------------------

namespace {

// Every compile-time form of f with parameter P (a type or, where the
// compiler takes them, a value); the p argument is ignored.
#define RECTIFY_FORMS_WITH(f, P)                                                                           \
    forms<T> {                                                                                             \
        #f "_with<" #P ">", true, [](T x, T) { return rectify::f##_with<P>(x); },                           \
            [](T x, T) { return rectify::f##_derivative_with<P>(x); },                                      \
            [](T x, T dy, T) { return rectify::f##_backward_with<P>(x, dy); },                              \
            [](std::span<const T> in, std::span<T> out, T) { rectify::f##_with<P>(in, out); },              \
            [](std::span<T> inout, T) { rectify::f##_with<P>(inout); },                                     \
            [](std::span<const T> in, std::span<T> out, T) { rectify::f##_derivative_with<P>(in, out); },   \
            [](std::span<const T> x, std::span<const T> dy, std::span<T> out, T) {                          \
                rectify::f##_backward_with<P>(x, dy, out);                                                  \
            }                                                                                               \
    }

using half = std::ratio<1, 2>;
using minus_three_halves = std::ratio<-3, 2>;
using tenth = std::ratio<1, 10>;  // not a T: 1 / 10 rounded in T
using three = std::ratio<3>;
using third = std::ratio<1, 3>;

// A compile-time form, the run-time form it must equal, and the run-time
// parameter: a ratio divided in T, a value converted to T.
template <class T>
struct with_case {
    forms<T> fixed;
    forms<T> run_time;
    T p;
};

template <class T>
std::vector<with_case<T>> with_cases() {
    std::vector<with_case<T>> all = {
        {RECTIFY_FORMS_WITH(elu, half), RECTIFY_FORMS_P(elu), T(1) / T(2)},
        {RECTIFY_FORMS_WITH(elu, minus_three_halves), RECTIFY_FORMS_P(elu), T(-3) / T(2)},
        {RECTIFY_FORMS_WITH(elu, tenth), RECTIFY_FORMS_P(elu), T(1) / T(10)},
        {RECTIFY_FORMS_WITH(celu, half), RECTIFY_FORMS_P(celu), T(1) / T(2)},
        {RECTIFY_FORMS_WITH(celu, three), RECTIFY_FORMS_P(celu), T(3)},
        {RECTIFY_FORMS_WITH(celu, tenth), RECTIFY_FORMS_P(celu), T(1) / T(10)},
        {RECTIFY_FORMS_WITH(softplus, three), RECTIFY_FORMS_P(softplus), T(3)},
        {RECTIFY_FORMS_WITH(softplus, third), RECTIFY_FORMS_P(softplus), T(1) / T(3)},
#if RECTIFY_HAS_FLOATING_ALPHA
        {RECTIFY_FORMS_WITH(elu, 0.5f), RECTIFY_FORMS_P(elu), static_cast<T>(0.5f)},
        {RECTIFY_FORMS_WITH(elu, -1.7), RECTIFY_FORMS_P(elu), static_cast<T>(-1.7)},
        {RECTIFY_FORMS_WITH(celu, 0.1), RECTIFY_FORMS_P(celu), static_cast<T>(0.1)},
        {RECTIFY_FORMS_WITH(celu, 2.5f), RECTIFY_FORMS_P(celu), static_cast<T>(2.5f)},
        {RECTIFY_FORMS_WITH(softplus, 2), RECTIFY_FORMS_P(softplus), static_cast<T>(2)},
        {RECTIFY_FORMS_WITH(softplus, 0.3f), RECTIFY_FORMS_P(softplus), static_cast<T>(0.3f)},
#endif
    };
    return all;
}

}  // namespace

TEST_CASE("smooth: compile-time parameters are constexpr", "[smooth][with]") {
    STATIC_REQUIRE(rectify::elu_with<std::ratio<1, 2>>(-1.0f) == rectify::elu(-1.0f, 0.5f));
    STATIC_REQUIRE(rectify::elu_with<std::ratio<1, 2>>(2.0) == 2.0);
    STATIC_REQUIRE(rectify::elu_derivative_with<std::ratio<-3, 2>>(-1.0) == rectify::elu_derivative(-1.0, -1.5));
    STATIC_REQUIRE(rectify::elu_backward_with<std::ratio<1, 2>>(-1.0f, 4.0f) ==
                   rectify::elu_backward(-1.0f, 4.0f, 0.5f));
    STATIC_REQUIRE(rectify::celu_with<std::ratio<1, 10>>(-1.0f) == rectify::celu(-1.0f, 1.0f / 10.0f));
    STATIC_REQUIRE(rectify::celu_derivative_with<std::ratio<2>>(-1.0) == rectify::celu_derivative(-1.0, 2.0));
    STATIC_REQUIRE(rectify::softplus_with<std::ratio<2>>(0.0f) == rectify::softplus(0.0f, 2.0f));
    STATIC_REQUIRE(rectify::softplus_backward_with<std::ratio<1, 3>>(1.0, 2.0) ==
                   rectify::softplus_backward(1.0, 2.0, 1.0 / 3.0));
    STATIC_REQUIRE(rectify::softplus_with<std::integral_constant<int, 2>>(1.0f) == rectify::softplus(1.0f, 2.0f));
#if RECTIFY_HAS_FLOATING_ALPHA
    STATIC_REQUIRE(rectify::elu_with<0.5f>(-1.0f) == rectify::elu(-1.0f, 0.5f));
    STATIC_REQUIRE(rectify::celu_with<0.1>(-1.0f) == rectify::celu(-1.0f, static_cast<float>(0.1)));
    STATIC_REQUIRE(rectify::softplus_derivative_with<2>(1.0) == rectify::softplus_derivative(1.0, 2.0));
#endif
}

TEMPLATE_LIST_TEST_CASE("smooth: compile-time parameters equal the run-time forms on every kernel", "[smooth][with]",
                        smooth_types) {
    using T = TestType;
    const std::vector<T> xs = smooth_inputs<T>(75, 7);  // past four AVX-512 vectors, with a tail
    const std::vector<T> dys = smooth_inputs<T>(75, 8);
    rt::each_isa isas;
    for (rectify::isa k : isas.runnable) {
        REQUIRE(rectify::force_isa(k));
        for (const with_case<T>& c : with_cases<T>()) {
            INFO(c.fixed.name << '<' << rt::type_name<T>() << "> on " << rectify::isa_name(k)
                              << ", p = " << rt::show(c.p));
            std::size_t mismatches = 0;
            for (std::size_t i = 0; i < xs.size(); ++i) {
                const bool ok =
                    rt::same_bits(c.fixed.value(xs[i], T(0)), c.run_time.value(xs[i], c.p)) &&
                    rt::same_bits(c.fixed.derivative(xs[i], T(0)), c.run_time.derivative(xs[i], c.p)) &&
                    rt::same_bits(c.fixed.backward(xs[i], dys[i], T(0)), c.run_time.backward(xs[i], dys[i], c.p));
                if (!ok && ++mismatches <= 3) {
                    FAIL_CHECK("scalar, x = " << rt::show(xs[i]));
                }
            }
            const std::size_t n = xs.size();
            std::vector<T> got(n), want(n);
            const auto same = [&](const char* form) {
                for (std::size_t i = 0; i < n; ++i) {
                    if (!rt::same_bits(got[i], want[i]) && ++mismatches <= 3) {
                        FAIL_CHECK(form << ", x = " << rt::show(xs[i]) << ": " << rt::show(got[i]) << " / "
                                        << rt::show(want[i]));
                    }
                }
            };
            c.fixed.span_value(xs, got, T(0));
            c.run_time.span_value(xs, want, c.p);
            same("span");
            got = xs;
            c.fixed.in_place(got, T(0));
            same("in place");
            c.fixed.span_derivative(xs, got, T(0));
            c.run_time.span_derivative(xs, want, c.p);
            same("derivative span");
            c.fixed.span_backward(xs, dys, got, T(0));
            c.run_time.span_backward(xs, dys, want, c.p);
            same("backward span");
            got = dys;
            c.fixed.span_backward(xs, got, got, T(0));  // grad_in is grad_out
            same("backward in place");
            CHECK(mismatches == 0);
        }
    }
}

TEST_CASE("smooth: compile-time parameters name one function for algorithms", "[smooth][with]") {
    const std::vector<float> v = {-2.0f, -0.5f, 0.0f, 0.5f, 2.0f};
    std::vector<float> out(v.size());
    std::ranges::transform(v, out.begin(), rectify::celu_with<std::ratio<1, 2>, float>);
    for (std::size_t i = 0; i < v.size(); ++i) {
        CHECK(rt::same_bits(out[i], rectify::celu(v[i], 0.5f)));
    }
    std::ranges::transform(v, v, out.begin(), rectify::softplus_backward_with<std::ratio<2>, float>);
    for (std::size_t i = 0; i < v.size(); ++i) {
        CHECK(rt::same_bits(out[i], rectify::softplus_backward(v[i], v[i], 2.0f)));
    }
    std::ranges::transform(v, out.begin(), rectify::elu);  // the run-time names are unchanged
    CHECK(rt::same_bits(out[0], rectify::elu(-2.0f)));
#if RECTIFY_HAS_FLOATING_ALPHA
    std::ranges::transform(v, out.begin(), rectify::elu_derivative_with<0.25f, float>);
    for (std::size_t i = 0; i < v.size(); ++i) {
        CHECK(rt::same_bits(out[i], rectify::elu_derivative(v[i], 0.25f)));
    }
#endif
}

// ---- double: the fast path against the exact path ---------------------------------

namespace {

std::string hex(double v) {
    char text[40];
    std::snprintf(text, sizeof text, "%a", v);
    return text;
}

// The exact path's double-double value of F at x (form K), as the header's
// exact_rounded chooses it; false where it scales its result (far tails, tiny x).
template <rectify::detail::smooth F, rectify::detail::form K>
bool exact_pair(double x, double p, rectify::detail::math::dd& v) {
    namespace m = rectify::detail::math;
    if (m::far_tail<F, K>(x, p, v) || m::tiny_input<F, K>(x, p, v)) {
        return false;
    }
    if (!m::near_root<F, K>(x, v)) {
        v = m::exact_eval<F, K>(x, p);
    }
    return true;
}

#if RECTIFY_X86_64 && defined(__GNUC__)
// The fast path's pair and bound in the lanes of the AVX2 and AVX-512
// kernels (compiled for their targets, where GCC may fuse what it does not in
// the baseline: the bound is checked as the kernels compute it).
template <rectify::detail::smooth F, rectify::detail::form K, std::size_t Bytes>
struct fast_lanes {
    static constexpr std::size_t lanes = Bytes / 8;
    double hi[lanes];
    double lo[lanes];
    double bound[lanes];
    std::int64_t bad[lanes];
};
template <rectify::detail::smooth F, rectify::detail::form K, std::size_t Bytes>
[[gnu::always_inline]] inline void evaluate_lanes(fast_lanes<F, K, Bytes>& r, const double* x, double p) {
    namespace fd = rectify::detail::math::fastdd;
    using vd = typename rectify::detail::simd<double, Bytes>::type;
    vd xv;
    std::memcpy(&xv, x, Bytes);
    const vd pv = vd{} + p;
    fd::pair<vd> y;
    vd m;
    fd::mask_t<vd> bad;
    fd::evaluate<F, K>(xv, pv, y, m, bad);
    std::memcpy(r.hi, &y.hi, Bytes);
    std::memcpy(r.lo, &y.lo, Bytes);
    std::memcpy(r.bound, &m, Bytes);
    std::memcpy(r.bad, &bad, Bytes);
}
template <rectify::detail::smooth F, rectify::detail::form K>
[[gnu::target("avx2,fma")]] void evaluate_avx2(fast_lanes<F, K, 32>& r, const double* x, double p) {
    evaluate_lanes<F, K, 32>(r, x, p);
}
template <rectify::detail::smooth F, rectify::detail::form K>
[[gnu::target("avx512f,avx512bw,avx512dq")]] void evaluate_avx512(fast_lanes<F, K, 64>& r, const double* x, double p) {
    evaluate_lanes<F, K, 64>(r, x, p);
}
#endif

struct fast_path_counts {
    std::size_t compared = 0;
    std::size_t mismatches = 0;     // span or scalar form against the exact path
    std::size_t outside_bound = 0;  // |fast - exact| above a quarter of the fast path's bound
    std::size_t typical = 0;        // normal(0, 3) inputs
    std::size_t typical_decided = 0;
};

// One form of one function (parameter p) on every input and every kernel:
// the span form and the scalar form against detail::exact_rounded, the
// fast path's bound against the exact path's value, and how many of the
// typical inputs the fast path decides.
template <rectify::detail::smooth F, rectify::detail::form K>
void compare_fast_path(const forms<double>& f, double p, const std::vector<double>& x, std::size_t typical_from,
                       std::size_t typical_to, fast_path_counts& counts) {
    namespace fd = rectify::detail::math::fastdd;
    using lane = fd::lane1;
    std::vector<double> want(x.size());
    for (std::size_t i = 0; i < x.size(); ++i) {
        want[i] = rectify::detail::exact_rounded<F, K>(x[i], p);
        const double got = K == rectify::detail::form::value ? f.value(x[i], p) : f.derivative(x[i], p);
        counts.compared += 1;
        if (!rt::same_bits(got, want[i])) {
            counts.mismatches += 1;
            UNSCOPED_INFO(f.name << (K == rectify::detail::form::value ? "" : "'") << "(" << hex(x[i]) << ", p = "
                                 << p << "): scalar " << hex(got) << ", exact " << hex(want[i]));
        }
        fd::pair<lane> y{};
        lane m{};
        fd::mask_t<lane> bad{};
        fd::evaluate<F, K>(lane{x[i]}, lane{p}, y, m, bad);
        lane r{};
        fd::mask_t<lane> ok{};
        fd::decided<F, K>(r, ok, lane{x[i]}, lane{p});
        rectify::detail::math::dd v{};
        if (ok[0] != 0 && exact_pair<F, K>(x[i], p, v)) {
            const double error = std::fabs((y.hi[0] - v.hi) + (y.lo[0] - v.lo));
            if (!(error <= m[0] / 4)) {
                counts.outside_bound += 1;
                UNSCOPED_INFO(f.name << (K == rectify::detail::form::value ? "" : "'") << "(" << hex(x[i])
                                     << ", p = " << p << "): fast path off by " << error << ", bound " << m[0]);
            }
        }
        if (i >= typical_from && i < typical_to) {
            counts.typical += 1;
            counts.typical_decided += ok[0] != 0 ? 1 : 0;
        }
    }
#if RECTIFY_X86_64 && defined(__GNUC__)
    // The bound in the kernels' lanes, 8 inputs at a time.
    for (std::size_t i = 0; i + 8 <= x.size(); i += 8) {
        fast_lanes<F, K, 32> four[2]{};
        fast_lanes<F, K, 64> eight{};
        const bool avx2 = rectify::isa_supported(rectify::isa::avx2);
        const bool avx512 = rectify::isa_supported(rectify::isa::avx512);
        if (avx2) {
            evaluate_avx2<F, K>(four[0], &x[i], p);
            evaluate_avx2<F, K>(four[1], &x[i + 4], p);
        }
        if (avx512) {
            evaluate_avx512<F, K>(eight, &x[i], p);
        }
        for (std::size_t j = 0; j < 8; ++j) {
            rectify::detail::math::dd v{};
            if (!exact_pair<F, K>(x[i + j], p, v)) {
                continue;
            }
            const auto check = [&](double hi, double lo, double bound, std::int64_t bad, const char* kernel) {
                const double error = std::fabs((hi - v.hi) + (lo - v.lo));
                if (bad == 0 && std::fabs(hi) >= 0x1p-800 && !(error <= bound / 4)) {
                    counts.outside_bound += 1;
                    UNSCOPED_INFO(f.name << (K == rectify::detail::form::value ? "" : "'") << " in " << kernel
                                         << " lanes (" << hex(x[i + j]) << ", p = " << p << "): off by " << error
                                         << ", bound " << bound);
                }
            };
            if (avx2) {
                const auto& quarter = four[j / 4];
                check(quarter.hi[j % 4], quarter.lo[j % 4], quarter.bound[j % 4], quarter.bad[j % 4], "avx2");
            }
            if (avx512) {
                check(eight.hi[j], eight.lo[j], eight.bound[j], eight.bad[j], "avx512");
            }
        }
    }
#endif
    for (const rectify::isa k : kernels<double>()) {
        REQUIRE(rectify::force_isa(k));
        std::vector<double> got(x.size());
        if (K == rectify::detail::form::value) {
            f.span_value(x, got, p);
        } else {
            f.span_derivative(x, got, p);
        }
        for (std::size_t i = 0; i < x.size(); ++i) {
            if (!rt::same_bits(got[i], want[i])) {
                counts.mismatches += 1;
                UNSCOPED_INFO(f.name << (K == rectify::detail::form::value ? "" : "'") << " span on "
                                     << rectify::isa_name(k) << "(" << hex(x[i]) << ", p = " << p << "): "
                                     << hex(got[i]) << ", exact " << hex(want[i]));
            }
        }
    }
    rectify::reset_isa();
}

}  // namespace

// The double forms of every function but gelu take a fast path
// in double-double (math::fastdd) and the exact path where it cannot decide.
// Here both against the exact path bit for bit, scalar and span forms on
// every kernel this machine runs: random bit patterns (every exponent),
// normal(0, 3), magnitudes 2^-60 to 2^10, and the fast path's edges (exp
// arguments near -600, the exp table's k = 0 interval, 2^900, 2^-900, the
// derivatives' roots). Also: the fast path's error is below a quarter of its
// bound wherever it decides (its analysis holds with a margin), and it decides
// at least 99.5% of the normal(0, 3) inputs (below that it would be a slow
// path).
TEST_CASE("smooth: double fast path equals the exact path on every kernel", "[smooth][span][double]") {
    using rectify::detail::form;
    using rectify::detail::smooth;
    const std::size_t each = rt::short_sweeps() ? 600 : 4000;
    std::mt19937_64 rng(48);
    std::vector<double> x;
    std::normal_distribution<double> normal(0.0, 3.0);
    const std::size_t typical_from = 0;
    for (std::size_t i = 0; i < each; ++i) {
        x.push_back(normal(rng));
    }
    const std::size_t typical_to = x.size();
    for (std::size_t i = 0; i < each; ++i) {
        x.push_back(std::bit_cast<double>(rng()));
    }
    std::uniform_real_distribution<double> exponent(-60.0, 10.0);
    for (std::size_t i = 0; i < each; ++i) {
        const double magnitude = std::exp2(exponent(rng));
        x.push_back(rng() % 2 == 0 ? magnitude : -magnitude);
    }
    for (const double edge : {600.0, 300.0, 0x1.62e42fefa39efp-8, 0x1p900, 0x1p-900, 0x1p-800, 6000.0, 30.0}) {
        for (int step = -4; step <= 4; ++step) {
            const double v = edge * (1.0 + step * 0x1p-40);
            x.push_back(v);
            x.push_back(-v);
        }
    }
    for (const double root : {-0x1.80ead197f00b4p-1, -0x1.81429f9e97e4dp-1, -0x1.474973c84120bp+0,
                              -0x1.31432c0d12d84p+0}) {
        for (int step = -20; step <= 20; ++step) {
            x.push_back(root + step * 0x1p-30);
        }
    }
    std::vector<double> finite;
    for (const double v : x) {
        if (std::isfinite(v) && v != 0.0) {  // (the scalar form answers the rest before either path)
            finite.push_back(v);
        }
    }
    for (const forms<double>& f : all_forms<double>()) {
        if (f.name == "gelu") {
            continue;  // no fast path (erfc)
        }
        std::vector<double> ps = {1.0};
        if (f.name == "elu") {
            ps = {1.0, 0.5, -2.3, 0.1};
        } else if (f.name == "celu") {
            ps = {1.0, 0.3, 7.0};
        } else if (f.name == "softplus") {
            ps = {1.0, 3.7, 0.25, 0x1p950};
        }
        for (const double p : ps) {
            fast_path_counts counts;
#define RECTIFY_FAST_CASE(fn)                                                                                     \
    if (f.name == #fn) {                                                                                         \
        compare_fast_path<smooth::fn, form::value>(f, p, finite, typical_from, typical_to, counts);              \
        compare_fast_path<smooth::fn, form::derivative>(f, p, finite, typical_from, typical_to, counts);         \
    }
            RECTIFY_FAST_CASE(gelu_tanh)
            RECTIFY_FAST_CASE(silu)
            RECTIFY_FAST_CASE(sigmoid)
            RECTIFY_FAST_CASE(tanh)
            RECTIFY_FAST_CASE(elu)
            RECTIFY_FAST_CASE(selu)
            RECTIFY_FAST_CASE(celu)
            RECTIFY_FAST_CASE(mish)
            RECTIFY_FAST_CASE(softplus)
#undef RECTIFY_FAST_CASE
            INFO(f.name << ", p = " << p << ": " << counts.compared << " compared, " << counts.typical_decided
                        << " of " << counts.typical << " typical inputs decided by the fast path");
            CHECK(counts.compared > 0);
            CHECK(counts.mismatches == 0);
            CHECK(counts.outside_bound == 0);
            if (std::fabs(p) < 0x1p900) {  // (a larger parameter sends every input to the exact path)
                CHECK(counts.typical_decided * 1000 >= counts.typical * 995);
            }
        }
    }
}
