// prelu, prelu_derivative and prelu_backward: the scalar forms are
// leaky_relu's bits; the span forms equal the scalar form element by element
// on every kernel, in both layouts, at many lengths, channel counts and inner
// sizes; the slope gradient equals an independent exact reference, whatever
// the kernel and the order of the elements; bad input is refused, naming the
// function, before anything is written.
#include "catch.hpp"
#include "prelu_reference.hpp"
#include "test_util.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <numeric>
#include <random>
#include <span>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

namespace {

using prelu_types = std::tuple<float, double, rectify::float16_t, rectify::bfloat16_t
#if RECTIFY_HAS_FLOAT16
                               ,
                               _Float16
#endif
                               >;

// The format of T for the reference's rounding: significand bits, normal exponents.
template <class T>
struct format {
    static constexpr int digits = 24;
    static constexpr int emin = -126;
    static constexpr int emax = 127;
};
template <>
struct format<double> {
    static constexpr int digits = 53;
    static constexpr int emin = -1022;
    static constexpr int emax = 1023;
};
template <>
struct format<rectify::float16_t> {
    static constexpr int digits = 11;
    static constexpr int emin = -14;
    static constexpr int emax = 15;
};
template <>
struct format<rectify::bfloat16_t> {
    static constexpr int digits = 8;
    static constexpr int emin = -126;
    static constexpr int emax = 127;
};
#if RECTIFY_HAS_FLOAT16
template <>
struct format<_Float16> {
    static constexpr int digits = 11;
    static constexpr int emin = -14;
    static constexpr int emax = 15;
};
#endif

// The channel of element i.
std::size_t channel_of(std::size_t i, std::size_t channels, std::size_t inner) {
    return (i / inner) % channels;
}

// grad_slopes by the independent reference.
template <class T>
std::vector<T> reference_gradient(const std::vector<T>& x, const std::vector<T>& dy, std::size_t channels,
                                  std::size_t inner) {
    std::vector<rt::exact_reference> sums(channels);
    for (std::size_t i = 0; i < x.size(); ++i) {
        if (!(x[i] >= T(0))) {  // x < 0 or NaN
            sums[channel_of(i, channels, inner)].add(static_cast<double>(x[i]), static_cast<double>(dy[i]));
        }
    }
    std::vector<T> out;
    for (const auto& s : sums) {
        out.push_back(static_cast<T>(s.rounded(format<T>::digits, format<T>::emin, format<T>::emax)));
    }
    return out;
}

template <class T>
bool same_or_both_nan(T a, T b) {
    return rt::same_bits(a, b) || (rt::is_nan(a) && rt::is_nan(b));
}

// Values of every kind for x, slopes and dy: specials, then random of every magnitude.
template <class T>
std::vector<T> values(std::size_t n, unsigned seed) {
    return rt::test_values<T>(n, seed);
}

enum class form { value, derivative, backward };

// Runs the span form of `f` on (x, dy, slopes) with the layout, and checks each
// element against the scalar form, and grad_slopes against the reference.
template <class T, class Layout>
void check_one(form f, const std::vector<T>& x, const std::vector<T>& dy, const std::vector<T>& slopes,
               std::size_t inner, Layout layout, bool in_place) {
    const std::size_t n = x.size();
    const std::size_t channels = slopes.size();
    std::vector<T> out(n, rt::from<T>(42.0));
    std::vector<T> grad_slopes(channels, rt::from<T>(42.0));
    if (in_place) {
        out = f == form::backward ? dy : x;
    }
    switch (f) {
        case form::value:
            if (in_place) {
                rectify::prelu(out, slopes, layout);
            } else {
                rectify::prelu(x, out, slopes, layout);
            }
            break;
        case form::derivative:
            rectify::prelu_derivative(x, out, slopes, layout);
            break;
        case form::backward:
            if (in_place) {
                rectify::prelu_backward(x, out, slopes, out, grad_slopes, layout);
            } else {
                rectify::prelu_backward(x, dy, slopes, out, grad_slopes, layout);
            }
            break;
    }
    std::size_t bad = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const T s = slopes[channel_of(i, channels, inner)];
        const T want = f == form::value        ? rectify::leaky_relu(x[i], s)
                       : f == form::derivative ? rectify::leaky_relu_derivative(x[i], s)
                                               : rectify::leaky_relu_backward(x[i], dy[i], s);
        // A NaN made by arithmetic (0 * inf, a NaN slope) may differ in sign and payload.
        if (!same_or_both_nan(out[i], want) && ++bad <= 3) {
            FAIL_CHECK("form " << static_cast<int>(f) << " " << rt::type_name<T>() << " on "
                               << rectify::isa_name(rectify::active_isa()) << ": n " << n << " C " << channels
                               << " inner " << inner << (in_place ? " in place" : "") << " element " << i << ": x "
                               << rt::show(x[i]) << " slope " << rt::show(s) << " gave " << rt::show(out[i])
                               << ", scalar " << rt::show(want));
        }
    }
    CHECK(bad == 0);
    if (f == form::backward) {
        const std::vector<T> want = reference_gradient(x, dy, channels, inner);
        for (std::size_t c = 0; c < channels; ++c) {
            if (!same_or_both_nan(grad_slopes[c], want[c])) {
                FAIL_CHECK(rt::type_name<T>() << " on " << rectify::isa_name(rectify::active_isa()) << ": n " << n
                                              << " C " << channels << " inner " << inner << " grad_slopes[" << c
                                              << "] " << rt::show(grad_slopes[c]) << ", exact "
                                              << rt::show(want[c]));
            }
        }
    }
}

}  // namespace

TEMPLATE_LIST_TEST_CASE("prelu's scalar forms are leaky_relu's bits", "[prelu]", rt::floating_types) {
    using T = TestType;
    const std::vector<T> xs = rt::test_values<T>(60, 3);
    const std::vector<T> slopes = {rt::from<T>(0.25), rt::from<T>(0.0), rt::from<T>(-0.5), rt::from<T>(1.5),
                                   rt::from<T>(-0.0), rt::qnan<T>(),    rt::inf<T>()};
    const T dy = rt::from<T>(7.0);
    for (const T s : slopes) {
        for (const T x : xs) {
            CHECK(same_or_both_nan(rectify::prelu(x, s), rectify::leaky_relu(x, s)));
            CHECK(same_or_both_nan(rectify::prelu_derivative(x, s), rectify::leaky_relu_derivative(x, s)));
            CHECK(same_or_both_nan(rectify::prelu_backward(x, dy, s), rectify::leaky_relu_backward(x, dy, s)));
        }
    }
    STATIC_REQUIRE(rectify::prelu(-2.0, 0.25) == -0.5);
    STATIC_REQUIRE(rectify::prelu(3.0f, 0.25f) == 3.0f);
    STATIC_REQUIRE(rectify::prelu_derivative(-2.0, 0.25) == 0.25);
    STATIC_REQUIRE(rectify::prelu_derivative(0.0, 0.25) == 1.0);
    STATIC_REQUIRE(rectify::prelu_backward(-2.0, 4.0, 0.25) == 1.0);
    STATIC_REQUIRE(rectify::prelu_backward(0.0, 4.0, 0.25) == 4.0);
}

