// Built with -march=sapphirerapids (tests/CMakeLists.txt), as a user on a
// CPU with AVX-512 FP16 builds with -march=native: GCC then computes _Float16
// in binary16 instructions, in rectify's kernels and in the user's own loops
// over the scalar forms, which it vectorises at -O3. GCC 12 once made a
// zero-masked vmovsh store of the relu family's selects there (and, with
// -ffast-math, in rectify's FP16 kernel of every build), an encoding that
// does not exist: the assembler stopped the build. This file must build so,
// with and without -ffast-math; where the CPU has AVX-512 FP16 the
// -march build also runs, and every binary16 pattern's result of each loop
// equals the span form's, bit for bit (a signalling NaN in: both NaN, the
// span form's possibly quieted, as docs/relu.md allows).
#include <rectify/rectify.hpp>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <span>
#include <vector>

#if RECTIFY_HAS_FLOAT16
namespace {

using H = _Float16;

std::vector<H> every_pattern() {
    std::vector<H> x(65536);
    for (std::uint32_t i = 0; i < 65536; ++i) {
        const auto bits = static_cast<std::uint16_t>(i);
        std::memcpy(&x[i], &bits, sizeof(H));
    }
    return x;
}

int failures = 0;

// A binary16 NaN's bits: exponent all ones, fraction not zero; signalling
// where the fraction's top bit is clear.
bool is_nan_bits(std::uint16_t b) { return (b & 0x7c00U) == 0x7c00U && (b & 0x03ffU) != 0; }
bool signalling_bits(std::uint16_t b) { return is_nan_bits(b) && (b & 0x0200U) == 0; }

void expect_same(const char* name, const std::vector<H>& x, const std::vector<H>& loop, const std::vector<H>& span) {
    for (std::size_t i = 0; i < x.size(); ++i) {
        if (std::memcmp(&loop[i], &span[i], sizeof(H)) != 0) {
            std::uint16_t xb = 0;
            std::uint16_t lb = 0;
            std::uint16_t sb = 0;
            std::memcpy(&xb, &x[i], sizeof(H));
            std::memcpy(&lb, &loop[i], sizeof(H));
            std::memcpy(&sb, &span[i], sizeof(H));
            // A signalling NaN in may come back quieted (docs/relu.md: the
            // AVX-512 kernel's hardsigmoid, hardswish and hardswish' carry it
            // through float arithmetic); both must still be NaN.
            if (signalling_bits(xb) && is_nan_bits(lb) && is_nan_bits(sb)) {
                continue;
            }
            std::printf("%s(0x%04x): loop 0x%04x, span 0x%04x\n", name, xb, lb, sb);
            ++failures;
            return;
        }
    }
}

// The loops a user writes: the scalar form on each element, stored.
#    define RECTIFY_LOOP(name, expression, span_call)                          \
        do {                                                                   \
            std::vector<H> loop(x.size());                                     \
            std::vector<H> span(x.size());                                     \
            for (std::size_t i = 0; i < x.size(); ++i) {                       \
                const H v = x[i];                                              \
                const H d = dy[i];                                             \
                loop[i] = (expression);                                        \
                static_cast<void>(d);                                          \
            }                                                                  \
            span_call;                                                         \
            expect_same(name, x, loop, span);                                  \
        } while (false)

void run() {
    const std::vector<H> x = every_pattern();
    std::vector<H> dy(x.size());
    for (std::size_t i = 0; i < dy.size(); ++i) {
        dy[i] = static_cast<H>(static_cast<float>(i % 97) * 0.25F - 12.0F);
    }
    const H t = static_cast<H>(0.5F);
    const H v0 = static_cast<H>(0.0F);
    const H v1 = static_cast<H>(-1.0F);
    RECTIFY_LOOP("relu", rectify::relu(v), rectify::relu(x, span));
    RECTIFY_LOOP("relu_derivative", rectify::relu_derivative(v), rectify::relu_derivative(x, span));
    RECTIFY_LOOP("relu_backward", rectify::relu_backward(v, d), rectify::relu_backward(x, dy, span));
    RECTIFY_LOOP("leaky_relu", rectify::leaky_relu(v), rectify::leaky_relu(x, span));
    RECTIFY_LOOP("leaky_relu_derivative", rectify::leaky_relu_derivative(v), rectify::leaky_relu_derivative(x, span));
    RECTIFY_LOOP("leaky_relu_backward", rectify::leaky_relu_backward(v, d), rectify::leaky_relu_backward(x, dy, span));
    // alpha 0 (and hardtanh's bound 0 below): a select of the constant 0.
    RECTIFY_LOOP("leaky_relu(0)", rectify::leaky_relu(v, v0), rectify::leaky_relu(x, span, v0));
    RECTIFY_LOOP("leaky_relu_derivative(0)", rectify::leaky_relu_derivative(v, v0),
                 rectify::leaky_relu_derivative(x, span, v0));
    RECTIFY_LOOP("leaky_relu_backward(0)", rectify::leaky_relu_backward(v, d, v0),
                 rectify::leaky_relu_backward(x, dy, span, v0));
    RECTIFY_LOOP("relu6", rectify::relu6(v), rectify::relu6(x, span));
    RECTIFY_LOOP("relu6_derivative", rectify::relu6_derivative(v), rectify::relu6_derivative(x, span));
    RECTIFY_LOOP("relu6_backward", rectify::relu6_backward(v, d), rectify::relu6_backward(x, dy, span));
    RECTIFY_LOOP("hardtanh", rectify::hardtanh(v), rectify::hardtanh(x, span));
    RECTIFY_LOOP("hardtanh_derivative", rectify::hardtanh_derivative(v), rectify::hardtanh_derivative(x, span));
    RECTIFY_LOOP("hardtanh_backward", rectify::hardtanh_backward(v, d), rectify::hardtanh_backward(x, dy, span));
    const H six = static_cast<H>(6.0F);
    RECTIFY_LOOP("hardtanh(0, 6)", rectify::hardtanh(v, v0, six), rectify::hardtanh(x, span, v0, six));
    RECTIFY_LOOP("hardtanh_backward(0, 6)", rectify::hardtanh_backward(v, d, v0, six),
                 rectify::hardtanh_backward(x, dy, span, v0, six));
    RECTIFY_LOOP("hardsigmoid", rectify::hardsigmoid(v), rectify::hardsigmoid(x, span));
    RECTIFY_LOOP("hardsigmoid_derivative", rectify::hardsigmoid_derivative(v),
                 rectify::hardsigmoid_derivative(x, span));
    RECTIFY_LOOP("hardsigmoid_backward", rectify::hardsigmoid_backward(v, d), rectify::hardsigmoid_backward(x, dy, span));
    RECTIFY_LOOP("hardswish", rectify::hardswish(v), rectify::hardswish(x, span));
    RECTIFY_LOOP("hardswish_derivative", rectify::hardswish_derivative(v), rectify::hardswish_derivative(x, span));
    RECTIFY_LOOP("hardswish_backward", rectify::hardswish_backward(v, d), rectify::hardswish_backward(x, dy, span));
    RECTIFY_LOOP("threshold(0.5, 0)", rectify::threshold(v, t, v0), rectify::threshold(x, span, t, v0));
    RECTIFY_LOOP("threshold(0.5, -1)", rectify::threshold(v, t, v1), rectify::threshold(x, span, t, v1));
    RECTIFY_LOOP("threshold_derivative", rectify::threshold_derivative(v, t), rectify::threshold_derivative(x, span, t));
    RECTIFY_LOOP("threshold_backward", rectify::threshold_backward(v, d, t), rectify::threshold_backward(x, dy, span, t));
    RECTIFY_LOOP("prelu", rectify::prelu(v, v1), rectify::prelu(x, span, std::span<const H>(&v1, 1)));
    RECTIFY_LOOP("prelu_derivative", rectify::prelu_derivative(v, v1),
                 rectify::prelu_derivative(x, span, std::span<const H>(&v1, 1)));
    RECTIFY_LOOP("sigmoid", rectify::sigmoid(v), rectify::sigmoid(x, span));
    RECTIFY_LOOP("gelu", rectify::gelu(v), rectify::gelu(x, span));
    RECTIFY_LOOP("silu_backward", rectify::silu_backward(v, d), rectify::silu_backward(x, dy, span));
    RECTIFY_LOOP("elu_derivative", rectify::elu_derivative(v), rectify::elu_derivative(x, span));
    // In place, where the span form's result is stored over its input.
    {
        std::vector<H> loop(x.size());
        std::vector<H> span = x;
        for (std::size_t i = 0; i < x.size(); ++i) {
            loop[i] = rectify::relu(x[i]);
        }
        rectify::relu(span);
        expect_same("relu in place", x, loop, span);
    }
}

}  // namespace

int main() {
    run();
    if (failures != 0) {
        std::printf("%d functions differ\n", failures);
        return 1;
    }
    std::printf("every binary16 pattern: each loop over the scalar form equals the span form\n");
    return 0;
}
#else
int main() {
    std::printf("no _Float16 in this compiler: nothing to check\n");
    return 0;
}
#endif
