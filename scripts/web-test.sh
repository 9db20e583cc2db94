#!/usr/bin/env bash
# Builds tactful's WebAssembly package into target/web/pkg and tests it: the
# agreement corpus through the package in Node, compared with the CLI, and
# the reply composer page (examples/web) driven in headless Chromium.
#
# Installs what is missing, and only that: the wasm32 target (rustup),
# wasm-bindgen's CLI at the version the crate pins (into target/tools),
# Debian's chromium, and playwright-core from tests/web's lock file.
set -euo pipefail
cd "$(dirname "$0")/.."

tools=target/tools
pkg=target/web/pkg
# The crate pins wasm-bindgen exactly; its CLI must be the same version.
version=$(sed -n 's/^wasm-bindgen = "=\(.*\)"$/\1/p' crates/tactful-wasm/Cargo.toml)
chromium=${CHROMIUM:-/usr/bin/chromium}

say() { echo "web-test: $*" >&2; }

apt_install() {
    if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
        say "needs $* (Debian: apt-get install $*)"
        exit 1
    fi
    say "installing $*"
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >&2
}

install_tools() {
    if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
        rustup target add wasm32-unknown-unknown
    fi
    if [ "$("$tools/bin/wasm-bindgen" --version 2>/dev/null)" != "wasm-bindgen $version" ]; then
        # Not --locked: the CLI's lock file may name dependency releases newer
        # than the registry index at hand; cargo then takes the newest that fit.
        cargo install wasm-bindgen-cli --version "$version" --root "$tools"
    fi
    command -v node >/dev/null || apt_install nodejs npm
    [ -x "$chromium" ] || apt_install chromium
    if [ ! -d tests/web/node_modules/playwright-core ] || [ ! -d tests/web/node_modules/typescript ]; then
        (cd tests/web && npm ci --no-audit --no-fund)
    fi
}

build_package() {
    cargo build --release --target wasm32-unknown-unknown -p tactful-wasm
    rm -rf "$pkg"
    "$tools/bin/wasm-bindgen" --target web --out-dir "$pkg" --out-name tactful \
        target/wasm32-unknown-unknown/release/tactful_wasm.wasm
    local crate_version
    crate_version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
    cat >"$pkg/package.json" <<JSON
{
  "name": "tactful",
  "version": "$crate_version",
  "description": "Finds the phrasing in customer-service replies that loses customers, and suggests an empathetic rewrite.",
  "license": "MIT OR Apache-2.0",
  "type": "module",
  "main": "tactful.js",
  "types": "tactful.d.ts",
  "files": ["tactful.js", "tactful.d.ts", "tactful_bg.wasm", "tactful_bg.wasm.d.ts"],
  "sideEffects": false
}
JSON
    say "built $pkg ($(wc -c <"$pkg/tactful_bg.wasm") bytes of wasm)"
}

install_tools
build_package
# The hand-written TypeScript types against a use of them.
tests/web/node_modules/.bin/tsc --noEmit --strict --target es2022 --module nodenext --lib esnext,dom \
    tests/web/usage.ts
# The agreement test compares with the CLI's JSON output.
cargo build -p tactful-cli --bin tactful
TACTFUL_CLI=target/debug/tactful TACTFUL_PKG="$pkg" CHROMIUM="$chromium" \
    node --test tests/web/agreement.test.mjs tests/web/composer.test.mjs
