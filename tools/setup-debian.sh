#!/usr/bin/env bash
# setup-debian.sh — install the real toolchain migrate is tested against, on Debian 12.
#
# Idempotent: re-running skips everything already in place and prints one line
# per step. Needs root (or sudo) and the package registries (Debian, npm, PyPI).
# Run `tools/setup-debian.sh --help` for details.
set -euo pipefail

PROG=$(basename "$0")
HERE=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)

APT_PACKAGES=(
  # asked for by the project
  gradle bazel-bootstrap bazel-rules-java kotlin scala junit4 libhamcrest-java
  libguava-java bazel-bootstrap-source protobuf-compiler libcommons-lang3-java
  libcommons-io-java
  # test frameworks beyond JUnit 4, for examples/frameworks and the JUnit Platform stand-in:
  # JUnit 5 (Jupiter, vintage, platform launcher/console) and TestNG 6.9 (Gradle's own; Debian's
  # libtestng7-java conflicts with it and would remove gradle)
  junit5 testng
  # what tools/bazel-offline-java-tools.sh compiles with (mostly pulled in by
  # bazel-bootstrap already; listed so the dependency is explicit)
  libatinject-jsr330-api-java libgoogle-auto-value-java libgoogle-auto-common-java
  libjavapoet-java libescapevelocity-java default-jdk-headless g++ zlib1g-dev unzip
  # headless browser for the dashboard screenshot (tools/screenshot-dashboard.sh)
  chromium
)
NPM_PACKAGES=("@bazel/buildifier@${MIGRATE_BUILDIFIER_VERSION:-8.2.1}"
              "@bazel/buildozer@${MIGRATE_BUILDOZER_VERSION:-8.2.1}")
BUILDGRID_VENV=${MIGRATE_BUILDGRID_VENV:-/opt/buildgrid-venv}
BUILDGRID_SPEC=${MIGRATE_BUILDGRID_SPEC:-buildgrid}
BUILDGRID_RE_VENV=${MIGRATE_BUILDGRID_RE_VENV:-/opt/buildgrid-re-venv}
BUILDGRID_RE_SPEC=${MIGRATE_BUILDGRID_RE_SPEC:-buildgrid==0.2.53}
WITH_BUILDGRID=0
ORIG_ARGS=("$@")

usage() {
  cat <<EOF
Usage: $PROG [--with-buildgrid] [--help]

Installs, on Debian 12 (bookworm), everything migrate's real-toolchain tests use:
  1. Debian packages (apt-get update only when something is missing):
       ${APT_PACKAGES[*]}
     -> Gradle 4.4.1, Bazel 4.2.3 (/usr/bin/bazel), kotlinc 1.3.31, scalac 2.11.12,
        JDK 17, and the offline Maven mirror /usr/share/maven-repo.
  2. buildifier and buildozer from npm (${NPM_PACKAGES[*]}), on PATH.
  3. The offline Bazel Java toolchain (tools/bazel-offline-java-tools.sh) into
     \$MIGRATE_BAZEL_OFFLINE_DIR (default /opt/bazel-offline); rebuilt only when
     that script changes. Use its offline.bazelrc (see tools/offline.bazelrc.example).
  4. Only with --with-buildgrid: two venvs (own venvs because BuildGrid's pins clash),
     used by tools/buildgrid/start.sh and tests/integration/buildgrid.py:
       \$MIGRATE_BUILDGRID_VENV (default /opt/buildgrid-venv): 'pip install $BUILDGRID_SPEC',
         the REAPI remote cache (tools/buildgrid/cache-only.yml);
       \$MIGRATE_BUILDGRID_RE_VENV (default /opt/buildgrid-re-venv): 'pip install
         $BUILDGRID_RE_SPEC', remote execution (tools/buildgrid/remote-execution.yml: the
         last release whose scheduler takes SQLite). Override the pip requirements with
         MIGRATE_BUILDGRID_SPEC and MIGRATE_BUILDGRID_RE_SPEC.

Safe to re-run: each step prints what it did or why it was skipped. Waits (up
to 10 min) for another running apt/dpkg instead of failing on its lock.
Runs as root, or through sudo when not root.

Environment: MIGRATE_BAZEL_OFFLINE_DIR, MIGRATE_BUILDGRID_VENV, MIGRATE_BUILDGRID_SPEC,
             MIGRATE_BUILDGRID_RE_VENV, MIGRATE_BUILDGRID_RE_SPEC,
             MIGRATE_BUILDIFIER_VERSION, MIGRATE_BUILDOZER_VERSION (default 8.2.1).
EOF
}

while [ $# -gt 0 ]; do
  case "$1" in
    --with-buildgrid) WITH_BUILDGRID=1 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "$PROG: unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

