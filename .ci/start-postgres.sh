#!/usr/bin/env bash
# Starts a throwaway PostgreSQL (Debian's package) on 127.0.0.1 for the Ledger store tests and prints the
# connection string. Usage: eval "$(.ci/start-postgres.sh)"  →  exports PROVENANT_TEST_POSTGRES.
set -euo pipefail
PORT="${PROVENANT_PG_PORT:-54329}"
DIR="${PROVENANT_PG_DIR:-/tmp/provenant-pg}"
PGBIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
if [ -z "$PGBIN" ]; then
  export DEBIAN_FRONTEND=noninteractive
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq >&2
  $SUDO apt-get install -y -qq postgresql >&2
  PGBIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
fi
as_pg() { if [ "$(id -u)" -eq 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi; }
if ! as_pg "$PGBIN/pg_isready -h 127.0.0.1 -p $PORT -q" 2>/dev/null; then
  mkdir -p "$DIR"
  [ "$(id -u)" -eq 0 ] && chown postgres "$DIR"
  if [ ! -f "$DIR/data/PG_VERSION" ]; then
    as_pg "$PGBIN/initdb -D $DIR/data -A trust -U postgres -E UTF8 >/dev/null"
  fi
  as_pg "$PGBIN/pg_ctl -D $DIR/data -o \"-h 127.0.0.1 -p $PORT -k $DIR -c fsync=on -c max_connections=200\" -l $DIR/log -w start >/dev/null"
fi
echo "export PROVENANT_TEST_POSTGRES='Host=127.0.0.1;Port=$PORT;Username=postgres;Database=postgres'"
