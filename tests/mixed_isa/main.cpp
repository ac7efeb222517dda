// A program whose translation units were built with different -m flags: this
// one with the defaults, v4.cpp with -march=x86-64-v4. On a CPU without
// AVX-512 (the test runs it under qemu-x86_64 -cpu Haswell) the baseline
// calls must not reach the other unit's AVX-512 code (that would be an
// illegal instruction), and must give the scalar results.
#include "calls.hpp"

#include <cstdio>
#include <cstring>

void calls_built_for_v4(std::vector<float>& f, std::vector<double>& d, std::vector<std::int8_t>& b);

namespace {
bool run(void (*calls)(std::vector<float>&, std::vector<double>&, std::vector<std::int8_t>&), const char* name) {
    std::vector<float> f;
    std::vector<double> d;
    std::vector<std::int8_t> b;
    for (int i = 0; i < 300; ++i) {
        f.push_back(static_cast<float>(i % 7 - 3) * 0.75f);
        d.push_back(static_cast<double>(i % 5 - 2) * 1.25);
        b.push_back(static_cast<std::int8_t>(i % 11 - 5));
    }
    std::vector<float> fe = f;
    std::vector<double> de = d;
    std::vector<std::int8_t> be = b;
    expected_calls(fe, de, be);
    calls(f, d, b);
    const bool same = std::memcmp(f.data(), fe.data(), f.size() * sizeof(float)) == 0 &&
                      std::memcmp(d.data(), de.data(), d.size() * sizeof(double)) == 0 &&
                      std::memcmp(b.data(), be.data(), b.size()) == 0;
    std::printf("%s calls on %s: %s\n", name, rectify::isa_name(rectify::active_isa()), same ? "ok" : "WRONG");
    return same;
}

void calls_built_for_baseline(std::vector<float>& f, std::vector<double>& d, std::vector<std::int8_t>& b) {
    RECTIFY_MIXED_CALLS(f, d, b);
}
}  // namespace

int main() {
    bool ok = run(calls_built_for_baseline, "baseline");
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl") &&
        __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512cd")) {
        ok = run(calls_built_for_v4, "x86-64-v4") && ok;
    } else {
        std::printf("x86-64-v4 calls skipped: this CPU has no AVX-512\n");
    }
    return ok ? 0 : 1;
}
