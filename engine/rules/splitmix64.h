#ifndef TENGEN_ENGINE_RULES_SPLITMIX64_H_
#define TENGEN_ENGINE_RULES_SPLITMIX64_H_

// SplitMix64 (Steele, Lea and Flood 2014): a fixed, portable 64-bit stream
// from 8 bytes of state. The Zobrist keys come from it (so hashes agree
// across builds), and so do the search's noise and the fake backends'
// values, where a generator is seeded per use and must be cheap to start.

#include <cstdint>

namespace tengen {

class SplitMix64 {
 public:
  explicit SplitMix64(uint64_t seed) : state_(seed) {}
  uint64_t operator()() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // Uniform on [0, 1) from the top 24 bits of the next value.
  float UnitFloat() { return static_cast<float>((*this)() >> 40) * (1.0f / 16777216.0f); }

 private:
  uint64_t state_;
};

}  // namespace tengen

#endif  // TENGEN_ENGINE_RULES_SPLITMIX64_H_
