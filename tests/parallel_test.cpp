// The span forms under a standard execution policy: every function,
// derivative and backward pass (prelu's slope gradient included) gives the
// sequential call's bits on every kernel, for 1 to 8 threads and lengths
// around the chunk grid; bad input is refused with the sequential call's
// message before anything is written and before any worker runs.
//
// Built twice: with oneTBB (RECTIFY_TEST_TBB: the thread counts are forced
// with tbb::global_control and tbb::task_arena), and without it (libstdc++
// runs the parallel algorithms serially: the same calls, the same bits).
#include <execution>  // before rectify: the policy forms are there (RECTIFY_EXECUTION)

#include "catch.hpp"
#include "test_util.hpp"

#if RECTIFY_TEST_TBB
#    include <tbb/global_control.h>
#    include <tbb/task_arena.h>
#    include <tbb/task_scheduler_observer.h>
#endif

#include <atomic>
#include <cstring>
#include <random>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

static_assert(RECTIFY_EXECUTION == 1, "<execution> included first turns the policy forms on");

std::vector<float> second_tu_without_policies(const std::vector<float>& in);

namespace {

// The length from which the policies split, for every family, while alive.
struct parallel_from {
    std::size_t saved = rectify::detail_shared::parallel_cutoff.load();
    explicit parallel_from(std::size_t n) { rectify::detail_shared::parallel_cutoff.store(n); }
    parallel_from(const parallel_from&) = delete;
    parallel_from& operator=(const parallel_from&) = delete;
    ~parallel_from() { rectify::detail_shared::parallel_cutoff.store(saved); }
};

// Runs body() on `threads` threads (oneTBB), or once (no TBB).
template <class F>
void on_threads([[maybe_unused]] int threads, F&& body) {
#if RECTIFY_TEST_TBB
    const tbb::global_control most(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
    tbb::task_arena arena(threads);
    arena.execute(body);
#else
    body();
#endif
}

#if RECTIFY_TEST_TBB
constexpr int most_threads = 8;
#else
constexpr int most_threads = 1;
#endif

// Calls g() (policy 0: the form without a policy) or g(policy).
enum policy { none, seq, unseq, par, par_unseq };
template <class G>
void with_policy(policy p, G&& g) {
    switch (p) {
        case none: g(); return;
        case seq: g(std::execution::seq); return;
        case unseq: g(std::execution::unseq); return;
        case par: g(std::execution::par); return;
        case par_unseq: g(std::execution::par_unseq); return;
    }
}

template <class T>
using form = void (*)(policy, std::span<const T> x, std::span<const T> dy, std::span<T> out);

template <class T>
struct named_form {
    const char* name;
    form<T> run;
};

// One call, the policy (if any) first: CALL(gelu(p..., x, out)).
#define CALL(...)                                                                             \
    named_form<T> {                                                                           \
        #__VA_ARGS__, +[](policy k, std::span<const T> x, std::span<const T> dy, std::span<T> out) { \
            static_cast<void>(x);                                                             \
            static_cast<void>(dy);                                                            \
            with_policy(k, [&](const auto&... p) { rectify::__VA_ARGS__; });                  \
        }                                                                                     \
    }

// RECTIFY_TEST_PARALLEL_FEW (the sanitizer builds: tests/CMakeLists.txt)
// takes one form of each shape below rather than every function: the policy
// forms of every function split the range by the same code (detail::map and
// map_backward, whose only per-function part is the family's cutoff), and
// run on each chunk the sequential kernel, which the unit tests take through
// every length and offset under the same sanitizers. The plain builds check
// every function's bits.
#ifndef RECTIFY_TEST_PARALLEL_FEW
#    define RECTIFY_TEST_PARALLEL_FEW 0
#endif

// Every span form but prelu's: out of place, backward, and in place (out
// holds x before the call).
template <class T>
std::vector<named_form<T>> relu_family_forms() {
#if RECTIFY_TEST_PARALLEL_FEW
    return {
        CALL(relu(p..., x, out)),
        CALL(relu(p..., out)),
        CALL(relu_derivative(p..., x, out)),
        CALL(leaky_relu_backward(p..., x, dy, out, T(0.2f))),
        CALL(leaky_relu<std::ratio<1, 5>>(p..., out)),
        CALL(hardtanh(p..., out, -2.0, 3.0)),
        CALL(hardswish(p..., x, out)),
        CALL(threshold_backward(p..., x, dy, out, 0.5)),
    };
#else
    return {
        CALL(relu(p..., x, out)),
        CALL(relu_derivative(p..., x, out)),
        CALL(relu_backward(p..., x, dy, out)),
        CALL(relu(p..., out)),
        CALL(leaky_relu(p..., x, out, T(0.2f))),
        CALL(leaky_relu(p..., out, T(-0.5f))),
        CALL(leaky_relu_derivative(p..., x, out, T(0.2f))),
        CALL(leaky_relu_backward(p..., x, dy, out, T(0.2f))),
        CALL(leaky_relu<std::ratio<1, 5>>(p..., x, out)),
        CALL(leaky_relu<std::ratio<1, 5>>(p..., out)),
        CALL(leaky_relu_derivative<std::ratio<1, 5>>(p..., x, out)),
        CALL(leaky_relu_backward<std::ratio<1, 5>>(p..., x, dy, out)),
#if RECTIFY_HAS_FLOATING_ALPHA
        CALL(leaky_relu<0.25>(p..., x, out)),
        CALL(leaky_relu<0.25>(p..., out)),
        CALL(leaky_relu_derivative<0.25>(p..., x, out)),
        CALL(leaky_relu_backward<0.25>(p..., x, dy, out)),
#endif
        CALL(relu6(p..., x, out)),
        CALL(relu6(p..., out)),
        CALL(relu6_derivative(p..., x, out)),
        CALL(relu6_backward(p..., x, dy, out)),
        CALL(hardtanh(p..., x, out)),
        CALL(hardtanh(p..., out, -2.0, 3.0)),
        CALL(hardtanh_derivative(p..., x, out, -2.0, 3.0)),
        CALL(hardtanh_backward(p..., x, dy, out, -2.0, 3.0)),
        CALL(hardsigmoid(p..., x, out)),
        CALL(hardsigmoid(p..., out)),
        CALL(hardsigmoid_derivative(p..., x, out)),
        CALL(hardsigmoid_backward(p..., x, dy, out)),
        CALL(hardswish(p..., x, out)),
        CALL(hardswish(p..., out)),
        CALL(hardswish_derivative(p..., x, out)),
        CALL(hardswish_backward(p..., x, dy, out)),
        CALL(threshold(p..., x, out, 0.5, -1.0)),
        CALL(threshold(p..., out, 0.5, -1.0)),
        CALL(threshold_derivative(p..., x, out, 0.5)),
        CALL(threshold_backward(p..., x, dy, out, 0.5)),
    };
#endif
}

#define SMOOTH(f)                                                                                  \
    CALL(f(p..., x, out)), CALL(f(p..., out)), CALL(f##_derivative(p..., x, out)),                 \
        CALL(f##_backward(p..., x, dy, out))
#define SMOOTH_WITH(f, v)                                                                          \
    SMOOTH(f), CALL(f(p..., x, out, T(v))), CALL(f(p..., out, T(v))),                              \
        CALL(f##_derivative(p..., x, out, T(v))), CALL(f##_backward(p..., x, dy, out, T(v))),      \
        CALL(f##_with<std::ratio<3, 4>>(p..., x, out)), CALL(f##_with<std::ratio<3, 4>>(p..., out)), \
        CALL(f##_derivative_with<std::ratio<3, 4>>(p..., x, out)),                                  \
        CALL(f##_backward_with<std::ratio<3, 4>>(p..., x, dy, out))

// A few forms of each kind, for the other element types and the build without TBB.
// (double's smooth functions take the slow scalar path: see smooth_double.)
template <class T>
std::vector<named_form<T>> few_forms() {
    std::vector<named_form<T>> forms = {
        CALL(relu(p..., x, out)),
        CALL(leaky_relu_backward(p..., x, dy, out, T(0.2f))),
        CALL(hardswish(p..., x, out)),
        CALL(threshold(p..., out, 0.5, -1.0)),
    };
    if constexpr (!std::is_same_v<T, double>) {
        forms.push_back(CALL(gelu_backward(p..., x, dy, out)));
        forms.push_back(CALL(elu_with<std::ratio<3, 4>>(p..., out)));
    }
    return forms;
}
template <class T>
std::vector<named_form<T>> smooth_double() {
    return {CALL(gelu_backward(p..., x, dy, out)), CALL(elu_with<std::ratio<3, 4>>(p..., out))};
}

template <class T>
std::vector<named_form<T>> smooth_forms() {
#if RECTIFY_TEST_PARALLEL_FEW
    return {CALL(gelu(p..., x, out)), CALL(gelu_backward(p..., x, dy, out)), CALL(elu(p..., out, T(0.5f)))};
#else
    std::vector<named_form<T>> forms = {
        SMOOTH(gelu), SMOOTH(gelu_tanh), SMOOTH(silu), SMOOTH(sigmoid), SMOOTH(tanh), SMOOTH(selu), SMOOTH(mish),
        SMOOTH_WITH(elu, 0.5f), SMOOTH_WITH(celu, 2.0f), SMOOTH_WITH(softplus, 1.5f),
    };
#if RECTIFY_HAS_FLOATING_ALPHA
    if constexpr (std::is_same_v<T, float>) {
        forms.push_back(CALL(elu_with<0.5f>(p..., x, out)));
        forms.push_back(CALL(celu_with<2.0f>(p..., out)));
        forms.push_back(CALL(softplus_derivative_with<1.5f>(p..., x, out)));
        forms.push_back(CALL(softplus_backward_with<1.5f>(p..., x, dy, out)));
    }
#endif
    return forms;
#endif
}

// Normal(0, 3) values, with the special ones near the chunk boundaries.
template <class T>
std::vector<T> data(std::size_t n, unsigned seed) {
    std::mt19937 gen(seed);
    std::normal_distribution<float> normal(0.0f, 3.0f);
    std::vector<T> v(n);
    for (T& e : v) {
        e = static_cast<T>(normal(gen));
    }
    const T specials[] = {T(0.0f), T(-0.0f), rt::limits<T>::infinity(), T(-rt::limits<T>::infinity()),
                          rt::limits<T>::quiet_NaN(), rt::limits<T>::denorm_min(), T(-3.0f), T(6.0f)};
    for (std::size_t i = 0; i < n; i += 997) {
        v[i] = specials[(i / 997) % 8];
    }
    return v;
}

// out = f(x[, dy]) sequentially and under par and par_unseq with `threads`
// threads: the same bits, on the kernel in force.
template <class T>
void check_forms(const std::vector<named_form<T>>& forms, std::size_t n, int threads) {
    const std::vector<T> x = data<T>(n, 1);
    const std::vector<T> dy = data<T>(n, 2);
    std::vector<T> expected(n);
    std::vector<T> got(n);
    for (const named_form<T>& f : forms) {
        expected = x;
        f.run(none, x, dy, expected);
        for (const policy p : {par, par_unseq, seq, unseq}) {
            if ((p == seq || p == unseq) && threads != 2) {
                continue;
            }
            got = x;
            on_threads(threads, [&] { f.run(p, x, dy, got); });
            INFO(f.name << " on " << rectify::isa_name(rectify::active_isa()) << ", " << rt::type_name<T>() << ", n "
                        << n << ", " << threads << " threads, policy " << static_cast<int>(p));
            // NOLINTNEXTLINE(bugprone-suspicious-memory-comparison): the bits are what is compared
            REQUIRE((n == 0 || std::memcmp(expected.data(), got.data(), n * sizeof(T)) == 0));  // no null to memcmp
        }
    }
}

}  // namespace

#if RECTIFY_TEST_TBB
TEST_CASE("parallel relu family: the sequential bits on every kernel, 1 to 8 threads", "[parallel]") {
    const parallel_from split(0);  // split every length past one chunk
    const rt::each_isa paths;
    using T = float;
    const std::vector<named_form<T>> forms = relu_family_forms<T>();
    constexpr std::size_t grid = 16384;  // 64 KiB of float
    for (const rectify::isa path : paths.runnable) {
        REQUIRE(rectify::force_isa(path));
        // Every thread count on the widest kernel; two on the others.
        for (int threads = 1; threads <= most_threads; ++threads) {
            if (path != paths.runnable.back() && threads != 2 && threads != most_threads) {
                continue;
            }
            for (const std::size_t n : {std::size_t{0}, grid + 1, 2 * grid, 3 * grid + 37}) {
                check_forms(forms, n, threads);
            }
        }
    }
}

TEST_CASE("parallel relu family: streaming stores in chunks", "[parallel]") {
    const parallel_from split(0);
    const rt::streaming_from stream(4096);  // every output from 4 KiB streams, chunk by chunk
    const rt::each_isa paths;
    using T = float;
    for (const rectify::isa path : paths.runnable) {
        REQUIRE(rectify::force_isa(path));
        check_forms(relu_family_forms<T>(), 2 * 16384 + 3, 2);
    }
}

TEST_CASE("parallel smooth functions: the sequential bits on every kernel, 1 to 8 threads", "[parallel]") {
    const parallel_from split(0);
    const rt::each_isa paths;
    using T = float;
    const std::vector<named_form<T>> forms = smooth_forms<T>();
    constexpr std::size_t grid = 4096;
    for (const rectify::isa path : paths.runnable) {
        REQUIRE(rectify::force_isa(path));
        // Every thread count on the widest kernel; two on the others.
        for (int threads = 1; threads <= most_threads; ++threads) {
            if (path == paths.runnable.back() || threads == 2 || threads == most_threads) {
                check_forms(forms, 3 * grid + 5, threads);
            }
        }
    }
    check_forms(smooth_double<double>(), grid + 7, 3);
}
#endif

TEMPLATE_TEST_CASE("parallel forms on other element types, and without TBB", "[parallel]", float, double,
                   rectify::float16_t, rectify::bfloat16_t) {
    using T = TestType;
    const parallel_from split(0);
    const rt::each_isa paths;
    constexpr std::size_t grid = 65536 / sizeof(T);
    for (const rectify::isa path : paths.runnable) {
        REQUIRE(rectify::force_isa(path));
        for (const int threads : {3, most_threads}) {
            check_forms(few_forms<T>(), 2 * grid + 1, threads);
        }
    }
}

// A 16-bit smooth call decides on its table by the call's whole length, not by
// its chunks' (32Ki elements, 64 KiB, below the threshold set here): the table
// of the kernel that runs is made by the first call long enough, policy or
// not, and gives the bits computing gives.
TEMPLATE_TEST_CASE("parallel 16-bit smooth calls make the table their whole length asks for", "[parallel]",
                   rectify::float16_t, rectify::bfloat16_t) {
    using T = TestType;
    const parallel_from split(0);
    const rt::half_tables_from tables(40000);
    const rectify::isa path = rt::each_isa{}.runnable.back();
    REQUIRE(rectify::force_isa(path));
    const auto made = [path] {
        using rectify::detail::half_smooth_tag;
        using rectify::detail::half_table_slot;
        constexpr auto f = rectify::detail::smooth::celu;
        constexpr auto k = rectify::detail::form::derivative;
        switch (path) {
            case rectify::isa::avx512: return half_table_slot<half_smooth_tag<f, k, rectify::isa::avx512>, T>.load();
            case rectify::isa::avx2: return half_table_slot<half_smooth_tag<f, k, rectify::isa::avx2>, T>.load();
            case rectify::isa::sse2: return half_table_slot<half_smooth_tag<f, k, rectify::isa::sse2>, T>.load();
            case rectify::isa::neon: return half_table_slot<half_smooth_tag<f, k, rectify::isa::neon>, T>.load();
            default: return static_cast<const T*>(nullptr);
        }
    };
    if (path == rectify::isa::portable) {
        SUCCEED("no 16-bit vector kernel, no table");
        return;
    }
    // celu' at its default parameter is used by no other test of this program.
    REQUIRE(made() == nullptr);
    const std::vector<T> x = data<T>(70000, 11);
    std::vector<T> computed(x.size());
    std::vector<T> looked_up(x.size());
    rectify::celu_derivative(std::execution::par_unseq, std::span<const T>(x).first(39999),
                             std::span<T>(computed).first(39999));
    CHECK(made() == nullptr);  // 39999 < 40000: computed, chunk by chunk
    {
        const rt::half_tables_from none(SIZE_MAX);
        rectify::celu_derivative(x, computed);
    }
    CHECK(made() == nullptr);  // with tables off, computed
    rectify::celu_derivative(std::execution::par_unseq, x, looked_up);
    CHECK(made() != nullptr);  // the policy call of 70000, in chunks of 32Ki, makes it
    CHECK(std::memcmp(computed.data(), looked_up.data(), sizeof(T) * x.size()) == 0);
}

TEMPLATE_TEST_CASE("parallel prelu: values, derivative, grad_in and the slope gradient bit for bit", "[parallel]",
                   float, double) {
    using T = TestType;
    const parallel_from split(0);
    const rt::each_isa paths;
    struct shape {
        std::size_t channels;
        std::size_t inner;  // 0: channels last
        std::size_t n;
    };
    constexpr std::size_t grid = 65536 / sizeof(T);
    // The pattern (short periods), long rows (channels last, many channels),
    // long runs of one channel (channels first), around the grid.
    const shape shapes[] = {{1, 0, grid + 1}, {3, 0, 3 * (grid + 5)}, {7, 5, 35 * 1000}, {3000, 0, 3000 * 12},
                            {4, 5000, 4 * 5000 * 2}, {2, grid + 3, 2 * (grid + 3)}};
    for (const rectify::isa path : paths.runnable) {
        REQUIRE(rectify::force_isa(path));
        for (const shape& s : shapes) {
            std::vector<T> x = data<T>(s.n, 3);
            const std::vector<T> dy = data<T>(s.n, 4);
            // Products of every magnitude: huge, tiny, subnormal.
            for (std::size_t i = 5; i + 1 < s.n; i += 1231) {
                x[i] = static_cast<T>(-1e30f);
                x[i + 1] = static_cast<T>(-1e-30f);
            }
            std::vector<T> slopes(s.channels);
            for (std::size_t c = 0; c < s.channels; ++c) {
                slopes[c] = static_cast<T>(0.01f * static_cast<float>(c % 50) - 0.2f);
            }
            const auto run = [&](policy p, std::vector<T>& out, std::vector<T>& grad_slopes, int which) {
                with_policy(p, [&](const auto&... q) {
                    const auto layout = [&](auto&& call) {
                        if (s.inner == 0) {
                            call(rectify::channels_last{});
                        } else {
                            call(rectify::channels_first{s.inner});
                        }
                    };
                    layout([&](auto l) {
                        switch (which) {
                            case 0: rectify::prelu(q..., x, out, slopes, l); break;
                            case 1: rectify::prelu(q..., out, slopes, l); break;
                            case 2: rectify::prelu_derivative(q..., x, out, slopes, l); break;
                            case 3: rectify::prelu_backward(q..., x, dy, slopes, out, grad_slopes, l); break;
                            // In place (out holds grad_out): the slope gradient in a first pass.
                            case 4: rectify::prelu_backward(q..., x, out, slopes, out, grad_slopes, l); break;
                            default: break;
                        }
                    });
                });
            };
            std::vector<T> out_of_place;
            std::vector<T> out_of_place_slopes;
            for (int which = 0; which < 5; ++which) {
                std::vector<T> expected = which == 4 ? dy : x;
                std::vector<T> expected_slopes(s.channels);
                run(none, expected, expected_slopes, which);
                if (which == 3) {
                    out_of_place = expected;
                    out_of_place_slopes = expected_slopes;
                } else if (which == 4) {  // in place: the out-of-place call's bits
                    // NOLINTNEXTLINE(bugprone-suspicious-memory-comparison): the bits are what is compared
                    REQUIRE(std::memcmp(expected.data(), out_of_place.data(), s.n * sizeof(T)) == 0);
                    // NOLINTNEXTLINE(bugprone-suspicious-memory-comparison): as above
                    REQUIRE(std::memcmp(expected_slopes.data(), out_of_place_slopes.data(), s.channels * sizeof(T)) ==
                            0);
                }
                for (const int threads : {1, 2, most_threads}) {
                    for (const policy p : {par, par_unseq}) {
                        std::vector<T> got = which == 4 ? dy : x;
                        std::vector<T> got_slopes(s.channels, T(7.0f));
                        on_threads(threads, [&] { run(p, got, got_slopes, which); });
                        INFO("prelu form " << which << " on " << rectify::isa_name(path) << ", "
                                           << rt::type_name<T>() << ", C " << s.channels << " inner " << s.inner
                                           << " n " << s.n << ", " << threads << " threads");
                        // NOLINTNEXTLINE(bugprone-suspicious-memory-comparison): the bits are what is compared
                        REQUIRE(std::memcmp(expected.data(), got.data(), s.n * sizeof(T)) == 0);
                        if (which >= 3) {
                            // NOLINTNEXTLINE(bugprone-suspicious-memory-comparison): as above
                            REQUIRE(std::memcmp(expected_slopes.data(), got_slopes.data(), s.channels * sizeof(T)) ==
                                    0);
                        }
                    }
                }
            }
        }
    }
}

#if RECTIFY_TEST_TBB
namespace {
// Counts the worker threads that join an arena's work.
class worker_count : public tbb::task_scheduler_observer {
  public:
    explicit worker_count(tbb::task_arena& arena) : tbb::task_scheduler_observer(arena) { observe(true); }
    worker_count(const worker_count&) = delete;
    worker_count& operator=(const worker_count&) = delete;
    ~worker_count() override { observe(false); }
    void on_scheduler_entry(bool worker) override {
        if (worker) {
            ++entries;
        }
    }
    std::atomic<int> entries{0};
};
}  // namespace
#endif

TEST_CASE("parallel forms refuse bad input with the sequential message, before anything runs", "[parallel]") {
    const parallel_from split(0);
    const std::size_t n = 100000;
    const std::vector<float> x = data<float>(n, 5);
    std::vector<float> out(n, 42.0f);
    std::vector<float> short_out(n - 1, 42.0f);
    std::vector<float> slopes(3, 0.25f);
    std::vector<float> grad_slopes(2, 42.0f);
    const auto message = [](auto&& call) {
        try {
            call();
        } catch (const std::invalid_argument& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    using checked = std::pair<std::string, std::string>;
    std::vector<checked> pairs;
    const auto both = [&](auto&& sequential, auto&& parallel) {
        std::string a = message(sequential);
        std::string b;
#if RECTIFY_TEST_TBB
        const tbb::global_control most(tbb::global_control::max_allowed_parallelism, 4);
        tbb::task_arena arena(4);
        worker_count workers(arena);
        arena.execute([&] { b = message(parallel); });
        CHECK(workers.entries.load() == 0);  // no worker ever joined
#else
        b = message(parallel);
#endif
        pairs.emplace_back(a, b);
    };
    both([&] { rectify::relu(x, short_out); }, [&] { rectify::relu(std::execution::par, x, short_out); });
    both([&] { rectify::gelu_backward(x, short_out, out); },
         [&] { rectify::gelu_backward(std::execution::par_unseq, x, short_out, out); });
    both([&] { rectify::celu(x, out, 0.0f); }, [&] { rectify::celu(std::execution::par, x, out, 0.0f); });
    both([&] { rectify::hardtanh(x, out, 2.0f, 1.0f); },
         [&] { rectify::hardtanh(std::execution::par, x, out, 2.0f, 1.0f); });
    both([&] { rectify::leaky_relu(std::span<const float>(out).subspan(1), std::span<float>(out).first(n - 1)); },
         [&] {
             rectify::leaky_relu(std::execution::par, std::span<const float>(out).subspan(1),
                                 std::span<float>(out).first(n - 1));
         });
    both([&] { rectify::prelu(x, short_out, slopes); },
         [&] { rectify::prelu(std::execution::par, x, short_out, slopes); });
    both([&] { rectify::prelu(std::span<const float>(x).first(n - 2), std::span<float>(out).first(n - 2), slopes); },
         [&] {
             rectify::prelu(std::execution::par, std::span<const float>(x).first(n - 2),
                            std::span<float>(out).first(n - 2), slopes);
         });
    both([&] { rectify::prelu_backward(std::span<const float>(x).first(99999), std::span<const float>(x).first(99999),
                                       slopes, short_out, grad_slopes); },
         [&] {
             rectify::prelu_backward(std::execution::par, std::span<const float>(x).first(99999),
                                     std::span<const float>(x).first(99999), slopes, short_out, grad_slopes);
         });
    for (const checked& c : pairs) {
        INFO(c.first);
        CHECK(c.first.find("nothing was written") != std::string::npos);
        CHECK(c.first == c.second);
    }
    for (const float v : short_out) {
        REQUIRE(v == 42.0f);
    }
    for (const float v : grad_slopes) {
        REQUIRE(v == 42.0f);
    }
    for (std::size_t i = 0; i < n; ++i) {
        REQUIRE(out[i] == 42.0f);
    }
}

TEST_CASE("below the cutoff a parallel policy runs the sequential call", "[parallel]") {
    // Default cutoffs: 64Ki floats for the relu family, 8Ki elements for the smooth functions.
    const std::vector<float> x = data<float>(1000, 6);
    std::vector<float> a(1000);
    std::vector<float> b(1000);
    rectify::silu(x, a);
    rectify::silu(std::execution::par_unseq, x, b);
    CHECK(std::memcmp(a.data(), b.data(), sizeof(float) * 1000) == 0);
    CHECK(rectify::detail::chunk_count(std::execution::par, 1000, 4096, rectify::detail::compute_bound_cutoff) == 1);
    CHECK(rectify::detail::chunk_count(std::execution::seq, std::size_t{1} << 24, 4096, 0) == 1);
#if RECTIFY_PARALLEL_ENGINE
    CHECK(rectify::detail::chunk_count(std::execution::par, std::size_t{1} << 20, 4096,
                                       rectify::detail::compute_bound_cutoff) == 256);
#endif
}

TEST_CASE("a translation unit without the policy forms links beside one with them", "[parallel]") {
    const std::vector<float> x = data<float>(5000, 7);
    std::vector<float> expected(x.size());
    rectify::relu(std::execution::par, x, expected);
    const std::vector<float> got = second_tu_without_policies(x);
    // NOLINTNEXTLINE(bugprone-suspicious-memory-comparison): the bits are what is compared
    CHECK(std::memcmp(got.data(), expected.data(), x.size() * sizeof(float)) == 0);
}
