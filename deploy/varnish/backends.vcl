# The site's own part of the Varnish configuration (issue 17): copy to /etc/varnish/backends.vcl
# and name the real app servers. default.vcl includes it and uses what it defines:
#   - one backend per app server (gunicorn, deploy/gunicorn.service), with the liveness probe;
#   - the "app_servers" director that shares readers among the healthy ones;
#   - the same servers again without a probe, in "app_servers_unprobed": used only when every
#     server is sick, for what Varnish cannot answer from its cache;
#   - "acl purgers": the addresses the app servers send PURGE from (and nothing else).
# docs/operations.md ("Varnish in front") says how to check it: varnishd -C -f /etc/varnish/default.vcl.

# An app server is healthy while it answers /healthz/live/ (site_kb.health.LivenessProbeMiddleware:
# answered before any other code runs, no query) within 2 s for 3 of the last 10 probes, one every
# 2 s. A burst that keeps every worker busy on slow requests (searches, the feedback form) for up to
# 14 s does not make it sick; a dead or stuck server is out of rotation after 8 failed probes, about
# 16 s. The load balancer's /healthz/ (database, cache, storage, migrations) is not Varnish's
# question: docs/operations.md, "Health check".
# The Host must be one of ALLOWED_HOSTS.
probe site_kb_live {
    .request =
        "GET /healthz/live/ HTTP/1.1"
        "Host: pgd.example.edu.vn"
        "User-Agent: varnish-probe"
        "Connection: close";
    .interval = 2s;
    .timeout = 2s;
    .window = 10;
    .threshold = 3;
    .initial = 3;
}

backend app1 {
    .host = "10.0.0.11";
    .port = "8000";
    .probe = site_kb_live;
    .connect_timeout = 2s;
    # gunicorn's timeout (180 s, deploy/gunicorn.conf.py) ends a stuck request first.
    .first_byte_timeout = 190s;
    .between_bytes_timeout = 60s;
}

backend app2 {
    .host = "10.0.0.12";
    .port = "8000";
    .probe = site_kb_live;
    .connect_timeout = 2s;
    .first_byte_timeout = 190s;
    .between_bytes_timeout = 60s;
}

# The same app servers without a probe: when the probe holds every one of them sick, default.vcl
# sends what it cannot answer from its cache (a search, a form, the admin, a page never cached)
# here anyway. A server that is only busy answers it late rather than Varnish answering 503 at
# once; one that is really down refuses the connection and the reader gets the Vietnamese notice.
backend app1_unprobed {
    .host = "10.0.0.11";
    .port = "8000";
    .connect_timeout = 2s;
    .first_byte_timeout = 190s;
    .between_bytes_timeout = 60s;
}

backend app2_unprobed {
    .host = "10.0.0.12";
    .port = "8000";
    .connect_timeout = 2s;
    .first_byte_timeout = 190s;
    .between_bytes_timeout = 60s;
}

sub vcl_init {
    new app_servers = directors.round_robin();
    app_servers.add_backend(app1);
    app_servers.add_backend(app2);
    new app_servers_unprobed = directors.round_robin();
    app_servers_unprobed.add_backend(app1_unprobed);
    app_servers_unprobed.add_backend(app2_unprobed);
}

# The app servers' own addresses, from which they send PURGE (FRONTEND_CACHE_PURGE_URL).
acl purgers {
    "localhost";
    "10.0.0.11";
    "10.0.0.12";
}
