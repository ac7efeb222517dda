// Span forms against the scalar definition, bit for bit: every function and
// type, on every kernel this machine runs (each forced in turn), every length
// from 0 to past four vectors of the widest kernel, at misaligned offsets, in
// place and out of place, with guard zones that must stay untouched.
#include "catch.hpp"
#include "test_util.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <memory>
#include <ratio>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

namespace {

using rt::fn;

constexpr std::size_t max_length = 257;  // > 4 AVX-512 vectors of float (the unrolled loop) plus a tail
constexpr std::size_t max_offset = 3;
constexpr std::size_t guard = 16;

// With RECTIFY_TEST_SHORT_SWEEPS set (by CMake under valgrind, on the
// emulated x86-64 CPUs and under qemu-aarch64, by the Debug preset
// gcc-cxx23), the
// lengths stop at 10 vectors of the widest kernel run here, plus the offsets:
// past a prologue of up to one vector, the 4-vector loop (twice), the
// 1-vector loop thrice and every tail, at every offset, so every path of
// every kernel. Those runs add what depends on the paths taken, not on how
// many lengths take them: memcheck's view of memory, instructions beyond the
// emulated CPU's, -O0 code. gcov of the header at -O0: the short and the full
// sweep take the same lines and branches on the portable, SSE2 and AVX2
// kernels; NEON's are the same templates as SSE2's (vector_kernel,
// half_vector_kernel, smooth_vector_kernel at 16 bytes a vector, the
// portable loop below a vector). The optimised presets' native runs (gcc,
// clang16, asan) sweep every length to max_length on every kernel.
template <class T>
std::size_t swept_length() {
    return rt::swept_length<T>(max_length, max_offset);
}

// Where the output lives relative to the inputs.
enum class placement { separate, in_place_on_x, in_place_on_dy };

template <class T>
void sweep(fn f, placement where, T alpha, T beta) {  // NOLINT(readability-function-cognitive-complexity): one sweep
    const T sentinel = rt::from<T>(42.0);
    const std::vector<T> values = rt::test_values<T>(max_length + max_offset, 11);
    const std::vector<T> grads = rt::test_values<T>(max_length + max_offset, 12);
    std::size_t mismatches = 0;
    // relu6 ... threshold share relu's loop (vector_kernel), which relu and
    // leaky_relu sweep in full: theirs is lighter (every length to 40, then
    // every 7th; offsets 0/0, 1/3 and 3/1), so that the Debug presets stay short.
    const bool light = rt::floating_only(f) && f != fn::leaky && f != fn::leaky_derivative && f != fn::leaky_backward;
    const std::size_t last_length = swept_length<T>();
    for (std::size_t n = 0; n <= last_length; ++n) {
        if (light && n > 40 && n % 7 != 0) {
            continue;
        }
        for (std::size_t in_off = 0; in_off <= max_offset; ++in_off) {
            for (std::size_t out_off = 0; out_off <= max_offset; ++out_off) {
                if (where != placement::separate && out_off != in_off) {
                    continue;
                }
                if (light && !(in_off == out_off && in_off == 0) && !(in_off == 1 && out_off == 3) &&
                    !(in_off == 3 && out_off == 1) && !(where != placement::separate && in_off == 1)) {
                    continue;
                }
                // Rotate the values so every length sees every special value somewhere.
                std::vector<T> xbuf(guard + max_offset + max_length + guard, sentinel);
                std::vector<T> dbuf(xbuf.size(), sentinel);
                for (std::size_t i = 0; i < n; ++i) {
                    xbuf[guard + in_off + i] = values[(i + n) % values.size()];
                    dbuf[guard + in_off + i] = grads[(i + 2 * n) % grads.size()];
                }
                std::vector<T> obuf(xbuf.size(), sentinel);
                const std::vector<T> x0 = xbuf, d0 = dbuf;
                const std::span<T> x(xbuf.data() + guard + in_off, n);
                const std::span<T> dy(dbuf.data() + guard + in_off, n);
                std::span<T> out(obuf.data() + guard + out_off, n);
                std::vector<T>* outbuf = &obuf;
                if (where == placement::in_place_on_x) { out = x; outbuf = &xbuf; }
                if (where == placement::in_place_on_dy) { out = dy; outbuf = &dbuf; }

                rt::span_form<T>(f, x, dy, out, alpha, beta);

                for (std::size_t i = 0; i < n; ++i) {
                    const T want = rt::scalar(f, x0[guard + in_off + i], d0[guard + in_off + i], alpha, beta);
                    if (!rt::same_bits(out[i], want) && ++mismatches <= 5) {
                        FAIL_CHECK(rt::fn_name(f) << '<' << rt::type_name<T>() << "> on "
                                           << rectify::isa_name(rectify::active_isa()) << ", length " << n
                                           << " offsets " << in_off
                                           << '/' << out_off << " element " << i << ": input "
                                           << rt::show(x0[guard + in_off + i]) << " gave " << rt::show(out[i])
                                           << ", scalar gives " << rt::show(want));
                    }
                }
                // Nothing outside the output moved; the inputs are intact unless they are the output.
                const std::size_t first = guard + out_off, last = first + n;
                for (std::size_t i = 0; i < outbuf->size(); ++i) {
                    if (i >= first && i < last) {
                        continue;
                    }
                    const T expected = outbuf == &obuf ? sentinel : (outbuf == &xbuf ? x0[i] : d0[i]);
                    if (!rt::same_bits((*outbuf)[i], expected) && ++mismatches <= 5) {
                        FAIL_CHECK(rt::fn_name(f) << '<' << rt::type_name<T>() << "> on "
                                           << rectify::isa_name(rectify::active_isa()) << ", length " << n
                                           << " wrote outside its output at " << i);
                    }
                }
                const auto unchanged = [](const std::vector<T>& now, const std::vector<T>& before) {
                    return std::equal(now.begin(), now.end(), before.begin(), [](T a, T b) { return rt::same_bits(a, b); });
                };
                if (where != placement::in_place_on_x && !unchanged(xbuf, x0)) {
                    FAIL_CHECK(rt::fn_name(f) << " changed its input x");
                }
                if (where != placement::in_place_on_dy && !unchanged(dbuf, d0)) {
                    FAIL_CHECK(rt::fn_name(f) << " changed grad_out");
                }
            }
        }
    }
    CHECK(mismatches == 0);
}

// The parameters each function is swept with (integers: unused).
std::vector<std::array<double, 2>> parameters_of(fn f) {
    const double inf = std::numeric_limits<double>::infinity();
    const double nan = std::numeric_limits<double>::quiet_NaN();
    switch (f) {
        case fn::leaky:
        case fn::leaky_derivative:
        case fn::leaky_backward:  // alphas below 1, above 1, negative and -0
            return {{0.01, 0}, {1.5, 0}, {-0.5, 0}, {-0.0, 0}};
        case fn::hardtanh:
        case fn::hardtanh_derivative:
        case fn::hardtanh_backward:  // the default; a point; zeros of both signs (family_test: the rest)
            return {{-1, 1}, {2.5, 2.5}, {-0.0, 0.0}};
        case fn::threshold:
        case fn::threshold_derivative:
        case fn::threshold_backward:  // value below and NaN, threshold at -0; an infinite threshold
            return {{1, -5}, {-0.0, nan}, {-inf, 1}};
        default:
            return {{0.01, 0}};
    }
}

template <class T>
void sweep_all(std::initializer_list<fn> functions) {
    // 16-bit: computed unless a table is asked for below (a program's calls
    // add up to a table; these sweeps are the kernels' own).
    const rt::half_tables_from computed(SIZE_MAX);
    const rt::each_isa paths;
    for (const rectify::isa path : paths.runnable) {
        if (!rt::has_kernels_of_its_own<T>() && path != paths.runnable.front()) {
            continue;  // the portable loop again, as swept on the first kernel
        }
        REQUIRE(rectify::force_isa(path));
        for (const fn f : functions) {
            const bool binary = rt::is_backward(f);
            for (const auto& [alpha, beta] : parameters_of(f)) {
                const T a = static_cast<T>(alpha);
                const T b = static_cast<T>(beta);
                sweep<T>(f, placement::separate, a, b);
                if (rt::may_stream<T>(path)) {
                    // Every length streams its output (x86-64's vector kernels; elsewhere the same as above).
                    const rt::streaming_from streaming(1);
                    sweep<T>(f, placement::separate, a, b);
                }
                sweep<T>(f, placement::in_place_on_x, a, b);
                if (binary) {
                    sweep<T>(f, placement::in_place_on_dy, a, b);  // grad_in may be grad_out itself
                }
                if constexpr (rectify::floating<T> && sizeof(T) == 2) {
                    if (f == fn::hardsigmoid || f == fn::hardswish || f == fn::hardswish_derivative ||
                        f == fn::hardswish_backward) {
                        // Through the table of every result (hardswish' for the backward pass):
                        // made by the first call, read by the rest.
                        const rt::half_tables_from tables(1);
                        sweep<T>(f, placement::separate, a, b);
                        sweep<T>(f, placement::in_place_on_x, a, b);
                        if (binary) {
                            sweep<T>(f, placement::in_place_on_dy, a, b);
                        }
                    }
                }
            }
        }
    }
}

}  // namespace

