"""``mentorpath-match``: match mentees to mentors from two CSV files, without the web app.

    mentorpath-match --mentors mentors.csv --mentees mentees.csv [--config weights.toml]
                     --out matches.csv [--objective participation|score|fair] [--explain N]

For programs run from a spreadsheet (or evaluated before adopting the platform): the same
engine, weights, hard rules and explanations as the product, fed from files. Every input cell
is checked before anything runs; a bad one stops the tool with exit code 2 and a message that
names the file, row and column, and nothing is written. The output has one row per mentee,
in the mentees file's order: the mentor, the score and the top three reasons, or, for a
mentee left unmatched, why.

Pure engine: no Django import, so ``python -m mentorpath.matching.cli`` runs without a
database or settings. :func:`match_sides` is the whole scoring → candidates → solve →
certify pipeline on engine sides; the benchmarks time it.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import os
import sys
import tempfile
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from mentorpath.matching.csvio import (
    COLUMNS,
    RULE_KEYS,
    InputError,
    Participants,
    Settings,
    read_participants,
    read_settings,
)
from mentorpath.matching.engine.explain import Explanation, explain_pairs
from mentorpath.matching.engine.features import sides_from_profiles
from mentorpath.matching.engine.run import Matching, capital, match_sides, why_unmatched
from mentorpath.matching.engine.scoring import CRITERIA, MatchConfig, Weights
from mentorpath.matching.engine.solver import OBJECTIVES

#: Reasons per pair in the output file.
OUTPUT_REASONS = 3
OUTPUT_COLUMNS = ("mentee_id", "mentee_name", "mentor_id", "mentor_name", "score", "reasons")
EXIT_BAD_INPUT = 2


# ---- the command


def build_parser() -> argparse.ArgumentParser:
    columns = "\n".join(f"  {name:<20} {meaning}" for name, meaning in COLUMNS.items())
    rules = "\n".join(f"  {name:<24} {meaning}" for name, meaning in RULE_KEYS.items())
    defaults = ", ".join(f"{name} {getattr(Weights(), name):g}" for name in CRITERIA)
    parser = argparse.ArgumentParser(
        prog="mentorpath-match",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=(
            "Match mentees to mentors from two CSV files with Mentorpath's engine: optimal,\n"
            "within every mentor's capacity and the hard rules, each pair explained."
        ),
        epilog=(
            f"CSV columns (header row first; names are case-insensitive):\n{columns}\n\n"
            f"Settings file (TOML): [weights] one number per criterion, those left out keep\n"
            f"their defaults ({defaults}), and [rules]:\n{rules}\n\n"
            "Exit codes: 0 done, 2 bad input (the message names file, row and column; "
            "nothing is written)."
        ),
    )
    parser.add_argument("--mentors", required=True, type=Path, help="mentors CSV file")
    parser.add_argument("--mentees", required=True, type=Path, help="mentees CSV file")
    parser.add_argument("--config", type=Path, help="settings file (TOML): weights and rules")
    parser.add_argument("--out", required=True, type=Path, help="where to write the matches CSV")
    parser.add_argument(
        "--objective",
        choices=OBJECTIVES,
        help="participation (default): most mentees matched, then the best total; "
        "score: the best total; fair: most matched, then the best lowest pair",
    )
    parser.add_argument(
        "--explain",
        type=int,
        default=0,
        metavar="N",
        help="also print every reason, with its share, for the first N mentees",
    )
    parser.add_argument(
        "--org",
        type=Path,
        help="optional CSV with id, manager_id for everyone (reporting lines through people "
        "who are not in the program)",
    )
    parser.add_argument(
        "--date",
        type=date.fromisoformat,
        help="date (YYYY-MM-DD) whose UTC offsets the time zones use; default today",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; returns the exit code (0 done, 2 bad input)."""
    args = build_parser().parse_args(argv)
    try:
        return _run(args)
    except InputError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT


def _run(args: argparse.Namespace) -> int:
    if args.explain < 0:
        raise InputError("--explain", "N must be 0 or more")
    _check_out(args.out, [args.mentors, args.mentees, args.config, args.org])
    settings = read_settings(args.config) if args.config else Settings()
    people = read_participants(args.mentees, args.mentors, args.org, args.date)
    weights = Weights(**{**dataclasses.asdict(Weights()), **settings.weights})
    if people.has_choices and weights.choice == 0:
        print(
            "note: the mentees ranked mentors (column choices), but the weight of 'choice' is "
            "0, so their choices are not counted; set choice under [weights] to use them",
            file=sys.stderr,
        )
    config = MatchConfig(**settings.rules, blocked_pairs=people.blocked_pairs)
    objective = args.objective or settings.objective or "participation"
    try:
        mentees, mentors, _ = sides_from_profiles(people.mentees, people.mentors)
    except ValueError as error:  # pragma: no cover - the files were checked cell by cell
        raise InputError(args.mentees.name, str(error)) from None

    matching = match_sides(
        mentees, mentors, weights, config, objective=objective, min_score=settings.min_score
    )
    rows, explanations, reasons = _output_rows(matching, people)
    _write_csv(args.out, rows)
    _print_summary(matching, people, objective, args.out)
    if args.explain:
        _print_explanations(matching, people, explanations, reasons, args.explain)
    return 0


