// tactful's WebAssembly package (built by scripts/web-test.sh into
// target/web/pkg, or TACTFUL_PKG), loaded into Node for the tests.

import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const PKG = resolve(ROOT, process.env.TACTFUL_PKG ?? "target/web/pkg");

const tactful = await import(pathToFileURL(join(PKG, "tactful.js")).href);
// The package is built for the web; in Node the module is handed over as bytes.
tactful.initSync({ module: readFileSync(join(PKG, "tactful_bg.wasm")) });

export const { Linter, applyFixes } = tactful;
