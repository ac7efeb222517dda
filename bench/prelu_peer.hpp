// The interface between rectify_prelu_bench (prelu_bench.cpp) and the peer
// libraries that have a PReLU: each is a shared library of its own (its
// headers and flags reach nothing else) exporting one factory function.
// Declarations only, and no rectify header (see peer.hpp for why).
//
// SPDX-License-Identifier: MIT

#ifndef RECTIFY_BENCH_PRELU_PEER_HPP
#define RECTIFY_BENCH_PRELU_PEER_HPP

#include <cstddef>
#include <memory>
#include <string>

namespace rectify_bench_prelu {

// The element type of a benchmark's arrays (rectify's float, bfloat16_t, float16_t).
enum class Type { f32, bf16, f16 };

// n elements in `channels` channels: element i in channel (i / inner) mod
// channels; channels last is inner 1.
struct Shape {
    std::size_t n;
    std::size_t channels;
    std::size_t inner;
    bool channels_first;
    Type type = Type::f32;
};

// The arrays of one benchmark, of elements of the shape's type: forward reads
// x and slopes and writes out; backward reads x, dy and slopes and writes out
// (grad_in) and grad_slopes.
struct Arrays {
    const void* x;
    const void* dy;
    const void* slopes;
    void* out;
    void* grad_slopes;
};

class Runner {
  public:
    Runner() = default;
    Runner(const Runner&) = delete;
    Runner& operator=(const Runner&) = delete;
    virtual ~Runner() = default;
    virtual void run() = 0;
    std::string label;
};

}  // namespace rectify_bench_prelu

// oneDNN's prelu_forward / prelu_backward (bench/peers/onednn_prelu.cpp);
// null where oneDNN has no primitive for the type on this CPU.
__attribute__((visibility("default"))) std::unique_ptr<rectify_bench_prelu::Runner>
rectify_bench_prelu_onednn(bool backward, const rectify_bench_prelu::Shape& shape,
                           const rectify_bench_prelu::Arrays& arrays);

#endif
