#include "engine/rules/sgf_parser.h"

#include <fcntl.h>
#include <iconv.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <algorithm>
#include <map>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace tengen {
namespace {

constexpr std::string_view kNoGameMessage = "no SGF game tree found (expected '(;')";

inline bool IsSpace(char c) {
  return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\v' || c == '\f';
}
inline bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
inline bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
inline bool IsAlpha(char c) { return IsUpper(c) || IsLower(c); }

// How a charset's multi-byte characters look to the lexer: after a lead byte
// the next byte belongs to the same character, even when it is ']' or '\'.
enum class DoubleByte : uint8_t {
  kNone,
  kLead81ToFE,  // GBK, GB18030, Big5, CP949/UHC (EUC-* are harmless here)
  kShiftJis,    // lead bytes 0x81-0x9F and 0xE0-0xFC (0xA1-0xDF are single)
};

inline bool IsLead(unsigned char c, DoubleByte mode) {
  switch (mode) {
    case DoubleByte::kNone:
      return false;
    case DoubleByte::kLead81ToFE:
      return c >= 0x81 && c <= 0xFE;
    case DoubleByte::kShiftJis:
      return (c >= 0x81 && c <= 0x9F) || (c >= 0xE0 && c <= 0xFC);
  }
  return false;
}

struct CharsetPlan {
  bool convert = false;
  std::string iconv_name;
  DoubleByte mode = DoubleByte::kNone;
};

CharsetPlan PlanCharset(std::string_view declared) {
  std::string key;
  for (char c : declared) {
    if (c == '-' || c == '_' || IsSpace(c)) continue;
    key += absl::ascii_toupper(static_cast<unsigned char>(c));
  }
  CharsetPlan plan;
  if (key.empty() || key == "UTF8" || key == "USASCII" || key == "ASCII") return plan;
  plan.convert = true;
  if (key == "GB2312" || key == "EUCCN" || key == "GBK" || key == "CP936" || key == "GB18030" ||
      key == "XGBK" || key == "GB") {
    // Files labelled GB2312 routinely hold GBK characters; GB18030 reads both.
    plan.iconv_name = "GB18030";
    plan.mode = DoubleByte::kLead81ToFE;
  } else if (key == "BIG5" || key == "BIG5HKSCS" || key == "CP950") {
    plan.iconv_name = "BIG5-HKSCS";
    plan.mode = DoubleByte::kLead81ToFE;
  } else if (key == "SHIFTJIS" || key == "SJIS" || key == "CP932" || key == "WINDOWS31J" ||
             key == "MSKANJI" || key == "XSJIS") {
    plan.iconv_name = "CP932";
    plan.mode = DoubleByte::kShiftJis;
  } else if (key == "EUCKR" || key == "CP949" || key == "UHC" || key == "KSC5601" ||
             key == "KSC56011987") {
    plan.iconv_name = "CP949";
    plan.mode = DoubleByte::kLead81ToFE;
  } else if (key == "EUCJP") {
    plan.iconv_name = "EUC-JP";
    plan.mode = DoubleByte::kLead81ToFE;
  } else if (key == "LATIN1" || key == "L1" || key == "ISO88591" || key == "ISOLATIN1") {
    plan.iconv_name = "ISO-8859-1";
  } else {
    plan.iconv_name = std::string(declared);
  }
  return plan;
}

bool IsValidUtf8(std::string_view s) {
  size_t i = 0;
  const size_t n = s.size();
  while (i < n) {
    if (i + 8 <= n) {  // ASCII runs, a word at a time
      uint64_t word;
      std::memcpy(&word, s.data() + i, 8);
      if ((word & 0x8080808080808080ull) == 0) {
        i += 8;
        continue;
      }
    }
    unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    int extra;
    uint32_t min;
    if ((c & 0xE0) == 0xC0) {
      extra = 1;
      min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
      extra = 2;
      min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
      extra = 3;
      min = 0x10000;
    } else {
      return false;
    }
    if (i + extra >= n) return false;
    uint32_t code = c & (0x3F >> extra);
    for (int k = 1; k <= extra; ++k) {
      unsigned char d = s[i + k];
      if ((d & 0xC0) != 0x80) return false;
      code = (code << 6) | (d & 0x3F);
    }
    if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return false;
    i += extra + 1;
  }
  return true;
}

bool HasHighByte(std::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return true;
  }
  return false;
}

