#!/usr/bin/env bash
# Makes a release: ./release.sh 0.3.0
# The version lives in one place in the code (AnyrayConnect.VERSION); this script moves it there, in the
# published catalog (catalog/jbang-catalog.json: the latest alias and a new pinned alias) and in the
# README's commands, then prints the git commands that tag it. Publishing the catalog is copying
# catalog/jbang-catalog.json to the anyray org's jbang-catalog repository (its default branch).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
version="${1:?usage: ./release.sh X.Y.Z}"
[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || { echo "release.sh: '$version' is not X.Y.Z" >&2; exit 2; }
# Where tagged sources are served from; the catalog's script-refs point at <RAW>/v<version>/AnyrayConnect.java.
RAW="https://raw.githubusercontent.com/anyray/anyray-connect"
old=$(sed -n 's/.*public static final String VERSION = "\(.*\)";/\1/p' AnyrayConnect.java)
[[ -n "$old" ]] || { echo "release.sh: VERSION not found in AnyrayConnect.java" >&2; exit 1; }

sed -i "s/public static final String VERSION = \"$old\";/public static final String VERSION = \"$version\";/" AnyrayConnect.java
python3 - "$version" "$RAW" <<'PY'
import json, sys
version, raw = sys.argv[1], sys.argv[2]
path = "catalog/jbang-catalog.json"
catalog = json.load(open(path))
ref = f"{raw}/v{version}/AnyrayConnect.java"
aliases = catalog["aliases"]
latest = aliases["anyray-connect"]
latest["script-ref"] = ref
latest["description"] = latest["description"].rsplit("Latest release: ", 1)[0] + f"Latest release: {version}"
aliases[f"anyray-connect-{version}"] = {
    "description": f"anyray-connect {version}, pinned (for fleet scripts that must run one exact version)",
    "script-ref": ref,
}
json.dump(catalog, open(path, "w"), indent=2)
open(path, "a").write("\n")
PY
sed -i "s/anyray-connect-$old@anyray/anyray-connect-$version@anyray/g; s#/v$old/#/v$version/#g; s/anyray-connect $old/anyray-connect $version/g" README.md
echo "Released $version in the sources. Now:"
echo "  git commit -am 'Release $version' && git tag v$version && git push && git push --tags"
echo "  copy catalog/jbang-catalog.json to the anyray/jbang-catalog repository"
