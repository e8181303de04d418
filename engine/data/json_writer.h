#ifndef TENGEN_ENGINE_DATA_JSON_WRITER_H_
#define TENGEN_ENGINE_DATA_JSON_WRITER_H_

// A small streaming JSON writer for report.json: nested objects and arrays,
// two-space indentation so that the file reads well in a diff. Non-finite
// numbers become null (JSON has no NaN), which is also how the report marks
// a missing measurement. Misuse (a value where a key is due) is a
// programming error and is not checked beyond debug asserts.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tengen::data {

class JsonWriter {
 public:
  JsonWriter& BeginObject();
  JsonWriter& EndObject();
  JsonWriter& BeginArray();
  JsonWriter& EndArray();
  JsonWriter& Key(std::string_view key);
  JsonWriter& String(std::string_view value);
  JsonWriter& Number(double value);
  JsonWriter& Int(int64_t value);
  JsonWriter& Bool(bool value);
  JsonWriter& Null();
  JsonWriter& Optional(const std::optional<double>& value) { return value ? Number(*value) : Null(); }

  const std::string& str() const { return out_; }

 private:
  void BeforeValue();
  void Newline();

  struct Level {
    bool is_object = false;
    bool empty = true;
  };
  std::string out_;
  std::vector<Level> stack_;
  bool after_key_ = false;
};

// `text` as a quoted JSON string (UTF-8 passes through; control characters
// are escaped).
std::string JsonQuote(std::string_view text);

}  // namespace tengen::data

#endif  // TENGEN_ENGINE_DATA_JSON_WRITER_H_
