// leaky_relu, leaky_relu_derivative and leaky_relu_backward: the semantics
// table for every floating type and the alphas DESIGN.md names, scalar and
// span, run-time and compile-time alpha.
#include "catch.hpp"
#include "test_util.hpp"

#include <ratio>
#include <vector>

namespace {

template <class T>
void check(const char* function, double alpha, const char* what, T got, T expected) {
    INFO(function << " (alpha " << alpha << ") on " << what << ": got " << rt::show(got) << ", expected "
                  << rt::show(expected));
    CHECK(rt::same_bits(got, expected));
}

template <class T>
struct leaky_row {
    const char* what;
    T x;
    T leaky, derivative, backward;  // backward with dy = 7
};

// The definition, spelled out: x for x > 0, alpha * x otherwise; derivative 1
// for x >= 0, alpha below; backward dy for x >= 0, alpha * dy below.
template <class T>
std::vector<leaky_row<T>> leaky_table(T a) {
    using rt::from;
    const T nan = rt::qnan<T>(), dy = from<T>(7.0), one = from<T>(1.0);
    const T p0 = from<T>(0.0), m0 = from<T>(-0.0), m3 = from<T>(-3.0), minf = -rt::inf<T>();
    return {
        {"x > 0", from<T>(2.5), from<T>(2.5), one, dy},
        {"+inf", rt::inf<T>(), rt::inf<T>(), one, dy},
        {"+0", p0, static_cast<T>(a * p0), one, dy},  // +0 unless alpha < 0
        {"-0", m0, static_cast<T>(a * m0), one, dy},  // -0 for alpha > 0, as the tutorial's alpha * x
        {"x < 0", m3, static_cast<T>(a * m3), a, static_cast<T>(a * dy)},
        {"-inf", minf, static_cast<T>(a * minf), a, static_cast<T>(a * dy)},  // NaN for alpha 0
        {"NaN", nan, nan, nan, nan},
    };
}

const double alphas[] = {0.0, 0.001, 0.01, 0.2, 1.0, 1.5, -0.5};

}  // namespace

TEMPLATE_LIST_TEST_CASE("leaky_relu family follows the semantics table for every alpha", "[leaky][table]",
                        rt::floating_types) {
    using T = TestType;
    const T dy = rt::from<T>(7.0);
    for (const double alpha : alphas) {
        const T a = rt::from<T>(alpha);
        const auto table = leaky_table(a);
        std::vector<T> x;
        for (const auto& r : table) {
            check("leaky_relu", alpha, r.what, rectify::leaky_relu(r.x, a), r.leaky);
            check("leaky_relu_derivative", alpha, r.what, rectify::leaky_relu_derivative(r.x, a), r.derivative);
            check("leaky_relu_backward", alpha, r.what, rectify::leaky_relu_backward(r.x, dy, a), r.backward);
            x.push_back(r.x);
        }
        std::vector<T> out(x.size()), inout = x;
        const std::vector<T> dys(x.size(), dy);
        rectify::leaky_relu(x, out, a);
        rectify::leaky_relu(inout, a);
        for (std::size_t i = 0; i < x.size(); ++i) {
            check("leaky_relu(in, out)", alpha, table[i].what, out[i], table[i].leaky);
            check("leaky_relu(inout)", alpha, table[i].what, inout[i], table[i].leaky);
        }
        rectify::leaky_relu_derivative(x, out, a);
        for (std::size_t i = 0; i < x.size(); ++i) {
            check("leaky_relu_derivative(in, out)", alpha, table[i].what, out[i], table[i].derivative);
        }
        rectify::leaky_relu_backward(x, dys, out, a);
        for (std::size_t i = 0; i < x.size(); ++i) {
            check("leaky_relu_backward(x, dy, out)", alpha, table[i].what, out[i], table[i].backward);
        }
    }
}

TEST_CASE("leaky_relu with alpha above 1 follows the definition, not max(x, alpha * x)", "[leaky]") {
    CHECK(rectify::leaky_relu(-2.0, 1.5) == -3.0);  // max(x, 1.5 x) would give -2
    CHECK(rectify::leaky_relu(2.0, 1.5) == 2.0);    // max(x, 1.5 x) would give 3
    CHECK(rectify::leaky_relu(-2.0, -0.5) == 1.0);  // negative alpha: alpha * x
    CHECK(rectify::leaky_relu_derivative(-2.0, 1.5) == 1.5);
    std::vector<double> v{-2.0, 2.0};
    rectify::leaky_relu(v, 1.5);
    CHECK(v == std::vector<double>{-3.0, 2.0});
}

TEMPLATE_LIST_TEST_CASE("leaky_relu's default alpha is 0.01 in the element type", "[leaky][alpha]",
                        rt::floating_types) {
    using T = TestType;
    const T a = static_cast<T>(0.01);
    for (const T x : rt::test_values<T>(200, 3)) {
        CHECK(rt::same_bits(rectify::leaky_relu(x), rectify::leaky_relu(x, a)));
        CHECK(rt::same_bits(rectify::leaky_relu_derivative(x), rectify::leaky_relu_derivative(x, a)));
        CHECK(rt::same_bits(rectify::leaky_relu_backward(x, T(3)), rectify::leaky_relu_backward(x, T(3), a)));
    }
    std::vector<T> x = rt::test_values<T>(50, 4), out(50), want(50);
    rectify::leaky_relu(x, out);
    rectify::leaky_relu(x, want, a);
    for (std::size_t i = 0; i < x.size(); ++i) {
        CHECK(rt::same_bits(out[i], want[i]));
    }
}

