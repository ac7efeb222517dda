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
#include <vector>

namespace {

using rectify_bench::Buffers;
using rectify_bench::Function;

enum class Variant { api, clamp_min };

template <class T>
at::Tensor wrap(const void* p, std::size_t n) {
    const at::ScalarType type = std::is_same_v<T, float>    ? at::kFloat
                                : std::is_same_v<T, double> ? at::kDouble
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

    void run(double alpha) override {
        c10::InferenceMode guard;
        constexpr bool in_place = P == rectify_bench::Place::inplace;
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

}  // namespace

RECTIFY_BENCH_EXPORT std::vector<rectify_bench::Impl> RECTIFY_BENCH_PEER_FUNCTION() {
    at::set_num_threads(1);
    std::vector<rectify_bench::Impl> impls;
    add_all<float>(impls);
    add_all<double>(impls);
    add_all<std::int8_t>(impls);
    return impls;
}
