#!/usr/bin/env bash
# The web explorer in Debian's Chromium (issues 4 and 12): two servers, one on the
# reference data with its report folder, one on a synthesized 1,500-model store.
# Usage: browser_test.sh INFERGY SOURCE_DIR ARTIFACT_DIR
source "$(dirname "$0")/lib.sh" "$1"
source "$(dirname "$0")/serve_lib.sh"
SRC="$2"
ARTIFACTS="$3"
YANG="$SRC/data/reference/yang2024"  # the sample shipped in the repository

run import yang "$YANG"; expect_rc 0 "import the reference data"
run report --out "$WORK/report"; expect_rc 0 "the report of both studies, for the Trends page"
start_server --report-dir "$WORK/report" || exit 1
BASE_PID=$SERVER_PID
BASE="http://127.0.0.1:$PORT"

/usr/bin/python3 "$SRC/scripts/synthesize_yang.py" "$YANG" "$WORK/yang1500" 1500
INFERGY_DB="$WORK/big.db" "$BIN" import yang "$WORK/yang1500" 2>/dev/null && pass || fail "import 1,500 models"
start_server --db "$WORK/big.db" || exit 1
BIG="http://127.0.0.1:$PORT"

node "$SRC/web/tests/explorer.test.mjs" "$BASE" "$BIG" "$ARTIFACTS" && pass || fail "browser checks"
stop_server
SERVER_PID=$BASE_PID
stop_server
finish
