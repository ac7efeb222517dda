// Every scalar form is usable in constant expressions.
#include "catch.hpp"
#include "test_util.hpp"

#include <bit>
#include <cstdint>
#include <ratio>

TEST_CASE("scalar forms are constexpr", "[constexpr]") {
    STATIC_REQUIRE(rectify::relu(-2.0) == 0.0);
    STATIC_REQUIRE(rectify::relu(2.5f) == 2.5f);
    STATIC_REQUIRE(std::bit_cast<std::uint64_t>(rectify::relu(-0.0)) == 0);  // +0, not -0
    STATIC_REQUIRE(rectify::relu(-7) == 0);
    STATIC_REQUIRE(rectify::relu(7u) == 7u);
    STATIC_REQUIRE(rectify::relu(-1.0L) == 0.0L);
    STATIC_REQUIRE(rectify::relu_derivative(0.0) == 1.0);
    STATIC_REQUIRE(rectify::relu_derivative(-0.0) == 1.0);
    STATIC_REQUIRE(rectify::relu_derivative(-1e-300) == 0.0);
    STATIC_REQUIRE(rectify::relu_derivative(std::int8_t{-3}) == 0);
    STATIC_REQUIRE(rectify::relu_backward(-1.0, 5.0) == 0.0);
    STATIC_REQUIRE(rectify::relu_backward(0.0, 5.0) == 5.0);
    STATIC_REQUIRE(rectify::leaky_relu(-10.0) == -0.1);
    STATIC_REQUIRE(rectify::leaky_relu(-1.0, 0.001) == -0.001);
    STATIC_REQUIRE(std::bit_cast<std::uint64_t>(rectify::leaky_relu(-0.0)) == 0x8000000000000000u);
    STATIC_REQUIRE(rectify::leaky_relu_derivative(-1.0f, 0.2f) == 0.2f);
    STATIC_REQUIRE(rectify::leaky_relu_derivative(0.0f, 0.2f) == 1.0f);
    STATIC_REQUIRE(rectify::leaky_relu_backward(-1.0, 4.0, 0.5) == 2.0);
    STATIC_REQUIRE(rectify::leaky_relu<std::ratio<1, 4>>(-8.0) == -2.0);
    STATIC_REQUIRE(rectify::leaky_relu_derivative<std::ratio<1, 4>>(-8.0f) == 0.25f);
    STATIC_REQUIRE(rectify::leaky_relu_backward<std::ratio<1, 4>>(-8.0, 4.0) == 1.0);
#if RECTIFY_HAS_FLOATING_ALPHA
    STATIC_REQUIRE(rectify::leaky_relu<0.5>(-3.0) == -1.5);
    STATIC_REQUIRE(rectify::leaky_relu_derivative<0.5f>(-3.0f) == 0.5f);
    STATIC_REQUIRE(rectify::leaky_relu_backward<0.5>(-3.0, 2.0) == 1.0);
#endif
    // NaN in, NaN out, in constant evaluation too.
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    STATIC_REQUIRE(rectify::relu(nan) != rectify::relu(nan));
    STATIC_REQUIRE(rectify::leaky_relu(nan) != rectify::leaky_relu(nan));
    STATIC_REQUIRE(rectify::relu_derivative(nan) != rectify::relu_derivative(nan));
}

TEST_CASE("scalar forms are noexcept, span forms (which can throw) are not", "[constexpr]") {
    float x = 1.0f;
    std::vector<float> v(1);
    STATIC_REQUIRE(noexcept(rectify::relu(x)));
    STATIC_REQUIRE(noexcept(rectify::leaky_relu(x, 0.5f)));
    STATIC_REQUIRE(noexcept(rectify::relu_backward(x, x)));
    STATIC_REQUIRE(!noexcept(rectify::relu(v, v)));
}
