// relu, relu_derivative and relu_backward: DESIGN.md's semantics table, bit
// for bit, for every floating type and every integer type, scalar and span.
#include "catch.hpp"
#include "test_util.hpp"

#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>
#include <vector>

#if defined(__x86_64__) || defined(_M_X64)
#include <xmmintrin.h>
#endif

namespace {

// One row of the table: input x, upstream gradient dy, and the three expected
// results written out by hand (not computed by rectify).
template <class T>
struct relu_row {
    const char* what;
    T x;
    T relu;
    T derivative;
    T backward;  // relu_backward(x, dy) with dy = 7
};

template <class T>
std::vector<relu_row<T>> relu_table() {
    using rt::from;
    const T nan = rt::qnan<T>();
    const T dy = from<T>(7.0);
    return {
        {"x > 0", from<T>(2.5), from<T>(2.5), from<T>(1.0), dy},
        {"+inf", rt::inf<T>(), rt::inf<T>(), from<T>(1.0), dy},
        {"+0", from<T>(0.0), from<T>(0.0), from<T>(1.0), dy},
        {"-0", from<T>(-0.0), from<T>(0.0), from<T>(1.0), dy},  // relu(-0) is +0; relu'(-0) is 1
        {"x < 0", from<T>(-3.0), from<T>(0.0), from<T>(0.0), from<T>(0.0)},
        {"-inf", -rt::inf<T>(), from<T>(0.0), from<T>(0.0), from<T>(0.0)},
        {"smallest subnormal", rt::limits<T>::denorm_min(), rt::limits<T>::denorm_min(),
         from<T>(1.0), dy},
        {"-smallest subnormal", -rt::limits<T>::denorm_min(), from<T>(0.0), from<T>(0.0),
         from<T>(0.0)},
        {"max", rt::limits<T>::max(), rt::limits<T>::max(), from<T>(1.0), dy},
        {"lowest", rt::limits<T>::lowest(), from<T>(0.0), from<T>(0.0), from<T>(0.0)},
        {"NaN", nan, nan, nan, nan},  // NaN in, the same NaN out
        {"-NaN", -nan, -nan, -nan, -nan},
    };
}

template <class T>
void check(const char* function, const char* what, T got, T expected) {
    INFO(function << " on " << what << ": got " << rt::show(got) << ", expected " << rt::show(expected));
    CHECK(rt::same_bits(got, expected));
}

}  // namespace

TEMPLATE_LIST_TEST_CASE("relu family follows the semantics table bit for bit (scalar)", "[relu][table]",
                        rt::floating_types) {
    using T = TestType;
    const T dy = rt::from<T>(7.0);
    for (const auto& r : relu_table<T>()) {
        check("relu", r.what, rectify::relu(r.x), r.relu);
        check("relu_derivative", r.what, rectify::relu_derivative(r.x), r.derivative);
        check("relu_backward", r.what, rectify::relu_backward(r.x, dy), r.backward);
    }
}

TEMPLATE_LIST_TEST_CASE("relu family follows the semantics table bit for bit (span)", "[relu][table][span]",
                        rt::floating_types) {
    using T = TestType;
    const auto table = relu_table<T>();
    std::vector<T> x, want_relu, want_derivative, want_backward;
    for (const auto& r : table) {
        x.push_back(r.x);
        want_relu.push_back(r.relu);
        want_derivative.push_back(r.derivative);
        want_backward.push_back(r.backward);
    }
    const std::vector<T> dy(x.size(), rt::from<T>(7.0));
    std::vector<T> out(x.size());

    rectify::relu(x, out);
    for (std::size_t i = 0; i < x.size(); ++i) {
        check("relu(in, out)", table[i].what, out[i], want_relu[i]);
    }

    std::vector<T> inout = x;
    rectify::relu(inout);
    for (std::size_t i = 0; i < x.size(); ++i) {
        check("relu(inout)", table[i].what, inout[i], want_relu[i]);
    }

    rectify::relu_derivative(x, out);
    for (std::size_t i = 0; i < x.size(); ++i) {
        check("relu_derivative(in, out)", table[i].what, out[i], want_derivative[i]);
    }

    rectify::relu_backward(x, dy, out);
    for (std::size_t i = 0; i < x.size(); ++i) {
        check("relu_backward(x, dy, out)", table[i].what, out[i], want_backward[i]);
    }
}

