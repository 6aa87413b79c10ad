#!/usr/bin/env bash
# Refreshes the vendored ECharts from its npm package at a pinned version.
# Usage: internal/site/assets/update-echarts.sh [VERSION]
# The version is written to ECHARTS_VERSION, which the build embeds in every
# page's footer and in its checks, so a refresh is one reviewed commit.
set -euo pipefail
cd "$(dirname "$0")"
version="${1:-$(cat ECHARTS_VERSION)}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "echarts@${version}" >/dev/null)
tar -xzf "$tmp"/echarts-"${version}".tgz -C "$tmp"
cp "$tmp/package/dist/echarts.min.js" echarts.min.js
cp "$tmp/package/LICENSE" ECHARTS-LICENSE
[ -f "$tmp/package/NOTICE" ] && cp "$tmp/package/NOTICE" ECHARTS-NOTICE
printf '%s\n' "$version" > ECHARTS_VERSION
# Standalone pages carry ECharts gzip-compressed (a third of its size); -n
# leaves out the name and time, so the file is the same on every machine.
gzip -9 -n -c echarts.min.js > echarts.min.js.gz
sha256sum echarts.min.js echarts.min.js.gz
