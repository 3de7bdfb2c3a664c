"""Password hashing with argon2 and the rules a new password must meet."""
from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_babel import gettext as _
from zxcvbn import zxcvbn

MIN_LENGTH = 12
MAX_LENGTH = 256

# OWASP's recommended argon2id configuration (19 MiB, 2 iterations, 1 lane):
# strong against offline guessing, and cheap enough that an association
# evening's logins do not queue behind each other. Older hashes are
# upgraded at the next login.
_hasher = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)

# Finnish passwords that are common but that zxcvbn's English-centred lists
# may rate too well; zxcvbn's frequency lists cover the rest.
COMMON_PASSWORDS = frozenset(
    """
    123456789012 1234567890123 password1234 passwordpassword qwertyuiopas
    qwerty123456 salasana1234 salasanasalasana salasana123! kesakuu2024 kesakuu2025
    kissa1234567 koira1234567 suomi1234567 suomisuomisuomi perkele12345 hyvinvointi1
    yhdistys1234 järjestö1234 kunta1234567 esimerkkikunta 111111111111 000000000000
    abcdefghijkl iloveyou1234 letmein12345 welcome12345 administrator admin1234567
    """.split()
)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    if not password_hash:
        return False
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


def password_problems(password: str, *, email: str = "", name: str = "") -> list[str]:
    """Why a proposed password is not acceptable (empty when it is)."""
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append(_("The password must have at least %(n)s characters.", n=MIN_LENGTH))
    if len(password) > MAX_LENGTH:
        problems.append(_("The password may have at most %(n)s characters.", n=MAX_LENGTH))
    lowered = password.casefold()
    hints = [email, email.split("@")[0], name, "ohjeverstas", "salasana", "kunta", "yhdistys", "järjestö"]
    if lowered in COMMON_PASSWORDS or len(set(lowered)) < 4 or (
        len(password) <= MAX_LENGTH and zxcvbn(password[:100], user_inputs=[h for h in hints if h])["score"] < 3
    ):
        problems.append(_("This password is too common or too easy to guess."))
    local_part = email.split("@")[0].casefold()
    if local_part and len(local_part) >= 4 and local_part in lowered:
        problems.append(_("The password may not contain your e-mail address."))
    return problems
