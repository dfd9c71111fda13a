"""Sweeps on a real Dask cluster: `dask scheduler` and `dask worker` processes started here on
127.0.0.1 (not a LocalCluster), as a cluster user starts them. Identical rows to a local
sweep (also with a worker killed mid-sweep, with --keep-replays and a relative --out, over
TLS with certificates made here), and one clear line, quickly, for a scheduler without
workers, workers that cannot play, a port that is not a scheduler, a malformed address."""
from __future__ import annotations

import datetime as dt
import http.server
import ipaddress
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT, end_child

pytestmark = pytest.mark.slow
DASK = str(Path(sys.executable).with_name("dask"))
SCENARIO = "sandbox"
ARGS = ["--runs", "8", "--turns", "4", "--seed-start", "3", "--no-plots"]


# ------------------------------------------------------------------ processes
class Cluster:
    """A scheduler and its workers, each a real process; every one is ended at close()."""

    def __init__(self, root: Path, tls: dict | None = None) -> None:
        self.root = root
        self.tls = tls
        self.workers: dict[str, subprocess.Popen] = {}
        self.stopped: set[str] = set()
        self.logs: list = []
        info = root / "scheduler.json"
        args = [DASK, "scheduler", "--host", "127.0.0.1", "--port", "0",
                "--dashboard-address", "127.0.0.1:0", "--scheduler-file", str(info),
                "--idle-timeout", "600"]
        if tls:
            args += ["--protocol", "tls", *self._tls_args()]
        self.scheduler = self._start(args, "scheduler")
        deadline = time.monotonic() + 90
        while not info.exists() or not info.read_text().strip().endswith("}"):
            assert self.scheduler.poll() is None, self._log("scheduler")
            assert time.monotonic() < deadline, "the scheduler did not start"
            time.sleep(0.1)
        import json
        data = json.loads(info.read_text())
        self.address = data["address"]
        self.dashboard_port = data["services"].get("dashboard")

    def _tls_args(self) -> list[str]:
        t = self.tls or {}
        return ["--tls-ca-file", t["ca"], "--tls-cert", t["node_cert"],
                "--tls-key", t["node_key"]]

    def _start(self, args: list[str], name: str, cwd: Path | None = None,
               env: dict | None = None) -> subprocess.Popen:
        log = open(self.root / f"{name}.log", "wb")
        self.logs.append(log)
        return subprocess.Popen(args, cwd=cwd or self.root, stdout=log, stderr=log,
                                env={**os.environ, **(env or {})})

    def _log(self, name: str) -> str:
        return (self.root / f"{name}.log").read_text(errors="replace")[-3000:]

    def add_worker(self, name: str, preload: str | None = None) -> subprocess.Popen:
        """A worker process (no nanny: killing it kills the worker) whose working folder is
        not the sweep's."""
        home = self.root / f"home-{name}"
        home.mkdir(exist_ok=True)
        args = [DASK, "worker", self.address, "--nthreads", "1", "--no-nanny", "--name", name,
                "--local-directory", str(home / "dask"), "--memory-limit", "0"]
        if self.tls:
            args += self._tls_args()
        if preload:
            args += ["--preload", preload]
        self.workers[name] = self._start(args, name, cwd=home)
        return self.workers[name]

    def wait_for_workers(self, n: int, timeout: float = 90) -> None:
        from distributed import Client
        from distributed.security import Security
        sec = None
        if self.tls:
            sec = Security(tls_ca_file=self.tls["ca"], tls_client_cert=self.tls["client_cert"],
                           tls_client_key=self.tls["client_key"], require_encryption=True)
        with Client(self.address, security=sec, set_as_default=False, timeout=30) as c:
            deadline = time.monotonic() + timeout
            while len(c.nthreads()) != n:
                for name, p in self.workers.items():
                    assert p.poll() is None or name in self.stopped, self._log(name)
                assert time.monotonic() < deadline, f"{len(c.nthreads())} of {n} workers"
                time.sleep(0.2)

    def kill_worker(self, name: str) -> None:
        self.stopped.add(name)
        self.workers[name].send_signal(signal.SIGKILL)
        self.workers[name].wait(timeout=30)

    def close(self) -> None:
        for p in self.workers.values():
            if p.poll() is None:
                p.send_signal(signal.SIGKILL)
                p.wait(timeout=30)
        if self.scheduler.poll() is None:
            self.scheduler.terminate()
            try:
                self.scheduler.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.scheduler.kill()
                self.scheduler.wait(timeout=15)
        for log in self.logs:
            log.close()


def whales(*args: str, cwd: Path, timeout: float = 240) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "game", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=timeout)


