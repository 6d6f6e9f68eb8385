"""The tests' own configuration (``tests/helpers/config.toml``), independent of the shipped
``config.toml``."""
from __future__ import annotations

from pathlib import Path

from settings import Settings, load_settings

TEST_CONFIG = Path(__file__).resolve().with_name("config.toml")


def test_settings(url: str | None = None) -> Settings:
    """The settings of the tests' configuration, on ``url`` (default: the demo extraction)."""
    return load_settings(TEST_CONFIG).with_url(url)


test_settings.__test__ = False  # not a test for pytest
