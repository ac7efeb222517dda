// The curves behind docs/activations.png, as CSV on standard output: relu,
// leaky_relu with alpha 0.01 and 0.1, and their derivatives, at 201 points
// from -5 to 5 (step 0.05, so x = 0 is one of them and shows the derivative
// at zero, 1). examples/plot_activations.py draws the picture from it.
#include <rectify/rectify.hpp>

#include <cstddef>
#include <cstdio>
#include <ratio>
#include <vector>

int main() {
    constexpr std::size_t points = 201;
    std::vector<double> x(points);
    for (std::size_t i = 0; i < points; ++i) {
        x[i] = (static_cast<double>(i) - 100.0) / 20.0;
    }

    std::vector<double> relu(points), relu_d(points), leaky(points), leaky_d(points), leaky10(points),
        leaky10_d(points);
    rectify::relu(x, relu);
    rectify::relu_derivative(x, relu_d);
    rectify::leaky_relu(x, leaky);  // alpha 0.01, the default
    rectify::leaky_relu_derivative(x, leaky_d);
    rectify::leaky_relu<std::ratio<1, 10>>(x, leaky10);  // alpha 0.1, fixed at compile time
    rectify::leaky_relu_derivative<std::ratio<1, 10>>(x, leaky10_d);

    std::printf(
        "x,relu,relu_derivative,leaky_relu_0.01,leaky_relu_derivative_0.01,"
        "leaky_relu_0.1,leaky_relu_derivative_0.1\n");
    for (std::size_t i = 0; i < points; ++i) {
        std::printf("%g,%g,%g,%g,%g,%g,%g\n", x[i], relu[i], relu_d[i], leaky[i], leaky_d[i], leaky10[i],
                    leaky10_d[i]);
    }
    return 0;
}
