"""The lesson panel: the current card, and the pause points that stop playback with a question.

Cards follow the replay time both ways (a seek backwards shows the earlier card). The pause
points not answered yet are the clock's stop times: playback holds exactly there and, once every
view shows that time, the panel asks the question. "Reveal the answer" shows it and what it
reveals on the other views (:mod:`replay.teach.reveal`), still paused, so the class can look;
"Continue" then plays on, past the stop. With answers hidden, Continue plays on at once and what
the answer would have revealed stays held back. ``held_back_changed`` tells the views.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from replay.core.display import display_of, stage_labels
from replay.core.timefmt import format_t_plus
from replay.qt import theme
from replay.qt.controller import Controller
from replay.session import Session
from replay.teach.lesson import Card, LessonPlayer

REVEAL_TEXT = "Reveal the answer"
CONTINUE_TEXT = "Continue ▶"


class LessonPanel(QWidget):
    """Shows and drives the session's lesson (empty when the flight has none)."""

    held_back_changed = Signal(object)  # frozenset[str]: what the views hold back now
    card_shown = Signal(object)  # the Card now current (the lesson's layout follows it)

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.player: LessonPlayer | None = None
        self.waiting: Card | None = None
        self.revealed: Card | None = None  # its answer shown: the next click plays on
        self.held_back: frozenset[str] = frozenset()
        self._t = 0.0
        self._shown = -1
        box = QVBoxLayout(self)
        self.title = QLabel("No lesson for this flight", self)
        self.title.setObjectName("title")
        self.title.setWordWrap(True)
        box.addWidget(self.title)
        self.card = QTextBrowser(self)
        self.card.setOpenExternalLinks(False)
        box.addWidget(self.card, 1)
        self.question = QLabel("", self)
        self.question.setWordWrap(True)
        self.question.setStyleSheet(f"color: {theme.CAUTION}; font-weight: bold;")
        self.answer = QLabel("", self)
        self.answer.setWordWrap(True)
        self.answer.setStyleSheet(f"color: {theme.AOS};")
        self.continue_button = QPushButton(REVEAL_TEXT, self)
        self.continue_button.clicked.connect(self.continue_lesson)
        for label in (self.question, self.answer):
            box.addWidget(label)
        box.addWidget(self.continue_button)
        row = QHBoxLayout()
        self.previous_button = QPushButton("◀ Card", self)
        self.previous_button.clicked.connect(lambda: self.step(-1))
        self.next_button = QPushButton("Card ▶", self)
        self.next_button.clicked.connect(lambda: self.step(1))
        self.pauses = QCheckBox("Pause for questions", self)
        self.pauses.setChecked(True)
        self.pauses.toggled.connect(self._pauses_toggled)
        self.hide_answers = QCheckBox("Hide answers", self)
        self.hide_answers.toggled.connect(self._hide_toggled)
        for w in (self.previous_button, self.next_button, self.pauses, self.hide_answers):
            row.addWidget(w)
        box.addLayout(row)
        self._show_question(None)
        controller.clock.stopped.connect(self._held)

    @property
    def t_s(self) -> float:
        return self._t

    def set_session(self, session: Session) -> None:
        lesson = session.lesson
        if self.player is not None and lesson is self.player.lesson:
            return  # the same flight, refined: the class stays where it is in the lesson
        self.player = (
            None
            if lesson is None
            else LessonPlayer(lesson, self.pauses.isChecked(), self.hide_answers.isChecked())
        )
        self.title.setText(lesson.title if lesson else "No lesson for this flight")
        self._shown = -1
        self._show_question(None)
        self.card.setHtml(f"<p>{lesson.summary}</p>" if lesson else "")
        for w in (self.previous_button, self.next_button, self.pauses, self.hide_answers):
            w.setEnabled(lesson is not None)
        self._set_stops()
        self._tell_held_back()

    def seek(self, t_s: float) -> None:
        """Follow the replay: show the current card."""
        self._t = t_s
        if self.player is None:
            return
        index = self.player.index_at(t_s)
        if index != self._shown:
            self._shown = index
            self._show_card(self.player.lesson.cards[index])
            self.card_shown.emit(self.player.lesson.cards[index])
            if self.waiting is None:  # a question and its answer go with their card
                self.question.setVisible(False)
                self.answer.setVisible(False)

    def continue_lesson(self) -> None:
        """The first click reveals the answer (and what it reveals), still paused; the second
        plays on. With answers hidden, one click plays on."""
        if self.player is None or self.waiting is None:
            return
        if self.revealed is None:
            answer = self.player.answer(self.waiting)
            self._tell_held_back()
            if answer is not None:
                self.answer.setText(f"Answer: {answer}")
                self.answer.setVisible(True)
                self.revealed = self.waiting
                self.continue_button.setText(CONTINUE_TEXT)
                return
        self.waiting = self.revealed = None
        self.continue_button.setVisible(False)
        self._set_stops()
        self.controller.clock.play()

    def progress(self) -> tuple[tuple[int, ...], tuple[str, ...]]:
        """The pauses answered and what was revealed (for a view state)."""
        if self.player is None:
            return (), ()
        return tuple(sorted(self.player.answered)), tuple(sorted(self.player.revealed))

    def current_card(self) -> Card | None:
        return None if self.player is None else self.player.card_at(self._t)

    def restore(self, answered: tuple[int, ...], revealed: tuple[str, ...]) -> None:
        """Take up a lesson's progress (a saved view, a fresh window brought to a state)."""
        if self.player is None:
            return
        self.player.answered = set(answered)
        self.player.revealed = set(revealed)
        self._set_stops()
        self._tell_held_back()

    def _tell_held_back(self) -> None:
        held = self.player.held_back() if self.player is not None else frozenset()
        if held != self.held_back:
            self.held_back = held
            self.held_back_changed.emit(held)

    def _held(self, t_s: float) -> None:
        """Playback is held at a stop time: ask that pause point's question."""
        card = None if self.player is None else self.player.pause_at(t_s)
        if card is not None:
            self._show_question(card)

    def _set_stops(self) -> None:
        self.controller.clock.set_stops([] if self.player is None else self.player.pause_times())

    def step(self, delta: int) -> None:
        """To the previous or next card's time."""
        if self.player is None:
            return
        cards = self.player.lesson.cards
        index = min(max(self.player.index_at(self._t) + delta, 0), len(cards) - 1)
        self.controller.seek(cards[index].t_s)

    def _show_card(self, card: Card) -> None:
        watch = ", ".join(self._readable(name) for name in card.watch)
        html = f"<h3>{format_t_plus(card.t_s)} — {card.title}</h3><p>{card.text}</p>"
        if watch:
            html += f"<p><i>Watch: {watch}</i></p>"
        self.card.setHtml(html)

    def _show_question(self, card: Card | None) -> None:
        self.waiting = card
        self.revealed = None
        hidden = self.player is not None and self.player.hide_answers
        self.continue_button.setText(CONTINUE_TEXT if hidden else REVEAL_TEXT)
        self.question.setText("" if card is None else f"Question: {card.question}")
        self.question.setVisible(card is not None)
        self.continue_button.setVisible(card is not None)
        if card is not None:
            self.answer.setVisible(False)
            self._shown = self.player.lesson.cards.index(card) if self.player else -1
            self._show_card(card)

    def _readable(self, name: str) -> str:
        """A channel as every view names it ("Third stage (Blok I) chamber pressure")."""
        s = self.controller.session
        if s is None:
            return name
        unit = s.flight.units.get(name, "")
        return display_of(name, unit, stages=stage_labels(s.flight.meta.scenario_id)).title

    def _pauses_toggled(self, on: bool) -> None:
        if self.player is not None:
            self.player.pauses_enabled = on
            self._set_stops()
            self._tell_held_back()

    def _hide_toggled(self, on: bool) -> None:
        if self.player is not None:
            self.player.hide_answers = on
            if self.waiting is not None and self.revealed is None:
                self.continue_button.setText(CONTINUE_TEXT if on else REVEAL_TEXT)
