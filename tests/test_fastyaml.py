"""The fast readers agree with libyaml, and whatever path reads a file, the models validate it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import PROJECT
from handover.errors import HandoverError
from handover.format import yamlio
from handover.format.fastyaml import load_profile, parse_canonical, top_level_scalar
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
