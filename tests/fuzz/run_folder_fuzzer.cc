// libFuzzer target for the experiment run-folder readers (engine/report/
// run_folder.h): the input is split on "\n@@\n" into up to five parts, which
// become run_info.json, experiment.pbtxt, checkpoints.tsv, eval.tsv and
// arena/results.tsv of a per-process temporary folder (a part beyond the
// input, or a part that is exactly "@", leaves its file missing), and
// ReadRunFolder reads it. It must always succeed and keep its promises:
// missing files listed, every problem "FOLDER/FILE:LINE: why" with a line of
// that file, no more problems than skipped lines, rows with the fields the
// format allows, run_info.json read as ParseFlatJsonObject reads it; and what
// it read, written back with FormatCheckpointTable / FormatEvalTable /
// FormatResultLine and quoted JSON, must read back the same without problems.
// ParseFlatJsonObject is also checked on its own (error line within the
// text, keys unique, keys and values no longer than the text and, without
// escapes, taken from it). Build and run with tests/fuzz/run_fuzzers.sh.
//
// fuzz-sources: engine/report/run_folder.cc engine/arena/game_results.cc
// fuzz-seeds: tests/fuzz/run_folder_seed.txt tests/data/report_run/run_info.json
// fuzz-seeds: tests/data/report_run/experiment.pbtxt tests/data/report_run/checkpoints.tsv
// fuzz-seeds: tests/data/report_run/eval.tsv tests/data/report_run/arena/results.tsv
// fuzz-dict: tests/fuzz/run_folder.dict

#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/arena/game_results.h"
#include "engine/report/run_folder.h"

namespace {

namespace fs = std::filesystem;
using tengen::report::RunFolder;

constexpr std::string_view kSeparator = "\n@@\n";
constexpr std::string_view kAbsent = "@";
constexpr int kParts = 5;
// In the order of the input's parts.
const std::array<const char*, kParts> kFiles = {tengen::report::kRunInfoFile, tengen::report::kConfigFile,
                                                tengen::report::kCheckpointsFile, tengen::report::kEvalFile,
                                                tengen::report::kResultsFile};

std::string Printable(std::string_view s, size_t limit = 300) {
  std::string out;
  for (const char c : s.substr(0, limit)) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u < 0x7f && c != '\\') {
      out += c;
    } else {
      char buf[8];
      std::snprintf(buf, sizeof(buf), "\\x%02x", u);
      out += buf;
    }
  }
  if (s.size() > limit) out += "...";
  return out;
}

[[noreturn]] void Die(std::string_view what, std::string_view detail = "") {
  std::fprintf(stderr, "run_folder_fuzzer: %.*s: %s\n", static_cast<int>(what.size()), what.data(),
               Printable(detail).c_str());
  std::abort();
}

void Check(bool ok, std::string_view what, std::string_view detail = "") {
  if (!ok) Die(what, detail);
}

// Two folders for this process: one for the input, one for the write-back.
struct Folders {
  std::string input;
  std::string written;
};

const Folders& TempFolders() {
  static const Folders* folders = [] {
    const fs::path base = fs::temp_directory_path();
    std::string pattern = (base / "run_folder_fuzzer.XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) Die("mkdtemp failed", pattern);
    auto* f = new Folders{pattern + "/in", pattern + "/out"};
    for (const std::string& dir : {f->input, f->written}) {
      std::error_code ec;
      fs::create_directories(fs::path(dir) / "arena", ec);
      if (ec) Die("cannot create a temp folder", dir);
    }
    static std::string root = pattern;
    std::atexit([] {
      std::error_code ec;
      fs::remove_all(root, ec);
    });
    return f;
  }();
  return *folders;
}

void WriteFile(const std::string& path, std::string_view text) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) Die("cannot write", path);
  const bool ok = text.empty() || std::fwrite(text.data(), 1, text.size(), f) == text.size();
  if (std::fclose(f) != 0 || !ok) Die("cannot write", path);
}

void RemoveFile(const std::string& path) {
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) Die("cannot remove", path);
}

int LineCount(std::string_view text) { return static_cast<int>(std::count(text.begin(), text.end(), '\n')) + 1; }

int NonBlankLines(std::string_view text) {
  int n = 0;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(start, end - start);
    if (line.find_first_not_of(" \t\r\n\v\f") != std::string_view::npos) ++n;
    start = end + 1;
  }
  return n;
}

