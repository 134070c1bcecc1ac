"""Fetch one URL for ingest, safely: http(s) only, no private, loopback or link-local
addresses unless allowed (checked for every redirect too), capped in size and time.

The address check happens where the connection is made: the connection resolves the host,
checks every address and connects to the checked address itself, so a DNS answer that
changes between a check and the connect (DNS rebinding) cannot lead it elsewhere.
Environment proxies are not used (the address checked would be the proxy's)."""

from __future__ import annotations

import functools
import http.client
import ipaddress
import socket
import ssl
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from http.client import HTTPMessage
from typing import IO, Any
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


def _addresses(url: str, host: str, port: int) -> list[tuple[Any, ...]]:
    try:
        return socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as exc:
        detail = f"cannot resolve: {exc}"
        raise FetchError(errors.E066.format(url=url, detail=detail), status=400) from exc


def _refuse_private(host: str, infos: list[tuple[Any, ...]]) -> None:
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        if not address.is_global or address.is_multicast:
            raise FetchError(errors.E065.format(host=host, address=address), status=400)


def check_url(url: str, *, allow_private: bool) -> None:
    """Refuse non-http(s) URLs and hosts that resolve to a non-public address."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise FetchError(errors.E064.format(url=url), status=400)
    if not allow_private:
        _refuse_private(parts.hostname, _addresses(url, parts.hostname, parts.port or 80))


def _connect(host: str, port: int, timeout: float | None, *, allow_private: bool) -> socket.socket:
    """Resolve ``host`` once, check every address, connect to a checked one."""
    infos = _addresses(f"{host}:{port}", host, port)
    if not allow_private:
        _refuse_private(host, infos)
    last: OSError | None = None
    for family, kind, proto, _, address in infos:
        sock = socket.socket(family, kind, proto)
        try:
            if timeout is not None:
                sock.settimeout(timeout)
            sock.connect(address)
        except OSError as exc:
            sock.close()
            last = exc
            continue
        return sock
    raise last or OSError(f"cannot connect to {host}:{port}")


class _PinnedHTTP(http.client.HTTPConnection):
    def __init__(self, *args: Any, allow_private: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.allow_private = allow_private

    def connect(self) -> None:
        self.sock = _connect(self.host, self.port, self.timeout, allow_private=self.allow_private)


class _PinnedHTTPS(http.client.HTTPSConnection):
    def __init__(
        self, *args: Any, allow_private: bool, context: ssl.SSLContext, **kwargs: Any
    ) -> None:
        super().__init__(*args, context=context, **kwargs)
        self.allow_private = allow_private
        self.pinned_context = context

    def connect(self) -> None:
        sock = _connect(self.host, self.port, self.timeout, allow_private=self.allow_private)
        self.sock = self.pinned_context.wrap_socket(sock, server_hostname=self.host)


class _PinnedHTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, allow_private: bool) -> None:
        super().__init__()
        self.allow_private = allow_private

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(functools.partial(_PinnedHTTP, allow_private=self.allow_private), req)


class _PinnedHTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, allow_private: bool) -> None:
        super().__init__()
        self.allow_private = allow_private
        self.context = ssl.create_default_context()

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        connection = functools.partial(
            _PinnedHTTPS, allow_private=self.allow_private, context=self.context
        )
        return self.do_open(connection, req)


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
    opener = urllib.request.build_opener(
        urllib.request.ProxyHandler({}),
        _PinnedHTTPHandler(options.allow_private),
        _PinnedHTTPSHandler(options.allow_private),
        _CheckedRedirects(options.allow_private),
    )
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
