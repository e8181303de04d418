#include "engine/search/mcts.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <initializer_list>
#include <limits>
#include <utility>


#include "absl/base/internal/raw_logging.h"
#include "absl/strings/str_format.h"
#include "engine/search/forced_playouts.h"
#include "engine/search/gamma_sampler.h"
#include "engine/search/legal_moves.h"
#include "engine/search/pass_rules.h"
#include "engine/search/policy_scan.h"
#include "engine/search/search_game.h"

namespace tengen {
namespace {

constexpr float kNegInf = -std::numeric_limits<float>::infinity();
// Default Gumbel budget when no target was set.
constexpr int kDefaultGumbelBudget = 800;
// LCB variance prior: as if every child had two extra observations of
// variance 0.25 (a coin-flip position), so that one or two visits do not
// claim certainty.
constexpr double kLcbPriorVariance = 0.25;
constexpr double kLcbPriorWeight = 2.0;

// Raw block fields (tree.h): a mask, a float and an int32 stored in 16-bit
// units.
static_assert(sizeof(LegalMask) == kRawScale * sizeof(uint16_t));
template <typename T>
T LoadRaw(const uint16_t* raw, int at) {
  T value;
  std::memcpy(&value, raw + at, sizeof(T));
  return value;
}
template <typename T>
void StoreRaw(uint16_t* raw, int at, const T& value) {
  std::memcpy(raw + at, &value, sizeof(T));
}

// A child as selection sees it: visits plus leaves in flight, and its mean
// value from the parent's side with every leaf in flight counted as a loss
// (q is meaningful only when n > 0).
struct ChildUnderVirtualLoss {
  float n;
  float q;
};

ChildUnderVirtualLoss UnderVirtualLoss(const Node& child, float virtual_loss) {
  const float inflight = virtual_loss * static_cast<float>(child.in_flight);
  const float n = static_cast<float>(child.visits) + inflight;
  return {n, n > 0 ? (static_cast<float>(-child.value_sum) - inflight) / n : 0.0f};
}

float Sanitise(float v, float lo, float hi) {
  if (!(v == v)) return 0.0f;  // NaN
  return std::clamp(v, lo, hi);
}

}  // namespace

Search::Search(const Game& game, const SearchOptions& options, PositionCache* cache)
    : options_(options), cache_(cache), game_(game), base_(game), rng_(options.seed) {
  ResetTree();
  RootChanged(/*one_move_played=*/false, /*rebuild_base=*/true);
}

void Search::set_options(const SearchOptions& options) {
  options_ = options;
  root_prepared_ = false;
  root_stats_.Invalidate();  // virtual loss may have changed
}

void Search::ResetTree() {
  nodes_.Clear();
  edges_.Clear();
  raw_.Clear();
  pending_leaves_.clear();
  free_mask_slots_.clear();
  root_ = nodes_.Allocate(1);
  nodes_[root_] = Node{};
  root_stats_.Invalidate();
  pending_ = 0;
}

void Search::SetRoot(const Game& game) {
  ABSL_RAW_CHECK(pending_ == 0, "Search::SetRoot with leaves in flight");
  game_ = game;
  ResetTree();
  RootChanged(/*one_move_played=*/false, /*rebuild_base=*/true);
}

absl::Status Search::Advance(Point move) {
  if (pending_ != 0) {
    return absl::FailedPreconditionError("Search::Advance with leaves in flight");
  }
  if (absl::Status s = game_.Play(move); !s.ok()) return s;
  // The short base game follows the real one for a while; rebuilding it
  // sets up stones, which costs far more than a move.
  bool base_follows = false;
  if (base_age_ < kMaxBaseAge) {
    base_.PlayUnchecked(move, game_.moves().back().color);
    base_.set_to_play(game_.to_play());
    ++base_age_;
    base_follows = SameSearchView(base_, game_);
  }
  NodeId child = kNoNode;
  const Node& root = nodes_[root_];
  if (options_.reuse_tree && root.state == NodeState::kExpanded) {
    for (int i = 0; i < root.num_children; ++i) {
      const Edge& e = edges_[root.first_edge + i];
      if (e.move == move) {
        const NodeState st = nodes_[e.child].state;
        if (st == NodeState::kExpanded || st == NodeState::kTerminal) child = e.child;
        break;
      }
    }
  }
  if (child != kNoNode) {
    CopySubtree(child);
  } else {
    ResetTree();
  }
  RootChanged(/*one_move_played=*/true, /*rebuild_base=*/!base_follows);
  return absl::OkStatus();
}

void Search::RootChanged(bool one_move_played, bool rebuild_base) {
  if (rebuild_base) {
    base_ = MakeSearchBaseGame(game_);
    base_age_ = 0;
  }
  scratch_.SetBase(base_);
  scratch_moves_.clear();
  sim_hashes_.clear();
  board_size_ = game_.size();
  policy_size_ = PolicySize(board_size_);
  pass_flat_ = board_size_ * board_size_;
  flat_of_point_.fill(0);
  for (int y = 0; y < board_size_; ++y) {
    for (int x = 0; x < board_size_; ++x) {
      flat_of_point_[MakePoint(x, y)] = static_cast<int16_t>(y * board_size_ + x);
      point_of_flat_[y * board_size_ + x] = MakePoint(x, y);
    }
  }
  if (one_move_played) {
    root_history_hashes_.insert(root_history_hashes_.begin(), game_.board().hash());
    root_history_hashes_.resize(game_.history_size());
  } else {
    root_history_hashes_.clear();
    for (int k = 0; k < game_.history_size(); ++k) {
      root_history_hashes_.push_back(StonesHash(game_.history(k), board_size_));
    }
  }
  root_prepared_ = false;
  root_stats_.Invalidate();
  candidates_.clear();
  considered_sequence_.clear();
  root_ownership_valid_ = false;
  if (nodes_[root_].state == NodeState::kExpanded) MaskRootIllegalEdges();
}

void Search::CopySubtree(NodeId old_root) {
  spare_nodes_.Clear();
  spare_edges_.Clear();
  spare_raw_.Clear();
  const uint32_t raw_size = RawBlockSize();
  std::vector<std::pair<NodeId, NodeId>> stack;  // (old, new); once per move
  const NodeId new_root = spare_nodes_.Allocate(1);
  spare_nodes_[new_root] = nodes_[old_root];
  spare_nodes_[new_root].parent = kNoNode;
  stack.emplace_back(old_root, new_root);
  while (!stack.empty()) {
    const auto [old_id, new_id] = stack.back();
    stack.pop_back();
    const Node& old_node = nodes_[old_id];
    if (old_node.state != NodeState::kExpanded) continue;
    if (!old_node.edges_final || old_node.num_filled < old_node.num_edges) {
      // Blocks and edge ranges are contiguous (ChunkedArena::Allocate).
      const uint32_t block = spare_raw_.Allocate(raw_size);
      std::copy_n(&raw_[old_node.raw_block], raw_size, &spare_raw_[block]);
      spare_nodes_[new_id].raw_block = block;
    }
    if (!old_node.edges_final) continue;
    const uint32_t first = spare_edges_.Allocate(EdgeCapacity(old_node.num_filled, old_node.num_edges));
    spare_nodes_[new_id].first_edge = first;
    std::copy_n(&edges_[old_node.first_edge], old_node.num_filled, &spare_edges_[first]);
    for (int i = 0; i < old_node.num_children; ++i) {
      const NodeId old_child = edges_[old_node.first_edge + i].child;
      const NodeId new_child = spare_nodes_.Allocate(1);
      spare_nodes_[new_child] = nodes_[old_child];
      spare_nodes_[new_child].parent = new_id;
      spare_edges_[first + i].child = new_child;
      stack.emplace_back(old_child, new_child);
    }
  }
  std::swap(nodes_, spare_nodes_);
  std::swap(edges_, spare_edges_);
  std::swap(raw_, spare_raw_);
  spare_nodes_.Clear();
  spare_edges_.Clear();
  spare_raw_.Clear();
  root_ = new_root;
}

void Search::MaskRootIllegalEdges() {
  Node& root = nodes_[root_];
  FillAllEdges(root);
  Edge* edges = &edges_[root.first_edge];
  for (int i = root.num_edges - 1; i >= 0; --i) {
    if (edges[i].move == kPass || game_.IsLegal(edges[i].move)) continue;
    if (i < root.num_children) {
      nodes_[edges[i].child].state = NodeState::kIllegal;
    } else {
      std::swap(edges[i], edges[root.num_edges - 1]);
      --root.num_edges;
      --root.num_filled;
    }
  }
  float sum = 0;
  for (int i = 0; i < root.num_edges; ++i) {
    if (i < root.num_children && nodes_[edges[i].child].state == NodeState::kIllegal) {
      edges[i].prior = 0;
    }
    sum += edges[i].prior;
  }
  if (sum > 0) {
    for (int i = 0; i < root.num_edges; ++i) edges[i].prior /= sum;
  }
  RestoreBestUnvisited(root);
}

void Search::RestoreBestUnvisited(Node& node) {
  Edge* edges = &edges_[node.first_edge];
  node.visited_prior = 0;
  for (int i = 0; i < node.num_children; ++i) node.visited_prior += edges[i].prior;
  node.sorted_prefix = node.num_children;
  if (node.num_children >= node.num_edges) return;
  int best = node.num_children;
  float best_prior = edges[best].prior;
  for (int i = best + 1; i < node.num_edges; ++i) {
    if (edges[i].prior > best_prior) {
      best_prior = edges[i].prior;
      best = i;
    }
  }
  std::swap(edges[node.num_children], edges[best]);
  node.sorted_prefix = static_cast<uint16_t>(node.num_children + 1);
}

void Search::SetTargetVisits(int root_visits) {
  target_visits_ = std::max(0, root_visits);
  if (options_.gumbel && root_prepared_ && !candidates_.empty()) {
    int started = 0;
    for (const GumbelCandidate& c : candidates_) started += c.visits;
    const int budget = (target_visits_ > 0 ? target_visits_ : kDefaultGumbelBudget) -
                       (nodes_[root_].visits + nodes_[root_].in_flight - started);
    considered_sequence_ =
        ConsideredVisitSequence(static_cast<int>(candidates_.size()), std::max(0, budget));
  }
}

bool Search::Done() const {
  return pending_ == 0 && nodes_[root_].visits >= target_visits_;
}

void Search::PrepareRoot() {
  root_prepared_ = true;
  root_stats_.Invalidate();  // noise rewrites the priors
  if (nodes_[root_].state != NodeState::kExpanded) return;
  FillAllEdges(nodes_[root_]);
  if (options_.gumbel) {
    PrepareGumbelRoot();
  } else if (options_.dirichlet_noise) {
    ApplyDirichletNoise();
  }
}

void Search::ApplyDirichletNoise() {
  Node& root = nodes_[root_];
  Edge* edges = &edges_[root.first_edge];
  auto legal = [&](int i) {
    return i >= root.num_children || nodes_[edges[i].child].state != NodeState::kIllegal;
  };
  int num_legal = 0;
  for (int i = 0; i < root.num_edges; ++i) num_legal += legal(i);
  if (num_legal < 2) return;
  GammaSampler gamma(options_.dirichlet_alpha_total / num_legal);
  SplitMix64 noise_rng(rng_());
  std::array<float, kMaxPolicySize> noise;
  float sum = 0;
  for (int i = 0; i < root.num_edges; ++i) {
    noise[i] = legal(i) ? gamma(noise_rng) : 0.0f;
    sum += noise[i];
  }
  if (!(sum > 0)) return;
  const float eps = options_.dirichlet_epsilon;
  for (int i = 0; i < root.num_edges; ++i) {
    if (legal(i)) edges[i].prior = (1 - eps) * edges[i].prior + eps * noise[i] / sum;
  }
  RestoreBestUnvisited(root);
}

void Search::PrepareGumbelRoot() {
  const Node& root = nodes_[root_];
  const Edge* edges = &edges_[root.first_edge];
  std::uniform_real_distribution<double> uniform(std::numeric_limits<double>::min(), 1.0);
  struct Scored {
    float score;
    float gumbel;
    int edge;
  };
  std::vector<Scored> scored;
  scored.reserve(root.num_edges);
  for (int i = 0; i < root.num_edges; ++i) {
    if (i < root.num_children && nodes_[edges[i].child].state == NodeState::kIllegal) continue;
    const float g = static_cast<float>(-std::log(-std::log(uniform(rng_))));
    const float logit = std::log(std::max(edges[i].prior, 1e-30f));
    scored.push_back({g + logit, g, i});
  }
  const int m = std::min<int>(std::max(1, options_.gumbel_considered_actions), scored.size());
  std::partial_sort(scored.begin(), scored.begin() + m, scored.end(),
                    [](const Scored& a, const Scored& b) { return a.score > b.score; });
  candidates_.clear();
  for (int i = 0; i < m; ++i) {
    const Edge& e = edges[scored[i].edge];
    candidates_.push_back(GumbelCandidate{e.move, scored[i].gumbel,
                                          std::log(std::max(e.prior, 1e-30f)), 0, scored[i].edge});
  }
  const int used = root.visits + root.in_flight;
  const int budget = (target_visits_ > 0 ? target_visits_ : kDefaultGumbelBudget) - used;
  considered_sequence_ = ConsideredVisitSequence(m, std::max(0, budget));
}

// ---------------------------------------------------------------------------
// Selection

float Search::ChildValue(const Node& child) const {
  return child.visits > 0 ? static_cast<float>(-child.value_sum / child.visits) : 0.0f;
}

float Search::ChildLcb(const Node& child) const {
  const double n = child.visits;
  if (n <= 0) return -2.0f;
  const double mean = -child.value_sum / n;
  const double squared_deviation = std::max(0.0, child.value_sq_sum - n * mean * mean);
  const double variance =
      (squared_deviation + kLcbPriorVariance * kLcbPriorWeight) / (n - 1 + kLcbPriorWeight);
  return static_cast<float>(mean - options_.lcb_stddevs * std::sqrt(variance / n));
}

int Search::SelectPuct(const Node& node, bool is_root) const {
  const Edge* edges = &edges_[node.first_edge];
  const float vl = options_.virtual_loss;
  const float parent_n = static_cast<float>(node.visits) + vl * static_cast<float>(node.in_flight);
  float c = options_.c_puct;
  if (options_.c_puct_log != 0) {
    c += options_.c_puct_log * std::log((parent_n + options_.c_puct_base) / options_.c_puct_base);
  }
  const float numerator = c * std::sqrt(std::max(parent_n, 1.0f));
  const float parent_q =
      node.visits > 0 ? static_cast<float>(node.value_sum / node.visits) : node.raw_value;
  const float reduction = is_root ? options_.root_fpu_reduction : options_.fpu_reduction;
  const float fpu = parent_q - reduction * std::sqrt(node.visited_prior);
  int best = -1;
  float best_score = kNegInf;
  if (is_root && options_.forced_playouts_k > 0) {
    const int forced = ForcedRootChild(node);
    if (forced >= 0) return forced;
  }
  if (is_root) {
    best = root_stats_.Best(numerator, fpu, &best_score);
  } else {
    // The children are scattered over the arena and usually cold (the driver
    // visits every other game before coming back): start all their loads.
    for (int i = 0; i < node.num_children; ++i) __builtin_prefetch(&nodes_[edges[i].child]);
  }
  for (int i = is_root ? node.num_children : 0; i < node.num_children; ++i) {
    const Node& child = nodes_[edges[i].child];
    if (child.state == NodeState::kIllegal) continue;
    const auto [n, child_q] = UnderVirtualLoss(child, vl);
    const float q = n > 0 ? child_q : fpu;
    const float score = q + numerator * edges[i].prior / (1.0f + n);
    if (score > best_score) {
      best_score = score;
      best = i;
    }
  }
  if (node.num_children < node.num_edges) {
    const float score = fpu + numerator * edges[node.num_children].prior;
    if (score > best_score) best = node.num_children;
  }
  return best;
}

int Search::ForcedRootChild(const Node& root) const {
  const Edge* edges = &edges_[root.first_edge];
  const float root_visits = static_cast<float>(root.visits);
  for (int i = 0; i < root.num_children; ++i) {
    const Node& child = nodes_[edges[i].child];
    if (child.state == NodeState::kIllegal || child.visits == 0) continue;
    if (static_cast<float>(child.visits + child.in_flight) <
        ForcedVisits(options_.forced_playouts_k, edges[i].prior, root_visits)) {
      return i;
    }
  }
  return -1;
}

void Search::RebuildRootStats() {
  const Node& root = nodes_[root_];
  root_stats_.Clear();
  if (root.state != NodeState::kExpanded) return;
  const Edge* edges = &edges_[root.first_edge];
  for (int i = 0; i < root.num_children; ++i) {
    root_stats_.Append(edges[i].prior, 0.0f, 0.0f);
    SyncRootStats(nodes_[edges[i].child]);
  }
}

void Search::SyncRootStats(const Node& child) {
  if (!root_stats_.valid()) return;
  if (child.state == NodeState::kIllegal) {
    root_stats_.SetUnselectable(child.child_index);
    return;
  }
  const auto [n, q] = UnderVirtualLoss(child, options_.virtual_loss);
  root_stats_.SetVisits(child.child_index, n, q);
}

int Search::SelectImproved(const Node& node) const {
  const Edge* edges = &edges_[node.first_edge];
  const float vl = options_.virtual_loss;
  CompletedQBuilder builder;
  bool any_unvisited = node.num_children < node.num_edges;
  float illegal_prior = 0;
  for (int i = 0; i < node.num_children; ++i) {
    const Node& child = nodes_[edges[i].child];
    if (child.state == NodeState::kIllegal) {
      illegal_prior += edges[i].prior;
      continue;
    }
    const auto [n, q] = UnderVirtualLoss(child, vl);
    if (n <= 0) {
      any_unvisited = true;
      continue;
    }
    builder.AddVisited(edges[i].prior, q, n);
  }
  const CompletedQ cq =
      builder.Finish(node.raw_value, any_unvisited, options_.gumbel_c_visit, options_.gumbel_c_scale);
  // pi'(a) = p(a) exp(sigma(a)) / Z, Z over all legal actions; the
  // unvisited ones share sigma(v_mix).
  const float sigma_unvisited = cq.SigmaUnvisited();
  const float max_sigma = cq.scale;  // sigma is in [0, scale]
  const float unvisited_mass =
      std::max(0.0f, 1.0f - builder.sum_visited_prior() - illegal_prior);
  float z = unvisited_mass * std::exp(sigma_unvisited - max_sigma);
  for (int i = 0; i < node.num_children; ++i) {
    const Node& child = nodes_[edges[i].child];
    if (child.state == NodeState::kIllegal) continue;
    const auto [n, q] = UnderVirtualLoss(child, vl);
    if (n <= 0) continue;
    z += edges[i].prior * std::exp(cq.Sigma(q) - max_sigma);
  }
  if (!(z > 0)) z = 1;
  const float visit_scale = 1.0f / (1.0f + builder.sum_visits());
  int best = -1;
  float best_score = kNegInf;
  for (int i = 0; i < node.num_children; ++i) {
    const Node& child = nodes_[edges[i].child];
    if (child.state == NodeState::kIllegal) continue;
    const auto [n, q] = UnderVirtualLoss(child, vl);
    const float sigma = n > 0 ? cq.Sigma(q) : sigma_unvisited;
    const float score = edges[i].prior * std::exp(sigma - max_sigma) / z - n * visit_scale;
    if (score > best_score) {
      best_score = score;
      best = i;
    }
  }
  if (node.num_children < node.num_edges) {
    const float score = edges[node.num_children].prior * std::exp(sigma_unvisited - max_sigma) / z;
    if (score > best_score) best = node.num_children;
  }
  return best;
}

CompletedQ Search::RootCompletedQ() const {
  const Node& root = nodes_[root_];
  const Edge* edges = &edges_[root.first_edge];
  CompletedQBuilder builder;
  bool any_unvisited = root.num_children < root.num_edges;
  for (int i = 0; i < root.num_children; ++i) {
    const Node& child = nodes_[edges[i].child];
    if (child.state == NodeState::kIllegal) continue;
    if (child.visits == 0) {
      any_unvisited = true;
      continue;
    }
    builder.AddVisited(edges[i].prior, ChildValue(child), static_cast<float>(child.visits));
  }
  return builder.Finish(root.raw_value, any_unvisited, options_.gumbel_c_visit,
                        options_.gumbel_c_scale);
}

int Search::SelectGumbelRoot(int* candidate) {
  const Node& root = nodes_[root_];
  const Edge* edges = &edges_[root.first_edge];
  int simulation = 0;
  int max_visits = 0;
  for (const GumbelCandidate& c : candidates_) {
    simulation += c.visits;
    max_visits = std::max(max_visits, c.visits);
  }
  const int considered = simulation < static_cast<int>(considered_sequence_.size())
                             ? considered_sequence_[simulation]
                             : max_visits;  // past the budget: keep visiting the leaders
  const CompletedQ cq = RootCompletedQ();
  int best = -1;
  float best_score = kNegInf;
  int fallback = -1;
  for (int k = 0; k < static_cast<int>(candidates_.size()); ++k) {
    GumbelCandidate& c = candidates_[k];
    if (c.edge >= root.num_edges || edges[c.edge].move != c.move) {
      for (int i = 0; i < root.num_edges; ++i) {
        if (edges[i].move == c.move) c.edge = i;
      }
    }
    if (fallback < 0 || c.visits < candidates_[fallback].visits) fallback = k;
    if (c.visits != considered) continue;
    const bool visited = c.edge < root.num_children && nodes_[edges[c.edge].child].visits > 0;
    const float sigma = visited ? cq.Sigma(ChildValue(nodes_[edges[c.edge].child])) : cq.SigmaUnvisited();
    const float score = c.gumbel + c.logit + sigma;
    if (score > best_score) {
      best_score = score;
      best = k;
    }
  }
  if (best < 0) best = fallback;
  if (best < 0) return -1;
  *candidate = best;
  return candidates_[best].edge;
}

int Search::GumbelFinalCandidate() const {
  if (candidates_.empty()) return -1;
  const Node& root = nodes_[root_];
  const Edge* edges = &edges_[root.first_edge];
  int max_visits = 0;
  for (const GumbelCandidate& c : candidates_) max_visits = std::max(max_visits, c.visits);
  const CompletedQ cq = RootCompletedQ();
  int best = -1;
  float best_score = kNegInf;
  for (int k = 0; k < static_cast<int>(candidates_.size()); ++k) {
    const GumbelCandidate& c = candidates_[k];
    if (c.visits != max_visits) continue;
    int edge = -1;
    for (int i = 0; i < root.num_edges; ++i) {
      if (edges[i].move == c.move) edge = i;
    }
    if (edge < 0) continue;
    const bool visited = edge < root.num_children && nodes_[edges[edge].child].visits > 0;
    const float sigma = visited ? cq.Sigma(ChildValue(nodes_[edges[edge].child])) : cq.SigmaUnvisited();
    const float score = c.gumbel + c.logit + sigma;
    if (score > best_score) {
      best_score = score;
      best = edge;
    }
  }
  return best;
}

Edge* Search::CreateChild(NodeId parent_id, int edge_index) {
  const NodeId child = nodes_.Allocate(1);
  nodes_[child] = Node{};
  nodes_[child].parent = parent_id;
  Node& parent = nodes_[parent_id];
  Edge* edges = &edges_[parent.first_edge];
  const int k = parent.num_children;
  const bool full = parent.num_filled == parent.num_edges;
  // The Gumbel root (always fully built) may pick any edge; everywhere else
  // it is edges[k].
  const bool swapped = edge_index != k;
  ABSL_RAW_CHECK(full || !swapped, "CreateChild: only a fully built node can pick any edge");
  if (swapped) std::swap(edges[edge_index], edges[k]);
  edges[k].child = child;
  nodes_[child].child_index = static_cast<uint16_t>(k);
  ++parent.num_children;
  if (parent_id == root_ && root_stats_.valid()) root_stats_.Append(edges[k].prior, 0.0f, 0.0f);
  parent.visited_prior += edges[k].prior;
  // A partly built node gets its next edge when selection next comes
  // through it (Simulate), which for many nodes never happens. A fully
  // built one keeps its best unvisited edge at k + 1.
  if (full && k + 1 < parent.num_edges && (swapped || k + 1 >= parent.sorted_prefix)) {
    int best = k + 1;
    float best_prior = edges[best].prior;
    for (int i = k + 2; i < parent.num_edges; ++i) {
      if (edges[i].prior > best_prior) {
        best_prior = edges[i].prior;
        best = i;
      }
    }
    std::swap(edges[k + 1], edges[best]);
    parent.sorted_prefix = static_cast<uint16_t>(k + 2);
  }
  return &edges[k];
}

// ---------------------------------------------------------------------------
// Leaves

uint32_t Search::AllocateMaskSlot() {
  if (free_mask_slots_.empty()) {
    pending_leaves_.emplace_back();
    return static_cast<uint32_t>(pending_leaves_.size() - 1);
  }
  const uint32_t slot = free_mask_slots_.back();
  free_mask_slots_.pop_back();
  return slot;
}

void Search::Expand(NodeId id, const LegalMask& legal, const float* policy, float value, float score) {
  LegalMask mask = legal;
  mask[pass_flat_ >> 6] |= uint64_t{1} << (pass_flat_ & 63);
  const int count = CountMaskBits(mask);
  const uint32_t block = raw_.Allocate(RawBlockSize());
  uint16_t* raw = &raw_[block];
  StoreRaw(raw, kRawMask, mask);
  // The scan FinalizeEdges needs, while the policy is still in cache: most
  // expanded nodes are later selected through, and their raw blocks are
  // cold by then.
  float sum;
  StoreRaw<int32_t>(raw, kRawBest, PackPolicy(policy, mask, policy_size_, &sum, raw + kRawPolicy));
  StoreRaw(raw, kRawScale, sum);
  Node& node = nodes_[id];
  node.raw_block = block;
  node.num_edges = static_cast<uint16_t>(count);
  node.num_children = 0;
  node.num_filled = 0;
  node.sorted_prefix = 0;
  node.visited_prior = 0;
  node.edges_final = false;
  node.raw_value = Sanitise(value, -1.0f, 1.0f);
  node.raw_score = Sanitise(score, -1000.0f, 1000.0f);
  node.state = NodeState::kExpanded;
}

int Search::EdgeCapacity(int filled, int num_edges) {
  return std::min(num_edges, filled <= 8 ? 8 : (filled <= 32 ? 32 : num_edges));
}

void Search::AppendEdge(Node& node, const Edge& edge) {
  const int filled = node.num_filled;
  if (filled > 0 && filled == EdgeCapacity(filled, node.num_edges)) {
    const uint32_t first = edges_.Allocate(EdgeCapacity(filled + 1, node.num_edges));
    for (int i = 0; i < filled; ++i) edges_[first + i] = edges_[node.first_edge + i];
    node.first_edge = first;
  }
  edges_[node.first_edge + filled] = edge;
  node.num_filled = static_cast<uint16_t>(filled + 1);
}

void Search::FinalizeEdges(Node& node) {
  if (node.edges_final) return;
  node.edges_final = true;
  uint16_t* raw = &raw_[node.raw_block];
  LegalMask mask = LoadRaw<LegalMask>(raw, kRawMask);
  uint16_t* policy = raw + kRawPolicy;
  float sum = LoadRaw<float>(raw, kRawScale);  // Expand's scan
  int best = LoadRaw<int32_t>(raw, kRawBest);
  if (!(sum > 0 && std::isfinite(sum))) {
    // No usable policy: uniform over the legal moves.
    for (size_t w = 0; w < mask.size(); ++w) {
      for (uint64_t bits = mask[w]; bits != 0; bits &= bits - 1) {
        policy[static_cast<int>(w * 64) + std::countr_zero(bits)] = PackPrior(1.0f);
      }
    }
    best = ScanPackedPolicy(policy, mask, policy_size_, &sum);
  }
  const float scale = 1.0f / sum;
  StoreRaw(raw, kRawScale, scale);
  node.first_edge = edges_.Allocate(EdgeCapacity(0, node.num_edges));
  node.num_filled = 0;
  node.sorted_prefix = 0;
  // Only the best move gets an edge now; the next is found when needed.
  TakeRawMove(node, raw, mask, best, scale);
}

void Search::FillNextEdge(Node& node) {
  uint16_t* raw = &raw_[node.raw_block];
  LegalMask mask = LoadRaw<LegalMask>(raw, kRawMask);
  const uint16_t* policy = raw + kRawPolicy;
  const int best = BestPackedMove(policy, mask, policy_size_);
  if (best < 0) return;
  TakeRawMove(node, raw, mask, best, LoadRaw<float>(raw, kRawScale));
}

void Search::TakeRawMove(Node& node, uint16_t* raw, LegalMask mask, int best, float scale) {
  AppendEdge(node, Edge{UnpackPrior(raw[kRawPolicy + best]) * scale, MoveOfFlat(best), kNoNode});
  mask[best >> 6] &= ~(uint64_t{1} << (best & 63));
  StoreRaw(raw, kRawMask, mask);
}

void Search::FillAllEdges(Node& node) {
  FinalizeEdges(node);
  if (node.num_filled == node.num_edges) return;
  uint16_t* raw = &raw_[node.raw_block];
  LegalMask mask = LoadRaw<LegalMask>(raw, kRawMask);
  const uint16_t* policy = raw + kRawPolicy;
  const float scale = LoadRaw<float>(raw, kRawScale);
  const uint16_t sorted = node.num_filled;
  for (size_t w = 0; w < mask.size(); ++w) {
    for (uint64_t bits = mask[w]; bits != 0; bits &= bits - 1) {
      const int f = static_cast<int>(w * 64) + std::countr_zero(bits);
      AppendEdge(node, Edge{UnpackPrior(policy[f]) * scale, MoveOfFlat(f), kNoNode});
    }
    mask[w] = 0;
  }
  StoreRaw(raw, kRawMask, mask);
  node.sorted_prefix = sorted;
  if (node.sorted_prefix <= node.num_children) RestoreBestUnvisited(node);
}

void Search::Backup(NodeId leaf, float value, float score, int in_flight_delta) {
  double v = value;
  double s = score;
  for (NodeId id = leaf; id != kNoNode;) {
    Node& node = nodes_[id];
    ++node.visits;
    node.in_flight -= in_flight_delta;
    node.value_sum += v;
    node.value_sq_sum += static_cast<float>(v * v);
    node.score_sum += static_cast<float>(s);
    if (node.parent == root_) SyncRootStats(node);
    v = -v;
    s = -s;
    id = node.parent;
  }
}

void Search::RememberSelectionLines(const Node& node) {
  auto remember = [&](const void* line) {
    if (num_selection_lines_ < kMaxSelectionLines) selection_lines_[num_selection_lines_++] = line;
  };
  remember(&node);
  const char* edges = reinterpret_cast<const char*>(&edges_[node.first_edge]);
  const int scored = std::min<int>(node.num_children + 1, node.num_edges);
  for (int byte = 0; byte < scored * static_cast<int>(sizeof(Edge)); byte += 64) remember(edges + byte);
}

namespace {

void PrefetchEach(std::initializer_list<const void*> lines) {
  for (const void* line : lines) __builtin_prefetch(line);
}

}  // namespace

void Search::PrefetchSelection(int turns_ahead) {
  record_for_prefetch_ = true;
  if (turns_ahead >= 3) {
    PrefetchEach({&root_, &options_, &game_.rules(), &nodes_, &edges_, &raw_, &pending_leaves_,
                  &free_mask_slots_, &path_moves_, &path_nodes_, &scratch_moves_, &sim_hashes_, &counters_,
                  &candidates_, &num_selection_lines_});
    for (size_t i = 0; i < selection_lines_.size(); i += 64 / sizeof(void*)) __builtin_prefetch(&selection_lines_[i]);
    scratch_.Prefetch(turns_ahead);
  } else if (turns_ahead == 2) {
    PrefetchEach({nodes_.chunk_table(), edges_.chunk_table(), raw_.chunk_table(), path_moves_.data(),
                  path_nodes_.data(), scratch_moves_.data(), sim_hashes_.data()});
    scratch_.Prefetch(turns_ahead);
  } else {
    for (int i = 0; i < num_selection_lines_; ++i) __builtin_prefetch(selection_lines_[i]);
    // Selection's first writes: a new child node and its first edges.
    if (const void* next = nodes_.next_address()) __builtin_prefetch(next, 1);
    if (const char* next = reinterpret_cast<const char*>(edges_.next_address())) {
      __builtin_prefetch(next, 1);
      __builtin_prefetch(next + 64, 1);
    }
  }
}

void Search::PrefetchResults(std::span<const LeafHandle> handles, int turns_ahead) {
  record_for_prefetch_ = true;
  if (turns_ahead >= 3) {
    PrefetchEach({&pending_leaves_, &raw_, &nodes_, &root_});
    return;
  }
  for (const LeafHandle& h : handles) {
    if (h.slot >= pending_leaves_.size()) continue;
    const PendingLeaf& pending = pending_leaves_[h.slot];
    if (turns_ahead == 2) {
      const char* record = reinterpret_cast<const char*>(&pending);
      for (size_t byte = 0; byte < sizeof(PendingLeaf); byte += 64) __builtin_prefetch(record + byte);
    } else {
      for (int i = 0; i < std::min(pending.path_length, kMaxPrefetchPath); ++i) __builtin_prefetch(pending.path[i], 1);
    }
  }
  if (turns_ahead == 1) {
    // Expansion packs each result's policy into fresh raw blocks.
    if (const char* next = reinterpret_cast<const char*>(raw_.next_address())) {
      const size_t bytes = handles.size() * RawBlockSize() * sizeof(uint16_t);
      for (size_t byte = 0; byte < bytes; byte += 64) __builtin_prefetch(next + byte, 1);
    }
  }
}

bool Search::PathRepeatsPosition() const {
  // sim_hashes_[i] is the stones hash after path move i.
  const size_t last = sim_hashes_.size() - 1;
  const Color leaf_to_play = scratch_.to_play();
  if (game_.IsRepetition(sim_hashes_[last], scratch_.board().num_stones(), leaf_to_play)) return true;
  const uint64_t leaf_key = game_.SuperkoKey(sim_hashes_[last], leaf_to_play);
  for (size_t i = 0; i < last; ++i) {
    // Moves alternate along the path (passes included).
    const Color to_play = (last - i) % 2 == 0 ? leaf_to_play : Opponent(leaf_to_play);
    if (game_.SuperkoKey(sim_hashes_[i], to_play) == leaf_key) return true;
  }
  return false;
}

uint64_t Search::LeafCacheKey() const {
  // The situation plus the stones of up to 7 earlier positions.
  std::array<uint64_t, 7> previous;
  int num_previous = 0;
  const int available = std::min(7, scratch_.history_size() - 1);
  for (int i = static_cast<int>(sim_hashes_.size()) - 2; i >= 0 && num_previous < available; --i) {
    previous[num_previous++] = sim_hashes_[i];
  }
  for (size_t i = 0; i < root_history_hashes_.size() && num_previous < available; ++i) {
    previous[num_previous++] = root_history_hashes_[i];
  }
  return PositionKey(scratch_.situation_hash(), std::span<const uint64_t>(previous.data(), num_previous),
                     game_.rules().komi, board_size_);
}

Search::SimOutcome Search::Simulate(CompactPosition* position, LeafHandle* handle) {
  path_moves_.clear();
  path_nodes_.clear();
  num_selection_lines_ = 0;
  NodeId id = root_;
  bool created = false;
  int candidate = -1;
  const bool gumbel_root = options_.gumbel && !candidates_.empty();
  while (nodes_[id].state == NodeState::kExpanded) {
    Node& node = nodes_[id];
    FinalizeEdges(node);
    // Selection compares the visited children with the best unvisited move.
    if (node.num_children == node.num_filled && node.num_children < node.num_edges) FillNextEdge(node);
    if (id == root_ && !root_stats_.valid()) RebuildRootStats();
    int e;
    if (id == root_ && gumbel_root) {
      e = SelectGumbelRoot(&candidate);
    } else if (options_.gumbel) {
      e = SelectImproved(node);
    } else {
      e = SelectPuct(node, id == root_);
    }
    if (e < 0) return SimOutcome::kCollision;  // nothing selectable
    Edge* edge = &edges_[node.first_edge + e];
    if (edge->child == kNoNode) {
      edge = CreateChild(id, e);
      created = true;
    }
    if (record_for_prefetch_) {
      RememberSelectionLines(node);
      path_nodes_.push_back(&node);
    }
    path_moves_.push_back(edge->move);
    id = edge->child;
  }
  Node& leaf = nodes_[id];
  auto count_candidate = [&] {
    if (candidate >= 0) ++candidates_[candidate].visits;
  };
  if (leaf.state == NodeState::kPending) {
    ++counters_.collisions;
    return SimOutcome::kCollision;
  }
  if (leaf.state == NodeState::kTerminal) {
    ++counters_.terminal_visits;
    Backup(id, leaf.raw_value, leaf.raw_score, 0);
    count_candidate();
    return SimOutcome::kCompleted;
  }
  ABSL_RAW_CHECK(leaf.state == NodeState::kNew, "selection reached an illegal node");

  // Materialise the leaf: the scratch position is still at the previous
  // simulation's leaf; take back the moves after the prefix the two paths
  // share and play the rest of this one.
  const size_t shared =
      std::mismatch(scratch_moves_.begin(), scratch_moves_.end(), path_moves_.begin(), path_moves_.end()).first -
      scratch_moves_.begin();
  scratch_.RewindTo(static_cast<int>(shared));
  scratch_moves_.resize(shared);
  sim_hashes_.resize(shared);
  for (size_t i = shared; i < path_moves_.size(); ++i) {
    scratch_.Play(path_moves_[i]);
    scratch_moves_.push_back(path_moves_[i]);
    sim_hashes_.push_back(scratch_.board().hash());
  }
  // Root children were checked exactly (Game::IsLegal) when the root was
  // expanded; deeper moves are checked once, when first visited.
  if (created && path_moves_.size() > 1 && path_moves_.back() != kPass &&
      game_.rules().ko != KoRule::kSimple && PathRepeatsPosition()) {
    leaf.state = NodeState::kIllegal;
    ++counters_.superko_rejections;
    return SimOutcome::kRetry;
  }
  if (scratch_.IsOver()) {
    const float margin = AreaMarginForSideToMove(scratch_.board(), scratch_.to_play(), base_.rules().komi);
    leaf.state = NodeState::kTerminal;
    leaf.raw_value = margin > 0 ? 1.0f : (margin < 0 ? -1.0f : 0.0f);
    leaf.raw_score = margin;
    ++counters_.terminal_visits;
    Backup(id, leaf.raw_value, leaf.raw_score, 0);
    count_candidate();
    return SimOutcome::kCompleted;
  }
  const bool exact = id == root_;

  const uint64_t key = cache_ != nullptr ? LeafCacheKey() : 0;
  if (cache_ != nullptr && cache_->Lookup(key, &cached_)) {
    ++counters_.cache_hits;
    scratch_.LegalMoves(exact, &scratch_mask_);
    Expand(id, scratch_mask_, cached_.policy.data(), cached_.value, cached_.score_lead);
    Backup(id, nodes_[id].raw_value, nodes_[id].raw_score, 0);
    count_candidate();
    if (id == root_) PrepareRoot();
    return SimOutcome::kCompleted;
  }
  const uint32_t slot = AllocateMaskSlot();
  PendingLeaf& pending = pending_leaves_[slot];
  scratch_.LegalMoves(exact, &pending.legal);
  pending.cache_key = key;
  pending.path_length = 0;
  if (record_for_prefetch_) {
    pending.path[pending.path_length++] = &leaf;
    for (auto it = path_nodes_.rbegin(); it != path_nodes_.rend() && pending.path_length < kMaxPrefetchPath; ++it) {
      pending.path[pending.path_length++] = *it;
    }
  }
  leaf.first_edge = slot;
  leaf.num_edges = 0;
  leaf.state = NodeState::kPending;
  for (NodeId n = id; n != kNoNode; n = nodes_[n].parent) {
    ++nodes_[n].in_flight;
    if (nodes_[n].parent == root_) SyncRootStats(nodes_[n]);
  }
  ++pending_;
  ++counters_.leaves;
  count_candidate();
  scratch_.Fill(position);
  handle->node = id;
  handle->slot = slot;
  return SimOutcome::kLeaf;
}

template <typename Sink>
int Search::SelectLeavesImpl(int max_leaves, Sink sink) {
  if (!root_prepared_ && nodes_[root_].state == NodeState::kExpanded) PrepareRoot();
  int produced = 0;
  int collisions = 0;
  int completed = 0;
  int retries = 0;
  const int max_completed = 4 * max_leaves + 64;
  while (produced < max_leaves) {
    const Node& root = nodes_[root_];
    if (root.state == NodeState::kPending) break;
    if (target_visits_ > 0 && root.visits + root.in_flight >= target_visits_) break;
    CompactPosition* position;
    LeafHandle* handle;
    sink(produced, &position, &handle);
    const SimOutcome outcome = Simulate(position, handle);
    if (outcome == SimOutcome::kLeaf) {
      ++produced;
    } else if (outcome == SimOutcome::kCollision) {
      if (++collisions > max_leaves) break;
    } else if (outcome == SimOutcome::kCompleted) {
      if (++completed > max_completed) break;
    } else if (++retries > 64) {
      break;
    }
  }
  return produced;
}

int Search::SelectLeaves(int max_leaves, std::span<CompactPosition> positions,
                         std::span<LeafHandle> handles) {
  max_leaves = std::min<int>(max_leaves, std::min(positions.size(), handles.size()));
  return SelectLeavesImpl(max_leaves, [&](int i, CompactPosition** p, LeafHandle** h) {
    *p = &positions[i];
    *h = &handles[i];
  });
}

int Search::SelectLeaves(int max_leaves, std::vector<LeafRequest>* leaves) {
  const size_t start = leaves->size();
  int n = SelectLeavesImpl(max_leaves, [&](int i, CompactPosition** p, LeafHandle** h) {
    if (leaves->size() <= start + i) leaves->emplace_back();
    *p = &(*leaves)[start + i].position;
    *h = &(*leaves)[start + i].handle;
  });
  leaves->resize(start + n);
  return n;
}

void Search::ApplyResult(LeafHandle handle, const EvalOutput& output) {
  ABSL_RAW_CHECK(handle.node < nodes_.size() && nodes_[handle.node].state == NodeState::kPending,
                 "ApplyResult: the handle is not a leaf in flight");
  const NodeId id = handle.node;
  const uint32_t slot = nodes_[id].first_edge;
  if (cache_ != nullptr) cache_->Insert(pending_leaves_[slot].cache_key, output, policy_size_);
  Expand(id, pending_leaves_[slot].legal, output.policy.data(), output.value, output.score_lead);
  free_mask_slots_.push_back(slot);
  Backup(id, nodes_[id].raw_value, nodes_[id].raw_score, 1);
  --pending_;
  if (id == root_) {
    const int points = board_size_ * board_size_;
    std::copy_n(output.ownership.begin(), points, root_ownership_.begin());
    root_ownership_valid_ = true;
    PrepareRoot();
  }
}

void Search::ApplyResults(std::span<const LeafHandle> handles, std::span<const EvalOutput> outputs) {
  ABSL_RAW_CHECK(handles.size() == outputs.size(), "ApplyResults: size mismatch");
  for (size_t i = 0; i < handles.size(); ++i) ApplyResult(handles[i], outputs[i]);
}

void Search::ApplyResults(std::span<const LeafRequest> leaves, std::span<const EvalOutput> outputs) {
  ABSL_RAW_CHECK(leaves.size() == outputs.size(), "ApplyResults: size mismatch");
  for (size_t i = 0; i < leaves.size(); ++i) ApplyResult(leaves[i].handle, outputs[i]);
}

void Search::Run(BatchBackend& backend, int visits) {
  ABSL_RAW_CHECK(backend.board_size() == board_size_, "Search::Run: backend board size differs");
  SetTargetVisits(visits);
  const int batch = std::max(1, std::min(options_.leaves_per_batch, backend.max_batch_size()));
  run_positions_.resize(batch);
  run_handles_.resize(batch);
  run_outputs_.resize(batch);
  int idle_rounds = 0;
  while (!Done() && idle_rounds < 100) {
    const int before = root_visits();
    const int n = SelectLeaves(batch, run_positions_, run_handles_);
    if (n > 0) {
      backend.EvaluateBatch(std::span<const CompactPosition>(run_positions_.data(), n),
                            std::span<EvalOutput>(run_outputs_.data(), n));
      ApplyResults(std::span<const LeafHandle>(run_handles_.data(), n),
                   std::span<const EvalOutput>(run_outputs_.data(), n));
    }
    idle_rounds = root_visits() == before ? idle_rounds + 1 : 0;
  }
}

// ---------------------------------------------------------------------------
// Results

float Search::root_value() const {
  const Node& root = nodes_[root_];
  return root.visits > 0 ? static_cast<float>(root.value_sum / root.visits) : root.raw_value;
}

float Search::root_score_lead() const {
  const Node& root = nodes_[root_];
  return root.visits > 0 ? static_cast<float>(root.score_sum / root.visits) : root.raw_score;
}

float Search::RootPrior(Point move) const {
  const Node& root = nodes_[root_];
  for (int i = 0; i < root.num_edges; ++i) {
    const Edge& e = edges_[root.first_edge + i];
    if (e.move == move) return e.prior;
  }
  return 0;
}

int Search::PreferredChild(bool allow_pass) const {
  const Node& root = nodes_[root_];
  const Edge* edges = &edges_[root.first_edge];
  auto eligible = [&](int i) {
    const Node& child = nodes_[edges[i].child];
    return child.state != NodeState::kIllegal && child.visits > 0 &&
           (allow_pass || edges[i].move != kPass);
  };
  int most = -1;
  for (int i = 0; i < root.num_children; ++i) {
    if (!eligible(i)) continue;
    if (most < 0) {
      most = i;
      continue;
    }
    const Node& a = nodes_[edges[i].child];
    const Node& b = nodes_[edges[most].child];
    if (a.visits > b.visits || (a.visits == b.visits && ChildValue(a) > ChildValue(b))) most = i;
  }
  if (most < 0 || options_.final_move == FinalMoveChoice::kMaxVisits) return most;
  const int min_visits = static_cast<int>(
      std::ceil(options_.lcb_min_visit_fraction * nodes_[edges[most].child].visits));
  int best = most;
  float best_lcb = ChildLcb(nodes_[edges[most].child]);
  for (int i = 0; i < root.num_children; ++i) {
    if (!eligible(i) || nodes_[edges[i].child].visits < std::max(1, min_visits)) continue;
    const float lcb = ChildLcb(nodes_[edges[i].child]);
    if (lcb > best_lcb) {
      best_lcb = lcb;
      best = i;
    }
  }
  return best;
}

bool Search::PassAllowed() const {
  const Node& root = nodes_[root_];
  int legal_moves = 0;
  for (int i = 0; i < root.num_edges; ++i) {
    const Edge& e = edges_[root.first_edge + i];
    if (e.move == kPass) continue;
    if (i < root.num_children && nodes_[e.child].state == NodeState::kIllegal) continue;
    ++legal_moves;
  }
  if (root.state != NodeState::kExpanded) legal_moves = static_cast<int>(game_.LegalMoves().size());
  if (legal_moves == 0) return true;
  const int limit = options_.no_pass_before_move >= 0 ? options_.no_pass_before_move
                                                      : board_size_ * board_size_ / 2;
  if (game_.move_number() < limit) return false;
  if (options_.avoid_losing_pass && game_.rules().scoring == ScoringRule::kArea &&
      PassingWouldLose(game_)) {
    return false;
  }
  return true;
}

int Search::PickEdge(float temperature, bool allow_pass, bool spare_own_eyes) {
  const Node& root = nodes_[root_];
  if (root.state != NodeState::kExpanded) return -1;
  const Edge* edges = &edges_[root.first_edge];
  auto usable = [&](int i) {
    return (i >= root.num_children || nodes_[edges[i].child].state != NodeState::kIllegal) &&
           (allow_pass || edges[i].move != kPass) &&
           !(spare_own_eyes && edges[i].move != kPass && game_.board().IsSimpleEye(edges[i].move, game_.to_play()));
  };
  int chosen = -1;
  if (options_.gumbel) {
    chosen = GumbelFinalCandidate();
    if (chosen >= 0 && !usable(chosen)) chosen = -1;
  } else if (temperature > 0) {
    double max_visits = 0;
    for (int i = 0; i < root.num_children; ++i) {
      if (usable(i)) max_visits = std::max<double>(max_visits, nodes_[edges[i].child].visits);
    }
    if (max_visits > 0) {
      std::array<double, kMaxPolicySize> weight{};
      double total = 0;
      for (int i = 0; i < root.num_children; ++i) {
        if (!usable(i)) continue;
        weight[i] = std::pow(nodes_[edges[i].child].visits / max_visits, 1.0 / temperature);
        total += weight[i];
      }
      double r = std::uniform_real_distribution<double>(0.0, total)(rng_);
      for (int i = 0; i < root.num_children && chosen < 0; ++i) {
        if (weight[i] > 0 && (r -= weight[i]) <= 0) chosen = i;
      }
    }
  }
  if (chosen < 0) chosen = PreferredChild(allow_pass);
  if (chosen >= 0 && !usable(chosen)) chosen = -1;  // an own eye preferred
  if (chosen < 0 && spare_own_eyes) {
    // The most visited usable child, else (below) the best prior.
    for (int i = 0; i < root.num_children; ++i) {
      if (usable(i) && nodes_[edges[i].child].visits > 0 &&
          (chosen < 0 || nodes_[edges[i].child].visits > nodes_[edges[chosen].child].visits)) {
        chosen = i;
      }
    }
  }
  if (chosen < 0) {
    // Nothing visited: the highest prior legal move.
    for (int i = 0; i < root.num_edges; ++i) {
      if (usable(i) && (chosen < 0 || edges[i].prior > edges[chosen].prior)) chosen = i;
    }
  }
  return chosen;
}

MoveDecision Search::ChooseMove(float temperature) {
  MoveDecision decision;
  if (options_.pass_to_win_after_opponent_pass && game_.rules().scoring == ScoringRule::kArea &&
      PassEndsGame(game_) && AreaMarginForSideToMove(game_) > 0) {
    decision.move = kPass;
    decision.value = 1;
    return decision;
  }
  const Node& root = nodes_[root_];
  int chosen = PickEdge(temperature, /*allow_pass=*/true);
  // The pass rules cost an area count: only when the pick is a pass.
  if (chosen >= 0 && edges_[root.first_edge + chosen].move == kPass && !PassAllowed()) {
    // Play on to win the count, but never by filling an own eye: with only
    // eyes left to fill, the pass stands.
    const int other = PickEdge(temperature, /*allow_pass=*/false, /*spare_own_eyes=*/true);
    if (other >= 0) chosen = other;
  }
  if (chosen < 0) {
    decision.move = kPass;
    decision.value = root_value();
    return decision;
  }
  const Edge& edge = edges_[root.first_edge + chosen];
  decision.move = edge.move;
  if (chosen < root.num_children && nodes_[edge.child].visits > 0) {
    const Node& child = nodes_[edge.child];
    decision.value = ChildValue(child);
    decision.visits = child.visits;
  } else {
    decision.value = root_value();
  }
  if (options_.resign_threshold > -1.0f && root.visits >= options_.resign_min_visits &&
      decision.value < options_.resign_threshold) {
    decision.move = kResign;
  }
  return decision;
}

std::vector<ChildStats> Search::RootChildren(int max_pv_length) const {
  std::vector<ChildStats> out;
  const Node& root = nodes_[root_];
  if (root.state != NodeState::kExpanded) return out;
  const Edge* edges = &edges_[root.first_edge];
  const int preferred = options_.gumbel ? GumbelFinalCandidate() : PreferredChild(true);
  int max_visits = 0;
  for (int i = 0; i < root.num_children; ++i) max_visits = std::max(max_visits, nodes_[edges[i].child].visits);
  const int lcb_min = static_cast<int>(std::ceil(options_.lcb_min_visit_fraction * max_visits));
  struct Keyed {
    ChildStats stats;
    bool preferred;
    bool eligible;
  };
  std::vector<Keyed> keyed;
  for (int i = 0; i < root.num_children; ++i) {
    const Node& child = nodes_[edges[i].child];
    if (child.state == NodeState::kIllegal || child.visits == 0) continue;
    ChildStats s;
    s.move = edges[i].move;
    s.visits = child.visits;
    s.value = ChildValue(child);
    s.lcb = ChildLcb(child);
    s.prior = edges[i].prior;
    s.score_lead = static_cast<float>(-child.score_sum / child.visits);
    if (max_pv_length > 0) {
      s.pv.push_back(s.move);
      NodeId id = edges[i].child;
      while (static_cast<int>(s.pv.size()) < max_pv_length) {
        const Node& n = nodes_[id];
        if (n.state != NodeState::kExpanded) break;
        int best = -1;
        for (int j = 0; j < n.num_children; ++j) {
          const Edge& e = edges_[n.first_edge + j];
          const Node& c = nodes_[e.child];
          if (c.state == NodeState::kIllegal || c.visits == 0) continue;
          if (best < 0 || c.visits > nodes_[edges_[n.first_edge + best].child].visits) best = j;
        }
        if (best < 0) break;
        const Edge& e = edges_[n.first_edge + best];
        s.pv.push_back(e.move);
        id = e.child;
      }
    }
    const bool eligible = options_.final_move == FinalMoveChoice::kLcb && !options_.gumbel &&
                          child.visits >= std::max(1, lcb_min);
    keyed.push_back(Keyed{std::move(s), i == preferred, eligible});
  }
  std::sort(keyed.begin(), keyed.end(), [](const Keyed& a, const Keyed& b) {
    if (a.preferred != b.preferred) return a.preferred;
    if (a.eligible != b.eligible) return a.eligible;
    if (a.eligible && a.stats.lcb != b.stats.lcb) return a.stats.lcb > b.stats.lcb;
    if (a.stats.visits != b.stats.visits) return a.stats.visits > b.stats.visits;
    return a.stats.value > b.stats.value;
  });
  out.reserve(keyed.size());
  for (size_t k = 0; k < keyed.size(); ++k) {
    keyed[k].stats.order = static_cast<int>(k);
    out.push_back(std::move(keyed[k].stats));
  }
  return out;
}

std::array<float, kMaxPolicySize> Search::PolicyTarget() const {
  std::array<float, kMaxPolicySize> target{};
  const Node& root = nodes_[root_];
  if (root.state != NodeState::kExpanded) return target;
  const Edge* edges = &edges_[root.first_edge];
  auto legal = [&](int i) {
    return i >= root.num_children || nodes_[edges[i].child].state != NodeState::kIllegal;
  };
  if (options_.gumbel) {
    const CompletedQ cq = RootCompletedQ();
    std::vector<float> prior, sigma;
    std::vector<int> flat;
    for (int i = 0; i < root.num_edges; ++i) {
      if (!legal(i)) continue;
      const bool visited = i < root.num_children && nodes_[edges[i].child].visits > 0;
      prior.push_back(edges[i].prior);
      sigma.push_back(visited ? cq.Sigma(ChildValue(nodes_[edges[i].child])) : cq.SigmaUnvisited());
      flat.push_back(FlatIndex(edges[i].move));
    }
    const std::vector<float> improved = ImprovedPolicy(prior, sigma);
    for (size_t k = 0; k < flat.size(); ++k) target[flat[k]] = improved[k];
    return target;
  }
  double total = 0;
  for (int i = 0; i < root.num_children; ++i) {
    if (legal(i)) total += nodes_[edges[i].child].visits;
  }
  if (total > 0) {
    for (int i = 0; i < root.num_children; ++i) {
      if (legal(i)) target[FlatIndex(edges[i].move)] = static_cast<float>(nodes_[edges[i].child].visits / total);
    }
  } else {
    for (int i = 0; i < root.num_edges; ++i) {
      if (legal(i)) target[FlatIndex(edges[i].move)] = edges[i].prior;
    }
  }
  return target;
}

size_t Search::memory_bytes() const {
  return nodes_.bytes_reserved() + spare_nodes_.bytes_reserved() + edges_.bytes_reserved() +
         spare_edges_.bytes_reserved() + raw_.bytes_reserved() + spare_raw_.bytes_reserved();
}

absl::Status Search::CheckRootStatsEntry(int i, float prior, const Node& child) const {
  const RootChildStats::Entry entry = root_stats_.entry(i);
  const auto [n, q] = UnderVirtualLoss(child, options_.virtual_loss);
  const bool matches = child.state == NodeState::kIllegal
                           ? entry.n == std::numeric_limits<float>::infinity() && entry.q == kNegInf
                           : entry.n == n && entry.q == q;
  if (!matches || entry.prior != prior) {
    return absl::InternalError(absl::StrFormat(
        "root statistics of child %d: prior %g n %g q %g, the node says prior %g n %g q %g", i, entry.prior,
        entry.n, entry.q, prior, n, q));
  }
  return absl::OkStatus();
}

absl::Status Search::CheckInvariants() const {
  std::vector<NodeId> stack = {root_};
  int pending = 0;
  while (!stack.empty()) {
    const NodeId id = stack.back();
    stack.pop_back();
    const Node& node = nodes_[id];
    switch (node.state) {
      case NodeState::kNew:
        if (id != root_) return absl::InternalError(absl::StrFormat("node %d is new but not the root", id));
        break;
      case NodeState::kPending:
        ++pending;
        if (node.in_flight != 1 || node.visits != 0) {
          return absl::InternalError(absl::StrFormat("pending node %d: visits %d in flight %d", id,
                                                     node.visits, node.in_flight));
        }
        break;
      case NodeState::kTerminal:
        if (node.in_flight != 0 || node.num_children != 0) {
          return absl::InternalError(absl::StrFormat("terminal node %d has children or leaves in flight", id));
        }
        break;
      case NodeState::kIllegal:
        if (node.in_flight != 0) return absl::InternalError("illegal node with leaves in flight");
        break;
      case NodeState::kExpanded: {
        // Moves still in the raw block (all of them before edges_final).
        const bool has_raw = !node.edges_final || node.num_filled < node.num_edges;
        LegalMask raw_mask{};
        double raw_sum = 0;
        float raw_best = -1;
        if (has_raw) {
          raw_mask = LoadRaw<LegalMask>(&raw_[node.raw_block], kRawMask);
          const float scale = node.edges_final ? LoadRaw<float>(&raw_[node.raw_block], kRawScale) : 1.0f;
          int count = 0;
          for (int f = 0; f < static_cast<int>(raw_mask.size()) * 64; ++f) {
            if (!MaskHas(raw_mask, f)) continue;
            ++count;
            const float p = UnpackPrior(raw_[node.raw_block + kRawPolicy + f]);  // never negative
            raw_sum += p * scale;
            raw_best = std::max(raw_best, p * scale);
          }
          if (count != node.num_edges - (node.edges_final ? node.num_filled : 0)) {
            return absl::InternalError(absl::StrFormat("node %d: %d raw moves for %d edges, %d built", id,
                                                       count, node.num_edges, node.num_filled));
          }
        }
        if (!node.edges_final) {
          if (node.num_children != 0 || node.visits != 1 || node.in_flight != 0) {
            return absl::InternalError(absl::StrFormat("node %d: visited through but edges not built", id));
          }
          break;
        }
        const Edge* edges = &edges_[node.first_edge];
        int64_t child_visits = 0;
        int64_t child_in_flight = 0;
        double prior_sum = raw_sum;
        const bool full = node.num_filled == node.num_edges;
        for (int i = 0; i < node.num_filled; ++i) {
          prior_sum += edges[i].prior;
          if ((i < node.num_children) != (edges[i].child != kNoNode)) {
            return absl::InternalError(absl::StrFormat("node %d: children are not a prefix of the edges", id));
          }
          if (i < node.num_children) {
            const Node& child = nodes_[edges[i].child];
            if (child.parent != id) return absl::InternalError(absl::StrFormat("node %d: bad parent link", id));
            if (child.child_index != i) {
              return absl::InternalError(absl::StrFormat("node %d: child %d has index %d", id, i, child.child_index));
            }
            if (id == root_ && root_stats_.valid()) {
              if (absl::Status s = CheckRootStatsEntry(i, edges[i].prior, child); !s.ok()) return s;
            }
            child_visits += child.visits;
            child_in_flight += child.in_flight;
            stack.push_back(edges[i].child);
          } else if (i > node.num_children && edges[i].prior > edges[node.num_children].prior) {
            return absl::InternalError(absl::StrFormat("node %d: the first unvisited edge is not the best", id));
          } else if (!full && i > node.num_children && edges[i].prior > edges[i - 1].prior) {
            return absl::InternalError(absl::StrFormat("node %d: built unvisited edges out of order", id));
          }
        }
        if (id == root_ && root_stats_.valid() && root_stats_.size() != node.num_children) {
          return absl::InternalError(absl::StrFormat("root statistics hold %d children, the root has %d",
                                                     root_stats_.size(), node.num_children));
        }
        if (node.num_children > node.num_filled) {
          return absl::InternalError(absl::StrFormat("node %d: %d children but %d edges built", id,
                                                     node.num_children, node.num_filled));
        }
        if (node.num_children < node.num_filled && raw_best > edges[node.num_children].prior + 1e-7f) {
          return absl::InternalError(absl::StrFormat("node %d: the best unvisited move has no edge", id));
        }
        if (node.visits != child_visits + 1) {
          return absl::InternalError(absl::StrFormat("node %d: visits %d != 1 + children's %d", id,
                                                     node.visits, child_visits));
        }
        if (node.in_flight != child_in_flight) {
          return absl::InternalError(absl::StrFormat("node %d: in flight %d != children's %d", id,
                                                     node.in_flight, child_in_flight));
        }
        if (std::abs(prior_sum - 1.0) > 1e-3) {
          return absl::InternalError(absl::StrFormat("node %d: priors sum to %f", id, prior_sum));
        }
        for (int i = 1; full && i < node.sorted_prefix && i < node.num_edges; ++i) {
          if (i > node.num_children && edges[i].prior > edges[i - 1].prior) {
            return absl::InternalError(absl::StrFormat("node %d: the sorted prefix is not sorted", id));
          }
        }
        break;
      }
    }
  }
  if (pending != pending_) {
    return absl::InternalError(absl::StrFormat("%d pending leaves in the tree, %d counted", pending, pending_));
  }
  return absl::OkStatus();
}

}  // namespace tengen
