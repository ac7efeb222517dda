// Peer: oneDNN's PReLU (Debian's libdnnl-dev 2.6), as a user would run it:
// one prelu_forward (forward_inference) or prelu_backward primitive per
// benchmark, created once, executed on memory objects wrapping the caller's
// arrays, one thread. Channels last is a [rows, C] tensor (format ab) with
// weights [1, C]; channels first an [N, C, inner] tensor (abc) with weights
// [1, C, 1]. Its slope gradient (diff_weights) is a float sum in oneDNN's
// own order, not rectify's exact sum, so only grad_in is compared. f32,
// bf16 and f16 memory; where oneDNN has no primitive for the type on this CPU
// (2.6 runs f16 only with AVX-512 FP16), the factory returns null.
//
// SPDX-License-Identifier: MIT

#include "prelu_peer.hpp"

#include <oneapi/dnnl/dnnl.hpp>

#include <memory>
#include <string>
#include <unordered_map>

extern "C" void omp_set_num_threads(int);

namespace {

using rectify_bench_prelu::Arrays;
using rectify_bench_prelu::Shape;

class OneDnnPrelu final : public rectify_bench_prelu::Runner {
  public:
    OneDnnPrelu(bool backward, const Shape& s, const Arrays& a) {
        omp_set_num_threads(1);
        using dims = dnnl::memory::dims;
        using tag = dnnl::memory::format_tag;
        const auto type = s.type == rectify_bench_prelu::Type::bf16  ? dnnl::memory::data_type::bf16
                         : s.type == rectify_bench_prelu::Type::f16 ? dnnl::memory::data_type::f16
                                                                   : dnnl::memory::data_type::f32;
        const auto c = static_cast<dnnl::memory::dim>(s.channels);
        const auto inner = static_cast<dnnl::memory::dim>(s.inner);
        const auto outer = static_cast<dnnl::memory::dim>(s.n / (s.channels * s.inner));
        const dnnl::memory::desc md = s.channels_first ? dnnl::memory::desc(dims{outer, c, inner}, type, tag::abc)
                                                       : dnnl::memory::desc(dims{outer, c}, type, tag::ab);
        const dnnl::memory::desc wd = s.channels_first ? dnnl::memory::desc(dims{1, c, 1}, type, tag::abc)
                                                       : dnnl::memory::desc(dims{1, c}, type, tag::ab);
        const dnnl::memory x(md, engine_, const_cast<void*>(a.x));
        const dnnl::memory w(wd, engine_, const_cast<void*>(a.slopes));
        const dnnl::memory out(md, engine_, a.out);
        if (backward) {
            const dnnl::prelu_forward::primitive_desc hint({dnnl::prop_kind::forward_training, md, wd}, engine_);
            const dnnl::prelu_backward::primitive_desc pd({md, wd, md, wd}, engine_, hint);
            primitive_ = dnnl::prelu_backward(pd);
            args_ = {{DNNL_ARG_SRC, x},
                     {DNNL_ARG_WEIGHTS, w},
                     {DNNL_ARG_DIFF_DST, dnnl::memory(md, engine_, const_cast<void*>(a.dy))},
                     {DNNL_ARG_DIFF_SRC, out},
                     {DNNL_ARG_DIFF_WEIGHTS, dnnl::memory(wd, engine_, a.grad_slopes)}};
            label = pd.impl_info_str();
        } else {
            const dnnl::prelu_forward::primitive_desc pd({dnnl::prop_kind::forward_inference, md, wd}, engine_);
            primitive_ = dnnl::prelu_forward(pd);
            args_ = {{DNNL_ARG_SRC, x}, {DNNL_ARG_WEIGHTS, w}, {DNNL_ARG_DST, out}};
            label = pd.impl_info_str();
        }
        label = "oneDNN " + std::to_string(DNNL_VERSION_MAJOR) + "." + std::to_string(DNNL_VERSION_MINOR) + ", " +
                label;
    }

    void run() override {
        primitive_.execute(stream_, args_);
        stream_.wait();
    }

  private:
    dnnl::engine engine_{dnnl::engine::kind::cpu, 0};
    dnnl::stream stream_{engine_};
    dnnl::primitive primitive_;
    std::unordered_map<int, dnnl::memory> args_;
};

}  // namespace

std::unique_ptr<rectify_bench_prelu::Runner> rectify_bench_prelu_onednn(bool backward, const Shape& shape,
                                                                        const Arrays& arrays) {
    try {
        return std::make_unique<OneDnnPrelu>(backward, shape, arrays);
    } catch (const dnnl::error&) {
        return nullptr;  // no implementation for this type here
    }
}
