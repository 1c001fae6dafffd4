"""Minutes of meetings: drafted by the Secretariat, circulated, corrected, approved (at a later
meeting of the organ or by silence procedure through the deliberation engine), then frozen."""
