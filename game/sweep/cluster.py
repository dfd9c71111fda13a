"""Sweeps on a Dask cluster the way a cluster user expects: ``whales sweep --scheduler``.

* The address is checked first (``tcp://HOST:PORT``, ``tls://HOST:PORT`` or ``HOST:PORT``);
  anything else is one line, before any connection.
* Connecting has one overall deadline. A raw TCP connection first (unreachable: one line),
  then Dask's handshake and an ``identity`` question, bounded too: a port that is not a
  scheduler (a web server, the dashboard on :8787) answers with one line instead of hanging.
  Only a scheduler that answered gets a :class:`distributed.Client`, so no half-built client
  is left for ``Client.__del__`` to complain about at exit.
* TLS: ``tls://`` with ``--tls-ca`` (and ``--tls-cert``/``--tls-key`` when the scheduler
  wants client certificates), or Dask's own ``distributed.comm.tls`` configuration (a Dask
  config file: ``DASK_CONFIG`` or ``~/.config/dask/``).
* Then: wait for at least one worker (with a deadline and a message), check that every worker
  imports this package at this version (and can write the replay folder, for
  ``--keep-replays``), and say what the cluster is: workers, threads, the dashboard's link.
* While the sweep runs, a cluster whose workers all left for longer than the wait is an error
  with the ``--resume`` line, not a silent wait; a worker killed mid-sweep is Dask's to
  handle (its tasks run again elsewhere: the results are the same).

Trust: Dask moves tasks and results as pickles, so any machine that can reach the scheduler
can run code on the machine running the sweep, and on the workers. A scheduler must only be
reachable by trusted machines (a private network, a firewall, TLS with client certificates).
"""
from __future__ import annotations

import asyncio
import ipaddress
import os
import re
import socket
import time
import weakref
from dataclasses import dataclass
from typing import Any, Callable, Iterator

from .. import __version__

CONNECT_TIMEOUT = 10.0       # seconds for reaching the scheduler and its answer, in all
WAIT_WORKERS = 60.0          # seconds to wait for a first worker (and for workers to return)
DEFAULT_PORT = 8786
INSTALL_HINT = ("install the package with its cluster extra (in a clone: pip install "
                "'.[cluster]'; with pipx: pipx inject shrimp-between-whales "
                "'dask[distributed,diagnostics]')")


_WAITS: "weakref.WeakKeyDictionary[Any, float]" = weakref.WeakKeyDictionary()
"""--wait-workers of each connected client."""


class SchedulerError(RuntimeError):
    """The Dask scheduler cannot be used: one line saying why and what to do."""


@dataclass(frozen=True)
class TLS:
    """Certificates for ``tls://`` (PEM files): the CA that signed the scheduler's and the
    workers' certificates, and this client's own certificate and key when the scheduler
    requires them. All None: Dask's configuration decides."""

    ca: str | None = None
    cert: str | None = None
    key: str | None = None

    @property
    def given(self) -> bool:
        return any((self.ca, self.cert, self.key))

    def resolved(self) -> "TLS":
        return TLS(*(os.path.abspath(p) if p else None for p in (self.ca, self.cert, self.key)))


def parse_address(address: str) -> tuple[str, str, str, int]:
    """(full address, scheme, host, port) of a scheduler address, or SchedulerError."""
    raw = address.strip()
    expected = ("expected the scheduler's address as tcp://HOST:PORT or tls://HOST:PORT "
                f"(port {DEFAULT_PORT} unless the scheduler was told otherwise)")
    scheme, sep, rest = raw.partition("://")
    if not sep:
        scheme, rest = "tcp", raw
    scheme = scheme.lower()
    if scheme in ("http", "https"):
        raise SchedulerError(f"--scheduler {address}: that is a web address (the dashboard's?); "
                             + expected)
    if scheme not in ("tcp", "tls"):
        raise SchedulerError(f"--scheduler {address}: {scheme}:// is not supported; " + expected)
    m = re.fullmatch(r"\[([0-9A-Fa-f:.]+)\](?::(\d{1,5}))?|([A-Za-z0-9_.-]+)(?::(\d{1,5}))?",
                     rest)
    if not m or not (m.group(1) or m.group(3)):
        raise SchedulerError(f"--scheduler {address}: not an address; " + expected)
    host = m.group(1) or m.group(3)
    port = int(m.group(2) or m.group(4) or DEFAULT_PORT)
    if not 0 < port < 65536:
        raise SchedulerError(f"--scheduler {address}: port {port} is out of range; " + expected)
    if m.group(1):
        try:
            ipaddress.IPv6Address(host)
        except ValueError:
            raise SchedulerError(f"--scheduler {address}: not an address; " + expected) from None
        shown = f"[{host}]"
    else:
        shown = host
    return f"{scheme}://{shown}:{port}", scheme, host, port


