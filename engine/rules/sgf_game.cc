#include "engine/rules/sgf_game.h"

#include <array>
#include <charconv>
#include <cmath>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace tengen {
namespace {

// A value as shown inside an error message: short and printable.
std::string Shown(std::string_view raw) {
  std::string out;
  for (char c : raw.substr(0, 24)) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u != 0x7F) {
      out += c;
    } else {
      out += absl::StrFormat("\\x%02X", u);
    }
  }
  if (raw.size() > 24) out += "...";
  return out;
}

std::string PropertyText(std::string_view name, std::string_view raw) {
  return absl::StrFormat("%s[%s]", name, Shown(raw));
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && absl::ascii_isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && absl::ascii_isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool ParseInt(std::string_view s, int* out) {
  s = Trim(s);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  if (s.empty()) return false;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && end == s.data() + s.size();
}

bool ParseFloat(std::string_view s, float* out) {
  std::string text(Trim(s));
  for (char& c : text) {
    if (c == ',') c = '.';  // "6,5" as written with a decimal comma
  }
  std::string_view v = text;
  if (!v.empty() && v.front() == '+') v.remove_prefix(1);
  if (v.empty()) return false;
  const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), *out);
  return ec == std::errc() && end == v.data() + v.size() && std::isfinite(*out);
}

// Keeps the uppercase letters only: "New Zealand" -> "NEWZEALAND".
std::string Key(std::string_view text) {
  std::string key;
  for (char c : text) {
    if (absl::ascii_isalpha(static_cast<unsigned char>(c))) {
      key += absl::ascii_toupper(static_cast<unsigned char>(c));
    }
  }
  return key;
}

// Reads up to `max_digits` digits; -1 if there are none.
int ReadNumber(std::string_view s, size_t* i, int max_digits) {
  int value = 0;
  int digits = 0;
  while (*i < s.size() && digits < max_digits && absl::ascii_isdigit(static_cast<unsigned char>(s[*i]))) {
    value = value * 10 + (s[*i] - '0');
    ++*i;
    ++digits;
  }
  return digits == 0 ? -1 : value;
}

// The first date of a DT value: "2005-01-02", "2005.1.2", "2005/01", "2005年1月2日".
void ParseDate(std::string_view dt, SgfGameInfo* info) {
  dt = Trim(dt);
  size_t i = 0;
  const int year = ReadNumber(dt, &i, 4);
  if (year < 1000 || (i < dt.size() && absl::ascii_isdigit(static_cast<unsigned char>(dt[i])))) return;
  info->year = year;
  auto skip_separator = [&]() {
    const size_t start = i;
    while (i < dt.size() && i - start < 3 && !absl::ascii_isdigit(static_cast<unsigned char>(dt[i])) &&
           dt[i] != ',' && dt[i] != ' ') {
      ++i;
    }
    return i > start;
  };
  if (!skip_separator()) return;
  const int month = ReadNumber(dt, &i, 2);
  if (month < 1 || month > 12) return;
  info->month = month;
  if (!skip_separator()) return;
  const int day = ReadNumber(dt, &i, 2);
  if (day < 1 || day > 31) return;
  info->day = day;
}

std::string_view FirstValue(const SgfGameTree& tree, const SgfProperty& p) {
  return tree.values(p)[0].raw;
}

}  // namespace

SgfResult SgfResult::FromText(std::string text) {
  SgfResult r;
  r.text = std::move(text);
  const std::string upper = absl::AsciiStrToUpper(std::string(Trim(r.text)));
  if (upper == "0" || upper == "DRAW" || upper == "JIGO" || upper == "D") {
    r.draw = true;
    return r;
  }
  if (upper.size() < 2 || (upper[0] != 'B' && upper[0] != 'W') || upper[1] != '+') return r;
  r.winner = upper[0] == 'B' ? Color::kBlack : Color::kWhite;
  const std::string_view how = Trim(std::string_view(upper).substr(2));
  if (how == "R" || how == "RESIGN") {
    r.resignation = true;
  } else if (!how.empty()) {
    float margin;
    if (ParseFloat(how, &margin)) r.margin = margin;
  }
  return r;
}

