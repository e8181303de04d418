# tengen_library(NAME DIR [DEPS ...] [TEST_DEPS ...] [CUDA])
# Every *.cc in DIR that is not a *_test.cc goes into the static library NAME;
# every *_test.cc goes into one GoogleTest executable NAME_test registered with
# CTest. Globbing (with CONFIGURE_DEPENDS) keeps parallel work from fighting
# over CMakeLists.txt edits: adding a file is enough.
function(tengen_library name)
  cmake_parse_arguments(ARG "CUDA" "DIR" "DEPS;TEST_DEPS" ${ARGN})
  file(GLOB all_sources CONFIGURE_DEPENDS ${ARG_DIR}/*.cc)
  set(sources)
  set(tests)
  foreach(f ${all_sources})
    if(f MATCHES "_test\\.cc$")
      list(APPEND tests ${f})
    elseif(NOT f MATCHES "_fuzzer\\.cc$")
      list(APPEND sources ${f})
    endif()
  endforeach()
  if(ARG_CUDA AND TENGEN_CUDA_FOUND)
    file(GLOB cuda_sources CONFIGURE_DEPENDS ${ARG_DIR}/*.cu)
    list(APPEND sources ${cuda_sources})
  endif()
  if(sources)
    add_library(${name} STATIC ${sources})
    target_link_libraries(${name} PUBLIC ${ARG_DEPS})
  else()
    add_library(${name} INTERFACE)
    target_link_libraries(${name} INTERFACE ${ARG_DEPS})
  endif()
  if(tests)
    add_executable(${name}_test ${tests})
    target_link_libraries(${name}_test PRIVATE ${name} ${ARG_TEST_DEPS} GTest::gmock GTest::gtest_main)
    gtest_discover_tests(${name}_test
      WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
      PROPERTIES ENVIRONMENT "TENGEN_SOURCE_DIR=${PROJECT_SOURCE_DIR}"
      DISCOVERY_TIMEOUT 120)
  endif()
endfunction()
