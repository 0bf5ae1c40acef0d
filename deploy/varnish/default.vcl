vcl 4.1;

# Varnish in front of the app servers (issue 17, part 2): Debian 12's varnish 7.1 with
# varnish-modules (the xkey vmod). Install and tuning: docs/operations.md, "Varnish in front".
#
# What is cached: anonymous GET and HEAD answered by the app with Cache-Control "public"
# (public pages send "public, max-age=<browsers>, s-maxage=<proxies>"); Varnish keeps an object
# for s-maxage (else max-age). Everything else goes straight to the app: the admin, Django's admin,
# Wagtail's and the preview links' previews, POST and every other method, a logged-in user or a
# reader with a session (the session cookie), and any answer that is private, no-store, no-cache,
# sets a cookie or says nothing about caching.
#
# Invalidation: the app purges by tag. Each cached answer carries "xkey: <tags>" from the app
# (site_kb.cache_tags); "PURGE" with "xkey-purge: <tags>" drops every object carrying one of them
# (site_kb.frontend_cache.VarnishXkeyBackend); "PURGE <url>" drops one address (Wagtail's own
# page purge). Only from the app servers (acl purgers in backends.vcl).
#
# Grace: while an app server is healthy a stale object is served for at most 10 s while it is
# fetched again (so a purge is never hidden for long); when every app server is sick (the
# /healthz/live/ probe fails, or answers slower than the probe's timeout, too often: see
# backends.vcl) the last good copy of every page is served for up to 24 hours, and what has no
# copy (a pass: search, forms, the admin; a page never cached) still goes to the app servers,
# through "app_servers_unprobed": a server that is only slow answers it, one that is down refuses
# and the reader gets the Vietnamese notice, never a 503 from Varnish's guess alone.

import std;
import xkey;
import directors;
import cookie;

# The site's app servers, their liveness probe, the "app_servers" director and the
# "app_servers_unprobed" one (made in its vcl_init) and "acl purgers":
# deploy/varnish/backends.vcl is the example to copy to /etc/varnish/backends.vcl.
include "backends.vcl";

sub vcl_recv {
    set req.backend_hint = app_servers.backend();
    # This file's own request headers: whatever a reader or another proxy sends in them is dropped.
    unset req.http.X-Site-Kb-Csrf;
    unset req.http.X-Site-Kb-Pass;
    unset req.http.xkey-purged;

    if (req.method == "PURGE") {
        # Only an app server may purge, and only directly: a PURGE that came through another
        # proxy (nginx in front, with an X-Forwarded-For of its own) is a reader's.
        if (!client.ip ~ purgers || req.http.X-Forwarded-For ~ ",") {
            return (synth(403, "Forbidden"));
        }
        if (req.http.xkey-purge) {
            set req.http.xkey-purged = xkey.purge(req.http.xkey-purge);
            return (synth(200, "Purged"));
        }
        return (purge);
    }

    # A short grace while an app server answers, a long one when none does (see the top); then
    # what is fetched goes to the servers without their probe.
    if (std.healthy(req.backend_hint)) {
        set req.grace = 10s;
    } else {
        set req.grace = 24h;
        set req.backend_hint = app_servers_unprobed.backend();
    }

    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.http.Authorization) {
        return (pass);
    }

    unset req.http.xkey-purge;

    # The admin, Django's admin, previews of drafts (Wagtail's inside /admin/, the expiring links
    # under /xem-truoc/), the health probe and the document view (collection privacy decides)
    # are never looked up.
    if (req.url ~ "^/(admin|django-admin|xem-truoc|healthz|documents)(/|$)") {
        return (pass);
    }

    # The site speaks Vietnamese only (LANGUAGES): the browser's languages change nothing in a page,
    # and would otherwise split the cache by every Accept-Language string (Django's Vary).
    unset req.http.Accept-Language;

    # Tracking parameters make no difference to a page: dropped from the address (utm_*, Facebook,
    # Google, Microsoft and Zalo click ids), so every shared link of a notice is one object.
    if (req.url ~ "[?&](utm_[a-z]+|fbclid|gclid|gbraid|wbraid|dclid|msclkid|zarsrc|zalo_[a-z]+|_ga|mc_[a-z]+)=") {
        set req.url = regsuball(req.url, "(?<=[?&])(utm_[a-z]+|fbclid|gclid|gbraid|wbraid|dclid|msclkid|zarsrc|zalo_[a-z]+|_ga|mc_[a-z]+)=[^&]*(&|$)", "");
        set req.url = regsub(req.url, "[?&]+$", "");
    }

    if (req.http.Cookie) {
        cookie.parse(req.http.Cookie);
        # A session (a logged-in user, a reader's note after sending a question, a page's password)
        # or a message waiting to be shown: that reader's page is their own.
        if (cookie.isset("sessionid") || cookie.isset("messages")) {
            return (pass);
        }
        # The CSRF cookie is kept aside for the app (a form page must see it, or it would issue a
        # new token and break a form open in another tab) but is not part of what is looked up.
        # Every other cookie (analytics: _ga, _gid, _fbp, __utm*, …) is the browser's business.
        if (cookie.isset("csrftoken")) {
            set req.http.X-Site-Kb-Csrf = "csrftoken=" + cookie.get("csrftoken");
        }
        unset req.http.Cookie;
    }
    return (hash);
}

