"""A synthetic data set at any scale: `python -m generator synth --reviews N --out DIR`.

For measuring the generator and the site at the size of a region or the national repository
(thousands of reviews from dozens of partnerships), where no real data set of that size may be
copied. The records are invented: made-up place names, no real child, no number, postcode or
date inside any prose, so the personal-data check passes. They are realistic in shape and
length: every review type, published and unpublished, findings and learning points tagged
with themes, recommendations with owners, statuses and due dates, briefings and a reporting
period per year. The same seed always writes the same bytes.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import yaml

from generator.errors import GeneratorError

# Reviews are spread over these reporting years (April to March), oldest first.
FIRST_YEAR = 2015
YEARS = 10
BUILD_DATE = f"{FIRST_YEAR + YEARS}-06-30"
"""After the last publication date, so nothing is held back as embargoed."""

HEADER = "Synthetic data from `python -m generator synth`: invented, not real cases."
"""The first line of every file written, by which a folder is known to be synthetic."""

_PLACE_START = ("North", "South", "East", "West", "Ash", "Bram", "Cold", "Elm", "Fair", "Glen",
                "Hart", "Kings", "Lang", "Mill", "Oak", "Red", "Stone", "Thorn", "Wey", "Wold")
_PLACE_END = ("shire", "borough", "field", "ford", "ham", "ley", "mouth", "stead", "ton",
              "wick")

THEMES: tuple[tuple[str, str, str], ...] = (
    ("neglect", "Neglect", "Early help and neglect"),
    ("early-help", "Early help", "Early help and neglect"),
    ("children-being-seen", "Children being seen", "Early help and neglect"),
    ("whole-family-assessment", "Whole-family assessment", "Practitioner skills"),
    ("working-with-fathers", "Working with fathers and male carers", "Practitioner skills"),
    ("professional-curiosity", "Professional curiosity", "Practitioner skills"),
    ("voice-of-the-child", "The voice of the child", "Practitioner skills"),
    ("information-sharing", "Information sharing", "Working together"),
    ("partnership-working", "Partnership working", "Working together"),
    ("escalation", "Escalation and challenge", "Working together"),
    ("multi-agency-tools", "Multi-agency tools", "Working together"),
    ("risk-management", "Risk management", "Risk"),
    ("domestic-abuse", "Domestic abuse", "Risk"),
    ("parental-mental-health", "Parental mental health", "Risk"),
    ("substance-misuse", "Parental substance misuse", "Risk"),
    ("safer-sleep", "Safer sleep", "Babies"),
    ("non-accidental-injury", "Injuries to babies", "Babies"),
    ("exploitation", "Criminal and sexual exploitation", "Adolescents"),
    ("mental-health", "Children's mental health", "Adolescents"),
    ("suicide-prevention", "Preventing suicide", "Adolescents"),
    ("placement-sufficiency", "Placement sufficiency", "Children we care for"),
    ("therapeutic-support", "Therapeutic support", "Children we care for"),
    ("disability", "Disabled children", "Children we care for"),
    ("education", "Education and attendance", "Children we care for"),
)

OWNERS = ("Children's Social Care", "Safeguarding partnership", "Police", "Health partners",
          "Education partners", "Early help service", "Public health",
          "Adult mental health services", "Housing", "Youth justice service")

# Word pools for prose. Nothing here is a number, a name or an identifier.
_SUBJECTS = ("Practitioners", "The agencies involved", "Health visitors", "Social workers",
             "School staff", "Police officers", "Managers", "The professional network",
             "Early help workers", "Midwives", "General practitioners", "Housing officers",
             "The family's support workers", "Supervisors", "Leaders in every agency")
_VERBS = ("did not always share", "needed to understand", "recognised too late",
          "worked hard to build", "should have questioned", "saw only part of",
          "responded quickly to", "found it hard to follow", "must keep in view",
          "could have challenged", "recorded but did not act on", "gave careful thought to")
_OBJECTS = ("the risks at home", "what daily life was like for the child",
            "the history of the family", "the worries raised by the school",
            "the part played by the adults around the child", "the signs of neglect",
            "the information held by other services", "the plan agreed at the meeting",
            "the views the young person expressed", "the pattern of missed appointments",
            "the effect of parental stress", "the changing level of risk",
            "the help the family was offered", "the concerns of the extended family")
_ENDINGS = ("over a long period", "when circumstances changed", "at each review meeting",
            "across agency boundaries", "before the case was closed",
            "as the referral was made", "during the pandemic", "without a shared assessment",
            "while waiting for a specialist service", "once the family moved home",
            "in supervision", "despite good intentions")
_LINKS = ("As a result,", "At the same time,", "In practice,", "Looking back,", "Even so,",
          "Over time,", "For this reason,", "In several places,", "Throughout,", "Later on,")
_TITLE_WORDS = ("Seeing the whole family", "Acting on early signs", "Sharing what we know",
                "Listening to the child", "Holding risk together", "Closing cases safely",
                "Challenging decisions", "Planning transitions", "Supporting carers",
                "Keeping babies safe", "Responding to exploitation", "Hearing fathers",
                "Joining up assessments", "Following up missed contacts")


class _Writer:
    """Deterministic prose and choices from one seeded random source."""

    def __init__(self, seed: int) -> None:
        self.random = random.Random(seed)

    def pick(self, options: tuple[str, ...]) -> str:
        return self.random.choice(options)

    def sentence(self) -> str:
        lead = f"{self.pick(_LINKS)} " if self.random.random() < 0.35 else ""
        subject = self.pick(_SUBJECTS)
        if lead:
            subject = subject[0].lower() + subject[1:]
        return (f"{lead}{subject} {self.pick(_VERBS)} {self.pick(_OBJECTS)} "
                f"{self.pick(_ENDINGS)}.")

    def paragraph(self, sentences: int) -> str:
        return " ".join(self.sentence() for _ in range(sentences))

    def prose(self, paragraphs: int, sentences: int) -> str:
        return "\n\n".join(self.paragraph(sentences) for _ in range(paragraphs))

    def themes(self, low: int, high: int) -> list[str]:
        return sorted(self.random.sample([theme[0] for theme in THEMES],
                                         self.random.randint(low, high)))

    def month(self, year: int, first: int = 1, last: int = 12) -> str:
        return f"{year}-{self.random.randint(first, last):02d}"


def partnership_names(count: int) -> list[str]:
    """`count` distinct invented area names (`Ashford`, `Northley`, ...), in a fixed order."""
    names = [start + end for start in _PLACE_START for end in _PLACE_END]
    return names[:count]


def _review(writer: _Writer, index: int, area: str, published_share: float) -> dict[str, object]:
    """One review record, as the mapping its YAML file holds (its id is its file name)."""
    year = FIRST_YEAR + index % YEARS  # the reporting year it starts in (April to March)
    roll = writer.random.random()
    kind = ("rapid-review" if roll < 0.3 else "cspr" if roll < 0.7
            else "serious-case-review" if roll < 0.8
            else "partnership-learning-review" if roll < 0.95 else "national-review")
    sex = writer.pick(("female", "male", "unknown"))
    child: dict[str, object] = {
        "age_band": writer.pick(("under-1", "1-4", "5-9", "10-12", "13-15", "16-17")),
        "sex": sex, "outcome": writer.pick(("died", "seriously-harmed")),
        "csc_involvement": writer.pick(("yes", "no", "unknown"))}
    if kind == "rapid-review" and year <= 2018:
        kind = "consideration"  # rapid reviews began in June 2018; a board considered cases
    record: dict[str, object] = {"type": kind}
    if kind in ("rapid-review", "consideration"):
        local_review = "cspr" if kind == "rapid-review" else "serious-case-review"
        record |= {
            "title": (f"Rapid review {index + 1} ({area})" if kind == "rapid-review"
                      else f"Case considered {index + 1} ({area})"),
            "partnership": f"{area} Safeguarding Children Partnership",
            "referral_source": writer.pick(("health", "police", "education",
                                            "childrens-social-care")),
            "dates": {"rapid_review": writer.month(year, 4, 12)},
            "decision": {"outcome": writer.pick((local_review, "no-further-review",
                                                 "partnership-learning-review")),
                         "panel_view": writer.pick(("agreed", "awaited"))},
            "publication": {"status": "unpublished"},
            "children": [child]}
        return record
    published = writer.random.random() < published_share
    subject = f"Child {chr(ord('A') + index % 26)}{index + 1}"
    record |= {
        "title": f"Learning from the review for {subject} ({area})",
        "subject": subject,
        "partnership": f"{area} Safeguarding Children Partnership",
        "summary": writer.paragraph(2),
        "dates": {"commissioned": writer.month(year, 4, 9),
                  "completed": writer.month(year + 1, 1, 3)},
        "publication": ({"status": "published", "date": writer.month(year + 1, 4, 9)}
                        if published else {"status": "unpublished"}),
        "children": [child]}
    if not published:
        return record
    findings: list[dict[str, object]] = [
        {"id": f"f{number}", "title": writer.pick(_TITLE_WORDS),
         "text": writer.paragraph(writer.random.randint(2, 4)),
         "themes": writer.themes(1, 2)}
        for number in range(1, writer.random.randint(3, 5) + 1)]
    record |= {
        "background": writer.prose(3, 4),
        "findings": findings,
        "themes": writer.themes(3, 6),
        "strengths": [writer.paragraph(1) for _ in range(2)],
        "system_today": {"summary": writer.paragraph(1),
                         "points": [writer.paragraph(1) for _ in range(2)]},
        "learning_points": {
            audience: [{"text": writer.paragraph(1), "themes": writer.themes(1, 2)}
                       for _ in range(writer.random.randint(1, 3))]
            for audience in ("practitioners", "managers", "system")},
        "one_thing": {"ask": writer.paragraph(1),
                      "questions": [writer.sentence() for _ in range(3)]},
        "recommendations": [
            {"id": f"r{number}", "title": writer.pick(_TITLE_WORDS),
             "text": writer.paragraph(2), "scope": writer.pick(("local", "local", "national")),
             "finding": f"f{writer.random.randint(1, len(findings))}",
             "owner": writer.pick(OWNERS),
             "status": writer.pick(("not-started", "in-progress", "in-progress", "completed",
                                    "superseded")),
             "due": writer.month(year + 2),
             "themes": writer.themes(1, 2)}
            for number in range(1, writer.random.randint(2, 5) + 1)],
    }
    return record


def _period(writer: _Writer, year: int, area: str) -> dict[str, object]:
    """A year's figures, and the reports of one of the partnerships: each report counts its
    own partnership's reviews, as a partnership's report on a shared site would."""
    partnership = f"{area} Safeguarding Children Partnership"
    return {
        "title": f"{year}-{(year + 1) % 100:02d}",
        "start": f"{year}-04-01", "end": f"{year + 1}-03-31",
        "statistics": [{"id": "child-protection-plans",
                        "label": "Children supported through a child protection plan",
                        "value": 400 + writer.random.randint(0, 200)}],
        "reports": [
            {"id": "subgroup", "title": f"{area} review subgroup annual report {year}",
             "subgroup": "review-subgroup", "partnership": partnership,
             "preset": "subgroup-report"},
            {"id": "partnership", "title": f"{partnership} annual report {year}",
             "partnership": partnership, "sections": [
                 {"heading": "Foreword", "text": writer.prose(2, 4)},
                 {"heading": "Learning from reviews",
                  "parts": [{"text": "The partnership worked on {figure: reviews | unit}."},
                            {"block": "reviews"}, {"block": "reviews-published"},
                            {"block": "learning"}]},
                 {"heading": "Conclusions",
                  "parts": [{"points": [writer.paragraph(2) for _ in range(3)]}]}]}],
    }


def _briefing(writer: _Writer, number: int) -> dict[str, object]:
    year = FIRST_YEAR + number % YEARS
    return {
        "title": f"National learning briefing {number + 1}",
        "summary": writer.paragraph(1),
        "audience": "Frontline practitioners working with children and families",
        "publication": {"status": "published" if number % 4 else "unpublished",
                        "date": writer.month(year + 1)},
        "introduction": writer.paragraph(3),
        "publications": [{
            "id": f"report-{part + 1}", "title": f"{writer.pick(_TITLE_WORDS)}: a national "
                                                 "report",
            "publisher": "Child Safeguarding Practice Review Panel",
            "date": writer.month(year), "summary": writer.paragraph(3),
            "key_points": [writer.sentence() for _ in range(4)],
            "sections": [{"id": f"report-{part + 1}-section-{s + 1}",
                          "title": writer.pick(_TITLE_WORDS),
                          "text": writer.paragraph(4), "themes": writer.themes(1, 2)}
                         for s in range(3)]} for part in range(2)],
        "considerations": [writer.sentence() for _ in range(4)],
        "themes": writer.themes(1, 3),
    }


def _dump(path: Path, header: str, data: object) -> None:
    # libyaml's emitter where PyYAML has it: the pure-Python one takes most of the time.
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    text = yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True, width=92)
    path.write_text(f"# {header}\n{text}", encoding="utf-8")


def synthesise(out: Path, reviews: int, seed: int = 1, partnerships: int = 0) -> int:
    """Write a synthetic data folder of `reviews` reviews into `out`; returns files written.

    `out` is emptied first. `partnerships` defaults to one for every 25 reviews (at least
    three, at most two hundred).
    """
    if reviews < 1:
        raise GeneratorError("--reviews must be at least 1")
    writer = _Writer(seed)
    areas = partnership_names(partnerships or max(3, min(200, reviews // 25)))
    published_share = 0.85
    if out.exists() and any(out.iterdir()):
        # Never empty a folder of real records: only one this command wrote before.
        marker = out / "partnership.yml"
        if not marker.is_file() or not marker.read_text(encoding="utf-8").startswith(
                f"# {HEADER}"):
            raise GeneratorError(f"{out} is not empty and was not written by synth: give a "
                                 "new folder")
        shutil.rmtree(out)
    for folder in ("reviews", "periods", "briefings"):
        (out / folder).mkdir(parents=True)
    header = HEADER
    _dump(out / "partnership.yml", header, {
        "name": "National Safeguarding Learning Repository (synthetic)",
        "short_name": "NSLR", "area": "England", "email": "learning@example.org",
        "subgroups": [{"id": "review-subgroup", "name": "Case review subgroup"}],
        "site": {"title": "Synthetic Safeguarding Learning Hub",
                 "description": "Invented reviews for measuring the site at scale.",
                 "small_numbers": 3, "build_date": BUILD_DATE}})
    _dump(out / "themes.yml", header, {"themes": [
        {"id": theme_id, "name": name, "group": group, "description": writer.sentence()}
        for theme_id, name, group in THEMES]})
    _dump(out / "glossary.yml", header, {"terms": [
        {"term": "CSPR", "stands_for": "Child Safeguarding Practice Review"},
        {"term": "GP", "stands_for": "General practitioner (family doctor)"}]})
    written = 3
    for index in range(reviews):
        area = areas[index % len(areas)]
        _dump(out / "reviews" / f"review-{index + 1:05d}.yml", header,
              _review(writer, index, area, published_share))
        written += 1
    for year in range(FIRST_YEAR, FIRST_YEAR + YEARS + 1):
        _dump(out / "periods" / f"{year}-{(year + 1) % 100:02d}.yml", header,
              _period(writer, year, areas[0]))
        written += 1
    for number in range(max(2, reviews // 100)):
        _dump(out / "briefings" / f"briefing-{number + 1:03d}.yml", header,
              _briefing(writer, number))
        written += 1
    return written
