"""Dutch names (no Django): a family name with its infix ("tussenvoegsel") split off."""

from __future__ import annotations

# Lower-case words that start a Dutch (or Flemish) family name and are sorted apart.
_INFIX_WORDS = frozenset(
    [
        "van",
        "de",
        "der",
        "den",
        "het",
        "'t",
        "ter",
        "ten",
        "te",
        "in",
        "op",
        "aan",
        "bij",
        "uit",
        "la",
        "le",
        "du",
        "des",
        "vd",
        "v.d.",
        "d'",
        "'s",
    ]
)


def split_family_name(family_name: str) -> tuple[str, str]:
    """'van den Berg' → ('van den', 'Berg'); 'Berg' → ('', 'Berg').

    Only leading lower-case infix words are split off, so 'Van Dijk' (written with a
    capital, as in Flemish names) stays whole, and a name is never emptied.
    """
    words = family_name.split()
    infix: list[str] = []
    while len(words) > 1 and words[0] in _INFIX_WORDS:
        infix.append(words.pop(0))
    if len(" ".join(infix)) > 20:  # longer than an infix can be: keep the name whole
        return "", family_name.strip()
    return " ".join(infix), " ".join(words)
