"""Names and sizes the window's modules share."""

APP_NAME = "emgui"
PRESENTATION_SCALE = 1.8
LAYOUT_SETTLE_MS = 400  # longest wait for the window manager to give back the normal size
MAX_RECENT = 8