def sweep_here(*args: str):
    """`whales sweep` in this process (fast: no start-up; for the refusals)."""
    from click.testing import CliRunner

    from game.cli import cli
    return CliRunner().invoke(cli, ["sweep", *args])


def one_error_line(r, message: str) -> None:
    """Exit 2, exactly one line on stderr, `whales: error: ` and the message, no traceback."""
    assert r.exit_code == 2, r.output
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("whales: error: "), lines
    assert message in lines[0], (message, lines[0])
    assert "Traceback" not in r.output


def tables(out: Path) -> tuple[bytes, bytes]:
    return (out / "games.csv").read_bytes(), (out / "turns.csv").read_bytes()


def no_traceback(r: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in r.stderr and "Exception ignored" not in r.stderr, r.stderr


@pytest.fixture(scope="module")
def local(tmp_path_factory) -> Path:
    """The reference: the same sweep on two local worker processes."""
    out = tmp_path_factory.mktemp("local") / "ref"
    r = sweep_here(SCENARIO, "--out", str(out), *ARGS, "--workers", "1", "--keep-replays")
    assert r.exit_code == 0, r.output
    return out


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    c = Cluster(tmp_path_factory.mktemp("cluster"))
    try:
        c.add_worker("w1")
        c.add_worker("w2")
        c.wait_for_workers(2)
        yield c
    finally:
        c.close()


# ------------------------------------------------------------------ a working cluster
def test_a_real_cluster_gives_the_rows_and_replays_of_a_local_sweep(cluster, local, tmp_path):
    r = whales("sweep", SCENARIO, "--out", "out/dask", *ARGS, "--scheduler", cluster.address,
               "--keep-replays", cwd=tmp_path)         # a relative --out: workers live elsewhere
    assert r.returncode == 0, r.stderr
    no_traceback(r)
    out = tmp_path / "out" / "dask"
    assert tables(out) == tables(local)
    names = sorted(p.name for p in (out / "replays").iterdir())
    assert names == sorted(p.name for p in (local / "replays").iterdir()) and len(names) == 8
    for n in names:
        assert (out / "replays" / n).read_bytes() == (local / "replays" / n).read_bytes()
    assert f"Dask at {cluster.address}" in r.stdout
    line = next(ln for ln in r.stderr.splitlines() if ln.startswith("Dask scheduler"))
    assert line == (f"Dask scheduler {cluster.address}: 2 worker(s), 2 thread(s); dashboard: "
                    f"http://127.0.0.1:{cluster.dashboard_port}/status")


def test_the_dashboard_works(cluster):
    url = f"http://127.0.0.1:{cluster.dashboard_port}/status"
    with urllib.request.urlopen(url, timeout=30) as resp:
        body = resp.read().decode("utf-8", "replace")
    assert resp.status == 200 and "bokeh" in body.lower()
    assert "needs bokeh" not in body.lower() and "install" not in body.lower()


# ------------------------------------------------------------------ failures: one line
def test_ports_that_are_not_a_scheduler_and_malformed_addresses(cluster, tmp_path,
                                                               monkeypatch):
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *a) -> None:
            pass
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    monkeypatch.chdir(tmp_path)
    dash = f"tcp://127.0.0.1:{cluster.dashboard_port}"
    try:
        for address, message in [
                (f"tcp://127.0.0.1:{httpd.server_address[1]}",
                 "did not answer as a Dask scheduler"),
                (dash, "did not answer as a Dask scheduler"),
                (f"http://127.0.0.1:{cluster.dashboard_port}", "that is a web address"),
                ("bogus::", "not an address"),
                ("tcp://", "not an address"),
                ("inproc://x", "inproc:// is not supported"),
                ("tcp://127.0.0.1:1", "connection refused"),
                ("tcp://no-such-host.invalid:8786", "unknown host"),
                (cluster.address.replace("tcp://", "tls://"), "tls:// needs certificates")]:
            # (a hang, as before the connect deadline, is caught by pytest-timeout; no
            # wall-clock bound here: CI machines are loaded)
            r = sweep_here(SCENARIO, "--out", "never", *ARGS, "--scheduler", address,
                           "--connect-timeout", "1.5")
            one_error_line(r, message)
            assert not (tmp_path / "never").exists()
    finally:
        httpd.shutdown()
        httpd.server_close()
    # in a process of its own: nothing more at exit (no Client.__del__ complaint)
    for address in (dash, "bogus::"):
        r = whales("sweep", SCENARIO, "--out", "never", *ARGS, "--scheduler", address,
                   "--connect-timeout", "1.5", cwd=tmp_path)
        assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1, r.stderr
        no_traceback(r)


