from tests.vision.conftest import face_model, image_tracker, video_tracker  # noqa: F401
