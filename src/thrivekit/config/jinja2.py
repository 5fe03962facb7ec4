"""The Jinja2 environment: our templates first, then the nhsuk-frontend-jinja macros."""

import jinja2
from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse

from thrivekit.core import template_filters


def url(name: str, *args, **kwargs) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def environment(**options) -> jinja2.Environment:
    env = jinja2.Environment(**options)
    # Import nhsuk macros by full path ("nhsuk/components/<name>/macro.jinja").
    env.loader = jinja2.ChoiceLoader([env.loader, jinja2.PackageLoader("nhsuk_frontend_jinja")])
    env.globals.update(
        static=static,
        url=url,
        STATIC_URL=settings.STATIC_URL,
        NHSUK_FRONTEND_VERSION=template_filters.NHSUK_FRONTEND_VERSION,
    )
    env.filters.update(template_filters.FILTERS)
    return env
