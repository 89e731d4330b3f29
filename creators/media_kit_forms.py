"""The media kit's own content: photo, bio, links, language, and how prices are shown."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import urlsplit

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from creators import photos
from creators.models import MediaKit
from estimator.deliverables import ITEM_KEYS
from estimator.fields import AmountField
from estimator.price_list import LABELS

MAX_LINKS = 5
MAX_OWN_PRICE = Decimal("1000000")


def own_price_field(key: str) -> str:
    return f"own_price_{key}"


class KitForm(forms.ModelForm):
    photo = forms.FileField(
        label=gettext_lazy("Photo"),
        required=False,
        help_text=gettext_lazy("JPEG, PNG or WebP, up to 8 MB; resized, its metadata removed."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    remove_photo = forms.BooleanField(label=gettext_lazy("Remove the photo"), required=False)

    class Meta:
        model = MediaKit
        fields = ["language", "bio", "languages", "links", "price_display"]
        widgets = {
            "bio": forms.Textarea(attrs={"rows": 3, "maxlength": 400}),
            "links": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The on/off buttons post the whole page; a missing choice keeps the stored one.
        for name in ("language", "price_display"):
            self.fields[name].required = False
        own = self.instance.own_prices or {}
        for key in ITEM_KEYS:
            # Read as creators write amounts ("300,50", "1 200", "1,2K"), like every amount.
            self.fields[own_price_field(key)] = AmountField(
                label=LABELS[key],
                max_value=MAX_OWN_PRICE,
                initial=Decimal(own[key]) if key in own else None,
                help_text=gettext_lazy("Empty: the suggested price."),
            )

    @property
    def own_price_fields(self) -> list[forms.BoundField]:
        return [self[own_price_field(key)] for key in ITEM_KEYS]

    @property
    def content_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("photo", "remove_photo", *self.Meta.fields)]

    def clean_language(self) -> str:
        return self.cleaned_data.get("language") or self.instance.language

    def clean_price_display(self) -> str:
        return self.cleaned_data.get("price_display") or self.instance.price_display

    def clean_links(self) -> str:
        lines = [line.strip() for line in self.cleaned_data["links"].splitlines() if line.strip()]
        if len(lines) > MAX_LINKS:
            raise forms.ValidationError(_("At most %(count)s links.") % {"count": MAX_LINKS})
        for line in lines:
            parts = urlsplit(line)
            if parts.scheme != "https" or not parts.hostname or len(line) > 200:
                raise forms.ValidationError(
                    _("“%(link)s” is not an https:// link.") % {"link": line[:60]}
                )
        return "\n".join(lines)

    def clean_photo(self) -> photos.Photo | None:
        upload = self.cleaned_data.get("photo")
        if not upload:
            return None
        if upload.size > photos.MAX_PHOTO_BYTES:
            self._too_large(upload.size)  # refused before it is read into memory
        return photos.process(upload.read())

    @staticmethod
    def _too_large(size: int):
        raise forms.ValidationError(
            _("This photo is %(size)s MB: the limit is %(limit)s MB.")
            % {"size": f"{size / photos.MB:.0f}", "limit": photos.MAX_PHOTO_BYTES // photos.MB}
        )

    def save(self, commit: bool = True) -> MediaKit:
        kit = super().save(commit=False)
        kit.own_prices = {
            key: str(self.cleaned_data[own_price_field(key)])
            for key in ITEM_KEYS
            if self.cleaned_data.get(own_price_field(key)) is not None
        }
        if commit:
            kit.save()
        return kit
