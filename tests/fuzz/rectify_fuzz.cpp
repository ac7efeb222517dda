// rectify_fuzz: a libFuzzer differential fuzzer for rectify's span forms.
//
// Every span form, on every kernel this CPU runs (each forced in turn), must
// return bit for bit what the scalar definition in rectify::detail::ref gives
// for the same values (computed before the call, so in-place calls are judged
// on their original inputs; where the definition gives NaN any NaN will do),
// must leave its inputs alone unless they are its output, and must write
// nothing outside its output. Each buffer is its own allocation of exactly
// guard + region + guard bytes: the guards are filled with canary bytes,
// checked after every call and, under AddressSanitizer, poisoned as well, so
// that a read or write past either end of a region is reported where it
// happens. A failure prints what was run and aborts, so libFuzzer saves the
// input as a crash (replay it with `rectify_fuzz crash-<sha1>`).
//
// Input layout (tests/fuzz/make_corpus.py writes the same; bytes past the end
// of a short input read as 0):
//   [0]       function     % 6: relu, relu_derivative, relu_backward, leaky_relu,
//                               leaky_relu_derivative, leaky_relu_backward
//   [1]       element type relu*: % 10: float, double, int8, int16, int32, int64,
//                               uint8, uint16, uint32, uint64; leaky*: % 2: float, double
//   [2]       placement    % 3: separate output, in place on x, in place on grad
//                               (% 2 for the forward functions, which have no grad)
//   [3]       flags        bit 0: streaming stores (the threshold set to 1 byte: every
//                          separate output streams)
//   [4]       x offset     elements past a 64-byte boundary, % (64 / sizeof(T))
//   [5]       grad offset  likewise (backward functions only)
//   [6]       out offset   likewise (separate output only)
//   [7]       alpha kind   < 12: alpha from special_alpha() below; otherwise the raw bits
//   [8..9]    length       little-endian, % (max_length + 1) elements
//   [10..17]  alpha bits   little-endian; float takes the low 4 bytes (leaky* only)
//   [18..]    values       x[0..n) then grad[0..n), each sizeof(T) bytes little-endian,
//                          read cyclically from these bytes (all zero if there are none)
#include <rectify/rectify.hpp>

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <new>
#include <span>
#include <type_traits>
#include <vector>

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define RECTIFY_FUZZ_ASAN 1
#endif
#endif
#if !defined(RECTIFY_FUZZ_ASAN) && defined(__SANITIZE_ADDRESS__)
#define RECTIFY_FUZZ_ASAN 1
#endif
#if defined(RECTIFY_FUZZ_ASAN)
#include <sanitizer/asan_interface.h>
#endif

