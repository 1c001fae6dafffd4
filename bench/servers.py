"""Real servers for the HTTP benchmarks: cica (this tree, or an older commit) and a bare Starlette app.

Every figure that compares servers runs them the same way: one uvicorn worker each, on loopback,
started from the same virtual environment. An older commit is taken with `git archive` into a
temporary folder and run with `PYTHONPATH` pointing at it, so "before" and "after" are measured in
the same run, on the same machine, with the same libraries.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx2 as httpx

ROOT = Path(__file__).resolve().parent.parent
# Cheap password hashing for the instances the benchmarks sign in to: the HTTP figures time GET
# requests, not sign-in (bench_access measures the real Argon2 cost).
FAST_PASSWORDS = {"CICA_ARGON2_TIME_COST": "1", "CICA_ARGON2_MEMORY_KIB": "8", "CICA_ARGON2_PARALLELISM": "1"}


@dataclass(frozen=True)
class Code:
    """A version of cica to run: this tree, or an older commit unpacked beside it."""

    label: str
    pythonpath: str | None = None  # None: the installed (editable) tree

    def env(self, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("CICA_")}
        env.update(FAST_PASSWORDS)
        # The older commit's own scheduler thread would write during the measurement: off in both.
        env["CICA_SCHEDULER_SECONDS"] = "0"
        if self.pythonpath:
            env["PYTHONPATH"] = self.pythonpath
        env.update(extra)
        return env

    @property
    def root(self) -> Path:
        """The folder holding this version's `src/` and `bench/`."""
        return Path(self.pythonpath.split(os.pathsep)[-1]) if self.pythonpath else ROOT

    def bench(self, *modules: str) -> dict[str, float]:
        """Runs this version's own `python -m bench MODULES` and reads back its figures by name."""
        done = subprocess.run(
            [sys.executable, "-m", "bench", *modules],
            env=self.env(COLUMNS="300"),
            cwd=self.root,
            capture_output=True,
            text=True,
            check=True,
        )
        figures = {}
        for line in done.stdout.splitlines():
            match = re.match(r"  (\S.*?): (-?[\d.]+) (\S+)", line)
            if match:
                figures[match.group(1)] = float(match.group(2))
        return figures

    def cli(self, *args: str) -> list[str]:
        # `python -m cica` works in every version (the console script's target may have moved).
        return [sys.executable, "-m", "cica", *args]


CURRENT = Code("this tree")


@contextmanager
def older_commit(revision: str) -> Iterator[Code]:
    """The commit `revision` of this repository (its code and its benchmarks), unpacked into a
    temporary folder."""
    with tempfile.TemporaryDirectory(prefix="cica-baseline-") as folder:
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", revision, "src", "bench"], check=True, capture_output=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", folder], input=archive, check=True)
        translations = Path(folder) / "src/cica/core/translations"
        if translations.is_dir():
            subprocess.run(
                [
                    str(Path(sys.executable).parent / "pybabel"),
                    "-q",
                    "compile",
                    "--use-fuzzy",
                    "-d",
                    str(translations),
                    "-D",
                    "messages",
                ],
                check=True,
            )
        yield Code(f"commit {revision[:9]}", pythonpath=f"{folder}/src{os.pathsep}{folder}")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Instance:
    """A database prepared by `cica demo` of one version, with the demo accounts' passwords."""

    code: Code
    folder: Path
    passwords: dict[str, str] = field(default_factory=dict)
    database: Path | None = None  # default: cica.db in the folder

    @property
    def database_url(self) -> str:
        return f"sqlite:///{self.database or self.folder / 'cica.db'}"

    def env(self) -> dict[str, str]:
        return self.code.env(CICA_DATABASE_URL=self.database_url)

    def run(self, *args: str, stdin: str | None = None) -> str:
        done = subprocess.run(
            self.code.cli(*args),
            env=self.env(),
            cwd=self.folder,
            input=stdin,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"{self.code.label}: cica {' '.join(args)} failed:\n{done.stderr}")
        return done.stdout


def demo_instance(code: Code, folder: Path) -> Instance:
    folder.mkdir(parents=True, exist_ok=True)
    instance = Instance(code, folder)
    printed = instance.run("demo")
    for line in printed.splitlines():
        match = re.match(r"\s+(\S+@\S+)\s+.*\s(\S+)$", line)
        if match and "exists already" not in line:
            instance.passwords[match.group(1)] = match.group(2)
    return instance


