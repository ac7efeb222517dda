// The curves behind docs/smooth.png, as CSV on standard output: each smooth
// function and its derivative (parameters at their defaults: alpha 1, beta 1)
// at 201 floats from -5 to 5 (step 0.05, x = 0 among them), computed by the
// span forms. examples/plot_smooth.py draws the picture from it. Every value
// is a correctly rounded float, so the output is the same on every machine.
#include <rectify/rectify.hpp>

#include "curves.hpp"

int main() {
    const std::vector<curves::curve> smooth = {
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
    curves::print_csv(smooth, curves::grid(201));
    return 0;
}
