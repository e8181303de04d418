#ifndef TENGEN_ENGINE_GTP_MCTS_MOVE_GENERATOR_H_
#define TENGEN_ENGINE_GTP_MCTS_MOVE_GENERATOR_H_

// MoveGenerator over the MCTS of engine/search and one BatchBackend (the
// torch network in `tengen gtp`, a fake in tests). The search is driven
// synchronously on the calling thread: select up to leaves_per_batch leaves
// (virtual loss keeps them apart), evaluate them in one backend call, apply,
// and poll should_stop between batches. The tree is kept between moves and
// reused when the new position follows from the searched one by moves.

#include <memory>
#include <vector>

#include "engine/gtp/move_generator.h"
#include "engine/search/evaluator.h"
#include "engine/search/mcts.h"
#include "engine/search/search_options.h"

namespace tengen::gtp {

struct MctsGeneratorOptions {
  // Leaves per backend call: 1 is the exact sequential search; a GPU wants
  // 8 to 32.
  int leaves_per_batch = 1;
  int max_pv_length = 15;
};

class MctsMoveGenerator : public MoveGenerator {
 public:
  // The backend must outlive the generator.
  MctsMoveGenerator(BatchBackend* backend, const SearchOptions& search_options,
                    MctsGeneratorOptions options = {});

  // GTP play wants the plain search: no root noise, no resignation or pass
  // overrides inside the search (the GTP engine decides those).
  static SearchOptions DefaultSearchOptions();

  absl::Status SupportsBoardSize(int size) const override;
  SearchReport Search(const Game& game, const SearchRequest& request) override;
  void Reset() override { search_.reset(); }

  // Tree reuse statistics, for tests.
  int64_t reused_visits() const { return reused_visits_; }

 private:
  void MoveRootTo(const Game& game);
  SearchReport MakeReport(const Game& game, bool with_ownership, bool with_unvisited = false);

  BatchBackend* backend_;
  SearchOptions search_options_;
  MctsGeneratorOptions options_;
  std::unique_ptr<tengen::Search> search_;
  int64_t reused_visits_ = 0;
  std::vector<CompactPosition> positions_;
  std::vector<LeafHandle> handles_;
  std::vector<EvalOutput> outputs_;
  std::vector<float> ownership_cache_;
  uint64_t ownership_key_ = 0;
};

}  // namespace tengen::gtp

#endif  // TENGEN_ENGINE_GTP_MCTS_MOVE_GENERATOR_H_
