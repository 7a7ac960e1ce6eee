#!/usr/bin/env bash
# Load benchmark of the explorer's ranking endpoint (issue 13): wrk on 127.0.0.1 only,
# against `infergy serve` on stores of 1,500 and 15,000 models (Yang-format folders
# synthesized from the reference data under the build folder, never committed), at 1, 8,
# 64 and 256 connections, then 64 connections again while 64 slow clients (one header
# line every 2 s) are held open. Then the start-up time of `infergy --version` and
# `infergy models list` (median of 11 whole-process runs).
# A benchmark: it prints figures, it asserts no timings. The per-client rate limit is off
# (--rate-limit 0): it would answer most of wrk's requests with 429, which is its job
# but not what is measured here.
# Usage: bench/serve_load.sh [BUILD_DIR]
#   env: DURATION=10s THREADS=2 MODELS="1500 15000" CONNECTIONS="1 8 64 256"
set -euo pipefail
BUILD="${1:-build}"
BIN="$BUILD/src/infergy"
SHARED="${INFERGY_SHARED_DIR:-$(cd "$(dirname "$0")/../.." && pwd)/shared}"
DURATION="${DURATION:-10s}"
THREADS="${THREADS:-2}"
MODELS="${MODELS:-1500 15000}"
CONNECTIONS="${CONNECTIONS:-1 8 64 256}"
WORK="$(mktemp -d "$BUILD/bench-serve.XXXXXX")"
SERVER_PID=""
SLOW_PID=""
stop_server() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
  SERVER_PID=""
}
cleanup() {
  [ -n "$SLOW_PID" ] && kill "$SLOW_PID" 2>/dev/null
  stop_server
  rm -rf "$WORK"
}
trap cleanup EXIT

start_server() {  # DB
  "$BIN" --db "$1" serve --port 0 --rate-limit 0 2>"$WORK/serve.err" &
  SERVER_PID=$!
  PORT=""
  for _ in $(seq 1 600); do
    PORT="$(sed -n 's|.*serving http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$WORK/serve.err")"
    [ -n "$PORT" ] && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.1
  done
  echo "serve_load: server did not start: $(cat "$WORK/serve.err")" >&2
  exit 1
}

# wrk prints latencies as 1.23ms / 456.00us / 1.20s; report them in ms.
ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'; }

# One wrk run: prints one table row.
load() {  # MODELS CONNECTIONS LABEL
  local threads=$((THREADS < $2 ? THREADS : $2))
  wrk -t"$threads" -c"$2" -d"$DURATION" --timeout 5s --latency "$URL" >"$WORK/wrk.txt"
  local p50 p99 rps socket timeouts non2xx
  p50="$(awk '$1 == "50%" { print $2 }' "$WORK/wrk.txt")"
  p99="$(awk '$1 == "99%" { print $2 }' "$WORK/wrk.txt")"
  rps="$(awk '/^Requests\/sec:/ { print $2 }' "$WORK/wrk.txt")"
  socket="$(awk '/Socket errors:/ { gsub(",", ""); print $4 + $6 + $8 }' "$WORK/wrk.txt")"
  timeouts="$(awk '/Socket errors:/ { gsub(",", ""); print $10 }' "$WORK/wrk.txt")"
  non2xx="$(awk '/Non-2xx or 3xx responses:/ { print $5 }' "$WORK/wrk.txt")"
  printf "| %6s | %5s | %-16s | %8s | %8s | %10s | %6s | %8s | %7s |\n" "$1" "$2" "$3" \
    "$(ms "$p50")" "$(ms "$p99")" "$rps" "${socket:-0}" "${timeouts:-0}" "${non2xx:-0}"
}

# 64 clients that each send one header line every 2 s and never finish their request.
hold_slow_clients() {  # PORT
  /usr/bin/python3 - "$1" <<'PY' &
import socket, sys, time
port = int(sys.argv[1])
clients = []
for _ in range(64):
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(b"GET /api/health HTTP/1.1\r\nHost: bench\r\n")
    clients.append(s)
for i in range(600):  # bounded: 20 minutes at most, killed when the run ends
    time.sleep(2)
    for s in clients:
        try:
            s.sendall(b"X-Slow-%d: 1\r\n" % i)
        except OSError:
            pass
PY
  SLOW_PID=$!
  sleep 3
}

# Other work on the machine shows in the tails: say how busy it was.
echo "serve_load: $(nproc) cores, load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "serve_load: GET /api/ranking (2 test sets, min accuracy 70, top 10), $THREADS wrk threads, $DURATION per row"
echo "| models | conns | clients          | p50 ms   | p99 ms   | requests/s | errors | timeouts | non-2xx |"
echo "|-------:|------:|------------------|---------:|---------:|-----------:|-------:|---------:|--------:|"
for n in $MODELS; do
  /usr/bin/python3 "$(dirname "$0")/../scripts/synthesize_yang.py" \
    "$SHARED/reference-data/yang2024" "$WORK/yang$n" "$n"
  "$BIN" --db "$WORK/bench$n.db" import yang "$WORK/yang$n" >/dev/null 2>&1
  start_server "$WORK/bench$n.db"
  URL="http://127.0.0.1:$PORT/api/ranking?setup=A100_PT&test_sets=imagenet-original,imagenet-real&metric=manhattan&weight=0.5&min_accuracy=70&top=10"
  curl -sf "$URL" >/dev/null  # the first answer fills the cache
  for c in $CONNECTIONS; do load "$n" "$c" "wrk only"; done
  hold_slow_clients "$PORT"
  load "$n" 64 "+64 slow clients"
  kill "$SLOW_PID" 2>/dev/null; wait "$SLOW_PID" 2>/dev/null || true; SLOW_PID=""
  stop_server
done

echo "serve_load: load average after the load runs: $(cut -d' ' -f1-3 /proc/loadavg)"

# Start-up: whole-process wall time, median of 11 runs (after one warm-up run).
median_ms() {  # COMMAND...
  "$@" >/dev/null 2>&1
  local times=()
  for _ in $(seq 1 11); do
    local t0 t1
    t0="$(date +%s%N)"
    "$@" >/dev/null 2>&1
    t1="$(date +%s%N)"
    times+=("$(((t1 - t0) / 1000))")
  done
  printf "%s\n" "${times[@]}" | sort -n | awk '{ v[NR] = $1 } END { printf "%.1f", v[6] / 1000 }'
}
echo "serve_load: start-up (median of 11 runs): --version $(median_ms "$BIN" --version) ms," \
  "models list $(median_ms "$BIN" --db "$WORK/bench1500.db" models list) ms"
if ldd "$BIN" | grep -q libtorch; then
  echo "serve_load: ldd $BIN lists libtorch"
else
  echo "serve_load: ldd $BIN lists no libtorch"
fi
