#!/usr/bin/env bash
# Captures what a Node service, a Java service and a Rust service print to stderr when they fail (real node, java and
# rustc, no packages): node.log (console.error and an uncaught exception), java-jul.log (java.util.logging's default
# two-line records), java-oneline.log (the same, one line per record, as Logback and Log4j lay records out),
# railway-node.jsonl (node.log one record per line, as Railway's export stores stderr), rust.log and
# rust-backtrace.log (panics, without and with RUST_BACKTRACE=1), page.log (a page's bundle failing under the URL a
# browser fetched it from, with the same V8 messages as the service's). Paths are made /srv/….
# Re-run from the repository root:  Tests/Corpus/stacks/capture.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/ledger-api" "$work/classes"
cp "$here/app.js" "$work/ledger-api/app.js"
(cd "$work/ledger-api" && node app.js > "$work/node.log" 2>&1 || true)
sed "s|$work/ledger-api|/srv/ledger-api|g" "$work/node.log" > "$here/node.log"
node "$here/page.js" > "$here/page.log" 2>&1
javac -d "$work/classes" "$here/Ledger.java"
run_java() { (cd "$work" && TZ=UTC java -cp classes -Duser.timezone=UTC "$@" com.example.ledger.Ledger 2>&1 || true); }
run_java > "$here/java-jul.log"
run_java '-Djava.util.logging.SimpleFormatter.format=%1$tF %1$tT.%1$tL %4$s [%3$s] %5$s%6$s%n' > "$here/java-oneline.log"
mkdir -p "$work/src" && cp "$here/rates.rs" "$work/src/main.rs"
(cd "$work" && rustc -O -o rates src/main.rs)
(cd "$work" && env -u RUST_BACKTRACE ./rates > "$here/rust.log" 2>&1 || true)
(cd "$work" && RUST_BACKTRACE=1 ./rates > "$here/rust-backtrace.log" 2>&1 || true)
python3 - "$here/node.log" "$here/railway-node.jsonl" <<'PY'
import datetime, json, sys
t = datetime.datetime(2026, 12, 6, 14, 0, 0, tzinfo=datetime.timezone.utc)
with open(sys.argv[1]) as f, open(sys.argv[2], "w") as out:
    for line in f.read().splitlines():
        t += datetime.timedelta(microseconds=17)
        out.write(json.dumps({"timestamp": t.strftime("%Y-%m-%dT%H:%M:%S.%fZ"), "severity": "error", "message": line,
                              "tags": {"serviceName": "ledger-web"}, "attributes": {"level": "error"}}) + "\n")
PY
