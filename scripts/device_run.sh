#!/usr/bin/env bash
# The GPU-machine side of docs/BENCHMARKS.md and docs/RESULTS.md. Runs on a
# machine lent through the device tool (../shared/device/README.md), from the
# project root, carrying .gpu-deps and the prepared human shards in two
# halves (one call carries at most 64 MiB):
#   .gpu-data/a: manifest, validation, test, train shards 0-18, alphago/
#   .gpu-data/b: train shards 19-37
# A call removes what the previous call carried, so `data` copies each half
# that arrives to $DATA_HOME (outside the checkout, kept while the machine
# stays warm); the run's checkpoints live outside the checkout as well.
# Phases run in the order given; each writes its log under $OUT:
#   build      configure + build tengen and the GPU-relevant tests
#   test       CUDA tests (kernel, backend, trainer batches) + nn/train suites
#   bench      bench nn / search / train (synthetic) on cuda
#   selfplay   bench selfplay: 19x19 b6c64 at 200 visits, playout cap off
#              and on (issue E's goal: >= 20k games/h with the cap off)
#   data       assemble .gpu-data/human from the two halves
#   benchdata  bench train on the real shards (needs data)
#   train      one chunk of the real imitation run (resumes; needs data):
#              TRAIN_STEPS total steps, CHUNK_SECONDS for this call
#   eval       eval moves of the finished model on test split and AlphaGo games
#   experiment one chunk (CHUNK_SECONDS, default 480) of `tengen experiment`
#              with scripts/experiment_gpu.pbtxt (the gpu preset); needs
#              .gpu-data/sgf (tom-9d.tar.gz, alphago/) carried, continues the
#              folder in $DATA_HOME/experiment (from .gpu-exp/run.tgz when the
#              machine is fresh) and returns it as $OUT/experiment-run.tgz
#              without human/ (remade in seconds) and without the self-play
#              games/ folders, which outgrow what a call carries; the report
#              and tables come back in $OUT/experiment-report
# A phase that fails is reported and the next one still runs.
set -uo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-/tmp/tengen-device-out}
mkdir -p "$OUT"
TENGEN=build-gpu/tengen
DATA_HOME=${DATA_HOME:-$HOME/tengen-device}
DATA=$DATA_HOME/human
RUN_DIR=$DATA_HOME/run-b6c64
log() { echo "[device $(date -u +%T)] $*"; }

# shellcheck disable=SC1091
source .gpu-deps/gpu-env.sh >/dev/null

phase_build() {
  local nvcc
  nvcc=$(command -v nvcc || echo /usr/local/cuda/bin/nvcc)
  if [ ! -f build-gpu/build.ninja ]; then
    cmake -S . -B build-gpu $GPU_CMAKE_ARGS -DCMAKE_CUDA_COMPILER="$nvcc" >"$OUT/configure.log" 2>&1 ||
      { tail -40 "$OUT/configure.log"; return 1; }
  fi
  cmake --build build-gpu -j "$(nproc)" -- -k 0 tengen tengen_nn_test tengen_train_test \
    >"$OUT/build.log" 2>&1 || { grep -E -A12 "error|FAILED" "$OUT/build.log" | head -80; return 1; }
  grep -E "tengen: (CUDA|Torch|libarchive)" "$OUT/configure.log" 2>/dev/null || true
}

phase_test() {
  nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader
  build-gpu/engine/tengen_nn_test 2>&1 | tee "$OUT/nn_test.log" | grep -E "^\[  (PASSED|FAILED|SKIPPED) |OK \] .*Cuda|FAILED  \]" | head -40
  build-gpu/engine/tengen_train_test --gtest_filter='TorchTraining*:SampleBuilder*:Trainer*:FusedAdamW*' 2>&1 |
    tee "$OUT/train_test.log" | grep -E "^\[  (PASSED|FAILED|SKIPPED) |OK \] .*Device|FAILED  \]" | head -40
}

phase_bench() {
  local common="--arch b6c64 --size 19 --device cuda"
  {
    for b in 1024 2048; do $TENGEN bench train $common --batch $b --seconds 5; done
    $TENGEN bench search $common --games 256 --visits 200 --batch 256 --seconds 5 --cuda_graphs
    $TENGEN bench search $common --games 512 --visits 200 --batch 256 --seconds 5 --cuda_graphs --threads 2
    $TENGEN bench search $common --games 1024 --visits 200 --batch 256 --seconds 5 --cuda_graphs --threads 4
    for b in 1024 4096; do
      for callers in 1 2 3; do $TENGEN bench nn $common --batch $b --seconds 3 --cuda_graphs --threads $callers; done
    done
  } 2>&1 | tee "$OUT/bench.log" | grep -v "^# LibTorch"
}

