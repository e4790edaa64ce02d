"""Reports composed from data: sections in the reference documents' order, their links and
quotations, figures named in prose, and the guidance's required items checked."""

from __future__ import annotations

import html as html_module
import re
import shutil
from pathlib import Path

import pytest

from conftest import EXAMPLE_DATA, edit, problems, run_generator
from generator.compute import compute
from generator.render import render
from generator.validate import load_dataset

# The reference documents' own sections (their contents pages), each beside the heading our
# report gives it: the headings are in our words, the order and the coverage are theirs.
SUBGROUP_SECTIONS = [
    ("1 Introduction", "1. Introduction"),
    ("2 The CSPR subgroup", "2. The CSPR subgroup"),
    ("3 National Context", "3. National context"),
    ("4 Rapid Reviews", "4. Rapid reviews"),
    ("5 Local Reviews", "5. Local reviews"),
    ("6 Learning points this year", "6. Learning points this year"),
    ("7 Publication of Child R Serious Case Review",
     "7. Publication of Child R's serious case review"),
    ("8 The review process", "8. The review process"),
    ("9 Impact of reviews", "9. Impact of reviews"),
    ("10 Conclusion", "10. Conclusion"),
    ("Appendix A (serious harm and notifications)",
     "Appendix A: Serious harm and notifications"),
    ("Appendix B (Child R: findings and recommendations)",
     "Appendix B: Child R: findings and recommendations"),
]
SUBGROUP_SUBSECTIONS = [
    "4.1 Why rapid reviews matter", "4.2 Facts and figures", "4.3 Children reviewed",
    "4.4 Categories of abuse", "5.1 Purpose", "5.2 Why local reviews matter",
    "5.3 Facts and figures", "5.4 Children reviewed", "5.5 Safeguarding themes from reviews",
    "6.1 Practitioner skill set", "6.2 System leader focus",
    "6.3 Messages for the Department for Education", "8.1 Reflections from practitioners",
    "8.2 Reflections from independent reviewers", "8.3 Family feedback",
    "8.4 Costs, timeframes and process", "8.5 Sharing learning",
]
PARTNERSHIP_SECTIONS = [
    ("Foreword by the Senior Safeguarding Partners",
     "1. Foreword by the senior safeguarding partners"),
    ("Independent commentary by the OSCB Independent Chair",
     "2. Commentary by the independent chair"),
    ("1. Introduction", "3. Introduction"),
    ("2. Providing leadership for effective safeguarding practice",
     "4. Providing leadership for effective safeguarding practice"),
    ("3. Children in Oxfordshire", "5. Children in Oxfordshire"),
    ("4. The effectiveness of safeguarding arrangements",
     "6. The effectiveness of safeguarding arrangements"),
    ("5. Findings from Child Safeguarding Practice Reviews and the Child Death Overview Panel",
     "7. Findings from child safeguarding practice reviews and the Child Death Overview "
     "Panel"),
    ("6. Embedding learning and improvement", "8. Embedding learning and improvement"),
    ("7. Evidence and Assurance", "9. Evidence and assurance"),
    ("8. Conclusions", "10. Conclusions"),
    ("Appendix A: Key safeguarding messages for Oxfordshire stakeholders",
     "Appendix A: Key safeguarding messages for Oxfordshire's stakeholders"),
    ("Appendix B: Matrix of safeguarding concerns from quality assurance work",
     "Appendix B: Matrix of safeguarding concerns from quality assurance work"),
    ("Appendix C: Links", "Appendix C: Links"),
    ("Appendix D: OSCB Budget", "Appendix D: OSCB budget"),
    ("(back page: the OSCB's contact details)", "Contact us"),
]


def page_html(project: Path, report: str) -> str:
    return (project / "site" / "learning" / "reports" / "2021-22" / report /
            "index.html").read_text("utf-8")


def heading_texts(html: str, level: int) -> list[str]:
    return [html_module.unescape(re.sub(r"<[^>]+>", "", found)).strip()
            for found in re.findall(rf"<h{level}[^>]*>(.*?)</h{level}>", html, re.DOTALL)]


@pytest.mark.parametrize(("report", "sections"), [("subgroup", SUBGROUP_SECTIONS),
                                                  ("partnership", PARTNERSHIP_SECTIONS)])
def test_each_report_has_the_reference_document_s_sections_in_its_order(
        example_project: Path, report: str, sections: list[tuple[str, str]]) -> None:
    assert heading_texts(page_html(example_project, report), 2) == [
        ours for _, ours in sections]


