#!/usr/bin/env bash
# Rebuilds the one native helper ttt4j ships (src/main/native/mkl_amd.c) into
# src/main/resources/native/linux-x86_64/libttt4j_mkl_amd.so. Needs a C compiler (apt-get install -y gcc).
# The library is committed, so neither users nor CI need a compiler.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT="$ROOT/src/main/resources/native/linux-x86_64/libttt4j_mkl_amd.so"
mkdir -p "$(dirname "$OUT")"
cc -shared -fPIC -O2 -Wl,--build-id=none -o "$OUT.tmp" "$ROOT/src/main/native/mkl_amd.c"
strip --strip-unneeded "$OUT.tmp"
mv "$OUT.tmp" "$OUT"
echo "wrote $OUT ($(stat -c %s "$OUT") bytes, sha256 $(sha256sum "$OUT" | cut -d' ' -f1))"
