"""Typed, validated settings for the kiosk.

Settings are layered (later wins): config/default.toml, config/<profile>.toml, extra
files, KIOSK_<SECTION>__<KEY> environment variables, then `--set section.key=value`
flags. Every value is checked once, at load, against limits declared on the dataclass
fields, so a typo in a store's config stops the kiosk with a message naming the key,
the value, where it came from and what is allowed, not a crash later in a camera thread.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Literal, get_type_hints

from kiosk import paths
from kiosk.errors import ConfigError

ENV_PREFIX = "KIOSK_"
MODEL_MIRROR_ENV = "KIOSK_MODEL_MIRROR"
_SOURCE_PATTERN = r"camera:(\d+|/\S.*)|(?!camera:).+"
_SOURCE_HELP = '"camera:N", "camera:/dev/videoN" (or another device path), or a video or image file'


def _opt(default: Any, **limits: Any) -> Any:
    """A field whose limits (between, choices, pattern + help) live in metadata, so one
    generic validator serves every setting instead of an if-chain per key."""
    return field(default=default, metadata=limits)


def _resolve(text: str, fallback: Path) -> Path:
    """Relative paths start at the project root, not wherever systemd launched us."""
    if not text:
        return fallback
    path = Path(text).expanduser()
    return path if path.is_absolute() else paths.project_root() / path


# Each key is documented once, in config/default.toml; tests keep it equal to these defaults.
@dataclass(frozen=True)
class KioskSettings:
    mode: str = _opt("developer", choices=("developer", "kiosk"))
    fullscreen: bool = False
    debug_overlay: bool = True
    window_width: int = _opt(720, between=(320, 7680))
    window_height: int = _opt(1280, between=(320, 7680))
    language: str = _opt("en", choices=("en", "zh-CN"))
    photo_dir: str = ""  # where shopper-requested photos go; empty = user cache dir/photos
    face_layout: bool = True  # move the image so the face stays clear of the card and shelf
    reduced_motion: bool = False  # no movement on screen (attract drift, slides)
    large_text: bool = False  # start in the large-text / high-contrast mode ("Aa" toggles it)

    def resolved_photo_dir(self) -> Path:
        return _resolve(self.photo_dir, paths.user_cache_dir() / "photos")


@dataclass(frozen=True)
class CaptureSettings:
    source: str = _opt("camera:0", pattern=_SOURCE_PATTERN, help=_SOURCE_HELP)
    width: int = _opt(1280, between=(160, 7680))
    height: int = _opt(720, between=(120, 4320))
    fps: int = _opt(30, between=(1, 240))
    mirror: bool = True
    rotate: int = _opt(0, choices=(0, 90, 180, 270))
    realtime: bool = True  # video files play at their own rate; false = as fast as possible
    loop: bool = True
    reconnect_initial_s: float = _opt(0.5, between=(0.01, 60))
    reconnect_max_s: float = _opt(5.0, between=(0.01, 600))


@dataclass(frozen=True)
class FaceSettings:
    max_faces: int = _opt(1, between=(1, 4))
    running_mode: str = _opt("video", choices=("video", "live_stream"))
    min_detection_confidence: float = _opt(0.5, between=(0, 1))
    min_presence_confidence: float = _opt(0.5, between=(0, 1))
    min_tracking_confidence: float = _opt(0.5, between=(0, 1))
    # live video: the face model starts on the next frame while this one is painted
    overlap: bool = _opt(True)


@dataclass(frozen=True)
class BodySettings:
    max_people: int = _opt(3, between=(1, 4))  # people tracked in a photo
    live_max_people: int = _opt(3, between=(1, 4))  # ... on live video (one followed, a scout)
    # live video: the pose model starts on the next frame while this one is painted
    overlap: bool = _opt(False)


@dataclass(frozen=True)
class SmoothingSettings:
    """One Euro filter: steady landmarks when still, little lag on fast moves."""

    enabled: bool = True
    min_cutoff: float = _opt(0.05, between=(0.0001, 100))
    beta: float = _opt(100.0, between=(0, 10000))
    d_cutoff: float = _opt(1.0, between=(0.0001, 100))


@dataclass(frozen=True)
class LipstickSettings:
    intensity: float = _opt(1.0, between=(0, 1))
    feather: float = _opt(0.02, between=(0, 0.2))  # edge softness, fraction of mouth width
    refine_edges: bool = _opt(True)  # fit the mesh's lip line to the lip's real edge
    adapt_light: bool = _opt(False)  # render shades under the light estimated from the skin
    hands_in_front: bool = _opt(True)  # the hand model keeps paint off lips under a hand
    colour_occluders: bool = _opt(True)  # what is on the lips in another colour stays bare
    compositor: str = _opt("auto", choices=("auto", "gpu", "cpu"))  # where lips are painted


@dataclass(frozen=True)
class StoreSettings:
    """How this store shows what the shopper reads."""

    # a channel that charges differently: "match" (the store matches a lower online price),
    # "note" (a neutral line with the online price) or "hidden"
    price_difference: str = _opt("note", choices=("match", "note", "hidden"))


@dataclass(frozen=True)
class CatalogSettings:
    path: str = "assets/catalog.json"

    def resolved_path(self) -> Path:
        return _resolve(self.path, paths.assets_dir() / "catalog.json")


@dataclass(frozen=True)
class ModelsSettings:
    cache_dir: str = ""  # empty = user cache dir/models
    mirror: str = ""  # folder or URL; KIOSK_MODEL_MIRROR fills it

    def resolved_cache_dir(self) -> Path:
        return _resolve(self.cache_dir, paths.user_cache_dir() / "models")


@dataclass(frozen=True)
class SessionSettings:
    greet_after_s: float = _opt(1.0, between=(0, 60))  # a face or body must hold this long
    leaving_after_s: float = _opt(2.0, between=(0.2, 600))  # absence that means leaving
    end_after_s: float = _opt(8.0, between=(0.5, 600))  # absence that ends and wipes a session
    dim_after_s: float = _opt(60.0, between=(1, 86400))  # nobody this long: the screen dims
    # extra wait while a code for the shopper's phone is on screen (the phone hides the face)
    scanning_grace_s: float = _opt(30.0, between=(0, 600))
    # "Suits you": shades matched to the shopper's skin tone, read on the cheeks in memory
    # and forgotten at the session's end (false: no reading at all)
    suits_you: bool = _opt(True)


@dataclass(frozen=True)
class BrandSettings:
    """What the attract screen shows: the store's name and logo."""

    store_name: str = _opt("Lumière", pattern=r".{1,60}", help="1 to 60 characters")
    logo: str = "assets/brand/logo.svg"  # relative paths start at the project folder

    def resolved_logo(self) -> Path:
        return _resolve(self.logo, paths.project_root() / "assets/brand/logo.svg")


