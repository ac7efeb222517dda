// Built with -fno-exceptions: bad input prints the message to stderr and
// aborts before anything is written. expect_abort.cmake checks the message,
// the abort, and that the line after the call is never reached. Built a
// second time with <execution> first (RECTIFY_TEST_POLICY): the policy forms
// compile without exceptions too (with libstdc++ they run sequentially), a
// good call gives the sequential bits, and a bad one aborts the same way.
#if RECTIFY_TEST_POLICY
#    include <execution>
#endif
#include <rectify/rectify.hpp>

#include <cstring>

#include <cstdio>
#include <vector>

int main() {
    const std::vector<float> in{1.0f, -2.0f, 3.0f, 4.0f};
    std::vector<float> out(3, 42.0f);
#if RECTIFY_TEST_POLICY
    std::vector<float> x(100000), sequential(x.size()), parallel(x.size());
    for (std::size_t i = 0; i < x.size(); ++i) {
        x[i] = static_cast<float>(static_cast<int>(i % 201) - 100) / 10.0f;
    }
    rectify::gelu(x, sequential);
    rectify::gelu(std::execution::par, x, parallel);
    if (std::memcmp(sequential.data(), parallel.data(), x.size() * sizeof(float)) != 0) {
        std::puts("BUG: the policy form gave other bits");
        return 1;
    }
#endif
    std::puts("calling rectify::relu with 4 inputs and 3 outputs");
    static_cast<void>(std::fflush(stdout));  // before the abort, whatever happens
#if RECTIFY_TEST_POLICY
    rectify::relu(std::execution::par, in, out);
#else
    rectify::relu(in, out);
#endif
    std::puts("BUG: rectify::relu returned after bad input");
    return 0;
}
