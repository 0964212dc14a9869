"""The `kiosk` command: run the mirror, manage models, benchmark, render, check config.

Every failure a person can cause ends in a message that names the problem and
the fix (a KioskError), never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk import __version__
from kiosk.errors import KioskError, NoFaceError

if TYPE_CHECKING:
    from kiosk.catalog.catalog import Catalog
    from kiosk.catalog.shades import ShadeProduct
    from kiosk.config import Settings
    from kiosk.garments.prepared import PreparedGarment
    from kiosk.render.cosmetics import FaceMakeup
    from kiosk.render.shade import Shade

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
# `kiosk catalog list --category`: the shelves in the order the kiosk shows them.
CATALOG_CATEGORIES = ("lips", "eyes", "cheeks", "brows", "looks", "garments")


def _config_flags() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    group = common.add_argument_group("settings")
    group.add_argument("--profile", help="config profile: developer (default) or kiosk")
    group.add_argument(
        "--config", action="append", default=[], type=Path, metavar="FILE",
        help="extra TOML file layered over the profile (repeatable)",
    )  # fmt: skip
    group.add_argument(
        "--set", action="append", default=[], metavar="SECTION.KEY=VALUE",
        help="override one setting, e.g. --set capture.rotate=90 (repeatable)",
    )  # fmt: skip
    return common


def _frame_size(text: str) -> tuple[int, int]:
    """'1280x720' -> (1280, 720), for argparse (its error names the fix)."""
    w, sep, h = text.lower().partition("x")
    if not sep or not w.isdigit() or not h.isdigit() or min(int(w), int(h)) < 16:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a frame size; write it as WxH, e.g. 1280x720"
        )
    return int(w), int(h)


def build_parser() -> argparse.ArgumentParser:
    common = _config_flags()
    parser = argparse.ArgumentParser(
        prog="kiosk", description="Smart mirror / AR try-on kiosk for omnichannel retail."
    )
    parser.add_argument("--version", action="version", version=f"kiosk {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    run = sub.add_parser("run", parents=[common], help="start the mirror")
    run.add_argument("--source", help="camera:N, camera:/dev/videoN, or a video/image file")
    screen = run.add_mutually_exclusive_group()
    screen.add_argument("--fullscreen", action="store_true", help="full-screen kiosk window")
    screen.add_argument("--windowed", action="store_true", help="a normal window")
    run.add_argument(
        "--measure", type=float, metavar="SECONDS",
        help="time the window for SECONDS (after a few seconds' warm-up): frames shown and "
        "dropped, capture-to-screen latency and where it goes; then print it and quit",
    )  # fmt: skip
    run.add_argument(
        "--wear", action="append", default=[], metavar="SKU",
        help="put this product on once the mirror has warmed up, as a touch would (repeatable: "
        "a shade and a garment); with --measure, before the timing starts",
    )  # fmt: skip

    models = sub.add_parser("models", parents=[common], help="install or check model files")
    models.add_argument("action", choices=["install", "status"])

    bench = sub.add_parser("bench", parents=[common], help="time the pipeline on a file")
    bench.add_argument("--source", required=True, help="video or image file")
    bench.add_argument(
        "--frames", type=int, default=None,
        help="stop after N frames (default: a video to its end, a photo 150 times)",
    )  # fmt: skip
    bench.add_argument("--shade", help="SKU to paint (default: the first catalog shade)")
    bench.add_argument(
        "--look", metavar="ID",
        help="a whole look to paint instead (its lipstick, eyes, cheeks and brows): what a "
        "full look costs this machine per frame",
    )  # fmt: skip
    bench.add_argument(
        "--gpu", action="store_true",
        help="leave the face's layers to the GPU compositor as the mirror does when its "
        "shaders bake (no window needed): the render and gpu packing rows are then the "
        "GPU path's CPU side; without it the frame is painted on the CPU (the fallback)",
    )  # fmt: skip
    bench.add_argument(
        "--mode", choices=["face", "garment", "both"], default="face",
        help="face: lipstick (default); garment: body tracking and a garment; both: the two",
    )  # fmt: skip
    bench.add_argument(
        "--size", type=_frame_size, metavar="WxH",
        help="scale every frame to a camera of this size first, e.g. 1920x1080 "
        "(turned to the file's orientation; default: the file's own size)",
    )  # fmt: skip
    bench.add_argument(
        "--paced", action="store_true",
        help="play the file at its own frame rate, taking the newest frame as the mirror "
        "does (frames it cannot keep up with are dropped and counted)",
    )  # fmt: skip
    bench.add_argument("--garment", help="garment SKU in garment mode (default: the first)")
    bench.add_argument(
        "--overlap",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="start the face model (and in garment mode the pose model) on the next frame "
        "while this one is painted (default: face.overlap and bodies.overlap, as the live "
        "worker runs)",
    )

    render = sub.add_parser(
        "render", parents=[common], help="try a shade, any product or a whole look on a photo"
    )
    render.add_argument("--image", required=True, type=Path, help="input photo, or a folder")
    render.add_argument(
        "--out", required=True, type=Path, help="output image (.png/.jpg), or a folder"
    )
    pick = render.add_mutually_exclusive_group()
    pick.add_argument("--shade", help="catalog SKU, e.g. LIP-001")
    pick.add_argument("--color", help="sRGB colour, e.g. #B0123A")
    # Not in the group above: a clash is a KioskError that names the fix (exit 2).
    render.add_argument(
        "--product", help="any catalog SKU: a lip shade, an eye, cheek or brow product, a garment"
    )
    render.add_argument("--look", help="a complete look's id, e.g. LOOK-001 (kiosk catalog list)")
    render.add_argument("--finish", default="matte", help="finish with --color (default matte)")
    render.add_argument(
        "--intensity", type=float,
        help="0..1 (default from config; a look's own strengths unless given)",
    )  # fmt: skip
    render.add_argument("--garment", help="garment SKU to put on the person (kiosk garments list)")

    config = sub.add_parser("config", parents=[common], help="check or show settings")
    config.add_argument("action", choices=["check", "show"])

    sub.add_parser(
        "doctor", parents=[common],
        help="check this PC: screen and OpenGL, camera, models, config, hub, clock, disk",
    )  # fmt: skip
    sub.add_parser(
        "self-test", parents=[common],
        help="check this installation: data, models run, shader bakes, QML compiles, hub starts",
    )  # fmt: skip

    garments = sub.add_parser("garments", help="add or rig garment photos, list garment SKUs")
    gsub = garments.add_subparsers(dest="action", metavar="ACTION", required=True)
    rig = gsub.add_parser("rig", help="make a rig from a product photo")
    rig.add_argument("image", type=Path, help="photo: PNG with alpha, or on a plain light backdrop")
    rig.add_argument("--out", type=Path, help="rig file (default: <image>.rig.json beside it)")
    rig.add_argument("--preview", type=Path, help="also write a preview PNG with the anchors drawn")
    rig.add_argument("--category", help="garment category (default: guessed, top or dress)")
    gsub.add_parser("list", help="print the garment catalog's SKUs, one per line")
    add = gsub.add_parser(
        "add", parents=[common], help="add a garment from a product photo (flat lay or ghost)"
    )
    add.add_argument("image", type=Path, help="product photo on a plain light backdrop, or PNG")
    add.add_argument("--sku", required=True, help="product id, e.g. TOP-101")
    add.add_argument("--name", required=True, help="name shoppers see")
    add.add_argument("--sizes", required=True, help="sizes smallest first, e.g. S,M,L")
    add.add_argument("--price", type=float, default=0.0, help="price (default 0: the hub's)")
    add.add_argument("--category", help="garment category (default: guessed, top or dress)")
    add.add_argument("--sleeves", choices=["none", "short", "long"], help="override the guess")
    add.add_argument("--shoulder-cm", help="shoulder width per size, e.g. 38,40,42")
    add.add_argument("--colour", default="", help="colour name shoppers see")
    add.add_argument("--replace", action="store_true", help="replace a garment with this SKU")

    catalog = sub.add_parser("catalog", help="list the catalog's products")
    csub = catalog.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = csub.add_parser(
        "list", parents=[common], help="print SKUs (and look ids), one per line, shelf by shelf"
    )
    listing.add_argument(
        "--category", choices=CATALOG_CATEGORIES,
        help="only this shelf (default: all, in the order above)",
    )  # fmt: skip

    words = sub.add_parser("translations", help="build or update the screen's translations")
    wsub = words.add_subparsers(dest="action", metavar="ACTION", required=True)
    build = wsub.add_parser("build", help="build the .qm files from kiosk/ui/i18n/*.ts")
    build.add_argument("--force", action="store_true", help="rebuild even when up to date")
    wsub.add_parser("update", help="re-extract the Python strings into kiosk_py_<lang>.ts")

    from kiosk.hub.cli import add_hub_parser  # argparse only: no server imports here

    add_hub_parser(sub)
    return parser


# Commands that load the models, whose C++ start-up noise goes to the log, not the console.
# `run` routes its own, into its log folder (cmd_run), where a crash's last words stay.
NATIVE_NOISY = frozenset({"bench", "render", "self-test"})


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    given = list(sys.argv[1:] if argv is None else argv)
    if given[:1] == ["--self-test"]:  # the spelling a bundle's smoke check uses
        given[0] = "self-test"
    args = parser.parse_args(given)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    if argv is None and args.command in NATIVE_NOISY:
        from kiosk.ops.native_log import route_native_stderr

        route_native_stderr()  # the command line's own process: models' C++ noise to the log
    try:
        return int(COMMANDS[args.command](args))
    except NoFaceError as exc:
        print(f"kiosk {args.command}: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except KioskError as exc:
        print(f"kiosk {args.command}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130


def _loader(
    args: argparse.Namespace, extra: dict[str, str] | None = None
) -> Callable[[Sequence[Path]], Settings]:
    """Settings from the command line's layers, with `overlays` (the fleet's, from the hub)
    between the profile and the site's own --config files: a store's local fix wins."""
    from kiosk.config import load_settings, parse_override

    overrides = dict(parse_override(item) for item in args.set)
    overrides.update(extra or {})

    def load(overlays: Sequence[Path]) -> Settings:
        files = [*overlays, *args.config]
        return load_settings(profile=args.profile, files=files, overrides=overrides)

    return load


def _settings(args: argparse.Namespace, extra: dict[str, str] | None = None) -> Settings:
    from kiosk import paths
    from kiosk.client.fleet import FleetFiles
    from kiosk.ops.logging import setup_logging

    settings = _loader(args, extra)(FleetFiles(paths.user_data_dir()).files())
    setup_logging(settings.logging.level, settings.logging.resolved_dir())
    return settings


def cmd_run(args: argparse.Namespace) -> int:
    from kiosk.ops.doctor import no_screen
    from kiosk.ops.memory import fix_large_allocations

    fix_large_allocations()  # frame-sized buffers back to the system: memory stays flat

    missing = no_screen()
    if missing is not None:
        raise KioskError(missing.detail, missing.fix)
    extra = {}
    if args.source:
        extra["capture.source"] = args.source
    if args.fullscreen or args.windowed:
        extra["kiosk.fullscreen"] = "true" if args.fullscreen else "false"
    from kiosk.ops import crash

    settings = _settings(args, extra)
    logs = settings.logging.resolved_dir()
    from kiosk.ops.native_log import route_native_stderr

    crash.collect(logs)  # the last run's, if it crashed: kept and named in the log
    route_native_stderr(logs / crash.NATIVE_STDERR)  # models' C++ noise to the log
    crash.arm(logs)  # after: its fault handler writes to the report, not the console
    from kiosk.ops import watchdog
    from kiosk.ops.startup import CLOCK
    from kiosk.services import start_live_models

    CLOCK.mark("settings")
    watchdog.status("loading models")
    models = start_live_models(settings)  # on their own thread while Qt is imported
    CLOCK.mark("models checked, MediaPipe imported")
    from kiosk import app

    CLOCK.mark("screen imported")
    code = app.run(
        settings,
        reload=_loader(args, extra),
        measure=args.measure or None,
        models=models,
        wear=tuple(args.wear),
    )
    crash.disarm(logs)
    return code


def cmd_models(args: argparse.Namespace) -> int:
    from kiosk.services import model_store

    settings = _settings(args)
    store = model_store(settings)
    if args.action == "install":
        for path in store.install(progress=lambda msg: print(msg, file=sys.stderr)):
            print(path)
        return EXIT_OK
    bad = 0
    for name, state in store.status():
        print(f"{name}: {state}")
        bad += not state.startswith("ok")
    return EXIT_FAILED if bad else EXIT_OK


def _shade(shades: tuple[ShadeProduct, ...], sku: str | None) -> ShadeProduct:
    """The shade named by --shade (the first one when none is named)."""
    from kiosk.catalog.catalog import Catalog

    return Catalog(shades).shade(sku) if sku else shades[0]


def cmd_bench(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from kiosk.bench import peak_rss_mb, run_bench, time_models_alone
    from kiosk.catalog.shades import load_shades
    from kiosk.ops.memory import fix_large_allocations
    from kiosk.services import build_pipeline, fresh_trackers

    fix_large_allocations()  # as `kiosk run` allocates, so the frame costs what it does live

    settings = _settings(args)
    shades = load_shades(settings.catalog.resolved_path())
    garment = None
    if args.mode in ("garment", "both"):
        from kiosk.catalog.garments import find_garment, load_garments
        from kiosk.garments.prepared import prepare_product

        item = find_garment(args.garment) if args.garment else load_garments()[0]
        garment = prepare_product(item)
        print(f"garment: {item.product_id} {item.name}")
    makeup: FaceMakeup | None = None
    intensity: float | None = None
    if args.look:
        from kiosk.catalog.catalog import load_catalog

        if args.shade or args.mode == "garment":
            raise KioskError("--look paints a whole face", "pass --look alone, or with --mode both")
        catalog = load_catalog(settings.catalog.resolved_path(), strict=True)
        shade, makeup, intensity = _look_to_paint(catalog, args.look, None)
        print(f"look: {args.look} {catalog.look(args.look).name} ({len(makeup.worn)} face "
              f"products{' and a lipstick' if shade is not None else ''})")  # fmt: skip
    else:
        product = _shade(shades, args.shade)
        shade = product.shade if (args.mode != "garment" or args.shade) else None
        if shade is not None:
            print(f"shade: {product.sku} {product.name} ({product.shade.finish})")
    overlap = settings.face.overlap or settings.bodies.overlap
    if args.overlap is not None:  # both models, either way
        overlap = args.overlap
        settings = replace(
            settings,
            face=replace(settings.face, overlap=overlap),
            bodies=replace(settings.bodies, overlap=overlap),
        )
    stack, pipeline = build_pipeline(settings, "video", bodies=garment is not None)
    with stack:
        report = run_bench(
            settings, pipeline, args.source, shade, args.frames, garment, overlap,
            args.size, args.paced, makeup, intensity, args.gpu,
        )  # fmt: skip
    models, face, pose = fresh_trackers(settings, garment is not None)
    with models:
        report.alone, report.alone_cpu_ms = time_models_alone(
            settings, args.source, face, pose, args.frames, args.size
        )
    print(report.table())
    print(f"peak memory (RSS): {peak_rss_mb():.0f} MB")
    return EXIT_OK


def _check_render_picks(args: argparse.Namespace) -> None:
    """One way to name what to paint: --product and --look each stand alone (a garment
    may join a face product or a look with --garment)."""
    named = [f"--{n}" for n in ("product", "look", "shade", "color") if getattr(args, n)]
    if len(named) > 1 and ("--product" in named or "--look" in named):
        raise KioskError(
            f"{' and '.join(named)} both say what to paint",
            "pass one of --product SKU, --look ID, --shade SKU or --color #RRGGBB",
        )


def _product_to_paint(
    catalog: Catalog, sku: str, intensity: float
) -> tuple[Shade | None, FaceMakeup | None, PreparedGarment | None]:
    """What `--product SKU` paints: a lip shade, one eye, cheek or brow product (at
    `intensity`), or a garment (by its product id or one size's SKU)."""
    from kiosk.catalog.cosmetics import CosmeticProduct
    from kiosk.catalog.garments import GarmentProduct
    from kiosk.catalog.shades import ShadeProduct
    from kiosk.render.cosmetics import FaceMakeup

    found = catalog.find(sku)
    product = found[0] if found else None
    if product is None:
        product = next((g for g in catalog.garments if g.product_id == sku), None)
    if isinstance(product, ShadeProduct):
        return product.shade, None, None
    if isinstance(product, CosmeticProduct):
        return None, FaceMakeup().wearing(product.product, intensity), None
    if isinstance(product, GarmentProduct):
        from kiosk.garments.prepared import prepare_product

        return None, None, prepare_product(product)
    if any(lk.look_id == sku for lk in catalog.looks):
        raise KioskError(f"{sku} is a look, not a product", f"pass --look {sku}")
    raise KioskError(
        f"unknown SKU {sku!r}",
        "pass a SKU that `kiosk catalog list` prints (a look's id goes with --look)",
    )


def _look_to_paint(
    catalog: Catalog, look_id: str, intensity: float | None
) -> tuple[Shade | None, FaceMakeup, float]:
    """A look's lip shade, its other products and the lips' strength: the look's own
    strengths, or every product at `intensity` when one is given (the kiosk's slider)."""
    look = catalog.look(look_id)
    product, makeup = catalog.look_makeup(look)
    shade = product.shade if product else None
    if intensity is not None:
        return shade, makeup.at(intensity), intensity
    lips = look.intensity_of(product.sku) if product else None
    return shade, makeup, 1.0 if lips is None else lips


def cmd_render(args: argparse.Namespace) -> int:
    from kiosk.catalog.shades import load_shades
    from kiosk.offline import render_folder, render_image
    from kiosk.pipeline import Look
    from kiosk.render.shade import Shade
    from kiosk.services import build_pipeline

    settings = _settings(args)
    _check_render_picks(args)
    if args.intensity is not None and not 0.0 <= args.intensity <= 1.0:
        raise KioskError(
            f"--intensity {args.intensity} is outside 0..1", "pass a value from 0 to 1"
        )
    garment = None
    if args.garment:
        from kiosk.catalog.garments import find_garment
        from kiosk.garments.prepared import prepare_product

        garment = prepare_product(find_garment(args.garment))
    shade: Shade | None = None
    makeup: FaceMakeup | None = None
    intensity = settings.lipstick.intensity if args.intensity is None else args.intensity
    if args.product or args.look:
        from kiosk.catalog.catalog import load_catalog

        # strict: a broken catalog says what is broken, not "unknown SKU"
        catalog = load_catalog(settings.catalog.resolved_path(), strict=True)
        if args.look:
            shade, makeup, intensity = _look_to_paint(catalog, args.look, args.intensity)
        else:
            shade, makeup, worn = _product_to_paint(catalog, args.product, intensity)
            if worn is not None and garment is not None:
                raise KioskError(
                    f"--product {args.product} and --garment {args.garment} are both garments",
                    "pass the garment once, with --product or with --garment",
                )
            garment = worn or garment
    elif args.color:
        try:
            shade = Shade(args.color, args.finish)
        except ValueError as exc:
            raise KioskError(str(exc), "pass --color #RRGGBB and a known --finish") from None
    elif garment is None or args.shade:
        shade = _shade(load_shades(settings.catalog.resolved_path()), args.shade).shade
    look = Look(
        shade,
        intensity,
        settings.lipstick.feather,
        adapt_light=settings.lipstick.adapt_light,
        garment=garment,
        makeup=makeup,
    )
    tracker, pipeline = build_pipeline(settings, "image", bodies=garment is not None)
    with tracker:
        if args.image.is_dir():
            results = render_folder(pipeline, args.image, args.out, look)
        else:
            faces = render_image(pipeline, args.image, args.out, look)
            print(f"{args.out} ({faces} face{'s' if faces != 1 else ''})")
            return EXIT_OK
    for item in results:
        if item.output is None:
            print(f"{item.source}: FAILED: {item.error}", file=sys.stderr)
        else:
            print(f"{item.output} ({item.faces} face{'s' if item.faces != 1 else ''})")
    failed = sum(item.output is None for item in results)
    print(f"{len(results) - failed} rendered, {failed} failed", file=sys.stderr)
    return EXIT_FAILED if failed else EXIT_OK


def cmd_config(args: argparse.Namespace) -> int:
    from kiosk.config import settings_to_toml

    settings = _settings(args)
    if args.action == "show":
        print(settings_to_toml(settings))
    else:
        print(f"config OK (profile {args.profile or 'default'})")
    return EXIT_OK


def cmd_doctor(args: argparse.Namespace) -> int:
    from kiosk.catalog.catalog import load_catalog
    from kiosk.ops import doctor
    from kiosk.services import model_store

    settings = _settings(args)
    checks = [doctor.Check("config", True, f"profile {args.profile or 'developer'}")]
    for name, state in model_store(settings).status():
        checks.append(
            doctor.Check(
                f"model {name}", state.startswith("ok"), state, "run `kiosk models install`"
            )
        )
    try:
        catalog = load_catalog(settings.catalog.resolved_path(), strict=True)
        shown = (
            f"{len(catalog.shades)} shades, {len(catalog.cosmetics)} eye, cheek and brow"
            f" products, {len(catalog.looks)} looks, {len(catalog.garments)} garments"
        )
        checks.append(doctor.Check("catalog", True, shown))
    except KioskError as exc:
        checks.append(doctor.Check("catalog", False, exc.message, exc.fix))
    checks.append(doctor.display())
    checks.append(doctor.camera(settings.capture.source))
    checks.extend(doctor.hub_and_clock(settings))
    checks.append(doctor.disk())
    for check in checks:
        print("\n".join(check.lines()))
    problems = sum(not c.ok for c in checks)
    print("all good" if not problems else f"{problems} problem(s) found")
    return EXIT_FAILED if problems else EXIT_OK


def cmd_self_test(args: argparse.Namespace) -> int:
    from kiosk.ui import self_test

    return EXIT_OK if self_test.run(_settings(args)) else EXIT_FAILED


def cmd_garments(args: argparse.Namespace) -> int:
    if args.action == "add":
        return _garments_add(args)
    if args.action == "list":
        from kiosk.catalog.garments import load_garments

        for product in load_garments():
            print(product.product_id)
        return EXIT_OK
    import cv2

    from kiosk.garments.preview import write_preview
    from kiosk.garments.rig import auto_rig, rig_path_for

    image = cv2.imread(str(args.image), cv2.IMREAD_UNCHANGED)
    if image is None:
        raise KioskError(f"cannot read the image {args.image}", "pass a PNG or JPEG garment photo")
    rig = auto_rig(image, category=args.category, name=args.image.name)
    out = args.out or rig_path_for(args.image)
    print(rig.save(out))
    if args.preview:
        print(write_preview(image, rig, args.preview))
    return EXIT_OK


def _garments_add(args: argparse.Namespace) -> int:
    """`kiosk garments add`: the work is kiosk.garments.intake; this parses and prints."""
    from kiosk.catalog.garments import default_garments_path, load_garments
    from kiosk.garments.intake import IntakeRequest, add_garment
    from kiosk.garments.library import added_garments_dir, read_added
    from kiosk.services import install_models
    from kiosk.vision.face import FaceTracker

    def numbers(text: str | None) -> tuple[float, ...] | None:
        if text is None:
            return None
        try:
            return tuple(float(v) for v in text.split(","))
        except ValueError:
            raise KioskError(f"--shoulder-cm {text!r} is not a list of numbers",
                             "e.g. --shoulder-cm 38,40,42") from None  # fmt: skip

    request = IntakeRequest(
        sku=args.sku,
        name=args.name,
        sizes=tuple(s.strip() for s in args.sizes.split(",")),
        price=args.price,
        category=args.category,
        sleeves=args.sleeves,
        shoulder_cm=numbers(args.shoulder_cm),
        colour=args.colour,
        replace=args.replace,
    )
    folder = added_garments_dir()
    # Ids from the raw added file (not validated), so a broken entry can be replaced.
    taken = {p.product_id for p in load_garments(default_garments_path())}
    taken |= {str(g.get("product_id")) for g in read_added(folder)["garments"]}
    with FaceTracker(install_models(_settings(args)), mode="image", max_faces=2) as faces:
        result = add_garment(
            args.image, request, folder, lambda im: len(faces.detect(im).faces), taken
        )
    load_garments()  # the catalog the kiosk loads must take it (raises naming the field)
    g = result.garment
    print(f"added {request.sku}: {g.rig.category}, sleeves {g.rig.sleeves}")
    print(f"  image   {result.image}")
    print(f"  rig     {result.rig}")
    print(f"  preview {result.preview}")
    print(f"  catalog {result.catalog}")
    print(f"  neck inside removed: {g.interior_px} px; edge rim {g.rim_before:.2f} -> "
          f"{g.rim_after:.2f} (0 = garment colour, 1 = backdrop colour)")  # fmt: skip
    if request.price == 0:
        print("  price 0: the hub's price shows once it knows this SKU (or pass --price)")
    return EXIT_OK


def cmd_catalog(args: argparse.Namespace) -> int:
    """`kiosk catalog list`: the SKUs a shelf sells (a look's id on the looks shelf), one a
    line, for scripts and for `kiosk render --product/--look`."""
    from kiosk.catalog.catalog import load_catalog

    catalog = load_catalog(_settings(args).catalog.resolved_path(), strict=True)
    by_shelf = {
        "lips": [p.sku for p in catalog.shades],
        **{shelf: [p.sku for p in catalog.cosmetics if p.shelf == shelf]
           for shelf in ("eyes", "cheeks", "brows")},
        "looks": [lk.look_id for lk in catalog.looks],
        "garments": [g.product_id for g in catalog.garments],
    }  # fmt: skip
    for shelf in [args.category] if args.category else CATALOG_CATEGORIES:
        for key in by_shelf[shelf]:
            print(key)
    return EXIT_OK


def cmd_translations(args: argparse.Namespace) -> int:
    """`kiosk translations build|update`: pyside6-lrelease / pyside6-lupdate, no Qt import."""
    from kiosk.ui.i18n_files import ensure_built, update_sources

    if args.action == "update":
        for ts in update_sources():
            print(ts)
        return EXIT_OK
    folder = ensure_built(force=args.force)
    for qm in sorted(folder.glob("*.qm")):
        print(qm)
    return EXIT_OK


def cmd_hub(args: argparse.Namespace) -> int:
    from kiosk.hub.cli import run as run_hub

    return run_hub(args)


COMMANDS = {
    "hub": cmd_hub,
    "run": cmd_run,
    "models": cmd_models,
    "bench": cmd_bench,
    "render": cmd_render,
    "config": cmd_config,
    "doctor": cmd_doctor,
    "self-test": cmd_self_test,
    "garments": cmd_garments,
    "catalog": cmd_catalog,
    "translations": cmd_translations,
}
