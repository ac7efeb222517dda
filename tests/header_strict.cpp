// The header under a user's strict warnings, with every function instantiated
// for every element type it takes (warnings inside templates only appear when
// they are instantiated). Built twice, C++20 and C++23, always with -Werror;
// and twice more with <execution> included first (RECTIFY_STRICT_EXECUTION),
// which gives every span form its execution-policy twin, each instantiated
// below with a parallel and a sequential policy.
#if RECTIFY_STRICT_EXECUTION
#    include <execution>
#endif
#include <rectify/rectify.hpp>

#include <array>
#include <cstdint>
#include <ratio>
#include <span>
#include <type_traits>
#include <vector>

namespace {

template <class T>
void all_forms() {
    std::vector<T> x(8), dy(8), out(8);
    T s = T(1);
    s = rectify::relu(s);
    s = rectify::relu_derivative(s);
    s = rectify::relu_backward(s, s);
    rectify::relu(x, out);
    rectify::relu(out);
    rectify::relu_derivative(std::span<const T>(x), std::span<T>(out));
    rectify::relu_backward(x, dy, out);
    if constexpr (rectify::floating<T>) {
        s = rectify::leaky_relu(s);
        s = rectify::leaky_relu(s, s);
        s = rectify::leaky_relu_derivative(s, s);
        s = rectify::leaky_relu_backward(s, s, s);
        s = rectify::leaky_relu<std::ratio<1, 8>>(s);
        s = rectify::leaky_relu_derivative<std::ratio<1, 8>>(s);
        s = rectify::leaky_relu_backward<std::ratio<1, 8>>(s, s);
        rectify::leaky_relu(x, out, s);
        rectify::leaky_relu(out);
        rectify::leaky_relu_derivative(x, out);
        rectify::leaky_relu_backward(x, dy, out, s);
        rectify::leaky_relu<std::ratio<1, 8>>(x, out);
        rectify::leaky_relu<std::ratio<1, 8>>(out);
        rectify::leaky_relu_derivative<std::ratio<1, 8>>(x, out);
        rectify::leaky_relu_backward<std::ratio<1, 8>>(x, dy, out);
        s = rectify::prelu(s, s);
        s = rectify::prelu_derivative(s, s);
        s = rectify::prelu_backward(s, s, s);
        if constexpr (!std::is_same_v<T, long double>) {
            std::vector<T> slopes(4), grad_slopes(4);
            rectify::prelu(x, out, slopes);
            rectify::prelu(out, slopes, rectify::channels_first{2});
            rectify::prelu_derivative(x, out, slopes);
            rectify::prelu_backward(x, dy, slopes, out, grad_slopes);
            rectify::prelu_backward(x, dy, std::span<const T>(slopes).first(2), out, std::span<T>(grad_slopes).first(2),
                                    rectify::channels_first{4});
        }
#if RECTIFY_HAS_FLOATING_ALPHA
        s = rectify::leaky_relu<0.125>(s);
        s = rectify::leaky_relu<0.125f>(s);
        s = rectify::leaky_relu_derivative<0.125>(s);
        s = rectify::leaky_relu_backward<0.125>(s, s);
        rectify::leaky_relu<0.125>(x, out);
        rectify::leaky_relu<0.125>(out);
        rectify::leaky_relu_derivative<0.125>(x, out);
        rectify::leaky_relu_backward<0.125>(x, dy, out);
#endif
    }
    out[0] = s;
}

// rectify's 16-bit types from every source they take, and back to float.
template <class H>
void half_conversions() {
    float sum = H(1.0f) + H(1.0);  // arithmetic in H, then the exact widening to float
    sum += H(std::int8_t{1}) + H(std::uint8_t{1}) + H(std::int16_t{1}) + H(std::uint16_t{1});
    sum += H(std::int32_t{1}) + H(std::uint32_t{1}) + H(std::int64_t{1}) + H(std::uint64_t{1}) + H('a');
    sum += H(rectify::float16_t(1.0f)) + H(rectify::bfloat16_t(1.0f));
    sum += H(1.0L);
#if RECTIFY_HAS_FLOAT16
    sum += H(static_cast<_Float16>(1.0f));
#endif
#if RECTIFY_HAS_BFLOAT16
    sum += H(static_cast<std::bfloat16_t>(1.0f));
#endif
    H h = H::from_bits(std::uint16_t{0x3c00});
    h = -h;
    h *= H(2.0f);
    const bool ordered = h < H(sum) && h.to_bits() != 0;
    static_cast<void>(ordered);
}

#if RECTIFY_EXECUTION
// Every span form with a policy first.
template <class T, class P>
void policy_forms(const P& p) {
    std::vector<T> x(8), dy(8), out(8), slopes(2), grad_slopes(2);
    rectify::relu(p, x, out);
    rectify::relu(p, out);
    rectify::relu_derivative(p, x, out);
    rectify::relu_backward(p, x, dy, out);
    rectify::leaky_relu(p, x, out, T(0.5f));
    rectify::leaky_relu(p, out);
    rectify::leaky_relu_derivative(p, x, out);
    rectify::leaky_relu_backward(p, x, dy, out, T(0.5f));
    rectify::leaky_relu<std::ratio<1, 8>>(p, x, out);
    rectify::leaky_relu<std::ratio<1, 8>>(p, out);
    rectify::leaky_relu_derivative<std::ratio<1, 8>>(p, x, out);
    rectify::leaky_relu_backward<std::ratio<1, 8>>(p, x, dy, out);
    rectify::relu6(p, x, out);
    rectify::hardtanh(p, out, -2, 2);
    rectify::hardsigmoid_derivative(p, x, out);
    rectify::hardswish_backward(p, x, dy, out);
    rectify::threshold(p, x, out, 0.5, 0.0);
    rectify::prelu(p, x, out, slopes);
    rectify::prelu(p, out, slopes, rectify::channels_first{2});
    rectify::prelu_derivative(p, x, out, slopes);
    rectify::prelu_backward(p, x, dy, slopes, out, grad_slopes);
    rectify::gelu(p, x, out);
    rectify::silu(p, out);
    rectify::tanh_derivative(p, x, out);
    rectify::mish_backward(p, x, dy, out);
    rectify::elu(p, x, out, T(0.5f));
    rectify::celu(p, out, T(0.5f));
    rectify::softplus_derivative(p, x, out, T(2.0f));
    rectify::softplus_backward(p, x, dy, out, T(2.0f));
    rectify::elu_with<std::ratio<1, 2>>(p, x, out);
    rectify::celu_with<std::ratio<1, 2>>(p, out);
    rectify::softplus_derivative_with<std::ratio<1, 2>>(p, x, out);
    rectify::softplus_backward_with<std::ratio<1, 2>>(p, x, dy, out);
#    if RECTIFY_HAS_FLOATING_ALPHA
    rectify::leaky_relu<0.125>(p, x, out);
    rectify::leaky_relu<0.125>(p, out);
    rectify::leaky_relu_derivative<0.125>(p, x, out);
    rectify::leaky_relu_backward<0.125>(p, x, dy, out);
    rectify::elu_with<0.5f>(p, x, out);
    rectify::celu_with<0.5f>(p, out);
    rectify::softplus_derivative_with<0.5f>(p, x, out);
    rectify::softplus_backward_with<0.5f>(p, x, dy, out);
#    endif
}
#endif

}  // namespace

void rectify_header_strict_check();
void rectify_header_strict_check() {
    all_forms<float>();
    all_forms<double>();
    all_forms<long double>();
    all_forms<rectify::float16_t>();
    all_forms<rectify::bfloat16_t>();
    half_conversions<rectify::float16_t>();
    half_conversions<rectify::bfloat16_t>();
#if RECTIFY_HAS_FLOAT16
    all_forms<_Float16>();
#endif
#if RECTIFY_HAS_BFLOAT16
    all_forms<std::bfloat16_t>();
#endif
    all_forms<std::int8_t>();
    all_forms<std::int16_t>();
    all_forms<std::int32_t>();
    all_forms<std::int64_t>();
    all_forms<std::uint8_t>();
    all_forms<std::uint16_t>();
    all_forms<std::uint32_t>();
    all_forms<std::uint64_t>();
#if RECTIFY_EXECUTION
    policy_forms<float>(std::execution::par_unseq);
    policy_forms<double>(std::execution::par);
    policy_forms<float>(std::execution::seq);
#endif
}
