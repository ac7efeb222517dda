// Compiled by ctest with RECTIFY_CASE set: each case must FAIL to compile
// with rectify's message. A compile-time parameter of elu, celu or softplus
// (elu_with<P>...) is checked in the element type, at compile time: elu's
// alpha must be finite, celu's alpha and softplus's beta finite and greater
// than 0. RECTIFY_CASE=0 is the control: good parameters in every form,
// which must compile (it is part of the normal build).
#include <rectify/rectify.hpp>

#include <limits>
#include <ratio>
#include <vector>

// A compile-time parameter may be any type with a static constexpr value.
struct infinite {
    static constexpr float value = std::numeric_limits<float>::infinity();
};
struct not_a_number {
    static constexpr double value = std::numeric_limits<double>::quiet_NaN();
};

int main() {
    std::vector<double> v(4, -1.0), w(4);
#if RECTIFY_CASE == 0
    [[maybe_unused]] float x = rectify::celu_with<std::ratio<1, 2>>(-1.0f);
    rectify::elu_with<std::ratio<-3, 2>>(v, w);  // elu's alpha may be negative
    rectify::softplus_derivative_with<std::ratio<1, 3>>(v, w);
    rectify::celu_backward_with<std::ratio<2>>(v, v, w);
#elif RECTIFY_CASE == 1
    [[maybe_unused]] float x = rectify::celu_with<std::ratio<0>>(-1.0f);
#elif RECTIFY_CASE == 2
    rectify::celu_backward_with<std::ratio<-1, 2>>(v, v, w);
#elif RECTIFY_CASE == 3
    [[maybe_unused]] double x = rectify::softplus_derivative_with<std::ratio<-2>>(1.0);
#elif RECTIFY_CASE == 4
    rectify::softplus_with<std::ratio<0, 3>>(v);
#elif RECTIFY_CASE == 5
    [[maybe_unused]] float x = rectify::elu_with<infinite>(-1.0f);
#elif RECTIFY_CASE == 6
    rectify::elu_derivative_with<not_a_number>(v, w);
#elif RECTIFY_CASE == 7
    [[maybe_unused]] int x = rectify::celu_with<std::ratio<1, 2>>(1);
#endif
    return 0;
}
