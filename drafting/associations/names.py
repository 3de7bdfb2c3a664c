"""How the names and register numbers of associations compare.

Two keys, both pure functions of a name:

- `name_key` is the form in which two names of one association are *the same
  name*: case, surrounding and repeated space and a trailing "ry" (or "rf",
  "r.y.", "r.f.") ignored. The register holds each key once per municipality.
- `resemblance_keys` are the forms in which two names *resemble* each other
  as Finnish and Swedish names of one association vary: besides the above, a
  trailing period, hyphens and dashes, the legal form written with spaces
  ("r. y."), the word order of names such as "Kylätoimikunta Mäkelä" and
  "Mäkelän kylätoimikunta" (a Finnish genitive -n, a Swedish definite
  "-en"/"-et" and "i" taken into account), and a compound written apart
  ("Pohjois-Karjalan", "Pohjois Karjalan", "Pohjoiskarjalan").

Consonant gradation ("Kontiolahti", "Kontiolahden") is beyond these keys:
such names are not found to resemble each other.
"""
from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_TRAILING_RY = re.compile(r"[\s,]+(ry|r\.y\.|rf|r\.f\.)$", re.IGNORECASE)
# the legal form in any spelling at the end of a name: "ry", "r.y.", "r. y.", "RF", "r.f"
_LEGAL_FORM = re.compile(r"[\s,]+(r\s*\.?\s*y|r\s*\.?\s*f)\s*\.?\s*$", re.IGNORECASE)
_DASHES = re.compile(r"[-‐‑‒–—―]")
_NOT_WORD = re.compile(r"[^\w]+")
_VOWELS = set("aeiouyäöå")

# Endings of the words that say what kind of association a name is: such a
# word may stand first ("Kylätoimikunta Mäkelä") or last ("Mäkelän kylätoimikunta").
KIND_ENDINGS = (
    "toimikunta", "yhdistys", "seura", "kerho", "kuoro", "klubi", "kilta", "killat", "martat",
    "liitto", "piiri", "osasto", "yhdistykset", "neuvosto", "säätiö", "työryhmä", "veljet",
    "förening", "föreningen", "byalag", "byalaget", "lag", "laget", "klubb", "klubben",
    "kör", "kören", "gille", "gillet", "sällskap", "sällskapet", "råd", "rådet", "kår", "kåren",
    "club", "society", "association", "committee",
)
_SWEDISH_DEFINITE = (("föreningen", "förening"), ("laget", "lag"), ("klubben", "klubb"),
                     ("kören", "kör"), ("gillet", "gille"), ("sällskapet", "sällskap"),
                     ("rådet", "råd"), ("kåren", "kår"))
_LINKING_WORDS = {"i", "på", "för", "in", "of"}


def tidy_name(name: str) -> str:
    """A name as it is kept: Unicode composed, space collapsed and trimmed."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", name)).strip()


def name_key(name: str) -> str:
    """The form in which two names of one association compare equal: case,
    surrounding and repeated space and a trailing "ry" (or "rf") ignored."""
    key = tidy_name(name).casefold()
    return _TRAILING_RY.sub("", key).strip()


def _is_kind(word: str) -> bool:
    return word.endswith(KIND_ENDINGS)


def _without_definite(word: str) -> str:
    for definite, indefinite in _SWEDISH_DEFINITE:
        if word.endswith(definite):
            return word[: -len(definite)] + indefinite
    return word


def _without_genitive(word: str) -> str:
    """A Finnish genitive -n after a vowel taken off ("mäkelän" → "mäkelä"),
    in words long enough that the -n is an ending."""
    if len(word) >= 4 and word.endswith("n") and word[-2] in _VOWELS:
        return word[:-1]
    return word


def _words(name: str) -> list[str]:
    text = tidy_name(name).casefold()
    text = _LEGAL_FORM.sub("", text)
    text = text.rstrip(". ")
    text = _DASHES.sub(" ", text)
    return [word for word in _NOT_WORD.split(text) if word]


def _ordered(words: list[str]) -> list[str]:
    """The words with the kind of the association last, its linking word
    dropped, and the word before the kind without its genitive ending."""
    if len(words) >= 2 and _is_kind(words[0]) and not _is_kind(words[-1]):
        rest = words[1:]
        if len(rest) >= 2 and rest[0] in _LINKING_WORDS:
            rest = rest[1:]
        words = [*rest, words[0]]
    if words and _is_kind(words[-1]):
        words = [*words[:-1], _without_definite(words[-1])]
        if len(words) >= 2:
            words[-2] = _without_genitive(words[-2])
    return words


def resemblance_keys(name: str) -> tuple[str, ...]:
    """The keys under which names that resemble this one are found: the
    words in their order (kind of association last), and the same letters
    without any space between the words."""
    words = _ordered(_words(name))
    if not words:
        return ()
    spaced = " ".join(words)
    joined = "".join(words)
    return (spaced, "=" + joined) if joined != spaced else (spaced,)


_LEGAL_FORM_INSIDE = re.compile(r"(^|\s)(ry|rf|r\.y\.|r\.f\.)[\s,]+\S", re.IGNORECASE)


def looks_like_a_list(text: str) -> bool:
    """Whether a text meant as one name holds several: line breaks or tabs,
    a semicolon, commas between three or more parts, or a legal form ("ry",
    "rf") with another name after it."""
    if any(mark in text for mark in "\n\r\t;"):
        return True
    if text.count(",") >= 2:
        return True
    return bool(_LEGAL_FORM_INSIDE.search(text.strip()))


# A register number of the Finnish register of associations (yhdistysrekisteri,
# kept by the Finnish Patent and Registration Office): up to three digits and
# a group of three after a dot ("123.456"), older ones without the group ("987").
_REGISTER_NUMBER = re.compile(r"^\d{1,3}(\.\d{3})?$")
_UNDOTTED = re.compile(r"^\d{4,6}$")
_BUSINESS_ID = re.compile(r"^\d{7}-\d$")


class RegisterNumberError(ValueError):
    """Why a register number is not one; `business_id` when it is a business ID (Y-tunnus)."""

    def __init__(self, business_id: bool = False):
        super().__init__("business ID" if business_id else "not a register number")
        self.business_id = business_id


def normalise_register_number(value: str | None) -> str | None:
    """A register number as the register writes it ("123.456"), from how
    people write it ("123.456", "123 456", "123456", "ry 123.456"); None
    for nothing. Raises RegisterNumberError for anything else."""
    if value is None:
        return None
    text = _SPACES.sub(" ", str(value)).strip()
    text = re.sub(r"^(rek\.?\s*nro|rekisterinumero|reg\.?\s*nr|ry|rf)[\s.:]*", "", text, flags=re.IGNORECASE)
    if not text:
        return None
    if _BUSINESS_ID.match(text):
        raise RegisterNumberError(business_id=True)
    compact = text.replace(" ", "")
    if _REGISTER_NUMBER.match(compact):
        return compact
    if _UNDOTTED.match(compact):
        return f"{compact[:-3]}.{compact[-3:]}"
    raise RegisterNumberError()


_EMAIL = re.compile(r"^[^@\s<>\"'(),;:]+@[^@\s<>\"'(),;:]+\.[^@\s<>\"'(),;:.][^@\s<>\"'(),;:]*$")


def is_email(value: str) -> bool:
    return bool(_EMAIL.match(value)) and ".." not in value
