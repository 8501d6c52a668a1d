from django.contrib import admin

from mentorpath.privacy.models import Erasure


@admin.register(Erasure)
class ErasureAdmin(admin.ModelAdmin):
    list_display = ["person", "erased_at", "erased_by"]
    readonly_fields = ["person", "erased_at", "erased_by"]
