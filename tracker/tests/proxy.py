"""The nginx configuration of the deployment (deploy/nginx), read and filled in as the official
nginx image fills in its templates."""

import re

from tracker.tests.environment import BASE_DIR

TEMPLATE = BASE_DIR / "deploy" / "nginx" / "tracker.conf.template"
# The image's envsubst replaces the ${NAME}s its environment defines; ours all begin TRACKER_.
_PLACEHOLDER = re.compile(r"\$\{(TRACKER_\w+)\}")
_SIZE_UNITS = {"": 1, "k": 1024, "m": 1024 * 1024, "g": 1024 * 1024 * 1024}


def template_names() -> set[str]:
    return set(_PLACEHOLDER.findall(TEMPLATE.read_text()))


def rendered(values: dict[str, str]) -> str:
    return _PLACEHOLDER.sub(lambda found: values[found.group(1)], TEMPLATE.read_text())


def client_max_body_bytes() -> int:
    number, unit = re.search(
        r"^\s*client_max_body_size\s+(\d+)([kmg]?);", TEMPLATE.read_text(), re.M | re.I
    ).groups()
    return int(number) * _SIZE_UNITS[unit.lower()]
