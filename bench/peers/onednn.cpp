// Peer: oneDNN (Debian's libdnnl-dev 2.6), as a user would run it: one
// eltwise_relu primitive per (function, size, alpha), created once and
// executed on memory objects that wrap the caller's arrays; one thread (the
// Debian build threads with OpenMP). leaky_relu is eltwise_relu with alpha
// 0.01, relu the same with alpha 0; the backward passes are eltwise_backward.
// The argument maps are built once too, which a user executing with an
// initializer list each call would not: this is oneDNN at its best.
// oneDNN has no derivative primitive, and its eltwise takes no f64 on the CPU
// in 2.6; relu on i8 is a forward-inference primitive.
//
// The smooth functions are eltwise algorithms, forward (forward_inference)
// and backward (eltwise_backward from the source, with a forward_training
// hint); oneDNN has no derivative primitive:
//   gelu       eltwise_gelu_erf       gelu_tanh  eltwise_gelu_tanh
//   silu       eltwise_swish, alpha 1 sigmoid    eltwise_logistic
//   tanh       eltwise_tanh           elu        eltwise_elu, alpha 1
//   celu       eltwise_elu, alpha 1 (celu with alpha 1 is elu with alpha 1)
//   softplus   eltwise_soft_relu (2.6 ignores alpha and beta: log(1 + exp(x)),
//              softplus with beta 1)
//   mish       eltwise_mish
// selu is not listed: 2.6 has no selu, and its eltwise primitive takes no
// eltwise post-op to scale an elu by lambda in the same pass.
//
// bf16 and f16: the same primitives (all but i8's relu) on 16-bit memory,
// each listed only if oneDNN makes and runs it on this CPU (runs_here): 2.6
// has bf16 eltwise kernels for AVX-512 (jit:avx512_core_bf16 on a CPU with
// AVX-512 BF16), and f16 ones only with AVX-512 FP16, so on other CPUs f16
// (or both) is left out. The leaky functions' alpha is the one the type
// holds (peer.hpp's typed_alpha).
//
// Where oneDNN differs from rectify (not exercised: the data hold no NaN, no
// zeros): eltwise_relu computes `x > 0 ? x : alpha * x`, so with alpha 0 it
// gives -0 for -0 and NaN for -inf (0 * -inf) where rectify gives +0, unless
// the JIT kernel it picks takes another route; its backward pass gives
// alpha * dy at x == 0 (rectify: dy) and for a NaN x (rectify: NaN).
//
// SPDX-License-Identifier: MIT

#include "peer.hpp"

#include <oneapi/dnnl/dnnl.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

// OpenMP's, from the libgomp that oneDNN runs on (bench/CMakeLists.txt links
// it), declared here so that no compiler's own omp.h is needed.
extern "C" void omp_set_num_threads(int);

namespace {

using rectify_bench::Buffers;
using rectify_bench::Function;

template <class T>
constexpr dnnl::memory::data_type data_type = std::is_same_v<T, float>                ? dnnl::memory::data_type::f32
                                              : std::is_same_v<T, rectify_bench::bf16> ? dnnl::memory::data_type::bf16
                                              : std::is_same_v<T, rectify_bench::f16>  ? dnnl::memory::data_type::f16
                                                                                       : dnnl::memory::data_type::s8;

template <class T, Function F>
class OneDnnKernel final : public rectify_bench::Kernel {
  public:
    static constexpr bool leaky = F == Function::leaky_relu || F == Function::leaky_relu_backward;
    static constexpr bool backward = F == Function::relu_backward || F == Function::leaky_relu_backward;

