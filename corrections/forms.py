from urllib.parse import urlsplit

from django import forms

from .models import PAGE_MAX_LENGTH, SOURCE_MAX_LENGTH, WHAT_IS_WRONG_MAX_LENGTH


def page_on_this_site(value):
    """`value` if it is an address on this site ("/providers/kss-crc/?round=2019-20"), else "".

    Only a path (with its query) is kept: a full address or one of another site is nothing a reader of
    this site was reading, and a link back to it would lead off the site.
    """
    value = (value or "").strip()
    if not value.startswith("/") or value.startswith("//") or "\\" in value or len(value) > PAGE_MAX_LENGTH:
        return ""
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or any(ord(character) < 32 for character in value):
        return ""
    return value


class MistakeReportForm(forms.Form):
    page = forms.CharField(required=False, widget=forms.HiddenInput, max_length=PAGE_MAX_LENGTH)
    what_is_wrong = forms.CharField(
        label="What is wrong",
        max_length=WHAT_IS_WRONG_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": "Say what is wrong: the value, and what it should be if you know.",
            "max_length": f"Say what is wrong in {WHAT_IS_WRONG_MAX_LENGTH:,} characters or fewer.",
        },
    )
    source = forms.CharField(
        label="Where the right value is stated (optional)",
        required=False,
        max_length=SOURCE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="A report, press release or page address, and the passage if you can.",
        error_messages={"max_length": f"Keep the source to {SOURCE_MAX_LENGTH:,} characters or fewer."},
    )
    reply_email = forms.EmailField(
        label="Email address for a reply (optional)",
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        help_text="Only the editors see it, and only to answer you. Leave it blank for no reply.",
        error_messages={"invalid": "Enter an email address like name@example.org, or leave it blank."},
    )
    # Left empty by people; filled by form-filling robots, whose posts are then dropped unseen.
    website = forms.CharField(
        required=False,
        label="Leave this empty",
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def clean_page(self):
        return page_on_this_site(self.cleaned_data.get("page"))

    def clean_what_is_wrong(self):
        return self.cleaned_data["what_is_wrong"].strip()

    def clean_source(self):
        return self.cleaned_data["source"].strip()

    @property
    def from_robot(self):
        return bool(self.cleaned_data.get("website", "").strip())
