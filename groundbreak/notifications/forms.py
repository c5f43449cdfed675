from django import forms
from django.utils.translation import gettext_lazy as _

from groundbreak.notifications.models import Level, RobotChannel
from groundbreak.regions.models import Region


class RobotChannelForm(forms.ModelForm):
    levels = forms.MultipleChoiceField(
        label=_("levels"),
        choices=Level.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The levels it receives; none ticked: all."),
    )

    class Meta:
        model = RobotChannel
        fields = [
            "name",
            "kind",
            "webhook_url",
            "secret",
            "region",
            "department",
            "levels",
            "active",
        ]
        widgets = {"secret": forms.PasswordInput(render_value=True)}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.counties()
