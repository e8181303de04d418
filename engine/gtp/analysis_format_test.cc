#include "engine/gtp/analysis_format.h"

#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "engine/rules/coords.h"

namespace tengen::gtp {
namespace {

Point V(const char* vertex) { return *GtpToPoint(vertex, 19); }

SearchReport TwoMoveReport() {
  SearchReport r;
  r.root_visits = 200;
  r.root_winrate = 0.53f;
  CandidateMove a;
  a.move = V("D4");
  a.visits = 120;
  a.winrate = 0.5321f;
  a.score_lead = 1.25f;
  a.prior = 0.1234f;
  a.lcb = 0.51f;
  a.pv = {V("D4"), V("Q16"), V("C3")};
  CandidateMove b;
  b.move = V("Q16");
  b.visits = 79;
  b.winrate = 0.49996f;
  b.prior = 0.2f;
  b.lcb = -0.02f;  // a GUI never sees a negative lcb
  b.pv = {V("Q16")};
  CandidateMove unvisited;
  unvisited.move = kPass;
  unvisited.visits = 0;
  r.candidates = {a, b, unvisited};
  return r;
}

TEST(AnalysisFormat, LeelaZeroLineIsByteExact) {
  AnalyzeArgs args;
  EXPECT_EQ(FormatAnalysisLine(TwoMoveReport(), 19, args, AnalyzeFlavor::kLeelaZero),
            "info move D4 visits 120 winrate 5321 prior 1234 lcb 5100 order 0 pv D4 Q16 C3 "
            "info move Q16 visits 79 winrate 5000 prior 2000 lcb 0 order 1 pv Q16\n");
}

TEST(AnalysisFormat, KataGoLineHasFloatsScoreAndOwnership) {
  AnalyzeArgs args;
  args.ownership = true;
  args.max_moves = 1;
  SearchReport r = TwoMoveReport();
  r.ownership.assign(19 * 19, 0.25f);
  const std::string line = FormatAnalysisLine(r, 19, args, AnalyzeFlavor::kKataGo);
  EXPECT_EQ(line.rfind("info move D4 visits 120 winrate 0.532100 scoreMean 1.250 scoreLead 1.250 "
                       "prior 0.123400 lcb 0.510000 order 0 pv D4 Q16 C3 ownership 0.250000 ",
                       0),
            0u)
      << line;
  EXPECT_EQ(line.find("info move Q16"), std::string::npos);  // maxmoves 1
  const std::vector<std::string> halves = absl::StrSplit(line, " ownership ");
  ASSERT_EQ(halves.size(), 2u);
  const std::vector<std::string> values =
      absl::StrSplit(absl::StripTrailingAsciiWhitespace(halves[1]), ' ');
  EXPECT_EQ(values.size(), 361u);
  EXPECT_EQ(line.back(), '\n');
}

TEST(AnalysisFormat, NothingToShowGivesNoLine) {
  SearchReport empty;
  EXPECT_EQ(FormatAnalysisLine(empty, 19, AnalyzeArgs{}, AnalyzeFlavor::kLeelaZero), "");
}

TEST(AnalyzeArgs, AcceptsWhatLizzieSabakiAndKataGoSend) {
  absl::StatusOr<AnalyzeArgs> a = ParseAnalyzeArgs({"10"}, AnalyzeFlavor::kLeelaZero);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->interval, absl::Milliseconds(100));
  EXPECT_FALSE(a->color.has_value());

  a = ParseAnalyzeArgs({"B", "50"}, AnalyzeFlavor::kLeelaZero);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->color, Color::kBlack);
  EXPECT_EQ(a->interval, absl::Milliseconds(500));

  a = ParseAnalyzeArgs({"white", "interval", "20", "maxmoves", "5", "minmoves", "2"},
                       AnalyzeFlavor::kLeelaZero);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->color, Color::kWhite);
  EXPECT_EQ(a->interval, absl::Milliseconds(200));
  EXPECT_EQ(a->max_moves, 5);

  a = ParseAnalyzeArgs({"w", "30", "ownership", "true", "pvVisits", "false"},
                       AnalyzeFlavor::kKataGo);
  ASSERT_TRUE(a.ok());
  EXPECT_TRUE(a->ownership);

  a = ParseAnalyzeArgs({"0"}, AnalyzeFlavor::kLeelaZero);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->interval, absl::Milliseconds(10));  // never a busy flood

  a = ParseAnalyzeArgs({}, AnalyzeFlavor::kLeelaZero);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->interval, absl::Seconds(1));
}

TEST(AnalyzeArgs, RejectsMalformedArguments) {
  EXPECT_FALSE(ParseAnalyzeArgs({"interval"}, AnalyzeFlavor::kLeelaZero).ok());
  EXPECT_FALSE(ParseAnalyzeArgs({"interval", "x"}, AnalyzeFlavor::kLeelaZero).ok());
  EXPECT_FALSE(ParseAnalyzeArgs({"-5"}, AnalyzeFlavor::kLeelaZero).ok());
  EXPECT_FALSE(ParseAnalyzeArgs({"99999999999"}, AnalyzeFlavor::kLeelaZero).ok());
  EXPECT_FALSE(ParseAnalyzeArgs({"b", "10", "avoid", "b"}, AnalyzeFlavor::kLeelaZero).ok());
  // ownership is a KataGo key only.
  EXPECT_FALSE(ParseAnalyzeArgs({"ownership", "true"}, AnalyzeFlavor::kLeelaZero).ok());
  EXPECT_FALSE(ParseAnalyzeArgs({"ownership", "maybe"}, AnalyzeFlavor::kKataGo).ok());
}

}  // namespace
}  // namespace tengen::gtp
