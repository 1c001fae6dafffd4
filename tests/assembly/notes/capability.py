from cica.core.capability import Capability, Command

CAPABILITY = Capability(
    name="notes",
    package="tests.assembly.notes",
    models="tests.assembly.notes.models",
    api="tests.assembly.notes.api:router",
    commands=(Command("notes", "Count the notes.", "tests.assembly.notes.cli:count"),),
    actions=("registry.read",),
)
