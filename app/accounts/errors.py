"""Input an account cannot take."""

from __future__ import annotations


class AccountError(ValueError):
    """The message is fit to show the person who typed the input."""
