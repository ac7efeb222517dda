// The exhaustive test: every float bit pattern (all 2^32 of them), every
// 8- and 16-bit integer, every rectify::float16_t and rectify::bfloat16_t
// pattern (and _Float16, std::bfloat16_t, where the compiler has them), and a
// dense sweep of doubles, through every span function on every kernel this
// CPU runs, each forced in turn, compared element by element with the scalar
// definition. Equal means the same bits, or NaN where the definition gives
// NaN (the one latitude the contract leaves: a NaN's sign and payload when
// arithmetic creates or quiets it; how often that happened is reported).
//
//   rectify_exhaustive [--float-stride K] [--double-random-log2 R]
//                      [--narrow-block-step S] [--threads N]
//                      [--only small|double|float[,...]] [--float-part I/N]
//
// --float-stride K tries every K-th float pattern only (K = 1, the default,
// is all of them; larger K is for quick runs and slow emulators), and
// --double-random-log2 R takes 2^R random doubles (default 25).
// --narrow-block-step S checks relu6, hardtanh, hardsigmoid, hardswish and
// threshold on the kernels narrower than the widest in every S-th block of
// inputs only (default 1: all; CI uses 32: every input on the widest kernel
// and in the scalar rounding check, a sample on the others). Exit 0 when
// everything agreed, 1 otherwise (the first disagreements are printed).
// A run can be split into parts that together check the same inputs, for
// processes that run side by side (CI runs five on one core each):
// --only takes some of the sweeps, `small` (the 8- and 16-bit types and their
// rounding checks), `double` and `float` (default: all three), and
// --float-part I/N the I-th of N equal ranges of the float sweep's blocks
// (1 <= I <= N; its blocks keep their numbers, so --narrow-block-step samples
// the same blocks however the sweep is split).
#include "../test_util.hpp"

#include <algorithm>
#include <atomic>
#include <barrier>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