namespace {

// detail_shared::prelu_layout for a scope: -1 the rule, 0 the repeated
// pattern, 1 runs of one channel (rows of the slopes channels last).
struct prelu_layout_set {
    int saved = rectify::detail_shared::prelu_layout.load();
    explicit prelu_layout_set(int layout) { rectify::detail_shared::prelu_layout.store(layout); }
    prelu_layout_set(const prelu_layout_set&) = delete;
    prelu_layout_set& operator=(const prelu_layout_set&) = delete;
    ~prelu_layout_set() { rectify::detail_shared::prelu_layout.store(saved); }
};

// The span forms against the scalar form on every kernel: short ranges of
// many shapes, or (large) ranges of several pieces in every mode.
template <class T>
void span_sweep(bool large) {
    const rt::each_isa paths;
    const std::vector<T> pool = values<T>(4096, 21);
    const std::vector<T> grads = values<T>(4096, 22);
    const std::vector<T> slope_pool = values<T>(97, 23);
    for (const rectify::isa path : paths.runnable) {
        REQUIRE(rectify::force_isa(path));
        std::size_t turn = 0;
        const auto data = [&](std::size_t n, std::size_t channels) {
            ++turn;
            std::vector<T> x(n), dy(n), slopes(channels);
            for (std::size_t i = 0; i < n; ++i) {
                x[i] = pool[(i * 7 + turn) % pool.size()];
                dy[i] = grads[(i * 5 + 3 * turn) % grads.size()];
            }
            for (std::size_t c = 0; c < channels; ++c) {
                slopes[c] = turn % 3 == 0 ? rt::from<T>(0.25) : slope_pool[(c + turn) % slope_pool.size()];
            }
            return std::make_tuple(x, dy, slopes);
        };
        for (const std::size_t channels : {1U, 2U, 3U, 5U, 7U, 16U, 17U, 64U}) {
            if (large) {
                break;
            }
            for (const std::size_t rows : {0U, 1U, 2U, 5U, 13U, 33U}) {
                const std::size_t n = rows * channels;
                const auto [x, dy, slopes] = data(n, channels);
                for (const form f : {form::value, form::derivative, form::backward}) {
                    check_one<T>(f, x, dy, slopes, 1, rectify::channels_last{}, false);
                }
                check_one<T>(form::value, x, dy, slopes, 1, rectify::channels_last{}, true);
                check_one<T>(form::backward, x, dy, slopes, 1, rectify::channels_last{}, true);
                const prelu_layout_set rows_of_slopes(1);  // no pattern
                check_one<T>(form::value, x, dy, slopes, 1, rectify::channels_last{}, false);
                check_one<T>(form::backward, x, dy, slopes, 1, rectify::channels_last{}, false);
            }
            // (Long runs, which prelu_backward's one-channel kernels take where
            // the call holds few periods against inner^2 (prelu_long_runs),
            // into 8 lanes a channel from two images on: float 40, 49 and 64
            // in every count here but 16 images of 64, 130 in every count;
            // 16-bit 130 in every count, 49 and 64 in one image, binary16
            // also 40 in one, 49 in three, 64 in three and four. 16 images of
            // 64 (in up to 7 channels): the pattern again for every type.)
            for (const std::size_t inner : {1U, 3U, 9U, 16U, 40U, 49U, 64U, 130U}) {
                for (const std::size_t images : {0U, 1U, 3U, 4U, 16U}) {
                    if ((images == 4 && inner < 64) || (images == 16 && (inner != 64 || channels > 7))) {
                        continue;
                    }
                    const std::size_t n = images * channels * inner;
                    const auto [x, dy, slopes] = data(n, channels);
                    for (const form f : {form::value, form::derivative, form::backward}) {
                        check_one<T>(f, x, dy, slopes, inner, rectify::channels_first{inner}, false);
                    }
                    check_one<T>(form::backward, x, dy, slopes, inner, rectify::channels_first{inner}, true);
                    // The layout the rule did not choose, and the one it did, forced.
                    for (const int layout : {0, 1}) {
                        const prelu_layout_set forced(layout);
                        for (const form f : {form::value, form::derivative, form::backward}) {
                            check_one<T>(f, x, dy, slopes, inner, rectify::channels_first{inner}, false);
                        }
                    }
                }
            }
        }
        // Past one piece (8 KiB): many pieces; rows longer than a piece
        // (channels last, C * sizeof(T) > 8 KiB); runs of one channel longer
        // than a piece, and periods longer than a piece with a short inner.
        const std::size_t most = 8192 / sizeof(T);
        if (!large) {
            continue;
        }
        for (const auto& [channels, inner, images, first] :
             {std::make_tuple(std::size_t{64}, std::size_t{1}, std::size_t{200}, false),
              std::make_tuple(most + 3, std::size_t{1}, std::size_t{3}, false),
              std::make_tuple(std::size_t{3}, most + 5, std::size_t{2}, true),
              std::make_tuple(std::size_t{600}, std::size_t{5}, std::size_t{2}, true),
              std::make_tuple(std::size_t{5}, std::size_t{9}, std::size_t{300}, true)}) {
            const std::size_t n = images * channels * inner;
            const auto [x, dy, slopes] = data(n, channels);
            for (const form f : {form::value, form::derivative, form::backward}) {
                if (first) {
                    check_one<T>(f, x, dy, slopes, inner, rectify::channels_first{inner}, false);
                } else {
                    check_one<T>(f, x, dy, slopes, 1, rectify::channels_last{}, false);
                }
            }
        }
    }
}

}  // namespace

TEMPLATE_LIST_TEST_CASE("prelu span forms equal the scalar form on every kernel, both layouts", "[prelu][span]",
                        prelu_types) {
    span_sweep<TestType>(false);
}

TEMPLATE_LIST_TEST_CASE("prelu span forms equal the scalar form past one piece, in every mode", "[prelu][span][large]",
                        prelu_types) {
    span_sweep<TestType>(true);
}

