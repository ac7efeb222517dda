// The compiler-matrix self-check (tests/matrix/CMakeLists.txt builds it with every compiler,
// standard and optimisation level found). Every span form, for every element type it takes,
// against the scalar definition (rectify::detail::ref), bit for bit, on every kernel this CPU
// runs (forced in turn): special values and random bit patterns, lengths 0 to 200 and a few
// past four AVX-512 vectors of bytes, misaligned, out of place and in place, with guards that
// must stay untouched; the bad-input errors; the constexpr scalar forms (static_assert).
// Standard library only. Prints one line and returns 0 when all agree, else what differed.
// Only the calls and the definition are templates: the checks work on bytes, for all types
// at once, which keeps the twelve builds of the matrix short.
#include <rectify/rectify.hpp>

#include <bit>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <ratio>
#include <span>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

namespace {

// ---- The scalar forms at compile time ---------------------------------------------

template <class F>
constexpr bool same(F a, F b) {  // the same bits (float or double)
    using U = std::conditional_t<sizeof(F) == 4, std::uint32_t, std::uint64_t>;
    return std::bit_cast<U>(a) == std::bit_cast<U>(b);
}
constexpr double nan_d = std::numeric_limits<double>::quiet_NaN();
constexpr double inf_d = std::numeric_limits<double>::infinity();
constexpr auto relu_object = rectify::relu;  // a constexpr function object
using namespace rectify;
using quarter = std::ratio<1, 4>;

static_assert(same(relu(-0.0), 0.0) && same(relu(-0.0f), 0.0f) && same(relu(0.0), 0.0));  // +0 from -0
static_assert(same(relu(-inf_d), 0.0) && relu(inf_d) == inf_d && relu(-1e-300) == 0.0);
static_assert(relu(-3.5) == 0.0 && relu(2.5f) == 2.5f && relu(-1.0L) == 0.0L && relu(1e-300) == 1e-300);
static_assert(relu(nan_d) != relu(nan_d) && relu_object(-1.0) == 0.0 && relu_object(4) == 4);  // NaN stays
static_assert(relu(-7) == 0 && relu(7) == 7 && relu(std::int8_t{-128}) == 0);
static_assert(relu(~std::uint64_t{0}) == ~std::uint64_t{0});  // unsigned: the identity
static_assert(relu_derivative(0.0) == 1.0 && relu_derivative(-0.0) == 1.0);  // 1 at zero
static_assert(relu_derivative(-1e-300) == 0.0 && relu_derivative(nan_d) != relu_derivative(nan_d));
static_assert(relu_derivative(0) == 1 && relu_derivative(-1) == 0 && relu_derivative(0u) == 1u);
static_assert(relu_backward(0.0, 5.0) == 5.0 && same(relu_backward(-1.0, 5.0), 0.0));
static_assert(same(relu_backward(-1.0, -inf_d), 0.0) && relu_backward(-3, 7) == 0);  // a select, not dy * 0
static_assert(leaky_relu(-2.0, 0.5) == -1.0 && leaky_relu(2.0, 0.5) == 2.0 && leaky_relu(-2.L, .5L) == -1.L);
static_assert(same(leaky_relu(-0.0, 0.5), -0.0) && same(leaky_relu(0.0, 0.5), 0.0));  // alpha * -0
static_assert(leaky_relu(-2.0, 1.5) == -3.0 && leaky_relu(2.0, 1.5) == 2.0);  // alpha > 1: no max(x, a x)
static_assert(leaky_relu(-2.0, -0.5) == 1.0 && same(leaky_relu(-2.0, 0.0), -0.0));
static_assert(leaky_relu(-1.0) == -0.01 && leaky_relu(-1.0f) == -0.01f);  // the default alpha, 0.01
static_assert(leaky_relu(nan_d, 0.5) != leaky_relu(nan_d, 0.5));  // NaN stays
static_assert(leaky_relu<quarter>(-8.0) == -2.0 && leaky_relu<quarter>(8.0) == 8.0);
static_assert(leaky_relu<std::ratio<1, 10>>(-1.0f) == -0.1f);  // 1/10 divided in float
static_assert(leaky_relu<std::ratio<1, 3>>(-3.0) == (1.0 / 3.0) * -3.0);
static_assert(leaky_relu_derivative(0.0, 0.2) == 1.0 && leaky_relu_derivative(-0.0, 0.2) == 1.0);
static_assert(leaky_relu_derivative(-3.0, 0.2) == 0.2 && leaky_relu_derivative(-3.0) == 0.01);
static_assert(leaky_relu_derivative<std::ratio<1, 5>>(-1.0) == 0.2);
static_assert(leaky_relu_backward(-1.0, 4.0, 0.5) == 2.0 && leaky_relu_backward(0.0, 4.0) == 4.0);
static_assert(leaky_relu_backward(-1.0, 1.0) == 0.01 && leaky_relu_backward<quarter>(-1.0, 4.0) == 1.0);
#if RECTIFY_HAS_FLOATING_ALPHA
static_assert(leaky_relu<0.25>(-4.0) == -1.0 && leaky_relu<0.25f>(-4.0f) == -1.0f);
static_assert(same(leaky_relu<0.25>(-0.0), -0.0) && leaky_relu_derivative<0.2>(-1.0) == 0.2);
static_assert(leaky_relu_backward<0.5>(-1.0, 4.0) == 2.0);
#endif

// ---- The element types, as the byte-level checks see them -------------------------------

static_assert(std::endian::native == std::endian::little, "the layouts below are little-endian");

enum class op { relu, relu_derivative, relu_backward, leaky, leaky_derivative, leaky_backward };
constexpr const char* op_names[] = {"relu",       "relu_derivative",       "relu_backward",
                                    "leaky_relu", "leaky_relu_derivative", "leaky_relu_backward"};
constexpr bool is_backward(op f) { return f == op::relu_backward || f == op::leaky_backward; }
constexpr bool is_leaky(op f) { return f >= op::leaky; }
// How alpha is given: at run time, as std::ratio<1, 3>, as leaky_relu<0.25f>, or the default.
enum class alpha_kind { runtime, ratio, value, fallback };
constexpr const char* alpha_names[] = {"alpha", "std::ratio<1, 3>", "template alpha", "default alpha"};

using bytes = std::vector<unsigned char>;

struct type_info {
    std::string name;  // "float32", "float80" (x87 long double), "int8", "uint64"...
    std::size_t size, value_bytes;
    int fraction, exponent;  // floating: the fields, low to high: fraction, x87's explicit
    bool explicit_one;       // integer bit, exponent, sign (fraction 0: an integer type)
    // The span form (one_arg: the one-argument in-place form) on x, grad_out and out of the sizes
    // given; the definition, element by element.
    void (*call)(op, alpha_kind, bool one_arg, const void* x, const void* dy, void* out,
                 const std::size_t (&n)[3], const void* alpha);
    void (*definition)(op, const void* x, const void* dy, void* out, std::size_t n, const void* alpha);
    void (*alpha)(alpha_kind, float runtime, void* out);
    std::string (*value)(const void*);
};

template <class T>
void call(op f, alpha_kind k, bool one_arg, const void* xp, const void* dyp, void* outp,
          const std::size_t (&n)[3], const void* ap) {
    const std::span<const T> x(static_cast<const T*>(xp), n[0]), dy(static_cast<const T*>(dyp), n[1]);
    const std::span<T> out(static_cast<T*>(outp), n[2]);
    if (f == op::relu) return one_arg ? relu(out) : relu(x, out);
    if (f == op::relu_derivative) return relu_derivative(x, out);
    if (f == op::relu_backward) return relu_backward(x, dy, out);
    if constexpr (rectify::floating<T>) {
        using third = std::ratio<1, 3>;
        T a;
        std::memcpy(&a, ap, sizeof(T));
        switch (k) {
            case alpha_kind::ratio:
                if (f == op::leaky) return one_arg ? leaky_relu<third>(out) : leaky_relu<third>(x, out);
                if (f == op::leaky_derivative) return leaky_relu_derivative<third>(x, out);
                return leaky_relu_backward<third>(x, dy, out);
#if RECTIFY_HAS_FLOATING_ALPHA
            case alpha_kind::value:
                if (f == op::leaky) return one_arg ? leaky_relu<0.25f>(out) : leaky_relu<0.25f>(x, out);
                if (f == op::leaky_derivative) return leaky_relu_derivative<0.25f>(x, out);
                return leaky_relu_backward<0.25f>(x, dy, out);
#endif
            case alpha_kind::fallback:
                if (f == op::leaky) return one_arg ? leaky_relu(out) : leaky_relu(x, out);
                if (f == op::leaky_derivative) return leaky_relu_derivative(x, out);
                return leaky_relu_backward(x, dy, out);
            default:  // at run time (and 0.25 without floating template arguments)
                if (f == op::leaky) return one_arg ? leaky_relu(out, a) : leaky_relu(x, out, a);
                if (f == op::leaky_derivative) return leaky_relu_derivative(x, out, a);
                return leaky_relu_backward(x, dy, out, a);
        }
    }
}

template <class T>
void definition(op f, const void* xp, const void* dyp, void* outp, std::size_t n, const void* ap) {
    namespace ref = rectify::detail::ref;
    const T* x = static_cast<const T*>(xp);
    const T* dy = static_cast<const T*>(dyp);
    T* out = static_cast<T*>(outp);
    T a;
    std::memcpy(&a, ap, sizeof(T));
    for (std::size_t i = 0; i < n; ++i) {
        if (f == op::relu) out[i] = ref::relu(x[i]);
        if (f == op::relu_derivative) out[i] = ref::relu_derivative(x[i]);
        if (f == op::relu_backward) out[i] = ref::relu_backward(x[i], dy[i]);
        if constexpr (rectify::floating<T>) {
            if (f == op::leaky) out[i] = ref::leaky_relu(x[i], a);
            if (f == op::leaky_derivative) out[i] = ref::leaky_relu_derivative(x[i], a);
            if (f == op::leaky_backward) out[i] = ref::leaky_relu_backward(x[i], dy[i], a);
        }
    }
}

template <class T>
void alpha_for(alpha_kind k, float runtime, void* out) {
    T a = static_cast<T>(k == alpha_kind::value ? 0.25 : 0.01);
    if (k == alpha_kind::runtime) a = static_cast<T>(runtime);
    if (k == alpha_kind::ratio) a = static_cast<T>(static_cast<T>(1) / static_cast<T>(3));  // divided in T
    std::memcpy(out, &a, sizeof(T));
}

template <class T>
std::string value(const void* p) {
    T x;
    std::memcpy(&x, p, sizeof(T));
    if constexpr (rectify::integer<T>) {
        return std::to_string(x);
    } else {
        char text[64];
        std::snprintf(text, sizeof text, "%Lg", static_cast<long double>(x));
        return text;
    }
}

template <class T>
type_info info() {
    type_info t{"", sizeof(T), sizeof(T), 0, 0, false, &call<T>, &definition<T>, &alpha_for<T>, &value<T>};
    if constexpr (rectify::integer<T>) {
        t.name = (std::is_signed_v<T> ? "int" : "uint") + std::to_string(8 * sizeof(T));
    } else {
        constexpr int digits = [] {
#if RECTIFY_HAS_FLOAT16
            if constexpr (std::is_same_v<T, _Float16>) return 11;  // numeric_limits may not know it
#endif
#if RECTIFY_HAS_BFLOAT16
            if constexpr (std::is_same_v<T, std::bfloat16_t>) return 8;
#endif
            return std::numeric_limits<T>::digits;
        }();
        static_assert(digits == 8 || digits == 11 || digits == 24 || digits == 53 || digits == 64 ||
                      digits == 113);
        t.fraction = digits == 64 ? 63 : digits - 1;
        t.exponent = digits == 11 ? 5 : digits <= 24 ? 8 : digits == 53 ? 11 : 15;
        t.explicit_one = digits == 64;
        t.value_bytes = static_cast<std::size_t>(t.fraction + t.explicit_one + t.exponent + 1 + 7) / 8;
        t.name = "float" + std::to_string(8 * t.value_bytes);
    }
    return t;
}

// ---- Bit patterns -------------------------------------------------------------------

bool bit(const unsigned char* v, int i) { return ((v[i / 8] >> (i % 8)) & 1) != 0; }
void set(unsigned char* v, int i) { v[i / 8] = static_cast<unsigned char>(v[i / 8] | (1u << (i % 8))); }

// Writes the floating value with this sign, biased exponent and fraction (frac(i): bit i).
template <class Fraction>
void make(const type_info& t, unsigned char* v, bool negative, unsigned exponent, Fraction frac) {
    std::memset(v, 0, t.size);
    for (int i = 0; i < t.fraction; ++i) if (frac(i)) set(v, i);
    const int e = t.fraction + (t.explicit_one ? 1 : 0);
    if (t.explicit_one && exponent != 0) set(v, t.fraction);
    for (int i = 0; i < t.exponent; ++i) if (((exponent >> i) & 1u) != 0) set(v, e + i);
    if (negative) set(v, e + t.exponent);
}

bool is_nan(const type_info& t, const unsigned char* v) {
    const int e = t.fraction + (t.explicit_one ? 1 : 0);
    bool nan = t.fraction != 0, payload = false;
    for (int i = 0; i < t.exponent; ++i) nan = nan && bit(v, e + i);
    for (int i = 0; i < t.fraction; ++i) payload = payload || bit(v, i);
    return nan && payload;
}

// Identical value bits; or both NaN and the same once quieted (Clang may quiet
// a signalling NaN it passes through); or any NaN where the arithmetic made
// one from numbers x and dy (alpha 0 times an infinite grad_out).
bool agrees(const type_info& t, const unsigned char* got, const unsigned char* want, const unsigned char* x,
            const unsigned char* dy) {
    if (std::memcmp(got, want, t.value_bytes) == 0) return true;
    if (!is_nan(t, got) || !is_nan(t, want)) return false;
    if (!is_nan(t, x) && !is_nan(t, dy)) return true;
    unsigned char g[16], w[16];
    std::memcpy(g, got, t.value_bytes);
    std::memcpy(w, want, t.value_bytes);
    set(g, t.fraction - 1);
    set(w, t.fraction - 1);
    return std::memcmp(g, w, t.value_bytes) == 0;
}

std::string show(const type_info& t, const unsigned char* v) {  // the value bits in hex, and the value
    std::string s = "0x";
    for (std::size_t i = t.value_bytes; i-- > 0;) {
        s += "0123456789abcdef"[v[i] >> 4];
        s += "0123456789abcdef"[v[i] & 15];
    }
    return s + " (" + t.value(v) + ")";
}

// A fixed-seed generator (splitmix64): the same patterns with every compiler.
struct bits64 {
    std::uint64_t state;
    std::uint64_t operator()() {
        std::uint64_t z = (state += 0x9e3779b97f4a7c15u);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
        return z ^ (z >> 31);
    }
};

// n values: the special ones (both signs of each), then random bit patterns;
// of the floating ones 1/8 subnormal or zero, 1/8 infinite or NaN.
bytes test_values(const type_info& t, std::size_t n, bits64& rng) {
    bytes v(n * t.size);
    std::size_t i = 0;
    if (t.fraction == 0) {  // 0, 1, -1 (the unsigned max), the signed max, min, min + 1
        const std::uint64_t sign = std::uint64_t{1} << (8 * t.size - 1), one = 1;
        for (const std::uint64_t special : {one - 1, one, ~std::uint64_t{0}, sign - 1, sign, sign + 1}) {
            std::memcpy(&v[i++ * t.size], &special, t.size);  // the low bytes
        }
        for (std::size_t b = i * t.size; b < v.size(); ++b) v[b] = static_cast<unsigned char>(rng());
        return v;
    }
    const unsigned top = (1u << t.exponent) - 1;
    const int q = t.fraction - 1;  // the quiet bit
    const auto bits = [](int j, int k = -1) { return [j, k](int b) { return b == j || b == k; }; };
    const auto all = [](int) { return true; };
    for (const bool neg : {false, true}) {
        make(t, &v[i++ * t.size], neg, 0, bits(-1));        // zero
        make(t, &v[i++ * t.size], neg, 0, bits(0));         // smallest subnormal
        make(t, &v[i++ * t.size], neg, 0, all);             // largest subnormal
        make(t, &v[i++ * t.size], neg, 1, bits(-1));        // smallest normal
        make(t, &v[i++ * t.size], neg, top / 2, bits(-1));  // one
        make(t, &v[i++ * t.size], neg, top - 1, all);       // max, lowest
        make(t, &v[i++ * t.size], neg, top, bits(-1));      // infinity
        make(t, &v[i++ * t.size], neg, top, bits(q));       // quiet NaN, and with a payload:
        make(t, &v[i++ * t.size], neg, top, [q](int b) { return b == q || b == 0 || b == 5; });
        make(t, &v[i++ * t.size], neg, top, bits(1, q - 1));  // signalling NaN
    }
    for (; i < n; ++i) {
        const std::uint64_t kind = rng() % 8, a = rng(), b = rng();
        const unsigned exponent = kind == 0 ? 0 : kind == 1 ? top : 1 + static_cast<unsigned>(a % (top - 1));
        make(t, &v[i * t.size], (a & 1) != 0, exponent, [&](int k) {
            const bool sparse = (a >> 1) % 4 == 0;  // a one-bit fraction (NaN payload) at the low end
            return sparse ? k == static_cast<int>(b % 7) : (((k < 64 ? b : a) >> (k % 64)) & 1) != 0;
        });
    }
    return v;
}

// ---- The span forms against the definition --------------------------------------------

enum class place { apart, on_x, on_dy };
constexpr const char* place_names[] = {"out of place", "in place (over x)", "in place (over grad_out)"};

constexpr std::size_t guard = 16, max_offset = 3;
const std::vector<std::size_t> lengths = [] {
    std::vector<std::size_t> n;
    for (std::size_t i = 0; i <= 200; ++i) n.push_back(i);  // past four AVX2 vectors of bytes and a tail
    for (const std::size_t i : {255u, 256u, 257u, 319u, 320u, 321u, 383u}) n.push_back(i);  // AVX-512
    return n;
}();
// The leaky alphas, one per length in turn: below 1, zero, above 1, negative,
// then the compile-time and default ones.
constexpr struct { alpha_kind kind; float runtime; } alphas[] = {
    {alpha_kind::runtime, 0.01f}, {alpha_kind::runtime, 0.0f}, {alpha_kind::runtime, 1.5f},
    {alpha_kind::runtime, -0.5f}, {alpha_kind::ratio, 0.0f},   {alpha_kind::value, 0.0f},
    {alpha_kind::fallback, 0.0f}};

struct tally {
    std::uint64_t comparisons = 0, failures = 0;
    void fail(const std::string& what) {
        if (++failures <= 12) std::printf("MISMATCH %s\n", what.c_str());
    }
} checks;

// Every length at its own input and output misalignment; odd lengths written
// apart with streaming stores (x86-64), even ones with plain stores.
void sweep(const type_info& t, op f, place where, const bytes& xs, const bytes& ds) {
    const std::size_t s = t.size, nx = xs.size() / s, nd = ds.size() / s;
    const std::size_t default_threshold = detail_shared::streaming_threshold.load();
    const std::size_t target = where == place::apart ? 2 : where == place::on_x ? 0 : 1;
    bytes buf[3], before[3], want;
    for (const std::size_t n : lengths) {
        const auto choice = alphas[is_leaky(f) ? n % std::size(alphas) : 0];
        unsigned char alpha[16];
        t.alpha(choice.kind, choice.runtime, alpha);
        const std::size_t in_off = n % (max_offset + 1);
        const std::size_t out_off = where == place::apart ? (n / 4 + 1) % (max_offset + 1) : in_off;
        const std::size_t total = (guard + max_offset + n + guard) * s;
        // (memset and memcpy, not assign and =, which go byte by byte in Clang 14's C++23 -O0 build)
        for (auto& b : buf) b.resize(total), std::memset(b.data(), 0x5a, total);
        for (std::size_t i = 0; i < n; ++i) {  // rotated, so each length meets the special values elsewhere
            std::memcpy(&buf[0][(guard + in_off + i) * s], &xs[(i + 3 * n) % nx * s], s);
            std::memcpy(&buf[1][(guard + in_off + i) * s], &ds[(i + 5 * n + 1) % nd * s], s);
        }
        for (std::size_t b = 0; b < 3; ++b) {
            before[b].resize(total);
            std::memcpy(before[b].data(), buf[b].data(), total);
        }
        want.resize(n * s + 1);
        const std::size_t in = (guard + in_off) * s, out = (guard + out_off) * s;
        const bool streaming = where == place::apart && n % 2 == 1;
        detail_shared::streaming_threshold.store(streaming ? 1 : default_threshold);
        const bool one_arg = where == place::on_x && n % 2 == 0;
        t.call(f, choice.kind, one_arg, &buf[0][in], &buf[1][in], &buf[target][out], {n, n, n}, alpha);
        detail_shared::streaming_threshold.store(default_threshold);
        t.definition(f, &before[0][in], &before[1][in], want.data(), n, alpha);

        const auto context = [&] {
            const std::string kind = alpha_names[static_cast<int>(choice.kind)];
            const std::string a = is_leaky(f) ? ", " + kind + " " + show(t, alpha) : "";
            return std::string(op_names[static_cast<int>(f)]) + "<" + t.name + "> on " +
                   isa_name(active_isa()) + ", " + place_names[static_cast<int>(where)] + a + ", length " +
                   std::to_string(n) + ", offsets " + std::to_string(in_off) + "/" + std::to_string(out_off) +
                   (streaming ? ", streaming" : "");
        };
        for (std::size_t i = 0; i < n; ++i) {
            const unsigned char* x = &before[0][in + i * s];
            const unsigned char* dy = &before[1][in + i * s];
            const unsigned char* got = &buf[target][out + i * s];
            ++checks.comparisons;
            if (!agrees(t, got, &want[i * s], x, is_backward(f) ? dy : x)) {
                checks.fail(context() + ", element " + std::to_string(i) + ": x " + show(t, x) +
                            (is_backward(f) ? ", grad_out " + show(t, dy) : "") + " gave " + show(t, got) +
                            ", the definition gives " + show(t, &want[i * s]));
            }
        }
        for (std::size_t b = 0; b < 3; ++b) {  // nothing else moved: the guards, and inputs not written over
            const std::size_t first = b == target ? out : total, last = b == target ? out + n * s : total;
            if (std::memcmp(buf[b].data(), before[b].data(), first) != 0 ||
                std::memcmp(buf[b].data() + last, before[b].data() + last, total - last) != 0) {
                checks.fail(context() + ": wrote outside its output (buffer " + std::to_string(b) + ")");
            }
        }
    }
}

// ---- Bad input: std::invalid_argument naming the function and sizes; nothing written ----

void errors(const type_info& t) {
    // Sizes and offsets of x, grad_out and the output in one buffer of 40.
    struct shape { std::size_t nx, nd, no, ox, od, oo; bool backward_only; const char* what; };
    constexpr shape shapes[] = {{9, 9, 5, 0, 10, 20, false, "output shorter"},
                                {5, 5, 9, 0, 10, 20, false, "output longer"},
                                {9, 5, 9, 0, 10, 20, true, "grad_out shorter"},
                                {8, 8, 8, 0, 10, 1, false, "output overlapping x"},
                                {8, 8, 8, 0, 10, 13, true, "output overlapping grad_out"}};
    for (int fi = 0; fi < 6; ++fi) {
        const op f = static_cast<op>(fi);
        const std::string name = std::string("rectify::") + op_names[fi];
        for (const shape& s : shapes) {
            if ((is_leaky(f) && t.fraction == 0) || (s.backward_only && !is_backward(f))) continue;
            bytes mem(40 * t.size);
            for (std::size_t i = 0; i < mem.size(); ++i) mem[i] = static_cast<unsigned char>(i * 37);
            const bytes before = mem;
            unsigned char alpha[16];
            t.alpha(alpha_kind::runtime, 0.5f, alpha);
            const std::string what = name + "<" + t.name + ">, " + s.what;
            ++checks.comparisons;
            try {
                const std::size_t z = t.size;
                t.call(f, alpha_kind::runtime, false, &mem[s.ox * z], &mem[s.od * z], &mem[s.oo * z],
                       {s.nx, s.nd, s.no}, alpha);
                checks.fail(what + ": no exception");
            } catch (const std::invalid_argument& e) {
                const std::string message = e.what();
                bool named = message.rfind(name + ":", 0) == 0;
                for (const std::size_t size : {s.nx, s.nd, s.no}) {
                    named = named && message.find(std::to_string(size)) != std::string::npos;
                }
                if (!named) checks.fail(what + ": the message names not the function and sizes: " + message);
            }
            if (mem != before) checks.fail(what + ": wrote to memory");
        }
    }
}

// Every span form of the type on every kernel, then the bad-input cases.
void check(const type_info& t, const std::vector<isa>& kernels) {
    bits64 rng{t.size * 1000 + t.value_bytes * 10 + (t.name[0] == 'i' ? 2u : 0u)};
    const bytes xs = test_values(t, 401, rng), ds = test_values(t, 397, rng);
    for (const isa path : kernels) {
        if (!force_isa(path) || active_isa() != path) {
            checks.fail(std::string("could not force the ") + isa_name(path) + " kernel");
            continue;
        }
        for (int fi = 0; fi < 6; ++fi) {
            for (const place where : {place::apart, place::on_x, place::on_dy}) {
                const op f = static_cast<op>(fi);
                if ((t.fraction != 0 || !is_leaky(f)) && (where != place::on_dy || is_backward(f))) {
                    sweep(t, f, where, xs, ds);
                }
            }
        }
    }
    reset_isa();
    errors(t);
}

}  // namespace

