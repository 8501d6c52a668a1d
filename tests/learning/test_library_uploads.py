"""Uploaded resource files: allowed type, size within the limit, content that agrees with the
extension; every refusal names the file field and saves nothing."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from mentorpath.core.exceptions import ApplicationError
from mentorpath.learning import services
from mentorpath.learning.enums import MAX_UPLOAD_BYTES
from mentorpath.learning.models import Resource
from mentorpath.learning.uploads import check_upload

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def office(folder: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{folder}document.xml", "<doc/>")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("guide.pdf", PDF, "application/pdf"),
        (
            "plan.docx",
            office("word/"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "budget.xlsx",
            office("xl/"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        (
            "deck.PPTX",
            office("ppt/"),
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ),
        ("notes.txt", "Grüße — plain UTF-8 text\n".encode(), "text/plain"),
        ("readme.md", b"# Heading\n", "text/markdown"),
        ("chart.png", PNG, "image/png"),
        ("photo.jpg", JPG, "image/jpeg"),
    ],
)
def test_check_upload_accepts_each_allowed_type_with_its_content_type(name, content, content_type):
    checked = check_upload(upload(name, content, content_type="text/html"))

    assert (checked.content_type, checked.size) == (content_type, len(content))


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("setup.exe", b"MZ\x90\x00", "Files of this type cannot be uploaded."),
        ("page.html", b"<html></html>", "Files of this type cannot be uploaded."),
        ("photo.jpeg", JPG, "Files of this type cannot be uploaded."),
        ("noextension", PDF, "Files of this type cannot be uploaded."),
        ("empty.pdf", b"", "The file is empty."),
        ("fake.pdf", b"<html><script>alert(1)</script></html>", "not a PDF file"),
        ("fake.png", JPG, "not a PNG file"),
        ("fake.jpg", PNG, "not a JPG file"),
        ("fake.docx", PDF, "not a DOCX file"),
        ("wrong-office.docx", office("xl/"), "not a DOCX file"),
        ("zip.xlsx", b"PK\x03\x04broken", "not a XLSX file"),
        ("binary.txt", b"\xff\xfe\x00\x01", "not a plain TXT text file"),
        ("nul.md", b"# ok\x00", "not a plain MD text file"),
    ],
)
def test_check_upload_refuses_wrong_type_or_content_on_the_file_field(name, content, message):
    with pytest.raises(ApplicationError) as refused:
        check_upload(upload(name, content))

    assert list(refused.value.message_dict) == ["file"]
    assert message in refused.value.message_dict["file"][0]


def test_check_upload_refuses_a_file_over_the_limit():
    too_big = upload("big.pdf", PDF + b"0" * (MAX_UPLOAD_BYTES + 1 - len(PDF)))

    with pytest.raises(ApplicationError) as refused:
        check_upload(too_big)

    assert refused.value.message_dict == {"file": ["The file is 20.0 MB; the limit is 20 MB."]}


def test_check_upload_accepts_a_file_at_exactly_the_limit():
    at_limit = upload("big.pdf", PDF + b"0" * (MAX_UPLOAD_BYTES - len(PDF)))

    assert check_upload(at_limit).size == MAX_UPLOAD_BYTES


@pytest.mark.django_db
def test_resource_create_with_a_bad_file_saves_nothing(admin_user, media):
    with pytest.raises(ApplicationError) as refused:
        services.resource_create(
            by=admin_user, title="Fake", kind="template", file=upload("fake.pdf", b"MZ")
        )

    assert "file" in refused.value.message_dict
    assert Resource.objects.count() == 0
    assert [p for p in media.rglob("*") if p.is_file()] == []


@pytest.mark.django_db
def test_resource_create_stores_the_file_under_a_generated_name_with_type_and_size(admin_user):
    resource = services.resource_create(
        by=admin_user,
        title="One-on-one template",
        kind="template",
        file=upload("../../etc/My Template.docx", office("word/")),
    )

    resource.refresh_from_db()
    assert resource.file.name.startswith("resources/")
    assert resource.file.name.endswith(".docx")
    assert "Template" not in resource.file.name
    assert resource.content_type == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert resource.file_size == len(office("word/"))