def security_for(scheme: str, tls: TLS):
    """A distributed Security for the address (None for plain tcp:// without TLS options)."""
    from distributed.security import Security
    if scheme == "tcp":
        if tls.given:
            raise SchedulerError("--tls-ca/--tls-cert/--tls-key need a tls:// scheduler address")
        return None
    if tls.given:
        if not tls.ca:
            raise SchedulerError("tls:// needs --tls-ca, the CA certificate that signed the "
                                 "scheduler's (with --tls-cert/--tls-key if it asks for yours)")
        if bool(tls.cert) != bool(tls.key):
            raise SchedulerError("--tls-cert and --tls-key go together (this client's "
                                 "certificate and its private key)")
        for what, path in (("--tls-ca", tls.ca), ("--tls-cert", tls.cert),
                           ("--tls-key", tls.key)):
            if path and not os.path.isfile(path):
                raise SchedulerError(f"{what} {path}: no such file")
        return Security(tls_ca_file=tls.ca, tls_client_cert=tls.cert, tls_client_key=tls.key,
                        require_encryption=True)
    sec = Security()                           # from Dask's configuration, if any
    if not getattr(sec, "tls_ca_file", None):
        raise SchedulerError("tls:// needs certificates: --tls-ca CA.pem (and --tls-cert/"
                             "--tls-key if the scheduler asks for this client's), or "
                             "distributed.comm.tls settings in a Dask config file")
    return sec


def _reason(e: BaseException) -> str:
    text = getattr(e, "strerror", None) or str(e) or type(e).__name__
    text = text.splitlines()[0].split(" More info at ")[0]
    return text.rstrip(". ")


async def _probe(address: str, host: str, port: int, security, timeout: float) -> dict:
    """The scheduler's ``identity``: a TCP connection, then Dask's handshake, all before
    ``deadline`` (time.monotonic()); SchedulerError with the stage that failed."""
    from distributed.comm import connect
    deadline = time.monotonic() + timeout

    def left() -> float:
        return max(0.05, deadline - time.monotonic())
    try:
        _, writer = await asyncio.wait_for(asyncio.open_connection(host, port), left())
        writer.close()
    except asyncio.TimeoutError:
        raise SchedulerError(f"cannot reach the Dask scheduler at {address}: no answer within "
                             f"{timeout:g} s (is the address right, is a firewall in "
                             f"the way?)") from None
    except ConnectionRefusedError:
        raise SchedulerError(f"cannot reach the Dask scheduler at {address}: connection "
                             f"refused (nothing listens on port {port} there)") from None
    except socket.gaierror:
        raise SchedulerError(f"cannot reach the Dask scheduler at {address}: unknown host "
                             f"{host!r}") from None
    except OSError as e:
        raise SchedulerError(f"cannot reach the Dask scheduler at {address}: "
                             f"{_reason(e)}") from None
    args = security.get_connection_args("client") if security is not None else {}
    not_dask = (f"{address} is listening but did not answer as a Dask scheduler (the "
                f"dashboard, usually :8787, or another service? a scheduler listens on "
                f":{DEFAULT_PORT} unless told otherwise")
    plain = address.startswith("tcp://")
    comm = None
    try:
        comm = await asyncio.wait_for(connect(address, timeout=left(), **args), left())
        await asyncio.wait_for(comm.write({"op": "identity", "reply": True}), left())
        answer = await asyncio.wait_for(comm.read(), left())
    except asyncio.TimeoutError:
        raise SchedulerError(f"{not_dask}; no Dask answer within {timeout:g} s)") from None
    except Exception as e:      # noqa: BLE001 (an SSL error, a closed or garbled stream, ...)
        import ssl
        said = str(e).lower()
        if isinstance(e, ssl.SSLError) or "SSL" in type(e).__name__ or \
                any(w in said for w in ("ssl", "certificate", "tls")):
            raise SchedulerError(f"TLS with {address} failed: {_reason(e)} (check --tls-ca, "
                                 f"--tls-cert and --tls-key, and that the scheduler uses "
                                 f"TLS)") from None
        hint = "; if it uses TLS, give tls:// and --tls-ca" if plain else ""
        raise SchedulerError(f"{not_dask}{hint}): {_reason(e)}") from None
    finally:
        if comm is not None:
            comm.abort()
    if not isinstance(answer, dict) or answer.get("type") != "Scheduler":
        kind = answer.get("type") if isinstance(answer, dict) else None
        raise SchedulerError(f"{address} is a Dask {kind}, not a scheduler; give the "
                             f"scheduler's address" if kind else not_dask + ")")
    return answer


