"""The bundle's program, `kiosk`: the kiosk command, and the embedded hub's child.

PyInstaller freezes this script (packaging/bundle/tryon-kiosk.spec). A frozen program has
no `python -c` or `-m`, so the kiosk starts its embedded hub as this same program with a
private first argument (kiosk.client.hub_launcher.FROZEN_FLAG): the child then asks to die
with the kiosk and runs `kiosk hub ...` in its own process. `-c CODE ARGS` runs CODE as
`python -c` would, for what starts `sys.executable -c` in a child (`kiosk doctor` probes the
screen that way: a Qt platform that cannot start aborts its process); the program can do
nothing more than the Python inside it could anyway. Anything else is the `kiosk` command,
exactly as the console script runs it (`kiosk --self-test`, `kiosk run`, ...).
"""

from __future__ import annotations

import sys


def main() -> int:
    from kiosk.cli import main as kiosk
    from kiosk.client.hub_launcher import FROZEN_FLAG, run_child

    args = sys.argv[1:]
    if args[:1] == [FROZEN_FLAG]:
        return run_child(args[1:], kiosk)
    if args[:1] == ["-c"] and len(args) > 1:
        sys.argv = ["-c", *args[2:]]
        exec(compile(args[1], "<string>", "exec"), {"__name__": "__main__"})
        return 0
    return kiosk()


if __name__ == "__main__":
    raise SystemExit(main())
