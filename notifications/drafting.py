"""Drafts of the depositary notifications of participations' actions, set-based: a constant number
of statements whatever the number of participations (an import of 100,000 rows).

The rules are those of ``services._drafts_write``: a date that appears in the record drafts the
notification of the action; a date changed before the action's notification is published
re-dates that draft; changed after, it drafts a correction referring to the published one. A date
struck out of the record is not an action of the state.
"""

from django.db import connection
from django.utils import timezone

from notifications.models import Action, Notification, NotificationKind, NotificationStatus
from notifications.wording import LANGUAGES

# Each action of a participation and the columns of its date (earliest, latest) in the record.
PARTICIPATION_ACTION_COLUMNS = {
    Action.SIGNATURE: ("signature_earliest", "signature_latest"),
    Action.DEPOSIT: ("deposit_earliest", "deposit_latest"),
    Action.DENUNCIATION: ("denunciation_notified_on", "denunciation_notified_on"),
}
WORDING_COLUMNS = [f"{part}_{language}" for part in ("title", "text") for language in LANGUAGES]
NO_WORDING = ", ".join("''" for _column in WORDING_COLUMNS)
WORDING_CLEARED = ", ".join(f"{column} = ''" for column in WORDING_COLUMNS)
CHANGES = "notification_changes"  # a temporary table, dropped before the transaction ends


def _history_insert(where: str, params: list, *, history_type: str, reason: str, now) -> None:
    """The history rows of the notifications ``where`` selects, as they now are."""
    history = Notification.history.model._meta.db_table
    columns = ", ".join(field.column for field in Notification._meta.concrete_fields)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {history} ({columns}, history_date, history_change_reason, history_type,"
            f" history_user_id) SELECT {columns}, %s, %s, %s, NULL"
            f" FROM {Notification._meta.db_table} WHERE {where}",
            [now, reason, history_type, *params],
        )


def _changes_select(history_sql: str, table: str) -> str:
    """Per participation with rows in the batch: its dates before the batch (the row before its
    first row in the batch, by LAG) and after it (its last row), one row per action."""
    date_columns = [column for pair in PARTICIPATION_ACTION_COLUMNS.values() for column in pair]
    date_columns = list(dict.fromkeys(date_columns))
    lagged = ", ".join(f"LAG({column}) OVER by_participation AS before_{column}" for column in date_columns)
    per_action = " UNION ALL ".join(
        f"SELECT participation_id, convention_id, state_id, '{action.value}' AS action,"
        f" {order} AS action_order,"
        f" CASE WHEN before_type IN ('+', '~') THEN before_{earliest} END AS before_earliest,"
        f" CASE WHEN before_type IN ('+', '~') THEN before_{latest} END AS before_latest,"
        f" {earliest} AS after_earliest, {latest} AS after_latest FROM changed"
        for order, (action, (earliest, latest)) in enumerate(PARTICIPATION_ACTION_COLUMNS.items())
    )
    return (
        f"WITH in_batch AS (SELECT history_id FROM {table} WHERE history_id IN ({history_sql})),"
        f" lagged AS (SELECT history_id, id, convention_id, state_id, history_type,"
        f" {', '.join(date_columns)}, LAG(history_type) OVER by_participation AS before_type, {lagged}"
        f" FROM {table} WHERE id IN (SELECT id FROM {table} WHERE history_id IN"
        f" (SELECT history_id FROM in_batch))"
        f" WINDOW by_participation AS (PARTITION BY id ORDER BY history_id)),"
        f" bounds AS (SELECT lagged.id, MIN(lagged.history_id) AS first_id, MAX(lagged.history_id) AS last_id"
        f" FROM lagged JOIN in_batch ON in_batch.history_id = lagged.history_id GROUP BY lagged.id),"
        f" changed AS (SELECT last.id AS participation_id, last.convention_id, last.state_id,"
        f" first.before_type, {', '.join(f'first.before_{c}' for c in date_columns)},"
        f" {', '.join(f'last.{c}' for c in date_columns)}"
        f" FROM bounds JOIN lagged first ON first.history_id = bounds.first_id"
        f" JOIN lagged last ON last.history_id = bounds.last_id WHERE last.history_type <> '-'),"
        f" per_action AS ({per_action})"
        f" SELECT participation_id, convention_id, state_id, action, action_order, before_earliest,"
        f" before_latest, after_earliest, after_latest FROM per_action"
        f" WHERE after_earliest IS NOT NULL AND after_latest IS NOT NULL"
        f" AND (before_earliest IS NULL OR before_latest IS NULL"
        f" OR before_earliest <> after_earliest OR before_latest <> after_latest)"
    )