namespace {

// 4 AVX-512 vectors of int8 (the unrolled loop) twice, a vector and a tail.
constexpr std::size_t max_length = 600;
constexpr std::size_t header_bytes = 18;
constexpr std::size_t guard_bytes = 64;
constexpr unsigned char canary = 0xA5;

enum class fn {
    relu,
    relu_derivative,
    relu_backward,
    leaky_relu,
    leaky_relu_derivative,
    leaky_relu_backward
};
enum class placement { separate, in_place_on_x, in_place_on_grad };

constexpr const char* fn_names[] = {"relu",       "relu_derivative",       "relu_backward",
                                    "leaky_relu", "leaky_relu_derivative", "leaky_relu_backward"};
constexpr const char* placement_names[] = {"separate output", "in place on x", "in place on grad"};
constexpr const char* type_names[] = {"float", "double", "int8",   "int16",  "int32",
                                      "int64", "uint8",  "uint16", "uint32", "uint64"};

constexpr bool is_backward(fn f) {
    return f == fn::relu_backward || f == fn::leaky_relu_backward;
}
constexpr bool is_leaky(fn f) {
    return f == fn::leaky_relu || f == fn::leaky_relu_derivative || f == fn::leaky_relu_backward;
}

// Alphas worth meeting often (alpha kind 0 to 11): zero, one, above one,
// negative, the default, -0, NaN, the infinities and the smallest subnormal.
constexpr unsigned special_alpha_count = 12;
template <class T>
T special_alpha(unsigned kind) {
    using limits = std::numeric_limits<T>;
    // clang-format off
    const T table[special_alpha_count] = {T(0), T(1), T(2), T(-1), T(0.01), T(0.5), T(1.5), -T(0),
                                          limits::quiet_NaN(), limits::infinity(), -limits::infinity(),
                                          limits::denorm_min()};
    // clang-format on
    return table[kind];
}

// The decoded header.
struct request {
    fn function = fn::relu;
    unsigned type = 0;  // index into type_names
    placement where = placement::separate;
    bool streaming = false;
    unsigned x_offset = 0, grad_offset = 0, out_offset = 0;  // raw bytes; reduced per type
    unsigned alpha_kind = 0;
    std::size_t length = 0;
    std::uint64_t alpha_bits = 0;
    std::span<const std::uint8_t> values;
};

request decode(const std::uint8_t* data, std::size_t size) {
    const auto byte = [&](std::size_t i) -> unsigned { return i < size ? data[i] : 0U; };
    request r;
    r.function = static_cast<fn>(byte(0) % 6);
    r.type = is_leaky(r.function) ? byte(1) % 2 : byte(1) % 10;
    r.where = static_cast<placement>(byte(2) % (is_backward(r.function) ? 3U : 2U));
    r.streaming = (byte(3) & 1U) != 0;
    r.x_offset = byte(4);
    r.grad_offset = byte(5);
    r.out_offset = byte(6);
    r.alpha_kind = byte(7);
    r.length = (byte(8) | (byte(9) << 8)) % (max_length + 1);
    for (std::size_t i = 0; i < 8; ++i) {
        r.alpha_bits |= std::uint64_t{byte(10 + i)} << (8 * i);
    }
    if (size > header_bytes) {
        r.values = std::span<const std::uint8_t>(data + header_bytes, size - header_bytes);
    }
    return r;
}

template <std::size_t Size>
using bits_t =
    std::conditional_t<Size == 1, std::uint8_t,
                       std::conditional_t<Size == 2, std::uint16_t,
                                          std::conditional_t<Size == 4, std::uint32_t, std::uint64_t>>>;

template <class T>
T from_bits(std::uint64_t bits) {
    return std::bit_cast<T>(static_cast<bits_t<sizeof(T)>>(bits));
}
template <class T>
std::uint64_t bits_of(T x) {
    return std::bit_cast<bits_t<sizeof(T)>>(x);
}

template <class T>
bool is_nan(T x) {
    return x != x;
}

// Element i of the value stream (x first, then grad), bytes little-endian.
template <class T>
T value_at(std::span<const std::uint8_t> values, std::size_t i) {
    std::uint64_t bits = 0;
    if (!values.empty()) {
        for (std::size_t b = 0; b < sizeof(T); ++b) {
            bits |= std::uint64_t{values[(i * sizeof(T) + b) % values.size()]} << (8 * b);
        }
    }
    return from_bits<T>(bits);
}

template <class T>
T alpha_of(const request& r) {
    if constexpr (std::is_floating_point_v<T>) {
        if (r.alpha_kind < special_alpha_count) {
            return special_alpha<T>(r.alpha_kind);
        }
        return from_bits<T>(r.alpha_bits);
    } else {
        return T(0);  // unused: leaky_relu takes floating types only
    }
}

// A value with its bits, for the report.
template <class T>
void print_value(const char* label, T x) {
    std::fprintf(stderr, " %s 0x%0*llx", label, static_cast<int>(2 * sizeof(T)),
                 static_cast<unsigned long long>(bits_of(x)));
    if constexpr (std::is_floating_point_v<T>) {
        std::fprintf(stderr, " (%.17g)", static_cast<double>(x));
    } else if constexpr (std::is_signed_v<T>) {
        std::fprintf(stderr, " (%lld)", static_cast<long long>(x));
    } else {
        std::fprintf(stderr, " (%llu)", static_cast<unsigned long long>(x));
    }
}

// One buffer: [guard | offset | region | guard], a separate allocation of
// exactly that size whose start is 64-byte aligned, so that the region starts
// `offset` elements past a 64-byte boundary.
template <class T>
class guarded_buffer {
  public:
    guarded_buffer(std::size_t offset, std::span<const T> contents)
        : lead_(guard_bytes + offset * sizeof(T)),
          region_bytes_(contents.size() * sizeof(T)),
          total_(lead_ + region_bytes_ + guard_bytes),
          base_(static_cast<unsigned char*>(::operator new[](total_, std::align_val_t{64}))) {
        std::memset(base_, canary, total_);
        if (!contents.empty()) {
            std::memcpy(base_ + lead_, contents.data(), region_bytes_);
        }
        poison(true);
    }
    guarded_buffer(const guarded_buffer&) = delete;
    guarded_buffer& operator=(const guarded_buffer&) = delete;
    ~guarded_buffer() {
        poison(false);
        ::operator delete[](base_, std::align_val_t{64});
    }

    std::span<T> region() const {
        return std::span<T>(reinterpret_cast<T*>(base_ + lead_), region_bytes_ / sizeof(T));
    }

