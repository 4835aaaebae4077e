"""Errors raised by detente, each with a stable code and a next step.

The tree::

    DetenteError                      base class; ``code`` like "E101", ``hint`` what to do
    ├── InputError(ValueError)        a file, line or field cannot be read as an article
    │   ├── UnsupportedFormatError    the format of a path cannot be told from it
    │   └── DateError                 a date that cannot be parsed or cannot exist
    ├── ModelError(RuntimeError)      the spaCy pipeline cannot be loaded
    ├── DataError(RuntimeError)       a packaged or user data file (lexicon, gazetteer) is broken
    └── StoreError(RuntimeError)      the database cannot be opened, migrated or queried

Third-party exceptions (DuckDB, spaCy, YAML) are translated into these at one boundary with
``raise ... from exc``; the CLI prints ``str(error)`` on one line and exits with
:data:`EXIT_CODES` [type(error)].
"""

from __future__ import annotations


class DetenteError(Exception):
    """Base class of every error detente raises on purpose."""

    code = "E000"

    def __init__(self, message: str, *, hint: str | None = None, where: str | None = None):
        self.message = message
        self.hint = hint
        self.where = where
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.where}: " if self.where else ""
        hint = f" ({self.hint})" if self.hint else ""
        return f"[{self.code}] {where}{self.message}{hint}"


class InputError(DetenteError, ValueError):
    """An input file, line or field cannot be read as an article."""

    code = "E100"


class UnsupportedFormatError(InputError):
    """The format of an input path cannot be recognised."""

    code = "E101"


class DateError(InputError):
    """A date is malformed or impossible."""

    code = "E102"


class ModelError(DetenteError, RuntimeError):
    """The spaCy pipeline cannot be loaded or lacks a needed component."""

    code = "E200"


class DataError(DetenteError, RuntimeError):
    """A lexicon, gazetteer or ontology file is malformed."""

    code = "E300"


class StoreError(DetenteError, RuntimeError):
    """The store cannot be opened, migrated or queried."""

    code = "E400"


#: Process exit codes of the CLI, documented in the README.
EXIT_CODES: dict[type[DetenteError], int] = {
    InputError: 2,
    ModelError: 3,
    DataError: 4,
    StoreError: 5,
}


def exit_code(error: DetenteError) -> int:
    """Exit code for an error: the entry of its nearest class in :data:`EXIT_CODES`, else 1."""
    for klass in type(error).__mro__:
        if klass in EXIT_CODES:
            return EXIT_CODES[klass]
    return 1
