"""Several Python processes that start one piece of work at the same moment: for tests of concurrent writers.

Plain child processes (``python -c``) with their own arguments and the repository on their path: nothing of the
test process (its threads, its ``__main__``, a test worker's state) is carried over, and a child that fails says
why in the assertion instead of leaving the others waiting at a barrier.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_PRELUDE = """
import os, sys, time
go = sys.argv[1]
args = sys.argv[2:]
print("ready", flush=True)
while not os.path.exists(go):
    time.sleep(0.005)
"""


def race(body: str, args_per_child: list[list[str]], folder: Path, timeout: float = 240) -> list[str]:
    """Run ``body`` in one child per entry of ``args_per_child`` (as ``args``), all released at once.

    Returns each child's last line of output, in the children's order.
    """
    go = folder / "go"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    children = [subprocess.Popen([sys.executable, "-c", _PRELUDE + body, str(go), *args], cwd=ROOT, env=env,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                for args in args_per_child]
    try:
        for child in children:  # every child has imported what it needs: now they start together
            line = child.stdout.readline().strip()
            assert line == "ready", child.communicate(timeout=timeout)[1]
        go.touch()
        lines = []
        for child in children:
            out, err = child.communicate(timeout=timeout)
            assert child.returncode == 0, err
            lines.append(out.strip().splitlines()[-1])
        return lines
    finally:
        for child in children:
            child.kill()
