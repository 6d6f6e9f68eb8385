"""Core indicators of the extraction contract, one module per subject. Importing this package
registers them all in :data:`indicators.registry.REGISTRY`."""
from indicators import (
    rates,  # noqa: F401  (per-1 000-inhabitant variants; imports stocks)
    survival,  # noqa: F401  (non-core Kaplan-Meier délai, built on delais)
)
from indicators.core import (
    actions,  # noqa: F401
    cer,  # noqa: F401
    cohorte,  # noqa: F401
    delais,  # noqa: F401
    ep,  # noqa: F401
    fajd,  # noqa: F401
    freins,  # noqa: F401
    offre,  # noqa: F401
    orientation,  # noqa: F401
    paiement,  # noqa: F401
    plateforme,  # noqa: F401
    rdv,  # noqa: F401
    stocks,  # noqa: F401
)