int NonEmptyLines(std::string_view text) {
  int n = 0;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    if (end > start) ++n;
    start = end + 1;
  }
  return n;
}

bool Clean(const std::string& field) { return field.find_first_of("\t\n") == std::string::npos; }

// JSON with every value quoted: it must parse back to the same pairs.
std::string QuotedJson(const std::vector<std::pair<std::string, std::string>>& pairs) {
  auto quote = [](const std::string& s) {
    std::string out = "\"";
    for (const char c : s) {
      const unsigned char u = static_cast<unsigned char>(c);
      if (c == '"' || c == '\\') {
        out += '\\';
        out += c;
      } else if (u < 0x20) {
        char buf[8];
        std::snprintf(buf, sizeof(buf), "\\u%04x", u);
        out += buf;
      } else {
        out += c;
      }
    }
    return out + "\"";
  };
  std::string out = "{\n";
  for (size_t i = 0; i < pairs.size(); ++i) {
    out += "  " + quote(pairs[i].first) + ": " + quote(pairs[i].second) + (i + 1 < pairs.size() ? ",\n" : "\n");
  }
  return out + "}\n";
}

// ParseFlatJsonObject on its own; the result (with its error line) for the
// comparison with ReadRunFolder.
absl::StatusOr<std::vector<std::pair<std::string, std::string>>> CheckFlatJson(const std::string& text,
                                                                               int* error_line) {
  *error_line = 0;
  auto parsed = tengen::report::ParseFlatJsonObject(text, error_line);
  const auto again = tengen::report::ParseFlatJsonObject(text, nullptr);
  Check(parsed.ok() == again.ok(), "ParseFlatJsonObject is not deterministic", text);
  if (!parsed.ok()) {
    Check(*error_line >= 1 && *error_line <= LineCount(text), "error line outside the text", text);
    return parsed;
  }
  Check(*parsed == *again, "ParseFlatJsonObject is not deterministic", text);
  size_t total = 0;
  std::set<std::string> keys;
  const bool escapes = text.find('\\') != std::string::npos;
  for (const auto& [key, value] : *parsed) {
    Check(keys.insert(key).second, "duplicate key", key);
    total += key.size() + value.size();
    Check(key.size() <= text.size() && value.size() <= text.size(), "key or value longer than the text", text);
    if (!escapes) {
      Check(text.find("\"" + key + "\"") != std::string::npos, "key not in the text", key);
      Check(text.find(value) != std::string::npos, "value not in the text", value);
    }
  }
  Check(total <= text.size(), "keys and values longer than the text", text);
  int line = 0;
  const std::string json = QuotedJson(*parsed);
  const auto back = tengen::report::ParseFlatJsonObject(json, &line);
  Check(back.ok(), "quoted JSON does not parse back", json);
  Check(*back == *parsed, "quoted JSON parses back different", json);
  return parsed;
}

// The file a problem names, its line, and whether it has the expected form.
struct Problem {
  int file = -1;  // index into kFiles
  int line = 0;
  std::string why;
};

