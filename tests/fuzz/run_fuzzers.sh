#!/usr/bin/env bash
# Builds every tests/fuzz/*_fuzzer.cc as a libFuzzer binary (clang,
# -fsanitize=fuzzer,address,undefined) and runs each for a bounded time.
# Exits non-zero as soon as a fuzzer finds a crash (or fails to build).
#
# Usage: tests/fuzz/run_fuzzers.sh [NAME_FILTER]
#   FUZZ_SECONDS   run time per fuzzer (default 60)
#   FUZZ_BUILD     build folder (default build-fuzz, ignored by git)
#   FUZZ_JOBS      parallel compiler jobs (default 2)
#   CXX            compiler (default clang++)
#
# A fuzzer declares what it needs in comment lines of its source:
#   // fuzz-sources: engine/rules/*.cc engine/gtp/*.cc   (globs from the repo root;
#                                                          *_test.cc and *_fuzzer.cc skipped;
#                                                          default engine/rules/*.cc)
#   // fuzz-seeds: sgf_data/valid                         (seed corpus folders or files)
#   // fuzz-dict: tests/fuzz/sgf.dict                     (libFuzzer dictionary)
#   // fuzz-libs: -lz                                     (extra linker flags)
#   // fuzz-cxxflags: -DFOO                               (extra compiler flags)
# Crash inputs land in $FUZZ_BUILD/artifacts/; the growing corpus in
# $FUZZ_BUILD/corpus/<name>/ (kept between runs). Replay a crash with
#   $FUZZ_BUILD/<name> $FUZZ_BUILD/artifacts/<name>-crash-...
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
SECONDS_PER_FUZZER="${FUZZ_SECONDS:-60}"
BUILD="${FUZZ_BUILD:-build-fuzz}"
JOBS="${FUZZ_JOBS:-2}"
CXX="${CXX:-clang++}"
FILTER="${1:-}"

# Debian's Abseil, linked through its pkg-config modules.
ABSL_MODULES="absl_status absl_statusor absl_strings absl_str_format absl_flat_hash_map
  absl_flat_hash_set absl_random_random absl_synchronization absl_time absl_flags absl_base"
if ! ABSL_LIBS="$(pkg-config --libs $ABSL_MODULES 2>/dev/null)"; then
  echo "run_fuzzers: pkg-config cannot find Abseil ($ABSL_MODULES)" >&2
  exit 2
fi
FLAGS=(-std=c++20 -g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined
       -fno-sanitize-recover=all -I"$ROOT")

HEADER_DIRS=()
for d in engine proto imitation selfplay tests/fuzz; do [[ -d "$d" ]] && HEADER_DIRS+=("$d"); done

# The values of one "// fuzz-KEY:" line of a source (empty when absent).
declared() {
  sed -n "s|^// fuzz-$2:[[:space:]]*||p" "$1" | tr '\n' ' '
}

mkdir -p "$BUILD/artifacts" "$BUILD/corpus"
shopt -s nullglob
fuzzers=(tests/fuzz/*_fuzzer.cc)
if [[ ${#fuzzers[@]} -eq 0 ]]; then
  echo "run_fuzzers: no tests/fuzz/*_fuzzer.cc" >&2
  exit 2
fi

status=0
for source in "${fuzzers[@]}"; do
  name="$(basename "$source" .cc)"
  if [[ -n "$FILTER" && "$name" != *"$FILTER"* ]]; then continue; fi

  patterns="$(declared "$source" sources)"
  [[ -z "${patterns// /}" ]] && patterns="engine/rules/*.cc"
  sources=()
  for pattern in $patterns; do
    for f in $pattern; do
      case "$f" in *_test.cc|*_fuzzer.cc) continue ;; esac
      sources+=("$f")
    done
  done
  if [[ ${#sources[@]} -eq 0 ]]; then
    echo "run_fuzzers: $name: no sources match '$patterns'" >&2
    exit 2
  fi

  # Compile the changed sources into $BUILD/obj/<name>/ in parallel, then link.
  # shellcheck disable=SC2207
  extra_flags=($(declared "$source" cxxflags))
  mkdir -p "$BUILD/obj/$name"
  objects=()
  pids=()
  for f in "$source" "${sources[@]}"; do
    obj="$BUILD/obj/$name/$(echo "$f" | tr '/' '_').o"
    objects+=("$obj")
    # Rebuilt when the source or any project header is newer (coarse but safe).
    if [[ ! -f "$obj" || "$f" -nt "$obj" || -n "$(find "${HEADER_DIRS[@]}" -name '*.h' -newer "$obj" -print -quit 2>/dev/null)" ]]; then
      ( "$CXX" "${FLAGS[@]}" "${extra_flags[@]}" -c "$f" -o "$obj.tmp" && mv "$obj.tmp" "$obj" ) &
      pids+=($!)
      if [[ ${#pids[@]} -ge $JOBS ]]; then
        wait "${pids[0]}" || { echo "run_fuzzers: $name: compiling failed" >&2; exit 2; }
        pids=("${pids[@]:1}")
      fi
    fi
  done
  for pid in "${pids[@]}"; do
    wait "$pid" || { echo "run_fuzzers: $name: compiling failed" >&2; exit 2; }
  done
  # shellcheck disable=SC2046
  "$CXX" "${FLAGS[@]}" "${objects[@]}" -o "$BUILD/$name" $ABSL_LIBS $(declared "$source" libs)

  corpus="$BUILD/corpus/$name"
  mkdir -p "$corpus"
  seeds=()
  seed_names=()
  for s in $(declared "$source" seeds); do
    if [[ -d "$s" ]]; then
      seeds+=("$s")
      seed_names+=("$s")
    elif [[ -f "$s" ]]; then
      cp "$s" "$corpus/"
      seed_names+=("$s")
    else
      echo "run_fuzzers: $name: seed '$s' not found" >&2
      exit 2
    fi
  done
  dict=()
  for d in $(declared "$source" dict); do dict+=("-dict=$d"); done

  echo "run_fuzzers: $name for ${SECONDS_PER_FUZZER}s (seeds: ${seed_names[*]:-none})"
  if "$BUILD/$name" -max_total_time="$SECONDS_PER_FUZZER" -timeout=25 -rss_limit_mb=2560 \
      -max_len=65536 -print_final_stats=1 -artifact_prefix="$BUILD/artifacts/$name-" "${dict[@]}" \
      "$corpus" "${seeds[@]}" > "$BUILD/$name.log" 2>&1; then
    echo "run_fuzzers: $name: no crash ($(grep -m1 -o 'stat::number_of_executed_units: *[0-9]*' "$BUILD/$name.log" | grep -o '[0-9]*$' || echo '?') runs)"
  else
    echo "run_fuzzers: $name: CRASH, see $BUILD/$name.log and $BUILD/artifacts/" >&2
    tail -n 40 "$BUILD/$name.log" >&2
    status=1
  fi
done
exit $status
