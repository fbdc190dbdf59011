"""BibTeX/LaTeX text to plain Unicode: accents composed, braces and markup dropped, whitespace collapsed."""

from __future__ import annotations

import re
import unicodedata

# Accent commands and the combining mark each one puts on its letter.
_SYMBOL_ACCENTS = {
    '"': "\u0308",  # diaeresis
    "'": "\u0301",  # acute
    "`": "\u0300",  # grave
    "^": "\u0302",  # circumflex
    "~": "\u0303",  # tilde
    "=": "\u0304",  # macron
    ".": "\u0307",  # dot above
}
_LETTER_ACCENTS = {
    "c": "\u0327",  # cedilla
    "v": "\u030c",  # caron
    "H": "\u030b",  # double acute
    "u": "\u0306",  # breve
    "k": "\u0328",  # ogonek
    "r": "\u030a",  # ring above
    "d": "\u0323",  # dot below
    "b": "\u0331",  # macron below
    "t": "\u0361",  # tie
}

# Control words that stand for one character.
_SYMBOLS = {
    "aa": "å", "AA": "Å", "o": "ø", "O": "Ø", "l": "ł", "L": "Ł", "ss": "ß", "SS": "SS",
    "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ", "i": "ı", "j": "ȷ",
    "dh": "ð", "DH": "Ð", "th": "þ", "TH": "Þ", "ng": "ŋ", "NG": "Ŋ", "dj": "đ", "DJ": "Đ",
    "S": "§", "P": "¶", "copyright": "©", "textcopyright": "©", "textregistered": "®",
    "texttrademark": "™", "pounds": "£", "textsterling": "£", "euro": "€", "texteuro": "€",
    "dag": "†", "ddag": "‡", "ldots": "…", "dots": "…", "textellipsis": "…",
    "textendash": "–", "textemdash": "—", "textquoteleft": "‘", "textquoteright": "’",
    "textquotedblleft": "“", "textquotedblright": "”", "guillemotleft": "«", "guillemotright": "»",
    "textdegree": "°", "degree": "°", "textbullet": "•", "textasciitilde": "~",
    "textbackslash": "\\", "textbar": "|", "textless": "<", "textgreater": ">", "textunderscore": "_",
    "quad": " ", "qquad": " ", "enspace": " ", "space": " ",
    # Greek and a few math symbols that occur in paper titles.
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "varepsilon": "ε",
    "zeta": "ζ", "eta": "η", "theta": "θ", "vartheta": "ϑ", "iota": "ι", "kappa": "κ",
    "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ", "pi": "π", "varpi": "ϖ", "rho": "ρ",
    "varrho": "ϱ", "sigma": "σ", "varsigma": "ς", "tau": "τ", "upsilon": "υ", "phi": "φ",
    "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω",
    "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π",
    "Sigma": "Σ", "Upsilon": "Υ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
    "ell": "ℓ", "infty": "∞", "times": "×", "cdot": "·", "pm": "±", "leq": "≤", "le": "≤",
    "geq": "≥", "ge": "≥", "neq": "≠", "ne": "≠", "approx": "≈", "sim": "∼", "to": "→",
    "rightarrow": "→", "leftarrow": "←", "in": "∈", "forall": "∀", "exists": "∃",
    "partial": "∂", "nabla": "∇", "sum": "∑", "prod": "∏", "sqrt": "√", "ast": "∗",
    "star": "⋆", "circ": "∘", "oplus": "⊕", "otimes": "⊗", "cup": "∪", "cap": "∩",
    "subset": "⊂", "subseteq": "⊆", "emptyset": "∅", "neg": "¬", "wedge": "∧", "vee": "∨",
    "bot": "⊥", "top": "⊤", "mid": "∣", "Box": "□", "Diamond": "◇",
    "LaTeX": "LaTeX", "TeX": "TeX", "BibTeX": "BibTeX",
}

