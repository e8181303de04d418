#ifndef TENGEN_ENGINE_DATA_TEXT_CONFIG_H_
#define TENGEN_ENGINE_DATA_TEXT_CONFIG_H_

// Config files in protobuf text format, with errors that name
// FILE:LINE:COLUMN (counted from 1): syntax errors and unknown fields as the
// parser reports them, and bad values at the place the field was written,
// found through a ParseInfoTree, nested and repeated fields included.
// Protobuf headers: include it only where a .pb.h may be included (never
// next to LibTorch, docs/DESIGN.md).

#include <google/protobuf/text_format.h>

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace tengen::data {

using ParseInfoTree = google::protobuf::TextFormat::ParseInfoTree;

// Reads a whole file; NotFound naming the path when it cannot be read.
absl::StatusOr<std::string> ReadConfigFile(const std::string& path);

// Merges `text` (named `name` in errors) into `message`. The first syntax
// error or unknown field fails as "NAME:LINE:COL: message". With
// `locations`, records where each field was written.
absl::Status MergeTextConfig(const std::string& text, const std::string& name, google::protobuf::Message* message,
                             ParseInfoTree* locations = nullptr);

// One step of the path to a field: its name, and for a repeated field the
// element (-1 for a singular field, or for a repeated field as a whole: its
// first element).
struct FieldStep {
  std::string field;
  int index = -1;
};

// Where the field at `path` (from a message of type `root`) was written:
// "NAME:LINE:COL". A field the text did not set is placed at the nearest
// enclosing message that it did set ("player { ... }"); "NAME" alone when
// nothing on the path was written.
std::string FieldPosition(const google::protobuf::Descriptor* root, const ParseInfoTree& locations,
                          const std::vector<FieldStep>& path, const std::string& name);

// InvalidArgument "FieldPosition(...): what".
absl::Status FieldError(const google::protobuf::Descriptor* root, const ParseInfoTree& locations,
                        const std::vector<FieldStep>& path, const std::string& name, const std::string& what);

}  // namespace tengen::data

#endif  // TENGEN_ENGINE_DATA_TEXT_CONFIG_H_
