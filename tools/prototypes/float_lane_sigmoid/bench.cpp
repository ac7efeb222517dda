// Speed: ns per element, inputs normal(0,3), 16Ki and 256Ki floats.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <cstdint>
#include <random>
#include <span>
#include <string>
#include <vector>
#include "rectify/rectify.hpp"
struct sig_counts { std::uint64_t nan, zero, range, unsure, vectors_slow; };
extern thread_local sig_counts sig_count;
void sig16(const float* in, float* out, size_t n);
void sig16_rcp(const float* in, float* out, size_t n);
void sig16_nounroll(const float* in, float* out, size_t n);
#ifdef VARIANT_DECLS
VARIANT_DECLS
#endif
void sleef_sig(const float* in, float* out, size_t n);

static void rect(const float* in, float* out, size_t n) {
    rectify::sigmoid(std::span<const float>(in, n), std::span<float>(out, n));
}
static void mcpy(const float* in, float* out, size_t n) { std::memcpy(out, in, n * 4); }

using fn = void (*)(const float*, float*, size_t);
struct K { const char* name; fn f; };

int main(int argc, char** argv) {
    int reps = argc > 1 ? std::atoi(argv[1]) : 7;
    double target = 0.1;  // seconds per repetition
    K ks[] = {
#ifdef VARIANTS
        VARIANTS
#else
        {"sig16 (vdivps, x2 unroll)", sig16}, {"sig16 rcp14+Newton", sig16_rcp}, {"sig16 no unroll", sig16_nounroll},
#endif
        {"rectify span", rect}, {"sleef 1/(1+expf16_u10(-x))", sleef_sig}, {"memcpy", mcpy}};
    std::printf("active isa: %d\n", (int)rectify::active_isa());
    for (size_t n : {size_t(16384), size_t(262144)}) {
        std::vector<float> in(n), out(n), ref(n);
        std::mt19937 g(12345);
        std::normal_distribution<float> d(0.0f, 3.0f);
        for (auto& v : in) v = d(g);
        // correctness on this data vs the scalar
        for (size_t i = 0; i < n; ++i) ref[i] = rectify::sigmoid(in[i]);
        sig_count = {};
        sig16(in.data(), out.data(), n);
        std::printf("n=%zu: sig16 mismatches %zu, unsure lanes %llu (%.2e), vectors with a slow lane %llu of %zu\n", n,
                    (size_t)std::count_if(out.begin(), out.end(), [&, i = size_t(0)](float y) mutable { return std::memcmp(&y, &ref[i++], 4) != 0; }),
                    (unsigned long long)sig_count.unsure, sig_count.unsure / double(n), (unsigned long long)sig_count.vectors_slow, n / 16);
        const size_t nk = sizeof ks / sizeof ks[0];
        std::vector<size_t> iters(nk, 1);
        for (size_t q = 0; q < nk; ++q) {  // calibrate to ~target seconds
            for (;;) {
                auto t0 = std::chrono::steady_clock::now();
                for (size_t r = 0; r < iters[q]; ++r) { ks[q].f(in.data(), out.data(), n); asm volatile("" ::: "memory"); }
                double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
                if (s > target / 4) { iters[q] = size_t(iters[q] * target / s) + 1; break; }
                iters[q] *= 2;
            }
        }
        std::vector<std::vector<double>> ns(nk);
        for (int r = 0; r < reps; ++r)  // round robin, so every kernel sees the same background load
            for (size_t q = 0; q < nk; ++q) {
                auto t0 = std::chrono::steady_clock::now();
                for (size_t it = 0; it < iters[q]; ++it) { ks[q].f(in.data(), out.data(), n); asm volatile("" ::: "memory"); }
                double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
                ns[q].push_back(s * 1e9 / (double(iters[q]) * n));
            }
        for (size_t q = 0; q < nk; ++q) {
            auto& v = ns[q];
            std::sort(v.begin(), v.end());
            std::printf("  %-30s n=%7zu  median %.4f  best %.4f  worst %.4f ns/elem\n", ks[q].name, n, v[v.size() / 2], v[0], v.back());
        }
    }
}