namespace {

// What the span forms are checked on: every function, leaky at two alphas
// (a small one whose products round and underflow into subnormals, one
// above 1 whose products overflow), backward passes with a fixed grad and
// with a grad that runs through every pattern too (the input's bits rotated
// by half their width: every x meets a different grad, NaNs and infinities
// included).
using rt::fn;
enum class grad { none, fixed, rotated };

struct config {
    fn function;
    double alpha;  // the parameters: leaky_relu's alpha; hardtanh's lo and hi; threshold's threshold and value
    grad gradient;
    const char* label;
    double beta = 0;
};

constexpr double small_alpha = 0.01;
constexpr double large_alpha = 3.0;
constexpr double fixed_grad = 0.3;

constexpr config floating_configs[] = {
    {fn::relu, 0, grad::none, "relu"},
    {fn::relu_derivative, 0, grad::none, "relu_derivative"},
    {fn::relu_backward, 0, grad::fixed, "relu_backward(x, 0.3)"},
    {fn::relu_backward, 0, grad::rotated, "relu_backward(x, rotl(x))"},
    {fn::leaky, small_alpha, grad::none, "leaky_relu(x, 0.01)"},
    {fn::leaky, large_alpha, grad::none, "leaky_relu(x, 3)"},
    {fn::leaky_derivative, small_alpha, grad::none, "leaky_relu_derivative(x, 0.01)"},
    {fn::leaky_derivative, large_alpha, grad::none, "leaky_relu_derivative(x, 3)"},
    {fn::leaky_backward, small_alpha, grad::fixed, "leaky_relu_backward(x, 0.3, 0.01)"},
    {fn::leaky_backward, large_alpha, grad::fixed, "leaky_relu_backward(x, 0.3, 3)"},
    {fn::leaky_backward, small_alpha, grad::rotated, "leaky_relu_backward(x, rotl(x), 0.01)"},
    {fn::relu6, 0, grad::none, "relu6"},
    {fn::relu6_derivative, 0, grad::none, "relu6_derivative"},
    {fn::relu6_backward, 0, grad::rotated, "relu6_backward(x, rotl(x))"},
    {fn::hardtanh, -1, grad::none, "hardtanh(x, -1, 1)", 1},
    {fn::hardtanh_derivative, -2.5, grad::none, "hardtanh_derivative(x, -2.5, 0.75)", 0.75},
    {fn::hardtanh_backward, -1, grad::rotated, "hardtanh_backward(x, rotl(x), -1, 1)", 1},
    {fn::hardsigmoid, 0, grad::none, "hardsigmoid"},
    {fn::hardsigmoid_derivative, 0, grad::none, "hardsigmoid_derivative"},
    {fn::hardsigmoid_backward, 0, grad::rotated, "hardsigmoid_backward(x, rotl(x))"},
    {fn::hardswish, 0, grad::none, "hardswish"},
    {fn::hardswish_derivative, 0, grad::none, "hardswish_derivative"},
    {fn::hardswish_backward, 0, grad::rotated, "hardswish_backward(x, rotl(x))"},
    {fn::threshold, 0.5, grad::none, "threshold(x, 0.5, -2)", -2},
    {fn::threshold_derivative, -0.0, grad::none, "threshold_derivative(x, -0)"},
    {fn::threshold_backward, 0.5, grad::rotated, "threshold_backward(x, rotl(x), 0.5)"},
};
constexpr config integer_configs[] = {
    {fn::relu, 0, grad::none, "relu"},
    {fn::relu_derivative, 0, grad::none, "relu_derivative"},
    {fn::relu_backward, 0, grad::fixed, "relu_backward(x, 3)"},
    {fn::relu_backward, 0, grad::rotated, "relu_backward(x, rotl(x))"},
};

template <class T>
std::span<const config> configs_for() {
    if constexpr (rectify::floating<T>) {
        return floating_configs;
    } else {
        return integer_configs;
    }
}

// The unsigned integer holding a T's bits.
template <class T>
using bits_t = std::conditional_t<sizeof(T) == 1, std::uint8_t,
               std::conditional_t<sizeof(T) == 2, std::uint16_t,
               std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>>>;

template <class T>
bits_t<T> bits_of(T x) {
    return std::bit_cast<bits_t<T>>(x);
}
template <class T>
T from_bits(bits_t<T> b) {
    return std::bit_cast<T>(b);
}
template <class T>
std::string name_of() {
    if constexpr (rectify::integer<T>) {
        return (std::is_signed_v<T> ? "int" : "uint") + std::to_string(8 * sizeof(T));
    } else {
        return rt::type_name<T>();
    }
}

// The scalar definition over a block, one loop per function (which the
// compiler may vectorise: it must keep the scalar semantics all the same).
template <class T, class F>
void each(const T* x, const T* dy, T* want, std::size_t n, F f) {
    for (std::size_t i = 0; i < n; ++i) {
        want[i] = f(x[i], dy[i]);
    }
}

template <class T>
// NOLINTNEXTLINE(readability-function-cognitive-complexity): one case per function
void reference(const config& c, const T* x, const T* dy, T* want, std::size_t n) {
    [[maybe_unused]] const T a = static_cast<T>(c.alpha);
    [[maybe_unused]] const T b = static_cast<T>(c.beta);
    switch (c.function) {
        case fn::relu: return each(x, dy, want, n, [](T v, T) { return rectify::relu(v); });
        case fn::relu_derivative: return each(x, dy, want, n, [](T v, T) { return rectify::relu_derivative(v); });
        case fn::relu_backward: return each(x, dy, want, n, [](T v, T g) { return rectify::relu_backward(v, g); });
        default: break;
    }
    if constexpr (rectify::floating<T>) {
        switch (c.function) {
            case fn::leaky: return each(x, dy, want, n, [a](T v, T) { return rectify::leaky_relu(v, a); });
            case fn::leaky_derivative: return each(x, dy, want, n, [a](T v, T) { return rectify::leaky_relu_derivative(v, a); });
            case fn::leaky_backward: return each(x, dy, want, n, [a](T v, T g) { return rectify::leaky_relu_backward(v, g, a); });
            case fn::relu6: return each(x, dy, want, n, [](T v, T) { return rectify::relu6(v); });
            case fn::relu6_derivative: return each(x, dy, want, n, [](T v, T) { return rectify::relu6_derivative(v); });
            case fn::relu6_backward: return each(x, dy, want, n, [](T v, T g) { return rectify::relu6_backward(v, g); });
            case fn::hardtanh: return each(x, dy, want, n, [a, b](T v, T) { return rectify::hardtanh(v, a, b); });
            case fn::hardtanh_derivative: return each(x, dy, want, n, [a, b](T v, T) { return rectify::hardtanh_derivative(v, a, b); });
            case fn::hardtanh_backward: return each(x, dy, want, n, [a, b](T v, T g) { return rectify::hardtanh_backward(v, g, a, b); });
            case fn::hardsigmoid: return each(x, dy, want, n, [](T v, T) { return rectify::hardsigmoid(v); });
            case fn::hardsigmoid_derivative: return each(x, dy, want, n, [](T v, T) { return rectify::hardsigmoid_derivative(v); });
            case fn::hardsigmoid_backward: return each(x, dy, want, n, [](T v, T g) { return rectify::hardsigmoid_backward(v, g); });
            case fn::hardswish: return each(x, dy, want, n, [](T v, T) { return rectify::hardswish(v); });
            case fn::hardswish_derivative: return each(x, dy, want, n, [](T v, T) { return rectify::hardswish_derivative(v); });
            case fn::hardswish_backward: return each(x, dy, want, n, [](T v, T g) { return rectify::hardswish_backward(v, g); });
            case fn::threshold: return each(x, dy, want, n, [a, b](T v, T) { return rectify::threshold(v, a, b); });
            case fn::threshold_derivative: return each(x, dy, want, n, [a](T v, T) { return rectify::threshold_derivative(v, a); });
            case fn::threshold_backward: return each(x, dy, want, n, [a](T v, T g) { return rectify::threshold_backward(v, g, a); });
            default: break;
        }
    }
    std::abort();  // an integer type with a floating-only config: never built
}

// Runs worker on `threads` threads (this one among them) and waits for all.
template <class F>
void on_threads(unsigned threads, F& worker) {
    std::vector<std::thread> pool;
    for (unsigned i = 1; i < threads; ++i) {
        pool.emplace_back(worker);
    }
    worker();
    for (std::thread& th : pool) {
        th.join();
    }
}

// What one sweep found. Disagreements are failures; NaNs that agree only as
// NaNs (different sign or payload) are counted to be reported.
struct tally {
    std::atomic<std::uint64_t> compared{0};
    std::atomic<std::uint64_t> disagreements{0};
    std::atomic<std::uint64_t> nan_bits_differ{0};
    std::mutex print;
    int printed = 0;
};

template <class T>
void report(tally& t, const config& c, rectify::isa path, T x, T dy, T want, T got) {
    const std::lock_guard<std::mutex> lock(t.print);
    if (t.printed++ < 20) {
        std::printf("DISAGREE %s %s on %s: x = %s, dy = %s: definition %s, span form %s\n",
                    name_of<T>().c_str(), c.label, rectify::isa_name(path), rt::show(x).c_str(),
                    rt::show(dy).c_str(), rt::show(want).c_str(), rt::show(got).c_str());
    }
}

// One block of inputs: the definition's values of every config, computed
// once (prepare), then the span forms on each kernel in turn (run), every
// kernel against the same values. The output sits one element past an
// aligned start, so every store is misaligned and the block's length (not a
// multiple of any vector) leaves a tail for the kernels to handle.
template <class T>
struct block_check {
    std::vector<T> x, fixed_dy, rotated_dy, want, out_storage;
    std::size_t capacity;

