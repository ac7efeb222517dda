// rectify::float16_t and rectify::bfloat16_t themselves: their bits, every
// conversion (rounded once, to nearest, ties to even, never through float or
// double), + - * / (rounded once), comparisons (float's), std::numeric_limits,
// constant expressions, and a buffer of std::uint16_t seen as a span of them.
// (From long double: half_long_double_test.cpp.)
//
// The expected results come from the test's own definition of each format
// and its own rounding (half_reference.hpp), with every comparison against
// the exact value done exactly; not from the header's conversion code. Where
// the compiler has _Float16, its conversions are compared too.
#include "catch.hpp"
#include "half_reference.hpp"
#include "test_util.hpp"

#include <algorithm>
#include <bit>
#include <cfloat>
#include <cmath>
#include <compare>
#include <cstdint>
#include <limits>
#include <random>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

using namespace half_ref;  // NOLINT(google-build-using-namespace): this test's own reference


// ============================================================================
// The representation
// ============================================================================

TEMPLATE_TEST_CASE("16-bit types: two bytes, trivially copyable, a std::bit_cast from std::uint16_t", "[half]", f16,
                   bf16) {
    using H = TestType;
    STATIC_REQUIRE(sizeof(H) == 2);
    STATIC_REQUIRE(alignof(H) == alignof(std::uint16_t));  // so a std::uint16_t buffer can be seen as one of H
    STATIC_REQUIRE(std::is_trivially_copyable_v<H>);
    STATIC_REQUIRE(std::is_trivially_default_constructible_v<H>);
    STATIC_REQUIRE(std::is_standard_layout_v<H>);
    STATIC_REQUIRE(std::is_nothrow_constructible_v<H, float>);
    STATIC_REQUIRE(!std::is_convertible_v<float, H>);  // narrowing: explicit only
    STATIC_REQUIRE(!std::is_convertible_v<double, H>);
    STATIC_REQUIRE(std::is_convertible_v<H, float>);  // widening, exact: implicit
    STATIC_REQUIRE(!std::is_constructible_v<H, bool>);
    STATIC_REQUIRE(H{}.to_bits() == 0);  // value-initialised: +0
    std::size_t bad = 0;
    for (std::uint32_t i = 0; i < 65536; ++i) {
        const auto b = static_cast<std::uint16_t>(i);
        const H h = std::bit_cast<H>(b);
        if (h.to_bits() != b || std::bit_cast<std::uint16_t>(H::from_bits(b)) != b ||
            std::bit_cast<std::uint16_t>(h) != b) {
            ++bad;
        }
    }
    CHECK(bad == 0);
}

TEMPLATE_TEST_CASE("16-bit types: every pattern converts to float exactly, and back to the same bits", "[half]", f16,
                   bf16) {
    using H = TestType;
    constexpr format f = format_of<H>();
    mismatches m;
    for (std::uint32_t i = 0; i < 65536; ++i) {
        const auto b = static_cast<std::uint16_t>(i);
        const float x = H::from_bits(b);  // implicit
        const auto xb = std::bit_cast<std::uint32_t>(x);
        // To float: the value (the sign of a zero too); a NaN keeps its sign
        // and its payload, moved to float's top fraction bits.
        std::uint32_t want = 0;
        if (is_nan_bits<H>(b) || (b & 0x7fffU) == f.infinity) {
            const std::uint32_t fraction = b & ((1U << fraction_bits<H>) - 1U);
            want = (static_cast<std::uint32_t>(b & 0x8000U) << 16U) | 0x7f800000U |
                   (fraction << static_cast<unsigned>(23 - fraction_bits<H>));
        } else {
            want = std::bit_cast<std::uint32_t>(static_cast<float>(value_of<H>(b)));  // exact
        }
        if (xb != want && ++m.count <= 8) {
            FAIL_CHECK("pattern " << hex_bits(b) << " as float: " << std::hex << xb << ", want " << want);
        }
        if constexpr (std::is_same_v<H, bf16>) {
            CHECK(xb == (static_cast<std::uint32_t>(b) << 16U));  // bfloat16 is float's top half
        }
#if RECTIFY_HAS_FLOAT16
        if constexpr (std::is_same_v<H, f16>) {
            const float y = static_cast<float>(std::bit_cast<_Float16>(b));
            if (!std::isnan(y)) {
                CHECK(std::bit_cast<std::uint32_t>(y) == xb);
            }
        }
#endif
        // And back: the same bits; a NaN quieted.
        const auto back = H(x).to_bits();
        m.check(back, is_nan_bits<H>(b) ? static_cast<std::uint16_t>(b | f.quiet) : b,
                "pattern " + hex_bits(b) + " through float and back");
    }
    CHECK(m.count == 0);
    CHECK(m.checked == 65536);
}

// ============================================================================
// Conversions: rounded once, to nearest, ties to even
// ============================================================================

