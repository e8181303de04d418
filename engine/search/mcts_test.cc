#include "engine/search/mcts.h"

#include <algorithm>
#include <map>
#include <numeric>
#include <set>
#include <string>
#include <vector>

#include "engine/rules/coords.h"
#include "engine/search/fake_backends.h"
#include "engine/search/pass_rules.h"
#include "engine/search/search_test_util.h"
#include "gtest/gtest.h"

namespace tengen {
namespace {

using testing::GameFromDiagram;
using testing::MarkerBackend;

Rules ChineseWithKomi(float komi) {
  Rules r = Rules::Chinese();
  r.komi = komi;
  return r;
}

// White's 17-stone group on the right has one liberty, G1 (MakePoint(6, 6));
// white's wall on the left owns 14 points. White wins the area count by 28
// unless black captures; after the capture black wins by 6.5.
Game BigCaptureGame() {
  return GameFromDiagram({"..OXOOO",
                          "..OXOOO",
                          "..OXOOO",
                          "..OXOOO",
                          "..OXOOO",
                          "..OXXOO",
                          "..OX.X."},
                         ChineseWithKomi(0.5f));
}

SearchOptions Deterministic() {
  SearchOptions o;
  o.resign_threshold = -2;  // never
  o.no_pass_before_move = 0;
  return o;
}

int TotalChildVisits(const Search& search) {
  int total = 0;
  for (const ChildStats& c : search.RootChildren()) total += c.visits;
  return total;
}

TEST(MctsTest, FindsTheGameDecidingCapture) {
  Game game = BigCaptureGame();
  const Point capture = MakePoint(6, 6);
  ASSERT_TRUE(game.board().WouldCapture(capture, Color::kBlack));
  AreaCountBackend backend(7, 16);
  Search search(game, Deterministic());
  search.Run(backend, 200);
  const MoveDecision d = search.ChooseMove();
  EXPECT_EQ(d.move, capture) << PointToGtp(d.move, 7);
  EXPECT_GT(d.value, 0.5f);
  EXPECT_TRUE(search.CheckInvariants().ok()) << search.CheckInvariants();
}

TEST(MctsTest, FindsTheCaptureWithGumbelToo) {
  SearchOptions o = Deterministic();
  o.gumbel = true;
  // All 17 actions considered (with fewer, Gumbel-top-k may rightly leave
  // the capture out of the sample).
  o.gumbel_considered_actions = 32;
  AreaCountBackend backend(7, 16);
  Search search(BigCaptureGame(), o);
  search.Run(backend, 64);
  EXPECT_EQ(search.ChooseMove().move, MakePoint(6, 6));
  EXPECT_TRUE(search.CheckInvariants().ok()) << search.CheckInvariants();
}

TEST(MctsTest, RootVisitsAreOnePlusTheChildrensExactly) {
  for (int leaves : {1, 8}) {
    SearchOptions o = Deterministic();
    o.leaves_per_batch = leaves;
    AreaCountBackend backend(9, 16);
    Search search(Game(9, ChineseWithKomi(7.5f)), o);
    search.Run(backend, 300);
    EXPECT_EQ(search.root_visits(), 300);
    EXPECT_EQ(TotalChildVisits(search), 299);
    EXPECT_EQ(backend.positions_evaluated(), 300);  // no cache, no finished games
    EXPECT_TRUE(search.CheckInvariants().ok()) << search.CheckInvariants();
    // The policy target is the visit distribution.
    const auto target = search.PolicyTarget();
    EXPECT_NEAR(std::accumulate(target.begin(), target.end(), 0.0f), 1.0f, 1e-5);
  }
}

TEST(MctsTest, VirtualLossKeepsLeavesInFlightDistinct) {
  SearchOptions o = Deterministic();
  AreaCountBackend backend(9, 64);
  Search search(Game(9, ChineseWithKomi(7.5f)), o);
  search.Run(backend, 1);  // evaluates the root
  search.SetTargetVisits(0);  // no limit
  std::vector<LeafRequest> leaves;
  EXPECT_EQ(search.SelectLeaves(16, &leaves), 16);
  EXPECT_EQ(search.pending_leaves(), 16);
  EXPECT_TRUE(search.CheckInvariants().ok()) << search.CheckInvariants();
  std::set<NodeId> handles;
  // Strings, not vectors: GCC 12 warns (falsely) on comparing byte vectors.
  std::set<std::string> positions;
  for (const LeafRequest& l : leaves) {
    handles.insert(l.handle.node);
    positions.insert(std::string(l.position.current.begin(), l.position.current.begin() + 81));
  }
  EXPECT_EQ(handles.size(), 16u);
  EXPECT_EQ(positions.size(), 16u);
  // Results may come back in any order.
  std::vector<EvalOutput> outputs(leaves.size());
  std::vector<CompactPosition> inputs;
  for (const LeafRequest& l : leaves) inputs.push_back(l.position);
  backend.EvaluateBatch(inputs, outputs);
  std::reverse(leaves.begin(), leaves.end());
  std::reverse(outputs.begin(), outputs.end());
  search.ApplyResults(leaves, outputs);
  EXPECT_EQ(search.pending_leaves(), 0);
  EXPECT_EQ(search.root_visits(), 17);
  EXPECT_TRUE(search.CheckInvariants().ok()) << search.CheckInvariants();
}

// Drives a search in batches of 8 leaves; with `hints`, every prefetch
// hint is given before every call it is meant for, plus a handle that is
// not in flight.
std::vector<std::pair<Point, int>> SearchWithHints(bool hints) {
  AreaCountBackend backend(9, 8);
  Search search(Game(9, ChineseWithKomi(7.5f)), testing::NoisyOptionsWithSeed(7));
  std::vector<LeafRequest> leaves;
  std::vector<LeafHandle> handles;
  std::vector<CompactPosition> inputs;
  std::vector<EvalOutput> outputs;
  for (int move = 0; move < 3; ++move) {
    search.SetTargetVisits(100);
    while (!search.Done()) {
      for (int turns = Search::kPrefetchTurns; hints && turns >= 1; --turns) search.PrefetchSelection(turns);
      leaves.clear();
      search.SelectLeaves(8, &leaves);
      handles.clear();
      inputs.clear();
      for (const LeafRequest& l : leaves) {
        handles.push_back(l.handle);
        inputs.push_back(l.position);
      }
      outputs.resize(leaves.size());
      backend.EvaluateBatch(inputs, outputs);
      handles.push_back(LeafHandle{.node = 0, .slot = 1000000});
      for (int turns = Search::kPrefetchTurns; hints && turns >= 1; --turns) search.PrefetchResults(handles, turns);
      search.ApplyResults(leaves, outputs);
    }
    EXPECT_TRUE(search.CheckInvariants().ok()) << search.CheckInvariants();
    if (move < 2) EXPECT_TRUE(search.Advance(search.ChooseMove(1.0f).move).ok());
  }
  return testing::RootVisits(search);
}

TEST(MctsTest, PrefetchHintsChangeNothing) {
  const std::vector<std::pair<Point, int>> with_hints = SearchWithHints(true);
  EXPECT_EQ(with_hints, SearchWithHints(false));
  EXPECT_FALSE(with_hints.empty());
}

// Root selection reads a copy of the root children's statistics
// (root_child_stats.h); CheckInvariants holds every entry to its node. Here
// it is checked with leaves in flight, across moves with tree reuse, after
// the virtual loss changes and with positional superko.
TEST(MctsTest, RootStatisticsFollowTheChildrenAtEveryStep) {
  AreaCountBackend backend(9, 8);
  Rules rules = Rules::TrompTaylor();
  rules.komi = 7.5f;
  SearchOptions o = testing::NoisyOptionsWithSeed(3);
  Search search(Game(9, rules), o);
  std::vector<LeafRequest> leaves;
  std::vector<CompactPosition> inputs;
  std::vector<EvalOutput> outputs;
  int checks = 0;
  for (int move = 0; move < 6; ++move) {
    if (move == 3) {
      o.virtual_loss = 3.0f;
      search.set_options(o);
    }
    search.SetTargetVisits(120);
    while (!search.Done()) {
      leaves.clear();
      search.SelectLeaves(8, &leaves);
      ASSERT_TRUE(search.CheckInvariants().ok()) << search.CheckInvariants();
      inputs.clear();
      for (const LeafRequest& l : leaves) inputs.push_back(l.position);
      outputs.resize(leaves.size());
      backend.EvaluateBatch(inputs, outputs);
      // Half the results in reverse order, then the rest.
      const size_t half = leaves.size() / 2;
      std::vector<LeafRequest> first(leaves.rbegin(), leaves.rbegin() + half);
      std::vector<EvalOutput> first_out(outputs.rbegin(), outputs.rbegin() + half);
      search.ApplyResults(first, first_out);
      ASSERT_TRUE(search.CheckInvariants().ok()) << search.CheckInvariants();
      search.ApplyResults(std::span<const LeafRequest>(leaves.data(), leaves.size() - half),
                          std::span<const EvalOutput>(outputs.data(), leaves.size() - half));
      ASSERT_TRUE(search.CheckInvariants().ok()) << search.CheckInvariants();
      ++checks;
    }
    ASSERT_TRUE(search.Advance(search.ChooseMove(1.0f).move).ok());
  }
  EXPECT_GT(checks, 60);
}

TEST(MctsTest, TargetVisitsCapsLeavesInFlight) {
  AreaCountBackend backend(9, 64);
  Search search(Game(9, ChineseWithKomi(7.5f)), Deterministic());
  search.Run(backend, 1);
  search.SetTargetVisits(5);
  std::vector<LeafRequest> leaves;
  EXPECT_EQ(search.SelectLeaves(16, &leaves), 4);
  EXPECT_FALSE(search.Done());
  std::vector<EvalOutput> outputs(leaves.size());
  for (EvalOutput& out : outputs) out.policy.fill(1.0f / 82);
  search.ApplyResults(leaves, outputs);
  EXPECT_TRUE(search.Done());
  EXPECT_EQ(search.root_visits(), 5);
}

TEST(MctsTest, TreeReuseKeepsTheSubtreesVisits) {
  AreaCountBackend backend(9, 16);
  SearchOptions o = Deterministic();
  Search search(Game(9, ChineseWithKomi(7.5f)), o);
  search.Run(backend, 400);
  const std::vector<ChildStats> children = search.RootChildren();
  ASSERT_FALSE(children.empty());
  const ChildStats& best = children[0];
  ASSERT_GT(best.visits, 1);
  ASSERT_TRUE(search.Advance(best.move).ok());
  EXPECT_EQ(search.root_visits(), best.visits);
  EXPECT_EQ(search.game().move_number(), 1);
  EXPECT_TRUE(search.CheckInvariants().ok()) << search.CheckInvariants();
  const int64_t before = backend.positions_evaluated();
  search.Run(backend, 400);
  EXPECT_EQ(search.root_visits(), 400);
  EXPECT_EQ(backend.positions_evaluated() - before, 400 - best.visits);
  EXPECT_TRUE(search.CheckInvariants().ok()) << search.CheckInvariants();

  // Without reuse the tree starts over.
  o.reuse_tree = false;
  Search fresh(Game(9, ChineseWithKomi(7.5f)), o);
  fresh.Run(backend, 50);
  ASSERT_TRUE(fresh.Advance(fresh.ChooseMove().move).ok());
  EXPECT_EQ(fresh.root_visits(), 0);
}

TEST(MctsTest, CachedResultsReproduceTheSameSearch) {
  // A second identical search answered entirely from the cache builds the
  // same tree without a single network call: the key covers the features.
  PositionCache cache(1 << 14);
  AreaCountBackend backend(9, 8);
  // One leaf at a time: with several in flight the second search, whose
  // visits complete at once, would not see the first one's virtual losses.
  SearchOptions o = Deterministic();
  Game game(9, ChineseWithKomi(7.5f));
  ASSERT_TRUE(game.Play(MakePoint(4, 4)).ok());
  Search first(game, o, &cache);
  first.Run(backend, 250);
  const int64_t evaluated = backend.positions_evaluated();
  EXPECT_EQ(evaluated + first.counters().cache_hits, 250);
  Search second(game, o, &cache);
  second.Run(backend, 250);
  EXPECT_EQ(backend.positions_evaluated(), evaluated);
  EXPECT_EQ(second.counters().cache_hits, 250);
  std::vector<std::pair<Point, int>> a, b;
  for (const ChildStats& c : first.RootChildren()) a.emplace_back(c.move, c.visits);
  for (const ChildStats& c : second.RootChildren()) b.emplace_back(c.move, c.visits);
  EXPECT_EQ(a, b);
  EXPECT_TRUE(second.CheckInvariants().ok()) << second.CheckInvariants();
  EXPECT_GT(cache.stats().hit_rate(), 0.4);
}

TEST(MctsTest, KeysAfterAdvanceMatchAFreshSearch) {
  // Advance() updates the root's history hashes incrementally; a fresh
  // search of the same game must compute the same cache keys (it is then
  // answered entirely from the cache).
  PositionCache cache(1 << 14);
  AreaCountBackend backend(9, 8);
  SearchOptions o = Deterministic();
  Search advanced(Game(9, ChineseWithKomi(7.5f)), o, &cache);
  for (Point p : {MakePoint(2, 2), MakePoint(6, 6), MakePoint(2, 6), MakePoint(6, 2), kPass}) {
    ASSERT_TRUE(advanced.Advance(p).ok());
  }
  advanced.Run(backend, 120);
  Search fresh(advanced.game(), o, &cache);
  fresh.Run(backend, 120);
  EXPECT_EQ(fresh.counters().cache_hits, 120);
  EXPECT_EQ(fresh.counters().leaves, 0);
}

TEST(MctsTest, AdvanceRejectsIllegalMovesAndKeepsTheTree) {
  AreaCountBackend backend(7, 16);
  Search search(BigCaptureGame(), Deterministic());
  search.Run(backend, 30);
  const absl::Status s = search.Advance(MakePoint(3, 0));  // occupied
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(search.root_visits(), 30);
  EXPECT_EQ(search.game().move_number(), 0);
}

TEST(MctsTest, DirichletNoiseChangesPriorsButKeepsADistribution) {
  Game game(9, ChineseWithKomi(7.5f));
  AreaCountBackend backend(9, 16);
  SearchOptions o = Deterministic();
  Search plain(game, o);
  plain.Run(backend, 1);
  o.dirichlet_noise = true;
  Search noisy(game, o);
  noisy.Run(backend, 1);
  double sum = 0;
  int changed = 0;
  for (Point p : game.LegalMoves()) {
    const float a = plain.RootPrior(p), b = noisy.RootPrior(p);
    EXPECT_GE(b, 0.0f);
    sum += b;
    if (std::abs(a - b) > 1e-3) ++changed;
  }
  sum += noisy.RootPrior(kPass);
  EXPECT_NEAR(sum, 1.0, 1e-4);
  EXPECT_GT(changed, 10);
  EXPECT_TRUE(noisy.CheckInvariants().ok()) << noisy.CheckInvariants();
  // Another seed, other noise.
  o.seed = 99;
  Search other(game, o);
  other.Run(backend, 1);
  int differs = 0;
  for (Point p : game.LegalMoves()) differs += std::abs(other.RootPrior(p) - noisy.RootPrior(p)) > 1e-4;
  EXPECT_GT(differs, 10);
}

TEST(MctsTest, TemperatureZeroPicksMostVisitsAndPositiveSamplesByVisits) {
  AreaCountBackend backend(9, 16);
  SearchOptions o = Deterministic();
  o.final_move = FinalMoveChoice::kMaxVisits;
  Search search(Game(9, ChineseWithKomi(7.5f)), o);
  search.Run(backend, 300);
  const std::vector<ChildStats> children = search.RootChildren();
  const auto most = std::max_element(children.begin(), children.end(),
                                     [](const ChildStats& a, const ChildStats& b) { return a.visits < b.visits; });
  EXPECT_EQ(search.ChooseMove(0).move, most->move);
  EXPECT_EQ(children[0].move, most->move);  // order 0 is the preferred move
  // Temperature 1: frequencies follow visit shares.
  std::map<Point, int> counts;
  constexpr int kSamples = 4000;
  for (int i = 0; i < kSamples; ++i) ++counts[search.ChooseMove(1.0f).move];
  for (const ChildStats& c : children) {
    const double expected = static_cast<double>(c.visits) / TotalChildVisits(search);
    EXPECT_NEAR(static_cast<double>(counts[c.move]) / kSamples, expected, 0.03) << PointToGtp(c.move, 9);
  }
}

TEST(MctsTest, LcbPrefersASteadyMoveOverAMoreVisitedNoisyOne) {
  // A (prior 0.8) averages 0.2 with large swings; B (prior 0.2) is a steady
  // 0.5. A high exploration constant makes visits follow the priors.
  const int size = 5;
  const Point a = MakePoint(1, 1), b = MakePoint(3, 3);
  auto make_backend = [&] {
    MarkerBackend backend(size, Color::kBlack, -0.5f);
    backend.AddMarker(a, {1.0f, -0.6f}, 0.8f);
    backend.AddMarker(b, {0.5f}, 0.2f);
    return backend;
  };
  SearchOptions o = Deterministic();
  o.c_puct = 6.0f;
  o.final_move = FinalMoveChoice::kLcb;
  {
    MarkerBackend backend = make_backend();
    Search search(Game(size, ChineseWithKomi(0.5f)), o);
    search.Run(backend, 200);
    const std::vector<ChildStats> children = search.RootChildren();
    ASSERT_GE(children.size(), 2u);
    std::map<Point, ChildStats> by_move;
    for (const ChildStats& c : children) by_move[c.move] = c;
    ASSERT_GT(by_move[a].visits, by_move[b].visits);
    ASSERT_GE(by_move[b].visits, 0.1 * by_move[a].visits);
    EXPECT_GT(by_move[b].lcb, by_move[a].lcb);
    EXPECT_EQ(search.ChooseMove().move, b);
    EXPECT_EQ(children[0].move, b);
  }
  o.final_move = FinalMoveChoice::kMaxVisits;
  {
    MarkerBackend backend = make_backend();
    Search search(Game(size, ChineseWithKomi(0.5f)), o);
    search.Run(backend, 200);
    EXPECT_EQ(search.ChooseMove().move, a);
  }
}

TEST(MctsTest, ResignsOnlyWhenLosingBadlyAndAfterEnoughVisits) {
  SearchOptions o = Deterministic();
  o.resign_threshold = -0.9f;
  o.resign_min_visits = 50;
  {
    MarkerBackend backend(5, Color::kBlack, -0.99f);  // black is lost everywhere
    Search search(Game(5, ChineseWithKomi(0.5f)), o);
    search.Run(backend, 20);
    EXPECT_NE(search.ChooseMove().move, kResign);  // too few visits to trust
    search.Run(backend, 60);
    const MoveDecision d = search.ChooseMove();
    EXPECT_EQ(d.move, kResign);
    EXPECT_LT(d.value, -0.9f);
  }
  {
    MarkerBackend backend(5, Color::kBlack, -0.5f);  // bad but not hopeless
    Search search(Game(5, ChineseWithKomi(0.5f)), o);
    search.Run(backend, 60);
    EXPECT_NE(search.ChooseMove().move, kResign);
  }
  {
    MarkerBackend backend(5, Color::kWhite, -0.99f);  // white is lost: black never resigns
    Search search(Game(5, ChineseWithKomi(0.5f)), o);
    search.Run(backend, 60);
    EXPECT_NE(search.ChooseMove().move, kResign);
  }
}

TEST(MctsTest, GumbelRootFindsTheBestOfEightActionsIn16Simulations) {
  // 3x3 with two stones: 7 empty points + pass = 8 actions. The best move
  // has the lowest prior of the marked ones.
  Game game = GameFromDiagram({"X..", "...", "..O"}, ChineseWithKomi(0.5f));
  ASSERT_EQ(game.LegalMoves().size(), 7u);
  const Point best = MakePoint(2, 0), decoy = MakePoint(0, 2);
  int found = 0;
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    MarkerBackend backend(3, Color::kBlack, -0.3f, 0.3f);
    backend.AddMarker(best, {0.8f}, 0.02f);
    backend.AddMarker(decoy, {0.0f}, 0.6f);
    SearchOptions o = Deterministic();
    o.gumbel = true;
    o.gumbel_considered_actions = 8;
    o.seed = seed;
    Search search(game, o);
    search.Run(backend, 1 + 16);
    ASSERT_EQ(search.root_visits(), 17);
    ASSERT_TRUE(search.CheckInvariants().ok()) << search.CheckInvariants();
    // Sequential halving: 8 x 1, then 4 x 1, then 2 x 2 visits.
    std::vector<int> visits;
    for (const ChildStats& c : search.RootChildren()) visits.push_back(c.visits);
    std::sort(visits.rbegin(), visits.rend());
    ASSERT_EQ(visits, (std::vector<int>{4, 4, 2, 2, 1, 1, 1, 1})) << "seed " << seed;
    const auto target = search.PolicyTarget();
    const int best_flat = ToFlat(best, 3);
    EXPECT_EQ(std::max_element(target.begin(), target.begin() + 10) - target.begin(), best_flat);
    EXPECT_NEAR(std::accumulate(target.begin(), target.end(), 0.0f), 1.0f, 1e-5);
    found += search.ChooseMove().move == best;
  }
  EXPECT_EQ(found, 20);
}

TEST(MctsTest, GumbelConsidersOnlyTheSampledActions) {
  // With k = 2 of 8 actions, only two root children are ever visited.
  Game game = GameFromDiagram({"X..", "...", "..O"}, ChineseWithKomi(0.5f));
  MarkerBackend backend(3, Color::kBlack, 0.0f, 1.0f);
  SearchOptions o = Deterministic();
  o.gumbel = true;
  o.gumbel_considered_actions = 2;
  Search search(game, o);
  search.Run(backend, 1 + 10);
  EXPECT_EQ(search.RootChildren().size(), 2u);
  EXPECT_TRUE(search.CheckInvariants().ok()) << search.CheckInvariants();
}

TEST(MctsTest, RootMasksIllegalMovesAndRenormalises) {
  // Black to move; A1 (0,4) is a single-point eye of white: suicide for black.
  Game game = GameFromDiagram({".....",
                               ".....",
                               ".....",
                               "OO...",
                               ".O..."},
                              ChineseWithKomi(0.5f));
  const Point suicide = MakePoint(0, 4);
  ASSERT_FALSE(game.IsLegal(suicide));
  MarkerBackend backend(5, Color::kBlack, 0.0f, 0.1f);
  backend.AddMarker(suicide, {0.0f}, 0.9f);  // the network loves the illegal move
  Search search(game, Deterministic());
  search.Run(backend, 40);
  EXPECT_EQ(search.RootPrior(suicide), 0.0f);
  float sum = search.RootPrior(kPass);
  for (Point p : game.LegalMoves()) sum += search.RootPrior(p);
  EXPECT_NEAR(sum, 1.0f, 1e-4);
  for (const ChildStats& c : search.RootChildren()) EXPECT_NE(c.move, suicide);
  EXPECT_TRUE(search.CheckInvariants().ok()) << search.CheckInvariants();
}

TEST(MctsTest, SuperkoRepetitionsInsideTheTreeAreRejected) {
  // Tromp-Taylor allows suicide, but a lone stone's suicide recreates the
  // previous position: deeper in the tree such moves must be found illegal.
  Game game = GameFromDiagram({"..X..",
                               ".X.X.",
                               "..X..",
                               ".....",
                               "....."},
                              Rules::TrompTaylor());
  game.set_komi(0.5f);
  const Point eye = MakePoint(2, 1);  // white playing here is a lone-stone suicide
  ASSERT_TRUE(game.board().IsSuicide(eye, Color::kWhite));
  // Uniform policy except that everyone loves the eye point.
  MarkerBackend backend(5, Color::kWhite, 0.0f, 0.2f);
  backend.AddMarker(eye, {0.0f}, 0.8f);
  SearchOptions o = Deterministic();
  o.leaves_per_batch = 4;
  Search search(game, o);
  search.Run(backend, 300);
  EXPECT_GT(search.counters().superko_rejections, 0);
  EXPECT_EQ(search.root_visits(), 300);
  EXPECT_TRUE(search.CheckInvariants().ok()) << search.CheckInvariants();
  // At the root (white to move after a black pass) the exact check applies.
  Game white_to_move = game;
  ASSERT_TRUE(white_to_move.Play(kPass).ok());
  Search root_check(white_to_move, o);
  root_check.Run(backend, 50);
  EXPECT_EQ(root_check.RootPrior(eye), 0.0f);
}

// Each side puts `weight` of its policy on its favourite move (a point or
// pass) and spreads the rest evenly; values everything (but finished
// games) as even.
class FavouriteMoveBackend : public BatchBackend {
 public:
  FavouriteMoveBackend(int size, Point black_favourite, Point white_favourite, float weight)
      : size_(size), black_favourite_(black_favourite), white_favourite_(white_favourite), weight_(weight) {}
  int board_size() const override { return size_; }
  int max_batch_size() const override { return 8; }
  void EvaluateBatch(std::span<const CompactPosition> in, std::span<EvalOutput> out) override {
    const int n = size_ * size_ + 1;
    for (size_t i = 0; i < in.size(); ++i) {
      std::fill_n(out[i].policy.begin(), n, (1 - weight_) / (n - 1));
      const bool black = in[i].to_play == static_cast<uint8_t>(Color::kBlack);
      out[i].policy[testing::Flat(black ? black_favourite_ : white_favourite_, size_)] = weight_;
      out[i].value = 0;
    }
  }

