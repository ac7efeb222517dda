// rectify::float16_t and rectify::bfloat16_t from long double: rounded once,
// never through double (see half_test.cpp for the other sources).

#include "catch.hpp"
#include "half_reference.hpp"
#include "test_util.hpp"

#include <bit>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <vector>

using namespace half_ref;  // NOLINT(google-build-using-namespace): this test's own reference

// 1 + 2^-8 + 2^-62 lies above the midpoint 1 + 2^-8, which it would become
// through double (53 bits) and then round to even; so does 1 + 2^-11 + 2^-60
// for binary16, and 1 + 3 2^-11 - 2^-60 lies below its midpoint.
static_assert(bf16(1.0L + 0x1p-8L + 0x1p-62L).to_bits() == 0x3f81);
static_assert(f16(1.0L + 0x1p-11L + 0x1p-60L).to_bits() == 0x3c01);
static_assert(f16(-(1.0L + 0x3p-11L - 0x1p-60L)).to_bits() == 0xbc01);

TEMPLATE_TEST_CASE("16-bit types: from long double, rounded once (values a rounding through double would round twice)",
                   "[half][x87]", f16, bf16) {
    using H = TestType;
    mismatches m;
    // Beside each midpoint of the format by less than double keeps (2^-60 of
    // it, the x87 significand having 64 bits): through double these would
    // land on the midpoint and round to even. And beyond double's range.
    std::vector<long double> ls;
    for (std::uint32_t b = 0; b <= format_of<H>().max_finite; ++b) {
        const double v = value_of<H>(static_cast<std::uint16_t>(b));
        const double next = b == format_of<H>().max_finite ? beyond_max<H>() : value_of<H>(static_cast<std::uint16_t>(b + 1));
        const auto mid = static_cast<long double>((v + next) / 2);
        const long double hair = std::ldexp(1.0L, std::ilogb(mid) - 60);  // exact beside mid: 61 bits
        for (const long double l : {mid, mid + hair, mid - hair}) {
            ls.push_back(l);
            ls.push_back(-l);
        }
    }
    const long double huge = std::ldexp(1.0L, 13000);  // beyond double's range
    const long double tiny = std::ldexp(1.0L, -13000);
    for (const long double l : {huge, -huge, tiny, -tiny, LDBL_MAX, LDBL_TRUE_MIN, -0.0L,
                                static_cast<long double>(DBL_MAX) * (1 + 0x1p-60L)}) {
        ls.push_back(l);
    }
    for (const long double l : ls) {
        m.check(H(l).to_bits(), expected_from<H>(l), "H(long double " + hex_ld(l) + ")");
    }
    // A NaN: its sign, quieted, the top of its payload (through double's).
    constexpr format f = format_of<H>();
    for (const std::uint64_t payload : {std::uint64_t{0}, std::uint64_t{0x12345} << 29U, std::uint64_t{0x7ffff} << 33U}) {
        for (const std::uint64_t sign : {std::uint64_t{0}, std::uint64_t{1} << 63U}) {
            const std::uint64_t db = sign | 0x7ff8000000000000U | payload;  // quiet: the conversion keeps the payload
            const auto l = static_cast<long double>(std::bit_cast<double>(db));
            const auto want = static_cast<std::uint16_t>((sign >> 48U) | f.infinity | f.quiet |
                                                         ((payload >> static_cast<unsigned>(52 - fraction_bits<H>)) &
                                                          ((1U << fraction_bits<H>) - 1U)));
            m.check(H(l).to_bits(), want, "H(long double NaN)");
        }
    }
    CHECK(m.count == 0);
    CHECK(m.checked > 100000);
}