TEMPLATE_TEST_CASE("16-bit types: from float, rounded once to nearest, ties to even: a stride of every float and "
                   "every boundary",
                   "[half]", f16, bf16) {
    using H = TestType;
    std::vector<float> xs = boundary_values<H, float>();
    // every 4093rd float, NaNs included (every 65521st under emulation and valgrind: rt::short_sweeps)
    const std::uint64_t stride = rt::short_sweeps() ? 65521 : 4093;
    for (std::uint64_t i = 0; i < (std::uint64_t{1} << 32); i += stride) {
        xs.push_back(std::bit_cast<float>(static_cast<std::uint32_t>(i)));
    }
    for (const float x : {0.0f, -0.0f, FLT_TRUE_MIN, -FLT_TRUE_MIN, FLT_MIN, FLT_MAX, -FLT_MAX,
                          std::numeric_limits<float>::infinity(), -std::numeric_limits<float>::infinity()}) {
        xs.push_back(x);
    }
    mismatches m;
    for (const float x : xs) {
        const std::uint16_t got = H(x).to_bits();
        if (std::isnan(x)) {
            continue;  // the NaN test below
        }
        m.check(got, expected_from<H>(x), "H(float " + hex_ld(x) + ")");
#if RECTIFY_HAS_FLOAT16
        if constexpr (std::is_same_v<H, f16>) {  // the compiler's conversion
            m.check(got, std::bit_cast<std::uint16_t>(static_cast<_Float16>(x)), "_Float16(" + hex_ld(x) + ")");
        }
#endif
    }
    CHECK(m.count == 0);
    CHECK(m.checked > (std::uint64_t{1} << 32) / stride / 2);  // NaNs aside
}

TEMPLATE_TEST_CASE("16-bit types: from double, rounded once (values a rounding through float would round twice)",
                   "[half]", f16, bf16) {
    using H = TestType;
    mismatches m;
    // double: each boundary of the format, and beside each midpoint at a
    // distance that a float (24 bits) would lose: through float, these
    // would land on the midpoint and round to even.
    std::vector<double> ds = boundary_values<H, double>();
    for (std::uint32_t b = 0; b <= format_of<H>().max_finite; ++b) {
        const double v = value_of<H>(static_cast<std::uint16_t>(b));
        const double next = b == format_of<H>().max_finite ? beyond_max<H>() : value_of<H>(static_cast<std::uint16_t>(b + 1));
        const double mid = (v + next) / 2;
        for (const double d : {mid * (1 + 0x1p-40), mid * (1 - 0x1p-40), mid + std::ldexp(mid, -30)}) {
            ds.push_back(d);
            ds.push_back(-d);
        }
    }
    std::mt19937_64 rng(0x16);  // NOLINT(cert-msc51-cpp): a fixed seed, so that a failure replays
    for (int i = 0; i < rt::sampled(1 << 16); ++i) {
        ds.push_back(std::bit_cast<double>(rng()));  // any double, NaNs aside below
        // in the format's range: a random significand at a random exponent
        const int e = std::uniform_int_distribution<int>(format_of<H>().min_exponent - 12, 2 - format_of<H>().min_exponent)(rng);
        ds.push_back(std::ldexp(1.0 + std::ldexp(static_cast<double>(rng() >> 12U), -52), e) * ((rng() & 1U) != 0 ? -1 : 1));
    }
    for (const double d : {DBL_MAX, -DBL_MAX, DBL_MIN, -DBL_TRUE_MIN, 1e300, -1e-300, 0.0, -0.0}) {
        ds.push_back(d);
    }
    for (const double d : ds) {
        if (!std::isnan(d)) {
            m.check(H(d).to_bits(), expected_from<H>(d), "H(double " + hex_ld(d) + ")");
#if RECTIFY_HAS_FLOAT16
            if constexpr (std::is_same_v<H, f16>) {
                m.check(H(d).to_bits(), std::bit_cast<std::uint16_t>(static_cast<_Float16>(d)),
                        "_Float16(double " + hex_ld(d) + ")");
            }
#endif
        }
    }
    CHECK(m.count == 0);
}

TEMPLATE_TEST_CASE("16-bit types: from integers of every width, rounded once (64-bit values a rounding through "
                   "double would round twice)",
                   "[half][x87]", f16, bf16) {  // [x87]: 64-bit integers as exact long doubles
    using H = TestType;
    mismatches m;
    std::vector<std::uint64_t> us = {0, 1, 2, 3, 255, 256, 2047, 2048, 2049, 2050, 4095, 4097, 65504, 65519, 65520,
                                     65535, 65536, 0xffffffffU, 0x100000001U, ~std::uint64_t{0},
                                     std::uint64_t{1} << 63U, (std::uint64_t{1} << 63U) + 1U};
    // Beside every midpoint of the format that is an integer below 2^64:
    // m - 1, m + 1 (through double, 2^54 and up, they would land on m).
    for (std::uint32_t b = 0; b <= format_of<H>().max_finite; ++b) {
        const double v = value_of<H>(static_cast<std::uint16_t>(b));
        const double next = b == format_of<H>().max_finite ? beyond_max<H>() : value_of<H>(static_cast<std::uint16_t>(b + 1));
        const double mid = (v + next) / 2;
        if (mid >= 2 && mid < 0x1p64 && mid == std::floor(mid)) {
            const auto u = static_cast<std::uint64_t>(mid);
            for (const std::uint64_t d : {u, u - 1, u + 1, u - 2, u + 2, u + 1024, u - 1024}) {
                us.push_back(d);
            }
        }
    }
    std::mt19937_64 rng(64);  // NOLINT(cert-msc51-cpp): a fixed seed, so that a failure replays
    for (int i = 0; i < rt::sampled(1 << 14); ++i) {
        us.push_back(rng() >> (rng() % 64));
    }
    for (const std::uint64_t u : us) {
        m.check(H(u).to_bits(), expected_from<H>(u), "H(uint64 " + std::to_string(u) + ")");
        const auto s = static_cast<std::int64_t>(u);  // every pattern as signed too
        m.check(H(s).to_bits(), expected_from<H>(s), "H(int64 " + std::to_string(s) + ")");
        const auto i32 = static_cast<std::int32_t>(u);
        const auto u32 = static_cast<std::uint32_t>(u);
        const auto i16 = static_cast<std::int16_t>(u);
        const auto u8 = static_cast<std::uint8_t>(u);
        const auto i8 = static_cast<std::int8_t>(u);
        m.check(H(i32).to_bits(), expected_from<H>(i32), "H(int32 " + std::to_string(i32) + ")");
        m.check(H(u32).to_bits(), expected_from<H>(u32), "H(uint32 " + std::to_string(u32) + ")");
        m.check(H(i16).to_bits(), expected_from<H>(i16), "H(int16 " + std::to_string(i16) + ")");
        m.check(H(u8).to_bits(), expected_from<H>(u8), "H(uint8 " + std::to_string(u8) + ")");
        m.check(H(i8).to_bits(), expected_from<H>(i8), "H(int8 " + std::to_string(i8) + ")");
    }
    const std::int64_t lowest = std::numeric_limits<std::int64_t>::min();
    m.check(H(lowest).to_bits(), expected_from<H>(lowest), "H(INT64_MIN)");
    m.check(H(static_cast<long long>(-5)).to_bits(), expected_from<H>(-5.0L), "H(-5LL)");
    m.check(H('A').to_bits(), expected_from<H>(65.0L), "H('A')");
    CHECK(m.count == 0);
}

