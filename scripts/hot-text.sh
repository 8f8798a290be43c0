#!/usr/bin/env bash
# Rewrites app/hot-text.order: the functions the bot runs from its start to idle with 100 guilds
# loaded, in the order they first ran. The link packs them at the front of the binary's code, so
# that a bot at rest touches few of its pages (see app/CMakeLists.txt). Run it after a change that
# moves much of the start-up or gateway code; a stale list only costs memory, never correctness
# (names no longer in the binary are ignored, new functions land with the others).
#   needs: valgrind (apt install valgrind), a release build (cmake --build --preset release), and
#   for the package's binary too, a bot build (cmake --build --preset bot)
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d)
trap 'pkill -f "$work/" 2>/dev/null || true; rm -rf "$work"' EXIT
command -v valgrind >/dev/null || { echo "hot-text: valgrind is needed (apt install valgrind)" >&2; exit 1; }
[ -x build/release/bench/gateway_load ] || { echo "hot-text: build the release preset first" >&2; exit 1; }

# One profile per optimised build there is: release (-O2, what scripts/test.sh builds) and bot
# (-O3, the package and the Dockerfile) inline differently, so each runs functions of its own.
profiles=()
for build in build/release build/bot; do
  [ -x "$build/app/guichet" ] || continue
  dir="$work/$(basename "$build")"
  mkdir -p "$dir"
  # valgrind cannot read clang's DWARF 5; the symbol table is all it needs.
  strip --strip-debug -o "$dir/guichet" "$build/app/guichet"
  printf '%s\n' '#!/usr/bin/env bash' \
    "exec valgrind --tool=callgrind --demangle=no --callgrind-out-file=$dir/profile --log-file=$dir/valgrind.log \\" \
    "  $dir/guichet \"\$@\" 2> >(tee $dir/bot.log >&2)" > "$dir/run-bot"
  chmod +x "$dir/run-bot"
  # The benchmark loads 100 guilds, lets the bot idle 5 s (what it measures) and stops it;
  # callgrind writes the profile as the bot exits (its shutdown is in it too, last).
  GUICHET_UNDER_TEST="$dir/run-bot" build/release/bench/gateway_load --one 100 >/dev/null 2>&1 || true
  if [ ! -s "$dir/profile" ]; then
    echo "hot-text: no profile of $build (the bot did not run to its end under valgrind):" >&2
    cat "$dir/bot.log" >&2 || true
    exit 1
  fi
  profiles+=("$dir/profile")
done
python3 scripts/hot_text_sections.py guichet "${profiles[@]}" > app/hot-text.order
echo "hot-text: $(wc -l < app/hot-text.order) sections in app/hot-text.order, from ${#profiles[@]} build(s)"
