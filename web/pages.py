"""HTML rendering: Jinja2 templates under web/templates, autoescaped, shared page chrome."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from web import account_globals, words
from web.network import NODE_STYLES
from web.orcid import orcid_enabled

TEMPLATES = Path(__file__).parent / "templates"


def researcher_url(rid: str) -> str:
    """Ids hold ':' ,' ' and '/'; quote everything but ':' so the id reads in the address bar."""
    return "/researchers/" + quote(rid, safe=":")


def explore_url(rid: str) -> str:
    return "/explore?focus=" + quote(rid, safe=":")


def paper_url(pid: str) -> str:
    """Paper ids hold '/' (DOIs, DBLP keys): quoted like researcher ids, the route takes the whole path."""
    return "/papers/" + quote(pid, safe=":")


def _json_script(value: Any) -> str:
    """JSON safe inside <script type="application/json">: no '</' can close the tag early."""
    return json.dumps(value).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


_env = Environment(
    loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]), trim_blocks=True, lstrip_blocks=True
)
_env.globals.update(researcher_url=researcher_url, explore_url=explore_url, paper_url=paper_url,
                    node_styles=NODE_STYLES, researcher_links=words.researcher_links, link_label=words.link_label,
                    shape_names={"dot": "circle", "square": "square", "triangle": "triangle", "diamond": "diamond"})
_env.globals.update(csrf_field=account_globals.csrf_field, csrf_token=account_globals.csrf_token,
                    viewer=account_globals.viewer)
_env.globals["orcid_enabled"] = orcid_enabled  # the ORCID button only where ORCID sign-in is set up
_env.filters["json_script"] = _json_script
_env.filters["kind_name"] = words.kind_name
_env.filters["topic_name"] = words.topic_name


def render(template: str, status_code: int = 200, **values: Any) -> HTMLResponse:
    return HTMLResponse(_env.get_template(template).render(**values), status_code=status_code)
