// The two tutorials rectify grew from, in C++: prints exactly the first
// tutorial's ten output lines (relu, then leaky relu with 0.01) and the
// second tutorial's results (relu on 1.0 and -1.0, leaky with 0.001 on -1.0).
#include <rectify/rectify.hpp>

#include <cstdio>

int main() {
    const double inputs[] = {1.0, -10.0, 0.0, 15.0, -20.0};

    // First tutorial: relu(x) = max(0.0, x).
    for (const double x : inputs) {
        std::printf("Applying Relu on (%.1f) gives %.1f\n", x, rectify::relu(x));
    }
    // First tutorial: leaky relu, x if x > 0 else 0.01 * x.
    for (const double x : inputs) {
        std::printf("Applying Leaky Relu on (%.1f) gives %.1f\n", x, rectify::leaky_relu(x));
    }

    // Second tutorial: ReLu(val) with val = 1.0 and val1 = -1.0, then its
    // leaky ReLu with 0.001 on a = -1.0.
    const double val = 1.0, val1 = -1.0, a = -1.0;
    std::printf("ReLu(%.1f) gives %.1f\n", val, rectify::relu(val));
    std::printf("ReLu(%.1f) gives %.1f\n", val1, rectify::relu(val1));
    std::printf("Leaky ReLu with 0.001 on (%.1f) gives %.3f\n", a, rectify::leaky_relu(a, 0.001));
    return 0;
}
