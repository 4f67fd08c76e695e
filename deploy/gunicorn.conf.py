"""gunicorn for Driehoek: `gunicorn -c deploy/gunicorn.conf.py driehoek.wsgi:application`.

Sync workers with a few threads each: the views are short database reads and writes
(tens of milliseconds), so threads cover the time spent waiting on PostgreSQL without an
async stack. Every number can be set from the environment (systemd's EnvironmentFile).
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# (2 × cores) + 1 is gunicorn's rule of thumb for sync workers.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = "gthread"
# A request that takes longer than this is a bug (the PDF export is the slowest page).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak never grows into an outage.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
# Load the application before forking: workers share its memory, and a broken
# configuration stops the start instead of crash-looping each worker.
preload_app = True
# Behind the reverse proxy on the same machine: trust its X-Forwarded-* headers.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
# No access log: Driehoek writes one JSON line per request itself, with the route
# template instead of the path (no ids in the logs); errors go to stderr (the journal).
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "warning")
proc_name = "driehoek"
