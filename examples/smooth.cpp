// Every call of the smooth rectifiers once, as docs/smooth.md shows it: the
// regions between `// [readme:NAME]` and `// [readme:end]` are quoted there
// verbatim (a test checks), and what this prints is examples/smooth.expected.
// Every value it prints is a float (or _Float16) correctly rounded, the same
// bits on every kernel and compiler, so the output is the same everywhere.
#include <rectify/rectify.hpp>

#include <cstdio>
#include <span>
#include <stdexcept>
#include <vector>

namespace {

// Prints a label and the elements of a range.
void print(const char* label, std::span<const float> v) {
    std::printf("%-38s", label);
    for (const float e : v) {
        std::printf(" %13.7g", static_cast<double>(e));
    }
    std::printf("\n");
}

}  // namespace

int main() {
    // [readme:scalar]
    static_assert(rectify::sigmoid(0.0f) == 0.5f);          // every scalar form is constexpr
    static_assert(rectify::softplus(100.0f) == 100.0f);     // no threshold: the correctly rounded value
    static_assert(rectify::elu_derivative(-0.0f) == 1.0f);  // at 0, the x >= 0 branch (as relu'(0) = 1)
    static_assert(rectify::selu_derivative(0.0f) == rectify::selu_derivative(1.0f));
    static_assert(rectify::celu(-1.0f, 0.0f) != rectify::celu(-1.0f, 0.0f));  // a bad alpha: NaN
    std::printf("gelu(1.0f)                = %.9g\n", static_cast<double>(rectify::gelu(1.0f)));
    const float grad = rectify::gelu_backward(1.0f, 2.0f);  // dy * gelu'(x), in float
    std::printf("gelu_backward(1.0f, 2.0f) = %.9g\n", static_cast<double>(grad));
    std::printf("softplus(1.0f, 2.0f)      = %.9g\n", static_cast<double>(rectify::softplus(1.0f, 2.0f)));
    std::printf("mish(1.0)                 = %.17g\n", rectify::mish(1.0));  // double: faithfully rounded
    // [readme:end]
#if RECTIFY_HAS_FLOAT16
    // [readme:float16]
    static_assert(rectify::tanh(_Float16(0.5f)) == _Float16(0.462158203125f));  // rounded in _Float16 itself
    // [readme:end]
#endif

    // clang-format off
    // [readme:span]
    const std::vector<float> x{-3.0f, -1.0f, 0.0f, 0.5f, 2.0f}, dy{10.0f, 10.0f, 10.0f, 10.0f, 10.0f};
    std::vector<float> y(x.size()), dx(x.size());
    print("x", x);

    rectify::gelu(x, y);                         print("gelu(x, y)", y);
    rectify::gelu_derivative(x, y);              print("gelu_derivative(x, y)", y);
    rectify::gelu_backward(x, dy, dx);           print("gelu_backward(x, dy, dx)", dx);
    rectify::gelu_tanh(x, y);                    print("gelu_tanh(x, y)", y);
    rectify::gelu_tanh_derivative(x, y);         print("gelu_tanh_derivative(x, y)", y);
    rectify::gelu_tanh_backward(x, dy, dx);      print("gelu_tanh_backward(x, dy, dx)", dx);
    rectify::silu(x, y);                         print("silu(x, y)", y);
    rectify::silu_derivative(x, y);              print("silu_derivative(x, y)", y);
    rectify::silu_backward(x, dy, dx);           print("silu_backward(x, dy, dx)", dx);
    rectify::sigmoid(x, y);                      print("sigmoid(x, y)", y);
    rectify::sigmoid_derivative(x, y);           print("sigmoid_derivative(x, y)", y);
    rectify::sigmoid_backward(x, dy, dx);        print("sigmoid_backward(x, dy, dx)", dx);
    rectify::tanh(x, y);                         print("tanh(x, y)", y);
    rectify::tanh_derivative(x, y);              print("tanh_derivative(x, y)", y);
    rectify::tanh_backward(x, dy, dx);           print("tanh_backward(x, dy, dx)", dx);
    rectify::elu(x, y);                          print("elu(x, y)", y);
    rectify::elu(x, y, 0.5f);                    print("elu(x, y, 0.5f)", y);
    rectify::elu_derivative(x, y, 0.5f);         print("elu_derivative(x, y, 0.5f)", y);
    rectify::elu_backward(x, dy, dx, 0.5f);      print("elu_backward(x, dy, dx, 0.5f)", dx);
    rectify::selu(x, y);                         print("selu(x, y)", y);
    rectify::selu_derivative(x, y);              print("selu_derivative(x, y)", y);
    rectify::selu_backward(x, dy, dx);           print("selu_backward(x, dy, dx)", dx);
    rectify::celu(x, y);                         print("celu(x, y)", y);
    rectify::celu(x, y, 2.0f);                   print("celu(x, y, 2.0f)", y);
    rectify::celu_derivative(x, y, 2.0f);        print("celu_derivative(x, y, 2.0f)", y);
    rectify::celu_backward(x, dy, dx, 2.0f);     print("celu_backward(x, dy, dx, 2.0f)", dx);
    rectify::softplus(x, y);                     print("softplus(x, y)", y);
    rectify::softplus(x, y, 2.0f);               print("softplus(x, y, 2.0f)", y);
    rectify::softplus_derivative(x, y, 2.0f);    print("softplus_derivative(x, y, 2.0f)", y);
    rectify::softplus_backward(x, dy, dx, 2.0f); print("softplus_backward(x, dy, dx, 2.0f)", dx);
    rectify::mish(x, y);                         print("mish(x, y)", y);
    rectify::mish_derivative(x, y);              print("mish_derivative(x, y)", y);
    rectify::mish_backward(x, dy, dx);           print("mish_backward(x, dy, dx)", dx);

    std::vector<float> v = x;  // in place: the same range is input and output
    rectify::gelu(v);                            print("gelu(v)", v);
    v = x;
    rectify::softplus(v, 2.0f);                  print("softplus(v, 2.0f)", v);
    v = dy;
    rectify::silu_backward(x, v, v);             print("silu_backward(x, v, v)", v);
    // [readme:end]
    // clang-format on

    // [readme:errors]
    try {
        rectify::celu(x, y, 0.0f);  // celu's alpha must be finite and > 0
    } catch (const std::invalid_argument& e) {
        std::printf("%s\n", e.what());
    }
    // [readme:end]
    return 0;
}
