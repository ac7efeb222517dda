// generate: writes the exhaustive digests of the 20 smooth activation
// variants (tests/exhaustive/smooth/reference/<variant>.digest + MANIFEST.txt)
// from the correctly rounded MPFR-backed reference of
// tests/exhaustive/smooth/smooth_reference.hpp. See README.md beside this file.
#include "../../tests/exhaustive/smooth/smooth_reference.hpp"

#include <gmp.h>
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cinttypes>
#include <cstdarg>
#include <condition_variable>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <map>
#include <mutex>
#include <random>
#include <sstream>
#include <thread>

namespace sr = smooth_ref;
namespace det = smooth_ref::detail;
using sr::variant;

namespace {

double cpu_seconds() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return u.ru_utime.tv_sec + u.ru_utime.tv_usec * 1e-6 + u.ru_stime.tv_sec + u.ru_stime.tv_usec * 1e-6;
}
double now_seconds() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}
std::string utc_now() {
    std::time_t t = std::time(nullptr);
    char buf[64];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
    return buf;
}
void logf(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
void logf(const char* fmt, ...) {
    static std::mutex m;
    std::lock_guard<std::mutex> g(m);
    std::fprintf(stderr, "[%s] ", utc_now().c_str());
    va_list ap;
    va_start(ap, fmt);
    std::vfprintf(stderr, fmt, ap);
    va_end(ap);
    std::fputc('\n', stderr);
    std::fflush(stderr);
}

struct options {
    std::vector<variant> variants;
    int threads = 2;
    std::string out = "tests/exhaustive/smooth/reference";
    int block_first = 0, block_end = sr::block_count;
    bool partial = false;
    long check_block = -1;
    bool validate = false;
    long validate_random = 100000;
    bool skip_existing = false;
    bool variants_given = false;
    int sample_log2 = 16;
    std::string command;
};

[[noreturn]] void usage(const char* msg) {
    if (msg) std::fprintf(stderr, "generate: %s\n", msg);
    std::fprintf(stderr,
                 "usage: generate [--variant NAME]... [--threads N] [--out DIR] [--blocks A:B]\n"
                 "                [--check-block K] [--skip-existing] [--sample-log2 S]\n"
                 "                [--validate [--validate-random N]]\n"
                 "  --variant NAME   one of the 20 variants (repeatable; default: all)\n"
                 "  --threads N      worker threads (default 2)\n"
                 "  --out DIR        where the .digest files and MANIFEST.txt go\n"
                 "                   (default tests/exhaustive/smooth/reference)\n"
                 "  --blocks A:B     only blocks A..B-1: print their digests (and compare with DIR's\n"
                 "                   files when present); writes nothing\n"
                 "  --check-block K  print 'input result' bit patterns of every input of block K\n"
                 "                   (one variant) and the block digest\n"
                 "  --skip-existing  keep variants whose .digest already exists (resume)\n"
                 "  --sample-log2 S  cross-check 1 input in 2^S against forced MPFR (default 16; 0 = off)\n"
                 "  --validate       stage 1 vs forced MPFR on a few million chosen inputs, rounding\n"
                 "                   checks and named values (with --variant: only those variants'\n"
                 "                   stage-1 comparison); exit status 1 on any failure\n");
    std::exit(2);
}

options parse(int argc, char** argv) {
    options o;
    o.command = std::filesystem::path(argv[0]).filename().string();
    for (int i = 1; i < argc; ++i) o.command += " " + std::string(argv[i]);
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        auto next = [&]() -> std::string {
            if (i + 1 >= argc) usage(("missing value after " + a).c_str());
            return argv[++i];
        };
        if (a == "--variant") {
            auto v = sr::variant_from_name(next());
            if (!v) usage("unknown variant");
            o.variants.push_back(*v);
            o.variants_given = true;
        } else if (a == "--threads") {
            o.threads = std::max(1, std::atoi(next().c_str()));
        } else if (a == "--out") {
            o.out = next();
        } else if (a == "--blocks") {
            std::string s = next();
            auto c = s.find(':');
            if (c == std::string::npos) usage("--blocks A:B");
            o.block_first = std::atoi(s.substr(0, c).c_str());
            o.block_end = std::atoi(s.substr(c + 1).c_str());
            if (o.block_first < 0 || o.block_end > sr::block_count || o.block_first >= o.block_end)
                usage("--blocks A:B needs 0 <= A < B <= 4096");
            o.partial = true;
        } else if (a == "--check-block") {
            o.check_block = std::atol(next().c_str());
            if (o.check_block < 0 || o.check_block >= sr::block_count) usage("--check-block K, 0 <= K < 4096");
        } else if (a == "--validate") {
            o.validate = true;
        } else if (a == "--validate-random") {
            o.validate_random = std::atol(next().c_str());
        } else if (a == "--skip-existing") {
            o.skip_existing = true;
        } else if (a == "--sample-log2") {
            o.sample_log2 = std::atoi(next().c_str());
        } else if (a == "--help" || a == "-h") {
            usage(nullptr);
        } else {
            usage(("unknown option " + a).c_str());
        }
    }
    if (o.variants.empty())
        for (int v = 0; v < sr::variant_count; ++v) o.variants.push_back(static_cast<variant>(v));
    return o;
}

