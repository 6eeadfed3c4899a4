"""Qt without widgets: application bootstrap, session and undo, the EM worker, run control."""