TEST_CASE("prelu span forms take spans, arrays and C arrays, and one slope for all", "[prelu][span]") {
    const float x[6] = {-2.0f, 1.0f, -4.0f, 3.0f, -0.0f, -1.0f};
    std::array<float, 6> y{};
    const std::array<float, 1> one{0.5f};
    rectify::prelu(x, y, one);
    CHECK(y == std::array<float, 6>{-1.0f, 1.0f, -2.0f, 3.0f, -0.0f, -0.5f});
    std::vector<float> v(std::begin(x), std::end(x));
    rectify::prelu(std::span<float>(v), std::span<const float>(one), rectify::channels_first{3});
    CHECK(v == std::vector<float>{-1.0f, 1.0f, -2.0f, 3.0f, -0.0f, -0.5f});
    // Channels first: the first three elements are channel 0, the next three channel 1.
    const std::vector<float> two{0.5f, 0.25f};
    rectify::prelu(x, y, two, rectify::channels_first{3});
    CHECK(y == std::array<float, 6>{-1.0f, 1.0f, -2.0f, 3.0f, -0.0f, -0.25f});
    std::vector<float> grad_in(6), grad_slopes(2);
    const std::vector<float> dy(6, 2.0f);
    rectify::prelu_backward(x, dy, two, grad_in, grad_slopes, rectify::channels_first{3});
    CHECK(grad_in == std::vector<float>{1.0f, 2.0f, 1.0f, 2.0f, 2.0f, 0.5f});
    CHECK(grad_slopes == std::vector<float>{-12.0f, -2.0f});  // -2*2 + -4*2; -1*2 (-0 is not below 0)
}

TEMPLATE_LIST_TEST_CASE("the slope gradient is the exact sum rounded once, on every kernel and in any order",
                        "[prelu][gradient]", prelu_types) {
    using T = TestType;
    const rt::each_isa paths;
    std::mt19937_64 rng(99);
    const T max = rt::limits<T>::max();
    const T tiny = rt::limits<T>::denorm_min();
    const T min_normal = rt::limits<T>::min();
    // Data sets: random of all magnitudes; cancellation (big terms that cancel
    // beside small ones); huge products that overflow, alone or cancelling
    // back; subnormal products; ties that must round to even.
    std::vector<std::pair<std::vector<T>, std::vector<T>>> sets;
    {
        const std::vector<T> x = values<T>(3000, 5), dy = values<T>(3000, 6);
        std::vector<T> xs, dys;  // without the specials, so the sum is finite
        for (std::size_t i = 0; i < x.size(); ++i) {
            if (std::isfinite(static_cast<double>(x[i])) && std::isfinite(static_cast<double>(dy[i]))) {
                xs.push_back(x[i]);
                dys.push_back(dy[i]);
            }
        }
        sets.emplace_back(x, dy);
        sets.emplace_back(xs, dys);
    }
    {
        std::uniform_real_distribution<double> u(-1.0, 1.0);
        std::uniform_int_distribution<int> e(-12, 12);
        std::vector<T> x, dy;
        for (int i = 0; i < 2000; ++i) {
            const T a = static_cast<T>(-std::fabs(std::ldexp(u(rng), e(rng))) - 0.001);
            const T b = static_cast<T>(std::ldexp(u(rng), e(rng)));
            x.insert(x.end(), {a, a, static_cast<T>(-tiny * T(static_cast<float>(i % 7 + 1)))});
            dy.insert(dy.end(), {b, static_cast<T>(-b), rt::from<T>(0.75)});
        }
        sets.emplace_back(x, dy);
    }
    {
        const T big = static_cast<T>(-max);
        const T half_max = static_cast<T>(max / rt::from<T>(2.0));
        std::vector<T> x{big, big, big, rt::from<T>(-1.0), big};
        std::vector<T> dy{half_max, static_cast<T>(-half_max), rt::from<T>(-1.0), rt::from<T>(3.0), rt::from<T>(-1.0)};
        sets.emplace_back(x, dy);  // max*max/2 cancels; then 2 max - 3: overflows for float16, finite otherwise
        sets.emplace_back(std::vector<T>{big, big}, std::vector<T>{big, big});  // overflow to +inf
        sets.emplace_back(std::vector<T>{big, big, big}, std::vector<T>{big, static_cast<T>(-max), rt::from<T>(-1.0)});
        sets.emplace_back(std::vector<T>{static_cast<T>(-tiny), static_cast<T>(-min_normal)},
                          std::vector<T>{tiny, rt::from<T>(0.5)});  // a product far below the smallest subnormal
        sets.emplace_back(std::vector<T>{static_cast<T>(-min_normal), static_cast<T>(-min_normal)},
                          std::vector<T>{rt::from<T>(0.5), rt::from<T>(0.25)});
        // 1 + 2^-digits (a tie: rounds to even, 1) and 1 + 2^-digits + tiny (rounds up).
        const T eps = static_cast<T>(std::ldexp(1.0, -format<T>::digits));
        sets.emplace_back(std::vector<T>{rt::from<T>(-1.0), rt::from<T>(-1.0)}, std::vector<T>{rt::from<T>(-1.0), static_cast<T>(-eps)});
        sets.emplace_back(std::vector<T>{rt::from<T>(-1.0), rt::from<T>(-1.0), static_cast<T>(-tiny)},
                          std::vector<T>{rt::from<T>(-1.0), static_cast<T>(-eps), static_cast<T>(-tiny)});
        sets.emplace_back(std::vector<T>{rt::from<T>(-1.0), rt::from<T>(-1.0), static_cast<T>(-tiny)},
                          std::vector<T>{rt::from<T>(-1.0), static_cast<T>(-eps), tiny});
        // x * dy = +0 and -0 terms, and a sum that cancels to exactly 0 (+0).
        sets.emplace_back(std::vector<T>{rt::from<T>(-1.0), rt::from<T>(-2.0)}, std::vector<T>{rt::from<T>(0.0), rt::from<T>(-0.0)});
        sets.emplace_back(std::vector<T>{rt::from<T>(-1.0), rt::from<T>(-1.0)}, std::vector<T>{rt::from<T>(3.0), rt::from<T>(-3.0)});
        // NaN and infinity rules.
        const T inf = rt::inf<T>();
        sets.emplace_back(std::vector<T>{-inf, rt::from<T>(-1.0)}, std::vector<T>{rt::from<T>(2.0), rt::from<T>(1.0)});
        sets.emplace_back(std::vector<T>{-inf, rt::from<T>(-1.0)}, std::vector<T>{rt::from<T>(-2.0), -inf});
        sets.emplace_back(std::vector<T>{-inf, -inf}, std::vector<T>{rt::from<T>(2.0), rt::from<T>(-2.0)});
        sets.emplace_back(std::vector<T>{-inf}, std::vector<T>{rt::from<T>(0.0)});
        sets.emplace_back(std::vector<T>{rt::qnan<T>(), rt::from<T>(-1.0)}, std::vector<T>{rt::from<T>(1.0), rt::from<T>(1.0)});
        sets.emplace_back(std::vector<T>{rt::from<T>(-1.0)}, std::vector<T>{rt::qnan<T>()});
        sets.emplace_back(std::vector<T>{rt::from<T>(1.0), rt::from<T>(0.0), rt::from<T>(-0.0)},
                          std::vector<T>{rt::qnan<T>(), inf, -inf});  // x >= 0: no term, +0
    }
    for (const auto& [x, dy] : sets) {
        const std::vector<T> want = reference_gradient(x, dy, 1, 1);
        if (x.size() <= 3) {
            INFO("a small set: " << rt::show(x[0]) << " * " << rt::show(dy[0]) << "...");
        }
        const std::vector<T> slopes{rt::from<T>(0.25)};
        std::vector<T> grad_in(x.size());
        std::vector<T> first_bits;
        for (const rectify::isa path : paths.runnable) {
            REQUIRE(rectify::force_isa(path));
            std::vector<T> xp = x, dyp = dy;
            for (int order = 0; order < 4; ++order) {
                std::vector<T> g(1);
                rectify::prelu_backward(xp, dyp, slopes, grad_in, g);
                INFO("kernel " << rectify::isa_name(path) << ", order " << order << ", n " << x.size());
                CHECK(same_or_both_nan(g[0], want[0]));
                if (!same_or_both_nan(g[0], want[0])) {
                    FAIL_CHECK("got " << rt::show(g[0]) << ", exact " << rt::show(want[0]));
                }
                // In place (grad_in over grad_out): the same gradient and grad_in.
                std::vector<T> inout = dyp, g2(1);
                rectify::prelu_backward(xp, inout, slopes, inout, g2);
                CHECK(same_or_both_nan(g2[0], want[0]));
                CHECK(std::equal(inout.begin(), inout.end(), grad_in.begin(), [](T a, T b) { return same_or_both_nan(a, b); }));
                // Another order of the same terms.
                std::vector<std::size_t> perm(x.size());
                std::iota(perm.begin(), perm.end(), std::size_t{0});
                std::shuffle(perm.begin(), perm.end(), rng);
                for (std::size_t i = 0; i < perm.size(); ++i) {
                    xp[i] = x[perm[i]];
                    dyp[i] = dy[perm[i]];
                }
            }
        }
    }
}

