// Peer: XNNPACK (Debian's libxnnpack-dev, a 2022 snapshot), as a user would
// run it: an operator created once per (function, alpha), then setup and run
// on the caller's arrays for every pass, no thread pool. relu is the clamp
// operator with min 0 and max +inf, leaky_relu the leaky_relu operator; relu
// on i8 is the s8 clamp with min 0 and max 127. Each array is a batch of n
// rows of one channel, which XNNPACK processes as one contiguous block.
// XNNPACK has no derivative or backward operators, and no f64. Of the smooth
// functions this snapshot has sigmoid (xnn_create_sigmoid_nc_f32) and elu
// (xnn_create_elu_nc_f32, alpha 1), which is also celu with alpha 1; it has
// no tanh, gelu, silu, softplus or mish operator, and its elu takes no
// lambda for selu.
//
// Where XNNPACK differs from rectify (not exercised: the data hold no NaN):
// its clamp is built from max/min instructions (or the ReLU micro-kernel it
// may pick for [0, +inf]), which can return 0 for a NaN; rectify keeps the
// NaN.
//
// On f16 (IEEE binary16) it has clamp (relu, relu6, hardtanh), leaky_relu
// (with alpha as binary16 holds it) and hardswish operators, listed where
// they run on this CPU; it has no bf16 operators.
//
// XNNPACK may read XNN_EXTRA_BYTES past the end of an input: the harness
// allocates every array with room to spare.
//
// SPDX-License-Identifier: MIT

#include "peer.hpp"

#include <xnnpack.h>

#include <cstddef>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using rectify_bench::Buffers;
using rectify_bench::Function;

void ok(xnn_status status, const char* what) {
    if (status != xnn_status_success) {
        throw std::runtime_error(std::string(what) + " failed with xnn_status " + std::to_string(status));
    }
}

template <class T, Function F>
class XnnpackKernel final : public rectify_bench::Kernel {
  public:
    explicit XnnpackKernel(const Buffers& b)
        : x_(static_cast<const T*>(b.x)), out_(static_cast<T*>(b.out)), n_(b.n) {
        ok(xnn_initialize(nullptr), "xnn_initialize");  // may be called again; cheap after the first
        for (int i = 0; i < 2; ++i) {  // [0] alpha, [1] alpha_inverse (a leaky_relu in place)
            if constexpr (F == Function::leaky_relu) {
                const double slope = i == 0 ? rectify_bench::alpha : rectify_bench::alpha_inverse;
                ok(xnn_create_leaky_relu_nc_f32(1, 1, 1, static_cast<float>(slope), 0, &ops_[i]),
                   "xnn_create_leaky_relu_nc_f32");
            } else if constexpr (std::is_same_v<T, float>) {
                ok(xnn_create_clamp_nc_f32(1, 1, 1, 0.0f, std::numeric_limits<float>::infinity(), 0,
                                           &ops_[i]),
                   "xnn_create_clamp_nc_f32");
            } else {
                ok(xnn_create_clamp_nc_s8(1, 1, 1, 0, std::numeric_limits<std::int8_t>::max(), 0, &ops_[i]),
                   "xnn_create_clamp_nc_s8");
            }
        }
        label = "XNNPACK";
    }

    XnnpackKernel(const XnnpackKernel&) = delete;
    XnnpackKernel& operator=(const XnnpackKernel&) = delete;

    ~XnnpackKernel() override {
        for (xnn_operator_t op : ops_) {
            xnn_delete_operator(op);
        }
    }

    // A failure throws; the harness's checking pass, before timing, reports it.
    void run(double alpha) override {
        xnn_operator_t op = ops_[alpha == rectify_bench::alpha ? 0 : 1];
        if constexpr (F == Function::leaky_relu) {
            ok(xnn_setup_leaky_relu_nc_f32(op, n_, x_, out_, nullptr), "xnn_setup_leaky_relu_nc_f32");
        } else if constexpr (std::is_same_v<T, float>) {
            ok(xnn_setup_clamp_nc_f32(op, n_, x_, out_, nullptr), "xnn_setup_clamp_nc_f32");
        } else {
            ok(xnn_setup_clamp_nc_s8(op, n_, x_, out_, nullptr), "xnn_setup_clamp_nc_s8");
        }
        ok(xnn_run_operator(op, nullptr), "xnn_run_operator");
    }

  private:
    const T* x_;
    T* out_;
    std::size_t n_;
    xnn_operator_t ops_[2] = {nullptr, nullptr};
};

// sigmoid, or elu with alpha 1 (elu and celu), out of place.
template <Function F>
class XnnpackSmoothKernel final : public rectify_bench::Kernel {
  public:
    static constexpr bool sigmoid = rectify_bench::smooth_of(F) == rectify_bench::Smooth::sigmoid;

    explicit XnnpackSmoothKernel(const Buffers& b)
        : x_(static_cast<const float*>(b.x)), out_(static_cast<float*>(b.out)), n_(b.n) {
        ok(xnn_initialize(nullptr), "xnn_initialize");
        if constexpr (sigmoid) {
            ok(xnn_create_sigmoid_nc_f32(1, 1, 1, 0, &op_), "xnn_create_sigmoid_nc_f32");
        } else {
            ok(xnn_create_elu_nc_f32(1, 1, 1, static_cast<float>(rectify_bench::smooth_alpha), 0, &op_),
               "xnn_create_elu_nc_f32");
        }
        label = "XNNPACK";
    }

    XnnpackSmoothKernel(const XnnpackSmoothKernel&) = delete;
    XnnpackSmoothKernel& operator=(const XnnpackSmoothKernel&) = delete;

    ~XnnpackSmoothKernel() override { xnn_delete_operator(op_); }