@dataclass(frozen=True)
class GestureSettings:
    """Touchless control: a raised-hand swipe changes the product, a held open palm selects."""

    enabled: bool = False  # the kiosk profile turns it on
    idle_hz: float = _opt(5.0, between=(0.5, 60))  # hand model runs while no hand is up
    hold_s: float = _opt(1.0, between=(0.3, 5))  # an open palm held this long selects
    cooldown_s: float = _opt(0.5, between=(0, 5))  # quiet time after a gesture
    max_hands: int = _opt(2, between=(1, 2))  # 1 is cheaper but cannot tell two hands apart


@dataclass(frozen=True)
class LoggingSettings:
    level: str = _opt("INFO", choices=("DEBUG", "INFO", "WARNING", "ERROR"))
    dir: str = ""  # empty = user cache dir/logs
    health_port: int = _opt(8770, between=(0, 65535))  # /healthz, /metrics on 127.0.0.1; 0 = off

    def resolved_dir(self) -> Path:
        return _resolve(self.dir, paths.user_cache_dir() / "logs")


_HUB_URL_HELP = (
    'empty (start the embedded hub) or an http:// or https:// URL, e.g. "http://10.0.0.5:8700"'
)
_HUB_ID_HELP = "1 to 64 letters, digits, '.', '_' or '-'"


