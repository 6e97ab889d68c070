#!/usr/bin/env bash
# `npm run test:e2e`: end-to-end tests in real n8n 1.123.81 (Node 20) and 2.41.1 (Node 24).
# Installs both n8n versions into ~/.cache/n8n-notion-access once (in parallel; about 3-5 minutes
# the first time), builds the package if dist/ is missing, then runs the jest project `e2e`.
# Extra arguments go to jest (e.g. -t 'queue mode'). JEST_JSON=<file> also writes jest's JSON report.
set -euo pipefail
cd "$(dirname "$0")/../.."

versions=(1.123.81 2.41.1)
logs="$(mktemp -d)"
pids=()
for v in "${versions[@]}"; do
	bash test/e2e/install-n8n.sh "$v" >"$logs/$v.out" 2>"$logs/$v.err" &
	pids+=($!)
done
for i in "${!pids[@]}"; do
	if ! wait "${pids[$i]}"; then
		echo "installing n8n ${versions[$i]} failed:" >&2
		cat "$logs/${versions[$i]}.err" >&2
		exit 1
	fi
done
rm -rf "$logs"

if [ ! -d dist ]; then npm run --silent build; fi

# queue-mode tests need redis-server; CI machines start bare (we are root there).
if ! command -v redis-server >/dev/null; then
	DEBIAN_FRONTEND=noninteractive apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends redis-server >/dev/null
fi

json=()
if [ -n "${JEST_JSON:-}" ]; then json=(--json "--outputFile=$JEST_JSON"); fi
exec npx jest --selectProjects e2e --runInBand "${json[@]}" "$@"
