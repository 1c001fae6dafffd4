"""One rule for every cookie the web app sets: HttpOnly, SameSite=Lax, path /, Secure as the
`secure_cookies` setting says (sign-in's cookies and the language cookie alike)."""

from __future__ import annotations

import ipaddress

from fastapi import Request, Response

from cica.core.deps import get_context


def is_loopback(request: Request) -> bool:
    server = request.scope.get("server")
    host = server[0] if server else request.url.hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def secure_cookies(request: Request) -> bool:
    """`secure_cookies`: true, false, or auto: Secure unless the server listens on loopback, and
    also there when the request came over HTTPS (a proxy in front of a loopback server)."""
    setting = get_context(request).settings.secure_cookies.strip().lower()
    if setting in ("true", "1", "yes"):
        return True
    if setting in ("false", "0", "no"):
        return False
    return request.url.scheme == "https" or not is_loopback(request)


def set_cookie(request: Request, response: Response, name: str, value: str, max_age: int | None) -> None:
    response.set_cookie(
        name, value, max_age=max_age, httponly=True, samesite="lax", secure=secure_cookies(request), path="/"
    )


def clear_cookie(request: Request, response: Response, name: str) -> None:
    response.delete_cookie(name, httponly=True, samesite="lax", secure=secure_cookies(request), path="/")
