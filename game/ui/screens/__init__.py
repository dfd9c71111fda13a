"""One module per screen or overlay: title, scenario picker, seat setup, the main game screen,
hand-over, news, history, end, replay viewer; the dialog, game menu, files, teacher's controls
and help overlays.

Nothing else lives here: helpers the screens share (``describe``, ``mapdata``, ``panels``,
``levers``, the ``Screen`` base class in ``screen``) are in ``game.ui``. A screen imports no
other screen and not ``game.ui.app``; it asks the app by name (``self.app.go("history", ...)``,
``self.app.open("menu", ...)``), and the app's ``ROUTES`` registers every screen.
"""
