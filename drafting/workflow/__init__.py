"""The drafting round's workflow: its states, the table of actions and the
one function that applies them."""
