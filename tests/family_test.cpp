// relu6, hardtanh, hardsigmoid, hardswish and threshold: their semantics
// tables (every kink, both zeros, the infinities, NaN), the places where the
// rounding of (x + 3) / 6 and x (x + 3) / 6 is easy to get wrong, the
// parameters (defaults, bad ones in the scalar and the span forms), and the
// forms (constexpr, function objects in algorithms, in place).
#include "catch.hpp"
#include "test_util.hpp"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

namespace {

using rt::fn;
using rt::from;

template <class T>
void same(const char* what, T got, T want) {
    INFO(what << ": got " << rt::show(got) << ", want " << rt::show(want));
    CHECK(rt::same_bits(got, want));
}

// The function at x in every form: scalar, and the span form on every
// kernel (out of place, and in place where it has one), all the same bits.
template <class T>
void all_forms(fn f, T x, T dy, T a, T b, T want) {
    INFO(rt::fn_name(f) << "<" << rt::type_name<T>() << ">(" << rt::show(x) << ")");
    same("scalar", rt::scalar(f, x, dy, a, b), want);
    const rt::each_isa paths;
    for (const rectify::isa path : paths.runnable) {
        REQUIRE(rectify::force_isa(path));
        INFO("on " << rectify::isa_name(path));
        // A long span, so that the vector body (not the tail) computes x.
        const std::vector<T> xs(67, x);
        const std::vector<T> dys(67, dy);
        std::vector<T> out(67);
        rt::span_form<T>(f, xs, dys, out, a, b);
        same("span", out[3], want);
        if (rt::has_in_place(f)) {
            std::vector<T> inout = xs;
            rt::in_place_form<T>(f, std::span<T>(inout), a, b);
            same("in place", inout[3], want);
        }
    }
}

template <class T>
void table(fn f, std::initializer_list<std::pair<double, double>> rows, double a = 0, double b = 0) {
    const T dy = from<T>(7.0);
    for (const auto& [x, want] : rows) {
        all_forms<T>(f, from<T>(x), dy, from<T>(a), from<T>(b), from<T>(want));
    }
    // NaN in, the same NaN out, in every form.
    const T nan = rt::qnan<T>();
    all_forms<T>(f, nan, dy, from<T>(a), from<T>(b), nan);
    all_forms<T>(f, -nan, dy, from<T>(a), from<T>(b), -nan);
}

}  // namespace

TEMPLATE_LIST_TEST_CASE("relu6, hardtanh and threshold follow their tables: kinks from the right, zeros, "
                        "infinities, NaN",
                        "[family][table]", rt::family_types) {
    using T = TestType;
    const double inf = std::numeric_limits<double>::infinity();
    table<T>(fn::relu6, {{-inf, 0}, {-1, 0}, {-0.0, 0}, {0, 0}, {0.5, 0.5}, {6, 6}, {7, 6}, {inf, 6}});
    table<T>(fn::relu6_derivative, {{-inf, 0}, {-1, 0}, {-0.0, 1}, {0, 1}, {5.5, 1}, {6, 0}, {inf, 0}});
    table<T>(fn::relu6_backward, {{-1, 0}, {-0.0, 7}, {0, 7}, {5.5, 7}, {6, 0}, {inf, 0}});
    table<T>(fn::hardtanh, {{-inf, -1}, {-2, -1}, {-1, -1}, {-0.0, -0.0}, {0.25, 0.25}, {1, 1}, {3, 1}, {inf, 1}}, -1, 1);
    table<T>(fn::hardtanh, {{-0.5, 0}, {-0.0, -0.0}, {0, 0}, {6, 6}, {9, 6}}, 0, 6);  // -0 is inside [0, 6]
    table<T>(fn::hardtanh_derivative, {{-2, 0}, {-1, 1}, {0, 1}, {0.75, 1}, {1, 0}, {inf, 0}}, -1, 1);
    table<T>(fn::hardtanh_derivative, {{2, 0}, {2.5, 0}, {3, 0}}, 2.5, 2.5);  // a point: nowhere in [lo, hi)
    table<T>(fn::hardtanh_backward, {{-2, 0}, {-1, 7}, {0.75, 7}, {1, 0}}, -1, 1);
    // The defaults are PyTorch's, -1 and 1.
    CHECK(rectify::hardtanh(from<T>(-2.0)) == from<T>(-1.0));
    CHECK(rectify::hardtanh_derivative(from<T>(1.0)) == from<T>(0.0));
    CHECK(rectify::hardtanh_backward(from<T>(-1.0), from<T>(7.0)) == from<T>(7.0));
    table<T>(fn::threshold, {{-inf, -2}, {0.5, -2}, {0.75, 0.75}, {inf, inf}}, 0.5, -2);
    table<T>(fn::threshold, {{-0.0, 5}, {0, 5}, {1e-3, 1e-3}}, -0.0, 5);  // 0 > -0 is false
    table<T>(fn::threshold_derivative, {{0.5, 0}, {0.75, 1}, {-inf, 0}, {inf, 1}}, 0.5);
    table<T>(fn::threshold_backward, {{0.5, 0}, {0.75, 7}}, 0.5);
}

