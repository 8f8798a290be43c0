#!/usr/bin/env bash
# Rewrites app/hot-text.order: the functions the bot runs from its start to idle with 100 guilds
# loaded, in the order they first ran. The link packs them at the front of the binary's code, so
# that a bot at rest touches few of its pages (see app/CMakeLists.txt). Run it after a change that
# moves much of the start-up or gateway code; a stale list only costs memory, never correctness
# (names no longer in the binary are ignored, new functions land with the others).
#   needs: valgrind (apt install valgrind), a release build (cmake --build --preset release)
set -euo pipefail
cd "$(dirname "$0")/.."

build=build/release
work=$(mktemp -d)
trap 'pkill -f "$work/guichet" 2>/dev/null || true; rm -rf "$work"' EXIT
command -v valgrind >/dev/null || { echo "hot-text: valgrind is needed (apt install valgrind)" >&2; exit 1; }
[ -x "$build/app/guichet" ] && [ -x "$build/bench/gateway_load" ] || { echo "hot-text: build the release preset first" >&2; exit 1; }

# valgrind cannot read clang's DWARF 5; the symbol table is all it needs.
strip --strip-debug -o "$work/guichet" "$build/app/guichet"
cat > "$work/run-bot" <<EOF
#!/usr/bin/env bash
exec valgrind --tool=callgrind --demangle=no --callgrind-out-file=$work/profile --log-file=$work/valgrind.log \
  "$work/guichet" "\$@" 2> >(tee "$work/bot.log" >&2)
EOF
chmod +x "$work/run-bot"

# The benchmark loads 100 guilds, lets the bot idle 5 s (what it measures) and stops it; callgrind
# writes the profile as the bot exits (its shutdown is in it too, last).
GUICHET_UNDER_TEST="$work/run-bot" "$build/bench/gateway_load" --one 100 >/dev/null 2>&1 || true
[ -s "$work/profile" ] || { echo "hot-text: no profile (the bot did not run to its end under valgrind):" >&2; cat "$work/bot.log" >&2; exit 1; }
python3 scripts/hot_text_sections.py "$work/profile" guichet > app/hot-text.order
echo "hot-text: $(wc -l < app/hot-text.order) sections in app/hot-text.order"