@dataclass
class Cluster:
    """A connected Dask client and what was learnt about the cluster."""

    client: Any
    address: str
    workers: int
    threads: int
    dashboard: str | None

    def describe(self) -> str:
        dash = (f"dashboard: {self.dashboard}" if self.dashboard else
                "no dashboard (the scheduler needs bokeh: pip install 'dask[diagnostics]')")
        return (f"Dask scheduler {self.address}: {self.workers} worker(s), "
                f"{self.threads} thread(s); {dash}")

    def close(self) -> None:
        close_quietly(self.client)


def close_quietly(client) -> None:
    try:
        client.close(timeout=5)
    except Exception:     # noqa: BLE001 (closing a client that lost its scheduler)
        pass


def _dashboard(identity: dict, host: str, scheme: str) -> str | None:
    port = (identity.get("services") or {}).get("dashboard")
    if not port:
        return None
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/status"


PROBE = ("(__import__('game.sweep.worker'), __import__('game').__version__, "
         "__import__('sys').version.split()[0])[1:]")
"""Evaluated on every worker: import the engine's worker module, report game's version and
Python's. (A builtin, eval, travels by reference, so a worker without the package still
answers: with the ImportError.)"""


def check_workers(client, replay_dir: str | None = None) -> None:
    """Every worker imports ``game`` at this version (and, with ``replay_dir``, can write
    there); SchedulerError naming the first that cannot."""
    answers = client.run(eval, PROBE, on_error="return")
    bad = []
    for worker, answer in sorted(answers.items()):
        if isinstance(answer, BaseException):
            missing = getattr(answer, "name", None) if isinstance(answer, ImportError) else None
            what = (f"cannot import {missing}" if missing else
                    f"cannot import the game: {_reason(answer)}")
            bad.append(f"{worker} {what}")
        elif answer[0] != __version__:
            bad.append(f"{worker} has shrimp-between-whales {answer[0]}, this is {__version__}")
    if bad:
        more = f" and {len(bad) - 3} more" if len(bad) > 3 else ""
        raise SchedulerError(f"workers cannot play this sweep: {'; '.join(bad[:3])}{more}; "
                             f"on every worker, {INSTALL_HINT}, at version {__version__}")
    if replay_dir:
        where = replay_dir
        while not os.path.isdir(where) and os.path.dirname(where) != where:
            where = os.path.dirname(where)
        ok = client.run(os.access, where, os.W_OK | os.X_OK, on_error="return")
        cannot = sorted(w for w, a in ok.items() if a is not True)
        if cannot:
            raise SchedulerError(f"--keep-replays: worker {cannot[0]} cannot write to {where}; "
                                 f"replays are written by the workers, so --out must be on a "
                                 f"file system every worker shares")


