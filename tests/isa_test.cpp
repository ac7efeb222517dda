// The kernel choice: what active_isa() reports, forcing and resetting it, and
// the first call made by many threads at once. (Every kernel's results are
// checked against the scalar definition in span_test.cpp.)
#include "catch.hpp"
#include "test_util.hpp"

#include <atomic>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

namespace {
const rectify::isa all_isas[] = {rectify::isa::portable, rectify::isa::sse2, rectify::isa::avx2,
                                 rectify::isa::avx512, rectify::isa::neon};

// The last (widest) kernel in all_isas that this build and CPU support.
rectify::isa widest_supported() {
    rectify::isa widest = rectify::isa::portable;
    for (const rectify::isa path : all_isas) {
        if (rectify::isa_supported(path)) {
            widest = path;
        }
    }
    return widest;
}
}  // namespace

TEST_CASE("isa_name names every kernel", "[isa]") {
    STATIC_REQUIRE(std::string_view(rectify::isa_name(rectify::isa::avx512)) == "avx512");
    CHECK(std::string(rectify::isa_name(rectify::isa::portable)) == "portable");
    CHECK(std::string(rectify::isa_name(rectify::isa::sse2)) == "sse2");
    CHECK(std::string(rectify::isa_name(rectify::isa::avx2)) == "avx2");
    CHECK(std::string(rectify::isa_name(rectify::isa::neon)) == "neon");
}

TEST_CASE("the automatic choice is the widest kernel this CPU runs", "[isa]") {
    const rt::each_isa paths;
    rectify::reset_isa();
    const rectify::isa chosen = rectify::active_isa();
    INFO("chosen: " << rectify::isa_name(chosen));
    CHECK(rectify::isa_supported(chosen));
    CHECK(chosen == widest_supported());
    CHECK(rectify::isa_supported(rectify::isa::portable));
#if defined(__x86_64__) && !defined(RECTIFY_NO_SIMD)
    CHECK(rectify::isa_supported(rectify::isa::sse2));
    CHECK_FALSE(rectify::isa_supported(rectify::isa::neon));
#elif defined(__aarch64__) && !defined(RECTIFY_NO_SIMD)
    CHECK(chosen == rectify::isa::neon);
    CHECK_FALSE(rectify::isa_supported(rectify::isa::avx2));
#endif
    // The CI runs this test on emulated CPUs (qemu-x86_64 -cpu Haswell, -cpu
    // qemu64, qemu-aarch64) and says which kernel each must choose.
    if (const char* expected = std::getenv("RECTIFY_EXPECT_ISA")) {  // NOLINT(concurrency-mt-unsafe): no setenv
        CHECK(std::string(rectify::isa_name(chosen)) == expected);
    }
}

TEST_CASE("force_isa switches kernels, refuses unsupported ones, and reset_isa restores the choice", "[isa]") {
    const rt::each_isa paths;
    rectify::reset_isa();
    const rectify::isa automatic = rectify::active_isa();
    for (const rectify::isa path : all_isas) {
        INFO("kernel " << rectify::isa_name(path));
        const rectify::isa before = rectify::active_isa();
        if (rectify::isa_supported(path)) {
            CHECK(rectify::force_isa(path));
            CHECK(rectify::active_isa() == path);
        } else {
            CHECK_FALSE(rectify::force_isa(path));
            CHECK(rectify::active_isa() == before);
        }
    }
    rectify::reset_isa();
    CHECK(rectify::active_isa() == automatic);
}

TEST_CASE("many threads making their first span call at once all get the same, correct result", "[isa][threads]") {
    const rt::each_isa paths;
    constexpr int threads = 16;
    const std::vector<float> in = rt::test_values<float>(1000, 3);
    std::vector<float> want(in.size());
    for (std::size_t i = 0; i < in.size(); ++i) {
        want[i] = rectify::leaky_relu(in[i], 0.2f);
    }
    for (int round = 0; round < 20; ++round) {
        rectify::reset_isa();  // the next span call chooses again
        std::atomic<int> ready{0};
        std::atomic<int> wrong{0};
        std::vector<std::thread> pool;
        pool.reserve(static_cast<std::size_t>(threads));
        for (int t = 0; t < threads; ++t) {
            pool.emplace_back([&] {
                std::vector<float> out(in.size());
                ready.fetch_add(1);
                while (ready.load() < threads) {
                    std::this_thread::yield();  // 16 threads on fewer cores (and under TSan or valgrind) must progress
                }
                rectify::leaky_relu(in, out, 0.2f);
                for (std::size_t i = 0; i < in.size(); ++i) {
                    if (!rt::same_bits(out[i], want[i])) {
                        wrong.fetch_add(1);
                        break;
                    }
                }
            });
        }
        for (std::thread& t : pool) {
            t.join();
        }
        CHECK(wrong.load() == 0);
        CHECK(rectify::active_isa() == widest_supported());
    }
}
