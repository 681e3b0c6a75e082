"""Loading a workbook in a fresh child process (the server), measured: its time and its peak memory.

The child reports its own peak (``VmHWM``: ``ru_maxrss`` of SELF would carry the parent's peak over the
exec) apart from that of the parsing processes it started, so that a test can bound the two separately.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

from tests.conftest import ROOT

_MEASURE = textwrap.dedent("""
    import io, json, resource, sys, time
    sys.path.insert(0, {root!r})
    import duo_core
    import pandas as pd
    start = time.perf_counter()
    content = open({path!r}, "rb").read()
    if {upload}:
        source = io.BytesIO(content)
        source.name = "Antwerpen.xlsx"
        source = [source]
    else:
        source = {path!r}
    ds = duo_core.load_dataset(source)
    seconds = time.perf_counter() - start
    own = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
    print(json.dumps({{"seconds": seconds, "server_mb": own / 1024,
                      "children_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
                      "participants": len(ds.participants),
                      "findings": [[None if pd.isna(f.row) else int(f.row), f.column, f.severity, f.message]
                                   for f in ds.findings.itertuples()]}}))
""")


def measured_load(path: Path, upload: bool, timeout: float = 180) -> dict:
    """Load ``path`` in a fresh process, from the folder or as an upload named ``Antwerpen.xlsx``.

    Returns
    -------
    dict
        ``seconds``, ``server_mb`` (the child's own peak), ``children_mb`` (the peak of the parsing processes
        it started), ``participants`` (how many were read) and ``findings`` (``[row, column, severity, message]``).
    """
    script = _MEASURE.format(root=str(ROOT), path=str(path), upload=upload)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=timeout, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])
