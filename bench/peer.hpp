// The interface between rectify_bench's harness (relu_bench.cpp) and the
// kernels it times: rectify's own, the plain loops, memcpy, and each peer
// library in bench/peers/.
//
// Each peer is built as a shared library of its own, with hidden symbols and
// its own compiler flags (Eigen is built a second time with -march=native),
// and exports one function that lists its kernels. This header therefore
// holds declarations only: no function bodies that a TU built with other
// flags could hand to the linker in place of the harness's own (the ODR trap
// of mixing -m flags), but for templates meant for the including file's own
// types. It includes no rectify header: a peer must not
// instantiate rectify's templates with its flags.
//
// C++17, so a peer whose headers want an older standard can still use it.
//
// SPDX-License-Identifier: MIT

#ifndef RECTIFY_BENCH_PEER_HPP
#define RECTIFY_BENCH_PEER_HPP

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

// The peer's listing function is the one symbol a peer library exports.
#define RECTIFY_BENCH_EXPORT __attribute__((visibility("default")))

namespace rectify_bench {

// What is computed; the names are rectify's (and the benchmark names').
// After the relu family come the smooth functions, three forms each in the
// order of SmoothForm: f (the value), f_derivative, f_backward.
enum class Function {
    memcpy,  // the limit: the same bytes copied, no arithmetic
    relu,
    leaky_relu,
    relu_derivative,
    leaky_relu_derivative,
    relu_backward,
    leaky_relu_backward,
    // relu6 ... threshold: value, derivative, backward each (is_family)
    relu6,
    relu6_derivative,
    relu6_backward,
    hardtanh,
    hardtanh_derivative,
    hardtanh_backward,
    hardsigmoid,
    hardsigmoid_derivative,
    hardsigmoid_backward,
    hardswish,
    hardswish_derivative,
    hardswish_backward,
    threshold,
    threshold_derivative,
    threshold_backward,
    gelu,
    gelu_derivative,
    gelu_backward,
    gelu_tanh,
    gelu_tanh_derivative,
    gelu_tanh_backward,
    silu,
    silu_derivative,
    silu_backward,
    sigmoid,
    sigmoid_derivative,
    sigmoid_backward,
    tanh,
    tanh_derivative,
    tanh_backward,
    elu,
    elu_derivative,
    elu_backward,
    selu,
    selu_derivative,
    selu_backward,
    celu,
    celu_derivative,
    celu_backward,
    softplus,
    softplus_derivative,
    softplus_backward,
    mish,
    mish_derivative,
    mish_backward,
};

// ---- the smooth functions ------------------------------------------------------
//
// Each runs with its default parameter (PyTorch's): elu and celu alpha = 1,
// softplus beta = 1; selu's constants are below. rectify's definitions
// (include/rectify/rectify.hpp, "The smooth rectifiers") are the reference:
//   gelu(x)      = x Phi(x) = x/2 (1 + erf(x / sqrt 2))
//   gelu_tanh(x) = x/2 (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))
//   silu(x)      = x sigmoid(x),   sigmoid(x) = 1 / (1 + exp(-x))
//   elu(x)       = x > 0 ? x : alpha (exp(x) - 1)
//   selu(x)      = lambda (x > 0 ? x : alpha (exp(x) - 1))
//   celu(x)      = x > 0 ? x : alpha (exp(x / alpha) - 1)
//   softplus(x)  = log(1 + exp(beta x)) / beta
//   mish(x)      = x tanh(softplus(x))
// f_derivative(x) is f'(x); f_backward(x, dy) = dy f'(x).
enum class Smooth { gelu, gelu_tanh, silu, sigmoid, tanh, elu, selu, celu, softplus, mish };
enum class SmoothForm { value, derivative, backward };
inline constexpr Smooth smooth_functions[] = {Smooth::gelu,    Smooth::gelu_tanh, Smooth::silu, Smooth::sigmoid,
                                              Smooth::tanh,    Smooth::elu,       Smooth::selu, Smooth::celu,
                                              Smooth::softplus, Smooth::mish};
inline constexpr int smooth_count = 10;

inline constexpr double selu_lambda = 1.0507009873554804934193349852946;
inline constexpr double selu_alpha = 1.6732632423543772848170429916717;
inline constexpr double smooth_alpha = 1.0;  // elu, celu
inline constexpr double smooth_beta = 1.0;   // softplus

constexpr bool is_smooth(Function f) {
    return static_cast<int>(f) >= static_cast<int>(Function::gelu);
}
// relu6, hardtanh, hardsigmoid, hardswish, threshold and their derivatives and
// backward passes: hardtanh with its defaults (-1, 1), threshold with the
// parameters below. Their data are the smooth functions' (x in [-8, 8)).
constexpr bool is_family(Function f) {
    return static_cast<int>(f) >= static_cast<int>(Function::relu6) &&
           static_cast<int>(f) <= static_cast<int>(Function::threshold_backward);
}
inline constexpr double family_threshold = 0.5;
inline constexpr double family_value = -2.0;
// The Function of form `form` of smooth function `s`.
constexpr Function smooth_function(Smooth s, SmoothForm form) {
    return static_cast<Function>(static_cast<int>(Function::gelu) + 3 * static_cast<int>(s) +
                                 static_cast<int>(form));
}
// For a smooth f: which function, and which form.
constexpr Smooth smooth_of(Function f) {
    return static_cast<Smooth>((static_cast<int>(f) - static_cast<int>(Function::gelu)) / 3);
}
constexpr SmoothForm form_of(Function f) {
    return static_cast<SmoothForm>((static_cast<int>(f) - static_cast<int>(Function::gelu)) % 3);
}

enum class Type { f32, f64, i8, bf16, f16 };

// The 16-bit floating types as a peer sees them: two bytes of bits, the
// layout of rectify::bfloat16_t and rectify::float16_t (whose header a peer
// does not include). bf16 is bfloat16 (a float's upper half), f16 is IEEE
// binary16; the harness lists rectify's own kernels on rectify's types,
// which it maps to the same Type (relu_bench.cpp).
struct bf16 {
    std::uint16_t bits;
};
struct f16 {
    std::uint16_t bits;
};

enum class Place {
    out,      // results to a separate output
    inplace,  // the output is an input: x for a unary function, grad_out for a backward pass
};

// The alpha of every leaky function. A leaky kernel in place is run with
// alpha and alpha_inverse in turn, so that repeated runs leave the data's
// magnitudes as they were instead of driving them into subnormals; kernels
// that fix alpha when they are created make one of each.
inline constexpr double alpha = 0.01;
inline constexpr double alpha_inverse = 100.0;

// The alpha a (alpha or alpha_inverse) as type t holds it, rounded to
// nearest: every kernel on the 16-bit types multiplies by this number (the
// alpha a user holds as a 16-bit parameter), so that a correctly rounded
// alpha * x is the same bits everywhere. The harness checks these against
// rectify's conversions.
constexpr double typed_alpha(Type t, double a) {
    if (a == alpha && t == Type::bf16) {
        return 0.010009765625;  // 41 / 4096
    }
    if (a == alpha && t == Type::f16) {
        return 0.0100021362304687500;  // 1311 / 131072
    }
    return a;  // float (0.01f is converted by each kernel as before), double, and 100 exactly
}

// The arrays a kernel works on, n elements of its type each, 64-byte aligned.
// A unary function reads x and writes out; a backward pass reads x and dy
// (grad_out) and writes out (grad_in). In place, out is x (unary) or dy
// (backward). dy is null for unary functions.
struct Buffers {
    const void* x;
    const void* dy;
    void* out;
    std::size_t n;
};

// One implementation, prepared for one set of buffers. Constructing it may
// do any one-time work a user would do once (create a primitive or an
// operator, wrap the buffers in tensors); run() is what is timed.
class Kernel {
  public:
    virtual ~Kernel() = default;
    // One pass over the buffers. alpha is used by the leaky functions only
    // (the smooth functions run with their defaults, above).
    virtual void run(double alpha) = 0;
    // Shown beside the result, e.g. the implementation a library picked.
    std::string label;
};

using MakeKernel = std::unique_ptr<Kernel> (*)(const Buffers&);

// One row of the benchmark: `impl` computing `function` on `type`, `place`.
// make may throw (a std::exception) when the library refuses; that row is
// then reported as an error, and the others run.
struct Impl {
    Function function;
    Type type;
    Place place;
    std::string impl;
    MakeKernel make;
};

// The harness adds rectify::bfloat16_t and rectify::float16_t (bf16, f16).
template <class T>
inline constexpr Type type_of = std::is_same_v<T, float>    ? Type::f32
                                : std::is_same_v<T, double> ? Type::f64
                                : std::is_same_v<T, bf16>   ? Type::bf16
                                : std::is_same_v<T, f16>    ? Type::f16
                                                            : Type::i8;

constexpr bool is_half(Type t) {
    return t == Type::bf16 || t == Type::f16;
}

// Which functions are benchmarked on which types: all of them on f32, bf16
// and f16; relu, leaky_relu, relu_backward and the smooth functions' values
// on f64; relu on i8 (and memcpy on all).
template <Function F, class T>
inline constexpr bool benchmarked = std::is_same_v<T, float> || is_half(type_of<T>) ||
                                    (std::is_same_v<T, double> &&
                                     (F == Function::relu || F == Function::leaky_relu ||
                                      F == Function::relu_backward ||
                                      (is_smooth(F) && form_of(F) == SmoothForm::value))) ||
                                    F == Function::relu || F == Function::memcpy;

// The two templates below are meant for kernel types of the including file's
// own, in an unnamed namespace: their instantiations then have internal
// linkage too, and stay in that file whatever its flags.

// Makes a K, a Kernel constructible from Buffers.
template <class K>
std::unique_ptr<Kernel> make(const Buffers& b) {
    return std::make_unique<K>(b);
}

// Lists `impl` computing f on T: out of place with kernel Out, in place with In.
template <class T, class Out, class In = Out>
void add_both(std::vector<Impl>& impls, Function f, const std::string& impl) {
    impls.push_back({f, type_of<T>, Place::out, impl, &make<Out>});
    impls.push_back({f, type_of<T>, Place::inplace, impl, &make<In>});
}

// Lists `impl` computing f on T out of place (with kernel K) only: how the
// smooth functions are benchmarked. In place, a kernel would run over its own
// output again and again (sigmoid's data converging to its fixed point),
// which measures other data than the first pass's.
template <class T, class K>
void add_out(std::vector<Impl>& impls, Function f, const std::string& impl) {
    impls.push_back({f, type_of<T>, Place::out, impl, &make<K>});
}

// Whether kernel K can be made and run here: one pass over a few zeros (x,
// and dy, which a unary function ignores), any exception a no. For the peers'
// 16-bit kernels, which a library may lack on this CPU (oneDNN's binary16
// without AVX-512 FP16) or for this function (libtorch's kHalf): they are
// then not listed, instead of failing the run.
template <class K>
bool runs_here() {
    constexpr std::size_t n = 64;
    std::vector<std::uint64_t> x(n + 8), dy(n + 8), out(n + 8);  // 8 bytes an element and more: any type
    try {
        K kernel(Buffers{x.data(), dy.data(), out.data(), n});
        kernel.run(alpha);
        return true;
    } catch (...) {  // NOLINT(bugprone-empty-catch): the answer is no, whatever the library threw
        return false;
    }
}

}  // namespace rectify_bench

#endif  // RECTIFY_BENCH_PEER_HPP
