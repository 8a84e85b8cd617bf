"""The command line: parse arguments, call one core function, hand the result to render.

Why the commands import inside their functions: every run of `handover` imports every module
of this package to build the Typer app, so what a command module imports at its top is paid by
every command, `note` and `brief` too, which a rep runs many times a day and which must start
fast. A command module therefore imports at its top only typer, the standard library,
`cli/options`, `cli/context` and light leaves (`i18n`, `errors`, `format/output`), and the
core, render and heavy libraries it needs (rich, pydantic models, openpyxl, jinja2) inside the
command, where only that command pays for them; type hints come in under `TYPE_CHECKING`. On
a 2-core machine under load, `import handover.cli.app` took ~150 ms and importing every core
and render module with rich ~220 ms more. `app.only_the_command_asked` does the same for
building the commands (tests/test_startup.py). Measure with
`python -X importtime -m handover note --help`.
"""
