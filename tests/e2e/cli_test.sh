#!/usr/bin/env bash
source "$(dirname "$0")/lib.sh" "$1"

run --help;                 expect_rc 0 "--help";   expect_out "estimate" "--help lists commands"
run --version;              expect_rc 0 "--version"; expect_out "infergy 0." "--version"
run estimate --help;        expect_rc 0 "subcommand help"; expect_out "--gflops" "estimate help"
run no-such-command;        expect_rc 2 "unknown command"
run models list --format xml; expect_rc 2 "bad format"
run models list --domain cv --format csv --db "$WORK/other.db"
expect_rc 0 "--db after subcommand"
[ -f "$WORK/other.db" ] && pass || fail "--db PATH creates the store there"
finish
