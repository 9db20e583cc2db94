"""Lint customer-service replies: find the phrasing that loses customers and
suggest an empathetic rewrite.

    >>> import tactful
    >>> [d.rule for d in tactful.check("Please calm down.")]
    ['dismissive/calm-down']
"""

from ._tactful import ConfigError, Diagnostic, Linter, apply_fixes, check

__all__ = ["ConfigError", "Diagnostic", "Linter", "apply_fixes", "check"]