int main() {
    std::vector<isa> kernels;
    std::string names;
    for (const isa path : {isa::portable, isa::sse2, isa::avx2, isa::avx512, isa::neon}) {
        if (isa_supported(path)) {
            kernels.push_back(path);
            names += names.empty() ? "" : ",";
            names += isa_name(path);
        }
    }
    const type_info types[] = {info<float>(),        info<double>(),       info<long double>(),
#if RECTIFY_HAS_FLOAT16
                               info<_Float16>(),
#endif
#if RECTIFY_HAS_BFLOAT16
                               info<std::bfloat16_t>(),
#endif
                               info<std::int8_t>(),  info<std::int16_t>(), info<std::int32_t>(),
                               info<std::int64_t>(), info<std::uint8_t>(), info<std::uint16_t>(),
                               info<std::uint32_t>(), info<std::uint64_t>()};
    for (const type_info& t : types) check(t, kernels);

#if !defined(RECTIFY_SELF_CHECK_OPT)  // the optimisation flags, from the matrix script
#    define RECTIFY_SELF_CHECK_OPT "(optimisation not given)"
#endif
#if defined(__clang__)
    const char* compiler = __VERSION__;  // "Debian Clang 16.0.6 ..."
#else
    const char* compiler = "GCC " __VERSION__;
#endif
    std::printf("self_check: %s C++%s %s: %llu comparisons on kernels %s: %s\n", compiler,
                RECTIFY_CPLUSPLUS > 202002L ? "23" : "20", RECTIFY_SELF_CHECK_OPT,
                static_cast<unsigned long long>(checks.comparisons), names.c_str(),
                checks.failures == 0 ? "ok" : "FAILED");
    if (checks.failures != 0) {
        std::printf("self_check: %llu mismatches (the first 12 are above)\n",
                    static_cast<unsigned long long>(checks.failures));
    }
    return checks.failures == 0 ? 0 : 1;
}
