// Sessions shared by every front-end.
