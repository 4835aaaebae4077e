"""Context of events: places, amounts, tone and themes (pure functions over a parsed Doc).

The methods, scales and conventions are described in ``docs/context.md``.
"""