absl::StatusOr<Point> ParseSgfMovePoint(std::string_view raw, int size) {
  if (raw.size() == 2) {  // the common case, without trimming
    const unsigned x = static_cast<unsigned>(raw[0] - 'a');
    const unsigned y = static_cast<unsigned>(raw[1] - 'a');
    if (x < static_cast<unsigned>(size) && y < static_cast<unsigned>(size)) return MakePoint(x, y);
  }
  const std::string_view s = Trim(raw);
  if (s.empty()) return kPass;
  if (s == "tt" && size <= 19) return kPass;
  if (s.size() == 2) {
    const int x = s[0] - 'a';
    const int y = s[1] - 'a';
    if (x >= 0 && x < size && y >= 0 && y < size) return MakePoint(x, y);
  }
  return absl::InvalidArgumentError(
      absl::StrFormat("'%s' is not a point on a %dx%d board", Shown(raw), size, size));
}

absl::StatusOr<SgfGameInfo> ReadSgfGameInfo(const SgfGameTree& tree) {
  SgfGameInfo info;
  for (const SgfProperty& p : tree.properties(0)) {
    const std::string_view raw = FirstValue(tree, p);
    const std::string_view name = p.name;
    if (name == "GM") {
      int gm;
      if (!Trim(raw).empty() && (!ParseInt(raw, &gm) || gm != 1)) {
        return tree.Error(p.location, absl::StrCat(PropertyText(name, raw), " is not a Go game (GM[1])"));
      }
    } else if (name == "SZ") {
      int columns, rows;
      std::optional<std::pair<std::string_view, std::string_view>> compose = SplitSgfCompose(raw);
      if (compose.has_value()) {
        if (!ParseInt(compose->first, &columns) || !ParseInt(compose->second, &rows)) {
          return tree.Error(p.location, absl::StrCat(PropertyText(name, raw), ": not a board size"));
        }
        if (columns != rows) {
          return tree.Error(p.location,
                            absl::StrFormat("%s: non-square boards (%dx%d) are not supported",
                                            PropertyText(name, raw), columns, rows));
        }
      } else if (!ParseInt(raw, &columns)) {
        return tree.Error(p.location, absl::StrCat(PropertyText(name, raw), ": not a board size"));
      }
      if (columns < kMinBoardSize || columns > kMaxBoardSize) {
        return tree.Error(p.location, absl::StrFormat("%s: board size %d is outside %d..%d",
                                                      PropertyText(name, raw), columns,
                                                      kMinBoardSize, kMaxBoardSize));
      }
      info.size = columns;
    } else if (name == "KM") {
      if (Trim(raw).empty()) continue;
      float komi;
      if (!ParseFloat(raw, &komi)) {
        return tree.Error(p.location, absl::StrCat(PropertyText(name, raw), ": komi is not a number"));
      }
      info.komi = komi;
    } else if (name == "HA") {
      if (Trim(raw).empty()) continue;
      int handicap;
      if (!ParseInt(raw, &handicap) || handicap < 0 || handicap > kMaxBoardSize * kMaxBoardSize) {
        return tree.Error(p.location, absl::StrCat(PropertyText(name, raw), ": not a handicap"));
      }
      info.handicap = handicap;
    } else if (name == "RE") {
      info.result = SgfResult::FromText(SgfSimpleText(raw));
    } else if (name == "DT") {
      info.date = SgfSimpleText(raw);
      ParseDate(info.date, &info);
    } else if (name == "PB") {
      info.black_player = SgfSimpleText(raw);
    } else if (name == "PW") {
      info.white_player = SgfSimpleText(raw);
    } else if (name == "BR") {
      info.black_rank = SgfSimpleText(raw);
    } else if (name == "WR") {
      info.white_rank = SgfSimpleText(raw);
    } else if (name == "RU") {
      info.rules = SgfSimpleText(raw);
    } else if (name == "GN") {
      info.game_name = SgfSimpleText(raw);
    } else if (name == "EV") {
      info.event = SgfSimpleText(raw);
    } else if (name == "PC") {
      info.place = SgfSimpleText(raw);
    }
  }
  // HA is checked against the size only now: SZ may come after HA.
  if (info.handicap > info.size * info.size) {
    const SgfProperty* ha = tree.FindProperty(0, "HA");
    return tree.Error(ha->location, absl::StrFormat("HA[%d]: more handicap stones than points",
                                                    info.handicap));
  }
  return info;
}

