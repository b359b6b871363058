from django.urls import path

from notifications import feeds, views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("<str:code>/<int:year>/<int:number>/", views.notification_detail, name="detail"),
    path("feed/", feeds.NotificationsFeed(), name="feed"),
    path("feed/convention/<str:code>/", feeds.ConventionNotificationsFeed(), name="feed_convention"),
    path("feed/state/<str:iso3>/", feeds.StateNotificationsFeed(), name="feed_state"),
    path("subscribe/", views.subscribe, name="subscribe"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("mine/", views.my_subscriptions, name="mine"),
]
