#!/usr/bin/env bash
# A TEST FIXTURE, NOT A DEPLOYMENT: a throwaway PostgreSQL on 127.0.0.1 with its data under /tmp, for tests,
# benchmarks and CI. It trusts every local connection (no passwords checked) and runs with fsync,
# synchronous_commit and full_page_writes off, so a crash of the machine loses or corrupts its data. For
# production see docs/deploy.md.
#   scripts/postgres.sh start                -> the shared server (port 54329, data in /tmp/kizuna-pg); prints its URL
#   scripts/postgres.sh stop                 -> stops the shared server
#   scripts/postgres.sh start --ephemeral    -> a server of its own: a fresh data folder and a free port; prints
#                                               its URL, then `stop-ephemeral <folder>` on the line before it
#   scripts/postgres.sh stop-ephemeral DIR   -> stops (and deletes) that one server only
# KIZUNA_PG_PORT and KIZUNA_PG_DATA move the shared server (KIZUNA_PG_PORT=0: a free port, as --ephemeral).
# Installs Debian's postgresql when no server binaries are found (root only, as on CI machines).
set -euo pipefail
PGPORT="${KIZUNA_PG_PORT:-54329}"
PGDATA="${KIZUNA_PG_DATA:-/tmp/kizuna-pg}"
PGUSER_NAME="kizuna"

find_bin() {
  for dir in /usr/lib/postgresql/*/bin /usr/local/bin /usr/bin; do
    [ -x "$dir/pg_ctl" ] && [ -x "$dir/initdb" ] && { echo "$dir"; return 0; }
  done
  return 1
}

run_as_postgres() {
  if [ "$(id -u)" = "0" ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi
}

free_port() {
  node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

start() {
  if ! BIN=$(find_bin); then
    echo "installing postgresql from Debian…" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >&2
    BIN=$(find_bin)
  fi
  if [ "$(id -u)" = "0" ] && ! id postgres >/dev/null 2>&1; then
    useradd --system --no-create-home postgres
  fi
  if [ ! -f "$PGDATA/PG_VERSION" ]; then
    mkdir -p "$PGDATA"
    [ "$(id -u)" = "0" ] && chown postgres "$PGDATA"
    run_as_postgres "'$BIN/initdb' -D '$PGDATA' -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null"
  fi
  # A server already running on this folder keeps the port it was started with.
  if run_as_postgres "'$BIN/pg_ctl' -D '$PGDATA' status" >/dev/null 2>&1; then
    [ -f "$PGDATA/kizuna-port" ] && PGPORT=$(cat "$PGDATA/kizuna-port")
  else
    [ "$PGPORT" = "0" ] && PGPORT=$(free_port)
    run_as_postgres "'$BIN/pg_ctl' -D '$PGDATA' -l '$PGDATA/server.log' -w -o \"-p $PGPORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=/tmp -c fsync=off -c synchronous_commit=off -c full_page_writes=off\" start" >/dev/null
    echo "$PGPORT" | run_as_postgres "cat > '$PGDATA/kizuna-port'"
  fi
  PSQL=$(command -v psql || echo "$BIN/psql")
  "$PSQL" -h 127.0.0.1 -p "$PGPORT" -U postgres -tAc "SELECT 1 FROM pg_roles WHERE rolname='$PGUSER_NAME'" | grep -q 1 ||
    "$PSQL" -h 127.0.0.1 -p "$PGPORT" -U postgres -qc "CREATE ROLE $PGUSER_NAME LOGIN SUPERUSER PASSWORD 'kizuna'"
  echo "postgresql://$PGUSER_NAME:kizuna@127.0.0.1:$PGPORT/postgres"
}

stop() {
  if BIN=$(find_bin) && [ -f "$PGDATA/PG_VERSION" ]; then
    run_as_postgres "'$BIN/pg_ctl' -D '$PGDATA' -m fast stop" >/dev/null 2>&1 || true
  fi
}

case "${1:-}" in
  start)
    if [ "${2:-}" = "--ephemeral" ]; then
      PGDATA=$(mktemp -d /tmp/kizuna-pg-run.XXXXXX)
      PGPORT=0
      echo "stop with: bash scripts/postgres.sh stop-ephemeral $PGDATA"
    fi
    start
    ;;
  stop)
    stop
    ;;
  stop-ephemeral)
    PGDATA="${2:?usage: scripts/postgres.sh stop-ephemeral /tmp/kizuna-pg-run.XXXXXX}"
    case "$PGDATA" in /tmp/kizuna-pg-run.*) ;; *) echo "not an ephemeral server folder: $PGDATA" >&2; exit 2 ;; esac
    stop
    rm -rf "$PGDATA"
    ;;
  *)
    echo "usage: scripts/postgres.sh start [--ephemeral] | stop | stop-ephemeral DIR" >&2
    exit 2
    ;;
esac
