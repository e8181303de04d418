// `tengen sgf check PATH...` and `tengen sgf roundtrip PATH...`: parse and
// replay every game of SGF files and folders (recursively, *.sgf), print one
// line per problem and a summary line; exit 0 when there is no error.

#include <cstdio>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/ascii.h"
#include "engine/cli/command.h"
#include "engine/rules/sgf_corpus.h"

ABSL_FLAG(std::string, sgf_ko, "simple",
          "Ko rule for replaying SGF records: simple, positional or situational (superko). "
          "Human records need simple: Japanese-rule games may repeat positions.");

namespace tengen::cli {
namespace {

bool ParseKoRule(const std::string& text, KoRule* rule) {
  const std::string key = absl::AsciiStrToLower(text);
  if (key == "simple") {
    *rule = KoRule::kSimple;
  } else if (key == "positional" || key == "psk") {
    *rule = KoRule::kPositionalSuperko;
  } else if (key == "situational" || key == "ssk") {
    *rule = KoRule::kSituationalSuperko;
  } else {
    return false;
  }
  return true;
}

int RunSgf(const std::vector<std::string>& paths, bool round_trip) {
  if (paths.empty()) {
    std::fprintf(stderr, "usage: tengen sgf %s PATH... (SGF files or folders)\n",
                 round_trip ? "roundtrip" : "check");
    return 2;
  }
  SgfCheckOptions options;
  options.round_trip = round_trip;
  if (!ParseKoRule(absl::GetFlag(FLAGS_sgf_ko), &options.replay.ko_rule)) {
    std::fprintf(stderr, "--sgf_ko: unknown ko rule '%s' (simple, positional, situational)\n",
                 absl::GetFlag(FLAGS_sgf_ko).c_str());
    return 2;
  }
  const SgfCheckResult result = CheckSgfPaths(paths, options);
  for (const std::string& problem : result.problems) std::printf("%s\n", problem.c_str());
  std::printf("%s\n", result.Summary().c_str());
  std::fflush(stdout);
  return result.errors == 0 ? 0 : 1;
}

int RunSgfCheck(const std::vector<std::string>& paths) { return RunSgf(paths, false); }
int RunSgfRoundTrip(const std::vector<std::string>& paths) { return RunSgf(paths, true); }

}  // namespace
}  // namespace tengen::cli

TENGEN_REGISTER_COMMAND(sgf_check, "sgf check",
                        "parses and replays every game of SGF files/folders, reports problems",
                        tengen::cli::RunSgfCheck,
                        "sgf_ko");
TENGEN_REGISTER_COMMAND(sgf_roundtrip, "sgf roundtrip",
                        "as sgf check, and writes every game back to SGF and rereads it",
                        tengen::cli::RunSgfRoundTrip,
                        "sgf_ko");
