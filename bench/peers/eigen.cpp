// Peer: Eigen 3.4, written as a user would: coefficient-wise Array
// expressions over Maps of the caller's arrays (no copies), relu as
// cwiseMax(0) and the rest as select(). Built twice (bench/CMakeLists.txt):
// "eigen" with the benchmark's default flags, "eigen_native" with
// -march=native, as the issue asks of peers we compile ourselves.
//
// The smooth functions (values only, f32 and f64: Eigen has no derivatives
// of them) are coefficient-wise expressions of its Array functions, the
// formulas of smooth_loops.hpp in Eigen's words: logistic() for sigmoid (and
// x * logistic() for silu), tanh(), erf() (unsupported/Eigen/SpecialFunctions)
// for gelu, expm1() for elu, selu and celu written as
// max(x, 0) + alpha * expm1(min(x, 0)) (a select() would not vectorise),
// softplus as max(x, 0) + log1p(exp(-|x|)). Each expression is one loop.
//
// Where Eigen differs from rectify (not exercised: the data hold no NaN, no
// zeros): cwiseMax(0) is a max instruction (maxps) at the default
// NaN-propagation setting, which returns 0 for a NaN in x; the selects below
// follow rectify's conventions at 0 and for NaN because they are written so.
// Eigen's select is not vectorised: expect a loop with a compare per element.
//
// SPDX-License-Identifier: MIT

#include "peer.hpp"

#include <Eigen/Core>
#include <unsupported/Eigen/SpecialFunctions>

#include <cstddef>
#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

namespace {

using rectify_bench::Buffers;
using rectify_bench::Function;

template <class T, Function F>
class EigenKernel final : public rectify_bench::Kernel {
  public:
    using Array = Eigen::Array<T, Eigen::Dynamic, 1>;

    explicit EigenKernel(const Buffers& b)
        : x_(static_cast<const T*>(b.x), static_cast<Eigen::Index>(b.n)),
          dy_(static_cast<const T*>(b.dy), b.dy != nullptr ? static_cast<Eigen::Index>(b.n) : 0),
          out_(static_cast<T*>(b.out), static_cast<Eigen::Index>(b.n)) {
        label = std::string("Eigen ") + std::to_string(EIGEN_WORLD_VERSION) + "." +
                std::to_string(EIGEN_MAJOR_VERSION) + "." + std::to_string(EIGEN_MINOR_VERSION) + ", " +
                Eigen::SimdInstructionSetsInUse();
    }

    void run(double alpha) override {
        const T a = static_cast<T>(alpha);
        if constexpr (F == Function::relu) {
            out_ = x_.cwiseMax(T{0});
        } else if constexpr (F == Function::leaky_relu) {
            out_ = (x_ > T{0}).select(x_, a * x_);
        } else if constexpr (F == Function::relu_derivative) {
            out_ = (x_ >= T{0}).template cast<T>();
        } else if constexpr (F == Function::leaky_relu_derivative) {
            out_ = (x_ >= T{0}).select(Array::Ones(x_.size()), a);
        } else if constexpr (F == Function::relu_backward) {
            out_ = (x_ >= T{0}).select(dy_, T{0});
        } else {
            static_assert(F == Function::leaky_relu_backward);
            out_ = (x_ >= T{0}).select(dy_, a * dy_);
        }
    }

  private:
    Eigen::Map<const Array> x_;
    Eigen::Map<const Array> dy_;
    Eigen::Map<Array> out_;
};

// The smooth functions' values (peer.hpp), out of place.
template <class T, rectify_bench::Smooth S>
class EigenSmoothKernel final : public rectify_bench::Kernel {
  public:
    using Array = Eigen::Array<T, Eigen::Dynamic, 1>;

    explicit EigenSmoothKernel(const Buffers& b)
        : x_(static_cast<const T*>(b.x), static_cast<Eigen::Index>(b.n)),
          out_(static_cast<T*>(b.out), static_cast<Eigen::Index>(b.n)) {
        label = std::string("Eigen ") + std::to_string(EIGEN_WORLD_VERSION) + "." +
                std::to_string(EIGEN_MAJOR_VERSION) + "." + std::to_string(EIGEN_MINOR_VERSION) + ", " +
                Eigen::SimdInstructionSetsInUse();
    }