phase_selfplay() {
  local common="--arch b6c64 --size 19 --visits 200 --device cuda --seconds 30"
  {
    for games in 512 1024; do
      $TENGEN bench selfplay $common --games $games --cheap_visits 200
      $TENGEN bench selfplay $common --games $games
    done
  } 2>&1 | tee "$OUT/bench_selfplay.log" | grep -E "^#|games_per_h="
}

phase_data() {
  mkdir -p "$DATA"
  for half in a b; do
    [ -d .gpu-data/$half ] && cp -r .gpu-data/$half/. "$DATA/"
  done
  echo "$(ls "$DATA"/*.shard 2>/dev/null | wc -l) shards in $DATA (40 when complete)"
}

phase_benchdata() {
  $TENGEN bench train --arch b6c64 --size 19 --device cuda --batch 2048 --seconds 10 \
    --data "$DATA" 2>&1 | tee "$OUT/benchdata.log" | tail -1
}

phase_train() {
  : "${TRAIN_STEPS:?TRAIN_STEPS (total steps of the run) is required}"
  local chunk=${CHUNK_SECONDS:-500}
  $TENGEN imitate train --data "$DATA" --out $RUN_DIR --arch b6c64 --size 19 \
    --device cuda --batch "${TRAIN_BATCH:-2048}" --lr "${TRAIN_LR:-2.5e-3}" --max_steps "$TRAIN_STEPS" --chunk_seconds "$chunk" \
    --log_every 500 --eval_every 5000 --checkpoint_every 2500 --validation_positions 16384 \
    2>&1 | tee -a "$OUT/train.log" | grep -E "^(train|validation|steps|stopped)|step .*000/" | tail -40
  local latest
  latest=$(cat $RUN_DIR/checkpoints/latest 2>/dev/null)
  mkdir -p "$OUT/checkpoint"
  cp $RUN_DIR/checkpoints/"$latest"/* "$OUT/checkpoint/" 2>/dev/null
  echo "$latest" >"$OUT/checkpoint/latest"
  cp $RUN_DIR/metrics.jsonl "$OUT/"
  [ -f $RUN_DIR/model.tgm ] && cp $RUN_DIR/model.tgm "$OUT/model.tgm"
  return 0
}

phase_eval() {
  [ -f $RUN_DIR/model.tgm ] || { log "eval: no finished model yet"; return 0; }
  {
    $TENGEN eval moves --model $RUN_DIR/model.tgm --data "$DATA" --eval_split test \
      --device cuda --batch 1024
    $TENGEN eval moves --model $RUN_DIR/model.tgm --sgf "$DATA/alphago" --device cuda --batch 1024
    $TENGEN model info $RUN_DIR/model.tgm
  } 2>&1 | tee "$OUT/eval.log" | grep -v "^#"
}

phase_experiment() {
  local dir=$DATA_HOME/experiment
  if [ ! -d "$dir" ] && [ -f .gpu-exp/run.tgz ]; then
    mkdir -p "$dir" && tar -C "$dir" -xzf .gpu-exp/run.tgz
  fi
  $TENGEN experiment --config scripts/experiment_gpu.pbtxt --out "$dir" --max_seconds "${CHUNK_SECONDS:-480}" \
    2>&1 | tee -a "$OUT/experiment.log" | grep -E "^experiment:|^report:|^stopped" | tail -40
  tar -C "$dir" --exclude=./human --exclude='./arms/*/run/games' -czf "$OUT/experiment-run.tgz" .
  mkdir -p "$OUT/experiment-report"
  cp "$dir"/*.tsv "$dir"/run_info.json "$OUT/experiment-report/" 2>/dev/null
  [ -d "$dir/report" ] && cp -r "$dir/report" "$OUT/experiment-report/"
  du -sh "$OUT/experiment-run.tgz"
  return 0
}

for phase in "$@"; do
  log "phase $phase"
  start=$(date +%s)
  "phase_$phase" || log "phase $phase FAILED"
  log "phase $phase took $(($(date +%s) - start)) s"
done
