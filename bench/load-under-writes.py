"""Readers under load while the newsroom writes: no request fails, no file is lost.

    .venv/bin/python bench/load-under-writes.py                      # SQLite (a scratch file)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_load \\
        .venv/bin/python bench/load-under-writes.py                  # PostgreSQL (scratch db)

Serves the site as production does (gunicorn -w 2 -k sync, DEBUG off, page cache on) from a
scratch database with the demo story, then, at the same time:

* ``wrk -c32`` on a round of reader pages (story, coverage, claims, sources, outlets, compare,
  timeline, search, the API) for ``SECONDS``;
* ``manage.py ingest`` of a folder of generated articles;
* an editor's admin upload of more generated articles (logged in, CSRF and all);

and then checks: every wrk request answered 2xx/3xx with no socket error, the ingest and the
upload ended cleanly, and every file is stored with its mentions. Exit code 1 otherwise.
Only 127.0.0.1 is ever contacted, and every loop is bounded in count and time.
"""

import http.cookiejar
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = os.environ.get("PY", str(ROOT / ".venv/bin/python"))
GUNICORN = os.environ.get("GUNICORN", str(ROOT / ".venv/bin/gunicorn"))
PORT = int(os.environ.get("LOAD_PORT", "8031"))
SECONDS = int(os.environ.get("SECONDS_OF_LOAD", "20"))
INGEST_FILES = int(os.environ.get("INGEST_FILES", "40"))
UPLOAD_FILES = int(os.environ.get("UPLOAD_FILES", "5"))  # at most the inline limit: in-request
BASE = f"http://127.0.0.1:{PORT}"
PAGES = [
    "/",
    "/coverage/",
    "/claims/xai-distilled-openai/",
    "/sources/",
    "/outlets/",
    "/compare/",
    "/timeline/",
    "/search/?q=OpenAI+models",
    "/api/claims/",
]
WRK_SCRIPT = """
paths = {%s}
i = 0
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
"""


