"""The login page: guesses are slowed, timing does not tell which users exist, and the set-up
page cannot be claimed from another computer without the token Reelarr printed."""

from __future__ import annotations

import hashlib
import statistics
import time
from pathlib import Path

from fastapi.testclient import TestClient
from gatekeeping import PASSWORD, STRANGER, USERNAME, app_in_mode, csrf_token, set_up_user

from reelarr import config
from reelarr.auth import hash_password, needs_rehash, verify_password


def _try(client: TestClient, username: str, password: str) -> tuple[int, float]:
    page = client.get("/login")
    started = time.perf_counter()
    response = client.post(
        "/login", data={"username": username, "password": password, "_csrf": csrf_token(page.text)}
    )
    return response.status_code, time.perf_counter() - started


def test_twenty_wrong_passwords_from_one_address_close_the_door_for_a_while(data_dir: Path) -> None:
    with app_in_mode(data_dir) as client:
        set_up_user(client)
        statuses = [_try(client, USERNAME, f"wrong {n}")[0] for n in range(20)]
        assert statuses[:5] == [401] * 5
        assert 429 in statuses[5:]
        # Even the right password waits now, and the answer says how long.
        status, _ = _try(client, USERNAME, PASSWORD)
        assert status == 429


def test_a_known_and_an_unknown_user_take_the_same_time(data_dir: Path) -> None:
    with app_in_mode(data_dir) as client:
        set_up_user(client)
        known, unknown = [], []
        # Fewer tries than the per-user allowance, each from a fresh address, so the throttle
        # never steps in; the order alternates so neither side always goes first.
        for n in range(9):
            probe = TestClient(client.app, base_url="http://localhost", client=(f"127.0.0.{n + 2}", 1))
            pair = [(known, USERNAME), (unknown, "nobody-by-that-name")]
            for times, username in pair if n % 2 else reversed(pair):
                times.append(_try(probe, username, "wrong password")[1])
        # The middle of nine tries is each path's own cost: one try can be slowed or sped by what
        # else the machine is doing, while skipping the password hash would halve every try.
        fast, slow = sorted([statistics.median(known), statistics.median(unknown)])
        assert slow <= fast * 1.2, (known, unknown)


def test_passwords_are_argon2id_and_older_forms_are_replaced_at_the_next_login() -> None:
    stored = hash_password("correct horse")
    assert stored.startswith("$argon2id$") and not needs_rehash(stored)
    assert verify_password("correct horse", stored) and not verify_password("wrong horse", stored)
    # scrypt, as Reelarr stored passwords before.
    legacy = "scrypt$16384$8$1$" + "00" * 16 + "$"
    legacy += hashlib.scrypt(b"correct horse", salt=bytes(16), n=16384, r=8, p=1).hex()
    assert verify_password("correct horse", legacy) and needs_rehash(legacy)


def test_set_up_from_another_computer_needs_the_printed_token(data_dir: Path) -> None:
    with app_in_mode(data_dir, client=STRANGER) as client:
        page = client.get("/setup")
        assert 'name="setupToken"' in page.text
        form = {
            "username": USERNAME,
            "password": PASSWORD,
            "passwordConfirmation": PASSWORD,
            "_csrf": csrf_token(page.text),
        }
        refused = client.post("/setup", data={**form, "setupToken": "a guess"})
        assert refused.status_code == 403
        assert client.get("/").headers["location"] == "/setup"
        token = client.app.state.setup_token  # type: ignore[attr-defined]
        assert client.post("/setup", data={**form, "setupToken": token}).status_code == 303
        assert client.app.state.setup_token is None  # type: ignore[attr-defined]


def test_the_set_up_token_is_printed_in_the_log_when_no_user_exists(data_dir: Path) -> None:
    with app_in_mode(data_dir) as client:
        token = client.app.state.setup_token  # type: ignore[attr-defined]
        log = (data_dir / "logs" / "reelarr.txt").read_text()
        assert token and token in log
        set_up_user(client)
    with app_in_mode(data_dir) as client:
        assert client.app.state.setup_token is None  # type: ignore[attr-defined]


def test_an_install_that_ran_without_authentication_asks_for_credentials_now(data_dir: Path) -> None:
    (data_dir / "config.json").write_text(
        '{"apiKey": "0123456789abcdef0123456789abcdef", "authenticationMethod": "none"}'
    )
    settings = config.load(data_dir)
    assert settings.authentication_method == "forms"
    with app_in_mode(data_dir) as client:
        assert client.get("/").headers["location"] == "/setup"
