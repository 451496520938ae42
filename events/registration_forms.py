"""Forms of registration: the event's own questions, and an organiser adding a person by e-mail address."""

from django import forms
from django.utils.translation import gettext_lazy as _

ANSWER_MAX_LENGTH = 1000


class RegistrationForm(forms.Form):
    """One text field per RegistrationQuestion of the event, required where the question is. A question's
    `display_label` (its translation, events.registrations.registration_questions) is shown when set; the
    answer is always stored under its own label."""

    def __init__(self, *args, questions=(), **kwargs) -> None:
        kwargs.setdefault("auto_id", "registration_%s")
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            self.fields[self.field_name(question)] = forms.CharField(
                label=getattr(question, "display_label", question.label),
                help_text=getattr(question, "display_help_text", question.help_text),
                required=question.required,
                max_length=ANSWER_MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    @staticmethod
    def field_name(question) -> str:
        return f"question_{question.pk}"

    def answers(self) -> list[dict]:
        """[{"question": label, "answer": text}] for the questions answered, in the event's order."""
        answers = []
        for question in self.questions:
            text = self.cleaned_data.get(self.field_name(question), "").strip()
            if text:
                answers.append({"question": question.label, "answer": text})
        return answers


class AddAttendeeForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address of the person's account"),
        help_text=_("The person must already have an account on this site."),
    )


class AttendedForm(forms.Form):
    attended = forms.TypedChoiceField(
        choices=[("yes", _("Attended")), ("no", _("Did not attend")), ("", _("Not recorded"))],
        coerce=lambda value: {"yes": True, "no": False}.get(value),
        empty_value=None,
        required=False,
    )
