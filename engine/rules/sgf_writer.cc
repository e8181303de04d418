#include "engine/rules/sgf_writer.h"

#include <charconv>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "engine/rules/sgf_parser.h"

namespace tengen {
namespace {

constexpr int kMovesPerLine = 10;

void AppendPoint(Point p, std::string* out) {
  if (p == kPass) return;  // "" is a pass in FF[4]
  out->push_back(static_cast<char>('a' + PointX(p)));
  out->push_back(static_cast<char>('a' + PointY(p)));
}

void AppendText(std::string_view name, const std::string& value, std::string* out) {
  if (value.empty()) return;
  absl::StrAppend(out, std::string(name), "[", SgfEscape(value), "]");
}

void AppendPoints(std::string_view name, const std::vector<Point>& points, std::string* out) {
  if (points.empty()) return;
  out->append(name);
  for (Point p : points) {
    out->push_back('[');
    AppendPoint(p, out);
    out->push_back(']');
  }
}

void AppendSetup(const SgfSetup& step, std::string* out) {
  AppendPoints("AB", step.black, out);
  AppendPoints("AW", step.white, out);
  AppendPoints("AE", step.clear, out);
  if (step.to_play.has_value()) out->append(*step.to_play == Color::kBlack ? "PL[B]" : "PL[W]");
}

std::string Write(const SgfGameInfo& info, int size, const std::vector<SgfSetup>& setup,
                  const std::vector<SgfMove>* record_moves, const std::vector<MoveRecord>* moves) {
  std::string out = absl::StrCat("(;GM[1]FF[4]CA[UTF-8]AP[tengen]SZ[", size, "]");
  if (info.komi.has_value()) {
    char buffer[32];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof(buffer), *info.komi);
    absl::StrAppend(&out, "KM[", std::string(buffer, end - buffer), "]");
  }
  if (info.handicap > 0) absl::StrAppend(&out, "HA[", info.handicap, "]");
  AppendText("RU", info.rules, &out);
  AppendText("DT", info.date, &out);
  AppendText("PB", info.black_player, &out);
  AppendText("BR", info.black_rank, &out);
  AppendText("PW", info.white_player, &out);
  AppendText("WR", info.white_rank, &out);
  AppendText("RE", info.result.text, &out);
  AppendText("GN", info.game_name, &out);
  AppendText("EV", info.event, &out);
  AppendText("PC", info.place, &out);

  const size_t num_moves = record_moves ? record_moves->size() : moves->size();
  size_t next_setup = 0;
  // Setup before the first move goes into the root node, as FF[4] wants.
  if (!setup.empty() && setup[0].before_move == 0) AppendSetup(setup[next_setup++], &out);
  out.push_back('\n');
  for (size_t i = 0; i <= num_moves; ++i) {
    while (next_setup < setup.size() && setup[next_setup].before_move <= static_cast<int>(i)) {
      out.push_back(';');
      AppendSetup(setup[next_setup++], &out);
      out.push_back('\n');
    }
    if (i == num_moves) break;
    const Color color = record_moves ? (*record_moves)[i].color : (*moves)[i].color;
    const Point point = record_moves ? (*record_moves)[i].point : (*moves)[i].point;
    out.append(color == Color::kBlack ? ";B[" : ";W[");
    AppendPoint(point, &out);
    out.push_back(']');
    if ((i + 1) % kMovesPerLine == 0) out.push_back('\n');
  }
  while (!out.empty() && out.back() == '\n') out.pop_back();
  out.append(")\n");
  return out;
}

}  // namespace

std::string WriteSgf(const SgfGameRecord& record) {
  return Write(record.info, record.info.size, record.setup, &record.moves, nullptr);
}

std::string WriteSgf(const Game& game, const SgfGameInfo& info, const std::vector<SgfSetup>& setup) {
  return Write(info, game.size(), setup, nullptr, &game.moves());
}

absl::Status CheckSgfRoundTrip(const SgfReplay& replay, const SgfReplayOptions& options) {
  const SgfGameRecord& record = replay.record;
  auto fail = [&](std::string_view why) {
    return absl::InternalError(
        SgfErrorText(record.file_name, record.game_number, SgfLocation{}, absl::StrFormat("round trip: %s", why)));
  };
  const std::string text = WriteSgf(record);
  SgfCollection collection = ParseSgf(text, absl::StrCat(record.file_name, " (rewritten)"));
  if (collection.games.size() != 1) {
    return fail(absl::StrFormat("the rewritten text holds %d games", collection.games.size()));
  }
  if (!collection.games[0].ok()) return fail(std::string(collection.games[0].status().message()));
  SgfReplayOptions strict = options;
  strict.stop_at_illegal_move = false;
  absl::StatusOr<SgfReplay> again = ReplaySgfGame(*collection.games[0], strict);
  if (!again.ok()) return fail(std::string(again.status().message()));
  const std::string difference = DescribeSgfRecordDifference(record, again->record);
  if (!difference.empty()) return fail(difference);
  if (again->game.board().hash() != replay.game.board().hash() ||
      again->game.to_play() != replay.game.to_play()) {
    return fail("the replayed positions differ");
  }
  return absl::OkStatus();
}

}  // namespace tengen
