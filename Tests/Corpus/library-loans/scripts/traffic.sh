#!/usr/bin/env bash
# Drives the API on :8097 so that each failure class really happens. Prints what it did to stderr.
set -u
A=http://127.0.0.1:8097
g() { curl -s -o /dev/null -w "%{http_code} $1 $2\n" -X "$1" "$A$2" ${3:+-H 'content-type: application/json' -d "$3"} >&2; }
g GET /health
for i in 1 2 3 4; do g GET /books; done                      # missing column books.page_count (0004)
for i in 1 2 3; do g GET /members/$i; done                   # renamed column full_name -> display_name (0004)
for i in 1 2 3; do g POST /reservations '{"book_id":1,"member_id":2}'; done   # missing table reservations (0003)
for i in 1 2; do g GET /members/1/reservations; done
for i in 1 2; do g POST /members '{"email":"ada@example.org","name":"Ada again"}'; done   # unique violation
for i in 1 2; do g POST /loans '{"book_id":999,"member_id":1}'; done                     # FK violation
for i in 1 2; do g GET /reports/overdue; done                 # statement timeout (pg_sleep 2 s > 1.5 s)
for i in $(seq 1 12); do g GET /reports/busy & done; wait    # pool exhaustion (max 5, 700 ms acquire timeout)
sleep 1
# database restart while the app runs: idle pool clients are terminated, requests during the gap are refused
su postgres -c "/usr/lib/postgresql/15/bin/pg_ctl -D /work/probe-node/pg/data -m fast stop" >/dev/null
for i in 1 2 3; do g GET /health; sleep 0.3; done
su postgres -c "/usr/lib/postgresql/15/bin/pg_ctl -D /work/probe-node/pg/data -l /work/probe-node/pg/startup.log -w start" >/dev/null
sleep 1
g GET /health
g GET /books
