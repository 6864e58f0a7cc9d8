# Coordinator's production image: the project installed as a wheel (with its compiled catalogs), served
# by waitress as a user without privileges. compose.yaml runs it as the app and as each worker of the Procfile.
#   docker build -t coordinator .
# The wheel holds the code and the catalogs; the templates, static files and migrations it reads are laid
# beside it in /srv/coordinator (COORDINATOR_ROOT).

FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml setup.py config.py ./
COPY coordinator ./coordinator
# setup.py compiles every messages.po into messages.mo while the wheel is built (Babel: a build requirement).
RUN pip install --no-cache-dir build \
 && python -m build --wheel --outdir /wheels . \
 && python -c "import glob, zipfile; w = glob.glob('/wheels/coordinator-*.whl')[0]; \
assert 'coordinator/translations/es/LC_MESSAGES/messages.mo' in zipfile.ZipFile(w).namelist(), 'no catalog'"

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    COORDINATOR_CONFIG=production \
    COORDINATOR_ROOT=/srv/coordinator \
    FLASK_APP=coordinator
COPY --from=build /wheels /tmp/wheels
RUN pip install --no-cache-dir /tmp/wheels/coordinator-*.whl && rm -rf /tmp/wheels \
 && useradd --system --uid 10001 --home-dir /srv/coordinator --no-create-home --shell /usr/sbin/nologin coordinator
WORKDIR /srv/coordinator
# Read-only for the user that runs the app; only instance/ (keys generated on a first run, when the
# environment gives none) and the audit checkpoint's folder are its to write.
COPY templates ./templates
COPY static ./static
COPY migrations ./migrations
COPY Procfile ./
RUN mkdir -p instance /var/log/coordinator && chown coordinator:coordinator instance /var/log/coordinator
USER coordinator
EXPOSE 8000
# The app by default; compose.yaml gives each worker its own command (and the app its health check).
CMD ["waitress-serve", "--host", "0.0.0.0", "--port", "8000", "--threads", "4", "--call", "coordinator:create_app"]
