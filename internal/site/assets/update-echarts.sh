#!/usr/bin/env bash
# Rebuilds the vendored ECharts from its npm package at a pinned version:
# a bundle of only the modules the pages use (echarts-modules.js), made by
# esbuild at a pinned version, minified, with ECharts' licence banner at the
# top. The same inputs give byte-identical files on every machine.
# Usage: internal/site/assets/update-echarts.sh [VERSION]
# The version is written to ECHARTS_VERSION, which the build embeds in every
# page's footer and in its checks, so a refresh is one reviewed commit.
# dashgen's own build never needs node or npm: the output is vendored here.
set -euo pipefail
cd "$(dirname "$0")"
version="${1:-$(cat ECHARTS_VERSION)}"
esbuild_version=0.28.2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Exact versions (ECharts pins its own tslib and zrender exactly); no
# install scripts run.
printf '{"private":true}\n' > "$tmp/package.json"
(cd "$tmp" && npm install --silent --no-audit --no-fund --ignore-scripts --save-exact \
  "echarts@${version}" "esbuild@${esbuild_version}" >/dev/null)
pkg="$tmp/node_modules/echarts"
cp echarts-modules.js "$tmp/echarts-modules.js"
cp echarts-map-modules.js "$tmp/echarts-map-modules.js"
# The licence banner of ECharts' own dist file: its first comment.
awk '/^\/\*/ {on=1} on {print} on && /^\*\/$/ {exit}' "$pkg/dist/echarts.min.js" > "$tmp/banner.js"
grep -q 'Licensed to the Apache Software Foundation' "$tmp/banner.js"
# An IIFE whose result is the global `echarts` (a var of a classic script
# is a property of window). Other legal comments (tslib's) stay inline.
# Two bundles: echarts.min.js for every page with a chart, and
# echarts-map.min.js, the same with the map series and geo component, for
# the pages that draw a map.
bundle() {
  "$tmp/node_modules/.bin/esbuild" "$tmp/$1" --bundle --minify --format=iife \
    --global-name=echarts --target=es2017 --charset=utf8 --legal-comments=inline \
    --banner:js="$(cat "$tmp/banner.js")" --log-level=warning \
    --outfile="$tmp/$2"
  # No CR (the page's policy hashes the text as the browser reads it) and a
  # final newline.
  tr -d '\r' < "$tmp/$2" > "$2"
  # Standalone pages carry ECharts gzip-compressed (a third of its size); -n
  # leaves out the name and time, so the file is the same on every machine.
  gzip -9 -n -c "$2" > "$2.gz"
}
bundle echarts-modules.js echarts.min.js
bundle echarts-map-modules.js echarts-map.min.js
cp "$pkg/LICENSE" ECHARTS-LICENSE
[ -f "$pkg/NOTICE" ] && cp "$pkg/NOTICE" ECHARTS-NOTICE
printf '%s\n' "$version" > ECHARTS_VERSION
sha256sum echarts.min.js echarts.min.js.gz echarts-map.min.js echarts-map.min.js.gz
