#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test (unit, storage contract against SQLite and
# a MongoDB-wire server, end to end against the fake Discord, the Debian package).
#   --sanitizers  also builds the debug preset (ASan + UBSan) and runs the whole suite under it
#   --fuzz        also runs each libFuzzer target for 12 s (scripts/fuzz.sh)
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/install-deps.sh
if [ ! -d tests/mongo_wire/node_modules/@push.rocks/smartmongo ]; then
  echo "guichet: installing the MongoDB-wire test server (npm)"
  (cd tests/mongo_wire && npm ci --ignore-scripts --no-audit --no-fund)
fi

cmake --preset release
cmake --build --preset release -j"$(nproc)"
ctest --preset release -j"$(nproc)"

# The Debian package: built as an admin builds it, then checked and (as root) installed and purged.
version=$(sed -nE 's/^project\(guichet VERSION ([0-9.]+).*/\1/p' CMakeLists.txt)
./scripts/package.sh
tests/package/check_deb.sh "dist/guichet_${version}_amd64.deb" "$version"

for arg in "$@"; do
  case "$arg" in
    --sanitizers)
      cmake --preset debug
      cmake --build --preset debug -j"$(nproc)"
      ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
        ctest --preset debug -j"$(nproc)"
      ;;
    --fuzz) ./scripts/fuzz.sh 12 ;;
    *) echo "guichet: unknown option $arg (--sanitizers, --fuzz)" >&2; exit 2 ;;
  esac
done
