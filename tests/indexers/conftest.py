"""Fixtures for the indexers tests; the shared helpers live in indexer_support.py, which tests import by that name."""

from indexer_support import *  # noqa: F403