    explicit OneDnnKernel(const Buffers& b) {
        const dnnl::memory::desc md({static_cast<dnnl::memory::dim>(b.n)}, data_type<T>,
                                    dnnl::memory::format_tag::a);
        const dnnl::memory x(md, engine_, const_cast<void*>(b.x));
        const dnnl::memory out(md, engine_, b.out);
        // [0] alpha, [1] alpha_inverse (only a leaky function in place uses
        // it), as the type holds them.
        constexpr rectify_bench::Type type = rectify_bench::type_of<T>;
        const double alphas[2] = {leaky ? rectify_bench::typed_alpha(type, rectify_bench::alpha) : 0.0,
                                  leaky ? rectify_bench::typed_alpha(type, rectify_bench::alpha_inverse) : 0.0};
        for (int i = 0; i < 2; ++i) {
            const float a = static_cast<float>(alphas[i]);
            if constexpr (backward) {
                const dnnl::eltwise_forward::primitive_desc hint(
                    {dnnl::prop_kind::forward_training, dnnl::algorithm::eltwise_relu, md, a}, engine_);
                const dnnl::eltwise_backward::primitive_desc pd({dnnl::algorithm::eltwise_relu, md, md, a},
                                                                engine_, hint);
                passes_[i].primitive = dnnl::eltwise_backward(pd);
                passes_[i].args = {{DNNL_ARG_SRC, x},
                                   {DNNL_ARG_DIFF_DST, dnnl::memory(md, engine_, const_cast<void*>(b.dy))},
                                   {DNNL_ARG_DIFF_SRC, out}};
                label = pd.impl_info_str();
            } else {
                const dnnl::eltwise_forward::primitive_desc pd(
                    {dnnl::prop_kind::forward_inference, dnnl::algorithm::eltwise_relu, md, a}, engine_);
                passes_[i].primitive = dnnl::eltwise_forward(pd);
                passes_[i].args = {{DNNL_ARG_SRC, x}, {DNNL_ARG_DST, out}};
                label = pd.impl_info_str();
            }
        }
        label = "oneDNN " + std::to_string(DNNL_VERSION_MAJOR) + "." + std::to_string(DNNL_VERSION_MINOR) +
                ", " + label;
    }

    void run(double alpha) override {
        const Pass& pass = passes_[alpha == rectify_bench::alpha ? 0 : 1];
        pass.primitive.execute(stream_, pass.args);
        stream_.wait();
    }

  private:
    struct Pass {
        dnnl::primitive primitive;
        std::unordered_map<int, dnnl::memory> args;
    };
    dnnl::engine engine_{dnnl::engine::kind::cpu, 0};
    dnnl::stream stream_{engine_};
    Pass passes_[2];
};

template <class T, Function F>
void add(std::vector<rectify_bench::Impl>& impls) {
    rectify_bench::add_both<T, OneDnnKernel<T, F>>(impls, F, RECTIFY_BENCH_PEER_NAME);
}

// On a 16-bit type, only what this CPU runs (see the top).
template <class T, class Kernel, bool InPlace>
void add_if_runs(std::vector<rectify_bench::Impl>& impls, Function f) {
    if (!rectify_bench::runs_here<Kernel>()) {
        return;
    }
    if constexpr (InPlace) {
        rectify_bench::add_both<T, Kernel>(impls, f, RECTIFY_BENCH_PEER_NAME);
    } else {
        rectify_bench::add_out<T, Kernel>(impls, f, RECTIFY_BENCH_PEER_NAME);
    }
}

// oneDNN's algorithm and alpha for smooth function s; false if it has none.
bool smooth_algorithm(rectify_bench::Smooth s, dnnl::algorithm& algorithm, float& alpha) {
    using rectify_bench::Smooth;
    alpha = 0.0f;
    switch (s) {
        case Smooth::gelu:
            algorithm = dnnl::algorithm::eltwise_gelu_erf;
            return true;
        case Smooth::gelu_tanh:
            algorithm = dnnl::algorithm::eltwise_gelu_tanh;
            return true;
        case Smooth::silu:
            algorithm = dnnl::algorithm::eltwise_swish;
            alpha = 1.0f;
            return true;
        case Smooth::sigmoid:
            algorithm = dnnl::algorithm::eltwise_logistic;
            return true;
        case Smooth::tanh:
            algorithm = dnnl::algorithm::eltwise_tanh;
            return true;
        case Smooth::elu:
        case Smooth::celu:
            algorithm = dnnl::algorithm::eltwise_elu;
            alpha = static_cast<float>(rectify_bench::smooth_alpha);
            return true;
        case Smooth::softplus:
            algorithm = dnnl::algorithm::eltwise_soft_relu;
            return true;
        case Smooth::mish:
            algorithm = dnnl::algorithm::eltwise_mish;
            return true;
        case Smooth::selu:
            break;
    }
    return false;
}

// A smooth function's forward (value) or backward pass, f32, out of place.
// relu6, hardtanh (its defaults, -1 and 1) and hardswish, and their backward
// passes: clip_v2 (which clamps, and passes the gradient for alpha < x <
// beta) and hardswish. oneDNN 2.6 has no hardsigmoid and no threshold.
bool family_algorithm(Function f, dnnl::algorithm& algorithm, float& alpha, float& beta) {
    alpha = 0.0f;
    beta = 0.0f;
    switch (f) {
        case Function::relu6:
        case Function::relu6_backward:
            algorithm = dnnl::algorithm::eltwise_clip_v2;
            beta = 6.0f;
            return true;
        case Function::hardtanh:
        case Function::hardtanh_backward:
            algorithm = dnnl::algorithm::eltwise_clip_v2;
            alpha = -1.0f;
            beta = 1.0f;
            return true;
        case Function::hardswish:
        case Function::hardswish_backward:
            algorithm = dnnl::algorithm::eltwise_hardswish;
            return true;
        default:
            return false;
    }
}

template <Function F>
constexpr bool backward_pass = rectify_bench::is_smooth(F) ? rectify_bench::form_of(F) == rectify_bench::SmoothForm::backward
                                                           : F == Function::relu6_backward || F == Function::hardtanh_backward ||
                                                                 F == Function::hardswish_backward;

// One eltwise primitive on T: a smooth function, or relu6, hardtanh or hardswish.
template <class T, Function F>
class OneDnnSmoothKernel final : public rectify_bench::Kernel {
  public:
    static constexpr bool backward = backward_pass<F>;