Rules SgfReplayRules(const SgfGameInfo& info, const SgfReplayOptions& options) {
  Rules rules;
  rules.ko = options.ko_rule;
  rules.komi = info.komi.value_or(0.0f);
  const std::string key = Key(info.rules);
  const bool territory = key.rfind("JAPAN", 0) == 0 || key.rfind("KOREA", 0) == 0 || key == "JP" ||
                         key == "KR" || key == "KOR" || key == "JPN";
  rules.scoring = territory ? ScoringRule::kTerritory : ScoringRule::kArea;
  rules.allow_suicide = options.suicide_from_rules &&
                        (key == "NZ" || key == "NEWZEALAND" || key == "ING" || key == "GOE" ||
                         key == "TT" || key.rfind("TROMP", 0) == 0);
  return rules;
}

namespace {

class Replayer {
 public:
  Replayer(const SgfGameTree& tree, const SgfReplayOptions& options, SgfReplay* out)
      : tree_(tree), options_(options), out_(out), size_(out->record.info.size) {}

  absl::Status Run() {
    bool fixed_handicap = out_->record.info.handicap >= 2 && !HasSetupBlackBeforeFirstMove();
    for (int n = 0; n >= 0; n = tree_.node(n).first_child) {
      absl::Status s = ReplayNode(n, fixed_handicap);
      fixed_handicap = false;
      if (!s.ok()) {
        // Before the first move the record has no game to keep, and a
        // record cut there could not say whether HA meant fixed stones.
        if (out_->record.moves.empty() || !options_.stop_at_illegal_move) return s;
        out_->record.cut = std::move(s);
        return absl::OkStatus();
      }
    }
    return absl::OkStatus();
  }

 private:
  bool HasSetupBlackBeforeFirstMove() const {
    for (int n = 0; n >= 0; n = tree_.node(n).first_child) {
      if (tree_.FindProperty(n, "AB") != nullptr) return true;
      if (tree_.FindProperty(n, "B") != nullptr || tree_.FindProperty(n, "W") != nullptr) {
        return false;
      }
    }
    return false;
  }

  absl::Status ReplayNode(int n, bool fixed_handicap) {
    const auto properties = tree_.properties(n);
    bool has_setup = fixed_handicap;
    for (const SgfProperty& p : properties) {
      if (p.name == "AB" || p.name == "AW" || p.name == "AE" || p.name == "PL") {
        has_setup = true;
        break;
      }
    }
    if (has_setup) {
      absl::Status s = ReplaySetup(n, fixed_handicap);
      if (!s.ok()) return s;
    }
    for (const SgfProperty& p : properties) {
      const bool black = p.name == "B";
      if (!black && p.name != "W") continue;
      absl::Status s = ReplayMove(p, black ? Color::kBlack : Color::kWhite);
      if (!s.ok()) return s;
    }
    return absl::OkStatus();
  }

  absl::Status MoveError(const SgfProperty& p, std::string_view message) const {
    return tree_.Error(p.location, absl::StrFormat("move %d: %s",
                                                   static_cast<int>(out_->record.moves.size()) + 1,
                                                   message));
  }

  absl::Status ReplayMove(const SgfProperty& p, Color color) {
    const auto values = tree_.values(p);
    if (values.size() != 1) {
      return MoveError(p, absl::StrFormat("%s has %d values", p.name, values.size()));
    }
    absl::StatusOr<Point> point = ParseSgfMovePoint(values[0].raw, size_);
    if (!point.ok()) {
      return MoveError(p, absl::StrFormat("bad coordinate %s on a %dx%d board",
                                          PropertyText(p.name, values[0].raw), size_, size_));
    }
    absl::Status played = out_->game.Play(*point, color);
    if (!played.ok()) {
      return MoveError(p, absl::StrFormat("illegal move %s: %s",
                                          PropertyText(p.name, values[0].raw), played.message()));
    }
    out_->record.moves.push_back(SgfMove{color, *point, p.location});
    return absl::OkStatus();
  }

  // Expands one AB/AW/AE value: a point or a rectangle "aa:cc".
  absl::Status AddSetupPoints(const SgfProperty& p, const SgfValue& v, std::vector<Point>* points) {
    auto bad = [&](std::string_view why) {
      return tree_.Error(v.location, absl::StrFormat("setup %s: %s", PropertyText(p.name, v.raw), why));
    };
    auto corner = [&](std::string_view raw) -> absl::StatusOr<Point> {
      absl::StatusOr<Point> pt = ParseSgfMovePoint(raw, size_);
      if (!pt.ok()) return pt.status();
      if (*pt == kPass) {
        return absl::InvalidArgumentError(absl::StrFormat("'%s' is a pass, not a point", Shown(raw)));
      }
      return pt;
    };
    const auto compose = SplitSgfCompose(v.raw);
    if (!compose.has_value()) {
      absl::StatusOr<Point> pt = corner(v.raw);
      if (!pt.ok()) return bad(std::string(pt.status().message()));
      points->push_back(*pt);
      return absl::OkStatus();
    }
    absl::StatusOr<Point> a = corner(compose->first);
    if (!a.ok()) return bad(std::string(a.status().message()));
    absl::StatusOr<Point> b = corner(compose->second);
    if (!b.ok()) return bad(std::string(b.status().message()));
    const int x0 = std::min(PointX(*a), PointX(*b)), x1 = std::max(PointX(*a), PointX(*b));
    const int y0 = std::min(PointY(*a), PointY(*b)), y1 = std::max(PointY(*a), PointY(*b));
    for (int y = y0; y <= y1; ++y) {
      for (int x = x0; x <= x1; ++x) points->push_back(MakePoint(x, y));
    }
    return absl::OkStatus();
  }

