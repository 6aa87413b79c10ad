#!/bin/sh
# Replaces the vendored axe-core (test-only, used by cmd/dashgen/a11y_test.go)
# with the version given, or with the newest 4.x on the npm registry.
#
#   cmd/dashgen/testdata/axe/update.sh            # newest 4.x
#   cmd/dashgen/testdata/axe/update.sh 4.14.1     # a given version
#
# Needs npm. Writes axe.min.js, LICENSE and VERSION next to this script.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
version=${1:-}
if [ -z "$version" ]; then
	# The newest 4.x release (no canary or other pre-release).
	version=$(npm view 'axe-core@4' version --json | tr -d '[]" \n' | tr ',' '\n' | grep -E '^[0-9]+\.[0-9]+\.[0-9]+$' | sort -t. -k1,1n -k2,2n -k3,3n | tail -n 1)
fi
case $version in
[0-9]*.[0-9]*.[0-9]*) ;;
*) echo "update.sh: not a version: $version" >&2; exit 2 ;;
esac

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "axe-core@$version" >/dev/null)
tar -xzf "$tmp/axe-core-$version.tgz" -C "$tmp" package/axe.min.js package/LICENSE package/package.json

got=$(node -p "require('$tmp/package/package.json').version" 2>/dev/null || echo "$version")
if [ "$got" != "$version" ]; then
	echo "update.sh: the package says version $got, wanted $version" >&2
	exit 1
fi
cp "$tmp/package/axe.min.js" "$here/axe.min.js"
cp "$tmp/package/LICENSE" "$here/LICENSE"
printf '%s\n' "$version" > "$here/VERSION"
sha=$(sha256sum "$here/axe.min.js" | cut -d' ' -f1)
echo "axe-core $version: axe.min.js $(wc -c < "$here/axe.min.js") bytes, sha256 $sha"