// ---------------------------------------------------------------------------
// Generation
struct variant_result {
    std::vector<uint64_t> digest = std::vector<uint64_t>(sr::block_count, 0);
    sr::counters c{};
    uint64_t sampled = 0, sampled_na = 0;
    double cpu = 0, wall = 0;
};

struct manifest_row {
    std::string line;  // the table row, kept as text
};

void add_counters(sr::counters& a, const sr::counters& b) {
    a.special += b.special;
    a.tail += b.tail;
    a.tiny += b.tiny;
    a.generic += b.generic;
    a.mpfr += b.mpfr;
    a.mpfr1024 += b.mpfr1024;
}
sr::counters diff_counters(const sr::counters& a, const sr::counters& b) {
    return {a.special - b.special, a.tail - b.tail,   a.tiny - b.tiny,
            a.generic - b.generic, a.mpfr - b.mpfr,   a.mpfr1024 - b.mpfr1024};
}

// Runs blocks [first, end) of one variant on `threads` threads.
variant_result run_variant(variant v, int first, int end, int threads, int sample_log2, bool progress,
                           double run_start, int variants_done, int variants_total) {
    variant_result res;
    std::atomic<int> next{first};
    std::atomic<int> done{0};
    std::mutex m;
    const double t0 = now_seconds(), c0 = cpu_seconds();
    const int total = end - first;
    auto worker = [&]() {
        sr::counters before = sr::stats;
        uint64_t sampled = 0, sampled_na = 0;
        const uint64_t sample_mask = sample_log2 > 0 ? (~0ull >> (64 - sample_log2)) : ~0ull;
        for (;;) {
            int k = next.fetch_add(1);
            if (k >= end) break;
            uint64_t d = 0;
            const uint32_t base = static_cast<uint32_t>(k) << sr::block_bits;
            for (uint32_t j = 0; j < (1u << sr::block_bits); ++j) {
                const uint32_t i = base + j;
                const uint32_t r = sr::reference_bits(v, i);
                d += sr::digest_term(i, r);
                if (sample_log2 > 0 && ((static_cast<uint64_t>(i) * 0xD6E8FEB86659FD93ull) >> 20 & sample_mask) == 0) {
                    float mref;
                    if (sr::reference_mpfr(v, det::from_bits(i), 1.0f, mref)) {
                        ++sampled;
                        if (det::bits(mref) != r) {
                            std::fprintf(stderr, "smooth_ref: FATAL: sampled cross-check %s(0x%08x): 0x%08x vs MPFR 0x%08x\n",
                                         sr::name(v).data(), i, r, det::bits(mref));
                            std::abort();
                        }
                    } else {
                        ++sampled_na;
                    }
                }
            }
            res.digest[k] = d;
            done.fetch_add(1);
        }
        sr::counters delta = diff_counters(sr::stats, before);
        std::lock_guard<std::mutex> g(m);
        add_counters(res.c, delta);
        res.sampled += sampled;
        res.sampled_na += sampled_na;
    };
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) pool.emplace_back(worker);
    if (progress) {
        double last = now_seconds();
        while (done.load() < total) {
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
            double t = now_seconds();
            if (t - last >= 60 && done.load() < total) {
                last = t;
                int d = done.load();
                double el = t - t0;
                double rate = d * double(1u << sr::block_bits) / el;
                double eta_v = d ? el * (total - d) / d : 0;
                // the rest: assume the remaining variants cost the mean of the finished ones and this one
                double per_variant = d ? (t - run_start + eta_v) / (variants_done + 1) : 0;
                double eta_all = eta_v + per_variant * (variants_total - variants_done - 1);
                logf("%s: %d/%d blocks, %.2f M inputs/s, cpu %.0f s, variant ETA %.0f s, run ETA %.0f s",
                     sr::name(v).data(), d, total, rate / 1e6, cpu_seconds() - c0, eta_v, eta_all);
            }
        }
    }
    for (auto& th : pool) th.join();
    res.cpu = cpu_seconds() - c0;
    res.wall = now_seconds() - t0;
    return res;
}

std::string manifest_row_text(variant v, const variant_result& r) {
    char buf[512];
    std::snprintf(buf, sizeof buf,
                  "%-22s %10" PRIu64 " %8" PRIu64 " %11" PRIu64 " %11" PRIu64 " %11" PRIu64 " %11" PRIu64
                  " %8" PRIu64 " %8.1f",
                  sr::name(v).data(), r.c.mpfr, r.c.mpfr1024, r.c.special, r.c.tail, r.c.tiny, r.c.generic,
                  r.sampled, r.cpu);
    return buf;
}