TEMPLATE_LIST_TEST_CASE("relu_backward is a select: x < 0 gives +0 even for NaN or infinite dy",
                        "[relu][backward]", rt::floating_types) {
    using T = TestType;
    for (const T dy : {rt::qnan<T>(), rt::inf<T>(), -rt::inf<T>(), rt::from<T>(-0.0)}) {
        check("relu_backward(-3, dy)", "x < 0", rectify::relu_backward(rt::from<T>(-3.0), dy), rt::from<T>(0.0));
        check("relu_backward(+0, dy)", "x = +0", rectify::relu_backward(rt::from<T>(0.0), dy), dy);
        check("relu_backward(-0, dy)", "x = -0", rectify::relu_backward(rt::from<T>(-0.0), dy), dy);
    }
}

TEMPLATE_LIST_TEST_CASE("relu on integers: negative values become 0, unsigned is the identity",
                        "[relu][integer]", rt::integer_types) {
    using T = TestType;
    using lim = std::numeric_limits<T>;
    const T zero = 0, one = 1;
    CHECK(rectify::relu(zero) == zero);
    CHECK(rectify::relu(one) == one);
    CHECK(rectify::relu(lim::max()) == lim::max());
    CHECK(rectify::relu_derivative(zero) == one);
    CHECK(rectify::relu_derivative(lim::max()) == one);
    CHECK(rectify::relu_backward(lim::max(), T(5)) == T(5));
    if constexpr (lim::is_signed) {
        CHECK(rectify::relu(T(-1)) == zero);
        CHECK(rectify::relu(lim::min()) == zero);
        CHECK(rectify::relu_derivative(T(-1)) == zero);
        CHECK(rectify::relu_derivative(lim::min()) == zero);
        CHECK(rectify::relu_backward(T(-1), T(5)) == zero);
    } else {
        CHECK(rectify::relu(lim::min()) == lim::min());  // 0
        CHECK(rectify::relu_derivative(lim::min()) == one);
    }
    // The span forms agree element by element.
    const std::vector<T> x = rt::test_values<T>(100, 7);
    std::vector<T> out(x.size()), dy = rt::test_values<T>(100, 8);
    rectify::relu(x, out);
    for (std::size_t i = 0; i < x.size(); ++i) {
        CHECK(out[i] == rectify::relu(x[i]));
    }
    rectify::relu_derivative(x, out);
    for (std::size_t i = 0; i < x.size(); ++i) {
        CHECK(out[i] == rectify::relu_derivative(x[i]));
    }
    rectify::relu_backward(x, dy, out);
    for (std::size_t i = 0; i < x.size(); ++i) {
        CHECK(out[i] == rectify::relu_backward(x[i], dy[i]));
    }
}

