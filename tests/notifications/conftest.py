"""Fixtures for these tests; their helpers live in notification_support.py, imported by that unique name."""

from notification_support import *  # noqa: F403
