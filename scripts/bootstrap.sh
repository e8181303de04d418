#!/usr/bin/env bash
# Installs what tengen needs and configures + builds it. Idempotent: on a warm
# machine every step is a quick check (seconds).
#   source scripts/bootstrap.sh   (sets TENGEN_BUILD, TENGEN_TORCH_PREFIX)
# Environment:
#   TENGEN_CACHE   where the LibTorch venv lives (default ~/.cache/tengen)
#   TENGEN_BUILD   build directory (default ./build)
#   TENGEN_TARGETS ninja targets to build (default: all)
set -euo pipefail

TENGEN_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TENGEN_CACHE=${TENGEN_CACHE:-$HOME/.cache/tengen}
TENGEN_BUILD=${TENGEN_BUILD:-$TENGEN_ROOT/build}
TORCH_VERSION=2.11.0
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"

log() { printf '[bootstrap] %s\n' "$*" >&2; }

# 1. Debian packages (skipped when all are installed).
APT_PACKAGES=(build-essential cmake ninja-build pkg-config git
  libabsl-dev libprotobuf-dev protobuf-compiler libgtest-dev libgmock-dev
  libbenchmark-dev zlib1g-dev libarchive-dev libeigen3-dev gnugo clang libclang-rt-14-dev
  python3 python3-venv python3-pip ccache python3-matplotlib chromium fonts-dejavu-core)
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing Debian packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# 2. LibTorch from the official torch wheel on PyPI, pinned, in a venv of its
#    own (the CUDA 13.0 build: the same API as the GPU machine's 2.11.0+cu130).
TORCH_VENV=$TENGEN_CACHE/torch-$TORCH_VERSION
if ! "$TORCH_VENV/bin/python" -c "import torch,sys; sys.exit(0 if torch.__version__.startswith('$TORCH_VERSION') else 1)" 2>/dev/null; then
  log "installing torch==$TORCH_VERSION into $TORCH_VENV (a few GB, once per machine)"
  mkdir -p "$TENGEN_CACHE"
  python3 -m venv "$TORCH_VENV"
  "$TORCH_VENV/bin/pip" install -q --disable-pip-version-check "torch==$TORCH_VERSION"
fi
TENGEN_TORCH_PREFIX=$("$TORCH_VENV/bin/python" -c 'import torch; print(torch.utils.cmake_prefix_path)' 2>/dev/null)

# 3. A CUDA toolkit. The CUDA LibTorch's CMake files refuse to configure
#    without nvcc and the CUDA headers, even for CPU-only code. Use
#    /usr/local/cuda when it is there; otherwise NVIDIA's PyPI packages of the
#    wheel's CUDA release, laid out as a toolkit under $TENGEN_CACHE (nvcc then
#    also compiles the project's kernels).
TENGEN_CUDA_ARGS=""
if [ -x /usr/local/cuda/bin/nvcc ]; then
  export PATH=/usr/local/cuda/bin:$PATH
else
  CUDA_SHIM=$TENGEN_CACHE/cuda-13.0-pypi
  if [ ! -x "$CUDA_SHIM/bin/nvcc" ]; then
    log "no CUDA toolkit in /usr/local/cuda: installing nvcc 13.0 from PyPI into $TORCH_VENV"
    "$TORCH_VENV/bin/pip" install -q --disable-pip-version-check "nvidia-cuda-nvcc==13.0.88" \
      "nvidia-cuda-crt==13.0.88" "nvidia-nvvm==13.0.88" "nvidia-cuda-cccl==13.0.85"
    CU13=$("$TORCH_VENV/bin/python" -c 'import nvidia, os; print(os.path.join(list(nvidia.__path__)[0], "cu13"))')
    # nvcc finds everything relative to its own folder: a real bin/ of links
    # (with its own nvcc.profile), lib64/ with the unversioned names the
    # linker wants, and the targets/ layout.
    rm -rf "$CUDA_SHIM.tmp" && mkdir -p "$CUDA_SHIM.tmp/bin" "$CUDA_SHIM.tmp/lib64" "$CUDA_SHIM.tmp/targets/x86_64-linux"
    for f in "$CU13"/bin/*; do ln -s "$f" "$CUDA_SHIM.tmp/bin/"; done
    rm "$CUDA_SHIM.tmp/bin/nvcc.profile" && cp "$CU13/bin/nvcc.profile" "$CUDA_SHIM.tmp/bin/"
    for f in "$CU13"/lib/*; do
      b=$(basename "$f")
      ln -s "$f" "$CUDA_SHIM.tmp/lib64/$b"
      u=${b%%.so.*}
      [ "$u" = "$b" ] || [ -e "$CUDA_SHIM.tmp/lib64/$u.so" ] || ln -s "$f" "$CUDA_SHIM.tmp/lib64/$u.so"
    done
    ln -s "$CU13/include" "$CUDA_SHIM.tmp/include"
    ln -s "$CU13/nvvm" "$CUDA_SHIM.tmp/nvvm"
    ln -s lib64 "$CUDA_SHIM.tmp/lib"
    ln -s ../../include "$CUDA_SHIM.tmp/targets/x86_64-linux/include"
    ln -s ../../lib64 "$CUDA_SHIM.tmp/targets/x86_64-linux/lib"
    rm -rf "$CUDA_SHIM" && mv "$CUDA_SHIM.tmp" "$CUDA_SHIM"
  fi
  export PATH=$CUDA_SHIM/bin:$PATH
  TENGEN_CUDA_ARGS="-DCUDAToolkit_ROOT=$CUDA_SHIM -DCUDA_TOOLKIT_ROOT_DIR=$CUDA_SHIM"
fi

# 4. Configure (once) and build. ccache makes rebuilds in fresh clones (CI)
#    cheap: a LibTorch translation unit takes ~20 s to compile.
TENGEN_CCACHE_ARGS=""
if command -v ccache >/dev/null; then
  # Paths relative to the checkout so that every fresh clone hits the cache.
  export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-5G} CCACHE_BASEDIR=$TENGEN_ROOT CCACHE_NOHASHDIR=1
  TENGEN_CCACHE_ARGS="-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_CUDA_COMPILER_LAUNCHER=ccache"
fi
if [ ! -f "$TENGEN_BUILD/build.ninja" ]; then
  log "configuring $TENGEN_BUILD"
  cmake -S "$TENGEN_ROOT" -B "$TENGEN_BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_PREFIX_PATH="$TENGEN_TORCH_PREFIX" -DTENGEN_REQUIRE_LIBARCHIVE=ON $TENGEN_CCACHE_ARGS $TENGEN_CUDA_ARGS \
    >"$TENGEN_BUILD.configure.log" 2>&1 ||
    { cat "$TENGEN_BUILD.configure.log"; exit 1; }
fi
log "building ${TENGEN_TARGETS:-all} in $TENGEN_BUILD"
# Two jobs: a LibTorch translation unit needs ~1.5 GB and the machines have 2 cores.
ninja -C "$TENGEN_BUILD" -j "${TENGEN_JOBS:-2}" ${TENGEN_TARGETS:-}
export TENGEN_BUILD TENGEN_TORCH_PREFIX TENGEN_CCACHE_ARGS TENGEN_CUDA_ARGS
