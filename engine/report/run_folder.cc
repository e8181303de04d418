#include "engine/report/run_folder.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <system_error>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace tengen::report {
namespace {

namespace fs = std::filesystem;

// nullopt when the file does not exist.
absl::StatusOr<std::optional<std::string>> ReadIfExists(const std::string& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) return std::optional<std::string>();
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrFormat("cannot open %s", path));
  std::stringstream s;
  s << in.rdbuf();
  if (in.bad()) return absl::DataLossError(absl::StrFormat("cannot read %s", path));
  return std::optional<std::string>(s.str());
}

// The named columns of one data row.
class Row {
 public:
  Row(const std::vector<std::string>* fields, const absl::flat_hash_map<std::string, int>* columns)
      : fields_(fields), columns_(columns) {}

  const std::string& Text(const std::string& column) const { return (*fields_)[columns_->at(column)]; }

  absl::StatusOr<int64_t> Int(const std::string& column) const {
    int64_t v = 0;
    if (!absl::SimpleAtoi(Text(column), &v)) {
      return absl::InvalidArgumentError(absl::StrFormat("%s '%s' is not an integer", column, Text(column)));
    }
    return v;
  }

  absl::StatusOr<double> Double(const std::string& column) const {
    double v = 0;
    if (!absl::SimpleAtod(Text(column), &v)) {
      return absl::InvalidArgumentError(absl::StrFormat("%s '%s' is not a number", column, Text(column)));
    }
    return v;
  }

 private:
  const std::vector<std::string>* fields_;
  const absl::flat_hash_map<std::string, int>* columns_;
};

using RowFn = std::function<absl::Status(const Row&)>;

// Reads one tab-separated table of `run`: finds the columns by the header
// (or assumes `columns` in order when the first row is not a header) and
// hands every row to `fn`; a row `fn` refuses is named and skipped.
absl::Status ReadTable(RunFolder* run, const std::string& name, const std::vector<std::string>& columns,
                       const std::string& magic, const RowFn& fn) {
  const std::string path = (fs::path(run->dir) / name).string();
  absl::StatusOr<std::optional<std::string>> contents = ReadIfExists(path);
  if (!contents.ok()) return contents.status();
  int& skipped = run->skipped_lines[name];
  if (!contents->has_value()) {
    run->missing_files.push_back(name);
    return absl::OkStatus();
  }
  auto problem = [&](int line, const std::string& why, bool skip) {
    run->problems.push_back(absl::StrFormat("%s:%d: %s", path, line, why));
    if (skip) ++skipped;
  };
  const std::vector<std::string> lines = absl::StrSplit(**contents, '\n');
  absl::flat_hash_map<std::string, int> index;
  bool have_columns = false;
  size_t needed_fields = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    const int number = static_cast<int>(i) + 1;
    std::string line = lines[i];
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (absl::StripAsciiWhitespace(line).empty()) continue;
    if (number == 1 && !magic.empty() && line != magic) {
      if (line[0] == '#') {
        problem(number, absl::StrFormat("'%s' is not '%s'; reading it anyway", line, magic), true);
        continue;
      }
      problem(number, absl::StrFormat("no '%s' line; reading it anyway", magic), false);
    }
    if (line[0] == '#') continue;
    const std::vector<std::string> fields = absl::StrSplit(line, '\t');
    if (!have_columns) {
      have_columns = true;
      const bool header = fields[0] == columns[0];
      for (size_t c = 0; c < columns.size(); ++c) {
        if (!header) {
          index[columns[c]] = static_cast<int>(c);
          continue;
        }
        const auto it = std::find(fields.begin(), fields.end(), columns[c]);
        if (it == fields.end()) {
          problem(number, absl::StrFormat("the header has no column '%s'; the file is skipped", columns[c]), true);
          for (size_t rest = i + 1; rest < lines.size(); ++rest) {
            if (!absl::StripAsciiWhitespace(lines[rest]).empty() && lines[rest][0] != '#') ++skipped;
          }
          return absl::OkStatus();
        }
        index[columns[c]] = static_cast<int>(it - fields.begin());
      }
      for (const auto& [column, at] : index) needed_fields = std::max(needed_fields, static_cast<size_t>(at) + 1);
      if (header) continue;
    }
    if (fields.size() < needed_fields) {
      problem(number, absl::StrFormat("%d fields, expected %d", fields.size(), needed_fields), true);
      continue;
    }
    const absl::Status status = fn(Row(&fields, &index));
    if (!status.ok()) problem(number, std::string(status.message()), true);
  }
  return absl::OkStatus();
}

