// A second translation unit that instantiates the same functions as
// odr_test.cpp: the program links only if every definition is inline.
#include <rectify/rectify.hpp>

#include <ratio>
#include <vector>

std::vector<float> second_tu_apply(const std::vector<float>& in) {
    std::vector<float> out(in.size()), tmp(in.size());
    rectify::relu(in, out);
    rectify::leaky_relu(in, tmp, 0.5f);
    rectify::leaky_relu<std::ratio<1, 2>>(tmp);
    rectify::relu_backward(in, tmp, tmp);
    for (std::size_t i = 0; i < in.size(); ++i) {
        out[i] += tmp[i] + rectify::relu_derivative(in[i]);
    }
    return out;
}
