#!/usr/bin/env python3
"""Writes tests/data/report_run/, the fixture run folder of `tengen report`'s
tests: 3 arms x 3 checkpoints, the anchor players and ~100 arena games drawn
from assumed ratings (Bradley-Terry, with a first-move edge), plus the
imperfections of a real partial run: the last bootstrap checkpoint has no
games yet and the results file ends in a line cut by a kill. Deterministic
(the seed is one whose sampled games keep each arm's checkpoints in order);
rerun after changing it and commit the output.

    python3 tests/data/make_report_run.py [OUT_DIR]
"""

import os
import random
import sys

ARMS = ["imitation", "selfplay_zero", "selfplay_bootstrap"]
POSITIONS = [16384, 65536, 262144]
# Assumed strengths (Elo, gnugo:10 = 431 as the report anchors it).
ELO = {
    "random": -450, "gnugo:1": 250, "gnugo:10": 431, "imitation-b6c64": 980,
    "imitation@16384": 180, "imitation@65536": 470, "imitation@262144": 760,
    "selfplay_zero@16384": 20, "selfplay_zero@65536": 300, "selfplay_zero@262144": 640,
    "selfplay_bootstrap@16384": 560, "selfplay_bootstrap@65536": 820,
}
ANCHORS = ["random", "gnugo:1", "gnugo:10", "imitation-b6c64"]
FIRST_MOVE = 30
TRAIN_FLOPS_PER_POSITION = 9.6e8   # b6c64, 19x19: forward + backward
GEN_FLOPS_PER_POSITION = 3.2e10    # 100 visits of a 3.2e8 FLOP forward pass
REPLAY = 4                         # each self-play position is trained on ~4 times


def checkpoints():
    rows = []
    for arm in ARMS:
        for n in POSITIONS:
            train = n * TRAIN_FLOPS_PER_POSITION
            if arm == "imitation":
                gen, seconds, games = 0.0, n * 1.1e-4, 0
            else:
                generated = n // REPLAY
                gen = generated * GEN_FLOPS_PER_POSITION
                seconds = n * 1.1e-4 + generated * 0.0042
                games = generated // 210
                if arm == "selfplay_bootstrap":
                    train += 65536 * TRAIN_FLOPS_PER_POSITION  # the imitation network it starts from
                    seconds += 65536 * 1.1e-4
            rows.append([arm, f"{arm}@{n}", f"checkpoints/{arm}/{n:08d}.tgm", str(n), f"{train:.6g}", f"{gen:.6g}",
                         f"{seconds:.1f}", str(games)])
    return rows


def eval_rows(rng):
    top1 = {"imitation": [0.31, 0.41, 0.48], "selfplay_zero": [0.04, 0.11, 0.19],
            "selfplay_bootstrap": [0.43, 0.40, 0.37]}
    mse = {"imitation": [0.97, 0.93, 0.90], "selfplay_zero": [1.02, 0.99, 0.96],
           "selfplay_bootstrap": [0.93, 0.92, 0.91]}
    rows = []
    for arm in ARMS:
        for i, n in enumerate(POSITIONS):
            player = f"{arm}@{n}"
            rows.append([player, "human", "51200", f"{top1[arm][i]:.4f}", f"{mse[arm][i]:.4f}"])
            rows.append([player, "alphago", "21840", f"{top1[arm][i] * 0.85 + rng.uniform(-0.01, 0.01):.4f}", "nan"])
    rows.append(["imitation-b6c64", "human", "51200", "0.5160", "0.8810"])
    rows.append(["imitation-b6c64", "alphago", "21840", "0.4340", ""])
    return rows


def games(rng):
    pairs = []
    for p in ELO:
        if p in ANCHORS:
            continue
        pairs += [(p, a, 2 if a == "random" else 4) for a in ANCHORS]
    pairs += [("random", "gnugo:1", 2), ("gnugo:1", "gnugo:10", 4), ("gnugo:10", "imitation-b6c64", 4)]
    out = []
    game = 0
    for a, b, n in pairs:
        for k in range(n):
            black, white = (a, b) if k % 2 == 0 else (b, a)
            p_black = 1 / (1 + 10 ** (-(ELO[black] + FIRST_MOVE - ELO[white]) / 400))
            black_wins = rng.random() < p_black
            if rng.random() < 0.55:
                text = "B+R" if black_wins else "W+R"
            else:
                text = f"{'B' if black_wins else 'W'}+{rng.randint(1, 40) + 0.5}"
            game += 1
            out.append(["tengen-result-1", black, white, "B" if black_wins else "W", text,
                        str(rng.randint(90, 320)), f"g{game:04d}"])
    return out


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                              "report_run")
    rng = random.Random(int(os.environ.get("SEED", "6")))
    os.makedirs(os.path.join(out, "arena"), exist_ok=True)
    with open(os.path.join(out, "run_info.json"), "w") as f:
        f.write("""{
  "commit": "a21c658",
  "tengen": "0.1.0",
  "torch": "2.11.0",
  "device": "cpu (2 cores, AMD EPYC)",
  "host": "fixture-host",
  "preset": "smoke",
  "command": "tengen experiment --config experiments/smoke.pbtxt --out runs/smoke",
  "started_at": "2024-06-11T09:30:00Z",
  "budget": "positions 262144"
}
""")
    with open(os.path.join(out, "experiment.pbtxt"), "w") as f:
        f.write("""# resolved by tengen experiment (preset smoke)
name: "smoke"
board_size: 19
arch: "b6c64"
budget { training_positions: 262144 }
checkpoint_positions: [16384, 65536, 262144]
arms { name: "imitation" sgf: "../shared/sgf/tom-9d" }
arms { name: "selfplay_zero" visits: 100 }
arms { name: "selfplay_bootstrap" visits: 100 init_from: "imitation@65536" }
arena { visits: 50 games_per_pair: 3 anchors: ["random", "gnugo:1", "gnugo:10", "imitation-b6c64"] }
eval { human_test: "../shared/sgf/tom-9d/test" alphago: "../shared/sgf/alphago" }
""")
    with open(os.path.join(out, "checkpoints.tsv"), "w") as f:
        f.write("# tengen-checkpoints-1\n")
        f.write("\t".join(["arm", "player", "model", "training_positions", "training_flops", "generation_flops",
                           "device_seconds", "selfplay_games"]) + "\n")
        for r in checkpoints():
            f.write("\t".join(r) + "\n")
    with open(os.path.join(out, "eval.tsv"), "w") as f:
        f.write("\t".join(["player", "dataset", "positions", "top1", "value_mse"]) + "\n")
        for r in eval_rows(rng):
            f.write("\t".join(r) + "\n")
    with open(os.path.join(out, "arena", "results.tsv"), "w") as f:
        for r in games(rng):
            f.write("\t".join(r) + "\n")
        f.write("tengen-result-1\tselfplay_zero@262144\tgnugo:1\tB\tB+")  # killed mid-line
    return 0


if __name__ == "__main__":
    sys.exit(main())
