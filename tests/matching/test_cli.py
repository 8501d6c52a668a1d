"""mentorpath-match: CSV in, explained optimal matches out; bad cells named by row and column."""

import csv
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp

from mentorpath.matching.cli import OUTPUT_COLUMNS, main
from mentorpath.matching.csvio import read_participants
from mentorpath.matching.engine.run import certificate_violations, match_sides, price_scan
from mentorpath.matching.engine.solver import solve
from mentorpath.matching.engine.synthetic import synthetic_instance

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"

MENTOR_COLUMNS = [
    "id", "name", "level", "department", "manager_id", "time_zone", "languages", "skills",
    "interests", "goals", "style_structure", "capacity",
]  # fmt: skip
MENTEE_COLUMNS = [
    "id", "name", "level", "department", "manager_id", "time_zone", "languages", "skills",
    "interests", "goals", "style_structure", "choices", "blocked",
]  # fmt: skip


def mentor(id: str, name: str, **fields: object) -> dict[str, object]:
    row = {
        "id": id,
        "name": name,
        "level": 8,
        "department": "Sales",
        "time_zone": "Europe/Lisbon",
        "languages": "English",
        "capacity": 1,
    }
    return {**row, **fields}


def mentee(id: str, name: str, **fields: object) -> dict[str, object]:
    row = {
        "id": id,
        "name": name,
        "level": 4,
        "department": "Marketing",
        "time_zone": "Europe/Lisbon",
        "languages": "English",
    }
    return {**row, **fields}


