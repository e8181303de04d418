#include "engine/train/sample_builder.h"

#include <algorithm>
#include <thread>

#include "absl/strings/str_format.h"
#include "engine/data/record_convert.h"
#include "engine/features/compact_position.h"
#include "engine/features/input_planes.h"
#include "engine/features/symmetry.h"

namespace tengen::train {

void BatchArrays::Resize(int batch_size, int size, InputEncoding input_encoding) {
  batch = batch_size;
  board_size = size;
  encoding = input_encoding;
  const size_t points = static_cast<size_t>(size) * size;
  const bool dense = encoding == InputEncoding::kCpuPlanes;
  planes.assign(dense ? static_cast<size_t>(batch_size) * InputPlanesSize(size) : 0, 0.0f);
  globals.assign(dense ? static_cast<size_t>(batch_size) * kNumGlobalInputs : 0, 0.0f);
  positions.resize(dense ? 0 : batch_size);
  symmetries.assign(dense ? 0 : batch_size, 0);
  policy.assign(static_cast<size_t>(batch_size) * (points + 1), 0.0f);
  played_move.assign(batch_size, 0);
  value_class.assign(batch_size, kValueDraw);
  value.assign(batch_size, 0.0f);
  score.assign(batch_size, 0.0f);
  score_mask.assign(batch_size, 0.0f);
  ownership.assign(static_cast<size_t>(batch_size) * points, 0.0f);
  ownership_mask.assign(batch_size, 0.0f);
}

absl::Status BuildSample(const PositionRef& ref, int i, BatchArrays* out) {
  const data::RecordedGame& game = *ref.game;
  const int size = out->board_size;
  const auto fail = [&](std::string_view why) {
    return absl::InvalidArgumentError(absl::StrFormat("%s game %d (hash %016x) move %d: %s",
                                                      game.source_path, game.source_game_index,
                                                      game.game_hash, ref.move_index, why));
  };
  if (game.board_size != size) {
    return fail(absl::StrFormat("board size %d, the network plays %d", game.board_size, size));
  }
  absl::StatusOr<Game> position = data::ReplayRecord(game, ref.move_index);
  if (!position.ok()) return fail(std::string(position.status().message()));
  const int s = ref.symmetry;
  if (out->encoding == InputEncoding::kCompactForDevice) {
    FillCompactPosition(*position, &out->positions[i]);
    out->symmetries[i] = static_cast<uint8_t>(s);
  } else {
    const CompactPosition compact = TransformCompactPosition(MakeCompactPosition(*position), s);
    EncodeInputPlanes(compact, out->planes.data() + static_cast<size_t>(i) * InputPlanesSize(size),
                      out->globals.data() + static_cast<size_t>(i) * kNumGlobalInputs);
  }

  const int points = size * size;
  const int policy_size = points + 1;
  float* policy = out->policy.data() + static_cast<size_t>(i) * policy_size;
  const int played = game.moves[ref.move_index];
  if (played < 0 || played > points) return fail("move outside the board");
  out->played_move[i] = TransformFlatMove(played, size, s);
  const bool soft = static_cast<size_t>(ref.move_index) < game.policy_targets.size() &&
                    !game.policy_targets[ref.move_index].empty();
  if (soft) {
    const data::PolicyTargetData& target = game.policy_targets[ref.move_index];
    if (target.moves.size() != target.probabilities.size()) return fail("ragged policy target");
    float total = 0;
    for (size_t k = 0; k < target.moves.size(); ++k) {
      const int m = target.moves[k];
      if (m < 0 || m > points) return fail("policy target outside the board");
      const float p = std::max(0.0f, target.probabilities[k]);
      policy[TransformFlatMove(m, size, s)] += p;
      total += p;
    }
    if (!(total > 0)) return fail("empty policy target");
    for (int k = 0; k < policy_size; ++k) policy[k] /= total;
  } else {
    policy[out->played_move[i]] = 1.0f;
  }

  // Outcome from the mover's point of view.
  const float mover_sign = game.mover(ref.move_index) == 1 ? 1.0f : -1.0f;
  const float outcome = game.winner * mover_sign;
  out->value[i] = outcome;
  out->value_class[i] = outcome > 0 ? kValueWin : (outcome < 0 ? kValueLoss : kValueDraw);
  if (game.has_score_lead) {
    out->score[i] = game.score_lead * mover_sign;
    out->score_mask[i] = 1.0f;
  }
  if (static_cast<int>(game.final_ownership.size()) == points) {
    std::vector<float> own(points);
    for (int k = 0; k < points; ++k) own[k] = game.final_ownership[k] * mover_sign;
    TransformPointValues(own.data(), out->ownership.data() + static_cast<size_t>(i) * points, size,
                         s);
    out->ownership_mask[i] = 1.0f;
  }
  return absl::OkStatus();
}

absl::Status BuildBatch(std::span<const PositionRef> refs, int board_size, int threads,
                        BatchArrays* out, InputEncoding encoding) {
  const int n = static_cast<int>(refs.size());
  out->Resize(n, board_size, encoding);
  const int workers = std::clamp(threads, 1, std::max(1, n));
  std::vector<absl::Status> status(workers);
  auto work = [&](int w) {
    for (int i = w; i < n; i += workers) {
      absl::Status s = BuildSample(refs[i], i, out);
      if (!s.ok()) {
        status[w] = s;
        return;
      }
    }
  };
  if (workers == 1) {
    work(0);
  } else {
    std::vector<std::thread> pool;
    for (int w = 0; w < workers; ++w) pool.emplace_back(work, w);
    for (std::thread& t : pool) t.join();
  }
  for (const absl::Status& s : status) {
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

}  // namespace tengen::train
