from django.contrib import admin

from mentorpath.programs.models import ApplicationQuestion, Enrollment, Program, ProgramObjective


class ObjectiveInline(admin.TabularInline):
    model = ProgramObjective
    extra = 0


class QuestionInline(admin.TabularInline):
    model = ApplicationQuestion
    extra = 0


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["name", "program_type", "status", "start_date", "end_date"]
    list_filter = ["program_type", "status", "visibility"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["eligible_departments", "eligible_locations", "managers"]
    inlines = [ObjectiveInline, QuestionInline]


@admin.register(Enrollment)
class EnrollmentAdmin(admin.ModelAdmin):
    list_display = ["person", "program", "role", "status", "capacity", "created_at"]
    list_filter = ["role", "status", "program"]
    search_fields = ["person__first_name", "person__last_name", "person__email"]
    autocomplete_fields = ["person"]
    list_select_related = ["person", "program"]


admin.site.register(ProgramObjective)
admin.site.register(ApplicationQuestion)
