#ifndef TENGEN_ENGINE_SEARCH_MCTS_H_
#define TENGEN_ENGINE_SEARCH_MCTS_H_

// Monte-Carlo tree search for one game: PUCT with first-play urgency,
// virtual loss (several leaves of one search in flight), Dirichlet noise and
// temperature for self-play, tree reuse, LCB or max-visits final choice,
// resignation, pass rules, and a Gumbel AlphaZero root as an option.
//
// The search never calls a network itself. It yields leaves (a
// CompactPosition plus an opaque handle) and takes their results back:
//
//   search.SetTargetVisits(200);
//   while (!search.Done()) {
//     search.SelectLeaves(8, &leaves);       // may be fewer (collisions)
//     ...evaluate leaves[i].position into outputs[i]...
//     search.ApplyResults(leaves, outputs);
//     leaves.clear();
//   }
//
// so that one driver can run many searches (games) against one batched
// evaluator (search_driver.h). Run() does this loop for a single game.
//
// A Search is not thread-safe: one thread at a time drives it (different
// Search objects may run on different threads and share a PositionCache).

#include <array>
#include <cstdint>
#include <random>
#include <span>
#include <vector>

#include "absl/status/status.h"
#include "engine/features/compact_position.h"
#include "engine/rules/game.h"
#include "engine/search/evaluator.h"
#include "engine/search/gumbel.h"
#include "engine/search/legal_moves.h"
#include "engine/search/policy_scan.h"
#include "engine/search/position_cache.h"
#include "engine/search/root_child_stats.h"
#include "engine/search/search_game.h"
#include "engine/search/search_options.h"
#include "engine/search/tree.h"

namespace tengen {

struct LeafHandle {
  NodeId node = kNoNode;
  uint32_t slot = 0;  // the search's record of the leaf in flight
};

struct LeafRequest {
  CompactPosition position;
  LeafHandle handle;
};

// Statistics of one root child, from the point of view of the side to move
// at the root.
struct ChildStats {
  Point move = kPass;
  int visits = 0;
  float value = 0;  // mean, [-1, 1]
  float lcb = -1;   // lower confidence bound of value (may be below -1)
  float prior = 0;  // after legality masking, renormalisation and root noise
  float score_lead = 0;
  int order = 0;  // 0: the move the search prefers (before pass/resign rules)
  std::vector<Point> pv;  // principal variation, starting with `move`
  float winrate() const { return 0.5f * (value + 1.0f); }
  float lcb_winrate() const { return 0.5f * (lcb + 1.0f); }
};

struct MoveDecision {
  Point move = kPass;  // kResign when resigning
  float value = 0;     // Q of the chosen move for the side to move, [-1, 1]
  int visits = 0;      // of the chosen move
};

struct SearchCounters {
  int64_t leaves = 0;          // handed out for evaluation
  int64_t cache_hits = 0;      // visits answered by the position cache
  int64_t terminal_visits = 0; // visits ending in a finished game
  int64_t collisions = 0;      // selections that reached a leaf already in flight
  int64_t superko_rejections = 0;
};

class Search {
 public:
  // `cache` (optional, shared, thread-safe) must outlive the search.
  Search(const Game& game, const SearchOptions& options, PositionCache* cache = nullptr);
  Search(const Search&) = delete;
  Search& operator=(const Search&) = delete;

  const Game& game() const { return game_; }
  const SearchOptions& options() const { return options_; }
  // Options may change between moves (e.g. noise off for an evaluation
  // game); the root is prepared again (noise, Gumbel sampling) at the next
  // SelectLeaves, so call this before searching a move, not during.
  void set_options(const SearchOptions& options);

  // A new position: the tree is discarded.
  void SetRoot(const Game& game);
  // Plays `move` (for the side to move) and keeps its subtree when
  // options.reuse_tree. Fails, changing nothing, on an illegal move. No
  // leaves may be in flight.
  absl::Status Advance(Point move);

  // SelectLeaves stops once the root has this many visits (a reused subtree
  // counts); 0 means no limit. It is also the Gumbel root's simulation budget.
  void SetTargetVisits(int root_visits);
  int target_visits() const { return target_visits_; }
  // The target is reached and no leaf is in flight.
  bool Done() const;

  // Selects up to max_leaves new leaves, each with its position for the
  // evaluator, marking them in flight. Visits that need no network (cache
  // hits, finished games) are completed on the way. Returns the number of
  // leaves written (positions[i], handles[i]); fewer than max_leaves when the
  // target is reached or selection keeps hitting leaves already in flight.
  int SelectLeaves(int max_leaves, std::span<CompactPosition> positions,
                   std::span<LeafHandle> handles);
  // Appends to *leaves.
  int SelectLeaves(int max_leaves, std::vector<LeafRequest>* leaves);
  // Results in any order and any grouping, each leaf exactly once (a handle
  // that is not in flight aborts: it is a driver bug, not bad input).
  void ApplyResults(std::span<const LeafHandle> handles, std::span<const EvalOutput> outputs);
  void ApplyResults(std::span<const LeafRequest> leaves, std::span<const EvalOutput> outputs);
  void ApplyResult(LeafHandle handle, const EvalOutput& output);
  int pending_leaves() const { return pending_; }

