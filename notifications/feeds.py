"""Atom feeds of published notifications: all of them, a convention's, a state's."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from conventions.models import Convention
from notifications.selectors import notifications_published
from states.models import State

FEED_SIZE = 50


class NotificationsFeed(Feed):
    feed_type = Atom1Feed

    def title(self, obj=None):
        return _("Depositary notifications")

    def subtitle(self, obj=None):
        return _(
            "Signatures, deposits, reservations, withdrawals and denunciations under the inter-American "
            "conventions, as the depositary notifies them."
        )

    def link(self, obj=None):
        return reverse("notifications:list")

    def feed_url(self, obj=None):
        return reverse("notifications:feed")

    def items(self, obj=None):
        return self.queryset(obj)[:FEED_SIZE]

    def queryset(self, obj):
        return notifications_published()

    def item_title(self, item):
        return f"{item.reference}: {item.title}"

    def item_description(self, item):
        return item.text

    def item_link(self, item):
        return item.get_absolute_url()

    def item_guid(self, item):
        # Stable whatever the site's address: the tag URI of the reference.
        return f"tag:treaty-tracker,{item.issued_on.isoformat()}:notification/{item.reference}"

    def item_guid_is_permalink(self, item):
        return False

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.published_at

    def item_categories(self, item):
        return [item.convention.code, item.state.iso3, item.kind]


class ConventionNotificationsFeed(NotificationsFeed):
    def get_object(self, request, code):
        return get_object_or_404(Convention, code=code)

    def title(self, obj=None):
        return _("Depositary notifications: %(code)s") % {"code": obj.code}

    def feed_url(self, obj=None):
        return reverse("notifications:feed_convention", kwargs={"code": obj.code})

    def link(self, obj=None):
        return reverse("notifications:list") + f"?convention={obj.code}"

    def queryset(self, obj):
        return notifications_published().filter(convention=obj)


class StateNotificationsFeed(NotificationsFeed):
    def get_object(self, request, iso3):
        return get_object_or_404(State, iso3=iso3)

    def title(self, obj=None):
        return _("Depositary notifications: %(state)s") % {"state": obj.name}

    def feed_url(self, obj=None):
        return reverse("notifications:feed_state", kwargs={"iso3": obj.iso3})

    def link(self, obj=None):
        return reverse("notifications:list") + f"?state={obj.iso3}"

    def queryset(self, obj):
        return notifications_published().filter(state=obj)
