// rectify_accuracy: how close each implementation of the smooth functions
// comes to the real value, on the same inputs, for float.
//
// Every implementation rectify_bench times (rectify, the plain loops, and each
// peer library found when it was built: SLEEF composed, Eigen, oneDNN,
// XNNPACK, libtorch), through the same kernel interface (peer.hpp), out of
// place, on
//   - 2^20 inputs drawn from normal(0, 3) (Box-Muller over SplitMix64, fixed
//     seed: the same inputs on every machine), and
//   - a named set of hard inputs: gelu's far tails, softplus at 90 and 1e4,
//     +-inf, -0, NaN, ...
// against smooth_ref::reference (tests/exhaustive/smooth/smooth_reference.hpp),
// the correctly rounded float computed with MPFR. For each function (the
// value and the derivative; an implementation with a backward pass but no
// derivative, such as oneDNN's eltwise_backward, is measured through its
// backward pass with dy = 1, which is its derivative) and implementation it
// reports over the 2^20 inputs:
//   - the largest error in ulps: the distance, in floats, between the result
//     and the correctly rounded one (0 for a correctly rounded result; the
//     real error is within half an ulp more); a NaN where the reference is a
//     number counts as "NaN";
//   - the share of results that are not correctly rounded (not the same bits;
//     -0 for +0 counts);
// and for the hard inputs, what each implementation returns.
//
//   rectify_accuracy [--n N] [--seed S] [--threads T] [--markdown FILE]
//                    [--require-correctly-rounded IMPL]
//
// prints the tables as Markdown (and writes them to FILE). N defaults to 2^20;
// T to the machine's cores (the MPFR references take most of the time).
// --require-correctly-rounded rectify makes it a test: exit status 1, naming
// each function and input, unless every result of that implementation (the
// normal inputs and the hard ones, every function the reference has) is the
// correctly rounded one.
//
// SPDX-License-Identifier: MIT

#include "peer.hpp"
#include "smooth_local.hpp"

#include <smooth_reference.hpp>

#include <algorithm>
#include <bit>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <fstream>
#include <iostream>
#include <limits>
#include <map>
#include <memory>
#include <new>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

// The peers' listing functions (bench/CMakeLists.txt writes the list).
#define RECTIFY_BENCH_PEER(function) std::vector<rectify_bench::Impl> function();
#include "rectify_bench_peers.inc"
#undef RECTIFY_BENCH_PEER