def test_a_worker_killed_mid_sweep_changes_nothing(cluster, tmp_path):
    """Last of the tests on this cluster: one of its two workers is killed (kill -9)."""
    args = ["--runs", "40", "--turns", "6", "--no-plots"]
    ref = sweep_here(SCENARIO, "--out", str(tmp_path / "ref"), *args, "--workers", "1")
    assert ref.exit_code == 0, ref.output
    p = subprocess.Popen([sys.executable, "-m", "game", "sweep", SCENARIO, "--out", "dask",
                          *args, "--scheduler", cluster.address], cwd=tmp_path,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                         start_new_session=True)
    try:
        games = tmp_path / "dask" / "games.csv"
        deadline = time.monotonic() + 120
        while not (games.exists() and len(games.read_text().splitlines()) > 1):
            assert p.poll() is None, p.communicate(timeout=60)
            assert time.monotonic() < deadline
            time.sleep(0.02)
        cluster.kill_worker("w2")                           # mid-sweep
        out, err = p.communicate(timeout=180)    # a bound for a hang, not a timing assert
    finally:
        end_child(p)                             # killed if a bound above ran out
    assert p.returncode == 0, err
    assert "Traceback" not in err and " - WARNING - " not in err, err
    assert tables(tmp_path / "dask") == tables(tmp_path / "ref")
    assert "40 of 40" in out


def test_no_workers_and_workers_that_cannot_play(tmp_path):
    c = Cluster(tmp_path)
    try:
        r = whales("sweep", SCENARIO, "--out", "never", *ARGS, "--scheduler", c.address,
                   "--wait-workers", "1", cwd=tmp_path)      # a wait for ever: its timeout
        assert r.returncode == 2, r.stderr
        assert r.stderr.strip().splitlines()[-1] == (
            f"whales: error: the Dask scheduler at {c.address} has no workers (waited 1 s); "
            f"start one on each machine with the package installed: dask worker {c.address}")
        no_traceback(r)
        assert not (tmp_path / "never").exists()

        # a worker on which `import game` fails, and one with another version of it
        hide = tmp_path / "hide_game.py"
        hide.write_text("import sys\nsys.modules['game'] = None\n")
        old = tmp_path / "old_game.py"
        old.write_text("import game\ngame.__version__ = '0.0.1'\n")
        c.add_worker("bare", preload=str(hide))
        c.add_worker("old", preload=str(old))
        c.wait_for_workers(2)
        r = whales("sweep", SCENARIO, "--out", "never", *ARGS, "--scheduler", c.address,
                   cwd=tmp_path)
        assert r.returncode == 2, r.stderr
        line = r.stderr.strip().splitlines()[-1]
        assert line.startswith("whales: error: workers cannot play this sweep: ")
        assert "cannot import game" in line
        assert "has shrimp-between-whales 0.0.1, this is" in line
        assert "cluster extra" in line and "pip install '.[cluster]'" in line
        assert r.stderr.count("whales:") == 1
        no_traceback(r)
        assert not (tmp_path / "never").exists()          # nothing half-written
    finally:
        c.close()


