from django.urls import path, register_converter

from reports import views


class ReportYearConverter:
    """A report's year: four digits, so that no address reaches a year a date cannot hold (0)."""

    regex = "[1-9][0-9]{3}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(ReportYearConverter, "report_year")

app_name = "reports"

urlpatterns = [
    path("", views.report_list, name="list"),
    # Before the reports' "<body>/<year>/", which would otherwise read "meetings" as a body.
    path("meetings.ics", views.meetings_calendar, name="meetings_calendar"),
    path("meetings/<slug:meeting>/", views.meeting_detail, name="meeting"),
    path("bodies/<str:body>/", views.body_meetings, name="body"),
    path("bodies/<str:body>/meetings.ics", views.meetings_calendar, name="body_calendar"),
    path("figures/", views.figures_to_check, name="figures"),
    path("mandates/", views.mandates, name="mandates"),
    path("mandates/<slug:mandate>/", views.mandate_detail, name="mandate"),
    path("<str:body>/<report_year:year>/", views.report_page, name="report"),
    path("<str:body>/<report_year:year>/annexes.<str:file_format>", views.report_file, name="report_file"),
    path(
        "<str:body>/<report_year:year>/annex-<int:number>.<str:file_format>",
        views.annex_file,
        name="annex_file",
    ),
    path("states/<str:iso3>/", views.state_page, name="state"),
]