    explicit OneDnnSmoothKernel(const Buffers& b) {
        dnnl::algorithm algorithm{};
        float a = 0.0f;
        float beta = 0.0f;
        if constexpr (rectify_bench::is_smooth(F)) {
            smooth_algorithm(rectify_bench::smooth_of(F), algorithm, a);
        } else {
            family_algorithm(F, algorithm, a, beta);
        }
        const dnnl::memory::desc md({static_cast<dnnl::memory::dim>(b.n)}, data_type<T>,
                                    dnnl::memory::format_tag::a);
        const dnnl::memory x(md, engine_, const_cast<void*>(b.x));
        const dnnl::memory out(md, engine_, b.out);
        if constexpr (backward) {
            const dnnl::eltwise_forward::primitive_desc hint(
                {dnnl::prop_kind::forward_training, algorithm, md, a, beta}, engine_);
            const dnnl::eltwise_backward::primitive_desc pd({algorithm, md, md, a, beta}, engine_, hint);
            primitive_ = dnnl::eltwise_backward(pd);
            args_ = {{DNNL_ARG_SRC, x},
                     {DNNL_ARG_DIFF_DST, dnnl::memory(md, engine_, const_cast<void*>(b.dy))},
                     {DNNL_ARG_DIFF_SRC, out}};
            label = pd.impl_info_str();
        } else {
            const dnnl::eltwise_forward::primitive_desc pd(
                {dnnl::prop_kind::forward_inference, algorithm, md, a, beta}, engine_);
            primitive_ = dnnl::eltwise_forward(pd);
            args_ = {{DNNL_ARG_SRC, x}, {DNNL_ARG_DST, out}};
            label = pd.impl_info_str();
        }
        label = "oneDNN " + std::to_string(DNNL_VERSION_MAJOR) + "." + std::to_string(DNNL_VERSION_MINOR) +
                ", " + label;
    }

    void run(double) override {
        primitive_.execute(stream_, args_);
        stream_.wait();
    }

