// The agreement corpus (tests/agreement/0*) checked through the WebAssembly
// package must give the CLI's findings: same rules, severities, messages,
// fixes and places, the CLI's byte offsets converted to UTF-16. Twice: with
// the default pack, and with the corpus's config.toml.

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { extname, join, resolve } from "node:path";
import { test } from "node:test";

import { Linter, ROOT, applyFixes } from "./package.mjs";

const CORPUS = join(ROOT, "tests/agreement");
const CLI = resolve(ROOT, process.env.TACTFUL_CLI ?? "target/debug/tactful");
const FORMATS = { ".txt": "plain", ".md": "markdown", ".html": "html" };
const FILES = readdirSync(CORPUS)
  .filter((name) => name.startsWith("0"))
  .sort();

const CONFIG = join(CORPUS, "config.toml");
const PASSES = [
  { name: "default pack", cli: ["--isolated"], linter: new Linter() },
  { name: "config.toml", cli: ["--config", CONFIG], linter: new Linter(readFileSync(CONFIG, "utf8")) },
];
const [{ linter }] = PASSES;

/** Runs `tactful check` on `input` (a file, or text on standard input) and returns what it printed. */
function tactful(args, input) {
  const run = spawnSync(CLI, ["check", ...args], { cwd: ROOT, input, encoding: "utf8" });
  assert.ok(run.status === 0 || run.status === 1, `tactful ${args.join(" ")} exited ${run.status}: ${run.stderr}`);
  return run.stdout;
}

/** The UTF-16 offset of UTF-8 byte offset `byte` in `text`. */
function utf16(text, byte) {
  return Buffer.from(text).subarray(0, byte).toString("utf8").length;
}

/** The fields that must agree; offsets in UTF-16 code units. */
function comparable(d, start, end) {
  const { rule, category, severity, message, line, column, end_line, end_column, matched, suggestions, fix } = d;
  return { rule, category, severity, message, start, end, line, column, end_line, end_column, matched, suggestions, fix };
}

function read(name) {
  const path = join(CORPUS, name);
  return { path, text: readFileSync(path, "utf8"), format: FORMATS[extname(name)] };
}

for (const pass of PASSES) {
  for (const name of FILES) {
    test(`${name}, ${pass.name}: the package finds what the CLI finds`, () => {
      const { path, text, format } = read(name);
      const [file] = JSON.parse(tactful([...pass.cli, "--format", "json", path])).files;
      const expected = file.diagnostics.map((d) => comparable(d, utf16(text, d.span.start), utf16(text, d.span.end)));
      const found = pass.linter.check(text, format);
      assert.deepEqual(
        found.map((d) => comparable(d, d.start, d.end)),
        expected,
      );
      for (const d of found) {
        assert.equal(text.slice(d.start, d.end), d.matched, `${d.rule} at ${d.start}`);
        assert.deepEqual(d.span, { start: d.start, end: d.end });
      }
    });

    test(`${name}, ${pass.name}: applyFixes writes what the CLI's --fix writes`, () => {
      const { text, format } = read(name);
      const fixed = tactful([...pass.cli, "--fix", "--input-format", format, "-"], text);
      assert.equal(applyFixes(text, pass.linter.check(text, format)), fixed);
    });
  }
}

test("the configuration changes what is found", () => {
  const [plain, configured] = PASSES.map((pass) =>
    FILES.flatMap((name) => pass.linter.check(read(name).text, read(name).format).map((d) => d.rule)),
  );
  assert.ok(plain.some((rule) => rule.startsWith("shouting/")), "the corpus shouts somewhere");
  assert.ok(!configured.some((rule) => rule.startsWith("shouting/")), "config.toml ignores shouting");
  assert.ok(configured.some((rule) => rule.includes("/custom-")), "config.toml adds a phrase");
});

test("the corpus has findings after characters outside the Basic Multilingual Plane", () => {
  const shifted = FILES.flatMap((name) => {
    const { text, format } = read(name);
    return linter.check(text, format).filter((d) => Buffer.byteLength(text.slice(0, d.start)) !== d.start);
  });
  assert.ok(shifted.length > 0, "no finding whose UTF-16 and byte offsets differ");
  assert.ok(FILES.some((name) => /[\u{10000}-\u{10FFFF}]/u.test(read(name).text)));
});

test("a fixable finding fixed in UTF-16 after emoji lands in the right place", () => {
  const text = "Hi 👋🏽 Sam 😀! We apologize for any inconvenience caused.";
  const found = linter.check(text, "plain").filter((d) => d.fix !== undefined);
  assert.ok(found.length > 0, "the reply has a fixable phrase");
  const [first] = found;
  assert.equal(applyFixes(text, [first]), text.slice(0, first.start) + first.fix + text.slice(first.end));
});

test("bad input is refused with a clear message", () => {
  assert.throws(() => new Linter('ignore = ["dismissive"]\nselekt = []\n'), /invalid configuration at 2:1: /);
  assert.throws(() => linter.check("Calm down.", "docx"), /unknown format "docx"/);
  assert.throws(
    () => applyFixes("short", [{ start: 10, end: 20, fix: "x" }]),
    /diagnostic 0: 10..20 is not a span of this text/,
  );
});
