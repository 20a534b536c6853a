#!/usr/bin/env bash
# Generic CI step for any CI system: the drift and parity check of `migrate ci` for the change
# under test, with its reports kept whatever the outcome.
#
#   BASE=origin/main docs/ci/ci.sh
#
# Exit status: 0 up to date and parity holds; 1 drift or a parity mismatch (the diff and the
# differences are in the log and in migration/reports/ci/ci.md); 2 the check itself failed.
set -uo pipefail

BASE=${BASE:-origin/main}
REPORTS=${REPORTS:-migration/reports/ci}

git fetch --quiet origin "${BASE#origin/}" || { echo "cannot fetch $BASE" >&2; exit 2; }

migrate ci --base "$BASE" --out "$REPORTS" "$@"
status=$?

case $status in
  0) echo "migrate ci: generated files up to date, Gradle and Bazel agree" ;;
  1) echo "migrate ci: FAILED (see $REPORTS/ci.md; JUnit: $REPORTS/ci.xml)" >&2 ;;
  *) echo "migrate ci: could not run (exit $status)" >&2 ;;
esac
# Point your CI's test-report collector at $REPORTS/ci.xml and its comment/summary step at
# $REPORTS/ci.md.
exit $status
