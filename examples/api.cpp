// Every call of the relu family once, as docs/relu.md and docs/api.md show it:
// the regions between `// [readme:NAME]` and `// [readme:end]` are quoted
// there verbatim (a test checks), and what this prints is
// examples/api.expected.
#include <rectify/rectify.hpp>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <ratio>
#include <span>
#include <stdexcept>
#include <vector>

namespace {

// Prints a label and the elements of a range.
void print(const char* label, std::span<const float> v) {
    std::printf("%-40s", label);
    for (const float e : v) {
        std::printf(" %6g", static_cast<double>(e));
    }
    std::printf("\n");
}

}  // namespace

int main() {
    // [readme:scalar]
    static_assert(rectify::relu(-2.0) == 0.0);
    static_assert(rectify::relu_derivative(0.0) == 1.0);      // 1 at zero (PyTorch: 0)
    static_assert(rectify::relu_backward(-1.0, 5.0) == 0.0);  // dy where x >= 0, else +0
    static_assert(rectify::leaky_relu(-2.0) == -0.02);        // alpha 0.01 by default
    static_assert(rectify::leaky_relu(-2.0, 0.5) == -1.0);    // alpha given at run time
    static_assert(rectify::leaky_relu_derivative(-2.0, 0.5) == 0.5);
    static_assert(rectify::leaky_relu_backward(-1.0, 4.0, 0.5) == 2.0);
    static_assert(rectify::leaky_relu<std::ratio<1, 2>>(-2.0) == -1.0);  // alpha fixed at compile time
    // [readme:end]

    // [readme:family]
    static_assert(rectify::relu6(7.5f) == 6.0f);
    static_assert(rectify::relu6_derivative(6.0f) == 0.0f);          // from the right at the kink
    static_assert(rectify::hardtanh(-3.0f) == -1.0f);                // min_val -1, max_val 1 by default
    static_assert(rectify::hardtanh(2.5f, 0.0f, 2.0f) == 2.0f);
    static_assert(rectify::hardtanh_derivative(-1.0f) == 1.0f);      // 1 for min_val <= x < max_val
    static_assert(rectify::hardsigmoid(1.5f) == 0.75f);              // (x + 3) / 6, rounded once
    static_assert(rectify::hardsigmoid_derivative(3.0f) == 0.0f);
    static_assert(rectify::hardswish(1.0f) == 0x1.555556p-1f);       // x (x + 3) / 6 = 2/3, rounded once
    static_assert(rectify::hardswish_derivative(-3.0f) == -0.5f);    // (2x + 3) / 6 from the right
    static_assert(rectify::threshold(0.25f, 0.5f, -1.0f) == -1.0f);  // x > 0.5 ? x : -1
    static_assert(rectify::threshold_backward(0.75f, 4.0f, 0.5f) == 4.0f);
    // [readme:end]

    // clang-format off
    // [readme:span]
    const std::vector<float> x{-2.0f, -0.5f, 0.0f, 3.0f}, dy{10.0f, 10.0f, 10.0f, 10.0f};
    std::vector<float> y(x.size()), dx(x.size());
    print("x", x);

    rectify::relu(x, y);                             print("relu(x, y)", y);
    rectify::relu_derivative(x, y);                  print("relu_derivative(x, y)", y);
    rectify::relu_backward(x, dy, dx);               print("relu_backward(x, dy, dx)", dx);
    rectify::leaky_relu(x, y);                       print("leaky_relu(x, y)", y);
    rectify::leaky_relu(x, y, 0.1f);                 print("leaky_relu(x, y, 0.1f)", y);
    rectify::leaky_relu_derivative(x, y, 0.1f);      print("leaky_relu_derivative(x, y, 0.1f)", y);
    rectify::leaky_relu_backward(x, dy, dx, 0.1f);   print("leaky_relu_backward(x, dy, dx, 0.1f)", dx);

    std::vector<float> v = x;  // in place: the same range is input and output
    rectify::relu(v);                                print("relu(v)", v);
    v = x;
    rectify::leaky_relu(v, 0.1f);                    print("leaky_relu(v, 0.1f)", v);
    v = dy;
    rectify::relu_backward(x, v, v);                 print("relu_backward(x, v, v)", v);
    // [readme:end]
    // clang-format on

    // [readme:alpha]
    rectify::leaky_relu<std::ratio<1, 5>>(x, y);  // alpha = 1/5, divided in float; every C++20 compiler
#if RECTIFY_HAS_FLOATING_ALPHA
    rectify::leaky_relu<0.2f>(x, y);  // the same, where the compiler takes float template arguments
#endif
    // [readme:end]
    print("leaky_relu<std::ratio<1, 5>>(x, y)", y);

    // [readme:algorithms]
    std::ranges::transform(x, y.begin(), rectify::relu);
    std::ranges::transform(x, y.begin(), rectify::leaky_relu<std::ratio<1, 100>, float>);
    // [readme:end]
    print("transform(x, y.begin(), leaky_relu<...>)", y);

    // [readme:isa]
    std::vector<float> fast(x.size()), portable(x.size());
    rectify::relu(x, fast);                                     // on the kernel chosen at the first call
    const char* kernel = rectify::isa_name(rectify::active_isa());  // "avx512", "avx2", "sse2", "neon" or "portable"
    if (rectify::force_isa(rectify::isa::portable)) {           // for tests and benchmarks
        rectify::relu(x, portable);                             // the same bits on every kernel
    }
    rectify::reset_isa();                                       // back to the automatic choice
    // [readme:end]
    // On stderr: it differs between machines. (Nothing to do if the write fails.)
    static_cast<void>(std::fprintf(stderr, "(this machine's kernel: %s)\n", kernel));
    std::printf("chosen kernel and portable loop agree: %s\n",
                std::memcmp(fast.data(), portable.data(), fast.size() * sizeof(float)) == 0 ? "yes" : "no");

    // [readme:errors]
    try {
        rectify::relu_backward(x, std::span(dy).first(2), dx);
    } catch (const std::invalid_argument& e) {
        std::printf("%s\n", e.what());
    }
    // [readme:end]
    return 0;
}
