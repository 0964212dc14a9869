"""`python -m kiosk` runs the same CLI as the `kiosk` command."""

from kiosk.cli import main

raise SystemExit(main())
