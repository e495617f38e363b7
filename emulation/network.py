"""The client's address, as far as this site can trust it."""

import ipaddress

from django.conf import settings


def client_ip_address(request) -> str | None:
    """The address the request came from: ``REMOTE_ADDR``, or behind trusted reverse proxies, the client's.

    With ``TRUSTED_PROXY_COUNT`` = N (> 0) the site runs behind N proxies of its own, each of which appends
    the address it received the request from to ``X-Forwarded-For``. The client is then the N-th address
    from the right: the rightmost one no proxy of ours is. Whatever stands to its left was sent by the
    client and proves nothing. With N = 0 (the default) the header is ignored, as anyone can send it.
    """
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies <= 0 or not forwarded:
        return remote
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    if not hops:
        return remote
    # Fewer hops than proxies: the request passed through fewer of them; the leftmost is the farthest seen.
    client = hops[max(len(hops) - proxies, 0)]
    try:
        return str(ipaddress.ip_address(client))
    except ValueError:
        return remote
