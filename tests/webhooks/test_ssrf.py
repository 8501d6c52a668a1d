"""Webhooks go to public internet addresses only: endpoints on private, loopback, link-local,
multicast, reserved or unspecified addresses are refused when saved and again at every
attempt, after resolving the name, and the request goes to the address that was checked."""

import datetime
import ipaddress
import socket
import ssl
from datetime import timedelta

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.urls import reverse

from mentorpath.core import events
from mentorpath.core.exceptions import ApplicationError
from mentorpath.webhooks import services
from mentorpath.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from tests.webhooks.conftest import serve

pytestmark = pytest.mark.django_db

PUBLIC_ONLY = "webhooks are sent only to public internet addresses."


@pytest.fixture
def private_refused(settings):
    settings.WEBHOOK_ALLOW_PRIVATE_NETWORKS = False


def loopback_name() -> str:
    """This machine's name when /etc/hosts points it at a loopback address (as in containers)."""
    name = socket.gethostname()
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(name, 443)}
    except OSError:
        pytest.skip(f"{name} does not resolve")
    if not addresses or not all(ipaddress.ip_address(a).is_loopback for a in addresses):
        pytest.skip(f"{name} does not resolve to loopback addresses only")
    return name


def create(url, events_=("goal.completed",)):
    return services.endpoint_create(data={"url": url, "events": list(events_)})


def test_the_setting_is_off_by_default():
    from config import settings as project_settings

    assert project_settings.WEBHOOK_ALLOW_PRIVATE_NETWORKS is False


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("https://169.254.169.254/latest/meta-data/", "169.254.169.254 is a link-local address"),
        ("https://10.0.0.1/", "10.0.0.1 is a private network address"),
        ("https://192.168.1.20:8443/hook", "192.168.1.20 is a private network address"),
        ("https://[::1]/", "::1 is a loopback address"),
        ("https://127.0.0.1/", "127.0.0.1 is a loopback address"),
        ("http://127.0.0.1:8000/", "127.0.0.1 is a loopback address"),
        ("https://localhost/", "localhost is a loopback address"),
        ("https://api.localhost/", "api.localhost is a loopback address"),
        ("https://0.0.0.0/", "0.0.0.0 is an unspecified address"),
        ("https://224.0.0.1/", "224.0.0.1 is a multicast address"),
        ("https://[fe80::1]/", "fe80::1 is a link-local address"),
        ("https://[fd00::1]/", "fd00::1 is a private network address"),
        ("https://[::ffff:127.0.0.1]/", "::ffff:127.0.0.1 is a loopback address"),
        ("https://100.64.0.1/", "100.64.0.1 is a non-public address"),
    ],
)
def test_private_addresses_are_refused_when_saved(private_refused, url, message):
    with pytest.raises(ApplicationError) as refused:
        create(url)
    assert refused.value.message_dict == {"url": [f"{message}; {PUBLIC_ONLY}"]}
    assert WebhookEndpoint.objects.count() == 0


def test_a_name_resolving_to_a_loopback_address_is_refused_when_saved(private_refused):
    name = loopback_name()
    with pytest.raises(ApplicationError) as refused:
        create(f"https://{name}/hook")
    assert refused.value.message_dict == {
        "url": [f"{name} resolves to 127.0.0.1, a loopback address; {PUBLIC_ONLY}"]
    }


def test_public_addresses_and_names_not_resolving_yet_are_accepted(private_refused):
    endpoint, _ = create("https://93.184.215.14/hook")
    assert endpoint.url == "https://93.184.215.14/hook"
    later, _ = create("https://hooks.mentorpath-tests.invalid/hook")
    assert later.pk


def test_editing_to_a_private_address_is_refused(private_refused):
    endpoint, _ = create("https://93.184.215.14/hook")
    with pytest.raises(ApplicationError) as refused:
        services.endpoint_update(
            endpoint=endpoint, data={"url": "https://10.1.2.3/", "events": ["goal.completed"]}
        )
    assert refused.value.message_dict == {
        "url": [f"10.1.2.3 is a private network address; {PUBLIC_ONLY}"]
    }
    endpoint.refresh_from_db()
    assert endpoint.url == "https://93.184.215.14/hook"


