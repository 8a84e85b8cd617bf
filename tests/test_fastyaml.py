"""The fast readers agree with libyaml, and whatever path reads a file, the models validate it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import CORPORA, PROJECT
from handover.errors import HandoverError
from handover.format import safeyaml, yamlio
from handover.format.fastyaml import load_profile, parse_canonical, plain_blocks, top_level_scalar
from handover.format.note_file import record_to_yaml
from handover.format.profile import Profile
from handover.format.records import RECORD_ADAPTER, Moment
from handover.format.source import SourceText

TEXT = st.text(
    alphabet=st.sampled_from(list("가나다라병원에서처방 abcXYZ019:-#'\"!&*?|>[]{},.\n\t%@`~")),
    min_size=1,
    max_size=40,
).filter(lambda s: s.strip() != "")
WHEN = st.datetimes(min_value=dt.datetime(2020, 1, 1), max_value=dt.datetime(2030, 1, 1)).map(
    lambda d: d.replace(microsecond=0, tzinfo=dt.timezone(dt.timedelta(hours=9)))
)


@st.composite
def moments(draw: st.DrawFn) -> Moment:
    data = {
        "kind": "moment",
        "at": draw(WHEN),
        "by": "sylee",
        "channel": draw(st.sampled_from(["visit", "phone"])),
        "summary": draw(TEXT),
        "topics": draw(st.lists(TEXT, max_size=2)),
        "questions": draw(st.lists(TEXT, max_size=2)),
        "rating": draw(st.none() | st.integers(0, 4)),
        "next_contact": draw(st.none() | st.dates(dt.date(2020, 1, 1), dt.date(2030, 1, 1))),
        "opens": [
            {"number": n + 1, "kind": "request", "text": text}
            for n, text in enumerate(draw(st.lists(TEXT, max_size=2)))
        ],
    }
    return Moment.model_validate(data)


@settings(max_examples=300, deadline=None)
@given(moments())
def test_the_canonical_parser_reads_what_libyaml_reads(moment: Moment) -> None:
    text = record_to_yaml(moment)
    fast = parse_canonical(text)
    if fast is None:
        return  # outside the canonical subset: the store falls back to libyaml
    assert fast == yaml.load(text, Loader=yaml.CSafeLoader)
    assert RECORD_ADAPTER.validate_python(fast) == moment


def test_every_demo_note_takes_the_fast_path_and_validates_the_same() -> None:
    paths = sorted((PROJECT / "profiles" / "customers").glob("*/notes/*/*.yaml"))
    assert len(paths) > 500
    for path in paths:
        text = path.read_text(encoding="utf-8")
        fast = parse_canonical(text)
        assert fast is not None, path
        assert fast == yaml.load(text, Loader=yaml.CSafeLoader), path
        RECORD_ADAPTER.validate_python(fast)


def test_the_canonical_parser_refuses_what_it_does_not_know() -> None:
    for text in (
        "kind: moment\nsummary: &a x\n",
        "kind: moment\nsummary: yes\n",
        "kind: moment\nkind: moment\n",
        "kind: moment\n  summary: x\n",
        "kind: moment  # a comment\n",
        "kind: moment\nrating: 010\n",
        "summary: |+\n  x\n",
        "kind: moment",
    ):
        assert parse_canonical(text) is None, text
    assert parse_canonical("summary: |\n  a\n\n  b\nrating: 3\n") == {
        "summary": "a\n\nb\n",
        "rating": 3,
    }


def test_profiles_read_fast_only_when_both_yaml_versions_agree() -> None:
    for path in sorted((PROJECT / "profiles" / "customers").glob("*/profile.yaml")):
        data = load_profile(path.read_text(encoding="utf-8"))
        assert data is not None, path
        Profile.model_validate(data)
    assert load_profile("id: a\nrole: yes\n") is None  # a bool to libyaml, text to ruamel
    assert load_profile("id: a\nmobile: 0o17\n") is None  # a number to YAML 1.2 only
    assert load_profile("id: a\nid: b\n") is None  # duplicate keys
    assert load_profile("id: &x a\nname: *x\n") is None  # anchors and aliases
    assert load_profile("# owner: `sylee` & co\nid: a\n") == {"id": "a"}


VALUE = st.text(
    alphabet=st.sampled_from(list("김민수 Emily O'Brien\"#:-&*|>{}[],.\\\t019yesno~")),
    min_size=1,
    max_size=24,
)
SUITE = CORPORA / "yaml-test-suite"
TAIL = st.sampled_from(["", "  # 원장님", " #x", "\n  more", "\n# next\nrole: 원장", "\r\n"])


@settings(max_examples=400, deadline=None)
@given(value=VALUE, tail=TAIL, quote=st.sampled_from(["", "'", '"']))
def test_a_field_read_from_its_line_is_what_yaml_reads(value: str, tail: str, quote: str) -> None:
    """The name lookup and codeowners read one line; whenever they answer, YAML agrees."""
    text = f"id: a\nname: {quote}{value}{quote}{tail}\n"
    try:  # the careful reader every file falls back to (YAML 1.2, ruamel)
        parsed = yamlio.to_plain(yamlio.load(SourceText(text), Path("profile.yaml")))
    except HandoverError:
        parsed = None
    fast = top_level_scalar(text, "name")
    if fast is not None:
        assert isinstance(parsed, dict) and parsed.get("name") == fast, text


def test_a_field_is_read_from_its_line_in_the_demo_profiles() -> None:
    for path in sorted((PROJECT / "profiles" / "customers").glob("*/profile.yaml")):
        text = path.read_text(encoding="utf-8")
        data = yaml.safe_load(text)
        assert top_level_scalar(text, "name") == data["name"], path
        assert top_level_scalar(text, "owner") == data["owner"], path


KEYS = st.sampled_from(["id", "name", "role", "Mobile", "내선", "on", "no", "1", "a b", "tags"])
PLAIN_TAIL = st.sampled_from(["", "  # 원장님", " #x", "#x", "\n  more", "\n# next", "\n"])


@st.composite
def plain_documents(draw: st.DrawFn) -> str:
    """Profiles in and around the plain block form: keys people type, values with quotes,
    `#`, colons and brackets, lists flow and block (indented or not), lists of mappings,
    comments and blank lines anywhere."""
    lines: list[str] = []

    def value() -> str:
        quote = draw(st.sampled_from(["", "'", '"']))
        word = draw(VALUE | st.sampled_from(["2026-09-15", "2026-13-45", "12", "010", "[]"]))
        return quote + word + quote

    for key in draw(st.lists(KEYS, min_size=1, max_size=5)):
        form = draw(st.sampled_from(["scalar", "flow", "list", "indented", "map", "maps", "none"]))
        count = draw(st.integers(0, 3))
        if form == "scalar":
            lines.append(f"{key}: {value()}{draw(PLAIN_TAIL)}")
        elif form == "flow":
            lines.append(f"{key}: [{', '.join(draw(VALUE) for _ in range(count))}]")
        elif form in ("list", "indented"):
            pad = "  " if form == "indented" else ""
            lines += [f"{key}:", *(f"{pad}- {value()}{draw(PLAIN_TAIL)}" for _ in range(count))]
        elif form == "map":
            lines += [f"{key}:", *(f"  {draw(KEYS)}: {value()}" for _ in range(count))]
        elif form == "maps":
            lines += [f"{key}:", f"  - customer: {value()}", f"    relation: {value()}"]
        else:
            lines.append(f"{key}:")
        lines += draw(st.lists(st.sampled_from(["", "# 메모", "   # 들여쓴 메모"]), max_size=1))
    return "\n".join(lines) + draw(st.sampled_from(["\n", ""]))


@settings(max_examples=300, deadline=None)
@given(text=plain_documents())
def test_a_profile_read_line_by_line_is_what_libyaml_reads(text: str) -> None:
    """Whenever the line reader answers (a profile or the team file in the plain block form,
    no libyaml to import), libyaml with the careful loader's refusals reads the same."""
    plain = plain_blocks(text)
    if plain is not None:
        assert repr(plain) == repr(safeyaml.load(text)), text  # repr: 1 is not True


def test_the_demo_team_and_every_yaml_suite_case_read_line_by_line_as_libyaml_reads() -> None:
    demo = sorted((PROJECT / "profiles").glob("**/*.yaml"))
    profiles = [p for p in demo if p.name in ("profile.yaml", "handover.yaml")]
    for path in profiles:  # the form people and `add` write: the fast path, every one
        text = path.read_text(encoding="utf-8")
        assert plain_blocks(text) is not None, path
        assert repr(plain_blocks(text)) == repr(safeyaml.load(text)), path
    for path in sorted(SUITE.glob("*.yaml")):  # odd YAML of every kind: libyaml's, or the same
        text = path.read_bytes().decode("utf-8", errors="replace")
        plain = plain_blocks(text)
        assert plain is None or repr(plain) == repr(safeyaml.load(text)), path
