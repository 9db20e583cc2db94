// The reply composer: checks the draft on every keystroke with tactful's
// WebAssembly package, underlines each finding in a layer behind the
// textarea, explains it in the panel, and writes a fix in on request.

import init, { Linter, applyFixes } from "./pkg/tactful.js";

const EXAMPLE = `Hi Sam,

We apologize for any inconvenience caused. Unfortunately that's our policy and there's nothing I can do.
Please calm down and read the FAQ.

Regards,
Alex`;

const SEVERITY_RANK = { error: 3, warning: 2, info: 1 };

const draft = document.querySelector("#draft");
const backdrop = document.querySelector("#backdrop");
const list = document.querySelector("#findings");
const empty = document.querySelector("#empty");
const summary = document.querySelector("#summary");
const format = document.querySelector("#format");
const applyAll = document.querySelector("#apply-all");

await init();
const linter = new Linter();
// The first check compiles the engine's lazily built patterns; doing it while
// the page still says it is loading keeps the agent's first keystroke quick.
linter.check(EXAMPLE, "plain");
let findings = [];

draft.disabled = false;
draft.placeholder = "Hi Sam, thanks for getting in touch…";
draft.addEventListener("input", check);
format.addEventListener("change", check);
document.addEventListener("selectionchange", markActive);
document.querySelector("#example").addEventListener("click", () => replaceDraft(EXAMPLE, 0));
applyAll.addEventListener("click", () => replaceDraft(applyFixes(draft.value, findings), draft.selectionEnd));
check();
document.body.dataset.ready = "true";

/** Checks the draft and redraws the underlines and the panel. */
function check() {
  findings = linter.check(draft.value, format.value);
  fitHeight();
  drawUnderlines();
  drawPanel();
  markActive();
}

/** Replaces the whole draft, puts the caret at `caret`, and checks again. */
function replaceDraft(text, caret) {
  draft.value = text;
  draft.focus();
  draft.setSelectionRange(caret, caret);
  check();
}

/** Grows the textarea with its text, so the layer behind never needs to scroll. */
function fitHeight() {
  draft.style.height = "auto";
  draft.style.height = `${draft.scrollHeight}px`;
}

/** Rebuilds the layer behind the textarea: the same text, each finding in a <mark>. */
function drawUnderlines() {
  const text = draft.value;
  const nodes = pieces(text).map(({ start, end, covering }) => {
    if (covering.length === 0) return text.slice(start, end);
    const mark = document.createElement("mark");
    mark.textContent = text.slice(start, end);
    mark.className = worst(covering.map((i) => findings[i].severity));
    mark.dataset.findings = covering.join(" ");
    return mark;
  });
  // A trailing line break shows as an empty line in the textarea but not in a div.
  backdrop.replaceChildren(...nodes, " ");
}

/**
 * The text cut where any finding starts or ends, each piece with the indices
 * of the findings covering it, so overlapping findings still draw one layer.
 */
function pieces(text) {
  const cuts = new Set([0, text.length]);
  for (const f of findings) cuts.add(f.start).add(f.end);
  const points = [...cuts].sort((a, b) => a - b);
  return points.slice(1).map((end, i) => {
    const start = points[i];
    const covering = findings.flatMap((f, index) => (f.start <= start && end <= f.end ? [index] : []));
    return { start, end, covering };
  });
}

function worst(severities) {
  return severities.reduce((a, b) => (SEVERITY_RANK[b] > SEVERITY_RANK[a] ? b : a));
}

/** Lists the findings, each with its message, suggestions and fix. */
function drawPanel() {
  list.replaceChildren(...findings.map(card));
  empty.hidden = findings.length > 0;
  empty.textContent = draft.value.trim() ? "Nothing to flag: this reply reads kindly." : "Nothing to flag yet.";
  const fixable = findings.filter((f) => f.fix !== undefined).length;
  applyAll.hidden = fixable < 2;
  summary.textContent = findings.length === 0 ? "" : countLine(fixable);
}

function countLine(fixable) {
  const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;
  const fixes = fixable > 0 ? `, ${fixable} with a one-click fix` : "";
  return `${plural(findings.length, "finding")}${fixes}.`;
}

function card(f, index) {
  const item = element("li", `finding ${f.severity}`);
  item.dataset.rule = f.rule;
  item.dataset.index = index;
  const head = element("div", "head");
  head.append(element("span", "badge", f.severity), element("span", "rule", f.rule));
  item.append(head, element("p", "quote", `“${f.matched}”`), element("p", "message", f.message));
  if (f.suggestions.length > 0) {
    const ideas = element("ul", "suggestions");
    ideas.append(...f.suggestions.map((s) => element("li", "", s)));
    item.append(element("h3", "", "Try instead"), ideas);
  }
  if (f.fix !== undefined) {
    const button = element("button", "primary apply", `Replace with “${f.fix}”`);
    button.type = "button";
    button.addEventListener("click", (event) => {
      event.stopPropagation();
      replaceDraft(applyFixes(draft.value, [f]), f.start + f.fix.length);
    });
    item.append(button);
  }
  item.addEventListener("click", () => {
    draft.focus();
    draft.setSelectionRange(f.start, f.end);
  });
  return item;
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Highlights the findings under the caret, in the text and in the panel. */
function markActive() {
  const caret = draft.selectionStart;
  const active = (f) => document.activeElement === draft && f.start <= caret && caret <= f.end;
  for (const item of list.children) item.classList.toggle("active", active(findings[item.dataset.index]));
  for (const mark of backdrop.querySelectorAll("mark")) {
    const covering = mark.dataset.findings.split(" ").map((i) => findings[i]);
    mark.classList.toggle("active", covering.some(active));
  }
}
