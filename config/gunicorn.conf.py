"""gunicorn settings for the production run (`reconnect serve` starts gunicorn with this file).

Read from the environment:
  RECONNECT_BIND           address to listen on (default 127.0.0.1:8000: only the local proxy)
  RECONNECT_WEB_WORKERS    worker processes (default 2 x CPU cores + 1, at most 9)
  RECONNECT_WEB_THREADS    threads per worker (default 4)
  FORWARDED_ALLOW_IPS      proxies whose X-Forwarded-* headers gunicorn trusts (default
                           127.0.0.1,::1, a proxy on this machine); keep it to the proxy's
                           addresses, in step with RECONNECT_TRUSTED_PROXIES for Django
"""

import multiprocessing
import os

from reconnect.core.accesslog import FORMAT

bind = os.environ.get("RECONNECT_BIND", "127.0.0.1:8000")
workers = int(
    os.environ.get("RECONNECT_WEB_WORKERS") or min(2 * multiprocessing.cpu_count() + 1, 9)
)
threads = int(os.environ.get("RECONNECT_WEB_THREADS") or 4)
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# Reconnect is served at the root: no header from a client, passed on by the proxy or not, sets
# the script name or path gunicorn hands to Django (its default trusts SCRIPT_NAME and PATH_INFO).
forwarder_headers = ""

# The longest request line gunicorn allows (8 KB, as a proxy's usual header buffers): a long query
# string then reaches the API, which answers it with 422 naming the field, not a bare HTML 414.
limit_request_line = 8190
# A request may take up to 30 s (a large export); a restart lets running requests finish.
timeout = 30
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then, so a slow leak never grows into an outage.
max_requests = 2000
max_requests_jitter = 200
# Heartbeat files in memory, so a busy or full disk never looks like a hung worker.
if os.path.isdir("/dev/shm"):  # noqa: S108
    worker_tmp_dir = "/dev/shm"  # noqa: S108

wsgi_app = "config.wsgi:application"
accesslog = "-"
errorlog = "-"
logger_class = "reconnect.core.accesslog.AccessLogger"
access_log_format = FORMAT  # path without query string; link tokens redacted
proc_name = "reconnect-web"
control_socket_disable = True  # `reconnect serve` supervises; no socket under $HOME to collide