TEMPLATE_TEST_CASE("16-bit types: a NaN stays a NaN of its sign, quieted, with the top of its payload", "[half]", f16,
                   bf16) {
    using H = TestType;
    constexpr format f = format_of<H>();
    constexpr int fb = fraction_bits<H>;
    mismatches m;
    for (const std::uint32_t payload : {0x400000U, 0x000001U, 0x200000U, 0x3fffffU, 0x7fffffU, 0x012345U, 0x555555U,
                                        0x2aaaaaU, 0x7e0000U, 0x400001U}) {
        for (const std::uint32_t sign : {0U, 0x80000000U}) {
            const std::uint32_t fb32 = sign | 0x7f800000U | payload;  // quiet or signalling
            const auto x = std::bit_cast<float>(fb32);
            const auto want = static_cast<std::uint16_t>((sign >> 16U) | f.infinity | f.quiet |
                                                         (payload >> static_cast<unsigned>(23 - fb)));
            m.check(H(x).to_bits(), want, "H(float NaN " + hex_ld(x) + " bits " + std::to_string(fb32) + ")");
            // The same NaN as a double (its payload moved up 29 bits).
            const std::uint64_t db = (static_cast<std::uint64_t>(sign) << 32U) | 0x7ff0000000000000U |
                                     (static_cast<std::uint64_t>(payload) << 29U);
            m.check(H(std::bit_cast<double>(db)).to_bits(), want, "H(double NaN)");
        }
    }
    CHECK(m.count == 0);
}

TEST_CASE("16-bit types: from each other, every pattern, rounded once", "[half]") {
    mismatches m;
    for (std::uint32_t i = 0; i < 65536; ++i) {
        const auto b = static_cast<std::uint16_t>(i);
        if (is_nan_bits<bf16>(b)) {
            CHECK(is_nan_bits<f16>(f16(bf16::from_bits(b)).to_bits()));
        } else {
            m.check(f16(bf16::from_bits(b)).to_bits(), expected_from<f16>(as_double<bf16>(b)), "float16_t(bfloat16_t " + hex_bits(b) + ")");
        }
        if (is_nan_bits<f16>(b)) {
            CHECK(is_nan_bits<bf16>(bf16(f16::from_bits(b)).to_bits()));
        } else {
            m.check(bf16(f16::from_bits(b)).to_bits(), expected_from<bf16>(as_double<f16>(b)), "bfloat16_t(float16_t " + hex_bits(b) + ")");
        }
    }
    CHECK(m.count == 0);
}

// ============================================================================
// Arithmetic: + - * / rounded once
// ============================================================================

