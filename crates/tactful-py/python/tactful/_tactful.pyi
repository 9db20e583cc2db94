import os
from collections.abc import Iterable
from typing import Literal, TypedDict, final

from typing_extensions import NotRequired

__all__ = ["ConfigError", "Diagnostic", "Linter", "apply_fixes", "check"]

_Format = Literal["plain", "markdown", "html"]
# A tactful.toml as its text (str) or as a path (os.PathLike, e.g. pathlib.Path).
_Config = str | os.PathLike[str] | None

class ConfigError(ValueError):
    """A configuration tactful cannot use: `[path:]line:column: message`."""

    line: int
    column: int

class _Span(TypedDict):
    start: int
    end: int

class _DiagnosticDict(TypedDict):
    rule: str
    category: str
    severity: Literal["error", "warning", "info"]
    message: str
    span: _Span
    line: int
    column: int
    end_line: int
    end_column: int
    matched: str
    suggestions: list[str]
    fix: NotRequired[str]

@final
class Diagnostic:
    """One problem found in a reply; `text[start:end] == matched`."""

    @property
    def rule(self) -> str: ...
    @property
    def category(self) -> str: ...
    @property
    def severity(self) -> Literal["error", "warning", "info"]: ...
    @property
    def message(self) -> str: ...
    @property
    def start(self) -> int:
        """String index (code point) where the finding starts."""
    @property
    def end(self) -> int:
        """String index just past the finding."""
    @property
    def span(self) -> tuple[int, int]: ...
    @property
    def line(self) -> int:
        """1-based line of `start`."""
    @property
    def column(self) -> int:
        """1-based column of `start`, in code points."""
    @property
    def end_line(self) -> int: ...
    @property
    def end_column(self) -> int: ...
    @property
    def matched(self) -> str: ...
    @property
    def suggestions(self) -> list[str]:
        """Empathetic rewrites, best first."""
    @property
    def fix(self) -> str | None:
        """A replacement for the span that is safe to write unseen."""
    def to_dict(self) -> _DiagnosticDict:
        """The CLI's JSON shape, with string indices in `span`."""
    def __eq__(self, other: object, /) -> bool: ...
    def __hash__(self) -> int: ...

@final
class Linter:
    """A compiled rule pack: build it once, check many replies with it."""

    def __new__(cls, config: _Config = None) -> Linter: ...
    def check(self, text: str, format: _Format = "plain") -> list[Diagnostic]: ...

def check(text: str, config: _Config = None, format: _Format = "plain") -> list[Diagnostic]:
    """The problems in `text`, in order of position."""

def apply_fixes(text: str, diagnostics: Iterable[Diagnostic]) -> str:
    """`text` with the safe fixes of `diagnostics` written in."""