    explicit block_check(std::size_t n)
        : x(n), fixed_dy(n), rotated_dy(n), want(n * configs_for<T>().size()), out_storage(n + 1), capacity(n) {}

    // relu6 ... threshold on a narrower kernel's block that is not sampled
    // (see narrow_block_step): only the relu and leaky_relu configs check it.
    static bool checked(const config& c, bool sampled) {
        return sampled || !rt::floating_only(c.function) || c.function == fn::leaky ||
               c.function == fn::leaky_derivative || c.function == fn::leaky_backward;
    }
    const T* dy_of(const config& c) const {
        return c.gradient == grad::rotated ? rotated_dy.data() : fixed_dy.data();
    }

    // x[0, n) is filled: the gradients and the definition's values.
    void prepare(std::size_t n) {
        for (std::size_t i = 0; i < n; ++i) {
            fixed_dy[i] = static_cast<T>(rectify::floating<T> ? fixed_grad : 3.0);
            rotated_dy[i] = from_bits<T>(std::rotl(bits_of(x[i]), static_cast<int>(sizeof(T) * 4)));
        }
        const std::span<const config> configs = configs_for<T>();
        for (std::size_t k = 0; k < configs.size(); ++k) {
            reference(configs[k], x.data(), dy_of(configs[k]), want.data() + k * capacity, n);
        }
    }

