// Type-checked, never run, by scripts/web-test.sh: the package's hand-written
// TypeScript types must accept the README's usage and reject misuse.

import init, { type Diagnostic, type Format, Linter, applyFixes } from "../../target/web/pkg/tactful.js";

await init();
const linter = new Linter('ignore = ["jargon"]');
const format: Format = "markdown";
const text = "Please calm down.";
const found: Diagnostic[] = linter.check(text, format);
for (const d of found) {
  const place: string = `${d.line}:${d.column} ${d.span.start}..${d.span.end}`;
  const severity: "error" | "warning" | "info" = d.severity;
  const fix: string | undefined = d.fix;
  console.log(place, severity, d.rule, d.category, d.message, d.matched, d.suggestions.join(), fix);
}
const fixed: string = applyFixes(text, found);
applyFixes(fixed, [{ start: 0, end: 6, fix: "Kindly" }]);

// @ts-expect-error: formats are named, not free text.
linter.check(text, "docx");
// @ts-expect-error: a format must be given.
linter.check(text);
// @ts-expect-error: a fix needs its span.
applyFixes(text, [{ fix: "x" }]);
