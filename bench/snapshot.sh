#!/usr/bin/env bash
# A built copy of one commit, for the dashboard and runtime benchmarks to measure while others
# keep editing the working tree:  bench/snapshot.sh [commit] [dir]
#   then  BENCH_ROOT=<dir> npm run bench:ui   (and bench:hub, bench:runtimes)
# The copy gets its own node_modules (a copy, so the workspace links point into the copy) and
# a .bench-commit file that the benchmarks write into their results. Remove it with rm -rf <dir>.
set -euo pipefail
commit="${1:-HEAD}"
dir="${2:-/tmp/peerscope-bench-snap}"
repo="$(cd "$(dirname "$0")/.." && pwd)"
sha="$(git -C "$repo" rev-parse "$commit")"
rm -rf "$dir"
mkdir -p "$dir"
git -C "$repo" archive "$sha" | tar -x -C "$dir"
cp -a "$repo/node_modules" "$dir/"
echo "$sha" > "$dir/.bench-commit"
(cd "$dir" && npm run build --silent >/dev/null)
echo "$dir: commit $sha, built"
