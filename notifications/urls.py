from django.urls import path
from django.views.decorators.http import require_safe

from notifications import feeds, views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("<str:code>/<int:year>/<int:number>/", views.notification_detail, name="detail"),
    path("feed/", require_safe(feeds.NotificationsFeed()), name="feed"),
    path(
        "feed/convention/<str:code>/",
        require_safe(feeds.ConventionNotificationsFeed()),
        name="feed_convention",
    ),
    path("feed/state/<str:iso3>/", require_safe(feeds.StateNotificationsFeed()), name="feed_state"),
    path("subscribe/", views.subscribe, name="subscribe"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("mine/", views.my_subscriptions, name="mine"),
]