def connect(address: str, tls: TLS = TLS(), timeout: float | None = None,
            wait_workers: float | None = None, replay_dir: str | None = None,
            on_status: Callable[[str], None] | None = None) -> Cluster:
    """Connect, wait for a worker and check the workers; a :class:`Cluster` or
    SchedulerError (one line)."""
    full, scheme, host, port = parse_address(address)      # before the slow import
    try:
        from distributed import Client
    except ImportError:
        raise SchedulerError(f"--scheduler needs Dask, which is not installed: "
                             f"{INSTALL_HINT}") from None
    timeout = CONNECT_TIMEOUT if timeout is None else timeout
    wait_workers = WAIT_WORKERS if wait_workers is None else wait_workers
    security = security_for(scheme, tls.resolved())
    deadline = time.monotonic() + timeout
    identity = asyncio.run(_probe(full, host, port, security, timeout))
    quiet_dask_logs()
    try:
        client = Client(full, timeout=max(1.0, deadline - time.monotonic()),
                        set_as_default=False, security=security)
    except Exception as e:      # noqa: BLE001 (it answered a moment ago)
        raise SchedulerError(f"cannot connect to the Dask scheduler at {full}: "
                             f"{_reason(e)}") from None
    try:
        if not client.nthreads():
            if on_status is not None:
                on_status(f"Dask scheduler {full}: waiting up to {wait_workers:g} s for a "
                          f"worker…")
            try:
                client.wait_for_workers(1, timeout=wait_workers)
            except TimeoutError:      # WorkerStartTimeoutError is one
                start = f"dask worker {full}" + (" --tls-ca-file CA --tls-cert CERT "
                                                 "--tls-key KEY" if scheme == "tls" else "")
                raise SchedulerError(f"the Dask scheduler at {full} has no workers (waited "
                                     f"{wait_workers:g} s); start one on each machine with "
                                     f"the package installed: {start}") from None
        check_workers(client, replay_dir)
        _WAITS[client] = wait_workers           # for run_chunks, called via runner.execute
        threads = client.nthreads()
        return Cluster(client, full, len(threads), sum(threads.values()),
                       _dashboard(identity, host, scheme))
    except BaseException:
        close_quietly(client)
        raise


def quiet_dask_logs() -> None:
    """Dask's client logs a worker's death as timestamped WARNING lines; the sweep says it in
    one line of its own (run_chunks), so only Dask's errors get through."""
    import logging
    for name in ("distributed", "distributed.client", "distributed.worker"):
        logging.getLogger(name).setLevel(logging.ERROR)


class ClusterLost(RuntimeError):
    """The sweep cannot go on on the cluster (no workers left, a task that fails)."""


def run_chunks(client, chunks: list, fn: Callable, wait_workers: float | None = None,
               tick: float = 0.05, check_every: float = 1.0,
               on_note: Callable[[str], None] | None = None) -> Iterator[Any]:
    """``fn(chunk)`` for every chunk on the cluster, results in the order they finish. A
    worker that dies mid-sweep is Dask's to handle (its chunks run again on another); a
    cluster without workers for ``wait_workers`` seconds, or a chunk that fails, raises
    ClusterLost. A chunk that finished on a worker that then died before its result was
    fetched comes back ``lost``: it is waited for again (Dask recomputes it), not an error;
    only a cancelled one (the scheduler restarted) is."""
    from distributed import as_completed
    if wait_workers is None:
        wait_workers = _WAITS.get(client, WAIT_WORKERS)
    futures = [client.submit(fn, ch, pure=False) for ch in chunks]
    pending = set(futures)
    finished = as_completed(futures, loop=client.loop)
    alone_since: float | None = None
    last_check = time.monotonic()
    seen = set(client.nthreads())
    try:
        while pending:
            batch = finished.next_batch(block=False)
            for fut in batch:
                pending.discard(fut)
                if fut.status == "error":
                    e = fut.exception()
                    raise ClusterLost(f"a chunk of games failed on the cluster: "
                                      f"{type(e).__name__}: {_reason(e)}")
                if fut.status in ("lost", "pending"):
                    # done, then its worker died before the result was fetched: Dask
                    # computes it again (the client still holds the future); wait for that
                    pending.add(fut)
                    finished.add(fut)
                    continue
                if fut.status != "finished":
                    raise ClusterLost(f"the cluster dropped the sweep's tasks ({fut.status}; "
                                      f"did the scheduler restart?)")
                yield fut.result()
            if batch:
                alone_since = None
            else:
                time.sleep(tick)
            now = time.monotonic()
            if now - last_check < check_every:
                continue
            last_check = now
            try:
                current = set(client.nthreads())
            except Exception as e:      # noqa: BLE001 (the scheduler went away)
                raise ClusterLost(f"lost the Dask scheduler: {_reason(e)}") from None
            gone, seen = seen - current, current
            if gone and on_note is not None:
                on_note(f"Dask worker(s) {', '.join(sorted(gone))} left the cluster; Dask "
                        f"runs their games again on the {len(current)} left (same results)")
            workers = len(current)
            if workers:
                alone_since = None
            elif alone_since is None:
                alone_since = now
            elif now - alone_since > wait_workers:
                raise ClusterLost(f"every Dask worker left the cluster and none came back "
                                  f"within {wait_workers:g} s")
    finally:
        if pending:
            try:
                client.cancel(list(pending))
            except Exception:      # noqa: BLE001
                pass
