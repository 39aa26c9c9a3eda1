"""The admin's agent form: tools as checkboxes, the prompt in a large textarea."""

from __future__ import annotations

from django import forms

from agents.models import Agent
from agents.tools.registry import tool_choices


class AgentAdminForm(forms.ModelForm):
    tools = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=(
            "The tools this agent may call. A name that is no longer registered is "
            "listed as such: the agent ignores it until a tool of that name exists."
        ),
    )

    class Meta:
        model = Agent
        fields = [
            "label",
            "description",
            "system_prompt",
            "model",
            "temperature",
            "tools",
            "is_active",
            "position",
        ]
        widgets = {
            "system_prompt": forms.Textarea(
                attrs={"rows": 30, "cols": 110, "style": "font-family: monospace; width: 100%"}
            ),
            "description": forms.Textarea(attrs={"rows": 3, "cols": 110}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = list(tool_choices())
        known = {name for name, _ in choices}
        # Names stored before a tool was renamed or removed stay visible and
        # checked, so saving the form never drops them silently.
        stored = self.instance.tools if isinstance(self.instance.tools, list) else []
        choices += [
            (name, f"not registered: {name}")
            for name in stored
            if isinstance(name, str) and name not in known
        ]
        self.fields["tools"].choices = choices

    def clean_tools(self) -> list[str]:
        return list(self.cleaned_data["tools"])

    def clean_temperature(self) -> float:
        temperature = self.cleaned_data["temperature"]
        if not 0 <= temperature <= 2:
            raise forms.ValidationError("Between 0 and 2 (the OpenAI API's range).")
        return temperature
