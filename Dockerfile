# briefingbot: one process, the data directory on a volume, configuration from the environment.
#   docker build -t briefingbot .
#   docker run --env-file .env -v briefingbot-data:/data briefingbot
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    BRIEFINGS_DATA_DIR=/data

WORKDIR /app
# Only what the bot needs (no test or lint tools); the source first so the layer is reused.
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY briefings ./briefings
COPY store ./store
RUN pip install . \
    && useradd --system --uid 10001 --home-dir /data --no-create-home briefingbot \
    && mkdir -p /data && chown briefingbot /data

USER briefingbot
VOLUME ["/data"]
# Webhook mode listens on TELEGRAM_WEBHOOK_PORT; the health endpoint on BRIEFINGS_HEALTH_PORT.
EXPOSE 8443 8080
# Reads the store the bot writes: fails when a store file is unreadable or a section breaks.
HEALTHCHECK --interval=5m --timeout=60s --start-period=2m \
    CMD ["briefingbot", "status"]
ENTRYPOINT ["briefingbot"]
CMD ["run"]
