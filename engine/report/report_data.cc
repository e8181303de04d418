#include "engine/report/report_data.h"

#include <algorithm>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "engine/arena/elo.h"
#include "engine/data/json_writer.h"

namespace tengen::report {
namespace {

using data::JsonWriter;

constexpr double kNan = std::numeric_limits<double>::quiet_NaN();

// The last eval row of each (player, dataset): a rerun appends.
using EvalIndex = std::map<std::pair<std::string, std::string>, const EvalRow*>;

const EvalRow* FindEval(const EvalIndex& eval, const std::string& player, const std::string& dataset) {
  const auto it = eval.find({player, dataset});
  return it == eval.end() ? nullptr : it->second;
}

void WriteRatings(const absl::StatusOr<arena::RatingTable>& table, int games, JsonWriter* w) {
  w->Key("ratings").BeginObject();
  w->Key("games").Int(games);
  if (!table.ok()) {
    w->Key("error").String(std::string(table.status().message()));
    w->Key("anchor").Null();
    w->Key("first_move_elo").Null().Key("first_move_low").Null().Key("first_move_high").Null();
    w->Key("players").BeginArray().EndArray();
    w->EndObject();
    return;
  }
  w->Key("error").Null();
  w->Key("anchor").String(table->anchor_description);
  w->Key("first_move_elo").Number(table->first_move_elo);
  w->Key("first_move_low").Number(table->first_move_low);
  w->Key("first_move_high").Number(table->first_move_high);
  w->Key("players").BeginArray();
  for (const arena::PlayerRating& p : table->players) {
    w->BeginObject();
    w->Key("name").String(p.name);
    w->Key("elo").Number(p.elo).Key("low").Number(p.low).Key("high").Number(p.high);
    w->Key("anchored").Bool(p.anchored);
    w->Key("games").Int(p.games);
    w->Key("score").Number(p.score);
    w->EndObject();
  }
  w->EndArray();
  w->EndObject();
}

// Counted from the games themselves: the rating table's points include the
// virtual prior draws.
void WriteHeadToHead(const std::vector<std::string>& players, const std::vector<arena::GameResult>& games,
                     JsonWriter* w) {
  absl::flat_hash_map<std::string, int> index;
  for (size_t i = 0; i < players.size(); ++i) index[players[i]] = static_cast<int>(i);
  const size_t n = players.size();
  std::vector<std::vector<int>> wins(n, std::vector<int>(n)), losses = wins, draws = wins;
  for (const arena::GameResult& g : games) {
    const int b = index.at(g.black), wh = index.at(g.white);
    if (g.winner == arena::Winner::kDraw) {
      ++draws[b][wh];
      ++draws[wh][b];
    } else {
      const int winner = g.winner == arena::Winner::kBlack ? b : wh;
      const int loser = winner == b ? wh : b;
      ++wins[winner][loser];
      ++losses[loser][winner];
    }
  }
  auto matrix = [&](const char* key, const std::vector<std::vector<int>>& m) {
    w->Key(key).BeginArray();
    for (const std::vector<int>& row : m) {
      w->BeginArray();
      for (const int v : row) w->Int(v);
      w->EndArray();
    }
    w->EndArray();
  };
  w->Key("head_to_head").BeginObject();
  w->Key("players").BeginArray();
  for (const std::string& p : players) w->String(p);
  w->EndArray();
  matrix("wins", wins);
  matrix("losses", losses);
  matrix("draws", draws);
  w->EndObject();
}

void WriteCheckpoint(const CheckpointRow& c, const arena::PlayerRating* rating, const EvalIndex& eval, JsonWriter* w) {
  w->BeginObject();
  w->Key("player").String(c.player);
  w->Key("model").String(c.model);
  w->Key("training_positions").Int(c.training_positions);
  w->Key("training_flops").Number(c.training_flops);
  w->Key("generation_flops").Number(c.generation_flops);
  w->Key("total_flops").Number(c.training_flops + c.generation_flops);
  w->Key("device_seconds").Number(c.device_seconds);
  w->Key("selfplay_games").Int(c.selfplay_games);
  w->Key("elo").Number(rating ? rating->elo : kNan);
  w->Key("elo_low").Number(rating ? rating->low : kNan);
  w->Key("elo_high").Number(rating ? rating->high : kNan);
  w->Key("games").Int(rating ? rating->games : 0);
  const EvalRow* human = FindEval(eval, c.player, "human");
  const EvalRow* alphago = FindEval(eval, c.player, "alphago");
  w->Key("human_top1").Number(human ? human->top1 : kNan);
  w->Key("human_value_mse").Optional(human ? human->value_mse : std::nullopt);
  w->Key("human_positions").Int(human ? human->positions : 0);
  w->Key("alphago_top1").Number(alphago ? alphago->top1 : kNan);
  w->Key("alphago_positions").Int(alphago ? alphago->positions : 0);
  w->EndObject();
}

}  // namespace

std::string BuildReportJson(const RunFolder& run) {
  absl::StatusOr<arena::RatingTable> table = arena::FitRatings(run.games, arena::EloOptions());
  std::map<std::string, const arena::PlayerRating*> rating_of;
  std::vector<std::string> players;
  if (table.ok()) {
    for (const arena::PlayerRating& p : table->players) {
      rating_of[p.name] = &p;
      players.push_back(p.name);
    }
  }
  for (const arena::GameResult& g : run.games) {
    for (const std::string* name : {&g.black, &g.white}) {
      if (std::find(players.begin(), players.end(), *name) == players.end()) players.push_back(*name);
    }
  }
  auto rating = [&](const std::string& name) -> const arena::PlayerRating* {
    const auto it = rating_of.find(name);
    return it == rating_of.end() ? nullptr : it->second;
  };
  EvalIndex eval;
  for (const EvalRow& e : run.eval) eval[{e.player, e.dataset}] = &e;
  std::set<std::string> checkpoint_players;
  std::vector<std::string> arms;
  for (const CheckpointRow& c : run.checkpoints) {
    checkpoint_players.insert(c.player);
    if (std::find(arms.begin(), arms.end(), c.arm) == arms.end()) arms.push_back(c.arm);
  }

  JsonWriter w;
  w.BeginObject();
  w.Key("format").String(kReportFormat);
  w.Key("run_dir").String(run.dir);
  w.Key("run_info").BeginObject();
  for (const auto& [key, value] : run.run_info) w.Key(key).String(value);
  w.EndObject();
  if (run.config_text) {
    w.Key("config_text").String(*run.config_text);
  } else {
    w.Key("config_text").Null();
  }
  WriteRatings(table, static_cast<int>(run.games.size()), &w);
  WriteHeadToHead(players, run.games, &w);

  w.Key("arms").BeginArray();
  for (const std::string& arm : arms) {
    std::vector<const CheckpointRow*> rows;
    for (const CheckpointRow& c : run.checkpoints) {
      if (c.arm == arm) rows.push_back(&c);
    }
    std::stable_sort(rows.begin(), rows.end(), [](const CheckpointRow* a, const CheckpointRow* b) {
      return a->training_positions < b->training_positions;
    });
    w.BeginObject();
    w.Key("name").String(arm);
    w.Key("checkpoints").BeginArray();
    for (const CheckpointRow* c : rows) WriteCheckpoint(*c, rating(c->player), eval, &w);
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();

  w.Key("anchors").BeginArray();
  if (table.ok()) {
    for (const arena::PlayerRating& p : table->players) {
      if (checkpoint_players.count(p.name)) continue;
      w.BeginObject();
      w.Key("name").String(p.name);
      w.Key("elo").Number(p.elo).Key("low").Number(p.low).Key("high").Number(p.high);
      w.Key("anchored").Bool(p.anchored);
      w.Key("games").Int(p.games);
      w.EndObject();
    }
  }
  w.EndArray();

  w.Key("references").BeginArray();
  std::set<std::string> seen;
  for (const EvalRow& e : run.eval) {
    if (checkpoint_players.count(e.player) || !seen.insert(e.player).second) continue;
    const arena::PlayerRating* r = rating(e.player);
    const EvalRow* human = FindEval(eval, e.player, "human");
    const EvalRow* alphago = FindEval(eval, e.player, "alphago");
    w.BeginObject();
    w.Key("name").String(e.player);
    w.Key("elo").Number(r ? r->elo : kNan);
    w.Key("human_top1").Number(human ? human->top1 : kNan);
    w.Key("human_value_mse").Optional(human ? human->value_mse : std::nullopt);
    w.Key("alphago_top1").Number(alphago ? alphago->top1 : kNan);
    w.EndObject();
  }
  w.EndArray();

  w.Key("skipped_lines").BeginObject();
  for (const auto& [file, count] : run.skipped_lines) w.Key(file).Int(count);
  w.EndObject();
  w.Key("problems").BeginArray();
  for (const std::string& p : run.problems) w.String(p);
  w.EndArray();
  w.Key("missing_files").BeginArray();
  for (const std::string& f : run.missing_files) w.String(f);
  w.EndArray();
  w.EndObject();
  return w.str();
}

}  // namespace tengen::report
