#!/usr/bin/env bash
# Builds the Debian package: dist/guichet_<version>_amd64.deb (the bot stripped and optimised, the
# systemd units, the commented /etc/guichet/guichet.env, the maintainer scripts).
#   apt install ./dist/guichet_*.deb
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/install-deps.sh --package
cmake --preset bot >/dev/null
cmake --build --preset bot -j"$(nproc)"
rm -f dist/guichet_*.deb
(cd build/bot && cpack -G DEB >/dev/null)
deb=$(ls dist/guichet_*.deb)
echo "guichet: built $deb"
