#ifndef TENGEN_ENGINE_RULES_SGF_PARSER_H_
#define TENGEN_ENGINE_RULES_SGF_PARSER_H_

// SGF (FF[1] to FF[4]) tokenizer and parser. A file is a collection of game
// trees; every game tree is parsed on its own, so one malformed game does not
// stop the others: after an error the parser skips to the end of the broken
// game tree and goes on. If the broken tree's parentheses never balance, the
// next games are the "(;" inside it that begin a line and do close (a game
// swallowed by a missing ')'); other "(;" count as its variations. Property values are string_views into the file text (read once, shared
// by the trees), so parsing allocates per game, not per property.
//
// Positions are 1-based line:column, the column counted in bytes; lines are
// counted at '\n'. Games are numbered from 1 in file order, broken ones
// included. Errors read "FILE: game N: LINE:COL: message".
//
// Lenient where the format is commonly bent: text outside game trees is
// skipped, whitespace is allowed between all tokens, FF[3] long property
// names keep only their uppercase letters ("AddBlack" is AB), a UTF-8 BOM is
// skipped. A root CA[] naming a charset other than UTF-8 (GB2312, GBK, Big5,
// Shift_JIS, EUC-KR, Latin-1, ...) makes the lexer aware of that charset's
// double-byte characters (their second byte may be ']' or '\') and converts
// the game's non-ASCII values to UTF-8 with iconv; when iconv fails the raw
// bytes are kept.

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace tengen {

class SgfParser;

struct SgfLocation {
  int line = 0;    // 1-based; 0 when unknown
  int column = 0;  // 1-based, in bytes
};

struct SgfValue {
  std::string_view raw;  // between '[' and ']', escapes kept (see SgfText)
  SgfLocation location;  // of the '['
};

struct SgfProperty {
  std::string_view name;  // canonical identifier: its uppercase letters
  uint32_t first_value = 0;
  uint32_t num_values = 0;
  SgfLocation location;  // of the identifier's first letter
};

struct SgfNode {
  uint32_t first_property = 0;
  uint32_t num_properties = 0;
  int32_t parent = -1;
  int32_t first_child = -1;   // the main line continues here
  int32_t next_sibling = -1;  // the next variation of the same parent
  SgfLocation location;       // of the ';'
};

// The bytes of one file, shared by the trees parsed from it.
struct SgfSource {
  std::string file_name;  // as shown in errors
  std::string text;
};

// One game tree. Move-only: values may point into storage it owns.
class SgfGameTree {
 public:
  SgfGameTree(SgfGameTree&&) = default;
  SgfGameTree& operator=(SgfGameTree&&) = default;
  SgfGameTree(const SgfGameTree&) = delete;
  SgfGameTree& operator=(const SgfGameTree&) = delete;

  const std::string& file_name() const { return source_->file_name; }
  int game_number() const { return game_number_; }  // 1-based
  SgfLocation location() const { return location_; }  // of the opening '('

  int num_nodes() const { return static_cast<int>(nodes_.size()); }
  const SgfNode& node(int i) const { return nodes_[i]; }  // node(0) is the root
  std::span<const SgfProperty> properties(int node) const;
  std::span<const SgfValue> values(const SgfProperty& property) const;
  // The first property of that name in the node, or null.
  const SgfProperty* FindProperty(int node, std::string_view name) const;
  // Node indices from the root along first children to the last node.
  std::vector<int> MainLine() const;

  // CA[] of the root as written ("" if none) and whether the game's values
  // were converted from it to UTF-8.
  const std::string& charset() const { return charset_; }
  bool converted_to_utf8() const { return converted_; }

  // InvalidArgument "FILE: game N: LINE:COL: message" (no LINE:COL when the
  // location is unknown).
  absl::Status Error(SgfLocation at, std::string_view message) const;

 private:
  friend class SgfParser;
  SgfGameTree(std::shared_ptr<const SgfSource> source, int game_number, SgfLocation location);

  std::shared_ptr<const SgfSource> source_;
  int game_number_ = 0;
  SgfLocation location_;
  std::vector<SgfNode> nodes_;
  std::vector<SgfProperty> properties_;
  std::vector<SgfValue> values_;
  std::string charset_;
  bool converted_ = false;
  // Canonical names of long FF[3] identifiers and converted values. Each
  // string lives in its own allocation so that moving the tree keeps views.
  std::vector<std::unique_ptr<std::string>> owned_;
};

struct SgfCollection {
  std::string file_name;
  // One entry per game tree in file order. A file without any game tree
  // gives one error entry ("no SGF game tree").
  std::vector<absl::StatusOr<SgfGameTree>> games;
};

// Reads the games of one collection one at a time, so that only one game's
// tree is in memory besides the file text.
class SgfReader {
 public:
  SgfReader(std::string text, std::string file_name);
  // Reads the file with one read. Fails only when it cannot be read.
  // `display_name` (default: the path) names the file in errors.
  static absl::StatusOr<SgfReader> Open(const std::string& path, std::string display_name = "");
  ~SgfReader();
  SgfReader(SgfReader&&) noexcept;
  SgfReader& operator=(SgfReader&&) noexcept;

  const std::string& file_name() const;
  // The next game tree in file order (or its error); nullopt after the last.
  // A file without any game tree gives one error ("no SGF game tree").
  std::optional<absl::StatusOr<SgfGameTree>> Next();

 private:
  std::unique_ptr<SgfParser> parser_;
};

// Parses a whole collection held in memory. Never fails as a whole.
SgfCollection ParseSgf(std::string text, std::string file_name);
// Reads a file with one read and parses it. Fails only when the file cannot
// be read. `display_name` (default: the path) names the file in errors.
absl::StatusOr<SgfCollection> ReadSgfFile(const std::string& path, std::string display_name = "");

// "FILE: game N: LINE:COL: message", the one error format of the SGF layer.
std::string SgfErrorText(std::string_view file_name, int game_number, SgfLocation at,
                         std::string_view message);

// Value helpers. Text: escapes resolved, soft line breaks ("\" followed by a
// line break) removed. SimpleText: as Text, then every whitespace character
// other than a space (line breaks included) becomes a space.
std::string SgfText(std::string_view raw);
std::string SgfSimpleText(std::string_view raw);
// Escapes ']', '\' and ':' so that any text reads back unchanged (':' only
// matters inside compose values, escaping it elsewhere is harmless).
std::string SgfEscape(std::string_view text);
// Splits a compose value "a:b" at its first unescaped ':'; nullopt if none.
std::optional<std::pair<std::string_view, std::string_view>> SplitSgfCompose(std::string_view raw);

}  // namespace tengen

#endif  // TENGEN_ENGINE_RULES_SGF_PARSER_H_
