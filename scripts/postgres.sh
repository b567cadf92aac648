#!/usr/bin/env bash
# Starts or stops a throwaway PostgreSQL on 127.0.0.1 with its data under /tmp, for tests and CI.
#   scripts/postgres.sh start   -> prints the DATABASE_URL to use
#   scripts/postgres.sh stop
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

case "${1:-}" in
  start)
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
    if ! run_as_postgres "'$BIN/pg_ctl' -D '$PGDATA' status" >/dev/null 2>&1; then
      run_as_postgres "'$BIN/pg_ctl' -D '$PGDATA' -l '$PGDATA/server.log' -w -o \"-p $PGPORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=/tmp -c fsync=off -c synchronous_commit=off -c full_page_writes=off\" start" >/dev/null
    fi
    PSQL=$(command -v psql || echo "$BIN/psql")
    "$PSQL" -h 127.0.0.1 -p "$PGPORT" -U postgres -tAc "SELECT 1 FROM pg_roles WHERE rolname='$PGUSER_NAME'" | grep -q 1 ||
      "$PSQL" -h 127.0.0.1 -p "$PGPORT" -U postgres -qc "CREATE ROLE $PGUSER_NAME LOGIN SUPERUSER PASSWORD 'kizuna'"
    echo "postgresql://$PGUSER_NAME:kizuna@127.0.0.1:$PGPORT/postgres"
    ;;
  stop)
    if BIN=$(find_bin) && [ -f "$PGDATA/PG_VERSION" ]; then
      run_as_postgres "'$BIN/pg_ctl' -D '$PGDATA' -m fast stop" >/dev/null 2>&1 || true
    fi
    ;;
  *)
    echo "usage: scripts/postgres.sh start|stop" >&2
    exit 2
    ;;
esac
