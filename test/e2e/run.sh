#!/usr/bin/env bash
# `npm run test:e2e`: end-to-end tests in real n8n 1.123.81 (Node 20) and 2.41.1 (Node 24).
# Installs what they need once (setup.sh: both n8n versions, redis-server, chromium; 3-10 minutes
# the first time), builds the package if dist/ is missing, then runs the jest project `e2e`, two
# test files at a time (each starts its own n8n processes, emulator and ports).
# Extra arguments go to jest (e.g. -t 'queue mode'). JEST_JSON=<file> also writes jest's JSON report.
# E2E_WORKERS=1 runs the files one after another.
set -euo pipefail
cd "$(dirname "$0")/../.."

bash test/e2e/setup.sh
if [ ! -d dist ]; then npm run --silent build; fi

json=()
if [ -n "${JEST_JSON:-}" ]; then json=(--json "--outputFile=$JEST_JSON"); fi
exec npx jest --selectProjects e2e --maxWorkers="${E2E_WORKERS:-2}" "${json[@]}" "$@"