    // The span forms on the kernel now forced, against the values prepared.
    void run(std::size_t n, rectify::isa path, tally& t, bool sampled) {
        if (rectify::active_isa() != path) {  // the barrier's completion step forces it (see sweep)
            const std::lock_guard<std::mutex> lock(t.print);
            std::printf("WRONG KERNEL: %s active where %s is checked\n", rectify::isa_name(rectify::active_isa()),
                        rectify::isa_name(path));
            t.disagreements.fetch_add(1, std::memory_order_relaxed);
            return;
        }
        const std::span<T> out(out_storage.data() + 1, n);
        const std::span<const config> configs = configs_for<T>();
        for (std::size_t k = 0; k < configs.size(); ++k) {
            const config& c = configs[k];
            if (!checked(c, sampled)) {
                continue;
            }
            const T* dy = dy_of(c);
            const T* w = want.data() + k * capacity;
            rt::span_form<T>(c.function, std::span<const T>(x.data(), n), std::span<const T>(dy, n), out,
                             static_cast<T>(c.alpha), static_cast<T>(c.beta));
            t.compared.fetch_add(n, std::memory_order_relaxed);
            if (std::memcmp(w, out.data(), n * sizeof(T)) == 0) {
                continue;  // the common case: every element bit for bit
            }
            std::uint64_t nan_differ = 0;
            for (std::size_t i = 0; i < n; ++i) {
                if (bits_of(w[i]) == bits_of(out[i])) {
                    continue;
                }
                if constexpr (rectify::floating<T>) {
                    if (rt::is_nan(w[i]) && rt::is_nan(out[i])) {
                        ++nan_differ;
                        continue;
                    }
                }
                t.disagreements.fetch_add(1, std::memory_order_relaxed);
                report(t, c, path, x[i], dy[i], w[i], out[i]);
            }
            t.nan_bits_differ.fetch_add(nan_differ, std::memory_order_relaxed);
        }
    }
};

// Runs `count` inputs, value(i) for i in [0, count), through every config
// on every kernel. Returns false on any disagreement.
// relu6, hardtanh, hardsigmoid, hardswish and threshold run every input on
// the widest kernel and every narrow_block_step-th block on the others (the
// relu and leaky_relu functions: every input on every kernel).
//
// The threads take the blocks in rounds, a block each. In a round each
// computes its block's definition values once, then all run the span forms
// on each kernel in turn: the kernel is a process-wide choice (force_isa), so
// a barrier separates the kernels, and its completion step forces the next.
// (The definition's scalar loops cost more than the kernels: computed once a
// block rather than once a kernel, they take about a quarter off the sweep
// of every float.) The time between barriers is charged to the kernel, or to
// the definition, that ran; a kernel's check first makes sure that the
// kernel running is the one forced.
std::uint64_t narrow_block_step = 1;

// also(x, want, capacity, n) is called with each block's definition values
// (want[k * capacity + i] for config k), from the block's thread.
struct nothing_more {
    template <class T>
    void operator()(const T* /*x*/, const T* /*want*/, std::size_t /*capacity*/, std::size_t /*n*/) const {}
};

// A part of a sweep: the index-th (0-based) of `of` equal ranges of its blocks.
struct part {
    std::uint64_t index = 0;
    std::uint64_t of = 1;
};

template <class T, class Value, class Also = nothing_more>
bool sweep(std::string_view what, std::uint64_t count, Value value, unsigned threads, Also&& also = {},
           part range = {}) {
    constexpr std::size_t block = 65521;  // a prime: every block ends in a tail
    const std::uint64_t blocks = (count + block - 1) / block;
    const std::uint64_t first_block = blocks * range.index / range.of;
    const std::uint64_t end_block = blocks * (range.index + 1) / range.of;
    const std::uint64_t rounds = (end_block - first_block + threads - 1) / threads;
    const std::uint64_t inputs = std::min(count, end_block * block) - std::min(count, first_block * block);
    const rt::each_isa kernels;
    const std::size_t paths = kernels.runnable.size();
    std::vector<tally> tallies(paths);
    std::vector<double> seconds(paths + 1);  // each kernel's, then the definition's
    std::size_t phase = 0;  // 0: the definition, k + 1: kernel k; touched by the completion step only
    auto last = std::chrono::steady_clock::now();
    auto next_phase = [&]() noexcept {
        const auto now = std::chrono::steady_clock::now();
        seconds[phase == 0 ? paths : phase - 1] += std::chrono::duration<double>(now - last).count();
        last = now;
        phase = (phase + 1) % (paths + 1);
        if (phase != 0) {
            rectify::force_isa(kernels.runnable[phase - 1]);
        }
    };
    std::barrier sync(static_cast<std::ptrdiff_t>(threads), next_phase);
    auto worker = [&](unsigned thread) {
        block_check<T> check(static_cast<std::size_t>(std::min<std::uint64_t>(block, count)));
        for (std::uint64_t round = 0; round < rounds; ++round) {
            const std::uint64_t b = first_block + round * threads + thread;
            const std::uint64_t first = b * block;
            const auto n = b < end_block ? static_cast<std::size_t>(std::min<std::uint64_t>(block, count - first)) : 0;
            for (std::size_t i = 0; i < n; ++i) {
                check.x[i] = value(first + i);
            }
            check.prepare(n);
            also(check.x.data(), check.want.data(), check.capacity, n);
            for (std::size_t k = 0; k < paths; ++k) {
                sync.arrive_and_wait();  // the kernels before are done; kernel k is forced
                if (n != 0) {
                    // (The 8- and 16-bit types, two blocks, in full on every kernel.)
                    check.run(n, kernels.runnable[k], tallies[k],
                              k + 1 == paths || b % narrow_block_step == 0 || count <= 65536);
                }
            }
            sync.arrive_and_wait();  // the last kernel is done
        }
    };
    std::vector<std::thread> pool;
    for (unsigned i = 1; i < threads; ++i) {
        pool.emplace_back(worker, i);
    }
    worker(0);
    for (std::thread& th : pool) {
        th.join();
    }
    bool ok = true;
    for (std::size_t k = 0; k < paths; ++k) {
        const tally& t = tallies[k];
        std::printf("%-8s %-38.*s %12llu inputs x %2zu functions: %13llu comparisons: %llu disagree, "
                    "%llu NaN results equal only as NaN; %.1f s\n",
                    rectify::isa_name(kernels.runnable[k]), static_cast<int>(what.size()), what.data(),
                    static_cast<unsigned long long>(inputs), configs_for<T>().size(),
                    static_cast<unsigned long long>(t.compared.load()),
                    static_cast<unsigned long long>(t.disagreements.load()),
                    static_cast<unsigned long long>(t.nan_bits_differ.load()), seconds[k]);
        ok = ok && t.disagreements.load() == 0;
    }
    std::printf("%-8s %-38.*s %12llu inputs x %2zu functions: the definition, once for every kernel; %.1f s\n",
                "scalar", static_cast<int>(what.size()), what.data(), static_cast<unsigned long long>(inputs),
                configs_for<T>().size(), seconds[paths]);
    std::fflush(stdout);
    return ok;
}

// Every pattern of a type of at most 32 bits, or every stride-th one.
template <class T, class Also = nothing_more>
bool every_pattern(unsigned threads, std::uint64_t stride = 1, Also&& also = {}, part range = {}) {
    const std::uint64_t patterns = std::uint64_t{1} << (8 * sizeof(T));
    const std::string of_part =
        range.of == 1 ? std::string() : ", part " + std::to_string(range.index + 1) + "/" + std::to_string(range.of);
    const std::string what = "every " + name_of<T>() +
                             (stride == 1 ? std::string() : " (1 in " + std::to_string(stride) + ")") + of_part;
    const auto value = [stride](std::uint64_t i) { return from_bits<T>(static_cast<bits_t<T>>(i * stride)); };
    if constexpr (rectify::floating<T> && sizeof(T) == 2) {
        // Each kernel computing, then through its tables of every result; for
        // bfloat16 on an AVX-512 CPU once more with the avx512 kernel's products
        // in integer code instead of AVX-512 BF16's conversion, for binary16 on
        // a CPU with AVX-512 FP16 once more with them through F16C and float
        // instead of its arithmetic (kernels of their own, which the avx512
        // kernel takes where the CPU has them).
        bool ok = true;
        const bool avx512 = rectify::isa_supported(rectify::isa::avx512);
        const bool bf16 = std::numeric_limits<T>::digits == 8;
        const bool both = avx512 && (bf16 ? !rt::avx512_bf16_off_by_environment
                                          : rt::cpu_has_avx512_fp16() && !rt::avx512_fp16_off_by_environment);
        for (const bool instructions : {true, false}) {
            if (!instructions && !both) {
                break;
            }
            // (Each switch as it was, but this type's in a run of both ways.)
            const rt::avx512_bf16_products products(bf16 && both ? instructions : rt::avx512_bf16_now());
            const rt::avx512_fp16_products fp16_products(!bf16 && both ? instructions : rt::avx512_fp16_now());
            const std::string how = instructions ? "" : bf16 ? ", no AVX-512 BF16" : ", no AVX-512 FP16";
            for (const rt::half_table_mode mode : rt::half_table_modes) {
                const rt::half_tables_from tables(mode.from);
                ok = sweep<T>(what + ", " + mode.name + how, (patterns + stride - 1) / stride, value, threads, also) &&
                     ok;
            }
        }
        return ok;
    } else {
        return sweep<T>(what, (patterns + stride - 1) / stride, value, threads, std::forward<Also>(also), range);
    }
}

// ---- hardsigmoid, hardswish and hardswish' are correctly rounded --------------
//
// The span forms equal the scalar forms (above); here the scalar forms of the
// three functions whose values are rounded, v = P / 6 with P = x + 3, x^2 + 3x
// or 2x + 3, are checked against the real value for every input of a type
// narrower than double (float, the 16-bit types), by a method of the test's
// own: y is v rounded to nearest (ties to even) exactly when v lies between
// the midpoints m- and m+ that y shares with its neighbours (on a midpoint
// only if y is even), and v - m has the sign of P - 6m, a sum of three terms
//   x + 3 - 6m,   2x + 3 - 6m,   x^2 + 3x - 6m,
// each exact in long double: x, 2x, 3x and 3 have at most 26 significant
// bits, 6m at most 27 (m, the mean of two neighbours of at most 24 bits, has
// at most 25), x^2 at most 48, and long double's exponent range holds them
// all (x^2 >= 2^-266 for bfloat16's smallest subnormal x, 2^-133). The sign
// of the sum is found exactly: from 6m - 3 (or 6m - 3x) as rounded where P
// lies farther from it than its rounding error, else by rt::sign_of_sum
// (Shewchuk's Grow-Expansion: error-free TwoSum steps rewrite the sum as
// h1 + h2 + h3, nonoverlapping, whose sign is that of the largest nonzero h).
// (This test used to take 6m - 3 as rounded to be exact, which needs it to
// span at most 64 bits. It does not at y = 0 for hardswish'(-1.5), where
// m = +-2^-150 in float and +-2^-134 in bfloat16 (the tie went to the even 0
// all the same), nor for a wrong y far below v, which the check must reject.
// The exact sign needs no such bound, for any exponent range.)
static_assert(std::numeric_limits<long double>::digits >= 64, "the check needs a 64-bit significand");

enum class rational { hardsigmoid, hardswish, hardswish_derivative };

// The sign of v - m for the exact midpoint m: of lhs - (6m - c).
int side_of(rational r, long double x, long double m) {
    const long double lhs = r == rational::hardsigmoid ? x : r == rational::hardswish ? x * x : 2 * x;
    const long double c = r == rational::hardswish ? 3 * x : 3;
    const long double six_m = 6 * m;
    // Mostly 6m - c as rounded decides: it is within 2^-64 |rhs| (1 + 2^-63)
    // of the exact difference, and the slack, twice that bound, still covers
    // it after rhs +- slack is rounded (to within 2^-64 |rhs +- slack|). A
    // rhs of 0 is exact (a difference that rounds to 0 is 0) and has no slack.
    const long double rhs = six_m - c;
    const long double slack = std::fabs(rhs) * 0x1p-62L;
    if (lhs > rhs + slack) {
        return 1;
    }
    if (lhs < rhs - slack) {
        return -1;
    }
    return rt::sign_of_sum(lhs, -six_m, c);
}

template <class T>
T neighbour(T y, bool above) {
    const auto b = bits_of(y);
    const auto sign = static_cast<bits_t<T>>(bits_t<T>(1) << (8 * sizeof(T) - 1));
    if ((b & static_cast<bits_t<T>>(~sign)) == 0) {
        return from_bits<T>(above ? bits_t<T>(1) : static_cast<bits_t<T>>(sign | 1U));
    }
    const bool away = (b & sign) == 0 ? above : !above;
    return from_bits<T>(static_cast<bits_t<T>>(away ? b + 1U : b - 1U));
}

// True if y is P / 6 rounded to nearest, ties to even, with the sign of the
// real value when it rounds to zero.
template <class T>
bool correctly_rounded(rational r, T x, T y) {
    if (y != y) {  // NOLINT(misc-redundant-expression): NaN
        return false;
    }
    const long double xl = static_cast<long double>(x);
    const bool even = (bits_of(y) & 1U) == 0;
    const auto yd = static_cast<long double>(y);
    const long double m_low = (yd + static_cast<long double>(neighbour(y, false))) / 2;
    const long double m_high = (yd + static_cast<long double>(neighbour(y, true))) / 2;
    const int low = side_of(r, xl, m_low);
    const int high = side_of(r, xl, m_high);
    if (!(low > 0 || (low == 0 && even)) || !(high < 0 || (high == 0 && even))) {
        return false;
    }
    if (y == T(0)) {  // the zero of the real value's sign (+0 for an exact 0, -0 kept by hardswish(-0))
        const int s = side_of(r, xl, 0.0L);
        return rt::sign_bit(y) == (s < 0 || (s == 0 && rt::sign_bit(x) && r == rational::hardswish));
    }
    return true;
}

const char* rational_name(rational r) {
    switch (r) {
        case rational::hardsigmoid: return "hardsigmoid";
        case rational::hardswish: return "hardswish";
        case rational::hardswish_derivative: return "hardswish_derivative";
    }
    return "?";
}

template <class T>
T rational_value(rational r, T x) {
    switch (r) {
        case rational::hardsigmoid: return rectify::hardsigmoid(x);
        case rational::hardswish: return rectify::hardswish(x);
        case rational::hardswish_derivative: return rectify::hardswish_derivative(x);
    }
    return x;
}

// A filter in front of correctly_rounded<float>: it accepts 99.57% of the
// float results, which makes the check of every float about ten times
// cheaper (145 s of CPU to 15); it only ever accepts, and whatever it does
// not accept goes to the exact check above. Why an acceptance is sound: for
// a float x, x, 2x, 3x, x^2 and 3 are exact in double (x^2 has at most 48
// significant bits and is at least 2^-298), so P as computed below is the
// exact P rounded once (with or without a fused multiply-add), and v = P / 6
// rounded once more: v = (P / 6)(1 + e1)(1 + e2) with |e1|, |e2| <= 2^-53,
// so |v - P/6| <= 2^-51.9 |v|. Nothing underflows: P = 0 gives v = 0
// exactly, and otherwise |P| >= 2^-149, far above double's 2^-1022. The
// midpoints m- < m+ that y
// shares with its neighbours (floats of at most 25 bits in all) are exact in
// double, and slack = 2^-50 |v| is exact (a power-of-two scaling). If
// v - slack as rounded is above m-, so is v - slack itself (rounding is
// monotone and m- is a double), hence P / 6 > v - 2^-50 |v| > m-; likewise
// P / 6 < m+. P / 6 then lies strictly between y's midpoints: y, not 0, is
// its nearest float, and no tie arises. The 16-bit types keep the exact check
// alone, with its self-check (a neighbour must fail it).
// (Written without branches or calls, so that the compiler vectorises the
// loop over a block in float_rounding below: a part of the float sweep takes
// 6-8% less than with the filter one result at a time, branching, and the
// acceptances are those of that form, compared on 660 million pairs (x, y),
// zeros, infinities and NaNs among them. For y not 0 nor NaN, y's neighbours are
// its bits -1 and +1, below and above for positive y, the other way round
// for negative y; the largest float's upper neighbour is inf, and the
// comparison with an infinite midpoint is as true as it must be.)
template <rational R>
bool accepted_in_double(float x, float y) {
    const auto xd = static_cast<double>(x);
    const double p = R == rational::hardsigmoid ? xd + 3 : R == rational::hardswish ? xd * xd + 3 * xd : 2 * xd + 3;
    const double v = p / 6;
    const double slack = std::fabs(v) * 0x1p-50;
    const auto b = std::bit_cast<std::uint32_t>(y);
    const std::uint32_t toward_above = (b >> 31U) == 0 ? 1U : 0xffffffffU;  // +1, or -1 for negative y
    const auto yd = static_cast<double>(y);
    const double m_low = (yd + static_cast<double>(std::bit_cast<float>(b - toward_above))) / 2;
    const double m_high = (yd + static_cast<double>(std::bit_cast<float>(b + toward_above))) / 2;
    const bool nonzero = ((b & 0x7fffffffU) - 1U) < 0x7f800000U;  // not +-0 nor NaN: the exact check decides those
    return nonzero & (v - slack > m_low) & (v + slack < m_high);
}
bool accepted_in_double(rational r, float x, float y) {
    switch (r) {
        case rational::hardsigmoid: return accepted_in_double<rational::hardsigmoid>(x, y);
        case rational::hardswish: return accepted_in_double<rational::hardswish>(x, y);
        case rational::hardswish_derivative: return accepted_in_double<rational::hardswish_derivative>(x, y);
    }
    return false;
}

// What is wrong with y = f(x), or nullptr: y not correctly rounded; or (for
// the 16-bit types, where it is cheap) the check itself wrong, accepting a
// neighbour of y too.
template <class T>
const char* rounding_fault(rational r, T x, T y) {
    if constexpr (std::is_same_v<T, float>) {
        if (accepted_in_double(r, x, y)) {
            return nullptr;
        }
    }
    if (!correctly_rounded(r, x, y)) {
        return "NOT CORRECTLY ROUNDED";
    }
    if constexpr (sizeof(T) == 2) {
        if (correctly_rounded(r, x, neighbour(y, false)) || correctly_rounded(r, x, neighbour(y, true))) {
            return "THE CHECK ACCEPTS A NEIGHBOUR OF";
        }
    }
    return nullptr;
}

// What the rounding checks found.
struct rounding_tally {
    std::atomic<std::uint64_t> checked{0};
    std::atomic<std::uint64_t> wrong{0};
    std::mutex print;
};

// Where the rounding decides a value: -3 < x < 3 (and -3 for hardswish').
template <class T>
bool rounding_decides(rational r, T x) {
    return (x > T(-3) && x < T(3)) || (x == T(-3) && r == rational::hardswish_derivative);
}

// y = f(x) checked; a fault counted and (the first 20) printed.
template <class T>
void check_rounding(rational r, T x, T y, rounding_tally& t) {
    if (const char* fault = rounding_fault(r, x, y)) {
        const std::lock_guard<std::mutex> lock(t.print);
        if (t.wrong.fetch_add(1) < 20) {
            std::printf("%s %s %s(%s) = %s\n", fault, name_of<T>().c_str(), rational_name(r), rt::show(x).c_str(),
                        rt::show(y).c_str());
        }
    }
}

// seconds < 0: the check ran within the sweep's definition step.
void print_rounding(const std::string& what, const rounding_tally& t, double seconds) {
    std::printf("scalar   every %-22s %12llu hardsigmoid, hardswish and hardswish' results: %llu not correctly "
                "rounded; ",
                what.c_str(), static_cast<unsigned long long>(t.checked.load()),
                static_cast<unsigned long long>(t.wrong.load()));
    if (seconds < 0) {
        std::printf("checked within the definition's time above\n");
    } else {
        std::printf("%.1f s\n", seconds);
    }
    std::fflush(stdout);
}

// Every pattern of T whose value the rounding decides, for the 16-bit types.
// For them the check is checked too: both neighbours of every result must fail it.
template <class T>
bool rounding_check(unsigned threads) {
    static_assert(sizeof(T) <= 4, "float and narrower: significands of at most 24 bits (see side_of)");
    const std::uint64_t patterns = std::uint64_t{1} << (8 * sizeof(T));
    constexpr std::uint64_t block = std::uint64_t{1} << 16;
    std::atomic<std::uint64_t> next{0};
    rounding_tally t;
    const auto start = std::chrono::steady_clock::now();
    auto worker = [&] {
        for (std::uint64_t b; (b = next.fetch_add(block)) < patterns;) {
            std::uint64_t here = 0;
            for (std::uint64_t i = b; i < b + block && i < patterns; ++i) {
                const T x = from_bits<T>(static_cast<bits_t<T>>(i));
                for (const rational r : {rational::hardsigmoid, rational::hardswish, rational::hardswish_derivative}) {
                    if (rounding_decides(r, x)) {
                        ++here;
                        check_rounding(r, x, rational_value(r, x), t);
                    }
                }
            }
            t.checked.fetch_add(here, std::memory_order_relaxed);
        }
    };
    on_threads(threads, worker);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    print_rounding(name_of<T>(), t, seconds);
    return t.wrong.load() == 0;
}

// Every float: the values of hardsigmoid, hardswish and hardswish' are the
// ones the sweep's definition step computes for every float anyway (the
// scalar forms, as rational_value gives them): checked there, as each block's
// are computed, rather than computed a second time.
struct float_rounding {
    rounding_tally t;

