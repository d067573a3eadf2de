"""The instrument registry: items, answer options, scoring and bands, as data (no Django).

Source of truth: clinical-reference.md §1 (wording verbatim from the owners' public-domain or
free-to-use versions) and §3 (our own session check). Item wording, order, time frame and
options are never edited; framing text goes before an instrument, never inside it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum


class Licence(StrEnum):
    PUBLIC_DOMAIN = "public_domain"
    FREE_ATTRIBUTION = "free_attribution"
    FREE_NONCOMMERCIAL = "free_noncommercial"
    PERMISSION_REQUIRED = "permission_required"
    PROPRIETARY = "proprietary"
    OWN = "own"


@dataclass(frozen=True)
class Option:
    value: int
    label: str
    loinc: str = ""


@dataclass(frozen=True)
class Item:
    number: int
    text: str
    loinc: str = ""
    reverse: bool = False
    scored: bool = True
    options: tuple[Option, ...] = ()  # item-specific options; else the instrument's


@dataclass(frozen=True)
class Band:
    low: float
    high: float
    label: str  # clinician-facing (formal band names)
    plain: str  # client-facing, non-pathologizing


@dataclass(frozen=True)
class Instrument:
    code: str
    title: str
    version: str
    time_frame: str
    instructions: str
    items: tuple[Item, ...]
    options: tuple[Option, ...]
    scoring: str  # "sum" or "mean"
    higher_is_better: bool
    licence: Licence
    attribution: str
    why_asked: str
    bands: tuple[Band, ...] = ()
    loinc_panel: str = ""
    loinc_total: str = ""
    clinical_cutoff: float | None = None  # "crossed" means ending on the healthier side
    cutoff_note: str = ""
    safety_item: int | None = None  # an answer above 0 on this item is a safety flag
    validated: bool = True
    requires_licence_flag: bool = False
    clusters: dict[str, tuple[int, ...]] = field(default_factory=dict)
    # What clients read: plain words first, the code after ("Mood check (PHQ-9)"); the title
    # (formal name) is for the care team. Empty where the title is already plain.
    client_name: str = ""

    @property
    def client_title(self) -> str:
        return self.client_name or self.title

    @property
    def score_word(self) -> str:
        """What the score is, in words: a mean is an "average", never a "total"."""
        return "average" if self.scoring == "mean" else "total"

    @property
    def scored_items(self) -> tuple[Item, ...]:
        return tuple(i for i in self.items if i.scored)

    def options_for(self, item: Item) -> tuple[Option, ...]:
        return item.options or self.options

    @property
    def score_range(self) -> tuple[float, float]:
        lows = [min(o.value for o in self.options_for(i)) for i in self.scored_items]
        highs = [max(o.value for o in self.options_for(i)) for i in self.scored_items]
        if self.scoring == "mean":
            return (min(lows), max(highs))
        return (float(sum(lows)), float(sum(highs)))


FREQUENCY = (
    Option(0, "Not at all", "LA6568-5"),
    Option(1, "Several days", "LA6569-3"),
    Option(2, "More than half the days", "LA6570-1"),
    Option(3, "Nearly every day", "LA6571-9"),
)
PHQ_ATTRIBUTION = (
    "Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues. "
    "No permission required to reproduce, translate, display or distribute."
)

PHQ9 = Instrument(
    code="phq9",
    title="PHQ-9",
    client_name="Mood check (PHQ-9)",
    version="PHQ-9 (Kroenke 2001), English",
    time_frame="last 2 weeks",
    instructions=(
        "Over the last 2 weeks, how often have you been bothered by any of the following problems?"
    ),
    items=(
        Item(1, "Little interest or pleasure in doing things", "44250-9"),
        Item(2, "Feeling down, depressed, or hopeless", "44255-8"),
        Item(3, "Trouble falling or staying asleep, or sleeping too much", "44259-0"),
        Item(4, "Feeling tired or having little energy", "44254-1"),
        Item(5, "Poor appetite or overeating", "44251-7"),
        Item(
            6,
            "Feeling bad about yourself - or that you are a failure or have let yourself or "
            "your family down",
            "44258-2",
        ),
        Item(
            7,
            "Trouble concentrating on things, such as reading the newspaper or watching television",
            "44252-5",
        ),
        Item(
            8,
            "Moving or speaking so slowly that other people could have noticed. Or the opposite "
            "- being so fidgety or restless that you have been moving around a lot more than "
            "usual",
            "44253-3",
        ),
        Item(
            9,
            "Thoughts that you would be better off dead, or of hurting yourself in some way",
            "44260-8",
        ),
        Item(
            10,
            "How difficult have these problems made it for you to do your work, take care of "
            "things at home, or get along with other people?",
            "69722-7",
            scored=False,
            options=(
                Option(0, "Not difficult at all"),
                Option(1, "Somewhat difficult"),
                Option(2, "Very difficult"),
                Option(3, "Extremely difficult"),
            ),
        ),
    ),
    options=FREQUENCY,
    scoring="sum",
    higher_is_better=False,
    licence=Licence.PUBLIC_DOMAIN,
    attribution=PHQ_ATTRIBUTION,
    why_asked=(
        "These questions about mood over the last two weeks help you and your care team notice "
        "changes over time. They are a conversation starter, not a diagnosis."
    ),
    bands=(
        Band(0, 4, "Minimal", "few signs of low mood lately"),
        Band(5, 9, "Mild", "some signs of low mood lately"),
        Band(10, 14, "Moderate", "a fair amount of low mood lately"),
        Band(15, 19, "Moderately severe", "quite a lot of low mood lately"),
        Band(20, 27, "Severe", "a great deal of low mood lately"),
    ),
    loinc_panel="44249-1",
    loinc_total="44261-6",
    clinical_cutoff=10,
    cutoff_note="Below 10 (PHQ-9 caseness; McMillan 2010).",
    safety_item=9,
)

GAD7 = Instrument(
    code="gad7",
    title="GAD-7",
    client_name="Worry and anxiety check (GAD-7)",
    version="GAD-7 (Spitzer 2006), English",
    time_frame="last 2 weeks",
    instructions=(
        "Over the last 2 weeks, how often have you been bothered by the following problems?"
    ),
    items=(
        Item(1, "Feeling nervous, anxious, or on edge", "69725-0"),
        Item(2, "Not being able to stop or control worrying", "68509-9"),
        Item(3, "Worrying too much about different things", "69733-4"),
        Item(4, "Trouble relaxing", "69734-2"),
        Item(5, "Being so restless that it is hard to sit still", "69735-9"),
        Item(6, "Becoming easily annoyed or irritable", "69689-8"),
        Item(7, "Feeling afraid, as if something awful might happen", "69736-7"),
    ),
    options=FREQUENCY,
    scoring="sum",
    higher_is_better=False,
    licence=Licence.PUBLIC_DOMAIN,
    attribution=PHQ_ATTRIBUTION,
    why_asked=(
        "These questions about worry and tension over the last two weeks help you and your care "
        "team see how things are changing. Any question can be skipped."
    ),
    bands=(
        Band(0, 4, "Minimal", "few signs of worry lately"),
        Band(5, 9, "Mild", "some worry lately"),
        Band(10, 14, "Moderate", "a fair amount of worry lately"),
        Band(15, 21, "Severe", "a great deal of worry lately"),
    ),
    loinc_panel="69737-5",
    loinc_total="70274-6",
    clinical_cutoff=10,
    cutoff_note="Below 10.",
)

PCL5_ITEMS = (
    "Repeated, disturbing, and unwanted memories of the stressful experience?",
    "Repeated, disturbing dreams of the stressful experience?",
    "Suddenly feeling or acting as if the stressful experience were actually happening again "
    "(as if you were actually back there reliving it)?",
    "Feeling very upset when something reminded you of the stressful experience?",
    "Having strong physical reactions when something reminded you of the stressful experience "
    "(for example, heart pounding, trouble breathing, sweating)?",
    "Avoiding memories, thoughts, or feelings related to the stressful experience?",
    "Avoiding external reminders of the stressful experience (for example, people, places, "
    "conversations, activities, objects, or situations)?",
    "Trouble remembering important parts of the stressful experience?",
    "Having strong negative beliefs about yourself, other people, or the world (for example, "
    "having thoughts such as: I am bad, there is something seriously wrong with me, no one can "
    "be trusted, the world is completely dangerous)?",
    "Blaming yourself or someone else for the stressful experience or what happened after it?",
    "Having strong negative feelings such as fear, horror, anger, guilt, or shame?",
    "Loss of interest in activities that you used to enjoy?",
    "Feeling distant or cut off from other people?",
    "Trouble experiencing positive feelings (for example, being unable to feel happiness or have "
    "loving feelings for people close to you)?",
    "Irritable behavior, angry outbursts, or acting aggressively?",
    "Taking too many risks or doing things that could cause you harm?",
    'Being "superalert" or watchful or on guard?',
    "Feeling jumpy or easily startled?",
    "Having difficulty concentrating?",
    "Trouble falling or staying asleep?",
)

PCL5 = Instrument(
    code="pcl5",
    title="PCL-5",
    client_name="Stress after a hard experience (PCL-5)",
    version="PCL-5 (Weathers 2013), English",
    time_frame="past month",
    # Our framing (clinical-reference §1.3 describes the instruction); the items are verbatim.
    instructions=(
        "These are problems people sometimes have after a very stressful experience. For each "
        "one, choose how much it has bothered you in the past month."
    ),
    items=tuple(Item(n, text) for n, text in enumerate(PCL5_ITEMS, start=1)),
    options=(
        Option(0, "Not at all"),
        Option(1, "A little bit"),
        Option(2, "Moderately"),
        Option(3, "Quite a bit"),
        Option(4, "Extremely"),
    ),
    scoring="sum",
    higher_is_better=False,
    licence=Licence.PUBLIC_DOMAIN,
    attribution="PCL-5: National Center for PTSD (US Government work; public domain).",
    why_asked=(
        "Hard experiences can affect sleep, mood and how safe the world feels. These questions "
        "help your care team understand what you carry, without asking you to describe what "
        "happened."
    ),
    # No empirically derived severity bands exist (Blevins 2015); the clinician view shows the
    # probable-PTSD cut-off range of 31–33 instead.
    clinical_cutoff=29,  # healthier side means below 29, i.e. 28 or less
    cutoff_note="28 or below after treatment (Marx 2022). Probable-PTSD cut-off: 31–33.",
    clusters={
        "B": (1, 2, 3, 4, 5),
        "C": (6, 7),
        "D": tuple(range(8, 15)),
        "E": tuple(range(15, 21)),
    },
)

UCLA3 = Instrument(
    code="ucla3",
    title="UCLA 3-item Loneliness Scale",
    client_name="Loneliness check (UCLA-3)",
    version="UCLA-3 (Hughes 2004), 3-point, English",
    time_frame="",
    instructions="Three questions about feeling connected. There are no right or wrong answers.",
    items=(
        Item(1, "How often do you feel that you lack companionship?"),
        Item(2, "How often do you feel left out?"),
        Item(3, "How often do you feel isolated from others?"),
    ),
    options=(Option(1, "Hardly ever"), Option(2, "Some of the time"), Option(3, "Often")),
    scoring="sum",
    higher_is_better=False,
    licence=Licence.FREE_ATTRIBUTION,
    attribution=(
        "Hughes ME, Waite LJ, Hawkley LC, Cacioppo JT (2004). Research on Aging 26:655–672."
    ),
    why_asked=(
        "Connection is at the heart of recovery. These three questions help you and your team "
        "notice when you might want more of it."
    ),
)

SCSSF_ITEMS = (
    ("When I fail at something important to me I become consumed by feelings of inadequacy.", True),
    (
        "I try to be understanding and patient towards those aspects of my personality "
        "I don't like.",
        False,
    ),
    ("When something painful happens I try to take a balanced view of the situation.", False),
    (
        "When I'm feeling down I tend to feel like most other people are probably happier "
        "than I am.",
        True,
    ),
    ("I try to see my failings as part of the human condition.", False),
    (
        "When I'm going through a very hard time, I give myself the caring and tenderness I need.",
        False,
    ),
    ("When something upsets me I try to keep my emotions in balance.", False),
    ("When I fail at something that's important to me, I tend to feel alone in my failure.", True),
    ("When I'm feeling down I tend to obsess and fixate on everything that's wrong.", True),
    (
        "When I feel inadequate in some way, I try to remind myself that feelings of inadequacy "
        "are shared by most people.",
        False,
    ),
    ("I'm disapproving and judgmental about my own flaws and inadequacies.", True),
    ("I'm intolerant and impatient towards those aspects of my personality I don't like.", True),
)

SCSSF = Instrument(
    code="scssf",
    title="Self-Compassion Scale – Short Form",
    client_name="Kindness to yourself (SCS-SF)",
    version="SCS-SF (Raes 2011), English",
    time_frame="how I typically act towards myself in difficult times",
    instructions=(
        "How I typically act towards myself in difficult times. For each statement, choose how "
        "often you act this way."
    ),
    items=tuple(
        Item(n, text, reverse=reverse) for n, (text, reverse) in enumerate(SCSSF_ITEMS, start=1)
    ),
    # Only the end points are labelled in the published form.
    options=(
        Option(1, "1 Almost never"),
        Option(2, "2"),
        Option(3, "3"),
        Option(4, "4"),
        Option(5, "5 Almost always"),
    ),
    scoring="mean",
    higher_is_better=True,
    licence=Licence.FREE_ATTRIBUTION,
    attribution=(
        "Raes F, Pommier E, Neff KD, Van Gucht D (2011). Clin Psychol Psychother 18:250–255. "
        "Free to use (K. Neff)."
    ),
    why_asked=(
        "How we treat ourselves in hard moments matters for recovery. This helps you notice how "
        "kindness toward yourself grows over time."
    ),
)

AUDITC = Instrument(
    code="auditc",
    title="AUDIT-C",
    client_name="Alcohol check (AUDIT-C)",
    version="AUDIT-C (Bush 1998), English",
    time_frame="",
    instructions="These questions are about drinks containing alcohol.",
    items=(
        Item(
            1,
            "How often do you have a drink containing alcohol?",
            "68518-0",
            options=(
                Option(0, "Never"),
                Option(1, "Monthly or less"),
                Option(2, "2-4 times a month"),
                Option(3, "2-3 times a week"),
                Option(4, "4 or more times a week"),
            ),
        ),
        Item(
            2,
            "How many standard drinks containing alcohol do you have on a typical day?",
            "68519-8",
            options=(
                Option(0, "1 or 2"),
                Option(1, "3 or 4"),
                Option(2, "5 or 6"),
                Option(3, "7 to 9"),
                Option(4, "10 or more"),
            ),
        ),
        Item(
            3,
            "How often do you have 6 or more drinks on 1 occasion?",
            "68520-6",
            options=(
                Option(0, "Never"),
                Option(1, "Less than monthly"),
                Option(2, "Monthly"),
                Option(3, "Weekly"),
                Option(4, "Daily or almost daily"),
            ),
        ),
    ),
    options=(),
    scoring="sum",
    higher_is_better=False,
    licence=Licence.FREE_NONCOMMERCIAL,
    attribution="AUDIT-C: Bush K et al. (1998). Arch Intern Med 158:1789–1795.",
    why_asked="These questions about drinking help you and your care team talk about alcohol.",
    loinc_panel="72109-2",
    loinc_total="75626-2",
    cutoff_note=(
        "Positive screen: 4 or more for men, 3 or more for women (Bush 1998; Bradley 2007)."
    ),
    requires_licence_flag=True,
)

BARC10_ITEMS = (
    "There are more important things to me in life than using substances.",
    "In general I am happy with my life.",
    "I have enough energy to complete the tasks I set myself.",
    "I am proud of the community I live in and feel part of it.",
    "I get lots of support from friends.",
    "I regard my life as challenging and fulfilling without the need for using drugs or alcohol.",
    "My living space has helped to drive my recovery journey.",
    "I take full responsibility for my actions.",
    "I am happy dealing with a range of professional people.",
    "I am making good progress on my recovery journey.",
)

BARC10 = Instrument(
    code="barc10",
    # A strengths measure: clients read it as recovery resources, never as a deficit (§1.6a).
    title="Recovery resources (BARC-10)",
    version="BARC-10 (Vilsaint 2017), English",
    time_frame="today",
    # The PhenX instruction (clinical-reference §1.6a); the items are verbatim.
    instructions=(
        "On a scale of 1 (Strongly disagree) to 6 (Strongly agree), rate how much you agree "
        "with each statement today."
    ),
    items=tuple(Item(n, text) for n, text in enumerate(BARC10_ITEMS, start=1)),
    # Only the end points are labelled in the published form; 2 to 5 are shown as numbers.
    options=(
        Option(1, "1 Strongly disagree"),
        Option(2, "2"),
        Option(3, "3"),
        Option(4, "4"),
        Option(5, "5"),
        Option(6, "6 Strongly agree"),
    ),
    scoring="sum",
    higher_is_better=True,
    licence=Licence.FREE_ATTRIBUTION,
    attribution=(
        "Brief Assessment of Recovery Capital (BARC-10): Vilsaint CL, et al. (2017). Drug "
        "Alcohol Depend 177:71–76. PhenX Toolkit: freely available; permission not required "
        "for use."
    ),
    why_asked=(
        "These statements are about the resources in your life that support your recovery: "
        "people, purpose, energy, a place to live. Seeing them over time shows what is growing."
    ),
    # No bands: the low/moderate/high bands seen elsewhere are informal (§1.0). The 47 is
    # research context for staff, never a label for the person, and no "crossed" line.
    cutoff_note=(
        "Research context, not a label: in the validation study, scores of 47 or more went "
        "with sustained remission (Vilsaint 2017)."
    ),
)

SESSION_CHECK = Instrument(
    code="session_check",
    title="How was today's session?",
    # Which session is named on the page: "today's" only on the day (measures/views.py).
    client_name="Session check",
    version="Reconnect session check v1 (our own, not validated)",
    time_frame="the session",
    instructions=(
        "Three quick questions about your session, from 0 to 10. Your answers change how your "
        "care is shaped, and nobody is ever penalised for a low rating."
    ),
    items=(
        Item(1, "I felt heard and understood."),
        Item(2, "We worked on what mattered to me."),
        Item(3, "The approach fits me."),
    ),
    options=tuple(Option(n, str(n)) for n in range(11)),
    scoring="mean",
    higher_is_better=True,
    licence=Licence.OWN,
    # Said plainly to clients; the care team's page says it is unvalidated (§3).
    attribution="Reconnect's own three questions, not a published questionnaire.",
    why_asked="Your view of each session helps your clinician adjust how you work together.",
    validated=False,
)

INSTRUMENTS: dict[str, Instrument] = {
    i.code: i for i in (PHQ9, GAD7, PCL5, UCLA3, SCSSF, AUDITC, BARC10, SESSION_CHECK)
}


def get(code: str) -> Instrument:
    """The instrument with this stable code; KeyError if there is none."""
    return INSTRUMENTS[code]


def available(*, auditc_enabled: bool = False) -> list[Instrument]:
    """Instruments that may be used here (AUDIT-C only with its licence flag on)."""
    return [i for i in INSTRUMENTS.values() if auditc_enabled or not i.requires_licence_flag]


def band_for(instrument: Instrument, total: float | None) -> Band | None:
    if total is None:
        return None
    for band in instrument.bands:
        if band.low <= total <= band.high:
            return band
    return None


def answered_options(instrument: Instrument, answers: Sequence[int | None]) -> list[str]:
    """Problems with answers: wrong count or values outside an item's options."""
    problems = []
    scored = len(instrument.scored_items)
    if not scored <= len(answers) <= len(instrument.items):
        problems.append(
            f"expected {scored} answers (up to {len(instrument.items)}), got {len(answers)}"
        )
        return problems
    for item, answer in zip(instrument.items, answers, strict=False):
        if answer is None:
            continue
        allowed = {o.value for o in instrument.options_for(item)}
        if isinstance(answer, bool) or answer not in allowed:
            problems.append(f"item {item.number}: {answer!r} is not one of {sorted(allowed)}")
    return problems