TEMPLATE_LIST_TEST_CASE("hardsigmoid and hardswish follow their tables, and round (x + 3) / 6 and x (x + 3) / 6 once",
                        "[family][table]", rt::family_types) {
    using T = TestType;
    const double inf = std::numeric_limits<double>::infinity();
    const T sixth = rectify::hardsigmoid_derivative(from<T>(0.0));
    CHECK(rt::same_bits(sixth, from<T>(1.0 / 6.0)));  // 1/6 rounded once to T
    table<T>(fn::hardsigmoid, {{-inf, 0}, {-4, 0}, {-3, 0}, {0, 0.5}, {-0.0, 0.5}, {1.5, 0.75}, {3, 1}, {inf, 1}});
    table<T>(fn::hardsigmoid_derivative, {{-4, 0}, {-3, 1.0 / 6.0}, {2.5, 1.0 / 6.0}, {3, 0}, {inf, 0}});
    table<T>(fn::hardsigmoid_backward, {{-4, 0}, {-3, static_cast<double>(from<T>(7.0) * sixth)}, {3, 0}});
    table<T>(fn::hardswish, {{-inf, 0}, {-4, 0}, {-3, 0}, {-1.5, -0.375}, {-0.0, -0.0}, {0, 0}, {1, 4.0 / 6}, {3, 3},
                             {4, 4}, {inf, inf}});
    table<T>(fn::hardswish_derivative, {{-inf, 0}, {-3.5, 0}, {-3, -0.5}, {-1.5, 0}, {0, 0.5}, {2.25, 1.25},
                                        {3, 1}, {inf, 1}});
    table<T>(fn::hardswish_backward, {{-3.5, 0}, {-3, -3.5}, {-1.5, 0}, {0, 3.5}, {3, 7}});
}

