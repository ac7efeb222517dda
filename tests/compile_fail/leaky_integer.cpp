// Compiled by ctest with RECTIFY_CASE set: each case must FAIL to compile
// with rectify's message, because leaky_relu on an integer type would
// truncate alpha * x. RECTIFY_CASE=0 is the control: the same calls on
// float, which must compile (it is part of the normal build).
#include <rectify/rectify.hpp>

#include <cstdint>
#include <ratio>
#include <vector>

#if RECTIFY_CASE == 0
using T = float;
#else
using T = int;
#endif

int main() {
    [[maybe_unused]] T x = 1;
    [[maybe_unused]] std::vector<T> v(4, T(1)), w(4);
#if RECTIFY_CASE == 0 || RECTIFY_CASE == 1
    x = rectify::leaky_relu(x);
#endif
#if RECTIFY_CASE == 0 || RECTIFY_CASE == 2
    rectify::leaky_relu(v, w);
#endif
#if RECTIFY_CASE == 0 || RECTIFY_CASE == 3
    x = rectify::leaky_relu_derivative(x, T(0));
#endif
#if RECTIFY_CASE == 0 || RECTIFY_CASE == 4
    rectify::leaky_relu_backward(v, v, w);
#endif
#if RECTIFY_CASE == 0 || RECTIFY_CASE == 5
    x = rectify::leaky_relu<std::ratio<1, 100>>(x);
#endif
#if RECTIFY_CASE == 0 || RECTIFY_CASE == 6
    std::vector<std::int8_t> q(4);
    if constexpr (std::is_same_v<T, int>) rectify::leaky_relu(q);
#endif
    return static_cast<int>(x);
}
