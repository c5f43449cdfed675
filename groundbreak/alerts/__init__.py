"""Graded early warning (分级预警): rules kept in the database, evaluated per project after
each write and as a set-based run, raised, escalated and cleared with their history."""