TEST_CASE("hardsigmoid, hardswish and hardswish' are correctly rounded where a naive formula rounds twice",
          "[family][rounding]") {
    // (x + 3) / 6 in float rounds x + 3 first: at x = 2^-23 float gives
    // 3 / 6 = 0.5, the real value 0.5 + 2^-23/6 rounds to 0.5 too; at x = 3 *
    // 2^-22 the sum is exact and so is the quotient. The hard ones are where
    // x + 3 is not a float.
    std::size_t naive_wrong = 0;
    for (std::uint32_t k = 0; k < (1U << 16); ++k) {
        const float x = std::bit_cast<float>(0x3f000000U + k * 97U);  // [0.5, 1) and up
        if (!(x < 3.0f)) {
            break;
        }
        const float naive = (x + 3.0f) / 6.0f;
        const float right = rectify::hardsigmoid(x);
        // The rounded real value, by hand: (x + 3) is exact in double and the
        // quotient's double is not a float midpoint (see rational_rounded).
        CHECK(rt::same_bits(right, static_cast<float>((static_cast<double>(x) + 3.0) / 6.0)));
        naive_wrong += rt::same_bits(naive, right) ? 0U : 1U;
    }
    CHECK(naive_wrong > 0);  // the naive float formula double-rounds somewhere in this range
    // Subnormal results of hardswish near zero round with the sign of the
    // real value x/2 + x^2/6: upwards at a midpoint.
    const float tiny = std::numeric_limits<float>::denorm_min();
    CHECK(rt::same_bits(rectify::hardswish(tiny), tiny));       // 2^-150 + a bit: up to 2^-149
    CHECK(rt::same_bits(rectify::hardswish(-tiny), -0.0f));     // -2^-150 + a bit: toward zero, sign kept
    CHECK(rt::same_bits(rectify::hardswish(3 * tiny), 2 * tiny));  // 1.5 2^-149 + a bit: up
    CHECK(rt::same_bits(rectify::hardswish(-3 * tiny), -tiny));    // -1.5 2^-149 + a bit: toward zero
    CHECK(rt::same_bits(rectify::hardswish(std::numeric_limits<double>::denorm_min()), 0x1p-1074));
    CHECK(rt::same_bits(rectify::hardswish(-std::numeric_limits<double>::denorm_min()), -0.0));
    // An exact midpoint of float: x = 3 2^-24 gives (x + 3) / 6 = 1/2 + 2^-25,
    // halfway between 1/2 and its successor: to even, 1/2.
    CHECK(rt::same_bits(rectify::hardsigmoid(3 * 0x1p-24f), 0.5f));
    CHECK(rt::same_bits(rectify::hardsigmoid(9 * 0x1p-24f), 0.5f + 0x1p-23f));  // 1/2 + 3 2^-25: to even, up
    // The span forms agree on every kernel.
    const std::vector<float> xs = {tiny, -tiny, 3 * tiny, -3 * tiny, 3 * 0x1p-24f, 9 * 0x1p-24f, -2.999999f, 2.999999f};
    const rt::each_isa paths;
    for (const rectify::isa path : paths.runnable) {
        REQUIRE(rectify::force_isa(path));
        for (const fn f : {fn::hardsigmoid, fn::hardswish, fn::hardswish_derivative}) {
            std::vector<float> big(64 * xs.size());
            for (std::size_t i = 0; i < big.size(); ++i) {
                big[i] = xs[i % xs.size()];
            }
            std::vector<float> big_out(big.size());
            rt::span_form<float>(f, big, big, big_out, 0.0f);
            for (std::size_t i = 0; i < big.size(); ++i) {
                INFO(rt::fn_name(f) << " on " << rectify::isa_name(path) << " at " << rt::show(big[i]));
                CHECK(rt::same_bits(big_out[i], rt::scalar(f, big[i], 0.0f, 0.0f)));
            }
        }
    }
}

