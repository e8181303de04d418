#include "imitation/prepare.h"

#include <cstdio>
#include <deque>
#include <filesystem>
#include <future>
#include <memory>
#include <thread>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "engine/data/atomic_file.h"
#include "engine/data/shard_file.h"
#include "engine/rules/sgf_parser.h"
#include "engine/data/progress.h"
#include "imitation/sgf_inputs.h"

namespace tengen::imitation {
namespace {

namespace fs = std::filesystem;

constexpr int kRejectionCount = static_cast<int>(Rejection::kNumRejections);
constexpr size_t kBatchBytes = 2 << 20;
constexpr size_t kMaxExamples = 3;

struct Document {
  std::string name;
  std::string text;
};

struct Batch {
  std::vector<Document> documents;
  size_t text_bytes = 0;
  int64_t input_bytes = 0;
};

struct KeptGame {
  uint64_t hash;
  int split;
  int positions;
  std::string framed;
};

struct BatchResult {
  std::vector<KeptGame> kept;
  std::array<int64_t, kRejectionCount> rejections{};
  std::array<std::vector<std::string>, kRejectionCount> examples;
  int64_t games_read = 0;
  int64_t games_cut = 0;
  int64_t input_bytes = 0;
};

BatchResult ProcessBatch(Batch batch, const GameFilterOptions& filter,
                         const data::SplitSpec& split) {
  BatchResult result;
  result.input_bytes = batch.input_bytes;
  for (Document& doc : batch.documents) {
    SgfCollection collection = ParseSgf(std::move(doc.text), doc.name);
    for (absl::StatusOr<SgfGameTree>& tree : collection.games) {
      ++result.games_read;
      ConvertedGame converted;
      if (!tree.ok()) {
        converted.rejection = Rejection::kParseError;
        converted.detail = std::string(tree.status().message());
      } else {
        converted = ConvertSgfGame(*tree, filter);
      }
      const int r = static_cast<int>(converted.rejection);
      if (converted.rejection != Rejection::kNone) {
        ++result.rejections[r];
        if (result.examples[r].size() < kMaxExamples && !converted.detail.empty()) {
          result.examples[r].push_back(converted.detail);
        }
        continue;
      }
      if (converted.was_cut) ++result.games_cut;
      const data::RecordedGame& g = converted.record;
      result.kept.push_back(KeptGame{g.game_hash, data::SplitForHash(g.game_hash, split),
                                     g.num_positions(), data::FrameRecord(g)});
    }
  }
  return result;
}

absl::Status PrepareOutputDir(const PrepareOptions& options) {
  std::error_code ec;
  fs::create_directories(options.out_dir, ec);
  if (ec) {
    return absl::InvalidArgumentError(
        absl::StrFormat("%s: cannot create output folder: %s", options.out_dir, ec.message()));
  }
  std::vector<fs::path> old_files;
  bool has_manifest = false;
  for (const auto& entry : fs::directory_iterator(options.out_dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name == data::kManifestFileName) has_manifest = true;
    const bool shard = name.size() > data::kShardExtension.size() &&
                       name.ends_with(data::kShardExtension);
    if (shard || name == data::kManifestFileName || data::IsTemporaryFileName(name)) {
      old_files.push_back(entry.path());
    }
  }
  if (!old_files.empty() && !options.overwrite) {
    return absl::AlreadyExistsError(absl::StrFormat(
        "%s already holds %s (pass --overwrite to replace them)", options.out_dir,
        has_manifest ? "a shard manifest" : "shard files"));
  }
  // The manifest goes first: a folder without one is never read.
  fs::remove(fs::path(options.out_dir) / data::kManifestFileName, ec);
  for (const fs::path& p : old_files) fs::remove(p, ec);
  return absl::OkStatus();
}

class Merger {
 public:
  Merger(const PrepareOptions& options, int64_t total_input_bytes)
      : options_(options), total_input_bytes_(total_input_bytes) {
    for (const std::string& name : options.split.names) {
      writers_.push_back(
          std::make_unique<data::ShardSetWriter>(options.out_dir, name, options.games_per_shard));
    }
    writers_[0]->set_fail_after_records_for_testing(options.fail_after_games_for_testing);
  }