const std::vector<std::string>& CheckpointColumns() {
  static const auto* columns =
      new std::vector<std::string>{"arm",           "player",           "model",          "training_positions",
                                   "training_flops", "generation_flops", "device_seconds", "selfplay_games"};
  return *columns;
}

const std::vector<std::string>& EvalColumns() {
  static const auto* columns = new std::vector<std::string>{"player", "dataset", "positions", "top1", "value_mse"};
  return *columns;
}

absl::Status ReadCheckpoints(RunFolder* run) {
  return ReadTable(run, kCheckpointsFile, CheckpointColumns(),
                   kCheckpointsMagic, [run](const Row& row) -> absl::Status {
                     CheckpointRow c;
                     c.arm = row.Text("arm");
                     c.player = row.Text("player");
                     c.model = row.Text("model");
                     if (c.arm.empty() || c.player.empty()) return absl::InvalidArgumentError("empty arm or player");
                     absl::StatusOr<int64_t> positions = row.Int("training_positions");
                     absl::StatusOr<double> training = row.Double("training_flops");
                     absl::StatusOr<double> generation = row.Double("generation_flops");
                     absl::StatusOr<double> seconds = row.Double("device_seconds");
                     absl::StatusOr<int64_t> games = row.Int("selfplay_games");
                     for (const absl::Status& s : {positions.status(), training.status(), generation.status(),
                                                   seconds.status(), games.status()}) {
                       if (!s.ok()) return s;
                     }
                     c.training_positions = *positions;
                     c.training_flops = *training;
                     c.generation_flops = *generation;
                     c.device_seconds = *seconds;
                     c.selfplay_games = *games;
                     run->checkpoints.push_back(std::move(c));
                     return absl::OkStatus();
                   });
}

absl::Status ReadEval(RunFolder* run) {
  return ReadTable(run, kEvalFile, EvalColumns(), "",
                   [run](const Row& row) -> absl::Status {
                     EvalRow e;
                     e.player = row.Text("player");
                     e.dataset = row.Text("dataset");
                     if (e.player.empty() || e.dataset.empty()) {
                       return absl::InvalidArgumentError("empty player or dataset");
                     }
                     absl::StatusOr<int64_t> positions = row.Int("positions");
                     if (!positions.ok()) return positions.status();
                     absl::StatusOr<double> top1 = row.Double("top1");
                     if (!top1.ok()) return top1.status();
                     e.positions = *positions;
                     e.top1 = *top1;
                     const std::string mse = std::string(absl::StripAsciiWhitespace(row.Text("value_mse")));
                     if (!mse.empty()) {
                       double v = 0;
                       if (!absl::SimpleAtod(mse, &v)) {
                         return absl::InvalidArgumentError(absl::StrFormat("value_mse '%s' is not a number", mse));
                       }
                       if (std::isfinite(v)) e.value_mse = v;
                     }
                     run->eval.push_back(std::move(e));
                     return absl::OkStatus();
                   });
}

absl::Status ReadRunInfo(RunFolder* run) {
  const std::string path = (fs::path(run->dir) / kRunInfoFile).string();
  absl::StatusOr<std::optional<std::string>> contents = ReadIfExists(path);
  if (!contents.ok()) return contents.status();
  int& skipped = run->skipped_lines[kRunInfoFile];
  if (!contents->has_value()) {
    run->missing_files.push_back(kRunInfoFile);
    return absl::OkStatus();
  }
  int error_line = 0;
  absl::StatusOr<std::vector<std::pair<std::string, std::string>>> info = ParseFlatJsonObject(**contents, &error_line);
  if (!info.ok()) {
    run->problems.push_back(
        absl::StrFormat("%s:%d: %s; the file is skipped", path, error_line, info.status().message()));
    ++skipped;
    return absl::OkStatus();
  }
  run->run_info = *std::move(info);
  return absl::OkStatus();
}

