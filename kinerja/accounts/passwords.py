"""Machine-made one-time passwords and how they are stored.

A one-time password (a new login, or an administrator's reset) is 12 random characters from an
alphabet without look-alikes (no 0/O, 1/l/I), printed in groups of four: about 69 bits of entropy.
The user must replace it at the next log-in (``User.must_change_password``).

Such a password is not guessable, so a slow hash adds no protection to it; what a slow hash (Argon2,
~50 ms) would add is minutes of CPU when logins are created for a whole instance at once. One-time
passwords are therefore stored with :class:`OneTimePasswordHasher` (salted PBKDF2-SHA256, 1,000
rounds: under a millisecond) when it is configured; the password the user then chooses is hashed
with the preferred hasher (Argon2), and Django re-hashes on the first successful log-in anyway.
"""

from __future__ import annotations

import secrets

from django.contrib.auth.hashers import PBKDF2PasswordHasher, get_hashers_by_algorithm, make_password

ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
GROUPS, GROUP_SIZE = 3, 4


class OneTimePasswordHasher(PBKDF2PasswordHasher):
    """For machine-generated one-time passwords only (high entropy): see the module docstring."""

    algorithm = "pbkdf2_sha256_onetime"
    iterations = 1_000

    def must_update(self, encoded: str) -> bool:
        return True  # never keep it once the user has logged in with it


def generate_password() -> str:
    """E.g. ``fT7k-Qm3x-Z9pa``: readable on a printed card, ~69 bits of entropy."""
    return "-".join("".join(secrets.choice(ALPHABET) for _ in range(GROUP_SIZE)) for _ in range(GROUPS))


def hash_one_time(raw: str) -> str:
    """The stored form of a one-time password: the fast hasher if configured, else the default one."""
    if OneTimePasswordHasher.algorithm in get_hashers_by_algorithm():
        return make_password(raw, hasher=OneTimePasswordHasher.algorithm)
    return make_password(raw)
