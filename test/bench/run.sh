#!/usr/bin/env bash
# `npm run bench`: issue 5's benchmark (see BENCHMARKS.md). Prints a table and rewrites BENCHMARKS.md.
# Needs `npm ci` first. Builds dist/ if it is missing, installs the n8n versions it runs into
# ~/.cache/n8n-notion-access once (test/e2e/install-n8n.sh: a few minutes each, the first time only).
#   BENCH_N8N_VERSIONS="2.41.1 1.123.81"   which n8n lines to run (default: both)
#   BENCH_KEEP=1                             keep the n8n user folders (and their logs) in /tmp
#   BENCH_SKIP_TRIGGER=1                     skip the Notion Trigger side by side (about 2 minutes)
#   BENCH_SKIP_WINDOWS=1                     skip issue 20's window budget / token bucket side by side
#   BENCH_SKIP_CREATES=1                     skip the 1,000 creates side by side (about 3 minutes; bench.ts runs it)
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -d node_modules/tsx ] || { echo "node_modules is missing: run npm ci first" >&2; exit 1; }
if [ ! -f dist/nodes/NotionAccessCheck/NotionAccessCheck.node.js ]; then
	echo "dist/ is missing: npm run build" >&2
	npm run --silent build
fi
export BENCH_N8N_VERSIONS="${BENCH_N8N_VERSIONS:-2.41.1 1.123.81}"
for version in $BENCH_N8N_VERSIONS; do
	bash test/e2e/install-n8n.sh "$version" >/dev/null
done
node --import tsx test/bench/bench.ts
# Issue 19's side by side (n8n 2.41.1 only): prints its table; BENCHMARKS.md keeps the figures by hand.
if [ "${BENCH_SKIP_TRIGGER:-}" != 1 ] && [[ " $BENCH_N8N_VERSIONS " == *" 2.41.1 "* ]]; then
	node --import tsx test/bench/trigger.ts
fi