  absl::Status ReplaySetup(int n, bool fixed_handicap) {
    SgfSetup step;
    step.before_move = static_cast<int>(out_->record.moves.size());
    step.location = tree_.node(n).location;
    if (fixed_handicap) {
      absl::StatusOr<std::vector<Point>> stones =
          FixedHandicapPoints(size_, out_->record.info.handicap);
      if (!stones.ok()) {
        const SgfProperty* ha = tree_.FindProperty(0, "HA");
        return tree_.Error(ha->location, absl::StrCat("HA: ", stones.status().message()));
      }
      step.black = *std::move(stones);
    }
    // 0: not in this node, else 1 + index of the list that named the point.
    // Fixed handicap stones count as AB: the rewritten record says AB.
    std::array<uint8_t, kNumPoints> named{};
    for (Point pt : step.black) named[pt] = 1;
    for (const SgfProperty& p : tree_.properties(n)) {
      std::vector<Point>* list = nullptr;
      uint8_t id = 0;
      if (p.name == "AB") {
        list = &step.black;
        id = 1;
      } else if (p.name == "AW") {
        list = &step.white;
        id = 2;
      } else if (p.name == "AE") {
        list = &step.clear;
        id = 3;
      } else if (p.name == "PL") {
        const std::string key = Key(SgfSimpleText(tree_.values(p)[0].raw));
        if (key == "B" || key == "BLACK" || key == "1") {
          step.to_play = Color::kBlack;
        } else if (key == "W" || key == "WHITE" || key == "2") {
          step.to_play = Color::kWhite;
        } else {
          return tree_.Error(p.location,
                             absl::StrCat(PropertyText(p.name, tree_.values(p)[0].raw),
                                          ": not a colour (B or W)"));
        }
        continue;
      } else {
        continue;
      }
      for (const SgfValue& v : tree_.values(p)) {
        const size_t before = list->size();
        absl::Status s = AddSetupPoints(p, v, list);
        if (!s.ok()) return s;
        for (size_t i = before; i < list->size(); ++i) {
          const Point pt = (*list)[i];
          if (named[pt] != 0 && named[pt] != id) {
            static constexpr std::string_view kNames[] = {"", "AB", "AW", "AE"};
            return tree_.Error(v.location, absl::StrFormat("setup point %s is in both %s and %s",
                                                           PointName(pt), kNames[named[pt]], p.name));
          }
          named[pt] = id;
        }
      }
    }

    // What actually changes: adding a stone of the same colour or clearing
    // an empty point does nothing; adding over the other colour replaces it.
    const Board& board = out_->game.board();
    std::vector<Point> black, white, clear;
    std::array<uint8_t, kNumPoints> done{};
    auto add = [&](const std::vector<Point>& wanted, Color color, std::vector<Point>* effective) {
      for (Point pt : wanted) {
        if (done[pt]) continue;
        done[pt] = 1;
        const Color there = board.at(pt);
        if (there == color) continue;
        if (there != Color::kEmpty) clear.push_back(pt);
        effective->push_back(pt);
      }
    };
    add(step.black, Color::kBlack, &black);
    add(step.white, Color::kWhite, &white);
    for (Point pt : step.clear) {
      if (done[pt]) continue;
      done[pt] = 1;
      if (board.at(pt) != Color::kEmpty) clear.push_back(pt);
    }

    if (!black.empty() || !white.empty() || !clear.empty()) {
      // Setup never captures: a position where some string has no liberty
      // cannot be played on, so it is refused here.
      Board check = board;
      for (Point pt : clear) check.Clear(pt);
      for (Point pt : black) check.Place(pt, Color::kBlack);
      for (Point pt : white) check.Place(pt, Color::kWhite);
      for (int y = 0; y < size_; ++y) {
        for (int x = 0; x < size_; ++x) {
          const Point pt = MakePoint(x, y);
          if (check.at(pt) != Color::kEmpty && check.Liberties(pt) == 0) {
            return tree_.Error(step.location,
                               absl::StrFormat("setup leaves the stones at %s without liberties",
                                               PointName(pt)));
          }
        }
      }
      // Game clears `clear` first, then places (over the other colour too).
      absl::Status s = out_->game.PlaceSetupStones(black, white, clear);
      if (!s.ok()) return tree_.Error(step.location, absl::StrCat("setup: ", s.message()));
    }
    if (step.to_play.has_value()) out_->game.set_to_play(*step.to_play);
    out_->record.setup.push_back(std::move(step));
    return absl::OkStatus();
  }

