#!/usr/bin/env bash
# `npm run demo`: build the package when its sources changed, install n8n into a cache outside the
# repository (the first time only: about 2.4 GB, several minutes, with a progress line every 15 s),
# then run test/demo/demo.ts, which tells in plain words what each node did in real n8n against the
# Notion emulator. Nothing leaves the machine; every token is fake.
set -euo pipefail
cd "$(dirname "$0")/../.."

version="${DEMO_N8N_VERSION:-2.41.1}"
cache="${N8N_CACHE_DIR:-$HOME/.cache/n8n-notion-access}"
dir="$cache/n8n-$version"
started=$SECONDS

cannot() {
	echo "The demo cannot run here: $1" >&2
	echo "It needs Linux on x64, Node.js 20.15 or later with npm, about 2.5 GB of free disk for n8n, and make, g++ and python3 (or root and apt-get to install them)." >&2
	exit 2
}

# n8n 2.x runs on a Node 24 that the demo installs from the npm package `node`, for Linux x64 only;
# its sqlite3 is compiled from source (the prebuilt binary is downloaded from GitHub).
[ "$(uname -s)" = Linux ] || cannot "this is $(uname -s), not Linux."
[ "$(uname -m)" = x86_64 ] || cannot "this machine is $(uname -m), not x64."
command -v node >/dev/null && command -v npm >/dev/null || cannot "Node.js and npm were not found on PATH."
node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 15) ? 0 : 1)' ||
	cannot "Node.js $(node --version) is older than 20.15."

if [ ! -f "$dir/.installed" ]; then
	mkdir -p "$cache"
	free_mb=$(df -Pm "$cache" | awk 'NR == 2 { print $4 }')
	[ "$free_mb" -ge 2600 ] || cannot "only $free_mb MB are free under $cache; n8n needs about 2,500 MB (set N8N_CACHE_DIR to use another disk)."
	if ! { command -v make && command -v g++ && command -v python3; } >/dev/null; then
		[ "$(id -u)" = 0 ] && command -v apt-get >/dev/null ||
			cannot "make, g++ and python3 are missing (to compile n8n's sqlite3), and only root with apt-get could install them here."
	fi
fi

# Rebuild when anything the build reads is newer than the last build the demo made (or saw).
stamp=dist/.demo-build-stamp
if [ ! -f "$stamp" ] || [ -n "$(find nodes credentials package.json tsconfig.json tsconfig.build.json gulpfile.js -newer "$stamp" -print -quit)" ]; then
	echo "Building the package (its sources changed since the last build)..."
	npm run --silent build >/dev/null
	touch "$stamp"
fi

if [ ! -f "$dir/.installed" ]; then
	echo "Installing n8n $version into $dir (first time only: about 2.4 GB, 5 to 8 minutes; log: $dir/install.log)"
	out="$(mktemp)"
	bash test/e2e/install-n8n.sh "$version" >"$out" 2>&1 &
	pid=$!
	while kill -0 "$pid" 2>/dev/null; do
		for _ in $(seq 15); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
		kill -0 "$pid" 2>/dev/null || break
		size=$(du -sm "$dir" 2>/dev/null | cut -f1 || true)
		elapsed=$((SECONDS - started))
		printf '  ... %s MB of about 2,400 MB installed, %d min %02d s so far\n' "${size:-0}" $((elapsed / 60)) $((elapsed % 60))
	done
	if ! wait "$pid"; then
		echo "Installing n8n $version failed:" >&2
		tail -40 "$out" >&2
		exit 1
	fi
	rm -f "$out"
	elapsed=$((SECONDS - started))
	printf 'n8n %s installed: %s MB in %d min %02d s. Later runs skip this step.\n\n' "$version" "$(du -sm "$dir" | cut -f1)" $((elapsed / 60)) $((elapsed % 60))
fi

DEMO_N8N_VERSION="$version" node --import tsx test/demo/demo.ts
