#include "imitation/sgf_inputs.h"

#ifdef TENGEN_HAVE_LIBARCHIVE
#include <archive.h>
#include <archive_entry.h>
#endif

#include <algorithm>
#include <filesystem>
#include <memory>
#include <system_error>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "engine/data/atomic_file.h"

namespace tengen::imitation {
namespace {

namespace fs = std::filesystem;

bool EndsWith(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string Lower(const std::string& s) { return absl::AsciiStrToLower(s); }

bool IsSgfName(const std::string& path) { return EndsWith(Lower(path), ".sgf"); }

#ifdef TENGEN_HAVE_LIBARCHIVE
struct ArchiveCloser {
  void operator()(archive* a) const { archive_read_free(a); }
};
#endif

}  // namespace

bool IsArchivePath(const std::string& path) {
  const std::string p = Lower(path);
  for (std::string_view ext : {".zip", ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz",
                               ".txz", ".7z"}) {
    if (EndsWith(p, ext)) return true;
  }
  return false;
}

absl::StatusOr<std::vector<InputSource>> ExpandInputs(const std::vector<std::string>& paths) {
  std::vector<InputSource> inputs;
  for (const std::string& path : paths) {
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (ec || !fs::exists(status)) {
      return absl::NotFoundError(absl::StrFormat("%s: no such file or folder", path));
    }
    if (fs::is_directory(status)) {
      std::vector<InputSource> found;
      for (auto it = fs::recursive_directory_iterator(
               path, fs::directory_options::follow_directory_symlink, ec);
           !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (!it->is_regular_file()) continue;
        const std::string file = it->path().string();
        if (!IsSgfName(file) && !IsArchivePath(file)) continue;
        found.push_back({file, IsArchivePath(file), static_cast<int64_t>(it->file_size())});
      }
      if (ec) return absl::InternalError(absl::StrFormat("%s: %s", path, ec.message()));
      std::sort(found.begin(), found.end(),
                [](const InputSource& a, const InputSource& b) { return a.path < b.path; });
      inputs.insert(inputs.end(), found.begin(), found.end());
    } else {
      inputs.push_back({path, IsArchivePath(path), static_cast<int64_t>(fs::file_size(path, ec))});
    }
  }
  return inputs;
}

absl::Status ReadDocuments(const InputSource& input, const DocumentFn& on_document) {
  if (!input.is_archive) {
    std::string text;
    if (absl::Status s = data::ReadFileToString(input.path, &text); !s.ok()) return s;
    return on_document(input.path, std::move(text), input.bytes);
  }
#ifndef TENGEN_HAVE_LIBARCHIVE
  return absl::UnimplementedError(absl::StrFormat(
      "%s: this build has no libarchive; unpack the archive and give its folder", input.path));
#else
  std::unique_ptr<archive, ArchiveCloser> a(archive_read_new());
  archive_read_support_filter_all(a.get());
  archive_read_support_format_all(a.get());
  if (archive_read_open_filename(a.get(), input.path.c_str(), 1 << 16) != ARCHIVE_OK) {
    return absl::InvalidArgumentError(absl::StrFormat("%s: cannot open archive: %s", input.path,
                                                      archive_error_string(a.get())));
  }
  int64_t consumed = 0;
  archive_entry* entry = nullptr;
  while (true) {
    const int rc = archive_read_next_header(a.get(), &entry);
    if (rc == ARCHIVE_EOF) break;
    if (rc < ARCHIVE_WARN) {
      return absl::DataLossError(absl::StrFormat("%s: damaged archive: %s", input.path,
                                                 archive_error_string(a.get())));
    }
    const char* name_c = archive_entry_pathname(entry);
    const std::string member = name_c != nullptr ? name_c : "";
    if (archive_entry_filetype(entry) != AE_IFREG || !IsSgfName(member)) continue;
    std::string text;
    if (archive_entry_size_is_set(entry)) text.reserve(archive_entry_size(entry));
    char buffer[1 << 16];
    la_ssize_t n;
    while ((n = archive_read_data(a.get(), buffer, sizeof(buffer))) > 0) text.append(buffer, n);
    if (n < 0) {
      return absl::DataLossError(absl::StrFormat("%s:%s: damaged archive member: %s", input.path,
                                                 member, archive_error_string(a.get())));
    }
    const int64_t now = archive_filter_bytes(a.get(), -1);
    const int64_t used = std::max<int64_t>(0, now - consumed);
    consumed = now;
    if (absl::Status s = on_document(absl::StrCat(input.path, ":", member), std::move(text), used);
        !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
#endif
}

}  // namespace tengen::imitation
