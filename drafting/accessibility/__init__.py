"""The accessibility statement (saavutettavuusseloste) that the law on digital
services (306/2019) requires, kept by each municipality, with its feedback channel."""
