// A user-defined RECTIFY_ERROR_HANDLER that returns: the span form returns
// without writing anything. (Its own executable: the handler must be defined
// the same way in every translation unit of a program.)
#include <cstdio>
#include <string>
#include <vector>

namespace {
// What the handler below records: it is a macro, so it can only reach globals.
// NOLINTBEGIN(cppcoreguidelines-avoid-non-const-global-variables)
std::string last_error;
int error_count = 0;
// NOLINTEND(cppcoreguidelines-avoid-non-const-global-variables)
}  // namespace

#define RECTIFY_ERROR_HANDLER(message) (last_error = (message), ++error_count)
#include <rectify/rectify.hpp>

namespace {
// Returns 0 if ok, 1 (a failure) otherwise.
int expect(bool ok, const char* what) {
    if (!ok) {
        std::printf("FAILED: %s (last error: '%s')\n", what, last_error.c_str());
        return 1;
    }
    return 0;
}
}  // namespace

int main() {
    int failures = 0;
    const std::vector<float> in{-1.0f, 2.0f, -3.0f};
    std::vector<float> out(2, 42.0f);
    rectify::relu(in, out);
    failures += expect(error_count == 1, "the handler was called once");
    failures += expect(
        last_error == "rectify::relu: sizes differ: input has 3, output has 2 elements; nothing was written",
        "the handler got the message");
    failures += expect(out == std::vector<float>(2, 42.0f), "the output is untouched");

    std::vector<float> buf{-1.0f, -2.0f, -3.0f, -4.0f};
    rectify::leaky_relu(std::span(buf).first(3), std::span(buf).last(3), 0.5f);
    failures += expect(error_count == 2, "overlap reached the handler");
    failures += expect(last_error.find("overlaps") != std::string::npos, "the overlap message");
    failures +=
        expect(buf == std::vector<float>{-1.0f, -2.0f, -3.0f, -4.0f}, "the overlapping buffer is untouched");

    std::vector<float> good(3);
    rectify::relu(in, good);
    failures +=
        expect(error_count == 2 && good == std::vector<float>{0.0f, 2.0f, 0.0f}, "good input still works");
    std::puts(failures == 0 ? "custom error handler: all checks passed" : "custom error handler: FAILED");
    return failures == 0 ? 0 : 1;
}