def test_the_subgroup_report_has_the_reference_document_s_subsections(
        example_project: Path) -> None:
    found = heading_texts(page_html(example_project, "subgroup"), 3)
    assert [heading for heading in found if re.match(r"\d+\.\d+ ", heading)] == \
        SUBGROUP_SUBSECTIONS


def test_figures_named_in_prose_are_written_in_as_worked_out(example_project: Path) -> None:
    subgroup = " ".join(page_html(example_project, "subgroup").split())
    assert "Six rapid reviews were held in 2021-22, against 9 the year before." in subgroup
    assert "its ten recommendations give a sound guide" in subgroup
    assert "The review made three main findings" in subgroup
    assert "worked on 5 reviews in 2021-22: 1 serious case review" in subgroup
    partnership = " ".join(page_html(example_project, "partnership").split())
    # One measure, one figure: the foreword, section 3 and section 7 all say 2.5.
    assert partnership.count("2.5 times as likely") == 3
    assert "twice as likely" not in partnership
    assert "a slight rise on 23 the year before" in partnership
    assert "rose, to 23,920 (an increase of 33%)" in partnership
    assert "figure:" not in subgroup + partnership


def test_quotations_are_quotations_with_who_said_them(example_project: Path) -> None:
    partnership = page_html(example_project, "partnership")
    quotes = re.findall(r'<figure class="slh-quote">\s*<blockquote>\s*<p>(.*?)</p>\s*'
                        r'</blockquote>\s*<figcaption>(.*?)</figcaption>', partnership,
                        re.DOTALL)
    said = {by: " ".join(text.split()) for text, by in quotes}
    assert said["The Probation Service"].startswith("I have just taken part in the (Jacob")
    assert "An OSCB trainer" in said
    subgroup = page_html(example_project, "subgroup")
    assert '<figcaption>An independent reviewer</figcaption>' in subgroup


@pytest.mark.parametrize(("report", "address"), [
    ("subgroup", "https://www.gov.uk/government/publications/working-together-to-safeguard-"
                 "children--2"),
    ("subgroup", "https://www.england.nhs.uk/patient-safety/serious-incident-framework/"),
    ("subgroup", "https://www.gov.uk/government/publications/independent-review-of-"
                 "childrens-social-care-final-report"),
    ("subgroup", "https://www.gov.uk/government/organisations/child-safeguarding-practice-"
                 "review-panel"),
    ("partnership", "https://www.lullabytrust.org.uk/"),
    ("partnership", "https://oxfordshirescb.proceduresonline.com/contents.html"),
    ("partnership", "https://www.oscb.org.uk/about-us/"),
])
def test_resources_with_a_certain_address_are_linked(example_project: Path, report: str,
                                                      address: str) -> None:
    assert f'href="{address}"' in page_html(example_project, report)


def test_check_lists_the_links_still_without_an_address() -> None:
    result = run_generator("check", "--data", str(EXAMPLE_DATA))
    assert result.returncode == 0, result.stderr
    waiting = [line for line in result.stderr.splitlines() if ": notice: " in line]
    assert any('"FGM learning resource" has no address yet' in line for line in waiting)
    assert all(re.match(r"data/(periods|reviews|briefings)/[\w-]+\.yml:\d+:\d+: notice: ",
                        line) for line in waiting), waiting
    # A further reading that says `where` to find it instead is not waiting for anything.
    assert not any("Complex Child Panel terms of reference" in line for line in waiting)


