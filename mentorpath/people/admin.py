from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from mentorpath.people.models import (
    Department,
    Interest,
    JobChange,
    Language,
    Location,
    Person,
    PersonSkill,
    Skill,
    SkillCategory,
)
from mentorpath.people.services import ensure_no_reporting_cycle


class PersonSkillInline(admin.TabularInline):
    model = PersonSkill
    extra = 0
    autocomplete_fields = ["skill"]


class JobChangeInline(admin.TabularInline):
    model = JobChange
    extra = 0
    fk_name = "person"


class PersonAdminForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = "__all__"  # noqa: DJ007 -- the ModelAdmin decides which fields show

    def clean_manager(self) -> Person | None:
        manager = self.cleaned_data.get("manager")
        if self.instance.pk:
            try:
                ensure_no_reporting_cycle(person=self.instance, manager=manager)
            except ValidationError as error:
                raise ValidationError(error.message_dict["manager"]) from None
        return manager


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    form = PersonAdminForm
    list_display = ["full_name", "employee_id", "email", "department", "level", "location"]
    list_filter = ["department", "level", "location"]
    search_fields = ["first_name", "last_name", "email", "employee_id"]
    autocomplete_fields = ["manager", "user"]
    filter_horizontal = ["languages", "interests"]
    inlines = [PersonSkillInline, JobChangeInline]
    list_select_related = ["department", "location"]


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ["name", "category"]
    list_filter = ["category"]
    search_fields = ["name"]


@admin.register(JobChange)
class JobChangeAdmin(admin.ModelAdmin):
    list_display = ["person", "kind", "effective_date", "from_level", "to_level"]
    list_filter = ["kind"]
    search_fields = ["person__first_name", "person__last_name"]
    autocomplete_fields = ["person"]


for model in (Department, Location, Language, Interest, SkillCategory):
    admin.site.register(model, search_fields=["name"])


@admin.register(PersonSkill)
class PersonSkillAdmin(admin.ModelAdmin):
    list_display = ["person", "skill", "level", "can_teach", "wants_to_learn"]
    list_filter = ["level", "can_teach", "wants_to_learn"]
    search_fields = ["person__last_name", "skill__name"]
    autocomplete_fields = ["person", "skill"]
