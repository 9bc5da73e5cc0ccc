#!/usr/bin/env bash
# Captures what a Celery worker logs when tasks outrun their hard and soft time limits (tasks.py): a real worker
# (prefork pool, filesystem broker) runs them for 12 seconds (killed 5 s later if its warm shutdown hangs, as it did once).
# Re-run from the repository root:   Tests/Corpus/celery/capture.sh
# Needs: Python with celery (PYTHON=..., else scripts/capture-venv's).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
PYTHON=${PYTHON:-$("$HERE"/../../../scripts/capture-venv)}
WORK=$(mktemp -d /tmp/celery-corpus.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/broker/in" "$WORK/broker/processed"
cd "$WORK"
export BROKER_DIR="$WORK/broker" PYTHONPATH="$HERE"
"$PYTHON" -c 'from tasks import export_orders, rebuild_search; export_orders.delay("2025-12-19"); rebuild_search.delay()'
timeout -k 5 12 "$PYTHON" -m celery -A tasks worker --loglevel=INFO --concurrency=2 --pool=prefork > "$HERE/worker.log" 2>&1 || true
