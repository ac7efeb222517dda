// Bad input gets a clear error and loses nothing: differing sizes and partial
// overlap throw std::invalid_argument naming the function and the sizes,
// before a single element is written.
#include "catch.hpp"
#include "test_util.hpp"

#include <functional>
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

TEST_CASE("partial overlap throws and writes nothing; the very same range is in-place use", "[errors][overlap]") {
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
