// A translation unit without the policy forms (it does not include
// <execution>), linked beside parallel_test.cpp, which has them: each lives
// in its own inline namespace, so the program has no ODR violation.
#include <rectify/rectify.hpp>

#include <vector>

static_assert(RECTIFY_EXECUTION == 0, "no <execution>: no policy forms");

std::vector<float> second_tu_without_policies(const std::vector<float>& in) {
    std::vector<float> out(in.size());
    rectify::relu(in, out);
    return out;
}
