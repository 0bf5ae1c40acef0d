"""The reader's IP address, as every per-address limit of the site must see it.

Behind the reverse proxy the operations guide prescribes, REMOTE_ADDR is the proxy for every
reader: a limit keyed on it would close a form for a whole province at once. The proxy puts
the address it saw at the right end of X-Forwarded-For; whatever stands to the left of that
came from the reader and may be forged. So X-Forwarded-For is believed only when REMOTE_ADDR
is one of ``settings.TRUSTED_PROXIES``, and then only its right-most address that is not
itself a trusted proxy: a reader's forged entries never choose whose bucket is counted.

Nothing else in the project reads REMOTE_ADDR or X-Forwarded-For: call ``client_ip``.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


@lru_cache(maxsize=8)
def _networks(entries):
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError as error:
            raise ImproperlyConfigured(
                f"TRUSTED_PROXIES: “{entry}” không phải địa chỉ IP hoặc dải CIDR hợp lệ."
            ) from error
    return tuple(networks)


def trusted_networks():
    """The proxies whose X-Forwarded-For is believed; ImproperlyConfigured for a malformed entry."""
    entries = getattr(settings, "TRUSTED_PROXIES", ())
    if isinstance(entries, str):
        entries = entries.split(",")
    return _networks(tuple(entry for entry in entries if entry.strip()))


def parse_ip(value):
    """``value`` as a canonical address string, or None when it is not an IP address.

    Accepts the forms proxies write: ``[2001:db8::1]``, ``[2001:db8::1]:443``, ``203.0.113.5:1234``;
    an IPv4-mapped IPv6 address is returned as the IPv4 address it carries.
    """
    text = (value or "").strip()
    if text.startswith("["):
        text = text[1:].split("]", 1)[0]
    elif text.count(":") == 1:
        text = text.split(":", 1)[0]  # IPv4 with a port
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if address.version == 6 and address.ipv4_mapped:
        address = address.ipv4_mapped
    return str(address)


def is_trusted(address, networks=None):
    ip = ipaddress.ip_address(address)
    return any(ip in network for network in (trusted_networks() if networks is None else networks))


def client_ip(request):
    """The reader's address: REMOTE_ADDR, or behind a trusted proxy the address that proxy saw.

    Walks X-Forwarded-For from the right, skipping trusted proxies; the first other address
    is the reader. An entry that is not an IP address stops the walk (the chain can no longer
    be trusted past it) and the last trusted hop is used. A peer without an address is a
    Unix socket, so a local process: with proxies declared, it is taken to be the proxy.
    "" when nothing names the reader.
    """
    networks = trusted_networks()
    remote = parse_ip(request.META.get("REMOTE_ADDR", ""))
    if remote is None and not networks:
        return ""
    if remote is not None and (not networks or not is_trusted(remote, networks)):
        return remote
    address = remote or ""
    for hop in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        hop_address = parse_ip(hop)
        if hop_address is None:
            break
        address = hop_address
        if not is_trusted(hop_address, networks):
            break
    return address
