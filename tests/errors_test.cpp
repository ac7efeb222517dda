// Bad input gets a clear error and loses nothing: differing sizes and partial
// overlap throw std::invalid_argument naming the function and the sizes,
// before a single element is written.
#include "catch.hpp"
#include "test_util.hpp"

#include <cstddef>
#include <cstring>
#include <functional>
#include <limits>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

// Runs `call`, which must throw std::invalid_argument whose message contains
// every one of `parts`; returns the message.
std::string expect_invalid_argument(const std::function<void()>& call, std::initializer_list<std::string> parts) {
    std::string message;
    try {
        call();
        FAIL("no exception was thrown");
    } catch (const std::invalid_argument& e) {
        message = e.what();
    }
    for (const std::string& part : parts) {
        INFO("message: " << message);
        CHECK(message.find(part) != std::string::npos);
    }
    return message;
}

}  // namespace

TEST_CASE("sizes that differ throw, naming the function and both sizes, and write nothing", "[errors]") {
    const std::vector<float> in{-1.0f, 2.0f, -3.0f, 4.0f, 5.0f};
    const std::vector<float> untouched(4, 42.0f);
    std::vector<float> out = untouched;

    const std::string m = expect_invalid_argument([&] { rectify::relu(in, out); }, {"rectify::relu:", "5", "4"});
    CHECK(m == "rectify::relu: sizes differ: input has 5, output has 4 elements; nothing was written");
    CHECK(out == untouched);

    expect_invalid_argument([&] { rectify::relu_derivative(in, out); }, {"rectify::relu_derivative:", "5", "4"});
    CHECK(out == untouched);
    expect_invalid_argument([&] { rectify::leaky_relu(in, out, 0.1f); }, {"rectify::leaky_relu:", "5", "4"});
    CHECK(out == untouched);
    expect_invalid_argument([&] { rectify::leaky_relu<std::ratio<1, 10>>(in, out); }, {"rectify::leaky_relu:", "5", "4"});
    CHECK(out == untouched);
    expect_invalid_argument([&] { rectify::leaky_relu_derivative(in, out); },
                            {"rectify::leaky_relu_derivative:", "5", "4"});
    CHECK(out == untouched);
}

TEST_CASE("backward passes check all three sizes", "[errors][backward]") {
    const std::vector<double> x{1.0, -1.0, 2.0}, dy3{1.0, 1.0, 1.0}, dy2{1.0, 1.0};
    const std::vector<double> untouched(3, 42.0);
    std::vector<double> grad_in = untouched;

    const std::string m =
        expect_invalid_argument([&] { rectify::relu_backward(x, dy2, grad_in); }, {"rectify::relu_backward:"});
    CHECK(m == "rectify::relu_backward: sizes differ: x has 3, grad_out has 2, grad_in has 3 elements; "
               "nothing was written");
    CHECK(grad_in == untouched);

    std::vector<double> short_grad_in(2, 42.0);
    expect_invalid_argument([&] { rectify::leaky_relu_backward(x, dy3, short_grad_in, 0.5); },
                            {"rectify::leaky_relu_backward:", "x has 3", "grad_out has 3", "grad_in has 2"});
    CHECK(short_grad_in == std::vector<double>(2, 42.0));
}

TEST_CASE("partial overlap throws and writes nothing, the very same range is in-place use", "[errors][overlap]") {
    std::vector<float> buf{-1.0f, -2.0f, 3.0f, -4.0f, 5.0f, -6.0f};
    const std::vector<float> before = buf;
    const std::span<float> all(buf);

    // Output starts inside the input, and input starts inside the output.
    const std::string m = expect_invalid_argument([&] { rectify::relu(all.first(4), all.subspan(1, 4)); },
                                                  {"rectify::relu:", "overlaps", "4 elements"});
    CHECK(m == "rectify::relu: output (4 elements) overlaps input (4 elements) without being the same range; "
               "nothing was written");
    CHECK(buf == before);
    expect_invalid_argument([&] { rectify::leaky_relu(all.subspan(2, 4), all.first(4), 0.5f); },
                            {"rectify::leaky_relu:", "overlaps"});
    CHECK(buf == before);
    // Overlapping by a single element is still overlap.
    expect_invalid_argument([&] { rectify::relu(all.first(3), all.subspan(2, 3)); }, {"overlaps"});
    CHECK(buf == before);

    // Adjacent ranges do not overlap; the same range is fine.
    rectify::relu(all.first(3), all.last(3));
    CHECK(buf == std::vector<float>{-1.0f, -2.0f, 3.0f, 0.0f, 0.0f, 3.0f});
    rectify::relu(all, all);
    CHECK(buf == std::vector<float>{0.0f, 0.0f, 3.0f, 0.0f, 0.0f, 3.0f});
}

