"""The HTTPS path of the transport: the pinned connection verifies the receiver's certificate for the
URL's host (a local TLS receiver with a self-signed certificate trusted through WEBHOOKS_CA_FILE), and
an untrusted certificate is a failed attempt, never a delivery."""

from __future__ import annotations

import datetime
import http.server
import ipaddress
import ssl
import threading

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from webhooks import transport


def _certificate(tmp_path):
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return cert_file, key_file


@pytest.fixture
def tls_receiver(tmp_path):
    cert_file, key_file = _certificate(tmp_path)
    received = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            received.append((self.headers["Host"], self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"https://127.0.0.1:{server.server_address[1]}/tls", cert_file, received
    server.shutdown()
    server.server_close()


def test_https_delivery_verifies_the_certificate(settings, tls_receiver):
    url, cert_file, received = tls_receiver
    settings.WEBHOOKS_ALLOW_LOOPBACK = True
    settings.WEBHOOKS_CA_FILE = str(cert_file)
    response = transport.post(url, b'{"ok":true}', {"X-IJC-Event": "placement.made"}, timeout=3)
    assert response.status == 204
    assert received == [(url.removeprefix("https://").split("/")[0], b'{"ok":true}')]


def test_an_untrusted_certificate_is_a_failed_attempt(settings, tls_receiver):
    url, _cert_file, received = tls_receiver
    settings.WEBHOOKS_ALLOW_LOOPBACK = True
    settings.WEBHOOKS_CA_FILE = ""
    with pytest.raises(transport.DeliveryError, match="TLS failed") as caught:
        transport.post(url, b"{}", {}, timeout=3)
    assert caught.value.status is None
    assert received == []
