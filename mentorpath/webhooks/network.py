"""Where webhooks may go: public internet addresses only (unless WEBHOOK_ALLOW_PRIVATE_NETWORKS),
so an endpoint cannot make the server request its own admin ports, the cloud metadata service
(169.254.169.254) or the office network and show the answer in the delivery log.

A host name is resolved once, every address it resolves to is checked, and the request is
then sent to one of those addresses (`PinnedAdapter`), not to the name: a DNS answer that
changes between the check and the connection (DNS rebinding) is never used."""

import ipaddress
import socket
from typing import Any

import requests
from requests.adapters import HTTPAdapter

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class UnsafeDestination(Exception):
    """The URL's host is, or resolves to, an address webhooks must not be sent to."""


def address_kind(address: IPAddress) -> str | None:
    """Why `address` is not a public internet address ("a loopback", …), or None if it is."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address_kind(address.ipv4_mapped)
    checks = (
        ("is_unspecified", "an unspecified"),
        ("is_loopback", "a loopback"),
        ("is_link_local", "a link-local"),
        ("is_multicast", "a multicast"),
        ("is_private", "a private network"),
        ("is_reserved", "a reserved"),
    )
    for attribute, kind in checks:
        if getattr(address, attribute):
            return kind
    return None if address.is_global else "a non-public"


def _refusal(host: str, address: IPAddress, kind: str) -> str:
    where = f"{host} is" if _literal(host) == address else f"{host} resolves to {address},"
    return f"{where} {kind} address; webhooks are sent only to public internet addresses."


def _literal(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def resolve(host: str, port: int) -> list[IPAddress]:
    """The addresses `host` resolves to, in the resolver's order (an IP address: itself).
    Raises OSError (socket.gaierror) when the name does not resolve."""
    literal = _literal(host)
    if literal is not None:
        return [literal]
    found: list[IPAddress] = []
    for *_, sockaddr in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM):
        address = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
        if address not in found:
            found.append(address)
    return found


def check_addresses(host: str, addresses: list[IPAddress]) -> None:
    """Raise UnsafeDestination if any address is not public: a name with one private address
    among public ones could be answered with it at the next lookup."""
    for address in addresses:
        kind = address_kind(address)
        if kind:
            raise UnsafeDestination(_refusal(host, address, kind))


def refusal_for_host(host: str, port: int) -> str | None:
    """Why an endpoint on `host` is refused when it is saved, or None. A name that does not
    resolve (yet) is accepted: it is checked again at every attempt."""
    name = host.lower().rstrip(".")
    if name == "localhost" or name.endswith(".localhost"):
        return f"{host} is a loopback address; webhooks are sent only to public internet addresses."
    try:
        check_addresses(host, resolve(host, port))
    except UnsafeDestination as refused:
        return str(refused)
    except (OSError, UnicodeError):
        return None
    return None


def ascii_host(host: str) -> str:
    """The host as sent in the Host header and TLS SNI (an internationalized name in IDNA)."""
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return host


class PinnedAdapter(HTTPAdapter):
    """Sends to the address in the request's URL but speaks TLS to `hostname`: the SNI and
    the certificate check use the name the endpoint was registered with."""

    def __init__(self, hostname: str) -> None:
        self.hostname = hostname
        super().__init__(max_retries=0)

    def build_connection_pool_key_attributes(
        self, request: requests.PreparedRequest, verify: Any, cert: Any = None
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        host_params, pool_kwargs = super().build_connection_pool_key_attributes(
            request, verify, cert
        )
        if host_params["scheme"] == "https" and _literal(self.hostname) is None:
            pool_kwargs["server_hostname"] = self.hostname
            pool_kwargs["assert_hostname"] = self.hostname
        return host_params, pool_kwargs


def pinned_session(hostname: str) -> requests.Session:
    session = requests.Session()
    adapter = PinnedAdapter(ascii_host(hostname))
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    return session


def netloc_for(address: IPAddress, port: int | None) -> str:
    host = f"[{address}]" if address.version == 6 else str(address)
    return f"{host}:{port}" if port else host


def netloc_for_host(host: str, port: int | None) -> str:
    """`host[:port]` as in a Host header (an IPv6 address in brackets)."""
    literal = _literal(host)
    return (
        netloc_for(literal, port) if literal is not None else (f"{host}:{port}" if port else host)
    )