TEST_CASE("hardsigmoid and hardswish' round exact ties to even, and every hard case agrees, on every kernel",
          "[family][rounding][span]") {
    // (x + 3) / 6 and (2x + 3) / 6 are exactly halfway between two floats for
    // about 3% of normal(0, 3) inputs inside (-3, 3) (x + 3 holds up to 27 bits); the
    // AVX-512 kernel's float lanes (GCC) find those ties in the vector, and
    // everything else they cannot decide goes to the scalar form. Runs of
    // consecutive floats in every binade that matters, both signs, the
    // backward pass and hardswish too, against the scalar forms. Below
    // 2^-60, where hardswish's float lanes decide in integer code (x / 2 with
    // its midpoints upwards): from the least subnormal, across the normals'
    // start and 2^-125 (where x / 2 becomes exact), at 2^-100 and up to 2^-60.
    std::vector<float> xs;
    for (const float start : {std::numeric_limits<float>::denorm_min(), 0x1p-126f - 0x1p-138f,
                              0x1p-125f - 0x1p-138f, 0x1p-100f, 0x1p-60f - 0x1p-73f, 0x1p-30f, 0x1p-12f, 0.1f,
                              0.7f, 1.3f, 1.5f, 2.2f, 2.9999f}) {
        for (std::uint32_t k = 0; k < 4096; ++k) {
            const float x = std::bit_cast<float>(std::bit_cast<std::uint32_t>(start) + k);
            xs.push_back(x);
            xs.push_back(-x);
        }
    }
    // A tie: y and a neighbour whose midpoint m has 6 m = the numerator (both
    // exact in double: m has 25 bits, the numerator at most 52 here).
    const auto is_tie = [](float y, double numerator) {
        for (const float next : {std::nextafter(y, 10.0f), std::nextafter(y, -10.0f)}) {
            if (6.0 * ((static_cast<double>(y) + static_cast<double>(next)) / 2.0) == numerator) {
                return true;
            }
        }
        return false;
    };
    std::size_t ties_sigmoid = 0;
    std::size_t ties_derivative = 0;
    for (const float x : xs) {
        ties_sigmoid += is_tie(rectify::hardsigmoid(x), static_cast<double>(x) + 3.0) ? 1U : 0U;
        const double twice = 2.0 * static_cast<double>(x);
        ties_derivative += is_tie(rectify::hardswish_derivative(x), twice + 3.0) ? 1U : 0U;
    }
    INFO(ties_sigmoid << " and " << ties_derivative << " ties among " << xs.size() << " inputs");
    CHECK(ties_sigmoid > 400);  // the inputs hold ties (939 and 513), else this case tests little
    CHECK(ties_derivative > 400);
    std::vector<float> dy(xs.size());
    for (std::size_t i = 0; i < dy.size(); ++i) {
        dy[i] = static_cast<float>(i % 7) - 2.5f;
    }
    const rt::each_isa paths;
    for (const rectify::isa path : paths.runnable) {
        REQUIRE(rectify::force_isa(path));
        for (const fn f :
             {fn::hardsigmoid, fn::hardswish, fn::hardswish_derivative, fn::hardswish_backward}) {
            std::vector<float> out(xs.size());
            rt::span_form<float>(f, xs, dy, out, 0.0f);
            std::size_t differ = 0;
            for (std::size_t i = 0; i < xs.size(); ++i) {
                if (!rt::same_bits(out[i], rt::scalar(f, xs[i], dy[i], 0.0f)) && ++differ <= 3) {
                    FAIL_CHECK(rt::fn_name(f) << " on " << rectify::isa_name(path) << " at "
                                              << rt::show(xs[i]));
                }
            }
            CHECK(differ == 0);
        }
    }
}

// On 16-bit spans the AVX-512 kernels (GCC builds) compare x's bits with
// hardtanh's bounds and threshold's threshold directly where the parameters'
// signs allow it (detail::half_direct_mode: min_val <= -0 <= +0 <= max_val,
// and each sign of the threshold), with keys elsewhere. Every pattern of each
// 16-bit type (and a gradient running through every pattern too) through
// the forms of both functions, for parameters of every sign class (the
// zeros, subnormals, the infinities, both signs), on every kernel, binary16
// with and without AVX-512 FP16, against the scalar forms.
TEMPLATE_TEST_CASE("hardtanh and threshold on 16-bit spans: every pattern, parameters of every sign, every kernel",
                   "[family][span][parameters]", rectify::float16_t, rectify::bfloat16_t) {
    using T = TestType;
    const auto bits = [](unsigned u) { return std::bit_cast<T>(static_cast<std::uint16_t>(u)); };
    const T inf = std::numeric_limits<T>::infinity();
    const std::vector<T> params = {-inf, from<T>(-2.5), from<T>(-1.0), bits(0x8001), bits(0x8000),
                                   bits(0x0000), bits(0x0001), from<T>(1.0), from<T>(6.0), inf};
    // (Under qemu-aarch64, short sweeps: 4096 patterns spread over all, rt::half_patterns.)
    const std::vector<std::uint16_t> patterns = rt::half_patterns();
    std::vector<T> x(patterns.size());
    std::vector<T> dy(x.size());
    for (std::size_t i = 0; i < x.size(); ++i) {
        x[i] = std::bit_cast<T>(patterns[i]);
        dy[i] = bits(static_cast<unsigned>((i * 40503U) & 0xffffU));
    }
    std::vector<T> out(x.size());
    std::size_t compared = 0;
    std::size_t differ = 0;
    const auto check = [&](fn f, T a, T b, const char* where) {
        rt::span_form<T>(f, x, dy, out, a, b);
        for (std::size_t i = 0; i < x.size(); ++i) {
            ++compared;
            if (!rt::same_bits(out[i], rt::scalar(f, x[i], dy[i], a, b)) && ++differ <= 5) {
                FAIL_CHECK(rt::fn_name(f) << "(" << rt::show(a) << ", " << rt::show(b) << ") on " << where
                                          << " at bits 0x" << std::hex << std::bit_cast<std::uint16_t>(x[i]));
            }
        }
    };
    const rt::each_isa paths;
    for (const bool fp16 : {true, false}) {
        if (!fp16 && !std::is_same_v<T, rectify::float16_t>) {
            continue;
        }
        const rt::avx512_fp16_products way(fp16);
        for (const rectify::isa path : paths.runnable) {
            REQUIRE(rectify::force_isa(path));
            const std::string where = std::string(rectify::isa_name(path)) + (fp16 ? "" : " (no AVX-512 FP16)");
            for (const T lo : params) {
                for (const T hi : params) {
                    if (lo <= hi) {
                        for (const fn f : {fn::hardtanh, fn::hardtanh_derivative, fn::hardtanh_backward}) {
                            check(f, lo, hi, where.c_str());
                        }
                    }
                }
                for (const fn f : {fn::threshold, fn::threshold_derivative, fn::threshold_backward}) {
                    check(f, lo, from<T>(0.5), where.c_str());
                }
            }
        }
    }
    rectify::reset_isa();
    INFO(compared << " results compared");
    CHECK(differ == 0);
}

