"""`docker compose up` brings up a pinned Neo4j that the app waits for, connects to and serves from.

No Docker engine runs where this project is built, so the files are checked as data; where an
engine answers, `docker compose config` checks them as Docker reads them.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tomllib
from functools import cache
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]
COMPOSE_FILE = PROJECT / "docker-compose.yml"
DOCKERFILE = PROJECT / "Dockerfile"


# --- reading the compose file ----------------------------------------------------------------
# PyYAML is not among the project's dependencies; where it is missing, a reader for the block-style
# subset compose files use stands in, and refuses anything outside that subset rather than misread it.


def _strip_comment(line: str) -> str:
    quote, escaped = None, False
    for i, ch in enumerate(line):
        if escaped:
            escaped = False
        elif quote == '"' and ch == "\\":
            escaped = True
        elif quote:
            quote = None if ch == quote else quote
        elif ch in "\"'":
            quote = ch
        elif ch == "#" and (i == 0 or line[i - 1].isspace()):
            return line[:i].rstrip()
    return line.rstrip()


def _scalar(text: str):
    text = text.strip()
    if text.startswith(("&", "*", "|", ">", "{", "!")):
        raise ValueError(f"YAML outside the supported subset: {text!r}")
    if text.startswith(("[", '"')):
        return json.loads(text)  # flow lists of double-quoted strings, double-quoted strings
    if text.startswith("'"):
        return text[1:-1].replace("''", "'")
    if re.fullmatch(r"-?[0-9]+", text):
        return int(text)
    return text


def _block(lines: list[tuple[int, str]], i: int, indent: int):
    if lines[i][1].startswith("- "):
        items = []
        while i < len(lines) and lines[i][0] == indent and lines[i][1].startswith("- "):
            items.append(_scalar(lines[i][1][2:]))
            i += 1
        return items, i
    mapping = {}
    while i < len(lines) and lines[i][0] == indent:
        key, sep, rest = lines[i][1].partition(":")
        if not sep or (rest and not rest.startswith(" ")):
            raise ValueError(f"YAML outside the supported subset: {lines[i][1]!r}")
        i += 1
        if rest.strip():
            mapping[key.strip()] = _scalar(rest)
        elif i < len(lines) and lines[i][0] > indent:
            mapping[key.strip()], i = _block(lines, i, lines[i][0])
        else:
            mapping[key.strip()] = None
    return mapping, i


def read_yaml(text: str):
    try:
        import yaml
    except ImportError:
        lines = []
        for raw in text.splitlines():
            line = _strip_comment(raw)
            if line.strip():
                lines.append((len(line) - len(line.lstrip(" ")), line.strip()))
        value, end = _block(lines, 0, 0)
        if end != len(lines):
            raise ValueError(f"unexpected indentation at {lines[end][1]!r}") from None
        return value
    return yaml.safe_load(text)


@cache
def compose() -> dict:
    return read_yaml(COMPOSE_FILE.read_text(encoding="utf-8"))


def service(name: str) -> dict:
    return compose()["services"][name]


def environment(name: str) -> dict[str, str]:
    env = service(name).get("environment") or {}
    if isinstance(env, list):  # the `- KEY=value` form
        env = dict(item.split("=", 1) for item in env)
    return {key: str(value) for key, value in env.items()}


# --- tests -----------------------------------------------------------------------------------


def test_reader_understands_the_subset_compose_files_use():
    text = 'a:  # note\n  b: "x # y"\n  c:\n    - "1:1"\n    - two\n  d: ["CMD", "e"]\n  e:\n'
    assert read_yaml(text) == {"a": {"b": "x # y", "c": ["1:1", "two"], "d": ["CMD", "e"], "e": None}}


def test_neo4j_image_is_pinned_to_the_5_26_lts():
    assert service("neo4j")["image"] == "neo4j:5.26"


def test_neo4j_has_a_healthcheck():
    check = service("neo4j").get("healthcheck") or {}
    assert check.get("test"), "the app's depends_on waits for this check"


def test_neo4j_keeps_its_data_in_a_named_volume():
    declared = set(compose().get("volumes") or {})
    mounts = [v.split(":") for v in service("neo4j").get("volumes", [])]
    assert any(src in declared and dst == "/data" for src, dst, *_ in mounts), (mounts, declared)


def test_app_waits_for_a_healthy_neo4j():
    assert service("app")["depends_on"]["neo4j"]["condition"] == "service_healthy"


def test_app_connects_to_the_neo4j_service_with_the_same_password():
    env = environment("app")
    assert re.fullmatch(r"neo4j://neo4j:7687", env["NEO4J_URI"]), "neo4j:// routes in a cluster; bolt:// never does"
    user, _, password = environment("neo4j")["NEO4J_AUTH"].partition("/")
    assert (env["NEO4J_USER"], env["NEO4J_PASSWORD"]) == (user, password)
    assert env["NEO4J_DATABASE"] == "neo4j"


def test_app_listens_on_the_published_port():
    env = environment("app")
    assert env["COLLAB_HOST"] == "0.0.0.0", "a server on loopback is unreachable through a published port"
    assert f"{env['COLLAB_PORT']}:{env['COLLAB_PORT']}" in service("app")["ports"]


def test_app_is_built_here_and_runs_the_projects_console_script():
    app = service("app")
    assert app["build"] in (".", {"context": "."})
    scripts = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert app["command"][0] in scripts


def test_dockerfile_installs_the_project_and_runs_unprivileged():
    text = DOCKERFILE.read_text(encoding="utf-8")
    assert re.search(r"^FROM python:3\.12-slim\b", text, re.M)
    assert re.search(r"^RUN pip install (--\S+ )*\.(\s|$)", text, re.M), "the image installs the project itself"
    user = re.findall(r"^USER (\S+)", text, re.M)
    assert user and user[-1] not in ("root", "0"), "the app runs as a non-root user"
    assert re.search(r"^EXPOSE 8000\b", text, re.M)


def test_build_context_leaves_out_local_state():
    ignored = (PROJECT / ".dockerignore").read_text(encoding="utf-8").split()
    assert {".git", ".venv", "data"} <= set(ignored)


def _docker_engine_answers() -> bool:
    if shutil.which("docker") is None:
        return False
    try:
        return subprocess.run(["docker", "info"], capture_output=True, timeout=30).returncode == 0
    except subprocess.TimeoutExpired:
        return False


@pytest.mark.skipif(not _docker_engine_answers(), reason="no Docker engine answers")
def test_docker_compose_accepts_the_file():
    if subprocess.run(["docker", "compose", "version"], capture_output=True).returncode != 0:
        pytest.skip("the docker compose plugin is not installed")
    proc = subprocess.run(["docker", "compose", "config", "--quiet"], cwd=PROJECT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
