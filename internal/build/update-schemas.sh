#!/usr/bin/env bash
# Refreshes the published JSON Schemas the tests hold dashgen's data
# package to, from their npm package at a pinned version: the Frictionless
# Data Package profiles (v1: data-package, tabular-data-package; JSON
# Schema draft-04, every $ref already resolved inside each file) from
# datapackage. The tarball's SHA-512 is checked against the integrity the
# registry states and against the one pinned here, so that a changed
# package is noticed, not copied. The licence and VERSIONS are kept beside
# the schemas. dashgen's build and tests never need node, npm or a network.
#
# No npm package carries the Data Package v2 profiles
# (datapackage.org/profiles/2.0/) or the CSL-JSON schema (csl-data.json)
# at the time of writing: see internal/build/schema_test.go for what the v1
# profiles cannot check and where the tests check it by hand.
# Usage: internal/build/update-schemas.sh
set -euo pipefail
cd "$(dirname "$0")"
datapackage=1.1.10
datapackage_integrity='sha512-haM59QsPeU+8X0PWsyOXHALNeOF9nlVqNs3mH1OXry50Jgo6l2sxuQ3xriZG9/L+tRFkZGDCgv5m4xYPqaPBCQ=='
out=testdata/schemas
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# fetch NAME VERSION PINNED: the package's tarball, unpacked in $tmp/NAME,
# once its SHA-512 is the registry's and the pinned one.
fetch() {
  local name=$1 version=$2 pinned=$3 registry tgz got
  registry=$(npm view "${name}@${version}" dist.integrity)
  if [ "$registry" != "$pinned" ]; then
    echo "update-schemas: the registry gives ${name}@${version} the integrity ${registry}, not the pinned ${pinned}" >&2
    exit 1
  fi
  tgz=$(cd "$tmp" && npm pack --silent "${name}@${version}" | tail -n 1)
  got="sha512-$(openssl dgst -sha512 -binary "$tmp/$tgz" | base64 -w 0)"
  if [ "$got" != "$pinned" ]; then
    echo "update-schemas: ${tgz} has the integrity ${got}, not ${pinned}" >&2
    exit 1
  fi
  mkdir -p "$tmp/$name"
  tar -xzf "$tmp/$tgz" -C "$tmp/$name"
}

fetch datapackage "$datapackage" "$datapackage_integrity"
mkdir -p "$out"
cp "$tmp/datapackage/package/lib/profiles/data-package.json" "$out/data-package.json"
cp "$tmp/datapackage/package/lib/profiles/tabular-data-package.json" "$out/tabular-data-package.json"
cp "$tmp/datapackage/package/LICENSE.md" "$out/DATAPACKAGE-LICENSE.md"
printf 'datapackage %s %s\n' "$datapackage" "$datapackage_integrity" > "$out/VERSIONS"
sha256sum "$out"/*.json
