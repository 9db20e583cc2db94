"""The shared agreement corpus (tests/agreement/) judged through Python must
equal the CLI's JSON for the same file, its byte offsets turned into string
indices. The CLI is the binary named by TACTFUL_CLI (scripts/py-test.sh builds
it), else the workspace's debug build."""

import json
import os
import subprocess
from pathlib import Path

import pytest

import tactful

ROOT = Path(__file__).resolve().parents[3]
CORPUS = ROOT / "tests" / "agreement"
FILES = sorted(CORPUS.glob("0*"))
CONFIG = CORPUS / "config.toml"
# The CLI reads a file's format from its extension.
FORMATS = {".txt": "plain", ".md": "markdown", ".html": "html"}


def cli(*args):
    binary = os.environ.get("TACTFUL_CLI", str(ROOT / "target" / "debug" / "tactful"))
    run = subprocess.run([binary, *args], capture_output=True, text=True, check=False)
    assert run.returncode in (0, 1), run.stderr
    return json.loads(run.stdout)


def as_python(diagnostic, raw):
    """A CLI diagnostic as tactful.Diagnostic.to_dict() gives it: string
    indices for the byte span, no fingerprint (a file-level notion)."""
    expected = {k: v for k, v in diagnostic.items() if k != "fingerprint"}
    span = diagnostic["span"]
    expected["span"] = {k: len(raw[: span[k]].decode("utf-8")) for k in ("start", "end")}
    return expected


def test_the_corpus_is_there_and_has_findings():
    assert len(FILES) >= 8
    assert {p.suffix for p in FILES} <= set(FORMATS)
    report = cli("check", "--format", "json", "--isolated", *map(str, FILES))
    assert report["summary"]["errors"] + report["summary"]["warnings"] > 0


# The first pass with no configuration, the second with the corpus's own.
PASSES = {"default": (None, ["--isolated"]), "config": (CONFIG, ["--config", str(CONFIG)])}


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
@pytest.mark.parametrize("config, cli_args", PASSES.values(), ids=PASSES.keys())
def test_python_agrees_with_the_cli(path, config, cli_args):
    raw = path.read_bytes()
    (report,) = cli("check", "--format", "json", *cli_args, str(path))["files"]
    expected = [as_python(d, raw) for d in report["diagnostics"]]
    # Decoded as is: reading in text mode would turn CRLF into LF and move offsets.
    found = tactful.check(raw.decode("utf-8"), config, format=FORMATS[path.suffix])
    assert [d.to_dict() for d in found] == expected


def test_the_configuration_changes_what_is_found():
    def findings(*args):
        report = cli("check", "--format", "json", *args, *map(str, FILES))
        return [(d["rule"], d["severity"]) for f in report["files"] for d in f["diagnostics"]]

    assert findings(*PASSES["default"][1]) != findings(*PASSES["config"][1])
