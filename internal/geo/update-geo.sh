#!/usr/bin/env bash
# Rebuilds the vendored boundary data and codes from their npm packages, at
# pinned versions: world countries from world-atlas (Natural Earth 1:110m),
# US states from us-atlas (1:10m, already projected with AlbersUSA, Alaska
# and Hawaii as insets), converted from TopoJSON with topojson-client, each
# shape named by its ISO 3166 code from the iso-3166 package (numeric ids to
# alpha-2; state names to ISO 3166-2). convert.mjs rounds the coordinates;
# no shape is added, removed or redrawn. The licences and VERSIONS are kept
# beside the data. dashgen's own build never needs node or npm.
# Usage: internal/geo/update-geo.sh
set -euo pipefail
cd "$(dirname "$0")"
world_atlas=2.0.2
us_atlas=3.0.1
topojson_client=3.1.0
iso_3166=4.4.0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '{"private":true,"type":"module"}\n' > "$tmp/package.json"
(cd "$tmp" && npm install --silent --no-audit --no-fund --ignore-scripts --save-exact \
  "world-atlas@${world_atlas}" "us-atlas@${us_atlas}" "topojson-client@${topojson_client}" "iso-3166@${iso_3166}" >/dev/null)
cp convert.mjs "$tmp/convert.mjs"
mkdir -p "$tmp/out"
(cd "$tmp" && node convert.mjs node_modules out)
# Pages carry the shapes gzip-compressed; -n leaves out the name and time,
# so the files are the same on every machine.
gzip -9 -n -c "$tmp/out/world.json" > data/world.json.gz
gzip -9 -n -c "$tmp/out/us-states.json" > data/us-states.json.gz
gzip -9 -n -c "$tmp/out/codes.tsv" > data/codes.tsv.gz
cp "$tmp/node_modules/world-atlas/LICENSE" data/WORLD-ATLAS-LICENSE
cp "$tmp/node_modules/us-atlas/LICENSE" data/US-ATLAS-LICENSE
cp "$tmp/node_modules/topojson-client/LICENSE" data/TOPOJSON-CLIENT-LICENSE
cp "$tmp/node_modules/iso-3166/license" data/ISO-3166-LICENSE
printf 'world-atlas %s\nus-atlas %s\ntopojson-client %s\niso-3166 %s\n' \
  "$world_atlas" "$us_atlas" "$topojson_client" "$iso_3166" > data/VERSIONS
sha256sum data/world.json.gz data/us-states.json.gz data/codes.tsv.gz
