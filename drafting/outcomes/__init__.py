"""What became of each association's input in a round: its outcome report."""