// Channels first, runs of one channel (prelu_long_runs), whose terms add into
// registers and then into 8 lanes a channel (from two images on) or straight
// into the channel (one image): finite data, so that the double sums decide
// most channels (the span sweep's specials send every channel to the exact
// sum), against the exact reference, on every kernel, out of place and in
// place (parallel_test splits such runs into chunks).
TEMPLATE_LIST_TEST_CASE("the slope gradient of runs of one channel is the exact sum rounded once, on every kernel",
                        "[prelu][gradient]", prelu_types) {
    using T = TestType;
    const rt::each_isa paths;
    std::mt19937_64 rng(314);
    std::uniform_real_distribution<double> u(-1.0, 1.0);
    std::uniform_int_distribution<int> e(-12, 12);
    const std::size_t most = 8192 / sizeof(T);
    for (const auto& [channels, inner, images] :
         {std::make_tuple(std::size_t{3}, std::size_t{40}, std::size_t{5}),
          std::make_tuple(std::size_t{16}, std::size_t{64}, std::size_t{3}),
          std::make_tuple(std::size_t{5}, std::size_t{130}, std::size_t{4}),
          std::make_tuple(std::size_t{1}, std::size_t{130}, std::size_t{1}),
          std::make_tuple(std::size_t{7}, std::size_t{49}, std::size_t{2}),
          std::make_tuple(std::size_t{2}, std::size_t{256}, std::size_t{9}),
          std::make_tuple(std::size_t{3}, std::size_t{1000}, std::size_t{2}),
          std::make_tuple(std::size_t{2}, most + 5, std::size_t{3})}) {
        const std::size_t n = channels * inner * images;
        std::vector<T> x(n), dy(n);
        for (std::size_t i = 0; i < n; ++i) {
            x[i] = static_cast<T>(std::ldexp(u(rng), e(rng)));
            dy[i] = static_cast<T>(std::ldexp(u(rng), e(rng)));
        }
        std::vector<T> slopes(channels, rt::from<T>(0.25));
        const std::vector<T> want = reference_gradient(x, dy, channels, inner);
        for (const rectify::isa path : paths.runnable) {
            REQUIRE(rectify::force_isa(path));
            std::vector<T> grad_in(n), g(channels, rt::from<T>(42.0)), g2(channels, rt::from<T>(42.0));
            const rectify::channels_first layout{inner};
            rectify::prelu_backward(x, dy, slopes, grad_in, g, layout);
            std::vector<T> inout = dy;
            rectify::prelu_backward(x, inout, slopes, inout, g2, layout);
            std::size_t bad = 0;
            for (std::size_t c = 0; c < channels; ++c) {
                bad += !same_or_both_nan(g[c], want[c]) || !same_or_both_nan(g2[c], want[c]);
            }
            for (std::size_t i = 0; i < n; ++i) {
                bad += !same_or_both_nan(inout[i], grad_in[i]);
            }
            INFO("kernel " << rectify::isa_name(path) << ", " << channels << " channels of " << inner << ", "
                           << images << " images");
            CHECK(bad == 0);
        }
    }
}

// The terms of the test below, as x and dy (all negative x, so every product
// is a term): big squared = 2^120, 2^60, 2^30 (float and double, bfloat16,
// binary16); the small terms 1.5 2^65, 96, 2^-24; m = 2^94, 2^19, 2^-9.
template <class T>
struct lost_terms {
    static constexpr double big = 0x1p60;
    static constexpr double small_x = 0x1.8p32;
    static constexpr double small_dy = 0x1p33;
    static constexpr double m_x = 0x1p47;
    static constexpr double m_dy = 0x1p47;
};
template <>
struct lost_terms<rectify::bfloat16_t> {
    static constexpr double big = 0x1p30;
    static constexpr double small_x = 8.0;
    static constexpr double small_dy = 12.0;
    static constexpr double m_x = 0x1p10;
    static constexpr double m_dy = 0x1p9;
};
template <>
struct lost_terms<rectify::float16_t> {
    static constexpr double big = 0x1p15;
    static constexpr double small_x = 0x1p-12;
    static constexpr double small_dy = 0x1p-12;
    static constexpr double m_x = 0x1p-4;
    static constexpr double m_dy = 0x1p-5;
};
#if RECTIFY_HAS_FLOAT16
template <>
struct lost_terms<_Float16> : lost_terms<rectify::float16_t> {};
#endif