    void run(double) override {
        using rectify_bench::Smooth;
        const T zero = T(0);
        const T half = T(0.5);
        const T alpha = T(rectify_bench::smooth_alpha);
        const auto& x = x_;
        if constexpr (S == Smooth::gelu) {
            out_ = half * x * (T(1) + (x * T(0.70710678118654752440084436210484903928)).erf());
        } else if constexpr (S == Smooth::gelu_tanh) {
            const T k = T(0.79788456080286535587989211986876373695);
            out_ = half * x * (T(1) + (k * (x + T(0.044715) * x.cube())).tanh());
        } else if constexpr (S == Smooth::silu) {
            out_ = x * x.logistic();
        } else if constexpr (S == Smooth::sigmoid) {
            out_ = x.logistic();
        } else if constexpr (S == Smooth::tanh) {
            out_ = x.tanh();
        } else if constexpr (S == Smooth::elu) {
            out_ = x.max(zero) + alpha * x.min(zero).expm1();
        } else if constexpr (S == Smooth::selu) {
            out_ = T(rectify_bench::selu_lambda) *
                   (x.max(zero) + T(rectify_bench::selu_alpha) * x.min(zero).expm1());
        } else if constexpr (S == Smooth::celu) {
            out_ = x.max(zero) + alpha * (x.min(zero) / alpha).expm1();
        } else if constexpr (S == Smooth::softplus) {
            const T beta = T(rectify_bench::smooth_beta);
            out_ = ((beta * x).max(zero) + (-(beta * x).abs()).exp().log1p()) / beta;
        } else {
            static_assert(S == Smooth::mish);
            out_ = x * (x.max(zero) + (-x.abs()).exp().log1p()).tanh();
        }
    }

  private:
    Eigen::Map<const Array> x_;
    Eigen::Map<Array> out_;
};

template <class T>
void add_smooth(std::vector<rectify_bench::Impl>& impls) {
    using rectify_bench::Smooth;
    auto add = [&](auto s) {
        constexpr Smooth smooth = decltype(s)::value;
        rectify_bench::add_out<T, EigenSmoothKernel<T, smooth>>(
            impls, rectify_bench::smooth_function(smooth, rectify_bench::SmoothForm::value), RECTIFY_BENCH_PEER_NAME);
    };
    add(std::integral_constant<Smooth, Smooth::gelu>());
    add(std::integral_constant<Smooth, Smooth::gelu_tanh>());
    add(std::integral_constant<Smooth, Smooth::silu>());
    add(std::integral_constant<Smooth, Smooth::sigmoid>());
    add(std::integral_constant<Smooth, Smooth::tanh>());
    add(std::integral_constant<Smooth, Smooth::elu>());
    add(std::integral_constant<Smooth, Smooth::selu>());
    add(std::integral_constant<Smooth, Smooth::celu>());
    add(std::integral_constant<Smooth, Smooth::softplus>());
    add(std::integral_constant<Smooth, Smooth::mish>());
}

// Lists Eigen computing F on T, out of place and in place, if the benchmark
// has F on T.
template <class T, Function F>
void add(std::vector<rectify_bench::Impl>& impls) {
    if constexpr (rectify_bench::benchmarked<F, T>) {
        rectify_bench::add_both<T, EigenKernel<T, F>>(impls, F, RECTIFY_BENCH_PEER_NAME);
    }
}

template <class T>
void add_all(std::vector<rectify_bench::Impl>& impls) {
    add<T, Function::relu>(impls);
    add<T, Function::leaky_relu>(impls);
    add<T, Function::relu_derivative>(impls);
    add<T, Function::leaky_relu_derivative>(impls);
    add<T, Function::relu_backward>(impls);
    add<T, Function::leaky_relu_backward>(impls);
}

}  // namespace

RECTIFY_BENCH_EXPORT std::vector<rectify_bench::Impl> RECTIFY_BENCH_PEER_FUNCTION() {
    std::vector<rectify_bench::Impl> impls;
    add_all<float>(impls);
    add_all<double>(impls);
    add_all<std::int8_t>(impls);
    add_smooth<float>(impls);
    add_smooth<double>(impls);
    return impls;
}