void write_manifest(const options& o, const std::map<int, std::string>& rows) {
    std::ostringstream m;
    m << "rectify smooth activations: exhaustive float reference digests\n"
      << "\n"
      << "files: <variant>.digest, 4096 little-endian uint64 each (32 KiB)\n"
      << "inputs: the 2^32 float bit patterns i (uint32, bit_cast to float)\n"
      << "block size: 1048576 (2^20); block k covers i in [k << 20, (k + 1) << 20), k = 0..4095\n"
      << "digest_k = sum over i in block k of (uint64)r_i * ((2*(uint64)i + 1) * 0x9E3779B97F4A7C15) mod 2^64\n"
      << "r_i: the uint32 bit pattern of the correctly rounded float result for input i\n"
      << "rounding: the real value (x exact) rounded to nearest float, ties to even, gradual underflow\n"
      << "  (rounded once at the subnormal's precision), overflow only where the real value rounds so;\n"
      << "  a result that rounds to zero has the sign of the real value; NaN input bits b give b | 0x00400000;\n"
      << "  f(+-0) = +-0 for gelu, gelu_tanh, silu, tanh, elu, selu, celu, mish; +-inf give the limits\n"
      << "parameters: elu/celu alpha = 1, softplus beta = 1, gelu_tanh k = sqrt(2/pi) and 0.044715 (exact\n"
      << "  decimal), selu lambda = 1.0507009873554804934193349852946, alpha = 1.6732632423543772848170429916717\n"
      << "  (exact decimals)\n"
      << "variants: ";
    for (int v = 0; v < sr::variant_count; ++v) m << (v ? " " : "") << sr::variant_names[v];
    m << "\n"
      << "generator: tools/smooth_reference/generate.cpp with tests/exhaustive/smooth/smooth_reference.hpp\n"
      << "  (build: see tools/smooth_reference/README.md); MPFR " << mpfr_get_version() << ", GMP " << gmp_version
      << "\n"
      << "command: " << o.command << "\n"
      << "date: " << utc_now() << "\n"
      << "\n"
      << "per variant: inputs decided by the MPFR fallback (128 + 256 bits), of those needing 1024 bits,\n"
      << "inputs decided by the special rules, the tail enclosures, the tiny-|x| Taylor enclosures, the\n"
      << "long double midpoint-radius evaluation; inputs also cross-checked against forced MPFR (all\n"
      << "agreed); CPU seconds (all threads)\n"
      << "\n"
      << "variant                mpfr_fallbk mpfr1024     special        tail        tiny     generic  sampled  cpu_s\n";
    double cpu = 0;
    for (auto& [k, row] : rows) {
        m << row << "\n";
        std::istringstream is(row);
        std::string tok;
        std::vector<std::string> t;
        while (is >> tok) t.push_back(tok);
        if (!t.empty()) cpu += std::atof(t.back().c_str());
    }
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.0f", cpu);
    m << "total cpu_s: " << buf << " (" << rows.size() << " of 20 variants)\n";
    std::ofstream f(o.out + "/MANIFEST.txt");
    f << m.str();
}

// Rows of an existing MANIFEST (for --skip-existing).
std::map<int, std::string> read_manifest_rows(const std::string& dir) {
    std::map<int, std::string> rows;
    std::ifstream f(dir + "/MANIFEST.txt");
    std::string line;
    while (std::getline(f, line)) {
        std::istringstream is(line);
        std::string first;
        is >> first;
        auto v = sr::variant_from_name(first);
        if (v && line.size() > 30) rows[static_cast<int>(*v)] = line;
    }
    return rows;
}

