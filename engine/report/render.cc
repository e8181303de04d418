#include "engine/report/render.h"

#include <spawn.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <vector>

#include "absl/strings/str_format.h"

extern char** environ;

namespace tengen::report {

std::string DefaultPython() {
  constexpr char kDebianPython[] = "/usr/bin/python3";
  return ::access(kDebianPython, X_OK) == 0 ? kDebianPython : "python3";
}

absl::Status RunRenderer(const std::string& python, const std::string& report_json, const std::string& out_dir) {
  std::error_code ec;
  std::filesystem::path tmp = std::filesystem::temp_directory_path(ec);
  if (ec) tmp = "/tmp";
  std::string script = (tmp / "tengen-render-report-XXXXXX.py").string();
  const int fd = ::mkstemps(script.data(), 3);
  if (fd < 0) return absl::InternalError(absl::StrFormat("cannot create %s: %s", script, std::strerror(errno)));
  const std::string_view text = RenderReportScript();
  size_t written = 0;
  while (written < text.size()) {
    const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int err = errno;
      ::close(fd);
      ::unlink(script.c_str());
      return absl::InternalError(absl::StrFormat("cannot write %s: %s", script, std::strerror(err)));
    }
    written += static_cast<size_t>(n);
  }
  ::close(fd);

  std::vector<std::string> argv = {python, script, report_json, out_dir};
  std::vector<char*> args;
  for (std::string& a : argv) args.push_back(a.data());
  args.push_back(nullptr);
  pid_t pid = 0;
  const int rc = ::posix_spawnp(&pid, python.c_str(), nullptr, nullptr, args.data(), environ);
  absl::Status status;
  if (rc != 0) {
    status =
        absl::FailedPreconditionError(absl::StrFormat("cannot run '%s': %s (set --python to a Python 3 with "
                                                      "matplotlib)",
                                                      python, std::strerror(rc)));
  } else {
    int wait_status = 0;
    while (::waitpid(pid, &wait_status, 0) < 0 && errno == EINTR) {
    }
    if (WIFSIGNALED(wait_status)) {
      status =
          absl::InternalError(absl::StrFormat("%s %s was killed by signal %d", python, script, WTERMSIG(wait_status)));
    } else if (WEXITSTATUS(wait_status) != 0) {
      status = absl::InternalError(
          absl::StrFormat("the report renderer (%s render_report.py) exited with status %d; its error is above", python,
                          WEXITSTATUS(wait_status)));
    }
  }
  ::unlink(script.c_str());
  return status;
}

}  // namespace tengen::report