def participation_history_notifications_draft(history, *, source: str = "") -> int:
    """Draft the notifications of what the historical participation rows ``history`` (a
    queryset) added to the record, each participation's rows in it compared with its row before
    them; the number of notifications drafted or re-dated. Call inside a transaction."""
    table = history.model._meta.db_table
    history_sql, history_params = history.order_by().values("history_id").query.sql_with_params()
    notifications = Notification._meta.db_table
    now = timezone.now()
    not_draft = f"(latest_status IS NULL OR latest_status <> '{NotificationStatus.DRAFT}')"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The history rows were just written, by the thousand: planned with the statistics
            # from before them, the window and joins below run as nested loops, for minutes.
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
        cursor.execute(
            f"CREATE TEMPORARY TABLE {CHANGES} (participation_id integer, convention_id integer,"
            " state_id integer, action varchar(20), action_order integer, before_earliest date,"
            " before_latest date, after_earliest date, after_latest date, latest_id integer,"
            " latest_status varchar(10))"
        )
        try:
            cursor.execute(
                f"INSERT INTO {CHANGES} (participation_id, convention_id, state_id, action, action_order,"
                " before_earliest, before_latest, after_earliest, after_latest) "
                + _changes_select(history_sql, table),
                history_params,
            )
            # The latest notification of each re-dated action: a draft to put right, or the
            # published one a correction refers to.
            cursor.execute(
                f"UPDATE {CHANGES} SET latest_id = (SELECT MAX(n.id) FROM {notifications} n"
                f" WHERE n.participation_id = {CHANGES}.participation_id AND n.action = {CHANGES}.action"
                " AND n.reservation_id IS NULL AND n.objection_id IS NULL AND n.notice_id IS NULL)"
                " WHERE before_earliest IS NOT NULL"
            )
            if connection.features.has_select_for_update:
                cursor.execute(
                    f"SELECT id FROM {notifications} WHERE id IN (SELECT latest_id FROM {CHANGES}) FOR UPDATE"
                )
            cursor.execute(
                f"UPDATE {CHANGES} SET latest_status = (SELECT n.status FROM {notifications} n"
                f" WHERE n.id = {CHANGES}.latest_id) WHERE latest_id IS NOT NULL"
            )
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {notifications}")
            (last_id,) = cursor.fetchone()
            wording_columns = ", ".join(WORDING_COLUMNS)
            cursor.execute(
                f"INSERT INTO {notifications} (convention_id, state_id, participation_id, kind, action,"
                " action_earliest, action_latest, corrects_id, previous_earliest, previous_latest,"
                f" status, reference, reconstructed, source, created_at, {wording_columns})"
                " SELECT convention_id, state_id, participation_id,"
                " CASE WHEN before_earliest IS NULL THEN action ELSE %s END, action,"
                " after_earliest, after_latest, latest_id, before_earliest, before_latest,"
                f" %s, '', %s, %s, %s, {NO_WORDING}"
                f" FROM {CHANGES} WHERE before_earliest IS NULL OR {not_draft}"
                " ORDER BY participation_id, action_order",
                [NotificationKind.CORRECTION.value, NotificationStatus.DRAFT.value, False, source, now],
            )
            drafted = cursor.rowcount
            _history_insert(
                "id > %s AND created_at = %s AND source = %s",
                [last_id, now, source],
                history_type="+",
                reason=f"Drafted when the action was recorded ({source or 'unknown path'})",
                now=now,
            )
            redated_ids = (
                f"SELECT latest_id FROM {CHANGES} WHERE before_earliest IS NOT NULL"
                f" AND latest_status = '{NotificationStatus.DRAFT}'"
            )

            def new(column):
                return f"(SELECT c.{column} FROM {CHANGES} c WHERE c.latest_id = {notifications}.id)"

            # Words written for the old date are dropped: the draft is worded from its facts when
            # it is published.
            cursor.execute(
                f"UPDATE {notifications} SET action_earliest = {new('after_earliest')},"
                f" action_latest = {new('after_latest')},"
                f" {WORDING_CLEARED}"
                f" WHERE id IN ({redated_ids})"
            )
            redated = cursor.rowcount
            _history_insert(
                f"id IN ({redated_ids})",
                [],
                history_type="~",
                reason=f"Date changed in the record before publication ({source or 'unknown path'})",
                now=now,
            )
        finally:
            cursor.execute(f"DROP TABLE {CHANGES}")
    return drafted + redated
