// The same rectify calls, compiled into each translation unit of the
// mixed-flags test: span forms on float, double, int8 and the 16-bit types
// (their conversions too, which live outside the per-flags namespace), so that both
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
        std::vector<rectify::bfloat16_t> d##_bf16;                                   \
        std::vector<rectify::float16_t> d##_f16;                                     \
        for (const double x : d) {                                                   \
            d##_bf16.push_back(rectify::bfloat16_t(x));                              \
            d##_f16.push_back(rectify::float16_t(x));                                \
        }                                                                            \
        rectify::gelu(d##_bf16);                                                     \
        rectify::hardswish(d##_bf16);                                                \
        rectify::silu(d##_f16);                                                      \
        rectify::leaky_relu(d##_f16, rectify::float16_t(0.1f));                      \
        for (std::size_t i = 0; i < (d).size(); ++i) {                               \
            (d)[i] += static_cast<double>(static_cast<float>(d##_bf16[i])) +         \
                      static_cast<double>(static_cast<float>(d##_f16[i]));           \
        }                                                                            \
        rectify::relu(b);                                                            \
        (f) = f##_out;                                                               \
    } while (false)

// The expected results, computed one element at a time by the scalar forms.
inline void expected_calls(std::vector<float>& f, std::vector<double>& d, std::vector<std::int8_t>& b) {
    for (float& x : f) {
        const float g = rectify::leaky_relu_backward(x, rectify::relu_backward(x, rectify::leaky_relu_derivative(x, 0.1f)), 0.1f);
        x = rectify::relu(g);
    }
    for (double& x : d) {  // and the 16-bit functions of the result (conversions and all)
        x = rectify::leaky_relu(x, 0.5);
        const auto bf16 = rectify::hardswish(rectify::gelu(rectify::bfloat16_t(x)));
        const auto f16 = rectify::leaky_relu(rectify::silu(rectify::float16_t(x)), rectify::float16_t(0.1f));
        x += static_cast<double>(static_cast<float>(bf16)) + static_cast<double>(static_cast<float>(f16));
    }
    for (std::int8_t& x : b) {
        x = rectify::relu(x);
    }
}
