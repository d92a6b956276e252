#!/usr/bin/env bash
# first-load.sh [DIST]: the dashboard's first-load JavaScript, gzip -9 compressed: the entry
# script of index.html plus every module it preloads (what the browser fetches before the
# first page can render), file by file and in total. DIST defaults to frontend/dist (run
# `npm run build` first). Issue 19's target: under 200 kB.
set -euo pipefail
dist=${1:-frontend/dist}
files=$(grep -oE '(src|href)="/assets/[^"]+\.js"' "$dist/index.html" | sed -E 's/.*"\/assets\/([^"]+)"/\1/')
total=0
for f in $files; do
  n=$(gzip -9 -c "$dist/assets/$f" | wc -c)
  printf '%8d  %s\n' "$n" "$f"
  total=$((total + n))
done
printf '%8d  total (%d files), gzip -9\n' "$total" "$(echo "$files" | wc -w)"
