// sig.cpp -- research prototype: a correctly rounded float sigmoid computed in
// float lanes (16 per AVX-512 vector).  Not part of rectify.
//
//   g++ -O2 -std=c++20 -mavx512f -mavx512dq -mfma -I../../../include -c sig.cpp
//
// void sig16(const float* in, float* out, size_t n): out[i] = sigmoid(in[i]) =
// 1/(1+exp(-in[i])) rounded to nearest float (ties to even), bit for bit the
// result of rectify::sigmoid(float) (checked on all 2^32 inputs, see exh.cpp).
// Options: -DSIG_DIV=0 (rcp14 + Newton instead of vdivps), -DSIG_UNROLL2=0.
//
// ============================================================================
// Design, per 16-lane vector (counts are zmm instructions; SIG_DIV=1)
// ============================================================================
//  0. xc = min(x, 40)                                                      1
//     (every x >= 40, +inf included, has sigmoid(x) in (1 - 2^-57, 1): it
//     rounds to 1, as sigmoid(40) does.)  x < -64 and NaN: rejected in 7.
//  1. reduction, exp(-xc) = 2^(k/32) exp(-w) exp(-v_true):                 4
//       t    = fma(xc, -L, S)        L = fl(1/ln2), S = 1.5*2^18: t = S + k/32
//       kf32 = t - S                 = k/32 exactly, k = round(-32 xc L)
//       w    = fma(kf32, LN2H, xc)   LN2H = fl(ln2): w = xc + k fl(ln2/32) EXACT
//       v    = kf32 * LN2L           LN2L = fl(ln2 - LN2H): v ~ k(ln2/32 - fl(ln2/32))
//  2. T = 2^(j/32), j = k mod 32 = low 5 bits of t's encoding:             2
//       T_hi, T_lo = permutex2var from 32-entry tables (hi float, lo float)
//  3. exp(-w) = 1 - w + Q, Q = w*A, A = w/2 + w^2 R, R = -1/6 + w/24:       4
//       R = fma(fl(1/24), w, fl(-1/6)); w2 = w*w; hw = w/2; A = fma(w2, R, hw)
//  4. Qm = fl(Q - w) and its error; Shi + r1 = T_hi (1 + Qm):              6
//       Qm  = fms(w, A, w)            (Q = w*A exists only inside FMAs)
//       z   = w + Qm                  exact (Sterbenz)
//       eQ  = fms(w, A, z)            = (Q - w) - Qm, rounded (it is tiny)
//       Shi = fma(T_hi, Qm, T_hi); tmp = T_hi - Shi (exact);
//       r1  = fma(T_hi, Qm, tmp)      = rounding error of Shi, rounded
//  5. low part l, so that Shi + l ~ (T_hi + T_lo - v T_hi)(1 - w + Q):     4
//       g = fnmadd(v, T_hi, T_lo); la = fma(T_hi, eQ, r1); u = la + g;
//       l = fma(g, Qm, u)
//     E_hi = scalef(Shi, kf32), E_lo = scalef(l, kf32)  (x 2^floor(k/32))  2
//  6. D = 1 + E as a two-float (Fast2Sum on the ordered pair):              6
//       big = max(E_hi, 1); small = min(E_hi, 1); D_hi = big + small;
//       D_lo = ((big - D_hi) + small) + E_lo
//     y1 ~ 1/D_hi and the relative correction e2:                          3
//       y1 = 1/D_hi (vdivps)   [SIG_DIV=0: y0 = rcp14(D_hi);
//                               y1 = fma(y0, fnmadd(D_hi, y0, 1), y0): 3 ops]
//       e1 = fnmadd(D_hi, y1, 1)  EXACT;  e2 = fnmadd(D_lo, y1, e1)
//     then 1/(D_hi + D_lo) = y1 (1 + e2 + small).
//  7. rounding test (4), accept mask (2):                                  6
//       ep = add_RU(e2, C); em = sub_RD(e2, C)            C = 2^-37
//       o1 = fma(y1, ep, y1); o2 = fma(y1, em, y1)        (round to nearest)
//       ok = (x >= -64) & (o1 == o2); store o1
//     Lanes not ok go to a rare, out-of-line path: NaN -> x + x (the same
//     quiet NaN), x <= -104 -> +0, others (x in (-104, -64) and "unsure"
//     lanes) -> scalar rectify::sigmoid(float), which is correctly rounded.
//  Total 38 vector arithmetic ops (40 with rcp14).  The compiled loop (GCC 12
//  -O2, x2 unrolled) has 103 instructions per 32 floats, 51.5 per 16: the 38
//  plus 7 register copies, load, store, and kand/kmov/cmp/branch/loop control.
//
// ============================================================================
// Error analysis.  u = 2^-24.  All bounds are for -64 <= xc <= 40, so
// -40 <= -xc <= 64, k in [-1847, 2955], |kf32| <= 92.33, E = exp(-xc) in
// [2^-57.8, 2^92.4].  Numbers are rounded up.
// ============================================================================
// (R1) S - xc*L is in [2^18, 2^19), where floats are spaced 2^-5, so the FMA
//   gives t = S + k/32 with k = round-to-integer(-32 xc L); t - S is exact
//   (Sterbenz).  |k - (-xc 32/ln2)| <= 1/2 + 64*32|L - 1/ln2| <= 1/2 + 2^-12.5.
//   S's encoding 0x48C00000 has five zero low bits and one ulp of t is one
//   unit of k, so t's low 5 bits are k mod 32 (the permute index, which
//   permutex2var takes from bits 4:0).  scalef uses floor(kf32) = floor(k/32).
// (R2) w = xc + kf32*LN2H = xc + k fl(ln2/32) is EXACT: if k = 0, w = xc;
//   else |xc| > 2^-7, so xc is a multiple of 2^-30, and k fl(ln2/32) is a
//   multiple of 2^-29 (fl(ln2/32) in [2^-6, 2^-5)); and
//   |w| <= (1/2 + 2^-12.5) ln2/32 + 2955 |fl(ln2/32) - ln2/32| <= 0.010837 < 2^-6,
//   so w = n 2^-30 with |n| < 2^24, a float: the FMA's one rounding is exact.
// (R3) The exact reduced argument is -xc - k ln2/32 = -(w + v_true),
//   v_true = kf32 (ln2 - LN2H).  |ln2 - LN2H - LN2L| <= 8.8e-17, so with
//   |v| <= 1.76e-7 (ulp 2^-46): |v - v_true| <= 92.33*8.8e-17 + 2^-47 <= 1.6e-14;
//   |exp(-v_true) - (1 - v)| <= 1.6e-14 + v^2/2 <= 3.2e-14.
// (T)  Tables from mpmath at 300 bits, entries rounded to nearest:
//   |T - T_hi - T_lo| <= 2^-48 T (asserted when generated), |T_lo| <= u T_hi.
// (P)  exp(-w) = 1 - w + w^2/2 - w^3/6 + w^4/24 + rho, |rho| <= |w|^5/120 /
//   (1 - |w|/6) <= 1.25e-12 (alternating factorial series, geometric bound).
//   Computed: A = fl(w2 R + w/2), w/2 exact.  Its one rounding is <= u|A|, and
//   Q = w*A is never rounded on its own, so this moves Q by <= u|Q| <= u *
//   5.9e-5 = 3.51e-12.  The roundings in w2 = fl(w^2) and R (and the float
//   coefficients fl(-1/6), fl(1/24)) only touch the w^2 R part of A: together
//   <= w^2 (0.168u + 2^-26) so <= |w|^3 * 2.5e-8 <= 3.2e-14 in Q.
//   1 - w + Q = exp(-w) + e_P, |e_P| <= 1.25e-12 + 3.51e-12 + 0.04e-12 = 4.8e-12.
//   (This rounding of A is the dominant error of the whole kernel.)
// (S)  |Q| <= 0.0056|w|, so -Qm and w are within a factor 2 and z = w + Qm
//   is exact; Q - z is the rounding error of Qm (<= 2^-31), so eQ carries it
//   with error <= 2^-55 and Q - w = Qm + eQ (to 2^-55).  Shi is within a
//   factor 2 of T_hi: tmp exact; T_hi Qm + tmp is the exact rounding error of
//   Shi (<= 2^-23) and r1 rounds it (<= 2^-47).  Then, with T_hi < 2:
//     la = r1 + T_hi eQ       (|la| <= 1.2e-7, rounding <= 2^-47)
//     g  = T_lo - v T_hi      (|g| <= 4.7e-7, rounding <= 2^-45)
//     u  = la + g             (rounding <= 2^-44)
//     l  = u + g Qm           (rounding <= 2^-44)
//   Shi + l = T_hi(1 + Qm + eQ) + g(1 + Qm) = (T_hi + g)(1 - w + Q) - g eQ
//   up to <= 1.6e-13 of roundings; g eQ <= 2.2e-16.  And
//   T_hi + g = T (1 - v) - T_lo v + (T_hi + T_lo - T) + (g rounding), so
//   T exp(-w) exp(-v_true) = Shi + l + err with
//   |err| <= T (e_P + 3.2e-14 + 1.1e-14 + 3.6e-15) + 1.6e-13 <= 4.99e-12 T.
//   T exp(-w) exp(-v_true) >= 0.989 T, so eps_E = 5.05e-12 (relative).
//   |l| <= 3.0e-7 Shi.  scalef by 2^floor(k/32) is exact for Shi (normal);
//   for l it is exact unless 2^m l < 2^-126, then off by <= 2^-150, which is
//   < 2^-90 E: nothing.
// (D)  big >= small > 0, so (big - D_hi) and (+ small) are exact (Fast2Sum)
//   and D_hi + D_lo = 1 + E_hi + E_lo up to the rounding of D_lo:
//   |D_lo| <= u D + 3.0e-7 E <= 3.6e-7 D, rounding <= 2^-45.4 D.
//   (D_hi + D_lo) = (1 + E)(1 + th_D), |th_D| <= eps_E E/(1+E) + 2^-45.4 <= 5.11e-12.
// (Y)  |e1| = |1 - D_hi y1| <= u(1 + u) for y1 = fl(1/D_hi).  (rcp14: its
//   documented relative error < 2^-14 and one Newton step give y1 within
//   half an ulp + 2^-27.9 of 1/D_hi, so |e1| < 2^-23.)  D_hi y1 is a multiple
//   of ulp(D_hi) ulp(y1) = 2^(eD+ey-46) with eD + ey in {-1, 0}: 1 - D_hi y1
//   is a multiple of 2^-47 below 2^-23 in size, a float: the FMA is EXACT.
//   With d = D_lo/D_hi, D_lo y1 = d(1 - e1), so s_ := e1 - D_lo y1
//   = e1 - d + e1 d exactly and (1 - e1)(1 + d) = 1 - s_, hence
//   1/(D_hi + D_lo) = y1 / (1 - s_) = y1 (1 + s_ + s_^2/(1 - s_)).
//   |s_| <= 4.8e-7: the s_^2 term <= 2.3e-13; e2 = fl(s_) is off by <= 2.9e-14.
// Total: sigmoid(xc) = 1/(1+E) = y1 (1 + e2 + beta) with
//   |beta| <= 2.9e-14 + 2.3e-13 + (1 + 4.8e-7)(5.11e-12)(1 + 1e-11) <= 5.37e-12
//   < C = 2^-37 = 7.28e-12 (margin 1.36; about 0.45 bit).
// (7) Why the test is sound.  ep = RU(e2 + C) >= e2 + beta and
//   em = RD(e2 - C) <= e2 + beta (directed rounding of the exact sum), and
//   y1 > 0, so the real numbers zm = y1 + y1 em <= sigmoid(xc) <= zp =
//   y1 + y1 ep.  The FMAs round zp and zm once, to nearest: o1 = RN(zp),
//   o2 = RN(zm).  RN is monotone, so o2 <= RN(sigmoid(xc)) <= o1, and if
//   o1 == o2 then o1 is the correctly rounded sigmoid.  Nothing about ties is
//   assumed (monotonicity covers them; besides, sigmoid(x) is transcendental
//   for x != 0 and x = 0 gives exactly 1/2), and power-of-two edges (ulp
//   below = half the ulp above) need no special case: the FMA rounds on the
//   true float grid.  Results on the fast path are >= sigmoid(-64) > 2^-93,
//   never subnormal.  Slow-path rule x <= -104 -> +0 is exact: sigmoid(x) <
//   e^x <= e^-104 < 2^-150 = half the smallest subnormal.
// Not derived by me: the rcp14 bound (Intel's documentation; only used with
// SIG_DIV=0), and IEEE 754 correct rounding of each operation (hardware).
// The arithmetic above is by hand; the exhaustive comparison against
// rectify::sigmoid (exh.cpp) is the final check.
// ============================================================================