def test_an_unknown_figure_name_is_an_error_at_its_line(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(EXAMPLE_DATA, data)
    period = data / "periods" / "2021-22.yml"
    edit(period, "{figure: considered | Words unit} were held",
         "{figure: considerd | Words unit} were held")
    found = problems(data)
    line = next(number for number, text in enumerate(
        period.read_text("utf-8").splitlines(), 1) if "considerd" in text)
    assert any(p.startswith(f"{period}:{line}:") and "`{figure: considerd | Words unit}` "
               "names no figure of this period; did you mean" in p for p in found), found


def test_a_figure_in_a_review_s_prose_is_refused(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(EXAMPLE_DATA, data)
    review = data / "reviews" / "child-r.yml"
    text = review.read_text("utf-8")
    line = text.splitlines().index("title: Learning from the serious case review for Child R") + 1
    review.write_text(text.replace("title: Learning from the serious case review for Child R",
                                   "title: Learning from {figure: reviews} reviews"), "utf-8")
    # Written plainly, YAML itself refuses it; the message says how to write it.
    assert any(f"child-r.yml:{line}:" in p and "must be a block: write `>-`" in p
               for p in problems(data))
    review.write_text(text.replace("title: Learning from the serious case review for Child R",
                                   'title: "Learning from {figure: reviews} reviews"'), "utf-8")
    assert any(f"child-r.yml:{line}:" in p and "a figure can be named (`{figure: ...}`) only in a "
               "report's sections" in p for p in problems(data))


def test_removing_a_required_item_s_section_makes_check_warn_with_its_name(
        tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(EXAMPLE_DATA, data)
    clean = run_generator("check", "--data", str(data))
    assert ": warning: " not in clean.stderr, clean.stderr
    period = data / "periods" / "2021-22.yml"
    text = period.read_text("utf-8")
    # Feedback from children and families is covered by three sections: take all three out.
    period.write_text(text.replace("covers: [effectiveness, children-and-families-feedback]",
                                   "covers: effectiveness")
                      .replace("        covers: children-and-families-feedback\n", ""),
                      "utf-8")
    result = run_generator("check", "--data", str(data))
    assert result.returncode == 0
    warnings = [line for line in result.stderr.splitlines() if ": warning: " in line]
    assert len(warnings) == 1, warnings
    assert "How the partners sought and used feedback from children and families" in \
        warnings[0].replace("how the", "How the")
    assert "(`children-and-families-feedback`); no section covers it" in warnings[0]


def test_the_statutory_items_block_says_where_each_item_is_answered(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(EXAMPLE_DATA, data)
    edit(data / "periods" / "2021-22.yml", "      - heading: Contact us\n",
         "      - heading: What the guidance asks\n        appendix: true\n        parts:\n"
         "          - block: statutory-items\n\n      - heading: Contact us\n")
    dataset, _ = load_dataset(data)
    page = render(compute(dataset))["reports/2021-22/partnership.md"]
    assert "| What Working Together to Safeguard Children 2018 asks a yearly report for |" \
        in page
    assert "[Learning through training](#learning-through-training)" in page


def test_old_report_fields_are_refused_with_the_command_that_moves_them(
        tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(EXAMPLE_DATA, data)
    period = data / "periods" / "2020-21.yml"
    period.write_text(period.read_text("utf-8") + "\nsubgroup_report:\n  subgroup: "
                      "cspr-subgroup\n  introduction: An old report.\n", "utf-8")
    found = problems(data)
    assert any(p.startswith(f"{period}:") and "run `python -m generator migrate`" in p
               for p in found), found
    moved = run_generator("migrate", "--data", str(data))
    assert moved.returncode == 0, moved.stderr
    assert "reports moved into `reports:`" in moved.stdout
    dataset, _ = load_dataset(data)  # clean
    pages = render(compute(dataset))
    assert "An old report." in pages["reports/2020-21/subgroup.md"]
    # Its comments and other fields are kept as they were.
    assert "# Source: section 3 of the OSCB annual report 2021-22" in period.read_text("utf-8")


def test_a_change_given_without_last_year_s_figure_says_so(example_project: Path) -> None:
    partnership = " ".join(re.sub(r"<[^>]+>", "", page_html(example_project,
                                                              "partnership")).split())
    assert "Contacts with the Multi-Agency Safeguarding Hub (MASH) 23,920 not given in the " \
           "source an increase of 33% (as the source states it)" in partnership
    # Last year's child death notifications are shown beside this year's.
    assert "Notifications of a child's death in our area 32 23" in partnership


def test_a_report_can_take_its_sections_from_a_preset(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(EXAMPLE_DATA, data)
    period = data / "periods" / "2021-22.yml"
    period.write_text(period.read_text("utf-8").replace(
        "reports:\n", "reports:\n  - id: figures\n    title: The year in figures\n"
        "    subgroup: cspr-subgroup\n    preset: subgroup-report\n", 1), "utf-8")
    dataset, _ = load_dataset(data)
    page = render(compute(dataset))["reports/2021-22/figures.md"]
    found = re.findall(r"^## (.*?) \{", page, re.MULTILINE)
    assert found == ["Introduction", "The subgroup", "Rapid reviews", "Local reviews",
                     "Learning points this year", "Impact of reviews", "The review process",
                     "Appendix A: When a case is notified and reviewed",
                     "Appendix B: Recommendations of the reviews published this year"]
    assert "| Rapid reviews held † | 6 | 9 |" in page