  private:
    dnnl::engine engine_{dnnl::engine::kind::cpu, 0};
    dnnl::stream stream_{engine_};
    dnnl::primitive primitive_;
    std::unordered_map<int, dnnl::memory> args_;
};

template <class T, std::size_t... I>
void add_smooth(std::vector<rectify_bench::Impl>& impls, std::index_sequence<I...>) {
    constexpr int first = static_cast<int>(Function::gelu);
    (
        [&] {
            constexpr Function f = static_cast<Function>(first + static_cast<int>(I));
            dnnl::algorithm algorithm{};
            float a = 0.0f;
            if (rectify_bench::form_of(f) != rectify_bench::SmoothForm::derivative &&
                smooth_algorithm(rectify_bench::smooth_of(f), algorithm, a)) {
                if constexpr (std::is_same_v<T, float>) {
                    rectify_bench::add_out<T, OneDnnSmoothKernel<T, f>>(impls, f, RECTIFY_BENCH_PEER_NAME);
                } else {
                    add_if_runs<T, OneDnnSmoothKernel<T, f>, false>(impls, f);
                }
            }
        }(),
        ...);
}

// Everything the float runs have but i8's relu, on a 16-bit type T, where
// this CPU runs it.
template <class T>
void add_half(std::vector<rectify_bench::Impl>& impls) {
    add_if_runs<T, OneDnnKernel<T, Function::relu>, true>(impls, Function::relu);
    add_if_runs<T, OneDnnKernel<T, Function::leaky_relu>, true>(impls, Function::leaky_relu);
    add_if_runs<T, OneDnnKernel<T, Function::relu_backward>, true>(impls, Function::relu_backward);
    add_if_runs<T, OneDnnKernel<T, Function::leaky_relu_backward>, true>(impls, Function::leaky_relu_backward);
    add_smooth<T>(impls, std::make_index_sequence<3 * rectify_bench::smooth_count>());
    add_if_runs<T, OneDnnSmoothKernel<T, Function::relu6>, true>(impls, Function::relu6);
    add_if_runs<T, OneDnnSmoothKernel<T, Function::relu6_backward>, true>(impls, Function::relu6_backward);
    add_if_runs<T, OneDnnSmoothKernel<T, Function::hardtanh>, true>(impls, Function::hardtanh);
    add_if_runs<T, OneDnnSmoothKernel<T, Function::hardtanh_backward>, true>(impls, Function::hardtanh_backward);
    add_if_runs<T, OneDnnSmoothKernel<T, Function::hardswish>, false>(impls, Function::hardswish);
    add_if_runs<T, OneDnnSmoothKernel<T, Function::hardswish_backward>, false>(impls, Function::hardswish_backward);
}

}  // namespace

RECTIFY_BENCH_EXPORT std::vector<rectify_bench::Impl> RECTIFY_BENCH_PEER_FUNCTION() {
    omp_set_num_threads(1);  // for the calling thread, the benchmark's

    std::vector<rectify_bench::Impl> impls;
    add<float, Function::relu>(impls);
    add<float, Function::leaky_relu>(impls);
    add<float, Function::relu_backward>(impls);
    add<float, Function::leaky_relu_backward>(impls);
    add<std::int8_t, Function::relu>(impls);
    add_smooth<float>(impls, std::make_index_sequence<3 * rectify_bench::smooth_count>());
    rectify_bench::add_both<float, OneDnnSmoothKernel<float, Function::relu6>>(impls, Function::relu6,
                                                                              RECTIFY_BENCH_PEER_NAME);
    rectify_bench::add_both<float, OneDnnSmoothKernel<float, Function::relu6_backward>>(
        impls, Function::relu6_backward, RECTIFY_BENCH_PEER_NAME);
    rectify_bench::add_both<float, OneDnnSmoothKernel<float, Function::hardtanh>>(impls, Function::hardtanh,
                                                                                 RECTIFY_BENCH_PEER_NAME);
    rectify_bench::add_both<float, OneDnnSmoothKernel<float, Function::hardtanh_backward>>(
        impls, Function::hardtanh_backward, RECTIFY_BENCH_PEER_NAME);
    rectify_bench::add_out<float, OneDnnSmoothKernel<float, Function::hardswish>>(impls, Function::hardswish,
                                                                                 RECTIFY_BENCH_PEER_NAME);
    rectify_bench::add_out<float, OneDnnSmoothKernel<float, Function::hardswish_backward>>(
        impls, Function::hardswish_backward, RECTIFY_BENCH_PEER_NAME);
    add_half<rectify_bench::bf16>(impls);
    add_half<rectify_bench::f16>(impls);
    return impls;
}
