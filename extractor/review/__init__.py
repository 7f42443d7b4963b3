"""The review report: every extracted record boxed on the page it came from (``build``)."""
from __future__ import annotations

from .site import build

__all__ = ["build"]