TEST_CASE("bad parameters: span forms throw naming the function and write nothing, scalar forms give NaN",
          "[family][errors]") {
    const float nan = std::numeric_limits<float>::quiet_NaN();
    const std::vector<float> x = {-2.0f, 0.5f, 3.0f};
    std::vector<float> out = {42.0f, 42.0f, 42.0f};
    const auto refused = [&](const auto& call, const std::string& name, const std::string& detail) {
        try {
            call();
        } catch (const std::invalid_argument& e) {
            const std::string what = e.what();
            INFO(what);
            CHECK(what.rfind("rectify::" + name + ": ", 0) == 0);
            CHECK(what.find(detail) != std::string::npos);
            CHECK(what.find("nothing was written") != std::string::npos);
            CHECK(out == std::vector<float>(3, 42.0f));
            return;
        }
        FAIL("no exception from " << name);
    };
    refused([&] { rectify::hardtanh(x, out, 2.0f, 1.0f); }, "hardtanh", "min_val (2.000000) and max_val (1.000000)");
    refused([&] { rectify::hardtanh(out, nan, 1.0f); }, "hardtanh", "min_val (NaN)");
    refused([&] { rectify::hardtanh_derivative(x, out, -1.0f, nan); }, "hardtanh_derivative", "max_val (NaN)");
    refused([&] { rectify::hardtanh_backward(x, x, out, 1.0f, -1.0f); }, "hardtanh_backward", "min_val <= max_val");
    refused([&] { rectify::threshold(x, out, nan, 1.0f); }, "threshold", "threshold is NaN");
    refused([&] { rectify::threshold(out, nan, 1.0f); }, "threshold", "threshold is NaN");
    refused([&] { rectify::threshold_derivative(x, out, nan); }, "threshold_derivative", "threshold is NaN");
    refused([&] { rectify::threshold_backward(x, x, out, nan); }, "threshold_backward", "threshold is NaN");
    // Sizes are refused as the relu family's are.
    std::vector<float> short_out(2, 42.0f);
    CHECK_THROWS_WITH(rectify::relu6(x, short_out), Catch::Contains("rectify::relu6: sizes differ"));
    CHECK_THROWS_WITH(rectify::hardswish_backward(x, short_out, out), Catch::Contains("rectify::hardswish_backward"));
    // The scalar forms return NaN for the same parameters.
    CHECK(rt::is_nan(rectify::hardtanh(0.0f, 2.0f, 1.0f)));
    CHECK(rt::is_nan(rectify::hardtanh(0.0f, nan, 1.0f)));
    CHECK(rt::is_nan(rectify::hardtanh_backward(0.0f, 1.0f, -1.0f, nan)));
    CHECK(rt::is_nan(rectify::threshold(1.0f, nan, 0.0f)));
    CHECK(rt::is_nan(rectify::threshold_derivative(1.0f, nan)));
    // Allowed: lo == hi, infinite bounds, a NaN or infinite threshold value.
    CHECK(rectify::hardtanh(5.0f, 2.0f, 2.0f) == 2.0f);
    CHECK(rectify::hardtanh(-1e30f, -std::numeric_limits<float>::infinity(), 0.0f) == -1e30f);
    CHECK(rt::is_nan(rectify::threshold(-1.0f, 0.0f, nan)));
    CHECK(rectify::threshold(2.0f, 0.0f, nan) == 2.0f);
}

