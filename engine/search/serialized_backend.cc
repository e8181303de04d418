#include "engine/search/serialized_backend.h"

namespace tengen {

void SerializedBackend::EvaluateBatch(std::span<const CompactPosition> inputs,
                                      std::span<EvalOutput> outputs) {
  std::lock_guard<std::mutex> lock(mu_);
  inner_->EvaluateBatch(inputs, outputs);
}

}  // namespace tengen
