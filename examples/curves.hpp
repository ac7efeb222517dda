// Shared by plot_smooth.cpp and plot_family.cpp: functions and their
// derivatives, called as rectify's span forms on float points, printed as
// CSV (a column x, then f and f_derivative for each function), with the
// precision that round-trips a float.
#pragma once

#include <cstddef>
#include <cstdio>
#include <functional>
#include <span>
#include <vector>

namespace curves {

using span_fn = std::function<void(std::span<const float>, std::span<float>)>;

struct curve {
    const char* name;
    span_fn f;
    span_fn derivative;
};

// The floats (i - points / 2) / 20 for i < points: step 0.05, 0 among them.
inline std::vector<float> grid(std::size_t points) {
    std::vector<float> x(points);
    const std::size_t middle = points / 2;
    for (std::size_t i = 0; i < points; ++i) {
        x[i] = static_cast<float>((static_cast<double>(i) - static_cast<double>(middle)) / 20.0);
    }
    return x;
}

inline void print_csv(const std::vector<curve>& curves, const std::vector<float>& x) {
    std::vector<std::vector<float>> columns;
    std::printf("x");
    for (const curve& c : curves) {
        std::printf(",%s,%s_derivative", c.name, c.name);
        columns.emplace_back(x.size());
        c.f(x, columns.back());
        columns.emplace_back(x.size());
        c.derivative(x, columns.back());
    }
    std::printf("\n");
    for (std::size_t i = 0; i < x.size(); ++i) {
        std::printf("%g", static_cast<double>(x[i]));
        for (const std::vector<float>& column : columns) {
            std::printf(",%.7g", static_cast<double>(column[i]));
        }
        std::printf("\n");
    }
}

}  // namespace curves
