"""Login attempts slowed per client address and per username, with a back-off that grows.

After a few free failures, each further failure closes the door for a while (doubling up to
a ceiling); an attempt while it is closed is refused at once, before any password is hashed,
so a flood costs the server almost nothing. Success clears the address's and the user's count.
Per user the allowance is larger, so an attacker elsewhere cannot easily lock its owner out.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

log = logging.getLogger(__name__)

FREE_FAILURES_PER_ADDRESS = 5
FREE_FAILURES_PER_USER = 10
FIRST_WAIT_SECONDS = 1.0
LONGEST_WAIT_SECONDS = 300.0
# A count is forgotten after this long without a failure.
FORGET_AFTER_SECONDS = 3600.0


@dataclass
class _Record:
    failures: int = 0
    closed_until: float = 0.0
    last_failure: float = 0.0


@dataclass
class LoginThrottle:
    clock: Callable[[], float] = time.monotonic
    _addresses: dict[str, _Record] = field(default_factory=dict)
    _users: dict[str, _Record] = field(default_factory=dict)

    def _now(self) -> float:
        return self.clock()

    def wait_seconds(self, address: str, username: str) -> float:
        """How long this address or user must still wait before trying again (0: go ahead)."""
        now = self._now()
        waits = [
            record.closed_until - now
            for record in (self._addresses.get(address), self._users.get(username.lower()))
            if record is not None
        ]
        return max([0.0, *waits])

    def failed(self, address: str, username: str) -> None:
        now = self._now()
        self._forget_quiet(now)
        for table, key, free in (
            (self._addresses, address, FREE_FAILURES_PER_ADDRESS),
            (self._users, username.lower(), FREE_FAILURES_PER_USER),
        ):
            record = table.get(key)
            if record is None or now - record.last_failure > FORGET_AFTER_SECONDS:
                record = table[key] = _Record()
            record.failures += 1
            record.last_failure = now
            if record.failures > free:
                wait = min(FIRST_WAIT_SECONDS * 2 ** (record.failures - free - 1), LONGEST_WAIT_SECONDS)
                record.closed_until = now + wait
        failures = self._addresses[address].failures
        if failures > FREE_FAILURES_PER_ADDRESS:
            log.warning(
                "login failed for %r from %s (%d failures in a row); next attempt from there in %.0f s",
                username,
                address,
                failures,
                self.wait_seconds(address, username),
            )
        else:
            log.info("login failed for %r from %s", username, address)

    def succeeded(self, address: str, username: str) -> None:
        self._addresses.pop(address, None)
        self._users.pop(username.lower(), None)

    def _forget_quiet(self, now: float) -> None:
        """Bounded memory whatever an attacker sends: drop what has long been quiet."""
        for table in (self._addresses, self._users):
            if len(table) > 10_000:
                cutoff = now - FORGET_AFTER_SECONDS
                for key in [k for k, r in table.items() if r.last_failure < cutoff]:
                    del table[key]
