#include "engine/data/text_config.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/message.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace tengen::data {
namespace {

// Keeps the first parse error with its position (protobuf counts lines and
// columns from 0; people count from 1).
class FirstError : public google::protobuf::io::ErrorCollector {
 public:
  void AddError(int line, google::protobuf::io::ColumnNumber column, const std::string& message) override {
    if (!seen_) {
      seen_ = true;
      line_ = line;
      column_ = column;
      message_ = message;
    }
  }
  void AddWarning(int, google::protobuf::io::ColumnNumber, const std::string&) override {}
  bool seen() const { return seen_; }
  int line() const { return line_; }
  int column() const { return column_; }
  const std::string& message() const { return message_; }

 private:
  bool seen_ = false;
  int line_ = 0, column_ = 0;
  std::string message_;
};

bool IdentifierCharacter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// The parser reports an unknown field or enum value at the token after it
// (sometimes on the next line); point at the name itself: the last whole
// occurrence of `token` at or before the reported position.
void PointAtToken(const std::string& text, const std::string& token, int* line, int* column) {
  size_t offset = 0;
  for (int l = 0; l < *line && offset != std::string::npos; ++l) {
    offset = text.find('\n', offset);
    if (offset != std::string::npos) ++offset;
  }
  if (offset == std::string::npos || token.empty()) return;
  size_t end = std::min(text.size(), offset + static_cast<size_t>(std::max(*column, 0)));
  for (size_t at = text.rfind(token, end); at != std::string::npos;
       at = at == 0 ? std::string::npos : text.rfind(token, at - 1)) {
    const size_t after = at + token.size();
    if ((at > 0 && IdentifierCharacter(text[at - 1])) || (after < text.size() && IdentifierCharacter(text[after]))) {
      continue;
    }
    size_t line_begin = at;
    while (line_begin > 0 && text[line_begin - 1] != '\n') --line_begin;
    *line = static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
    *column = static_cast<int>(at - line_begin);
    return;
  }
}

// The quoted name in "... has no field named \"x\"..." and "Unknown
// enumeration value of \"X\" ...", or "".
std::string QuotedName(const std::string& message) {
  for (const char* key : {"has no field named \"", "Unknown enumeration value of \"", "no value named \""}) {
    const size_t at = message.find(key);
    if (at == std::string::npos) continue;
    const size_t begin = at + std::strlen(key);
    const size_t end = message.find('"', begin);
    if (end != std::string::npos) return message.substr(begin, end - begin);
  }
  return "";
}

}  // namespace

absl::StatusOr<std::string> ReadConfigFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrFormat("%s: cannot read the config", path));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

absl::Status MergeTextConfig(const std::string& text, const std::string& name, google::protobuf::Message* message,
                             ParseInfoTree* locations) {
  FirstError errors;
  google::protobuf::TextFormat::Parser parser;
  parser.RecordErrorsTo(&errors);
  if (locations != nullptr) parser.WriteLocationsTo(locations);
  if (parser.MergeFromString(text, message)) return absl::OkStatus();
  if (!errors.seen()) return absl::InvalidArgumentError(name + ": cannot parse");
  int line = errors.line(), column = errors.column();
  PointAtToken(text, QuotedName(errors.message()), &line, &column);
  return absl::InvalidArgumentError(absl::StrFormat("%s:%d:%d: %s", name, line + 1, column + 1, errors.message()));
}

std::string FieldPosition(const google::protobuf::Descriptor* root, const ParseInfoTree& locations,
                          const std::vector<FieldStep>& path, const std::string& name) {
  std::string best = name;
  const google::protobuf::Descriptor* type = root;
  const ParseInfoTree* tree = &locations;
  for (const FieldStep& step : path) {
    if (type == nullptr || tree == nullptr) break;
    const google::protobuf::FieldDescriptor* field = type->FindFieldByName(step.field);
    if (field == nullptr) break;
    const int index = field->is_repeated() ? std::max(step.index, 0) : -1;
    const google::protobuf::TextFormat::ParseLocation at = tree->GetLocation(field, index);
    if (at.line < 0) break;
    best = absl::StrFormat("%s:%d:%d", name, at.line + 1, at.column + 1);
    if (field->type() != google::protobuf::FieldDescriptor::TYPE_MESSAGE) break;
    tree = tree->GetTreeForNested(field, index);
    type = field->message_type();
  }
  return best;
}

absl::Status FieldError(const google::protobuf::Descriptor* root, const ParseInfoTree& locations,
                        const std::vector<FieldStep>& path, const std::string& name, const std::string& what) {
  return absl::InvalidArgumentError(absl::StrCat(FieldPosition(root, locations, path, name), ": ", what));
}

}  // namespace tengen::data
