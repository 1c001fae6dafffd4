"""Meetings of the organs: when and where an organ meets, who hosts and who presides, its status
with its history, the historical record of CICA's Summits and Ministerial meetings, and the
iCalendar feeds calendar clients subscribe to."""
