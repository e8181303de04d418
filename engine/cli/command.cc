#include "engine/cli/command.h"

#include <utility>

namespace tengen::cli {

std::map<std::string, Command>& CommandRegistry() {
  static auto* registry = new std::map<std::string, Command>();
  return *registry;
}

CommandRegistrar::CommandRegistrar(std::string name, std::string help, CommandFn run) {
  std::string key = name;
  CommandRegistry()[key] = Command{std::move(name), std::move(help), std::move(run)};
}

}  // namespace tengen::cli
