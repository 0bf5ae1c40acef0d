# The site's own part of the Varnish configuration (issue 17): copy to /etc/varnish/backends.vcl
# and name the real app servers. default.vcl includes it and uses what it defines:
#   - one backend per app server (gunicorn, deploy/gunicorn.service), with the health probe;
#   - the "app_servers" director that shares readers among the healthy ones;
#   - "acl purgers": the addresses the app servers send PURGE from (and nothing else).
# docs/operations.md ("Varnish in front") says how to check it: varnishd -C -f /etc/varnish/default.vcl.

# An app server is healthy while /healthz/ (site_kb.health: database, cache, storage, migrations)
# answers 200 within 2 s for 3 of the last 5 probes, one every 5 s: a dead or stuck server is out of
# rotation after about 15 s, and when all are, Varnish serves the last good pages (24 h of grace).
# The Host must be one of ALLOWED_HOSTS.
probe site_kb_health {
    .request =
        "GET /healthz/ HTTP/1.1"
        "Host: pgd.example.edu.vn"
        "User-Agent: varnish-probe"
        "Connection: close";
    .interval = 5s;
    .timeout = 2s;
    .window = 5;
    .threshold = 3;
    .initial = 3;
}

backend app1 {
    .host = "10.0.0.11";
    .port = "8000";
    .probe = site_kb_health;
    .connect_timeout = 2s;
    # gunicorn's timeout (180 s, deploy/gunicorn.conf.py) ends a stuck request first.
    .first_byte_timeout = 190s;
    .between_bytes_timeout = 60s;
}

backend app2 {
    .host = "10.0.0.12";
    .port = "8000";
    .probe = site_kb_health;
    .connect_timeout = 2s;
    .first_byte_timeout = 190s;
    .between_bytes_timeout = 60s;
}

sub vcl_init {
    new app_servers = directors.round_robin();
    app_servers.add_backend(app1);
    app_servers.add_backend(app2);
}

# The app servers' own addresses, from which they send PURGE (FRONTEND_CACHE_PURGE_URL).
acl purgers {
    "localhost";
    "10.0.0.11";
    "10.0.0.12";
}
