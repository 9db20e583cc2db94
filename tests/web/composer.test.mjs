// The reply composer (examples/web) in headless Chromium: type a reply with
// a fixable phrase, see it underlined and explained, apply the fix, see the
// text change. Screenshots go to target/web-e2e/.

import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";

import { chromium } from "playwright-core";

import { serve } from "../../examples/web/serve.mjs";
import { Linter, PKG, ROOT, applyFixes } from "./package.mjs";

const SHOTS = join(ROOT, "target/web-e2e");
const REPLY = "Hi Sam,\nWe apologize for any inconvenience caused. Unfortunately that's our policy.";

let server;
let context;
let profile;

before(async () => {
  server = await serve({ port: 0, pkg: PKG });
  profile = mkdtempSync(join(tmpdir(), "tactful-chromium-"));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
});

after(async () => {
  await context?.close();
  server?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

test("a typed reply is underlined, explained and fixed with one click", async () => {
  // What the page should show, from the package itself: the fixable finding.
  const fixable = new Linter().check(REPLY, "plain").find((d) => d.fix !== undefined);
  assert.ok(fixable, "the reply has a fixable phrase");

  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  await page.locator("body[data-ready]").waitFor();

  const draft = page.locator("#draft");
  await draft.click();
  await draft.pressSequentially(REPLY);

  const underline = page.locator("#backdrop mark", { hasText: fixable.matched });
  await underline.waitFor();
  const card = page.locator(`.finding[data-rule="${fixable.rule}"]`);
  await card.getByText(fixable.message).waitFor();
  assert.ok(await page.locator(".finding").count() >= 2, "the other finding is listed too");
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, "composer.png"), fullPage: true });

  await card.getByRole("button", { name: fixable.fix }).click();
  await page.waitForFunction(
    (phrase) => !document.querySelector("#draft").value.includes(phrase),
    fixable.matched,
  );
  assert.equal(await draft.inputValue(), applyFixes(REPLY, [fixable]));
  assert.equal(await card.count(), 0, "the fixed finding is gone from the panel");
  assert.equal(await underline.count(), 0, "and from the underlines");
  await page.screenshot({ path: join(SHOTS, "composer-fixed.png") });
  assert.deepEqual(errors, []);
});