// Converts `in` with an open iconv descriptor. False on any invalid or
// incomplete sequence.
bool RunIconv(iconv_t cd, std::string_view in, std::string* out) {
  iconv(cd, nullptr, nullptr, nullptr, nullptr);
  char* in_ptr = const_cast<char*>(in.data());
  size_t in_left = in.size();
  char buffer[1024];
  while (in_left > 0) {
    char* out_ptr = buffer;
    size_t out_left = sizeof(buffer);
    size_t r = iconv(cd, &in_ptr, &in_left, &out_ptr, &out_left);
    out->append(buffer, out_ptr - buffer);
    if (r == static_cast<size_t>(-1) && errno != E2BIG) return false;
  }
  char* out_ptr = buffer;
  size_t out_left = sizeof(buffer);
  if (iconv(cd, nullptr, nullptr, &out_ptr, &out_left) == static_cast<size_t>(-1)) return false;
  out->append(buffer, out_ptr - buffer);
  return true;
}

// Converts a raw value (escapes kept) to UTF-8, keeping its escapes. The
// result is again a raw value: ']' and '\' appear only escaped.
std::optional<std::string> ConvertRawValue(std::string_view raw, iconv_t cd, DoubleByte mode) {
  std::string out;
  out.reserve(raw.size() * 3 / 2);
  size_t run_start = 0;
  auto flush = [&](size_t run_end) {
    if (run_end <= run_start) return true;
    return RunIconv(cd, raw.substr(run_start, run_end - run_start), &out);
  };
  size_t i = 0;
  while (i < raw.size()) {
    unsigned char c = raw[i];
    if (c == '\\') {
      if (!flush(i)) return std::nullopt;
      if (i + 1 < raw.size() && static_cast<unsigned char>(raw[i + 1]) < 0x80) {
        out += '\\';
        out += raw[i + 1];
        i += 2;
      } else {
        ++i;  // an escaped multi-byte character is just that character
      }
      run_start = i;
      continue;
    }
    i += (IsLead(c, mode) && i + 1 < raw.size()) ? 2 : 1;
  }
  if (!flush(raw.size())) return std::nullopt;
  return out;
}

}  // namespace

std::string SgfErrorText(std::string_view file_name, int game_number, SgfLocation at,
                         std::string_view message) {
  if (at.line <= 0) return absl::StrFormat("%s: game %d: %s", file_name, game_number, message);
  return absl::StrFormat("%s: game %d: %d:%d: %s", file_name, game_number, at.line, at.column,
                         message);
}

SgfGameTree::SgfGameTree(std::shared_ptr<const SgfSource> source, int game_number,
                         SgfLocation location)
    : source_(std::move(source)), game_number_(game_number), location_(location) {}

std::span<const SgfProperty> SgfGameTree::properties(int node) const {
  const SgfNode& n = nodes_[node];
  return std::span<const SgfProperty>(properties_.data() + n.first_property, n.num_properties);
}

std::span<const SgfValue> SgfGameTree::values(const SgfProperty& property) const {
  return std::span<const SgfValue>(values_.data() + property.first_value, property.num_values);
}