    void operator()(const float* x, const float* want, std::size_t capacity, std::size_t n) {
        const std::span<const config> configs = configs_for<float>();
        for (std::size_t k = 0; k < configs.size(); ++k) {
            rational r{};
            switch (configs[k].function) {
                case fn::hardsigmoid: r = rational::hardsigmoid; break;
                case fn::hardswish: r = rational::hardswish; break;
                case fn::hardswish_derivative: r = rational::hardswish_derivative; break;
                default: continue;
            }
            const float* y = want + k * capacity;
            switch (r) {
                case rational::hardsigmoid: check<rational::hardsigmoid>(x, y, n); break;
                case rational::hardswish: check<rational::hardswish>(x, y, n); break;
                case rational::hardswish_derivative: check<rational::hardswish_derivative>(x, y, n); break;
            }
        }
    }

    // The values y of R at x: the filter on every one (a loop the compiler
    // vectorises), then the whole check on those it leaves (0.43%).
    // (Called from every sweep thread at once: the marks are the call's own.)
    template <rational R>
    void check(const float* x, const float* y, std::size_t n) {
        std::vector<unsigned char> left(n);
        std::uint64_t here = 0;
        for (std::size_t i = 0; i < n; ++i) {
            // rounding_decides(R, x[i]), without the branches of && and ||
            const bool decides = ((x[i] > -3.0F) & (x[i] < 3.0F)) |
                                 ((x[i] == -3.0F) & (R == rational::hardswish_derivative));
            here += decides ? 1U : 0U;
            left[i] = (decides & !accepted_in_double<R>(x[i], y[i])) ? 1U : 0U;
        }
        for (std::size_t i = 0; i < n; ++i) {
            if (left[i] != 0) {
                check_rounding(R, x[i], y[i], t);
            }
        }
        t.checked.fetch_add(here, std::memory_order_relaxed);
    }
};

std::uint64_t splitmix64(std::uint64_t z) {
    z += 0x9e3779b97f4a7c15;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
    z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
    return z ^ (z >> 31);
}

// Doubles: both signs, every one of the 2048 exponents (zeros, subnormals,
// normals, infinities and NaNs), each with 64 significands (the edges: 0, 1,
// 2, the quiet bit, the top bits, all ones; and random ones); then
// 2^random_log2 random bit patterns.
bool double_sweep(unsigned threads, unsigned random_log2) {
    constexpr std::uint64_t significands = 64;
    constexpr std::uint64_t structured = 2 * 2048 * significands;
    const std::uint64_t random = std::uint64_t{1} << random_log2;
    constexpr std::uint64_t mantissa_mask = (std::uint64_t{1} << 52) - 1;
    constexpr std::uint64_t edges[] = {0,
                                       1,
                                       2,
                                       3,
                                       std::uint64_t{1} << 51,
                                       (std::uint64_t{1} << 51) | 1,
                                       std::uint64_t{1} << 50,
                                       mantissa_mask,
                                       mantissa_mask - 1,
                                       mantissa_mask >> 1,
                                       0x5555555555555 & mantissa_mask,
                                       0xaaaaaaaaaaaaa & mantissa_mask,
                                       0x8000000000001,
                                       0xfffff00000000,
                                       0x00000ffffffff,
                                       0x1000000000000};
    const auto value = [&](std::uint64_t i) {
        if (i < structured) {
            const std::uint64_t sig_index = i % significands;
            const std::uint64_t exponent = (i / significands) % 2048;
            const std::uint64_t sign = i / (significands * 2048);
            const std::uint64_t significand =
                sig_index < std::size(edges) ? edges[sig_index] : splitmix64(i) & mantissa_mask;
            return std::bit_cast<double>((sign << 63) | (exponent << 52) | significand);
        }
        return std::bit_cast<double>(splitmix64(i));
    };
    return sweep<double>("dense double sweep", structured + random, value, threads);
}

// The items of a comma-separated list.
std::vector<std::string_view> items(std::string_view list) {
    std::vector<std::string_view> all;
    for (;;) {
        const std::size_t comma = list.find(',');
        all.push_back(list.substr(0, comma));
        if (comma == std::string_view::npos) {
            return all;
        }
        list.remove_prefix(comma + 1);
    }
}

// Whether the list `only` (--only) names the sweep `what`.
bool names(std::string_view only, std::string_view what) {
    const std::vector<std::string_view> all = items(only);
    return std::find(all.begin(), all.end(), what) != all.end();
}

}  // namespace