TEST_CASE("every function returns a quiet NaN input as it is: payload and sign", "[nan]") {
    // A quiet NaN with a payload, and a negative one.
    for (const std::uint32_t bits : {0x7fc12345u, 0xffc00042u}) {
        const auto x = std::bit_cast<float>(bits);
        INFO("input bits " << std::hex << bits);
        const auto same = [&](float got) { return std::bit_cast<std::uint32_t>(got) == bits; };
        CHECK(same(rectify::relu(x)));
        CHECK(same(rectify::relu_derivative(x)));
        CHECK(same(rectify::relu_backward(x, 2.0f)));
        CHECK(same(rectify::leaky_relu(x, 0.5f)));
        CHECK(same(rectify::leaky_relu_derivative(x, 0.5f)));
        CHECK(same(rectify::leaky_relu_backward(x, 2.0f, 0.5f)));

        const std::array<float, 1> in{x}, dy{2.0f};
        std::array<float, 1> out{};
        rectify::relu(in, out);
        CHECK(same(out[0]));
        rectify::relu_derivative(in, out);
        CHECK(same(out[0]));
        rectify::relu_backward(in, dy, out);
        CHECK(same(out[0]));
        rectify::leaky_relu(in, out, 0.5f);
        CHECK(same(out[0]));
        rectify::leaky_relu_derivative(in, out, 0.5f);
        CHECK(same(out[0]));
        rectify::leaky_relu_backward(in, dy, out, 0.5f);
        CHECK(same(out[0]));
    }
}

TEST_CASE("a signalling NaN comes back as a NaN (an optimiser may quiet it)", "[nan]") {
    // Clang rewrites x <= 0 ? a * x : x as x * (x <= 0 ? a : 1), which quiets
    // a signalling NaN; LLVM does not keep signalling NaNs' bits, so rectify
    // promises NaN, not the same bits, for them.
    const auto s = std::bit_cast<float>(0x7f800001u);
    const std::array<float, 1> in{s}, dy{2.0f};
    std::array<float, 1> out{};
    CHECK(std::isnan(rectify::relu(s)));
    CHECK(std::isnan(rectify::leaky_relu(s, 0.5f)));
    CHECK(std::isnan(rectify::leaky_relu_derivative(s, 0.5f)));
    CHECK(std::isnan(rectify::leaky_relu_backward(s, 2.0f, 0.5f)));
    rectify::leaky_relu(in, out, 0.5f);
    CHECK(std::isnan(out[0]));
    rectify::relu_backward(in, dy, out);
    CHECK(std::isnan(out[0]));
}

