# The two commands of the README. Both install what they need first, idempotently.
.PHONY: run test lint

run:
	sh scripts/run.sh

test:
	sh scripts/test.sh

# Static checks (also run by the test suite's tests/test_static_checks.py).
lint:
	.venv/bin/ruff check --no-cache src tests bench
	.venv/bin/ruff format --no-cache --check src tests bench
	.venv/bin/mypy
	.venv/bin/lint-imports
