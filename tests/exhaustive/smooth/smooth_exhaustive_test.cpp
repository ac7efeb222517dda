// Every float through every smooth function and derivative, on every kernel
// this CPU runs (each forced in turn), against the correctly rounded results
// made with MPFR (tests/exhaustive/smooth/reference: one digest per block of
// 2^20 inputs, written by tools/smooth_reference). Equal digests mean the
// same bits for every input of the block (a single wrong result always
// changes the digest; see digest_term).
//
//   rectify_smooth_exhaustive --reference DIR [--block-step K] [--narrow-block-step K2]
//                             [--threads N] [--only NAME,NAME...]
//
// --block-step K checks every K-th block only on the widest kernel (for
// emulators: whole blocks, so their digests still apply), and
// --narrow-block-step K2 (default K) every K2-th block on the other kernels. With RECTIFY_SMOOTH_MPFR (x86-64 builds
// with MPFR), a block that differs is recomputed with MPFR and its first
// wrong inputs are printed. Exit 0 when everything agreed.
#include <rectify/rectify.hpp>

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <iterator>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#if RECTIFY_SMOOTH_MPFR
#    include "smooth_reference.hpp"
#endif

namespace {

using span_fn = std::function<void(std::span<const float>, std::span<float>)>;

struct variant {
    std::string_view name;
    span_fn run;
};

#define RECTIFY_VARIANT(f)                                                                               \
    variant{#f, [](std::span<const float> in, std::span<float> out) { rectify::f(in, out); }},           \
        variant {                                                                                        \
        #f "_derivative", [](std::span<const float> in, std::span<float> out) { rectify::f##_derivative(in, out); } \
    }

// In the order of the reference's variants.
const std::array<variant, 20> variants = {
    RECTIFY_VARIANT(gelu), RECTIFY_VARIANT(gelu_tanh), RECTIFY_VARIANT(silu),     RECTIFY_VARIANT(sigmoid),
    RECTIFY_VARIANT(tanh), RECTIFY_VARIANT(elu),       RECTIFY_VARIANT(selu),     RECTIFY_VARIANT(celu),
    RECTIFY_VARIANT(softplus), RECTIFY_VARIANT(mish)};

constexpr int block_bits = 20;
constexpr std::uint32_t block_size = std::uint32_t{1} << block_bits;
constexpr int block_count = 1 << (32 - block_bits);

// The digest of a block: the sum of result * (2 i + 1) * golden, mod 2^64.
// Each weight is odd, so one wrong result always changes the sum.
constexpr std::uint64_t digest_term(std::uint32_t i, std::uint32_t result) {
    return static_cast<std::uint64_t>(result) * ((2 * static_cast<std::uint64_t>(i) + 1) * 0x9E3779B97F4A7C15ULL);
}

std::vector<std::uint64_t> load_digests(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    const std::vector<unsigned char> raw((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (raw.size() != static_cast<std::size_t>(block_count) * 8) {
        std::fprintf(stderr, "rectify_smooth_exhaustive: %s: not %d digests\n", path.c_str(), block_count);
        std::exit(2);
    }
    std::vector<std::uint64_t> d(block_count);
    for (std::size_t k = 0; k < d.size(); ++k) {
        for (std::size_t b = 8; b-- > 0;) {
            d[k] = (d[k] << 8) | raw[k * 8 + b];
        }
    }
    return d;
}

// The sum of digest_term(first + j, r[j]) over a block's results r,
// rearranged (all mod 2^64, a ring): golden * ((2 first + 1) * sum r[j] +
// 2 * sum j r[j]). Two additions and one 32 x 32 -> 64-bit product an
// element, which the compiler vectorises (the terms themselves, a 64 x 64-bit
// product each, it does not); the same value, as the static_assert below
// checks.
constexpr std::uint64_t block_sum(std::uint32_t first, std::span<const float> results) {
    std::uint64_t sum = 0;
    std::uint64_t weighted = 0;
    const auto n = static_cast<std::uint32_t>(results.size());  // at most 2^20
    for (std::uint32_t j = 0; j < n; ++j) {
        const auto r = std::bit_cast<std::uint32_t>(results[j]);
        sum += r;
        weighted += static_cast<std::uint64_t>(j) * r;
    }
    return ((2 * static_cast<std::uint64_t>(first) + 1) * sum + 2 * weighted) * 0x9E3779B97F4A7C15ULL;
}
constexpr bool block_sum_is_the_digest() {
    const std::uint32_t first = 0xFFFF0000U;
    std::array<float, 64> r{};
    std::uint64_t digest = 0;
    for (std::uint32_t j = 0; j < r.size(); ++j) {
        r[j] = (j % 2 == 0 ? -4.0e36F : 1.0e-45F) * static_cast<float>(j + 1);  // large and subnormal bits
        digest += digest_term(first + j, std::bit_cast<std::uint32_t>(r[j]));
    }
    return block_sum(first, r) == digest;
}
static_assert(block_sum_is_the_digest());

std::uint64_t block_digest(const variant& v, std::uint32_t block, std::vector<float>& in, std::vector<float>& out) {
    const std::uint32_t first = block << block_bits;
    for (std::uint32_t j = 0; j < block_size; ++j) {
        in[j] = std::bit_cast<float>(first + j);
    }
    v.run(in, out);
    return block_sum(first, out);
}

}  // namespace

int main(int argc, char** argv) {
    std::string reference_dir;
    std::string only;
    unsigned block_step = 1;
    unsigned narrow_block_step = 0;
    unsigned threads = std::max(1U, std::thread::hardware_concurrency());
    for (int a = 1; a + 1 < argc; a += 2) {
        const std::string_view option = argv[a];
        if (option == "--reference") {
            reference_dir = argv[a + 1];
        } else if (option == "--block-step") {
            block_step = static_cast<unsigned>(std::stoul(argv[a + 1]));
        } else if (option == "--narrow-block-step") {
            narrow_block_step = static_cast<unsigned>(std::stoul(argv[a + 1]));
        } else if (option == "--threads") {
            threads = static_cast<unsigned>(std::stoul(argv[a + 1]));
        } else if (option == "--only") {
            only = argv[a + 1];
        } else {
            std::fprintf(stderr, "rectify_smooth_exhaustive: unknown option %s\n", argv[a]);
            return 2;
        }
    }
    if (reference_dir.empty()) {
        std::fprintf(stderr, "usage: rectify_smooth_exhaustive --reference DIR [--block-step K] [--narrow-block-step K2] "
                             "[--threads N] [--only NAME,NAME...]\n");
        return 2;
    }
    std::vector<rectify::isa> kernels;
    for (rectify::isa k : {rectify::isa::portable, rectify::isa::sse2, rectify::isa::avx2, rectify::isa::avx512,
                           rectify::isa::neon}) {
        if (rectify::isa_supported(k)) {
            kernels.push_back(k);
        }
    }
    if (narrow_block_step == 0) {
        narrow_block_step = block_step;
    }
    std::printf("rectify smooth exhaustive test: %zu functions; on %s every %u-th block of 2^%d floats "
                "(1: all 2^32), on the other kernels every %u-th; kernels:",
                variants.size(), rectify::isa_name(kernels.back()), block_step, block_bits, narrow_block_step);
    for (rectify::isa k : kernels) {
        std::printf(" %s", rectify::isa_name(k));
    }
    std::printf("\n");
    std::fflush(stdout);

    long long failures = 0;
    unsigned long long compared = 0;
    const auto start_all = std::chrono::steady_clock::now();
    // (Built with appends: GCC 12 at -O3 warns, wrongly, that `"," + only` may
    // copy overlapping bytes (-Wrestrict), once the header's inlining moved.)
    std::string listed = ",";
    listed.append(only).append(",");
    for (const variant& v : variants) {
        std::string name = ",";
        name.append(v.name).append(",");
        if (!only.empty() && listed.find(name) == std::string::npos) {
            continue;
        }
        const std::vector<std::uint64_t> want = load_digests(reference_dir + "/" + std::string(v.name) + ".digest");
        for (rectify::isa k : kernels) {
            rectify::force_isa(k);
            const unsigned step = k == kernels.back() ? block_step : narrow_block_step;
            const auto start = std::chrono::steady_clock::now();
            std::atomic<unsigned> next{0};
            std::mutex report;
            std::vector<std::uint32_t> bad_blocks;
            std::vector<std::thread> pool;
            for (unsigned t = 0; t < threads; ++t) {
                pool.emplace_back([&] {
                    std::vector<float> in(block_size);
                    std::vector<float> out(block_size);
                    for (unsigned b = next.fetch_add(step); b < block_count; b = next.fetch_add(step)) {
                        if (block_digest(v, b, in, out) != want[b]) {
                            const std::lock_guard<std::mutex> lock(report);
                            bad_blocks.push_back(b);
                        }
                    }
                });
            }
            for (std::thread& t : pool) {
                t.join();
            }
            const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            const unsigned blocks = (block_count + step - 1) / step;
            compared += static_cast<unsigned long long>(blocks) * block_size;
            std::printf("%-9s %-21s %s: %u blocks of 2^20 floats, %zu differ, %.1f s\n", rectify::isa_name(k),
                        std::string(v.name).c_str(), bad_blocks.empty() ? "ok " : "BAD", blocks, bad_blocks.size(),
                        seconds);
            std::fflush(stdout);
            failures += static_cast<long long>(bad_blocks.size());
#if RECTIFY_SMOOTH_MPFR
            // Where it differs: the first wrong inputs of the first bad blocks.
            for (std::size_t i = 0; i < bad_blocks.size() && i < 2; ++i) {
                std::vector<float> in(block_size);
                std::vector<float> out(block_size);
                block_digest(v, bad_blocks[i], in, out);
                const auto which = *smooth_ref::variant_from_name(v.name);
                int shown = 0;
                for (std::uint32_t j = 0; j < block_size && shown < 5; ++j) {
                    const float r = smooth_ref::reference(which, in[j]);
                    if (std::bit_cast<std::uint32_t>(r) != std::bit_cast<std::uint32_t>(out[j])) {
                        std::printf("    %s(%a) = %a, correctly rounded %a\n", std::string(v.name).c_str(),
                                    static_cast<double>(in[j]), static_cast<double>(out[j]), static_cast<double>(r));
                        ++shown;
                    }
                }
            }
#endif
        }
    }
    rectify::reset_isa();
    const double total = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_all).count();
    std::printf("rectify smooth exhaustive test: %llu results compared, %lld blocks differ, %.0f s\n", compared,
                failures, total);
    return failures == 0 ? 0 : 1;
}
