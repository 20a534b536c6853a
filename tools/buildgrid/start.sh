#!/usr/bin/env bash
# start.sh — run a local BuildGrid (REAPI server) on 127.0.0.1 for Bazel's remote cache or
# remote execution, wait until it answers GetCapabilities, print its grpc:// URL.
# Run `tools/buildgrid/start.sh --help` for details.
set -euo pipefail

PROG=$(basename "$0")
HERE=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
CACHE_VENV=${MIGRATE_BUILDGRID_VENV:-/opt/buildgrid-venv}
RE_VENV=${MIGRATE_BUILDGRID_RE_VENV:-/opt/buildgrid-re-venv}
PORT=0
MODE=cache
DIR=
TIMEOUT=60
STOP=0

usage() {
  cat <<EOF
Usage: $PROG [--port N] [--remote-execution] [--dir DIR] [--timeout SECONDS]
       $PROG --stop --dir DIR

Starts BuildGrid in the background on 127.0.0.1 and prints grpc://127.0.0.1:PORT once
it answers GetCapabilities (not after a fixed sleep). The server runs in its own process
group; its config, log and PID files go to DIR (default: a new temporary directory, printed).

  (default)            remote cache only: tools/buildgrid/cache-only.yml with the BuildGrid
                       in \$MIGRATE_BUILDGRID_VENV (default /opt/buildgrid-venv).
                         bazel build --remote_cache=grpc://127.0.0.1:PORT //...
  --remote-execution   cache + execution: tools/buildgrid/remote-execution.yml with BuildGrid
                       0.2.53 in \$MIGRATE_BUILDGRID_RE_VENV (default /opt/buildgrid-re-venv),
                       plus one worker (tools/buildgrid/hostbot.py, runs actions on this host).
                         bazel build --remote_executor=grpc://127.0.0.1:PORT --remote_timeout=60 //...
  --port N             listen on N (default: a free port)
  --timeout SECONDS    how long to wait for readiness (default 60)
  --stop --dir DIR     stop what a previous start left in DIR (server and worker groups)

Set-up: tools/setup-debian.sh --with-buildgrid installs both venvs.
EOF
}

while [ $# -gt 0 ]; do
  case "$1" in
    --port) PORT=$2; shift ;;
    --port=*) PORT=${1#*=} ;;
    --dir) DIR=$2; shift ;;
    --dir=*) DIR=${1#*=} ;;
    --timeout) TIMEOUT=$2; shift ;;
    --timeout=*) TIMEOUT=${1#*=} ;;
    --remote-execution) MODE=execution ;;
    --stop) STOP=1 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "$PROG: unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

die() { echo "$PROG: error: $*" >&2; exit 1; }

stop_group() {  # stop_group PIDFILE: TERM the process group, KILL it after 10 s
  local pid
  [ -f "$1" ] || return 0
  pid=$(cat "$1")
  if kill -0 -- "-$pid" 2>/dev/null; then
    kill -TERM -- "-$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 -- "-$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL -- "-$pid" 2>/dev/null || true
  fi
  rm -f "$1"
}

if [ $STOP = 1 ]; then
  [ -n "$DIR" ] || die "--stop needs --dir DIR"
  stop_group "$DIR/worker.pid"
  stop_group "$DIR/server.pid"
  echo "stopped BuildGrid in $DIR"
  exit 0
fi

if [ $MODE = cache ]; then
  VENV=$CACHE_VENV; CONFIG=$HERE/cache-only.yml
else
  VENV=$RE_VENV; CONFIG=$HERE/remote-execution.yml
fi
[ -x "$VENV/bin/bgd" ] || die "no BuildGrid in $VENV: run tools/setup-debian.sh --with-buildgrid"
PY=$VENV/bin/python

if [ "$PORT" = 0 ]; then
  PORT=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
fi
case "$PORT" in ''|*[!0-9]*) die "--port: not a number: $PORT" ;; esac
[ -n "$DIR" ] || DIR=$(mktemp -d "${TMPDIR:-/tmp}/buildgrid.XXXXXX")
mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)
sed -E "s/^( *address: *\"127\.0\.0\.1:)[0-9]+\"/\1$PORT\"/" "$CONFIG" > "$DIR/config.yml"
grep -q "127.0.0.1:$PORT\"" "$DIR/config.yml" || die "could not set the port in $DIR/config.yml"

setsid "$VENV/bin/bgd" server start "$DIR/config.yml" >"$DIR/server.log" 2>&1 </dev/null &
echo $! >"$DIR/server.pid"
if [ $MODE = execution ]; then
  setsid "$PY" "$HERE/hostbot.py" --remote "http://127.0.0.1:$PORT" --instance "" \
    >"$DIR/worker.log" 2>&1 </dev/null &
  echo $! >"$DIR/worker.pid"
fi

ready_args=("127.0.0.1:$PORT" --timeout "$TIMEOUT" --pid "$(cat "$DIR/server.pid")")
[ $MODE = execution ] && ready_args+=(--execution)
if ! "$PY" "$HERE/wait_ready.py" "${ready_args[@]}" >"$DIR/ready.log" 2>&1; then
  cat "$DIR/ready.log" >&2
  tail -n 20 "$DIR/server.log" >&2 || true
  stop_group "$DIR/worker.pid"
  stop_group "$DIR/server.pid"
  die "BuildGrid did not become ready (log: $DIR/server.log)"
fi
echo "[buildgrid] $(cat "$DIR/ready.log") — logs and PIDs in $DIR; stop: $0 --stop --dir $DIR" >&2
echo "grpc://127.0.0.1:$PORT"