 private:
  int size_;
  Point black_favourite_;
  Point white_favourite_;
  float weight_;
};

TEST(MctsTest, RepetitionsOfPositionsOlderThanTheFeatureHistoryAreRejected) {
  // White fills a six-point region black encloses, black passing in between.
  // White's sixth stone there would be a suicide of all six, bringing back
  // the setup position, nine moves before the root: older than the eight
  // positions the network sees, but superko still forbids it.
  Game game = GameFromDiagram({"...X.",
                               "...X.",
                               "XXX..",
                               ".....",
                               "....."},
                              Rules::TrompTaylor(), Color::kWhite);
  game.set_komi(0.5f);
  for (Point p : {MakePoint(0, 0), MakePoint(1, 0), MakePoint(2, 0), MakePoint(0, 1)}) {
    ASSERT_TRUE(game.Play(p).ok());
    ASSERT_TRUE(game.Play(kPass).ok());
  }
  ASSERT_TRUE(game.Play(MakePoint(1, 1)).ok());
  const Point last_point = MakePoint(2, 1);
  ASSERT_TRUE(game.board().IsSuicide(last_point, Color::kWhite));
  ASSERT_EQ(game.to_play(), Color::kBlack);
  FavouriteMoveBackend backend(5, /*black_favourite=*/kPass, /*white_favourite=*/last_point, 0.9f);
  SearchOptions o = Deterministic();
  o.leaves_per_batch = 4;
  Search search(game, o);
  search.Run(backend, 200);
  const std::vector<ChildStats> children = search.RootChildren(/*max_pv_length=*/2);
  ASSERT_FALSE(children.empty());
  ASSERT_EQ(children[0].move, kPass);
  ASSERT_EQ(children[0].pv.size(), 2u);
  EXPECT_NE(children[0].pv[1], last_point);
  EXPECT_GT(search.counters().superko_rejections, 0);
  EXPECT_TRUE(search.CheckInvariants().ok()) << search.CheckInvariants();
}

// Black to move on 5x5: white owns 10 points, black 15; with komi 7.5 black
// loses the plain count by 2.5, with komi 0.5 black wins by 4.5.
Game SplitBoard(float komi) {
  return GameFromDiagram({".OX..",
                          ".OX..",
                          ".OX..",
                          ".OX..",
                          ".OX.."},
                         ChineseWithKomi(komi));
}

MoveDecision ChooseAfterOneVisit(const Game& game, const SearchOptions& o) {
  FavouriteMoveBackend backend(game.size(), kPass, kPass, 0.95f);  // loves passing
  Search search(game, o);
  search.Run(backend, 2);  // the root and its favourite child, pass
  return search.ChooseMove();
}

TEST(MctsTest, NeverPassesIntoALostAreaCount) {
  SearchOptions o = Deterministic();
  const Game losing = SplitBoard(7.5f);
  ASSERT_TRUE(PassingWouldLose(losing));
  o.avoid_losing_pass = false;
  EXPECT_EQ(ChooseAfterOneVisit(losing, o).move, kPass);  // what the network wants
  o.avoid_losing_pass = true;
  EXPECT_NE(ChooseAfterOneVisit(losing, o).move, kPass);
  // Winning on the board: passing is fine.
  Game winning = GameFromDiagram({"...OX",
                                  "...OX",
                                  "...OX",
                                  "...OX",
                                  "...OX"},
                                 ChineseWithKomi(0.5f));
  winning.set_to_play(Color::kWhite);
  ASSERT_FALSE(PassingWouldLose(winning));
  EXPECT_EQ(ChooseAfterOneVisit(winning, o).move, kPass);
}

TEST(MctsTest, APassRefusedByTheCountIsNotReplacedByFillingAnOwnEye) {
  // Black to move, behind on the count (10 points against 15 + komi), with
  // no legal move but its own two eyes: filling one would only kill the
  // group, so black passes.
  const Game game = GameFromDiagram({".XO.O",
                                     "XXOOO",
                                     "XXOOO",
                                     "XXOOO",
                                     ".XO.O"},
                                    ChineseWithKomi(7.5f));
  ASSERT_TRUE(PassingWouldLose(game));
  ASSERT_TRUE(game.board().IsSimpleEye(MakePoint(0, 0), Color::kBlack));
  SearchOptions o = Deterministic();
  ASSERT_TRUE(o.avoid_losing_pass);
  EXPECT_EQ(ChooseAfterOneVisit(game, o).move, kPass);
  // With a point to play that is not an eye, black plays on instead.
  const Game open = GameFromDiagram({".XO.O",
                                     "XXOOO",
                                     "XX.OO",
                                     "XXOOO",
                                     ".XO.O"},
                                    ChineseWithKomi(7.5f));
  ASSERT_TRUE(PassingWouldLose(open));
  EXPECT_EQ(ChooseAfterOneVisit(open, o).move, MakePoint(2, 2));
}

TEST(MctsTest, DoesNotPassEarly) {
  SearchOptions o = Deterministic();
  o.avoid_losing_pass = false;
  o.no_pass_before_move = 10;
  const Game game = SplitBoard(7.5f);  // move number 0
  EXPECT_NE(ChooseAfterOneVisit(game, o).move, kPass);
  o.no_pass_before_move = -1;  // default: half the board area (12 on 5x5)
  EXPECT_NE(ChooseAfterOneVisit(game, o).move, kPass);
  o.no_pass_before_move = 0;
  EXPECT_EQ(ChooseAfterOneVisit(game, o).move, kPass);
  // Pass is still chosen when it is the only legal move.
  // Black to move: the centre is black's own last liberty, suicide.
  const Game full = GameFromDiagram({"XXX", "X.X", "XXX"}, ChineseWithKomi(0.5f));
  o.no_pass_before_move = 100;
  EXPECT_EQ(ChooseAfterOneVisit(full, o).move, kPass);
}

TEST(MctsTest, PassesToEndAWonGameWhenAsked) {
  Game game = SplitBoard(0.5f);
  game.set_to_play(Color::kWhite);
  ASSERT_TRUE(game.Play(kPass).ok());  // white passed; black leads the count by 4.5
  ASSERT_TRUE(PassEndsGame(game));
  ASSERT_FALSE(PassingWouldLose(game));
  SearchOptions o = Deterministic();
  o.pass_to_win_after_opponent_pass = true;
  AreaCountBackend backend(5, 8);
  Search search(game, o);
  search.Run(backend, 10);
  EXPECT_EQ(search.ChooseMove().move, kPass);
}

}  // namespace
}  // namespace tengen
