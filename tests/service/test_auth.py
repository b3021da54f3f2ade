from reelarr.auth import hash_password, verify_password


def test_a_password_is_stored_salted_and_checks_only_against_itself() -> None:
    stored = hash_password("correct horse")
    assert "correct horse" not in stored
    assert stored != hash_password("correct horse")
    assert verify_password("correct horse", stored)
    assert not verify_password("wrong horse", stored)
    assert not verify_password("correct horse", "not-a-hash")
