// Parallel peer: oneDNN (Debian's libdnnl-dev 2.6, threaded with GNU OpenMP:
// omp_set_num_threads(t)), one eltwise_forward primitive per function and
// size (forward_inference), made again only when the arrays change:
//   relu        eltwise_relu, alpha 0
//   leaky_relu  eltwise_relu, alpha 0.01
//   gelu        eltwise_gelu_erf
//   silu        eltwise_swish, alpha 1
// In place, src and dst are the same memory.
//
// SPDX-License-Identifier: MIT

#include "parallel_peer.hpp"

#include <dnnl.hpp>

#include <cstdio>
#include <map>
#include <tuple>

extern "C" void omp_set_num_threads(int);

namespace {

using rectify_parallel_bench::fn;

struct prepared {
    dnnl::eltwise_forward primitive;
    dnnl::memory src;
    dnnl::memory dst;
};

dnnl::engine& engine() {
    static dnnl::engine e(dnnl::engine::kind::cpu, 0);
    return e;
}

void set_threads(int threads) {
    omp_set_num_threads(threads);
}

void run(fn f, const float* x, float* out, std::size_t n) {
    static std::map<std::tuple<int, const float*, float*, std::size_t>, prepared> made;
    const auto key = std::make_tuple(static_cast<int>(f), x, out, n);
    auto it = made.find(key);
    if (it == made.end()) {
        const dnnl::memory::desc md({static_cast<dnnl::memory::dim>(n)}, dnnl::memory::data_type::f32,
                                    dnnl::memory::format_tag::a);
        dnnl::algorithm algorithm = dnnl::algorithm::eltwise_relu;
        float alpha = 0.0f;
        if (f == fn::leaky_relu) {
            alpha = 0.01f;
        } else if (f == fn::gelu) {
            algorithm = dnnl::algorithm::eltwise_gelu_erf;
        } else if (f == fn::silu) {
            algorithm = dnnl::algorithm::eltwise_swish;
            alpha = 1.0f;
        }
        const dnnl::eltwise_forward::primitive_desc pd(
            {dnnl::prop_kind::forward_inference, algorithm, md, alpha, 0.0f}, engine());
        const dnnl::memory src(md, engine(), const_cast<float*>(x));
        const dnnl::memory dst(md, engine(), out);
        it = made.emplace(key, prepared{dnnl::eltwise_forward(pd), src, dst}).first;
    }
    static dnnl::stream stream(engine());
    it->second.primitive.execute(stream, {{DNNL_ARG_SRC, it->second.src}, {DNNL_ARG_DST, it->second.dst}});
    stream.wait();
}

const char* label() {
    static char text[64];
    const dnnl_version_t* v = dnnl_version();
    std::snprintf(text, sizeof text, "oneDNN %d.%d.%d", v->major, v->minor, v->patch);
    return text;
}

}  // namespace

RECTIFY_BENCH_EXPORT rectify_parallel_bench::peer rectify_parallel_peer_onednn();
rectify_parallel_bench::peer rectify_parallel_peer_onednn() {
    return {"onednn", set_threads, run, label};
}
