#!/usr/bin/env bash
# Everything the end-to-end tests need on this machine, installed once and idempotent: both n8n
# versions (into ~/.cache/n8n-notion-access, in parallel), and Debian's redis-server (queue mode)
# and chromium (editor tests) in one apt run. CI machines start bare; we are root there.
set -euo pipefail
cd "$(dirname "$0")/../.."

versions=(1.123.81 2.41.1)
logs="$(mktemp -d)"
pids=()
for v in "${versions[@]}"; do
	bash test/e2e/install-n8n.sh "$v" >"$logs/$v.out" 2>"$logs/$v.err" &
	pids+=($!)
done

missing=()
command -v redis-server >/dev/null || missing+=(redis-server)
[ -x /usr/bin/chromium ] || missing+=(chromium)
if [ "${#missing[@]}" -gt 0 ]; then
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

status=0
for i in "${!pids[@]}"; do
	if ! wait "${pids[$i]}"; then
		echo "installing n8n ${versions[$i]} failed:" >&2
		cat "$logs/${versions[$i]}.err" >&2
		status=1
	fi
done
rm -rf "$logs"
exit "$status"
