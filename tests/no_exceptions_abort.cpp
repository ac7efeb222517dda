// Built with -fno-exceptions: bad input prints the message to stderr and
// aborts before anything is written. expect_abort.cmake checks the message,
// the abort, and that the line after the call is never reached.
#include <rectify/rectify.hpp>

#include <cstdio>
#include <vector>

int main() {
    const std::vector<float> in{1.0f, -2.0f, 3.0f, 4.0f};
    std::vector<float> out(3, 42.0f);
    std::puts("calling rectify::relu with 4 inputs and 3 outputs");
    static_cast<void>(std::fflush(stdout));  // before the abort, whatever happens
    rectify::relu(in, out);
    std::puts("BUG: rectify::relu returned after bad input");
    return 0;
}