def new_token(instance: Instance, email: str) -> str:
    printed = instance.run("users", "token", "create", email, "--name", "bench")
    token = re.search(r"(cica_\S+)", printed)
    if token is None:
        raise RuntimeError(f"no token in: {printed}")
    return token.group(1)


def signed_in_cookie(base: str, email: str, password: str) -> str:
    """Signs in through the sign-in form, as a browser would; the session's cookie header."""
    with httpx.Client(base_url=base, follow_redirects=False) as client:
        form = client.get("/signin")
        fields = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', form.text))
        fields |= {"email": email, "password": password}
        signed = client.post("/signin", data=fields)
        if signed.status_code not in (302, 303):
            raise RuntimeError(f"sign-in as {email} failed: {signed.status_code} {signed.text[:300]}")
        return "; ".join(f"{name}={value}" for name, value in client.cookies.items())


@dataclass
class Server:
    base: str
    process: subprocess.Popen[bytes]

    @property
    def pid(self) -> int:
        return self.process.pid


def _wait_until_up(base: str, process: subprocess.Popen[bytes], path: str = "/") -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server for {base} exited with {process.returncode}")
        try:
            if httpx.get(base + path, timeout=2).status_code < 500:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{base} did not come up in 60 s")


@contextmanager
def _serving(command: list[str], env: Mapping[str, str], cwd: Path, ready_path: str) -> Iterator[Server]:
    port = int(command[command.index("--port") + 1])
    base = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(
        command, env=dict(env), cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        _wait_until_up(base, process, ready_path)
        yield Server(base, process)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def cica_server(instance: Instance, **settings: str) -> Iterator[Server]:
    """`cica serve` on the instance, with `settings` (CICA_… variables) added to its environment."""
    command = instance.code.cli("serve", "--host", "127.0.0.1", "--port", str(free_port()), "--workers", "1")
    with _serving(command, instance.env() | settings, instance.folder, "/api/v1/organisation") as server:
        yield server


@dataclass(frozen=True)
class Recorded:
    """One answer of cica, to be sent again byte for byte by the bare app."""

    path: str
    status: int
    content_type: str | None
    body: bytes


@contextmanager
def bare_server(answers: list[Recorded]) -> Iterator[Server]:
    """A bare Starlette app (`bench.bare`) returning the recorded bytes, served like cica."""
    with tempfile.TemporaryDirectory(prefix="cica-bare-") as folder:
        fixtures = Path(folder) / "answers.json"
        fixtures.write_text(
            json.dumps(
                [
                    {"path": a.path, "status": a.status, "type": a.content_type, "body": a.body.hex()}
                    for a in answers
                ]
            )
        )
        port = free_port()
        command = [sys.executable, "-m", "bench.bare", str(fixtures), "--port", str(port)]
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        with _serving(command, env, ROOT, answers[0].path) as server:
            yield server


@dataclass(frozen=True)
class Load:
    requests_per_second: float
    latency_p50_ms: float
    latency_p99_ms: float


def wrk(url: str, headers: Mapping[str, str], *, seconds: int, connections: int = 10) -> Load:
    """A closed-loop load from `wrk` (one thread, `connections` connections) for `seconds`."""
    if shutil.which("wrk") is None:
        raise RuntimeError("wrk is not installed (Debian package wrk; .ci/run and make bench install it)")
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    for name, value in headers.items():
        command[1:1] = ["-H", f"{name}: {value}"]
    printed = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rate = re.search(r"Requests/sec:\s+([\d.]+)", printed)
    p50 = re.search(r"50%\s+([\d.]+)(us|ms|s)", printed)
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", printed)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", printed)
    if rate is None or p50 is None or p99 is None:
        raise RuntimeError(f"could not read wrk's output:\n{printed}")
    if errors:
        raise RuntimeError(f"{url}: {errors.group(1)} answers were errors under load")
    return Load(float(rate.group(1)), _ms(p50), _ms(p99))


def _ms(match: re.Match[str]) -> float:
    value, unit = float(match.group(1)), match.group(2)
    return value * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def rss_mib(pid: int) -> float:
    """Resident memory of the worker: the largest among a process and its children (with more
    than one worker uvicorn runs them as children of a supervisor)."""
    total = 0
    for candidate in [pid, *_children(pid)]:
        status = Path(f"/proc/{candidate}/status")
        if status.exists():
            for line in status.read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total = max(total, int(line.split()[1]))
    return total / 1024


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        children = task / "children"
        if children.exists():
            found += [int(c) for c in children.read_text().split()]
    return found