// The double sums lose terms next to a large one: +big, then 30 small terms
// each below half an ulp of big, then -big, all into the same lane of the
// same sum (32 elements apart in a run of one channel, channels first; 128
// apart, the pattern's slots, in 2 channels last); and beside them (the
// next element of the channel) a term m whose ulp in T is a little below
// the lost terms' sum, and far above 2^-52 big. The double sums give m,
// whose error bound without the additions counted (2^-52 big) settles it;
// the exact sum rounds up from m. Only the error bound (each sum's largest
// magnitude times its additions) sends the channel to the exact sum.
TEMPLATE_LIST_TEST_CASE("the slope gradient keeps terms its double sums lost, on every kernel", "[prelu][gradient]",
                        prelu_types) {
    using T = TestType;
    const rt::each_isa paths;
    const double big = lost_terms<T>::big;
    const double small_x = lost_terms<T>::small_x;
    const double small_dy = lost_terms<T>::small_dy;
    const double m_x = lost_terms<T>::m_x;
    const double m_dy = lost_terms<T>::m_dy;
    constexpr std::size_t channels = 2;
    for (const bool first : {true, false}) {
        const std::size_t apart = first ? 32 : 128;
        const std::size_t next = first ? 1 : 2;
        const std::size_t n = first ? 2048 : 4096;
        for (const std::size_t offset : {std::size_t{0}, std::size_t{8}, std::size_t{30}}) {
            std::vector<T> x(n, rt::from<T>(1.0)), dy(n, rt::from<T>(1.0));
            const auto term = [&](std::size_t i, double a, double b) {
                x[i] = static_cast<T>(-a);
                dy[i] = static_cast<T>(b);
            };
            term(offset, big, -big);
            for (std::size_t k = 1; k <= 30; ++k) {
                term(offset + apart * k, small_x, -small_dy);
            }
            term(offset + apart * 31, big, big);
            term(offset + next, m_x, -m_dy);
            const std::size_t inner = first ? n / channels : 1;
            const std::vector<T> want = reference_gradient(x, dy, channels, inner);
            REQUIRE(static_cast<double>(want[first ? 0 : offset % 2]) > m_x * m_dy);  // the lost terms round it up
            std::vector<T> slopes(channels, rt::from<T>(0.25));
            for (const rectify::isa path : paths.runnable) {
                REQUIRE(rectify::force_isa(path));
                std::vector<T> grad_in(x.size()), g(channels, rt::from<T>(42.0));
                if (first) {
                    rectify::prelu_backward(x, dy, slopes, grad_in, g, rectify::channels_first{inner});
                } else {
                    rectify::prelu_backward(x, dy, slopes, grad_in, g);
                }
                INFO("kernel " << rectify::isa_name(path) << (first ? ", a run" : ", the pattern")
                               << ", first term at " << offset);
                CHECK(same_or_both_nan(g[0], want[0]));
                CHECK(same_or_both_nan(g[1], want[1]));
            }
        }
    }
}

// The same for additions element by element into a slot (the last elements
// of a piece, after its whole vectors): m, +big, the 30 small terms and -big
// into one slot, through the vector kernels' accumulator itself (a call's
// tails hold too few elements to lose terms to a big one within a slot).
#if RECTIFY_X86_64 || RECTIFY_AARCH64
TEST_CASE("a slot's error bound counts its additions element by element", "[prelu][gradient]") {
    std::vector<float> x{-0x1p47f, -0x1p60f}, dy{-0x1p47f, -0x1p60f};
    for (int k = 0; k < 30; ++k) {
        x.push_back(-0x1.8p32f);
        dy.push_back(-0x1p33f);
    }
    x.push_back(-0x1p60f);
    dy.push_back(0x1p60f);
    rectify::detail::prelu_gradient<float> g(1, 1);
    g.prepare(1, rectify::detail::prelu_slots::pattern);
    rectify::detail::prelu_terms<16, false> terms(g, 0);
    for (std::size_t i = 0; i < x.size(); ++i) {
        terms.add_one(static_cast<double>(x[i]) * static_cast<double>(dy[i]));
    }
    terms.finish(g);
    float out = 42.0f;
    g.finish(&out, x.data(), dy.data(), x.size());
    const std::vector<float> want = reference_gradient(x, dy, 1, 1);
    REQUIRE(static_cast<double>(want[0]) > 0x1p94);  // the small terms (45 2^65 in all) round it up
    CHECK(out == want[0]);
}
#endif

// float's slope gradient rounds each channel's ends by conversion where the
// CPU rounds as a program starts (MXCSR's rounding, FTZ and DAZ bits clear),
// and in software elsewhere: both ways give the exact sum's rounding. With
// DAZ set (data without subnormals, whose products, double sums and results
// it leaves alone) the call takes the software way. 64 channels of 1000:
// most settle from the double sums, and ties, cancellations and sums near a
// midpoint go to the exact sum, each channel as its data makes it.
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
TEST_CASE("float's slope gradient: the same rounding by conversion and in software, on every kernel",
          "[prelu][gradient]") {
    constexpr std::size_t channels = 64;
    constexpr std::size_t n = channels * 1000;
    std::mt19937 gen(7);
    std::uniform_real_distribution<float> u(-2.0f, 2.0f);
    std::vector<float> x(n), dy(n);
    for (std::size_t i = 0; i < n; ++i) {
        x[i] = u(gen);
        dy[i] = u(gen);
    }
    for (std::size_t c = 0; c < channels; c += 4) {  // every 4th channel: a tie, or just off one
        for (std::size_t i = c; i < n; i += channels) {
            x[i] = 1.0f;  // no term
        }
        x[c] = -1.0f;
        dy[c] = -1.0f;
        x[c + channels] = -1.0f;
        dy[c + channels] = c % 8 == 0 ? -0x1p-24f : -0x1.000002p-24f;
    }
    for (std::size_t c = 1; c < channels; c += 4) {  // a big term cancelled, a small one left
        x[c] = -1.0f;
        dy[c] = 1e30f;
        x[c + channels] = -1.0f;
        dy[c + channels] = -1e30f;
    }
    const std::vector<float> want = reference_gradient(x, dy, channels, 1);
    const std::vector<float> slopes(channels, 0.25f);
    std::vector<float> grad_in(n);
    const rt::each_isa paths;
    const unsigned saved = __builtin_ia32_stmxcsr();
    for (const rectify::isa path : paths.runnable) {
        REQUIRE(rectify::force_isa(path));
        for (const unsigned csr : {saved & ~0xe040U, (saved & ~0xe040U) | 0x40U}) {
            std::vector<float> g(channels, 42.0f);
            __builtin_ia32_ldmxcsr(csr);
            rectify::prelu_backward(x, dy, slopes, grad_in, g);
            __builtin_ia32_ldmxcsr(saved);
            for (std::size_t c = 0; c < channels; ++c) {
                INFO("kernel " << rectify::isa_name(path) << ", MXCSR " << csr << ", channel " << c);
                CHECK(std::bit_cast<std::uint32_t>(g[c]) == std::bit_cast<std::uint32_t>(want[c]));
            }
        }
    }
    rectify::reset_isa();
}
#endif

