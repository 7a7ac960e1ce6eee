#!/usr/bin/env bash
# Load benchmark of the explorer's ranking endpoint: wrk, 64 connections, 127.0.0.1 only,
# against `infergy serve` on a store holding 1,500 models (a Yang-format folder
# synthesized from the reference data under the build folder, never committed).
# Prints p50/p99 latency, requests/s and error counts. A benchmark: it prints, it does
# not assert timings. The per-client rate limit is turned off (--rate-limit 0): it would
# answer most of wrk's requests with 429, which is its job but not what is measured here.
# Usage: bench/serve_load.sh [BUILD_DIR]   (env: DURATION=10s CONNECTIONS=64 THREADS=2)
set -euo pipefail
BUILD="${1:-build}"
BIN="$BUILD/src/infergy"
SHARED="${INFERGY_SHARED_DIR:-$(cd "$(dirname "$0")/../.." && pwd)/shared}"
DURATION="${DURATION:-10s}"
CONNECTIONS="${CONNECTIONS:-64}"
THREADS="${THREADS:-2}"
WORK="$(mktemp -d "$BUILD/bench-serve.XXXXXX")"
SERVER_PID=""
cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT

/usr/bin/python3 "$(dirname "$0")/../scripts/synthesize_yang.py" \
  "$SHARED/reference-data/yang2024" "$WORK/yang1500" 1500
"$BIN" --db "$WORK/bench.db" import yang "$WORK/yang1500" >/dev/null 2>&1
"$BIN" --db "$WORK/bench.db" serve --port 0 --rate-limit 0 2>"$WORK/serve.err" &
SERVER_PID=$!
PORT=""
for _ in $(seq 1 100); do
  PORT="$(sed -n 's|.*serving http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$WORK/serve.err")"
  [ -n "$PORT" ] && break
  sleep 0.1
done
[ -n "$PORT" ] || { echo "serve_load: server did not start: $(cat "$WORK/serve.err")" >&2; exit 1; }

URL="http://127.0.0.1:$PORT/api/ranking?setup=A100_PT&test_sets=imagenet-original,imagenet-real&metric=manhattan&weight=0.5&min_accuracy=70&top=10"
MODELS="$(curl -sf "http://127.0.0.1:$PORT/api/setups" |
  /usr/bin/python3 -c 'import json,sys; print({s["name"]: s["model_count"] for s in json.load(sys.stdin)["setups"]}["A100_PT"])')"
echo "serve_load: setup A100_PT with $MODELS models; GET /api/ranking, $CONNECTIONS connections, $THREADS wrk threads, $DURATION"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 5s --latency "$URL" | tee "$WORK/wrk.txt"

# wrk prints latencies as 1.23ms / 456.00us / 1.20s; report them in ms.
ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'; }
p50="$(awk '$1 == "50%" { print $2 }' "$WORK/wrk.txt")"
p99="$(awk '$1 == "99%" { print $2 }' "$WORK/wrk.txt")"
rps="$(awk '/^Requests\/sec:/ { print $2 }' "$WORK/wrk.txt")"
total="$(awk '/requests in/ { print $1 }' "$WORK/wrk.txt")"
socket="$(awk '/Socket errors:/ { gsub(",", ""); print $4 + $6 + $8 + $10 }' "$WORK/wrk.txt")"
non2xx="$(awk '/Non-2xx or 3xx responses:/ { print $5 }' "$WORK/wrk.txt")"
echo "serve_load: $total requests, $rps requests/s, p50 $(ms "$p50") ms, p99 $(ms "$p99") ms," \
  "errors: ${socket:-0} socket, ${non2xx:-0} non-2xx"
