#!/usr/bin/env bash
# Rebuilds the native helpers ttt4j ships into src/main/resources/native/linux-x86_64/:
#   libttt4j_mkl_amd.so  (src/main/native/mkl_amd.c)  MKL's own kernels on AMD CPUs (MklDispatch)
#   libttt4j_kernels.so  (src/main/native/kernels.c)  fused optimizer and copy loops (NativeKernels)
# Needs a C compiler (apt-get install -y gcc). The libraries are committed, so neither users nor CI
# need a compiler.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DIR="$ROOT/src/main/resources/native/linux-x86_64"
mkdir -p "$DIR"
build() {   # build NAME SOURCE FLAGS...
  local out="$DIR/$1" src="$ROOT/src/main/native/$2"
  shift 2
  cc -shared -fPIC -Wl,--build-id=none "$@" -o "$out.tmp" "$src"
  strip --strip-unneeded "$out.tmp"
  mv "$out.tmp" "$out"
  echo "wrote $out ($(stat -c %s "$out") bytes, sha256 $(sha256sum "$out" | cut -d' ' -f1))"
}
build libttt4j_mkl_amd.so mkl_amd.c -O2
# -ffp-contract=off: no fused multiply-add, so every result is rounded as libtorch's separate ops;
# -fno-math-errno lets sqrtf vectorise (same IEEE results, only errno is left alone)
build libttt4j_kernels.so kernels.c -O3 -ffp-contract=off -fno-math-errno -pthread -Wall -Wextra \
  -Werror -ldl -lm
build libttt4j_mae.so mae_step.c -O3 -fno-math-errno -Wall -Wextra -Werror -pthread -ldl -lm
