#ifndef TENGEN_ENGINE_SEARCH_TREE_H_
#define TENGEN_ENGINE_SEARCH_TREE_H_

// Search tree storage. Nodes and edges live in chunked arenas addressed by
// 32-bit indices: no allocation per node, stable addresses, and one reset
// frees a whole tree. A node's edges (its legal moves with priors) are one
// contiguous range; child nodes are created lazily, and always for the
// highest-prior edge not yet visited (PUCT and the improved policy both
// prefer it among unvisited moves), so the children are a prefix
// [0, num_children) of the edges, and whenever selection scores a node,
// edges[num_children] is its best unvisited edge (built then if need be).
// Selection therefore scans only the visited prefix plus one, and most of a
// node's edges never need to exist (see Node::edges_final).

#include <cstdint>
#include <memory>
#include <vector>

#include "engine/rules/board.h"

namespace tengen {

using NodeId = uint32_t;
constexpr NodeId kNoNode = 0xffffffffu;

struct Edge {
  float prior = 0;
  Point move = kPass;
  NodeId child = kNoNode;
};

enum class NodeState : uint8_t {
  kNew,       // created, not yet evaluated
  kPending,   // its evaluation is in flight
  kExpanded,  // evaluated; edges carry priors
  kTerminal,  // the game is over here; raw_value is exact
  kIllegal,   // the move into it repeats a position (superko); never selected
};

// One cache line; the fields selection reads for every child come first.
struct alignas(64) Node {
  // Sums over completed visits, from the point of view of the side to move
  // at this node.
  double value_sum = 0;
  int32_t visits = 0;
  int32_t in_flight = 0;
  NodeState state = NodeState::kNew;
  // Expansion only stores the raw policy (raw_block). The edges are built
  // when the node is first selected through (most leaves never are), and
  // then only the best few: edges[0, num_filled) exist, the others stay in
  // the raw block until needed.
  bool edges_final = false;
  // Fully built nodes (the root): edges[num_children, sorted_prefix) are in
  // descending prior order and at least as good as all later ones.
  uint16_t sorted_prefix = 0;
  uint16_t num_edges = 0;  // legal moves, pass included
  uint16_t num_children = 0;
  uint16_t num_filled = 0;
  // Its edge's index among the parent's edges (the visited prefix of a
  // node's edges never moves).
  uint16_t child_index = 0;
  uint32_t first_edge = 0;  // while pending: the leaf's slot in Search
  uint32_t raw_block = 0;
  NodeId parent = kNoNode;
  float raw_value = 0;  // the network's (or the terminal) value, side to move
  float raw_score = 0;
  float visited_prior = 0;  // sum of the priors of edges with a child
  float value_sq_sum = 0;
  float score_sum = 0;
};
static_assert(sizeof(Node) == 64);

template <typename T, int kChunkBits>
class ChunkedArena {
 public:
  static constexpr uint32_t kChunkSize = 1u << kChunkBits;

  T& operator[](uint32_t i) { return chunks_[i >> kChunkBits][i & (kChunkSize - 1)]; }
  const T& operator[](uint32_t i) const { return chunks_[i >> kChunkBits][i & (kChunkSize - 1)]; }

  // A contiguous range of `count` (<= kChunkSize) elements; their contents
  // are stale (the caller initialises them).
  uint32_t Allocate(uint32_t count) {
    uint32_t offset = next_ & (kChunkSize - 1);
    if (offset + count > kChunkSize) next_ += kChunkSize - offset;  // skip the tail
    const uint32_t chunk = next_ >> kChunkBits;
    if (chunk >= chunks_.size()) chunks_.push_back(std::make_unique<T[]>(kChunkSize));
    const uint32_t index = next_;
    next_ += count;
    return index;
  }
  // Where the next Allocate will most likely start (null when that needs a
  // new chunk), for prefetching.
  const T* next_address() const {
    const uint32_t chunk = next_ >> kChunkBits;
    return chunk < chunks_.size() ? &chunks_[chunk][next_ & (kChunkSize - 1)] : nullptr;
  }
  // The table of chunk pointers every lookup reads, for prefetching.
  const void* chunk_table() const { return chunks_.data(); }
  void Clear() { next_ = 0; }  // keeps the chunks for reuse
  uint32_t size() const { return next_; }
  size_t bytes_reserved() const { return chunks_.size() * kChunkSize * sizeof(T); }

 private:
  std::vector<std::unique_ptr<T[]>> chunks_;
  uint32_t next_ = 0;
};

using NodeArena = ChunkedArena<Node, 11>;  // 2048 nodes (144 KB) per chunk
using EdgeArena = ChunkedArena<Edge, 13>;  // 8192 edges (96 KB) per chunk
// Raw policies of expanded nodes, in 16-bit units: per node the mask of
// the moves without an edge yet (a LegalMask: bits over flat indices, pass
// included), a float (until the edges are built the sum of the legal moves'
// policy, then the normalisation scale), an int32 (until the edges are
// built, the flat index of the best legal move), then the network's policy
// packed to bfloat16 (policy_scan.h).
using RawPolicyArena = ChunkedArena<uint16_t, 15>;  // 32768 units (64 KB) per chunk
constexpr int kRawMask = 0;
constexpr int kRawScale = 24;  // after the 48-byte mask
constexpr int kRawBest = 26;
constexpr int kRawPolicy = 28;

}  // namespace tengen

#endif  // TENGEN_ENGINE_SEARCH_TREE_H_