@dataclass(frozen=True)
class HubLinkSettings:
    """Where the Store API hub is and how patiently the kiosk talks to it."""

    url: str = _opt("", pattern=r"(https?://[^\s/]+(/\S*)?)?", help=_HUB_URL_HELP)
    token: str = field(default="", repr=False)  # from `kiosk hub token`; a secret, never logged
    kiosk_id: str = _opt("kiosk-1", pattern=r"[\w.-]{1,64}", help=_HUB_ID_HELP)
    store_id: str = ""  # embedded hub only: this kiosk's store; empty = the hub's default store
    connect_timeout_s: float = _opt(2.0, between=(0.05, 60))
    read_timeout_s: float = _opt(5.0, between=(0.05, 300))
    retries: int = _opt(2, between=(0, 10))  # extra tries for safe calls only
    breaker_failures: int = _opt(3, between=(1, 100))
    breaker_reset_s: float = _opt(10.0, between=(0.1, 3600))
    poll_interval_s: float = _opt(1.0, between=(0.2, 60))
    config_poll_s: float = _opt(300.0, between=(0, 86400))  # fleet overlays; 0 = never
    report_interval_s: float = _opt(60.0, between=(0, 86400))  # health to the hub; 0 = off
    cache_path: str = ""  # empty = user cache dir/store_cache.sqlite

    def resolved_cache_path(self) -> Path:
        return _resolve(self.cache_path, paths.user_cache_dir() / "store_cache.sqlite")


@dataclass(frozen=True)
class RecordsSettings:
    """Try-on records (outbox and its sender) and the Buy-online QR; see docs/records.md."""

    outbox_path: str = ""  # empty = user data dir/outbox.sqlite (data, not cache: never wiped)
    outbox_max_events: int = _opt(100_000, between=(100, 10_000_000))
    batch_size: int = _opt(200, between=(1, 500))  # the hub takes at most 500 per call
    send_interval_s: float = _opt(2.0, between=(0.05, 3600))
    retry_initial_s: float = _opt(1.0, between=(0.01, 600))
    retry_max_s: float = _opt(30.0, between=(0.01, 3600))
    handoff_expiry_minutes: int = _opt(30, between=(1, 1440))
    qr_error_correction: str = _opt("Q", choices=("M", "Q", "H"))
    qr_module_mm: float = _opt(3.5, between=(0.5, 20))
    screen_dpi: float = _opt(51.0, between=(20, 1000))
    device_secret_path: str = ""  # empty = user data dir/device_secret
    member_code_pattern: str = r"(?:KMEMBER|MEMBER|MBR):[A-Za-z0-9._:@-]{4,190}"
    code_scan_interval_ms: int = _opt(150, between=(0, 5000))
    code_scan_max_side: int = _opt(960, between=(160, 4096))

    def resolved_outbox_path(self) -> Path:
        return _resolve(self.outbox_path, paths.user_data_dir() / "outbox.sqlite")

    def resolved_device_secret_path(self) -> Path:
        return _resolve(self.device_secret_path, paths.user_data_dir() / "device_secret")


@dataclass(frozen=True)
class Settings:
    """Every setting of the kiosk, one frozen section each."""

    kiosk: KioskSettings = field(default_factory=KioskSettings)
    capture: CaptureSettings = field(default_factory=CaptureSettings)
    face: FaceSettings = field(default_factory=FaceSettings)
    bodies: BodySettings = field(default_factory=BodySettings)
    smoothing: SmoothingSettings = field(default_factory=SmoothingSettings)
    lipstick: LipstickSettings = field(default_factory=LipstickSettings)
    catalog: CatalogSettings = field(default_factory=CatalogSettings)
    store: StoreSettings = field(default_factory=StoreSettings)
    models: ModelsSettings = field(default_factory=ModelsSettings)
    session: SessionSettings = field(default_factory=SessionSettings)
    brand: BrandSettings = field(default_factory=BrandSettings)
    gestures: GestureSettings = field(default_factory=GestureSettings)
    logging: LoggingSettings = field(default_factory=LoggingSettings)
    hub: HubLinkSettings = field(default_factory=HubLinkSettings)
    records: RecordsSettings = field(default_factory=RecordsSettings)


_SECTIONS: dict[str, type] = get_type_hints(Settings)
_TYPES = {name: get_type_hints(cls) for name, cls in _SECTIONS.items()}  # bool/int/float/str
_LIMITS = {name: {f.name: f.metadata for f in fields(cls)} for name, cls in _SECTIONS.items()}
_TRUE, _FALSE = {"true", "1", "yes", "on"}, {"false", "0", "no", "off"}
_WORDS = {bool: "true or false", int: "a whole number", float: "a number", str: "text"}


