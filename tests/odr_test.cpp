#include "catch.hpp"

#include <rectify/rectify.hpp>

#include <ratio>
#include <vector>

std::vector<float> second_tu_apply(const std::vector<float>& in);  // odr_second_tu.cpp

TEST_CASE("two translation units including the header link and agree", "[odr]") {
    const std::vector<float> in{-2.0f, -0.5f, 0.0f, 1.5f};
    std::vector<float> out(in.size()), tmp(in.size());
    rectify::relu(in, out);
    rectify::leaky_relu(in, tmp, 0.5f);
    rectify::leaky_relu<std::ratio<1, 2>>(tmp);
    rectify::relu_backward(in, tmp, tmp);
    for (std::size_t i = 0; i < in.size(); ++i) {
        out[i] += tmp[i] + rectify::relu_derivative(in[i]);
    }
    CHECK(second_tu_apply(in) == out);
}
