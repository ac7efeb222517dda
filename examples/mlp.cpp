// Dying ReLU, shown. A small network (2 inputs, 64 hidden units, 1 output)
// learns the two-spirals problem three times from the same initial weights
// and the same batches: with relu, and with leaky_relu at alpha 0.01 and 0.1.
// The learning rate is too high on purpose. Every 150 epochs it prints the
// loss, the accuracy and the dead units of each run: hidden units whose
// input is below zero on every training point.
//
// A dead relu unit gets a zero gradient from every point (relu_backward
// passes nothing below 0), and its inputs are the fixed training points, so
// it can never come back. A leaky unit in the same place still gets alpha
// times its gradient and can climb back. At the end the program trains relu
// once more at a lower learning rate, for comparison.
//
// Only std::vector and rectify: the forward pass runs the span form of relu
// or leaky_relu over a whole batch, the backward pass relu_backward or
// leaky_relu_backward. The data come from a hand-written generator
// (SplitMix64 and Box-Muller) rather than <random>'s distributions, whose
// output differs between standard libraries. GCC and Clang on x86-64 print
// the same numbers; another CPU, C library or -march that fuses
// multiply-adds may change the last digits, most in the leaky_relu 0.1
// column, where the high learning rate amplifies them.
//
//   mlp [seed [epochs]]    (default 1 and 1500; fewer epochs for a quick
//                           look: the tests run it under valgrind with 150)
//
// README.md quotes this program's output (examples/mlp.expected) and sums
// up its results over seeds 1 to 10: after a change here, run it again for
// those seeds and update both.
#include <rectify/rectify.hpp>

#include <algorithm>
#include <charconv>
#include <cinttypes>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <numbers>
#include <span>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

namespace {

// ---- a small deterministic random generator --------------------------------

class Random {
  public:
    explicit Random(std::uint64_t seed) : state_(seed) {}

    // SplitMix64: 64 random bits per call.
    std::uint64_t bits() {
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15u);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
        return z ^ (z >> 31);
    }
    // Uniform in [0, 1), 53 bits.
    double uniform() { return static_cast<double>(bits() >> 11) * 0x1.0p-53; }
    // Uniform integer in [0, n); the modulo bias is irrelevant for n this small.
    std::size_t below(std::size_t n) { return static_cast<std::size_t>(bits() % n); }
    // Standard normal, by the Box-Muller transform.
    double normal() {
        const double u1 = 1.0 - uniform();  // in (0, 1]: log is finite
        const double u2 = uniform();
        return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
    }

  private:
    std::uint64_t state_;
};

// ---- the data: two interleaved spirals --------------------------------------

struct Dataset {
    std::size_t size = 0;
    std::vector<float> x;      // size x 2, row-major
    std::vector<float> label;  // 0 or 1
};

Dataset two_spirals(std::size_t per_class, double noise, Random& random) {
    Dataset d;
    for (std::size_t cls = 0; cls < 2; ++cls) {
        for (std::size_t i = 0; i < per_class; ++i) {
            // 1.75 turns, from radius 0.125 to 1; the second arm is the first
            // turned by half a turn.
            const double t = 0.25 + 1.75 * static_cast<double>(i) / static_cast<double>(per_class);
            const double angle = 2.0 * std::numbers::pi * t + std::numbers::pi * static_cast<double>(cls);
            const double radius = t / 2.0;
            d.x.push_back(static_cast<float>(radius * std::cos(angle) + noise * random.normal()));
            d.x.push_back(static_cast<float>(radius * std::sin(angle) + noise * random.normal()));
            d.label.push_back(static_cast<float>(cls));
        }
    }
    d.size = d.label.size();
    return d;
}

// ---- the network: 2 inputs, one hidden layer, one logit ---------------------

constexpr std::size_t inputs = 2;
constexpr std::size_t hidden = 64;

struct Network {
    std::vector<float> w1 = std::vector<float>(hidden * inputs);  // hidden x inputs
    std::vector<float> b1 = std::vector<float>(hidden);
    std::vector<float> w2 = std::vector<float>(hidden);  // the output unit's weights
    float b2 = 0.0f;
};

