from tests.factories import PersonFactory


def test_admin_person_form_refuses_reporting_cycle(client_for, admin_user):
    top = PersonFactory(first_name="Ada", last_name="Top")
    middle = PersonFactory(first_name="Bo", last_name="Middle", manager=top)
    client = client_for(admin_user)
    page = client.get(f"/admin/people/person/{top.pk}/change/")
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list)}
    data.update(
        {
            "manager": middle.pk,
            "department": top.department_id,
            "location": top.location_id,
            "skills-TOTAL_FORMS": 0,
            "skills-INITIAL_FORMS": 0,
            "job_changes-TOTAL_FORMS": 0,
            "job_changes-INITIAL_FORMS": 0,
        }
    )
    response = client.post(f"/admin/people/person/{top.pk}/change/", data)
    assert response.status_code == 200
    assert "Bo Middle reports to Ada Top" in response.content.decode()
    top.refresh_from_db()
    assert top.manager is None


def test_admin_index_refused_to_non_admins(client_for, manager_user):
    response = client_for(manager_user).get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
