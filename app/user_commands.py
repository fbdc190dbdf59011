"""`collab user create` and `collab user list`: accounts for operators, the password never on a command line."""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Awaitable, Callable
from typing import Any, TextIO

from app.accounts.users import User, create_user, list_users
from app.graph import Graph
from app.settings import Settings

WithGraph = Callable[[Settings, Callable[[Graph], Awaitable[Any]]], Any]


class PasswordError(ValueError):
    pass


def read_password(stdin: TextIO = sys.stdin) -> str:
    """From a prompt with confirmation on a terminal; else the first line of standard input (a pipe or a file),
    so scripts never put it in an argument that `ps` shows."""
    if stdin.isatty():
        password = getpass.getpass("Password: ")
        if getpass.getpass("The password again: ") != password:
            raise PasswordError("the two passwords differ; nothing was created")
        return password
    line = stdin.readline()
    if not line:
        raise PasswordError("no password on standard input (one line expected); nothing was created")
    return line.rstrip("\r\n")


def cmd_user_create(settings: Settings, args: argparse.Namespace, with_graph: WithGraph) -> int:
    password = read_password()

    async def create(graph: Graph) -> User:
        await graph.apply_schema()
        return await create_user(graph, args.email, password, display_name=args.name or args.email.split("@")[0],
                                 admin=args.admin)

    user = with_graph(settings, create)
    role = "administrator" if user.is_admin else "user"
    print(f"created {role} {user.email} ({user.display_name}), id {user.id}")
    return 0


def cmd_user_list(settings: Settings, args: argparse.Namespace, with_graph: WithGraph) -> int:
    rows = with_graph(settings, list_users)
    if not rows:
        print("no users")
        return 0
    print(f"{'email':<32} {'name':<24} {'admin':<5} {'orcid':<19} {'created':<25} id")
    for r in rows:
        print(f"{r['email']:<32} {r['display_name'] or '':<24} {'yes' if r['is_admin'] else 'no':<5} "
              f"{r['orcid'] or '-':<19} {r['created_at'] or '':<25} {r['id']}")
    return 0


def add_parser(sub: Any, with_graph: WithGraph) -> None:
    """`collab user ...` on the CLI's subcommands."""
    user = sub.add_parser("user", help="manage user accounts").add_subparsers(dest="user_command", required=True)
    create = user.add_parser(
        "create", help="create a user; the password is asked for (or read from standard input when piped)",
        description="The password is never an argument: a terminal prompts for it twice; otherwise the first "
        "line of standard input is used, e.g. `collab user create a@example.org < password-file`.",
    )
    create.add_argument("email")
    create.add_argument("--name", help="display name (default: the part of the email before @)")
    create.add_argument("--admin", action="store_true", help="may decide claims and other administrators' tasks")
    create.set_defaults(run=lambda s, a: cmd_user_create(s, a, with_graph))
    user.add_parser("list", help="list users (never their password hashes)").set_defaults(
        run=lambda s, a: cmd_user_list(s, a, with_graph))