namespace {

enum class op { add, sub, mul, div };
const char* op_name(op o) {
    switch (o) {
        case op::add: return "+";
        case op::sub: return "-";
        case op::mul: return "*";
        case op::div: return "/";
    }
    return "?";
}

// The bits a op b must have. A zero, infinite or NaN result is the same as
// in double (the double result of two values of either format is zero, or
// infinite, exactly when the exact one is: no exact result comes near
// double's limits), with its sign; any other is the nearest by exact
// comparisons: a + b - d by rt::sign_of_sum, a b and d |b| as long doubles
// (at most 24 bits each).
template <class H>
std::uint16_t expected_op(op o, std::uint16_t ab, std::uint16_t bb) {
    constexpr format f = format_of<H>();
    const double a = as_double<H>(ab);
    const double b = as_double<H>(bb);
    const double r = o == op::add ? a + b : o == op::sub ? a - b : o == op::mul ? a * b : a / b;
    if (std::isnan(r)) {
        return static_cast<std::uint16_t>(f.infinity | f.quiet);
    }
    const std::uint16_t sign = std::signbit(r) ? 0x8000U : 0U;
    if (std::isinf(r)) {
        return static_cast<std::uint16_t>(sign | f.infinity);
    }
    if (r == 0) {
        return sign;
    }
    const auto al = static_cast<long double>(a);
    const auto bl = static_cast<long double>(o == op::sub ? -b : b);
    const long double s = sign != 0 ? -1 : 1;
    switch (o) {
        case op::add:
        case op::sub:
            return nearest<H>(sign != 0, [&](double d) { return rt::sign_of_sum(s * al, s * bl, -static_cast<long double>(d)); });
        case op::mul: {
            const long double p = std::fabs(al * bl);  // exact
            return nearest<H>(sign != 0, [p](double d) {
                const auto x = static_cast<long double>(d);
                return (p > x) - (p < x);
            });
        }
        case op::div: {
            const long double n = std::fabs(al);
            const long double q = std::fabs(bl);
            return nearest<H>(sign != 0, [n, q](double d) {
                const long double dq = static_cast<long double>(d) * q;  // exact
                return (n > dq) - (n < dq);
            });
        }
    }
    return 0;
}

template <class H>
H apply(op o, H a, H b) {
    switch (o) {
        case op::add: return a + b;
        case op::sub: return a - b;
        case op::mul: return a * b;
        case op::div: return a / b;
    }
    return a;
}

// Patterns worth pairing with each other: zeros, the subnormal edges, the
// normal edges, one and its neighbours, powers of two, odd significands,
// the largest values, infinities and NaNs, both signs.
template <class H>
std::vector<std::uint16_t> special_patterns() {
    constexpr format f = format_of<H>();
    const auto one = H(1.0f).to_bits();
    const auto min_normal = static_cast<std::uint16_t>(1U << fraction_bits<H>);
    std::vector<std::uint16_t> v = {0, 1, 2, 3, 5, static_cast<std::uint16_t>(min_normal - 1), min_normal,
                                    static_cast<std::uint16_t>(min_normal + 1), one,
                                    static_cast<std::uint16_t>(one + 1), static_cast<std::uint16_t>(one - 1),
                                    H(1.5f).to_bits(), H(3.0f).to_bits(), H(0.1f).to_bits(), H(1.0f / 3).to_bits(),
                                    H(6.0f).to_bits(), H(0.5f).to_bits(), H(0x1p-5f).to_bits(),
                                    static_cast<std::uint16_t>(f.max_finite - 1), f.max_finite, f.infinity,
                                    static_cast<std::uint16_t>(f.infinity | f.quiet),
                                    static_cast<std::uint16_t>(f.infinity | 1U)};
    // Powers of two and odd significands at every 3rd exponent (every 13th with short sweeps: rt::short_sweeps).
    const int step = rt::short_sweeps() ? 13 : 3;
    for (int e = 1; e < (f.infinity >> fraction_bits<H>); e += step) {
        const auto base = static_cast<std::uint16_t>(e << fraction_bits<H>);
        v.push_back(base);
        v.push_back(static_cast<std::uint16_t>(base | ((1U << fraction_bits<H>) - 1U)));
        v.push_back(static_cast<std::uint16_t>(base | 1U));
    }
    const std::size_t n = v.size();
    for (std::size_t i = 0; i < n; ++i) {
        v.push_back(static_cast<std::uint16_t>(v[i] | 0x8000U));
    }
    return v;
}

}  // namespace

TEMPLATE_TEST_CASE("16-bit types: + - * / are the exact result rounded once (special pairs, random pairs, short "
                   "significands, ties)",
                   "[half]", f16, bf16) {
    using H = TestType;
    constexpr format f = format_of<H>();
    std::vector<std::pair<std::uint16_t, std::uint16_t>> pairs;
    const std::vector<std::uint16_t> special = special_patterns<H>();
    for (const std::uint16_t a : special) {
        for (const std::uint16_t b : special) {
            pairs.emplace_back(a, b);
        }
    }
    std::mt19937_64 rng(0x4a1f);  // NOLINT(cert-msc51-cpp): a fixed seed, so that a failure replays
    // (Random draws: a sixteenth of them under emulation and valgrind, rt::sampled.)
    for (int i = 0; i < rt::sampled(1 << 16); ++i) {  // any two patterns
        pairs.emplace_back(static_cast<std::uint16_t>(rng()), static_cast<std::uint16_t>(rng()));
    }
    // Short significands (the top three fraction bits) at exponents within
    // 16 of each other: exact results, exact midpoints and results a hair
    // beside them.
    const int fields = f.infinity >> fraction_bits<H>;
    for (int i = 0; i < rt::sampled(1 << 15); ++i) {
        const int e = std::uniform_int_distribution<int>(1, fields - 1)(rng);
        const int e2 = std::clamp(e + std::uniform_int_distribution<int>(-16, 16)(rng), 1, fields - 1);
        auto pick = [&](int field) {
            const auto top = static_cast<std::uint32_t>(rng() % 8U) << static_cast<unsigned>(fraction_bits<H> - 3);
            const auto low = static_cast<std::uint32_t>(rng() % 4U == 0 ? 1U : 0U);  // sometimes the last bit
            return static_cast<std::uint16_t>((rng() & 0x8000U) | (static_cast<std::uint32_t>(field) << fraction_bits<H>) | top | low);
        };
        pairs.emplace_back(pick(e), pick(e2));
    }
    // Ties of a sum: a + half an ulp of a, and the patterns beside that half ulp.
    for (int i = 0; i < rt::sampled(1 << 13); ++i) {
        const auto a = static_cast<std::uint16_t>((rng() % (f.max_finite - 1U)) + 1U);
        const int exponent = std::ilogb(value_of<H>(a));
        const double half_ulp = std::ldexp(1.0, std::max(exponent, f.min_exponent) - fraction_bits<H> - 1);
        if (half_ulp >= value_of<H>(1)) {  // representable
            const std::uint16_t h = H(half_ulp).to_bits();
            for (const std::uint16_t b : {h, static_cast<std::uint16_t>(h + 1), static_cast<std::uint16_t>(h - 1)}) {
                pairs.emplace_back(a, b);
                pairs.emplace_back(static_cast<std::uint16_t>(a | 0x8000U), b);
            }
        }
    }
    for (const op o : {op::add, op::sub, op::mul, op::div}) {
        mismatches m;
        for (const auto& [a, b] : pairs) {
            const std::uint16_t got = apply(o, H::from_bits(a), H::from_bits(b)).to_bits();
            const std::uint16_t want = expected_op<H>(o, a, b);
            const std::string what = hex_bits(a) + " " + op_name(o) + " " + hex_bits(b);
            if (is_nan_bits<H>(want)) {  // a NaN's sign and payload are the hardware's
                m.check(is_nan_bits<H>(got) ? want : got, want, what);
            } else {
                m.check(got, want, what);
            }
        }
        INFO(f.name << " " << op_name(o) << ": " << m.checked << " pairs");
        CHECK(m.count == 0);
    }
    // The compound assignments and the signs are the same operations.
    H x(1.5f);
    x += H(2.0f);
    CHECK(x.to_bits() == H(3.5f).to_bits());
    x -= H(0.5f);
    CHECK(x.to_bits() == H(3.0f).to_bits());
    x *= H(-2.0f);
    CHECK(x.to_bits() == H(-6.0f).to_bits());
    x /= H(4.0f);
    CHECK(x.to_bits() == H(-1.5f).to_bits());
    CHECK((-x).to_bits() == H(1.5f).to_bits());
    CHECK((+x).to_bits() == x.to_bits());
    CHECK((-H(0.0f)).to_bits() == 0x8000);
    CHECK((-H::from_bits(static_cast<std::uint16_t>(f.infinity | f.quiet))).to_bits() == (0x8000 | f.infinity | f.quiet));
}

