"""Fixtures for these tests; their helpers live in list_support.py, imported by that unique name."""

from list_support import *  # noqa: F403
