"""gunicorn's configuration for bin/serve (values checked by dongtam/production.py first).

ADDRESS          where to listen, host:port (default 0.0.0.0:8000)
WEB_CONCURRENCY  worker processes (default 2 × cores + 1)
FORWARDED_ALLOW_IPS  read by gunicorn itself: addresses of the TLS proxy allowed to set
                 X-Forwarded-* headers (default 127.0.0.1,::1: a proxy on the same machine)
"""

import multiprocessing
import os

wsgi_app = "dongtam.wsgi:application"
bind = [os.environ.get("ADDRESS") or "0.0.0.0:8000"]
workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count() * 2 + 1)
# Browser-side validation of a large roster workbook runs inside the request (README, "Known
# limits"): allow it a minute before the worker is recycled.
timeout = 120
graceful_timeout = 30
# Recycle workers now and then: rendering forms batches with WeasyPrint keeps memory.
max_requests = 1000
max_requests_jitter = 100
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
proc_name = "dongtam"
