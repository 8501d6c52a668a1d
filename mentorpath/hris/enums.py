from django.db import models


class JobStatus(models.TextChoices):
    UPLOADED = "uploaded", "Waiting for a column mapping"
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    CHECKED = "checked", "Checked: ready to apply"
    DONE = "done", "Imported"
    FAILED = "failed", "Refused: nothing was imported"


class PersonField(models.TextChoices):
    """What a column of the file can be mapped to."""

    IGNORE = "ignore", "— ignore this column —"
    EMPLOYEE_ID = "employee_id", "Employee id (required)"
    FIRST_NAME = "first_name", "First name"
    LAST_NAME = "last_name", "Last name"
    EMAIL = "email", "Email"
    TITLE = "title", "Job title"
    DEPARTMENT = "department", "Department (by name)"
    LOCATION = "location", "Location (by name)"
    LEVEL = "level", "Level (1–12)"
    MANAGER_EMPLOYEE_ID = "manager_employee_id", "Manager's employee id"
    HIRE_DATE = "hire_date", "Hire date"
    TERMINATION_DATE = "termination_date", "Termination date"
    TIME_ZONE = "time_zone", "Time zone"
    GENDER = "gender", "Gender"
    EFFECTIVE_DATE = "effective_date", "Effective date of a job change"


#: Header names (lower case, letters and digits only) each field is guessed from.
SYNONYMS: dict[str, tuple[str, ...]] = {
    PersonField.EMPLOYEE_ID: (
        "employeeid",
        "empid",
        "empno",
        "employeeno",
        "employeenumber",
        "employeenr",
        "workerid",
        "staffid",
        "staffno",
        "personid",
        "personnelnumber",
        "id",
        "employee",
        "eeid",
    ),
    PersonField.FIRST_NAME: ("firstname", "givenname", "forename", "first", "prenom", "vorname"),
    PersonField.LAST_NAME: ("lastname", "surname", "familyname", "last", "nom", "nachname"),
    PersonField.EMAIL: ("email", "emailaddress", "workemail", "businessemail", "mail", "email1"),
    PersonField.TITLE: ("title", "jobtitle", "position", "positiontitle", "role", "jobname"),
    PersonField.DEPARTMENT: (
        "department",
        "dept",
        "departmentname",
        "team",
        "division",
        "orgunit",
        "businessunit",
    ),
    PersonField.LOCATION: ("location", "office", "site", "worklocation", "officelocation"),
    PersonField.LEVEL: ("level", "grade", "joblevel", "careerlevel", "band", "paygrade"),
    PersonField.MANAGER_EMPLOYEE_ID: (
        "managerid",
        "manageremployeeid",
        "manageremployeenumber",
        "managerempno",
        "managerempid",
        "manager",
        "supervisorid",
        "supervisor",
        "reportsto",
        "linemanagerid",
        "linemanager",
    ),
    PersonField.HIRE_DATE: (
        "hiredate",
        "startdate",
        "dateofhire",
        "joindate",
        "joiningdate",
        "datejoined",
        "hired",
        "originalhiredate",
        "employmentstartdate",
    ),
    PersonField.TERMINATION_DATE: (
        "terminationdate",
        "enddate",
        "leavingdate",
        "leavedate",
        "exitdate",
        "lastday",
        "termdate",
        "dateofleaving",
        "employmentenddate",
    ),
    PersonField.TIME_ZONE: ("timezone", "tz", "tzname"),
    PersonField.GENDER: ("gender", "sex"),
    PersonField.EFFECTIVE_DATE: ("effectivedate", "changedate", "asof", "asofdate", "effective"),
}
