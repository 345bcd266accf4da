"""A real docassemble web app on this machine, without Docker: ``start``, ``stop``, ``status``.

``make serve`` / ``make stop`` call this. Everything lives under ``.run/`` (or $SR_RUN_DIR): PostgreSQL's data,
redis, the Celery worker, docassemble.webapp under gunicorn (a production WSGI server), their logs and PIDs.
The package is installed into ``.run/venv`` the way a server installs it (``pip install .``, not editable).
``stop`` ends exactly the processes ``start`` recorded, by PID (each in its own session, so its process group
is its own). Ports come from SR_HTTP_PORT, SR_PG_PORT and SR_REDIS_PORT; a port already taken is refused with
a clear message and exit 2. Standard library only: it runs before and after the server's venv exists.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Optional

REPO = Path(__file__).resolve().parents[2]
RUN = Path(os.environ.get("SR_RUN_DIR", REPO / ".run")).resolve()
VENV = RUN / "venv"
PY = VENV / "bin" / "python"
DARUN = Path(__file__).resolve().parent / "darun.py"
STATE = RUN / "state.json"
HOST = "127.0.0.1"
HTTP_PORT = int(os.environ.get("SR_HTTP_PORT", "8470"))
PG_PORT = int(os.environ.get("SR_PG_PORT", "5470"))
REDIS_PORT = int(os.environ.get("SR_REDIS_PORT", "6470"))
WORKERS = os.environ.get("SR_WORKERS", "2")
THREADS = os.environ.get("SR_THREADS", "4")
INTAKE = "docassemble.SurvivorRelief:data/questions/intake.yml"
API_KEY_FILE = RUN / "api-key"
STARTUP_SECONDS = int(os.environ.get("SR_STARTUP_SECONDS", "240"))


def say(text: str) -> None:
    print(f"serve: {text}", flush=True)


def fail(text: str, code: int = 1) -> None:
    print(f"serve: error: {text}", file=sys.stderr, flush=True)
    sys.exit(code)


# --- processes ---------------------------------------------------------------------------------------

def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie child of ours is not alive
        stat = Path(f"/proc/{pid}/stat").read_text()
        return stat.rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return True


def port_taken(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((HOST, port)) == 0


def read_state() -> dict:
    try:
        return json.loads(STATE.read_text())
    except (OSError, ValueError):
        return {}


def write_state(state: dict) -> None:
    STATE.write_text(json.dumps(state, indent=1))


def spawn(name: str, argv: list[str], env: dict[str, str]) -> int:
    """Start one process in its own session, output to .run/log/NAME.log; return its PID."""
    log = open(RUN / "log" / f"{name}.log", "ab")  # noqa: SIM115 - the child keeps it
    proc = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env,
                            cwd=RUN, start_new_session=True)
    log.close()
    return proc.pid


def end(pid: int, name: str, grace: float = 15.0) -> None:
    """SIGTERM to the process group the PID leads (it was started in its own session), then SIGKILL."""
    if not alive(pid):
        return
    try:
        os.killpg(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        if not alive(pid):
            break
        time.sleep(0.2)
    else:
        say(f"{name} (pid {pid}) did not stop in {grace:.0f} s: killing it")
    try:
        os.killpg(pid, signal.SIGKILL)  # also any worker left in the group
    except ProcessLookupError:
        pass


# --- PostgreSQL --------------------------------------------------------------------------------------

def pg_bin(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    for folder in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (folder / name).exists():
            return str(folder / name)
    fail(f"PostgreSQL's {name} was not found; install PostgreSQL (Debian: apt-get install postgresql)", 2)
    return ""


def as_pg_user(argv: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run its commands as the postgres user when we are root."""
    if os.geteuid() != 0:
        return argv
    return ["runuser", "-u", "postgres", "--"] + argv