// A cursor over JSON text that knows its line, for error messages.
class JsonCursor {
 public:
  explicit JsonCursor(const std::string& text) : text_(text) {}

  int line() const { return line_; }
  bool AtEnd() const { return pos_ >= text_.size(); }
  char Peek() const { return AtEnd() ? '\0' : text_[pos_]; }
  char Next() {
    const char c = text_[pos_++];
    if (c == '\n') ++line_;
    return c;
  }
  void SkipSpace() {
    while (!AtEnd() && absl::ascii_isspace(static_cast<unsigned char>(Peek()))) Next();
  }
  absl::Status Expect(char c) {
    SkipSpace();
    if (Peek() != c) return absl::InvalidArgumentError(absl::StrFormat("expected '%c'", c));
    Next();
    return absl::OkStatus();
  }

  absl::StatusOr<std::string> String() {
    if (absl::Status s = Expect('"'); !s.ok()) return s;
    std::string out;
    while (true) {
      if (AtEnd()) return absl::InvalidArgumentError("unterminated string");
      const char c = Next();
      if (c == '"') return out;
      if (c == '\n') return absl::InvalidArgumentError("line break inside a string");
      if (c != '\\') {
        out += c;
        continue;
      }
      if (AtEnd()) return absl::InvalidArgumentError("unterminated string");
      const char e = Next();
      switch (e) {
        case '"':
        case '\\':
        case '/':
          out += e;
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          absl::StatusOr<uint32_t> code = Hex4();
          if (!code.ok()) return code.status();
          uint32_t cp = *code;
          if (cp >= 0xD800 && cp < 0xDC00 && text_.compare(pos_, 2, "\\u") == 0) {
            Next();
            Next();
            absl::StatusOr<uint32_t> low = Hex4();
            if (!low.ok()) return low.status();
            if (*low < 0xDC00 || *low >= 0xE000) return absl::InvalidArgumentError("bad surrogate pair");
            cp = 0x10000 + ((cp - 0xD800) << 10) + (*low - 0xDC00);
          }
          AppendUtf8(cp, &out);
          break;
        }
        default:
          return absl::InvalidArgumentError(absl::StrFormat("bad escape '\\%c'", e));
      }
    }
  }

  // A number, true, false or null, as its text.
  absl::StatusOr<std::string> Scalar() {
    std::string out;
    while (!AtEnd() && (absl::ascii_isalnum(static_cast<unsigned char>(Peek())) || Peek() == '.' || Peek() == '-' ||
                        Peek() == '+')) {
      out += Next();
    }
    double unused = 0;
    if (out == "true" || out == "false" || out == "null" || (!out.empty() && absl::SimpleAtod(out, &unused))) {
      return out;
    }
    return absl::InvalidArgumentError(out.empty() ? absl::StrFormat("unexpected '%c'", Peek())
                                                  : absl::StrFormat("'%s' is not a JSON value", out));
  }

 private:
  absl::StatusOr<uint32_t> Hex4() {
    if (pos_ + 4 > text_.size()) return absl::InvalidArgumentError("short \\u escape");
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) {
      const char h = Next();
      int d = 0;
      if (h >= '0' && h <= '9') {
        d = h - '0';
      } else if (h >= 'a' && h <= 'f') {
        d = h - 'a' + 10;
      } else if (h >= 'A' && h <= 'F') {
        d = h - 'A' + 10;
      } else {
        return absl::InvalidArgumentError("bad \\u escape");
      }
      v = v * 16 + d;
    }
    return v;
  }

  static void AppendUtf8(uint32_t cp, std::string* out) {
    if (cp < 0x80) {
      *out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      *out += static_cast<char>(0xC0 | (cp >> 6));
      *out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      *out += static_cast<char>(0xE0 | (cp >> 12));
      *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      *out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      *out += static_cast<char>(0xF0 | (cp >> 18));
      *out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      *out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  const std::string& text_;
  size_t pos_ = 0;
  int line_ = 1;
};

}  // namespace

