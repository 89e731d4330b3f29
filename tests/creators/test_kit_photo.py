"""Acceptance 2: the kit's photo is checked, re-encoded without metadata, stored in the
database and served with caching headers; bombs, non-images and huge files are refused."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from creators.models import MediaKit, MediaKitPhoto
from tests.creators.factories import make_profile

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (1200, 900), (200, 80, 120))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[GPS_IFD] = {1: "N", 2: (48.0, 51.0, 24.0), 3: "E", 4: (2.0, 21.0, 3.0)}
    output = io.BytesIO()
    image.save(output, "JPEG", exif=exif)
    return output.getvalue()


def png_bomb(side: int = 8_000) -> bytes:
    """A real PNG of 8 000 × 8 000 black pixels: a few kilobytes that claim 64 million pixels
    (under Pillow's own limit, so ours is what refuses it)."""
    width = height = side
    row = b"\x00" + b"\x00" * (width // 8)  # filter byte + 1-bit pixels
    raw = zlib.compress(row * height, 9)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


def thirty_megabytes() -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (64, 64), "white").save(output, "JPEG")
    return output.getvalue() + b"\0" * (30 * 1024 * 1024)  # a valid JPEG, then padding


@pytest.fixture
def profile(client):
    profile = make_profile(handle="lea.beaute")
    MediaKit.objects.create(profile=profile, language="en")
    profile.enable_media_kit()
    profile.save()
    client.force_login(profile.owner)
    return profile


def send(client, profile, name: str, content: bytes):
    return client.post(
        f"/en/profiles/{profile.pk}/media-kit/",
        {"action": "save", "language": "en", "photo": SimpleUploadedFile(name, content)},
    )


def test_a_jpeg_with_gps_is_stored_without_it(client, profile):
    original = jpeg_with_gps()
    assert GPS_IFD in Image.open(io.BytesIO(original)).getexif()  # the test's own check

    response = send(client, profile, "me.jpg", original)
    assert response.status_code == 302

    stored = bytes(MediaKitPhoto.objects.get(profile=profile).data)
    image = Image.open(io.BytesIO(stored))
    assert image.format == "JPEG"
    assert not image.getexif()
    assert b"Exif" not in stored and b"PhoneMaker" not in stored
    assert max(image.size) == 640  # resized
    assert image.size == (640, 480)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bomb.png", png_bomb(), "8000 × 8000 pixels: the limit is 25 million pixels"),
        ("notes.jpg", b"Hello, I am a text file.\n" * 40, "not a readable image"),
        ("huge.jpg", thirty_megabytes(), "This photo is 30 MB: the limit is 8 MB."),
    ],
)
def test_bad_photos_are_refused_with_a_message_and_nothing_is_stored(
    client, profile, name, content, message
):
    response = send(client, profile, name, content)
    assert response.status_code == 200
    assert message in response.text
    assert response.context["kit_form"].errors["photo"]
    assert not MediaKitPhoto.objects.exists()


def test_the_bomb_is_a_real_bomb_refused_before_decoding():
    data = png_bomb()
    assert len(data) < 200_000
    with Image.open(io.BytesIO(data)) as image:
        assert image.size == (8_000, 8_000)


def test_the_photo_is_served_from_the_database_with_caching_headers(client, profile):
    send(client, profile, "me.jpg", jpeg_with_gps())
    photo = MediaKitPhoto.objects.get(profile=profile)
    client.logout()

    page = client.get(f"/kit/{profile.media_kit_token}/").text
    url = f"/en/kit/{profile.media_kit_token}/photo/{photo.digest}.jpg"
    assert f'src="{url}"' in page
    assert f'<meta property="og:image" content="http://testserver{url}">' in page

    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response.content == bytes(photo.data)
    assert "max-age=" in response["Cache-Control"]
    assert response["ETag"] == f'"{photo.digest}"'
    assert client.get(url, HTTP_IF_NONE_MATCH=f'"{photo.digest}"').status_code == 304


def test_the_photo_goes_with_the_link(client, profile):
    send(client, profile, "me.jpg", jpeg_with_gps())
    digest = MediaKitPhoto.objects.get(profile=profile).digest
    old_token = profile.media_kit_token
    profile.enable_media_kit()  # a new link
    profile.save()
    assert client.get(f"/kit/{old_token}/photo/{digest}.jpg").status_code == 404
    assert client.get(f"/kit/{profile.media_kit_token}/photo/{digest}.jpg").status_code == 200


def test_the_photo_can_be_removed(client, profile):
    send(client, profile, "me.jpg", jpeg_with_gps())
    client.post(
        f"/en/profiles/{profile.pk}/media-kit/",
        {"action": "save", "language": "en", "remove_photo": "on"},
    )
    assert not MediaKitPhoto.objects.exists()


def test_a_bomb_past_pillows_own_limit_is_refused_too():
    from django.core.exceptions import ValidationError

    from creators import photos

    data = png_bomb(10_000)  # 100 million pixels: Pillow warns, our check turns that into a no
    with pytest.raises(ValidationError, match="limit is 25 million pixels"):
        photos.process(data)