    void run(double) override {
        if constexpr (sigmoid) {
            ok(xnn_setup_sigmoid_nc_f32(op_, n_, x_, out_, nullptr), "xnn_setup_sigmoid_nc_f32");
        } else {
            ok(xnn_setup_elu_nc_f32(op_, n_, x_, out_, nullptr), "xnn_setup_elu_nc_f32");
        }
        ok(xnn_run_operator(op_, nullptr), "xnn_run_operator");
    }

  private:
    const float* x_;
    float* out_;
    std::size_t n_;
    xnn_operator_t op_ = nullptr;
};

// binary16 (f16): relu, relu6 and hardtanh (clamp to [0, +inf], [0, 6],
// [-1, 1]), leaky_relu and hardswish; in place as rectify's are.
template <Function F>
class XnnpackHalfKernel final : public rectify_bench::Kernel {
  public:
    explicit XnnpackHalfKernel(const Buffers& b) : x_(b.x), out_(b.out), n_(b.n) {
        ok(xnn_initialize(nullptr), "xnn_initialize");
        for (int i = 0; i < 2; ++i) {  // [0] alpha, [1] alpha_inverse (a leaky_relu in place)
            if constexpr (F == Function::leaky_relu) {
                const double slope = rectify_bench::typed_alpha(
                    rectify_bench::Type::f16, i == 0 ? rectify_bench::alpha : rectify_bench::alpha_inverse);
                ok(xnn_create_leaky_relu_nc_f16(1, 1, 1, static_cast<float>(slope), 0, &ops_[i]),
                   "xnn_create_leaky_relu_nc_f16");
            } else if constexpr (F == Function::hardswish) {
                ok(xnn_create_hardswish_nc_f16(1, 1, 1, 0, &ops_[i]), "xnn_create_hardswish_nc_f16");
            } else {
                const float low = F == Function::hardtanh ? -1.0f : 0.0f;
                const float high = F == Function::relu6      ? 6.0f
                                   : F == Function::hardtanh ? 1.0f
                                                             : std::numeric_limits<float>::infinity();
                ok(xnn_create_clamp_nc_f16(1, 1, 1, low, high, 0, &ops_[i]), "xnn_create_clamp_nc_f16");
            }
        }
        label = "XNNPACK";
    }

    XnnpackHalfKernel(const XnnpackHalfKernel&) = delete;
    XnnpackHalfKernel& operator=(const XnnpackHalfKernel&) = delete;

    ~XnnpackHalfKernel() override {
        for (xnn_operator_t op : ops_) {
            xnn_delete_operator(op);
        }
    }

    void run(double alpha) override {
        xnn_operator_t op = ops_[alpha == rectify_bench::alpha ? 0 : 1];
        if constexpr (F == Function::leaky_relu) {
            ok(xnn_setup_leaky_relu_nc_f16(op, n_, x_, out_, nullptr), "xnn_setup_leaky_relu_nc_f16");
        } else if constexpr (F == Function::hardswish) {
            ok(xnn_setup_hardswish_nc_f16(op, n_, x_, out_, nullptr), "xnn_setup_hardswish_nc_f16");
        } else {
            ok(xnn_setup_clamp_nc_f16(op, n_, x_, out_, nullptr), "xnn_setup_clamp_nc_f16");
        }
        ok(xnn_run_operator(op, nullptr), "xnn_run_operator");
    }

  private:
    const void* x_;
    void* out_;
    std::size_t n_;
    xnn_operator_t ops_[2] = {nullptr, nullptr};
};

// Lists the f16 kernel of F if XNNPACK runs it on this CPU (its f16
// operators need F16C and AVX2 on x86-64, or ARM's FP16 arithmetic).
template <Function F, bool InPlace>
void add_half(std::vector<rectify_bench::Impl>& impls) {
    using Kernel = XnnpackHalfKernel<F>;
    if (!rectify_bench::runs_here<Kernel>()) {
        return;
    }
    if constexpr (InPlace) {
        rectify_bench::add_both<rectify_bench::f16, Kernel>(impls, F, RECTIFY_BENCH_PEER_NAME);
    } else {
        rectify_bench::add_out<rectify_bench::f16, Kernel>(impls, F, RECTIFY_BENCH_PEER_NAME);
    }
}

}  // namespace

RECTIFY_BENCH_EXPORT std::vector<rectify_bench::Impl> RECTIFY_BENCH_PEER_FUNCTION() {
    std::vector<rectify_bench::Impl> impls;
    rectify_bench::add_both<float, XnnpackKernel<float, Function::relu>>(impls, Function::relu,
                                                                         RECTIFY_BENCH_PEER_NAME);
    rectify_bench::add_both<float, XnnpackKernel<float, Function::leaky_relu>>(impls, Function::leaky_relu,
                                                                               RECTIFY_BENCH_PEER_NAME);
    rectify_bench::add_both<std::int8_t, XnnpackKernel<std::int8_t, Function::relu>>(impls, Function::relu,
                                                                                     RECTIFY_BENCH_PEER_NAME);
    rectify_bench::add_out<float, XnnpackSmoothKernel<Function::sigmoid>>(impls, Function::sigmoid,
                                                                          RECTIFY_BENCH_PEER_NAME);
    rectify_bench::add_out<float, XnnpackSmoothKernel<Function::elu>>(impls, Function::elu, RECTIFY_BENCH_PEER_NAME);
    rectify_bench::add_out<float, XnnpackSmoothKernel<Function::celu>>(impls, Function::celu, RECTIFY_BENCH_PEER_NAME);
    add_half<Function::relu, true>(impls);
    add_half<Function::leaky_relu, true>(impls);
    add_half<Function::relu6, true>(impls);
    add_half<Function::hardtanh, true>(impls);
    add_half<Function::hardswish, false>(impls);
    return impls;
}
