#include "engine/arena/opening_book.h"

#include <algorithm>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "engine/rules/sgf_corpus.h"
#include "engine/rules/sgf_game.h"
#include "engine/rules/sgf_parser.h"
#include "engine/rules/splitmix64.h"

namespace tengen::arena {
namespace {

// The first `moves` moves of a replayed record as an opening, or false.
bool TakeOpening(const SgfReplay& replay, const OpeningBookOptions& options, Opening* opening, uint64_t* key) {
  const SgfGameRecord& r = replay.record;
  if (r.info.size != options.board_size || !r.setup.empty() || r.info.handicap > 0) return false;
  if (static_cast<int>(r.moves.size()) < options.moves) return false;
  Game game(options.board_size, options.rules);
  for (int i = 0; i < options.moves; ++i) {
    const SgfMove& m = r.moves[i];
    if (m.point == kPass || m.color != (i % 2 == 0 ? Color::kBlack : Color::kWhite)) return false;
    if (!game.Play(m.point, m.color).ok()) return false;
    opening->moves.push_back(m.point);
  }
  *key = game.situation_hash();
  return true;
}

}  // namespace

std::string OpeningBook::Summary(int moves) const {
  return absl::StrFormat("%d openings (after %d moves) from %d games: %d skipped, %d duplicates, %d unused",
                         openings.size(), moves, games_read, skipped, duplicates, unused);
}

absl::StatusOr<OpeningBook> LoadOpeningBook(const OpeningBookOptions& options) {
  const SgfFileList files = CollectSgfFiles(options.paths);
  if (!files.problems.empty()) return absl::NotFoundError(absl::StrJoin(files.problems, "; "));
  OpeningBook book;
  std::vector<uint64_t> keys;
  absl::flat_hash_set<uint64_t> seen;
  SgfReplayOptions replay_options;
  replay_options.stop_at_illegal_move = true;
  for (const std::string& file : files.files) {
    absl::StatusOr<SgfReader> reader = SgfReader::Open(file);
    if (!reader.ok()) return reader.status();
    int number = 0;
    while (std::optional<absl::StatusOr<SgfGameTree>> tree = reader->Next()) {
      ++number;
      ++book.games_read;
      if (!tree->ok()) {
        ++book.skipped;
        continue;
      }
      absl::StatusOr<SgfReplay> replay = ReplaySgfGame(**tree, replay_options);
      Opening opening;
      uint64_t key = 0;
      if (!replay.ok() || !TakeOpening(*replay, options, &opening, &key)) {
        ++book.skipped;
        continue;
      }
      if (!seen.insert(key).second) {
        ++book.duplicates;
        continue;
      }
      opening.source = absl::StrFormat("%s game %d", file, number);
      book.openings.push_back(std::move(opening));
      keys.push_back(key);
    }
  }
  if (book.openings.empty()) {
    return absl::InvalidArgumentError(absl::StrFormat("the opening book has no %dx%d game with %d moves to take: %s",
                                                      options.board_size, options.board_size, options.moves,
                                                      book.Summary(options.moves)));
  }
  if (options.max_openings > 0 && static_cast<int>(book.openings.size()) > options.max_openings) {
    std::vector<std::pair<uint64_t, size_t>> order;
    for (size_t i = 0; i < keys.size(); ++i) order.emplace_back(SplitMix64(keys[i] ^ options.seed)(), i);
    std::sort(order.begin(), order.end());
    std::vector<size_t> chosen;
    for (int i = 0; i < options.max_openings; ++i) chosen.push_back(order[i].second);
    std::sort(chosen.begin(), chosen.end());
    std::vector<Opening> kept;
    for (size_t i : chosen) kept.push_back(std::move(book.openings[i]));
    book.unused = static_cast<int>(book.openings.size() - kept.size());
    book.openings = std::move(kept);
  }
  return book;
}

}  // namespace tengen::arena
