#!/usr/bin/env bash
# The web explorer in Debian's Chromium (issue 4, item 5): two servers, one on the
# reference data (with a report folder), one on a synthesized 1,500-model store.
# Usage: browser_test.sh INFERGY SOURCE_DIR ARTIFACT_DIR
source "$(dirname "$0")/lib.sh" "$1"
source "$(dirname "$0")/serve_lib.sh"
SRC="$2"
ARTIFACTS="$3"
YANG="$INFERGY_SHARED_DIR/reference-data/yang2024"

run import yang "$YANG"; expect_rc 0 "import the reference data"
mkdir -p "$WORK/report/figures"
cat >"$WORK/report/figures/energy_trend.svg" <<'SVG'
<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100"><rect width="200" height="100" fill="#cde"/><text x="10" y="50">trend</text></svg>
SVG
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
