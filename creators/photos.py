"""The media kit's photo: checked as an image, resized, re-encoded without metadata.

Limits: the file's size before anything is decoded, then the pixel count read from the header
before any pixel is decompressed (a "decompression bomb" is a small file that claims a huge
image). Only JPEG, PNG and WebP are accepted. The result is always a JPEG of at most
``MAX_SIDE`` pixels a side, written by Pillow from the pixels only: EXIF (GPS included), XMP,
ICC and comments are left behind.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MB = 1024 * 1024
MAX_PHOTO_BYTES = 8 * MB
MAX_PIXELS = 25_000_000  # 5 000 × 5 000: more than any phone photo
MAX_SIDE = 640
FORMATS = {"JPEG", "PNG", "WEBP"}
CONTENT_TYPE = "image/jpeg"


@dataclass(frozen=True)
class Photo:
    data: bytes
    content_type: str
    width: int
    height: int
    digest: str


def _refuse(message: str) -> ValidationError:
    return ValidationError(message, code="invalid_photo")


def process(data: bytes) -> Photo:
    """The photo to store, or ValidationError with a message for the form."""
    if len(data) > MAX_PHOTO_BYTES:
        raise _refuse(
            _("This photo is %(size)s MB: the limit is %(limit)s MB.")
            % {"size": f"{len(data) / MB:.0f}", "limit": MAX_PHOTO_BYTES // MB}
        )
    try:
        with warnings.catch_warnings():
            # Pillow warns, then raises, past its own limit: ours is lower and checked first.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                if probe.format not in FORMATS:
                    raise _refuse(_("Send a JPEG, PNG or WebP photo."))
                width, height = probe.size
                if width * height > MAX_PIXELS:
                    raise _refuse(
                        _(
                            "This image is %(width)s × %(height)s pixels: the limit is %(limit)s "
                            "million pixels."
                        )
                        % {"width": width, "height": height, "limit": MAX_PIXELS // 1_000_000}
                    )
                probe.verify()  # checks the file's structure without decoding the pixels
            with Image.open(io.BytesIO(data)) as image:
                image = ImageOps.exif_transpose(image)  # keep the orientation, drop the tag
                image.thumbnail((MAX_SIDE, MAX_SIDE))
                if image.mode not in {"RGB", "L"}:
                    background = Image.new("RGB", image.size, "white")
                    rgba = image.convert("RGBA")
                    background.paste(rgba, mask=rgba.getchannel("A"))
                    image = background
                output = io.BytesIO()
                image.convert("RGB").save(output, "JPEG", quality=85, optimize=True)
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _refuse(
            _("This image has too many pixels: the limit is %(limit)s million pixels.")
            % {"limit": MAX_PIXELS // 1_000_000}
        ) from None
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        EOFError,
    ):
        raise _refuse(
            _("This file is not a readable image: send a JPEG, PNG or WebP photo.")
        ) from None
    encoded = output.getvalue()
    with Image.open(io.BytesIO(encoded)) as result:
        size = result.size
    return Photo(encoded, CONTENT_TYPE, size[0], size[1], hashlib.sha256(encoded).hexdigest()[:32])
