// Shared helpers for rectify's tests: type lists, bit-exact comparison and
// the special values every path must agree on.
#pragma once

#include <rectify/rectify.hpp>

#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <initializer_list>
#include <limits>
#include <random>
#include <span>
#include <sstream>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>


namespace rt {

// RECTIFY_TEST_SHORT_SWEEPS is set (by CMake) where every instruction costs
// tens of times its native time: under valgrind, on the emulated x86-64
// CPUs, under qemu-aarch64, in the Debug preset gcc-cxx23. The span sweeps
// then stop at 10 vectors (span_test.cpp, smooth_test.cpp), and the 16-bit
// types' tests (half_test.cpp) take a sixteenth of their random draws
// (sampled()) and a sparser grid of exponents; their named cases (every
// boundary, midpoint and special value) stay whole. The native optimised
// runs take everything.
inline bool short_sweeps() {
    return std::getenv("RECTIFY_TEST_SHORT_SWEEPS") != nullptr;  // NOLINT(concurrency-mt-unsafe): no setenv
}
// How many random draws a test takes that takes `full` natively.
inline int sampled(int full) { return short_sweeps() ? full / 16 : full; }
// The 16-bit patterns a test of "every pattern" takes: all 65536 in order
// natively; with short sweeps 4096, the zeros, infinities, NaNs and extremes
// of both formats first, then the rest spread over all by an odd stride.
inline std::vector<std::uint16_t> half_patterns() {
    std::vector<std::uint16_t> p;
    if (!short_sweeps()) {
        for (std::uint32_t i = 0; i < 0x10000U; ++i) {
            p.push_back(static_cast<std::uint16_t>(i));
        }
        return p;
    }
    p = {0x0000, 0x8000, 0x0001, 0x8001, 0x7f80, 0xff80, 0x7c00, 0xfc00, 0x7fff,
         0xffff, 0x7e00, 0x7bff, 0xfbff, 0x7f7f, 0xff7f, 0x0400, 0x0080};
    for (auto i = static_cast<std::uint32_t>(p.size()); i < 0x1000U; ++i) {
        p.push_back(static_cast<std::uint16_t>((i * 4099U) & 0xffffU));
    }
    return p;
}
// The widest vector, in bytes, of the kernels run here (under emulation, the
// one RECTIFY_EXPECT_ISA names).
inline std::size_t widest_vector_bytes() {
    const char* expected = std::getenv("RECTIFY_EXPECT_ISA");  // NOLINT(concurrency-mt-unsafe): no setenv
    std::size_t widest = 16;
    for (const auto& [path, bytes] : {std::pair{rectify::isa::sse2, std::size_t{16}},
                                      std::pair{rectify::isa::avx2, std::size_t{32}},
                                      std::pair{rectify::isa::avx512, std::size_t{64}},
                                      std::pair{rectify::isa::neon, std::size_t{16}}}) {
        if (rectify::isa_supported(path) &&
            (expected == nullptr || std::string_view(expected) == rectify::isa_name(path))) {
            widest = widest < bytes ? bytes : widest;
        }
    }
    return widest;
}
// The longest span a sweep of T to `full` takes: `full` natively; with short
// sweeps, 10 of the widest vectors plus `offsets` (span_test.cpp's comment:
// past every loop and tail of every kernel; smooth_vector_kernel's two-vector
// loop, one-vector loop and scalar tail likewise), if that is shorter.
template <class T>
std::size_t swept_length(std::size_t full, std::size_t offsets = 0) {
    const std::size_t short_length = 10 * widest_vector_bytes() / sizeof(T) + offsets;
    return short_sweeps() && short_length < full ? short_length : full;
}

// Every floating type this compiler gives rectify.
using floating_types = std::tuple<float, double, long double, rectify::float16_t, rectify::bfloat16_t
#if RECTIFY_HAS_FLOAT16
                                  ,
                                  _Float16
#endif
#if RECTIFY_HAS_BFLOAT16
                                  ,
                                  std::bfloat16_t
#endif
                                  >;

// The floating types relu6, hardtanh, hardsigmoid, hardswish and threshold
// take (not long double, like the smooth functions).
using family_types = std::tuple<float, double, rectify::float16_t, rectify::bfloat16_t
#if RECTIFY_HAS_FLOAT16
                                ,
                                _Float16
#endif
                                >;

using integer_types = std::tuple<std::int8_t, std::int16_t, std::int32_t, std::int64_t, std::uint8_t,
                                 std::uint16_t, std::uint32_t, std::uint64_t>;

// std::numeric_limits where the library has it; GCC 12 does not specialise it
// for _Float16 (it returns 0 for everything), so those are spelled out.
template <class T>
struct limits : std::numeric_limits<T> {};
#if RECTIFY_HAS_FLOAT16
template <>
struct limits<_Float16> {
    static _Float16 max() { return static_cast<_Float16>(65504.0f); }
    static _Float16 lowest() { return static_cast<_Float16>(-65504.0f); }
    static _Float16 min() { return static_cast<_Float16>(0x1p-14f); }
    static _Float16 denorm_min() { return static_cast<_Float16>(0x1p-24f); }
};
#endif

// The sign of a + b + c for exact long doubles, found exactly (no rounding
// decides it): Shewchuk's Grow-Expansion rewrites the sum with Knuth's
// error-free TwoSum as h1 + h2 + h3, nonoverlapping, and the sign of such an
// expansion is that of its largest nonzero term. Needs round to nearest and
// no overflow.
struct two_sum {
    long double sum;
    long double err;  // a + b = sum + err exactly
    two_sum(long double a, long double b) : sum(a + b) {
        const long double b_virtual = sum - a;
        err = (a - (sum - b_virtual)) + (b - b_virtual);
    }
};
inline int sign_of_sum(long double a, long double b, long double c) {
    const two_sum ab(a, b);               // the expansion (ab.err, ab.sum)
    const two_sum low(c, ab.err);         // h1 = low.err
    const two_sum high(low.sum, ab.sum);  // h2 = high.err, h3 = high.sum
    for (const long double h : {high.sum, high.err, low.err}) {
        if (h != 0) {
            return h > 0 ? 1 : -1;
        }
    }
    return 0;
}

// Values are made through float or double, which every extended type converts from.
template <class T>
T from(double v) {
    return static_cast<T>(v);
}
template <class T>
T inf() {
    return static_cast<T>(std::numeric_limits<float>::infinity());
}
template <class T>
T qnan() {
    if constexpr (std::is_same_v<T, double>) {
        return std::numeric_limits<double>::quiet_NaN();
    } else if constexpr (std::is_same_v<T, long double>) {
        return std::numeric_limits<long double>::quiet_NaN();
    } else {
        return static_cast<T>(std::numeric_limits<float>::quiet_NaN());
    }
}
template <class T>
bool is_nan(T x) {
    return x != x;  // NOLINT(misc-redundant-expression): true for NaN only, in every floating type
}
template <class T>
bool sign_bit(T x) {
    if constexpr (std::is_same_v<T, float> || std::is_same_v<T, double> ||
                  std::is_same_v<T, long double>) {
        return std::signbit(x);
    } else {
        return std::signbit(static_cast<float>(x));  // exact for narrower types
    }
}

// The bytes that carry the value (x87 long double has 6 bytes of padding).
template <class T>
constexpr std::size_t value_bytes() {
    if constexpr (std::is_same_v<T, long double> && std::numeric_limits<long double>::digits == 64) {
        return 10;
    } else {
        return sizeof(T);
    }
}

// Bit for bit: the same value, the same sign of zero, the same NaN payload.
template <class T>
bool same_bits(T a, T b) {
    // NOLINTNEXTLINE(bugprone-suspicious-memory-comparison): the representation is what is compared
    return std::memcmp(&a, &b, value_bytes<T>()) == 0;
}

template <class T>
std::string show(T x) {
    std::ostringstream s;
    if constexpr (rectify::integer<T>) {
        s << static_cast<long long>(x);
    } else {
        s << static_cast<long double>(x);
        s << " [bits";
        const auto bytes = std::bit_cast<std::array<unsigned char, sizeof(T)>>(x);
        for (std::size_t i = value_bytes<T>(); i-- > 0;) {
            s << ' ' << std::hex << static_cast<unsigned>(bytes[i]);
        }
        s << ']';
    }
    return s.str();
}

template <class T>
std::string type_name() {
    if constexpr (std::is_same_v<T, float>) {
        return "float";
    } else if constexpr (std::is_same_v<T, double>) {
        return "double";
    } else if constexpr (std::is_same_v<T, long double>) {
        return "long double";
    } else if constexpr (std::is_same_v<T, rectify::float16_t>) {
        return "rectify::float16_t";
    } else if constexpr (std::is_same_v<T, rectify::bfloat16_t>) {
        return "rectify::bfloat16_t";
#if RECTIFY_HAS_FLOAT16
    } else if constexpr (std::is_same_v<T, _Float16>) {
        return "_Float16";
#endif
#if RECTIFY_HAS_BFLOAT16
    } else if constexpr (std::is_same_v<T, std::bfloat16_t>) {
        return "std::bfloat16_t";
#endif
    } else {
        return "integer of " + std::to_string(sizeof(T)) + " bytes";
    }
}

// Special values first, then random ones of every magnitude and sign.
template <class T>
std::vector<T> test_values(std::size_t n, unsigned seed) {
    std::vector<T> v;
    if constexpr (rectify::floating<T>) {
        const T special[] = {from<T>(0.0),       from<T>(-0.0),      from<T>(1.0),  from<T>(-1.0),
                             from<T>(2.5),       from<T>(-3.0),      inf<T>(),      -inf<T>(),
                             qnan<T>(),          -qnan<T>(),         from<T>(1e-30), from<T>(-1e-30),
                             from<T>(3.0),       from<T>(6.0),       from<T>(-1.5), from<T>(0x1p-30),
                             from<T>(-6.5),      from<T>(-0x1p-13),
                             limits<T>::max(),        limits<T>::lowest(),
                             limits<T>::denorm_min(), -limits<T>::denorm_min(),
                             limits<T>::min(),        -limits<T>::min()};
        std::mt19937_64 rng(seed);
        std::uniform_real_distribution<double> mant(-1.0, 1.0);
        std::uniform_int_distribution<int> expo(-20, 20);
        for (std::size_t i = 0; v.size() < n; ++i) {
            if (i % 3 == 0) {
                v.push_back(special[(i / 3) % std::size(special)]);
            } else {
                v.push_back(static_cast<T>(std::ldexp(mant(rng), expo(rng))));
            }
        }
    } else {
        const T special[] = {T(0), T(1), std::numeric_limits<T>::max(), std::numeric_limits<T>::min(),
                             static_cast<T>(std::numeric_limits<T>::min() + 1),
                             static_cast<T>(std::numeric_limits<T>::is_signed ? -1 : 2)};
        std::mt19937_64 rng(seed);
        for (std::size_t i = 0; v.size() < n; ++i) {
            v.push_back(i % 3 == 0 ? special[(i / 3) % std::size(special)] : static_cast<T>(rng()));
        }
    }
    return v;
}

// The kernels this machine runs, to be forced in turn; the automatic choice
// comes back when the object goes out of scope. Under emulation (the CI runs
// the tests under qemu-user with RECTIFY_EXPECT_ISA naming the kernel that
// CPU must choose) only that kernel: the others are tested natively.
struct each_isa {
    std::vector<rectify::isa> runnable;
    each_isa() {
        const char* expected = std::getenv("RECTIFY_EXPECT_ISA");  // NOLINT(concurrency-mt-unsafe): no setenv
        for (const rectify::isa path : {rectify::isa::portable, rectify::isa::sse2, rectify::isa::avx2,
                                        rectify::isa::avx512, rectify::isa::neon}) {
            if (rectify::isa_supported(path) &&
                (expected == nullptr || std::string_view(expected) == rectify::isa_name(path))) {
                runnable.push_back(path);
            }
        }
    }
    each_isa(const each_isa&) = delete;
    each_isa& operator=(const each_isa&) = delete;
    ~each_isa() { rectify::reset_isa(); }
};

// Whether a relu-family span call of T reaches a kernel of T's own for each
// kernel forced, as the header dispatches it (detail::kernel): float, double
// and the integers have vector kernels, the 16-bit types kernels of their own.
// Any other type (long double) runs the portable loop whatever kernel is
// forced, so a sweep on one forced kernel would be repeated exactly on the
// others.
template <class T>
constexpr bool has_kernels_of_its_own() {
#if RECTIFY_X86_64 || RECTIFY_AARCH64
    return rectify::detail::has_vector_kernel<T> || (rectify::floating<T> && sizeof(T) == 2);
#else
    return false;
#endif
}
// Whether a relu-family span call of T on the forced kernel `path` can write
// its output with streaming stores (RECTIFY_STREAMING_THRESHOLD): on x86-64,
// in the vector kernels of float, double and the integers; never in the
// portable loop, the 16-bit types' kernels or on AArch64, where a call with
// streaming turned on for every length would repeat the call without it exactly.
template <class T>
constexpr bool may_stream([[maybe_unused]] rectify::isa path) {
#if RECTIFY_X86_64
    return path != rectify::isa::portable && rectify::detail::has_vector_kernel<T> &&
           !(rectify::floating<T> && sizeof(T) == 2);
#else
    return false;
#endif
}

// Streaming stores from this many output bytes while the object lives.
struct streaming_from {
    std::size_t saved = rectify::detail_shared::streaming_threshold.load();
    explicit streaming_from(std::size_t bytes) { rectify::detail_shared::streaming_threshold.store(bytes); }
    streaming_from(const streaming_from&) = delete;
    streaming_from& operator=(const streaming_from&) = delete;
    ~streaming_from() { rectify::detail_shared::streaming_threshold.store(saved); }
};

// 16-bit spans of this many elements or more make and use their function's
// table of every result while the object lives (SIZE_MAX: no table is made or
// read, every call computes). Tests run both ways: the tables are the
// kernels' results, and the kernels alone are tested too.
struct half_tables_from {
    std::size_t saved = rectify::detail_shared::half_table_min.load();
    explicit half_tables_from(std::size_t n) { rectify::detail_shared::half_table_min.store(n); }
    half_tables_from(const half_tables_from&) = delete;
    half_tables_from& operator=(const half_tables_from&) = delete;
    ~half_tables_from() { rectify::detail_shared::half_table_min.store(saved); }
};
// The AVX-512 kernel's bfloat16 products through AVX-512 BF16's conversion
// (where the CPU has it, the default) or through integer code, while the
// object lives. A kernel of its own, chosen inside the avx512 one: the
// exhaustive test runs the 16-bit types both ways, and the unit tests run
// once more without it when RECTIFY_TEST_NO_AVX512_BF16 is set (ctest's
// unit.without_avx512_bf16; see set_from_environment below).
struct avx512_bf16_products {
    int saved = rectify::detail_shared::half_bf16_instructions.load();
    explicit avx512_bf16_products(bool on) { rectify::detail_shared::half_bf16_instructions.store(on ? 1 : 0); }
    avx512_bf16_products(const avx512_bf16_products&) = delete;
    avx512_bf16_products& operator=(const avx512_bf16_products&) = delete;
    ~avx512_bf16_products() { rectify::detail_shared::half_bf16_instructions.store(saved); }
};
// RECTIFY_TEST_NO_AVX512_BF16 set: the whole program without them.
inline const bool avx512_bf16_off_by_environment = []() noexcept {
    const bool off = std::getenv("RECTIFY_TEST_NO_AVX512_BF16") != nullptr;  // NOLINT(concurrency-mt-unsafe): no setenv
    if (off) {
        rectify::detail_shared::half_bf16_instructions.store(0);
    }
    return off;
}();

// The same for the AVX-512 kernel's binary16 products in AVX-512 FP16's
// arithmetic (where the CPU has it, the default) or through F16C's
// conversions and float: the exhaustive test runs binary16 both ways, and
// ctest's unit.span_without_avx512_fp16 sets RECTIFY_TEST_NO_AVX512_FP16.
struct avx512_fp16_products {
    int saved = rectify::detail_shared::half_fp16_instructions.load();
    explicit avx512_fp16_products(bool on) { rectify::detail_shared::half_fp16_instructions.store(on ? 1 : 0); }
    avx512_fp16_products(const avx512_fp16_products&) = delete;
    avx512_fp16_products& operator=(const avx512_fp16_products&) = delete;
    ~avx512_fp16_products() { rectify::detail_shared::half_fp16_instructions.store(saved); }
};
inline const bool avx512_fp16_off_by_environment = []() noexcept {
    const bool off = std::getenv("RECTIFY_TEST_NO_AVX512_FP16") != nullptr;  // NOLINT(concurrency-mt-unsafe): no setenv
    if (off) {
        rectify::detail_shared::half_fp16_instructions.store(0);
    }
    return off;
}();
// Whether the switches are on now.
inline bool avx512_bf16_now() noexcept { return rectify::detail_shared::half_bf16_instructions.load() != 0; }
inline bool avx512_fp16_now() noexcept { return rectify::detail_shared::half_fp16_instructions.load() != 0; }
// Whether this CPU has AVX-512 FP16 (CPUID leaf 7, subleaf 0, EDX bit 23):
// only then do the two ways differ.
inline bool cpu_has_avx512_fp16() noexcept {
#if RECTIFY_X86_64
    return rectify::detail::cpuid_bit(7, 0, 3, 23);
#else
    return false;
#endif
}

// The two ways, as (name, threshold) pairs.
struct half_table_mode {
    const char* name;
    std::size_t from;
};
inline constexpr half_table_mode half_table_modes[] = {{"no tables", SIZE_MAX}, {"tables", 1}};
// What to run, as (mode, kernel) pairs: each kernel without tables, and for a
// 16-bit floating type each kernel again through its tables.
template <class T>
std::vector<std::pair<half_table_mode, rectify::isa>> table_runs(const std::vector<rectify::isa>& kernels) {
    std::vector<std::pair<half_table_mode, rectify::isa>> runs;
    for (const half_table_mode mode : half_table_modes) {
        for (const rectify::isa k : kernels) {
            runs.emplace_back(mode, k);
        }
        if (!rectify::floating<T> || sizeof(T) != 2) {
            break;
        }
    }
    return runs;
}

// The relu family's functions, to sweep over them: each one's scalar form
// and span form. a and b are the parameters (alpha for leaky_relu; lo, hi for
// hardtanh; threshold, value for threshold); the functions after leaky_relu
// take floating types only.
enum class fn {
    relu, relu_derivative, relu_backward, leaky, leaky_derivative, leaky_backward,
    relu6, relu6_derivative, relu6_backward, hardtanh, hardtanh_derivative, hardtanh_backward,
    hardsigmoid, hardsigmoid_derivative, hardsigmoid_backward, hardswish, hardswish_derivative,
    hardswish_backward, threshold, threshold_derivative, threshold_backward
};

inline constexpr fn every_fn[] = {
    fn::relu, fn::relu_derivative, fn::relu_backward, fn::leaky, fn::leaky_derivative, fn::leaky_backward,
    fn::relu6, fn::relu6_derivative, fn::relu6_backward, fn::hardtanh, fn::hardtanh_derivative,
    fn::hardtanh_backward, fn::hardsigmoid, fn::hardsigmoid_derivative, fn::hardsigmoid_backward,
    fn::hardswish, fn::hardswish_derivative, fn::hardswish_backward, fn::threshold, fn::threshold_derivative,
    fn::threshold_backward};

constexpr bool is_backward(fn f) {
    return f == fn::relu_backward || f == fn::leaky_backward || f == fn::relu6_backward ||
           f == fn::hardtanh_backward || f == fn::hardsigmoid_backward || f == fn::hardswish_backward ||
           f == fn::threshold_backward;
}
// Takes floating types only.
constexpr bool floating_only(fn f) {
    return f != fn::relu && f != fn::relu_derivative && f != fn::relu_backward;
}
// Has an in-place form f(inout).
constexpr bool has_in_place(fn f) {
    return f == fn::relu || f == fn::leaky || f == fn::relu6 || f == fn::hardtanh || f == fn::hardsigmoid ||
           f == fn::hardswish || f == fn::threshold;
}

// The types relu6, hardtanh, hardsigmoid, hardswish and threshold take.
template <class T>
inline constexpr bool family_type = rectify::floating<T> && !std::is_same_v<T, long double>;

template <class T>
// NOLINTNEXTLINE(readability-function-cognitive-complexity): one case per function
T scalar(fn f, T x, T dy, T a, T b = T(0)) {
    if constexpr (family_type<T>) {
        switch (f) {
            case fn::relu: return rectify::relu(x);
            case fn::relu_derivative: return rectify::relu_derivative(x);
            case fn::relu_backward: return rectify::relu_backward(x, dy);
            case fn::leaky: return rectify::leaky_relu(x, a);
            case fn::leaky_derivative: return rectify::leaky_relu_derivative(x, a);
            case fn::leaky_backward: return rectify::leaky_relu_backward(x, dy, a);
            case fn::relu6: return rectify::relu6(x);
            case fn::relu6_derivative: return rectify::relu6_derivative(x);
            case fn::relu6_backward: return rectify::relu6_backward(x, dy);
            case fn::hardtanh: return rectify::hardtanh(x, a, b);
            case fn::hardtanh_derivative: return rectify::hardtanh_derivative(x, a, b);
            case fn::hardtanh_backward: return rectify::hardtanh_backward(x, dy, a, b);
            case fn::hardsigmoid: return rectify::hardsigmoid(x);
            case fn::hardsigmoid_derivative: return rectify::hardsigmoid_derivative(x);
            case fn::hardsigmoid_backward: return rectify::hardsigmoid_backward(x, dy);
            case fn::hardswish: return rectify::hardswish(x);
            case fn::hardswish_derivative: return rectify::hardswish_derivative(x);
            case fn::hardswish_backward: return rectify::hardswish_backward(x, dy);
            case fn::threshold: return rectify::threshold(x, a, b);
            case fn::threshold_derivative: return rectify::threshold_derivative(x, a);
            case fn::threshold_backward: return rectify::threshold_backward(x, dy, a);
        }
    } else {
        switch (f) {
            case fn::relu: return rectify::relu(x);
            case fn::relu_derivative: return rectify::relu_derivative(x);
            case fn::relu_backward: return rectify::relu_backward(x, dy);
            default: break;
        }
        if constexpr (rectify::floating<T>) {
            switch (f) {
                case fn::leaky: return rectify::leaky_relu(x, a);
                case fn::leaky_derivative: return rectify::leaky_relu_derivative(x, a);
                case fn::leaky_backward: return rectify::leaky_relu_backward(x, dy, a);
                default: break;
            }
        }
    }
    return x;
}

template <class T>
// NOLINTNEXTLINE(readability-function-cognitive-complexity): one case per function
void span_form(fn f, std::span<const T> x, std::span<const T> dy, std::span<T> out, T a, T b = T(0)) {
    if constexpr (family_type<T>) {
        switch (f) {
            case fn::relu: rectify::relu(x, out); return;
            case fn::relu_derivative: rectify::relu_derivative(x, out); return;
            case fn::relu_backward: rectify::relu_backward(x, dy, out); return;
            case fn::leaky: rectify::leaky_relu(x, out, a); return;
            case fn::leaky_derivative: rectify::leaky_relu_derivative(x, out, a); return;
            case fn::leaky_backward: rectify::leaky_relu_backward(x, dy, out, a); return;
            case fn::relu6: rectify::relu6(x, out); return;
            case fn::relu6_derivative: rectify::relu6_derivative(x, out); return;
            case fn::relu6_backward: rectify::relu6_backward(x, dy, out); return;
            case fn::hardtanh: rectify::hardtanh(x, out, a, b); return;
            case fn::hardtanh_derivative: rectify::hardtanh_derivative(x, out, a, b); return;
            case fn::hardtanh_backward: rectify::hardtanh_backward(x, dy, out, a, b); return;
            case fn::hardsigmoid: rectify::hardsigmoid(x, out); return;
            case fn::hardsigmoid_derivative: rectify::hardsigmoid_derivative(x, out); return;
            case fn::hardsigmoid_backward: rectify::hardsigmoid_backward(x, dy, out); return;
            case fn::hardswish: rectify::hardswish(x, out); return;
            case fn::hardswish_derivative: rectify::hardswish_derivative(x, out); return;
            case fn::hardswish_backward: rectify::hardswish_backward(x, dy, out); return;
            case fn::threshold: rectify::threshold(x, out, a, b); return;
            case fn::threshold_derivative: rectify::threshold_derivative(x, out, a); return;
            case fn::threshold_backward: rectify::threshold_backward(x, dy, out, a); return;
        }
    } else {
        switch (f) {
            case fn::relu: rectify::relu(x, out); return;
            case fn::relu_derivative: rectify::relu_derivative(x, out); return;
            case fn::relu_backward: rectify::relu_backward(x, dy, out); return;
            default: break;
        }
        if constexpr (rectify::floating<T>) {
            switch (f) {
                case fn::leaky: rectify::leaky_relu(x, out, a); return;
                case fn::leaky_derivative: rectify::leaky_relu_derivative(x, out, a); return;
                case fn::leaky_backward: rectify::leaky_relu_backward(x, dy, out, a); return;
                default: return;
            }
        }
    }
}

// The in-place form, where the function has one: f(inout[, a, b]).
template <class T>
void in_place_form(fn f, std::span<T> inout, T a, T b = T(0)) {
    if constexpr (family_type<T>) {
        switch (f) {
            case fn::relu: rectify::relu(inout); return;
            case fn::leaky: rectify::leaky_relu(inout, a); return;
            case fn::relu6: rectify::relu6(inout); return;
            case fn::hardtanh: rectify::hardtanh(inout, a, b); return;
            case fn::hardsigmoid: rectify::hardsigmoid(inout); return;
            case fn::hardswish: rectify::hardswish(inout); return;
            case fn::threshold: rectify::threshold(inout, a, b); return;
            default: return;
        }
    } else if (f == fn::relu) {
        rectify::relu(inout);
    } else if constexpr (rectify::floating<T>) {
        if (f == fn::leaky) {
            rectify::leaky_relu(inout, a);
        }
    }
}

inline const char* fn_name(fn f) {
    constexpr const char* names[] = {"relu", "relu_derivative", "relu_backward", "leaky_relu",
                                     "leaky_relu_derivative", "leaky_relu_backward", "relu6",
                                     "relu6_derivative", "relu6_backward", "hardtanh", "hardtanh_derivative",
                                     "hardtanh_backward", "hardsigmoid", "hardsigmoid_derivative",
                                     "hardsigmoid_backward", "hardswish", "hardswish_derivative",
                                     "hardswish_backward", "threshold", "threshold_derivative",
                                     "threshold_backward"};
    return names[static_cast<int>(f)];
}

}  // namespace rt
