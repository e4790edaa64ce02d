"""Validation reports every problem at once, each at its file, line and column, in plain words."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import FIXTURE_DATA, edit, problems, run_generator
from generator.models import AgeBand, ReviewType
from generator.validate import load_dataset


def test_fixture_data_is_clean() -> None:
    dataset, _ = load_dataset(FIXTURE_DATA)
    assert [review.id for review in dataset.reviews] == [
        "child-a", "child-b", "cspr-2022", "cspr-unpublished", "rr-2021-01", "rr-2022-01",
        "rr-2022-02"]
    child_a = dataset.reviews[0]
    assert child_a.type is ReviewType.CSPR
    assert child_a.children[0].band is AgeBand.AGE_1_4
    assert str(child_a.publication.date) == "2022-03-15"
    # A learning point written as a plain string and one written with themes.
    assert [p.themes for p in child_a.learning_points.practitioners] == [
        [], ["neglect", "early-help"]]


def test_unknown_field_suggests_the_right_one(data_copy: Path) -> None:
    edit(data_copy / "reviews" / "child-b.yml", "background:", "backgrund:")
    assert problems(data_copy) == [
        f"{data_copy}/reviews/child-b.yml:7:1: backgrund: unknown field `backgrund`; did you "
        "mean `background`?",
    ]


def test_unknown_theme_suggests_the_right_one(data_copy: Path) -> None:
    edit(data_copy / "reviews" / "child-b.yml", "themes: [neglect]", "themes: [neglet]")
    assert problems(data_copy) == [
        f"{data_copy}/reviews/child-b.yml:11:14: findings[1].themes[1]: unknown theme `neglet`;"
        " did you mean `neglect`? (themes are listed in themes.yml)",
    ]


def test_bad_date(data_copy: Path) -> None:
    edit(data_copy / "reviews" / "child-a.yml", "date: 2022-03-15", "date: 2022-02-30")
    assert problems(data_copy) == [
        f"{data_copy}/reviews/child-a.yml:7:9: publication.date: `2022-02-30` is not a real "
        "date: check the month and day",
    ]


def test_date_in_the_wrong_format(data_copy: Path) -> None:
    edit(data_copy / "reviews" / "child-a.yml", "commissioned: 2021-06", "commissioned: June 2021")
    assert problems(data_copy) == [
        f"{data_copy}/reviews/child-a.yml:10:17: dates.commissioned: `June 2021` is not a date: "
        "write it as YYYY-MM-DD (2021-12-15), YYYY-MM (2021-12), a calendar quarter YYYY-Qn "
        "(2021-Q3 is July to September), a season YYYY-spring, -summer, -autumn or -winter "
        "(2021-winter is December 2021 to February 2022) or YYYY (2021)",
    ]


def test_missing_required_field(data_copy: Path) -> None:
    edit(data_copy / "reviews" / "child-b.yml", "type: serious-case-review\n", "")
    assert problems(data_copy) == [
        f"{data_copy}/reviews/child-b.yml:1:1: missing `type`",
    ]


def test_value_not_in_the_vocabulary(data_copy: Path) -> None:
    edit(data_copy / "reviews" / "child-a.yml", "sex: male", "sex: mail")
    assert problems(data_copy) == [
        f"{data_copy}/reviews/child-a.yml:17:10: children[1].sex: `mail` is not an allowed "
        "value; did you mean `male`? Allowed values are: female, male, unknown",
    ]


def test_text_where_a_list_belongs(data_copy: Path) -> None:
    edit(data_copy / "reviews" / "child-a.yml", "strengths:\n  - The health",
         "strengths: The health")
    found = problems(data_copy)
    assert found == [
        f"{data_copy}/reviews/child-a.yml:35:12: strengths: should be a list, not `The health "
        "visitor kept careful records.`: put each item on its own line starting with `- `",
    ]


def test_word_where_a_number_belongs(data_copy: Path) -> None:
    edit(data_copy / "reviews" / "child-b.yml", "subject: Child B", "subject: Child B\ncost: lots")
    assert problems(data_copy) == [
        f"{data_copy}/reviews/child-b.yml:4:7: cost: should be a whole number, not "
        "`lots`",
    ]


def test_yes_is_not_a_boolean_trap(data_copy: Path) -> None:
    # `csc_involvement: yes` is a word in the vocabulary, not YAML 1.1's True.
    dataset, _ = load_dataset(data_copy)
    assert dataset.reviews[0].children[0].csc_involvement.value == "yes"


def test_dangling_finding_and_duplicate_ids(data_copy: Path) -> None:
    path = data_copy / "reviews" / "child-a.yml"
    edit(path, "finding: f1", "finding: f9")
    edit(path, "  - id: f2\n", "  - id: f1\n")
    assert problems(data_copy) == [
        f"{path}:29:9: findings[2].id: the id `f1` is already used by findings[1]; ids must be "
        "unique within a review",
        f"{path}:68:14: recommendations[1].finding: this review has no finding `f9`",
        f"{path}:79:14: recommendations[2].finding: this review has no finding `f2`",
    ]


def test_rapid_review_can_never_be_published(data_copy: Path) -> None:
    edit(data_copy / "reviews" / "rr-2021-01.yml", "referral_source: health",
         "referral_source: health\npublication:\n  status: published\n  date: 2021-06")
    assert problems(data_copy) == [
        f"{data_copy}/reviews/rr-2021-01.yml:5:11: publication.status: a rapid review is never "
        "published; only the review it leads to can be. Set `status: unpublished`",
    ]


def test_published_review_needs_its_learning(data_copy: Path) -> None:
    path = data_copy / "reviews" / "child-b.yml"
    edit(path, "background: Child B was a teenager.\n", "")
    assert problems(data_copy) == [
        f"{path}:1:1: a published review needs `background` for its learning summary",
    ]


def test_follows_must_name_a_rapid_review(data_copy: Path) -> None:
    path = data_copy / "reviews" / "cspr-unpublished.yml"
    edit(path, "follows: rr-2021-01", "follows: child-b")
    assert problems(data_copy) == [
        f"{path}:5:10: follows: `child-b` is a serious case review, but `follows` names the "
        "rapid review (or considered case) this review came from",
    ]


def test_review_id_comes_from_the_file_name(data_copy: Path) -> None:
    (data_copy / "reviews" / "child-b.yml").rename(data_copy / "reviews" / "Child B.yml")
    assert problems(data_copy) == [
        f"{data_copy}/reviews/Child B.yml:1:1: the file name `Child B.yml` cannot be an id: "
        "use lower-case letters, digits and hyphens, like `child-r.yml`",
    ]


def test_every_problem_in_every_file_at_once(data_copy: Path) -> None:
    edit(data_copy / "themes.yml", "  - id: early-help", "  - id: neglect")
    edit(data_copy / "partnership.yml", "short_name: TSCP", "short_name: TSCP\nshort_name: X")
    edit(data_copy / "reviews" / "child-b.yml", "date: 2020", "date: 2020-13")
    edit(data_copy / "reviews" / "child-a.yml", "status: in-progress", "status: done")
    found = problems(data_copy)
    assert [line.split(": ", 1)[0].rsplit("/", 1)[-1] for line in found] == [
        "partnership.yml:4:1", "child-a.yml:45:25", "child-a.yml:70:13", "child-b.yml:6:9",
        "themes.yml:6:9"]
    # The theme renamed away is still reported in child-a, whose status is also wrong.
    assert "themes[2]: unknown theme `early-help`" in found[1]


def test_check_command_exit_codes_and_no_traceback(data_copy: Path) -> None:
    clean = run_generator("check", "--data", str(FIXTURE_DATA))
    assert clean.returncode == 0
    assert "no problems" in clean.stdout

    edit(data_copy / "reviews" / "child-b.yml", "type: serious-case-review",
         "type: serious-case-reveiw")
    (data_copy / "reviews" / "broken.yml").write_text("title: [unclosed\n", encoding="utf-8")
    broken = run_generator("check", "--data", str(data_copy))
    assert broken.returncode == 1
    assert "Traceback" not in broken.stderr
    lines = broken.stderr.splitlines()
    assert lines[-1] == "2 problems in the data"
    # Reported where the bracket opened, not where the parser gave up on it.
    assert lines[0].startswith(f"{data_copy}/reviews/broken.yml:1:8: YAML syntax: a `[` "
                               "opened here is never closed")
    assert lines[1].startswith(f"{data_copy}/reviews/child-b.yml:1:7: type: "
                               "`serious-case-reveiw` is not an allowed value; did you mean "
                               "`serious-case-review`?")


def test_github_annotations(data_copy: Path) -> None:
    edit(data_copy / "reviews" / "child-b.yml", "subject: Child B", "subjct: Child B")
    result = run_generator("check", "--data", str(data_copy), "--format", "github")
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        f"::error file={data_copy}/reviews/child-b.yml,line=3,col=1::subjct: unknown field "
        "`subjct`; did you mean `subject`?")


def test_missing_data_folder(tmp_path: Path) -> None:
    result = run_generator("check", "--data", str(tmp_path / "nowhere"))
    assert result.returncode == 1
    assert "the data folder does not exist" in result.stderr
    assert "Traceback" not in result.stderr


def test_one_file_with_four_kinds_of_mistake_reports_all_four(data_copy: Path) -> None:
    path = data_copy / "reviews" / "child-z.yml"
    path.write_text("type: cspr\ntitle: Child Z\ntitle: Again\ndates:\n  commissioned: 2021-13\n"
                    "themes: [neglet]\nfindings:\n  - text: no id here\n", encoding="utf-8")
    assert problems(data_copy) == [
        f"{path}:3:1: `title` appears twice in the same group (first on line 2); keep one",
        f"{path}:5:17: dates.commissioned: `2021-13` is not a real date: check the month and "
        "day",
        f"{path}:6:10: themes[1]: unknown theme `neglet`; did you mean `neglect`? (themes are "
        "listed in themes.yml)",
        f"{path}:8:5: findings[1]: missing `id`",
    ]


def test_github_annotations_cannot_be_ended_early_by_a_file_name(tmp_path: Path) -> None:
    # A file name from a pull request can hold a newline, `::` or a comma: each would end the
    # annotation and start a workflow command of its own if written as it is.
    from generator.errors import Problem

    problem = Problem("data/reviews/a,b:c\n::add-mask::x%.yml", 2, 3, "bad\r\n::stop-commands::x")
    annotation = problem.github()
    assert annotation == ("::error file=data/reviews/a%2Cb%3Ac%0A%3A%3Aadd-mask%3A%3Ax%25.yml,"
                          "line=2,col=3::bad%0D%0A::stop-commands::x")
    assert "\n" not in annotation and "\r" not in annotation

    data = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, data)
    (data / "reviews" / "child-b.yml").rename(data / "reviews" / "x\n::error::y.yml")
    result = run_generator("check", "--data", str(data), "--format", "github")
    assert result.returncode == 1
    annotations = [line for line in result.stderr.splitlines() if line.startswith("::")]
    assert annotations and all(line.startswith("::error file=") for line in annotations)
    for line in annotations:  # the properties end at the first `::`, the message after it
        properties = line.removeprefix("::error ").split("::", 1)[0]
        assert properties.count(",") == 2 and properties.count(":") == 0, line
