"""One module per screen: title, scenario picker, seat setup, the main game screen and its
panels, hand-over, news, history, files, end, replay viewer, teacher's controls, help."""
