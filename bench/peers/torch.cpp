// Peer: libtorch (Debian's libtorch-dev 1.13), as a user of its C++ API
// would call it: tensors that wrap the caller's arrays (from_blob, made once,
// so no pass allocates its output), the out= and in-place ATen functions, one
// thread, and c10::InferenceMode, its fastest setting for code that needs no
// autograd.
//   relu                 at::relu_out(out, x), in place at::relu_(x)
//   leaky_relu           at::leaky_relu_out(out, x, alpha), in place at::leaky_relu_(x, alpha)
//   relu_backward        at::threshold_backward_out(grad_in, grad_out, x, 0)
//   leaky_relu_backward  at::leaky_relu_backward_out(grad_in, grad_out, x, alpha, false)
// and "torch_clamp_min": at::clamp_min_out(out, x, 0), relu out of place by
// the structured kernel that relu_ runs in place (at::relu_out is a
// composite that computes into a new tensor and copies it to `out`).
// libtorch has no derivative functions as such.
//
// The smooth functions (f32 and, for the values, f64), out of place, with
// PyTorch's defaults:
//   gelu, gelu_tanh   at::gelu_out(out, x, "none" / "tanh"),
//                     at::gelu_backward_out(grad_in, grad_out, x, "none" / "tanh")
//   silu              at::silu_out, at::silu_backward_out(grad_in, grad_out, x)
//   sigmoid, tanh     at::sigmoid_out / at::tanh_out; their backward passes
//                     take the forward's output y, as autograd keeps it:
//                     at::sigmoid_backward_out(grad_in, grad_out, y), made
//                     once when the kernel is set up, not timed
//   elu, selu, celu   at::elu_out(out, x, alpha, scale, input_scale): elu
//                     (1, 1, 1), selu (its alpha, its lambda, 1), celu with
//                     alpha 1 (1, 1, 1/alpha); at::elu_backward_out(grad_in,
//                     grad_out, alpha, scale, input_scale, false, x)
//   softplus          at::softplus_out(out, x, 1, 20), at::softplus_backward_out(grad_in, grad_out, x, 1, 20)
//                     (PyTorch's threshold: x for beta x > 20)
//   mish              at::mish_out; at::mish_backward has no out= form in
//                     1.13, so its result is copied into grad_in (one
//                     allocation and one copy a pass, as a user of it pays)
//
// bf16 and f16 (kBFloat16, kHalf): all of the above, and relu6, hardtanh,
// hardsigmoid, hardswish and threshold with their backward passes:
//   relu6, hardtanh   at::hardtanh_out(out, x, 0, 6 / -1, 1), in place at::hardtanh_,
//                     at::hardtanh_backward_out(grad_in, grad_out, x, 0, 6 / -1, 1)
//   hardsigmoid, hardswish  at::hardsigmoid_out / at::hardswish_out, and
//                     at::hardsigmoid_backward_out / at::hardswish_backward_out(grad_in, grad_out, x)
//   threshold         at::threshold_out(out, x, 0.5, -2), in place at::threshold_,
//                     at::threshold_backward_out(grad_in, grad_out, x, 0.5)
// each listed only if libtorch runs it on that type (runs_here: 1.13 lacks
// some kHalf kernels on the CPU). The leaky functions' alpha is the one the
// type holds (peer.hpp's typed_alpha). libtorch computes these in float and
// rounds each result once, but for sigmoid' and tanh', which start from the
// rounded forward output.
//
// Where PyTorch differs from rectify (not exercised: the data hold no NaN, no
// zeros): threshold_backward gives 0 at x == 0 and dy for a NaN x (rectify:
// dy, and NaN); leaky_relu_backward gives alpha * dy at x == 0 and for a NaN x
// (rectify: dy, and NaN); relu(-0) may be -0 (rectify: +0).
//
// SPDX-License-Identifier: MIT

#include "peer.hpp"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <c10/core/InferenceMode.h>
#include <torch/version.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace {

using rectify_bench::Buffers;
using rectify_bench::Function;

enum class Variant { api, clamp_min };

template <class T>
at::Tensor wrap(const void* p, std::size_t n) {
    const at::ScalarType type = std::is_same_v<T, float>                  ? at::kFloat
                                : std::is_same_v<T, double>               ? at::kDouble
                                : std::is_same_v<T, rectify_bench::bf16> ? at::kBFloat16
                                : std::is_same_v<T, rectify_bench::f16>  ? at::kHalf
                                                                          : at::kChar;
    return at::from_blob(const_cast<void*>(p), {static_cast<std::int64_t>(n)},
                         at::TensorOptions().dtype(type));
}