    // The first guard byte that is no longer the canary, counted from the
    // region (negative: before it; 0 and up: past its end); 0 with true if none.
    bool guards_intact(std::ptrdiff_t& where) {
        poison(false);
        for (std::size_t i = 0; i < lead_; ++i) {
            if (base_[lead_ - 1 - i] != canary) {
                where = -static_cast<std::ptrdiff_t>(i) - 1;
                return false;
            }
        }
        for (std::size_t i = 0; i < guard_bytes; ++i) {
            if (base_[lead_ + region_bytes_ + i] != canary) {
                where = static_cast<std::ptrdiff_t>(i);
                return false;
            }
        }
        poison(true);
        return true;
    }

  private:
    void poison([[maybe_unused]] bool on) const {
#if defined(RECTIFY_FUZZ_ASAN)
        if (on) {
            __asan_poison_memory_region(base_, lead_);
            __asan_poison_memory_region(base_ + lead_ + region_bytes_, guard_bytes);
        } else {
            __asan_unpoison_memory_region(base_, total_);
        }
#endif
    }

    std::size_t lead_, region_bytes_, total_;
    unsigned char* base_;
};

// The kernels to force in turn: those this build and CPU run.
const std::vector<rectify::isa>& kernels() {
    static const std::vector<rectify::isa> list = [] {
        std::vector<rectify::isa> runnable;
        for (const rectify::isa path : {rectify::isa::portable, rectify::isa::sse2, rectify::isa::avx2,
                                        rectify::isa::avx512, rectify::isa::neon}) {
            if (rectify::isa_supported(path)) {
                runnable.push_back(path);
            }
        }
        return runnable;
    }();
    return list;
}

// Puts the automatic kernel choice and the streaming threshold back.
struct restore_state {
    std::size_t threshold = rectify::detail_shared::streaming_threshold.load();
    restore_state() = default;
    restore_state(const restore_state&) = delete;
    restore_state& operator=(const restore_state&) = delete;
    ~restore_state() {
        rectify::reset_isa();
        rectify::detail_shared::streaming_threshold.store(threshold);
    }
};

template <class T>
T reference(fn f, T x, T dy, [[maybe_unused]] T alpha) {
    namespace ref = rectify::detail::ref;
    switch (f) {
        case fn::relu:
            return ref::relu(x);
        case fn::relu_derivative:
            return ref::relu_derivative(x);
        case fn::relu_backward:
            return ref::relu_backward(x, dy);
        default:
            break;
    }
    if constexpr (rectify::floating<T>) {
        switch (f) {
            case fn::leaky_relu:
                return ref::leaky_relu(x, alpha);
            case fn::leaky_relu_derivative:
                return ref::leaky_relu_derivative(x, alpha);
            default:
                return ref::leaky_relu_backward(x, dy, alpha);
        }
    }
    std::abort();  // leaky* never meets an integer type (decode() picks float or double)
}

// The span form under test, with the output where `where` says.
template <class T>
void call(fn f, placement where, std::span<T> x, std::span<T> dy, std::span<T> out,
          [[maybe_unused]] T alpha) {
    const std::span<const T> cx(x), cdy(dy);
    const bool in_place = where == placement::in_place_on_x;
    switch (f) {
        case fn::relu:
            return in_place ? rectify::relu(x) : rectify::relu(cx, out);
        case fn::relu_derivative:
            return rectify::relu_derivative(cx, out);
        case fn::relu_backward:
            return rectify::relu_backward(cx, cdy, out);
        default:
            break;
    }
    if constexpr (rectify::floating<T>) {
        switch (f) {
            case fn::leaky_relu:
                return in_place ? rectify::leaky_relu(x, alpha) : rectify::leaky_relu(cx, out, alpha);
            case fn::leaky_relu_derivative:
                return rectify::leaky_relu_derivative(cx, out, alpha);
            default:
                return rectify::leaky_relu_backward(cx, cdy, out, alpha);
        }
    }
}

template <class T>
[[noreturn]] void fail(const request& r, rectify::isa path, T alpha, const char* what) {
    std::fprintf(stderr,
                 "\nrectify_fuzz: %s\n  %s<%s> on kernel %s, length %zu, %s, offsets x %u grad %u out %u "
                 "(elements), streaming %s",
                 what, fn_names[static_cast<int>(r.function)], type_names[r.type], rectify::isa_name(path),
                 r.length, placement_names[static_cast<int>(r.where)], r.x_offset, r.grad_offset,
                 r.out_offset, r.streaming ? "on" : "off");
    if (is_leaky(r.function)) {
        print_value("alpha", alpha);
    }
    std::fputc('\n', stderr);
    std::fflush(stderr);
    std::abort();
}

template <class T>
void run(request r) {
    constexpr unsigned offsets = 64 / sizeof(T);
    r.x_offset %= offsets;
    r.grad_offset %= offsets;
    r.out_offset %= offsets;
    const std::size_t n = r.length;
    const bool backward = is_backward(r.function);
    const T alpha = alpha_of<T>(r);

    std::vector<T> x0(n), dy0(n), want(n);
    for (std::size_t i = 0; i < n; ++i) {
        x0[i] = value_at<T>(r.values, i);
        dy0[i] = backward ? value_at<T>(r.values, n + i) : T(0);
        want[i] = reference(r.function, x0[i], dy0[i], alpha);
    }
    // A fresh output starts as canary bytes too, so an element never written shows.
    std::vector<T> blank(n);
    if (n != 0) {
        std::memset(blank.data(), canary, n * sizeof(T));
    }

    const restore_state restore;
    if (r.streaming) {
        rectify::detail_shared::streaming_threshold.store(1);  // every separate output streams
    }
    for (const rectify::isa path : kernels()) {
        if (!rectify::force_isa(path)) {
            fail(r, path, alpha, "force_isa refused a kernel isa_supported() reported");
        }
        guarded_buffer<T> xb(r.x_offset, x0);
        guarded_buffer<T> db(r.grad_offset, backward ? std::span<const T>(dy0) : std::span<const T>());
        guarded_buffer<T> ob(
            r.out_offset, r.where == placement::separate ? std::span<const T>(blank) : std::span<const T>());
        guarded_buffer<T>* const outbuf = r.where == placement::in_place_on_x      ? &xb
                                          : r.where == placement::in_place_on_grad ? &db
                                                                                   : &ob;
        const std::span<T> out = outbuf->region();

        call<T>(r.function, r.where, xb.region(), db.region(), out, alpha);

        // 1. Nothing written outside the regions.
        for (guarded_buffer<T>* b : {&xb, &db, &ob}) {
            std::ptrdiff_t where = 0;
            if (!b->guards_intact(where)) {
                const char* name = b == &xb ? "x" : b == &db ? "grad" : "the output";
                std::fprintf(stderr,
                             "\nrectify_fuzz: the guard of %s was overwritten at byte %td %s its region\n",
                             name, where < 0 ? -where : where + 1, where < 0 ? "before" : "past the end of");
                fail(r, path, alpha, "write outside the output");
            }
        }
        // 2. Every element as the definition says.
        for (std::size_t i = 0; i < n; ++i) {
            const T got = out[i];
            const bool same = is_nan(want[i]) ? is_nan(got) : bits_of(got) == bits_of(want[i]);
            if (!same) {
                std::fprintf(stderr, "\nrectify_fuzz: element %zu:", i);
                print_value("x", x0[i]);
                if (backward) {
                    print_value("grad", dy0[i]);
                }
                print_value("expected", want[i]);
                print_value("got", got);
                std::fputc('\n', stderr);
                fail(r, path, alpha, "MISMATCH with the scalar definition");
            }
        }
        // 3. Inputs that are not the output unchanged.
        const auto unchanged = [n](std::span<const T> now, const std::vector<T>& before) {
            for (std::size_t i = 0; i < n; ++i) {
                if (bits_of(now[i]) != bits_of(before[i])) {
                    return false;
                }
            }
            return true;
        };
        if (outbuf != &xb && !unchanged(xb.region(), x0)) {
            fail(r, path, alpha, "the input x was changed");
        }
        if (backward && outbuf != &db && !unchanged(db.region(), dy0)) {
            fail(r, path, alpha, "the input grad was changed");
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    std::fprintf(stderr, "rectify_fuzz: rectify %d.%d.%d, kernels:", RECTIFY_VERSION_MAJOR,
                 RECTIFY_VERSION_MINOR, RECTIFY_VERSION_PATCH);
    for (const rectify::isa path : kernels()) {
        std::fprintf(stderr, " %s", rectify::isa_name(path));
    }
    std::fputc('\n', stderr);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const request r = decode(data, size);
    // clang-format off
    switch (r.type) {
        case 0: run<float>(r); break;
        case 1: run<double>(r); break;
        case 2: run<std::int8_t>(r); break;
        case 3: run<std::int16_t>(r); break;
        case 4: run<std::int32_t>(r); break;
        case 5: run<std::int64_t>(r); break;
        case 6: run<std::uint8_t>(r); break;
        case 7: run<std::uint16_t>(r); break;
        case 8: run<std::uint32_t>(r); break;
        default: run<std::uint64_t>(r); break;
    }
    // clang-format on
    return 0;
}
