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
//   TENGEN_REGISTER_COMMAND(sgf_check, "sgf check", "replays SGF files", RunSgfCheck,
//                           "sgf_ko", "size");
// where Run is int(const std::vector<std::string>& positional) and returns
// the process exit code, and the trailing names are every flag the command
// reads (`tengen <command> --help` lists exactly those; an entry
// "file:NAME.cc" stands for every flag defined in that file).

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
  std::vector<std::string> flags;
};

std::map<std::string, Command>& CommandRegistry();

struct CommandRegistrar {
  CommandRegistrar(std::string name, std::string help, CommandFn run, std::vector<std::string> flags);
};

// `tengen <command> --help`: the command's usage and its flags, with their
// defaults and help. Returns the exit code.
int PrintCommandHelp(const Command& command);

}  // namespace tengen::cli

#define TENGEN_REGISTER_COMMAND(id, name, help, fn, ...) \
  static ::tengen::cli::CommandRegistrar tengen_command_registrar_##id(name, help, fn, {__VA_ARGS__})

#endif  // TENGEN_ENGINE_CLI_COMMAND_H_
