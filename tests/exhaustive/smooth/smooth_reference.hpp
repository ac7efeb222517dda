// smooth_reference.hpp: correctly rounded float references for the 20 smooth
// activation variants (10 functions and their derivatives), made with MPFR.
//
// Test-time only: needs <mpfr.h>, link with -lmpfr -lgmp. C++20, x86-64 (the
// first stage uses the x87 80-bit long double; see below).
//
// Contract of reference(v, x[, param]): the real value f(x), with x the float
// taken as an exact real, rounded to nearest float, ties to even, with
// gradual underflow (rounded once, at the subnormal's precision), overflow to
// inf only where the real value rounds so, and a result that rounds to zero
// carries the sign of the real value. Special inputs follow the rules of
// tools/smooth_reference/README.md (NaN bits b give b | 0x00400000; f(+-0)
// is the given zero for the f(0) = 0 functions; +-inf give the limits).
//
// How (a Ziv-style evaluation in which every path yields a rigorous
// enclosure [lo, hi] of the real value, and a path decides only when both
// ends round to the same float):
//  1. stage 1 in long double:
//     - tails (|x| beyond a per-variant threshold): a closed-form enclosure
//       (for example sigmoid(x) in (1 - 2^-90, 1) for x >= 64);
//     - tiny |x| < 2^-24: a truncated Taylor series whose remainder has a
//       proven bound (and, where it matters, a known sign: silu(x) for a
//       subnormal x is x/2 plus a positive hair, which decides the
//       subnormal midpoints without MPFR);
//     - otherwise midpoint-radius arithmetic: every value carries an
//       absolute error bound, basic operations add 2^-63 |v| (round to
//       nearest is 2^-64), glibc's expl/expm1l/log1pl/erfcl/tanhl are
//       assumed within 2^-56 |v| (their documented error is a few units of
//       2^-64), and input errors are propagated through derivative bounds,
//       so cancellation is accounted for; the formulas are the
//       cancellation-free ones (sigmoid_derivative = E/(1+E)^2, ...).
//  2. stage 2 in MPFR with the same midpoint-radius formulas: at 128 and at
//     256 bits, both must decide and agree, else 1024 bits; undecided at
//     1024 bits aborts loudly. MPFR values are rounded to float exactly
//     (24-bit round to nearest even, or for |v| < 2^-126 an integer round
//     of v * 2^149), never through long double or double.
#ifndef SMOOTH_REFERENCE_HPP_INCLUDED
#define SMOOTH_REFERENCE_HPP_INCLUDED

#include <mpfr.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#if !defined(__x86_64__) && !defined(__i386__)
#    error "smooth_reference.hpp needs the x87 80-bit long double (x86)"
#endif
static_assert(std::numeric_limits<long double>::digits == 64, "x87 80-bit long double expected");

// float -> long double promotions are the point of stage 1.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdouble-promotion"