TEMPLATE_LIST_TEST_CASE("span forms equal the scalar definition at every length and offset", "[span]",
                        rt::floating_types) {
    sweep_all<TestType>({fn::relu, fn::relu_derivative, fn::relu_backward, fn::leaky, fn::leaky_derivative,
                         fn::leaky_backward});
}

TEMPLATE_LIST_TEST_CASE("span forms of relu6, hardtanh, hardsigmoid, hardswish and threshold equal the scalar "
                        "definition at every length and offset",
                        "[span][family]", rt::family_types) {
    sweep_all<TestType>({fn::relu6, fn::relu6_derivative, fn::relu6_backward, fn::hardtanh,
                         fn::hardtanh_derivative, fn::hardtanh_backward, fn::hardsigmoid, fn::hardsigmoid_derivative,
                         fn::hardsigmoid_backward, fn::hardswish, fn::hardswish_derivative, fn::hardswish_backward,
                         fn::threshold, fn::threshold_derivative, fn::threshold_backward});
}

TEMPLATE_LIST_TEST_CASE("integer span forms equal the scalar definition at every length and offset",
                        "[span][integer]", rt::integer_types) {
    sweep_all<TestType>({fn::relu, fn::relu_derivative, fn::relu_backward});
}

TEST_CASE("span forms take vectors, arrays, C arrays and spans without the caller writing a span", "[span]") {
    const std::vector<float> v{-1.0f, 2.0f, -0.0f, 3.0f};
    const std::array<float, 4> a{-1.0f, 2.0f, -0.0f, 3.0f};
    const float c[4] = {-1.0f, 2.0f, -0.0f, 3.0f};
    const std::vector<float> want{0.0f, 2.0f, 0.0f, 3.0f};

    std::vector<float> out_v(4);
    std::array<float, 4> out_a{};
    float out_c[4] = {};
    rectify::relu(v, out_a);
    rectify::relu(a, out_c);
    rectify::relu(c, out_v);
    CHECK(std::vector<float>(out_a.begin(), out_a.end()) == want);
    CHECK(std::vector<float>(std::begin(out_c), std::end(out_c)) == want);
    CHECK(out_v == want);

    std::vector<float> w(4);
    rectify::relu(std::span<const float>(v), std::span<float>(w));  // spans, including temporaries
    CHECK(w == want);
    rectify::relu(std::span(v).first(2), std::span(w).last(2));
    CHECK(w == std::vector<float>{0.0f, 2.0f, 0.0f, 2.0f});

    float inplace[3] = {-5.0f, 5.0f, -0.0f};
    rectify::relu(inplace);
    CHECK(inplace[0] == 0.0f);
    CHECK(inplace[1] == 5.0f);
    CHECK(!std::signbit(inplace[2]));
}

