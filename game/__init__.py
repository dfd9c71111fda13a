"""Shrimp Between Whales: a turn-based strategy simulation of Northeast Asian power politics."""
__version__ = "0.1.0"
