#!/usr/bin/env bash
# The Python package as a user gets it: builds the wheel with maturin, installs
# it into a fresh virtual environment under target/, and runs the pytest suite
# of crates/tactful-py (which also compares its findings with the CLI's).
set -euo pipefail
cd "$(dirname "$0")/.."

venv=target/py-venv
wheels=target/py-wheels
rm -rf "$venv" "$wheels"
python3 -m venv "$venv"
python=$venv/bin/python
"$python" -m pip install --quiet --disable-pip-version-check "maturin>=1.9.4,<2" "pytest>=8"

"$venv/bin/maturin" build --release --manifest-path crates/tactful-py/Cargo.toml \
    --interpreter "$python" --out "$wheels"
"$python" -m pip install --quiet --disable-pip-version-check "$wheels"/tactful-*.whl

# The agreement test runs the CLI on the shared corpus.
cargo build --quiet -p tactful-cli
TACTFUL_CLI=target/debug/tactful "$python" -m pytest crates/tactful-py/tests