TEST_CASE("the functions work as callables in standard algorithms without a lambda", "[span][callable]") {
    const std::vector<double> v{-2.0, -0.0, 0.0, 3.0};
    std::vector<double> out(v.size());

    const auto same = [](const std::vector<double>& a, const std::vector<double>& b) {
        return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](double x, double y) { return rt::same_bits(x, y); });
    };
    std::ranges::transform(v, out.begin(), rectify::relu);
    CHECK(same(out, {0.0, 0.0, 0.0, 3.0}));  // +0 from -0

    std::ranges::transform(v, out.begin(), rectify::relu_derivative);
    CHECK(out == std::vector<double>{0.0, 1.0, 1.0, 1.0});

    std::ranges::transform(v, v, out.begin(), rectify::relu_backward);
    CHECK(same(out, {0.0, -0.0, 0.0, 3.0}));  // dy itself where x is -0

    // A compile-time alpha and the element type name one function.
    std::ranges::transform(v, out.begin(), rectify::leaky_relu<std::ratio<1, 2>, double>);
    CHECK(same(out, {-1.0, -0.0, 0.0, 3.0}));  // alpha * -0 is -0
    std::ranges::transform(v, out.begin(), rectify::leaky_relu_derivative<std::ratio<1, 2>, double>);
    CHECK(out == std::vector<double>{0.5, 1.0, 1.0, 1.0});