// He initialisation: weights ~ N(0, 2 / fan_in), biases 0.
Network he_initialised(Random& random) {
    Network net;
    for (float& w : net.w1) {
        w = static_cast<float>(std::sqrt(2.0 / inputs) * random.normal());
    }
    for (float& w : net.w2) {
        w = static_cast<float>(std::sqrt(2.0 / hidden) * random.normal());
    }
    return net;
}

// The activation under test: relu, or leaky_relu with its alpha.
struct Activation {
    const char* name;
    bool leaky;
    float alpha;

    // [readme:mlp-activation]
    void forward(std::span<const float> z, std::span<float> a) const {
        if (leaky) {
            rectify::leaky_relu(z, a, alpha);
        } else {
            rectify::relu(z, a);
        }
    }
    // grad holds dL/da on entry and dL/dz on return.
    void backward(std::span<const float> z, std::span<float> grad) const {
        if (leaky) {
            rectify::leaky_relu_backward(z, grad, grad, alpha);
        } else {
            rectify::relu_backward(z, grad, grad);
        }
    }
    // [readme:end]
};

// Buffers for one forward and backward pass over `rows` points.
struct Pass {
    std::size_t rows = 0;
    std::vector<float> z;      // rows x hidden: pre-activations
    std::vector<float> a;      // rows x hidden: activations
    std::vector<float> logit;  // rows
    std::vector<float> grad;   // rows x hidden
    void resize(std::size_t n) {
        rows = n;
        z.resize(n * hidden);
        a.resize(n * hidden);
        logit.resize(n);
        grad.resize(n * hidden);
    }
};

// The loops below index through raw pointers (.data()), which costs nothing
// in an optimised build and keeps a Debug build fast.

// Forward pass over the points x (rows x 2).
void forward(const Network& net, const Activation& act, std::span<const float> x, Pass& p) {
    const float *w1 = net.w1.data(), *b1 = net.b1.data(), *w2 = net.w2.data();
    for (std::size_t r = 0; r < p.rows; ++r) {
        const float* xr = x.data() + r * inputs;
        float* zr = p.z.data() + r * hidden;
        for (std::size_t h = 0; h < hidden; ++h) {
            zr[h] = w1[h * inputs] * xr[0] + w1[h * inputs + 1] * xr[1] + b1[h];
        }
    }
    act.forward(p.z, p.a);  // the whole batch in one call
    for (std::size_t r = 0; r < p.rows; ++r) {
        const float* ar = p.a.data() + r * hidden;
        float s = net.b2;
        for (std::size_t h = 0; h < hidden; ++h) {
            s += w2[h] * ar[h];
        }
        p.logit[r] = s;
    }
}

float sigmoid(float z) {
    return 1.0f / (1.0f + std::exp(-z));
}

// One step of plain stochastic gradient descent on the mean binary
// cross-entropy of the batch x, y.
void sgd_step(Network& net, const Activation& act, std::span<const float> x, std::span<const float> y,
              float learning_rate, Pass& p) {
    forward(net, act, x, p);
    float grad_w1[hidden * inputs] = {}, grad_b1[hidden] = {}, grad_w2[hidden] = {}, grad_b2 = 0.0f;
    const float scale = 1.0f / static_cast<float>(p.rows);
    const float* w2 = net.w2.data();
    for (std::size_t r = 0; r < p.rows; ++r) {
        const float dlogit = (sigmoid(p.logit[r]) - y[r]) * scale;  // dL/dlogit
        const float* ar = p.a.data() + r * hidden;
        float* gr = p.grad.data() + r * hidden;
        grad_b2 += dlogit;
        for (std::size_t h = 0; h < hidden; ++h) {
            grad_w2[h] += dlogit * ar[h];
            gr[h] = dlogit * w2[h];  // dL/da
        }
    }
    act.backward(p.z, p.grad);  // now dL/dz, the whole batch in one call
    for (std::size_t r = 0; r < p.rows; ++r) {
        const float* xr = x.data() + r * inputs;
        const float* gr = p.grad.data() + r * hidden;
        for (std::size_t h = 0; h < hidden; ++h) {
            grad_w1[h * inputs] += gr[h] * xr[0];
            grad_w1[h * inputs + 1] += gr[h] * xr[1];
            grad_b1[h] += gr[h];
        }
    }
    for (std::size_t i = 0; i < hidden * inputs; ++i) {
        net.w1[i] -= learning_rate * grad_w1[i];
    }
    for (std::size_t h = 0; h < hidden; ++h) {
        net.b1[h] -= learning_rate * grad_b1[h];
        net.w2[h] -= learning_rate * grad_w2[h];
    }
    net.b2 -= learning_rate * grad_b2;
}

