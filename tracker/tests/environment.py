"""What the settings read from the environment, and a clean environment to start Django in."""

import ast
import os
from functools import cache
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
SETTINGS_FILE = BASE_DIR / "tracker" / "settings.py"

# Helpers in settings.py whose first argument is the name of an environment variable.
_READERS = {"env_bool", "env_list", "env_required"}


def _is_os_environ(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Attribute)
        and node.attr == "environ"
        and isinstance(node.value, ast.Name)
        and node.value.id == "os"
    )


def _first_string(args: list[ast.expr]) -> str | None:
    if args and isinstance(args[0], ast.Constant) and isinstance(args[0].value, str):
        return args[0].value
    return None


@cache
def settings_env_names() -> frozenset[str]:
    """Names settings.py reads: os.environ.get/[]/os.getenv and the env_* helpers."""
    names = set()
    for node in ast.walk(ast.parse(SETTINGS_FILE.read_text())):
        name = None
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id in _READERS or isinstance(func, ast.Attribute) and (
                (func.attr in {"get", "setdefault"} and _is_os_environ(func.value))
                or (func.attr == "getenv" and isinstance(func.value, ast.Name) and func.value.id == "os")
            ):
                name = _first_string(node.args)
        elif isinstance(node, ast.Subscript) and _is_os_environ(node.value):
            name = _first_string([node.slice])
        if name:
            names.add(name)
    # dj-database-url reads DATABASE_URL itself, inside dj_database_url.config().
    names.add("DATABASE_URL")
    return frozenset(names)


def clean_environment(**overrides: str) -> dict[str, str]:
    """This process's environment without anything the settings would read, plus `overrides`."""
    env = {k: v for k, v in os.environ.items() if k not in settings_env_names()}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    # Set by the session's browser fixture for this process; Django itself reads it, and the
    # deploy check refuses it.
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env["DJANGO_SETTINGS_MODULE"] = "tracker.settings"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.update(overrides)
    return env
