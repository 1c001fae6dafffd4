"""The membership registry: participants, their dated statuses, organs and chairmanships."""