sub vcl_hash {
    hash_data(req.url);
    if (req.http.host) {
        hash_data(std.tolower(req.http.host));
    } else {
        hash_data(server.ip);
    }
    return (lookup);
}

sub vcl_pass {
    set req.http.X-Site-Kb-Pass = "1";
}

sub vcl_backend_fetch {
    if (bereq.http.X-Site-Kb-Csrf) {
        set bereq.http.Cookie = bereq.http.X-Site-Kb-Csrf;
        unset bereq.http.X-Site-Kb-Csrf;
    }
    unset bereq.http.X-Site-Kb-Pass;
}

sub vcl_backend_response {
    # A background refresh that failed keeps the stale copy instead of replacing it with an error.
    if (bereq.is_bgfetch && beresp.status >= 500) {
        return (abandon);
    }

    # Cached only when the app says so: "public" without private, no-store or no-cache, no cookie.
    if (!beresp.http.Cache-Control
        || beresp.http.Cache-Control !~ "(?i)(^|[ ,])public([ ,]|$)"
        || beresp.http.Cache-Control ~ "(?i)(private|no-store|no-cache)"
        || beresp.http.Set-Cookie
        || beresp.http.Vary == "*"
        || beresp.status >= 500) {
        # Not cached, and the next request for it goes straight to the app (for 2 minutes).
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        set beresp.grace = 0s;
        return (deliver);
    }

    # The app's answer to an anonymous reader is the same for every anonymous reader: Varnish
    # sends no cookie but the CSRF one, so "Vary: Cookie" (Django adds it whenever the session
    # was looked at) would only split the cache by that token.
    if (beresp.http.Vary) {
        if (beresp.http.Vary ~ "(?i)(^|,)\s*cookie\s*(,|$)") {
            set beresp.http.X-Site-Kb-Vary-Cookie = "1";
        }
        set beresp.http.Vary = regsuball(beresp.http.Vary, "(?i)(^|,)\s*cookie\s*(?=,|$)", "");
        set beresp.http.Vary = regsub(beresp.http.Vary, "^\s*,\s*", "");
        if (beresp.http.Vary == "") {
            unset beresp.http.Vary;
        }
    }
    # http and https answers differ (the redirect to https): one object each, under one address,
    # so that "PURGE <url>" drops both.
    if (beresp.http.Vary) {
        set beresp.http.Vary = beresp.http.Vary + ", X-Forwarded-Proto";
    } else {
        set beresp.http.Vary = "X-Forwarded-Proto";
    }

    # s-maxage is Varnish's by default (core rules: s-maxage, then max-age); kept for a day after
    # it expires, served from there only as the grace of vcl_recv allows.
    set beresp.grace = 24h;
    set beresp.keep = 0s;
    return (deliver);
}

sub vcl_backend_error {
    # A background refresh that could not reach an app server keeps the stale copy.
    if (bereq.is_bgfetch) {
        return (abandon);
    }
    # An app server that cannot be reached: a plain Vietnamese page, never Varnish's "Guru
    # meditation" (a stale copy, when there is one, was served before this is reached).
    set beresp.ttl = 0s;
    set beresp.grace = 0s;
    set beresp.http.Content-Type = "text/html; charset=utf-8";
    set beresp.http.Retry-After = "30";
    synthetic({"<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Trang tạm thời không truy cập được</title></head><body><h1>Trang tạm thời không truy cập được</h1><p>Máy chủ đang bận hoặc đang bảo trì. Xin vui lòng thử lại sau ít phút.</p></body></html>"});
    return (deliver);
}

sub vcl_deliver {
    # The tags are for this proxy alone.
    unset resp.http.xkey;
    if (req.http.X-Site-Kb-Pass) {
        set resp.http.X-Cache = "PASS";
    } elsif (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    # Readers' browsers need not know how Varnish keyed its objects, but a browser's own cache
    # must still tell a logged-in user's page from the anonymous one (the app's "Vary: Cookie").
    if (resp.http.Vary) {
        set resp.http.Vary = regsub(resp.http.Vary, "(^|,\s*)X-Forwarded-Proto$", "");
        if (resp.http.Vary == "") {
            unset resp.http.Vary;
        }
    }
    if (resp.http.X-Site-Kb-Vary-Cookie) {
        unset resp.http.X-Site-Kb-Vary-Cookie;
        if (resp.http.Vary) {
            set resp.http.Vary = resp.http.Vary + ", Cookie";
        } else {
            set resp.http.Vary = "Cookie";
        }
    }
    unset resp.http.Via;
    unset resp.http.X-Varnish;
}

sub vcl_synth {
    if (req.method == "PURGE") {
        set resp.http.Content-Type = "text/plain; charset=utf-8";
        if (req.http.xkey-purged) {
            set resp.http.xkey-purged = req.http.xkey-purged;
            set resp.body = "purged " + req.http.xkey-purged + {"
"};
        } else {
            set resp.body = resp.reason + {"
"};
        }
        return (deliver);
    }
}
