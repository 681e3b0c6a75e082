"""The README's library example runs as written."""

import re

from tests.conftest import ROOT


def test_readme_python_example_runs(capsys, monkeypatch):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", readme, flags=re.S)
    assert blocks
    monkeypatch.chdir(ROOT)
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {})
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "779 388 458 21"  # 742 in the workbooks' history and waiting list + 37 sign-ups