  // Prefetch hints for a driver that runs many searches in turn, so that
  // each is cold when its turn comes (tens of games per thread). Called on a
  // search kPrefetchTurns, ..., 2, 1 turns before its SelectLeaves (or its
  // ApplyResults of `handles`), each call starts loading what the next
  // needs to find (the search's members, then the buffers they point to,
  // then the tree lines the last selection read or the results' backup
  // paths), so the loads overlap the work on the searches in between. They
  // change no result and are never required; a search records what they
  // need (about 1% of a simulation) only once it has been given one.
  static constexpr int kPrefetchTurns = 3;
  void PrefetchSelection(int turns_ahead);
  void PrefetchResults(std::span<const LeafHandle> handles, int turns_ahead);

  // Single-game convenience: searches until the root has `visits` visits.
  void Run(BatchBackend& backend, int visits);

  int root_visits() const { return nodes_[root_].visits; }
  // Mean value and score lead of the root for the side to move.
  float root_value() const;
  float root_score_lead() const;
  // The root's own network ownership (side to move's view, per flat point)
  // when the root was evaluated by the network in this search; null when it
  // was reused, cached or not evaluated yet.
  const std::array<float, kMaxBoardSize * kMaxBoardSize>* root_ownership() const {
    return root_ownership_valid_ ? &root_ownership_ : nullptr;
  }

  // Visited root children (legal ones), sorted by `order`. PVs follow the
  // most visited child, up to max_pv_length moves.
  std::vector<ChildStats> RootChildren(int max_pv_length = 0) const;
  // The training target over flat moves: the visit distribution of the root
  // children, or with options.gumbel the improved policy
  // softmax(log prior + sigma(completed Q)).
  std::array<float, kMaxPolicySize> PolicyTarget() const;
  // The move to play: temperature 0 picks by options.final_move (LCB or most
  // visits), a positive temperature samples visits^(1/T); the Gumbel root
  // picks its sequential-halving winner. Pass rules and resignation apply.
  MoveDecision ChooseMove(float temperature = 0.0f);

  const SearchCounters& counters() const { return counters_; }
  size_t tree_nodes() const { return nodes_.size(); }
  size_t memory_bytes() const;
  // Visit and in-flight sums, prior normalisation and the child-prefix
  // layout of every node; for tests.
  absl::Status CheckInvariants() const;

  // Exposed for tests and analysis: the root's children priors by move.
  float RootPrior(Point move) const;

 private:
  enum class SimOutcome { kLeaf, kCompleted, kCollision, kRetry };
  struct GumbelCandidate {
    Point move;
    float gumbel;
    float logit;
    int visits;  // started in this move's search (incl. in flight)
    int edge;    // cached index into the root's edges (validated by move)
  };

  void ResetTree();
  void RootChanged(bool one_move_played, bool rebuild_base);
  // The edge to play; -1 when none is usable. Without `allow_pass` the pass
  // is not usable, and with `spare_own_eyes` neither are the side's own
  // simple eyes (a pass refused by the pass rules must not be replaced by
  // filling an eye: that kills groups instead of winning the count).
  int PickEdge(float temperature, bool allow_pass, bool spare_own_eyes = false);
  void PrepareRoot();
  void ApplyDirichletNoise();
  void PrepareGumbelRoot();
  void MaskRootIllegalEdges();
  void RestoreBestUnvisited(Node& node);
  // Edge building (see Node::edges_final).
  void FinalizeEdges(Node& node);
  void FillNextEdge(Node& node);
  void FillAllEdges(Node& node);
  void AppendEdge(Node& node, const Edge& edge);
  // Gives the raw block's move `best` an edge (prior times `scale`) and
  // takes it out of `mask`, the block's mask, which is stored back.
  void TakeRawMove(Node& node, uint16_t* raw, LegalMask mask, int best, float scale);
  static int EdgeCapacity(int filled, int num_edges);
  Point MoveOfFlat(int flat) const { return flat == pass_flat_ ? kPass : point_of_flat_[flat]; }
  // Mask, scale, best move, policy padded for the scan (policy_scan.h).
  int RawBlockSize() const { return kRawPolicy + PaddedPolicySize(policy_size_); }

