"""Password hashing with argon2id (argon2-cffi) and the rules that refuse weak passwords."""

from __future__ import annotations

from dataclasses import dataclass

from sudia.errors import SudiaError

# The most common passwords in French and international leaks: refused whatever their length.
COMMON = frozenset("""
123456789012 azertyuiop azertyuiopqs motdepasse123 motdepasse1234 password1234 password12345
qwertyuiop123 123456789abc azerty123456 soleil123456 bonjour12345 marseille13 marseille2024
regionsud2024 regionsud2025 administrateur admin1234567 changeme1234 jetaime123456 iloveyou1234
""".split())


@dataclass(frozen=True)
class HashingCost:
    """RFC 9106 "low memory" profile by default; tests may use a cheaper one."""

    time_cost: int = 3
    memory_kib: int = 65536
    parallelism: int = 4


class Passwords:
    """Hash, verify and upgrade password hashes; the argon2 module is imported on first use."""

    def __init__(self, cost: HashingCost = HashingCost(), min_length: int = 12) -> None:
        from argon2 import PasswordHasher
        from argon2.low_level import Type

        self.min_length = min_length
        self._hasher = PasswordHasher(time_cost=cost.time_cost, memory_cost=cost.memory_kib,
                                      parallelism=cost.parallelism, type=Type.ID)
        self._dummy = ""  # made on first use: commands that never verify do not pay for it

    def hash(self, password: str) -> str:
        return self._hasher.hash(password)

    def verify(self, hashed: str | None, password: str) -> bool:
        """False on a wrong password; an unknown account is checked against a dummy hash so that
        the response time does not tell which e-mail addresses have an account."""
        from argon2.exceptions import InvalidHashError, VerificationError

        if not hashed and not self._dummy:
            self._dummy = self._hasher.hash("sudia: constant-time answer for unknown accounts")
        try:
            return self._hasher.verify(hashed or self._dummy, password) and hashed is not None
        except (VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, hashed: str) -> bool:
        return self._hasher.check_needs_rehash(hashed)

    def check_strength(self, password: str, email: str = "") -> None:
        raise_if_weak(password, email, self.min_length)


def weakness(password: str, email: str = "", min_length: int = 12) -> str:
    """Why a password is refused, in French, or "" when it is acceptable."""
    if len(password) < min_length:
        return f"au moins {min_length} caractères sont nécessaires"
    lowered = password.lower()
    if lowered in COMMON:
        return "ce mot de passe figure parmi les plus courants"
    if len(set(password)) < 6:
        return "trop peu de caractères différents"
    local = email.split("@")[0].lower()
    if len(local) >= 4 and local in lowered:
        return "il ne doit pas contenir l'adresse e-mail"
    classes = sum((any(c.islower() for c in password), any(c.isupper() for c in password),
                   any(c.isdigit() for c in password), any(not c.isalnum() for c in password)))
    # A long passphrase is strong with letters only; a short password needs variety.
    if classes < 2 and len(password) < 20:
        return "mélangez lettres, chiffres ou symboles, ou choisissez une phrase de passe d'au moins 20 caractères"
    return ""


def raise_if_weak(password: str, email: str = "", min_length: int = 12) -> None:
    reason = weakness(password, email, min_length)
    if reason:
        raise SudiaError("SUDIA-A003", reason=reason)