#if RECTIFY_HAS_FLOATING_ALPHA
    std::ranges::transform(v, out.begin(), rectify::leaky_relu<0.25, double>);
    CHECK(same(out, {-0.5, -0.0, 0.0, 3.0}));
#endif
    std::vector<int> ints{-3, 4};
    std::transform(ints.begin(), ints.end(), ints.begin(), rectify::relu);
    CHECK(ints == std::vector<int>{0, 4});
}

TEST_CASE("empty ranges are fine", "[span]") {
    std::vector<float> empty, empty_out;
    rectify::relu(empty, empty_out);
    rectify::relu(empty);
    rectify::leaky_relu(empty, empty_out, 0.1f);
    rectify::relu_backward(empty, empty, empty_out);
    rectify::leaky_relu_backward(empty, empty, empty_out);
    rectify::relu(std::span<const float>(), std::span<float>());  // null data pointers
    CHECK(empty_out.empty());
}

TEST_CASE("sizes past 2^31 elements work, in place, on every kernel, and in error messages", "[span][large]") {
    // 2^31 + 17 int8 elements (about 2.1 GB) between two guard zones: an
    // index or size held in a 32-bit int anywhere would wrap and miss the
    // elements past 2^31, or write before the start.
    const std::size_t n = (std::size_t{1} << 31) + 17;
    constexpr std::size_t guard_bytes = 4096;
    std::vector<std::int8_t> buf(guard_bytes + n + guard_bytes);
    const std::span<std::int8_t> v(buf.data() + guard_bytes, n);
    const std::size_t positives[] = {0, (std::size_t{1} << 31) - 1, std::size_t{1} << 31, n - 2};
    // Every element checked, by memcmp against a block of the expected bytes
    // (fast at any optimisation level).
    const auto all_equal = [](const std::int8_t* p, std::size_t count, std::int8_t value) {
        static std::vector<std::int8_t> block;
        block.assign(std::size_t{1} << 20, value);
        for (std::size_t done = 0; done < count; done += block.size()) {
            const std::size_t len = std::min(block.size(), count - done);
            if (std::memcmp(p + done, block.data(), len) != 0) {
                return false;
            }
        }
        return true;
    };
    const rt::each_isa paths;
    for (const rectify::isa path : paths.runnable) {
        REQUIRE(rectify::force_isa(path));
        INFO("kernel " << rectify::isa_name(path));
        std::fill(buf.begin(), buf.end(), std::int8_t{-1});
        for (const std::size_t i : positives) {
            v[i] = std::int8_t{5};
        }
        rectify::relu(v);
        for (const std::size_t i : positives) {
            CHECK(v[i] == 5);
            v[i] = 0;
        }
        CHECK(all_equal(v.data(), n, 0));                     // every negative element became 0
        CHECK(all_equal(buf.data(), guard_bytes, -1));                    // nothing before the output
        CHECK(all_equal(buf.data() + guard_bytes + n, guard_bytes, -1));  // nothing after it
    }

    // The size check comes first, so a shorter view of the same buffer reports sizes.
    try {
        rectify::relu(v, v.first(n - 1));
        FAIL("no exception");
    } catch (const std::invalid_argument& e) {
        CHECK(std::string(e.what()) ==
              "rectify::relu: sizes differ: input has 2147483665, output has 2147483664 elements; nothing was written");
    }
}

