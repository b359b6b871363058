"""Page numbers: ``?page=2&page_size=100``; a page that is not a number is a 400, one past the end a 404."""

from django.core.paginator import InvalidPage
from django.utils.translation import gettext_lazy as _
from rest_framework import pagination
from rest_framework.exceptions import NotFound, ValidationError

MAX_PAGE_SIZE = 200
# Nine digits at most: Python refuses to read very long numbers, and no page is that far.
WHOLE_NUMBER_SCHEMA = {"type": "integer", "minimum": 1, "maximum": 999_999_999}


def _whole_number(text: str) -> int | None:
    if not (text.isascii() and text.isdigit() and len(text) <= 9) or int(text) < 1:
        return None
    return int(text)


class PageNumberPagination(pagination.PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    page_query_description = "Page number, from 1; `last` for the last page."
    page_size_query_description = (
        f"Results per page (default 50); more than {MAX_PAGE_SIZE} gives {MAX_PAGE_SIZE}."
    )

    def get_page_size(self, request):
        text = request.query_params.get(self.page_size_query_param)
        if text is None:
            return self.page_size
        size = _whole_number(text)
        if size is None:
            raise ValidationError(
                {
                    self.page_size_query_param: [
                        _("Give a whole number from 1, not “%(text)s”.") % {"text": text}
                    ]
                }
            )
        return min(size, self.max_page_size)

    def get_page_number(self, request, paginator):
        text = request.query_params.get(self.page_query_param)
        if text is None:
            return 1
        if text in self.last_page_strings:
            return paginator.num_pages
        number = _whole_number(text)
        if number is None:
            raise ValidationError(
                {
                    self.page_query_param: [
                        _("Give a page number from 1 (or “last”), not “%(text)s”.") % {"text": text}
                    ]
                }
            )
        return number

    def get_schema_operation_parameters(self, view):
        # What the parameters accept, as they are read above: a generated client (or a fuzzer)
        # then never sends a page 0 believing it valid.
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"] = WHOLE_NUMBER_SCHEMA
            elif parameter["name"] == self.page_query_param:
                parameter["schema"] = {
                    "oneOf": [
                        WHOLE_NUMBER_SCHEMA,
                        {"type": "string", "enum": sorted(self.last_page_strings)},
                    ]
                }
        return parameters

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        paginator = self.django_paginator_class(queryset, self.get_page_size(request))
        number = self.get_page_number(request, paginator)
        try:
            self.page = paginator.page(number)
        except InvalidPage:
            raise NotFound(
                _("There is no page %(number)d: the last page is %(last)d.")
                % {"number": number, "last": paginator.num_pages}
            ) from None
        if paginator.num_pages > 1 and self.template is not None:
            self.display_page_controls = True
        return list(self.page)
