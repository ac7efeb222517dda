// Compiled by ctest with RECTIFY_CASE set: each case must FAIL to compile
// with rectify's message. relu6, hardtanh, hardsigmoid, hardswish and
// threshold take float, double and _Float16 (relu alone takes integers).
// RECTIFY_CASE=0 is the control: the same calls on float and double, which
// must compile (it is part of the normal build).
#include <rectify/rectify.hpp>

#include <vector>

int main() {
#if RECTIFY_CASE == 0
    [[maybe_unused]] float x = rectify::relu6(7.0f);
    std::vector<double> v(4, 1.0), w(4);
    rectify::hardtanh(v, w, -2.0, 2.0);
    [[maybe_unused]] double d = rectify::hardswish_derivative(-1.0);
    rectify::threshold_backward(v, v, w, 0.5);
#elif RECTIFY_CASE == 1
    [[maybe_unused]] int x = rectify::relu6(7);
#elif RECTIFY_CASE == 2
    std::vector<int> v(4, 1), w(4);
    rectify::hardtanh(v, w);
#elif RECTIFY_CASE == 3
    [[maybe_unused]] long double x = rectify::hardswish(1.0L);
#elif RECTIFY_CASE == 4
    std::vector<long double> v(4, 1.0L), w(4);
    rectify::threshold_backward(v, v, w, 0.5L);
#endif
    return 0;
}