int main(int argc, char** argv) {
    std::uint64_t float_stride = 1;
    unsigned double_random_log2 = 25;
    unsigned threads = std::max(1u, std::thread::hardware_concurrency());
    std::string_view only = "small,double,float";
    part float_part;
    bool usage = false;
    for (int i = 1; i + 1 < argc && !usage; i += 2) {
        const std::string_view arg = argv[i];
        if (arg == "--float-stride") {
            float_stride = std::max<std::uint64_t>(1, std::stoull(argv[i + 1]));
        } else if (arg == "--double-random-log2") {
            double_random_log2 = std::min(40u, static_cast<unsigned>(std::stoul(argv[i + 1])));
        } else if (arg == "--narrow-block-step") {
            narrow_block_step = std::max<std::uint64_t>(1, std::stoull(argv[i + 1]));
        } else if (arg == "--threads") {
            threads = std::max(1u, static_cast<unsigned>(std::stoul(argv[i + 1])));
        } else if (arg == "--only") {
            only = argv[i + 1];
            for (const std::string_view item : items(only)) {
                usage = usage || !names("small,double,float", item);
            }
        } else if (arg == "--float-part") {
            const std::string value = argv[i + 1];
            const std::size_t slash = value.find('/');
            usage = slash == std::string::npos;
            if (!usage) {
                const std::uint64_t index = std::stoull(value.substr(0, slash));
                float_part.of = std::stoull(value.substr(slash + 1));
                usage = index < 1 || index > float_part.of;
                float_part.index = index - 1;
            }
        } else {
            usage = true;
        }
    }
    if (usage || argc % 2 == 0) {
        std::fprintf(stderr,
                     "usage: %s [--float-stride K] [--double-random-log2 R] [--narrow-block-step S] "
                     "[--threads N] [--only small|double|float[,...]] [--float-part I/N]\n",
                     argv[0]);
        return 2;
    }
    std::printf("rectify exhaustive test: %u threads; automatic kernel %s; sweeps: %.*s", threads,
                rectify::isa_name(rectify::active_isa()), static_cast<int>(only.size()), only.data());
    if (float_part.of > 1) {
        std::printf(" (float: part %llu of %llu)", static_cast<unsigned long long>(float_part.index + 1),
                    static_cast<unsigned long long>(float_part.of));
    }
    std::printf("\n");
    const auto start = std::chrono::steady_clock::now();
    bool ok = true;
    if (names(only, "small")) {
        ok = every_pattern<std::int8_t>(threads) && ok;
        ok = every_pattern<std::uint8_t>(threads) && ok;
        ok = every_pattern<std::int16_t>(threads) && ok;
        ok = every_pattern<std::uint16_t>(threads) && ok;
        ok = every_pattern<rectify::float16_t>(threads) && ok;
        ok = rounding_check<rectify::float16_t>(threads) && ok;
        ok = every_pattern<rectify::bfloat16_t>(threads) && ok;
        ok = rounding_check<rectify::bfloat16_t>(threads) && ok;
#if RECTIFY_HAS_FLOAT16
        ok = every_pattern<_Float16>(threads) && ok;
        ok = rounding_check<_Float16>(threads) && ok;
#endif
#if RECTIFY_HAS_BFLOAT16
        ok = every_pattern<std::bfloat16_t>(threads) && ok;
        ok = rounding_check<std::bfloat16_t>(threads) && ok;
#endif
    }
    if (names(only, "double")) {
        ok = double_sweep(threads, double_random_log2) && ok;
    }
    if (names(only, "float")) {
        if (float_stride == 1) {
            float_rounding rounding;
            ok = every_pattern<float>(threads, 1, rounding, float_part) && ok;
            print_rounding("float", rounding.t, -1);
            ok = rounding.t.wrong.load() == 0 && ok;
        } else {
            ok = every_pattern<float>(threads, float_stride, nothing_more{}, float_part) && ok;
        }
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("rectify exhaustive test: %s in %.1f s\n", ok ? "every span form agreed with the definition"
                                                             : "DISAGREEMENTS (see above)",
                seconds);
    return ok ? 0 : 1;
}