TEST_CASE("the slope gradient's special cases, spelled out", "[prelu][gradient]") {
    const float inf = std::numeric_limits<float>::infinity();
    const float nan = std::numeric_limits<float>::quiet_NaN();
    const float max = std::numeric_limits<float>::max();
    const std::vector<float> slopes{0.25f};
    const auto gradient = [&](std::vector<float> x, std::vector<float> dy) {
        std::vector<float> grad_in(x.size()), g(1);
        rectify::prelu_backward(x, dy, slopes, grad_in, g);
        return g[0];
    };
    CHECK(gradient({}, {}) == 0.0f);
    CHECK(!std::signbit(gradient({}, {})));
    CHECK(!std::signbit(gradient({-1.0f}, {-0.0f})));            // a -0 term: the sum is +0
    CHECK(gradient({-1.0f, 2.0f}, {3.0f, nan}) == -3.0f);        // x >= 0: no term, whatever dy
    CHECK(std::isnan(gradient({nan}, {1.0f})));                  // NaN x: NaN
    CHECK(std::isnan(gradient({-inf}, {0.0f})));                 // -inf * 0: NaN
    CHECK(gradient({-inf, -1.0f}, {1.0f, 5.0f}) == -inf);
    CHECK(std::isnan(gradient({-inf, -inf}, {1.0f, -1.0f})));    // -inf and +inf terms
    CHECK(gradient({-max, -max}, {max, max}) == -inf);           // overflows
    CHECK(gradient({-max, -max, -1.0f}, {max, -max, -2.0f}) == 2.0f);  // cancels back: exact
    CHECK(gradient({-1.0f, -1e-30f, -1.0f}, {1e30f, 1.0f, -1e30f}) == -1e-30f);  // a float loop gives 0
    // Double: products past the double range, cancelling.
    const double dmax = std::numeric_limits<double>::max();
    std::vector<double> x{-dmax, -dmax, -3.0}, dy{dmax, -dmax, 0.5}, gi(3), g(1);
    rectify::prelu_backward(x, dy, std::vector<double>{0.5}, gi, g);
    CHECK(g[0] == -1.5);
}

TEST_CASE("exact sums merge: pieces summed apart give the same bits", "[prelu][gradient]") {
    std::mt19937_64 rng(7);
    std::uniform_real_distribution<double> u(-1.0, 1.0);
    std::uniform_int_distribution<int> e(-1000, 1000);
    rectify::detail::wide_sum whole, a, b;
    for (int i = 0; i < 3000; ++i) {
        const double x = -std::fabs(std::ldexp(u(rng), e(rng)));
        const double y = std::ldexp(u(rng), e(rng));
        rectify::detail::prelu_add_wide(whole, x, y);
        rectify::detail::prelu_add_wide(i % 3 == 0 ? a : b, x, y);
    }
    b.merge(a);
    const auto round = [](const rectify::detail::wide_sum& s) { return s.rounded<double, 53, -1022, 1023>(); };
    CHECK(rt::same_bits(round(whole), round(b)));
    CHECK(round(whole) != 0.0);
}

TEST_CASE("prelu refuses bad input, naming the function, and writes nothing", "[prelu][errors]") {
    const std::vector<float> x(12, -1.0f), dy(12, 1.0f), slopes3(3, 0.5f), slopes5(5, 0.5f), none;
    const std::vector<float> untouched(12, 42.0f);
    std::vector<float> out = untouched, gs = std::vector<float>(3, 42.0f), gs2(2, 42.0f);
    const auto refused = [&](const std::function<void()>& call, std::initializer_list<std::string> parts) {
        std::string message;
        try {
            call();
            FAIL("no exception was thrown");
        } catch (const std::invalid_argument& error) {
            message = error.what();
        }
        for (const std::string& part : parts) {
            INFO("message: " << message);
            CHECK(message.find(part) != std::string::npos);
        }
        CHECK(out == untouched);
        CHECK(gs == std::vector<float>(3, 42.0f));
    };
    std::vector<float> short_out(11);
    refused([&] { rectify::prelu(x, short_out, slopes3); }, {"rectify::prelu: sizes differ", "11"});
    refused([&] { rectify::prelu(x, out, slopes5); }, {"rectify::prelu:", "12 elements, not a multiple of the 5 slopes"});
    refused([&] { rectify::prelu(x, out, none); }, {"rectify::prelu:", "slopes is empty"});
    refused([&] { rectify::prelu(x, out, slopes3, rectify::channels_first{0}); }, {"rectify::prelu:", "inner is 0"});
    refused([&] { rectify::prelu(x, out, slopes3, rectify::channels_first{3}); },
            {"rectify::prelu:", "not a multiple of the 3 slopes times inner 3 (channels_first)"});
    refused([&] { rectify::prelu(out, slopes5); }, {"rectify::prelu:", "not a multiple"});
    refused([&] { rectify::prelu_derivative(x, out, slopes5); }, {"rectify::prelu_derivative:", "not a multiple"});
    refused([&] { rectify::prelu_backward(x, dy, slopes5, out, gs); }, {"rectify::prelu_backward:", "x has 12"});
    refused([&] { rectify::prelu_backward(x, dy, slopes3, out, gs2); },
            {"rectify::prelu_backward: grad_slopes has 2 elements, slopes has 3"});
    refused([&] { rectify::prelu_backward(x, std::span(dy).first(9), slopes3, out, gs); },
            {"rectify::prelu_backward: sizes differ", "grad_out has 9"});
    refused([&] { rectify::prelu_backward(x, dy, slopes3, out, gs, rectify::channels_first{5}); },
            {"rectify::prelu_backward:", "channels_first"});
    // Overlaps: an output over the slopes; grad_slopes over anything; grad_in partly over x.
    std::vector<float> buffer(16, 42.0f);
    const std::vector<float> buffer0 = buffer;
    refused([&] { rectify::prelu(x, std::span(buffer).first(12), std::span(buffer).subspan(10, 3)); },
            {"rectify::prelu: output (12 elements) overlaps slopes (3 elements)"});
    refused([&] { rectify::prelu_backward(x, dy, slopes3, out, std::span(out).first(3)); },
            {"rectify::prelu_backward: grad_slopes (3 elements) overlaps grad_in"});
    refused([&] { rectify::prelu_backward(std::span(buffer).first(12), dy, slopes3, std::span(buffer).last(12), gs); },
            {"rectify::prelu_backward:", "overlaps"});
    CHECK(buffer == buffer0);
    // In place is fine; so are empty ranges, and a NaN slope (NaN where it is used).
    std::vector<float> v = x;
    rectify::prelu(v, slopes3);
    CHECK(v == std::vector<float>(12, -0.5f));
    std::vector<float> empty, empty_out;
    rectify::prelu(empty, empty_out, slopes3);
    rectify::prelu(empty, empty_out, slopes3, rectify::channels_first{7});
    std::vector<float> g3(3, 42.0f);
    rectify::prelu_backward(empty, empty, slopes3, empty_out, g3);
    CHECK(g3 == std::vector<float>(3, 0.0f));
    const std::vector<float> nan_slope{std::numeric_limits<float>::quiet_NaN()};
    const std::vector<float> mixed{-1.0f, 2.0f};
    std::vector<float> r(2);
    rectify::prelu(mixed, r, nan_slope);
    CHECK(std::isnan(r[0]));
    CHECK(r[1] == 2.0f);
}