namespace {
// Whether leaky_relu<true> would be accepted for T (it must not be: a bool is no alpha).
template <class T>
constexpr bool bool_alpha_accepted = requires(T x) { rectify::leaky_relu<true>(x); };
}  // namespace

TEST_CASE("outputs must be lvalues or views: a temporary container would throw the results away", "[span][api]") {
    using vec = std::vector<float>;
    STATIC_REQUIRE(std::is_invocable_v<decltype(rectify::relu), vec&>);
    STATIC_REQUIRE(std::is_invocable_v<decltype(rectify::relu), std::span<float>>);  // a view of the caller's data
    STATIC_REQUIRE(!std::is_invocable_v<decltype(rectify::relu), vec>);             // relu(make_vector())
    STATIC_REQUIRE(!std::is_invocable_v<decltype(rectify::relu), const vec&>);      // const, in place
    STATIC_REQUIRE(std::is_invocable_v<decltype(rectify::relu), vec, vec&>);        // a temporary input is fine
    STATIC_REQUIRE(!std::is_invocable_v<decltype(rectify::relu), const vec&, vec>);
    STATIC_REQUIRE(!std::is_invocable_v<decltype(rectify::relu), const vec&, std::span<const float>>);
    STATIC_REQUIRE(!std::is_invocable_v<decltype(rectify::relu), const vec&, std::vector<double>&>);
    STATIC_REQUIRE(!std::is_invocable_v<decltype(rectify::relu_backward), const vec&, const vec&, vec>);
    STATIC_REQUIRE(!bool_alpha_accepted<float>);
}

