// The curves behind docs/smooth.png, as CSV on standard output: each smooth
// function and its derivative (parameters at their defaults: alpha 1, beta 1)
// at 201 floats from -5 to 5 (step 0.05, x = 0 among them), computed by the
// span forms. examples/plot_smooth.py draws the picture from it. Every value
// is a correctly rounded float, so the output is the same on every machine.
#include <rectify/rectify.hpp>

#include <cstddef>
#include <cstdio>
#include <functional>
#include <span>
#include <vector>

namespace {

using span_fn = std::function<void(std::span<const float>, std::span<float>)>;

// A smooth function and its derivative: rectify's function objects, called
// as span forms (parameters at their defaults).
struct curve {
    const char* name;
    span_fn f;
    span_fn derivative;
};

}  // namespace

int main() {
    const std::vector<curve> curves = {
        {"gelu", rectify::gelu, rectify::gelu_derivative},
        {"gelu_tanh", rectify::gelu_tanh, rectify::gelu_tanh_derivative},
        {"silu", rectify::silu, rectify::silu_derivative},
        {"sigmoid", rectify::sigmoid, rectify::sigmoid_derivative},
        {"tanh", rectify::tanh, rectify::tanh_derivative},
        {"elu", rectify::elu, rectify::elu_derivative},
        {"selu", rectify::selu, rectify::selu_derivative},
        {"celu", rectify::celu, rectify::celu_derivative},
        {"softplus", rectify::softplus, rectify::softplus_derivative},
        {"mish", rectify::mish, rectify::mish_derivative},
    };
    constexpr std::size_t points = 201;
    std::vector<float> x(points);
    for (std::size_t i = 0; i < points; ++i) {
        x[i] = static_cast<float>((static_cast<double>(i) - 100.0) / 20.0);
    }

    std::vector<std::vector<float>> columns;
    std::printf("x");
    for (const curve& c : curves) {
        std::printf(",%s,%s_derivative", c.name, c.name);
        columns.emplace_back(points);
        c.f(x, columns.back());
        columns.emplace_back(points);
        c.derivative(x, columns.back());
    }
    std::printf("\n");
    for (std::size_t i = 0; i < points; ++i) {
        std::printf("%g", static_cast<double>(x[i]));
        for (const std::vector<float>& column : columns) {
            std::printf(",%.7g", static_cast<double>(column[i]));
        }
        std::printf("\n");
    }
    return 0;
}
