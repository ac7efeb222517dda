// A user's program: the one source file every consumer project in
// tests/consumers/ builds, whichever way it brings rectify in. It exits
// non-zero, saying what went wrong, if any result is not the expected one.
#include <rectify/rectify.hpp>

#include <cmath>
#include <cstdio>
#include <ratio>  // for std::ratio; rectify.hpp does not include it
#include <stdexcept>
#include <vector>

namespace {

int failures = 0;

template <class T>
void check(const char* what, T got, T want) {
    // Exact comparison (written without == so -Wfloat-equal stays quiet), and
    // +0 is not -0: every expected value is exactly representable.
    if (!(got <= want && got >= want) || std::signbit(got) != std::signbit(want)) {
        std::fprintf(stderr, "consumer FAILED: %s is %.17g, expected %.17g\n", what,
                     static_cast<double>(got), static_cast<double>(want));
        ++failures;
    }
}

template <class T>
void check_all(const char* what, const std::vector<T>& got, const std::vector<T>& want) {
    if (got.size() != want.size()) {
        std::fprintf(stderr, "consumer FAILED: %s has %zu elements, expected %zu\n", what,
                     got.size(), want.size());
        ++failures;
        return;
    }
    for (std::size_t i = 0; i < got.size(); ++i) {
        check(what, got[i], want[i]);
    }
}

}  // namespace

int main() {
    // Scalar forms.
    check("relu(2.5)", rectify::relu(2.5), 2.5);
    check("relu(-1.5f)", rectify::relu(-1.5f), 0.0f);
    check("relu(-0.0)", rectify::relu(-0.0), 0.0);
    check("relu(-3)", static_cast<double>(rectify::relu(-3)), 0.0);
    check("leaky_relu(-2.0f, 0.25f)", rectify::leaky_relu(-2.0f, 0.25f), -0.5f);
    check("leaky_relu(3.0)", rectify::leaky_relu(3.0), 3.0);
    check("leaky_relu(-1.0)", rectify::leaky_relu(-1.0), -0.01);
    check("leaky_relu<std::ratio<1, 4>>(-8.0f)", rectify::leaky_relu<std::ratio<1, 4>>(-8.0f), -2.0f);

    // Span forms over std::vector.
    const std::vector<float> in{-2.0f, -0.5f, 0.0f, 1.5f, 4.0f};
    std::vector<float> out(in.size());
    rectify::relu(in, out);
    check_all("relu(in, out)", out, {0.0f, 0.0f, 0.0f, 1.5f, 4.0f});
    rectify::leaky_relu(in, out, 0.25f);
    check_all("leaky_relu(in, out, 0.25f)", out, {-0.5f, -0.125f, 0.0f, 1.5f, 4.0f});
    std::vector<double> inout{-4.0, 2.0};
    rectify::relu(inout);
    check_all("relu(inout)", inout, {0.0, 2.0});

    // Bad input is reported (default handler: std::invalid_argument), not written.
    std::vector<float> short_out(2, 7.0f);
    bool threw = false;
    try {
        rectify::relu(in, short_out);
    } catch (const std::invalid_argument&) {
        threw = true;
    }
    if (!threw) {
        std::fprintf(stderr, "consumer FAILED: relu with sizes 5 and 2 did not throw\n");
        ++failures;
    }
    check_all("output after a rejected call", short_out, {7.0f, 7.0f});

    if (failures != 0) {
        std::fprintf(stderr, "consumer: %d check(s) failed\n", failures);
        return 1;
    }
    std::printf("consumer ok: rectify %d.%d.%d\n", RECTIFY_VERSION_MAJOR, RECTIFY_VERSION_MINOR,
                RECTIFY_VERSION_PATCH);
    return 0;
}
