# Protobuf must be found BEFORE Torch: the pip LibTorch ships its own old
# google/protobuf headers and its own protobuf::libprotobuf target
# (see ../shared/device/README.md).
find_package(Protobuf REQUIRED)
find_package(absl REQUIRED)
find_package(GTest REQUIRED)
find_package(benchmark QUIET)
find_package(Threads REQUIRED)
find_package(ZLIB REQUIRED)
find_package(Eigen3 3.3 REQUIRED NO_MODULE)

# LibTorch from the official torch wheel (pinned 2.11.0). scripts/bootstrap.sh
# installs it and passes -DCMAKE_PREFIX_PATH=<torch cmake prefix>.
set(TENGEN_CUDA_FOUND OFF)
if(TENGEN_WITH_CUDA)
  include(CheckLanguage)
  check_language(CUDA)
  if(CMAKE_CUDA_COMPILER)
    # CMake 3.25 does not know nvcc 13's C++20 flag; the kernels need only 17.
    set(CMAKE_CUDA_STANDARD 17)
    set(CMAKE_CUDA_STANDARD_REQUIRED ON)
    enable_language(CUDA)
    set(TENGEN_CUDA_FOUND ON)
    if(NOT DEFINED CMAKE_CUDA_ARCHITECTURES)
      set(CMAKE_CUDA_ARCHITECTURES 90)
    endif()
  endif()
endif()
message(STATUS "tengen: CUDA kernels ${TENGEN_CUDA_FOUND}")

# The CUDA LibTorch probes the local GPUs unless an arch list is given; there
# is no GPU on the build machines, and the GPU machine is a Hopper (sm_90).
if(NOT DEFINED ENV{TORCH_CUDA_ARCH_LIST})
  set(ENV{TORCH_CUDA_ARCH_LIST} "9.0")
endif()
find_package(Torch REQUIRED)
message(STATUS "tengen: Torch ${Torch_VERSION} libraries ${TORCH_LIBRARIES}")

# libarchive reads the .zip / .tar.gz collections of human games (imitation
# prepare). Required where bootstrap.sh installs packages; optional so that the
# GPU machine (no package archive, only the carried .gpu-deps) still builds:
# there, archives are refused with a clear error and SGF folders still work.
if(TENGEN_REQUIRE_LIBARCHIVE)
  find_package(LibArchive REQUIRED)
else()
  find_package(LibArchive)
endif()
message(STATUS "tengen: libarchive ${LibArchive_FOUND}")
