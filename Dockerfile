# Guichet in a container: a Debian 12 build stage makes the same .deb as scripts/package.sh; the
# runtime stage installs it on debian:12-slim, so the image holds the bot and its shared libraries only.
#   docker build -t guichet .
#   docker run -d --env-file .env -v guichet-data:/var/lib/guichet guichet
# With MongoDB: compose.yaml.

FROM debian:12 AS build
WORKDIR /src
COPY scripts/install-deps.sh scripts/
RUN ./scripts/install-deps.sh --package && rm -rf /var/lib/apt/lists/*
COPY . .
RUN rm -rf build dist && ./scripts/package.sh

FROM debian:12-slim
COPY --from=build /src/dist/guichet_*_amd64.deb /tmp/
# apt resolves the package's runtime libraries; the postinst creates the guichet user and its home.
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates /tmp/guichet_*_amd64.deb \
 && rm -rf /var/lib/apt/lists/* /tmp/guichet_*_amd64.deb
# The SQLite file (when no MONGODB_URI is given) lives on the volume. Health and metrics listen on
# every interface of the container: publish the port only on the host's loopback.
ENV GUICHET_DB=/var/lib/guichet/guichet.db \
    GUICHET_HTTP_ADDR=0.0.0.0:9464
VOLUME /var/lib/guichet
WORKDIR /var/lib/guichet
USER guichet:guichet
EXPOSE 9464
# Healthy = every shard connected and the store answering (/readyz). The slim image has no HTTP
# client; bash's /dev/tcp speaks the one request needed.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/9464 && printf 'GET /readyz HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
# SIGTERM drains the actions under way for up to 10 s (docker stop -t 20 / stop_grace_period).
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/bin/guichet"]
