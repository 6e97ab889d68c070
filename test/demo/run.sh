#!/usr/bin/env bash
# `npm run demo`: build the package, install n8n 2.41.1 into the cache (first time only), and run a
# demo workflow in real n8n against the Notion emulator. Prints where each item went and why.
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -d dist ] || npm run --silent build
bash test/e2e/install-n8n.sh "${DEMO_N8N_VERSION:-2.41.1}" >/dev/null
exec node --import tsx test/demo/demo.ts
