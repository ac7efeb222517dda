// Peer: the plain loops of smooth_loops.hpp (<cmath> calls, one element at a
// time), built as a library of their own with -march=native
// ("plain_loop_native"), beside the harness's copy at the default flags
// ("plain_loop"): what a user who builds for their own CPU gets. Every form of
// every smooth function; f32, and f64 for the values. On bf16 and f16, every
// function through float (half_loops.hpp), with F16C's conversions for f16
// where the CPU has them.
//
// SPDX-License-Identifier: MIT

#include "half_loops.hpp"
#include "peer.hpp"
#include "smooth_loops.hpp"

#include <cstddef>
#include <utility>
#include <vector>

namespace {

using rectify_bench::Buffers;
using rectify_bench::Function;

template <class T, Function F>
class LoopKernel final : public rectify_bench::Kernel {
  public:
    explicit LoopKernel(const Buffers& b)
        : x_(static_cast<const T*>(b.x)), dy_(static_cast<const T*>(b.dy)), out_(static_cast<T*>(b.out)), n_(b.n) {
        label = "<cmath> loop, -march=native";
    }
    void run(double) override { rectify_bench::SmoothLoop<F>{}(x_, dy_, out_, n_, T(0)); }

  private:
    const T* x_;
    const T* dy_;
    T* out_;
    std::size_t n_;
};

template <class T, std::size_t... I>
void add_all(std::vector<rectify_bench::Impl>& impls, std::index_sequence<I...>) {
    constexpr int first = static_cast<int>(Function::gelu);
    (
        [&] {
            constexpr Function f = static_cast<Function>(first + static_cast<int>(I));
            if constexpr (rectify_bench::benchmarked<f, T>) {
                rectify_bench::add_out<T, LoopKernel<T, f>>(impls, f, RECTIFY_BENCH_PEER_NAME);
            }
        }(),
        ...);
}

}  // namespace

RECTIFY_BENCH_EXPORT std::vector<rectify_bench::Impl> RECTIFY_BENCH_PEER_FUNCTION() {
    std::vector<rectify_bench::Impl> impls;
    add_all<float>(impls, std::make_index_sequence<3 * rectify_bench::smooth_count>());
    add_all<double>(impls, std::make_index_sequence<3 * rectify_bench::smooth_count>());
    rectify_bench::add_half_loops(impls, RECTIFY_BENCH_PEER_NAME);
    return impls;
}