def test_the_form_shows_the_refusal_next_to_the_url(private_refused, admin_user, client_for):
    response = client_for(admin_user).post(
        reverse("webhooks:list"),
        {"url": "https://169.254.169.254/", "events": ["goal.completed"], "is_active": "on"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "url": [f"169.254.169.254 is a link-local address; {PUBLIC_ONLY}"]
    }
    assert WebhookEndpoint.objects.count() == 0


def test_private_addresses_are_accepted_when_the_setting_allows_them():
    endpoint, _ = create("https://10.0.0.1/")
    assert endpoint.url == "https://10.0.0.1/"


def endpoint_on(url):
    """An endpoint saved before its URL was checked (or whose name was re-pointed since)."""
    endpoint, secret = create("https://93.184.215.14/hook")
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(url=url)
    return secret


def fire(capture):
    with capture(execute=True):
        events.publish("goal.completed", {"goal_id": 1})


def test_a_delivery_to_an_address_refused_at_send_time_fails_at_once_unsent(
    settings, receiver, django_capture_on_commit_callbacks
):
    create(receiver.url)  # saved while private networks were allowed
    settings.WEBHOOK_ALLOW_PRIVATE_NETWORKS = False
    fire(django_capture_on_commit_callbacks)

    assert receiver.requests == []
    delivery = WebhookDelivery.objects.get()
    reason = f"Not sent: 127.0.0.1 is a loopback address; {PUBLIC_ONLY}"
    assert (delivery.status, delivery.attempts, delivery.last_error) == ("failed", 1, reason)
    assert delivery.next_attempt_at is None
    [attempt] = WebhookAttempt.objects.all()
    assert (attempt.number, attempt.response_code, attempt.error) == (1, None, reason)
    assert services.deliveries_send_due(now=delivery.last_attempt_at + timedelta(days=1)) == 0


def test_a_name_re_pointed_to_a_loopback_address_is_refused_at_send_time(
    settings, receiver, django_capture_on_commit_callbacks
):
    name = loopback_name()
    settings.WEBHOOK_ALLOW_PRIVATE_NETWORKS = False
    endpoint_on(receiver.url.replace("127.0.0.1", name))
    fire(django_capture_on_commit_callbacks)

    assert receiver.requests == []
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "failed"
    assert delivery.last_error == (
        f"Not sent: {name} resolves to 127.0.0.1, a loopback address; {PUBLIC_ONLY}"
    )


def test_the_request_goes_to_the_resolved_address_with_the_original_host_header(
    receiver, django_capture_on_commit_callbacks
):
    name = loopback_name()
    receiver.secret = endpoint_on(receiver.url.replace("127.0.0.1", name))
    fire(django_capture_on_commit_callbacks)

    [request] = receiver.requests
    port = receiver.url.split(":")[2].split("/")[0]
    assert request.headers["Host"] == f"{name}:{port}"
    assert request.path == "/hooks/mentorpath"
    assert receiver.verified(request)
    assert WebhookDelivery.objects.get().status == "succeeded"


# --- TLS to the vetted address, verified against the name ---------------------------------------


def _certificates(tmp_path, name):
    """A CA (written to ca.pem) and a server certificate for `name` signed by it."""
    now = datetime.datetime.now(datetime.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Mentorpath test CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    leaf = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    ca_file, cert_file, key_file = tmp_path / "ca.pem", tmp_path / "cert.pem", tmp_path / "key.pem"
    ca_file.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    cert_file.write_bytes(leaf.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return ca_file, cert_file, key_file


@pytest.fixture
def tls_receiver(tmp_path, monkeypatch):
    """An https receiver on 127.0.0.1 whose certificate names `localhost` (trusted through
    REQUESTS_CA_BUNDLE), recording the SNI names clients ask for. Call with the name the
    certificate is for."""
    stops = []

    def start(certified_name="localhost"):
        ca_file, cert_file, key_file = _certificates(tmp_path, certified_name)
        monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(ca_file))
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(cert_file, key_file)
        server_names: list[str | None] = []
        context.sni_callback = lambda sock, name, ctx: server_names.append(name)
        state, stop = serve(context, host="localhost")
        stops.append(stop)
        return state, server_names

    yield start
    for stop in stops:
        stop()


def test_tls_is_verified_against_the_name_while_connecting_to_the_address(
    tls_receiver, django_capture_on_commit_callbacks
):
    receiver, server_names = tls_receiver("localhost")
    _, receiver.secret = create(receiver.url)
    fire(django_capture_on_commit_callbacks)

    [request] = receiver.requests
    assert receiver.verified(request)
    assert request.headers["Host"].startswith("localhost:")
    assert "localhost" in server_names
    assert WebhookDelivery.objects.get().status == "succeeded"


def test_a_certificate_for_another_name_is_refused(
    tls_receiver, django_capture_on_commit_callbacks
):
    receiver, _ = tls_receiver("other.example")
    create(receiver.url)
    fire(django_capture_on_commit_callbacks)

    assert receiver.requests == []
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "pending"
    assert delivery.last_error.startswith("SSLError: ")
    assert "localhost" in delivery.last_error