# ------------------------------------------------------------------ TLS
def _certificates(folder: Path) -> dict[str, str]:
    """A CA, a certificate for the scheduler and workers (127.0.0.1), one for the client."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    now = dt.datetime.now(dt.timezone.utc)

    def name(cn: str) -> x509.Name:
        return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])

    def save(path: Path, key, cert) -> tuple[str, str]:
        kp = path.with_suffix(".key")
        kp.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                         serialization.PrivateFormat.PKCS8,
                                         serialization.NoEncryption()))
        path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        return str(path), str(kp)

    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = (x509.CertificateBuilder().subject_name(name("whales test CA")).issuer_name(
        name("whales test CA")).public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(ca_key, hashes.SHA256()))
    out = {"ca": save(folder / "ca.pem", ca_key, ca)[0]}
    for who in ("node", "client"):
        key = ec.generate_private_key(ec.SECP256R1())
        cert = (x509.CertificateBuilder().subject_name(name(f"whales {who}"))
                .issuer_name(ca.subject).public_key(key.public_key())
                .serial_number(x509.random_serial_number())
                .not_valid_before(now - dt.timedelta(minutes=5))
                .not_valid_after(now + dt.timedelta(days=1))
                .add_extension(x509.SubjectAlternativeName(
                    [x509.DNSName("localhost"),
                     x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
                .add_extension(x509.ExtendedKeyUsage(
                    [ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CLIENT_AUTH]),
                    critical=False)
                .sign(ca_key, hashes.SHA256()))
        out[f"{who}_cert"], out[f"{who}_key"] = save(folder / f"{who}.pem", key, cert)
    return out


def test_a_tls_cluster(local, tmp_path):
    certs = _certificates(tmp_path)
    (tmp_path / "other").mkdir()
    other = _certificates(tmp_path / "other")             # a CA the scheduler does not know
    c = Cluster(tmp_path, tls=certs)
    try:
        assert c.address.startswith("tls://127.0.0.1:")
        c.add_worker("t1")
        c.wait_for_workers(1)
        tls = ["--tls-ca", certs["ca"], "--tls-cert", certs["client_cert"],
               "--tls-key", certs["client_key"]]
        r = whales("sweep", SCENARIO, "--out", "tls", *ARGS, "--scheduler", c.address, *tls,
                   "--keep-replays", cwd=tmp_path)
        assert r.returncode == 0, r.stderr
        no_traceback(r)
        assert tables(tmp_path / "tls") == tables(local)
        assert sorted(p.name for p in (tmp_path / "tls" / "replays").iterdir()) == \
            sorted(p.name for p in (local / "replays").iterdir())
        assert f"Dask scheduler {c.address}: 1 worker(s)" in r.stderr
        spec = (tmp_path / "tls" / "sweep.json").read_text()
        assert "--tls-ca" in spec                  # the --resume line can reconnect

        plain = c.address.replace("tls://", "tcp://")
        foreign = ["--tls-ca", other["ca"], "--tls-cert", other["client_cert"],
                   "--tls-key", other["client_key"]]
        for extra, address, message in (
                ([], c.address, "tls:// needs certificates"),
                ([], plain, "did not answer as a Dask scheduler"),
                (foreign, c.address, f"TLS with {c.address} failed"),
                (["--tls-ca", certs["ca"], "--tls-cert", certs["client_cert"]], c.address,
                 "--tls-cert and --tls-key go together"),
                (tls, plain, "need a tls:// scheduler address")):
            r = sweep_here(SCENARIO, "--out", str(tmp_path / "never"), *ARGS, "--scheduler",
                           address, *extra, "--connect-timeout", "1.5")
            one_error_line(r, message)
            assert not (tmp_path / "never").exists()
    finally:
        c.close()


def test_readme_tells_cluster_users_what_to_run_and_whom_to_trust():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for text in ("dask scheduler", "dask worker tcp://", "dask-jobqueue", "dask-kubernetes",
                 "pip install '.[cluster]'", "--tls-ca", "trusted machines",
                 "distributed.comm.tls"):
        assert text in readme, text


# ------------------------------------------------------------------ a lost result
def test_a_result_lost_with_its_worker_is_waited_for_not_an_error(monkeypatch):
    """A chunk that finished on a worker killed before its result was fetched comes out of
    as_completed with status "lost" (Dask recomputes it, the client still holds it): the
    sweep waits for it again. Only a cancelled chunk (the scheduler restarted) is an error.
    Deterministic, with stand-ins for the client and as_completed; the real-cluster test
    above (a worker killed mid-sweep) met this race only on a loaded machine."""
    import distributed

    from game.sweep.cluster import ClusterLost, run_chunks

    class Fut:
        def __init__(self, chunk, statuses):
            self.chunk, self.statuses = chunk, list(statuses)

        @property
        def status(self):
            return self.statuses[0]

        def result(self):
            return self.chunk * 10

    class AsCompleted:
        def __init__(self, futures, loop=None):
            self.queue = list(futures)

        def add(self, fut):                 # the re-tracked future comes back recomputed
            fut.statuses.pop(0)
            self.queue.append(fut)

        def next_batch(self, block=False):
            out, self.queue = self.queue, []
            return out

    class Client:
        loop = None

        def __init__(self, statuses):
            self.statuses = statuses

        def submit(self, fn, chunk, pure=False):
            return Fut(chunk, self.statuses[chunk])

        def nthreads(self):
            return {"tcp://127.0.0.1:1": 1}

        def cancel(self, futures):
            pass

    monkeypatch.setattr(distributed, "as_completed", AsCompleted)
    client = Client({1: ["finished"], 2: ["lost", "finished"], 3: ["pending", "finished"]})
    got = list(run_chunks(client, [1, 2, 3], fn=None, wait_workers=5, tick=0))
    assert sorted(got) == [10, 20, 30]
    with pytest.raises(ClusterLost, match=r"dropped the sweep's tasks \(cancelled"):
        list(run_chunks(Client({1: ["cancelled"]}), [1], fn=None, wait_workers=5, tick=0))