TEST_CASE("the slope gradient over many pieces (rows longer than a piece, 2200 pieces)",
          "[prelu][gradient][large]") {
    // Channels last with rows longer than a piece: 2 pieces a row, 2200 pieces.
    const std::size_t channels = 2049, rows = 1100, n = channels * rows;
    std::vector<float> x(n), dy(n), slopes(channels, 0.25f), grad_in(n), grad_slopes(channels);
    std::mt19937 rng(5);
    std::uniform_real_distribution<float> u(-1.0f, 1.0f);
    for (std::size_t i = 0; i < n; ++i) {
        // A few negatives, of magnitudes from 2^-40 to 2^21.
        const bool negative = i % 97 == 0 || (i % channels) == 7;
        const float magnitude = std::ldexp(std::fabs(u(rng)) + 0.5f, static_cast<int>(i % 61) - 40);
        x[i] = negative ? -magnitude : magnitude;
        dy[i] = u(rng);
    }
    const std::vector<float> want = reference_gradient(x, dy, channels, 1);
    const rt::each_isa paths;
    for (const rectify::isa path : paths.runnable) {
        REQUIRE(rectify::force_isa(path));
        rectify::prelu_backward(x, dy, slopes, grad_in, grad_slopes);
        std::size_t bad = 0;
        for (std::size_t c = 0; c < channels; ++c) {
            if (!rt::same_bits(grad_slopes[c], want[c]) && ++bad <= 3) {
                FAIL_CHECK(rectify::isa_name(path) << " channel " << c << ": " << rt::show(grad_slopes[c])
                                                   << ", exact " << rt::show(want[c]));
            }
        }
        CHECK(bad == 0);
    }
}

namespace {

// Every 16-bit x through the three forms, the products' both ways on an AVX-512
// CPU (AVX-512 BF16's or FP16's instructions, and without them). With short
// sweeps (valgrind, the emulated CPUs, where every kernel's paths are what
// is sought: the native run takes every pattern on every kernel) 4096
// patterns spread over all of them (rt::half_patterns).
template <class T>
void every_half_pattern() {
    const std::vector<std::uint16_t> patterns = rt::half_patterns();
    const std::size_t n = patterns.size();
    // Slopes whose products round, underflow to subnormals and below (bfloat16
    // 0.01 x below 2^-126 takes the scalar form), overflow, and are NaN or 0.
    const std::vector<T> slopes = {rt::from<T>(0.01),  rt::from<T>(3.0),  rt::from<T>(-0.5),
                                   rt::from<T>(0.0),   rt::from<T>(-0.0), rt::qnan<T>(),
                                   rt::inf<T>(),       std::bit_cast<T>(std::uint16_t{1})};  // 8: n is a multiple
    std::vector<T> x(n), dy(n);
    for (std::size_t i = 0; i < n; ++i) {
        x[i] = std::bit_cast<T>(patterns[i]);
        dy[i] = std::bit_cast<T>(static_cast<std::uint16_t>(std::rotl(patterns[i], 8) ^ 0x0155U));
    }
    // The same bits as the scalar form, but for a NaN made by arithmetic (a NaN
    // slope or dy, 0 * inf), any NaN; a NaN x comes out as it is (where Clang's
    // _Float16 scalar form quiets a signaling one).
    const auto agrees = [](T got, T want, T xi) {
        if (rt::is_nan(xi)) {
            return rt::same_bits(got, xi) || rt::same_bits(got, want);
        }
        return rt::same_bits(got, want) || (rt::is_nan(got) && rt::is_nan(want));
    };
    const bool bf16 = std::numeric_limits<T>::digits == 8;
    const bool may_switch = bf16 ? !rt::avx512_bf16_off_by_environment : !rt::avx512_fp16_off_by_environment;
    const rt::each_isa paths;
    std::vector<std::vector<T>> exact_sums(2 * slopes.size());
    for (const bool instructions : {true, false}) {
        if (instructions && !may_switch) {
            continue;  // off for the whole program: the pass without them only
        }
        const rt::avx512_bf16_products bf16_products(bf16 ? instructions : rt::avx512_bf16_now());
        const rt::avx512_fp16_products fp16_products(!bf16 ? instructions : rt::avx512_fp16_now());
        for (const rectify::isa path : paths.runnable) {
            REQUIRE(rectify::force_isa(path));
            // Channels last (a slope per element, from the repeated pattern), and
            // channels first with runs of one channel longer than a piece (one
            // slope for the whole run).
            // Every x meets every slope: the slopes rotated, a call for each turn.
            for (std::size_t turn = 0; turn < slopes.size(); ++turn) {
            for (const std::size_t inner : {std::size_t{1}, n / 2}) {
                std::vector<T> s = inner == 1 ? slopes : std::vector<T>{slopes[turn], slopes[(turn + 3) % slopes.size()]};
                if (inner == 1) {
                    std::rotate(s.begin(), s.begin() + static_cast<std::ptrdiff_t>(turn), s.end());
                }
                std::vector<T> value(n), in_place = x, derivative(n), backward(n), grad_slopes(s.size());
                if (inner == 1) {
                    rectify::prelu(x, value, s);
                    rectify::prelu(in_place, s);
                    rectify::prelu_derivative(x, derivative, s);
                    rectify::prelu_backward(x, dy, s, backward, grad_slopes);
                } else {
                    const rectify::channels_first layout{inner};
                    rectify::prelu(x, value, s, layout);
                    rectify::prelu(in_place, s, layout);
                    rectify::prelu_derivative(x, derivative, s, layout);
                    rectify::prelu_backward(x, dy, s, backward, grad_slopes, layout);
                }
                std::size_t bad = 0;
                for (std::size_t i = 0; i < n; ++i) {
                    const T si = s[(i / inner) % s.size()];
                    const T want[] = {rectify::leaky_relu(x[i], si), rectify::leaky_relu(x[i], si),
                                      rectify::leaky_relu_derivative(x[i], si),
                                      rectify::leaky_relu_backward(x[i], dy[i], si)};
                    const T got[] = {value[i], in_place[i], derivative[i], backward[i]};
                    for (std::size_t k = 0; k < 4; ++k) {
                        if (!agrees(got[k], want[k], x[i]) && ++bad <= 5) {
                            FAIL_CHECK(rt::type_name<T>() << " on " << rectify::isa_name(path)
                                                          << (instructions ? "" : " (no AVX-512 BF16/FP16)")
                                                          << " inner " << inner << " form " << k << ": x "
                                                          << rt::show(x[i]) << " dy " << rt::show(dy[i])
                                                          << " slope " << rt::show(si) << " gave "
                                                          << rt::show(got[k]) << ", scalar " << rt::show(want[k]));
                        }
                    }
                }
                CHECK(bad == 0);
                // The slope gradient: the exact sum, rounded once (widened to float on the vector kernels).
                std::vector<T>& exact = exact_sums[turn * 2 + (inner == 1 ? 0 : 1)];  // the same on every kernel
                if (exact.empty()) {
                    exact = reference_gradient(x, dy, s.size(), inner);
                }
                for (std::size_t c = 0; c < s.size(); ++c) {
                    if (!same_or_both_nan(grad_slopes[c], exact[c])) {
                        FAIL_CHECK(rt::type_name<T>() << " on " << rectify::isa_name(path) << " inner " << inner
                                                      << " grad_slopes[" << c << "] " << rt::show(grad_slopes[c])
                                                      << ", exact " << rt::show(exact[c]));
                    }
                }
            }
            }
        }
    }
}

}  // namespace

