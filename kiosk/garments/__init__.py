"""Garment try-on assets: rigs made from product photos, previews and the garment catalog."""

from __future__ import annotations

from kiosk.garments.rig import Rig, auto_rig, rig_path_for

__all__ = ["Rig", "auto_rig", "rig_path_for"]