die() { echo "$PROG: error: $*" >&2; exit 1; }
now_ms() { date +%s%3N; }
fmt_ms() { printf '%d.%01ds' $(($1 / 1000)) $((($1 % 1000) / 100)); }
T_START=$(now_ms)
STEP_START=$T_START
step_begin() { STEP_START=$(now_ms); }
report() {  # report STEP MESSAGE   -> one line per step
  printf '[setup] %-22s %s (%s)\n' "$1:" "$2" "$(fmt_ms $(($(now_ms) - STEP_START)))"
}

# ---- 0. platform check ----------------------------------------------------------
if ! command -v apt-get >/dev/null 2>&1 || [ ! -f /etc/debian_version ]; then
  cat >&2 <<EOF
$PROG: error: this script only supports Debian (12 "bookworm"); no apt-get or
/etc/debian_version was found on this machine. Install the equivalents yourself:
  - Gradle >= 4.4                (gradle on PATH)
  - Bazel 4.x                    (bazel on PATH; migrate's generated .bazelrc targets 4.2.3)
  - a JDK 11 or newer            (java and javac on PATH)
  - kotlinc                      (Kotlin compiler, for Kotlin modules)
  - scalac                       (Scala compiler, for Scala modules)
  - buildifier (and buildozer)   e.g. 'npm install -g @bazel/buildifier @bazel/buildozer'
With a Bazel that can download, the offline toolchain (tools/bazel-offline-java-tools.sh)
is not needed.
EOF
  exit 1
fi
debver=$(cat /etc/debian_version)
case "$debver" in
  12*|bookworm*) ;;
  *) echo "[setup] warning: written for Debian 12, this is Debian $debver; continuing" >&2 ;;
esac

SUDO=()
if [ "$(id -u)" != 0 ]; then
  command -v sudo >/dev/null 2>&1 || die "must run as root (or with sudo installed); try: su -c '$0 ${ORIG_ARGS[*]:-}'"
  SUDO=(sudo)
fi

# ---- helpers ----------------------------------------------------------------------
is_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

apt_busy() {
  if command -v fuser >/dev/null 2>&1; then
    "${SUDO[@]}" fuser /var/lib/dpkg/lock-frontend /var/lib/dpkg/lock \
      /var/lib/apt/lists/lock /var/cache/apt/archives/lock >/dev/null 2>&1
  else
    pgrep -x 'apt-get|apt|dpkg|aptitude|unattended-upgr' >/dev/null 2>&1
  fi
}

wait_for_apt() {  # another apt/dpkg may be installing the same packages: let it finish
  local waited=0
  while apt_busy; do
    [ $waited = 0 ] && echo "[setup] waiting for another apt-get/dpkg to finish (up to 600 s)..."
    sleep 3; waited=$((waited + 3))
    [ $waited -lt 600 ] || die "another apt-get/dpkg still holds the lock after 600 s"
  done
}

