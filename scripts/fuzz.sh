#!/usr/bin/env bash
# Builds the libFuzzer targets (preset fuzz: ASan + UBSan) and runs each on a copy of its seed
# corpus for SECONDS seconds (default 12: about a minute for the six, as CI does). A crash, a leak or a
# timeout fails the run and leaves the input in build/fuzz/findings/: make it a regression test.
# Long run: ./scripts/fuzz.sh 3600
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-12}"
targets=(gateway_frame interaction custom_id markdown messages guild_document)
corpus_of() { case "$1" in gateway_frame) echo frame ;; *) echo "$1" ;; esac; }

cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j"$(nproc)" --target "${targets[@]/#/fuzz_}"
mkdir -p build/fuzz/findings
for t in "${targets[@]}"; do
  work="build/fuzz/corpus/$t"
  mkdir -p "$work"
  cp -n "fuzz/corpus/$(corpus_of "$t")"/* "$work"/ 2>/dev/null || true
  echo "guichet: fuzzing $t for ${seconds} s"
  if ! "./build/fuzz/fuzz/fuzz_$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
       -artifact_prefix="build/fuzz/findings/$t-" "$work" > "build/fuzz/$t.log" 2>&1; then
    tail -n 40 "build/fuzz/$t.log"
    echo "guichet: fuzz_$t found a failure (input in build/fuzz/findings/)" >&2
    exit 1
  fi
  grep -E "^stat::number_of_executed_units|^#[0-9]+.*DONE" "build/fuzz/$t.log" | tail -n 2
done