TEST_CASE("prelu on 16-bit spans: every pattern of x, every kernel, the scalar form's bits", "[prelu][span][half]") {
    every_half_pattern<rectify::bfloat16_t>();
    every_half_pattern<rectify::float16_t>();
#if RECTIFY_HAS_FLOAT16
    every_half_pattern<_Float16>();
#endif
}

TEST_CASE("prelu_round_double rounds a double into each narrow format as the exact reference does",
          "[prelu][gradient]") {
    std::mt19937_64 rng(17);
    std::vector<double> ds{0.0, -0.0, 1.0, -1.0, 0x1p-149, 0x1p-150, 0x1.8p-150, 0x1p-151, 0x1.fffffep127,
                           0x1.fffffefp127, 0x1.ffffffp127, 0x1p128, 0x1p-133, 0x1p-134, 0x1p-24, 0x1p-25,
                           0x1.ffdp15, 0x1.ffep15, 65519.0, 65520.0, 1.0 + 0x1p-24, 1.0 + 0x1p-23 + 0x1p-24,
                           1.0 + 0x1p-9, 1.0 + 0x1p-8 + 0x1p-9, 1.0 + 0x1p-12, 1.0 + 0x1p-11 + 0x1p-12, 0x1p-1074,
                           0x1p-1022, 0x1p-300, 0x1.0000001p-127};
    std::uniform_int_distribution<int> e(-160, 130);
    std::uniform_int_distribution<std::uint64_t> bits;
    // (A sixteenth under valgrind, where this pure arithmetic took 180 s of CPU: rt::sampled.)
    for (int i = 0; i < rt::sampled(200000); ++i) {
        // Random significands, and ones that end on a midpoint of every format.
        double d = std::ldexp(1.0 + static_cast<double>(bits(rng) >> 12) * 0x1p-52, e(rng));
        if (i % 4 == 1) {
            d = std::ldexp(std::ldexp(std::round(std::ldexp(d / std::ldexp(1.0, std::ilogb(d)), 24)), -24) +
                               0x1p-25,
                           std::ilogb(d));
        }
        ds.push_back(i % 2 == 0 ? d : -d);
    }
    const auto check = [&](auto round, int digits, int emin, int emax, const char* name) {
        std::size_t bad = 0;
        for (const double d : ds) {
            rt::exact_reference ref;
            ref.add(d, 1.0);
            const double want = d == 0.0 ? d : ref.rounded(digits, emin, emax);  // (an exact sum of 0 is +0)
            const double got = round(d);
            if (!rt::same_bits(got, want) && ++bad <= 3) {
                FAIL_CHECK(name << ": " << rt::show(d) << " gave " << rt::show(got) << ", exact " << rt::show(want));
            }
        }
        CHECK(bad == 0);
    };
    using rectify::detail::prelu_round_double;
    check(prelu_round_double<24, -126, 127>, 24, -126, 127, "float");
    check(prelu_round_double<8, -126, 127>, 8, -126, 127, "bfloat16");
    check(prelu_round_double<11, -14, 15>, 11, -14, 15, "binary16");
    CHECK(std::isnan(prelu_round_double<24, -126, 127>(std::numeric_limits<double>::quiet_NaN())));
    CHECK(prelu_round_double<24, -126, 127>(-std::numeric_limits<double>::infinity()) ==
          -std::numeric_limits<double>::infinity());
}

TEST_CASE("the slope gradient takes its double sum only where the error bound settles the rounding",
          "[prelu][gradient]") {
    // A channel's double sum and mu (the running error bound: the error is at
    // most 2^-53 mu) are set by hand; the call's data (x, dy) hold a different
    // exact sum, so the result says which was taken.
    using gradient = rectify::detail::prelu_gradient<float>;
    const auto run = [](double sum, double mu, std::vector<float> x, std::vector<float> dy) {
        gradient g(1, 1);
        g.prepare(0, rectify::detail::prelu_slots::channel);
        g.fold(0, sum, mu);
        float out = 42.0f;
        g.finish(&out, x.data(), dy.data(), x.size());
        return out;
    };
    const std::vector<float> five{-5.0f}, one{1.0f};
    // Far from a boundary: the double sum's rounding.
    CHECK(run(3.0, 3000.0, five, one) == 3.0f);
    CHECK(run(1.0 + 0x1p-30, 1000.0, five, one) == 1.0f);
    CHECK(run(-0x1p-140, 0x1p-140, five, one) == -0x1p-140f);  // a subnormal float (one term: mu = |sum|)
    // The same sum with a bound past the distance to the midpoint 1 + 2^-24
    // (mu 2^29: 2^-23): the exact path.
    CHECK(run(1.0 + 0x1p-30, 0x1p29, five, one) == -5.0f);
    CHECK(run(1.0 + 0x1p-30, 0x1p26, five, one) == 1.0f);  // 2^-26: still settled
    // On a midpoint: the exact path, which sees the tiny term the double sum lost.
    CHECK(run(1.0 + 0x1p-24, 2.0, {-1.0f, -1.0f, -0x1p-100f}, {-1.0f, -0x1p-24f, -0x1p-100f}) == 1.0f + 0x1p-23f);
    // Straddling zero (an exact cancellation): -0 and +0 differ, so the exact path: +0.
    const float zero = run(0.0, 6.0, {-1.0f, -1.0f}, {3.0f, -3.0f});
    CHECK(zero == 0.0f);
    CHECK(!std::signbit(zero));
    // A NaN or an infinity in the double sum: the exact path.
    CHECK(run(std::numeric_limits<double>::quiet_NaN(), 1.0, five, one) == -5.0f);
    CHECK(run(std::numeric_limits<double>::infinity(), 1.0, five, one) == -5.0f);
    // A sum past the largest float, or at the edge: the exact path (it decides overflows).
    CHECK(run(0x1p200, 0x1p200, five, one) == -5.0f);
    CHECK(run(0x1.fffffefp127, 0x1p180, five, one) == -5.0f);
    CHECK(run(0x1.fffffefp127, 0x1p128, five, one) == std::numeric_limits<float>::max());
    // Nothing in the double sums (every term 0): the exact sums as they are (empty: +0).
    CHECK(!std::signbit(run(-0.0, 0.0, five, one)));
}
