"""Qt-free state the program edits and shows: settings, scene data, run types, view state."""
