"""The reference Store API server ("hub"): FastAPI over SQLite or PostgreSQL.

Imports nothing from vision, render or ui: the hub installs and runs without Qt,
MediaPipe, OpenCV or NumPy.
"""
