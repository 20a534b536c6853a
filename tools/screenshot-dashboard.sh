#!/usr/bin/env bash
# Take a screenshot of a migrate HTML dashboard with headless Chromium (Debian's `chromium`,
# installed by tools/setup-debian.sh), to see what `migrate report --format html` draws.
#
#   tools/screenshot-dashboard.sh migration/reports/latest/dashboard.html dashboard.png [WIDTHxHEIGHT]
set -euo pipefail
if [ $# -lt 2 ]; then
  echo "usage: $0 DASHBOARD.html OUT.png [WIDTHxHEIGHT]" >&2
  exit 2
fi
html=$(readlink -f "$1")
out=$(readlink -m "$2")
size=${3:-1400x1700}
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -z "$browser" ]; then
  echo "$0: no Chromium found: install Debian's chromium (tools/setup-debian.sh does)" >&2
  exit 1
fi
[ -f "$html" ] || { echo "$0: no such file: $1" >&2; exit 1; }
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
# --no-sandbox: CI containers run as root, where Chromium's sandbox cannot start.
"$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$profile" \
  --window-size="${size/x/,}" --screenshot="$out" "file://$html" >/dev/null 2>&1
[ -s "$out" ] || { echo "$0: Chromium wrote no screenshot" >&2; exit 1; }
echo "$out"
