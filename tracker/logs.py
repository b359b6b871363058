"""What the console log keeps of a request that failed."""

import logging


class ClientErrorWithoutTraceback(logging.Filter):
    """A refused request (a 4xx: not found, forbidden, a bad request) as one line, without the
    traceback Django attaches to some of them: it runs through Django's own code and tells an
    operator nothing the line does not. A server error (5xx) keeps its traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", 500) < 500:
            record.exc_info = None
            record.exc_text = None
        return True