  std::string PointName(Point pt) const {
    return std::string{static_cast<char>('a' + PointX(pt)), static_cast<char>('a' + PointY(pt))};
  }

  const SgfGameTree& tree_;
  const SgfReplayOptions& options_;
  SgfReplay* out_;
  const int size_;
};

}  // namespace

absl::StatusOr<SgfReplay> ReplaySgfGame(const SgfGameTree& tree, const SgfReplayOptions& options) {
  if (tree.num_nodes() == 0) return tree.Error(tree.location(), "empty game tree");
  absl::StatusOr<SgfGameInfo> info = ReadSgfGameInfo(tree);
  if (!info.ok()) return info.status();
  absl::StatusOr<Game> game = Game::Create(info->size, SgfReplayRules(*info, options));
  if (!game.ok()) return tree.Error(tree.node(0).location, std::string(game.status().message()));
  SgfReplay out{SgfGameRecord{}, *std::move(game)};
  out.record.file_name = tree.file_name();
  out.record.game_number = tree.game_number();
  out.record.info = *std::move(info);
  out.game.set_handicap(out.record.info.handicap);
  out.record.moves.reserve(tree.num_nodes());
  Replayer replayer(tree, options, &out);
  absl::Status s = replayer.Run();
  if (!s.ok()) return s;
  return out;
}

std::string DescribeSgfRecordDifference(const SgfGameRecord& a, const SgfGameRecord& b) {
  const SgfGameInfo& x = a.info;
  const SgfGameInfo& y = b.info;
  auto text = [](const char* what, const std::string& u, const std::string& v) {
    return u == v ? std::string() : absl::StrFormat("%s '%s' != '%s'", what, u, v);
  };
  if (x.size != y.size) return absl::StrFormat("size %d != %d", x.size, y.size);
  if (x.komi != y.komi) {
    return absl::StrFormat("komi %s != %s", x.komi ? absl::StrCat(*x.komi) : "none",
                           y.komi ? absl::StrCat(*y.komi) : "none");
  }
  if (x.handicap != y.handicap) return absl::StrFormat("handicap %d != %d", x.handicap, y.handicap);
  for (const std::string& d :
       {text("result", x.result.text, y.result.text), text("date", x.date, y.date),
        text("black player", x.black_player, y.black_player),
        text("white player", x.white_player, y.white_player),
        text("black rank", x.black_rank, y.black_rank), text("white rank", x.white_rank, y.white_rank),
        text("rules", x.rules, y.rules), text("game name", x.game_name, y.game_name),
        text("event", x.event, y.event), text("place", x.place, y.place)}) {
    if (!d.empty()) return d;
  }
  if (a.setup.size() != b.setup.size()) {
    return absl::StrFormat("%d setup steps != %d", a.setup.size(), b.setup.size());
  }
  for (size_t i = 0; i < a.setup.size(); ++i) {
    const SgfSetup& s = a.setup[i];
    const SgfSetup& t = b.setup[i];
    if (s.before_move != t.before_move || s.black != t.black || s.white != t.white ||
        s.clear != t.clear || s.to_play != t.to_play) {
      return absl::StrFormat("setup step %d differs", i + 1);
    }
  }
  if (a.moves.size() != b.moves.size()) {
    return absl::StrFormat("%d moves != %d", a.moves.size(), b.moves.size());
  }
  for (size_t i = 0; i < a.moves.size(); ++i) {
    if (a.moves[i].color != b.moves[i].color || a.moves[i].point != b.moves[i].point) {
      return absl::StrFormat("move %d differs", i + 1);
    }
  }
  return "";
}

}  // namespace tengen
