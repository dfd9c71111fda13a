"""The end of a game: each team's result set against what the computer achieved from the same
seat (a small sweep of all-computer games worked out in the background, see
:mod:`game.baseline`) and ranked by that, the raw score beside it; each state's objectives;
a war ending says everyone lost and shows where each team stood before it; the replay saved;
and the debrief (D) written as one printable web page next to the saves."""
from __future__ import annotations

import threading
import time
from pathlib import Path

import pygame

from ...baseline import DEFAULT_GAMES, Baseline
from ...baseline import of_replay as baseline_of_replay
from ...debrief import TeamResult, debrief_html, team_results
from ...engine import Game
from ...replay import Replay
from .. import palette as pal
from ..printing import browser_available, open_in_browser, write_document
from ..session import Session, slug
from .. import fonts
from ..widgets import (BODY, HEAD, SMALL, TITLE, Button, ListView, button_row, draw_arrow,
                       fitting, line_h, panel, paragraph, state_badge, text, theme, wrap)
from ..screen import Screen
from ..describe import number


def war_story(game: Game, viewer: str | None = None) -> str:
    """Why the war came: the biggest pushes to tension in the final turn, from the ledger."""
    last = game.reports[-1].turn if game.reports else game.turn
    parts = game.explain("track.tension", last, viewer)
    ups = sorted((p for p in parts if p["delta"] > 0), key=lambda p: -p["delta"])[:3]
    push = "; ".join(f"{p['label']} ({number(p['delta'])})" for p in ups)
    war = next(t.war_at for t in game.public_view().tracks if t.id == "tension")
    s = (f"During turn {last} tension on the peninsula reached {war:.0f}, the top of its "
         f"track: war broke out, and every state scores 0 — the outcome every side loses.")
    if push:
        s += f" The last pushes: {push}."
    return s


