"""Every case from Radarr's own parser tests, run against reelarr.parser.

Cases listed in tests/data/parser-known-failures.json (with the reason) are expected to fail;
any other failure, or a listed case that starts passing, fails the suite.
"""

from __future__ import annotations

from typing import Any

import pytest
from conformance import case_key, load_cases, load_known_failures, mismatches

CASES = load_cases()
KNOWN_FAILURES = load_known_failures()


def _params() -> list[Any]:
    params = []
    for index, case in enumerate(CASES):
        key = case_key(case)
        marks = []
        if key in KNOWN_FAILURES:
            marks.append(pytest.mark.xfail(reason=KNOWN_FAILURES[key], strict=True))
        params.append(pytest.param(case, id=f"{index}-{case['test']}", marks=marks))
    return params


@pytest.mark.parametrize("case", _params())
def test_radarr_case_is_met(case: dict[str, Any]) -> None:
    problems = mismatches(case)
    assert not problems, f"{case['api']}({case['title']!r}): " + "; ".join(problems)


def test_every_known_failure_names_a_real_case() -> None:
    keys = {case_key(case) for case in CASES}
    assert set(KNOWN_FAILURES) <= keys


def test_at_least_99_percent_of_cases_pass() -> None:
    failing = sum(1 for case in CASES if case_key(case) in KNOWN_FAILURES)
    assert failing <= len(CASES) * 0.01