  absl::Status Add(BatchResult result) {
    games_read_ += result.games_read;
    games_cut_ += result.games_cut;
    input_bytes_done_ += result.input_bytes;
    for (int r = 0; r < kRejectionCount; ++r) {
      rejections_[r] += result.rejections[r];
      for (std::string& e : result.examples[r]) {
        if (examples_[r].size() < kMaxExamples) examples_[r].push_back(std::move(e));
      }
    }
    for (KeptGame& g : result.kept) {
      if (!seen_.insert(g.hash).second) {
        ++duplicates_;
        continue;
      }
      if (absl::Status s = writers_[g.split]->AddFramed(g.framed, g.positions); !s.ok()) return s;
      ++kept_;
    }
    if (options_.progress && meter_.Due()) PrintProgress();
    return absl::OkStatus();
  }

  void PrintProgress() {
    const double elapsed = meter_.elapsed_seconds();
    const double fraction =
        total_input_bytes_ > 0 ? static_cast<double>(input_bytes_done_) / total_input_bytes_ : 0;
    std::fprintf(stderr,
                 "prepare: %lld games read, %lld kept, %.0f games/s, %.1f%% of input, ETA %s\n",
                 static_cast<long long>(games_read_), static_cast<long long>(kept_),
                 elapsed > 0 ? games_read_ / elapsed : 0.0, 100.0 * fraction,
                 meter_.Eta(fraction).c_str());
  }

  absl::StatusOr<PrepareSummary> Finish() {
    PrepareSummary summary;
    data::ManifestData& m = summary.manifest;
    m.source = data::DataSource::kHuman;
    for (auto& writer : writers_) {
      if (absl::Status s = writer->Finish(); !s.ok()) return s;
      m.splits.push_back({writer->split(), writer->shard_files(), writer->games(),
                          writer->positions()});
    }
    m.source_paths = options_.inputs;
    m.filters = DescribeFilters(options_.filter);
    m.filters["split"] = absl::StrJoin(options_.split.fractions, "/", [](std::string* out, double f) {
      absl::StrAppendFormat(out, "%g", 100 * f);
    });
    m.filters["split_names"] = absl::StrJoin(options_.split.names, "/");
    for (int r = 1; r < kRejectionCount; ++r) {
      const std::string name(RejectionName(static_cast<Rejection>(r)));
      m.rejections[name] = rejections_[r];
      if (!examples_[r].empty()) summary.examples[name] = examples_[r];
    }
    m.rejections["duplicate"] = duplicates_;
    m.games_read = games_read_;
    m.duplicates_removed = duplicates_;
    m.created_by = "tengen imitate prepare";
    summary.games_kept = kept_;
    summary.games_cut = games_cut_;
    if (absl::Status s = data::WriteManifest(options_.out_dir, m); !s.ok()) return s;
    summary.seconds = meter_.elapsed_seconds();
    return summary;
  }

  void Abandon() {
    for (auto& writer : writers_) writer->Abandon();
  }