absl::StatusOr<std::vector<std::pair<std::string, std::string>>> ParseFlatJsonObject(const std::string& text,
                                                                                     int* error_line) {
  JsonCursor in(text);
  std::vector<std::pair<std::string, std::string>> out;
  auto fail = [&](const absl::Status& s) {
    if (error_line != nullptr) *error_line = in.line();
    return s;
  };
  if (absl::Status s = in.Expect('{'); !s.ok()) return fail(s);
  in.SkipSpace();
  if (in.Peek() == '}') {
    in.Next();
  } else {
    while (true) {
      absl::StatusOr<std::string> key = in.String();
      if (!key.ok()) return fail(key.status());
      if (absl::Status s = in.Expect(':'); !s.ok()) return fail(s);
      in.SkipSpace();
      absl::StatusOr<std::string> value;
      if (in.Peek() == '"') {
        value = in.String();
      } else if (in.Peek() == '{' || in.Peek() == '[') {
        value = absl::InvalidArgumentError(absl::StrFormat("the value of '%s' is not flat", *key));
      } else {
        value = in.Scalar();
      }
      if (!value.ok()) return fail(value.status());
      const auto existing = std::find_if(out.begin(), out.end(), [&](const auto& kv) { return kv.first == *key; });
      if (existing != out.end()) {
        existing->second = *value;
      } else {
        out.emplace_back(*key, *value);
      }
      in.SkipSpace();
      if (in.Peek() == ',') {
        in.Next();
        continue;
      }
      if (absl::Status s = in.Expect('}'); !s.ok()) return fail(absl::InvalidArgumentError("expected ',' or '}'"));
      break;
    }
  }
  in.SkipSpace();
  if (!in.AtEnd()) return fail(absl::InvalidArgumentError("text after the object"));
  return out;
}

std::string FormatCheckpointTable(const std::vector<CheckpointRow>& rows) {
  std::string text = absl::StrCat(kCheckpointsMagic, "\n", absl::StrJoin(CheckpointColumns(), "\t"), "\n");
  for (const CheckpointRow& r : rows) {
    absl::StrAppendFormat(&text, "%s\t%s\t%s\t%d\t%.6g\t%.6g\t%.1f\t%d\n", r.arm, r.player, r.model,
                          r.training_positions, r.training_flops, r.generation_flops, r.device_seconds,
                          r.selfplay_games);
  }
  return text;
}

std::string FormatEvalTable(const std::vector<EvalRow>& rows) {
  std::string text = absl::StrCat(absl::StrJoin(EvalColumns(), "\t"), "\n");
  for (const EvalRow& r : rows) {
    absl::StrAppendFormat(&text, "%s\t%s\t%d\t%.6f\t%s\n", r.player, r.dataset, r.positions, r.top1,
                          r.value_mse.has_value() ? absl::StrFormat("%.6g", *r.value_mse) : "");
  }
  return text;
}

absl::StatusOr<RunFolder> ReadRunFolder(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return absl::NotFoundError(absl::StrFormat("%s is not a folder", dir));
  RunFolder run;
  run.dir = dir;
  if (absl::Status s = ReadRunInfo(&run); !s.ok()) return s;
  absl::StatusOr<std::optional<std::string>> config = ReadIfExists((fs::path(dir) / kConfigFile).string());
  if (!config.ok()) return config.status();
  if (config->has_value()) {
    run.config_text = **config;
  } else {
    run.missing_files.push_back(kConfigFile);
  }
  if (absl::Status s = ReadCheckpoints(&run); !s.ok()) return s;
  if (absl::Status s = ReadEval(&run); !s.ok()) return s;
  const std::string results = (fs::path(dir) / kResultsFile).string();
  if (!fs::exists(results, ec)) {
    run.missing_files.push_back(kResultsFile);
    run.skipped_lines[kResultsFile] = 0;
  } else {
    absl::StatusOr<arena::ResultsFile> file = arena::ReadResults(results);
    if (!file.ok()) return file.status();
    run.games = std::move(file->games);
    run.skipped_lines[kResultsFile] = file->skipped_lines;
    run.problems.insert(run.problems.end(), file->problems.begin(), file->problems.end());
  }
  return run;
}

}  // namespace tengen::report