template <class T, Function F, rectify_bench::Place P, Variant V = Variant::api>
class TorchKernel final : public rectify_bench::Kernel {
  public:
    explicit TorchKernel(const Buffers& b) {
        c10::InferenceMode guard;
        x_ = wrap<T>(b.x, b.n);
        dy_ = b.dy != nullptr ? wrap<T>(b.dy, b.n) : at::Tensor();
        out_ = wrap<T>(b.out, b.n);
        label = "libtorch " TORCH_VERSION;
    }

    void run(double nominal_alpha) override {
        c10::InferenceMode guard;
        constexpr bool in_place = P == rectify_bench::Place::inplace;
        const double alpha = rectify_bench::typed_alpha(rectify_bench::type_of<T>, nominal_alpha);
        if constexpr (F == Function::relu && V == Variant::clamp_min) {
            at::clamp_min_out(out_, x_, 0);
        } else if constexpr (F == Function::relu) {
            in_place ? at::relu_(out_) : at::relu_out(out_, x_);
        } else if constexpr (F == Function::leaky_relu) {
            in_place ? at::leaky_relu_(out_, alpha) : at::leaky_relu_out(out_, x_, alpha);
        } else if constexpr (F == Function::relu_backward) {
            at::threshold_backward_out(out_, dy_, x_, 0);
        } else {
            static_assert(F == Function::leaky_relu_backward);
            at::leaky_relu_backward_out(out_, dy_, x_, alpha, false);
        }
    }

  private:
    at::Tensor x_;
    at::Tensor dy_;
    at::Tensor out_;  // in place: x_ (unary) or dy_ (backward), the same memory
};

template <class T, Function F>
void add(std::vector<rectify_bench::Impl>& impls) {
    if constexpr (rectify_bench::benchmarked<F, T>) {
        using rectify_bench::Place;
        rectify_bench::add_both<T, TorchKernel<T, F, Place::out>, TorchKernel<T, F, Place::inplace>>(
            impls, F, RECTIFY_BENCH_PEER_NAME);
    }
}

template <class T>
void add_all(std::vector<rectify_bench::Impl>& impls) {
    using rectify_bench::Place;
    add<T, Function::relu>(impls);
    impls.push_back({Function::relu, rectify_bench::type_of<T>, Place::out,
                     RECTIFY_BENCH_PEER_NAME "_clamp_min",
                     &rectify_bench::make<TorchKernel<T, Function::relu, Place::out, Variant::clamp_min>>});
    add<T, Function::leaky_relu>(impls);
    add<T, Function::relu_backward>(impls);
    add<T, Function::leaky_relu_backward>(impls);
}

// A smooth function's value or backward pass, out of place (see the top).
template <class T, Function F>
class TorchSmoothKernel final : public rectify_bench::Kernel {
  public:
    static constexpr rectify_bench::Smooth smooth = rectify_bench::smooth_of(F);
    static constexpr bool backward = rectify_bench::form_of(F) == rectify_bench::SmoothForm::backward;

    explicit TorchSmoothKernel(const Buffers& b) {
        c10::InferenceMode guard;
        x_ = wrap<T>(b.x, b.n);
        dy_ = b.dy != nullptr ? wrap<T>(b.dy, b.n) : at::Tensor();
        out_ = wrap<T>(b.out, b.n);
        using rectify_bench::Smooth;
        if constexpr (backward && smooth == Smooth::sigmoid) {
            y_ = at::sigmoid(x_);
        } else if constexpr (backward && smooth == Smooth::tanh) {
            y_ = at::tanh(x_);
        }
        label = "libtorch " TORCH_VERSION;
    }