#include <immintrin.h>

#include <cstddef>
#include <cstdint>

#include "rectify/rectify.hpp"

#ifndef SIG_DIV
#define SIG_DIV 1  // 1: y1 = 1/D_hi by vdivps; 0: rcp14 + one Newton step
#endif
#ifndef SIG_UNROLL2
#define SIG_UNROLL2 1  // two vectors per loop iteration
#endif

#ifndef SIG_NAME
#define SIG_NAME sig16
#endif

struct sig_counts {
    std::uint64_t nan = 0, zero = 0, range = 0, unsure = 0, vectors_slow = 0;
};
#ifndef SIG_NO_COUNTS_DEF  // variants built with this share the counters of the main object
thread_local sig_counts sig_count;
// Optional log of the x of unsure lanes (for the exhaustive test); null = off.
thread_local float* sig_unsure_log = nullptr;
thread_local std::size_t sig_unsure_log_n = 0, sig_unsure_log_cap = 0;
#else
extern thread_local sig_counts sig_count;
extern thread_local float* sig_unsure_log;
extern thread_local std::size_t sig_unsure_log_n, sig_unsure_log_cap;
#endif

namespace {

alignas(64) const float t_hi[32] = {
    0x1.000000p+0f, 0x1.059b0ep+0f, 0x1.0b5586p+0f, 0x1.11301ep+0f, 0x1.172b84p+0f, 0x1.1d4874p+0f,
    0x1.2387a6p+0f, 0x1.29e9e0p+0f, 0x1.306fe0p+0f, 0x1.371a74p+0f, 0x1.3dea64p+0f, 0x1.44e086p+0f,
    0x1.4bfdaep+0f, 0x1.5342b6p+0f, 0x1.5ab07ep+0f, 0x1.6247ecp+0f, 0x1.6a09e6p+0f, 0x1.71f75ep+0f,
    0x1.7a1148p+0f, 0x1.82589ap+0f, 0x1.8ace54p+0f, 0x1.93737cp+0f, 0x1.9c4918p+0f, 0x1.a5503cp+0f,
    0x1.ae89fap+0f, 0x1.b7f770p+0f, 0x1.c199bep+0f, 0x1.cb720ep+0f, 0x1.d5818ep+0f, 0x1.dfc974p+0f,
    0x1.ea4afap+0f, 0x1.f50766p+0f};
alignas(64) const float t_lo[32] = {
    0x0.0p+0f,        -0x1.9d4f52p-25f, 0x1.9f3122p-25f,  -0x1.fdb496p-25f, -0x1.c15742p-27f,
    -0x1.d2e8cap-25f, 0x1.ceac48p-25f,  -0x1.5c0424p-25f, 0x1.4636e2p-25f,  -0x1.18aac6p-25f,
    0x1.824684p-25f,  0x1.8624b4p-30f,  -0x1.593abcp-25f, -0x1.2c5610p-25f, -0x1.5bd5ecp-27f,
    -0x1.f8b550p-25f, 0x1.9fcef4p-26f,  0x1.1d8beep-25f,  -0x1.829fd0p-25f, -0x1.accc7cp-26f,
    0x1.15506ep-27f,  -0x1.e64744p-25f, 0x1.51f848p-27f,  -0x1.b83b54p-25f, -0x1.a94b14p-26f,
    -0x1.a09438p-25f, -0x1.3d56b2p-27f, -0x1.8837ccp-27f, -0x1.822dbcp-27f, -0x1.908c94p-25f,
    0x1.52486cp-27f,  -0x1.246eb0p-26f};

// The rare path for the lanes of one vector that the fast path did not accept.
// (It takes the inputs from a register copy, so that in == out works.)
[[gnu::noinline, gnu::cold]] void slow_lanes_a(const float* in, float* out, unsigned bad) {
    sig_counts& c = sig_count;
    ++c.vectors_slow;
    while (bad) {
        const int i = __builtin_ctz(bad);
        bad &= bad - 1;
        const float x = in[i];
        if (x != x) {
            out[i] = x + x;  // quiet NaN, same payload
            ++c.nan;
        } else if (x <= -104.0f) {
            out[i] = 0.0f;
            ++c.zero;
        } else {
            if (x < -64.0f)
                ++c.range;
            else {
                ++c.unsure;
                if (sig_unsure_log && sig_unsure_log_n < sig_unsure_log_cap) sig_unsure_log[sig_unsure_log_n++] = x;
            }
            out[i] = rectify::sigmoid(x);
        }
    }
}

[[gnu::always_inline]] inline void slow_lanes(__m512 x, float* out, unsigned bad) {
    alignas(64) float xs[16];
    _mm512_store_ps(xs, x);
    slow_lanes_a(xs, out, bad);
}

[[gnu::always_inline]] inline __m512 sig_vec(__m512 x, __mmask16& ok) {
    const __m512 one = _mm512_set1_ps(1.0f);
    const __m512 xc = _mm512_min_ps(x, _mm512_set1_ps(40.0f));
    // 1. reduction
    const __m512 t = _mm512_fmadd_ps(xc, _mm512_set1_ps(-0x1.715476p+0f), _mm512_set1_ps(393216.0f));
    const __m512 kf32 = _mm512_sub_ps(t, _mm512_set1_ps(393216.0f));
    const __m512 w = _mm512_fmadd_ps(kf32, _mm512_set1_ps(0x1.62e430p-1f), xc);
    // 2. table
    const __m512i idx = _mm512_castps_si512(t);
    const __m512 th = _mm512_permutex2var_ps(_mm512_load_ps(t_hi), idx, _mm512_load_ps(t_hi + 16));
    const __m512 tl = _mm512_permutex2var_ps(_mm512_load_ps(t_lo), idx, _mm512_load_ps(t_lo + 16));
    // 3. polynomial: Q = w*A, A = w/2 + w^2 (-1/6 + w/24)
    const __m512 R = _mm512_fmadd_ps(_mm512_set1_ps(0x1.555556p-5f), w, _mm512_set1_ps(-0x1.555556p-3f));
    const __m512 w2 = _mm512_mul_ps(w, w);
    const __m512 hw = _mm512_mul_ps(w, _mm512_set1_ps(0.5f));
    const __m512 A = _mm512_fmadd_ps(w2, R, hw);
    // 4. Qm = Q - w with error; Shi + r1 = T_hi (1 + Qm)
    const __m512 Qm = _mm512_fmsub_ps(w, A, w);
    const __m512 z = _mm512_add_ps(w, Qm);
    const __m512 eQ = _mm512_fmsub_ps(w, A, z);
    const __m512 Shi = _mm512_fmadd_ps(th, Qm, th);
    const __m512 tmp = _mm512_sub_ps(th, Shi);
    const __m512 r1 = _mm512_fmadd_ps(th, Qm, tmp);
    // 5. low part
    const __m512 v = _mm512_mul_ps(kf32, _mm512_set1_ps(-0x1.05c610p-29f));
    const __m512 g = _mm512_fnmadd_ps(v, th, tl);      // T_lo - v T_hi
    const __m512 la = _mm512_fmadd_ps(th, eQ, r1);     // r1 + T_hi eQ
    const __m512 uu = _mm512_add_ps(la, g);
    const __m512 l = _mm512_fmadd_ps(g, Qm, uu);       // la + g (1 + Qm)
    const __m512 Ehi = _mm512_scalef_ps(Shi, kf32);
    const __m512 Elo = _mm512_scalef_ps(l, kf32);
    // 6. D = 1 + E, y = 1/D
    const __m512 big = _mm512_max_ps(Ehi, one);
    const __m512 small = _mm512_min_ps(Ehi, one);
    const __m512 Dhi = _mm512_add_ps(big, small);
    const __m512 Dlo = _mm512_add_ps(_mm512_add_ps(_mm512_sub_ps(big, Dhi), small), Elo);
#if SIG_DIV
    const __m512 y1 = _mm512_div_ps(one, Dhi);
#else
    const __m512 y0 = _mm512_rcp14_ps(Dhi);
    const __m512 e0 = _mm512_fnmadd_ps(Dhi, y0, one);
    const __m512 y1 = _mm512_fmadd_ps(y0, e0, y0);
#endif
    const __m512 e1 = _mm512_fnmadd_ps(Dhi, y1, one);
    const __m512 e2 = _mm512_fnmadd_ps(Dlo, y1, e1);
    // 7. rounding test, relative to y1: sigmoid in y1 (1 + [e2 - C, e2 + C])
#ifndef SIG_C
#define SIG_C 0x1p-37f  // must stay >= the bound 5.37e-12 derived above
#endif
    const __m512 C = _mm512_set1_ps(SIG_C);
    const __m512 ep = _mm512_add_round_ps(e2, C, _MM_FROUND_TO_POS_INF | _MM_FROUND_NO_EXC);
    const __m512 em = _mm512_sub_round_ps(e2, C, _MM_FROUND_TO_NEG_INF | _MM_FROUND_NO_EXC);
    const __m512 o1 = _mm512_fmadd_ps(y1, ep, y1);
    const __m512 o2 = _mm512_fmadd_ps(y1, em, y1);
    const __mmask16 inrange = _mm512_cmp_ps_mask(x, _mm512_set1_ps(-64.0f), _CMP_GE_OQ);
    ok = _mm512_mask_cmp_ps_mask(inrange, o1, o2, _CMP_EQ_OQ);
    return o1;
}

}  // namespace

