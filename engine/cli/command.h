#ifndef TENGEN_ENGINE_CLI_COMMAND_H_
#define TENGEN_ENGINE_CLI_COMMAND_H_

// Subcommand registry of the `tengen` binary. A command is named by one or
// two words ("gtp", "sgf check", "bench board"); main() matches the longest
// registered name at the front of argv, parses the remaining flags with
// absl::ParseCommandLine and hands the positional arguments to Run.
//
// Usage in a command file (engine/cli/foo_command.cc):
//   ABSL_FLAG(...) for flags only this command uses (check common_flags.h
//   first: a flag name may be defined once in the whole binary);
//   TENGEN_REGISTER_COMMAND(sgf_check, "sgf check", "replays SGF files", RunSgfCheck);
// where Run is int(const std::vector<std::string>& positional) and returns
// the process exit code.

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace tengen::cli {

using CommandFn = std::function<int(const std::vector<std::string>& positional)>;

struct Command {
  std::string name;
  std::string help;
  CommandFn run;
};

std::map<std::string, Command>& CommandRegistry();

struct CommandRegistrar {
  CommandRegistrar(std::string name, std::string help, CommandFn run);
};

}  // namespace tengen::cli

#define TENGEN_REGISTER_COMMAND(id, name, help, fn) \
  static ::tengen::cli::CommandRegistrar tengen_command_registrar_##id(name, help, fn)

#endif  // TENGEN_ENGINE_CLI_COMMAND_H_
