"""Several Python processes that start one piece of work at the same moment: for tests of concurrent writers.

One plain Python process (``python -c``, the repository on its path: nothing of the test process, its threads,
its ``__main__`` or a test worker's state is carried over) imports what the work needs once, then forks one
child per racer. The children wait until they are all there and start together; a child that fails says why in
the assertion instead of leaving the others waiting.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_PARENT = """
import json, os, sys, time, traceback
go, out, arglists, body = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), sys.argv[4]
exec(sys.argv[5], {})  # the imports, once: every child starts from them
code = compile(body, "<racer>", "exec")
sys.stdout.flush()
sys.stderr.flush()
children, me = [], os.getpid()
for i, args in enumerate(arglists):
    pid = os.fork()
    if pid == 0:
        status = 1
        try:
            for fd, suffix in ((1, "out"), (2, "err")):
                os.dup2(os.open(os.path.join(out, f"{i}.{suffix}"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC), fd)
            while not os.path.exists(go):
                if os.getppid() != me:  # the test gave up before the start
                    os._exit(1)
                time.sleep(0.005)
            exec(code, {"args": args})
            status = 0
        except BaseException:
            traceback.print_exc()
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(status)
    children.append(pid)
print("ready", flush=True)
failed = [i for i, pid in enumerate(children) if os.waitpid(pid, 0)[1] != 0]
print(json.dumps(failed), flush=True)
"""


def race(body: str, args_per_child: list[list[str]], folder: Path, imports: str = "", timeout: float = 240) -> list[str]:
    """Run ``body`` in one child per entry of ``args_per_child`` (as ``args``), all released at once.

    ``imports`` (code) runs once before the children are forked, so that they do not each import pandas again.
    Returns each child's last line of output, in the children's order.
    """
    go, out = folder / "go", folder / "racers"
    out.mkdir()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    parent = subprocess.Popen([sys.executable, "-c", _PARENT, str(go), str(out), json.dumps(args_per_child), body,
                               imports], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = parent.stdout.readline().strip()  # every child is forked, with the imports done
        assert line == "ready", parent.communicate(timeout=timeout)[1]
        go.touch()
        done, err = parent.communicate(timeout=timeout)
        assert parent.returncode == 0, err
        failed = json.loads(done)
        assert failed == [], {i: (out / f"{i}.err").read_text() for i in failed}
        return [(out / f"{i}.out").read_text().strip().splitlines()[-1] for i in range(len(args_per_child))]
    finally:
        parent.kill()
