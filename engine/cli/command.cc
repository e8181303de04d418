#include "engine/cli/command.h"

#include <algorithm>
#include <cstdio>
#include <utility>

#include "absl/flags/commandlineflag.h"
#include "absl/flags/reflection.h"
#include "absl/strings/match.h"

namespace tengen::cli {

std::map<std::string, Command>& CommandRegistry() {
  static auto* registry = new std::map<std::string, Command>();
  return *registry;
}

CommandRegistrar::CommandRegistrar(std::string name, std::string help, CommandFn run,
                                   std::vector<std::string> flags) {
  std::string key = name;
  CommandRegistry()[key] = Command{std::move(name), std::move(help), std::move(run), std::move(flags)};
}

int PrintCommandHelp(const Command& command) {
  std::printf("tengen %s: %s\n\nflags:\n", command.name.c_str(), command.help.c_str());
  const auto all = absl::GetAllFlags();
  std::vector<const absl::CommandLineFlag*> shown;
  bool unknown = false;
  for (const std::string& entry : command.flags) {
    if (absl::StartsWith(entry, "file:")) {
      const std::string file = entry.substr(5);
      std::vector<const absl::CommandLineFlag*> from_file;
      for (const auto& [name, flag] : all) {
        if (absl::EndsWith(flag->Filename(), "/" + file)) from_file.push_back(flag);
      }
      std::sort(from_file.begin(), from_file.end(),
                [](const auto* a, const auto* b) { return a->Name() < b->Name(); });
      shown.insert(shown.end(), from_file.begin(), from_file.end());
      continue;
    }
    auto it = all.find(entry);
    if (it == all.end()) {
      std::printf("  --%s (unknown flag: a bug in the command's registration)\n", entry.c_str());
      unknown = true;
      continue;
    }
    shown.push_back(it->second);
  }
  for (const absl::CommandLineFlag* flag : shown) {
    std::string help = flag->Help();
    // Shared help texts may start with the command family ("bench search: ...").
    std::printf("  --%s (default: %s)\n      %s\n", std::string(flag->Name()).c_str(),
                flag->DefaultValue().empty() ? "\"\"" : flag->DefaultValue().c_str(), help.c_str());
  }
  if (shown.empty() && !unknown) std::printf("  (none)\n");
  std::printf("\nFlags may be written --name=value or --name value, with - or _ in names.\n");
  return unknown ? 1 : 0;
}

}  // namespace tengen::cli
