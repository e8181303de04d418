// tengen: one binary, many subcommands (see command.h).

#include <algorithm>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "engine/cli/command.h"

namespace {

void PrintCommands() {
  std::fprintf(stderr, "usage: tengen <command> [flags] [args]\n\ncommands:\n");
  for (const auto& [name, command] : tengen::cli::CommandRegistry()) {
    std::fprintf(stderr, "  %-18s %s\n", name.c_str(), command.help.c_str());
  }
  std::fprintf(stderr, "\n`tengen <command> --help` lists the flags of that command.\n");
}

}  // namespace

int main(int argc, char** argv) {
  const auto& registry = tengen::cli::CommandRegistry();
  // Longest match first: "sgf check" before "sgf".
  const tengen::cli::Command* command = nullptr;
  int words = 0;
  if (argc >= 3) {
    auto it = registry.find(absl::StrCat(argv[1], " ", argv[2]));
    if (it != registry.end()) {
      command = &it->second;
      words = 2;
    }
  }
  if (command == nullptr && argc >= 2) {
    auto it = registry.find(argv[1]);
    if (it != registry.end()) {
      command = &it->second;
      words = 1;
    }
  }
  if (command == nullptr) {
    if (argc >= 2 && std::string(argv[1]) != "help" && std::string(argv[1]) != "--help") {
      std::fprintf(stderr, "tengen: unknown command '%s%s%s'\n\n", argv[1], argc >= 3 ? " " : "",
                   argc >= 3 ? argv[2] : "");
    }
    PrintCommands();
    return 2;
  }
  // Each command's own --help: its flags only (absl's would list none, since
  // the flags live in other files, and --helpfull lists every command's).
  for (int i = 1 + words; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--") break;
    if (arg == "--help" || arg == "-help" || arg == "-h") return tengen::cli::PrintCommandHelp(*command);
  }
  absl::SetProgramUsageMessage(
      absl::StrFormat("tengen %s: %s", command->name, command->help));
  // GUIs and docs spell flags both ways (--time-managed, --time_managed);
  // absl knows only underscores, so the name part of each flag is mapped.
  std::vector<std::string> storage;
  storage.reserve(argc);
  bool flags_ended = false;
  for (int i = 1 + words; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--") flags_ended = true;
    if (!flags_ended && arg.size() > 2 && arg[0] == '-' && arg[1] == '-') {
      const size_t end = std::min(arg.find('='), arg.size());
      for (size_t k = 2; k < end; ++k) {
        if (arg[k] == '-') arg[k] = '_';
      }
    }
    storage.push_back(std::move(arg));
  }
  std::vector<char*> args;
  std::string program = absl::StrCat("tengen ", command->name);
  args.push_back(program.data());
  for (std::string& arg : storage) args.push_back(arg.data());
  std::vector<char*> rest = absl::ParseCommandLine(static_cast<int>(args.size()), args.data());
  std::vector<std::string> positional(rest.begin() + 1, rest.end());
  return command->run(positional);
}
