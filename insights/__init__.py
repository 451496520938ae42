"""Participation insights: aggregate figures by stakeholder type and gender, with small-number protection."""
