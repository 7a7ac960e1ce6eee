#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the test suite (ctest fixtures pg_cluster_start and
# pg_cluster_stop): initdb + pg_ctl in DIR, on a free 127.0.0.1 port, trust auth for
# user infergy. `start DIR` writes DIR/url on success, or DIR/unavailable with the reason
# (tests then skip and print it). As root the server runs as the `postgres` user.
set -u
cmd="$1"
dir="$2"
bindir=""
for d in /usr/lib/postgresql/15/bin /usr/lib/postgresql/16/bin; do
  [ -x "$d/initdb" ] && bindir="$d" && break
done
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "$cmd" in
  start)
    rm -rf "$dir"
    mkdir -p "$dir"
    if [ -z "$bindir" ]; then
      echo "PostgreSQL server binaries not found (scripts/bootstrap.sh installs postgresql-15)" >"$dir/unavailable"
      exit 0
    fi
    if [ "$(id -u)" -eq 0 ]; then
      if ! id postgres >/dev/null 2>&1; then
        echo "running as root and there is no 'postgres' user for initdb" >"$dir/unavailable"
        exit 0
      fi
      chown postgres "$dir"
    fi
    port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    if ! as_pg "$bindir/initdb" -D "$dir/data" -A trust -U infergy -E UTF8 --no-sync >"$dir/initdb.log" 2>&1; then
      { echo "initdb failed:"; tail -5 "$dir/initdb.log"; } >"$dir/unavailable"
      exit 0
    fi
    # Loopback only; fsync off: a test cluster trades durability for speed.
    if ! as_pg "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 300 \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" \
        start >/dev/null 2>&1; then
      { echo "pg_ctl start failed:"; tail -5 "$dir/server.log"; } >"$dir/unavailable"
      exit 0
    fi
    echo "$port" >"$dir/port"
    echo "postgresql://infergy@127.0.0.1:$port/postgres" >"$dir/url"
    echo "PostgreSQL test cluster on 127.0.0.1:$port ($dir)"
    ;;
  stop)
    if [ -n "$bindir" ] && [ -d "$dir/data" ]; then
      as_pg "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1
    fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: pg_cluster.sh start|stop DIR" >&2
    exit 2
    ;;
esac
