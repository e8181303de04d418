#ifndef TENGEN_IMITATION_SGF_INPUTS_H_
#define TENGEN_IMITATION_SGF_INPUTS_H_

// Where human games come from: SGF files and collections, folders of them
// (searched recursively), and .zip / .tar / .tar.gz / .tgz / .tar.bz2 /
// .tar.xz archives of them, as public collections ship (read with
// libarchive, members streamed without unpacking to disk).

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace tengen::imitation {

struct InputSource {
  std::string path;
  bool is_archive = false;
  int64_t bytes = 0;  // on disk (compressed for archives): the progress unit
};

// Expands folders into their SGF files and archives (sorted by path, so the
// order never depends on the file system), and checks that named paths
// exist. A named file that is not an archive is read as SGF whatever its
// extension; inside folders only *.sgf and archives are taken.
absl::StatusOr<std::vector<InputSource>> ExpandInputs(const std::vector<std::string>& paths);

bool IsArchivePath(const std::string& path);

// One SGF document (a file or an archive member): its display name
// ("dir/a.sgf" or "games.zip:2009/a.sgf"), its text, and how many input bytes
// reading it used up since the previous document (for progress).
using DocumentFn =
    std::function<absl::Status(std::string name, std::string text, int64_t input_bytes)>;

// Streams the documents of one input in order. An unreadable file or a
// damaged archive is an error naming it (and the member).
absl::Status ReadDocuments(const InputSource& input, const DocumentFn& on_document);

}  // namespace tengen::imitation

#endif  // TENGEN_IMITATION_SGF_INPUTS_H_