TEST_CASE("backward passes reject grad_in partially overlapping x or grad_out", "[errors][overlap][backward]") {
    std::vector<double> buf{1.0, -1.0, 2.0, -2.0, 3.0, -3.0, 4.0};
    const std::vector<double> before = buf;
    const std::span<double> all(buf);
    const std::vector<double> other{1.0, 1.0, 1.0};

    expect_invalid_argument([&] { rectify::relu_backward(all.first(3), other, all.subspan(1, 3)); },
                            {"rectify::relu_backward:", "grad_in (3 elements) overlaps x (3 elements)"});
    CHECK(buf == before);
    expect_invalid_argument([&] { rectify::leaky_relu_backward(other, all.first(3), all.subspan(2, 3)); },
                            {"rectify::leaky_relu_backward:", "grad_in (3 elements) overlaps grad_out (3 elements)"});
    CHECK(buf == before);

    // grad_in may be grad_out itself, or x itself.
    std::vector<double> x{1.0, -1.0, 0.0}, g{5.0, 5.0, 5.0};
    rectify::relu_backward(x, g, g);
    CHECK(g == std::vector<double>{5.0, 0.0, 5.0});
    rectify::leaky_relu_backward(x, std::vector<double>{2.0, 2.0, 2.0}, x, 0.5);
    CHECK(x == std::vector<double>{2.0, 1.0, 2.0});
}

TEST_CASE("an empty input with a non-empty output is a size mismatch too", "[errors]") {
    const std::vector<float> empty;
    std::vector<float> out(4, 42.0f);
    const std::string m = expect_invalid_argument([&] { rectify::relu(empty, out); }, {"rectify::relu:"});
    CHECK(m == "rectify::relu: sizes differ: input has 0, output has 4 elements; nothing was written");
    CHECK(out == std::vector<float>(4, 42.0f));
}

namespace {

using rt::fn;

bool same_or_both_nan(float a, float b) {
    return rt::same_bits(a, b) || (rt::is_nan(a) && rt::is_nan(b));
}

}  // namespace

// NOLINTNEXTLINE(readability-function-cognitive-complexity): every function, shift and kernel in turn
TEST_CASE("partial overlap is refused by every function, at every shift, on every kernel, before anything is written",
          "[errors][overlap]") {
    constexpr std::size_t n = 40;  // past one AVX-512 vector of float plus a tail
    const rt::each_isa paths;
    for (const rectify::isa path : paths.runnable) {
        REQUIRE(rectify::force_isa(path));
        for (const fn f : rt::every_fn) {
            const bool backward = rt::is_backward(f);
            // The output shifted by every amount from -(n - 1) to n - 1 but 0,
            // against x, and (backward passes) against grad_out.
            for (std::ptrdiff_t shift = -static_cast<std::ptrdiff_t>(n) + 1; shift < static_cast<std::ptrdiff_t>(n); ++shift) {
                if (shift == 0) {
                    continue;
                }
                for (const bool against_dy : {false, true}) {
                    if (against_dy && !backward) {
                        continue;
                    }
                    std::vector<float> buf = rt::test_values<float>(3 * n, 5);
                    std::vector<float> other = rt::test_values<float>(n, 6);
                    const std::vector<float> before = buf, other_before = other;
                    const std::span<float> shared(buf.data() + n, n);
                    const std::span<float> out(buf.data() + static_cast<std::ptrdiff_t>(n) + shift, n);
                    INFO(rectify::isa_name(path) << " function " << static_cast<int>(f) << " shift " << shift
                                                 << (against_dy ? " against grad_out" : " against x"));
                    bool threw = false;
                    try {
                        if (against_dy) {
                            rt::span_form<float>(f, other, shared, out, 0.5f, 1.0f);
                        } else {
                            rt::span_form<float>(f, shared, other, out, 0.5f, 1.0f);
                        }
                    } catch (const std::invalid_argument& e) {
                        threw = std::string(e.what()).find("overlaps") != std::string::npos;
                    }
                    CHECK(threw);
                    CHECK(std::memcmp(buf.data(), before.data(), buf.size() * sizeof(float)) == 0);
                    CHECK(std::memcmp(other.data(), other_before.data(), other.size() * sizeof(float)) == 0);
                }
            }
        }
    }
}

