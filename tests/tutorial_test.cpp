// The two tutorials rectify grew from (shared/seeds/): their inputs, their
// printed lines compared as strings, and the derivatives they write down.
#include "catch.hpp"

#include <rectify/rectify.hpp>

#include <array>
#include <cstdio>
#include <string>
#include <vector>

namespace {

// Python's '%.1f' % x, which C's printf shares.
std::string line(const char* what, double x, double y) {
    std::array<char, 128> buf{};
    static_cast<void>(std::snprintf(buf.data(), buf.size(), "Applying %s on (%.1f) gives %.1f", what, x, y));
    return buf.data();
}

constexpr std::array<double, 5> inputs{1.0, -10.0, 0.0, 15.0, -20.0};

}  // namespace

TEST_CASE("first tutorial: relu on its five inputs", "[tutorial]") {
    const std::vector<double> want{1.0, 0.0, 0.0, 15.0, 0.0};
    const std::vector<std::string> printed{
        "Applying Relu on (1.0) gives 1.0",   "Applying Relu on (-10.0) gives 0.0",
        "Applying Relu on (0.0) gives 0.0",   "Applying Relu on (15.0) gives 15.0",
        "Applying Relu on (-20.0) gives 0.0",
    };
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        CHECK(rectify::relu(inputs[i]) == want[i]);
        CHECK(line("Relu", inputs[i], rectify::relu(inputs[i])) == printed[i]);
    }
    std::vector<double> out(inputs.size());
    rectify::relu(inputs, out);
    CHECK(out == want);
}

TEST_CASE("first tutorial: leaky relu (alpha 0.01) on its five inputs", "[tutorial]") {
    const std::vector<double> want{1.0, -0.1, 0.0, 15.0, -0.2};
    const std::vector<std::string> printed{
        "Applying Leaky Relu on (1.0) gives 1.0",   "Applying Leaky Relu on (-10.0) gives -0.1",
        "Applying Leaky Relu on (0.0) gives 0.0",   "Applying Leaky Relu on (15.0) gives 15.0",
        "Applying Leaky Relu on (-20.0) gives -0.2",
    };
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        // Exactly Python's 0.01 * x for doubles.
        CHECK(rectify::leaky_relu(inputs[i]) == (inputs[i] > 0 ? inputs[i] : 0.01 * inputs[i]));
        CHECK(rectify::leaky_relu(inputs[i]) == Approx(want[i]));
        CHECK(line("Leaky Relu", inputs[i], rectify::leaky_relu(inputs[i])) == printed[i]);
    }
    std::vector<double> out(inputs.size());
    rectify::leaky_relu(inputs, out);
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        CHECK(out[i] == rectify::leaky_relu(inputs[i]));
    }
}

TEST_CASE("first tutorial: the derivatives it writes down", "[tutorial]") {
    // f'(x) = 1 for x >= 0, 0 for x < 0; leaky: 1 for x >= 0, 0.01 for x < 0.
    for (const double x : {-20.0, -10.0, -1e-9}) {
        CHECK(rectify::relu_derivative(x) == 0.0);
        CHECK(rectify::leaky_relu_derivative(x) == 0.01);
    }
    for (const double x : {0.0, 1e-9, 1.0, 15.0}) {
        CHECK(rectify::relu_derivative(x) == 1.0);
        CHECK(rectify::leaky_relu_derivative(x) == 1.0);
    }
}

TEST_CASE("second tutorial: ReLu(1.0), ReLu(-1.0) and leaky with 0.001 on -1.0", "[tutorial]") {
    CHECK(rectify::relu(1.0) == 1.0);
    CHECK(rectify::relu(-1.0) == 0.0);
    CHECK(rectify::leaky_relu(-1.0, 0.001) == 0.001 * -1.0);
    CHECK(rectify::leaky_relu(-1.0, 0.001) == -0.001);
    CHECK(rectify::leaky_relu_derivative(-1.0, 0.001) == 0.001);  // the non-zero gradient it argues for
}
