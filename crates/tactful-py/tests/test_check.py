"""tactful from Python: findings, their string indices, fixes and formats."""

import threading

import pytest

import tactful

BAD = "I’m sorry, but that’s our policy. Please calm down."
# Astral characters (four UTF-8 bytes, two UTF-16 units each) and a skin-tone
# modifier before the findings: byte, UTF-16 and code-point offsets all differ.
EMOJI = "👋🏽 Hi Sam 😀😀!\nI’m sorry, but that’s our policy. Please calm down."


def rules(found):
    return [d.rule for d in found]


def test_a_bad_reply_gets_its_rules_in_order_of_position():
    found = tactful.check(BAD)
    assert rules(found) == [
        "non-apology/sorry-but",
        "policy-hiding/thats-our-policy",
        "dismissive/calm-down",
    ]
    assert [d.start for d in found] == sorted(d.start for d in found)
    assert {d.severity for d in found} == {"error"}
    assert all(d.category == d.rule.split("/")[0] for d in found)
    assert all(d.message and d.suggestions for d in found)


def test_offsets_are_string_indices_after_astral_characters():
    found = tactful.check(EMOJI)
    assert rules(found) == rules(tactful.check(BAD))
    for d in found:
        assert EMOJI[d.start : d.end] == d.matched
        assert d.span == (d.start, d.end)
        assert d.start == EMOJI.index(d.matched)
        # The test means something only if the other units would differ.
        assert d.start != len(EMOJI[: d.start].encode("utf-8"))
        assert d.start != len(EMOJI[: d.start].encode("utf-16-le")) // 2


def test_every_finding_of_a_long_text_slices_its_words():
    # Long enough to be checked in pieces, with many findings to convert.
    text = "".join(f"{i} 🧾 Please calm down 😀. That’s our policy.\n" for i in range(3000))
    found = tactful.check(text)
    assert len(found) == 6000
    assert all(text[d.start : d.end] == d.matched for d in found)
    last = found[-1]
    assert last.line == 3000
    assert text.splitlines()[-1][last.column - 1 : last.end_column - 1] == last.matched


def test_lines_and_columns_are_one_based_and_count_code_points():
    found = tactful.check(EMOJI)
    line_start = EMOJI.index("\n") + 1
    for d in found:
        assert (d.line, d.end_line) == (2, 2)
        assert d.column == d.start - line_start + 1
        assert d.end_column == d.end - line_start + 1


def test_a_good_reply_gets_nothing():
    good = (
        "Hi Priya, I’m so sorry your order arrived damaged. I’ve sent a replacement today 📦, "
        "and you’ll get the tracking link by email within the hour."
    )
    assert tactful.check(good) == []


def test_a_linter_finds_what_check_finds():
    linter = tactful.Linter()
    assert linter.check(EMOJI) == tactful.check(EMOJI)
    assert "rules" in repr(linter)


def test_diagnostics_are_frozen_values():
    first, second = tactful.check(BAD), tactful.check(BAD)
    assert first == second
    assert len(set(first + second)) == len(first)
    with pytest.raises(AttributeError):
        first[0].rule = "something/else"


def test_repr_names_rule_severity_span_and_words():
    d = tactful.check("Please calm down.")[0]
    assert repr(d) == f"Diagnostic(rule={d.rule!r}, severity={d.severity!r}, span={d.span!r}, matched={d.matched!r})"
    assert "dismissive/calm-down" in repr(d)


def test_to_dict_has_the_json_shape():
    d = tactful.check(EMOJI)[0]
    as_dict = d.to_dict()
    assert as_dict["span"] == {"start": d.start, "end": d.end}
    assert as_dict["rule"] == d.rule
    assert as_dict["suggestions"] == d.suggestions
    assert "fix" not in as_dict
    assert set(as_dict) == {
        "rule", "category", "severity", "message", "span", "line", "column",
        "end_line", "end_column", "matched", "suggestions",
    }  # fmt: skip


def test_apply_fixes_writes_the_safe_replacements():
    text = "🙂 No problem, I'll send it by EOD. Please calm down."
    found = tactful.check(text)
    fixed = [d for d in found if d.fix is not None]
    assert len(fixed) == 2 and len(found) > len(fixed)
    assert all("fix" in d.to_dict() for d in fixed)
    assert tactful.apply_fixes(text, found) == "🙂 Happy to help, I'll send it by end of day. Please calm down."
    # Any iterable: here only the fixes a bot chose.
    chosen = (d for d in found if d.matched == "EOD")
    assert tactful.apply_fixes(text, chosen) == "🙂 No problem, I'll send it by end of day. Please calm down."
    assert tactful.apply_fixes(text, []) == text


def test_apply_fixes_refuses_spans_of_another_text():
    found = tactful.check("Hello there, I will get back to you by EOD.")
    with pytest.raises(ValueError, match="past the end of the text"):
        tactful.apply_fixes("by EOD", found)
    with pytest.raises(TypeError):
        tactful.apply_fixes("by EOD", ["not a diagnostic"])


def test_markdown_code_is_not_prose():
    text = "Type `Please calm down.` in the search box."
    assert "dismissive/calm-down" in rules(tactful.check(text, format="plain"))
    assert tactful.check(text, format="markdown") == []


def test_html_offsets_index_the_markup_as_given():
    html = "<p>Hi 😀,</p><p>That&rsquo;s our policy.</p>"
    found = tactful.check(html, format="html")
    assert rules(found) == ["policy-hiding/thats-our-policy"]
    (d,) = found
    assert html[d.start : d.end] == d.matched
    assert d.matched.startswith("That&rsquo;s")


def test_an_unknown_format_is_refused():
    with pytest.raises(ValueError, match='unknown format "rtf"'):
        tactful.check(BAD, format="rtf")


def test_checks_from_many_threads_agree():
    texts = [BAD, EMOJI, "No problem, I'll send it by EOD."] * 4
    linter = tactful.Linter()
    expected = [linter.check(t) for t in texts]
    results = [None] * len(texts)

    def work(i):
        results[i] = linter.check(texts[i])

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(texts))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == expected
