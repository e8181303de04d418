#include "engine/rules/undo_log.h"

#include <vector>

#include "gtest/gtest.h"

namespace tengen {
namespace {

TEST(UndoLogTest, TakesMovesBackLastFirstWithTheirWritesNewestFirst) {
  UndoLog<int, char> log;
  log.BeginMove('a');
  log.Record(1);
  log.Record(2);
  log.BeginMove('b');  // a move without writes
  log.BeginMove('c');
  log.Record(3);
  log.Record(4);
  log.Record(5);
  EXPECT_EQ(log.moves(), 3);
  std::vector<int> restored;
  auto restore = [&](int w) { restored.push_back(w); };
  EXPECT_EQ(log.TakeBack(restore), 'c');
  EXPECT_EQ(restored, (std::vector<int>{5, 4, 3}));
  restored.clear();
  EXPECT_EQ(log.TakeBack(restore), 'b');
  EXPECT_TRUE(restored.empty());
  log.BeginMove('d');  // recording goes on after a take-back
  log.Record(6);
  EXPECT_EQ(log.TakeBack(restore), 'd');
  EXPECT_EQ(log.TakeBack(restore), 'a');
  EXPECT_EQ(restored, (std::vector<int>{6, 2, 1}));
  EXPECT_EQ(log.moves(), 0);
  log.BeginMove('e');
  log.Clear();
  EXPECT_EQ(log.moves(), 0);
}

}  // namespace
}  // namespace tengen
