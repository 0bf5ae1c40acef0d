"""Gunicorn's settings for the site, read by deploy/gunicorn.service and by deploy/smoke.

Two CPUs: three synchronous workers keep both busy while one waits on the database or the mail
server, and fit in memory beside PostgreSQL (each worker holds Django and Wagtail, about 150 MB;
`deploy/smoke` prints the figure it measures). The timeout covers the slowest request the site
serves on purpose: a Word import whose LibreOffice conversion may take LIBREOFFICE_TIMEOUT_SECONDS
(120 s) before it is stopped; anything slower is a stuck worker, killed and replaced.
"""

bind = "127.0.0.1:8000"  # nginx on the same machine proxies here (deploy/nginx/site_kb.conf)
workers = 3
worker_class = "sync"
timeout = 180
graceful_timeout = 30  # a restart lets running requests finish this long
keepalive = 5  # nginx keeps its upstream connections open this long
# A worker is replaced after this many requests, so no leak grows for weeks. With the page cache a
# worker answers hundreds of requests a second: at 1,000 it restarted every few seconds under load
# (bench/run, issue 17), each restart a second of imports with its requests waiting.
max_requests = 50_000
max_requests_jitter = 5_000  # ...not all at once
forwarded_allow_ips = "127.0.0.1"  # only nginx on this machine may say the request came over HTTPS
accesslog = "-"  # to the journal (journalctl -u gunicorn)
errorlog = "-"