namespace {

// Every pair (x, dy) of `special`, as two arrays.
template <class T>
void special_pairs(const std::vector<T>& special, std::vector<T>& x, std::vector<T>& dy) {
    for (const T a : special) {
        for (const T b : special) {
            x.push_back(a);
            dy.push_back(b);
        }
    }
}

template <class U, class T>
T with_bits(U bits) {
    return std::bit_cast<T>(bits);
}

// NaNs with payloads of both signs, quiet and signalling; zeros, ones,
// infinities, subnormals and the extremes of both signs.
template <class T>
std::vector<T> selects_special() {
    using L = std::numeric_limits<T>;
    std::vector<T> v{T(0), -T(0), T(1), -T(1), T(2.5), T(-2.5), L::infinity(), -L::infinity(), L::denorm_min(),
                     -L::denorm_min(), L::min(), -L::min(), L::max(), L::lowest()};
    if constexpr (sizeof(T) == 4) {
        for (const std::uint32_t bits : {0x7fc00000U, 0xffc00000U, 0x7fc12345U, 0xffe00001U, 0x7f800001U, 0xff812345U}) {
            v.push_back(with_bits<std::uint32_t, T>(bits));
        }
    } else {
        for (const std::uint64_t bits : {0x7ff8000000000000ULL, 0xfff8000000000000ULL, 0x7ff8123456789abcULL,
                                         0xfffc000000000001ULL, 0x7ff0000000000001ULL, 0xfff0123456789abcULL}) {
            v.push_back(with_bits<std::uint64_t, T>(bits));
        }
    }
    return v;
}

template <class T>
bool signalling(T v) {
    if constexpr (sizeof(T) == 4) {
        return std::isnan(v) && (std::bit_cast<std::uint32_t>(v) & 0x00400000U) == 0;
    } else {
        return std::isnan(v) && (std::bit_cast<std::uint64_t>(v) & 0x0008000000000000ULL) == 0;
    }
}

// The span forms of relu, leaky_relu, their derivatives and backward passes
// on every kernel against the scalar forms, over every pair of `special`.
template <class T>
void check_selects(const char* mode) {
    std::vector<T> x;
    std::vector<T> dy;
    special_pairs(selects_special<T>(), x, dy);
    const std::size_t n = x.size();
    const rt::each_isa paths;
    for (const rectify::isa path : paths.runnable) {
        REQUIRE(rectify::force_isa(path));
        for (const T alpha : {T(0.01), T(-0.5), T(1.5), -T(0)}) {
            for (int f = 0; f < 6; ++f) {
                std::vector<T> out(n);
                std::vector<T> in_place = x;
                std::vector<T> want(n);
                for (std::size_t i = 0; i < n; ++i) {
                    switch (f) {
                        case 0: want[i] = rectify::relu(x[i]); break;
                        case 1: want[i] = rectify::relu_derivative(x[i]); break;
                        case 2: want[i] = rectify::relu_backward(x[i], dy[i]); break;
                        case 3: want[i] = rectify::leaky_relu(x[i], alpha); break;
                        case 4: want[i] = rectify::leaky_relu_derivative(x[i], alpha); break;
                        default: want[i] = rectify::leaky_relu_backward(x[i], dy[i], alpha); break;
                    }
                }
                switch (f) {
                    case 0: rectify::relu(x, out), rectify::relu(in_place); break;
                    case 1: rectify::relu_derivative(x, out), rectify::relu_derivative(in_place, in_place); break;
                    case 2: rectify::relu_backward(x, dy, out), rectify::relu_backward(in_place, dy, in_place); break;
                    case 3: rectify::leaky_relu(x, out, alpha), rectify::leaky_relu(in_place, alpha); break;
                    case 4:
                        rectify::leaky_relu_derivative(x, out, alpha);
                        rectify::leaky_relu_derivative(in_place, in_place, alpha);
                        break;
                    default:
                        rectify::leaky_relu_backward(x, dy, out, alpha);
                        rectify::leaky_relu_backward(in_place, dy, in_place, alpha);
                        break;
                }
                constexpr const char* names[] = {"relu", "relu_derivative", "relu_backward", "leaky_relu",
                                                 "leaky_relu_derivative", "leaky_relu_backward"};
                int wrong = 0;
                for (std::size_t i = 0; i < n; ++i) {
                    for (const T got : {out[i], in_place[i]}) {
                        // A signalling NaN in: NaN out (see above); every other input, the bits.
                        const bool ok = signalling(x[i]) || (f % 3 == 2 && signalling(dy[i]))
                                            ? std::isnan(got) == std::isnan(want[i])
                                            : rt::same_bits(got, want[i]);
                        if (!ok && ++wrong <= 3) {
                            FAIL_CHECK(names[f] << '<' << rt::type_name<T>() << "> on " << rectify::isa_name(path)
                                                << " (" << mode << "), alpha " << alpha << ": x " << rt::show(x[i])
                                                << ", dy " << rt::show(dy[i]) << " gave " << rt::show(got)
                                                << ", the scalar form " << rt::show(want[i]));
                        }
                    }
                }
                CHECK(wrong == 0);
            }
        }
    }
}

}  // namespace

TEMPLATE_TEST_CASE("relu and leaky_relu selects keep NaNs' bits, zeros' signs and subnormals on every kernel",
                   "[span][nan]", float, double) {
    // The AVX-512 kernels of GCC builds classify each lane (vfixupimm) where the
    // others compare: every pair of special values, both against the scalar form.
    check_selects<TestType>("MXCSR as the program starts");
#if defined(__x86_64__) || defined(_M_X64)
    // With DAZ and FTZ (as -ffast-math programs run), a subnormal x is a zero
    // to the comparisons, and must be one to the classification too.
    const unsigned saved = _mm_getcsr();
    _mm_setcsr(saved | 0x8040U);
    check_selects<TestType>("MXCSR with DAZ and FTZ");
    _mm_setcsr(saved);
#endif
}
