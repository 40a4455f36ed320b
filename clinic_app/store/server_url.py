"""The connection rule for a PostgreSQL store: verified TLS to any host but this computer.

`server_url` reads a `postgresql://` address (from `--db` or CLINIC_APP_DB_URL) the way
libpq does and returns the SQLAlchemy URL (`postgresql+psycopg://`) to open it with.
A Unix socket or a loopback address (localhost, 127.0.0.0/8, ::1) may connect as it
likes; any other host needs `sslmode=verify-full` (TLS with the server's certificate
and name checked, against `sslrootcert` when given), else it is refused before anything
is sent. The sslmode is always written into the URL, so PGSSLMODE cannot weaken it.

Messages name the host, never the address itself: it may hold a password.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from sqlalchemy.engine import URL

from clinic_app.errors import ValidationError
from clinic_app.i18n import _

DB_URL_ENV = "CLINIC_APP_DB_URL"
DRIVER = "postgresql+psycopg"
SCHEMES = ("postgresql", "postgres", DRIVER)
VERIFIED = "verify-full"
SSL_MODES = ("disable", "allow", "prefer", "require", "verify-ca", VERIFIED)
LOCAL_DEFAULT_SSLMODE = "prefer"  # libpq's own default, pinned against PGSSLMODE
# libpq reads these when the address does not say; they decide where it connects.
_ENV_FOR = {"host": "PGHOST", "hostaddr": "PGHOSTADDR", "service": "PGSERVICE"}


@dataclass(frozen=True)
class _Address:
    user: str | None
    password: str | None
    hosts: list[str]  # as written; "" for libpq's default (a local socket)
    ports: list[str]
    database: str
    params: dict[str, str]


def chosen_address(db_option: str | None, environ: Mapping[str, str] | None = None
                   ) -> str | None:
    """The server address the user chose: `--db`, else CLINIC_APP_DB_URL, else None
    (the embedded file store)."""
    env = os.environ if environ is None else environ
    return db_option or env.get(DB_URL_ENV) or None


def server_url(address: str, environ: Mapping[str, str] | None = None) -> URL:
    """The SQLAlchemy URL for `address`, or ValidationError if the address is malformed or
    would connect to another computer without verified TLS."""
    env = os.environ if environ is None else environ
    parsed = _parse(address)
    params = dict(parsed.params)
    service = params.get("service") or env.get(_ENV_FOR["service"])
    if service:  # a service file could name any host: it cannot be checked here
        raise ValidationError(_(
            "A connection service ({service}) cannot be checked for a safe connection: "
            "put the host in the database address instead.").format(service=service))
    sslmode = _sslmode(params)
    remote = _remote_hosts(parsed, params, env)
    if remote:
        if sslmode is None:
            raise ValidationError(_(
                "Refused to connect to {host} without verified TLS: add sslmode=verify-full "
                "to the database address (and sslrootcert=FILE, the certificate of the "
                "server's certificate authority).").format(host=remote[0]))
        if sslmode != VERIFIED:
            raise ValidationError(_(
                "Refused to connect to {host}: sslmode={mode} does not check the server's "
                "certificate and name; use sslmode=verify-full.").format(
                    host=remote[0], mode=sslmode))
        rootcert = params.get("sslrootcert")
        if rootcert and rootcert != "system" and not Path(rootcert).expanduser().is_file():
            raise ValidationError(_(
                "The certificate authority file {path} does not exist.").format(path=rootcert))
    params["sslmode"] = sslmode or (VERIFIED if remote else LOCAL_DEFAULT_SSLMODE)
    query: dict[str, str] = {}
    if any(parsed.hosts):
        query["host"] = ",".join(parsed.hosts)
    if any(parsed.ports):
        query["port"] = ",".join(parsed.ports)
    query.update(params)
    return URL.create(DRIVER, username=parsed.user, password=parsed.password,
                      database=parsed.database, query=query)


def is_local_host(host: str) -> bool:
    """A Unix socket folder (or Linux abstract socket), localhost or a loopback address."""
    if not host or host.startswith(("/", "@")):
        return True
    name = host.strip("[]").lower().rstrip(".")
    if name == "localhost":
        return True
    try:
        ip = ipaddress.ip_address(name.split("%")[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_loopback


def _remote_hosts(parsed: _Address, params: dict[str, str], env: Mapping[str, str]
                  ) -> list[str]:
    """Every host or host address this connection could reach that is not this computer.
    Hosts and host addresses not in the address come from PGHOST/PGHOSTADDR, as in libpq."""
    hosts = list(parsed.hosts)
    if not any(hosts):
        hosts = env.get(_ENV_FOR["host"], "").split(",")
    hostaddr = params.get("hostaddr") or env.get(_ENV_FOR["hostaddr"], "")
    candidates = hosts + [a for a in hostaddr.split(",") if a]
    return [h for h in (c.strip() for c in candidates) if not is_local_host(h)]


def _sslmode(params: dict[str, str]) -> str | None:
    if params.pop("ssl", "").lower() == "true":  # libpq reads JDBC's ssl=true as require
        params.setdefault("sslmode", "require")
    mode = params.pop("sslmode", None)
    if mode is not None and mode not in SSL_MODES:
        raise ValidationError(_("The database address has an unknown sslmode: {mode}.").format(
            mode=mode))
    return mode


def _parse(address: str) -> _Address:
    """Split a libpq connection URI: postgresql://[user[:password]@][host][:port][,...]
    [/dbname][?param=value&...], percent-encoding decoded in every part."""
    scheme, sep, _rest = address.partition("://")
    if not sep or scheme.lower() not in SCHEMES:
        raise ValidationError(_("The database address must start with postgresql://."))
    try:
        parts = urlsplit("postgresql://" + _rest)
    except ValueError:  # e.g. an unclosed [IPv6 bracket
        raise ValidationError(_("The database address cannot be read.")) from None
    userinfo, at, hostspec = parts.netloc.rpartition("@")
    user = password = None
    if at:
        name, colon, secret = userinfo.partition(":")
        user = unquote(name) or None
        password = unquote(secret) if colon else None
    hosts: list[str] = []
    ports: list[str] = []
    for spec in hostspec.split(",") if hostspec else []:
        host, port = _host_and_port(spec)
        hosts.append(host)
        ports.append(port)
    params = _query(parts.query)
    # As in libpq, host and port parameters override what stands before the path.
    if "host" in params:
        hosts = params.pop("host").split(",")
    if "port" in params:
        ports = params.pop("port").split(",")
    if not all(p.isdigit() and 0 < int(p) < 65536 for p in ports if p):
        raise ValidationError(_("The database address has an invalid port number."))
    database = unquote(parts.path.lstrip("/")) or params.pop("dbname", "")
    if not database:
        raise ValidationError(_(
            "The database address must name a database: postgresql://HOST/DATABASE."))
    return _Address(user, password, hosts, ports, database, params)


def _host_and_port(spec: str) -> tuple[str, str]:
    if spec.startswith("["):  # [IPv6]:port
        host, _bracket, rest = spec[1:].partition("]")
        return unquote(host), rest.removeprefix(":")
    host, _colon, port = spec.partition(":")
    return unquote(host), port


def _query(query: str) -> dict[str, str]:
    """Connection parameters; `+` stays a plus sign (libpq does not read it as a space)."""
    params: dict[str, str] = {}
    for item in query.split("&") if query else []:
        key, _eq, value = item.partition("=")
        if key:
            params[unquote(key)] = unquote(value)
    return params