    void run(double) override {
        c10::InferenceMode guard;
        using rectify_bench::Smooth;
        const double one = 1.0;
        const double alpha = rectify_bench::smooth_alpha;
        const double beta = rectify_bench::smooth_beta;
        if constexpr (!backward) {
            if constexpr (smooth == Smooth::gelu) {
                at::gelu_out(out_, x_, "none");
            } else if constexpr (smooth == Smooth::gelu_tanh) {
                at::gelu_out(out_, x_, "tanh");
            } else if constexpr (smooth == Smooth::silu) {
                at::silu_out(out_, x_);
            } else if constexpr (smooth == Smooth::sigmoid) {
                at::sigmoid_out(out_, x_);
            } else if constexpr (smooth == Smooth::tanh) {
                at::tanh_out(out_, x_);
            } else if constexpr (smooth == Smooth::elu) {
                at::elu_out(out_, x_, alpha, one, one);
            } else if constexpr (smooth == Smooth::selu) {
                at::elu_out(out_, x_, rectify_bench::selu_alpha, rectify_bench::selu_lambda, one);
            } else if constexpr (smooth == Smooth::celu) {
                at::elu_out(out_, x_, alpha, one, one / alpha);
            } else if constexpr (smooth == Smooth::softplus) {
                at::softplus_out(out_, x_, beta, 20.0);
            } else {
                static_assert(smooth == Smooth::mish);
                at::mish_out(out_, x_);
            }
        } else {
            if constexpr (smooth == Smooth::gelu) {
                at::gelu_backward_out(out_, dy_, x_, "none");
            } else if constexpr (smooth == Smooth::gelu_tanh) {
                at::gelu_backward_out(out_, dy_, x_, "tanh");
            } else if constexpr (smooth == Smooth::silu) {
                at::silu_backward_out(out_, dy_, x_);
            } else if constexpr (smooth == Smooth::sigmoid) {
                at::sigmoid_backward_out(out_, dy_, y_);
            } else if constexpr (smooth == Smooth::tanh) {
                at::tanh_backward_out(out_, dy_, y_);
            } else if constexpr (smooth == Smooth::elu) {
                at::elu_backward_out(out_, dy_, alpha, one, one, false, x_);
            } else if constexpr (smooth == Smooth::selu) {
                at::elu_backward_out(out_, dy_, rectify_bench::selu_alpha, rectify_bench::selu_lambda, one, false,
                                     x_);
            } else if constexpr (smooth == Smooth::celu) {
                at::elu_backward_out(out_, dy_, alpha, one, one / alpha, false, x_);
            } else if constexpr (smooth == Smooth::softplus) {
                at::softplus_backward_out(out_, dy_, x_, beta, 20.0);
            } else {
                static_assert(smooth == Smooth::mish);
                out_.copy_(at::mish_backward(dy_, x_));
            }
        }
    }

  private:
    at::Tensor x_;
    at::Tensor dy_;
    at::Tensor out_;
    at::Tensor y_;  // sigmoid's and tanh's backward passes: the forward's output
};

// relu6, hardtanh, hardsigmoid, hardswish and threshold, and their backward
// passes (see the top), out of place or in place.
template <class T, Function F, rectify_bench::Place P>
class TorchFamilyKernel final : public rectify_bench::Kernel {
  public:
    explicit TorchFamilyKernel(const Buffers& b) {
        c10::InferenceMode guard;
        x_ = wrap<T>(b.x, b.n);
        dy_ = b.dy != nullptr ? wrap<T>(b.dy, b.n) : at::Tensor();
        out_ = wrap<T>(b.out, b.n);
        label = "libtorch " TORCH_VERSION;
    }

    void run(double) override {
        c10::InferenceMode guard;
        constexpr bool in_place = P == rectify_bench::Place::inplace;
        const double t = rectify_bench::family_threshold;
        const double v = rectify_bench::family_value;
        if constexpr (F == Function::relu6) {
            in_place ? at::hardtanh_(out_, 0.0, 6.0) : at::hardtanh_out(out_, x_, 0.0, 6.0);
        } else if constexpr (F == Function::relu6_backward) {
            at::hardtanh_backward_out(out_, dy_, x_, 0.0, 6.0);
        } else if constexpr (F == Function::hardtanh) {
            in_place ? at::hardtanh_(out_, -1.0, 1.0) : at::hardtanh_out(out_, x_, -1.0, 1.0);
        } else if constexpr (F == Function::hardtanh_backward) {
            at::hardtanh_backward_out(out_, dy_, x_, -1.0, 1.0);
        } else if constexpr (F == Function::hardsigmoid) {
            at::hardsigmoid_out(out_, x_);
        } else if constexpr (F == Function::hardsigmoid_backward) {
            at::hardsigmoid_backward_out(out_, dy_, x_);
        } else if constexpr (F == Function::hardswish) {
            at::hardswish_out(out_, x_);
        } else if constexpr (F == Function::hardswish_backward) {
            at::hardswish_backward_out(out_, dy_, x_);
        } else if constexpr (F == Function::threshold) {
            in_place ? at::threshold_(out_, t, v) : at::threshold_out(out_, x_, t, v);
        } else {
            static_assert(F == Function::threshold_backward);
            at::threshold_backward_out(out_, dy_, x_, t);
        }
    }

  private:
    at::Tensor x_;
    at::Tensor dy_;
    at::Tensor out_;  // in place: x_ (unary) or dy_ (backward), the same memory
};

