#include "engine/arena/game_results.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace tengen::arena {
namespace {

constexpr char kTag[] = "tengen-result-1";

const char* WinnerText(Winner w) { return w == Winner::kBlack ? "B" : (w == Winner::kWhite ? "W" : "0"); }

bool Clean(const std::string& field) { return field.find_first_of("\t\r\n") == std::string::npos; }

}  // namespace

std::string FormatResultLine(const GameResult& r) {
  return absl::StrFormat("%s\t%s\t%s\t%s\t%s\t%d\t%s\n", kTag, r.black, r.white, WinnerText(r.winner), r.result_text,
                         r.moves, r.game_id);
}

absl::Status AppendResult(const std::string& path, const GameResult& result) {
  for (const std::string* field : {&result.black, &result.white, &result.result_text, &result.game_id}) {
    if (!Clean(*field) || field->empty()) {
      return absl::InvalidArgumentError(
          absl::StrFormat("result field '%s' is empty or holds a tab or line break", *field));
    }
  }
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) return absl::PermissionDeniedError(absl::StrFormat("%s: %s", path, std::strerror(errno)));
  std::string line = FormatResultLine(result);
  const off_t size = ::lseek(fd, 0, SEEK_END);
  char last = '\n';
  if (size > 0 && ::pread(fd, &last, 1, size - 1) == 1 && last != '\n') line.insert(line.begin(), '\n');
  const bool ok = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) && ::fsync(fd) == 0;
  const int saved = errno;
  ::close(fd);
  if (!ok) return absl::InternalError(absl::StrFormat("%s: cannot append a result: %s", path, std::strerror(saved)));
  return absl::OkStatus();
}

absl::StatusOr<ResultsFile> ReadResults(const std::string& path) {
  ResultsFile out;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (::access(path.c_str(), F_OK) != 0) return out;
    return absl::PermissionDeniedError(absl::StrFormat("%s: cannot read", path));
  }
  std::string contents((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const bool ends_whole = contents.empty() || contents.back() == '\n';
  std::vector<absl::string_view> lines = absl::StrSplit(contents, '\n');
  if (!lines.empty() && lines.back().empty()) lines.pop_back();
  for (size_t i = 0; i < lines.size(); ++i) {
    const int number = static_cast<int>(i) + 1;
    auto skip = [&](const std::string& why) {
      ++out.skipped_lines;
      out.problems.push_back(absl::StrFormat("%s:%d: %s", path, number, why));
    };
    // A file that went through a Windows editor: the ids must still match
    // the schedule's when the arena resumes.
    if (absl::EndsWith(lines[i], "\r")) lines[i].remove_suffix(1);
    if (lines[i].empty()) continue;
    if (i + 1 == lines.size() && !ends_whole) {
      skip("cut short (no line break: a writer was killed)");
      continue;
    }
    const std::vector<std::string> f = absl::StrSplit(lines[i], '\t');
    if (f[0] != kTag) {
      skip("not a tengen result line");
      continue;
    }
    GameResult r;
    if (f.size() != 7 || f[1].empty() || f[2].empty() || !absl::SimpleAtoi(f[5], &r.moves) || r.moves < 0) {
      skip("broken result line (expected 7 tab-separated fields)");
      continue;
    }
    if (f[3] == "B") {
      r.winner = Winner::kBlack;
    } else if (f[3] == "W") {
      r.winner = Winner::kWhite;
    } else if (f[3] == "0") {
      r.winner = Winner::kDraw;
    } else {
      skip(absl::StrFormat("unknown winner '%s' (B, W or 0)", f[3]));
      continue;
    }
    r.black = f[1];
    r.white = f[2];
    r.result_text = f[4];
    r.game_id = f[6];
    out.games.push_back(std::move(r));
  }
  return out;
}

}  // namespace tengen::arena
