"""Core indicators of the extraction contract, one module per subject. Importing this package
registers them all in :data:`indicators.registry.REGISTRY`."""
from indicators.core import stocks  # noqa: F401
from indicators.core import rdv  # noqa: F401
from indicators.core import ep  # noqa: F401
from indicators.core import actions  # noqa: F401
from indicators.core import plateforme  # noqa: F401
from indicators.core import fajd  # noqa: F401
from indicators.core import paiement  # noqa: F401
from indicators.core import freins  # noqa: F401
from indicators.core import orientation  # noqa: F401
from indicators.core import delais  # noqa: F401
from indicators.core import cer  # noqa: F401
from indicators import survival  # noqa: F401  (non-core Kaplan-Meier délai, built on delais)
from indicators import rates  # noqa: F401  (per-1 000-inhabitant variants; imports stocks)