const SgfProperty* SgfGameTree::FindProperty(int node, std::string_view name) const {
  for (const SgfProperty& p : properties(node)) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

std::vector<int> SgfGameTree::MainLine() const {
  std::vector<int> line;
  for (int n = nodes_.empty() ? -1 : 0; n >= 0; n = nodes_[n].first_child) line.push_back(n);
  return line;
}

absl::Status SgfGameTree::Error(SgfLocation at, std::string_view message) const {
  return absl::InvalidArgumentError(SgfErrorText(file_name(), game_number_, at, message));
}

// The lexer and parser of one file. One instance per ParseSgf call.
class SgfParser {
 public:
  explicit SgfParser(std::shared_ptr<const SgfSource> source)
      : source_(std::move(source)),
        begin_(source_->text.data()),
        end_(begin_ + source_->text.size()),
        p_(begin_),
        line_start_(begin_) {}

  ~SgfParser() {
    for (auto& [name, cd] : iconv_cache_) {
      if (cd != reinterpret_cast<iconv_t>(-1)) iconv_close(cd);
    }
  }

  const std::string& file_name() const { return source_->file_name; }

  std::optional<absl::StatusOr<SgfGameTree>> Next() {
    if (!started_) {
      started_ = true;
      file_is_utf8_ = IsValidUtf8(source_->text);
      if (end_ - p_ >= 3 && std::memcmp(p_, "\xEF\xBB\xBF", 3) == 0) {
        p_ += 3;
        line_start_ = p_;
      }
    }
    if (!FindNextGame()) {
      if (games_ > 0) return std::nullopt;
      ++games_;
      return absl::StatusOr<SgfGameTree>(absl::InvalidArgumentError(
          SgfErrorText(source_->file_name, 1, SgfLocation{1, 1}, kNoGameMessage)));
    }
    const int number = ++games_;
    absl::StatusOr<SgfGameTree> game = ParseGame(number);
    if (game.ok()) {
      SkipWhitespace();
      if (p_ < end_ && *p_ == ')') {
        game = absl::InvalidArgumentError(SgfErrorText(
            source_->file_name, number, Here(), "unbalanced ')' after the end of the game tree"));
        while (p_ < end_ && (*p_ == ')' || IsSpace(*p_))) Advance();
      }
    } else {
      SkipBrokenGame();
    }
    return game;
  }

 private:
  struct Cursor {
    const char* p;
    int line;
    const char* line_start;
  };
  struct OpenTree {
    int32_t attach;  // node the variation hangs from, -1 for the game itself
    SgfLocation location;
    Cursor start;     // at the '('
    bool line_start;  // nothing but whitespace before it on its line
  };

  Cursor Save() const { return Cursor{p_, line_, line_start_}; }
  void Restore(const Cursor& c) {
    p_ = c.p;
    line_ = c.line;
    line_start_ = c.line_start;
  }
  SgfLocation Here() const { return SgfLocation{line_, static_cast<int>(p_ - line_start_) + 1}; }
  // Steps over one byte, counting lines.
  void Advance() {
    if (*p_ == '\n') {
      ++line_;
      line_start_ = p_ + 1;
    }
    ++p_;
  }
  void SkipWhitespace() {
    while (p_ < end_ && IsSpace(*p_)) Advance();
  }

  // Moves to the next '(' that is followed (after whitespace) by ';'.
  // After a game whose parentheses never closed (see SkipBrokenGame) only
  // the resync targets count.
  bool FindNextGame() {
    if (resync_) {
      while (next_target_ < resync_targets_.size()) {
        const Cursor target = resync_targets_[next_target_++];
        if (target.p < p_) continue;
        Restore(target);
        if (IsGameStart()) return true;
      }
      resync_ = false;
      p_ = end_;
      return false;
    }
    while (p_ < end_) {
      if (IsGameStart()) return true;
      Advance();
    }
    return false;
  }

  bool IsGameStart() const {
    if (*p_ != '(') return false;
    const char* q = p_ + 1;
    while (q < end_ && IsSpace(*q)) ++q;
    return q < end_ && *q == ';';
  }

  // After an error: skips to the ')' that closes the broken game, keeping
  // track of values and parentheses. If they never balance, the rest of the
  // file belongs to the broken game; then the next games start only at the
  // "(;" found inside it that begin a line and whose ')' was seen (its
  // variations that closed, or later games swallowed by the missing ')').
  // Mid-line and unclosed "(;" are taken for variations of the broken game.
  // Both passes are linear: no byte is scanned again.
  void SkipBrokenGame() {
    std::vector<OpenTree>& stack = stack_;
    bool line_has_token = last_token_end_ >= line_start_;
    while (p_ < end_ && !stack.empty()) {
      const char c = *p_;
      if (c == '\n') {
        line_has_token = false;
      } else if (c == '[') {
        Advance();
        while (p_ < end_ && *p_ != ']') {
          if (*p_ == '\\' && p_ + 1 < end_) Advance();
          Advance();
        }
        if (p_ == end_) break;
        line_has_token = true;
      } else if (c == '(') {
        stack.push_back(OpenTree{-1, Here(), Save(), !line_has_token});
        line_has_token = true;
      } else if (c == ')') {
        if (stack.back().line_start) closed_line_starts_.push_back(stack.back().start);
        stack.pop_back();
        line_has_token = true;
      } else if (!IsSpace(c)) {
        line_has_token = true;
      }
      Advance();
    }
    if (stack.empty()) return;
    Restore(stack.front().start);  // the targets lie after the broken game's '('
    resync_targets_ = std::move(closed_line_starts_);
    closed_line_starts_.clear();
    std::sort(resync_targets_.begin(), resync_targets_.end(),
              [](const Cursor& a, const Cursor& b) { return a.p < b.p; });
    next_target_ = 0;
    resync_ = true;
  }

  absl::Status Fail(int number, SgfLocation at, std::string_view message, size_t /*depth*/) {
    return absl::InvalidArgumentError(SgfErrorText(source_->file_name, number, at, message));
  }

  std::string_view Own(SgfGameTree& tree, std::string s) {
    tree.owned_.push_back(std::make_unique<std::string>(std::move(s)));
    return *tree.owned_.back();
  }

  iconv_t OpenIconv(const std::string& from) {
    auto it = iconv_cache_.find(from);
    if (it != iconv_cache_.end()) return it->second;
    iconv_t cd = iconv_open("UTF-8", from.c_str());
    iconv_cache_.emplace(from, cd);
    return cd;
  }

  // p_ is at the game's '('.
  absl::StatusOr<SgfGameTree> ParseGame(int number) {
    SgfGameTree tree(source_, number, Here());
    tree.nodes_.reserve(hint_nodes_ + hint_nodes_ / 8 + 4);
    tree.properties_.reserve(hint_properties_ + hint_properties_ / 8 + 8);
    tree.values_.reserve(hint_values_ + hint_values_ / 8 + 8);
    std::vector<OpenTree>& stack = stack_;
    stack.clear();
    last_child_.clear();
    closed_line_starts_.clear();
    DoubleByte mode = DoubleByte::kNone;
    CharsetPlan plan;
    int32_t current = -1;
    bool in_node = false;
    bool expect_node = true;
    bool after_variation = false;

    stack.push_back(OpenTree{-1, Here(), Save(), false});
    Advance();
    last_token_end_ = p_;
    while (true) {
      SkipWhitespace();
      if (p_ == end_) {
        return Fail(number, stack.back().location,
                    "unbalanced '(': the game tree is not closed at the end of the file",
                    stack.size());
      }
      const char c = *p_;
      if (expect_node && c != ';') {
        return Fail(number, Here(), c == ')' ? "empty game tree '()'" : "expected ';' after '('",
                    stack.size());
      }
      if (c == ';') {
        if (after_variation) {
          return Fail(number, Here(), "node after a variation (expected '(' or ')')",
                      stack.size());
        }
        const int32_t n = static_cast<int32_t>(tree.nodes_.size());
        SgfNode node;
        node.first_property = static_cast<uint32_t>(tree.properties_.size());
        node.parent = current;
        node.location = Here();
        tree.nodes_.push_back(node);
        last_child_.push_back(-1);
        if (current >= 0) {
          if (last_child_[current] < 0) {
            tree.nodes_[current].first_child = n;
          } else {
            tree.nodes_[last_child_[current]].next_sibling = n;
          }
          last_child_[current] = n;
        }
        current = n;
        in_node = true;
        expect_node = false;
        Advance();
        last_token_end_ = p_;
      } else if (c == '(') {
        stack.push_back(OpenTree{current, Here(), Save(), last_token_end_ < line_start_});
        in_node = false;
        expect_node = true;
        after_variation = false;
        Advance();
        last_token_end_ = p_;
      } else if (c == ')') {
        current = stack.back().attach;
        if (stack.back().line_start) closed_line_starts_.push_back(stack.back().start);
        stack.pop_back();
        Advance();
        last_token_end_ = p_;
        if (stack.empty()) break;
        in_node = false;
        after_variation = true;
      } else if (c == ']') {
        return Fail(number, Here(), "unbalanced ']'", stack.size());
      } else if (c == '[') {
        return Fail(number, Here(), "value without a property name", stack.size());
      } else if (IsAlpha(c)) {
        if (!in_node) {
          return Fail(number, Here(), "property after a variation (expected '(' or ')')",
                      stack.size());
        }
        absl::Status s = ParseProperty(tree, number, current, mode, stack.size());
        if (!s.ok()) return s;
        if (current == 0 && tree.properties_.back().name == "CA" && tree.charset_.empty()) {
          const SgfProperty& ca = tree.properties_.back();
          tree.charset_ = SgfSimpleText(tree.values_[ca.first_value].raw);
          // A file that is valid UTF-8 is read as UTF-8 whatever it claims:
          // UTF-8 files labelled GB2312 are common, real GBK text almost
          // never validates as UTF-8.
          if (!file_is_utf8_) {
            plan = PlanCharset(tree.charset_);
            mode = plan.mode;
          }
        }
      } else {
        const unsigned char u = static_cast<unsigned char>(c);
        return Fail(number, Here(),
                    (u >= 0x20 && u < 0x7F)
                        ? absl::StrFormat("unexpected character '%c'", c)
                        : absl::StrFormat("unexpected byte 0x%02X", u),
                    stack.size());
      }
    }
    if (plan.convert) ConvertValues(tree, plan);
    hint_nodes_ = tree.nodes_.size();
    hint_properties_ = tree.properties_.size();
    hint_values_ = tree.values_.size();
    return tree;
  }

  absl::Status ParseProperty(SgfGameTree& tree, int number, int32_t node, DoubleByte mode,
                             size_t depth) {
    const SgfLocation location = Here();
    const char* start = p_;
    bool all_upper = true;
    while (p_ < end_ && IsAlpha(*p_)) {
      if (!IsUpper(*p_)) all_upper = false;
      ++p_;
    }
    const std::string_view written(start, p_ - start);
    SgfProperty property;
    property.location = location;
    property.name = written;
    if (!all_upper) {
      std::string canonical;
      for (char ch : written) {
        if (IsUpper(ch)) canonical += ch;
      }
      if (canonical.empty()) {
        return Fail(number, location,
                    absl::StrFormat("property name '%s' has no uppercase letter", written), depth);
      }
      property.name = Own(tree, std::move(canonical));
    }
    SkipWhitespace();
    if (p_ == end_ || *p_ != '[') {
      return Fail(number, location, absl::StrFormat("property %s has no value", written), depth);
    }
    property.first_value = static_cast<uint32_t>(tree.values_.size());
    while (p_ < end_ && *p_ == '[') {
      const SgfLocation open = Here();
      ++p_;
      const char* value_start = p_;
      while (true) {
        if (p_ >= end_) {
          return Fail(number, open, "unbalanced '[': the value is not closed at the end of the file",
                      depth);
        }
        const char ch = *p_;
        if (ch == ']') break;
        if (ch == '\\') {
          ++p_;
          if (p_ == end_) continue;
        } else if (mode != DoubleByte::kNone && IsLead(static_cast<unsigned char>(ch), mode) &&
                   p_ + 1 < end_) {
          ++p_;
        }
        Advance();
      }
      tree.values_.push_back(SgfValue{std::string_view(value_start, p_ - value_start), open});
      ++p_;  // ']'
      last_token_end_ = p_;
      SkipWhitespace();
    }
    property.num_values = static_cast<uint32_t>(tree.values_.size()) - property.first_value;
    tree.properties_.push_back(property);
    ++tree.nodes_[node].num_properties;
    return absl::OkStatus();
  }

  void ConvertValues(SgfGameTree& tree, const CharsetPlan& plan) {
    iconv_t cd = OpenIconv(plan.iconv_name);
    if (cd == reinterpret_cast<iconv_t>(-1)) return;  // unknown charset: keep raw bytes
    bool all_converted = true;
    for (SgfValue& value : tree.values_) {
      if (!HasHighByte(value.raw)) continue;
      std::optional<std::string> converted = ConvertRawValue(value.raw, cd, plan.mode);
      if (!converted.has_value()) {
        all_converted = false;
        continue;
      }
      value.raw = Own(tree, std::move(*converted));
    }
    tree.converted_ = all_converted;
  }

  std::shared_ptr<const SgfSource> source_;
  const char* begin_;
  const char* end_;
  const char* p_;
  int line_ = 1;
  const char* line_start_;
  bool started_ = false;
  bool file_is_utf8_ = true;
  int games_ = 0;
  // Where the last token of the game being parsed ended: a '(' begins its
  // line when that was on an earlier line.
  const char* last_token_end_ = nullptr;
  std::vector<Cursor> closed_line_starts_;
  std::vector<Cursor> resync_targets_;
  size_t next_target_ = 0;
  bool resync_ = false;
  // Sizes of the previous game, to reserve the next one's vectors at once.
  size_t hint_nodes_ = 0, hint_properties_ = 0, hint_values_ = 0;
  std::vector<OpenTree> stack_;
  std::vector<int32_t> last_child_;
  std::map<std::string, iconv_t> iconv_cache_;
};

namespace {

absl::StatusOr<std::string> ReadWholeFile(const std::string& path, const std::string& display_name) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return absl::ErrnoToStatus(errno, absl::StrCat(display_name, ": cannot open"));
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    const int e = errno;
    ::close(fd);
    return absl::ErrnoToStatus(e, absl::StrCat(display_name, ": cannot stat"));
  }
  if (S_ISDIR(st.st_mode)) {
    ::close(fd);
    return absl::FailedPreconditionError(absl::StrCat(display_name, ": is a directory"));
  }
  std::string text;
  text.resize(static_cast<size_t>(st.st_size));
  size_t filled = 0;
  while (true) {
    if (filled == text.size()) text.resize(text.size() + 65536);  // file grew or is a pipe
    const ssize_t r = ::read(fd, text.data() + filled, text.size() - filled);
    if (r < 0) {
      if (errno == EINTR) continue;
      const int e = errno;
      ::close(fd);
      return absl::ErrnoToStatus(e, absl::StrCat(display_name, ": cannot read"));
    }
    if (r == 0) break;
    filled += static_cast<size_t>(r);
  }
  ::close(fd);
  text.resize(filled);
  return text;
}

}  // namespace