@dataclass(frozen=True)
class _Origin:
    """Where a value came from, so an error can point at the exact thing to change."""

    kind: Literal["file", "env", "cli"]
    name: str = ""  # the file path or the environment variable

    def describe(self, section: str, key: str) -> str:
        if self.kind == "file":
            return f"{self.name} (key '{key}' in [{section}])"
        if self.kind == "env":
            return f"environment variable {self.name}"
        return f"the command line (--set {section}.{key})"

    def spell(self, section: str, key: str) -> str:
        """How this source would write section.key, for 'did you mean' hints."""
        if self.kind == "file":
            return f"'{key}' under [{section}]"
        if self.kind == "env":
            return f"{ENV_PREFIX}{section.upper()}__{key.upper()}"
        return f"{section}.{key}"

    @property
    def place(self) -> str:
        return {"file": self.name, "env": "the environment", "cli": "your --set option"}[self.kind]


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, str | list | dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def _allowed(base: type, meta: Mapping[str, Any], text: bool) -> str:
    if meta.get("choices"):
        return "one of " + ", ".join(_show(c) for c in meta["choices"])
    if meta.get("help"):
        return str(meta["help"])
    words = _WORDS[base] + (" (or yes/no, on/off, 1/0)" if base is bool and text else "")
    if meta.get("between"):
        lo, hi = meta["between"]
        words += f" from {lo:g} to {hi:g}"
    return words


def _convert(raw: Any, base: type, text: bool) -> Any:
    """Parse env/CLI text into `base`; TOML values must already have it. ValueError if not."""
    if text:
        word = raw.strip().lower()
        if base is bool:
            if word not in _TRUE | _FALSE:
                raise ValueError(raw)
            return word in _TRUE
        return base(word) if base in (int, float) else raw
    if base is float and type(raw) is int:
        return float(raw)
    if type(raw) is not base:  # `type is`, so a TOML bool is not taken for an int
        raise ValueError(raw)
    return raw


def _fits(value: Any, meta: Mapping[str, Any]) -> bool:
    between, choices, pattern = meta.get("between"), meta.get("choices"), meta.get("pattern")
    if between and not between[0] <= value <= between[1]:  # also rejects nan
        return False
    if choices and value not in choices:
        return False
    return not pattern or re.fullmatch(pattern, value) is not None


def _coerce(section: str, key: str, raw: Any, origin: _Origin, text: bool) -> Any:
    """The one validator: check section, key, type and limits of any setting."""
    where, shown = origin.describe(section, key), _show(raw)
    if section not in _SECTIONS:
        valid = list(_SECTIONS)
        guess = difflib.get_close_matches(section, valid, n=1)
        fix = f"Did you mean {origin.spell(guess[0], key)}?" if guess else "Remove it."
        raise ConfigError(
            f"Unknown section [{section}] (with {key} = {shown}) in {where}. "
            f"Valid sections: {', '.join(valid)}.",
            fix,
        )
    base = _TYPES[section].get(key)
    if base is None:
        valid = list(_TYPES[section])
        guess = difflib.get_close_matches(key, valid, n=1)
        hint = f"Did you mean {origin.spell(section, guess[0])}? Rename" if guess else "Remove"
        raise ConfigError(
            f"Unknown setting {section}.{key} = {shown} in {where}. "
            f"Valid keys in [{section}]: {', '.join(valid)}.",
            f"{hint} it in {origin.place}; config/default.toml documents every setting.",
        )
    limits = _LIMITS[section][key]
    try:
        value = _convert(raw, base, text)
        if _fits(value, limits):
            return value
    except ValueError:
        pass
    allowed = _allowed(base, limits, text)
    raise ConfigError(
        f"Invalid value {shown} for {section}.{key} from {where}. Allowed: {allowed}.",
        f"Set {origin.spell(section, key)} in {origin.place} to {allowed}.",
    )


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(
            f"{path} is not valid TOML: {exc}.", f"Fix the syntax at that line of {path}."
        ) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"Cannot read config file {path}: {exc}.", "Check the path.") from exc


def available_profiles(config_dir: Path | None = None) -> list[str]:
    """Profile names with a file in config_dir (default.toml is the base, not a profile)."""
    folder = paths.config_dir() if config_dir is None else config_dir
    return sorted(p.stem for p in folder.glob("*.toml") if p.stem != "default")


