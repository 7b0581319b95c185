"""Blueprints, one per audience. Views stay thin: load, authorise, validate, call one service, commit."""