SgfReader::SgfReader(std::string text, std::string file_name) {
  auto source = std::make_shared<SgfSource>();
  source->file_name = std::move(file_name);
  source->text = std::move(text);
  parser_ = std::make_unique<SgfParser>(std::move(source));
}
SgfReader::~SgfReader() = default;
SgfReader::SgfReader(SgfReader&&) noexcept = default;
SgfReader& SgfReader::operator=(SgfReader&&) noexcept = default;

absl::StatusOr<SgfReader> SgfReader::Open(const std::string& path, std::string display_name) {
  if (display_name.empty()) display_name = path;
  absl::StatusOr<std::string> text = ReadWholeFile(path, display_name);
  if (!text.ok()) return text.status();
  return SgfReader(*std::move(text), std::move(display_name));
}

const std::string& SgfReader::file_name() const { return parser_->file_name(); }

std::optional<absl::StatusOr<SgfGameTree>> SgfReader::Next() { return parser_->Next(); }

SgfCollection ParseSgf(std::string text, std::string file_name) {
  SgfCollection collection;
  collection.file_name = file_name;
  SgfReader reader(std::move(text), std::move(file_name));
  while (auto game = reader.Next()) collection.games.push_back(*std::move(game));
  return collection;
}

absl::StatusOr<SgfCollection> ReadSgfFile(const std::string& path, std::string display_name) {
  if (display_name.empty()) display_name = path;
  absl::StatusOr<std::string> text = ReadWholeFile(path, display_name);
  if (!text.ok()) return text.status();
  return ParseSgf(*std::move(text), std::move(display_name));
}