// ============================================================================
// Comparisons: float's
// ============================================================================

TEMPLATE_TEST_CASE("16-bit types: comparisons are float's (NaN unordered, -0 == +0)", "[half]", f16, bf16) {
    using H = TestType;
    std::vector<std::uint16_t> v = special_patterns<H>();
    std::mt19937_64 rng(7);  // NOLINT(cert-msc51-cpp): a fixed seed, so that a failure replays
    for (int i = 0; i < 256; ++i) {
        v.push_back(static_cast<std::uint16_t>(rng()));
    }
    std::size_t bad = 0;
    for (const std::uint16_t ab : v) {
        for (const std::uint16_t bb : v) {
            const H a = H::from_bits(ab);
            const H b = H::from_bits(bb);
            const auto x = static_cast<float>(as_double<H>(ab));  // exact, by the test's own decoding
            const auto y = static_cast<float>(as_double<H>(bb));
            const bool same = (a == b) == (x == y) && (a != b) == (x != y) && (a < b) == (x < y) &&
                              (a <= b) == (x <= y) && (a > b) == (x > y) && (a >= b) == (x >= y) &&
                              (a <=> b) == (x <=> y);
            if (!same && ++bad <= 8) {
                FAIL_CHECK("comparing " << hex_bits(ab) << " with " << hex_bits(bb));
            }
        }
    }
    CHECK(bad == 0);
    const H nan = std::numeric_limits<H>::quiet_NaN();
    const H one(1.0f);
    CHECK_FALSE(nan == nan);
    CHECK(nan != nan);
    CHECK_FALSE(nan < one);
    CHECK_FALSE(nan >= one);
    CHECK((nan <=> one) == std::partial_ordering::unordered);
    CHECK(H(0.0f) == H(-0.0f));
    CHECK_FALSE(H(-0.0f) < H(0.0f));
    CHECK(one == 1.0f);  // with the other types: in float (or wider)
    CHECK(one < 1.5f);
    CHECK(H(-2.0f) < 0);
}

// ============================================================================
// std::numeric_limits
// ============================================================================

TEMPLATE_TEST_CASE("16-bit types: std::numeric_limits", "[half]", f16, bf16) {
    using H = TestType;
    using L = std::numeric_limits<H>;
    constexpr format f = format_of<H>();
    constexpr int fb = fraction_bits<H>;
    STATIC_REQUIRE(L::is_specialized);
    STATIC_REQUIRE(L::is_signed);
    STATIC_REQUIRE(!L::is_integer);
    STATIC_REQUIRE(!L::is_exact);
    STATIC_REQUIRE(L::has_infinity);
    STATIC_REQUIRE(L::has_quiet_NaN);
    STATIC_REQUIRE(L::has_signaling_NaN);
    STATIC_REQUIRE(L::is_bounded);
    STATIC_REQUIRE(!L::is_modulo);
    STATIC_REQUIRE(L::round_style == std::round_to_nearest);
    STATIC_REQUIRE(L::radix == 2);
    STATIC_REQUIRE(L::digits == f.digits);
    if constexpr (std::is_same_v<H, f16>) {
        STATIC_REQUIRE(L::is_iec559);  // binary16 is IEEE 754's
    }
    // As float's are to float's format: by their definitions.
    CHECK(L::min_exponent == f.min_exponent + 1);  // 2^(min_exponent - 1) is the smallest normal
    CHECK(L::max_exponent == 2 - f.min_exponent);  // 2^(max_exponent - 1) the largest power of two
    CHECK(L::digits10 == static_cast<int>(std::floor((f.digits - 1) * std::log10(2.0))));
    CHECK(L::max_digits10 == static_cast<int>(std::ceil(1 + f.digits * std::log10(2.0))));
    CHECK(L::min_exponent10 == static_cast<int>(std::ceil(std::log10(std::ldexp(1.0, f.min_exponent)))));
    CHECK(L::max_exponent10 == static_cast<int>(std::floor(std::log10(value_of<H>(f.max_finite)))));
    CHECK(L::min().to_bits() == (1U << fb));
    CHECK(static_cast<double>(L::min()) == std::ldexp(1.0, f.min_exponent));
    CHECK(L::max().to_bits() == f.max_finite);
    CHECK(static_cast<double>(L::max()) == std::ldexp(2.0 - std::ldexp(1.0, -fb), 1 - f.min_exponent));
    CHECK(L::lowest().to_bits() == (0x8000U | f.max_finite));
    CHECK(static_cast<double>(L::denorm_min()) == std::ldexp(1.0, f.min_exponent - fb));
    CHECK(static_cast<double>(L::epsilon()) == std::ldexp(1.0, -fb));  // 1 + epsilon is 1's successor
    CHECK(H(1.0f + static_cast<float>(L::epsilon())).to_bits() == H(1.0f).to_bits() + 1);
    CHECK(static_cast<float>(L::round_error()) == 0.5f);
    CHECK(L::infinity().to_bits() == f.infinity);
    CHECK(std::isinf(static_cast<float>(L::infinity())));
    CHECK(L::quiet_NaN().to_bits() == (f.infinity | f.quiet));
    CHECK(is_nan_bits<H>(L::signaling_NaN().to_bits()));
    CHECK((L::signaling_NaN().to_bits() & f.quiet) == 0);  // not quiet
#if RECTIFY_HAS_FLOAT16
    if constexpr (std::is_same_v<H, f16>) {  // the values of _Float16's (GCC 12 has no numeric_limits for it)
        CHECK(static_cast<float>(L::max()) == static_cast<float>(rt::limits<_Float16>::max()));
        CHECK(static_cast<float>(L::min()) == static_cast<float>(rt::limits<_Float16>::min()));
        CHECK(static_cast<float>(L::denorm_min()) == static_cast<float>(rt::limits<_Float16>::denorm_min()));
    }
#endif
    // The rest of the library's limits: float's and the types' agree where
    // they meet (bfloat16 spans float's exponent range).
    if constexpr (std::is_same_v<H, bf16>) {
        CHECK(static_cast<float>(L::min()) == FLT_MIN);
        CHECK(L::max_exponent == std::numeric_limits<float>::max_exponent);
        CHECK(L::min_exponent == std::numeric_limits<float>::min_exponent);
    }
}

