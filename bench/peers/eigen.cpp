// Peer: Eigen 3.4, written as a user would: coefficient-wise Array
// expressions over Maps of the caller's arrays (no copies), relu as
// cwiseMax(0) and the rest as select(). Built twice (bench/CMakeLists.txt):
// "eigen" with the benchmark's default flags, "eigen_native" with
// -march=native, as the issue asks of peers we compile ourselves.
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

#include <cstddef>
#include <cstdint>
#include <string>
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
    return impls;
}