 private:
  const PrepareOptions& options_;
  int64_t total_input_bytes_;
  std::vector<std::unique_ptr<data::ShardSetWriter>> writers_;
  absl::flat_hash_set<uint64_t> seen_;
  std::array<int64_t, kRejectionCount> rejections_{};
  std::array<std::vector<std::string>, kRejectionCount> examples_;
  int64_t games_read_ = 0, games_cut_ = 0, kept_ = 0, duplicates_ = 0;
  int64_t input_bytes_done_ = 0;
  data::ProgressMeter meter_;
};

absl::StatusOr<PrepareSummary> Run(const PrepareOptions& options,
                                   const std::vector<InputSource>& inputs, Merger& merger) {
  const int threads = options.threads > 0
                          ? options.threads
                          : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  std::deque<std::future<BatchResult>> pending;
  Batch batch;
  auto submit = [&]() -> absl::Status {
    if (batch.documents.empty()) return absl::OkStatus();
    if (threads == 1) {
      absl::Status s = merger.Add(ProcessBatch(std::move(batch), options.filter, options.split));
      batch = Batch();
      return s;
    }
    while (static_cast<int>(pending.size()) >= 2 * threads) {
      absl::Status s = merger.Add(pending.front().get());
      pending.pop_front();
      if (!s.ok()) return s;
    }
    pending.push_back(std::async(std::launch::async,
                                 [b = std::move(batch), &options]() mutable {
                                   return ProcessBatch(std::move(b), options.filter, options.split);
                                 }));
    batch = Batch();
    return absl::OkStatus();
  };
  absl::Status status;
  for (const InputSource& input : inputs) {
    status = ReadDocuments(input, [&](std::string name, std::string text, int64_t bytes) {
      batch.text_bytes += text.size();
      batch.input_bytes += bytes;
      batch.documents.push_back(Document{std::move(name), std::move(text)});
      if (batch.text_bytes >= kBatchBytes) return submit();
      return absl::OkStatus();
    });
    if (!status.ok()) break;
  }
  if (status.ok()) status = submit();
  // Always collect every worker before returning (they reference options).
  while (!pending.empty()) {
    BatchResult result = pending.front().get();
    pending.pop_front();
    if (status.ok()) status = merger.Add(std::move(result));
  }
  if (!status.ok()) return status;
  return merger.Finish();
}

}  // namespace

absl::StatusOr<PrepareSummary> PrepareShards(const PrepareOptions& options) {
  if (options.inputs.empty()) return absl::InvalidArgumentError("no SGF inputs given (--sgf)");
  if (options.out_dir.empty()) return absl::InvalidArgumentError("no output folder given (--out)");
  if (absl::Status s = ValidateFilters(options.filter); !s.ok()) return s;
  if (options.split.names.size() != options.split.fractions.size() ||
      options.split.names.empty()) {
    return absl::InvalidArgumentError("split names and fractions differ in number");
  }
  absl::StatusOr<std::vector<InputSource>> inputs = ExpandInputs(options.inputs);
  if (!inputs.ok()) return inputs.status();
  if (inputs->empty()) {
    return absl::NotFoundError(absl::StrFormat("no .sgf files or archives in %s",
                                               absl::StrJoin(options.inputs, ", ")));
  }
  if (absl::Status s = PrepareOutputDir(options); !s.ok()) return s;
  int64_t total_bytes = 0;
  for (const InputSource& input : *inputs) total_bytes += input.bytes;
  Merger merger(options, total_bytes);
  absl::StatusOr<PrepareSummary> summary = Run(options, *inputs, merger);
  if (!summary.ok()) {
    merger.Abandon();
    return summary.status();
  }
  return summary;
}

absl::StatusOr<std::vector<data::RecordedGame>> ReadSgfGames(
    const std::vector<std::string>& inputs, const GameFilterOptions& filter,
    std::map<std::string, int64_t>* rejections) {
  if (absl::Status s = ValidateFilters(filter); !s.ok()) return s;
  absl::StatusOr<std::vector<InputSource>> sources = ExpandInputs(inputs);
  if (!sources.ok()) return sources.status();
  std::vector<data::RecordedGame> games;
  for (const InputSource& source : *sources) {
    absl::Status s = ReadDocuments(source, [&](std::string name, std::string text, int64_t) {
      SgfCollection collection = ParseSgf(std::move(text), name);
      for (absl::StatusOr<SgfGameTree>& tree : collection.games) {
        Rejection why = Rejection::kParseError;
        if (tree.ok()) {
          ConvertedGame converted = ConvertSgfGame(*tree, filter);
          why = converted.rejection;
          if (why == Rejection::kNone) games.push_back(std::move(converted.record));
        }
        if (why != Rejection::kNone && rejections != nullptr) {
          ++(*rejections)[std::string(RejectionName(why))];
        }
      }
      return absl::OkStatus();
    });
    if (!s.ok()) return s;
  }
  return games;
}

std::string FormatPrepareSummary(const PrepareSummary& s) {
  const data::ManifestData& m = s.manifest;
  std::string out = absl::StrFormat(
      "games read %d, kept %d (%d cut at an illegal move), duplicates removed %d, %.1f s "
      "(%.0f games/s)\n",
      m.games_read, s.games_kept, s.games_cut, m.duplicates_removed, s.seconds,
      s.seconds > 0 ? m.games_read / s.seconds : 0.0);
  for (const data::SplitInfo& split : m.splits) {
    absl::StrAppendFormat(&out, "  %-10s %8d games %10d positions %4d shards\n", split.name,
                          split.games, split.positions, split.shard_files.size());
  }
  out += "rejections:\n";
  for (const auto& [reason, count] : m.rejections) {
    absl::StrAppendFormat(&out, "  %-14s %8d\n", reason, count);
    auto it = s.examples.find(reason);
    if (it != s.examples.end()) {
      for (const std::string& e : it->second) absl::StrAppendFormat(&out, "      e.g. %s\n", e);
    }
  }
  return out;
}

}  // namespace tengen::imitation