// Every specialisation of std::numeric_limits in the standard library has
// has_denorm and has_denorm_loss (C++20; deprecated, not removed, in C++23),
// so generic code may ask for them.
TEMPLATE_TEST_CASE("16-bit types: std::numeric_limits has every member of the standard's (has_denorm, "
                   "has_denorm_loss)",
                   "[half]", f16, bf16) {
    using L = std::numeric_limits<TestType>;
    constexpr bool has_denorm = requires { L::has_denorm; };
    constexpr bool has_denorm_loss = requires { L::has_denorm_loss; };
    CHECK(has_denorm);
    CHECK(has_denorm_loss);
    if constexpr (has_denorm) {
        CHECK(L::has_denorm == std::denorm_present);
        CHECK_FALSE(L::has_denorm_loss);
    }
}

// ============================================================================
// Constant expressions
// ============================================================================

// Conversions, with ties and overflow.
static_assert(f16(1.0f).to_bits() == 0x3c00 && bf16(1.0f).to_bits() == 0x3f80);
static_assert(f16(65519.0f).to_bits() == 0x7bff && f16(65520.0f).to_bits() == 0x7c00);  // overflow from the midpoint
static_assert(f16(0x1p-25f).to_bits() == 0x0000 && f16(0x1.8p-25f).to_bits() == 0x0001);  // subnormal tie: even
static_assert(bf16(1.0f + 0x1p-8f).to_bits() == 0x3f80 && bf16(1.0f + 0x1p-8f + 0x1p-20f).to_bits() == 0x3f81);
static_assert(bf16(0x1.ffp127f).to_bits() == 0x7f80 && bf16(0x1.fefffep127f).to_bits() == 0x7f7f);  // overflow from the midpoint
static_assert(bf16(0x1p-134f).to_bits() == 0x0000 && bf16(0x1.02p-134f).to_bits() == 0x0001);  // subnormal tie: even
// Once, not twice: 2^63 + 2^55 + 1 is above the midpoint 2^63 + 2^55, which
// it would become through double (and 1 + 2^-11 + 2^-40 through float).
static_assert(bf16(std::uint64_t{0x8080000000000001}).to_bits() == 0x5f01);
static_assert(f16(1.0 + 0x1p-11 + 0x1p-40).to_bits() == 0x3c01);  // through float: the midpoint, then even
// The value, bits and arithmetic.
static_assert(static_cast<float>(f16::from_bits(0x3555)) == 0x1.554p-2f);
static_assert(std::bit_cast<std::uint16_t>(bf16(-2.0f)) == 0xc000);
static_assert(std::bit_cast<bf16>(std::uint16_t{0x4049}) == 3.140625f);
static_assert((f16(1.0f) + f16(2.0f)).to_bits() == 0x4200 && (bf16(3.0f) * bf16(-0.5f)).to_bits() == 0xbfc0);
static_assert((f16(1.0f) / f16(3.0f)).to_bits() == 0x3555 && (bf16(1.0f) - bf16(0x1p-9f)).to_bits() == 0x3f80);
static_assert(std::numeric_limits<f16>::max() == 65504.0f && std::numeric_limits<bf16>::epsilon() == 0x1p-7f);
// The functions, as for every element type: gelu(1) = 0.841344746...
static_assert(rectify::relu(bf16(-1.0f)).to_bits() == 0x0000);
static_assert(rectify::gelu(f16(1.0f)).to_bits() == 0x3abb && rectify::gelu(bf16(1.0f)).to_bits() == 0x3f57);
static_assert(rectify::sigmoid(bf16(0.0f)).to_bits() == 0x3f00);

