// rectify's 16-bit types, float16_t and bfloat16_t, as docs/half.md shows
// them: the regions between `// [readme:NAME]` and `// [readme:end]` are
// quoted there verbatim (a test checks), and what this prints is
// examples/half.expected.
#include <rectify/rectify.hpp>

#include <bit>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <iterator>
#include <vector>

int main() {
    // [readme:half-scalar]
    using rectify::bfloat16_t;
    using rectify::float16_t;
    constexpr bfloat16_t x(1.5f);                        // 1.5 rounded once to bfloat16 (exact here)
    static_assert(x.to_bits() == 0x3fc0);                // the bits, as a model stores them
    static_assert(rectify::relu(bfloat16_t(-2.0f)) == 0.0f);  // compares as a float
    constexpr float16_t g = rectify::gelu(float16_t(1.0f));    // GELU(1), correctly rounded in binary16
    static_assert(g.to_bits() == 0x3abb);
    // [readme:end]
    std::printf("gelu(1) in binary16: %.6g (bits 0x%04x); in bfloat16: %.6g\n", static_cast<double>(g),
                static_cast<unsigned>(g.to_bits()), static_cast<double>(rectify::gelu(bfloat16_t(1.0f))));

    // [readme:half-buffer]
    // A model's bfloat16 activations as raw 16-bit words (from a file, a GPU, a framework)
    // go straight into bfloat16_t storage: the type is two trivially copyable bytes, so
    // fread() or std::memcpy() fills it with no conversion pass.
    const std::uint16_t words[] = {0xc040, 0xbf80, 0x8000, 0x3f00, 0x3f80, 0x4040};  // -3 -1 -0 0.5 1 3
    std::vector<bfloat16_t> activations(std::size(words));
    std::memcpy(activations.data(), words, sizeof words);
    rectify::gelu(activations);  // in place, vector kernels, correctly rounded to bfloat16
    static_assert(std::bit_cast<std::uint16_t>(bfloat16_t(1.0f)) == 0x3f80);  // and bit_cast either way
    // [readme:end]
    std::printf("gelu in place on bfloat16 words:");
    for (const bfloat16_t a : activations) {
        std::printf(" 0x%04x (%g)", static_cast<unsigned>(a.to_bits()), static_cast<double>(static_cast<float>(a)));
    }
    std::printf("\n");

    // [readme:half-backward]
    std::vector<float16_t> h = {float16_t(-1.0f), float16_t(0.5f), float16_t(2.0f)};
    std::vector<float16_t> grad_out(h.size(), float16_t(1.0f));
    std::vector<float16_t> grad_in(h.size());
    rectify::silu_backward(h, grad_out, grad_in);  // grad_out * silu'(x), each rounded once
    // [readme:end]
    std::printf("silu_backward on binary16:");
    for (const float16_t v : grad_in) {
        std::printf(" %g", static_cast<double>(static_cast<float>(v)));
    }
    std::printf("\n");
}
