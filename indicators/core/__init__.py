"""Core indicators of the extraction contract, one module per subject. Importing this package
registers them all in :data:`indicators.registry.REGISTRY`."""
from indicators.core import stocks  # noqa: F401
