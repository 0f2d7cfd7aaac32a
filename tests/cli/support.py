"""Running the CLI as users do: a real subprocess, its exit code, stdout and stderr."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ARTICLE, ROOT


def cli_env(env: dict[str, str] | None = None) -> dict[str, str]:
    """The test process's environment without Discord settings, the article, no colour."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "ADMIN_"))}
    full_env.update({"KNOWLEDGE_FILE": str(ARTICLE), "NO_COLOR": "1", "PYTHONPATH": str(ROOT)})
    full_env.update(env or {})
    return full_env


def run(
    *args: str | bytes,
    stdin: str | bytes = "",
    env: dict[str, str] | None = None,
    cwd: Path = ROOT,
) -> subprocess.CompletedProcess[str]:
    """`python -m bot ARGS`; fails the test on any traceback. Bytes pass through as bytes."""
    proc = subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin.encode("utf-8") if isinstance(stdin, str) else stdin,
        capture_output=True,
        env=cli_env(env),
        cwd=cwd,
        timeout=60,
    )
    out = proc.stdout.decode("utf-8")
    err = proc.stderr.decode("utf-8")
    assert "Traceback" not in err, err
    assert "Traceback" not in out, out
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)