struct Score {
    double loss = 0.0;             // mean binary cross-entropy
    double accuracy = 0.0;         // fraction classified right
    std::size_t never_active = 0;  // hidden units with z < 0 on every point
};

Score evaluate(const Network& net, const Activation& act, const Dataset& d) {
    Pass p;
    p.resize(d.size);
    forward(net, act, d.x, p);
    Score s;
    std::size_t right = 0;
    for (std::size_t r = 0; r < d.size; ++r) {
        const auto z = static_cast<double>(p.logit[r]), y = static_cast<double>(d.label[r]);
        // log(1 + e^-|z|) + max(z, 0) - z y: the cross-entropy, without overflow.
        s.loss += std::log1p(std::exp(-std::abs(z))) + std::max(z, 0.0) - z * y;
        right += (z >= 0.0) == (y == 1.0) ? 1 : 0;
    }
    s.loss /= static_cast<double>(d.size);
    s.accuracy = static_cast<double>(right) / static_cast<double>(d.size);
    // relu_derivative is 1 where z >= 0: a unit is never active where its
    // column holds no 1.
    std::vector<float> active(p.z.size());
    rectify::relu_derivative(p.z, active);
    for (std::size_t h = 0; h < hidden; ++h) {
        bool any = false;
        for (std::size_t r = 0; r < d.size && !any; ++r) {
            any = active[r * hidden + h] != 0.0f;
        }
        s.never_active += any ? 0 : 1;
    }
    return s;
}

// Trains each of `nets`, with the activation of the same index, for `epochs`
// epochs of SGD over `data`: the same batches for every network (one shuffle
// per epoch, from `shuffle_seed`), a learning rate decaying exponentially
// from `first_rate` to `last_rate`. Calls report(epoch) every `report_every`
// epochs and at the end.
template <class Report>
void train(std::span<Network> nets, std::span<const Activation> activations, const Dataset& data,
           std::uint64_t shuffle_seed, std::size_t epochs, double first_rate, double last_rate,
           std::size_t report_every, Report report) {
    constexpr std::size_t batch = 20;
    Random shuffler(shuffle_seed);
    std::vector<std::size_t> order(data.size);
    for (std::size_t i = 0; i < order.size(); ++i) {
        order[i] = i;
    }
    std::vector<float> bx(batch * inputs), by(batch);
    Pass pass;
    pass.resize(batch);
    for (std::size_t epoch = 0;; ++epoch) {
        if (epoch % report_every == 0 || epoch == epochs) {
            report(epoch);
        }
        if (epoch == epochs) {
            break;
        }
        for (std::size_t i = order.size() - 1; i > 0; --i) {
            std::swap(order[i], order[shuffler.below(i + 1)]);
        }
        const double progress = static_cast<double>(epoch) / static_cast<double>(epochs);
        const auto rate = static_cast<float>(first_rate * std::pow(last_rate / first_rate, progress));
        for (std::size_t start = 0; start + batch <= data.size; start += batch) {
            for (std::size_t r = 0; r < batch; ++r) {
                const std::size_t i = order[start + r];
                bx[r * inputs] = data.x[i * inputs];
                bx[r * inputs + 1] = data.x[i * inputs + 1];
                by[r] = data.label[i];
            }
            for (std::size_t k = 0; k < nets.size(); ++k) {
                sgd_step(nets[k], activations[k], bx, by, rate, pass);
            }
        }
    }
}

}  // namespace

