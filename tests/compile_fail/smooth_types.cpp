// Compiled by ctest with RECTIFY_CASE set: each case must FAIL to compile
// with rectify's message. The smooth functions take float, double and
// _Float16: an integer element type has no meaningful result, and long double
// has no correctly rounded evaluation in rectify (yet). RECTIFY_CASE=0 is the
// control: the same calls on float and double, which must compile (it is
// part of the normal build).
#include <rectify/rectify.hpp>

#include <vector>

int main() {
#if RECTIFY_CASE == 0
    [[maybe_unused]] float x = rectify::gelu(1.0f);
    std::vector<double> v(4, 1.0), w(4);
    rectify::silu(v, w);
    [[maybe_unused]] double d = rectify::elu_derivative(-1.0, 0.5);
    rectify::softplus_backward(v, v, w, 2.0);
#elif RECTIFY_CASE == 1
    [[maybe_unused]] int x = rectify::gelu(1);
#elif RECTIFY_CASE == 2
    std::vector<int> v(4, 1), w(4);
    rectify::silu(v, w);
#elif RECTIFY_CASE == 3
    [[maybe_unused]] long double x = rectify::sigmoid(1.0L);
#elif RECTIFY_CASE == 4
    std::vector<long double> v(4, 1.0L), w(4);
    rectify::tanh_backward(v, v, w);
#endif
    return 0;
}