// NOLINTNEXTLINE(readability-function-cognitive-complexity): every alpha and kernel in turn
TEST_CASE("alpha 0, -0, 1, above 1, negative, infinite and NaN give the documented results on every kernel",
          "[errors][alpha]") {
    const float inf = std::numeric_limits<float>::infinity();
    const float nan = std::numeric_limits<float>::quiet_NaN();
    constexpr std::size_t n = 67;  // vector bodies and a tail on every kernel
    constexpr std::size_t margin = 8;
    const std::vector<float> x = rt::test_values<float>(n, 21);
    const std::vector<float> dy = rt::test_values<float>(n, 22);
    const rt::each_isa paths;
    for (const rectify::isa path : paths.runnable) {
        REQUIRE(rectify::force_isa(path));
        for (const float alpha : {0.0f, -0.0f, 1.0f, 2.5f, -0.5f, inf, -inf, nan}) {
            for (const fn f : {fn::leaky, fn::leaky_derivative, fn::leaky_backward}) {
                INFO(rectify::isa_name(path) << ", function " << static_cast<int>(f) << ", alpha " << alpha);
                // Out of place, with guards that must not move.
                std::vector<float> buf(margin + n + margin, 42.0f);
                const std::span<float> out(buf.data() + margin, n);
                rt::span_form<float>(f, x, dy, out, alpha);
                for (std::size_t i = 0; i < n; ++i) {
                    const float want = rt::scalar(f, x[i], dy[i], alpha);
                    if (!same_or_both_nan(out[i], want)) {
                        FAIL_CHECK("element " << i << ": x " << rt::show(x[i]) << " gave " << rt::show(out[i])
                                              << ", the definition " << rt::show(want));
                    }
                }
                for (std::size_t i = 0; i < margin; ++i) {
                    CHECK(rt::same_bits(buf[i], 42.0f));
                    CHECK(rt::same_bits(buf[margin + n + i], 42.0f));
                }
                // In place gives the same.
                std::vector<float> inout = x;
                rt::span_form<float>(f, inout, dy, inout, alpha);
                for (std::size_t i = 0; i < n; ++i) {
                    CHECK(same_or_both_nan(inout[i], out[i]));
                }
            }
        }
        // The documented consequences, on this kernel.
        std::vector<float> v{-3.0f, -0.0f, 0.0f, 2.0f, -inf, inf, nan};
        std::vector<float> r(v.size());
        rectify::leaky_relu(v, r, 0.0f);  // alpha 0: 0 * x, so -0 below zero and NaN at -inf
        CHECK((rt::same_bits(r[0], -0.0f) && rt::same_bits(r[1], -0.0f) && rt::same_bits(r[2], 0.0f)));
        CHECK((r[3] == 2.0f && rt::is_nan(r[4]) && r[5] == inf && rt::is_nan(r[6])));
        rectify::leaky_relu(v, r, 1.0f);  // alpha 1: the identity, bit for bit (-0 stays -0)
        for (std::size_t i = 0; i < v.size(); ++i) {
            CHECK(rt::same_bits(r[i], v[i]));
        }
        rectify::leaky_relu(v, r, 2.5f);  // above 1: alpha * x below zero, not max(x, alpha * x)
        CHECK((r[0] == -7.5f && r[4] == -inf && rt::same_bits(r[1], -0.0f)));
        rectify::leaky_relu(v, r, -0.5f);  // negative: alpha * x, positive below zero, +0 at -0
        CHECK((r[0] == 1.5f && rt::same_bits(r[1], 0.0f) && r[4] == inf && r[3] == 2.0f));
        rectify::leaky_relu(v, r, nan);  // NaN alpha: NaN where alpha is used (x <= 0), x elsewhere
        CHECK((rt::is_nan(r[0]) && rt::is_nan(r[1]) && rt::is_nan(r[2]) && r[3] == 2.0f && r[5] == inf));
        rectify::leaky_relu_derivative(v, r, nan);  // NaN below zero only: 1 at both zeros
        CHECK((rt::is_nan(r[0]) && r[1] == 1.0f && r[2] == 1.0f && r[3] == 1.0f && rt::is_nan(r[4])));
    }
}