TEST_CASE("16-bit types: conversions, arithmetic and the functions are constant expressions", "[half][constexpr]") {
    constexpr f16 third = f16(1.0f) / f16(3.0f);
    STATIC_REQUIRE(third.to_bits() == 0x3555);
    CHECK((f16(1.0f) / f16(3.0f)).to_bits() == third.to_bits());  // the same at run time
    constexpr bf16 g = rectify::gelu(bf16(1.0f));
    STATIC_REQUIRE(g.to_bits() == 0x3f57);
    CHECK(rectify::gelu(bf16(1.0f)).to_bits() == g.to_bits());
}

// ============================================================================
// A buffer of std::uint16_t, seen as a span of bfloat16_t
// ============================================================================

TEST_CASE("16-bit types: a std::vector<std::uint16_t> seen as std::span<rectify::bfloat16_t> goes to the span forms",
          "[half][span]") {
    // A model's weights as raw bfloat16 bits, as a loader hands them over.
    const std::vector<std::uint16_t> raw = {0xc000, 0xbf00, 0x8000, 0x0000, 0x3fc0, 0x4040, 0x40e0, 0x7fc1,
                                            0xff80, 0x0001, 0x7f7f, 0xc2c8, 0x3e4d, 0xbe4d, 0x42f6, 0x0080, 0x4049};
    rt::each_isa kernels;
    for (const rectify::isa k : kernels.runnable) {
        INFO("kernel " << rectify::isa_name(k));
        REQUIRE(rectify::force_isa(k));
        std::vector<std::uint16_t> buffer = raw;
        // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): the point: the same two bytes, same alignment
        const std::span<bf16> view(reinterpret_cast<bf16*>(buffer.data()), buffer.size());
        std::vector<std::uint16_t> out_buffer(buffer.size());
        // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast)
        const std::span<bf16> out(reinterpret_cast<bf16*>(out_buffer.data()), out_buffer.size());

        rectify::gelu(std::span<const bf16>(view), out);  // out of place
        for (std::size_t i = 0; i < raw.size(); ++i) {
            CHECK(out_buffer[i] == rectify::gelu(bf16::from_bits(raw[i])).to_bits());
        }
        rectify::relu(view);  // in place, on the std::uint16_t storage
        for (std::size_t i = 0; i < raw.size(); ++i) {
            CHECK(buffer[i] == rectify::relu(bf16::from_bits(raw[i])).to_bits());
        }
        CHECK(buffer[0] == 0x0000);  // relu(-2) = +0
        CHECK(buffer[2] == 0x0000);  // relu(-0) = +0
        CHECK(buffer[4] == 0x3fc0);  // relu(1.5) = 1.5
        CHECK(buffer[7] == 0x7fc1);  // NaN in, the same NaN out
        rectify::sigmoid_backward(std::span<const bf16>(view), std::span<const bf16>(out), out);  // grad_in = grad_out
        for (std::size_t i = 0; i < raw.size(); ++i) {
            const bf16 x = bf16::from_bits(buffer[i]);
            const bf16 dy = rectify::gelu(bf16::from_bits(raw[i]));
            const std::uint16_t want = rectify::sigmoid_backward(x, dy).to_bits();
            CHECK((out_buffer[i] == want || (is_nan_bits<bf16>(want) && is_nan_bits<bf16>(out_buffer[i]))));
        }
    }
    rectify::reset_isa();
}

// The tables of 16-bit functions (detail::half_table): a function makes its
// table once the elements it has been called on add up to
// RECTIFY_HALF_TABLE_MIN (here 4096), in one call or in many, counting a
// policy call's chunks by the call's whole length; the table holds what the
// kernel computes; SIZE_MAX makes none. Tags of this test's own, so that no
// other test's tables are in the way.
namespace {
struct table_in_calls {};
struct table_in_one_call {};
struct table_in_chunks {};
struct table_never {};
}  // namespace

TEST_CASE("16-bit tables are made once a function's calls add up to RECTIFY_HALF_TABLE_MIN elements",
          "[half][table]") {
    using B = rectify::bfloat16_t;
    using rectify::detail::half_table;
    std::size_t computed = 0;
    const auto negate = [&computed](const B* in, B* to, std::size_t count) {  // the "kernel": flips the sign
        for (std::size_t i = 0; i < count; ++i) {
            to[i] = B::from_bits(static_cast<std::uint16_t>(in[i].to_bits() ^ 0x8000U));
        }
        computed += count;
    };
    const rt::half_tables_from from(4096);
    for (int call = 0; call < 4; ++call) {  // 4000 elements in all: none yet
        CHECK(half_table<table_in_calls, B>(1000, 1000, negate) == nullptr);
    }
    CHECK(computed == 0);
    const B* table = half_table<table_in_calls, B>(1000, 1000, negate);  // 5000
    REQUIRE(table != nullptr);
    CHECK(computed == 65536);
    CHECK(table[0x1234].to_bits() == 0x9234);
    CHECK(table[0xffff].to_bits() == 0x7fff);
    CHECK(half_table<table_in_calls, B>(1, 1, negate) == table);  // read from now on, not made again
    CHECK(computed == 65536);

    CHECK(half_table<table_in_one_call, B>(4096, 4096, negate) != nullptr);  // one call long enough

    // A call of 3000 in two chunks of 1500 counts 3000; a second such call makes it.
    CHECK(half_table<table_in_chunks, B>(1500, 3000, negate) == nullptr);
    CHECK(half_table<table_in_chunks, B>(1500, 3000, negate) == nullptr);
    CHECK(half_table<table_in_chunks, B>(1500, 3000, negate) != nullptr);

    const rt::half_tables_from none(SIZE_MAX);
    for (int call = 0; call < 10; ++call) {
        CHECK(half_table<table_never, B>(100000, 100000, negate) == nullptr);
    }
    CHECK(computed == 3 * 65536);
}

