"""The catalogue of trainings kept by the expert."""