TEMPLATE_LIST_TEST_CASE("compile-time alpha equals the same alpha given at run time", "[leaky][alpha]",
                        rt::floating_types) {
    using T = TestType;
    using fifth = std::ratio<1, 5>;
    const T a = static_cast<T>(T(1) / T(5));  // a ratio is divided in the element type
    const std::vector<T> x = rt::test_values<T>(120, 5);
    const std::vector<T> dy = rt::test_values<T>(120, 6);
    std::vector<T> got(x.size()), want(x.size());
    for (std::size_t i = 0; i < x.size(); ++i) {
        CHECK(rt::same_bits(rectify::leaky_relu<fifth>(x[i]), rectify::leaky_relu(x[i], a)));
        CHECK(rt::same_bits(rectify::leaky_relu_derivative<fifth>(x[i]), rectify::leaky_relu_derivative(x[i], a)));
        CHECK(rt::same_bits(rectify::leaky_relu_backward<fifth>(x[i], dy[i]),
                            rectify::leaky_relu_backward(x[i], dy[i], a)));
    }
    rectify::leaky_relu<fifth>(x, got);
    rectify::leaky_relu(x, want, a);
    for (std::size_t i = 0; i < x.size(); ++i) {
        CHECK(rt::same_bits(got[i], want[i]));
    }
    got = x;
    rectify::leaky_relu<fifth>(got);
    for (std::size_t i = 0; i < x.size(); ++i) {
        CHECK(rt::same_bits(got[i], want[i]));
    }
    rectify::leaky_relu_derivative<fifth>(x, got);
    rectify::leaky_relu_derivative(x, want, a);
    for (std::size_t i = 0; i < x.size(); ++i) {
        CHECK(rt::same_bits(got[i], want[i]));
    }
    rectify::leaky_relu_backward<fifth>(x, dy, got);
    rectify::leaky_relu_backward(x, dy, want, a);
    for (std::size_t i = 0; i < x.size(); ++i) {
        CHECK(rt::same_bits(got[i], want[i]));
    }

#if RECTIFY_HAS_FLOATING_ALPHA
    // leaky_relu<0.2>: the double 0.2 converted to T.
    const T b = static_cast<T>(0.2);
    for (std::size_t i = 0; i < x.size(); ++i) {
        CHECK(rt::same_bits(rectify::leaky_relu<0.2>(x[i]), rectify::leaky_relu(x[i], b)));
        CHECK(rt::same_bits(rectify::leaky_relu_derivative<0.2>(x[i]), rectify::leaky_relu_derivative(x[i], b)));
        CHECK(rt::same_bits(rectify::leaky_relu_backward<0.2>(x[i], dy[i]),
                            rectify::leaky_relu_backward(x[i], dy[i], b)));
    }
    rectify::leaky_relu<0.2>(x, got);
    rectify::leaky_relu(x, want, b);
    for (std::size_t i = 0; i < x.size(); ++i) CHECK(rt::same_bits(got[i], want[i]));
    got = x;
    rectify::leaky_relu<0.2>(got);
    for (std::size_t i = 0; i < x.size(); ++i) CHECK(rt::same_bits(got[i], want[i]));
    rectify::leaky_relu_derivative<0.2>(x, got);
    rectify::leaky_relu_derivative(x, want, b);
    for (std::size_t i = 0; i < x.size(); ++i) CHECK(rt::same_bits(got[i], want[i]));
    rectify::leaky_relu_backward<0.2>(x, dy, got);
    rectify::leaky_relu_backward(x, dy, want, b);
    for (std::size_t i = 0; i < x.size(); ++i) CHECK(rt::same_bits(got[i], want[i]));
#endif
}

TEST_CASE("a compile-time alpha may be any type with a static value", "[leaky][alpha]") {
    CHECK(rectify::leaky_relu<std::integral_constant<int, 2>>(-3.0) == -6.0);
    CHECK(rectify::leaky_relu<std::ratio<-1, 2>>(-3.0f) == 1.5f);
}

TEST_CASE("a NaN alpha gives NaN wherever alpha is used, and only there", "[leaky][alpha][nan]") {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    CHECK(rectify::leaky_relu(2.0, nan) == 2.0);
    CHECK(std::isnan(rectify::leaky_relu(-2.0, nan)));
    CHECK(std::isnan(rectify::leaky_relu(0.0, nan)));  // alpha * +0
    CHECK(rectify::leaky_relu_derivative(0.0, nan) == 1.0);
    CHECK(std::isnan(rectify::leaky_relu_derivative(-1.0, nan)));
    CHECK(rectify::leaky_relu_backward(1.0, 3.0, nan) == 3.0);
    CHECK(std::isnan(rectify::leaky_relu_backward(-1.0, 3.0, nan)));
}

TEST_CASE("a ratio alpha is N / D correctly rounded in the element type", "[leaky][alpha]") {
    CHECK(rectify::leaky_relu<std::ratio<1, 3>>(-1.0f) == -(1.0f / 3.0f));
    CHECK(rectify::leaky_relu<std::ratio<1, 3>>(-1.0) == -(1.0 / 3.0));
    CHECK(rectify::leaky_relu<std::ratio<1, 100>>(-1.0f) == -0.01f);
#if RECTIFY_HAS_FLOAT16
    // 100000 does not fit in _Float16 (max 65504): divided in long double instead of becoming 1 / inf = 0.
    const _Float16 tiny = rectify::leaky_relu<std::ratio<1, 100000>>(static_cast<_Float16>(-1.0f));
    CHECK(tiny == static_cast<_Float16>(-1e-5L));
    CHECK(tiny != static_cast<_Float16>(0.0f));
    CHECK(rectify::leaky_relu<std::ratio<1, 100>>(static_cast<_Float16>(-1.0f)) ==
          static_cast<_Float16>(static_cast<_Float16>(1.0f) / static_cast<_Float16>(100.0f)) * static_cast<_Float16>(-1.0f));
#endif
}
