#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test (unit, storage contract against SQLite and
# a MongoDB-wire server, end to end against the fake Discord).
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
