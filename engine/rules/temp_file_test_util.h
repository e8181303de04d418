#ifndef TENGEN_ENGINE_RULES_TEMP_FILE_TEST_UTIL_H_
#define TENGEN_ENGINE_RULES_TEMP_FILE_TEST_UTIL_H_

// A file path for a test's fixture (header-only; tests only). ctest runs
// each test in its own process, several at once, so the pid keeps tests
// that use the same file name apart.

#include <unistd.h>

#include <string>

#include "gtest/gtest.h"

namespace tengen::testing {

inline std::string TempFilePath(const std::string& name) {
  std::string dir = ::testing::TempDir();
  if (!dir.empty() && dir.back() != '/') dir += '/';
  return dir + std::to_string(::getpid()) + "_" + name;
}

}  // namespace tengen::testing

#endif  // TENGEN_ENGINE_RULES_TEMP_FILE_TEST_UTIL_H_
