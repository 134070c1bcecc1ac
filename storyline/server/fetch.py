"""Fetch one URL for ingest, safely: http(s) only, no private, loopback or link-local
addresses unless allowed (checked for every redirect too), capped in size and time."""

from __future__ import annotations

import ipaddress
import socket
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from http.client import HTTPMessage
from typing import IO
from urllib.parse import urlsplit

from .. import errors


class FetchError(errors.StorylineError):
    """The URL was refused or could not be fetched (HTTP 400 or 502)."""

    def __init__(self, message: str, *, status: int) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True, slots=True)
class FetchOptions:
    allow_private: bool = False
    max_bytes: int = 5_000_000
    timeout: float = 10.0


def check_url(url: str, *, allow_private: bool) -> None:
    """Refuse non-http(s) URLs and hosts that resolve to a non-public address."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise FetchError(errors.E064.format(url=url), status=400)
    if allow_private:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 80, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as exc:
        detail = f"cannot resolve: {exc}"
        raise FetchError(errors.E066.format(url=url, detail=detail), status=400) from exc
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        if not address.is_global or address.is_multicast:
            raise FetchError(errors.E065.format(host=parts.hostname, address=address), status=400)


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    def __init__(self, allow_private: bool) -> None:
        self.allow_private = allow_private

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: HTTPMessage,
        newurl: str,
    ) -> urllib.request.Request | None:
        check_url(newurl, allow_private=self.allow_private)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch(url: str, *, options: FetchOptions) -> tuple[bytes, str]:
    """The body (at most ``max_bytes``) and content type of ``url``."""
    check_url(url, allow_private=options.allow_private)
    opener = urllib.request.build_opener(_CheckedRedirects(options.allow_private))
    request = urllib.request.Request(url, headers={"User-Agent": "storyline"})
    try:
        deadline = time.monotonic() + options.timeout
        with opener.open(request, timeout=options.timeout) as response:
            kind = response.headers.get_content_type()
            body = b""
            while len(body) <= options.max_bytes:
                if time.monotonic() > deadline:
                    raise FetchError(
                        errors.E066.format(url=url, detail=f"took over {options.timeout:g} s"),
                        status=504,
                    )
                chunk = response.read(65536)
                if not chunk:
                    break
                body += chunk
    except FetchError:
        raise
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise FetchError(errors.E066.format(url=url, detail=exc), status=502) from exc
    if len(body) > options.max_bytes:
        raise FetchError(
            errors.E066.format(url=url, detail=f"larger than {options.max_bytes:,} bytes"),
            status=413,
        )
    return body, kind
