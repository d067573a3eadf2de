"""Group forms: starting a group, joining under an alias, posting, reporting, moderating. The
actions do the checking; fields left optional here get the action's kind explanation."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from reconnect.groups.models import ALIAS_MAX_LENGTH, BODY_MAX_LENGTH, PeerGroup, ReportReason
from reconnect.journal.forms import RequestIdField, new_request_id
from reconnect.people.models import User


class GroupForm(forms.Form):
    name = forms.CharField(label="Name", max_length=80)
    purpose = forms.CharField(
        label="What the group is for",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Members read this before they join.",
    )
    rhythm = forms.CharField(
        label="Meeting rhythm (optional)",
        max_length=120,
        required=False,
        help_text='For example "Tuesdays, 7 to 8 pm: a facilitator is online".',
    )
    size_limit = forms.IntegerField(label="Most members", min_value=2, max_value=50, initial=12)
    listed = forms.BooleanField(
        label="Listed: the program's clients can see it and ask to join",
        required=False,
        initial=True,
    )
    facilitators = forms.ModelMultipleChoiceField(
        label="Facilitators",
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Peer recovery specialists and clinicians. A peer recovery specialist who "
        "starts a group facilitates it.",
    )

    def __init__(self, *args: Any, people: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["facilitators"]
        assert isinstance(field, forms.ModelMultipleChoiceField)  # noqa: S101 (declared above)
        field.queryset = people


class JoinForm(forms.Form):
    alias = forms.CharField(
        label="The name you'll use in this group",
        max_length=ALIAS_MAX_LENGTH,
        required=False,
        help_text="Not your real name: others in the group see only this name.",
    )
    use_anyway = forms.BooleanField(label="Use this name anyway", required=False)
    agreed = forms.BooleanField(
        label="I have read the group agreements and I agree to them", required=False
    )


class PostForm(forms.Form):
    body = forms.CharField(
        label="Write to the group",
        required=False,  # an empty post gets the action's kind explanation
        strip=False,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": BODY_MAX_LENGTH}),
        help_text="Text only. Members and facilitators read it under your group name.",
    )
    client_request_id = RequestIdField()
    language_checked = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, label: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("client_request_id", new_request_id())
        if label:
            self.fields["body"].label = label


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label="What worries you about this post?",
        choices=ReportReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Please choose what worries you about this post."},
    )
    note = forms.CharField(
        label="Anything the facilitator should know (optional)",
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ModerationForm(forms.Form):
    step = forms.CharField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label="Reason (written in the group's log)", max_length=300, required=False
    )


class GroupChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class InviteForm(forms.Form):
    group = GroupChoiceField(
        label="Group", queryset=PeerGroup.objects.none(), empty_label="Choose a group"
    )

    def __init__(self, *args: Any, groups: QuerySet[PeerGroup], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["group"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 (declared above)
        field.queryset = groups
