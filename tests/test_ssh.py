"""Over SSH, for real: a throwaway sshd on 127.0.0.1, `ssh -tt` inside tmux at 80x24, the reader
on the far side. Searches, jumps, reads the screen, and counts the bytes the app writes.

Skipped, with the reason, when sshd, ssh or tmux are missing or sshd cannot start
(`.ci/run` installs openssh-server and tmux from the system's packages).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from support.paths import REPO, SEEDS
from support.terminal import Pane, compare_putin, search_putn_and_jump_three_times

SSHD = shutil.which("sshd") or ("/usr/sbin/sshd" if os.path.exists("/usr/sbin/sshd") else None)
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(SSHD is None, reason="sshd is not installed (apt-get install openssh-server)"),
    pytest.mark.skipif(shutil.which("ssh") is None, reason="ssh is not installed"),
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Sshd:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = _free_port()
        self.user = (
            os.environ.get("USER") or subprocess.run(["id", "-un"], capture_output=True, text=True).stdout.strip()
        )
        self.key = folder / "client_key"
        host_key = folder / "host_key"
        for key in (self.key, host_key):
            subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True)
        authorized = folder / "authorized_keys"
        authorized.write_text(Path(f"{self.key}.pub").read_text())
        authorized.chmod(0o600)
        config = folder / "sshd_config"
        config.write_text(
            f"Port {self.port}\nListenAddress 127.0.0.1\nHostKey {host_key}\nPidFile {folder / 'sshd.pid'}\n"
            f"AuthorizedKeysFile {authorized}\nStrictModes no\nUsePAM no\nPasswordAuthentication no\n"
            "KbdInteractiveAuthentication no\nPermitRootLogin prohibit-password\nPrintMotd no\n"
            "PrintLastLog no\nAcceptEnv LANG LC_*\n"
        )
        Path("/run/sshd").mkdir(exist_ok=True) if os.geteuid() == 0 else None
        self.log = folder / "sshd.log"
        self.process = subprocess.Popen([SSHD, "-D", "-e", "-f", str(config)], stderr=self.log.open("wb"))
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.skip(f"sshd could not start: {self.log.read_text(errors='replace').strip()[-300:]}")
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.1)
        pytest.skip("sshd did not start listening within 20 s")

    def command(self, remote: str) -> str:
        return (
            f"ssh -tt -q -i {self.key} -p {self.port} -o StrictHostKeyChecking=no "
            f"-o UserKnownHostsFile=/dev/null -o LogLevel=ERROR {self.user}@127.0.0.1 {_quote(remote)}"
        )

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def _quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


@pytest.fixture(scope="module")
def sshd(tmp_path_factory: pytest.TempPathFactory):
    server = Sshd(tmp_path_factory.mktemp("sshd"))
    yield server
    server.stop()


def _remote_reader(term: str, extra_env: str = "") -> str:
    python = Path(sys.executable)
    env = " ".join(f"{k}={v}" for k, v in os.environ.items() if k.startswith("READER_"))
    return f"cd {REPO} && env TERM={term} {env} {extra_env} {python} -m reader --no-state --no-mouse {SEEDS}"


@pytest.mark.parametrize(
    ("term", "extra"),
    [("xterm-256color", ""), ("xterm", ""), ("xterm-256color", "NO_COLOR=1")],
    ids=["256-colour", "16-colour", "no-colour"],
)
def test_search_and_jump_over_ssh(sshd, tmp_path, term, extra):
    pane = Pane(
        f"reader-ssh-{os.getpid()}-{term}-{bool(extra)}", sshd.command(_remote_reader(term, extra)), tmp_path / "out"
    )
    try:
        search_putn_and_jump_three_times(pane)
        pane.keys("q")
    finally:
        pane.close()


def test_bytes_written_for_search_jump_and_page_down(sshd, tmp_path):
    """Measured, not asserted against a budget: the README reports these figures."""
    pane = Pane(f"reader-bytes-{os.getpid()}", sshd.command(_remote_reader("xterm-256color")), tmp_path / "reader.out")
    try:
        pane.wait_for("Xi Snubs Putin")
        start = pane.settle(quiet=1.5)
        pane.keys("/")
        pane.keys("putn", literal=True)
        pane.wait_for("PERSON")
        pane.keys("Enter")
        pane.keys("n")
        pane.wait_for("Vladimir Putin  2/")
        after_jump = pane.settle(quiet=1.5)  # past the jump's flash
        pane.keys("PageDown")
        after_page = pane.settle(quiet=1.5)
        pane.keys("q")
    finally:
        pane.close()
    less = Pane(
        f"less-bytes-{os.getpid()}",
        sshd.command(f"TERM=xterm-256color less {SEEDS / '001_c1ddc58547b124d4.txt'}"),
        tmp_path / "less.out",
    )
    try:
        less.wait_for("China Woos")
        less_start = less.settle(quiet=1.5)
        less.keys("Space")
        less_after = less.settle(quiet=1.5)
        less.keys("q")
    finally:
        less.close()
    report = (
        f"search+jump {after_jump - start} bytes, page-down {after_page - after_jump} bytes, "
        f"less page-down {less_after - less_start} bytes"
    )
    (REPO / "bench-results").mkdir(exist_ok=True)
    (REPO / "bench-results" / "ssh-bytes.txt").write_text(report + "\n")
    print(report)
    assert after_jump > start and after_page > after_jump and less_after > less_start


@pytest.mark.parametrize("term", ["xterm-256color", "xterm"], ids=["256-colour", "16-colour"])
def test_compare_over_ssh(sshd, tmp_path, term):
    """`c` over SSH at 80x24 with the mouse off (issue 18): every outlet's sentences about Putin,
    then Enter lands on that mention."""
    pane = Pane(f"reader-ssh-compare-{os.getpid()}-{term}", sshd.command(_remote_reader(term)), tmp_path / "out")
    try:
        screen = compare_putin(pane)
        assert all(len(line) <= 80 for line in screen.splitlines())
        pane.keys("j")
        time.sleep(0.3)
        pane.keys("Enter")
        screen = pane.wait_for("Vladimir Putin  ")
        assert "What each source says" not in screen
        pane.keys("q")
    finally:
        pane.close()
