// rectify's scalar forms in CUDA device code (compiled by nvcc; the test is
// compile-only, see tests/CMakeLists.txt). Every scalar form is called in a
// kernel, by its function object and by each way of giving alpha; the host
// half calls the span forms, which stay host code.
#include <rectify/rectify.hpp>

#include <ratio>
#include <vector>

template <class T>
__global__ void every_scalar_form(T* out, const T* x, const T* dy, int n) {
    const int i = static_cast<int>(blockIdx.x * blockDim.x + threadIdx.x);
    if (i >= n) {
        return;
    }
    const T alpha = T(0.2);
    T sum = rectify::relu(x[i]);
    sum += rectify::relu_derivative(x[i]);
    sum += rectify::relu_backward(x[i], dy[i]);
    sum += rectify::leaky_relu(x[i]);
    sum += rectify::leaky_relu(x[i], alpha);
    sum += rectify::leaky_relu_derivative(x[i], alpha);
    sum += rectify::leaky_relu_backward(x[i], dy[i], alpha);
    sum += rectify::leaky_relu<std::ratio<1, 5>>(x[i]);
    sum += rectify::leaky_relu_derivative<std::ratio<1, 5>>(x[i]);
    sum += rectify::leaky_relu_backward<std::ratio<1, 5>>(x[i], dy[i]);
#if RECTIFY_HAS_FLOATING_ALPHA
    sum += rectify::leaky_relu<0.2>(x[i]);
#endif
    out[i] = sum;
}

__global__ void integers(int* out, const int* x, int n) {
    const int i = static_cast<int>(blockIdx.x * blockDim.x + threadIdx.x);
    if (i < n) {
        out[i] = rectify::relu(x[i]) + rectify::relu_derivative(x[i]) + rectify::relu_backward(x[i], 3);
    }
}

// The function objects in device code as callables, as a user's generic
// kernel would take them.
// [readme:cuda]
template <class F>
__global__ void apply(F f, float* inout, int n) {
    const int i = static_cast<int>(blockIdx.x * blockDim.x + threadIdx.x);
    if (i < n) {
        inout[i] = f(inout[i]);  // apply<<<blocks, threads>>>(rectify::relu, data, n)
    }
}

__global__ void leaky_backward(const float* x, float* grad, float alpha, int n) {
    const int i = static_cast<int>(blockIdx.x * blockDim.x + threadIdx.x);
    if (i < n) {
        grad[i] = rectify::leaky_relu_backward(x[i], grad[i], alpha);
    }
}
// [readme:end]

static_assert(rectify::relu(-0.0f) == 0.0f && rectify::leaky_relu(-2.0, 0.5) == -1.0);

void launch(float* f, const float* fx, double* d, const double* dx, int* o, const int* ix, int n) {
    every_scalar_form<<<1, 32>>>(f, fx, fx, n);
    every_scalar_form<<<1, 32>>>(d, dx, dx, n);
    integers<<<1, 32>>>(o, ix, n);
    apply<<<1, 32>>>(rectify::relu, f, n);
    leaky_backward<<<1, 32>>>(fx, f, 0.1f, n);
}

// Host code in the same translation unit keeps the span forms.
std::vector<float> host_side(std::vector<float> v) {
    rectify::relu(v);
    rectify::leaky_relu(v, v, 0.1f);
    return v;
}
