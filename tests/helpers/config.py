"""The tests' own configuration (``tests/helpers/config.toml``), independent of the shipped
``config.toml``."""
from __future__ import annotations

from pathlib import Path

from settings import Settings, load_settings

TEST_CONFIG = Path(__file__).resolve().with_name("config.toml")
# The Loiret (45), configured as a second département would be (a copy of config.45.toml).
TEST_CONFIG_45 = Path(__file__).resolve().with_name("config_45.toml")
CONFIGS = {"41": TEST_CONFIG, "45": TEST_CONFIG_45}


def test_settings(url: str | None = None) -> Settings:
    """The settings of the tests' configuration, on ``url`` (default: the demo extraction)."""
    return load_settings(TEST_CONFIG).with_url(url)


test_settings.__test__ = False  # not a test for pytest


def config_settings(departement: str, url: str | None = None) -> Settings:
    """The tests' configuration of ``departement`` (41 or 45), on ``url``."""
    return load_settings(CONFIGS[departement]).with_url(url)
