// The curves behind docs/family.png, as CSV on standard output: relu6,
// hardtanh (-1, 1), hardsigmoid, hardswish and threshold (threshold 1, value
// -1), each with its derivative, at 281 floats from -7 to 7 (step 0.05, so
// the kinks at -3, -1, 0, 1, 3 and 6 are among them and show the derivative
// from the right), computed by the span forms. examples/plot_smooth.py draws
// the picture from it (`plot_smooth.py family.csv docs/family.png family`).
#include <rectify/rectify.hpp>

#include "curves.hpp"

int main() {
    using in = std::span<const float>;
    using out = std::span<float>;
    const std::vector<curves::curve> family = {
        {"relu6", rectify::relu6, rectify::relu6_derivative},
        {"hardtanh", rectify::hardtanh, rectify::hardtanh_derivative},
        {"hardsigmoid", rectify::hardsigmoid, rectify::hardsigmoid_derivative},
        {"hardswish", rectify::hardswish, rectify::hardswish_derivative},
        {"threshold", [](in x, out y) { rectify::threshold(x, y, 1.0f, -1.0f); },
         [](in x, out y) { rectify::threshold_derivative(x, y, 1.0f); }},
    };
    curves::print_csv(family, curves::grid(281));
    return 0;
}
