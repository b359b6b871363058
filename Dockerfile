# The image that web, worker and beat all run (see docker-compose.yml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=tracker.settings

WORKDIR /app

# Requirements first, so that a change to the code alone does not reinstall them. Only the
# runtime lock: every dependency is pinned in it (--no-deps), and no test tool is.
COPY requirements.txt ./
RUN pip install --no-deps -r requirements.txt && pip check

COPY . .

# Static files are collected into the image; nginx serves them from the volume web collects
# them into at start (docker-compose.yml), WhiteNoise if the image runs alone. The settings need
# a production environment to load; these values exist only for this build step.
RUN DEBUG=false SECRET_KEY=build-time-only-collectstatic-key-never-used-to-serve-requests \
    ALLOWED_HOSTS=localhost SITE_URL=http://localhost python manage.py collectstatic --noinput

RUN useradd --system --create-home --uid 10001 tracker \
    && mkdir -p /app/media \
    && chown tracker /app/media \
    && chown -R tracker /app/staticfiles
USER tracker

EXPOSE 8000
CMD ["gunicorn", "tracker.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
