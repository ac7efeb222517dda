// The same rectify calls, compiled into each translation unit of the
// mixed-flags test: every span form on float, double and int8, so that both
// units instantiate the same templates (without rectify's per-flags
// namespace the linker would keep one copy of each for the whole program).
#pragma once

#include <rectify/rectify.hpp>

#include <cstdint>
#include <vector>

#define RECTIFY_MIXED_CALLS(f, d, b)                                                 \
    do {                                                                             \
        std::vector<float> f##_out((f).size());                                      \
        rectify::relu(f, f##_out);                                                   \
        rectify::relu_derivative(f, f##_out);                                        \
        rectify::leaky_relu(f, f##_out, 0.1f);                                       \
        rectify::leaky_relu_derivative(f, f##_out, 0.1f);                            \
        rectify::relu_backward(f, f##_out, f##_out);                                 \
        rectify::leaky_relu_backward(f, f##_out, f##_out, 0.1f);                     \
        rectify::relu(f##_out);                                                      \
        rectify::leaky_relu(d, 0.5);                                                 \
        rectify::relu(b);                                                            \
        (f) = f##_out;                                                               \
    } while (false)

// The expected results, computed one element at a time by the scalar forms.
inline void expected_calls(std::vector<float>& f, std::vector<double>& d, std::vector<std::int8_t>& b) {
    for (float& x : f) {
        const float g = rectify::leaky_relu_backward(x, rectify::relu_backward(x, rectify::leaky_relu_derivative(x, 0.1f)), 0.1f);
        x = rectify::relu(g);
    }
    for (double& x : d) {
        x = rectify::leaky_relu(x, 0.5);
    }
    for (std::int8_t& x : b) {
        x = rectify::relu(x);
    }
}
