// Built with -ffast-math: rectify's span and scalar forms as such a unit
// compiles them. fastmath_check.cpp (built without it) holds the results to
// the promise in the README.
#include "fastmath_forms.hpp"

#include <rectify/rectify.hpp>

#include <algorithm>
#include <ratio>
#include <span>

#if !defined(__FAST_MATH__)
#error "fastmath_forms.cpp must be compiled with -ffast-math"
#endif

namespace fastmath_forms {
namespace {

template <class T>
void run_any(fn f, form how, const T* x, const T* dy, T* out, std::size_t n, T a) {
    if (how == form::scalar) {
        for (std::size_t i = 0; i < n; ++i) {
            switch (f) {
                case fn::relu:
                    out[i] = rectify::relu(x[i]);
                    break;
                case fn::relu_derivative:
                    out[i] = rectify::relu_derivative(x[i]);
                    break;
                case fn::relu_backward:
                    out[i] = rectify::relu_backward(x[i], dy[i]);
                    break;
                case fn::leaky:
                    out[i] = rectify::leaky_relu(x[i], a);
                    break;
                case fn::leaky_derivative:
                    out[i] = rectify::leaky_relu_derivative(x[i], a);
                    break;
                case fn::leaky_backward:
                    out[i] = rectify::leaky_relu_backward(x[i], dy[i], a);
                    break;
            }
        }
        return;
    }
    const std::span<T> o(out, n);
    std::span<const T> in(x, n);
    const std::span<const T> d(dy, n);
    if (how == form::in_place) {
        std::copy(x, x + n, out);
        in = o;
    }
    using third = std::ratio<1, 3>;
    const bool ratio = how == form::ratio, fallback = how == form::fallback, one_arg = how == form::in_place;
    switch (f) {
        case fn::relu:
            return one_arg ? rectify::relu(o) : rectify::relu(in, o);
        case fn::relu_derivative:
            return rectify::relu_derivative(in, o);
        case fn::relu_backward:
            return rectify::relu_backward(in, d, o);
        case fn::leaky:
            if (ratio)
                return rectify::leaky_relu<third>(in, o);
            if (fallback)
                return rectify::leaky_relu(in, o);
            return one_arg ? rectify::leaky_relu(o, a) : rectify::leaky_relu(in, o, a);
        case fn::leaky_derivative:
            if (ratio)
                return rectify::leaky_relu_derivative<third>(in, o);
            return fallback ? rectify::leaky_relu_derivative(in, o)
                            : rectify::leaky_relu_derivative(in, o, a);
        case fn::leaky_backward:
            if (ratio)
                return rectify::leaky_relu_backward<third>(in, d, o);
            return fallback ? rectify::leaky_relu_backward(in, d, o)
                            : rectify::leaky_relu_backward(in, d, o, a);
    }
}

}  // namespace

void run(fn f, form how, const float* x, const float* dy, float* out, std::size_t n, float alpha) {
    run_any(f, how, x, dy, out, n, alpha);
}
void run(fn f, form how, const double* x, const double* dy, double* out, std::size_t n, double alpha) {
    run_any(f, how, x, dy, out, n, alpha);
}
void run(fn f, form how, const long double* x, const long double* dy, long double* out, std::size_t n,
         long double alpha) {
    run_any(f, how, x, dy, out, n, alpha);
}

#define RECTIFY_TEST_STRING2(name) #name
#define RECTIFY_TEST_STRING(name) RECTIFY_TEST_STRING2(name)
const char* unit_namespace() {
    return RECTIFY_TEST_STRING(RECTIFY_TU_NAMESPACE);
}

}  // namespace fastmath_forms
