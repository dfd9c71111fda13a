"""The lever panel and the order queue of the main screen.

Everything comes from the seat's view (:meth:`Session.seat_view`, the engine's
:class:`SeatView` with the draft counted): the levers listed are its lever choices, grouped;
the targets and options offered are the legal ones, each with its expected effects; costs,
summaries, sources and detection chances are the choices' own. Whether an order may join the
queue is the engine's one check (``Session.check`` → ``Game.check_orders``).
"""
from __future__ import annotations

import pygame

from ..engine import GROUPS, LeverChoice, OptionChoice, Order, OrderView, SeatView
from . import palette as pal
from .session import Session
from .widgets import (BODY, SMALL, Button, ListView, Picker, Widget, clean, draw_arrow,
                       fit, focus_ring, font, group_badge, line_h, paragraph, text, theme, wrap)
from .describe import effects_text, order_text

from .session import ALREADY  # noqa: E402

GROUP_TABS = {"sanctions": "Sanctions", "diplomacy": "Diplomacy", "military": "Military",
              "economy": "Economy", "covert": "Covert"}


class GroupTabs(Widget):
    """Five tabs, one per lever group; number keys 1–5, or Left/Right when focused."""

    def __init__(self, counts: dict[str, int], on_change) -> None:
        super().__init__(tip="Lever groups\nKeys 1–5: sanctions, diplomacy, alliances and "
                             "military, economy, covert action. Left/Right when focused.")
        self.counts = counts
        self.index = 0
        self.on_change = on_change

    def set(self, i: int) -> None:
        self.index = i % len(GROUPS)
        self.on_change(GROUPS[self.index])

    def key(self, ev) -> bool:
        if ev.key in (pygame.K_LEFT, pygame.K_RIGHT):
            self.set(self.index + (1 if ev.key == pygame.K_RIGHT else -1))
            return True
        return False

    def compact(self) -> bool:
        """Too narrow for every name (large text): only the chosen tab shows its name."""
        ih = min(24, self.rect.h - 10)
        need = sum(ih + 14 + font(SMALL, True).size(GROUP_TABS[g])[0] for g in GROUPS)
        return need > self.rect.w - 3 * len(GROUPS)

    def _widths(self) -> list[int]:
        ih = min(24, self.rect.h - 10)
        compact = self.compact()
        need = []
        for i, g in enumerate(GROUPS):
            name = f"{i + 1}" if compact and i != self.index else GROUP_TABS[g]
            need.append(ih + 14 + font(SMALL, True).size(name)[0])
        spare = max(0, self.rect.w - 3 * len(GROUPS) - sum(need))
        return [n + spare // len(GROUPS) for n in need]

    def tab_rect(self, i: int) -> pygame.Rect:
        ws = self._widths()
        x = self.rect.x + sum(ws[:i]) + 3 * i
        return pygame.Rect(x, self.rect.y, ws[i], self.rect.h)

    def click(self, pos, button) -> bool:
        for i in range(len(GROUPS)):
            if self.tab_rect(i).collidepoint(pos):
                self.set(i)
                return True
        return False

    def draw(self, surf, focused, hover) -> None:
        t = theme()
        for i, g in enumerate(GROUPS):
            r = self.tab_rect(i)
            sel = i == self.index
            n = self.counts.get(g, 0)
            pygame.draw.rect(surf, t.selected if sel else t.button, r, border_top_left_radius=8,
                             border_top_right_radius=8)
            pygame.draw.rect(surf, pal.LEVER_GROUPS[g][1], (r.x, r.bottom - 4, r.w, 4))
            ih = min(24, r.h - 10)
            group_badge(surf, pygame.Rect(r.x + 4, r.centery - ih // 2 - 1, ih, ih), g)
            col = t.text if n else t.disabled
            name = f"{i + 1}" if self.compact() and not sel else GROUP_TABS[g]
            text(surf, name, (r.x + 9 + ih, r.centery - 1), SMALL, col, True,
                 "midleft", max_w=r.w - ih - 11)
        if focused:
            focus_ring(surf, self.rect)


class LeverPanel:
    """Levers of one group, the target and option pickers, the preview and Add."""

    def __init__(self, session: Session, seat: str, on_added) -> None:
        self.session = session
        self.seat = seat
        self.on_added = on_added
        self.view: SeatView = session.seat_view(seat)
        self.choices: dict[str, LeverChoice] = {lc.lever: lc for lc in self.view.levers}
        self.by_group: dict[str, list[str]] = {gr: [] for gr in GROUPS}
        for lc in self.view.levers:
            self.by_group[lc.group].append(lc.lever)
        counts = {gr: len(v) for gr, v in self.by_group.items()}
        self.tabs = GroupTabs(counts, self.set_group)
        # a click only selects a lever (Add, A or Enter queues it): a click on the row that
        # happens to be highlighted must not spend capital
        self.list = ListView([], self._row, on_change=lambda i: self._lever_changed(),
                             on_activate=lambda i: self.add(), activate_on_reclick=False)
        self.target = Picker("Target", [], on_change=lambda v: self._target_picked(),
                             hint="T")
        self.wanted: str | None = None              # the target the player last chose
        self.per_lever: dict[str, str | None] = {}  # and for each lever
        self.option = Picker("Option", [], on_change=lambda v: self._refresh_check(),
                             hint="O")
        self.add_b = Button("Add order", self.add, hint="A", style="primary")
        self.group: str = GROUPS[0]
        self.why: str | None = None
        self.preview: list[str] = []
        first = next((i for i, gr in enumerate(GROUPS) if counts[gr]), 0)
        self.tabs.set(first)
        self.rect = pygame.Rect(0, 0, 0, 0)
        self.info = pygame.Rect(0, 0, 0, 0)
        self.cut = False                          # did the last frame shorten anything?

    @property
    def widgets(self) -> list[Widget]:
        return [self.tabs, self.list, self.target, self.option, self.add_b]

    # ------------------------------------------------------------------ state
    def set_group(self, group: str) -> None:
        self.group = group
        self.list.set_items(self.by_group[group], keep=False)
        self._lever_changed()

    def lever(self) -> str | None:
        return self.list.current()

    def choice(self) -> LeverChoice | None:
        lid = self.lever()
        return self.choices.get(lid) if lid else None

    def _default_target(self, lc: LeverChoice | None) -> str | None:
        """The target to show first for a lever: the one the player chose for it, else the
        one they last chose (if this lever may take it), else the engine's suggestion (a
        joint action's partner, a friendly act's friend, a hostile one's enemy), else the
        first. A lever without a target never makes the next one forget the choice."""
        if lc is None:
            return None
        legal = [t.target for t in lc.targets]
        for t in (self.per_lever.get(lc.lever), self.wanted, lc.suggested):
            if t is not None and t in legal:
                return t
        return legal[0] if legal else None

    def _target_picked(self) -> None:
        lid = self.lever()
        if lid is not None and self.target.value is not None:
            self.wanted = self.per_lever[lid] = self.target.value
        self._target_changed()

    def _lever_changed(self) -> None:
        lc = self.choice()
        targets = [t.target for t in lc.targets] if lc else []
        keep = self._default_target(lc)
        self.target.set_options([(t.target, t.name, pal.STATES[t.target].short) if t.target
                                 else (None, t.name) for t in (lc.targets if lc else ())], keep)
        self.target.label = "Target" if targets != [None] else ""
        self.target.enabled = len(targets) > 1
        self._target_changed()

    def _options(self) -> tuple[OptionChoice, ...]:
        lc = self.choice()
        if lc is None:
            return ()
        return next((t.options for t in lc.targets if t.target == self.target.value), ())

    def _target_changed(self) -> None:
        lc = self.choice()
        choices = self._options()
        opts = [o.option for o in choices]
        keep = self.option.value
        self.option.set_options([(o.option, o.label) for o in choices], keep)
        self.option.enabled = len(opts) > 1
        self.option.label = "" if not lc or opts in ([None], ["none"]) else \
            (lc.option_kind or "Option")
        self._refresh_check()

    def select_target(self, actor: str) -> bool:
        """Pick ``actor`` as the target if the lever allows it (a click on the map)."""
        vals = [o[0] for o in self.target.options]
        if actor in vals:
            self.target.index = vals.index(actor)
            self._target_picked()
            return True
        self.wanted = actor           # the next lever that may take it offers it first
        return False

    def order(self) -> Order | None:
        lid = self.lever()
        if lid is None:
            return None
        return Order(self.seat, lid, self.target.value, self.option.value)

    def _refresh_check(self) -> None:
        o = self.order()
        if o is None:
            self.why, self.preview = "no lever of this kind is open to you now", []
            self.add_b.enabled = False
            return
        self.why = self.session.check(o)
        self.add_b.enabled = self.why is None
        lc = self.choice()
        opt = next((c for c in self._options() if c.option == o.option), None)
        self.preview = effects_text(opt.expected, limit=99) if opt else []
        if lc is not None and lc.covert and lc.detection is not None:
            self.preview.append(f"secret; {round(lc.detection * 100)}% base chance of "
                                f"being caught")

    def refresh(self) -> None:
        """The draft changed: the seat's view again (capital left, what it affords)."""
        self.view = self.session.seat_view(self.seat)
        self.choices = {lc.lever: lc for lc in self.view.levers}
        self._refresh_check()

    def add(self) -> None:
        o = self.order()
        if o is None:
            return
        why = self.session.add(o)
        self.why = why
        if why is None:
            self.on_added(o)
        self._refresh_check()

    # ------------------------------------------------------------------ drawing
    def _row(self, surf, r, lid: str, sel: bool) -> None:
        t = theme()
        lc = self.choices[lid]
        cost = lc.cost
        ok = lc.affordable
        col = t.text if ok else t.disabled
        name = lc.name
        cw = font(SMALL, True).size("10 PC")[0] + 8
        text(surf, name, (r.x + 8, r.centery), SMALL, col, sel, "midleft", max_w=r.w - cw - 16)
        text(surf, f"{cost} PC", (r.right - 8, r.centery), SMALL, col if ok else t.disabled,
             True, "midright")

    def layout(self, rect: pygame.Rect) -> None:
        """Tabs, the lever list (at least three rows), the pickers and Add on one row, and the
        lines below for the check, the expected effects and the lever's summary (five lines
        when there is room, fewer at large text rather than a shorter list)."""
        self.rect = rect
        th = line_h(SMALL, True) + 16
        self.tabs.rect = pygame.Rect(rect.x, rect.y, rect.w, th)
        pick_h = line_h(BODY) + 14
        lh = line_h(SMALL)
        self.list.row_h = lh + 6
        rest = rect.h - th - 6 - pick_h - 10
        info_lines = max(2, min(5, (rest - 3 * self.list.row_h - 8) // lh))
        list_h = rest - info_lines * lh - 8
        list_h = max(self.list.row_h * 3, list_h - list_h % self.list.row_h)
        self.list.rect = pygame.Rect(rect.x, rect.y + th + 4, rect.w, list_h)
        y = self.list.rect.bottom + 8
        f = font(BODY, True)
        aw = f.size("Add order  [A]")[0] + 28
        if aw > rect.w // 4:
            aw = f.size("Add order")[0] + 28
        pw = (rect.w - aw - 16) // 2
        self.target.rect = pygame.Rect(rect.x, y, pw, pick_h)
        self.option.rect = pygame.Rect(rect.x + pw + 8, y, pw, pick_h)
        self.add_b.rect = pygame.Rect(rect.right - aw, y, aw, pick_h)
        self.info = pygame.Rect(rect.x, y + pick_h + 6, rect.w, rect.bottom - y - pick_h - 6)

    def draw(self, surf: pygame.Surface) -> None:
        """The check, every expected effect, the summary and the source in the room below
        the pickers; when they do not all fit, each keeps a share and ends in "…", and L
        shows the lever's details in full."""
        t = theme()
        if not self.list.items:
            text(surf, "No lever of this kind is open to you this turn.",
                 (self.list.rect.x + 8, self.list.rect.y + 8), SMALL, t.muted,
                 max_w=self.list.rect.w - 16)
        r = self.info
        lh = line_h(SMALL)
        y = r.y
        if self.why == ALREADY:
            y = paragraph(surf, "In your orders.", pygame.Rect(r.x, y, r.w, lh), SMALL,
                          t.good, True)
        elif self.why:
            y = paragraph(surf, f"Not possible: {self.why}", pygame.Rect(r.x, y, r.w, 2 * lh),
                          SMALL, pal.ORANGE, True)
        lc = self.choice()
        head = "Expected: "
        x0 = r.x + font(SMALL, True).size(head)[0]
        eff = _wrap_list(self.preview, SMALL, r.w - (x0 - r.x)) if self.preview else []
        summ = wrap(lc.summary, SMALL, r.w) if lc else []
        src = wrap("Source: " + lc.source, SMALL, r.w) if lc and lc.source else []
        room = max(0, (r.bottom - y) // lh)
        shown = _share(room, [len(eff), len(summ), len(src)])
        self.cut = any(n < m for n, m in zip(shown, (len(eff), len(summ), len(src))))
        if eff and shown[0]:
            text(surf, head, (r.x, y), SMALL, t.muted, True)
            for ln in _cut(eff, shown[0]):
                text(surf, ln, (x0, y), SMALL, t.text, max_w=r.w - (x0 - r.x))
                y += lh
        for lines, n, colour in ((summ, shown[1], t.text), (src, shown[2], t.muted)):
            for ln in _cut(lines, n):
                text(surf, ln, (r.x, y), SMALL, colour, max_w=r.w)
                y += lh

    def tip_for(self, lid: str | None) -> tuple[str, str] | None:
        if lid is None:
            return None
        lc = self.choices[lid]
        body = f"{lc.summary}\n{lc.source}\nCost {lc.cost} political capital."
        if lid == self.lever() and self.preview:
            body += "\nExpected: " + ", ".join(self.preview)
        body += "\nL: all the details."
        return lc.name, body

    def hover_lever(self, pos) -> str | None:
        if not self.list.rect.collidepoint(pos):
            return None
        i = self.list.top + (pos[1] - self.list.rect.y) // max(1, self.list.row_h)
        return self.list.items[i] if 0 <= i < len(self.list.items) else None


def order_line(g, o: Order | OrderView, room: int, with_actor: bool = False,
               bold: bool = False) -> str:
    """An order in ``room`` pixels: in full, else with short state names, else with the lever's
    name cut short so the target still shows ("Impose unilateral sa… » N. Korea")."""
    full = clean(order_text(g, o, with_actor))
    brief = clean(order_text(g, o, with_actor, brief=True))
    f = font(SMALL, bold)
    if f.size(full)[0] <= room:
        return full
    if f.size(brief)[0] <= room:
        return brief
    name = clean(g.rules.lever_name(o.lever))
    head, _, tail = brief.partition(name)
    keep = room - f.size(head + tail)[0]
    return head + fit(name, f, keep) + tail if keep > f.size("Xxxx…")[0] else fit(brief, f, room)


def _share(room: int, wants: list[int]) -> list[int]:
    """Split ``room`` lines between blocks wanting ``wants`` lines: all of each if they fit,
    else one line each in order, then the rest to the blocks in order.

    >>> _share(10, [2, 3, 1]), _share(4, [5, 3, 2]), _share(2, [5, 3, 2])
    ([2, 3, 1], [2, 1, 1], [1, 1, 0])
    """
    if sum(wants) <= room:
        return list(wants)
    got = [0] * len(wants)
    left = room
    for i, w in enumerate(wants):
        if left and w:
            got[i], left = 1, left - 1
    for i, w in enumerate(wants):
        extra = min(left, w - got[i])
        got[i] += extra
        left -= extra
    return got


def _cut(lines: list[str], n: int) -> list[str]:
    """The first ``n`` lines, the last ending in "…" (without a dangling comma) when some
    are left out."""
    if n >= len(lines):
        return lines
    if n <= 0:
        return []
    out = lines[:n]
    out[-1] = out[-1].rstrip(", ") + " …"
    return out


def _wrap_list(items: list[str], size: int, width: int) -> list[str]:
    """Join items with commas into lines no wider than ``width``."""
    f = font(size)
    lines, cur = [], ""
    for it in items:
        trial = it if not cur else f"{cur}, {it}"
        if cur and f.size(trial)[0] > width:
            lines.append(cur + ",")
            cur = it
        else:
            cur = trial
    if cur:
        lines.append(cur)
    return [fit(ln, f, width) for ln in lines]


class QueueList(ListView):
    """The seat's queued orders (its view's orders: the draft, each with its cost); Delete
    (or a click on ×) removes one."""

    def __init__(self, session: Session, seat: str, on_change) -> None:
        super().__init__(list(session.seat_view(seat).orders), self._row)
        self.session = session
        self.seat = seat
        self.changed = on_change
        self.focusable = True

    def sync(self) -> None:
        self.set_items(list(self.session.seat_view(self.seat).orders))

    def remove(self, i: int | None = None) -> None:
        d = self.session.draft(self.seat)
        if not d:
            return
        self.session.remove(self.seat, self.selected if i is None else i)
        self.sync()
        self.changed()

    def key(self, ev) -> bool:
        if ev.key in (pygame.K_DELETE, pygame.K_BACKSPACE, pygame.K_x):
            self.remove()
            return True
        return super().key(ev)

    def click(self, pos, button) -> bool:
        i = self.top + (pos[1] - self.rect.y) // max(1, self.row_h)
        if 0 <= i < len(self.items):
            if pos[0] >= self.row_rect(i).right - 40:
                self.remove(i)
                return True
            self.select(i)
        return True

    def _row(self, surf, r, o: OrderView, sel: bool) -> None:
        t = theme()
        g = self.session.game
        text(surf, f"{o.cost} PC", (r.x + 8, r.centery), SMALL, t.focus, True, "midleft")
        x = r.x + 8 + font(SMALL, True).size("10 PC")[0] + 8
        room = r.right - 44 - x
        text(surf, order_line(g, o, room), (x, r.centery), SMALL, t.text, False, "midleft",
             max_w=room, full=order_text(g, o))
        cx, cy = r.right - 20, r.centery
        pygame.draw.line(surf, t.muted, (cx - 6, cy - 6), (cx + 6, cy + 6), 3)
        pygame.draw.line(surf, t.muted, (cx - 6, cy + 6), (cx + 6, cy - 6), 3)


__all__ = ["LeverPanel", "QueueList", "GroupTabs", "draw_arrow", "order_line"]
