from django.urls import path

from reports import views

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
    path("<str:body>/<int:year>/", views.report_page, name="report"),
    path("<str:body>/<int:year>/annexes.<str:file_format>", views.report_file, name="report_file"),
    path("<str:body>/<int:year>/annex-<int:number>.<str:file_format>", views.annex_file, name="annex_file"),
    path("states/<str:iso3>/", views.state_page, name="state"),
]
