"""The one fuzzy name matcher, shared by every area that asks "is this the same name?": the
possible-duplicate check at referral (referrals), the legal-services conflict check
(legalservices) and the legal-event import's identity match (evaluation).

Pure Python, no Django. Names are compared once normalised, so that case, diacritics
(José/Jose), punctuation, extra whitespace and word order ("Rivera, Dana") do not make a
different name; the score is RapidFuzz's indel ratio of the normalised forms, 0 to 100.
Nicknames (Mike/Michael) are not matched: that needs a list, not a distance.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache

from rapidfuzz import fuzz, process

# Words that do not make a different party when the name is an organisation's (the landlord
# "Acme Property LLC" is "Acme Property"). Only callers comparing organisations pass them.
CORPORATE_WORDS: frozenset[str] = frozenset(
    {"llc", "inc", "ltd", "corp", "corporation", "co", "company", "the", "pllc", "lp"}
)
_NOT_WORD = re.compile(r"[^\w\s]")


def normalise(name: str, *, ignore: frozenset[str] = frozenset()) -> str:
    """Casefolded, without diacritics or punctuation, words sorted, ``ignore`` words dropped."""
    return _normalise(name, ignore)


# A feed names the same people again and again (a million-row import scores each row against
# a handful of candidates): the same string is normalised once, not on every comparison.
@lru_cache(maxsize=65_536)
def _normalise(name: str, ignore: frozenset[str]) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    # Casefolding may itself produce combining marks (e.g. "İ"): strip them again.
    folded = unicodedata.normalize("NFKD", bare.casefold())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    words = _NOT_WORD.sub(" ", folded).replace("_", " ").split()
    return " ".join(sorted(w for w in words if w not in ignore))


def similarity(a: str, b: str, *, ignore: frozenset[str] = frozenset()) -> float:
    """0-100 (unrounded): how alike two names are once normalised. Empty names match nothing."""
    na, nb = normalise(a, ignore=ignore), normalise(b, ignore=ignore)
    if not na or not nb:
        return 0.0
    return float(fuzz.ratio(na, nb))


def name_score(a: str, b: str, *, ignore: frozenset[str] = frozenset()) -> int:
    """``similarity`` rounded to a whole number."""
    return round(similarity(a, b, ignore=ignore))


def best_similarity(
    names: Iterable[str], others: Iterable[str], *, ignore: frozenset[str] = frozenset()
) -> float:
    """The best ``similarity`` over every pair of names (a person's name and aliases against
    another's); 0 when either side has none."""
    left = [n for n in (normalise(x, ignore=ignore) for x in names) if n]
    right = [n for n in (normalise(x, ignore=ignore) for x in others) if n]
    return max((float(fuzz.ratio(a, b)) for a in left for b in right), default=0.0)


class Index:
    """Names normalised once, searched many times (the conflict check searches each of a
    matter's names against every other matter's, every participant's and every agency's)."""

    def __init__(self, choices: Sequence[str], *, ignore: frozenset[str] = frozenset()) -> None:
        self.ignore = ignore
        self.normalised = [normalise(c, ignore=ignore) for c in choices]

    def search(self, name: str, *, threshold: float) -> list[tuple[int, float]]:
        """Every choice whose ``similarity`` to ``name`` is at least ``threshold``, as (index
        in the choices, score), best first. One pass, in RapidFuzz's C code."""
        query = normalise(name, ignore=self.ignore)
        if not query:
            return []
        found = process.extract(
            query,
            self.normalised,
            scorer=fuzz.ratio,
            score_cutoff=threshold,
            limit=None,
            processor=None,
        )
        return sorted(
            ((index, float(score)) for choice, score, index in found if choice),
            key=lambda x: (-x[1], x[0]),
        )
