// The kernel macros: built with RECTIFY_NO_DISPATCH (with and without -mavx2)
// and with RECTIFY_NO_SIMD, this program checks that the kernel in use is the
// one the flags decide (EXPECTED_ISA) and that every span form still equals
// the scalar definition at every length up to 300, in place and out of place.
#include "test_util.hpp"

#include <cstdio>
#include <cstring>
#include <vector>

#define RECTIFY_TEST_STRINGIZE_(x) #x
#define RECTIFY_TEST_STRINGIZE(x) RECTIFY_TEST_STRINGIZE_(x)

namespace {
// Returns the number of failures: 0, or 1 at the first element that differs.
template <class T, class Span, class Scalar>
int check(const char* name, Span span, Scalar scalar) {
    const std::vector<T> values = rt::test_values<T>(300, 5);
    for (std::size_t n = 0; n <= values.size(); ++n) {
        const std::vector<T> x(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(n));
        std::vector<T> out(n), in_place = x;
        span(x, out);
        span(in_place, in_place);
        for (std::size_t i = 0; i < n; ++i) {
            const T want = scalar(x[i]);
            if (!rt::same_bits(out[i], want) || !rt::same_bits(in_place[i], want)) {
                std::printf("%s: length %zu element %zu: %s, scalar %s\n", name, n, i, rt::show(out[i]).c_str(),
                            rt::show(want).c_str());
                return 1;
            }
        }
    }
    return 0;
}
}  // namespace

int main() {  // NOLINT(bugprone-exception-escape): an exception ends the test, and ctest reports it failed
    int failures = 0;
    const char* active = rectify::isa_name(rectify::active_isa());
    const char* expected = RECTIFY_TEST_STRINGIZE(EXPECTED_ISA);
    std::printf("kernel in use: %s (expected %s)\n", active, expected);
    if (std::strcmp(active, expected) != 0) {
        ++failures;
    }
    using F = std::vector<float>;
    using D = std::vector<double>;
    using I8 = std::vector<std::int8_t>;
    failures += check<float>(
        "relu", [](const F& x, F& o) { rectify::relu(x, o); }, [](float v) { return rectify::relu(v); });
    failures += check<float>(
        "leaky_relu", [](const F& x, F& o) { rectify::leaky_relu(x, o, 0.2f); },
        [](float v) { return rectify::leaky_relu(v, 0.2f); });
    failures += check<float>(
        "leaky_relu_derivative", [](const F& x, F& o) { rectify::leaky_relu_derivative(x, o, 0.2f); },
        [](float v) { return rectify::leaky_relu_derivative(v, 0.2f); });
    failures += check<double>(
        "relu_derivative", [](const D& x, D& o) { rectify::relu_derivative(x, o); },
        [](double v) { return rectify::relu_derivative(v); });
    failures += check<std::int8_t>(
        "relu", [](const I8& x, I8& o) { rectify::relu(x, o); }, [](std::int8_t v) { return rectify::relu(v); });
    std::printf("%s\n", failures == 0 ? "ok" : "FAILED");
    return failures == 0 ? 0 : 1;
}
