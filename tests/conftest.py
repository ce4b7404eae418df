"""Shared test fixtures. Notebook tests live in test_notebooks.py; nbval runs lessons and solutions."""

from __future__ import annotations

import os
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")
os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT



@pytest.fixture(scope="session")
def playwright_session():
    """One Playwright driver per test process, shared by the browser tests of the widgets and of the
    website: two sync drivers in one process collide ("Sync API inside the asyncio loop")."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("the playwright package is not installed: run .ci/install-browser.sh")
    pw = sync_playwright().start()
    try:
        yield pw
    finally:
        pw.stop()
