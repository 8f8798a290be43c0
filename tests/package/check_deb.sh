#!/usr/bin/env bash
# Checks the Debian package the way an admin meets it: its files, its dependencies, its conffile,
# then (as root, on a machine where no guichet package is installed) installs it, runs the
# installed binary, verifies the installed units with systemd-analyze, and purges it again.
#   tests/package/check_deb.sh dist/guichet_<version>_amd64.deb <version>
set -euo pipefail
deb=$1
version=$2
failures=0
fail() { echo "FAILED: $*" >&2; failures=$((failures + 1)); }
pass() { echo "ok: $*"; }

contents=$(dpkg-deb -c "$deb" | awk '{print $1, $2, $NF}')
expect_file() {  # mode owner path
  if grep -qxF -- "$1 $2 ./${3#/}" <<<"$contents"; then pass "$3 ($1 $2)"; else fail "$3 not in the package as $1 $2"; fi
}
expect_file -rwxr-xr-x root/root /usr/bin/guichet
expect_file -rw-r--r-- root/root /usr/lib/guichet/guichet-mongodb.so
expect_file -rw-r--r-- root/root /lib/systemd/system/guichet.service
expect_file -rw-r--r-- root/root /lib/systemd/system/guichet@.service
expect_file -rw------- root/root /etc/guichet/guichet.env
expect_file -rw-r--r-- root/root /usr/share/doc/guichet/LICENSE
if grep -q '^DISCORD_TOKEN=$' <(dpkg-deb --fsys-tarfile "$deb" | tar -xO ./etc/guichet/guichet.env); then
  pass "the env file asks for the token"
else fail "the env file has no empty DISCORD_TOKEN= line"; fi

[ "$(dpkg-deb -f "$deb" Version)" = "$version" ] && pass "version $version" || fail "version is not $version"
if dpkg-deb --ctrl-tarfile "$deb" | tar -xO ./conffiles | grep -qx /etc/guichet/guichet.env; then
  pass "/etc/guichet/guichet.env is a conffile"
else fail "/etc/guichet/guichet.env is not a conffile"; fi
depends=$(dpkg-deb -f "$deb" Depends)
for lib in libmongoc-1.0-0 libsqlite3-0 libssl3 adduser; do
  grep -q "$lib" <<<"$depends" && pass "depends on $lib" || fail "no dependency on $lib: $depends"
done
if grep -qE -- '-dev|gtest|clang|nodejs|cmake|benchmark' <<<"$depends"; then
  fail "build or test tools among the dependencies: $depends"
else pass "runtime libraries only"; fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
dpkg-deb -x "$deb" "$tmp/root"
if readelf -S "$tmp/root/usr/bin/guichet" | grep -qE '\.symtab|\.debug_info'; then
  fail "/usr/bin/guichet is not stripped"
else pass "/usr/bin/guichet is stripped"; fi
# The bot on SQLite does not carry libmongoc; the module does.
if readelf -d "$tmp/root/usr/bin/guichet" | grep -q 'libmongoc'; then
  fail "/usr/bin/guichet links libmongoc itself"
else pass "/usr/bin/guichet leaves libmongoc to its module"; fi
readelf -d "$tmp/root/usr/lib/guichet/guichet-mongodb.so" | grep -q 'libmongoc' \
  && pass "the module links libmongoc" || fail "the module does not link libmongoc"

if [ "$(id -u)" -ne 0 ]; then
  echo "SKIPPED: installing the package needs root (dpkg -i); run the tests as root to check it"
elif dpkg-query -W -f='${Status}' guichet 2>/dev/null | grep -q installed; then
  echo "SKIPPED: a guichet package is already installed here; not replacing it to test this one"
else
  created_user=1
  getent passwd guichet >/dev/null && created_user=0
  cleanup() {
    dpkg --purge guichet >/dev/null 2>&1 || true
    if [ "$created_user" = 1 ]; then
      userdel guichet >/dev/null 2>&1 || true
      groupdel guichet >/dev/null 2>&1 || true
      rm -rf /var/lib/guichet
    fi
    rm -rf "$tmp"
  }
  trap cleanup EXIT
  if dpkg -i "$deb" >"$tmp/dpkg.log" 2>&1; then pass "dpkg -i"; else cat "$tmp/dpkg.log" >&2; fail "dpkg -i"; fi
  [ "$(/usr/bin/guichet --version)" = "guichet $version" ] && pass "guichet --version" || fail "/usr/bin/guichet --version"
  getent passwd guichet >/dev/null && pass "user guichet" || fail "no guichet user after install"
  [ "$(stat -c '%U:%G %a' /var/lib/guichet)" = "guichet:guichet 750" ] && pass "/var/lib/guichet" \
    || fail "/var/lib/guichet is $(stat -c '%U:%G %a' /var/lib/guichet 2>&1)"
  if command -v systemd-analyze >/dev/null; then
    if systemd-analyze verify /lib/systemd/system/guichet.service /lib/systemd/system/guichet@0.service \
        >"$tmp/verify.log" 2>&1; then
      pass "systemd-analyze verify guichet.service guichet@0.service"
    else cat "$tmp/verify.log" >&2; fail "systemd-analyze verify"; fi
  else
    echo "SKIPPED: systemd-analyze is absent; the installed units were not verified"
  fi
  # As the unit starts it, with the untouched env file: the missing token is a permanent error (2).
  set +e
  env -i $(grep -E '^[A-Z_]+=' /etc/guichet/guichet.env) GUICHET_DB=/var/lib/guichet/guichet.db \
    /usr/bin/guichet >"$tmp/run.log" 2>&1
  status=$?
  set -e
  if [ "$status" = 2 ] && grep -q DISCORD_TOKEN "$tmp/run.log"; then
    pass "the installed bot without a token says so and exits 2"
  else cat "$tmp/run.log" >&2; fail "the installed bot without a token exited $status"; fi
  # The installed module loads: with MONGODB_URI the bot gets as far as libmongoc failing to reach it.
  set +e
  env -i DISCORD_TOKEN=x MONGODB_URI='mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=300' \
    /usr/bin/guichet check >"$tmp/mongo.log" 2>&1
  status=$?
  set -e
  if [ "$status" = 3 ] && grep -q 'cannot be reached' "$tmp/mongo.log"; then
    pass "the installed bot loads /usr/lib/guichet/guichet-mongodb.so"
  else cat "$tmp/mongo.log" >&2; fail "the installed bot with MONGODB_URI exited $status"; fi
  if dpkg --purge guichet >"$tmp/purge.log" 2>&1 && [ ! -e /usr/bin/guichet ] && [ ! -e /etc/guichet/guichet.env ]; then
    pass "dpkg --purge removes the binary and the conffile"
  else cat "$tmp/purge.log" >&2; fail "dpkg --purge"; fi
fi

if [ "$failures" -gt 0 ]; then
  echo "package check: $failures failure(s)" >&2
  exit 1
fi
echo "package check: all passed"