def pg_ctl(*args: str, check: bool = True, timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run(as_pg_user([pg_bin("pg_ctl"), "-D", str(RUN / "pg" / "data"), *args]),
                          capture_output=True, text=True, timeout=timeout, check=check)


def start_postgres() -> int:
    pg = RUN / "pg"
    data, sock = pg / "data", pg / "sock"
    sock.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        shutil.chown(pg, "postgres", "postgres")
        shutil.chown(sock, "postgres", "postgres")
    if not (data / "PG_VERSION").exists():
        say("creating the PostgreSQL cluster in .run/pg/data")
        subprocess.run(as_pg_user([pg_bin("initdb"), "-D", str(data), "-U", "postgres", "-A", "trust",
                                   "-E", "UTF8", "--locale=C"]),
                       capture_output=True, text=True, timeout=180, check=True)
    opts = f"-p {PG_PORT} -k {sock} -c listen_addresses={HOST} -c max_connections=60"
    if os.geteuid() == 0:
        shutil.chown(RUN / "log", "postgres", "postgres")
    pg_ctl("-w", "-t", "90", "-o", opts, "-l", str(RUN / "log" / "postgres.log"), "start")
    pid = int((data / "postmaster.pid").read_text().split()[0])
    psql = [pg_bin("psql"), "-h", HOST, "-p", str(PG_PORT), "-U", "postgres", "-tAq"]
    have = subprocess.run(psql + ["-c", "select 1 from pg_database where datname='docassemble'"],
                          capture_output=True, text=True, timeout=60, check=True).stdout.strip()
    if have != "1":
        subprocess.run(psql + ["-c", "create user docassemble with password 'docassemble'",
                               "-c", "create database docassemble owner docassemble"],
                       capture_output=True, text=True, timeout=60, check=True)
    return pid


# --- configuration -----------------------------------------------------------------------------------

def make_locale() -> Path:
    """docassemble's currency() needs en_US.UTF-8; build it under .run/locale when the system lacks it."""
    folder = RUN / "locale"
    if not (folder / "en_US.UTF-8").exists():
        folder.mkdir(parents=True, exist_ok=True)
        subprocess.run(["localedef", "-i", "en_US", "-f", "UTF-8", str(folder / "en_US.UTF-8")],
                       capture_output=True, timeout=120, check=False)
    return folder


def secret(path: Path, length: int) -> str:
    """A random secret kept under .run (the API key must be exactly 32 characters)."""
    if not path.exists():
        path.write_text(secrets.token_hex(length // 2))
        path.chmod(0o600)
    return path.read_text().strip()


def write_config() -> Path:
    for sub in ("files", "log", "tmp"):
        (RUN / "srv" / sub).mkdir(parents=True, exist_ok=True)
    wsgi = RUN / "srv" / "docassemble.wsgi"
    wsgi.touch()
    soffice = shutil.which("soffice")
    lines = {
        "debug": False,
        "secretkey": secret(RUN / "secret-key", 48),
        "db": {"prefix": "postgresql+psycopg2://", "name": "docassemble", "user": "docassemble",
               "password": "docassemble", "host": HOST, "port": PG_PORT},
        "redis": f"redis://{HOST}:{REDIS_PORT}",
        "rabbitmq": f"redis://{HOST}:{REDIS_PORT}",
        "uploads": str(RUN / "srv" / "files"),
        "log": str(RUN / "srv" / "log"),
        "webapp": str(wsgi),
        "packages": str(VENV),  # the venv the server runs in (docassemble lists its site-packages)
        "url root": f"http://{HOST}:{HTTP_PORT}",
        "root": "/",
        "allow updates": False,
        "enable playground": False,
        "allow demo": False,
        "language": "en",
        "dialect": "us",
        "locale": "en_US.UTF-8",
        "country": "US",
        "timezone": "America/New_York",
        "default interview": INTAKE,
        "use cloud urls": False,
        "mail": {},
    }
    if soffice:
        lines["libreoffice"] = soffice
    path = RUN / "config.yml"
    path.write_text(json.dumps(lines, indent=1))  # JSON is YAML
    return path


def server_env(config: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "PYTHON"))}
    env.update(DA_CONFIG_FILE=str(config), DA_ADMIN_API_KEY=secret(API_KEY_FILE, 32),
               DA_ADMIN_EMAIL="admin@example.org", DA_ADMIN_PASSWORD=secret(RUN / "admin-password", 24),
               LOCPATH=str(make_locale()), LC_ALL="en_US.UTF-8", LANG="en_US.UTF-8",
               TMPDIR=str(RUN / "srv" / "tmp"), C_FORCE_ROOT="1", PATH=f"{VENV / 'bin'}:{env.get('PATH', '')}")
    return env


# --- redis and the web app ---------------------------------------------------------------------------

def wait_redis(deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((HOST, REDIS_PORT), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                if sock.recv(16).startswith(b"+PONG"):
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise TimeoutError("redis did not answer")


def wait_http(deadline: float, pids: dict[str, int]) -> None:
    url = f"http://{HOST}:{HTTP_PORT}/health_check"
    while time.monotonic() < deadline:
        for name in ("web", "celery"):
            if name in pids and not alive(pids[name]):
                raise RuntimeError(f"{name} stopped while starting (see .run/log/{name}.log)")
        try:
            with urllib.request.urlopen(url, timeout=5) as resp:
                if resp.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise TimeoutError(f"the web app did not answer {url} in {STARTUP_SECONDS} s (see .run/log/web.log)")


def address() -> str:
    return f"http://{HOST}:{HTTP_PORT}/interview?i={INTAKE}"


def start() -> None:
    state = read_state()
    pids = state.get("pids", {})
    if pids and all(alive(pid) for pid in pids.values()):
        say(f"already running (pids {', '.join(f'{k} {v}' for k, v in pids.items())})")
        say(f"intake: {address()}")
        return
    if pids:
        say("a part of the last server stopped: stopping the rest first")
        stop()
    if not PY.exists():
        fail("the server's venv is missing: run `make serve` (it installs .run/venv)", 2)
    for name, port in (("SR_HTTP_PORT", HTTP_PORT), ("SR_PG_PORT", PG_PORT), ("SR_REDIS_PORT", REDIS_PORT)):
        if port_taken(port):
            fail(f"port {port} on {HOST} is already taken by another program; stop it, or choose another port "
                 f"with {name}=NNNN (e.g. `make serve {name}={port + 1}`)", 2)
    redis_server = shutil.which("redis-server")
    if redis_server is None:
        fail("redis-server was not found; install it (Debian: apt-get install redis-server)", 2)
    (RUN / "log").mkdir(parents=True, exist_ok=True)
    t0 = time.monotonic()
    deadline = t0 + STARTUP_SECONDS
    pids = {}
    try:
        pids["postgres"] = start_postgres()
        write_state({"pids": pids, "ports": [HTTP_PORT, PG_PORT, REDIS_PORT]})
        (RUN / "redis").mkdir(exist_ok=True)
        pids["redis"] = spawn("redis", [redis_server, "--port", str(REDIS_PORT), "--bind", HOST, "--dir",
                                        str(RUN / "redis"), "--save", "", "--appendonly", "no"], dict(os.environ))
        write_state({"pids": pids})
        wait_redis(deadline)
        config = write_config()
        env = server_env(config)
        # Tables, roles and the admin user with its API key (kept in redis, so made again at every start).
        tables = subprocess.run([str(PY), str(DARUN), "docassemble.webapp.create_tables", str(config)], env=env,
                                cwd=RUN, capture_output=True, text=True, timeout=300, check=False)
        (RUN / "log" / "create_tables.log").write_text(tables.stdout + tables.stderr)
        if tables.returncode != 0:
            raise RuntimeError("creating the database tables failed (see .run/log/create_tables.log)")
        pids["celery"] = spawn("celery", [str(PY), str(DARUN), "celery", "-A", "docassemble.webapp.worker",
                                          "worker", "--concurrency", "1", "--loglevel", "WARNING"], env)
        write_state({"pids": pids})
        pids["web"] = spawn("web", [str(PY), str(DARUN), "gunicorn", "--workers", WORKERS, "--threads", THREADS,
                                    "--worker-class", "gthread", "--bind", f"{HOST}:{HTTP_PORT}",
                                    "--timeout", "300", "--graceful-timeout", "10",
                                    "docassemble.webapp.run:application"], env)
        write_state({"pids": pids})
        wait_http(deadline, pids)
    except (subprocess.SubprocessError, OSError, RuntimeError, TimeoutError) as err:
        detail = getattr(err, "stderr", "") or ""
        say(f"start failed: {err} {detail.strip()[-500:]}")
        write_state({"pids": pids})
        stop()
        sys.exit(1)
    write_state({"pids": pids, "http": HTTP_PORT, "pg": PG_PORT, "redis": REDIS_PORT,
                 "api_key_file": str(API_KEY_FILE)})
    say(f"up in {time.monotonic() - t0:.1f} s (pids {', '.join(f'{k} {v}' for k, v in pids.items())})")
    say(f"intake: {address()}")


def stop() -> None:
    pids = read_state().get("pids", {})
    if not pids:
        say("nothing to stop")
        return
    for name in ("web", "celery", "redis"):
        if name in pids:
            end(pids[name], name)
    if "postgres" in pids and alive(pids["postgres"]):
        pg_ctl("-w", "-t", "60", "-m", "fast", "stop", check=False)
        deadline = time.monotonic() + 20  # pg_ctl returns when the PID file is gone; the process ends just after
        while alive(pids["postgres"]) and time.monotonic() < deadline:
            time.sleep(0.2)
        if alive(pids["postgres"]):
            end(pids["postgres"], "postgres")
    left = [f"{k} {v}" for k, v in pids.items() if alive(v)]
    STATE.unlink(missing_ok=True)
    if left:
        fail(f"still running: {', '.join(left)}")
    say(f"stopped ({', '.join(pids)})")


def status() -> None:
    pids = read_state().get("pids", {})
    for name, pid in pids.items():
        print(f"{name}: pid {pid} {'running' if alive(pid) else 'stopped'}")
    if not pids:
        print("not running")


def api_key() -> Optional[str]:
    return API_KEY_FILE.read_text().strip() if API_KEY_FILE.exists() else None


if __name__ == "__main__":
    commands = {"start": start, "stop": stop, "status": status}
    if len(sys.argv) != 2 or sys.argv[1] not in commands:
        sys.exit("usage: daserver.py start|stop|status")
    commands[sys.argv[1]]()