int main(int argc, char** argv) {
    // The seed, then the number of epochs, may be given: `mlp 7`, `mlp 7 300`.
    std::uint64_t seed = 1;
    std::size_t epochs = 1500;
    constexpr std::size_t report_every = 150;
    bool usable = argc <= 3;
    for (int i = 1; usable && i < argc; ++i) {
        const std::string_view arg = argv[i];
        const auto [end, error] = i == 1 ? std::from_chars(arg.data(), arg.data() + arg.size(), seed)
                                         : std::from_chars(arg.data(), arg.data() + arg.size(), epochs);
        usable = error == std::errc{} && end == arg.data() + arg.size() && (i == 1 || epochs > 0);
    }
    if (!usable) {
        static_cast<void>(
            std::fprintf(stderr, "usage: %s [seed [epochs]]   (default seed: 1, epochs: 1500)\n", argv[0]));
        return 2;
    }
    constexpr double first_rate = 2.5, last_rate = 0.25;  // too high, on purpose

    Random random(seed);
    const Dataset data = two_spirals(200, 0.05, random);
    const Network initial = he_initialised(random);
    const Activation activations[] = {
        {"relu", false, 0.0f}, {"leaky_relu 0.01", true, 0.01f}, {"leaky_relu 0.1", true, 0.1f}};
    constexpr std::size_t runs = std::size(activations);
    std::vector<Network> nets(runs, initial);
    Score scores[runs];

    std::printf("Two spirals, %zu points (seed %" PRIu64
                "); a 2-%zu-1 network trained by SGD, learning\n"
                "rate %.2f decaying to %.2f; each run starts from the same weights and sees the same\n"
                "batches. dead: hidden units whose input is below zero on every training point.\n\n",
                data.size, seed, hidden, first_rate, last_rate);
    std::printf("     ");
    for (std::size_t k = 0; k < runs; ++k) {
        std::printf(k + 1 < runs ? "   %-20s" : "   %s", activations[k].name);
    }
    std::printf("\nepoch");
    for (std::size_t k = 0; k < runs; ++k) {
        std::printf("     loss     acc  dead");
    }
    std::printf("\n");
    train(nets, activations, data, seed + 1, epochs, first_rate, last_rate, report_every,
          [&](std::size_t epoch) {
              std::printf("%5zu", epoch);
              for (std::size_t k = 0; k < runs; ++k) {
                  scores[k] = evaluate(nets[k], activations[k], data);
                  std::printf("   %6.4f  %5.1f%%  %4zu", scores[k].loss, 100.0 * scores[k].accuracy,
                              scores[k].never_active);
              }
              std::printf("\n");
          });

    std::printf("\nAfter %zu epochs, on the %zu training points:\n", epochs, data.size);
    for (std::size_t k = 0; k < runs; ++k) {
        std::printf("  %-16s accuracy %5.1f%%   dead units %2zu of %zu\n", activations[k].name,
                    100.0 * scores[k].accuracy, scores[k].never_active, hidden);
    }

    // The control: relu from the same weights and batches, with a learning
    // rate 2.5 times lower.
    // cppcheck-suppress duplicateExpression ; first_rate is 2.5 too, but this is not x / x
    constexpr double control_first_rate = first_rate / 2.5, control_last_rate = last_rate / 2.5;
    Network control[] = {initial};
    Score control_score;
    train(control, std::span(activations).first(1), data, seed + 1, epochs, control_first_rate,
          control_last_rate, epochs,
          [&](std::size_t) { control_score = evaluate(control[0], activations[0], data); });
    std::printf("For comparison, relu at a learning rate of %.2f decaying to %.2f:\n", control_first_rate,
                control_last_rate);
    std::printf("  %-16s accuracy %5.1f%%   dead units %2zu of %zu\n", activations[0].name,
                100.0 * control_score.accuracy, control_score.never_active, hidden);
    return 0;
}
