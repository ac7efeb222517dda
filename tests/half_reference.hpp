// The test's own definition of rectify's 16-bit formats, shared by
// half_test.cpp and half_long_double_test.cpp. value_of gives the value of a
// pattern by the encoding; nearest_positive rounds an exact real, known only
// through exact comparisons with the doubles it is asked about, to the nearest
// pattern, ties to even, by bisection over the ordered patterns and a look at
// the midpoint to the next; expected_from applies it to any float, double,
// long double or integer of up to 64 bits (each one a long double, exactly).
// None of it comes from the header's conversion code.
#pragma once

#include "catch.hpp"
#include "test_util.hpp"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

namespace half_ref {

using f16 = rectify::float16_t;
using bf16 = rectify::bfloat16_t;

// ---- the two formats, written out here ---------------------------------------

struct format {
    const char* name;
    int digits;        // significand bits, the leading one included
    int min_exponent;  // the exponent of the smallest normal value
    std::uint16_t infinity;
    std::uint16_t quiet;  // the top fraction bit
    std::uint16_t max_finite;
};

template <class H>
constexpr format format_of() {
    if constexpr (std::is_same_v<H, f16>) {
        return {"rectify::float16_t", 11, -14, 0x7c00, 0x0200, 0x7bff};
    } else {
        return {"rectify::bfloat16_t", 8, -126, 0x7f80, 0x0040, 0x7f7f};
    }
}

template <class H>
constexpr int fraction_bits = format_of<H>().digits - 1;

template <class H>
bool is_nan_bits(std::uint16_t b) {
    return (b & 0x7fffU) > format_of<H>().infinity;
}

// The value of a finite pattern, by the encoding: a biased exponent field
// (0: subnormal, the smallest normal's scale), a fraction with an implicit
// leading one for normal values. Exact in double.
template <class H>
double value_of(std::uint16_t b) {
    constexpr format f = format_of<H>();
    constexpr int fb = fraction_bits<H>;
    const unsigned field = (b & 0x7fffU) >> static_cast<unsigned>(fb);
    const unsigned fraction = b & ((1U << static_cast<unsigned>(fb)) - 1U);
    const double magnitude =
        field == 0 ? std::ldexp(static_cast<double>(fraction), f.min_exponent - fb)
                   : std::ldexp(static_cast<double>((1U << static_cast<unsigned>(fb)) + fraction),
                                static_cast<int>(field) - 1 + f.min_exponent - fb);
    return (b & 0x8000U) != 0 ? -magnitude : magnitude;
}

// Any pattern as a double: its value, or an infinity, or a NaN of its sign.
template <class H>
double as_double(std::uint16_t b) {
    const double sign = (b & 0x8000U) != 0 ? -1.0 : 1.0;
    if (is_nan_bits<H>(b)) {
        return std::copysign(std::numeric_limits<double>::quiet_NaN(), sign);
    }
    if ((b & 0x7fffU) == format_of<H>().infinity) {
        return sign * std::numeric_limits<double>::infinity();
    }
    return value_of<H>(b);
}

// 2^(emax + 1): where the successor of the largest finite value would be.
template <class H>
double beyond_max() {
    return std::ldexp(1.0, 2 - format_of<H>().min_exponent);
}

// The pattern nearest to a real V > 0, ties to even, infinity from the
// midpoint above the largest finite value on. V is known through
// above(d) = the sign of V - d, exact, for every double d that is a value of
// the format or a midpoint between two.
template <class H, class Above>
std::uint16_t nearest_positive(Above above) {
    constexpr format f = format_of<H>();
    std::uint16_t lo = 0;  // value_of(lo) <= V throughout
    std::uint16_t hi = f.infinity;
    while (hi - lo > 1) {
        const auto mid = static_cast<std::uint16_t>((lo + hi) / 2);
        (above(value_of<H>(mid)) >= 0 ? lo : hi) = mid;
    }
    if (above(value_of<H>(lo)) == 0) {
        return lo;
    }
    const double next = lo == f.max_finite ? beyond_max<H>() : value_of<H>(static_cast<std::uint16_t>(lo + 1));
    const int side = above((value_of<H>(lo) + next) / 2);  // the midpoint, exact
    const bool up = side > 0 || (side == 0 && (lo & 1U) != 0);
    return static_cast<std::uint16_t>(up ? lo + 1 : lo);  // lo + 1 may be the infinity: right
}

template <class H, class Above>
std::uint16_t nearest(bool negative, Above above_magnitude) {
    return static_cast<std::uint16_t>((negative ? 0x8000U : 0U) | nearest_positive<H>(above_magnitude));
}

// The bits H(source) must have, for a float, double, long double or integer
// of up to 64 bits (each one a long double, exactly). A NaN: the quiet NaN
// of its sign (the payload is checked apart).
template <class H, class Source>
std::uint16_t expected_from(Source source) {
    const auto v = static_cast<long double>(source);
    constexpr format f = format_of<H>();
    const std::uint16_t sign = std::signbit(v) ? 0x8000U : 0U;
    if (std::isnan(v)) {
        return static_cast<std::uint16_t>(sign | f.infinity | f.quiet);
    }
    if (std::isinf(v)) {
        return static_cast<std::uint16_t>(sign | f.infinity);
    }
    if (v == 0) {
        return sign;
    }
    const long double a = std::fabs(v);
    return nearest<H>(sign != 0, [a](double d) {
        const auto x = static_cast<long double>(d);
        return (a > x) - (a < x);
    });
}

inline std::string hex_bits(std::uint16_t b) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "0x%04x", static_cast<unsigned>(b));
    return buf;
}
template <class V>  // a float, double or long double
std::string hex_ld(V v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%La", static_cast<long double>(v));
    return buf;
}

// Counts the mismatches of one sweep and shows the first few.
struct mismatches {
    std::size_t count = 0;
    std::size_t checked = 0;
    void check(std::uint16_t got, std::uint16_t want, const std::string& what) {
        ++checked;
        if (got != want && ++count <= 8) {
            FAIL_CHECK(what << ": got " << hex_bits(got) << ", want " << hex_bits(want));
        }
    }
};

// Every positive pattern's neighbourhood: its value, the midpoint to the next
// pattern (to infinity's threshold after the largest finite one), and the
// floats or doubles just beside each; then both signs.
template <class H, class V>
std::vector<V> boundary_values() {
    std::vector<V> xs;
    const auto top = static_cast<V>(std::numeric_limits<V>::infinity());
    for (std::uint32_t b = 0; b <= format_of<H>().max_finite; ++b) {
        const double v = value_of<H>(static_cast<std::uint16_t>(b));
        const double next = b == format_of<H>().max_finite ? beyond_max<H>() : value_of<H>(static_cast<std::uint16_t>(b + 1));
        for (const double d : {v, (v + next) / 2}) {
            const auto x = static_cast<V>(d);  // exact: every value and midpoint is a float
            xs.push_back(x);
            xs.push_back(std::nextafter(x, V(0)));
            xs.push_back(std::nextafter(x, top));
        }
    }
    const std::size_t n = xs.size();
    for (std::size_t i = 0; i < n; ++i) {
        xs.push_back(-xs[i]);
    }
    return xs;
}

}  // namespace half_ref
