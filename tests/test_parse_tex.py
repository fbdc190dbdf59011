"""BibTeX/LaTeX text becomes plain Unicode."""

from __future__ import annotations

import unicodedata

import pytest

from loaders.tex import to_unicode


@pytest.mark.parametrize(
    ("tex", "text"),
    [
        ('{\\"o}', "ö"),
        ('\\"{o}', "ö"),
        ('\\"o', "ö"),
        ("{\\'e}", "é"),
        ("\\'e", "é"),
        ("\\`a", "à"),
        ("\\^o", "ô"),
        ("\\~n", "ñ"),
        ("\\c{c}", "ç"),
        ("\\c c", "ç"),
        ("\\v{s}", "š"),
        ("\\H{o}", "ő"),
        ("\\u{g}", "ğ"),
        ("\\={a}", "ā"),
        ("\\.{z}", "ż"),
        ("\\k{a}", "ą"),
        ("\\r{a}", "å"),
        ("{\\aa}", "å"),
        ("{\\AA}", "Å"),
        ("{\\o}", "ø"),
        ("{\\O}", "Ø"),
        ("{\\l}", "ł"),
        ("{\\L}", "Ł"),
        ("{\\ss}", "ß"),
        ("{\\ae}", "æ"),
        ("{\\oe}", "œ"),
        ("{\\i}", "ı"),
        ("{\\j}", "ȷ"),
        ("\\'{\\i}", "í"),
        ('\\"\\i', "ï"),
    ],
)
def test_accent_commands_become_composed_letters(tex: str, text: str) -> None:
    """Every accent and special-letter command gives the one precomposed character it stands for."""
    assert to_unicode(tex) == text


def test_names_with_accents_read_naturally() -> None:
    """A name spelt with accent commands and protective braces reads as Unicode with no braces left."""
    assert to_unicode('Kalle {\\AA}str{\\"o}m') == "Kalle Åström"
    assert to_unicode("Paul Erd\\H{o}s") == "Paul Erdős"
    assert to_unicode("{\\L}ukasz Kaiser") == "Łukasz Kaiser"


def test_dashes_ties_and_escapes_become_text() -> None:
    """`--` is an en dash, `---` an em dash, `~` a space, and escaped specials are literal."""
    assert to_unicode("pages 1--10") == "pages 1–10"
    assert to_unicode("yes---no") == "yes—no"
    assert to_unicode("Fig.~3") == "Fig. 3"
    assert to_unicode("R\\&D at 50\\% for \\$5 \\#1 a\\_b") == "R&D at 50% for $5 #1 a_b"


def test_braces_and_formatting_commands_disappear() -> None:
    """Case-protecting braces and font commands go; their content stays."""
    assert to_unicode("{The} {SIFT} \\emph{descriptor} in {\\em practice}") == "The SIFT descriptor in practice"
    assert to_unicode("$\\mathcal{O}(n)$ time") == "O(n) time"


def test_greek_letters_in_titles_become_symbols() -> None:
    """Math-mode Greek letters, common in titles, turn into the letters themselves."""
    assert to_unicode("$\\alpha$-Coverings and \\ell_1") == "α-Coverings and ℓ_1"


def test_unknown_commands_are_kept_as_written() -> None:
    """A command the converter does not know stays visible instead of being guessed at."""
    assert to_unicode("the \\foo operator") == "the \\foo operator"


def test_whitespace_is_collapsed_and_trimmed() -> None:
    """Runs of spaces, tabs and newlines (wrapped BibTeX lines) become single spaces."""
    assert to_unicode("  Deep\n               Residual\tLearning  ") == "Deep Residual Learning"


def test_result_is_nfc() -> None:
    """Decomposed input (e + combining acute) comes out precomposed."""
    assert to_unicode("Caf\u0065\u0301") == "Café"
    assert unicodedata.is_normalized("NFC", to_unicode('M\\"{u}ller'))


def test_plain_text_passes_through_unchanged() -> None:
    """Text with no TeX in it (the common case, taken by the fast path) is returned as is."""
    title = "Histograms of Oriented Gradients for Human Detection"
    assert to_unicode(title) == title
    assert to_unicode("José Manuel Álvarez") == "José Manuel Álvarez"