def _check_out(out: Path, inputs: Sequence[Path | None]) -> None:
    for path in inputs:
        if path is not None and path.exists() and out.exists() and out.samefile(path):
            raise InputError("--out", f"{out} is one of the input files; choose another name")
    parent = out.parent if str(out.parent) else Path(".")
    if not parent.is_dir():
        raise InputError("--out", f"the folder {parent} does not exist")


def _output_rows(
    matching: Matching, people: Participants
) -> tuple[list[list[str]], dict[int, Explanation], dict[int, str]]:
    """One row per mentee in file order; explanations of the matched, reasons of the rest."""
    result = matching.result
    mentees, mentors = matching.scorer.mentees, matching.scorer.mentors
    pairs = result.pairs()
    explained = explain_pairs(matching.scorer, [i for i, _ in pairs], [j for _, j in pairs])
    explanations = {e.mentee: e for e in explained}
    unmatched: dict[int, str] = {}
    rows: list[list[str]] = []
    for i in range(mentees.n):
        mentee = [people.mentee_keys[i], mentees.names[i]]
        j = int(result.mentor_of[i])
        if j < 0:
            unmatched[i] = why_unmatched(matching, i)
            rows.append([*mentee, "", "", "", unmatched[i]])
            continue
        explanation = explanations[i]
        top = " | ".join(
            f"{capital(r.text)} ({100 * r.share:.0f}%)"
            for r in explanation.reasons[:OUTPUT_REASONS]
        )
        score = f"{float(result.pair_scores[i]):.4f}"
        rows.append([*mentee, people.mentor_keys[j], mentors.names[j], score, top])
    return rows, explanations, unmatched


def _write_csv(out: Path, rows: list[list[str]]) -> None:
    """Write atomically: a temporary file in the same folder, renamed over ``out`` once
    complete, so a failure never leaves half a file."""
    parent = out.parent if str(out.parent) else Path(".")
    descriptor, temporary = tempfile.mkstemp(dir=parent, prefix=f".{out.name}.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(OUTPUT_COLUMNS)
            writer.writerows(rows)
        os.replace(temporary, out)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _print_summary(matching: Matching, people: Participants, objective: str, out: Path) -> None:
    result = matching.result
    n, m = matching.scorer.shape
    seats = int(matching.scorer.mentors.capacity.sum())
    mean = result.total_score / result.matched if result.matched else 0.0
    lowest = f", lowest {result.min_pair_score:.4f}" if result.matched else ""
    if matching.optimal:
        proof = (
            "yes (proved over every allowed pair)"
            if matching.method == "dense"
            else "yes (certified by dual prices over every pair left out)"
        )
    else:
        proof = "not proved (optimal among the candidate pairs only)"
    print(f"mentees    {n}, mentors {m} ({seats} seats), objective {objective}")
    print(f"matched    {result.matched} ({n - result.matched} unmatched)")
    print(f"score      total {result.total_score:.4f}, mean {mean:.4f}{lowest}")
    print(f"optimal    {proof}")
    print(f"wrote      {out}")


def _print_explanations(
    matching: Matching,
    people: Participants,
    explanations: dict[int, Explanation],
    unmatched: dict[int, str],
    limit: int,
) -> None:
    mentees, mentors = matching.scorer.mentees, matching.scorer.mentors
    for i in range(min(limit, mentees.n)):
        who = f"{mentees.names[i]} ({people.mentee_keys[i]})"
        print()
        if i in unmatched:
            print(f"{who}: unmatched. {unmatched[i]}")
            continue
        e = explanations[i]
        j = e.mentor
        score = float(matching.result.pair_scores[i])
        print(f"{who} → {mentors.names[j]} ({people.mentor_keys[j]}), score {score:.4f}")
        for reason in e.reasons:
            print(f"  {100 * reason.share:5.1f}%  {capital(reason.text)}")


if __name__ == "__main__":
    sys.exit(main())