void SIG_NAME(const float* in, float* out, size_t n) {
    size_t i = 0;
#if SIG_UNROLL2
    for (; i + 32 <= n; i += 32) {  // two independent vectors per iteration: more overlap of the long chain
        __mmask16 ok0, ok1;
        const __m512 x0 = _mm512_loadu_ps(in + i), x1 = _mm512_loadu_ps(in + i + 16);
        const __m512 y0 = sig_vec(x0, ok0);
        const __m512 y1 = sig_vec(x1, ok1);
        _mm512_storeu_ps(out + i, y0);
        _mm512_storeu_ps(out + i + 16, y1);
        if (__builtin_expect(((unsigned)ok0 & ok1) != 0xFFFF, 0)) {
            if (ok0 != 0xFFFF) slow_lanes(x0, out + i, (~ok0) & 0xFFFFu);
            if (ok1 != 0xFFFF) slow_lanes(x1, out + i + 16, (~ok1) & 0xFFFFu);
        }
    }
#endif
    for (; i + 16 <= n; i += 16) {
        __mmask16 ok;
        const __m512 x = _mm512_loadu_ps(in + i);
        const __m512 y = sig_vec(x, ok);
        _mm512_storeu_ps(out + i, y);
        if (__builtin_expect(ok != 0xFFFF, 0)) slow_lanes(x, out + i, (~ok) & 0xFFFFu);
    }
    if (i < n) {
        const __mmask16 m = (__mmask16)((1u << (n - i)) - 1);
        __mmask16 ok;
        const __m512 x = _mm512_maskz_loadu_ps(m, in + i);
        const __m512 y = sig_vec(x, ok);
        _mm512_mask_storeu_ps(out + i, m, y);
        const unsigned bad = (~ok) & m;
        if (bad) slow_lanes(x, out + i, bad);
    }
}
