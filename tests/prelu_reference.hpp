// An independent exact reference for prelu_backward's slope gradient: the
// exact products (as integers times powers of two, multiplied in unsigned
// __int128) added into a plain two's-complement big integer with a full carry
// on every addition, then rounded to the element type bit by bit. Slow and
// simple on purpose; it shares no code with the header's accumulator.
#pragma once

#include <rectify/rectify.hpp>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

namespace rt {

__extension__ typedef unsigned __int128 u128;  // NOLINT(modernize-use-using): __extension__ needs the typedef

// sum over the terms of x * dy, exactly; NaN and infinities counted aside.
class exact_reference {
  public:
    static constexpr int low = -2240;  // below every product of two doubles (2^-2148)
    static constexpr std::size_t words = 140;  // 32-bit words: up to 2^(low + 4480)

    // Adds x * dy (any finite or special values of float or double).
    void add(double x, double dy) {
        if (std::isnan(x) || std::isnan(dy)) {
            nan_ = true;
            return;
        }
        if (std::isinf(x) || std::isinf(dy)) {
            if (x == 0.0 || dy == 0.0) {
                nan_ = true;
            } else if (std::signbit(x) != std::signbit(dy)) {
                minus_inf_ = true;
            } else {
                plus_inf_ = true;
            }
            return;
        }
        int ex = 0, ey = 0;
        const double fx = std::frexp(std::fabs(x), &ex);  // x = fx 2^ex, fx in [0.5, 1)
        const double fy = std::frexp(std::fabs(dy), &ey);
        // As 53-bit integers: x = mx 2^(ex - 53).
        const auto mx = static_cast<std::uint64_t>(std::ldexp(fx, 53));
        const auto my = static_cast<std::uint64_t>(std::ldexp(fy, 53));
        if (mx == 0 || my == 0) {
            return;
        }
        const u128 p = static_cast<u128>(mx) * my;
        add_shifted(std::signbit(x) != std::signbit(dy), p, ex - 53 + ey - 53 - low);
    }

    // The sum rounded to nearest-even in a format of `digits` significand bits
    // with normal exponents emin..emax, as a double (which holds it exactly).
    [[nodiscard]] double rounded(int digits, int emin, int emax) const {
        if (nan_ || (plus_inf_ && minus_inf_)) {
            return std::numeric_limits<double>::quiet_NaN();
        }
        if (plus_inf_ || minus_inf_) {
            return plus_inf_ ? HUGE_VAL : -HUGE_VAL;
        }
        std::vector<std::uint32_t> mag = w_;
        const bool negative = (mag.back() >> 31) != 0;
        if (negative) {  // two's complement negation
            std::uint64_t carry = 1;
            for (std::uint32_t& v : mag) {
                const std::uint64_t s = static_cast<std::uint64_t>(static_cast<std::uint32_t>(~v)) + carry;
                v = static_cast<std::uint32_t>(s);
                carry = s >> 32;
            }
        }
        const auto bit = [&mag](long i) -> int {
            if (i < 0) {
                return 0;
            }
            const auto u = static_cast<std::size_t>(i);
            return static_cast<int>((mag[u / 32] >> (u % 32)) & 1U);
        };
        long lead = static_cast<long>(words) * 32 - 1;
        while (lead >= 0 && bit(lead) == 0) {
            --lead;
        }
        if (lead < 0) {
            return 0.0;
        }
        const long exponent = lead + low;
        const long k = (exponent > emin ? exponent : emin) - (digits - 1);  // the last kept bit
        std::uint64_t m = 0;
        for (long i = lead; i >= k - low && i >= 0; --i) {
            m = (m << 1) | static_cast<std::uint64_t>(bit(i));
        }
        if (k - low > lead) {
            m = 0;
        }
        const int round_bit = bit(k - low - 1);
        bool sticky = false;
        for (long i = k - low - 2; i >= 0; --i) {
            if (bit(i) != 0) {
                sticky = true;
                break;
            }
        }
        if (round_bit != 0 && (sticky || (m & 1U) != 0)) {
            ++m;
        }
        const double r = std::ldexp(static_cast<double>(m), static_cast<int>(k));
        const double limit = std::ldexp(1.0, emax + 1);
        const double result = r >= limit ? HUGE_VAL : r;
        return negative ? -result : result;
    }

  private:
    void add_shifted(bool negative, u128 value, int position) {
        // value << position as 32-bit words, added or subtracted with carries through the top.
        std::vector<std::uint32_t> term(words, 0);
        for (int b = 0; b < 128; ++b) {
            if (((value >> b) & 1U) != 0) {
                const auto at = static_cast<std::size_t>(position + b);
                term[at / 32] |= std::uint32_t{1} << (at % 32);
            }
        }
        if (negative) {
            std::uint64_t carry = 1;
            for (std::uint32_t& v : term) {
                const std::uint64_t s = static_cast<std::uint64_t>(static_cast<std::uint32_t>(~v)) + carry;
                v = static_cast<std::uint32_t>(s);
                carry = s >> 32;
            }
        }
        std::uint64_t carry = 0;
        for (std::size_t i = 0; i < words; ++i) {
            const std::uint64_t s = static_cast<std::uint64_t>(w_[i]) + term[i] + carry;
            w_[i] = static_cast<std::uint32_t>(s);
            carry = s >> 32;
        }
    }

    std::vector<std::uint32_t> w_ = std::vector<std::uint32_t>(words, 0);
    bool nan_ = false;
    bool plus_inf_ = false;
    bool minus_inf_ = false;
};

}  // namespace rt