// On Intel CPUs the avx512 kernel reads the tables with AVX-512 gathers, and
// a backward pass multiplies the gathered derivatives by dy in the same turn
// (detail::half_lookup_avx512, half_lookup_multiply_for); other CPUs read
// them with loads (half_lookup) and multiply in blocks. Both ways on any
// AVX-512 CPU, each kernel of the products (AVX-512 BF16's or FP16's where
// the CPU has them, and without): every pattern, every length to 70 at four
// offsets, in place on dy and on x, with dy tiny (products below 2^-126,
// redone by the scalar form) and NaN. (GCC builds: RECTIFY_HALF_GATHERS.)
#if RECTIFY_HALF_GATHERS
TEMPLATE_TEST_CASE("16-bit tables: gathers and loads read the same entries, and the products are the same",
                   "[half][table]", f16, bf16) {
    using H = TestType;
    if (!rectify::isa_supported(rectify::isa::avx512)) {
        SUCCEED("no AVX-512 here");
        return;
    }
    std::vector<H> table(65537);
    for (std::uint32_t i = 0; i < 65536; ++i) {  // every kind of value: a pseudo-random pattern of each
        table[i] = H::from_bits(static_cast<std::uint16_t>((i * 40503U + 12345U) & 0xffffU));
    }
    table[65536] = H::from_bits(0);
    std::mt19937 gen(7);
    std::vector<H> x(65536 + 70);
    for (std::uint32_t i = 0; i < x.size(); ++i) {
        x[i] = H::from_bits(static_cast<std::uint16_t>(i & 0xffffU));
    }
    std::shuffle(x.begin(), x.end(), gen);
    // dy: mostly ordinary, some tiny (their products fall below 2^-126), NaN, infinities, zeros.
    std::vector<H> dy(x.size());
    std::uniform_int_distribution<int> pick(0, 15);
    for (H& d : dy) {
        const int k = pick(gen);
        const float v = std::ldexp(static_cast<float>(pick(gen) + 1) / 16.0F, k < 3 ? -120 : k - 8);
        d = k == 15 ? H::from_bits(0x7fc1) : k == 14 ? H(-INFINITY) : k == 13 ? H(0.0F) : H(k % 2 == 0 ? v : -v);
    }
    const auto same = [](H a, H b) {
        return a.to_bits() == b.to_bits() || (is_nan_bits<H>(a.to_bits()) && is_nan_bits<H>(b.to_bits()));
    };
    namespace d = rectify::detail;
    for (const bool instructions : {true, false}) {
        const rt::avx512_bf16_products bf16_way(instructions);
        const rt::avx512_fp16_products fp16_way(instructions);
        std::size_t bad = 0;
        // Every pattern, one call.
        std::vector<H> gathered(x.size());
        std::vector<H> loaded(x.size());
        d::half_lookup_avx512(table.data(), x.data(), gathered.data(), x.size());
        d::half_lookup(table.data(), x.data(), loaded.data(), x.size());
        std::vector<H> fused(x.size());
        std::vector<H> blocks(x.size());
        d::half_lookup_multiply_for<H>()(table.data(), x.data(), dy.data(), fused.data(), x.size());
        d::half_multiply_for<rectify::isa::avx512, H>()(dy.data(), loaded.data(), blocks.data(), x.size());
        for (std::size_t i = 0; i < x.size(); ++i) {
            const H want = table[x[i].to_bits()];
            bad += gathered[i].to_bits() != want.to_bits() || loaded[i].to_bits() != want.to_bits();
            bad += !same(fused[i], blocks[i]) || !same(fused[i], dy[i] * want);
        }
        // Every length to 70 at four offsets, out of place and in place (on dy, on x).
        for (std::size_t offset = 0; offset < 4; ++offset) {
            for (std::size_t n = 0; n <= 70; ++n) {
                const std::size_t at = 1000 * offset + 3 * n + offset;
                std::vector<H> out(n + 1, H::from_bits(0x1234));
                d::half_lookup_avx512(table.data(), x.data() + at, out.data(), n);
                std::vector<H> on_dy(dy.begin() + static_cast<std::ptrdiff_t>(at),
                                     dy.begin() + static_cast<std::ptrdiff_t>(at + n));
                std::vector<H> on_x(x.begin() + static_cast<std::ptrdiff_t>(at),
                                    x.begin() + static_cast<std::ptrdiff_t>(at + n));
                std::vector<H> product(n + 1, H::from_bits(0x1234));
                d::half_lookup_multiply_for<H>()(table.data(), x.data() + at, dy.data() + at, product.data(), n);
                d::half_lookup_multiply_for<H>()(table.data(), x.data() + at, on_dy.data(), on_dy.data(), n);
                d::half_lookup_multiply_for<H>()(table.data(), on_x.data(), dy.data() + at, on_x.data(), n);
                for (std::size_t i = 0; i < n; ++i) {
                    const H want = table[x[at + i].to_bits()];
                    const H times = dy[at + i] * want;
                    bad += out[i].to_bits() != want.to_bits();
                    bad += !same(product[i], times) || !same(on_dy[i], times) || !same(on_x[i], times);
                }
                bad += out[n].to_bits() != 0x1234 || product[n].to_bits() != 0x1234;  // nothing past the end
            }
        }
        INFO(rt::type_name<H>() << (instructions ? "" : ", without AVX-512 BF16/FP16 products"));
        CHECK(bad == 0);
    }
}
#endif