  SimOutcome Simulate(CompactPosition* position, LeafHandle* handle);
  template <typename Sink>
  int SelectLeavesImpl(int max_leaves, Sink sink);
  int SelectPuct(const Node& node, bool is_root) const;
  // A visited root child short of its forced playouts, or -1.
  int ForcedRootChild(const Node& root) const;
  // root_stats_ follows every change of a root child (see root_child_stats.h).
  void RebuildRootStats();
  void SyncRootStats(const Node& child);
  absl::Status CheckRootStatsEntry(int i, float prior, const Node& child) const;
  int SelectImproved(const Node& node) const;
  int SelectGumbelRoot(int* candidate);
  Edge* CreateChild(NodeId parent, int edge_index);
  // A leaf's legal points (legal_moves.h) are kept from selection until its
  // evaluation arrives.
  void Expand(NodeId id, const LegalMask& legal, const float* policy, float value, float score);
  void Backup(NodeId leaf, float value, float score, int in_flight_delta);
  // Whether the scratch position repeats the game's history or an earlier
  // position of the path (the rules' superko kind).
  bool PathRepeatsPosition() const;
  // The position cache's key for the scratch position (only computed with
  // a cache).
  uint64_t LeafCacheKey() const;
  int FlatIndex(Point p) const { return p == kPass ? pass_flat_ : flat_of_point_[p]; }
  uint32_t AllocateMaskSlot();

  CompletedQ RootCompletedQ() const;
  int GumbelFinalCandidate() const;
  float ChildValue(const Node& child) const;  // parent's view
  float ChildLcb(const Node& child) const;
  int PreferredChild(bool allow_pass) const;  // edge index by final_move, -1 if none
  bool PassAllowed() const;
  void CopySubtree(NodeId old_root);

  SearchOptions options_;
  PositionCache* cache_;
  Game game_;   // the root position
  Game base_;   // short equivalent of game_ each simulation starts from
  // Moves played on base_ since it was last built (search_game.h).
  static constexpr int kMaxBaseAge = 32;
  int base_age_ = 0;
  PathPosition scratch_;  // the current simulation's leaf
  int board_size_ = 19;
  int policy_size_ = 362;
  int pass_flat_ = 361;
  std::array<int16_t, kNumPoints> flat_of_point_{};
  std::array<Point, kMaxBoardSize * kMaxBoardSize> point_of_flat_{};
  // Pending leaves' legal masks and cache keys; a pending node's
  // first_edge is its slot.
  static constexpr int kMaxPrefetchPath = 14;
  struct PendingLeaf {
    LegalMask legal;
    uint64_t cache_key;
    // The leaf and its ancestors, nearest first, as far as they fit: what
    // its result's backup touches (for PrefetchResults).
    int path_length;
    std::array<const Node*, kMaxPrefetchPath> path;
  };
  std::vector<PendingLeaf> pending_leaves_;
  std::vector<uint32_t> free_mask_slots_;
  LegalMask scratch_mask_{};

  NodeArena nodes_, spare_nodes_;
  EdgeArena edges_, spare_edges_;
  RawPolicyArena raw_, spare_raw_;
  NodeId root_ = kNoNode;
  int target_visits_ = 0;
  int pending_ = 0;
  bool root_prepared_ = false;

  // Stones hashes of the root and the positions before it, newest first.
  std::vector<uint64_t> root_history_hashes_;

  // Per-simulation scratch.
  std::vector<Point> path_moves_;
  std::vector<const Node*> path_nodes_;  // root first (only for hints)
  // The tree lines the last simulation's selection read (the path's nodes
  // and their scored edges), for PrefetchSelection: the next simulation
  // mostly walks the same way. Prefetching the children it scored as well
  // cost more than it saved.
  static constexpr int kMaxSelectionLines = 40;
  bool record_for_prefetch_ = false;  // set by the first hint
  int num_selection_lines_ = 0;
  std::array<const void*, kMaxSelectionLines> selection_lines_;
  void RememberSelectionLines(const Node& node);
  // scratch_ is base_ plus scratch_moves_; sim_hashes_[i] is the stones
  // hash after scratch_moves_[i].
  std::vector<Point> scratch_moves_;
  std::vector<uint64_t> sim_hashes_;
  CachedEval cached_;

  // Gumbel root.
  std::vector<GumbelCandidate> candidates_;
  std::vector<int> considered_sequence_;

  std::array<float, kMaxBoardSize * kMaxBoardSize> root_ownership_{};
  bool root_ownership_valid_ = false;

  std::mt19937_64 rng_;
  SearchCounters counters_;

  // Run() buffers.
  std::vector<CompactPosition> run_positions_;
  std::vector<LeafHandle> run_handles_;
  std::vector<EvalOutput> run_outputs_;

  // Last: 4 KB that only root selection and root children's updates read.
  RootChildStats root_stats_;
};

}  // namespace tengen

#endif  // TENGEN_ENGINE_SEARCH_MCTS_H_
