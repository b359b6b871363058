# The record writes dates year-month-day in every language (the site says so): a form reads
# only that, so 05/04/2004 is refused rather than read as May 4 in one language and 5 April in
# another. The admin's calendar writes what the first format gives.
DATE_INPUT_FORMATS = ["%Y-%m-%d"]