int generate(const options& o) {
    if (o.partial) {
        int bad = 0;
        for (variant v : o.variants) {
            variant_result r = run_variant(v, o.block_first, o.block_end, o.threads, o.sample_log2, false, 0, 0, 1);
            std::vector<uint64_t> ref;
            std::string path = o.out + "/" + std::string(sr::name(v)) + ".digest";
            if (std::filesystem::exists(path)) ref = sr::load_digests(path);
            for (int k = o.block_first; k < o.block_end; ++k) {
                std::printf("%s block %d digest 0x%016" PRIx64, sr::name(v).data(), k, r.digest[k]);
                if (!ref.empty()) {
                    bool ok = ref[k] == r.digest[k];
                    bad += !ok;
                    std::printf(" %s", ok ? "matches" : "MISMATCH");
                }
                std::printf("\n");
            }
            std::printf("%s blocks %d:%d: mpfr %" PRIu64 " (1024 bits %" PRIu64 "), tail %" PRIu64 ", tiny %" PRIu64
                        ", generic %" PRIu64 ", special %" PRIu64 ", sampled %" PRIu64 ", cpu %.1f s, wall %.1f s\n",
                        sr::name(v).data(), o.block_first, o.block_end, r.c.mpfr, r.c.mpfr1024, r.c.tail, r.c.tiny,
                        r.c.generic, r.c.special, r.sampled, r.cpu, r.wall);
        }
        return bad ? 1 : 0;
    }
    std::filesystem::create_directories(o.out);
    std::map<int, std::string> rows = o.skip_existing ? read_manifest_rows(o.out) : std::map<int, std::string>{};
    const double start = now_seconds();
    int done = 0, total = static_cast<int>(o.variants.size());
    logf("generating %d variants, %d threads, into %s", total, o.threads, o.out.c_str());
    for (variant v : o.variants) {
        std::string path = o.out + "/" + std::string(sr::name(v)) + ".digest";
        if (o.skip_existing && std::filesystem::exists(path) && rows.count(static_cast<int>(v))) {
            logf("%s: kept (exists)", sr::name(v).data());
            ++done;
            continue;
        }
        logf("%s: start", sr::name(v).data());
        variant_result r = run_variant(v, 0, sr::block_count, o.threads, o.sample_log2, true, start, done, total);
        sr::save_digests(path + ".tmp", r.digest);
        std::filesystem::rename(path + ".tmp", path);
        rows[static_cast<int>(v)] = manifest_row_text(v, r);
        write_manifest(o, rows);
        ++done;
        logf("%s: done in %.0f s wall, %.0f s cpu; mpfr fallbacks %" PRIu64 " (1024 bits: %" PRIu64
             "), sampled cross-checks %" PRIu64 " (+%" PRIu64 " outside MPFR's range); %d/%d variants",
             sr::name(v).data(), r.wall, r.cpu, r.c.mpfr, r.c.mpfr1024, r.sampled, r.sampled_na, done, total);
    }
    logf("all done in %.0f s", now_seconds() - start);
    return 0;
}

int check_block(const options& o) {
    if (o.variants.size() != 1) usage("--check-block needs exactly one --variant");
    variant v = o.variants[0];
    uint64_t d = 0;
    const uint32_t base = static_cast<uint32_t>(o.check_block) << sr::block_bits;
    std::printf("# %s block %ld: input_bits result_bits (input as %%a, result as %%a)\n", sr::name(v).data(),
                o.check_block);
    for (uint32_t j = 0; j < (1u << sr::block_bits); ++j) {
        uint32_t i = base + j;
        uint32_t r = sr::reference_bits(v, i);
        d += sr::digest_term(i, r);
        std::printf("%08x %08x %a %a\n", i, r, static_cast<double>(det::from_bits(i)),
                    static_cast<double>(det::from_bits(r)));
    }
    std::printf("# digest 0x%016" PRIx64 "\n", d);
    return 0;
}

// ---------------------------------------------------------------------------
// Validation
struct vcase {
    variant v;
    float param;
    std::string label;
};

float f_of(uint32_t b) { return det::from_bits(b); }
uint32_t b_of(float f) { return det::bits(f); }

// Inputs for one case.
std::vector<float> validation_inputs(const vcase& c, long nrandom, uint64_t seed) {
    std::vector<float> xs;
    std::mt19937_64 rng(seed);
    // every exponent, both signs, 48 random mantissas each (incl. subnormals, infs, NaNs)
    for (uint32_t s = 0; s < 2; ++s)
        for (uint32_t e = 0; e < 256; ++e)
            for (int k = 0; k < 48; ++k) xs.push_back(f_of(s << 31 | e << 23 | (rng() & 0x7fffff)));
    // uniformly random bit patterns
    for (long k = 0; k < nrandom; ++k) xs.push_back(f_of(static_cast<uint32_t>(rng())));
    // specials
    for (float f : {0.0f, -0.0f, INFINITY, -INFINITY, FLT_MAX, -FLT_MAX, FLT_MIN, -FLT_MIN, FLT_TRUE_MIN, -FLT_TRUE_MIN,
                    1.0f, -1.0f, 0.5f, -0.5f, 2.0f, -2.0f})
        xs.push_back(f);
    for (uint32_t b : {0x7f800001u, 0x7fc00000u, 0xffc00001u, 0xff800123u, 0x7fffffffu, 0xffffffffu}) xs.push_back(f_of(b));
    // neighbourhoods (+-300 patterns) of the tail and tiny thresholds, scaled by the parameter
    auto around = [&](float center, int n) {
        uint32_t b = b_of(center);
        for (int d = -n; d <= n; ++d) xs.push_back(f_of(b + static_cast<uint32_t>(d)));
    };
    for (float t : {0x1p-24f, 8.0f, 16.0f, 32.0f, 64.0f, 65.0f, 120.0f, 128.0f, 130.0f, 11000.0f, 0x1p-126f, 0x1p-125f,
                    17.0f, 17.33f, 9.0f, 88.7f, 103.9f, 104.0f, 110.0f, 14.5f, 12.0f, 13.2f, 0x1p-12f, 0x1p-26f, 0x1p-25f}) {
        around(t, 300);
        around(-t, 300);
        if (c.param != 1.0f) {
            around(t * c.param, 300);
            around(-t * c.param, 300);
            around(t / c.param, 300);
            around(-t / c.param, 300);
        }
    }
    // the first and last subnormals, both signs
    for (uint32_t b = 0; b < 3000; ++b) {
        xs.push_back(f_of(b));
        xs.push_back(f_of(b | 0x80000000u));
        xs.push_back(f_of(0x007fffffu - b));
        xs.push_back(f_of(0x807fffffu - b));
    }
    // around the roots of the derivatives (gelu -0.7517915, silu -1.2784645, mish -1.1924312,
    // gelu_tanh -0.7524614) and a few other points, 4000 patterns each side
    for (float r : {-0.7517915f, -1.2784645f, -1.1924312f, -0.7524614f, -1.5f, -2.3994f, -1.0f, -1.4142135f})
        around(r, 4000);
    return xs;
}

