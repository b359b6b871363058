from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from opendata.linked_data import legislation_linked_data, script_safe_json

register = template.Library()


@register.simple_tag
def legislation_jsonld(convention, treaty):
    """The convention's schema.org description as a JSON-LD data block (a script the browser
    never runs, so the Content-Security-Policy needs no exception for it)."""
    data = mark_safe(script_safe_json(legislation_linked_data(convention, treaty)))  # escaped just above
    return format_html('<script type="application/ld+json">{}</script>', data)