namespace rectify_bench {
namespace {

constexpr const char* smooth_names[] = {"gelu", "gelu_tanh", "silu", "sigmoid", "tanh",
                                        "elu",  "selu",      "celu", "softplus", "mish"};

// The reference's variant for smooth function s, value or derivative.
smooth_ref::variant variant_of(Smooth s, bool derivative) {
    const std::string name = std::string(smooth_names[static_cast<int>(s)]) + (derivative ? "_derivative" : "");
    const std::optional<smooth_ref::variant> v = smooth_ref::variant_from_name(name);
    if (!v) {
        std::fprintf(stderr, "rectify_accuracy: the reference has no variant %s\n", name.c_str());
        std::exit(2);
    }
    return *v;
}

// ---- inputs ------------------------------------------------------------------

std::uint64_t mix(std::uint64_t z) {
    z += 0x9e3779b97f4a7c15u;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

// A double in (0, 1) from 53 random bits.
double unit(std::uint64_t bits) {
    return (static_cast<double>(bits >> 11) + 0.5) * 0x1p-53;
}

// n floats from normal(0, 3), by Box-Muller, deterministic in seed.
std::vector<float> normal_inputs(std::size_t n, std::uint64_t seed) {
    std::vector<float> x(n);
    constexpr double two_pi = 6.283185307179586476925286766559;
    for (std::size_t i = 0; i < n; i += 2) {
        const double u1 = unit(mix(seed ^ (2 * i)));
        const double u2 = unit(mix(seed ^ (2 * i + 1)));
        const double r = 3.0 * std::sqrt(-2.0 * std::log(u1));
        x[i] = static_cast<float>(r * std::cos(two_pi * u2));
        if (i + 1 < n) {
            x[i + 1] = static_cast<float>(r * std::sin(two_pi * u2));
        }
    }
    return x;
}

struct Hard {
    const char* name;
    float x;
    bool shown;  // in the special-value tables (all count in the hard-input figures)
};

const std::vector<Hard>& hard_inputs() {
    static const std::vector<Hard> h = {
        {"-inf", -std::numeric_limits<float>::infinity(), true},
        {"-FLT_MAX", -std::numeric_limits<float>::max(), false},
        {"-1e4", -1e4f, true},
        {"-100", -100.0f, true},
        {"-90", -90.0f, false},
        {"-20", -20.0f, true},
        {"-16", -16.0f, false},
        {"-14", -14.0f, false},
        {"-10", -10.0f, true},
        {"-8", -8.0f, false},
        {"-6", -6.0f, false},
        {"-5.5", -5.5f, false},
        {"-5", -5.0f, true},
        {"-1e-30", -1e-30f, true},
        {"-1e-40 (subnormal)", -1e-40f, false},
        {"-0", -0.0f, true},
        {"+0", 0.0f, true},
        {"1e-40 (subnormal)", 1e-40f, true},
        {"1e-30", 1e-30f, false},
        {"5", 5.0f, false},
        {"10", 10.0f, false},
        {"15", 15.0f, false},
        {"20", 20.0f, false},
        {"20.5", 20.5f, true},
        {"30", 30.0f, false},
        {"88", 88.0f, false},
        {"89", 89.0f, false},
        {"90", 90.0f, true},
        {"100", 100.0f, true},
        {"1e4", 1e4f, true},
        {"FLT_MAX", std::numeric_limits<float>::max(), false},
        {"+inf", std::numeric_limits<float>::infinity(), true},
        {"NaN", std::numeric_limits<float>::quiet_NaN(), true},
    };
    return h;
}

// ---- comparing -----------------------------------------------------------------

std::uint32_t bits(float f) {
    return std::bit_cast<std::uint32_t>(f);
}

// The same result: the same bits, or both NaN (payloads may differ).
bool same(float got, float want) {
    return bits(got) == bits(want) || (std::isnan(got) && std::isnan(want));
}

// The position of f on the line of floats (-0 and +0 both at 0).
std::int64_t key(float f) {
    const std::uint32_t b = bits(f);
    const std::int64_t magnitude = static_cast<std::int64_t>(b & 0x7fffffffu);
    return (b & 0x80000000u) != 0 ? -magnitude : magnitude;
}

// The distance in ulps between got and the correctly rounded want; -1 for a
// NaN against a number (or a number against NaN).
std::int64_t ulps(float got, float want) {
    if (std::isnan(got) || std::isnan(want)) {
        return std::isnan(got) && std::isnan(want) ? 0 : -1;
    }
    const std::int64_t d = key(got) - key(want);
    return d < 0 ? -d : d;
}

std::string show(float f) {
    if (std::isnan(f)) {
        return "NaN";
    }
    if (std::isinf(f)) {
        return f > 0 ? "inf" : "-inf";
    }
    if (f == 0) {
        return std::signbit(f) ? "-0" : "0";
    }
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.9g", static_cast<double>(f));
    return buf;
}

// ---- running -------------------------------------------------------------------

struct Free {
    void operator()(void* p) const noexcept { std::free(p); }
};

// n floats, 64-byte aligned, with 64 bytes to spare (XNNPACK may read past
// the end of an input).
std::unique_ptr<float[], Free> allocate(std::size_t n) {
    const std::size_t bytes = (n * sizeof(float) + 63) / 64 * 64 + 64;
    void* p = std::aligned_alloc(64, bytes);
    if (p == nullptr) {
        throw std::bad_alloc();
    }
    std::memset(p, 0, bytes);
    return std::unique_ptr<float[], Free>(static_cast<float*>(p));
}

// The correctly rounded results of v on x, computed by `threads` threads.
std::vector<float> references(smooth_ref::variant v, const std::vector<float>& x, unsigned threads) {
    std::vector<float> want(x.size());
    std::vector<std::thread> pool;
    const std::size_t chunk = (x.size() + threads - 1) / threads;
    for (unsigned t = 0; t < threads; ++t) {
        const std::size_t begin = std::min(x.size(), t * chunk);
        const std::size_t end = std::min(x.size(), begin + chunk);
        pool.emplace_back([&, begin, end] {
            for (std::size_t i = begin; i < end; ++i) {
                want[i] = smooth_ref::reference(v, x[i]);
            }
        });
    }
    for (std::thread& t : pool) {
        t.join();
    }
    return want;
}

// What one implementation got for one function (value or derivative).
struct Outcome {
    std::string impl;
    std::string via;  // "" or "backward, dy = 1"
    std::string error;
    std::int64_t max_ulps = 0;  // over the normal inputs; -1: a NaN where a number is due
    float worst_x = 0, worst_got = 0, worst_want = 0;
    std::size_t not_correct = 0;  // over the normal inputs
    std::size_t over_one_ulp = 0;
    std::size_t hard_not_correct = 0;
    std::int64_t hard_max_ulps = 0;
    std::vector<float> hard_got;
};

struct Row {
    bool derivative;
    std::string name;
    std::vector<float> hard_want;
    std::vector<Outcome> outcomes;
};

Outcome measure(const Impl& impl, const std::string& via, const std::vector<float>& x,
                const std::vector<float>& want, std::size_t normal_count) {
    Outcome o;
    o.impl = impl.impl;
    o.via = via;
    const std::size_t n = x.size();
    auto in = allocate(n);
    auto dy = allocate(n);
    auto out = allocate(n);
    std::memcpy(in.get(), x.data(), n * sizeof(float));
    std::fill(dy.get(), dy.get() + n, 1.0f);
    const bool backward = form_of(impl.function) == SmoothForm::backward;
    try {
        std::unique_ptr<Kernel> kernel = impl.make(Buffers{in.get(), backward ? dy.get() : nullptr, out.get(), n});
        kernel->run(alpha);
    } catch (const std::exception& e) {
        o.error = e.what();
        return o;
    }
    for (std::size_t i = 0; i < n; ++i) {
        const float got = out[i];
        const bool correct = same(got, want[i]);
        const std::int64_t d = ulps(got, want[i]);
        if (i < normal_count) {
            if (!correct) {
                ++o.not_correct;
            }
            if (d != 0 && d != 1) {
                ++o.over_one_ulp;
            }
            const bool worse = o.max_ulps >= 0 && (d < 0 || d > o.max_ulps);
            if (worse) {
                o.max_ulps = d;
                o.worst_x = x[i];
                o.worst_got = got;
                o.worst_want = want[i];
            }
        } else {
            if (!correct) {
                ++o.hard_not_correct;
            }
            if (o.hard_max_ulps >= 0 && (d < 0 || d > o.hard_max_ulps)) {
                o.hard_max_ulps = d;
            }
            o.hard_got.push_back(got);
        }
    }
    return o;
}

std::string ulps_text(std::int64_t d) {
    return d < 0 ? "NaN" : std::to_string(d);
}

std::string percent(std::size_t part, std::size_t whole) {
    char buf[32];
    const double p = 100.0 * static_cast<double>(part) / static_cast<double>(whole);
    if (part == 0) {
        return "0%";
    }
    if (p < 0.01) {
        std::snprintf(buf, sizeof buf, "%.4f%%", p);
    } else {
        std::snprintf(buf, sizeof buf, "%.2f%%", p);
    }
    return buf;
}

// rectify first, then the plain loops, then the peers by name.
bool impl_order(const std::string& a, const std::string& b) {
    auto rank = [](const std::string& s) { return s == "rectify" ? 0 : s.rfind("plain_loop", 0) == 0 ? 1 : 2; };
    return std::pair(rank(a), a) < std::pair(rank(b), b);
}

std::string markdown(const std::vector<Row>& rows, const std::vector<std::string>& impls, std::size_t normal_count,
                     std::uint64_t seed, const std::map<std::string, std::string>& labels) {
    std::ostringstream md;
    md << "Inputs: " << normal_count << " floats from normal(0, 3) (seed " << seed << "), and "
       << hard_inputs().size()
       << " hard inputs (below). Reference: smooth_ref::reference, the correctly rounded float (MPFR). "
          "Error in ulps: the distance in floats between a result and the correctly rounded one (0: correctly "
          "rounded; the error against the real value is within half an ulp more). Not correctly rounded: a "
          "result whose bits differ from the reference's (NaN payloads aside; -0 for +0 counts). "
          "Derivatives of implementations that have a backward pass but no derivative are measured through "
          "the backward pass with dy = 1 (marked *).\n\n";

    md << "### Largest error in ulps / share not correctly rounded, over the " << normal_count
       << " normal(0, 3) inputs\n\n";
    md << "| function |";
    for (const std::string& impl : impls) {
        md << " " << impl << " |";
    }
    md << "\n|---|";
    for (std::size_t i = 0; i < impls.size(); ++i) {
        md << "---:|";
    }
    md << "\n";
    for (const Row& row : rows) {
        md << "| " << row.name << " |";
        for (const std::string& impl : impls) {
            const auto it = std::find_if(row.outcomes.begin(), row.outcomes.end(),
                                         [&](const Outcome& o) { return o.impl == impl; });
            if (it == row.outcomes.end()) {
                md << " - |";
            } else if (!it->error.empty()) {
                md << " error |";
            } else {
                md << " " << ulps_text(it->max_ulps) << " / " << percent(it->not_correct, normal_count)
                   << (it->via.empty() ? "" : " *") << " |";
            }
        }
        md << "\n";
    }

    md << "\n### Where the largest errors are\n\n"
       << "Per function and implementation: the largest error over the normal inputs and where (x, result, "
          "correctly rounded), the share more than 1 ulp off, and over the "
       << hard_inputs().size() << " hard inputs the results not correctly rounded and the largest error.\n\n";
    md << "| function | implementation | max ulps | at x | got | correctly rounded | > 1 ulp | hard inputs not "
          "correctly rounded | hard max ulps |\n";
    md << "|---|---|---:|---:|---:|---:|---:|---:|---:|\n";
    for (const Row& row : rows) {
        for (const Outcome& o : row.outcomes) {
            md << "| " << row.name << " | " << o.impl << (o.via.empty() ? "" : " *") << " | ";
            if (!o.error.empty()) {
                md << "error: " << o.error << " | | | | | | |\n";
                continue;
            }
            md << ulps_text(o.max_ulps) << " | ";
            if (o.max_ulps != 0) {
                md << show(o.worst_x) << " | " << show(o.worst_got) << " | " << show(o.worst_want);
            } else {
                md << " | | ";
            }
            md << " | " << percent(o.over_one_ulp, normal_count) << " | " << o.hard_not_correct << " of "
               << hard_inputs().size() << " | " << ulps_text(o.hard_max_ulps) << " |\n";
        }
    }

    md << "\n### Special values: what each implementation returns\n\n"
       << "Per function (the values; the derivatives' are in the hard-input counts above): the correctly "
          "rounded result, then each implementation's; = marks the correctly rounded result (the same bits).\n";
    const std::vector<Hard>& hard = hard_inputs();
    for (const Row& row : rows) {
        if (row.derivative) {
            continue;
        }
        md << "\n#### " << row.name << "\n\n| x | correctly rounded |";
        std::vector<const Outcome*> shown;
        for (const Outcome& o : row.outcomes) {
            if (o.error.empty()) {
                shown.push_back(&o);
                md << " " << o.impl << " |";
            }
        }
        md << "\n|---|---:|";
        for (std::size_t i = 0; i < shown.size(); ++i) {
            md << "---:|";
        }
        md << "\n";
        for (std::size_t h = 0; h < hard.size(); ++h) {
            if (!hard[h].shown) {
                continue;
            }
            md << "| " << hard[h].name << " | " << show(row.hard_want[h]) << " |";
            for (const Outcome* o : shown) {
                const float got = o->hard_got[h];
                md << " " << (same(got, row.hard_want[h]) ? std::string("=") : show(got)) << " |";
            }
            md << "\n";
        }
    }

    md << "\n### Implementations\n\n";
    for (const auto& [impl, label] : labels) {
        md << "- " << impl << ": " << label << "\n";
    }
    return md.str();
}

int run(int argc, char** argv) {
    std::size_t n = std::size_t{1} << 20;
    std::uint64_t seed = 20240601;
    unsigned threads = std::max(1u, std::thread::hardware_concurrency());
    std::string markdown_path;
    std::string required;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        const bool has_value = i + 1 < argc;
        if (a == "--n" && has_value) {
            n = std::stoul(argv[++i]);
        } else if (a == "--seed" && has_value) {
            seed = std::stoull(argv[++i]);
        } else if (a == "--threads" && has_value) {
            threads = static_cast<unsigned>(std::max(1ul, std::stoul(argv[++i])));
        } else if (a == "--markdown" && has_value) {
            markdown_path = argv[++i];
        } else if (a == "--require-correctly-rounded" && has_value) {
            required = argv[++i];
        } else {
            std::fprintf(stderr,
                         "usage: rectify_accuracy [--n N] [--seed S] [--threads T] [--markdown FILE] "
                         "[--require-correctly-rounded IMPL]\n");
            return 2;
        }
    }
    const auto start = std::chrono::steady_clock::now();

    std::vector<Impl> all;
    add_smooth_local<float>(all);
#define RECTIFY_BENCH_PEER(function)      \
    for (Impl & impl : function()) {      \
        all.push_back(std::move(impl));   \
    }
#include "rectify_bench_peers.inc"
#undef RECTIFY_BENCH_PEER

    std::vector<float> x = normal_inputs(n, seed);
    for (const Hard& h : hard_inputs()) {
        x.push_back(h.x);
    }

    std::vector<Row> rows;
    std::vector<std::string> impls;
    std::map<std::string, std::string> labels;
    for (const Smooth s : smooth_functions) {
        for (const bool derivative : {false, true}) {
            Row row{derivative, std::string(smooth_names[static_cast<int>(s)]) + (derivative ? "_derivative" : ""),
                    {}, {}};
            const smooth_ref::variant v = variant_of(s, derivative);
            const std::vector<float> want = references(v, x, threads);
            row.hard_want.assign(want.begin() + static_cast<std::ptrdiff_t>(n), want.end());
            const Function direct = smooth_function(s, derivative ? SmoothForm::derivative : SmoothForm::value);
            const Function back = smooth_function(s, SmoothForm::backward);
            // Each implementation once: its direct form, else (derivatives) its backward pass.
            std::map<std::string, const Impl*> chosen;
            std::map<std::string, std::string> via;
            for (const Impl& impl : all) {
                if (impl.type != Type::f32 || impl.place != Place::out) {
                    continue;
                }
                if (impl.function == direct) {
                    chosen[impl.impl] = &impl;
                    via[impl.impl] = "";
                } else if (derivative && impl.function == back && chosen.find(impl.impl) == chosen.end()) {
                    chosen[impl.impl] = &impl;
                    via[impl.impl] = "backward, dy = 1";
                }
            }
            std::vector<std::string> names;
            for (const auto& [name, impl] : chosen) {
                names.push_back(name);
            }
            std::sort(names.begin(), names.end(), impl_order);
            for (const std::string& name : names) {
                row.outcomes.push_back(measure(*chosen[name], via[name], x, want, n));
                if (std::find(impls.begin(), impls.end(), name) == impls.end()) {
                    impls.push_back(name);
                }
            }
            std::fprintf(stderr, "rectify_accuracy: %s done (%.1f s)\n", row.name.c_str(),
                         std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
            rows.push_back(std::move(row));
        }
    }
    std::sort(impls.begin(), impls.end(), impl_order);
    // Each implementation's label, from a kernel made on a small buffer.
    for (const Impl& impl : all) {
        if (labels.find(impl.impl) != labels.end() || impl.type != Type::f32) {
            continue;
        }
        auto in = allocate(16);
        auto out = allocate(16);
        try {
            const std::unique_ptr<Kernel> k = impl.make(Buffers{in.get(), in.get(), out.get(), 16});
            labels[impl.impl] = impl.impl == "rectify"
                                    ? std::string("rectify ") + std::to_string(RECTIFY_VERSION_MAJOR) + "." +
                                          std::to_string(RECTIFY_VERSION_MINOR) + "." +
                                          std::to_string(RECTIFY_VERSION_PATCH) + ", " +
                                          rectify::isa_name(rectify::active_isa())
                                    : impl.impl == "plain_loop" ? std::string("<cmath> loop, default flags")
                                                                : k->label;
        } catch (const std::exception& e) {
            labels[impl.impl] = std::string("could not set up: ") + e.what();
        }
    }

    const std::string md = markdown(rows, impls, n, seed, labels);
    std::cout << md;
    if (!markdown_path.empty()) {
        std::ofstream f(markdown_path);
        f << md;
        if (!f) {
            std::fprintf(stderr, "rectify_accuracy: could not write %s\n", markdown_path.c_str());
            return 1;
        }
    }
    std::fprintf(stderr, "rectify_accuracy: %zu inputs, %zu functions, in %.1f s\n", x.size(), rows.size(),
                 std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    if (required.empty()) {
        return 0;
    }
    int failures = 0;
    const std::vector<Hard>& hard = hard_inputs();
    for (const Row& row : rows) {
        const auto it = std::find_if(row.outcomes.begin(), row.outcomes.end(),
                                     [&](const Outcome& o) { return o.impl == required && o.via.empty(); });
        if (it == row.outcomes.end() || !it->error.empty()) {
            std::fprintf(stderr, "rectify_accuracy: %s: %s %s\n", row.name.c_str(), required.c_str(),
                         it == row.outcomes.end() ? "has no such function" : it->error.c_str());
            ++failures;
            continue;
        }
        if (it->not_correct != 0) {
            std::fprintf(stderr,
                         "rectify_accuracy: %s: %s is not correctly rounded on %zu of %zu normal inputs, "
                         "at worst %s ulps: x = %s gives %s, want %s\n",
                         row.name.c_str(), required.c_str(), it->not_correct, n, ulps_text(it->max_ulps).c_str(),
                         show(it->worst_x).c_str(), show(it->worst_got).c_str(), show(it->worst_want).c_str());
            ++failures;
        }
        for (std::size_t h = 0; h < hard.size(); ++h) {
            if (!same(it->hard_got[h], row.hard_want[h])) {
                std::fprintf(stderr, "rectify_accuracy: %s: %s(%s) gives %s, want %s\n", row.name.c_str(),
                             required.c_str(), hard[h].name, show(it->hard_got[h]).c_str(),
                             show(row.hard_want[h]).c_str());
                ++failures;
            }
        }
    }
    if (failures != 0) {
        std::fprintf(stderr, "rectify_accuracy: %s is not correctly rounded everywhere (%d findings above)\n",
                     required.c_str(), failures);
        return 1;
    }
    std::fprintf(stderr, "rectify_accuracy: every result of %s is correctly rounded\n", required.c_str());
    return 0;
}

}  // namespace
}  // namespace rectify_bench

int main(int argc, char** argv) {
    return rectify_bench::run(argc, argv);
}