struct vstats {
    uint64_t n = 0, stage1 = 0, compared = 0, mismatch = 0, undecided_mp = 0, contain_checked = 0, contain_bad = 0;
    uint64_t by_path[5] = {0, 0, 0, 0, 0};
    double max_ratio = 0;  // generic path: |MPFR - mid| / radius
};

// The true value lies in both the stage-1 enclosure [lo, hi] and the MPFR
// interval [y - r, y + r], so the two must overlap. (Containment would be
// too strong: a stage-1 bound may be exact, as in sigmoid_derivative's
// 1/4 - x^2/16, while MPFR's radius is a conservative 2^-250.) With r near
// 2^-250 |y| this checks the stage-1 bounds, including the assumed glibc
// error, to within that.
bool overlaps(const det::enc& e, const det::mp& y) {
    mpfr_t t, b, rr;
    mpfr_inits2(mpfr_get_prec(y.v) + 64, t, b, static_cast<mpfr_ptr>(nullptr));
    mpfr_init2(rr, 64);
    mpfr_set_ld(rr, y.r, MPFR_RNDU);
    mpfr_sub(t, y.v, rr, MPFR_RNDD);  // y - r <= hi
    mpfr_set_ld(b, e.hi, MPFR_RNDN);
    bool ok = mpfr_cmp(t, b) <= 0;
    mpfr_add(t, y.v, rr, MPFR_RNDU);  // y + r >= lo
    mpfr_set_ld(b, e.lo, MPFR_RNDN);
    ok = ok && mpfr_cmp(t, b) >= 0;
    mpfr_clears(t, b, rr, static_cast<mpfr_ptr>(nullptr));
    return ok;
}

void validate_one(const vcase& c, const std::vector<float>& xs, size_t from, size_t to, vstats& st) {
    for (size_t k = from; k < to; ++k) {
        float x = xs[k];
        ++st.n;
        float s1 = 0;
        det::path p = det::path::none;
        det::enc e;
        bool special = det::special(c.v, x, c.param, s1);
        bool d1 = special || det::stage1(c.v, x, c.param, s1, &p, &e);
        if (special) p = det::path::special;
        st.by_path[static_cast<int>(p)]++;
        if (d1) ++st.stage1;
        float m = 0;
        bool dm;
        if (special) {
            dm = true;
            m = s1;
        } else {
            dm = det::stage2(c.v, x, c.param, m);
        }
        if (!dm) {
            ++st.undecided_mp;  // outside MPFR's range (far tails): nothing to compare
            continue;
        }
        if (d1) {
            ++st.compared;
            if (b_of(s1) != b_of(m)) {
                ++st.mismatch;
                if (st.mismatch <= 5)
                std::printf("MISMATCH %s x=%a (0x%08x): stage1 %a (0x%08x) path %d, MPFR %a (0x%08x)\n",
                            c.label.c_str(), (double)x, b_of(x), (double)s1, b_of(s1), static_cast<int>(p), (double)m,
                            b_of(m));
            }
            if (!special) {
                float dummy;
                det::mp y;
                det::mp_eval(c.v, x, c.param, 256, dummy, &y);
                if (!y.failed()) {
                    ++st.contain_checked;
                    if (!overlaps(e, y)) {
                        ++st.contain_bad;
                        if (st.contain_bad <= 5)
                        std::printf("ENCLOSURE %s x=%a path %d: [%La, %La] misses MPFR %La +- %La\n", c.label.c_str(),
                                    (double)x, static_cast<int>(p), e.lo, e.hi, mpfr_get_ld(y.v, MPFR_RNDN), y.r);
                    }
                    if (p == det::path::generic) {
                        det::ld g = det::formula<det::ld>(c.v, x, c.param);
                        long double diff = fabsl(mpfr_get_ld(y.v, MPFR_RNDN) - g.v);
                        if (g.r > 0) st.max_ratio = std::max(st.max_ratio, static_cast<double>(diff / g.r));
                    }
                }
            }
        }
    }
}