std::string SgfText(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (c == '\\') {
      if (++i >= raw.size()) break;
      const char n = raw[i];
      if (n == '\n' || n == '\r') {  // soft line break, "\r\n" and "\n\r" count once
        if (i + 1 < raw.size() && (raw[i + 1] == '\n' || raw[i + 1] == '\r') && raw[i + 1] != n) {
          ++i;
        }
        continue;
      }
      out += n;
      continue;
    }
    out += c;
  }
  return out;
}

std::string SgfSimpleText(std::string_view raw) {
  std::string text = SgfText(raw);
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\r' || c == '\n') {
      if (i + 1 < text.size() && (text[i + 1] == '\n' || text[i + 1] == '\r') && text[i + 1] != c) {
        ++i;
      }
      out += ' ';
    } else if (IsSpace(c)) {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

std::string SgfEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 4);
  for (char c : text) {
    if (c == ']' || c == '\\' || c == ':') out += '\\';
    out += c;
  }
  return out;
}

std::optional<std::pair<std::string_view, std::string_view>> SplitSgfCompose(
    std::string_view raw) {
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '\\') {
      ++i;
    } else if (raw[i] == ':') {
      return std::make_pair(raw.substr(0, i), raw.substr(i + 1));
    }
  }
  return std::nullopt;
}

}  // namespace tengen
