"""Smart mirror / AR try-on kiosk for omnichannel retail."""

__version__ = "0.1.0"
