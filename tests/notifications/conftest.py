"""Fixtures for the notifications tests; the shared helpers live in notification_support.py, which tests import by that name."""

from notification_support import *  # noqa: F403
