#!/usr/bin/env bash
# setup-python.sh — create .venv with migrate and its test tools (pip install -e '.[dev]').
#
# Idempotent: re-running only re-checks the install. Needs Python >= 3.11; on Debian it
# installs python3-venv when the venv module is missing. Use MIGRATE_PYTHON to pick the
# interpreter and MIGRATE_VENV to put the venv elsewhere.
set -euo pipefail

HERE=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
VENV=${MIGRATE_VENV:-$REPO/.venv}

case "${1:-}" in
  -h|--help) sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  "") ;;
  *) echo "setup-python.sh: unknown argument: $1 (see --help)" >&2; exit 2 ;;
esac

pick_python() {
  for candidate in "${MIGRATE_PYTHON:-}" python3 python3.13 python3.12 python3.11; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      command -v "$candidate"; return 0
    fi
  done
  return 1
}

PY=$(pick_python) || {
  echo "setup-python.sh: Python >= 3.11 is needed (Debian 12: apt-get install python3 python3-venv)" >&2
  exit 1
}

if [ ! -x "$VENV/bin/python" ]; then
  if ! "$PY" -m venv --help >/dev/null 2>&1 || ! "$PY" -c 'import ensurepip' 2>/dev/null; then
    if command -v apt-get >/dev/null 2>&1; then
      echo "setup-python.sh: installing python3-venv"
      SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
      $SUDO apt-get update -qq && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv
    else
      echo "setup-python.sh: $PY has no working venv module; install it (e.g. python3-venv)" >&2
      exit 1
    fi
  fi
  echo "setup-python.sh: creating $VENV with $PY"
  "$PY" -m venv "$VENV"
else
  echo "setup-python.sh: $VENV exists"
fi
"$VENV/bin/python" -m pip install -q --disable-pip-version-check -e "$REPO[dev]"
echo "setup-python.sh: migrate $("$VENV/bin/migrate" --version | awk '{print $NF}') ready in $VENV"