class EndScreen(Screen):
    """Six score cards, each with its objectives; when the text is too large for every
    objective to fit in the cards, a ranking list (Up/Down) beside the chosen state's card."""

    name = "final scores"
    keys = [("Up/Down", "choose a state (large text)"), ("S", "save the replay"),
            ("D", "the debrief: a printable web page next to the saves"),
            ("H", "history charts"), ("Esc or Q", "title screen")]

    def __init__(self, app, session: Session | None, game: Game | None = None,
                 on_back=None, replay: Replay | None = None,
                 baseline_games: int | None = None) -> None:
        super().__init__(app)
        self.session = session
        g = game or (session.game if session else None)
        if g is None:
            raise ValueError("EndScreen needs a session or a game")
        self.game = g
        self.on_back = on_back
        self.saved: str = ""
        self.written: str = ""
        self.replay = replay if replay is not None else (session.to_replay() if session
                                                         else None)
        self.seats = dict(self.replay.seats) if self.replay is not None else {}
        self.games = (baseline_games if baseline_games is not None
                      else getattr(app, "baseline_games", DEFAULT_GAMES))
        self.save_b = Button("Save the replay", self.save, hint="S", style="primary")
        self.debrief_b = Button("Debrief", self.debrief, hint="D",
                                tip="Debrief\nWrites the class debrief (results against the "
                                    "computer, turning points, questions, every order "
                                    "revealed) as a printable web page next to the saves.")
        self.hist_b = Button("History charts", self.history, hint="H")
        self.back_b = Button("Title screen" if on_back is None else "Back", self.back,
                             hint="Esc")
        self.save_b.visible = session is not None and self.replay is not None
        self.debrief_b.visible = self.replay is not None
        self.standings = {st.actor: st for st in self.game.public_view().standings}
        # the computer's results from each seat, worked out in the background
        self.baseline: Baseline | None = None
        self.progress = (0, self.games)
        self.failed = ""
        self._lock = threading.Lock()
        self._done = threading.Event()
        self._debrief_job: threading.Thread | None = None
        self._debrief_result: tuple[str, str] | None = None     # ("ok"|"error", path|message)
        self.teams: dict[str, TeamResult] = {}
        self.order: list[str] = []
        self._rank()
        self.ranking = ListView(self.order, self._rank_row)
        if self.replay is not None and self.games > 0:
            self._job = threading.Thread(target=self._compute, daemon=True,
                                         name="computer baseline")
            self._job.start()
        else:
            self._done.set()
        self.grid = True
        self.cards: list[pygame.Rect] = []
        self.detail = pygame.Rect(0, 0, 0, 0)
        self.head_h = 0
        self._ring()

    # ------------------------------------------------------------------ the baseline
    def _compute(self) -> None:
        def seen(done: int, total: int) -> None:
            with self._lock:
                self.progress = (done, total)
        try:
            assert self.replay is not None
            b = baseline_of_replay(self.replay, self.games, on_progress=seen)
        except Exception as e:  # noqa: BLE001 (shown on screen; the raw scores stand)
            with self._lock:
                self.failed = str(e) or type(e).__name__
        else:
            with self._lock:
                self.baseline = b
        self._done.set()

    def wait_baseline(self, timeout: float | None = None) -> bool:
        """Wait for the computer's results (tests, and the debrief); True once they are in."""
        ok = self._done.wait(timeout)
        self.update(0)
        return ok

    @property
    def computing(self) -> bool:
        return not self._done.is_set()

    def _rank(self) -> None:
        with self._lock:
            base = self.baseline
        ranked = team_results(self.game, self.seats, base)
        self.teams = {t.actor: t for t in ranked}
        self.ranked = base is not None and not self.game.state.war
        self.order = ([t.actor for t in ranked] if self.ranked or self.game.state.war
                      else list(self.game.actors))
        if hasattr(self, "ranking"):
            self.ranking.items = self.order

    def update(self, dt: float) -> None:
        if self._done.is_set() and self.baseline is not None and not any(
                t.computer is not None for t in self.teams.values()):
            self._rank()
            self.layout(*self.app.size)
        if self._debrief_result is not None:
            kind, what = self._debrief_result
            self._debrief_result = None
            self._debrief_job = None
            if kind == "ok":
                self._written(Path(what))
            else:
                self.app.message("Could not write the debrief", what, danger=True)

    # ------------------------------------------------------------------ the debrief
    def debrief_path(self) -> Path:
        folder = self.session.saves_dir if self.session else self.app.saves_dir
        stamp = time.strftime("%Y%m%d-%H%M%S")
        return folder / f"{slug(self.game.scenario.name)}-debrief-{stamp}.html"

    def debrief(self) -> None:
        """Write the debrief (in the background: it waits for the computer's results)."""
        if self.replay is None or self._debrief_job is not None:
            return
        path = self.debrief_path()
        replay = self.replay

        def job() -> None:
            self._done.wait()
            try:
                page = debrief_html(replay, 0, baseline=self.baseline)
                write_document(path.parent, path.name, page)
            except Exception as e:  # noqa: BLE001 (told to the teacher; the game is kept)
                self._debrief_result = ("error", f"{type(e).__name__}: {e}")
            else:
                self._debrief_result = ("ok", str(path))
        self._debrief_job = threading.Thread(target=job, daemon=True, name="debrief")
        self._debrief_job.start()

    def wait_debrief(self, timeout: float | None = None) -> None:
        job = self._debrief_job
        if job is not None:
            job.join(timeout)
        self.update(0)

    def _written(self, path: Path) -> None:
        self.written = str(path)
        body = (f"The debrief is written to {path}. Open it in a web browser to show it or "
                f"print it.")
        if browser_available():
            self.app.confirm("Debrief written", body, "Open it in the browser",
                             lambda: self._open(path), no="OK")
        else:
            self.app.message("Debrief written", body)

    def _open(self, path: Path) -> None:
        if not open_in_browser(path):
            self.app.message("No browser opened", f"The file is at {path}.")

    def _ring(self) -> None:
        buttons = [b for b in (self.save_b, self.debrief_b, self.hist_b, self.back_b)
                   if b.visible]
        self.ring.set(buttons if self.grid else [self.ranking, *buttons])
        if not self.grid:
            self.ring.focus(self.ranking)

    def save(self) -> None:
        s = self.session
        if s is None:
            return
        stamp = time.strftime("%Y%m%d-%H%M%S")
        path = s.saves_dir / f"{s.game.scenario.name}-replay-{stamp}.json"
        try:
            s.save(path)
        except OSError as e:
            self.app.message("Could not save the replay", str(e), danger=True)
            return
        self.saved = str(path)
        self.app.message("Replay saved", f"Saved to {path}. Watch it from the title screen "
                         f"(Watch a replay) or check it with `whales replay verify`.")

    def history(self) -> None:
        who = self.order[self.ranking.selected] if not self.grid else "dprk"
        self.app.go("history", game=self.game, actor=who, back=self)

    def back(self) -> None:
        if self.on_back is not None:
            self.on_back()
            return
        self.app.quit_to_title()

    def handle(self, ev) -> bool:
        if ev.type == pygame.KEYDOWN and not ev.mod & pygame.KMOD_CTRL:
            if ev.key == pygame.K_s and self.save_b.visible:
                self.save()
                return True
            if ev.key == pygame.K_h:
                self.history()
                return True
            if ev.key == pygame.K_d and self.debrief_b.visible:
                self.debrief()
                return True
            if ev.key == pygame.K_q:
                self.back()
                return True
        return super().handle(ev)

    # ------------------------------------------------------------------ layout
    def title_size(self) -> int:
        """The big title, a step smaller at large text (the cards need the room)."""
        return TITLE if fonts.text_scale() <= 1.1 else fonts.TITLE

    def subtitle(self) -> str:
        g = self.game
        with self._lock:
            done, total = self.progress
            failed = self.failed
        if self.computing:
            versus = (f"Working out what the computer achieves from each seat ({done} of "
                      f"{total} games) to rank the teams by it.")
        elif self.baseline is not None:
            versus = (f"Ranked by the result less what the computer achieved from the same "
                      f"seat in {self.baseline.games} games (the raw score 0–100 beside it); "
                      f"the rows: each objective, its value and its points.")
        elif failed:
            versus = f"No computer comparison ({failed}): raw scores, not ranked."
        else:
            versus = "Raw scores on each state's own objectives, not ranked (they start far apart)."
        if g.state.war:
            return (war_story(g, self.session.viewer if self.session else None)
                    + " Beside each 0: its score before the war and the computer's.")
        how = ("The teacher ended the game early" if any(
            a.get("action") == "end_early" for r in g.reports for a in r.actions)
            or (g.state.over and len(g.reports) < g.scenario.turns) else "The game is over")
        n = len(g.reports)
        return f"{how} after {n} turn{'s' if n != 1 else ''}. {versus}"

    def layout(self, w: int, h: int) -> None:
        m = 12
        bh = line_h(BODY, True) + 16
        sub = wrap(self.subtitle(), BODY, w - 2 * m)
        self.head_h = line_h(self.title_size(), True) + 8 + min(3, len(sub)) * line_h(BODY) + 8
        row = pygame.Rect(m, h - m - bh, w - 2 * m, bh)
        buttons = [b for b in (self.save_b, self.debrief_b, self.hist_b, self.back_b)
                   if b.visible]
        bw = max(fonts.size(f"{b.label}  [{b.hint}]", BODY, True)[0] + 28 for b in buttons)
        bw = min(bw, (row.w - 12 * (len(buttons) - 1)) // len(buttons))
        n = len(buttons)
        button_row(buttons, pygame.Rect(row.right - n * bw - (n - 1) * 12, row.y,
                                        n * bw + (n - 1) * 12, bh))
        top = m + self.head_h
        area = pygame.Rect(m, top, w - 2 * m, row.y - 10 - top)
        most = max(len(st.objectives) for st in self.standings.values())
        ch = (area.h - 10) // 2
        self.grid = ch >= self.card_height(most)
        if self.grid:
            cw = (area.w - 2 * 10) // 3
            self.cards = [pygame.Rect(m + (i % 3) * (cw + 10), top + (i // 3) * (ch + 10), cw, ch)
                          for i in range(6)]
        else:
            lw = max(int(area.w * 0.36), 0)
            self.ranking.row_h = line_h(BODY, True) + 14
            self.ranking.rect = pygame.Rect(area.x, area.y, lw, min(area.h, 6 * self.ranking.row_h))
            self.detail = pygame.Rect(area.x + lw + 12, area.y, area.w - lw - 12, area.h)
        self._ring()

    @staticmethod
    def card_height(rows: int) -> int:
        return 12 + line_h(HEAD, True) + 6 + rows * (line_h(SMALL) + 1) + 8

    # ------------------------------------------------------------------ drawing
    def draw(self, surf) -> None:
        th = theme()
        g = self.game
        w = surf.get_width()
        ts = self.title_size()
        if g.state.war:
            text(surf, f"WAR — everyone lost — {g.date()}", (12, 12), ts, pal.VERMILLION, True,
                 max_w=w - 24)
            colour = th.text
        else:
            text(surf, f"Final results — {g.date()}", (12, 12), ts, th.text, True, max_w=w - 24)
            colour = th.muted
        y = 16 + line_h(ts, True)
        paragraph(surf, self.subtitle(), pygame.Rect(12, y, w - 24, 12 + self.head_h - y - 4),
                  BODY, colour)
        if self.grid:
            for a, r in zip(self.order, self.cards):
                self._card(surf, r, a)
        else:
            a = self.order[self.ranking.selected]
            self._card(surf, self.detail, a)
            lr = self.ranking.rect
            if lr.bottom + 12 + line_h(SMALL) <= self.detail.bottom:
                paragraph(surf, "Up/Down: another state's objectives",
                          pygame.Rect(lr.x + 4, lr.bottom + 12, lr.w - 8,
                                      self.detail.bottom - lr.bottom - 12), SMALL, th.muted)
        if self._debrief_job is not None:
            text(surf, "Writing the debrief…", (12, self.back_b.rect.centery), BODY, th.focus,
                 True, "midleft", max_w=max(0, min(b.rect.x for b in (self.save_b,
                                                                        self.debrief_b,
                                                                        self.hist_b,
                                                                        self.back_b)
                                                   if b.visible) - 24))
        super().draw(surf)

    def _rank_label(self, actor: str) -> str:
        t = self.teams[actor]
        return f"{t.rank}. " if self.ranked and t.rank is not None else ""

    def _big_number(self, actor: str) -> str:
        """The number a card leads with: the result against the computer once it is known."""
        t = self.teams[actor]
        if self.ranked and t.versus is not None:
            return f"{t.versus:+.1f}"
        return f"{t.score:.0f}"

    def _versus_forms(self, actor: str) -> list[str]:
        """What stands beside the big number, longest first: the raw score and the
        computer's from this seat (before the war, in a war)."""
        t = self.teams[actor]
        if self.game.state.war:
            was = t.before_war or 0.0
            if t.computer is not None:
                return [f"before the war {was:.0f} · computer {t.computer:.0f}",
                        f"was {was:.0f} · cmp {t.computer:.0f}", f"was {was:.0f}", ""]
            return [f"before the war {was:.0f}", f"was {was:.0f}", ""]
        if t.computer is not None:
            return [f"score {t.score:.0f} · computer {t.computer:.0f}",
                    f"{t.score:.0f} vs {t.computer:.0f}", f"{t.score:.0f}", ""]
        return [""]

    def _who(self, actor: str) -> str:
        if self.session is not None and self.session.is_human(actor):
            return " (player)"
        return ""

    def _rank_row(self, surf, r: pygame.Rect, actor: str, sel: bool) -> None:
        th = theme()
        g = self.game
        hh = r.h - 12
        state_badge(surf, pygame.Rect(r.x + 6, r.y + 6, hh, hh), actor)
        sc = text(surf, self._big_number(actor), (r.right - 10, r.centery), BODY, th.focus,
                  True, "midright")
        rank = self._rank_label(actor)
        room = sc.x - 10 - (r.x + hh + 14)
        name = fitting([f"{rank}{g.rules.name(actor)}{self._who(actor)}",
                        f"{rank}{g.rules.name(actor)}",
                        f"{rank}{pal.STATES[actor].short}"], BODY, room, True)
        text(surf, name, (r.x + hh + 14, r.centery), BODY, th.text, True, "midleft", max_w=room)

    def _card(self, surf, r: pygame.Rect, actor: str) -> None:
        th = theme()
        g = self.game
        c = panel(surf, r)
        hh = line_h(HEAD, True)
        state_badge(surf, pygame.Rect(c.x, c.y, hh, hh), actor)
        big = self._big_number(actor)
        t = self.teams[actor]
        tone = th.focus
        if self.ranked and t.versus is not None:
            tone = pal.BLUISH_GREEN if t.versus > 0.05 else (pal.VERMILLION if t.versus < -0.05
                                                              else th.text)
        if g.state.war:
            big, tone = "0", pal.VERMILLION
        sc = text(surf, big, (c.right, c.y + hh // 2), HEAD, tone, True, "midright")
        rank = self._rank_label(actor)
        names = [f"{rank}{g.rules.name(actor)}{self._who(actor)}", f"{rank}{g.rules.name(actor)}",
                 f"{rank}{pal.STATES[actor].short}"]
        room = sc.x - 12 - (c.x + hh + 8)
        # the name (with "(player)") and the shortest comparison first; then the longest
        # comparison that still fits beside them
        forms = self._versus_forms(actor)
        least = min((fonts.size(f, SMALL)[0] + 12 for f in forms if f), default=0)
        name = fitting(names, BODY, max(0, room - least), True)
        side = fitting(forms, SMALL, max(0, room - fonts.size(name, BODY, True)[0] - 12))
        if side:
            text(surf, side, (sc.x - 10, c.y + hh // 2), SMALL, th.muted, False, "midright")
        text(surf, name, (c.x + hh + 8, c.y + hh // 2), BODY, th.text, True, "midleft",
             max_w=room)
        y = c.y + hh + 6
        lh = line_h(SMALL) + 1
        f, fb = fonts.font(SMALL), fonts.font(SMALL, True)
        pts_w = fb.size("20.0")[0]
        val_w = f.size("-100")[0] + 16                # the value and its "lower is better" arrow
        for p in self.standings[actor].objectives:
            if y + lh > c.bottom + 2:
                break
            text(surf, p.label, (c.x, y), SMALL, th.text, False,
                 max_w=c.w - pts_w - val_w - 16)
            vr = text(surf, f"{p.value:.0f}", (c.right - pts_w - 10, y), SMALL, th.muted,
                      False, "topright")
            if p.direction == "down":      # lower is better
                draw_arrow(surf, (vr.x - 9, vr.centery), "down", 5, th.muted)
            text(surf, f"{p.points:.1f}", (c.right, y), SMALL, th.text, True, "topright")
            y += lh
