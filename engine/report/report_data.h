#ifndef TENGEN_ENGINE_REPORT_REPORT_DATA_H_
#define TENGEN_ENGINE_REPORT_REPORT_DATA_H_

// report.json: everything the renderer (render_report.py) draws, computed
// here so that the Python side only lays out. Ratings are exactly
// `tengen elo`'s (engine/arena/elo.h, default anchors: gnugo:10 = 431 when it
// played, else random = 0). Keys:
//   format            "tengen-report-1"
//   run_dir           the folder read
//   run_info          object of strings, run_info.json as written
//   config_text       experiment.pbtxt verbatim, or null
//   ratings           {anchor, error, games, first_move_elo, first_move_low,
//                      first_move_high, players: [{name, elo, low, high,
//                      anchored, games, score}]}  (strongest first)
//   head_to_head      {players: [name], wins: [[n]], losses: [[n]],
//                      draws: [[n]]}  (row player against column player)
//   arms              [{name, checkpoints: [{player, model,
//                      training_positions, training_flops, generation_flops,
//                      total_flops, device_seconds, selfplay_games, elo,
//                      elo_low, elo_high, games, human_top1, human_value_mse,
//                      human_positions, alphago_top1, alphago_positions}]}]
//                     (arms in file order, checkpoints by training_positions;
//                      elo fields null for a player without games, eval
//                      fields null without an eval row)
//   anchors           [{name, elo, low, high, anchored, games}]: rated
//                     players that are no checkpoint (random, gnugo:N, ...)
//   references        [{name, elo, human_top1, human_value_mse,
//                      alphago_top1}]: players with eval rows that are no
//                     checkpoint (imitation-b6c64)
//   skipped_lines     {file: count} for every file read
//   problems          ["FILE:LINE: why"]
//   missing_files     [file]

#include <string>

#include "engine/report/run_folder.h"

namespace tengen::report {

inline constexpr char kReportFormat[] = "tengen-report-1";

std::string BuildReportJson(const RunFolder& run);

}  // namespace tengen::report

#endif  // TENGEN_ENGINE_REPORT_REPORT_DATA_H_
