// A user's program that runs rectify's span forms under execution policies:
// <execution> included first gives every span form its policy twin. It exits
// non-zero, saying what went wrong, if a parallel result differs from the
// sequential one or a policy form does not reach the parallel engine.
// [readme:include]
#include <execution>  // first: rectify then has a policy form of every span form

#include <rectify/rectify.hpp>
// [readme:end]

#include <cstdio>
#include <cstring>
#include <vector>

int main() {
    static_assert(RECTIFY_EXECUTION == 1, "<execution> included first: the policy forms are there");
    std::vector<float> x(1 << 20);
    for (std::size_t i = 0; i < x.size(); ++i) {
        x[i] = static_cast<float>(static_cast<int>(i % 2001) - 1000) / 100.0f;
    }
    std::vector<float> sequential(x.size()), parallel(x.size());
    // [readme:call]
    rectify::gelu(x, sequential);                           // one thread
    rectify::gelu(std::execution::par_unseq, x, parallel);  // every core, the same bits
    // [readme:end]
    int failures = std::memcmp(sequential.data(), parallel.data(), x.size() * sizeof(float)) != 0;
    rectify::relu(std::execution::par, parallel);
    rectify::relu(sequential);
    failures += std::memcmp(sequential.data(), parallel.data(), x.size() * sizeof(float)) != 0;
    if (RECTIFY_PARALLEL_ENGINE != 1) {
        std::fprintf(stderr, "consumer FAILED: no parallel engine\n");
        ++failures;
    }
    if (failures != 0) {
        std::fprintf(stderr, "consumer FAILED: %d parallel results differ from the sequential ones\n", failures);
        return 1;
    }
    std::printf("consumer: parallel gelu and relu give the sequential bits\n");
    return 0;
}
