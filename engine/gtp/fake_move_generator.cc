#include "engine/gtp/fake_move_generator.h"

#include <algorithm>
#include "absl/time/clock.h"

#include "absl/strings/str_format.h"

namespace tengen::gtp {

absl::Status FakeMoveGenerator::SupportsBoardSize(int size) const {
  if (options_.only_size != 0 && size != options_.only_size) {
    return absl::InvalidArgumentError(
        absl::StrFormat("the network plays %dx%d only", options_.only_size, options_.only_size));
  }
  return absl::OkStatus();
}

SearchReport FakeMoveGenerator::Search(const Game& game, const SearchRequest& request) {
  ++searches_;
  last_request_ = request;
  const Board& board = game.board();
  const Color me = game.to_play();
  const int size = board.size();

  // Candidates in a fixed pseudo-random order of the position.
  std::vector<std::pair<uint64_t, Point>> ranked;
  for (Point p : game.LegalMoves()) {
    if (board.IsSimpleEye(p, me)) continue;
    uint64_t h = (game.situation_hash() ^ (static_cast<uint64_t>(p) * 0x9e3779b97f4a7c15ULL));
    h ^= h >> 31;
    h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 29;
    ranked.emplace_back(h, p);
  }
  std::sort(ranked.begin(), ranked.end());
  if (options_.always_pass) ranked.insert(ranked.begin(), {0, kPass});
  if (ranked.empty()) ranked.emplace_back(0, kPass);
  const size_t num = std::min<size_t>(ranked.size(), 5);

  SearchReport report;
  auto fill = [&](int64_t visits) {
    report.root_visits = visits;
    report.root_winrate = options_.winrate;
    report.root_score_lead = (options_.winrate - 0.5f) * 20;
    report.candidates.clear();
    // Visits split 8:4:2:1:1... over the first candidates, best first.
    int64_t left = visits;
    for (size_t i = 0; i < num && left > 0; ++i) {
      const int64_t v = i + 1 == num ? left : std::max<int64_t>(1, left / 2);
      left -= v;
      CandidateMove c;
      c.move = ranked[i].second;
      c.visits = v;
      c.winrate = std::clamp(options_.winrate - 0.01f * static_cast<float>(i), 0.0f, 1.0f);
      c.score_lead = (c.winrate - 0.5f) * 20;
      c.prior = 1.0f / static_cast<float>(1 + i);
      c.lcb = c.winrate - 0.05f;
      c.pv = {c.move};
      if (i + 1 < num) c.pv.push_back(ranked[i + 1].second);
      report.candidates.push_back(c);
    }
    if (request.want_ownership) report.ownership.assign(size * size, options_.ownership_value);
  };

  const int64_t limit = std::max<int64_t>(1, std::min(request.max_visits, request.max_playouts));
  absl::Time next_report = absl::Now() + request.report_interval;
  int64_t visits = 0;
  while (visits < limit) {
    if (visits > 0 && request.should_stop && request.should_stop()) break;
    if (options_.visit_time > absl::ZeroDuration()) absl::SleepFor(options_.visit_time);
    ++visits;
    if (request.on_report && absl::Now() >= next_report) {
      fill(visits);
      request.on_report(report);
      next_report = absl::Now() + request.report_interval;
    }
  }
  fill(visits);
  return report;
}

}  // namespace tengen::gtp
