// prelu, prelu_derivative and prelu_backward once each, in both layouts, as
// docs/relu.md shows them: the regions between `// [readme:NAME]` and
// `// [readme:end]` are quoted there verbatim (a test checks), and what this
// prints is examples/prelu.expected.
#include <rectify/rectify.hpp>

#include <cstdio>
#include <span>
#include <stdexcept>
#include <vector>

namespace {

// Prints a label and the elements of a range.
void print(const char* label, std::span<const float> v) {
    std::printf("%-44s", label);
    for (const float e : v) {
        std::printf(" %6g", static_cast<double>(e));
    }
    std::printf("\n");
}

}  // namespace

int main() {
    // [readme:prelu-scalar]
    static_assert(rectify::prelu(-2.0, 0.25) == -0.5);  // leaky_relu with this slope
    static_assert(rectify::prelu_derivative(-2.0, 0.25) == 0.25);
    static_assert(rectify::prelu_backward(-2.0, 4.0, 0.25) == 1.0);
    // [readme:end]

    // clang-format off
    // [readme:prelu-span]
    // 2 rows of 3 channels: a [batch, features] matrix, or NHWC (channels last, the default).
    const std::vector<float> x{-2.0f, 1.0f, -4.0f, 3.0f, -1.0f, -0.5f}, dy(6, 10.0f);
    const std::vector<float> slopes{0.1f, 0.2f, 0.5f};
    std::vector<float> y(x.size()), grad_in(x.size()), grad_slopes(slopes.size());
    print("x", x);

    rectify::prelu(x, y, slopes);                             print("prelu(x, y, slopes)", y);
    rectify::prelu_derivative(x, y, slopes);                  print("prelu_derivative(x, y, slopes)", y);
    rectify::prelu_backward(x, dy, slopes, grad_in, grad_slopes);
    print("prelu_backward: grad_in", grad_in);
    print("prelu_backward: grad_slopes", grad_slopes);    // per channel: sum of x * dy where x < 0

    // NCHW: 1 image, 3 channels of 2 elements each (inner = H * W = 2).
    rectify::prelu(x, y, slopes, rectify::channels_first{2}); print("prelu(x, y, slopes, channels_first{2})", y);
    std::vector<float> v = x;                                 // in place; one slope for all
    rectify::prelu(v, std::vector<float>{0.5f});              print("prelu(v, {0.5f})", v);
    // [readme:end]
    // clang-format on

    // [readme:prelu-exact]
    // The slope gradient is the exact sum, rounded once: no order loses the small term.
    const std::vector<float> xs{-1.0f, -1e-30f, -1.0f}, dys{1e30f, 1.0f, -1e30f}, one{0.25f};
    std::vector<float> gi(3), g(1);
    rectify::prelu_backward(xs, dys, one, gi, g);
    const float loop = (xs[0] * dys[0] + xs[1] * dys[1]) + xs[2] * dys[2];  // a float loop: 0
    std::printf("slope gradient %g, float loop %g\n", static_cast<double>(g[0]), static_cast<double>(loop));
    // [readme:end]

    // [readme:prelu-errors]
    try {
        rectify::prelu(x, y, std::vector<float>(4, 0.25f));  // 6 elements do not make channels of 4
    } catch (const std::invalid_argument& e) {
        std::printf("%s\n", e.what());
    }
    // [readme:end]
}
