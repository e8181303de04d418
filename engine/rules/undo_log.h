#ifndef TENGEN_ENGINE_RULES_UNDO_LOG_H_
#define TENGEN_ENGINE_RULES_UNDO_LOG_H_

// Field writes recorded move by move and taken back last move first: the
// record behind Board::Undo and PointFeatures::Undo. `Mark` is what a move
// keeps besides its writes (the board's scalars; nothing for the features).

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace tengen {

struct NoUndoMark {};

template <typename Write, typename Mark>
class UndoLog {
 public:
  int moves() const { return static_cast<int>(moves_.size()); }
  void Clear() {
    writes_.clear();
    moves_.clear();
  }
  // Prefetches the records of the last `count` moves (what the next
  // TakeBacks read).
  void PrefetchLast(int count) const {
    if (moves_.empty()) return;
    const size_t first = moves_[moves_.size() - std::min<size_t>(count, moves_.size())].first_write;
    __builtin_prefetch(&moves_.back());
    const char* begin = reinterpret_cast<const char*>(writes_.data() + first);
    const char* end = reinterpret_cast<const char*>(writes_.data() + writes_.size());
    for (const char* p = begin; p < end; p += 64) __builtin_prefetch(p);
  }
  // Starts the record of a move.
  void BeginMove(const Mark& mark) { moves_.push_back(Move{static_cast<uint32_t>(writes_.size()), mark}); }
  // A write of the current move (its old value, to put back).
  void Record(const Write& write) { writes_.push_back(write); }
  // Hands the last move's writes to `restore`, newest first, forgets the
  // move and returns its mark. There must be a move.
  template <typename Restore>
  Mark TakeBack(Restore restore) {
    const Move move = moves_.back();
    for (size_t i = writes_.size(); i-- > move.first_write;) restore(writes_[i]);
    writes_.resize(move.first_write);
    moves_.pop_back();
    return move.mark;
  }

 private:
  struct Move {
    uint32_t first_write;
    Mark mark;
  };
  std::vector<Write> writes_;
  std::vector<Move> moves_;
};

}  // namespace tengen

#endif  // TENGEN_ENGINE_RULES_UNDO_LOG_H_
