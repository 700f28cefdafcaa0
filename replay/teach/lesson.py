"""Lessons: ordered cards tied to replay times, some of them pause points with a question.

A lesson is data (``assets/lessons/<scenario>.toml``). :class:`LessonPlayer` is the state a
lesson panel shows: which card is current at a replay time, and the pause points the class has
not answered yet (the replay clock's stop times: playback holds there).

>>> quiz = Card(10.0, "Q", "?", question="Why?", answer="Because.")
>>> lesson = Lesson("x", "X", "", (Card(0.0, "Liftoff", "Go."), quiz))
>>> player = LessonPlayer(lesson)
>>> player.card_at(5.0).title, player.pause_times(), player.pause_at(10.0).title
('Liftoff', [10.0], 'Q')
>>> _ = player.answer(quiz); player.pause_times()
[]
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from replay.core.view_state import ViewState

from replay.teach.reveal import FUTURE, check_reveals

#: The map views a card may ask for.
MAP_VIEWS = ("follow", "fit", "world")


@dataclass(frozen=True, slots=True)
class Card:
    """What to say at a replay time: a title, the text, the channels to watch, maybe a question."""

    t_s: float
    title: str
    text: str
    watch: tuple[str, ...] = ()
    question: str | None = None
    answer: str | None = None
    #: What the answer reveals (see :mod:`replay.teach.reveal`), held back until it is shown.
    reveals: tuple[str, ...] = ()
    #: The map view the card wants: "follow" (the vehicle), "fit" (the flight) or "world".
    map_view: str | None = None

    @property
    def pauses(self) -> bool:
        return self.question is not None


@dataclass(frozen=True, slots=True)
class Lesson:
    """A scenario's lesson."""

    scenario_id: str
    title: str
    summary: str
    cards: tuple[Card, ...]
    #: A saved view the lesson starts from (``view = "name.toml"``: a file of assets/views).
    view: str | None = None


def lesson_from_dict(path: Path | str, d: dict[str, Any]) -> Lesson:
    """Build and check a lesson; a ``ValueError`` names the file and what is wrong."""
    cards = []
    for k, c in enumerate(d.get("card", []), start=1):
        try:
            pause = c.get("pause")
            card = Card(
                t_s=float(c["t_s"]),
                title=str(c["title"]),
                text=" ".join(str(c["text"]).split()),
                watch=tuple(str(w) for w in c.get("watch", [])),
                question=None if pause is None else " ".join(str(pause["question"]).split()),
                answer=None if pause is None else " ".join(str(pause["answer"]).split()),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(
                f"{path}: card {k}: expected t_s, title, text (and pause.question "
                f"with pause.answer), problem: {exc!r}"
            ) from None
        view = c.get("map")
        if view is not None:
            if view not in MAP_VIEWS:
                raise ValueError(f"{path}: card {k}: map = {view!r}; expected one of {MAP_VIEWS}")
            card = replace(card, map_view=str(view))
        if pause is not None and "reveals" in pause:
            card = replace(card, reveals=check_reveals(pause["reveals"], f"{path}: card {k}"))
        cards.append(card)
    if not cards:
        raise ValueError(f"{path}: a lesson needs at least one [[card]]")
    times = [c.t_s for c in cards]
    if times != sorted(times):
        raise ValueError(f"{path}: cards must be in time order, found {times}")
    view = d.get("view")
    if view is not None and (
        not isinstance(view, str) or not view.endswith(".toml") or Path(view).name != view
    ):
        raise ValueError(
            f"{path}: view: expected the name of a view file, 'name.toml'; got {view!r}"
        )
    return Lesson(
        str(d["scenario"]),
        str(d["title"]),
        " ".join(str(d.get("summary", "")).split()),
        tuple(cards),
        view,
    )


def lesson_view(lesson: Lesson, folder: Path | None = None) -> ViewState | None:
    """The saved view a lesson names (from ``folder``, default the bundled assets/views), or
    ``None``; a missing or bad view file raises a one-line ``ValueError`` naming it."""
    if lesson.view is None:
        return None
    from replay.core.view_file import read_view
    from replay.resources import assets_dir

    path = (folder or assets_dir() / "views") / lesson.view
    if not path.is_file():
        raise ValueError(f"{path}: no such view file (named by the lesson {lesson.scenario_id!r})")
    return read_view(path)


def load_lesson(scenario_id: str) -> Lesson | None:
    """The bundled lesson of a scenario, or ``None`` when it has none."""
    from replay.resources import assets_dir

    path = assets_dir() / "lessons" / f"{scenario_id}.toml"
    if not path.is_file():
        return None
    with path.open("rb") as fh:
        return lesson_from_dict(path, tomllib.load(fh))


@dataclass
class LessonPlayer:
    """Where a class is in a lesson, and what the teacher chose to show."""

    lesson: Lesson
    pauses_enabled: bool = True
    hide_answers: bool = False
    answered: set[int] = field(default_factory=set)
    #: What answers shown so far revealed (not what was answered with answers hidden).
    revealed: set[str] = field(default_factory=set)

    def index_at(self, t_s: float) -> int:
        """The current card: the last one whose time has come (the first before any has)."""
        index = 0
        for k, card in enumerate(self.lesson.cards):
            if card.t_s <= t_s + 1e-9:
                index = k
        return index

    def card_at(self, t_s: float) -> Card:
        return self.lesson.cards[self.index_at(t_s)]

    def pause_times(self) -> list[float]:
        """When playback must hold: the unanswered pause points (none with pauses off)."""
        if not self.pauses_enabled:
            return []
        cards = self.lesson.cards
        return [c.t_s for k, c in enumerate(cards) if c.pauses and k not in self.answered]

    def pause_at(self, t_s: float) -> Card | None:
        """The unanswered pause point at ``t_s`` (where playback was held), if any."""
        for k, card in enumerate(self.lesson.cards):
            if card.pauses and k not in self.answered and abs(card.t_s - t_s) <= 1e-9:
                return card
        return None

    def answer(self, card: Card) -> str | None:
        """Mark a pause answered; the answer to reveal (``None`` if the teacher hides answers,
        and then what it reveals stays held back)."""
        self.answered.add(self.lesson.cards.index(card))
        if self.hide_answers:
            return None
        self.revealed.update(card.reveals)
        return card.answer

    def held_back(self) -> frozenset[str]:
        """What the views hold back now (nothing with the pauses off: no lesson is running)."""
        if not self.pauses_enabled:
            return frozenset()
        declared = {r for c in self.lesson.cards for r in c.reveals}
        return frozenset({FUTURE} | (declared - self.revealed))