Problem ParseProblem(const std::string& dir, const std::string& problem) {
  Problem p;
  for (int f = 0; f < kParts; ++f) {
    const std::string prefix = (fs::path(dir) / kFiles[f]).string() + ":";
    if (problem.compare(0, prefix.size(), prefix) != 0) continue;
    size_t at = prefix.size();
    size_t digits = 0;
    int64_t line = 0;
    while (at < problem.size() && problem[at] >= '0' && problem[at] <= '9' && digits < 9) {
      line = line * 10 + (problem[at] - '0');
      ++at;
      ++digits;
    }
    if (digits == 0 || problem.compare(at, 2, ": ") != 0) Die("problem without ':LINE: '", problem);
    p.file = f;
    p.line = static_cast<int>(line);
    p.why = problem.substr(at + 2);
    return p;
  }
  Die("problem names no known file", problem);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const Folders& folders = TempFolders();
  const std::string_view input(reinterpret_cast<const char*>(data), size);

  // The parts; nullopt for a missing file.
  std::array<std::optional<std::string>, kParts> parts;
  size_t start = 0;
  for (int i = 0; i < kParts && start <= input.size(); ++i) {
    size_t end = i + 1 < kParts ? input.find(kSeparator, start) : std::string_view::npos;
    if (end == std::string_view::npos) end = input.size();
    const std::string_view part = input.substr(start, end - start);
    if (part != kAbsent) parts[i] = std::string(part);
    start = end == input.size() ? input.size() + 1 : end + kSeparator.size();
  }
  for (int i = 0; i < kParts; ++i) {
    const std::string path = (fs::path(folders.input) / kFiles[i]).string();
    if (parts[i].has_value()) {
      WriteFile(path, *parts[i]);
    } else {
      RemoveFile(path);
    }
  }

  int json_error_line = 0;
  std::optional<absl::StatusOr<std::vector<std::pair<std::string, std::string>>>> json;
  if (parts[0].has_value()) json = CheckFlatJson(*parts[0], &json_error_line);

  const absl::StatusOr<RunFolder> read = tengen::report::ReadRunFolder(folders.input);
  if (!read.ok()) Die("ReadRunFolder failed on a readable folder", read.status().ToString());
  const RunFolder& run = *read;
  Check(run.dir == folders.input, "dir not kept", run.dir);

  // Missing files: exactly the absent parts, in reading order.
  std::vector<std::string> missing;
  for (int i = 0; i < kParts; ++i) {
    if (!parts[i].has_value()) missing.push_back(kFiles[i]);
  }
  if (run.missing_files != missing) {
    std::string got;
    for (const std::string& m : run.missing_files) got += m + " ";
    Die("wrong missing_files", got);
  }
  Check(run.config_text == parts[1], "config text not kept as read");

  // Every file read (all but the config) has a skipped-lines entry.
  std::array<int, kParts> skipped = {};
  Check(run.skipped_lines.size() == 4, "skipped_lines has other than the four data files");
  for (int i = 0; i < kParts; ++i) {
    if (i == 1) continue;
    const auto it = run.skipped_lines.find(kFiles[i]);
    if (it == run.skipped_lines.end()) Die("no skipped_lines entry", kFiles[i]);
    skipped[i] = it->second;
    Check(skipped[i] >= 0, "negative skipped lines", kFiles[i]);
    if (!parts[i].has_value()) Check(skipped[i] == 0, "skipped lines in a missing file", kFiles[i]);
  }

  // Problems: "FOLDER/FILE:LINE: why" with a line of that file.
  std::array<int, kParts> problems = {};
  int checkpoint_notes = 0;  // problems that skip nothing: the missing magic line
  std::optional<Problem> json_problem;
  for (const std::string& text : run.problems) {
    const Problem p = ParseProblem(folders.input, text);
    Check(p.file != 1, "a problem in the config file", text);
    Check(parts[p.file].has_value(), "a problem in a missing file", text);
    Check(p.line >= 1 && p.line <= LineCount(*parts[p.file]), "problem line outside the file", text);
    ++problems[p.file];
    if (p.file == 2 && p.line == 1 && p.why.rfind("no '", 0) == 0) ++checkpoint_notes;
    if (p.file == 0) json_problem = p;
  }
  Check(checkpoint_notes <= 1, "more than one missing-magic note");
  Check(problems[0] == skipped[0] && problems[0] <= 1, "run_info.json problems != skipped lines");
  Check(problems[2] - checkpoint_notes <= skipped[2], "checkpoints.tsv: more problems than skipped lines");
  Check(problems[3] <= skipped[3], "eval.tsv: more problems than skipped lines");
  Check(problems[4] == skipped[4], "arena/results.tsv: problems != skipped lines");

  // run_info.json is read as ParseFlatJsonObject reads it.
  if (json.has_value()) {
    if (json->ok()) {
      Check(!json_problem.has_value(), "run_info.json parses but is reported", json_problem ? json_problem->why : "");
      Check(run.run_info == **json, "run_info differs from ParseFlatJsonObject");
    } else {
      Check(json_problem.has_value(), "run_info.json does not parse but is not reported");
      Check(json_problem->line == json_error_line, "run_info.json reported at another line");
      Check(run.run_info.empty(), "run_info kept from a broken file");
    }
  } else {
    Check(run.run_info.empty(), "run_info from a missing file");
  }

  // Rows: no more than the lines they came from, fields as the format allows.
  if (parts[2].has_value()) {
    Check(static_cast<int>(run.checkpoints.size()) + skipped[2] <= NonBlankLines(*parts[2]),
          "checkpoints.tsv: rows + skipped > lines");
  } else {
    Check(run.checkpoints.empty(), "checkpoints from a missing file");
  }
  for (const auto& c : run.checkpoints) {
    Check(!c.arm.empty() && !c.player.empty(), "checkpoint with an empty arm or player");
    Check(c.arm[0] != '#', "checkpoint row from a comment line", c.arm);
    Check(Clean(c.arm) && Clean(c.player) && Clean(c.model), "checkpoint field with a tab or line break");
  }
  if (parts[3].has_value()) {
    Check(static_cast<int>(run.eval.size()) + skipped[3] <= NonBlankLines(*parts[3]),
          "eval.tsv: rows + skipped > lines");
  } else {
    Check(run.eval.empty(), "eval rows from a missing file");
  }
  for (const auto& e : run.eval) {
    Check(!e.player.empty() && !e.dataset.empty(), "eval row with an empty player or dataset");
    Check(e.player[0] != '#', "eval row from a comment line", e.player);
    Check(Clean(e.player) && Clean(e.dataset), "eval field with a tab or line break");
    Check(!e.value_mse.has_value() || std::isfinite(*e.value_mse), "value_mse not finite");
  }
  if (parts[4].has_value()) {
    Check(static_cast<int>(run.games.size()) + skipped[4] <= NonEmptyLines(*parts[4]),
          "results.tsv: games + skipped > lines");
  } else {
    Check(run.games.empty(), "games from a missing file");
  }
  for (const auto& g : run.games) {
    Check(!g.black.empty() && !g.white.empty(), "game with an empty player");
    Check(g.moves >= 0, "game with negative moves");
    Check(Clean(g.black) && Clean(g.white) && Clean(g.result_text) && Clean(g.game_id),
          "game field with a tab or line break");
  }

  // Written back in the writers' formats, everything reads back the same.
  std::string results;
  for (const auto& g : run.games) results += tengen::arena::FormatResultLine(g);
  const std::array<std::string, kParts> written = {
      QuotedJson(run.run_info), "", tengen::report::FormatCheckpointTable(run.checkpoints),
      tengen::report::FormatEvalTable(run.eval), results};
  for (int i = 0; i < kParts; ++i) WriteFile((fs::path(folders.written) / kFiles[i]).string(), written[i]);
  const absl::StatusOr<RunFolder> reread = tengen::report::ReadRunFolder(folders.written);
  if (!reread.ok()) Die("ReadRunFolder failed on the written-back folder", reread.status().ToString());
  if (!reread->problems.empty()) Die("the written-back folder has problems", reread->problems[0]);
  Check(reread->missing_files.empty(), "the written-back folder has missing files");
  for (const auto& [file, n] : reread->skipped_lines) Check(n == 0, "the written-back folder skips lines", file);
  Check(reread->run_info == run.run_info, "run_info reads back different");
  Check(reread->checkpoints.size() == run.checkpoints.size(), "checkpoint count reads back different");
  for (size_t i = 0; i < run.checkpoints.size(); ++i) {
    const auto& a = run.checkpoints[i];
    const auto& b = reread->checkpoints[i];
    Check(a.arm == b.arm && a.player == b.player && a.model == b.model &&
              a.training_positions == b.training_positions && a.selfplay_games == b.selfplay_games,
          "checkpoint reads back different", a.player);
  }
  Check(reread->eval.size() == run.eval.size(), "eval count reads back different");
  for (size_t i = 0; i < run.eval.size(); ++i) {
    const auto& a = run.eval[i];
    const auto& b = reread->eval[i];
    Check(a.player == b.player && a.dataset == b.dataset && a.positions == b.positions &&
              a.value_mse.has_value() == b.value_mse.has_value(),
          "eval row reads back different", a.player);
  }
  Check(reread->games.size() == run.games.size(), "game count reads back different");
  for (size_t i = 0; i < run.games.size(); ++i) {
    const auto& a = run.games[i];
    const auto& b = reread->games[i];
    Check(a.black == b.black && a.white == b.white && a.winner == b.winner && a.result_text == b.result_text &&
              a.moves == b.moves && a.game_id == b.game_id,
          "game reads back different", a.game_id);
  }
  return 0;
}