namespace {
// Every start of the output within a 64-byte line (each multiple of the
// element size), with the input at the same start and 4 bytes later, in
// place and out of place, every length to past five AVX-512 vectors: the
// kernels start their loop at the first output element aligned to the vector
// and store the vector before it last (vector_kernel, half_vector_kernel).
template <class T>
void every_output_start() {
    constexpr std::size_t line = 64;
    constexpr std::size_t most = 5 * line / sizeof(T) + 3;
    // (aligned_alloc takes a whole number of alignments.)
    const std::size_t room = (line + 2 * most * sizeof(T) + 2 * line + line - 1) / line * line;
    struct free_deleter {
        void operator()(void* p) const noexcept { std::free(p); }
    };
    const std::unique_ptr<unsigned char[], free_deleter> xmem(static_cast<unsigned char*>(std::aligned_alloc(line, room)));
    const std::unique_ptr<unsigned char[], free_deleter> ymem(static_cast<unsigned char*>(std::aligned_alloc(line, room)));
    REQUIRE(xmem != nullptr);
    REQUIRE(ymem != nullptr);
    const std::vector<T> values = rt::test_values<T>(most, 21);
    const std::vector<T> grads = rt::test_values<T>(most, 22);
    [[maybe_unused]] const T alpha = rt::from<T>(0.25);
    constexpr bool floating = rectify::floating<T>;
    constexpr int functions = floating ? 3 : 1;
    const T sentinel = rt::from<T>(42.0);
    const rt::each_isa kernels;
    std::size_t compared = 0;
    std::size_t bad = 0;
    for (const rectify::isa k : kernels.runnable) {
        REQUIRE(rectify::force_isa(k));
        for (std::size_t start = 0; start < line; start += sizeof(T)) {
            for (const bool in_place : {false, true}) {
                for (const std::size_t shift : {std::size_t{0}, std::size_t{4}}) {
                    if ((in_place && shift != 0) || shift % sizeof(T) != 0) {
                        continue;
                    }
                    for (std::size_t n = 0; n <= most; ++n) {
                        // relu, leaky_relu, leaky_relu_backward (the integers: relu)
                        for (int f = 0; f < functions; ++f) {
                            std::fill_n(reinterpret_cast<T*>(xmem.get()), room / sizeof(T), sentinel);  // NOLINT(cppcoreguidelines-pro-type-reinterpret-cast)
                            std::fill_n(reinterpret_cast<T*>(ymem.get()), room / sizeof(T), sentinel);  // NOLINT(cppcoreguidelines-pro-type-reinterpret-cast)
                            T* y = reinterpret_cast<T*>(ymem.get() + line + start);          // NOLINT(cppcoreguidelines-pro-type-reinterpret-cast)
                            T* x = in_place ? y : reinterpret_cast<T*>(xmem.get() + line + start + shift);  // NOLINT(cppcoreguidelines-pro-type-reinterpret-cast)
                            T* dy = y + most + 8;  // beyond the output, in the same buffer
                            std::copy_n(values.begin(), n, x);
                            std::copy_n(grads.begin(), n, dy);
                            const std::span<const T> xs(x, n);
                            const std::span<const T> dys(dy, n);
                            const std::span<T> ys(y, n);
                            std::vector<T> want(n);
                            if constexpr (floating) {
                                for (std::size_t i = 0; i < n; ++i) {
                                    want[i] = f == 0 ? rectify::relu(values[i])
                                            : f == 1 ? rectify::leaky_relu(values[i], alpha)
                                                     : rectify::leaky_relu_backward(values[i], grads[i], alpha);
                                }
                                if (f == 0) {
                                    rectify::relu(xs, ys);
                                } else if (f == 1) {
                                    rectify::leaky_relu(xs, ys, alpha);
                                } else {
                                    rectify::leaky_relu_backward(xs, dys, ys, alpha);
                                }
                            } else {
                                for (std::size_t i = 0; i < n; ++i) {
                                    want[i] = rectify::relu(values[i]);
                                }
                                rectify::relu(xs, ys);
                            }
                            for (std::size_t i = 0; i < n; ++i) {
                                ++compared;
                                if (!rt::same_bits(y[i], want[i]) && ++bad <= 5) {
                                    FAIL_CHECK(rt::type_name<T>() << " on " << rectify::isa_name(k) << ", function " << f
                                                                  << ", start " << start << ", shift " << shift
                                                                  << (in_place ? ", in place" : "") << ", n " << n
                                                                  << ": element " << i << " wrong");
                                }
                            }
                            // Nothing written before or after the output.
                            for (std::size_t i = 1; i <= start / sizeof(T) + 8 && i <= line / sizeof(T); ++i) {
                                if (!rt::same_bits(*(y - i), sentinel) && ++bad <= 5) {
                                    FAIL_CHECK(rt::type_name<T>() << ": written " << i << " before the output");
                                }
                            }
                            for (std::size_t i = n; i < n + 8; ++i) {
                                if (!rt::same_bits(y[i], sentinel) && ++bad <= 5) {
                                    FAIL_CHECK(rt::type_name<T>() << ": written " << i - n << " after the output");
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    rectify::reset_isa();
    INFO(compared << " results compared");
    CHECK(bad == 0);
}
}  // namespace

TEMPLATE_TEST_CASE("span forms are right from every start of the output within a cache line, in place and out of "
                   "place",
                   "[span][align]", float, double, std::int8_t, rectify::float16_t, rectify::bfloat16_t) {
    every_output_start<TestType>();
}

// The same for prelu's pieces (prelu_piece_vector): channels last with 3
// channels (a repeated pattern) and 700 (a row longer than the widest vector
// loop), channels first with inner 5 and 300; the value and the backward pass
// (its grad_in: the slope gradient is the sum's own, tested in prelu_test).
TEMPLATE_TEST_CASE("prelu span forms are right from every start of the output within a cache line", "[span][align][prelu]",
                   float, double) {
    using T = TestType;
    constexpr std::size_t line = 64;
    constexpr std::size_t most = 2100;
    struct free_deleter {
        void operator()(void* p) const noexcept { std::free(p); }
    };
    const std::size_t room = (line + most * sizeof(T) + 2 * line + line - 1) / line * line;
    const std::unique_ptr<unsigned char[], free_deleter> mem(static_cast<unsigned char*>(std::aligned_alloc(line, room)));
    REQUIRE(mem != nullptr);
    const std::vector<T> values = rt::test_values<T>(most, 31);
    const std::vector<T> grads = rt::test_values<T>(most, 32);
    const std::vector<T> slopes = rt::test_values<T>(700, 33);
    const rt::each_isa kernels;
    std::size_t bad = 0;
    for (const rectify::isa k : kernels.runnable) {
        REQUIRE(rectify::force_isa(k));
        for (std::size_t start = 0; start < line; start += sizeof(T)) {
            for (const std::size_t target : {std::size_t{37}, std::size_t{300}, std::size_t{2100}}) {
                for (const std::size_t channels : {std::size_t{3}, std::size_t{700}}) {
                    for (const std::size_t inner : {std::size_t{1}, std::size_t{5}, std::size_t{300}}) {
                        // A whole number of periods (channels x inner), as the layout requires.
                        const std::size_t period = channels * inner;
                        const std::size_t n = target < period ? period : target / period * period;
                        if (n > most) {
                            continue;
                        }
                        for (const bool backward : {false, true}) {
                            T* y = reinterpret_cast<T*>(mem.get() + line + start);  // NOLINT(cppcoreguidelines-pro-type-reinterpret-cast)
                            std::copy_n(values.begin(), n, y);                     // in place: out is x (or dy)
                            const std::span<const T> s(slopes.data(), channels);
                            std::vector<T> grad_slopes(channels);
                            if (backward) {
                                const std::span<const T> x(values.data(), n);
                                std::copy_n(grads.begin(), n, y);
                                if (inner == 1) {
                                    rectify::prelu_backward(x, std::span<const T>(y, n), s, std::span<T>(y, n), grad_slopes);
                                } else {
                                    rectify::prelu_backward(x, std::span<const T>(y, n), s, std::span<T>(y, n), grad_slopes,
                                                            rectify::channels_first{inner});
                                }
                            } else if (inner == 1) {
                                rectify::prelu(std::span<T>(y, n), s);
                            } else {
                                rectify::prelu(std::span<T>(y, n), s, rectify::channels_first{inner});
                            }
                            for (std::size_t i = 0; i < n; ++i) {
                                const T slope = slopes[(i / inner) % channels];
                                const T want = backward ? rectify::prelu_backward(values[i], grads[i], slope)
                                                        : rectify::prelu(values[i], slope);
                                if (!rt::same_bits(y[i], want) && ++bad <= 5) {
                                    FAIL_CHECK(rt::type_name<T>() << " on " << rectify::isa_name(k) << ", start " << start
                                                                  << ", n " << n << ", channels " << channels << ", inner "
                                                                  << inner << (backward ? ", backward" : "")
                                                                  << ": element " << i << " wrong");
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    rectify::reset_isa();
    CHECK(bad == 0);
}

// bfloat16 products below 2^-126 are not exact in float: the kernels find
// them from x's bits alone, below a bound made once per call from the
// factor (detail::bf16_tiny_bound). The bound for every factor, against a
// bisection of the magnitudes by their products; then leaky_relu and its
// backward pass on the magnitudes around it, both signs, for factors of every
// exponent, on every kernel (and the AVX-512 kernel both ways), against the
// scalar form.
TEST_CASE("bfloat16 products: the tiny-product bound of every factor, and the spans around it", "[span][bf16]") {
    using B = rectify::bfloat16_t;
    const auto below = [](std::uint32_t c, std::uint32_t m) {
        const double ac = static_cast<double>(std::bit_cast<float>((c & 0x7fffU) << 16U));
        return ac * static_cast<double>(std::bit_cast<float>(m << 16U)) < 0x1p-126;
    };
    std::size_t bad = 0;
    for (std::uint32_t c = 0; c < 0x10000U; ++c) {
        const std::uint32_t magnitude = c & 0x7fffU;
        std::uint32_t want = 1;  // zero, infinity, NaN: none
        if (magnitude != 0 && magnitude < 0x7f80U) {
            std::uint32_t low = 0;
            std::uint32_t high = 0x7f80;
            while (high - low > 1) {
                const std::uint32_t mid = (low + high) / 2;
                (below(c, mid) ? low : high) = mid;
            }
            want = high;
        }
        const std::uint32_t got = rectify::detail::bf16_tiny_bound(static_cast<std::uint16_t>(c));
        if (got != want && ++bad <= 5) {
            FAIL_CHECK("factor 0x" << std::hex << c << ": bound 0x" << got << ", bisection 0x" << want);
        }
    }
    CHECK(bad == 0);

    std::vector<B> x;
    std::vector<B> factors;
    for (std::uint32_t c = 0x0001; c < 0x7f80U; c += 0x33) {
        factors.push_back(std::bit_cast<B>(static_cast<std::uint16_t>(c)));
        factors.push_back(std::bit_cast<B>(static_cast<std::uint16_t>(c | 0x8000U)));
    }
    const rt::each_isa kernels;
    std::size_t compared = 0;
    for (const bool bf16_instructions : {true, false}) {
        const rt::avx512_bf16_products way(bf16_instructions);
        for (const rectify::isa k : kernels.runnable) {
            REQUIRE(rectify::force_isa(k));
            for (const B alpha : factors) {
                const std::uint32_t bound = rectify::detail::bf16_tiny_bound(std::bit_cast<std::uint16_t>(alpha));
                x.clear();
                for (std::uint32_t m = bound > 4 ? bound - 4 : 0; m < bound + 4 && m <= 0x7f80U; ++m) {
                    x.push_back(std::bit_cast<B>(static_cast<std::uint16_t>(m)));
                    x.push_back(std::bit_cast<B>(static_cast<std::uint16_t>(m | 0x8000U)));
                }
                while (x.size() < 40) {  // past one AVX-512 vector
                    x.push_back(x[x.size() % 16]);
                }
                std::vector<B> y(x.size());
                std::vector<B> g(x.size());
                rectify::leaky_relu(x, y, alpha);
                rectify::leaky_relu_backward(x, x, g, alpha);  // dy = x: the products are x alpha again
                for (std::size_t i = 0; i < x.size(); ++i) {
                    ++compared;
                    const B want_y = rectify::leaky_relu(x[i], alpha);
                    const B want_g = rectify::leaky_relu_backward(x[i], x[i], alpha);
                    if ((!rt::same_bits(y[i], want_y) || !rt::same_bits(g[i], want_g)) && ++bad <= 5) {
                        FAIL_CHECK("on " << rectify::isa_name(k) << (bf16_instructions ? "" : " (no AVX-512 BF16)")
                                         << ", alpha bits 0x" << std::hex << std::bit_cast<std::uint16_t>(alpha)
                                         << ", x bits 0x" << std::bit_cast<std::uint16_t>(x[i]));
                    }
                }
            }
        }
    }
    rectify::reset_isa();
    INFO(compared << " results compared");
    CHECK(bad == 0);
}