def _profile_file(config_dir: Path, profile: str) -> Path:
    path = config_dir / f"{profile}.toml"
    if re.fullmatch(r"[\w-]+", profile) and path.is_file():
        return path
    names = ", ".join(available_profiles(config_dir))
    raise ConfigError(
        f"Unknown profile {profile!r}: there is no {path}. Available profiles: {names or 'none'}.",
        (f"Use one of: {names}; or create {path}." if names else f"Create {path}."),
    )


def load_settings(
    profile: str | None = None,
    files: Sequence[Path] = (),
    overrides: Mapping[str, str] | None = None,
    env: Mapping[str, str] | None = None,
    config_dir: Path | None = None,
) -> Settings:
    """Merge every layer (later wins) and validate each value as it arrives, naming its source."""
    env = os.environ if env is None else env
    config_dir = paths.config_dir() if config_dir is None else Path(config_dir)
    values: dict[str, dict[str, Any]] = {name: {} for name in _SECTIONS}
    origins: dict[str, _Origin] = {}

    def put(section: str, key: str, raw: Any, origin: _Origin, text: bool) -> None:
        values[section][key] = _coerce(section, key, raw, origin, text)
        origins[f"{section}.{key}"] = origin

    layers = [config_dir / "default.toml"] if (config_dir / "default.toml").is_file() else []
    if profile is not None:
        layers.append(_profile_file(config_dir, profile))
    for path in [*layers, *map(Path, files)]:
        origin = _Origin("file", str(path))
        for section, table in _read_toml(path).items():
            if not isinstance(table, dict):
                homes = [f"[{s}]" for s, keys in _TYPES.items() if section in keys]
                raise ConfigError(
                    f"{path}: '{section} = {_show(table)}' is outside any [section].",
                    f"Move it under {' or '.join(homes) or 'a section header such as [kiosk]'}.",
                )
            for key, raw in table.items():
                put(section, key, raw, origin, text=False)

    if env.get(MODEL_MIRROR_ENV):  # a convenience name; KIOSK_MODELS__MIRROR still wins
        put("models", "mirror", env[MODEL_MIRROR_ENV], _Origin("env", MODEL_MIRROR_ENV), True)
    for name in sorted(env):
        if name.startswith(ENV_PREFIX) and "__" in name[len(ENV_PREFIX) :]:
            section, _, key = name[len(ENV_PREFIX) :].partition("__")
            put(section.lower(), key.lower(), env[name], _Origin("env", name), text=True)

    for dotted, raw in (overrides or {}).items():
        section, dot, key = dotted.partition(".")
        if not dot:
            raise ConfigError(
                f"Command-line setting {dotted!r} names no section.",
                "Write it as section.key=value, e.g. --set capture.width=640.",
            )
        put(section, key, raw, _Origin("cli"), text=True)

    settings = Settings(**{name: cls(**values[name]) for name, cls in _SECTIONS.items()})
    capture = settings.capture
    if capture.reconnect_initial_s > capture.reconnect_max_s:
        where = [origins[k].describe(*k.split(".")) for k in origins if "reconnect" in k]
        raise ConfigError(
            f"capture.reconnect_initial_s = {capture.reconnect_initial_s} is larger than "
            f"capture.reconnect_max_s = {capture.reconnect_max_s} (set in {', '.join(where)}).",
            "Make capture.reconnect_initial_s no larger than capture.reconnect_max_s.",
        )
    return settings


def parse_override(text: str) -> tuple[str, str]:
    """Split a CLI `--set section.key=value` into its dotted key and raw value."""
    key, eq, value = text.partition("=")
    if not eq or not key.strip():
        raise ConfigError(
            f"--set {text!r} is not of the form section.key=value.",
            "Write it as section.key=value, e.g. --set capture.width=640.",
        )
    return key.strip(), value.strip()


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")
    return repr(value)  # a float's repr always has a '.' or an exponent, as TOML needs


def settings_to_toml(settings: Settings) -> str:
    """Render settings as TOML that load_settings reads back unchanged (`kiosk config show`)."""
    lines: list[str] = []
    for name in _SECTIONS:
        section = getattr(settings, name)
        lines.append(f"[{name}]")
        for f in fields(section):
            lines.append(f"{f.name} = {_toml_value(getattr(section, f.name))}")
        lines.append("")
    return "\n".join(lines)
