"""School calendar: national holidays by zone, public holidays, bridges, and local entries."""

from sudia.cantines.calendar.entries import ACADEMIES, KINDS, CalendarEntry, zone_of
from sudia.cantines.calendar.school_calendar import FEATURES, SchoolCalendar

__all__ = ["ACADEMIES", "FEATURES", "KINDS", "CalendarEntry", "SchoolCalendar", "zone_of"]
