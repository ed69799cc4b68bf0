"""The Open311 client over TLS and through proxies: ``case_api.ca_bundle``, the standard proxy
variables, and which TLS failures are configuration problems.
"""

# ruff: noqa: F811 - fixtures imported from canned_server are used as arguments
from __future__ import annotations

import ipaddress
import socket
import ssl
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import requests
from canned_server import (  # noqa: F401 - pytest fixtures are imported by name
    TEXT,
    CannedServer,
    Reply,
    _no_proxies,
    case,
    make_client,
    server,
    start_server,
)

from sync.case_api import (
    Accepted,
    Misconfigured,
    Transient,
)

# ---------------------------------------------------------------------------------------------
# TLS and proxies


@pytest.fixture(scope="module")
def tls_files(tmp_path_factory) -> tuple[Path, ssl.SSLContext]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.now(UTC)
    builder = x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
    builder = builder.serial_number(x509.random_serial_number()).not_valid_before(now - timedelta(days=1))
    builder = builder.not_valid_after(now + timedelta(days=1))
    builder = builder.add_extension(
        x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False
    )
    builder = builder.add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
    cert = builder.add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False).sign(
        key, hashes.SHA256()
    )
    folder = tmp_path_factory.mktemp("tls")
    (folder / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (folder / "key.pem").write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(folder / "cert.pem", folder / "key.pem")
    return folder / "cert.pem", context


@pytest.fixture
def tls_server(start_server, tls_files) -> CannedServer:
    return start_server(tls_files[1])


def test_ca_bundle_is_used_to_verify_the_server(tls_server, tls_files, make_client, monkeypatch, tmp_path) -> None:
    bundle = tls_files[0]
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(tmp_path / "elsewhere.pem"))  # must not override ca_bundle
    tls_server.script(Reply(201, '[{"service_request_id": "S1"}]'))
    assert make_client(tls_server.url, ca_bundle=bundle).submit(case()) == Accepted(remote_id="S1")
    wrong_environment = make_client(tls_server.url).submit(case())
    assert isinstance(wrong_environment, Misconfigured) and "REQUESTS_CA_BUNDLE" in wrong_environment.reason
    monkeypatch.delenv("REQUESTS_CA_BUNDLE")
    untrusted = make_client(tls_server.url).submit(case())
    assert isinstance(untrusted, Misconfigured) and "case_api.ca_bundle" in untrusted.reason
    missing = make_client(tls_server.url, ca_bundle=tmp_path / "missing.pem").submit(case())
    assert isinstance(missing, Misconfigured) and "ca_bundle" in missing.reason
    assert len(tls_server.received) == 1


def test_tls_failures_that_are_not_about_certificates_are_transient(server, make_client) -> None:
    outcome = make_client(server.origin.replace("http://", "https://")).submit(case())  # a server without TLS
    assert outcome == Transient("the secure connection to the case API failed")


@pytest.fixture
def proxy(start_server) -> CannedServer:
    return start_server()


def test_http_proxy_and_no_proxy_from_the_environment_are_honoured(server, proxy, make_client, monkeypatch) -> None:
    proxy.script(Reply(201, '[{"service_request_id": "via-proxy"}]'))
    server.script(Reply(201, '[{"service_request_id": "direct"}]'))
    client = make_client(server.url)
    monkeypatch.setenv("HTTP_PROXY", proxy.origin)
    assert requests.utils.get_environ_proxies(client.requests_url) == {"http": proxy.origin}
    assert client.submit(case()) == Accepted(remote_id="via-proxy")
    assert proxy.received[0].path == client.requests_url  # a proxy is sent the absolute URL
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    assert requests.utils.get_environ_proxies(client.requests_url) == {}
    assert client.submit(case()) == Accepted(remote_id="direct")
    assert len(proxy.received) == len(server.received) == 1


def test_https_proxy_is_honoured_and_a_failing_proxy_is_transient(
    tls_server, tls_files, proxy, make_client, monkeypatch
) -> None:
    proxy.script(Reply(403, "proxy says no", TEXT))
    tls_server.script(Reply(201, '[{"service_request_id": "S2"}]'))
    client = make_client(tls_server.url, ca_bundle=tls_files[0])
    monkeypatch.setenv("HTTPS_PROXY", proxy.origin)
    outcome = client.submit(case())
    assert isinstance(outcome, Transient) and "proxy" in outcome.reason
    assert (proxy.received[0].method, proxy.received[0].path) == ("CONNECT", tls_server.origin.removeprefix("https://"))
    monkeypatch.setenv("NO_PROXY", "localhost,127.0.0.1")
    assert client.submit(case()) == Accepted(remote_id="S2")
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        monkeypatch.setenv("HTTPS_PROXY", f"http://127.0.0.1:{closed.getsockname()[1]}")
    monkeypatch.delenv("NO_PROXY")
    outcome = client.submit(case())
    assert isinstance(outcome, Transient) and "proxy" in outcome.reason
