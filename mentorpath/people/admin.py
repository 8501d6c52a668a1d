from django.contrib import admin

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


class PersonSkillInline(admin.TabularInline):
    model = PersonSkill
    extra = 0
    autocomplete_fields = ["skill"]


class JobChangeInline(admin.TabularInline):
    model = JobChange
    extra = 0
    fk_name = "person"


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
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


for model in (Department, Location, Language, Interest, SkillCategory, PersonSkill):
    admin.site.register(model, search_fields=[
        "name" if hasattr(model, "name") else "person__last_name"
    ])
