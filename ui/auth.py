"""The hook :mod:`ui.frame` asks for roles (``has_role``): answered by :mod:`ui.access`."""
from __future__ import annotations


def has_role(name: str) -> bool:
    from ui import access

    user = access.current_user()
    return user is not None and user.role == name
