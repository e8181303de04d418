# cmake -DINPUT=script.py -DOUTPUT=file.cc -P embed_script.cmake
# Wraps a script in a C++ raw string literal (RenderReportScript() of
# engine/report/render.h). Rewrites OUTPUT only when it changes.
file(READ ${INPUT} content)
string(FIND "${content}" ")tengen_py\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${INPUT} contains the raw string delimiter )tengen_py\"")
endif()
file(WRITE ${OUTPUT}.tmp "// Generated from ${INPUT} by embed_script.cmake; do not edit.
#include <string_view>

#include \"engine/report/render.h\"

namespace tengen::report {

std::string_view RenderReportScript() {
  static constexpr char kScript[] = R\"tengen_py(${content})tengen_py\";
  return std::string_view(kScript, sizeof(kScript) - 1);
}

}  // namespace tengen::report
")
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different ${OUTPUT}.tmp ${OUTPUT})
file(REMOVE ${OUTPUT}.tmp)