APT=("${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600)
APT_UPDATED=0
apt_install() {  # apt_install PKG...  (runs apt-get update once per script run)
  if [ $APT_UPDATED = 0 ]; then
    "${APT[@]}" update -qq >/tmp/migrate-setup-apt.log 2>&1 \
      || { tail -20 /tmp/migrate-setup-apt.log >&2; die "apt-get update failed (log: /tmp/migrate-setup-apt.log)"; }
    APT_UPDATED=1
  fi
  "${APT[@]}" install -y -q "$@" >>/tmp/migrate-setup-apt.log 2>&1 \
    || { tail -20 /tmp/migrate-setup-apt.log >&2; die "apt-get install $* failed (log: /tmp/migrate-setup-apt.log)"; }
}

# ---- 1. Debian packages -----------------------------------------------------------
step_begin
pkgs_missing() { local p; for p in "${APT_PACKAGES[@]}"; do is_installed "$p" || echo "$p"; done; }
mapfile -t missing < <(pkgs_missing)
if [ ${#missing[@]} -gt 0 ]; then
  wait_for_apt                       # it may be installing these very packages
  mapfile -t missing < <(pkgs_missing)
fi
if [ ${#missing[@]} = 0 ]; then
  report "apt packages" "skipped, all ${#APT_PACKAGES[@]} already installed"
else
  apt_install "${missing[@]}"
  report "apt packages" "installed ${#missing[@]}: ${missing[*]}"
fi
bazel_ver=$(dpkg-query -W -f='${Version}' bazel-bootstrap)
case "$bazel_ver" in
  4.*) ;;
  *) echo "[setup] warning: bazel-bootstrap is $bazel_ver, migrate's offline set-up was written for 4.2.3" >&2 ;;
esac

# ---- 2. buildifier / buildozer (npm) -----------------------------------------------
step_begin
tool_ok() { command -v "$1" >/dev/null 2>&1 && "$1" --version >/dev/null 2>&1; }
if tool_ok buildifier && tool_ok buildozer; then
  report "buildifier/buildozer" "skipped, $(buildifier --version 2>&1 | head -1 | sed "s/ *$//")"
else
  if ! command -v npm >/dev/null 2>&1; then
    wait_for_apt
    apt_install npm
  fi
  npm_log=/tmp/migrate-setup-npm.log
  "${SUDO[@]}" npm install -g --no-fund --no-audit "${NPM_PACKAGES[@]}" >"$npm_log" 2>&1 \
    || { tail -20 "$npm_log" >&2; die "npm install -g ${NPM_PACKAGES[*]} failed (log: $npm_log)"; }
  # npm's global bin directory may not be on PATH: link the commands into /usr/local/bin
  npm_bin=$(npm prefix -g)/bin
  for t in buildifier buildozer; do
    if ! command -v "$t" >/dev/null 2>&1; then
      [ -x "$npm_bin/$t" ] || die "npm installed no $t in $npm_bin"
      "${SUDO[@]}" ln -sf "$npm_bin/$t" "/usr/local/bin/$t"
    fi
  done
  hash -r
  tool_ok buildifier || die "buildifier was installed but 'buildifier --version' fails"
  tool_ok buildozer || die "buildozer was installed but 'buildozer --version' fails"
  report "buildifier/buildozer" "installed with npm, $(buildifier --version 2>&1 | head -1 | sed "s/ *$//")"
fi

# ---- 3. offline Bazel Java toolchain --------------------------------------------------
step_begin
OFFLINE_SH=$HERE/bazel-offline-java-tools.sh
[ -f "$OFFLINE_SH" ] || die "missing $OFFLINE_SH (incomplete checkout?)"
offline_dir=${MIGRATE_BAZEL_OFFLINE_DIR:-/opt/bazel-offline}
if "${SUDO[@]}" env MIGRATE_BAZEL_OFFLINE_DIR="$offline_dir" bash "$OFFLINE_SH" --check >/dev/null 2>&1; then
  report "bazel offline tools" "skipped, up to date in $offline_dir"
else
  log=/tmp/migrate-setup-bazel-offline.log
  "${SUDO[@]}" env MIGRATE_BAZEL_OFFLINE_DIR="$offline_dir" bash "$OFFLINE_SH" >"$log" 2>&1 \
    || { tail -30 "$log" >&2; die "building the offline Bazel Java toolchain failed (log: $log)"; }
  report "bazel offline tools" "built into $offline_dir (use $offline_dir/offline.bazelrc)"
fi

# ---- 4. BuildGrid (optional) ------------------------------------------------------------
bg_version() { "$1/bin/python" -m pip show buildgrid 2>/dev/null | sed -n 's/^Version: //p'; }
install_buildgrid() {  # install_buildgrid STEP VENV SPEC
  local step=$1 venv=$2 spec=$3 bg_py=$2/bin/python want= have log
  case "$spec" in *==*) want=${spec##*==} ;; esac
  step_begin
  if [ -x "$bg_py" ] && "$bg_py" -c 'import buildgrid' >/dev/null 2>&1 \
     && [ -x "$venv/bin/bgd" ] && { [ -z "$want" ] || [ "$(bg_version "$venv")" = "$want" ]; }; then
    report "$step" "skipped, buildgrid $(bg_version "$venv") in $venv"
    return
  fi
  # Debian's own Python 3.11; its venv module needs python3-venv.
  py=/usr/bin/python3
  if ! is_installed python3-venv || [ ! -x "$py" ]; then
    wait_for_apt
    apt_install python3 python3-venv
  fi
  log=/tmp/migrate-setup-$step.log
  {
    "${SUDO[@]}" "$py" -m venv "$venv" \
      && "${SUDO[@]}" "$bg_py" -m pip install -q --upgrade pip \
      && "${SUDO[@]}" "$bg_py" -m pip install -q "$spec"
  } >"$log" 2>&1 || { tail -30 "$log" >&2; die "installing $spec into $venv failed (log: $log)"; }
  "$bg_py" -c 'import buildgrid' || die "BuildGrid installed but 'import buildgrid' fails in $venv"
  have=$(bg_version "$venv")
  [ -z "$want" ] || [ "$have" = "$want" ] || die "$venv has buildgrid $have, wanted $want"
  report "$step" "installed buildgrid $have into $venv (server: $venv/bin/bgd)"
}
if [ $WITH_BUILDGRID = 1 ]; then
  install_buildgrid buildgrid-venv "$BUILDGRID_VENV" "$BUILDGRID_SPEC"
  install_buildgrid buildgrid-re-venv "$BUILDGRID_RE_VENV" "$BUILDGRID_RE_SPEC"
else
  step_begin
  report "buildgrid venvs" "skipped (not requested; use --with-buildgrid)"
fi

echo "[setup] done in $(fmt_ms $(($(now_ms) - T_START)))"
