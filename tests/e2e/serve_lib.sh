# Starting and stopping `infergy serve` in end-to-end tests. Source after lib.sh.
SERVER_PID=""
PORT=""

# start_server ARGS...: serves on a free port of 127.0.0.1; sets PORT and SERVER_PID.
start_server() {
  "$BIN" serve --port 0 "$@" 2>"$WORK/serve.err" &
  SERVER_PID=$!
  for _ in $(seq 1 100); do
    PORT="$(sed -n 's|.*serving http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$WORK/serve.err")"
    [ -n "$PORT" ] && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.1
  done
  echo "server did not start: $(cat "$WORK/serve.err")" >&2
  return 1
}

stop_server() {
  [ -n "$SERVER_PID" ] || return 0
  kill "$SERVER_PID" 2>/dev/null
  wait "$SERVER_PID" 2>/dev/null
  SERVER_PID=""
}
trap 'stop_server; rm -rf "$WORK"' EXIT

# http METHOD PATH [HEADER: VALUE]...: one raw request to the server (the path is sent
# exactly as given, unlike curl, which normalises ".."); sets RC (the HTTP status),
# OUT (the body) and ERR (the response headers). "Content-Length: N" sends N bytes.
http() {
  WORK="$WORK" /usr/bin/python3 - "$PORT" "$@" >"$WORK/out" 2>"$WORK/err" <<'PY'
import http.client, os, sys
port, method, path, *headers = sys.argv[1:]
conn = http.client.HTTPConnection("127.0.0.1", int(port), timeout=10)
conn.putrequest(method, path, skip_host=False, skip_accept_encoding=True)
body = None
for header in headers:
    name, value = header.split(": ", 1)
    conn.putheader(name, value)
    if name.lower() == "content-length":
        body = b"x" * int(value)
conn.endheaders(body)
reply = conn.getresponse()
sys.stderr.write("".join(f"{k}: {v}\n" for k, v in reply.getheaders()))
sys.stdout.write(reply.read().decode("utf-8", "replace"))
with open(os.path.join(os.environ["WORK"], "status"), "w") as f:
    f.write(str(reply.status))
PY
  RC="$(cat "$WORK/status" 2>/dev/null || echo 0)"
  rm -f "$WORK/status"
  OUT="$(cat "$WORK/out")"
  ERR="$(cat "$WORK/err")"
  ENVELOPE=0  # the HTTP API's bodies are documented without the CLI's envelope
}