def write_csv(path: Path, columns: list[str], rows: list[dict[str, object]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def read_out(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def files(tmp_path):
    """A small program: one obvious pair (Lucía wants Negotiation, Ana teaches it at 5),
    a mentor with room for two, a mentee who shares no language with anyone."""
    mentors = [
        mentor(
            "M1",
            "Ana Almeida",
            skills="Negotiation:5:t; Public speaking:4:t",
            interests="Cooking; Travel",
            goals="Sales director. I coach people on negotiation and presenting.",
            capacity=2,
        ),
        mentor(
            "M2",
            "Tomás Weber",
            level=9,
            department="Engineering",
            time_zone="America/New_York",
            skills="Python:5:t; Cloud architecture:5:t",
            goals="Principal engineer: cloud architecture and Python.",
            capacity=1,
        ),
    ]
    mentees = [
        mentee(
            "E1",
            "Lucía Fernández",
            skills="Negotiation:1:l; Public speaking:2:l",
            interests="Cooking",
            goals="Negotiate better and present with confidence.",
            choices="M1",
        ),
        mentee(
            "E2",
            "Ben Miller",
            department="Engineering",
            time_zone="America/Chicago",
            skills="Python:2:l; Cloud architecture:1:l",
            goals="Become a cloud architect.",
        ),
        mentee("E3", "Daniel Novak", languages="Japanese", skills="Python:1:l"),
        mentee("E4", "Chloé Dubois", skills="Public speaking:1:l", level=5),
    ]
    config = tmp_path / "weights.toml"
    config.write_text(
        "[weights]\nchoice = 2\n\n[rules]\nrequire_shared_language = true\nlevel_gap_min = 1\n",
        encoding="utf-8",
    )
    return {
        "mentors": write_csv(tmp_path / "mentors.csv", MENTOR_COLUMNS, mentors),
        "mentees": write_csv(tmp_path / "mentees.csv", MENTEE_COLUMNS, mentees),
        "config": config,
        "out": tmp_path / "matches.csv",
    }


def run(files: dict[str, Path], *extra: str) -> int:
    return main(
        [
            "--mentors", str(files["mentors"]),
            "--mentees", str(files["mentees"]),
            "--config", str(files["config"]),
            "--out", str(files["out"]),
            *extra,
        ]
    )  # fmt: skip


def test_writes_one_row_per_mentee_in_file_order_with_the_documented_columns(files, capsys):
    assert run(files) == 0

    with files["out"].open(encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    rows = read_out(files["out"])
    assert tuple(header) == OUTPUT_COLUMNS
    assert [r["mentee_id"] for r in rows] == ["E1", "E2", "E3", "E4"]
    assert [r["mentee_name"] for r in rows][:2] == ["Lucía Fernández", "Ben Miller"]
    out = capsys.readouterr().out
    assert "matched    3 (1 unmatched)" in out
    assert "optimal    yes" in out
    assert "total" in out


def test_the_obvious_pair_is_matched_and_explained(files):
    assert run(files) == 0

    lucia = read_out(files["out"])[0]
    assert (lucia["mentor_id"], lucia["mentor_name"]) == ("M1", "Ana Almeida")
    assert 0 < float(lucia["score"]) <= 1
    reasons = lucia["reasons"].split(" | ")
    assert len(reasons) == 3
    assert reasons[0].startswith(
        "Ana Almeida is level 5 in Negotiation and level 4 in Public speaking, which you want "
        "to learn ("
    )
    assert any("first choice" in r for r in reasons)
    ben = read_out(files["out"])[1]
    assert ben["mentor_id"] == "M2"
    assert "Python" in ben["reasons"] or "Cloud architecture" in ben["reasons"]


def test_an_unmatched_mentee_gets_the_reason(files):
    assert run(files) == 0

    daniel = read_out(files["out"])[2]
    assert daniel["mentor_id"] == daniel["mentor_name"] == daniel["score"] == ""
    assert daniel["reasons"] == (
        "No mentor with room who passes the constraints "
        "(of 2 mentors: 2 without a shared language)."
    )


def test_capacity_is_never_exceeded_and_the_rest_say_why(tmp_path):
    mentors = [mentor("M1", "Ana", skills="Negotiation:5:t", capacity=1)]
    mentees = [mentee(f"E{k}", f"Mentee {k}", skills="Negotiation:1:l") for k in range(5)]
    files = {
        "mentors": write_csv(tmp_path / "mentors.csv", MENTOR_COLUMNS, mentors),
        "mentees": write_csv(tmp_path / "mentees.csv", MENTEE_COLUMNS, mentees),
        "out": tmp_path / "out.csv",
    }
    code = main(
        ["--mentors", str(files["mentors"]), "--mentees", str(files["mentees"]),
         "--out", str(files["out"])]
    )  # fmt: skip

    assert code == 0
    rows = read_out(files["out"])
    assert sum(r["mentor_id"] == "M1" for r in rows) == 1
    assert {r["reasons"] for r in rows if not r["mentor_id"]} == {
        "The mentors who fit were all taken by other matches."
    }


def test_mentors_with_capacity_get_at_most_that_many_on_the_examples(tmp_path):
    out = tmp_path / "matches.csv"
    code = main(
        ["--mentors", str(EXAMPLES / "mentors.csv"), "--mentees", str(EXAMPLES / "mentees.csv"),
         "--config", str(EXAMPLES / "weights.toml"), "--out", str(out)]
    )  # fmt: skip

    assert code == 0
    with (EXAMPLES / "mentors.csv").open(encoding="utf-8") as handle:
        capacity = {r["id"]: int(r["capacity"]) for r in csv.DictReader(handle)}
    rows = read_out(out)
    assert len(rows) == 40
    load: dict[str, int] = {}
    for r in rows:
        if r["mentor_id"]:
            load[r["mentor_id"]] = load.get(r["mentor_id"], 0) + 1
            assert r["reasons"].count(" | ") == 2
        else:
            assert r["reasons"]
    assert all(load[m] <= capacity[m] for m in load)
    assert rows[0]["mentor_id"] == "M01"  # the example's obvious pair (README)


@pytest.mark.parametrize("objective", ["participation", "score", "fair"])
def test_every_objective_runs_on_the_examples(tmp_path, capsys, objective):
    out = tmp_path / "matches.csv"
    code = main(
        ["--mentors", str(EXAMPLES / "mentors.csv"), "--mentees", str(EXAMPLES / "mentees.csv"),
         "--config", str(EXAMPLES / "weights.toml"), "--out", str(out),
         "--objective", objective, "--explain", "2"]
    )  # fmt: skip

    assert code == 0
    printed = capsys.readouterr().out
    assert f"objective {objective}" in printed
    assert "Lucía Fernández (E01) → Ana Almeida (M01)" in printed
    assert len(read_out(out)) == 40


# ---- bad input: exit 2, a message naming file, row and column, and no output file


def edit_mentees(files, change):
    rows = read_out(files["mentees"])
    change(rows)
    columns = list(rows[0]) if rows else MENTEE_COLUMNS
    write_csv(files["mentees"], columns, rows)


BAD_MENTEES = {
    "missing column": (
        lambda rows: [r.pop("level") for r in rows],
        "mentees.csv row 1, column level: required column is missing",
    ),
    "bad number": (
        lambda rows: rows[2].update(level="abc"),
        "mentees.csv row 4, column level: 'abc' is not a whole number",
    ),
    "unknown time zone": (
        lambda rows: rows[1].update(time_zone="Mars/Olympus"),
        "mentees.csv row 3, column time_zone: 'Mars/Olympus' is not a known IANA time zone",
    ),
    "duplicate id": (
        lambda rows: rows[3].update(id="E1"),
        "mentees.csv row 5, column id: duplicate id 'E1' (also on row 2)",
    ),
    "unknown mentor in choices": (
        lambda rows: rows[0].update(choices="M1; M9"),
        "mentees.csv row 2, column choices: 'M9' is not an id in mentors.csv",
    ),
    "bad skill item": (
        lambda rows: rows[0].update(skills="Negotiation:high:l"),
        "mentees.csv row 2, column skills: 'Negotiation:high:l': the level 'high' is not a "
        "whole number 0–5",
    ),
    "style out of range": (
        lambda rows: rows[1].update(style_structure="7"),
        "mentees.csv row 3, column style_structure: '7' is out of range (allowed: 1–5)",
    ),
    "unknown blocked id": (
        lambda rows: rows[1].update(blocked="E2"),
        "mentees.csv row 3, column blocked: 'E2' is not an id in mentors.csv",
    ),
    "reporting-line cycle": (
        lambda rows: (rows[0].update(manager_id="E2"), rows[1].update(manager_id="E1")),
        "mentees.csv row 2, column manager_id: the reporting lines form a cycle (E1 → E2 → E1)",
    ),
}


@pytest.mark.parametrize("case", list(BAD_MENTEES))
def test_bad_mentee_cells_stop_with_exit_2_naming_row_and_column(files, capsys, case):
    change, message = BAD_MENTEES[case]
    edit_mentees(files, change)

    assert run(files) == 2

    err = capsys.readouterr().err
    assert f"error: {message}" in err
    assert not files["out"].exists()


def test_bad_mentor_cells_are_named_too(files, capsys):
    rows = read_out(files["mentors"])
    rows[1]["capacity"] = "-1"
    write_csv(files["mentors"], list(rows[0]), rows)

    assert run(files) == 2

    err = capsys.readouterr().err
    assert "mentors.csv row 3, column capacity: '-1' is out of range (allowed: 0 or more)" in err
    assert not files["out"].exists()


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("[weights]\nskils = 3\n", "weights.toml: [weights] skils: unknown criterion"),
        ("[weights]\nskills = 'lots'\n", "weights.toml: [weights] skills: 'lots' is not a number"),
        ("[rules]\nlevel_gap_min = 'two'\n", "[rules] level_gap_min: 'two' is not a whole number"),
        ("[rules]\ndepartment = 'other'\n", "[rules] department: 'other' is not one of same"),
        ("[rules]\nmin_score = 3\n", "[rules] min_score: 3 is not between 0 and 1"),
        ("[rules]\nlevel_gap_min = 5\nlevel_gap_max = 2\n", "must not exceed level_gap_max"),
        ("[weights\n", "weights.toml: not valid TOML"),
    ],
)
def test_bad_settings_stop_with_exit_2(files, capsys, toml, message):
    files["config"].write_text(toml, encoding="utf-8")

    assert run(files) == 2

    assert message in capsys.readouterr().err
    assert not files["out"].exists()


def test_a_failed_run_leaves_an_existing_output_untouched(files):
    files["out"].write_text("previous results\n", encoding="utf-8")
    edit_mentees(files, lambda rows: rows[0].update(level="x"))

    assert run(files) == 2

    assert files["out"].read_text(encoding="utf-8") == "previous results\n"


def test_the_output_may_not_overwrite_an_input(files, capsys):
    files["out"] = files["mentees"]

    assert run(files) == 2

    assert "is one of the input files" in capsys.readouterr().err


def test_unknown_columns_are_ignored_with_a_warning(files, capsys):
    rows = read_out(files["mentees"])
    for r in rows:
        r["languges"] = "Spanish"
    write_csv(files["mentees"], list(rows[0]), rows)

    assert run(files) == 0

    assert "ignoring unknown column 'languges'" in capsys.readouterr().err


def test_time_zones_resolve_to_the_offset_of_the_given_date(files):
    winter = read_participants(files["mentees"], files["mentors"], on=date(2025, 1, 15))
    summer = read_participants(files["mentees"], files["mentors"], on=date(2025, 7, 15))

    tomas = 1
    assert winter.mentors[tomas].utc_offset_minutes == -300
    assert summer.mentors[tomas].utc_offset_minutes == -240
    assert summer.mentors[tomas].time_zone == "America/New_York"


def test_ids_are_text_and_the_same_id_in_both_files_is_one_person(files):
    people = read_participants(files["mentees"], files["mentors"])

    assert people.mentee_keys == ["E1", "E2", "E3", "E4"]
    assert len({p.id for p in [*people.mentees, *people.mentors]}) == 6


# ---- the pipeline behind it


@pytest.fixture(scope="module")
def instance():
    return synthetic_instance(400, 80, seed=3)


@pytest.mark.parametrize("objective", ["participation", "score"])
@pytest.mark.parametrize("min_score", [None, 0.3])
@pytest.mark.parametrize("seed", [3, 4])
def test_candidates_with_certification_reach_the_dense_optimum(objective, min_score, seed):
    instance = synthetic_instance(400, 80, seed=seed)
    args = (instance.mentees, instance.mentors, None, instance.config)
    options = {"objective": objective, "min_score": min_score}

    dense = match_sides(*args, **options, method="dense")
    pruned = match_sides(*args, **options, method="candidates", k_mentee=1, q_mentor=1, workers=2)

    assert dense.optimal and pruned.optimal
    assert pruned.result.matched == dense.result.matched
    assert pruned.result.total_score == pytest.approx(dense.result.total_score, abs=1e-6)
    # top-1 alone was far from enough: the first (full) scan found pairs to add
    assert pruned.first_result.total_score < dense.result.total_score - 1
    assert pruned.scans[0]["kind"] == "full"
    assert pruned.scans[-1]["violating"] == 0
    # what the last (partial) scan certified holds over every pair
    final = price_scan(pruned.result, pruned.scorer, pruned.constraints)
    assert len(final.violating[0]) == 0


def test_partial_scans_cover_only_the_lines_whose_prices_fell():
    instance = synthetic_instance(400, 80, seed=3)

    pruned = match_sides(
        instance.mentees, instance.mentors, None, instance.config,
        method="candidates", k_mentee=1, q_mentor=1,
    )  # fmt: skip

    partial = [s for s in pruned.scans if s["kind"] == "partial"]
    assert partial
    assert all(s["cells"] < 0.3 * 400 * 80 for s in partial)


def test_certificate_violations_names_the_pairs_left_out_that_would_help(instance):
    matching = match_sides(instance.mentees, instance.mentors, None, instance.config)
    scores, _ = matching.scorer.block()
    allowed = ~matching.constraints.forbidden()
    capacity = instance.mentors.capacity
    # only each mentee's single best mentor: far from optimal
    best = np.where(allowed, scores, -np.inf).argmax(axis=1)
    keep = np.isfinite(np.where(allowed, scores, -np.inf).max(axis=1))
    rows = np.flatnonzero(keep)
    pruned = sp.csr_matrix(
        (scores[rows, best[rows]].astype(np.float64), (rows, best[rows])), shape=scores.shape
    )
    result = solve(pruned, capacity, method="flow")

    bad_rows, bad_cols, values = certificate_violations(
        result, matching.scorer, matching.constraints, workers=2
    )

    assert len(bad_rows) > 0
    assert allowed[bad_rows, bad_cols].all()
    np.testing.assert_array_equal(values, scores[bad_rows, bad_cols].astype(np.float64))


def test_runs_without_django(files):
    """The tool is pure engine: ``python -m`` works with no settings and imports no Django."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    code = (
        "import sys; from mentorpath.matching.cli import main; "
        f"rc = main(['--mentors', {str(files['mentors'])!r}, '--mentees', "
        f"{str(files['mentees'])!r}, '--out', {str(files['out'])!r}]); "
        "assert not any(m.split('.')[0] == 'django' for m in sys.modules), 'django imported'; "
        "sys.exit(rc)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    module = subprocess.run(
        [sys.executable, "-m", "mentorpath.matching.cli", "--help"],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert module.returncode == 0
    assert "style_structure" in module.stdout


def test_large_pools_take_the_candidate_path_with_the_same_outcome(tmp_path, monkeypatch, capsys):
    def run_examples(out: Path) -> list[dict[str, str]]:
        code = main(
            ["--mentors", str(EXAMPLES / "mentors.csv"), "--mentees", str(EXAMPLES / "mentees.csv"),
             "--config", str(EXAMPLES / "weights.toml"), "--out", str(out)]
        )  # fmt: skip
        assert code == 0
        return read_out(out)

    dense = run_examples(tmp_path / "dense.csv")
    monkeypatch.setattr("mentorpath.matching.engine.run.DENSE_MAX_CELLS", 0)
    capsys.readouterr()
    pruned = run_examples(tmp_path / "pruned.csv")

    assert "certified by dual prices" in capsys.readouterr().out
    assert sum(bool(r["mentor_id"]) for r in pruned) == sum(bool(r["mentor_id"]) for r in dense)
    assert sum(float(r["score"] or 0) for r in pruned) == pytest.approx(
        sum(float(r["score"] or 0) for r in dense), abs=1e-3
    )
    assert {r["reasons"] for r in pruned if not r["mentor_id"]} == {
        r["reasons"] for r in dense if not r["mentor_id"]
    }


def test_ranked_choices_with_a_zero_weight_are_pointed_out(files, capsys):
    files["config"].write_text("[weights]\nchoice = 0\n", encoding="utf-8")

    assert run(files) == 0

    assert "the weight of 'choice' is 0" in capsys.readouterr().err


def test_weights_left_out_keep_their_defaults_but_all_zero_is_refused(files, capsys):
    names = ["skills", "goals", "interests", "level_gap", "department", "timezone", "language"]
    files["config"].write_text(
        "[weights]\n" + "".join(f"{name} = 0\n" for name in [*names, "style", "choice"]),
        encoding="utf-8",
    )

    assert run(files) == 2

    assert "at least one criterion needs a weight above 0" in capsys.readouterr().err