# Control words that only change how their argument looks: dropped, the argument stays.
_FORMATTING = frozenset(
    "textbf textit textsl textsc texttt textrm textsf textup textmd textnormal emph em it bf sl sc "
    "tt rm sf up md normalfont mathrm mathbf mathit mathcal mathbb mathsf mathtt mathfrak mathscr "
    "mathnormal boldsymbol bm cal mbox hbox makebox text ensuremath url protect relax "
    "nolinkurl small large Large footnotesize scriptsize tiny normalsize huge Huge "
    "displaystyle textstyle scriptstyle left right big Big bigl bigr".split()
)

# Control symbols: a backslash and one non-letter.
_CONTROL_SYMBOLS = {
    "&": "&", "%": "%", "$": "$", "#": "#", "_": "_", "{": "{", "}": "}",
    " ": " ", "\\": " ", ",": " ", ";": " ", ":": " ", "!": "", "-": "", "/": "", "@": "",
    "(": "", ")": "", "[": "", "]": "", "\n": " ", "\t": " ",
}

_TOKEN = re.compile(
    # \"o, \"{o}, \'{\i}: symbol accents take their letter directly or in braces.
    r"\\(?P<sa>[\"'`^~=.])\s*(?:\{\s*(?P<sb>\\[ij](?![A-Za-z])|[A-Za-z])\s*\}|(?P<sl>\\[ij](?![A-Za-z])|[A-Za-z]))"
    # \c{c}, \v s: letter accents need braces or a space before the letter.
    r"|\\(?P<la>[cvHukrdbt])(?:\s*\{\s*(?P<lb>\\[ij](?![A-Za-z])|[A-Za-z])\s*\}|\s+(?P<ll>[A-Za-z]))"
    # \ss, \alpha, \emph: control words swallow the spaces after them (TeX does the same).
    r"|\\(?P<word>[A-Za-z]+)(?P<sp>\s*)(?P<empty>\{\})?"
    r"|\\(?P<sym>[^A-Za-z])"
    r"|(?P<dash>---?)"
    r"|(?P<drop>[{}$])"
    r"|(?P<tilde>~)"
)


def _accent(letter: str, mark: str) -> str:
    """The letter with its combining mark; a dotless i or j under an accent is written as i or j."""
    if letter in ("\\i", "\\j"):
        letter = letter[1]
    return letter + mark


def _replace(m: re.Match[str]) -> str:
    """The Unicode text for one TeX token."""
    kind = m.lastgroup
    if m.group("sa") is not None:
        return _accent(m.group("sb") or m.group("sl"), _SYMBOL_ACCENTS[m.group("sa")])
    if m.group("la") is not None:
        return _accent(m.group("lb") or m.group("ll"), _LETTER_ACCENTS[m.group("la")])
    word = m.group("word")
    if word is not None:
        if word in _SYMBOLS:
            return _SYMBOLS[word]
        if word in _FORMATTING:
            return ""
        return m.group(0)  # unknown command: keep it as written rather than guess
    if kind == "sym":
        return _CONTROL_SYMBOLS.get(m.group("sym"), m.group("sym"))
    if kind == "dash":
        return "—" if len(m.group("dash")) == 3 else "–"
    if kind == "tilde":
        return " "
    return ""  # a brace or a math-mode dollar


def to_unicode(text: str) -> str:
    """'{\\"O}zt{\\"u}rk --~\\emph{x}' -> 'Öztürk – x': plain text, NFC, single spaces."""
    if not (
        "\\" in text or "{" in text or "}" in text or "~" in text or "$" in text or "--" in text
        or "  " in text or not text.isprintable()  # isprintable: False for newlines and tabs
    ):
        # Fast path: most titles and names hold no TeX at all; plain `in` tests beat a regex here.
        text = text.strip()
        if text.isascii() or unicodedata.is_normalized("NFC", text):
            return text
        return unicodedata.normalize("NFC", text)
    text = _TOKEN.sub(_replace, text)
    return unicodedata.normalize("NFC", " ".join(text.split()))
