// Parallel peer: libtorch (Debian's libtorch-dev 1.13, threaded with OpenMP),
// at::set_num_threads(t), tensors wrapping the caller's arrays (made again
// only when the arrays change), c10::InferenceMode:
//   relu        at::clamp_min_out(out, x, 0) (relu_out is a composite that
//               copies), in place at::relu_(x)
//   leaky_relu  at::leaky_relu_out(out, x, 0.01), in place at::leaky_relu_(x, 0.01)
//   gelu        at::gelu_out(out, x), in place at::gelu_out(x, x)
//   silu        at::silu_out(out, x), in place at::silu_(x)
// ATen splits an element-wise op over threads from 32768 elements (its
// GRAIN_SIZE).
//
// SPDX-License-Identifier: MIT

#include "parallel_peer.hpp"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <c10/core/InferenceMode.h>
#include <torch/version.h>

#include <cstdint>

namespace {

using rectify_parallel_bench::fn;

struct cache {
    const float* x = nullptr;
    float* out = nullptr;
    std::size_t n = 0;
    at::Tensor tx;
    at::Tensor tout;
};

at::Tensor wrap(const float* p, std::size_t n) {
    return at::from_blob(const_cast<float*>(p), {static_cast<std::int64_t>(n)}, at::TensorOptions().dtype(at::kFloat));
}

void set_threads(int threads) {
    at::set_num_threads(threads);
}

void run(fn f, const float* x, float* out, std::size_t n) {
    static cache c;
    c10::InferenceMode guard;
    if (c.x != x || c.out != out || c.n != n) {
        c.tx = wrap(x, n);
        c.tout = wrap(out, n);
        c.x = x;
        c.out = out;
        c.n = n;
    }
    const bool in_place = x == out;
    switch (f) {
        case fn::relu:
            if (in_place) {
                at::relu_(c.tx);
            } else {
                at::clamp_min_out(c.tout, c.tx, 0);
            }
            break;
        case fn::leaky_relu:
            if (in_place) {
                at::leaky_relu_(c.tx, 0.01);
            } else {
                at::leaky_relu_out(c.tout, c.tx, 0.01);
            }
            break;
        case fn::gelu:
            at::gelu_out(c.tout, c.tx);
            break;
        case fn::silu:
            if (in_place) {
                at::silu_(c.tx);
            } else {
                at::silu_out(c.tout, c.tx);
            }
            break;
    }
}

const char* label() {
    return "libtorch " TORCH_VERSION;
}

}  // namespace

RECTIFY_BENCH_EXPORT rectify_parallel_bench::peer rectify_parallel_peer_torch();
rectify_parallel_bench::peer rectify_parallel_peer_torch() {
    return {"torch", set_threads, run, label};
}
