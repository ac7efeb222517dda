// Built with -march=x86-64-v4 (AVX-512): its rectify code may use AVX-512
// anywhere. Linked first, so that a linker merging by name would pick these
// bodies for the baseline unit too.
#include "calls.hpp"

void calls_built_for_v4(std::vector<float>& f, std::vector<double>& d, std::vector<std::int8_t>& b) {
    RECTIFY_MIXED_CALLS(f, d, b);
}
