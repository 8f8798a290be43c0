#!/usr/bin/env bash
# Installs what Guichet needs on Debian 12, and only what is missing: fast when all is there.
# Idempotent: run it as often as you like.
#   (no option)  building the bot and running every test and benchmark
#   --bot        building the bot alone (scripts/run.sh, scripts/package.sh, the Dockerfile)
#   --package    --bot, plus what makes the .deb (dpkg-shlibdeps, strip)
set -euo pipefail

bot=(
  clang-16 cmake pkg-config ccache   # clang: g++ 12 miscompiles coroutine frames (GCC PR 100611)
  binutils                # ld, and gold: the bot is linked with its hot code first (app/CMakeLists.txt)
  libstdc++-12-dev        # clang-16 builds against Debian's libstdc++ (as spdlog, fmt, GTest do)
  libboost1.81-dev        # not libboost-dev (1.74): 1.81 has system::result and as_tuple
  libssl-dev nlohmann-json3-dev zlib1g-dev
  libsimdjson-dev         # On-Demand parsing of the gateway's bulk (GUILD_CREATE)
  libsqlite3-dev libmongoc-dev libbson-dev
  libspdlog-dev libfmt-dev
)
tests=(
  libclang-rt-16-dev      # ASan, UBSan and libFuzzer runtimes (presets debug and fuzz)
  libgtest-dev libbenchmark-dev
  python3-prometheus-client   # the tests read /metrics with Prometheus's own text parser
  dpkg-dev binutils file      # the package test builds the .deb
  chromium                    # a transcript renders, network off, without a broken image
)
package=(dpkg-dev binutils file)

packages=()
need_node=0
case "${1:-}" in
  --bot) packages=("${bot[@]}") ;;
  --package) packages=("${bot[@]}" "${package[@]}") ;;
  "") packages=("${bot[@]}" "${tests[@]}"); need_node=1 ;;
  *) echo "guichet: unknown option $1 (--bot, --package)" >&2; exit 2 ;;
esac

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# The MongoDB-wire test server is a Node.js program; any node >= 18 with npm will do.
if [ "$need_node" = 1 ] && ! command -v npm >/dev/null 2>&1; then
  missing+=(nodejs npm)
fi

if [ ${#missing[@]} -gt 0 ]; then
  echo "guichet: installing ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
