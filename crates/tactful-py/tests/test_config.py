"""Configuration as TOML text or as a path to a tactful.toml."""

import pytest

import tactful

REPLY = "YOUR ACCOUNT HAS BEEN SUSPENDED. Calm down and read the FAQ."
CONFIG = """\
ignore = ["shouting"]

[severity]
"dismissive/calm-down" = "warning"

[[phrases]]
phrase = "read the FAQ"
message = "Point to the exact article instead of the whole FAQ."
suggestion = "Here is the article that covers this."
severity = "info"
"""


def by_rule(found):
    return {d.rule: d for d in found}


def test_text_config_filters_reweighs_and_adds_phrases():
    default = by_rule(tactful.check(REPLY))
    configured = by_rule(tactful.check(REPLY, CONFIG))
    assert any(r.startswith("shouting/") for r in default)
    assert not any(r.startswith("shouting/") for r in configured)
    assert default["dismissive/calm-down"].severity == "error"
    assert configured["dismissive/calm-down"].severity == "warning"
    assert not any(d.message.startswith("Point to the exact article") for d in default.values())
    (phrase,) = [d for d in configured.values() if d.message.startswith("Point to the exact article")]
    assert REPLY[phrase.start : phrase.end] == phrase.matched == "read the FAQ"
    assert phrase.suggestions == ["Here is the article that covers this."]


def test_a_path_config_reads_the_file(tmp_path):
    path = tmp_path / "tactful.toml"
    path.write_text(CONFIG, encoding="utf-8")
    expected = tactful.check(REPLY, CONFIG)
    assert tactful.check(REPLY, path) == expected
    assert tactful.Linter(config=path).check(REPLY) == expected

    class PathLike:
        def __fspath__(self):
            return str(path)

    assert tactful.check(REPLY, config=PathLike()) == expected


def bad_config_error(config):
    with pytest.raises(tactful.ConfigError) as caught:
        tactful.Linter(config)
    return caught.value


def test_a_bad_config_names_line_and_column():
    text = 'ignore = ["shouting"]\n\n[severity]\n"dismissive/calm-down" = "loud"\n'
    error = bad_config_error(text)
    assert isinstance(error, ValueError)
    column = text.splitlines()[3].index('"loud"') + 1
    assert (error.line, error.column) == (4, column)
    assert str(error).startswith(f"4:{column}: ")


def test_an_unknown_rule_and_an_unknown_key_are_errors():
    error = bad_config_error('select = ["dismissive/no-such-rule"]')
    assert (error.line, error.column) == (1, 11)
    assert "dismissive/no-such-rule" in str(error)
    error = bad_config_error('ignore = []\nignroe = ["shouting"]\n')
    assert (error.line, error.column) == (2, 1)


def test_a_bad_config_file_is_named_in_the_error(tmp_path):
    path = tmp_path / "tactful.toml"
    path.write_text('# team config\nselect = "dismissive"\n', encoding="utf-8")
    error = bad_config_error(path)
    assert str(error).startswith(f"{path}:2:")
    assert error.line == 2


def test_a_file_name_passed_as_text_gets_a_hint():
    assert "pathlib.Path" in str(bad_config_error("tactful.toml"))


def test_a_missing_file_and_a_wrong_type_raise_what_python_would(tmp_path):
    with pytest.raises(FileNotFoundError):
        tactful.check(REPLY, tmp_path / "missing.toml")
    with pytest.raises(TypeError, match="config must be TOML text"):
        tactful.check(REPLY, config=42)


def test_config_naming_other_files_is_refused():
    error = bad_config_error('extends = "../team/tactful.toml"\n')
    assert error.line == 1
    assert "extends" in str(error)
