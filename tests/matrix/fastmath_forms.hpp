// The calls fastmath_check.cpp makes into fastmath_forms.cpp, the translation
// unit built with -ffast-math (whose rectify functions therefore live in
// their own inline namespace, build_..._fastmath).
#pragma once

#include <cstddef>

namespace fastmath_forms {

enum class fn { relu, relu_derivative, relu_backward, leaky, leaky_derivative, leaky_backward };
// How the function is called: the span form out of place, in place (over x;
// the one-argument form where there is one), the scalar form element by
// element; and for the leaky functions the span form with alpha given as
// std::ratio<1, 3> or left to the default (`alpha` is then unused).
enum class form { span, in_place, scalar, ratio, fallback };

// out[i] = f(x[i], dy[i]) with alpha, called as `how` says, in the -ffast-math unit.
void run(fn f, form how, const float* x, const float* dy, float* out, std::size_t n, float alpha);
void run(fn f, form how, const double* x, const double* dy, double* out, std::size_t n, double alpha);
void run(fn f, form how, const long double* x, const long double* dy, long double* out, std::size_t n,
         long double alpha);

// The inline namespace rectify chose for the -ffast-math unit.
const char* unit_namespace();

}  // namespace fastmath_forms
