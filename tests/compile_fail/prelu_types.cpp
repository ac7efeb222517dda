// Compiled by ctest with RECTIFY_CASE set: each case must FAIL to compile
// with rectify's message: prelu on an integer type (slope * x would be
// truncated), and prelu's span forms on long double (no exact accumulator for
// the slope gradient). RECTIFY_CASE=0 is the control: the same calls on float
// and double, which must compile (it is part of the normal build).
#include <rectify/rectify.hpp>

#include <vector>

#if RECTIFY_CASE == 0
using I = float;
using L = double;
#else
using I = int;
using L = long double;
#endif

int main() {
    [[maybe_unused]] I x = 1;
    [[maybe_unused]] std::vector<I> v(4, I(1)), w(4), s(2, I(1)), g(2);
    [[maybe_unused]] std::vector<L> lv(4, L(1)), lw(4), ls(2, L(1)), lg(2);
#if RECTIFY_CASE == 0 || RECTIFY_CASE == 1
    x = rectify::prelu(x, I(0));
#endif
#if RECTIFY_CASE == 0 || RECTIFY_CASE == 2
    rectify::prelu(v, w, s);
#endif
#if RECTIFY_CASE == 0 || RECTIFY_CASE == 3
    rectify::prelu_backward(lv, lv, ls, lw, lg);
#endif
    return static_cast<int>(x);
}
