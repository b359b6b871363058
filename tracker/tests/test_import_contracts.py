"""Which app may import which: the contracts of .importlinter, checked by import-linter."""

import subprocess
import sys
from pathlib import Path

from django.conf import settings


def test_the_apps_keep_their_import_contracts():
    # In a child process: import-linter reads the modules' source, not what this process imported.
    linter = Path(sys.executable).with_name("lint-imports")
    run = subprocess.run(
        [str(linter), "--no-cache", "--config", str(settings.BASE_DIR / ".importlinter")],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr
