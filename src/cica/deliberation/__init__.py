"""Deliberation: drafts, amendments, consensus in session, the silence procedure, decisions.

The rules are pure: values in, values out, domain errors raised. They read no clock (the caller
passes `now`), touch no database and know nothing of the web, so every rule of the working
mechanisms can be tested exhaustively. The storage side builds their values from rows
(`records`, `facts`) and calls them before it writes anything:

- `models`: the tables; `facts`: the loaded charter as the rules need it; `records`: rows as
  rule values; `operations/`: the only writers (authorised, audited); `queries/`: the reads and
  their shapes, the Popolo export; `scheduler`: adopting silence procedures at their deadline;
  `api/`, `pages/`, `cli/`: the edges; `demo`: the example `cica demo` loads.

Pure modules:

- `texts`: a text as numbered paragraphs (`split_paragraphs`, `join_paragraphs`, `Revision`)
  and the paragraph-level diff of two revisions with a word-level inline diff (`diff_paragraphs`).
- `amendments`: `Amendment` (replace, insert, delete), `validate_amendment` against a revision
  and `apply_amendments`, which turns accepted amendments into the next revision.
- `rules`: charter facts as plain values (`Delegation`, `Competences`), the draft lifecycle
  (`new_draft`, `transition` and its events, `permits`) and one open procedure per draft
  (`refuse_second_procedure`).
- `participants`: who sits in an organ on a day, who was present at a session, and sponsors.
- `symbols`: decision symbols from the charter's pattern (`decision_symbol`, `numbering_scope`,
  `next_decision_number`, `organ_code`).
- `consensus`: positions in session (`Position`), the consensus board with optimistic
  concurrency (`open_board`, `apply_position`, `close_board`) and `consensus_outcome`.
- `silence`: the silence procedure (`start_silence`, `break_silence`, `due`, `finalise`) and
  the deadline and period formatters.

Errors follow one mapping, so the edges can answer consistently:

- `InvalidInput`: a malformed value (empty replacement text, a paragraph that does not exist,
  a deadline without a time zone).
- `NotFound`: an organ, document kind or participant the charter does not define.
- `Conflict`: the request is out of turn or breaks a rule given the current state (adopting a
  withdrawn draft, forwarding where the charter does not allow, a second open procedure, a late
  break of silence, a stale position).
- `PermissionDenied`: the delegation's category does not give the right (an observer objecting
  or breaking silence).

Every message names the rule it enforces, with the charter key when the rule is charter data
(for example `charter: organs.soc.adopts`).
"""
