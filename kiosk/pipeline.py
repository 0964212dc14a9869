"""One frame through the try-on: track -> smooth -> lip regions -> paint.

Plain Python with no Qt, shared by the kiosk's vision worker, `kiosk bench`
and `kiosk render`, so what is measured and tested is what the shopper sees.
Tracking runs once per frame; every look painted on it reuses that pass.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

import cv2
import numpy as np

from kiosk.render.cosmetics import FaceMakeup
from kiosk.render.garment import (
    GarmentPlacement,
    PreparedGarment,
    garment_overlay,
    paint_garment,
)
from kiosk.render.lighting import LightEstimate, LightTracker
from kiosk.render.lipstick import (
    LipCoverage,
    LipLayer,
    composite,
    kept_lip_stats,
    layer_for_cover,
    lip_coverage,
)
from kiosk.render.makeup import MakeupLayer, composite_makeup, prepare_makeup
from kiosk.render.shade import Shade
from kiosk.vision.body_smoothing import BodySmoother
from kiosk.vision.face import FaceResult, FaceTracker
from kiosk.vision.face_regions import FaceMemory
from kiosk.vision.gestures import GestureReading
from kiosk.vision.hands import Hand, HandResult
from kiosk.vision.lip_fit import LipFitter
from kiosk.vision.lips import LipContours, lip_contours
from kiosk.vision.measure import Measurement, shoulder_width_cm
from kiosk.vision.mp_input import TrackerInput, prepare_input
from kiosk.vision.pose import BodyTracker, PoseResult
from kiosk.vision.skin_tone import SkinTone, measure_skin_tone
from kiosk.vision.smoothing import LandmarkSmoother
from kiosk.vision.touchless import GestureWatch
from kiosk.vision.wearer import WearerChooser

LANDMARK_COLOR = (80, 255, 120)
# Hands older than this are not used to keep paint off the lips (a hand near the face
# is tracked on every frame; 150 ms covers a late hand-thread result or two).
HANDS_FRESH_MS = 150
# With no face in view for FACE_GRACE_MS the face model looks for one every
# FACE_SEARCH_MS instead of on every frame (a garment shopper standing back, an empty
# mirror): a face stepping in is found at most FACE_SEARCH_MS plus a frame later,
# and a face lost for a moment (a turn, a hand) is searched for on every frame.
FACE_SEARCH_MS = 100
FACE_GRACE_MS = 500
SKIN_EVERY_MS = 300  # a skin reading while one is wanted (~15 ms each; 5 agreeing settle it)


@dataclass(frozen=True)
class Look:
    """What to paint: a shade (or none, for the bare mirror) and how strongly;
    `adapt_light` renders the shade under the scene light seen on the face."""

    shade: Shade | None
    intensity: float = 0.85
    feather: float = 0.02
    garment: PreparedGarment | None = None  # a garment to wear (needs the pose tracker)
    adapt_light: bool = False
    makeup: FaceMakeup | None = None  # eyes, cheeks and brows (None: none)

    @property
    def paints_face(self) -> bool:
        """Whether anything is painted on the face (lips, eyes, cheeks or brows)."""
        return self.shade is not None or (self.makeup is not None and not self.makeup.empty)


@dataclass(frozen=True)
class StageTimes:
    """Milliseconds per stage. `tracking_ms`: the face path (model, smoothing, lip
    contours and their layers, prepared while the pose model runs beside it);
    `render_ms`: from both trackers done to the painted frame (the garment, then
    the lips composited over it)."""

    tracking_ms: float
    inference_ms: float
    render_ms: float
    total_ms: float
    pose_ms: float = 0.0  # body tracking, when a garment is worn
    pose_inference_ms: float = 0.0
    hands_ms: float = 0.0  # hand tracking for gestures (0 on frames the governor skips)
    hands_inference_ms: float = 0.0
    face_searched: bool = True  # False: no face lately and the face model skipped this frame


@dataclass(frozen=True)
class FrameOutput:
    index: int
    image: np.ndarray = field(repr=False)  # BGR uint8, composited
    faces: FaceResult = field(repr=False)
    lips: tuple[LipContours, ...] = field(repr=False)
    times: StageTimes
    # Layers left for the GPU compositor (not painted into `image`).
    deferred: tuple[LipLayer, ...] = field(default=(), repr=False)
    # Compare mode: the first face under each compared look (None: lips not visible).
    compared: tuple[LipLayer | None, ...] = field(default=(), repr=False)
    bodies: PoseResult | None = field(default=None, repr=False)
    garment: GarmentPlacement | None = field(default=None, repr=False)
    shoulders: Measurement | None = None  # the wearer's shoulder width, cm (iris ruler)
    gesture: GestureReading | None = None  # touchless gestures (None: not watched)
    # The shopper's skin read on the cheeks (kiosk.vision.skin_tone), a few times a second
    # while the UI wants one ("suits you"); never stored, the UI keeps it for the session.
    skin: SkinTone | None = None
    skin_read: bool = False  # a reading was tried on this frame (skin None: no cheeks seen)
    # Eyes, cheeks and brows: layers left for the GPU compositor (first `defer` faces), and
    # the first face under each compared look, as for the lips.
    makeup_deferred: tuple[MakeupLayer, ...] = field(default=(), repr=False)
    makeup_compared: tuple[MakeupLayer | None, ...] = field(default=(), repr=False)

    @property
    def found(self) -> bool:
        return self.faces.found


@dataclass(frozen=True)
class _Ahead:
    """The next frame, started while this one is painted: its timestamp, its prepared
    input, and its face model's and (a garment worn) pose model's jobs (None: not run)."""

    timestamp_ms: int
    frame: Future[TrackerInput]  # converted for MediaPipe on the face thread
    face: Future[FaceResult] | None
    pose: Future[tuple[PoseResult, float, float]] | None
    face_started: bool = True  # False: the face is left to `process` (face_ahead off)
    # The hand model's job (None: not due); started with the face model, else left to `process`.
    hands: Future[tuple[HandResult, float]] | None = None


class _ShadedLips:
    """One frame's lips, shaded by any number of looks (compare mode shows up to four):
    each face's coverage (the ring less teeth, hands and what lies on the lips) does not
    depend on the shade, so it is found once per face and feather."""

    def __init__(
        self,
        image: np.ndarray,
        lips: tuple[LipContours, ...],
        hands: Sequence[Hand],
        occluders: bool,
        memories: Sequence[FaceMemory] = (),
    ) -> None:
        self.image, self.lips, self.hands, self.occluders = image, lips, hands, occluders
        self.memories = memories  # per face (the lips' colour kept a few frames)
        self._coverages: dict[tuple[int, float], LipCoverage | None] = {}

    def layer(
        self,
        face: int,
        shade: Shade,
        intensity: float,
        feather: float,
        light: LightEstimate | None,
    ) -> LipLayer | None:
        key = (face, feather)
        if key not in self._coverages:
            memory = self.memories[face] if face < len(self.memories) else None
            self._coverages[key] = lip_coverage(
                self.image, self.lips[face], feather, self.hands, self.occluders, memory
            )
        c = self._coverages[key]
        if c is None:
            return None
        lips = self.lips[face]
        memory = self.memories[face] if face < len(self.memories) else None
        stats = kept_lip_stats(self.image, lips, c, shade, memory) if memory is not None else None
        return layer_for_cover(
            self.image, lips, c.roi, c.cover, shade, intensity, feather, light, c.weight_l, stats
        )


class TryOnPipeline:
    """Owns nothing but references: the tracker's lifetime belongs to the caller."""

    def __init__(
        self,
        tracker: FaceTracker,
        smoother: LandmarkSmoother,
        refiner: LipFitter | None = None,
        pose: BodyTracker | None = None,
        body_smoother: BodySmoother | None = None,
        garment_max_pixels: int | None = None,
        gestures: GestureWatch | None = None,
        colour_occluders: bool = True,
    ) -> None:
        self.tracker = tracker
        # Things in front of the lips told by colour (kiosk/vision/lip_likeness.py).
        self.colour_occluders = colour_occluders
        self.smoother = smoother
        self.refiner = refiner
        self.pose = pose  # body tracking for garments; None: lipstick only
        self.body_smoother = body_smoother or BodySmoother()
        # Live video renders a large garment at reduced scale (None: full resolution).
        self.garment_max_pixels = garment_max_pixels
        self.garment_on_gpu = False  # the worker turns it on when Qt blends the garment
        self._pose_pool: ThreadPoolExecutor | None = None
        self.gestures = gestures  # touchless control; None: no hand tracking
        self._hand_pool: ThreadPoolExecutor | None = None
        self._last_hands: HandResult | None = None
        self.wearers = WearerChooser()  # who of the people in view wears the garment
        self.light = LightTracker(update_interval_s=1.0)
        # What is kept of each face across frames for its make-up (glasses, still regions).
        self._faces: list[FaceMemory] = []
        # Read the shopper's skin (set from the UI thread: a plain bool is enough) at most
        # every SKIN_EVERY_MS, from the camera's pixels before anything is painted.
        self.read_skin = False
        self._skin_read_ms: int | None = None
        self._face_seen_ms: int | None = None  # when a face was last found (FACE_GRACE_MS)
        self._face_searched_ms: int | None = None  # when the face model last ran
        # The next frame, started while this one was painted (`process(next_frame=...)`).
        self._ahead: _Ahead | None = None
        self._face_pool: ThreadPoolExecutor | None = None
        # Which models `process(next_frame=...)` starts on the next frame (`face.overlap`,
        # `bodies.overlap`): the face model whenever it is given, the pose model with a
        # garment worn.
        self.face_ahead = True
        self.pose_ahead = True

    def _face_due(self, timestamp_ms: int) -> bool:
        """Whether the face model runs on this frame: always while a face has been seen
        in the last FACE_GRACE_MS, else once every FACE_SEARCH_MS."""
        seen, searched = self._face_seen_ms, self._face_searched_ms
        if seen is None or searched is None:
            due = True
        else:  # (a clock that went back, a looped video, counts as neither)
            lately = seen <= timestamp_ms <= seen + FACE_GRACE_MS
            just_searched = searched <= timestamp_ms < searched + FACE_SEARCH_MS
            due = lately or not just_searched
        if due:
            self._face_searched_ms = timestamp_ms
        return due

    def _pose_thread(self) -> ThreadPoolExecutor:
        if self._pose_pool is None:
            self._pose_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pose")
        return self._pose_pool

    def _track_bodies(
        self, frame: TrackerInput, timestamp_ms: int
    ) -> tuple[PoseResult, float, float]:
        """(smoothed bodies, body tracking ms, the pose model's own ms), on the pose thread."""
        assert self.pose is not None
        begin = time.perf_counter()
        raw = self.pose.detect(frame, timestamp_ms)
        bodies = self.body_smoother(raw)
        return bodies, (time.perf_counter() - begin) * 1000.0, raw.inference_ms

    def _hand_thread(self) -> ThreadPoolExecutor:
        if self._hand_pool is None:
            self._hand_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="hands")
        return self._hand_pool

    def _track_hands(self, frame: TrackerInput, timestamp_ms: int) -> tuple[HandResult, float]:
        """(hands, hand tracking ms), on the hand thread."""
        assert self.gestures is not None
        begin = time.perf_counter()
        found = self.gestures.track(frame, timestamp_ms)
        return found, (time.perf_counter() - begin) * 1000.0

    def _face_thread(self) -> ThreadPoolExecutor:
        if self._face_pool is None:
            self._face_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="face")
        return self._face_pool

    def _start_ahead(
        self, image: np.ndarray, timestamp_ms: int, bodies: bool, painting: bool
    ) -> None:
        """Prepare the next frame and start the face model on it (the face thread, with
        `face_ahead`) and, with `bodies` and `pose_ahead`, the pose model (the pose thread),
        so they run while this frame is painted; with the face model, the hand model
        too when it is due (`painting`: whether this look paints the face)."""
        self._drop_ahead()
        bodies = bodies and self.pose_ahead
        if not (bodies or self.face_ahead):
            return
        # Converted on the face thread too (OpenCV lets go of the GIL): each job waits for it.
        frame = self._face_thread().submit(prepare_input, image)
        pose = None
        if bodies:
            pose = self._pose_thread().submit(
                lambda: self._track_bodies(frame.result(), timestamp_ms)
            )
        face = hands = None
        if self.face_ahead:
            hands = self._hand_job(frame, timestamp_ms, painting)
            if self._face_due(timestamp_ms):
                face = self._face_thread().submit(
                    lambda: self.tracker.detect(frame.result(), timestamp_ms)
                )
        self._ahead = _Ahead(timestamp_ms, frame, face, pose, self.face_ahead, hands)

    def _hand_job(
        self, frame: TrackerInput | Future[TrackerInput], timestamp_ms: int, painting: bool
    ) -> Future[tuple[HandResult, float]] | None:
        """The hand model started on `frame` (its thread; a frame still being converted is
        waited for there) when it is due, else None: a few times a second until a hand is
        up, then every frame."""
        if self.gestures is None or not self.gestures.due(timestamp_ms, painting):
            return None
        return self._hand_thread().submit(
            lambda: self._track_hands(
                frame.result() if isinstance(frame, Future) else frame, timestamp_ms
            )
        )

    def _take_ahead(self, timestamp_ms: int) -> _Ahead | None:
        """The input and jobs started ahead for this frame, if any."""
        ahead = self._ahead
        if ahead is None or ahead.timestamp_ms != timestamp_ms:
            self._drop_ahead()
            return None
        self._ahead = None
        return ahead

    def _drop_ahead(self) -> None:
        """Let jobs started ahead for a frame that is not coming finish, unused."""
        ahead, self._ahead = self._ahead, None
        if ahead is not None:
            for job in (ahead.frame, ahead.face, ahead.pose, ahead.hands):
                if job is not None:
                    job.result()

    def close(self) -> None:
        """Stop the body- and hand-tracking threads (the trackers belong to the caller)."""
        self._drop_ahead()
        for pool in (self._pose_pool, self._hand_pool, self._face_pool):
            if pool is not None:
                pool.shutdown(wait=True)
        self._pose_pool = self._hand_pool = self._face_pool = None

    def _memories(self, count: int) -> list[FaceMemory]:
        """What is kept of `count` faces (started afresh when the count changes: the
        faces' order says nothing about who is who then)."""
        if len(self._faces) != count:
            self._faces = [FaceMemory() for _ in range(count)]
        return self._faces

    def reset(self) -> None:
        """Forget the time-based state: the next image is unrelated to the last
        (independent photos), so no smoothing or edge averaging may carry over."""
        self._drop_ahead()
        self.smoother.reset()
        self.body_smoother.reset()
        self.light.reset()
        self._faces = []
        self._skin_read_ms = None
        self._last_hands = None
        self._face_seen_ms = self._face_searched_ms = None
        self.wearers.reset()
        if self.gestures is not None:
            self.gestures.reset()
        if self.refiner is not None:
            self.refiner.reset()

    def process(
        self,
        image: np.ndarray,
        index: int,
        timestamp_ms: int,
        look: Look,
        draw_landmarks: bool = False,
        in_place: bool = False,
        defer: int = 0,
        compare: Sequence[Look] = (),
        next_frame: Callable[[], tuple[np.ndarray, int] | None] | None = None,
    ) -> FrameOutput:
        """Track and paint one BGR frame. `in_place` paints on `image` itself, for
        callers that own the frame (the worker), saving a full-frame copy. The
        first `defer` faces are prepared but left for the GPU compositor, and so is
        the first face under each `compare` look (one tracking pass for all).

        `next_frame` is asked for the next frame (BGR, its timestamp; None: none yet) once
        the face model is done with this one (and again before painting, if none had come):
        the face model starts on it at once on a thread of its own, and the pose model
        (a garment worn) as soon as it has this frame's bodies; both run while this frame
        is prepared and painted, so the models' time and ours overlap on two cores. The
        frame it returns must be the next one given to `process` (one that is not is
        tracked from scratch, the early jobs' results unused)."""
        start = time.perf_counter()
        pose_job: Future[tuple[PoseResult, float, float]] | None = None
        face_job: Future[FaceResult] | None = None
        ahead = self._take_ahead(timestamp_ms)
        if ahead is not None:  # prepared, and its models started, while the last was painted
            frame, pose_job, face_job = ahead.frame.result(), ahead.pose, ahead.face
        else:
            # One RGB image for both trackers: the frame is converted for MediaPipe once.
            frame = prepare_input(image)
        # Body tracking runs beside face tracking (both models release the GIL while
        # they infer): on two cores the face costs the frame almost nothing extra.
        if look.garment is not None and self.pose is not None and pose_job is None:
            pose_job = self._pose_thread().submit(self._track_bodies, frame, timestamp_ms)
        # Hands likewise, a few times a second until one is up, then every frame.
        painting = look.paints_face or any(c.paints_face for c in compare)
        if ahead is not None and ahead.face_started:  # started with the face model
            hand_job = ahead.hands
        else:
            hand_job = self._hand_job(frame, timestamp_ms, painting)
        if ahead is not None and ahead.face_started:  # searched (or not) when it was started
            searched = face_job is not None
            raw = face_job.result() if face_job is not None else None
        else:
            searched = self._face_due(timestamp_ms)
            raw = self.tracker.detect(frame, timestamp_ms) if searched else None
        if raw is None:  # nobody's face lately: this frame is left out of the search
            raw = FaceResult((), timestamp_ms, 0.0, (frame.width, frame.height))
        del frame  # MediaPipe's copy of the frame goes once both trackers are done with it
        seen = self._face_seen_ms
        if raw.found or seen is None or timestamp_ms < seen:
            self._face_seen_ms = timestamp_ms
        bodies_ahead = look.garment is not None and self.pose is not None

        def start_next() -> bool:
            """The next frame's models started, if it has come."""
            upcoming = next_frame() if next_frame is not None else None
            if upcoming is not None:
                self._start_ahead(*upcoming, bodies=bodies_ahead, painting=painting)
            return upcoming is not None

        started_next = start_next()
        faces = self.smoother(raw)
        lips = tuple(lip_contours(face) for face in faces.faces)
        if self.refiner is not None:
            lips = self.refiner(lips, image)
        gesture, hands_ms, hands_inference_ms = self._read_gesture(hand_job, faces)
        hands = self._hands_now(timestamp_ms)
        # The lips are prepared from the camera's own pixels while the pose model is
        # still busy on the other core (the garment never covers the mouth: the head
        # is cut out of it); only their compositing waits for the garment.
        garment_light = self.light.estimate if look.adapt_light else None  # before the update
        light: LightEstimate | None = None
        wants_light = look.adapt_light and (look.paints_face or look.garment is not None)
        wants_light = wants_light or any(c.adapt_light and c.paints_face for c in compare)
        if faces.faces and wants_light:
            # Re-estimated from the first face's skin about once a second, and only
            # for a look rendered under it (light adaptation is off by default).
            light = self.light.update(image, faces.faces[0].landmarks, timestamp_ms / 1000.0)
        skin = None
        skin_read = self.read_skin and bool(faces.faces) and self._skin_due(timestamp_ms)
        if skin_read:
            skin = measure_skin_tone(image, faces.faces[0].landmarks)
        # The lips' coverage is the same whatever the shade: found once per face.
        memories = self._memories(len(faces.faces))
        shaded = _ShadedLips(image, lips, hands, self.colour_occluders, memories)
        compared = tuple(
            shaded.layer(0, c.shade, c.intensity, c.feather, light if c.adapt_light else None)
            if lips and c.shade is not None
            else None
            for c in compare
        )
        layers: list[LipLayer | None] = []
        if look.shade is not None:
            look_light = light if look.adapt_light else None
            layers = [
                shaded.layer(i, look.shade, look.intensity, look.feather, look_light)
                for i in range(len(lips))
            ]
        # Eyes, cheeks and brows: prepared here too, from the camera's own pixels.
        makeup_layers: list[MakeupLayer | None] = []
        if look.makeup is not None and not look.makeup.empty:
            look_light = light if look.adapt_light else None
            makeup_layers = [
                prepare_makeup(image, face, look.makeup, look_light, hands, memory)
                for face, memory in zip(faces.faces, memories, strict=True)
            ]
        makeup_compared = tuple(
            prepare_makeup(
                image,
                faces.faces[0],
                c.makeup,
                light if c.adapt_light else None,
                hands,
                memories[0],
            )
            if faces.faces and c.makeup is not None and not c.makeup.empty
            else None
            for c in compare
        )
        face_done = time.perf_counter()
        if not started_next:
            start_next()
        bodies: PoseResult | None = None
        pose_ms = pose_inference_ms = 0.0
        if pose_job is not None:
            bodies, pose_ms, pose_inference_ms = pose_job.result()
            if look.garment is None:  # started ahead, before the garment came off
                bodies = None
        tracked = time.perf_counter()
        out = image if in_place else image.copy()
        placement = None
        wearer = self.wearers(bodies) if bodies is not None else None
        if look.garment is not None and wearer is not None:
            # On the GPU path the garment travels as a texture and is blended there
            # (so the before/after wipe can show the mirror without it).
            place = garment_overlay if self.garment_on_gpu else paint_garment
            placement = place(
                out,
                look.garment,
                wearer.landmarks,
                wearer.visibility,
                wearer.mask,
                garment_light,
                self.garment_max_pixels,
            )
        makeup_deferred: list[MakeupLayer] = []
        for i, made_up in enumerate(makeup_layers):
            if made_up is None:
                continue
            if i < defer:
                makeup_deferred.append(made_up)
            else:
                composite_makeup(out, made_up)
        deferred: list[LipLayer] = []
        for i, layer in enumerate(layers):
            if layer is None:
                continue
            if i < defer:
                deferred.append(layer)
            else:
                composite(out, layer)
        if draw_landmarks:
            draw_debug_landmarks(out, faces)
        done = time.perf_counter()
        times = StageTimes(
            tracking_ms=(face_done - start) * 1000.0,
            inference_ms=raw.inference_ms,
            render_ms=(done - tracked) * 1000.0,
            total_ms=(done - start) * 1000.0,
            pose_ms=pose_ms,
            pose_inference_ms=pose_inference_ms,
            hands_ms=hands_ms,
            hands_inference_ms=hands_inference_ms,
            face_searched=searched,
        )
        shoulders = None
        if wearer is not None and faces.faces:
            shoulders = shoulder_width_cm(
                faces.faces[0].landmarks, wearer.shoulder_width, wearer.turn
            )
        return FrameOutput(
            index,
            out,
            faces,
            lips,
            times,
            tuple(deferred),
            compared,
            bodies,
            placement,
            shoulders,
            gesture,
            skin,
            skin_read,
            tuple(makeup_deferred),
            makeup_compared,
        )

    def _skin_due(self, timestamp_ms: int) -> bool:
        last = self._skin_read_ms
        if last is None or not last <= timestamp_ms < last + SKIN_EVERY_MS:
            self._skin_read_ms = timestamp_ms
            return True
        return False

    def _read_gesture(
        self, hand_job: Future[tuple[HandResult, float]] | None, faces: FaceResult
    ) -> tuple[GestureReading | None, float, float]:
        """(reading, hand tracking ms, hand model ms); the first face says where "raised"
        begins. No watch: (None, 0, 0); a silent watch (hands for the lips only): no reading."""
        if self.gestures is None:
            return None, 0.0, 0.0
        if hand_job is None:
            return self.gestures.read(None), 0.0, 0.0
        found, ms = hand_job.result()
        self._last_hands = found
        face_box = None
        if faces.faces:
            w, h = faces.image_size
            x0, y0, x1, y1 = faces.faces[0].bbox
            face_box = (x0 / w, y0 / h, x1 / w, y1 / h)
        return self.gestures.read(found, face_box), ms, found.inference_ms

    def _hands_now(self, timestamp_ms: int) -> tuple[Hand, ...]:
        """The hands the hand model saw at most HANDS_FRESH_MS ago (lips under them are
        not painted); with a hand near the face the model runs on every frame."""
        last = self._last_hands
        if last is None or abs(timestamp_ms - last.timestamp_ms) > HANDS_FRESH_MS:
            return ()
        return last.hands


def draw_debug_landmarks(image: np.ndarray, faces: FaceResult) -> None:
    """Developer overlay: every mesh point as a dot, scaled to the face."""
    h, w = image.shape[:2]
    for face in faces.faces:
        radius = max(1, round(face.size / 250))
        # The dots marked in the face's box, grown to discs in one pass and painted at once
        # (a circle drawn per point cost the worker 2-3 ms a frame).
        xy = np.round(face.landmarks[:, :2]).astype(np.int64)
        x0, y0 = np.maximum(xy.min(axis=0) - radius, 0)
        x1, y1 = np.minimum(xy.max(axis=0) + radius + 1, (w, h))
        if x1 <= x0 or y1 <= y0:
            continue
        inside = (xy[:, 0] >= x0) & (xy[:, 0] < x1) & (xy[:, 1] >= y0) & (xy[:, 1] < y1)
        dots = np.zeros((y1 - y0, x1 - x0), np.uint8)
        dots[xy[inside, 1] - y0, xy[inside, 0] - x0] = 1
        disc = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * radius + 1, 2 * radius + 1))
        box = image[y0:y1, x0:x1]
        box[cv2.dilate(dots, disc) > 0] = LANDMARK_COLOR
