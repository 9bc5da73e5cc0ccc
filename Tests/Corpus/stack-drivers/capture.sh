#!/usr/bin/env bash
# Captures what real Node, Java, Ruby and Go PostgreSQL drivers print when the same failures are provoked against a
# real PostgreSQL server (scripts/with-postgres's throwaway cluster): node.log (node-postgres), java-jul.log and
# java-oneline.log (pgJDBC under java.util.logging and printStackTrace), ruby.log (ActiveRecord 6.1 on the pg gem),
# go-libpq.log and go-pgx.log (database/sql on lib/pq and on pgx v4). Paths are made /srv/shop-api/…, the server's
# port 5432 and the closed port 5433; times, process ids and transaction ids are as captured.
# Needs the Debian packages the README names. Re-run from the repository root:  Tests/Corpus/stack-drivers/capture.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
if [[ "${1:-}" != --inside ]]; then
    exec "$root/scripts/with-postgres" "$here/capture.sh" --inside
fi

work=$(mktemp -d /tmp/stack-drivers.XXXXXX)
trap 'rm -rf "$work"' EXIT
chmod 755 "$work"
psql=(psql -X -q -v ON_ERROR_STOP=1 -U postgres -d postgres)

# A role that logs in with a password (scram-sha-256 over TCP; everyone else stays trusted).
"${psql[@]}" -c "CREATE ROLE reporting LOGIN PASSWORD 'reporting-secret'" -c "CREATE ROLE shop LOGIN"
hba=$("${psql[@]}" -Atc 'SHOW hba_file')
{ echo 'host all reporting 127.0.0.1/32 scram-sha-256'; cat "$hba"; } > "$work/hba" && cat "$work/hba" > "$hba"
"${psql[@]}" -Atc 'SELECT pg_reload_conf()' >/dev/null
sleep 0.5

# A port nothing listens on (the "wrong port" of a replica).
down=5433
while (exec 3<>"/dev/tcp/127.0.0.1/$down") 2>/dev/null; do down=$((down + 1)); done
export DOWN_PORT=$down

fresh_db() {
    "${psql[@]}" -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS shop" -c "CREATE DATABASE shop"
    psql -X -q -v ON_ERROR_STOP=1 -U postgres -d shop -f "$here/schema.sql"
}
normalise() {  # file: the work dir, the ports
    sed -i -e "s|$work/[a-z]*|/srv/shop-api|g" -e "s|$node_root|/usr/share/nodejs|g" -e "s/\b$PGPORT\b/5432/g" -e "s/\b$DOWN_PORT\b/5433/g" "$1"
}
export PGDATABASE=shop PGUSER=shop

node_root=${NODE_PG_ROOT:-/usr/share/nodejs}

# Node: node-postgres from Debian's node-pg (NODE_PG_ROOT: where its modules are, /usr/share/nodejs when installed).
fresh_db
mkdir -p "$work/node"
cp "$here/app.js" "$work/node/app.js"
(cd "$work/node" && NODE_PATH=$node_root node app.js > "$work/node.log" 2>&1 || true)
cp "$work/node.log" "$here/node.log"; normalise "$here/node.log"

# Java: pgJDBC from Debian's libpostgresql-jdbc-java; java.util.logging's default two-line records, then one line per
# record (SimpleFormatter.format), the layout of Logback and Log4j.
jdbc=${JDBC_JAR:-/usr/share/java/postgresql.jar}
mkdir -p "$work/java/classes"
javac -d "$work/java/classes" -cp "$jdbc" "$here/Shop.java"
run_java() {
    fresh_db
    (cd "$work/java" && TZ=UTC java -cp "classes:$jdbc" -Duser.timezone=UTC "$@" com.example.shop.Shop 2>&1 || true)
}
run_java > "$here/java-jul.log"; normalise "$here/java-jul.log"
run_java '-Djava.util.logging.SimpleFormatter.format=%1$tF %1$tT.%1$tL %4$s [%3$s] %5$s%6$s%n' > "$here/java-oneline.log"
normalise "$here/java-oneline.log"

# Ruby: ActiveRecord 6.1 on the pg gem (Debian's ruby-activerecord, ruby-pg); Logger's default layout on stderr.
fresh_db
mkdir -p "$work/ruby"
cp "$here/shop.rb" "$work/ruby/shop.rb"
(cd "$work/ruby" && TZ=UTC ruby shop.rb > "$here/ruby.log" 2>&1 || true)
normalise "$here/ruby.log"

# Go: database/sql on lib/pq and on pgx v4's stdlib driver (Debian's golang-github-lib-pq-dev and
# golang-github-jackc-pgx-v4-dev, built in GOPATH mode); the standard logger's default layout.
mkdir -p "$work/go"
cp "$here/shop.go" "$work/go/shop.go"
(cd "$work/go" && GO111MODULE=off GOPATH=${GOPATH_DRIVERS:-/usr/share/gocode} GOCACHE="$work/go/cache" go build -o shop shop.go)
for driver in postgres pgx; do
    fresh_db
    name=$([[ $driver == postgres ]] && echo libpq || echo pgx)
    (cd "$work/go" && TZ=UTC ./shop "$driver" > "$here/go-$name.log" 2>&1 || true)
    normalise "$here/go-$name.log"
done

# Each log as Docker's json-file driver stores a container's output: one {"log","stream","time"} record per line.
mkdir -p "$here/docker"
python3 - "$here" <<'PY2'
import datetime, json, os, sys
here = sys.argv[1]
for name in ("node.log", "java-jul.log", "java-oneline.log", "ruby.log", "go-libpq.log", "go-pgx.log"):
    t = datetime.datetime(2026, 12, 6, 14, 0, 0, tzinfo=datetime.timezone.utc)
    with open(os.path.join(here, name)) as f, open(os.path.join(here, "docker", name), "w") as out:
        for line in f.read().splitlines():
            t += datetime.timedelta(microseconds=211)
            out.write(json.dumps({"log": line + "\n", "stream": "stderr", "time": t.strftime("%Y-%m-%dT%H:%M:%S.%f000Z")}) + "\n")
PY2

echo "corpus written to $here"