namespace smooth_ref {

enum class variant : int {
    gelu,
    gelu_derivative,
    gelu_tanh,
    gelu_tanh_derivative,
    silu,
    silu_derivative,
    sigmoid,
    sigmoid_derivative,
    tanh,
    tanh_derivative,
    elu,
    elu_derivative,
    selu,
    selu_derivative,
    celu,
    celu_derivative,
    softplus,
    softplus_derivative,
    mish,
    mish_derivative,
};
inline constexpr int variant_count = 20;

inline constexpr std::array<std::string_view, variant_count> variant_names{
    "gelu",     "gelu_derivative",     "gelu_tanh", "gelu_tanh_derivative", "silu",
    "silu_derivative", "sigmoid",      "sigmoid_derivative", "tanh",        "tanh_derivative",
    "elu",      "elu_derivative",      "selu",      "selu_derivative",      "celu",
    "celu_derivative", "softplus",     "softplus_derivative", "mish",       "mish_derivative",
};

constexpr std::string_view name(variant v) { return variant_names[static_cast<size_t>(v)]; }

inline std::optional<variant> variant_from_name(std::string_view n) {
    for (int i = 0; i < variant_count; ++i)
        if (variant_names[static_cast<size_t>(i)] == n) return static_cast<variant>(i);
    return std::nullopt;
}

/// True for the variants with a parameter: elu/celu (and derivatives) take
/// alpha, softplus (and derivative) takes beta. Default 1.
constexpr bool has_param(variant v) {
    switch (v) {
        case variant::elu:
        case variant::elu_derivative:
        case variant::celu:
        case variant::celu_derivative:
        case variant::softplus:
        case variant::softplus_derivative: return true;
        default: return false;
    }
}

/// f(0) = 0 functions: f(+-0) returns the zero given.
constexpr bool zero_preserving(variant v) {
    switch (v) {
        case variant::gelu:
        case variant::gelu_tanh:
        case variant::silu:
        case variant::tanh:
        case variant::elu:
        case variant::selu:
        case variant::celu:
        case variant::mish: return true;
        default: return false;
    }
}

/// The digest term of input pattern i with result pattern r (mod 2^64).
constexpr uint64_t digest_term(uint32_t i, uint32_t result_bits) {
    return static_cast<uint64_t>(result_bits) * ((2 * static_cast<uint64_t>(i) + 1) * 0x9E3779B97F4A7C15ull);
}
inline constexpr int block_bits = 20;  // block k covers patterns [k << 20, (k + 1) << 20)
inline constexpr int block_count = 4096;

/// Reads a .digest file: 4096 little-endian uint64. Throws on a wrong size.
inline std::vector<uint64_t> load_digests(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("smooth_ref: cannot open " + path);
    std::vector<unsigned char> raw((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (raw.size() != static_cast<size_t>(block_count) * 8)
        throw std::runtime_error("smooth_ref: " + path + " is not 4096 uint64 (" + std::to_string(raw.size()) +
                                 " bytes)");
    std::vector<uint64_t> d(block_count);
    for (int k = 0; k < block_count; ++k) {
        uint64_t w = 0;
        for (int b = 7; b >= 0; --b) w = (w << 8) | raw[static_cast<size_t>(k) * 8 + static_cast<size_t>(b)];
        d[static_cast<size_t>(k)] = w;
    }
    return d;
}

/// Writes digests in the load_digests format.
inline void save_digests(const std::string& path, const std::vector<uint64_t>& d) {
    std::ofstream out(path, std::ios::binary);
    for (uint64_t w : d)
        for (int b = 0; b < 8; ++b) out.put(static_cast<char>((w >> (8 * b)) & 0xff));
    if (!out) throw std::runtime_error("smooth_ref: cannot write " + path);
}

/// Per-thread counters of which path decided.
struct counters {
    uint64_t special = 0;  // NaN, inf, signed zero rules
    uint64_t tail = 0;     // closed-form tail enclosure (and exact branches such as elu(x>0) = x)
    uint64_t tiny = 0;     // Taylor enclosure, |x| < 2^-24
    uint64_t generic = 0;  // long double midpoint-radius
    uint64_t mpfr = 0;     // MPFR fallback (128 + 256 bits)
    uint64_t mpfr1024 = 0; // of which needed 1024 bits
};
inline thread_local counters stats{};

namespace detail {

inline uint32_t bits(float f) { return std::bit_cast<uint32_t>(f); }
inline float from_bits(uint32_t b) { return std::bit_cast<float>(b); }

[[noreturn]] inline void fail(const char* what, variant v, float x) {
    std::fprintf(stderr, "smooth_ref: FATAL: %s for %s(%a) (bits 0x%08x)\n", what, name(v).data(),
                 static_cast<double>(x), bits(x));
    std::fflush(stderr);
    std::abort();
}

// Radius slack: every radius expression is multiplied by RS, which covers the
// rounding of the radius computation itself.
inline constexpr long double RS = 1.0L + 0x1p-56L;

// ---- rounding a long double to float, with an optional bias ---------------
// round_ld(v, 0) is round-to-nearest-even (the x87 store, which rounds once,
// also to subnormals: checked by tools/smooth_reference/generate --validate).
// round_ld(v, +1) is the rounding of v + eps for an infinitesimal eps > 0,
// round_ld(v, -1) that of v - eps: they differ from round_ld(v, 0) only when v
// is a midpoint (or v = 0, which gives +0 or -0).
//
// Where a float is subnormal, the x87 converts to and from it by a microcode
// assist, hundreds of cycles each (a test's every subnormal x took most of its
// time there): nearest_float and widen round and widen such values with
// integer arithmetic instead (|v| 2^149 rounded to an integer by the x87's
// round to nearest even is the subnormal's bit pattern, 2^23 the least normal
// float's), the same values as the x87's conversions.
inline float nearest_float(long double v) {
    const long double a = fabsl(v);
    if (!(a < 0x1p-126L)) return static_cast<float>(v);  // NaN too
    const auto r = static_cast<uint32_t>(llrintl(a * 0x1p149L));
    return from_bits(r | (std::signbit(v) ? 0x80000000u : 0u));
}
inline long double widen(float f) {
    const uint32_t b = bits(f);
    if ((b & 0x7f800000u) != 0) return f;  // normal, infinite or NaN
    // 2^-149 as two factors: Clang stores a long double constant that a float
    // holds as a float, and the x87 loading the subnormal 2^-149 is an assist.
    const long double m = static_cast<long double>(b & 0x007fffffu) * 0x1p-75L * 0x1p-74L;
    return (b >> 31) != 0 ? -m : m;
}
inline float round_ld(long double v, int bias) {
    float f = nearest_float(v);
    if (bias == 0) return f;
    if (v == 0) return bias > 0 ? 0.0f : -0.0f;
    long double fl = widen(f);
    if (fl == v) return f;  // v is a float: v +- eps rounds to it
    // the float g on the other side of v
    uint32_t fb = bits(f);
    float g;
    long double mid;
    if (std::isinf(f)) {
        g = std::copysign(FLT_MAX, f);
        mid = std::copysign(0x1p128L - 0x1p103L, v);
    } else {
        g = (fabsl(fl) < fabsl(v)) ? from_bits(fb + 1) : from_bits(fb - 1);
        if (std::isinf(g)) return f;  // v between FLT_MAX and the overflow midpoint
        mid = (fl + widen(g)) * 0.5L;  // exact in long double
    }
    if (v != mid) return f;
    // v is the midpoint of f and g: take the one in the direction of bias
    long double gl = widen(g);
    if (bias > 0) return (gl > fl) ? g : f;
    return (gl < fl) ? g : f;
}

// An enclosure of the real value y: lo <= y <= hi, or lo < y (lo_strict),
// y < hi (hi_strict).
struct enc {
    long double lo = 0, hi = 0;
    bool lo_strict = false, hi_strict = false;
};

inline bool decide(const enc& e, float& out) {
    if (std::isnan(e.lo) || std::isnan(e.hi) || !(e.lo <= e.hi)) return false;
    float a = round_ld(e.lo, e.lo_strict ? 1 : 0);
    float b = round_ld(e.hi, e.hi_strict ? -1 : 0);
    if (bits(a) != bits(b) || std::isnan(a)) return false;
    out = a;
    return true;
}

// Lower and upper bounds of a + b (exact long doubles) by TwoSum; strict when
// the bound is known to differ from a + b.
inline long double sum_down(long double a, long double b, bool& strict) {
    long double s = a + b;
    long double bb = s - a;
    long double err = (a - (s - bb)) + (b - bb);  // a + b = s + err exactly
    if (err > 0) { strict = true; return s; }
    if (err == 0) { strict = false; return s; }
    strict = true;
    return nextafterl(s, -INFINITY);
}
inline long double sum_up(long double a, long double b, bool& strict) {
    long double s = a + b;
    long double bb = s - a;
    long double err = (a - (s - bb)) + (b - bb);
    if (err < 0) { strict = true; return s; }
    if (err == 0) { strict = false; return s; }
    strict = true;
    return nextafterl(s, INFINITY);
}
// Enclosure of A + B with A exact and blo <= B <= bhi.
inline enc sum_enc(long double A, long double blo, long double bhi) {
    enc e;
    e.lo = sum_down(A, blo, e.lo_strict);
    e.hi = sum_up(A, bhi, e.hi_strict);
    return e;
}
// Enclosure of a value known to be in [lo, hi] as computed, widening by a
// relative 2^-60 plus an absolute amount for the roundings in lo and hi.
inline enc mid_rad_enc(long double mid, long double rad) {
    long double r = rad * RS + fabsl(mid) * 0x1p-62L;
    return enc{mid - r, mid + r, false, false};
}

// ---- long double midpoint-radius arithmetic --------------------------------
inline constexpr long double LU = 0x1p-63L;   // basic operation (round to nearest: 2^-64)
inline constexpr long double LEL = 0x1p-56L;  // glibc long double libm function (assumed bound)

struct ld {
    long double v = 0, r = 0;
    static ld exact(long double x) { return {x, 0}; }
    // a decimal literal converted to long double (round to nearest by GCC)
    static ld constant(long double x) { return {x, fabsl(x) * 0x1p-63L}; }
    static ld k() { return constant(0.79788456080286535587989211986876373695171726232987L); }          // sqrt(2/pi)
    static ld inv_sqrt2() { return constant(0.70710678118654752440084436210484903928483593768847L); }  // 1/sqrt(2)
    static ld inv_sqrt2pi() { return constant(0.39894228040143267793994605993438186847585863116493L); }  // 1/sqrt(2 pi)
    static ld c() { return constant(0.044715L); }
    static ld lambda() { return constant(1.0507009873554804934193349852946L); }
    static ld selu_alpha() { return constant(1.6732632423543772848170429916717L); }
    bool failed() const { return !(r < INFINITY) || std::isnan(v) || std::isinf(v); }
};
inline ld ld_bad() { return {NAN, INFINITY}; }

inline ld operator+(ld a, ld b) {
    long double v = a.v + b.v;
    return {v, (a.r + b.r) * RS + fabsl(v) * LU};
}
inline ld operator-(ld a, ld b) {
    long double v = a.v - b.v;
    return {v, (a.r + b.r) * RS + fabsl(v) * LU};
}
inline ld operator-(ld a) { return {-a.v, a.r}; }
inline ld operator*(ld a, ld b) {
    long double v = a.v * b.v;
    return {v, (fabsl(a.v) * b.r + fabsl(b.v) * a.r + a.r * b.r) * RS + fabsl(v) * LU};
}
inline ld operator/(ld a, ld b) {
    long double bb = fabsl(b.v);
    long double den = bb - b.r * RS;
    if (!(den > 0)) return ld_bad();
    long double v = a.v / b.v;
    return {v, ((fabsl(a.v) * b.r + bb * a.r) / (bb * den)) * RS + fabsl(v) * LU};
}
inline ld operator+(ld a, int b) { return a + ld::exact(b); }
inline ld operator+(int a, ld b) { return ld::exact(a) + b; }
inline ld operator*(int a, ld b) { return ld::exact(a) * b; }
inline ld operator/(int a, ld b) { return ld::exact(a) / b; }
inline ld scale2(ld a, int k) { return {ldexpl(a.v, k), ldexpl(a.r, k)}; }  // exact

inline ld n_exp(ld a) {
    if (!(a.r <= 0x1p-20L)) return ld_bad();
    long double v;
    long double el;
    if (a.v > -0.7L) {  // expm1l is twice as fast as expl; 1 + expm1l(t) >= 0.49 here
        long double m = expm1l(a.v);
        v = 1.0L + m;
        el = LEL * (fabsl(m) / v) + LU;
    } else {
        v = expl(a.v);
        el = LEL;
    }
    if (!(v > 0) || std::isinf(v)) return ld_bad();
    // |exp(t) - exp(a.v)| <= exp(a.v) (e^r - 1) <= exp(a.v) r (1 + r), exp(a.v) <= v (1 + 2 el)
    return {v, (v * (1 + 2 * el) * (a.r * (1 + a.r)) + v * el * (1 + 2 * el)) * RS};
}
inline ld n_expm1(ld a) {
    if (!(a.r <= 0x1p-20L)) return ld_bad();
    long double v = expm1l(a.v);
    if (std::isinf(v)) return ld_bad();
    long double ex = (1.0L + v + fabsl(v) * LEL) * (1 + LU);  // >= exp(a.v)
    return {v, (ex * (a.r * (1 + a.r)) + fabsl(v) * LEL * (1 + 2 * LEL)) * RS};
}
inline ld n_log1p(ld a) {
    long double d = (1.0L + a.v - a.r * RS) * (1 - 0x1p-62L);
    if (!(d > 0)) return ld_bad();
    long double v = log1pl(a.v);
    return {v, (a.r / d + fabsl(v) * LEL) * RS};
}
inline ld n_erfc(ld a) {
    long double v = erfcl(a.v);
    long double t = a.v;
    long double D;  // bound of |erfc'| on [t - r, t + r]
    if (t <= 0 || t - a.r <= 0 || !(2 * t * a.r <= 0x1p-10L)) {
        D = 1.1284L;  // 2/sqrt(pi)
    } else {
        // (2/sqrt(pi)) e^{-t^2} < erfc(t) (t + sqrt(t^2 + 2)) (Mills ratio, t >= 0), and
        // e^{-(t-r)^2} <= e^{-t^2} e^{2tr} <= e^{-t^2} (1 + 4tr)
        D = v * (1 + 2 * LEL) * (t + sqrtl(t * t + 2) * (1 + LU)) * (1 + 4 * t * a.r);
        if (D > 1.1284L) D = 1.1284L;
    }
    return {v, (D * a.r + v * LEL) * RS};
}
inline ld n_tanh(ld a) {
    if (a.r != 0) return ld_bad();  // only used on an exact input
    long double v = tanhl(a.v);
    return {v, fabsl(v) * LEL};
}

// ---- MPFR midpoint-radius arithmetic ----------------------------------------
inline thread_local mpfr_prec_t mp_prec = 128;

inline long double abs_up(const mpfr_t v) { return fabsl(mpfr_get_ld(v, MPFR_RNDA)); }
inline long double abs_down(const mpfr_t v) { return fabsl(mpfr_get_ld(v, MPFR_RNDZ)); }
inline long double mp_u() { return ldexpl(1.0L, -static_cast<int>(mp_prec) + 1); }  // 2x the unit roundoff

struct mp {
    mpfr_t v;
    long double r = 0;
    mp() {
        mpfr_init2(v, mp_prec);
        mpfr_set_zero(v, 1);
    }
    mp(const mp& o) : r(o.r) {
        mpfr_init2(v, mpfr_get_prec(o.v));
        mpfr_set(v, o.v, MPFR_RNDN);
    }
    mp(mp&& o) noexcept : r(o.r) {
        mpfr_init2(v, MPFR_PREC_MIN);
        mpfr_swap(v, o.v);
    }
    mp& operator=(const mp& o) {
        if (this != &o) {
            mpfr_set_prec(v, mpfr_get_prec(o.v));
            mpfr_set(v, o.v, MPFR_RNDN);
            r = o.r;
        }
        return *this;
    }
    mp& operator=(mp&& o) noexcept {
        mpfr_swap(v, o.v);
        r = o.r;
        return *this;
    }
    ~mp() { mpfr_clear(v); }

    static mp exact(long double x) {
        mp m;
        mpfr_set_prec(m.v, mp_prec < 64 ? 64 : mp_prec);
        mpfr_set_ld(m.v, x, MPFR_RNDN);  // exact: 64 bits
        return m;
    }
    // a constant computed at mp_prec + 64 bits and rounded to mp_prec bits
    template <class F>
    static mp constant(F&& compute) {
        mp m;
        mpfr_t t;
        mpfr_init2(t, mp_prec + 64);
        compute(t);
        mpfr_set(m.v, t, MPFR_RNDN);
        mpfr_clear(t);
        m.r = abs_up(m.v) * ldexpl(1.0L, -static_cast<int>(mp_prec) + 2);
        return m;
    }
    static mp k() {
        return constant([](mpfr_t t) {
            mpfr_const_pi(t, MPFR_RNDN);
            mpfr_ui_div(t, 2, t, MPFR_RNDN);
            mpfr_sqrt(t, t, MPFR_RNDN);
        });
    }
    static mp inv_sqrt2() {
        return constant([](mpfr_t t) {
            mpfr_set_ui(t, 2, MPFR_RNDN);
            mpfr_rec_sqrt(t, t, MPFR_RNDN);
        });
    }
    static mp inv_sqrt2pi() {
        return constant([](mpfr_t t) {
            mpfr_const_pi(t, MPFR_RNDN);
            mpfr_mul_2ui(t, t, 1, MPFR_RNDN);
            mpfr_rec_sqrt(t, t, MPFR_RNDN);
        });
    }
    static mp c() {
        return constant([](mpfr_t t) { mpfr_set_str(t, "0.044715", 10, MPFR_RNDN); });
    }
    static mp lambda() {
        return constant([](mpfr_t t) { mpfr_set_str(t, "1.0507009873554804934193349852946", 10, MPFR_RNDN); });
    }
    static mp selu_alpha() {
        return constant([](mpfr_t t) { mpfr_set_str(t, "1.6732632423543772848170429916717", 10, MPFR_RNDN); });
    }
    bool failed() const { return !(r < INFINITY) || std::isnan(r) || !mpfr_number_p(v); }
};
inline mp mp_bad() {
    mp m;
    mpfr_set_nan(m.v);
    m.r = INFINITY;
    return m;
}
inline long double mp_rnd(const mp& c) { return abs_up(c.v) * mp_u(); }

inline mp operator+(const mp& a, const mp& b) {
    mp c;
    mpfr_add(c.v, a.v, b.v, MPFR_RNDN);
    c.r = (a.r + b.r) * RS + mp_rnd(c);
    return c;
}
inline mp operator-(const mp& a, const mp& b) {
    mp c;
    mpfr_sub(c.v, a.v, b.v, MPFR_RNDN);
    c.r = (a.r + b.r) * RS + mp_rnd(c);
    return c;
}
inline mp operator-(const mp& a) {
    mp c(a);
    mpfr_neg(c.v, c.v, MPFR_RNDN);
    return c;
}
inline mp operator*(const mp& a, const mp& b) {
    mp c;
    mpfr_mul(c.v, a.v, b.v, MPFR_RNDN);
    c.r = (abs_up(a.v) * b.r + abs_up(b.v) * a.r + a.r * b.r) * RS + mp_rnd(c);
    return c;
}
inline mp operator/(const mp& a, const mp& b) {
    long double bb = abs_down(b.v);
    long double den = bb - b.r * RS;
    if (!(den > 0)) return mp_bad();
    mp c;
    mpfr_div(c.v, a.v, b.v, MPFR_RNDN);
    c.r = ((abs_up(a.v) * b.r + abs_up(b.v) * a.r) / (bb * den)) * RS + mp_rnd(c);
    return c;
}
inline mp operator+(const mp& a, int b) { return a + mp::exact(b); }
inline mp operator+(int a, const mp& b) { return mp::exact(a) + b; }
inline mp operator*(int a, const mp& b) { return mp::exact(a) * b; }
inline mp operator/(int a, const mp& b) { return mp::exact(a) / b; }
inline mp scale2(const mp& a, int k) {
    mp c(a);
    mpfr_mul_2si(c.v, c.v, k, MPFR_RNDN);
    c.r = ldexpl(a.r, k);
    return c;
}
inline mp n_exp(const mp& a) {
    if (!(a.r <= 0x1p-20L)) return mp_bad();
    mp c;
    mpfr_exp(c.v, a.v, MPFR_RNDN);
    if (mpfr_zero_p(c.v) || mpfr_inf_p(c.v)) return mp_bad();
    long double v = abs_up(c.v), u = mp_u();
    c.r = (v * (1 + 2 * u) * (a.r * (1 + a.r)) + v * u) * RS;
    return c;
}
inline mp n_expm1(const mp& a) {
    if (!(a.r <= 0x1p-20L)) return mp_bad();
    mp c;
    mpfr_expm1(c.v, a.v, MPFR_RNDN);
    if (mpfr_inf_p(c.v)) return mp_bad();
    long double u = mp_u();
    long double ex = (1.0L + mpfr_get_ld(c.v, MPFR_RNDU) + abs_up(c.v) * u) * (1 + LU);
    c.r = (ex * (a.r * (1 + a.r)) + abs_up(c.v) * u) * RS;
    return c;
}
inline mp n_log1p(const mp& a) {
    long double d = (1.0L + mpfr_get_ld(a.v, MPFR_RNDD) - a.r * RS) * (1 - 0x1p-62L);
    if (!(d > 0)) return mp_bad();
    mp c;
    mpfr_log1p(c.v, a.v, MPFR_RNDN);
    c.r = (a.r / d + abs_up(c.v) * mp_u()) * RS;
    return c;
}
inline mp n_erfc(const mp& a) {
    mp c;
    mpfr_erfc(c.v, a.v, MPFR_RNDN);
    if (mpfr_zero_p(c.v)) return mp_bad();
    long double t = mpfr_get_ld(a.v, MPFR_RNDD), v = abs_up(c.v), u = mp_u();
    long double D;
    if (t <= 0 || t - a.r <= 0 || !(2 * t * a.r <= 0x1p-10L)) {
        D = 1.1284L;
    } else {
        long double tu = mpfr_get_ld(a.v, MPFR_RNDU);
        D = v * (1 + 2 * u) * (tu + sqrtl(tu * tu + 2) * (1 + LU)) * (1 + 4 * tu * a.r);
        if (D > 1.1284L) D = 1.1284L;
    }
    c.r = (D * a.r + v * u) * RS;
    return c;
}
inline mp n_tanh(const mp& a) {
    if (a.r != 0) return mp_bad();
    mp c;
    mpfr_tanh(c.v, a.v, MPFR_RNDN);
    c.r = mp_rnd(c);
    return c;
}

// Exact rounding of an MPFR value to float (see the file comment).
inline float mpfr_round_float(const mpfr_t a) {
    if (mpfr_nan_p(a)) return std::numeric_limits<float>::quiet_NaN();
    bool neg = mpfr_signbit(a) != 0;
    if (mpfr_inf_p(a)) return neg ? -INFINITY : INFINITY;
    if (mpfr_zero_p(a)) return neg ? -0.0f : 0.0f;
    mpfr_exp_t e = mpfr_get_exp(a);  // |a| in [2^(e-1), 2^e)
    if (e - 1 >= -126) {
        if (e - 1 >= 128) return neg ? -INFINITY : INFINITY;
        mpfr_t t;
        mpfr_init2(t, 24);
        mpfr_set(t, a, MPFR_RNDN);  // ties to even at 24 bits
        float f;
        if (mpfr_get_exp(t) > 128) f = INFINITY;  // rounded up to 2^128
        else f = static_cast<float>(fabsl(mpfr_get_ld(t, MPFR_RNDN)));  // exact
        mpfr_clear(t);
        return neg ? -f : f;
    }
    if (e < -150) return neg ? -0.0f : 0.0f;  // |a| < 2^-151
    mpfr_t t;
    mpfr_init2(t, mpfr_get_prec(a));
    mpfr_mul_2si(t, a, 149, MPFR_RNDN);  // exact
    mpfr_abs(t, t, MPFR_RNDN);
    mpfr_rint(t, t, MPFR_RNDN);  // nearest integer, ties to even
    long n = mpfr_get_si(t, MPFR_RNDN);
    mpfr_clear(t);
    float f = std::ldexp(static_cast<float>(n), -149);  // n <= 2^23: exact
    return neg ? -f : f;
}

inline bool mp_decide(const mp& y, float& out) {
    if (y.failed()) return false;
    mpfr_t rr, lo, hi;
    mpfr_init2(rr, 64);
    mpfr_init2(lo, mpfr_get_prec(y.v));
    mpfr_init2(hi, mpfr_get_prec(y.v));
    mpfr_set_ld(rr, y.r, MPFR_RNDU);
    mpfr_sub(lo, y.v, rr, MPFR_RNDD);
    mpfr_add(hi, y.v, rr, MPFR_RNDU);
    float a = mpfr_round_float(lo), b = mpfr_round_float(hi);
    mpfr_clears(rr, lo, hi, static_cast<mpfr_ptr>(nullptr));
    if (bits(a) != bits(b) || std::isnan(a)) return false;
    out = a;
    return true;
}

// ---- the formulas (generic range), shared by both stages ----------------------
// x is exact; param is alpha (elu, celu) or beta (softplus). X is float (the
// float references) or double (reference_double); both are exact in N.
template <class N, class X = float>
N formula(variant v, X xf, std::type_identity_t<X> param) {
    const N x = N::exact(xf);
    const N one = N::exact(1);
    switch (v) {
        case variant::gelu: {
            N E = n_erfc(-(x * N::inv_sqrt2()));
            return x * scale2(E, -1);
        }
        case variant::gelu_derivative: {
            N Phi = scale2(n_erfc(-(x * N::inv_sqrt2())), -1);
            N phi = n_exp(-scale2(x * x, -1)) * N::inv_sqrt2pi();
            return Phi + x * phi;
        }
        case variant::gelu_tanh: {
            // x/2 (1 + tanh z) = x / (1 + e^{-2z}), z = k (x + c x^3)
            N z = N::k() * (x + N::c() * (x * x * x));
            N E = n_exp(-scale2(z, 1));
            return x / (one + E);
        }
        case variant::gelu_tanh_derivative: {
            // (1+t)/2 = S = 1/(1+E), 1 - t^2 = 4 E S^2, E = e^{-2z}
            N x2 = x * x;
            N c = N::c();
            N z = N::k() * (x + c * (x2 * x));
            N E = n_exp(-scale2(z, 1));
            N S = one / (one + E);
            N poly = one + (3 * c) * x2;
            return S + scale2(x * E * S * S * N::k() * poly, 1);
        }
        case variant::silu: {
            N E = n_exp(-x);
            return x / (one + E);
        }
        case variant::silu_derivative: {
            // s(x) (1 + x s(-x)), s(-x) = E S
            N E = n_exp(-x);
            N S = one / (one + E);
            return S * (one + x * E * S);
        }
        case variant::sigmoid: {
            N E = n_exp(-x);
            return one / (one + E);
        }
        case variant::sigmoid_derivative: {
            N E = n_exp(-x);
            N S = one / (one + E);
            return E * S * S;
        }
        case variant::tanh: return n_tanh(x);
        case variant::tanh_derivative: {
            // 1 - tanh^2 = 4E/(1+E)^2, E = e^{-2|x|}
            N E = n_exp(N::exact(-2.0L * std::fabs(static_cast<long double>(xf))));
            N d = one + E;
            return scale2(E, 2) / (d * d);
        }
        case variant::elu: {
            if (xf > 0) return x;
            return N::exact(param) * n_expm1(x);
        }
        case variant::elu_derivative: {
            if (xf >= 0) return one;
            return N::exact(param) * n_exp(x);
        }
        case variant::selu: {
            if (xf > 0) return N::lambda() * x;
            return (N::lambda() * N::selu_alpha()) * n_expm1(x);
        }
        case variant::selu_derivative: {
            if (xf >= 0) return N::lambda();
            return (N::lambda() * N::selu_alpha()) * n_exp(x);
        }
        case variant::celu: {
            if (xf > 0) return x;
            N a = N::exact(param);
            return a * n_expm1(x / a);
        }
        case variant::celu_derivative: {
            if (xf >= 0) return one;
            return n_exp(x / N::exact(param));
        }
        case variant::softplus: {
            N b = N::exact(param);
            N u = x * b;
            if (xf > 0) return x + n_log1p(n_exp(-u)) / b;
            return n_log1p(n_exp(u)) / b;
        }
        case variant::softplus_derivative: {
            N u = x * N::exact(param);
            return one / (one + n_exp(-u));
        }
        case variant::mish: {
            if (xf > 0) {
                N w = n_exp(-x);  // T = (1+2w)/(1+2w+2w^2)
                N a = one + scale2(w, 1);
                return x * (a / (a + scale2(w * w, 1)));
            }
            N w = n_exp(x);  // n = w(w+2), T = n/(n+2)
            N n = w * (w + 2);
            return x * (n / (n + 2));
        }
        case variant::mish_derivative: {
            if (xf > 0) {
                // T + x 4(1+w) w^2 / (1+2w+2w^2)^2
                N w = n_exp(-x);
                N a = one + scale2(w, 1);
                N d = a + scale2(w * w, 1);
                N T = a / d;
                return T + x * (scale2((one + w) * (w * w), 2) / (d * d));
            }
            // T + x 4(n+1)/(n+2)^2 * w/(1+w)
            N w = n_exp(x);
            N n = w * (w + 2);
            N d = n + 2;
            N T = n / d;
            return T + x * ((scale2(n + 1, 2) / (d * d)) * (w / (one + w)));
        }
    }
    return N::exact(NAN);
}

// ---- stage 1: tails -----------------------------------------------------------
// Closed-form enclosures beyond per-variant thresholds (proofs in comments).
// Returns false where no tail applies.
inline bool tail_enc(variant v, float xf, float param, enc& e) {
    const long double x = widen(xf);  // (not by the x87: see widen)
    const long double ax = fabsl(x);
    // y in (x(1 - eps), x) for x > 0 (rounds to x)
    auto just_below_x = [&](long double eps) { e = enc{x - x * eps, x, false, true}; };
    auto neg_hair = [&](long double m) { e = enc{-m, 0, false, true}; };  // y in [-m, 0): rounds to -0
    auto pos_hair = [&](long double m) { e = enc{0, m, true, false}; };   // y in (0, m]: rounds to +0
    auto around = [&](long double c, long double eps) { e = enc{c - eps, c + eps, false, false}; };
    switch (v) {
        case variant::gelu:
            // x >= 8: 1 - Phi(x) < phi(x)/x (Mills) < 2^-50
            if (x >= 8) { just_below_x(0x1p-49L); return true; }
            // x <= -16: |y| = |x| Phi(x) < phi(x) <= phi(16) < 2^-186
            if (x <= -16) { neg_hair(0x1p-170L); return true; }
            return false;
        case variant::gelu_derivative:
            // x >= 8: y in (1 - phi/x, 1 + x phi), x phi(x) <= 8 phi(8) < 2^-44 (decreasing)
            if (x >= 8) { around(1, 0x1p-43L); return true; }
            // x <= -16: y in (-|x| phi, -phi (|x| - 1/|x|)) subset [-2^-170, 0)
            if (x <= -16) { neg_hair(0x1p-170L); return true; }
            return false;
        case variant::gelu_tanh:
            // x >= 8: z >= 24.6, 1 - (1+t)/2 < e^{-2z} < 2^-70
            if (x >= 8) { just_below_x(0x1p-60L); return true; }
            // x <= -16: |y| < |x| e^{-2k(|x| + c|x|^3)} < 16 e^{-317}
            if (x <= -16) { neg_hair(0x1p-170L); return true; }
            return false;
        case variant::gelu_tanh_derivative:
            // x >= 8: S in (1 - E, 1), 0 < 2xE S^2 k (1+3cx^2) < 122 e^{-49.3} < 2^-63
            if (x >= 8) { around(1, 0x1p-60L); return true; }
            // x <= -16: y < 0 and |y| < e^{-2|z|} (1 + 2|x| k (1 + 3cx^2)) < e^{-311}
            if (x <= -16) { neg_hair(0x1p-170L); return true; }
            return false;
        case variant::silu:
            // x >= 64: y in (x (1 - e^{-x}), x)
            if (x >= 64) { just_below_x(0x1p-60L); return true; }
            // x <= -120: y in (-|x| e^x, 0), 120 e^{-120} < 2^-166
            if (x <= -120) { neg_hair(0x1p-160L); return true; }
            return false;
        case variant::silu_derivative:
            // x >= 64: y in (1 - e^{-x}, 1 + x e^{-x})
            if (x >= 64) { around(1, 0x1p-60L); return true; }
            // x <= -120: y in (-(|x|-1) e^x, 0)
            if (x <= -120) { neg_hair(0x1p-160L); return true; }
            return false;
        case variant::sigmoid:
            if (x >= 64) { e = enc{1 - 0x1p-60L, 1, false, true}; return true; }  // (1 - e^{-x}, 1)
            if (x <= -120) { pos_hair(0x1p-170L); return true; }  // (0, e^x)
            return false;
        case variant::sigmoid_derivative:
            if (ax >= 120) { pos_hair(0x1p-170L); return true; }  // (0, e^{-|x|})
            return false;
        case variant::tanh:
            // 1 - tanh|x| = 2/(e^{2|x|} + 1) < 2 e^{-64}
            if (x >= 32) { e = enc{1 - 0x1p-60L, 1, false, true}; return true; }
            if (x <= -32) { e = enc{-1, -1 + 0x1p-60L, true, false}; return true; }
            return false;
        case variant::tanh_derivative:
            if (ax >= 64) { pos_hair(0x1p-170L); return true; }  // (0, 4 e^{-2|x|})
            return false;
        case variant::elu:
            if (x > 0) { e = enc{x, x}; return true; }
            // x <= -64: y = a (e^x - 1) in (-a, -a + a e^{-64})
            if (x <= -64) { e = enc{-static_cast<long double>(param), -param * (1 - 0x1p-60L), true, false}; return true; }
            return false;
        case variant::elu_derivative:
            if (x >= 0) { e = enc{1, 1}; return true; }
            // x <= -128: (0, a e^x); x < -11000: (0, a e^{-11000}) with a < 2^128
            if (x < -11000) { pos_hair(0x1p-15000L); return true; }
            if (x <= -128) { pos_hair(param * 0x1p-184L); return true; }
            return false;
        case variant::selu: {
            if (x <= -64) {
                ld la = ld::lambda() * ld::selu_alpha();  // y in (-la, -la + la e^{-64})
                e = mid_rad_enc(-la.v, la.r + la.v * 0x1p-90L);
                return true;
            }
            return false;
        }
        case variant::selu_derivative: {
            if (x >= 0) {
                ld l = ld::lambda();
                e = mid_rad_enc(l.v, l.r);
                return true;
            }
            if (x <= -128) { pos_hair(0x1p-183L); return true; }  // (0, 1.76 e^x)
            return false;
        }
        case variant::celu: {
            if (x > 0) { e = enc{x, x}; return true; }
            long double q = x / param;  // relative error 2^-64
            // q <= -65: y = a (e^q - 1) in (-a, -a + a e^{-64.9})
            if (q <= -65) { e = enc{-static_cast<long double>(param), -param * (1 - 0x1p-60L), true, false}; return true; }
            return false;
        }
        case variant::celu_derivative: {
            if (x >= 0) { e = enc{1, 1}; return true; }
            long double q = x / param;
            if (q <= -130) { pos_hair(0x1p-185L); return true; }  // (0, e^q)
            return false;
        }
        case variant::softplus: {
            long double u = x * param;  // exact
            // u >= 64: y in (x, x + e^{-u}/b) and e^{-u}/b = x e^{-u}/u < x 2^-96
            if (u >= 64) { e = enc{x, x + x * 0x1p-60L, true, false}; return true; }
            // u < -11000: (0, e^u/b) with 1/b <= 2^149
            if (u < -11000) { pos_hair(0x1p-15000L); return true; }
            // u <= -120: (0, e^u / b), e^{-120} < 2^-173
            if (u <= -120) { pos_hair(0x1p-173L / param); return true; }
            return false;
        }
        case variant::softplus_derivative: {
            long double u = x * param;
            if (u >= 64) { e = enc{1 - 0x1p-60L, 1, false, true}; return true; }
            if (u <= -120) { pos_hair(0x1p-170L); return true; }
            return false;
        }
        case variant::mish:
            // x >= 16: T in (1 - 2w^2, 1), w = e^{-x}, 2w^2 < 2^-45
            if (x >= 16) { just_below_x(0x1p-44L); return true; }
            // x <= -120: T in (0, 1.5 w), w = e^x: y in (-1.5|x|e^x, 0)
            if (x <= -120) { neg_hair(0x1p-160L); return true; }
            return false;
        case variant::mish_derivative:
            // x >= 16: T in (1 - 2w^2, 1), 0 < x 4(1+w)w^2/(..)^2 <= 4.01 x e^{-2x} < 2^-40
            if (x >= 16) { around(1, 0x1p-38L); return true; }
            // x <= -120: y in (x w, 1.5w - |x| w (1 - 2.25w^2)/(1+w)) subset [-2^-160, 0)
            if (x <= -120) { neg_hair(0x1p-160L); return true; }
            return false;
    }
    return false;
}

// ---- stage 1: tiny |x| < 2^-24 (Taylor with proven remainders) ---------------------
// Lower/upper bound helpers: q*(1 -+ rel) bracket q_exact when q carries a
// relative error below rel/2.
inline long double dn(long double q, long double rel) { return q - fabsl(q) * rel; }
inline long double up(long double q, long double rel) { return q + fabsl(q) * rel; }
inline constexpr long double TR = 0x1p-59L;  // covers a few roundings and constant errors

inline bool tiny_enc(variant v, float xf, float param, enc& e) {
    const long double x = widen(xf);  // (not by the x87: see widen)
    const long double ax = fabsl(x);
    const long double x2 = x * x;  // exact
    constexpr long double lim = 0x1p-24L;
    auto mr = [&](long double mid, long double rad) { e = mid_rad_enc(mid, rad); };
    switch (v) {
        case variant::gelu: {
            // y = x/2 + B, B = phi0 (x^2 - x^4/6 + ...) (alternating), B in [phi0 x^2 (1 - x^2/6), phi0 x^2]
            if (ax >= lim) return false;
            long double q = 0.39894228040143267793994605993438186847585863116493L * x2;
            e = sum_enc(x / 2, dn(q, TR + x2 / 5), up(q, TR));
            return true;
        }
        case variant::gelu_derivative: {
            // y = 1/2 + k x + R, |R| <= (2/3) phi0 |x|^3 < 0.3 |x|^3
            if (ax >= lim) return false;
            long double q = 0.79788456080286535587989211986876373695171726232987L * x;
            long double R = 0.3L * ax * x2;
            e = sum_enc(0.5L, dn(q, TR) - R, up(q, TR) + R);
            return true;
        }
        case variant::gelu_tanh: {
            // y = x/2 + (x/2) tanh z, (x/2) tanh z in [(k/2) x^2 (1 - x^2), (k/2) x^2 (1 + x^2)]
            if (ax >= lim) return false;
            long double q = 0.39894228040143267793994605993438186847585863116493L * x2;  // k/2 = phi0
            e = sum_enc(x / 2, dn(q, TR + x2), up(q, TR + x2));
            return true;
        }
        case variant::gelu_tanh_derivative: {
            // y = 1/2 + k x + R, |R| <= 0.41 |x|^3
            if (ax >= lim) return false;
            long double q = 0.79788456080286535587989211986876373695171726232987L * x;
            long double R = ax * x2;
            e = sum_enc(0.5L, dn(q, TR) - R, up(q, TR) + R);
            return true;
        }
        case variant::silu: {
            // y = x/2 + (x/2) tanh(x/2), second term in [x^2/4 - x^4/48, x^2/4]
            if (ax >= lim) return false;
            long double q = x2 / 4;  // exact
            e = sum_enc(x / 2, dn(q, TR + x2 / 10), q);
            return true;
        }
        case variant::silu_derivative: {
            // y = 1/2 + x/2 + R, |R| <= |x|^3/12
            if (ax >= lim) return false;
            long double R = ax * x2 / 4;
            e = sum_enc(0.5L, dn(x / 2 - R, TR), up(x / 2 + R, TR));
            return true;
        }
        case variant::sigmoid: {
            // y = 1/2 + tanh(x/2)/2, |tanh(x/2)/2 - x/4| <= |x|^3/48
            if (ax >= lim) return false;
            long double R = ax * x2 / 40;
            e = sum_enc(0.5L, dn(x / 4 - R, TR), up(x / 4 + R, TR));
            return true;
        }
        case variant::softplus_derivative: {
            long double u = x * param;  // exact
            long double au = fabsl(u);
            if (au >= lim) return false;
            long double R = au * u * u / 40;
            e = sum_enc(0.5L, dn(u / 4 - R, TR), up(u / 4 + R, TR));
            return true;
        }
        case variant::sigmoid_derivative: {
            // y = 1/4 - tanh^2(x/2)/4 in [1/4 - x^2/16, 1/4 - x^2/16 + x^4/96]
            if (ax >= lim) return false;
            long double q = x2 / 16;  // exact
            e = sum_enc(0.25L, -q, up(-q + x2 * x2 / 64, TR));
            return true;
        }
        case variant::tanh: {
            // tanh x in [x - x^3/3, x] (x > 0), odd
            if (ax >= lim || x == 0) return false;
            long double R = ax * x2 / 2;
            if (x > 0) e = sum_enc(x, -R, 0);
            else e = sum_enc(x, 0, R);
            return true;
        }
        case variant::tanh_derivative: {
            // 1 - tanh^2 x in [1 - x^2, 1 - x^2 + x^4]
            if (ax >= lim) return false;
            e = sum_enc(1.0L, -x2, up(-x2 + x2 * x2, TR));
            return true;
        }
        case variant::elu: {
            // x < 0: y = a x + a (x^2/2 + x^3/6 + ...), second term in a [x^2/2 (1 - |x|/3), x^2/2]
            if (ax >= lim || !(x < 0)) return false;
            long double A = param * x;        // exact (24 x 24 bits)
            long double q = param * x2 / 2;   // one rounding
            e = sum_enc(A, dn(q, TR + ax / 2), up(q, TR));
            return true;
        }
        case variant::elu_derivative: {
            // x < 0: y = a + a expm1(x), expm1(x) in [x, x + x^2/2]
            if (ax >= lim || !(x < 0)) return false;
            long double A = param;
            long double q1 = param * x;  // exact
            long double q2 = param * x2 / 2;
            e = sum_enc(A, q1, up(q1 + up(q2, TR), TR));
            return true;
        }
        case variant::selu: {
            // x < 0: y = la (x + x^2/2 + t x^3/6), t in [0, 1]
            if (ax >= lim || !(x < 0)) return false;
            ld la = ld::lambda() * ld::selu_alpha();
            long double mid = la.v * (x + x2 / 2);
            mr(mid, fabsl(mid) * TR + la.v * ax * x2 / 5);
            return true;
        }
        case variant::selu_derivative: {
            // x < 0: y = la (1 + x + t x^2/2)
            if (ax >= lim || !(x < 0)) return false;
            ld la = ld::lambda() * ld::selu_alpha();
            long double mid = la.v * (1 + x + x2 / 4);
            mr(mid, fabsl(mid) * TR + la.v * x2 / 3.9L);
            return true;
        }
        case variant::celu: {
            // x < 0, q = x/a: y = x + x^2/(2a) (1 + t q/3), t in [-1, 0]
            if (!(x < 0)) return false;
            long double q = x / param;
            if (fabsl(q) >= lim) return false;
            long double b = x2 / (2 * static_cast<long double>(param));
            e = sum_enc(x, dn(b, TR + fabsl(q) / 2.9L), up(b, TR));
            return true;
        }
        case variant::celu_derivative: {
            // x < 0, q = x/a: e^q in [1 + q, 1 + q + q^2/2]
            if (!(x < 0)) return false;
            long double q = x / param;
            if (fabsl(q) >= lim) return false;
            e = sum_enc(1.0L, dn(q, TR), up(q, TR) + q * q / 1.9L);
            return true;
        }
        case variant::softplus: {
            // u = b x: y = (log 2 + u/2 + u^2/8 - t u^4/192)/b, t in [0, 1]
            long double u = x * param;
            long double au = fabsl(u);
            if (au >= lim) return false;
            long double mid = (0.69314718055994530941723212145817656807550013436026L + u / 2 + u * u / 8) / param;
            mr(mid, fabsl(mid) * TR + (u * u) * (u * u) / (190 * static_cast<long double>(param)));
            return true;
        }
        case variant::mish: {
            // y = x g(x), g = 0.6 + 0.32 x + g''(t) x^2/2, |g''| < 0.04 near 0
            if (ax >= lim) return false;
            long double mid = 0.6L * x + 0.32L * x2;
            mr(mid, fabsl(mid) * TR + ax * x2);
            return true;
        }
        case variant::mish_derivative: {
            // y = g + x g' = 0.6 + 0.64 x + R, |R| < 0.05 x^2
            if (ax >= lim) return false;
            long double mid = 0.6L + 0.64L * x;
            mr(mid, fabsl(mid) * TR + x2);
            return true;
        }
    }
    return false;
}

inline bool generic_enc(variant v, float xf, float param, enc& e) {
    ld y = formula<ld>(v, xf, param);
    if (y.failed()) return false;
    e = mid_rad_enc(y.v, y.r);
    return true;
}

inline void check_param(variant v, float param) {
    if (has_param(v) && !(param > 0 && std::isfinite(param)))
        throw std::invalid_argument("smooth_ref: alpha/beta must be finite and > 0");
}

// +-inf: the limits.
inline float inf_value(variant v, bool positive, float param);

// Which path decided (for spot checks): 0 special, 1 tail, 2 tiny, 3 generic.
enum class path : int { special, tail, tiny, generic, none };

// Stage 1 only: true when decided. Also reports the path and the enclosure.
inline bool stage1(variant v, float x, float param, float& out, path* which = nullptr, enc* used = nullptr) {
    enc e;
    if (tail_enc(v, x, param, e) && decide(e, out)) {
        if (which) *which = path::tail;
        if (used) *used = e;
        return true;
    }
    if (tiny_enc(v, x, param, e) && decide(e, out)) {
        if (which) *which = path::tiny;
        if (used) *used = e;
        return true;
    }
    if (generic_enc(v, x, param, e) && decide(e, out)) {
        if (which) *which = path::generic;
        if (used) *used = e;
        return true;
    }
    if (which) *which = path::none;
    return false;
}

inline void mp_range() {
    thread_local bool done = false;
    if (!done) {
        mpfr_set_emin(mpfr_get_emin_min());
        mpfr_set_emax(mpfr_get_emax_max());
        done = true;
    }
}

// One MPFR evaluation at `prec` bits; true when its enclosure decides.
inline bool mp_eval(variant v, float x, float param, mpfr_prec_t prec, float& out, mp* value = nullptr) {
    mp_range();
    mpfr_prec_t saved = mp_prec;
    mp_prec = prec;
    bool ok;
    {
        mp y = formula<mp>(v, x, param);
        ok = mp_decide(y, out);
        if (value) *value = y;
    }
    mp_prec = saved;
    return ok;
}

// Stage 2: 128 and 256 bits must decide and agree, else 1024 bits.
// Returns false (MPFR cannot represent the intermediate values: far tails
// only) when stage2 is asked for an x no formula covers; aborts when undecided.
inline bool stage2(variant v, float x, float param, float& out, bool* used1024 = nullptr) {
    float a = 0, b = 0, c = 0;
    if (used1024) *used1024 = false;
    bool da = mp_eval(v, x, param, 128, a);
    bool db = mp_eval(v, x, param, 256, b);
    if (da && db) {
        if (bits(a) != bits(b)) fail("MPFR 128 and 256 bits disagree", v, x);
        out = a;
        return true;
    }
    if (used1024) *used1024 = true;
    if (!mp_eval(v, x, param, 1024, c)) return false;
    if ((da && bits(a) != bits(c)) || (db && bits(b) != bits(c))) fail("MPFR precisions disagree", v, x);
    out = c;
    return true;
}

inline bool special(variant v, float x, float param, float& out) {
    if (std::isnan(x)) {
        out = from_bits(bits(x) | 0x00400000u);
        return true;
    }
    if (std::isinf(x)) {
        out = inf_value(v, x > 0, param);
        return true;
    }
    if (x == 0 && zero_preserving(v)) {
        out = x;
        return true;
    }
    return false;
}

inline float evaluate(variant v, float x, float param) {
    float out;
    if (special(v, x, param, out)) {
        ++stats.special;
        return out;
    }
    path p;
    if (stage1(v, x, param, out, &p)) {
        if (p == path::tail) ++stats.tail;
        else if (p == path::tiny) ++stats.tiny;
        else ++stats.generic;
        return out;
    }
    ++stats.mpfr;
    bool used1024 = false;
    if (!stage2(v, x, param, out, &used1024)) fail("undecided at 1024 bits (or outside MPFR's range)", v, x);
    if (used1024) ++stats.mpfr1024;
    return out;
}

inline float inf_value(variant v, bool positive, float param) {
    const float z = positive ? 0.0f : -0.0f;  // zero with the sign of the approach
    switch (v) {
        case variant::gelu:
        case variant::gelu_tanh:
        case variant::silu:
        case variant::mish: return positive ? INFINITY : -0.0f;
        case variant::gelu_derivative:
        case variant::gelu_tanh_derivative:
        case variant::silu_derivative:
        case variant::mish_derivative: return positive ? 1.0f : z;
        case variant::sigmoid:
        case variant::softplus_derivative: return positive ? 1.0f : 0.0f;
        case variant::sigmoid_derivative:
        case variant::tanh_derivative: return 0.0f;
        case variant::tanh: return positive ? 1.0f : -1.0f;
        case variant::elu:
        case variant::celu: return positive ? INFINITY : -param;
        case variant::elu_derivative:
        case variant::celu_derivative: return positive ? 1.0f : 0.0f;
        case variant::softplus: return positive ? INFINITY : 0.0f;
        case variant::selu: {
            if (positive) return INFINITY;
            float out;
            if (!stage1(v, -FLT_MAX, param, out)) fail("selu(-inf)", v, -INFINITY);
            return out;  // the rounding of -lambda*alpha
        }
        case variant::selu_derivative: {
            if (!positive) return 0.0f;
            float out;
            if (!stage1(v, FLT_MAX, param, out)) fail("selu_derivative(+inf)", v, INFINITY);
            return out;  // the rounding of lambda
        }
    }
    return NAN;
}

}  // namespace detail

/// The correctly rounded result (see the file comment). param: alpha of
/// elu/celu (and derivatives), beta of softplus (and derivative); ignored by
/// the other variants. Throws std::invalid_argument for a param that is not
/// finite and > 0.
inline float reference(variant v, float x, float param) {
    detail::check_param(v, param);
    return detail::evaluate(v, x, has_param(v) ? param : 1.0f);
}
inline float reference(variant v, float x) { return detail::evaluate(v, x, 1.0f); }

/// The same, but with the MPFR stage forced (no long double stage): for
/// cross-checks. Returns false where the formulas cannot run in MPFR (x far
/// in a tail, where intermediate values leave long double's exponent range).
inline bool reference_mpfr(variant v, float x, float param, float& out) {
    detail::check_param(v, param);
    if (!has_param(v)) param = 1.0f;
    if (detail::special(v, x, param, out)) return true;
    return detail::stage2(v, x, param, out);
}

/// The result bits for input pattern i (default parameters), as digested.
inline uint32_t reference_bits(variant v, uint32_t i) {
    return detail::bits(detail::evaluate(v, detail::from_bits(i), 1.0f));
}

/// The digest of block k (2^20 patterns), default parameters.
inline uint64_t block_digest(variant v, uint32_t k) {
    uint64_t d = 0;
    const uint32_t first = k << block_bits;
    for (uint32_t j = 0; j < (1u << block_bits); ++j) {
        uint32_t i = first + j;
        d += digest_term(i, reference_bits(v, i));
    }
    return d;
}

// ============================================================================
// 16-bit (binary16, bfloat16) and double references (used by tests/smooth_mpfr_test.cpp)
// ============================================================================
//
// reference_bits16(format, v, x_bits, param): the same real value f(x) (x the
// 16-bit input taken as an exact real), rounded directly to the 16-bit format
// (to nearest, ties to even, gradual underflow, overflow to inf from the
// midpoint above the largest finite value on), never through float. The
// formats:
//  - binary16: 11-bit significand, smallest normal 2^-14, smallest subnormal
//    2^-24, largest finite 65504, inf from 65520 on; NaN bits b give b | 0x0200;
//  - bfloat16 (float's top 16 bits): 8-bit significand, float's exponent
//    range: smallest normal 2^-126, smallest subnormal 2^-133, largest finite
//    (2 - 2^-7) 2^127, inf from (2 - 2^-8) 2^127 on; NaN bits b give b | 0x0040.
// The same special-value rules as the float reference. Paths: the stage-1
// closed-form tail and tiny enclosures (exact for any input: a 16-bit x of
// either format is a float), then MPFR at 128 and 256 bits, which must both
// decide and agree, else 1024 bits. reference_half_bits(v, x_bits, param) is
// the binary16 one, reference_bfloat16_bits(v, x_bits, param) the bfloat16 one.
//
// reference_double(v, x, param): for a double x, the correctly rounded double
// (ties to even, gradual underflow, a zero with the sign of the real value),
// the two doubles down <= f(x) <= up around the real value (the faithful
// results), and the real value's offset from the nearest in ulps. Paths:
//  - specials, as above (NaN bits b give b | 2^51);
//  - closed-form enclosures where MPFR cannot decide in reasonable precision:
//    far tails (f(x) = L + d, L exact or an MPFR-enclosed constant, d of known
//    sign and below 2^-190 |L|, or below 2^-1080 when L = 0: proofs in the
//    comments) and tiny inputs (|x| < 2^-150: L + c m (1 +- 2^-20), m a
//    monomial in x and c the Taylor coefficient, the next terms being 2^-150
//    times smaller);
//  - otherwise the MPFR formulas of the float reference at 200 bits (radius
//    tracked as there), else 600, else 2000 bits.
// A strict bound d > 0 is represented by L + eta, eta = 2^-1200 |L| (2^-3000
// for L = 0): no double and no midpoint lies between L and L + eta, so the
// roundings are those of every value in the open interval.

/// A 16-bit binary floating-point format: a sign bit, a biased exponent field
/// (all ones: inf and NaN; zero: zeros and subnormals) and a fraction field.
struct format16 {
    const char* name;
    int digits;        // significand bits, the leading one included
    int min_exponent;  // the exponent of the smallest normal number
    constexpr int fraction_bits() const { return digits - 1; }
    constexpr int bias() const { return 1 - min_exponent; }
    constexpr int max_exponent() const { return bias(); }  // of the largest finite number
    constexpr int denorm_exponent() const { return min_exponent - fraction_bits(); }  // of the smallest subnormal
    constexpr uint16_t fraction_mask() const { return static_cast<uint16_t>((1u << fraction_bits()) - 1u); }
    constexpr uint16_t infinity() const { return static_cast<uint16_t>(0x7fffu & ~static_cast<uint32_t>(fraction_mask())); }
    constexpr uint16_t quiet_bit() const { return static_cast<uint16_t>(1u << (fraction_bits() - 1)); }
};
inline constexpr format16 binary16{"binary16", 11, -14};
inline constexpr format16 bfloat16{"bfloat16", 8, -126};
static_assert(binary16.infinity() == 0x7c00u && binary16.quiet_bit() == 0x0200u && binary16.denorm_exponent() == -24 &&
              binary16.max_exponent() == 15);
static_assert(bfloat16.infinity() == 0x7f80u && bfloat16.quiet_bit() == 0x0040u && bfloat16.denorm_exponent() == -133 &&
              bfloat16.max_exponent() == 127);

namespace detail {

// ---- the 16-bit encodings -------------------------------------------------------
inline float half_to_float(uint16_t b, const format16& f = binary16) {
    const uint32_t sign = static_cast<uint32_t>(b & 0x8000u) << 16;
    const int fb = f.fraction_bits();
    const uint32_t e = static_cast<uint32_t>(b & 0x7fffu) >> fb;
    const uint32_t m = b & f.fraction_mask();
    if ((b & 0x7fffu) >= f.infinity()) return from_bits(sign | 0x7f800000u | (m << (23 - fb)));  // inf, NaN (payload kept)
    const float a = (e == 0) ? std::ldexp(static_cast<float>(m), f.denorm_exponent())
                             : std::ldexp(static_cast<float>((1u << fb) + m),
                                          static_cast<int>(e) - f.bias() - fb);  // exact
    return sign ? -a : a;
}

// The bits of a double v that is exactly a value of the format (or +-inf).
inline uint16_t half_bits_of(double v, const format16& f = binary16) {
    const uint16_t s = std::signbit(v) ? 0x8000u : 0u;
    const double a = std::fabs(v);
    if (std::isinf(a)) return static_cast<uint16_t>(s | f.infinity());
    if (a == 0) return s;
    if (a < std::ldexp(1.0, f.min_exponent))
        return static_cast<uint16_t>(s | static_cast<uint16_t>(std::ldexp(a, -f.denorm_exponent())));
    const int e = std::ilogb(a);  // min_exponent .. max_exponent
    const auto m = static_cast<uint32_t>(std::ldexp(a, f.fraction_bits() - e)) - (1u << f.fraction_bits());
    return static_cast<uint16_t>(s | (static_cast<uint32_t>(e + f.bias()) << f.fraction_bits()) | m);
}

inline bool half_is_nan(uint16_t b, const format16& f = binary16) { return (b & 0x7fffu) > f.infinity(); }

// Exact round-to-nearest-even of an MPFR value to the format (bits): at
// `digits` bits for a normal result (inf when that rounds up past the largest
// finite value), or to an integer multiple of the smallest subnormal.
inline uint16_t mpfr_round_half(const mpfr_t a, const format16& f = binary16) {
    if (mpfr_nan_p(a)) return static_cast<uint16_t>(f.infinity() | f.quiet_bit());
    const uint16_t s = mpfr_signbit(a) ? 0x8000u : 0u;
    if (mpfr_inf_p(a)) return static_cast<uint16_t>(s | f.infinity());
    if (mpfr_zero_p(a)) return s;
    const mpfr_exp_t e = mpfr_get_exp(a);  // |a| in [2^(e-1), 2^e)
    if (e - 1 >= f.min_exponent) {
        if (e - 1 > f.max_exponent()) return static_cast<uint16_t>(s | f.infinity());
        mpfr_t t;
        mpfr_init2(t, f.digits);
        mpfr_abs(t, a, MPFR_RNDN);  // ties to even at `digits` bits
        uint16_t r;
        if (mpfr_get_exp(t) - 1 > f.max_exponent()) r = f.infinity();  // rounded up to 2^(max_exponent + 1)
        else r = half_bits_of(mpfr_get_d(t, MPFR_RNDN), f);  // exact
        mpfr_clear(t);
        return static_cast<uint16_t>(s | r);
    }
    if (e < f.denorm_exponent() - 2) return s;  // |a| < 2^(denorm_exponent - 3), an eighth of the smallest subnormal
    mpfr_t t;
    mpfr_init2(t, mpfr_get_prec(a) < 64 ? 64 : mpfr_get_prec(a));
    mpfr_mul_2si(t, a, -f.denorm_exponent(), MPFR_RNDN);  // exact
    mpfr_abs(t, t, MPFR_RNDN);
    mpfr_rint(t, t, MPFR_RNDN);  // nearest integer, ties to even
    const long n = mpfr_get_si(t, MPFR_RNDN);  // <= 2^fraction_bits (the smallest normal's encoding)
    mpfr_clear(t);
    return static_cast<uint16_t>(s | static_cast<uint16_t>(n));
}

// round_ld for a 16-bit format: bias +1 (-1) rounds v + eps (v - eps).
inline uint16_t round_ld_half(long double v, int bias, const format16& f = binary16) {
    if (std::isnan(v)) return static_cast<uint16_t>(f.infinity() | f.quiet_bit());
    if (v == 0) {
        if (bias > 0) return 0;
        if (bias < 0) return 0x8000u;
        return std::signbit(v) ? 0x8000u : 0u;
    }
    mpfr_t t;
    mpfr_init2(t, 256);
    mpfr_set_ld(t, v, MPFR_RNDN);  // exact
    if (bias != 0 && mpfr_number_p(t)) {
        // v + bias 2^(e-200): the same open interval between values of the
        // format and midpoints as v + eps (v has 64 bits, and every value and
        // midpoint of a 16-bit format is a multiple of v's last bit or lies
        // beyond v's neighbours), and exact at 256 bits.
        mpfr_t eps;
        mpfr_init2(eps, 8);
        mpfr_set_si_2exp(eps, bias > 0 ? 1 : -1, mpfr_get_exp(t) - 200, MPFR_RNDN);
        mpfr_add(t, t, eps, MPFR_RNDN);
        mpfr_clear(eps);
    }
    const uint16_t r = mpfr_round_half(t, f);
    mpfr_clear(t);
    return r;
}

inline bool decide_half(const enc& e, uint16_t& out, const format16& f = binary16) {
    if (std::isnan(e.lo) || std::isnan(e.hi) || !(e.lo <= e.hi)) return false;
    const uint16_t a = round_ld_half(e.lo, e.lo_strict ? 1 : 0, f);
    const uint16_t b = round_ld_half(e.hi, e.hi_strict ? -1 : 0, f);
    if (a != b || half_is_nan(a, f)) return false;
    out = a;
    return true;
}

inline bool mp_decide_half(const mp& y, uint16_t& out, const format16& f = binary16) {
    if (y.failed()) return false;
    mpfr_t rr, lo, hi;
    mpfr_init2(rr, 64);
    mpfr_init2(lo, mpfr_get_prec(y.v));
    mpfr_init2(hi, mpfr_get_prec(y.v));
    mpfr_set_ld(rr, y.r, MPFR_RNDU);
    mpfr_sub(lo, y.v, rr, MPFR_RNDD);
    mpfr_add(hi, y.v, rr, MPFR_RNDU);
    const uint16_t a = mpfr_round_half(lo, f), b = mpfr_round_half(hi, f);
    mpfr_clears(rr, lo, hi, static_cast<mpfr_ptr>(nullptr));
    if (a != b || half_is_nan(a, f)) return false;
    out = a;
    return true;
}

inline bool mp_eval_half(variant v, float x, float param, mpfr_prec_t prec, uint16_t& out,
                         const format16& f = binary16) {
    mp_range();
    const mpfr_prec_t saved = mp_prec;
    mp_prec = prec;
    bool ok;
    {
        mp y = formula<mp>(v, x, param);
        ok = mp_decide_half(y, out, f);
    }
    mp_prec = saved;
    return ok;
}

inline uint16_t half_inf_value(variant v, bool positive, float param, const format16& f = binary16) {
    enc e;
    uint16_t out = 0;
    if (v == variant::selu && !positive) {  // the rounding of -lambda alpha
        if (!tail_enc(v, -FLT_MAX, param, e) || !decide_half(e, out, f))
            fail((std::string("selu(-inf) in ") + f.name).c_str(), v, -INFINITY);
        return out;
    }
    if (v == variant::selu_derivative && positive) {  // the rounding of lambda
        if (!tail_enc(v, FLT_MAX, param, e) || !decide_half(e, out, f))
            fail((std::string("selu_derivative(+inf) in ") + f.name).c_str(), v, INFINITY);
        return out;
    }
    // The other limits are 0, +-1, +-inf or -alpha: rounded from the float
    // (exact: alpha is a float).
    mpfr_t t;
    mpfr_init2(t, 24);
    mpfr_set_flt(t, inf_value(v, positive, param), MPFR_RNDN);
    out = mpfr_round_half(t, f);
    mpfr_clear(t);
    return out;
}

inline uint16_t evaluate_half(variant v, uint16_t xb, float param, const format16& f = binary16) {
    if (half_is_nan(xb, f)) return static_cast<uint16_t>(xb | f.quiet_bit());
    const float x = half_to_float(xb, f);
    if (std::isinf(x)) return half_inf_value(v, x > 0, param, f);
    if (x == 0 && zero_preserving(v)) return xb;
    enc e;
    uint16_t out = 0;
    if (tail_enc(v, x, param, e) && decide_half(e, out, f)) return out;
    if (tiny_enc(v, x, param, e) && decide_half(e, out, f)) return out;
    uint16_t a = 0, b = 0, c = 0;
    const bool da = mp_eval_half(v, x, param, 128, a, f);
    const bool db = mp_eval_half(v, x, param, 256, b, f);
    if (da && db) {
        if (a != b) fail((std::string(f.name) + ": MPFR 128 and 256 bits disagree").c_str(), v, x);
        return a;
    }
    if (!mp_eval_half(v, x, param, 1024, c, f))
        fail((std::string(f.name) + ": undecided at 1024 bits (or outside MPFR's range)").c_str(), v, x);
    if ((da && a != c) || (db && b != c)) fail((std::string(f.name) + ": MPFR precisions disagree").c_str(), v, x);
    return c;
}

// ---- double -------------------------------------------------------------------
inline uint64_t dbits(double d) { return std::bit_cast<uint64_t>(d); }

// Exact rounding of an MPFR value to double in direction rnd (RNDN: ties to
// even), with gradual underflow, overflow, and a zero with the value's sign.
inline double mpfr_round_double(const mpfr_t a, mpfr_rnd_t rnd) {
    if (mpfr_nan_p(a)) return std::numeric_limits<double>::quiet_NaN();
    const bool neg = mpfr_signbit(a) != 0;
    if (mpfr_inf_p(a)) return neg ? -INFINITY : INFINITY;
    if (mpfr_zero_p(a)) return neg ? -0.0 : 0.0;
    const mpfr_exp_t e = mpfr_get_exp(a);  // |a| in [2^(e-1), 2^e)
    // overflow: beyond DBL_MAX, toward zero gives DBL_MAX, away gives inf
    const bool to_inf = rnd == MPFR_RNDN || rnd == MPFR_RNDA || (rnd == MPFR_RNDU && !neg) || (rnd == MPFR_RNDD && neg);
    const double big = to_inf ? static_cast<double>(INFINITY) : DBL_MAX;
    if (e - 1 >= 1024) return neg ? -big : big;
    if (e - 1 >= -1022) {
        mpfr_t t;
        mpfr_init2(t, 53);
        mpfr_set(t, a, rnd);
        double r;
        if (mpfr_get_exp(t) > 1024) r = neg ? -big : big;  // rounded up to 2^1024
        else r = mpfr_get_d(t, MPFR_RNDN);  // exact
        mpfr_clear(t);
        return r;
    }
    mpfr_t t;
    mpfr_init2(t, mpfr_get_prec(a) < 64 ? 64 : mpfr_get_prec(a));
    mpfr_mul_2si(t, a, 1074, MPFR_RNDN);  // exact; |t| < 2^52
    mpfr_rint(t, t, rnd);                // to an integer in direction rnd (RNDN: ties to even)
    const double n = mpfr_get_d(t, MPFR_RNDN);  // exact, |n| <= 2^52
    mpfr_clear(t);
    if (n == 0) return neg ? -0.0 : 0.0;
    return std::ldexp(n, -1074);
}

// ulp of a finite double in the result's format: 2^-1074 below 2^-1022.
inline long double ulp_of(double d) {
    const double a = std::fabs(d);
    if (a < DBL_MIN) return 0x1p-1074L;
    return ldexpl(1.0L, std::ilogb(a) - 52);
}

}  // namespace detail

/// The double reference (see above).
struct double_reference {
    double nearest = 0;        // the correctly rounded result
    double down = 0, up = 0;   // the doubles around the real value (equal to nearest when it is a double)
    long double offset = 0;    // (real value - nearest) / ulp(nearest), in [-1/2, 1/2] (0 when nearest is inf)
    bool decided = false;      // false: not decided at 2000 bits (the fields are then the midpoint's)
    int bits = 0;              // MPFR precision of the deciding evaluation, 0 for specials and closed forms
};

namespace detail {

struct mpnum {
    mpfr_t v;
    explicit mpnum(mpfr_prec_t p) { mpfr_init2(v, p); }
    mpnum(const mpnum&) = delete;
    mpnum& operator=(const mpnum&) = delete;
    ~mpnum() { mpfr_clear(v); }
};

inline constexpr mpfr_prec_t CP = 2600;  // closed forms: room for x^3 next to x at x = 2^-1074

// Decides the double roundings of every value in [lo, hi].
inline bool decide_double(const mpfr_t lo, const mpfr_t hi, double_reference& r) {
    const double n1 = mpfr_round_double(lo, MPFR_RNDN), n2 = mpfr_round_double(hi, MPFR_RNDN);
    const double d1 = mpfr_round_double(lo, MPFR_RNDD), d2 = mpfr_round_double(hi, MPFR_RNDD);
    const double u1 = mpfr_round_double(lo, MPFR_RNDU), u2 = mpfr_round_double(hi, MPFR_RNDU);
    r.nearest = n1;
    r.down = d1;
    r.up = u2;
    r.decided = dbits(n1) == dbits(n2) && dbits(d1) == dbits(d2) && dbits(u1) == dbits(u2) && !std::isnan(n1);
    r.offset = 0;
    if (std::isfinite(n1)) {
        const mpfr_prec_t p = std::max<mpfr_prec_t>(mpfr_get_prec(lo), mpfr_get_prec(hi)) + 1100;
        mpnum mid(p);
        mpfr_add(mid.v, lo, hi, MPFR_RNDN);
        mpfr_div_2ui(mid.v, mid.v, 1, MPFR_RNDN);
        mpfr_sub_d(mid.v, mid.v, n1, MPFR_RNDN);
        mpfr_div_d(mid.v, mid.v, static_cast<double>(ulp_of(n1)), MPFR_RNDN);  // a power of 2
        r.offset = mpfr_get_ld(mid.v, MPFR_RNDN);
    }
    return r.decided;
}

// Closed forms (see above). Fills [lo, hi] (precision CP) and returns true
// where one applies. p > 0 (checked by the caller).
// NOLINTNEXTLINE(readability-function-cognitive-complexity): one case per variant
inline bool double_closed_form(variant v, double x, double p, mpfr_t lo, mpfr_t hi) {
    const long double xl = x, pl = p;
    mpnum L_lo(CP), L_hi(CP), d_lo(CP), d_hi(CP);
    // L exact (a double, or x/2, or alpha x: exact at CP bits)
    auto L_exact = [&](double a, long scale_2exp = 0) {
        mpfr_set_d(L_lo.v, a, MPFR_RNDN);
        mpfr_mul_2si(L_lo.v, L_lo.v, scale_2exp, MPFR_RNDN);
        mpfr_set(L_hi.v, L_lo.v, MPFR_RNDN);
    };
    auto L_product = [&](double a, double b) {  // a b, exact at CP bits
        mpfr_set_d(L_lo.v, a, MPFR_RNDN);
        mpfr_mul_d(L_lo.v, L_lo.v, b, MPFR_RNDN);
        mpfr_set(L_hi.v, L_lo.v, MPFR_RNDN);
    };
    // lambda alpha, lambda (decimal constants), ln 2 / beta, 3/5: enclosed
    auto L_decimal = [&](const char* s, const char* s2, double factor) {  // s [* s2] * factor
        mpnum a(CP), b(CP);
        mpfr_set_str(L_lo.v, s, 10, MPFR_RNDD);
        mpfr_set_str(L_hi.v, s, 10, MPFR_RNDU);
        if (s2) {
            mpfr_set_str(a.v, s2, 10, MPFR_RNDD);
            mpfr_set_str(b.v, s2, 10, MPFR_RNDU);
            mpfr_mul(L_lo.v, L_lo.v, a.v, MPFR_RNDD);  // all positive
            mpfr_mul(L_hi.v, L_hi.v, b.v, MPFR_RNDU);
        }
        if (factor < 0) {
            mpfr_swap(L_lo.v, L_hi.v);
        }
        mpfr_mul_d(L_lo.v, L_lo.v, factor, MPFR_RNDD);
        mpfr_mul_d(L_hi.v, L_hi.v, factor, MPFR_RNDU);
    };
    auto L_ln2_over = [&](double b) {
        mpfr_const_log2(L_lo.v, MPFR_RNDD);
        mpfr_const_log2(L_hi.v, MPFR_RNDU);
        mpfr_div_d(L_lo.v, L_lo.v, b, MPFR_RNDD);
        mpfr_div_d(L_hi.v, L_hi.v, b, MPFR_RNDU);
    };
    // d strictly between 0 and sign * bound (bound >= 0 relative to |L| when rel)
    auto d_sign = [&](int sign, long double bound, bool relative) {
        mpnum aL(CP);
        mpfr_abs(aL.v, L_hi.v, MPFR_RNDN);
        if (mpfr_cmpabs(L_lo.v, L_hi.v) > 0) mpfr_abs(aL.v, L_lo.v, MPFR_RNDN);
        const bool zero = mpfr_zero_p(aL.v) != 0;
        mpfr_set_ld(d_hi.v, bound, MPFR_RNDU);
        if (relative) mpfr_mul(d_hi.v, d_hi.v, aL.v, MPFR_RNDU);
        if (zero) mpfr_set_si_2exp(d_lo.v, 1, -3000, MPFR_RNDN);  // eta
        else mpfr_mul_2si(d_lo.v, aL.v, -1200, MPFR_RNDN);
        if (sign < 0) {
            mpfr_neg(d_lo.v, d_lo.v, MPFR_RNDN);
            mpfr_neg(d_hi.v, d_hi.v, MPFR_RNDN);
            mpfr_swap(d_lo.v, d_hi.v);
        }
    };
    // d = c m (1 +- 2^-20), m = x^k (or (x/p)^k ...): the tiny forms
    auto d_taylor = [&](long double c, double m1, int k, double extra = 1.0) {
        mpnum m(CP);
        mpfr_set_d(m.v, m1, MPFR_RNDN);
        for (int i = 1; i < k; ++i) mpfr_mul_d(m.v, m.v, m1, MPFR_RNDN);  // exact: 53 k bits
        mpfr_mul_d(m.v, m.v, extra, MPFR_RNDN);                          // a division by p: CP bits
        mpnum c1(64), c2(64);
        mpfr_set_ld(c1.v, c * (1 - 0x1p-20L), MPFR_RNDN);
        mpfr_set_ld(c2.v, c * (1 + 0x1p-20L), MPFR_RNDN);
        mpfr_mul(d_lo.v, m.v, c1.v, MPFR_RNDN);
        mpfr_mul(d_hi.v, m.v, c2.v, MPFR_RNDN);
        if (mpfr_cmp(d_lo.v, d_hi.v) > 0) mpfr_swap(d_lo.v, d_hi.v);
    };
    auto done = [&]() {
        mpfr_add(lo, L_lo.v, d_lo.v, MPFR_RNDD);
        mpfr_add(hi, L_hi.v, d_hi.v, MPFR_RNDU);
        return true;
    };
    constexpr long double phi0 = 0.39894228040143267793994605993438186847585863116493L;  // 1/sqrt(2 pi)
    constexpr long double kk = 0.79788456080286535587989211986876373695171726232987L;    // sqrt(2/pi)
    constexpr const char* lambda_s = "1.0507009873554804934193349852946";
    constexpr const char* alpha_s = "1.6732632423543772848170429916717";
    const long double ax = fabsl(xl);
    const bool tiny = ax < 0x1p-150L;
    const double dx = x;
    switch (v) {
        case variant::gelu:
            // x >= 17: 0 < x - y = x Q(x) < phi(x) < 2^-209 x (Mills: Q(t) < phi(t)/t)
            if (x >= 17) { L_exact(x); d_sign(-1, 0x1p-200L, true); return done(); }
            // x <= -39: 0 < -y = |x| Q(|x|) < phi(39) < 2^-1098
            if (x <= -39) { L_exact(0); d_sign(-1, 0x1p-1090L, false); return done(); }
            if (tiny) { L_exact(dx, -1); d_taylor(phi0, dx, 2); return done(); }  // x/2 + phi0 x^2
            return false;
        case variant::gelu_derivative:
            // x >= 17: y - 1 = x phi - Q in (0, x phi), x phi(x) < 2^-205
            if (x >= 17) { L_exact(1); d_sign(1, 0x1p-200L, false); return done(); }
            // x <= -39: y = Q(t) - t phi(t) < 0 (Q < phi/t), |y| < t phi(t) < 2^-1093
            if (x <= -39) { L_exact(0); d_sign(-1, 0x1p-1090L, false); return done(); }
            if (tiny) { L_exact(0.5); d_taylor(kk, dx, 1); return done(); }  // 1/2 + k x
            return false;
        case variant::gelu_tanh:
            // w = 2k(x + c x^3) >= 142.4 for x >= 12: 0 < x - y < x e^-w < 2^-205 x
            if (x >= 12) { L_exact(x); d_sign(-1, 0x1p-200L, true); return done(); }
            // x <= -22: |y| < |x| e^-|w| <= 22 e^-794.9 < 2^-1142 (decreasing)
            if (x <= -22) { L_exact(0); d_sign(-1, 0x1p-1100L, false); return done(); }
            if (tiny) { L_exact(dx, -1); d_taylor(phi0, dx, 2); return done(); }  // x/2 + (k/2) x^2
            return false;
        case variant::gelu_tanh_derivative:
            // x >= 12: y - 1 = (1-S)(2xk(1+3cx^2) S - 1) in (0, 2xk(1+3cx^2) e^-w), < 2^-196 (decreasing)
            if (x >= 12) { L_exact(1); d_sign(1, 0x1p-190L, false); return done(); }
            // x <= -22: y = S (1 + 2xk(1+3cx^2)(1-S)) < 0, |y| < e^-|w| 2|x|k(1+3cx^2) < 2^-1135
            if (x <= -22) { L_exact(0); d_sign(-1, 0x1p-1100L, false); return done(); }
            if (tiny) { L_exact(0.5); d_taylor(kk, dx, 1); return done(); }  // 1/2 + k x
            return false;
        case variant::silu:
            // x >= 140: 0 < x - y = x e^-x/(1+e^-x) < x e^-140 < 2^-201 x
            if (x >= 140) { L_exact(x); d_sign(-1, 0x1p-200L, true); return done(); }
            // x <= -760: |y| < |x| e^x <= 760 e^-760 < 2^-1086
            if (x <= -760) { L_exact(0); d_sign(-1, 0x1p-1080L, false); return done(); }
            if (tiny) { L_exact(dx, -1); d_taylor(0.25L, dx, 2); return done(); }  // x/2 + x^2/4
            return false;
        case variant::silu_derivative:
            // x >= 140: y - 1 = (1-s)(x s - 1) in (0, x e^-x), < 2^-194
            if (x >= 140) { L_exact(1); d_sign(1, 0x1p-190L, false); return done(); }
            // x <= -760: y = s(x)(1 + x s(-x)) < 0, |y| < |x| e^x < 2^-1086
            if (x <= -760) { L_exact(0); d_sign(-1, 0x1p-1080L, false); return done(); }
            if (tiny) { L_exact(0.5); d_taylor(0.5L, dx, 1); return done(); }  // 1/2 + x/2
            return false;
        case variant::sigmoid:
            if (x >= 140) { L_exact(1); d_sign(-1, 0x1p-200L, false); return done(); }    // (1 - e^-x, 1)
            if (x <= -760) { L_exact(0); d_sign(1, 0x1p-1090L, false); return done(); }  // (0, e^x)
            if (tiny) { L_exact(0.5); d_taylor(0.25L, dx, 1); return done(); }             // 1/2 + x/4
            return false;
        case variant::sigmoid_derivative:
            if (ax >= 760) { L_exact(0); d_sign(1, 0x1p-1090L, false); return done(); }  // (0, e^-|x|)
            if (tiny) { L_exact(0.25); d_taylor(-1.0L / 16, dx, 2); return done(); }     // 1/4 - x^2/16
            return false;
        case variant::tanh:
            // 1 - tanh|x| = 2e^{-2|x|}/(1 + e^{-2|x|}) < 2 e^-142 < 2^-204
            if (x >= 71) { L_exact(1); d_sign(-1, 0x1p-200L, false); return done(); }
            if (x <= -71) { L_exact(-1); d_sign(1, 0x1p-200L, false); return done(); }
            if (tiny) { L_exact(dx); d_taylor(-1.0L / 3, dx, 3); return done(); }  // x - x^3/3
            return false;
        case variant::tanh_derivative:
            if (ax >= 380) { L_exact(0); d_sign(1, 0x1p-1090L, false); return done(); }  // (0, 4 e^{-2|x|})
            if (tiny) { L_exact(1); d_taylor(-1.0L, dx, 2); return done(); }            // 1 - x^2
            return false;
        case variant::elu:
            if (x > 0) return false;  // x: the formula is exact
            // x <= -140: y = -a + a e^x, a e^x in (0, 2^-201 a)
            if (x <= -140) { L_exact(-p); d_sign(1, 0x1p-200L, true); return done(); }
            if (tiny) { L_product(p, dx); d_taylor(0.5L, dx, 2, p); return done(); }  // a x + a x^2/2
            return false;
        case variant::elu_derivative:
            if (x >= 0) return false;  // 1: the formula is exact
            if (x <= -760 && p <= 1024) { L_exact(0); d_sign(1, 0x1p-1080L, false); return done(); }  // (0, a e^x)
            if (tiny) { L_exact(p); d_taylor(1.0L, dx, 1, p); return done(); }  // a + a x
            return false;
        case variant::selu:
            if (x > 0) return false;  // lambda x: the formula decides
            if (x <= -140) { L_decimal(lambda_s, alpha_s, -1.0); d_sign(1, 0x1p-200L, true); return done(); }
            if (tiny) {  // la x + la x^2/2, la < 1.76
                L_decimal(lambda_s, alpha_s, dx);
                d_taylor(0.5L * 1.7580993408473766L, dx, 2);  // la = 1.75809934084737685...: within 2^-20
                return done();
            }
            return false;
        case variant::selu_derivative:
            if (x >= 0) return false;
            if (x <= -760) { L_exact(0); d_sign(1, 0x1p-1090L, false); return done(); }  // (0, la e^x)
            if (tiny) { L_decimal(lambda_s, alpha_s, 1.0); d_taylor(1.7580993408473766L, dx, 1); return done(); }
            return false;
        case variant::celu: {
            if (x > 0) return false;
            const long double q = xl / pl;  // relative error 2^-64
            if (q <= -141) { L_exact(-p); d_sign(1, 0x1p-200L, true); return done(); }  // -a + a e^q
            if (fabsl(q) < 0x1p-150L) { L_exact(dx); d_taylor(0.5L, dx, 2, 1.0 / p); return done(); }  // x + x^2/(2a)
            return false;
        }
        case variant::celu_derivative: {
            if (x >= 0) return false;
            const long double q = xl / pl;
            if (q <= -761) { L_exact(0); d_sign(1, 0x1p-1090L, false); return done(); }  // (0, e^q)
            if (fabsl(q) < 0x1p-150L) { L_exact(1); d_taylor(1.0L, dx, 1, 1.0 / p); return done(); }  // 1 + x/a
            return false;
        }
        case variant::softplus: {
            const long double u = xl * pl;  // relative error 2^-64
            // u >= 141: y = x + log1p(e^-u)/b in (x, x + x e^-u / u)
            if (u >= 141) { L_exact(x); d_sign(1, 0x1p-200L, true); return done(); }
            // u <= -761: (0, e^u / b), b >= 2^-10
            if (u <= -761 && p >= 0x1p-10) { L_exact(0); d_sign(1, 0x1p-1080L, false); return done(); }
            if (fabsl(u) < 0x1p-150L) { L_ln2_over(p); d_taylor(0.5L, dx, 1); return done(); }  // (ln 2 + u/2)/b
            return false;
        }
        case variant::softplus_derivative: {
            const long double u = xl * pl;
            if (u >= 141) { L_exact(1); d_sign(-1, 0x1p-200L, false); return done(); }
            if (u <= -761) { L_exact(0); d_sign(1, 0x1p-1090L, false); return done(); }
            if (fabsl(u) < 0x1p-150L) { L_exact(0.5); d_taylor(0.25L, dx, 1, p); return done(); }  // 1/2 + b x/4
            return false;
        }
        case variant::mish:
            // x >= 71: T = tanh(sp) in (1 - 2w^2, 1), w = e^-x, 2 e^-142 < 2^-203
            if (x >= 71) { L_exact(x); d_sign(-1, 0x1p-200L, true); return done(); }
            // x <= -760: T in (0, 1.5 w), w = e^x: |y| < 1.5 |x| e^x < 2^-1086
            if (x <= -760) { L_exact(0); d_sign(-1, 0x1p-1080L, false); return done(); }
            // tanh(softplus(0)) = tanh(ln 2) = 3/5; derivative (16/25)(1/2): y = 3x/5 + 8x^2/25
            if (tiny) { L_decimal("0.6", nullptr, dx); d_taylor(0.32L, dx, 2); return done(); }
            return false;
        case variant::mish_derivative:
            // x >= 71: y - 1 = 2w^2 (2x(1+w) - (1+2w+2w^2)) / den^2 in (0, 8 x e^-2x) < 2^-195
            if (x >= 71) { L_exact(1); d_sign(1, 0x1p-190L, false); return done(); }
            // x <= -760: y = T + x (4(n+1)/(n+2)^2) w/(1+w) in (-|x| w, 0)
            if (x <= -760) { L_exact(0); d_sign(-1, 0x1p-1080L, false); return done(); }
            if (tiny) { L_decimal("0.6", nullptr, 1.0); d_taylor(0.64L, dx, 1); return done(); }  // 3/5 + 16x/25
            return false;
    }
    return false;
}

// The MPFR formula at `prec` bits as an enclosure [lo, hi]; false where it cannot run.
inline bool double_formula(variant v, double x, double param, mpfr_prec_t prec, mpfr_t lo, mpfr_t hi) {
    mp_range();
    const mpfr_prec_t saved = mp_prec;
    mp_prec = prec;
    bool ok = false;
    {
        mp y = formula<mp, double>(v, x, param);
        if (!y.failed()) {
            mpnum rr(64);
            mpfr_set_prec(lo, mpfr_get_prec(y.v) + 64);
            mpfr_set_prec(hi, mpfr_get_prec(y.v) + 64);
            mpfr_set_ld(rr.v, y.r, MPFR_RNDU);
            mpfr_sub(lo, y.v, rr.v, MPFR_RNDD);
            mpfr_add(hi, y.v, rr.v, MPFR_RNDU);
            ok = true;
        }
    }
    mp_prec = saved;
    return ok;
}

inline double_reference double_exact(double d) {
    double_reference r;
    r.nearest = r.down = r.up = d;
    r.decided = true;
    return r;
}

}  // namespace detail

/// The double reference of f(x) (see above). param: alpha/beta (> 0, finite),
/// ignored by the variants without one.
inline double_reference reference_double(variant v, double x, double param = 1.0) {
    if (!has_param(v)) param = 1.0;
    else if (!(param > 0 && std::isfinite(param)))
        throw std::invalid_argument("smooth_ref: alpha/beta must be finite and > 0");
    detail::mp_range();
    if (std::isnan(x)) return detail::double_exact(std::bit_cast<double>(detail::dbits(x) | 0x0008000000000000ull));
    if (x == 0 && zero_preserving(v)) return detail::double_exact(x);
    double_reference r;
    detail::mpnum lo(detail::CP), hi(detail::CP);
    if (std::isinf(x)) {
        // The limits: as for float, with lambda alpha and lambda rounded to double.
        if (v == variant::selu && x < 0) {
            detail::double_closed_form(v, -DBL_MAX, param, lo.v, hi.v);  // (-la, -la + 2^-200 la)
            detail::decide_double(lo.v, hi.v, r);
            // the limit itself is -la: the roundings of -la + eps agree with those of -la (la is no double)
            return r;
        }
        if (v == variant::selu_derivative && x > 0) {
            mpfr_set_str(lo.v, "1.0507009873554804934193349852946", 10, MPFR_RNDD);
            mpfr_set_str(hi.v, "1.0507009873554804934193349852946", 10, MPFR_RNDU);
            detail::decide_double(lo.v, hi.v, r);
            return r;
        }
        const float f = detail::inf_value(v, x > 0, 1.0f);  // 0, +-1, +-inf, or -alpha (alpha = 1 here)
        if ((v == variant::elu || v == variant::celu) && x < 0) return detail::double_exact(-param);
        return detail::double_exact(static_cast<double>(f));
    }
    if (detail::double_closed_form(v, x, param, lo.v, hi.v)) {
        detail::decide_double(lo.v, hi.v, r);
        r.bits = 0;
        return r;
    }
    for (mpfr_prec_t prec : {200, 600, 2000}) {
        if (!detail::double_formula(v, x, param, prec, lo.v, hi.v)) break;
        if (detail::decide_double(lo.v, hi.v, r)) {
            r.bits = static_cast<int>(prec);
            return r;
        }
    }
    r.decided = false;
    return r;
}

/// The double reference by the MPFR formula alone at `prec` bits (no closed
/// forms): to check the closed forms where both apply. nullopt where the
/// formula cannot run or does not decide.
inline std::optional<double_reference> reference_double_mpfr(variant v, double x, double param, int prec) {
    if (!has_param(v)) param = 1.0;
    detail::mpnum lo(detail::CP), hi(detail::CP);
    double_reference r;
    if (!detail::double_formula(v, x, param, prec, lo.v, hi.v) || !detail::decide_double(lo.v, hi.v, r))
        return std::nullopt;
    r.bits = prec;
    return r;
}

/// The correctly rounded result in a 16-bit format for input bits x_bits
/// (of that format), as bits. param as for reference(); a 16-bit x is a
/// float, so param is a float.
inline uint16_t reference_bits16(const format16& f, variant v, uint16_t x_bits, float param = 1.0f) {
    detail::check_param(v, param);
    return detail::evaluate_half(v, x_bits, has_param(v) ? param : 1.0f, f);
}
/// The same in binary16.
inline uint16_t reference_half_bits(variant v, uint16_t x_bits, float param = 1.0f) {
    return reference_bits16(binary16, v, x_bits, param);
}
/// The same in bfloat16.
inline uint16_t reference_bfloat16_bits(variant v, uint16_t x_bits, float param = 1.0f) {
    return reference_bits16(bfloat16, v, x_bits, param);
}

#if defined(__FLT16_MANT_DIG__)
/// The same for a _Float16 x, as a _Float16 (where the compiler has the type).
inline _Float16 reference_half(variant v, _Float16 x, float param = 1.0f) {
    return std::bit_cast<_Float16>(reference_half_bits(v, std::bit_cast<uint16_t>(x), param));
}
#endif

}  // namespace smooth_ref

#pragma GCC diagnostic pop

#endif  // SMOOTH_REFERENCE_HPP_INCLUDED
