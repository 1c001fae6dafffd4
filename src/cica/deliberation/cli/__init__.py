"""`cica drafts …`, `cica consensus …`, `cica silence …`, `cica tick`, `cica decisions …`.

Commands act as the machine's administrator unless `--as EMAIL` names a user, whose rights then
apply exactly as in the API: an administrator holds no deliberation rights, so acts of the
Chair, the Secretariat or a delegation are run `--as` one of their accounts.
"""
