# Helpers for end-to-end tests: run the real binary against a temporary store.
# Usage: source lib.sh "$BIN"; each test script calls `finish` at the end.
set -u
BIN="$1"
WORK="$(mktemp -d)"
export INFERGY_DB="$WORK/test.db"
FAILED=0
PASSED=0
trap 'rm -rf "$WORK"' EXIT

VERSION="$("$BIN" --version | cut -d' ' -f2)"

# run CMD...: runs infergy, capturing stdout, stderr and the exit code.
run() {
  "$BIN" "$@" >"$WORK/out" 2>"$WORK/err"
  RC=$?
  OUT="$(cat "$WORK/out")"
  ERR="$(cat "$WORK/err")"
  ENVELOPE=1  # infergy's JSON comes in {"schema_version", "infergy_version", "data"}
}
pass() { PASSED=$((PASSED + 1)); }
fail() { echo "FAIL: $*" >&2; echo "  stdout: ${OUT:0:600}" >&2; echo "  stderr: ${ERR:0:600}" >&2; FAILED=$((FAILED + 1)); }
expect_rc() { [ "$RC" -eq "$1" ] && pass || fail "$2: exit code $RC, expected $1"; }
expect_out() { grep -qF -- "$1" <<<"$OUT" && pass || fail "$2: stdout lacks '$1'"; }
expect_err() { grep -qF -- "$1" <<<"$ERR" && pass || fail "$2: stderr lacks '$1'"; }
# expect_json EXPR: a Python expression over `d` that must be true. After `run`, stdout
# must be infergy's envelope (schema_version 1, this binary's version, keys in that order)
# and `d` is its data; otherwise (ENVELOPE=0, e.g. an HTTP body) `d` is the whole document.
expect_json() {
  if ENVELOPE="${ENVELOPE:-1}" VERSION="$VERSION" /usr/bin/python3 -c "
import json, os, sys
d = json.loads(sys.stdin.read())
if os.environ['ENVELOPE'] == '1':
    if list(d) != ['schema_version', 'infergy_version', 'data'] or d['schema_version'] != 1 \\
            or d['infergy_version'] != os.environ['VERSION']:
        sys.exit('no envelope')
    d = d['data']
sys.exit(0 if ($1) else 1)" <<<"$OUT"; then
    pass
  else
    fail "$2: JSON check failed: $1"
  fi
}
finish() {
  echo "$PASSED passed, $FAILED failed"
  [ "$FAILED" -eq 0 ]
}
