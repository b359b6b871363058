"""The record's formats, the same in every language (each language's module imports them).

The record writes dates year-month-day in every language, as the site does: the admin shows
them so, and a form reads only that, so 05/04/2004 is refused rather than read as May 4 in one
language and 5 April in another. The admin's calendar writes what the first input format gives.
"""

DATE_FORMAT = SHORT_DATE_FORMAT = "Y-m-d"
DATETIME_FORMAT = SHORT_DATETIME_FORMAT = "Y-m-d H:i"
DATE_INPUT_FORMATS = ["%Y-%m-%d"]
