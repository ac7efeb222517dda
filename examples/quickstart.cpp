#include <rectify/rectify.hpp>

#include <cstdio>
#include <stdexcept>
#include <vector>

int main() {
    // Scalars: constexpr, and exact at the edges.
    static_assert(rectify::relu(-3.0) == 0.0);
    std::printf("relu(-0.5) = %g, leaky_relu(-0.5) = %g\n", rectify::relu(-0.5), rectify::leaky_relu(-0.5));
    // The smooth functions are correctly rounded: the float nearest the real value.
    std::printf("gelu(1.0f) = %.9g, silu(1.0f) = %.9g\n", static_cast<double>(rectify::gelu(1.0f)),
                static_cast<double>(rectify::silu(1.0f)));

    // Span forms take any contiguous range: out of place or in place.
    const std::vector<double> x{-2.0, -0.5, 0.0, 1.5, 3.0};
    std::vector<double> leaky(x.size()), relu = x, gelu(x.size());
    rectify::leaky_relu(x, leaky, 0.1);  // alpha chosen at run time
    rectify::relu(relu);                 // in place
    rectify::gelu(x, gelu);              // x Phi(x), PyTorch's exact gelu

    // Backward pass: grad_in = grad_out where x >= 0, and 0 where x < 0.
    const std::vector<double> grad_out(x.size(), 1.0);
    std::vector<double> grad_in(x.size());
    rectify::relu_backward(x, grad_out, grad_in);

    for (std::size_t i = 0; i < x.size(); ++i) {
        std::printf("x %5.2f   relu %5.2f   leaky %5.2f   gelu %6.3f   grad %4.1f\n", x[i], relu[i], leaky[i],
                    gelu[i], grad_in[i]);
    }

    // Bad input is refused before anything is written.
    try {
        std::vector<double> too_short(3);
        rectify::relu(x, too_short);
    } catch (const std::invalid_argument& e) {
        std::printf("error: %s\n", e.what());
    }
}
