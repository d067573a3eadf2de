"""Training the relational engine's models from AnnoMI and EPITOME (scikit-learn).

Training imports the engine, never the other way: inference loads only the portable pieces
(`engine.features`) that `portable` makes from the fitted scikit-learn steps.
"""