int validate(const options& o) {
    int failures = 0;
    std::printf("== validation (MPFR %s, %d threads) ==\n", mpfr_get_version(), o.threads);

    // (0) constants of the long double stage against MPFR
    {
        det::mp_prec = 256;
        det::mp_range();
        struct kc {
            const char* n;
            det::ld l;
            det::mp m;
        } ks[] = {{"k", det::ld::k(), det::mp::k()},
                  {"1/sqrt2", det::ld::inv_sqrt2(), det::mp::inv_sqrt2()},
                  {"1/sqrt(2pi)", det::ld::inv_sqrt2pi(), det::mp::inv_sqrt2pi()},
                  {"0.044715", det::ld::c(), det::mp::c()},
                  {"lambda", det::ld::lambda(), det::mp::lambda()},
                  {"selu alpha", det::ld::selu_alpha(), det::mp::selu_alpha()}};
        for (auto& k : ks) {
            mpfr_t d;
            mpfr_init2(d, 256);
            mpfr_sub_d(d, k.m.v, 0, MPFR_RNDN);
            mpfr_t l;
            mpfr_init2(l, 64);
            mpfr_set_ld(l, k.l.v, MPFR_RNDN);
            mpfr_sub(d, d, l, MPFR_RNDN);
            long double err = fabsl(mpfr_get_ld(d, MPFR_RNDN));
            bool ok = err <= k.l.r;
            failures += !ok;
            std::printf("constant %-12s long double error %.3Le <= radius %.3Le: %s\n", k.n, err, k.l.r, ok ? "ok" : "FAIL");
            mpfr_clears(d, l, static_cast<mpfr_ptr>(nullptr));
        }
        // literals used by the tiny-|x| enclosures
        std::printf("literals: phi0 %La k %La log2 %La 0.6 %La 0.32 %La 0.64 %La\n",
                    0.39894228040143267793994605993438186847585863116493L,
                    0.79788456080286535587989211986876373695171726232987L,
                    0.69314718055994530941723212145817656807550013436026L, 0.6L, 0.32L, 0.64L);
        det::mp_prec = 128;
    }

    // (1) rounding: x87 long double -> float, MPFR exact rounding, mpfr_get_flt, biased rounding
    {
        std::mt19937_64 rng(12345);
        uint64_t n = 0, bad_x87 = 0, bad_getflt = 0, bad_bias = 0, n_mid = 0;
        mpfr_t t;
        mpfr_init2(t, 64);
        for (int it = 0; it < 2000000; ++it) {
            // a float f (any finite, heavy on subnormals and near the overflow), the midpoint to its neighbour
            uint32_t e = (it % 4 == 0) ? 0 : (it % 4 == 1) ? static_cast<uint32_t>(rng() % 4) : (it % 4 == 2) ? 254 - rng() % 3 : rng() % 255;
            uint32_t fb = static_cast<uint32_t>(rng() & 0x80000000u) | e << 23 | static_cast<uint32_t>(rng() & 0x7fffff);
            float f = f_of(fb), g = f_of(fb + 1);
            long double mid = std::isinf(g) ? std::copysign(0x1p128L - 0x1p103L, (long double)f)
                                             : ((long double)f + (long double)g) / 2;
            long double vs[5] = {mid, nextafterl(mid, INFINITY), nextafterl(mid, -INFINITY), (long double)f,
                                 mid + (mid - f) * ((long double)(rng() % 1000) / 500 - 1)};
            for (long double v : vs) {
                ++n;
                mpfr_set_ld(t, v, MPFR_RNDN);
                float exact = det::mpfr_round_float(t);
                float x87 = static_cast<float>(v);
                float gf = mpfr_get_flt(t, MPFR_RNDN);
                bad_x87 += b_of(exact) != b_of(x87);
                bad_getflt += b_of(exact) != b_of(gf);
            }
            // biased rounding at the midpoint: +eps gives the larger, -eps the smaller
            ++n_mid;
            float up = det::round_ld(mid, 1), dn = det::round_ld(mid, -1);
            float hi = std::max(f, g), lo = std::min(f, g);
            if (std::isinf(g)) { hi = std::max(f, std::copysign(INFINITY, f)); lo = std::min(f, std::copysign(INFINITY, f)); }
            if (b_of(up) != b_of(hi) || b_of(dn) != b_of(lo)) ++bad_bias;
        }
        // an MPFR value a hair off a subnormal midpoint: exact rounding must follow the hair
        uint64_t bad_hair = 0, bad_hair_getflt = 0, nh = 0;
        mpfr_t h;
        mpfr_init2(h, 512);
        for (uint32_t m = 0; m < 200000; ++m) {
            uint32_t fb = m * 41u % 0x7fffffu;
            for (int sgn = 0; sgn < 2; ++sgn)
                for (int dir = -1; dir <= 1; dir += 2) {
                    ++nh;
                    // (2 fb + 1) 2^-150 + dir 2^-400
                    mpfr_set_ui(h, 2 * fb + 1, MPFR_RNDN);
                    mpfr_mul_2si(h, h, -150, MPFR_RNDN);
                    mpfr_t eps;
                    mpfr_init2(eps, 16);
                    mpfr_set_si_2exp(eps, dir, -400, MPFR_RNDN);
                    mpfr_add(h, h, eps, MPFR_RNDN);
                    mpfr_clear(eps);
                    if (sgn) mpfr_neg(h, h, MPFR_RNDN);
                    float want = f_of((sgn ? 0x80000000u : 0) | (dir > 0 ? fb + 1 : fb));
                    bad_hair += b_of(det::mpfr_round_float(h)) != b_of(want);
                    bad_hair_getflt += b_of(mpfr_get_flt(h, MPFR_RNDN)) != b_of(want);
                }
        }
        mpfr_clears(t, h, static_cast<mpfr_ptr>(nullptr));
        std::printf("rounding: long double -> float (x87) vs exact MPFR rounding: %" PRIu64 " of %" PRIu64 " differ\n",
                    bad_x87, n);
        std::printf("rounding: mpfr_get_flt(RNDN) vs exact rounding on the same values: %" PRIu64 " differ (information)\n",
                    bad_getflt);
        std::printf("rounding: biased rounding at %" PRIu64 " midpoints: %" PRIu64 " wrong\n", n_mid, bad_bias);
        std::printf("rounding: subnormal midpoint +- 2^-400 (%" PRIu64 " values): exact rounding %" PRIu64
                    " wrong, mpfr_get_flt %" PRIu64 " wrong (information)\n",
                    nh, bad_hair, bad_hair_getflt);
        failures += (bad_x87 != 0) + (bad_bias != 0) + (bad_hair != 0);
        std::fflush(stdout);
    }

    // (2) named values
    {
        struct nv {
            variant v;
            float x, param;
            float expect;
            bool have_expect;
            const char* note;
        };
        const float gelu1 = static_cast<float>(0.8413447460685429);
        nv named[] = {
            {variant::sigmoid, 0.0f, 1, 0.5f, true, "sigmoid(0) = 0.5"},
            {variant::tanh, 1.0f, 1, 0x1.85efabp-1f, true, "tanh(1) = 0x1.85efabp-1"},
            {variant::softplus, 0.0f, 1, 0x1.62e43p-1f, true, "softplus(0) = log 2 rounded"},
            {variant::gelu, 1.0f, 1, gelu1, true, "gelu(1) = 0.8413447460685429 rounded"},
            {variant::elu, -0.0f, 1, -0.0f, true, "elu(-0) = -0"},
            {variant::softplus, 100.0f, 1, 100.0f, true, "softplus(100) = 100"},
            {variant::softplus, 1e30f, 1, 1e30f, true, "softplus(1e30) = 1e30"},
            {variant::silu, -200.0f, 1, -0.0f, true, "silu(-200) = -0"},
            {variant::gelu_derivative, -30.0f, 1, -0.0f, true, "gelu_derivative(-30) = -0"},
            {variant::sigmoid_derivative, 100.0f, 1, 0, false, "sigmoid_derivative(100) (e^-100 > 2^-149)"},
            {variant::sigmoid_derivative, 110.0f, 1, 0.0f, true, "sigmoid_derivative(110) = +0"},
            {variant::gelu_derivative, -0.7517916f, 1, 0, false, "gelu_derivative near its root"},
            {variant::silu_derivative, -1.2784645f, 1, 0, false, "silu_derivative near its root"},
            {variant::mish_derivative, -1.1924312f, 1, 0, false, "mish_derivative near its root"},
            {variant::gelu_tanh_derivative, -0.7524614f, 1, 0, false, "gelu_tanh_derivative near its root"},
            {variant::elu_derivative, -0.0f, 1, 1.0f, true, "elu_derivative(-0) = 1"},
            {variant::gelu, -INFINITY, 1, -0.0f, true, "gelu(-inf) = -0"},
            {variant::selu, -INFINITY, 1, 0, false, "selu(-inf) = -lambda*alpha rounded"},
            {variant::selu_derivative, INFINITY, 1, 0, false, "selu_derivative(+inf) = lambda rounded"},
            {variant::softplus, INFINITY, 1, INFINITY, true, "softplus(+inf) = +inf"},
            {variant::mish_derivative, 0.0f, 1, 0.6f, true, "mish_derivative(0) = tanh(log 2) = 0.6 rounded"},
            {variant::silu, FLT_TRUE_MIN, 1, FLT_TRUE_MIN, true, "silu(2^-149) = 2^-149 (midpoint + hair)"},
            {variant::silu, -FLT_TRUE_MIN, 1, -0.0f, true, "silu(-2^-149) = -0"},
            {variant::gelu, 3 * FLT_TRUE_MIN, 1, 2 * FLT_TRUE_MIN, true, "gelu(3*2^-149) = 2*2^-149"},
            {variant::elu, -3 * FLT_TRUE_MIN, 0.5f, -FLT_TRUE_MIN, true, "elu(-3*2^-149, alpha 0.5) = -2^-149"},
            {variant::elu, -FLT_TRUE_MIN, 0.5f, -0.0f, true, "elu(-2^-149, alpha 0.5) = -0"},
        };
        for (auto& n : named) {
            float r = sr::reference(n.v, n.x, n.param);
            float m1024 = 0;
            bool sp = det::special(n.v, n.x, n.param, m1024);
            bool d = sp || det::mp_eval(n.v, n.x, n.param, 1024, m1024);
            bool ok = (!d || b_of(r) == b_of(m1024)) && (!n.have_expect || b_of(r) == b_of(n.expect));
            failures += !ok;
            char mbuf[64];
            if (sp) std::snprintf(mbuf, sizeof mbuf, "(rule)");
            else if (d) std::snprintf(mbuf, sizeof mbuf, "%a", (double)m1024);
            else std::snprintf(mbuf, sizeof mbuf, "n/a (tail)");
            std::printf("named: %-50s reference %-16a MPFR-1024 %-16s %s\n", n.note, (double)r, mbuf,
                        ok ? "ok" : "FAIL");
        }
        std::fflush(stdout);
    }

    // (3) stage 1 against forced MPFR
    std::vector<vcase> cases;
    for (int v = 0; v < sr::variant_count; ++v)
        cases.push_back({static_cast<variant>(v), 1.0f, std::string(sr::variant_names[v])});
    cases.push_back({variant::elu, 0.5f, "elu(alpha=0.5)"});
    cases.push_back({variant::elu_derivative, 0.5f, "elu_derivative(alpha=0.5)"});
    cases.push_back({variant::celu, 0.5f, "celu(alpha=0.5)"});
    cases.push_back({variant::celu_derivative, 0.5f, "celu_derivative(alpha=0.5)"});
    cases.push_back({variant::softplus, 2.0f, "softplus(beta=2)"});
    cases.push_back({variant::softplus_derivative, 2.0f, "softplus_derivative(beta=2)"});
    cases.push_back({variant::elu, 0.3f, "elu(alpha=0.3)"});
    cases.push_back({variant::celu, 3.0f, "celu(alpha=3)"});
    if (o.variants_given)  // --variant restricts the stage-1 comparison
        std::erase_if(cases, [&](const vcase& c) {
            return std::find(o.variants.begin(), o.variants.end(), c.v) == o.variants.end();
        });
    uint64_t total_inputs = 0;
    const double t0 = now_seconds();
    for (size_t ci = 0; ci < cases.size(); ++ci) {
        const vcase& c = cases[ci];
        std::vector<float> xs = validation_inputs(c, o.validate_random, 1000 + ci);
        std::vector<vstats> per(o.threads);
        std::vector<std::thread> pool;
        for (int t = 0; t < o.threads; ++t)
            pool.emplace_back([&, t]() {
                size_t n = xs.size();
                validate_one(c, xs, n * t / o.threads, n * (t + 1) / o.threads, per[t]);
            });
        for (auto& th : pool) th.join();
        vstats s;
        for (auto& p : per) {
            s.n += p.n;
            s.stage1 += p.stage1;
            s.compared += p.compared;
            s.mismatch += p.mismatch;
            s.undecided_mp += p.undecided_mp;
            s.contain_checked += p.contain_checked;
            s.contain_bad += p.contain_bad;
            for (int k = 0; k < 5; ++k) s.by_path[k] += p.by_path[k];
            s.max_ratio = std::max(s.max_ratio, p.max_ratio);
        }
        total_inputs += s.n;
        failures += (s.mismatch != 0) + (s.contain_bad != 0);
        std::printf("%-28s inputs %7" PRIu64 " stage1-decided %7" PRIu64 " (special %" PRIu64 " tail %" PRIu64
                    " tiny %" PRIu64 " generic %" PRIu64 ", undecided %" PRIu64 ") compared %7" PRIu64
                    " mismatches %" PRIu64 " enclosure-disjoint %" PRIu64 "/%" PRIu64 " mpfr-n/a %" PRIu64
                    " max|err|/radius %.2g\n",
                    c.label.c_str(), s.n, s.stage1, s.by_path[0], s.by_path[1], s.by_path[2], s.by_path[3], s.by_path[4],
                    s.compared, s.mismatch, s.contain_bad, s.contain_checked, s.undecided_mp, s.max_ratio);
        std::fflush(stdout);
    }
    std::printf("stage-1 vs MPFR: %" PRIu64 " inputs in %.0f s\n", total_inputs, now_seconds() - t0);
    std::printf("== validation %s (%d failures) ==\n", failures ? "FAILED" : "passed", failures);
    return failures ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
    options o = parse(argc, argv);
    if (!mpfr_buildopt_tls_p() && o.threads > 1) {
        std::fprintf(stderr, "generate: this MPFR is not thread-safe (no TLS): use --threads 1\n");
        return 2;
    }
    if (o.validate) return validate(o);
    if (o.check_block >= 0) return check_block(o);
    return generate(o);
}
