"""What the treaty record's write services announce, for the apps above it to act on.

``record_saved`` is sent by each service of ``conventions.services`` once it has saved records
of one model (``sender``): ``saved`` pairs each saved record with its stored columns before the
save (a dict, None for a new record), with the ``source`` of the write and the user ``by_user``.
Each receiver returns a list of what it made (the notifications app: the depositary
notifications it drafted), which the service returns. Sent from the service, not from ``save()``:
bulk writes skip ``save()``, and the columns before the save are read under the service's lock.
"""

from django.dispatch import Signal

record_saved = Signal()

# Sent by ``participations_recorded`` once rows and their history were written with SQL (an
# import): ``history`` is a queryset of the historical rows written, each compared with the
# record's row before it; each receiver returns how many things it made.
history_recorded = Signal()
