from tests.vision.conftest import (  # noqa: F401
    face_model,
    image_tracker,
    pose_model,
    video_tracker,
)
