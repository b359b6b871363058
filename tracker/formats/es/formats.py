from tracker.formats.record import *  # noqa: F403 (the same in every language)
