from django.urls import path

from reminders import views

app_name = "reminders"

urlpatterns = [
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("outreach/<int:pk>/document/", views.outreach_document, name="outreach_document"),
]
