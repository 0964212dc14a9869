"""Which OpenGL renderer Qt Quick would draw with, and whether it is a software one.

A store PC whose GPU driver is missing (or a virtual screen, as under Xvfb) still offers
OpenGL, drawn by the CPU (Mesa's llvmpipe, softpipe, SwiftShader). Qt Quick then runs the
lipstick shader per screen pixel on the CPU: a kiosk-size mirror (1080x1920) on llvmpipe
showed 1.4 frames a second with the shader against 16.5 with the NumPy compositor
(measured in the real window on a 2-core machine), so "auto" must know.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QOffscreenSurface, QOpenGLContext

GL_RENDERER = 0x1F01
# Renderer names of OpenGL drawn on the CPU (lower case, matched as substrings).
SOFTWARE_RENDERERS = ("llvmpipe", "softpipe", "swrast", "swiftshader", "software rasterizer")


@cache
def opengl_renderer() -> str | None:
    """The GL_RENDERER string of a context like Qt Quick's, or None when no OpenGL
    context can be made here (needs a QGuiApplication). Asked once a process: the
    renderer does not change while it runs, and each kiosk window built asks."""
    context = QOpenGLContext()
    if not context.create():
        return None
    surface = QOffscreenSurface()
    surface.setFormat(context.format())
    surface.create()
    try:
        if not surface.isValid() or not context.makeCurrent(surface):
            return None
        name = context.functions().glGetString(GL_RENDERER)
        context.doneCurrent()
        return str(name) if name else None
    finally:
        surface.destroy()


def is_software(renderer: str | None) -> bool:
    """True for OpenGL drawn by the CPU."""
    return renderer is not None and any(s in renderer.lower() for s in SOFTWARE_RENDERERS)