TEMPLATE_LIST_TEST_CASE("bad parameters give NaN in every scalar form and element type", "[family][errors]",
                        rt::family_types) {
    using T = TestType;
    const T x = from<T>(0.5);
    const T one = from<T>(1.0);
    const float nan = std::numeric_limits<float>::quiet_NaN();
    CHECK(rt::is_nan(rectify::hardtanh(x, 2.0f, 1.0f)));
    CHECK(rt::is_nan(rectify::hardtanh_derivative(x, nan, 1.0f)));
    CHECK(rt::is_nan(rectify::hardtanh_backward(x, one, 1.0f, nan)));
    CHECK(rt::is_nan(rectify::threshold(x, nan, 1.0f)));
    CHECK(rt::is_nan(rectify::threshold_derivative(x, nan)));
    CHECK(rt::is_nan(rectify::threshold_backward(x, one, nan)));
    // Parameters are converted to the element type, then compared (as
    // PyTorch's): 0.1 as a float is above the double 0.1.
    CHECK(rectify::threshold(0.1f, 0.1, 20.0) == 20.0f);
}

TEST_CASE("the new functions are constexpr, noexcept function objects usable in algorithms", "[family][api]") {
    STATIC_REQUIRE(rectify::relu6(7.0f) == 6.0f);
    STATIC_REQUIRE(std::bit_cast<std::uint32_t>(rectify::relu6(-0.0f)) == 0);
    STATIC_REQUIRE(rectify::hardtanh(-3.0) == -1.0);
    STATIC_REQUIRE(rectify::hardtanh(0.25, 0.0, 0.5) == 0.25);
    STATIC_REQUIRE(rectify::hardsigmoid(1.5f) == 0.75f);
    STATIC_REQUIRE(rectify::hardsigmoid(0.1) == 0x1.0888888888889p-1);  // (0.1 + 3) / 6 rounded once
    STATIC_REQUIRE(rectify::hardswish(1.0f) == 0x1.555556p-1f);
    STATIC_REQUIRE(rectify::hardswish_derivative(-3.0) == -0.5);
    STATIC_REQUIRE(rectify::threshold(0.5f, 1.0f, -1.0f) == -1.0f);
    STATIC_REQUIRE(rectify::threshold_backward(2.0, 3.0, 1.0) == 3.0);
    STATIC_REQUIRE(noexcept(rectify::hardswish(1.0f)));
    std::vector<float> v = {-4.0f, -1.0f, 0.5f, 7.0f};
    std::vector<float> out(v.size());
    std::ranges::transform(v, out.begin(), rectify::relu6);
    CHECK(out == std::vector<float>{0.0f, 0.0f, 0.5f, 6.0f});
    std::ranges::transform(v, out.begin(), rectify::hardsigmoid);
    CHECK(out == std::vector<float>{0.0f, rectify::hardsigmoid(-1.0f), rectify::hardsigmoid(0.5f), 1.0f});
    std::ranges::transform(v, out.begin(), rectify::hardtanh);  // the default bounds
    CHECK(out == std::vector<float>{-1.0f, -1.0f, 0.5f, 1.0f});
#if RECTIFY_HAS_FLOAT16
    STATIC_REQUIRE(rectify::hardswish(static_cast<_Float16>(1.0f)) == static_cast<_Float16>(2.0 / 3.0));
#endif
}
