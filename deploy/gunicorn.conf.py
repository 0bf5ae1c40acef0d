"""Gunicorn's settings for the site, read by deploy/gunicorn.service, deploy/smoke and bench/run.

Threaded workers (``gthread``), two processes of four threads, with keep-alive (issue 17):

- Speed of the Django page cache: a stored page is answered in a few tens of microseconds
  (``site_kb.page_cache.CachedPagesApplication``), so the server's own cost per request is what
  remains. A sync worker closes the connection after each answer (it never keeps a connection
  alive) and serves one client at a time; a gthread worker keeps connections open and answers
  a connection's next request without a new TCP handshake: measured on this 2-CPU machine, a
  hello-world WSGI app gives 6,800 req/s with 2 sync workers and 10,400 with 2 gthread workers
  of 4 threads (wrk -t2 -c16). nginx (``keepalive 8`` in deploy/nginx/site_kb.conf's upstream)
  and Varnish keep their connections to gunicorn open and reuse them.
- Slow requests no longer block a worker: a search, the feedback page or a Word import
  (LibreOffice, up to LIBREOFFICE_TIMEOUT_SECONDS) holds one thread while the worker's other
  threads answer; the Python code of one worker still runs one thread at a time (the GIL), so two
  processes keep both CPUs busy and threads cover the waits on the database, Redis or mail.
- Memory: threads share their worker's Django and Wagtail (about 150 MB a worker, ``deploy/smoke``
  prints the figure), so 2 × 4 threads cost less than the 3 sync workers before (450 MB).
- Database connections: one per thread that queries, kept for DB_CONN_MAX_AGE seconds (60, the
  default: PostgreSQL starts a process for each new connection, a few ms a request), so at most workers × threads = 8 per app server; PostgreSQL's
  default max_connections (100) leaves room for the task worker, cron jobs and a second server.
- The timeout covers the slowest request the site serves on purpose (the Word import, 120 s). In a
  gthread worker it watches the worker's main loop, which keeps running while a thread is busy:
  a request stuck in a thread is stopped by its own limit (LibreOffice's, the database's), and a
  worker whose loop is stuck is killed and replaced.
"""

bind = "127.0.0.1:8000"  # nginx on the same machine proxies here (deploy/nginx/site_kb.conf)
workers = 2
worker_class = "gthread"
threads = 4
timeout = 180
graceful_timeout = 30  # a restart lets running requests finish this long
keepalive = 5  # seconds an idle kept-alive connection (nginx's, Varnish's) stays open
# Each worker listens on its own socket (SO_REUSEPORT) and the kernel spreads new connections over
# them. With one shared socket the worker that woke first accepted every connection opened at once:
# a kept-alive connection then stays with that worker, and one worker's GIL held all the Python
# work while the other CPU idled (bench/run: 16 wrk connections split 16/0 in 2 of 7 windows,
# 59–83 req/s against 118–183 for the feedback page, 40 % of the CPU idle; nginx's and Varnish's
# upstream connections are kept alive the same way). Linux drops connections still queued on a
# worker's socket when that worker exits (a reload, max_requests) unless
# `net.ipv4.tcp_migrate_req = 1` (docs/operations.md).
reuse_port = True
# A worker is replaced after this many requests, so no leak grows for weeks. With the page cache a
# worker answers thousands of requests a second: at 1,000 it restarted every few seconds under load
# (bench/run, issue 17), each restart a second of imports with its requests waiting; a million is
# a few minutes at the benchmark's rate and days of an ordinary office's traffic.
max_requests = 1_000_000
max_requests_jitter = 100_000  # ...not all at once
forwarded_allow_ips = "127.0.0.1"  # only nginx on this machine may say the request came over HTTPS
# No access line of gunicorn's own: nginx, in front of every install (deploy/nginx/site_kb.conf), logs
# every request with the reader's real address, where gunicorn's line would only say 127.0.0.1 (nginx
# or Varnish). The line cost about 30 µs of CPU a request (gunicorn's formatting and Python's logging,
# two getpid calls), some 10 % of a cached page's cost at thousands of requests a second (bench/run,
# issue 17). To log here too (gunicorn serving readers directly, or debugging):
# GUNICORN_CMD_ARGS="--access-logfile -" in the service's environment.
accesslog = None
errorlog = "-"
