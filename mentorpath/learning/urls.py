from mentorpath.learning import urls_library, urls_personal

app_name = "learning"

urlpatterns = urls_library.urlpatterns + urls_personal.urlpatterns
