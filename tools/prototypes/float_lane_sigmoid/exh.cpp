// Exhaustive check: all 2^32 float bit patterns through sig16 vs rectify::sigmoid(float).
#include <cstdio>
#include <cstdint>
#include <cstring>
#include <cmath>
#include <thread>
#include <vector>
#include <atomic>
#include <chrono>
#include <algorithm>
#include "rectify/rectify.hpp"
struct sig_counts { std::uint64_t nan, zero, range, unsure, vectors_slow; };
extern thread_local sig_counts sig_count;
extern thread_local float* sig_unsure_log;
extern thread_local std::size_t sig_unsure_log_n, sig_unsure_log_cap;
void sig16(const float* in, float* out, size_t n);

struct result {
    std::uint64_t mism = 0, shown = 0;
    sig_counts c{};
    float umin_neg = 0, umax_neg = -INFINITY, umin_pos = INFINITY, umax_pos = 0;  // unsure lanes by sign
    std::uint64_t hist[256] = {};  // unsure lanes by biased exponent of x (both signs)
};

static void run(std::uint64_t lo, std::uint64_t hi, result* r, std::size_t chunk_n, unsigned salt) {
    std::vector<float> in(chunk_n + 7), out(chunk_n + 7), out2(chunk_n + 7);
    std::vector<float> log(1u << 20);
    sig_unsure_log = log.data(); sig_unsure_log_cap = log.size(); sig_unsure_log_n = 0;
    for (std::uint64_t b = lo; b < hi; b += chunk_n) {
        std::size_t n = (std::size_t)std::min<std::uint64_t>(chunk_n, hi - b);
        for (std::size_t i = 0; i < n; ++i) { std::uint32_t u = (std::uint32_t)(b + i); std::memcpy(&in[i], &u, 4); }
        sig_counts before = sig_count;
        sig16(in.data(), out.data(), n);
        // per-lane attribution of the unsure lanes: recompute and record which lanes were sent to the slow path
        (void)before;
        for (std::size_t i = 0; i < n; ++i) {
            float ref = rectify::sigmoid(in[i]);
            std::uint32_t a, e; std::memcpy(&a, &out[i], 4); std::memcpy(&e, &ref, 4);
            if (a != e) {
                if (r->shown++ < 20) std::printf("MISMATCH x=%a (0x%08x) got %a (0x%08x) want %a (0x%08x)\n", in[i], (unsigned)(b+i), out[i], a, ref, e);
                ++r->mism;
            }
        }
    }
    r->c = sig_count;
    for (std::size_t i = 0; i < sig_unsure_log_n; ++i) {
        float x = log[i];
        if (x < 0) { r->umin_neg = std::min(r->umin_neg, x); r->umax_neg = std::max(r->umax_neg, x); }
        else { r->umin_pos = std::min(r->umin_pos, x); r->umax_pos = std::max(r->umax_pos, x); }
        std::uint32_t u; std::memcpy(&u, &x, 4);
        r->hist[(u >> 23) & 255] += 1;
    }
}

int main(int argc, char** argv) {
    std::size_t chunk = 1u << 16;
    std::uint64_t total = 1ull << 32;
    if (argc > 1) total = std::strtoull(argv[1], nullptr, 0);
    result r[2];
    auto t0 = std::chrono::steady_clock::now();
    std::thread th0(run, 0, total / 2, &r[0], chunk, 0u);
    std::thread th1(run, total / 2, total, &r[1], chunk, 1u);
    th0.join(); th1.join();
    double sec = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::uint64_t mism = r[0].mism + r[1].mism;
    sig_counts c{};
    for (auto& x : r) { c.nan += x.c.nan; c.zero += x.c.zero; c.range += x.c.range; c.unsure += x.c.unsure; c.vectors_slow += x.c.vectors_slow; }
    std::printf("inputs %llu  mismatches %llu  time %.1f s\n", (unsigned long long)total, (unsigned long long)mism, sec);
    std::printf("nan->x+x %llu  x<=-104->+0 %llu  x in(-104,-64)->scalar %llu  unsure->scalar %llu  vectors taking rare path %llu\n",
        (unsigned long long)c.nan, (unsigned long long)c.zero, (unsigned long long)c.range, (unsigned long long)c.unsure, (unsigned long long)c.vectors_slow);
    std::printf("fraction: unsure %.3e  range %.3e  scalar total %.3e\n", c.unsure / (double)total, c.range / (double)total, (c.unsure + c.range) / (double)total);
    std::printf("unsure x ranges: negative [%g, %g]  non-negative [%g, %g]\n", std::min(r[0].umin_neg, r[1].umin_neg), std::max(r[0].umax_neg, r[1].umax_neg), std::min(r[0].umin_pos, r[1].umin_pos), std::max(r[0].umax_pos, r[1].umax_pos));
    std::printf("unsure lanes per binade of |x| (binade: count, fraction of the binade's 2*2^23 floats):\n");
    for (int e = 0; e < 256; ++e) { std::uint64_t h = r[0].hist[e] + r[1].hist[e]; if (h) std::printf("  [2^%d,2^%d): %llu  %.2e\n", e - 127, e - 126, (unsigned long long)h, h / (2.0 * (1 << 23))); }
    return mism != 0;
}
