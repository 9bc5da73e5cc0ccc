#!/usr/bin/env bash
# Captures what HTTP clients log when the service they call cannot be reached: Python's requests and httpx
# (capture.py) and Node's fetch and http (capture.js). No server is needed: a closed port, a silent listener and an
# `.invalid` name stand in for the service being down, hanging and misnamed.
# Re-run from the repository root:   Tests/Corpus/services/capture.sh
# Needs: node 18+, Python with requests, httpx and redis (PYTHON=..., else scripts/capture-venv's).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
PYTHON=${PYTHON:-$("$HERE"/../../../scripts/capture-venv)}
"$PYTHON" "$HERE/capture.py" > "$HERE/python.log"
node "$HERE/capture.js" > "$HERE/node.log" 2>&1