// On a 16-bit type: kernel K, if libtorch runs it on that type (1.13 lacks
// some kHalf kernels on the CPU).
template <class T, class K>
void add_if_runs(std::vector<rectify_bench::Impl>& impls, Function f, rectify_bench::Place place,
                 const char* name = RECTIFY_BENCH_PEER_NAME) {
    if (rectify_bench::runs_here<K>()) {
        impls.push_back({f, rectify_bench::type_of<T>, place, name, &rectify_bench::make<K>});
    }
}

template <class T, Function F, bool InPlace>
void add_family(std::vector<rectify_bench::Impl>& impls) {
    using rectify_bench::Place;
    add_if_runs<T, TorchFamilyKernel<T, F, Place::out>>(impls, F, Place::out);
    if constexpr (InPlace) {
        add_if_runs<T, TorchFamilyKernel<T, F, Place::inplace>>(impls, F, Place::inplace);
    }
}

// What the float runs have, and relu6 ... threshold (in place as rectify's
// are: hardsigmoid and hardswish out of place only), on 16-bit type T.
template <class T>
void add_half(std::vector<rectify_bench::Impl>& impls) {
    using rectify_bench::Place;
    for (const Place place : {Place::out, Place::inplace}) {
        const bool out = place == Place::out;
        out ? add_if_runs<T, TorchKernel<T, Function::relu, Place::out>>(impls, Function::relu, place)
            : add_if_runs<T, TorchKernel<T, Function::relu, Place::inplace>>(impls, Function::relu, place);
        out ? add_if_runs<T, TorchKernel<T, Function::leaky_relu, Place::out>>(impls, Function::leaky_relu, place)
            : add_if_runs<T, TorchKernel<T, Function::leaky_relu, Place::inplace>>(impls, Function::leaky_relu, place);
        add_if_runs<T, TorchKernel<T, Function::relu_backward, Place::out>>(impls, Function::relu_backward, place);
        add_if_runs<T, TorchKernel<T, Function::leaky_relu_backward, Place::out>>(impls, Function::leaky_relu_backward,
                                                                                 place);
    }
    add_if_runs<T, TorchKernel<T, Function::relu, Place::out, Variant::clamp_min>>(
        impls, Function::relu, Place::out, RECTIFY_BENCH_PEER_NAME "_clamp_min");
    add_family<T, Function::relu6, true>(impls);
    add_family<T, Function::relu6_backward, true>(impls);
    add_family<T, Function::hardtanh, true>(impls);
    add_family<T, Function::hardtanh_backward, true>(impls);
    add_family<T, Function::hardsigmoid, false>(impls);
    add_family<T, Function::hardsigmoid_backward, false>(impls);
    add_family<T, Function::hardswish, false>(impls);
    add_family<T, Function::hardswish_backward, false>(impls);
    add_family<T, Function::threshold, true>(impls);
    add_family<T, Function::threshold_backward, true>(impls);
}

template <class T, std::size_t... I>
void add_smooth(std::vector<rectify_bench::Impl>& impls, std::index_sequence<I...>) {
    constexpr int first = static_cast<int>(Function::gelu);
    (
        [&] {
            constexpr Function f = static_cast<Function>(first + static_cast<int>(I));
            if constexpr (rectify_bench::benchmarked<f, T> &&
                          rectify_bench::form_of(f) != rectify_bench::SmoothForm::derivative) {
                if constexpr (rectify_bench::is_half(rectify_bench::type_of<T>)) {
                    add_if_runs<T, TorchSmoothKernel<T, f>>(impls, f, rectify_bench::Place::out);
                } else {
                    rectify_bench::add_out<T, TorchSmoothKernel<T, f>>(impls, f, RECTIFY_BENCH_PEER_NAME);
                }
            }
        }(),
        ...);
}

}  // namespace

RECTIFY_BENCH_EXPORT std::vector<rectify_bench::Impl> RECTIFY_BENCH_PEER_FUNCTION() {
    at::set_num_threads(1);
    std::vector<rectify_bench::Impl> impls;
    add_all<float>(impls);
    add_all<double>(impls);
    add_all<std::int8_t>(impls);
    add_smooth<float>(impls, std::make_index_sequence<3 * rectify_bench::smooth_count>());
    add_smooth<double>(impls, std::make_index_sequence<3 * rectify_bench::smooth_count>());
    add_half<rectify_bench::bf16>(impls);
    add_half<rectify_bench::f16>(impls);
    add_smooth<rectify_bench::bf16>(impls, std::make_index_sequence<3 * rectify_bench::smooth_count>());
    add_smooth<rectify_bench::f16>(impls, std::make_index_sequence<3 * rectify_bench::smooth_count>());
    return impls;
}