def articles(folder: Path, prefix: str, count: int) -> list[str]:
    """``count`` distinct articles that report the demo claims, written into ``folder``."""
    texts = sorted(p.read_text() for p in (ROOT / "fixtures/articles").glob("*.txt"))
    folder.mkdir(parents=True)
    names = []
    for n in range(count):
        title, _, body = texts[n % len(texts)].partition("\n")
        body = "\n".join(line for line in body.splitlines() if "http" not in line)
        # A sentence of its own in the middle of the prose (cleaning takes furniture off the
        # ends), so no two articles are one text and none is a duplicate of its original.
        paragraphs = body.strip().split("\n\n")
        own = f"Desk {prefix} filed dispatch {n} of the load drill, number {uuid.uuid4().hex[:8]}."
        paragraphs.insert(len(paragraphs) // 2, own)
        name = f"{prefix}_{n:03}.txt"
        (folder / name).write_text(f"{prefix} {n}: {title}\n\n" + "\n\n".join(paragraphs) + "\n")
        names.append(name)
    return names


def manage(env: dict, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(
        [PY, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=check
    )


def wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"no answer from {url}")


def admin_upload(paths: list[Path], username: str, password: str) -> str:
    """Log in to the admin and upload ``paths`` as an editor would; the result page's text."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def csrf_of(html: str) -> str:
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)

    login = f"{BASE}/admin/login/?next=/admin/"
    page = opener.open(login, timeout=30).read().decode()
    form = {"username": username, "password": password, "csrfmiddlewaretoken": csrf_of(page)}
    data = urllib.parse.urlencode(form).encode()
    opener.open(urllib.request.Request(login, data=data, headers={"Referer": login}), timeout=30)
    upload = f"{BASE}/admin/sources/source/upload/"
    page = opener.open(upload, timeout=30).read().decode()
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
        f"{csrf_of(page)}\r\n".encode()
    ]
    for path in paths:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="files"; '
            f'filename="{path.name}"\r\nContent-Type: text/plain\r\n\r\n'.encode()
            + path.read_bytes()
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    request = urllib.request.Request(
        upload,
        data=b"".join(parts),
        headers={
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "Referer": upload,
        },
    )
    with opener.open(request, timeout=120) as response:
        return response.read().decode()


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="load-under-writes-"))
    env = {
        **os.environ,
        "DJANGO_SECRET_KEY": "load-" + uuid.uuid4().hex * 2,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECURE_COOKIES": "0",
        "CACHE_URL": f"file://{work / 'cache'}",
        "DJANGO_TASKS_IMMEDIATE": "1",
    }
    env.pop("DJANGO_DEBUG", None)
    if not env.get("DATABASE_URL", "").startswith("postgres"):
        env["DATABASE_URL"] = f"sqlite:///{work / 'site.sqlite3'}"
    database = env["DATABASE_URL"]
    print(f"database: {database.split('@')[-1]}; work folder: {work}")
    if database.startswith("postgres"):
        manage(env, "flush", "--noinput", check=False)  # a scratch database: start empty
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")
    manage(env, "load_story")
    password = uuid.uuid4().hex
    manage(
        env,
        "shell",
        "-c",
        "from django.contrib.auth.models import User; "
        f"User.objects.create_superuser('loadeditor', 'e@example.org', '{password}')",
    )
    ingest_names = articles(work / "ingest", "ingest", INGEST_FILES)
    upload_names = articles(work / "upload", "upload", UPLOAD_FILES)

    log = (work / "gunicorn.log").open("w")
    gunicorn = subprocess.Popen(
        [GUNICORN, "newsroom.wsgi:application", "-w", "2", "-k", "sync", "-b",
         f"127.0.0.1:{PORT}", "--no-control-socket", "--timeout", "60"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log,
    )  # fmt: skip
    try:
        wait_for(f"{BASE}/")
        script = work / "pages.lua"
        script.write_text(WRK_SCRIPT % ", ".join(f'"{p}"' for p in PAGES))
        wrk = subprocess.Popen(
            ["wrk", "-t2", "-c32", f"-d{SECONDS}s", "--timeout", "30s", "-s", str(script), BASE],
            stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        time.sleep(2)
        ingest = subprocess.Popen(
            [PY, "manage.py", "ingest", str(work / "ingest")],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        upload_page = admin_upload(sorted((work / "upload").iterdir()), "loadeditor", password)
        ingest_out, _ = ingest.communicate(timeout=SECONDS * 20)
        wrk_out, _ = wrk.communicate(timeout=SECONDS + 60)
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=30)
        log.close()

    counted = manage(
        env,
        "shell",
        "-c",
        "import json; from sources.models import Source; "
        "print(json.dumps({s.origin: s.mentions.count() for s in Source.objects.all()}))",
    )
    stored = json.loads(counted.stdout.strip().splitlines()[-1])
    problems = []
    requests = re.search(r"(\d+) requests in", wrk_out)
    if re.search(r"Non-2xx or 3xx responses", wrk_out):
        problems.append("wrk saw non-2xx/3xx answers")
    if re.search(r"Socket errors", wrk_out):
        problems.append("wrk saw socket errors")
    if ingest.returncode != 0 or "locked" in ingest_out:
        problems.append(f"ingest failed:\n{ingest_out[-2000:]}")
    if "locked" in upload_page or "Server Error" in upload_page:
        problems.append("the admin upload failed")
    for name in ingest_names + upload_names:
        if name not in stored:
            problems.append(f"lost: {name}")
        elif stored[name] == 0:
            problems.append(f"stored without mentions: {name}")
    rate = re.search(r"Requests/sec:\s+([\d.]+)", wrk_out)
    print(
        f"wrk -c32 for {SECONDS} s: {requests.group(1) if requests else '?'} requests, "
        f"{rate.group(1) if rate else '?'} req/s, while ingesting {len(ingest_names)} files "
        f"and uploading {len(upload_names)} in the admin"
    )
    print(ingest_out.strip().splitlines()[-1] if ingest_out.strip() else "(no ingest output)")
    if problems:
        print("FAILED:\n  " + "\n  ".join(problems))
        return 1
    print("OK: no request failed, every file stored with its mentions")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
