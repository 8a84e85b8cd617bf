"""Create the demo team folder: 서울 동부 영업2팀 (Seoul East Sales 2), a year of notes.

Usage: python scripts/make_demo.py [--out profiles]

Deterministic: one seeded random generator and a fixed "today" (2026-11-20, Asia/Seoul), so two
runs write byte-identical files. The team file and the profiles are written as YAML *text*, the
way people write them by hand (comments, blank lines, quotes); notes go through the tool's own
canonical writer (`handover.format.store.record_to_yaml`), as `handover note` would write them.

The data tables come first; the functions below them turn tables into files. Open items come
two ways: routine ones from the scenes (a promise to bring samples, a complaint about a stock-out),
each closed by a `resolve` record days or weeks later, and curated ones from the stories, closed
(or reopened, or left open) by the `CLOSINGS` table; `FIXES` adds `correction` records. Item
numbers and the `opened_in` note ids are computed from the same seeded tokens that name the files.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import shutil
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, TypeVar

from handover.core.check import check_folder
from handover.format import store
from handover.format.models import (
    ITEM_KINDS,
    Channel,
    Correction,
    CustomerKind,
    ItemKind,
    ItemLink,
    ItemOpening,
    Moment,
    MomentChanges,
    Record,
    Reopening,
    Resolution,
    Weekday,
)

SEED = 20261120
TODAY = dt.date(2026, 11, 20)
START = dt.date(2025, 11, 21)
KST = dt.timezone(dt.timedelta(hours=9), "KST")  # Asia/Seoul: +09:00, no daylight saving
LEFT_ON = dt.date(2026, 10, 31)  # jpark's last day; his notes stop here
# From here on, open items and bad moments come only from the stories below, so what is still
# open on TODAY (and who is at zero) is exactly what the tables say.
CURATED_FROM = TODAY - dt.timedelta(days=21)
LAST_RESOLVE = TODAY - dt.timedelta(days=1)  # routine items are all closed by then
LEFT_REP = "jpark"
COVERING_REP = "sylee"  # the team lead who calls jpark's customers after he left
COMPANY_DOMAIN = "hanbit-pharma.example"

T = TypeVar("T")
Lang = Literal["ko", "en"]
Mood = Literal["good", "mixed", "bad"]
Group = Literal["prescriber", "pharmacy", "nurse", "purchasing", "manager", "internal", "other"]

# --- the team ----------------------------------------------------------------------------------

TEAM_YAML = f"""\
# handover team folder: 서울 동부 영업2팀 (Seoul East Sales 2)
# Rep ids are what profiles use as `owner:` and notes as `by:`; never reuse one.
# A rep who leaves stays listed with `status: left` so old notes still name a real person.
format: 1
team: "서울 동부 영업2팀 (Seoul East Sales 2)"

reps:
  - id: jpark
    name: 박지훈
    email: jihun.park@{COMPANY_DOMAIN}
    territory: 강남구
    status: left  # 2026-10-31 퇴사. 담당 고객 인수인계 대상
    handle: jihun-park
  - id: sylee
    name: 이서연
    email: seoyeon.lee@{COMPANY_DOMAIN}
    territory: 송파구
    handle: seoyeon-lee  # 팀장
  - id: mchoi
    name: 최민호
    email: minho.choi@{COMPANY_DOMAIN}
    territory: 강동구
    handle: minho-choi
  - id: hkang
    name: 강하나
    email: hana.kang@{COMPANY_DOMAIN}
    territory: 광진구
    handle: hana-kang
  - id: dwilson
    name: David Wilson
    email: david.wilson@{COMPANY_DOMAIN}
    territory: International clinics (강남·송파)
    handle: dwilson

# Declared words: notes may only use these topics and materials (near-misses are refused).
vocabulary:
  topics:
    - Glucofin XR  # 당뇨병 치료제 (서방정, 1일 1회)
    - Cardiozen  # 고혈압 치료제
    - dosage
    - pricing
    - reimbursement
    - formulary
    - side effects
    - clinical data
    - samples
  materials:
    - Glucofin brochure v3
    - Cardiozen leave-behind
    - clinical study slides
    - dosing card
    - sample pack
    - patient leaflet (Korean)
"""

ACTIVE_REPS: tuple[str, ...] = ("sylee", "mchoi", "hkang", "dwilson")
ENGLISH_ONLY_REPS = frozenset({"dwilson"})

KIND_GROUP: dict[str, Group] = {
    "doctor": "prescriber",
    "pharmacist": "pharmacy",
    "nurse": "nurse",
    "purchasing": "purchasing",
    "manager": "manager",
    "internal": "internal",
    "other": "other",
}

# Korean public holidays in the demo year: nobody visits a clinic then.
HOLIDAYS = frozenset(
    dt.date.fromisoformat(day)
    for day in (
        "2025-12-25", "2026-01-01", "2026-02-16", "2026-02-17", "2026-02-18", "2026-03-02",
        "2026-05-05", "2026-05-25", "2026-06-03", "2026-08-17", "2026-09-24", "2026-09-25",
        "2026-09-26", "2026-10-05", "2026-10-09",
    )
)  # fmt: skip

# --- customers ---------------------------------------------------------------------------------

Fact = str | tuple[str, str]  # a fact, or (fact, confirmed ISO date)
Relation = tuple[Literal["customer", "name"], str, str]  # (key, id or name, relation)


@dataclass(frozen=True)
class Customer:
    """One demo customer: the profile's fields plus how often the owner meets them."""

    id: str
    name: str
    kind: CustomerKind
    owner: str
    lang: Lang
    who: str  # how notes name them: "김민수 과장님", "Dr. Carter"
    organisation: str | None = None
    role: str | None = None
    contacts: tuple[str, ...] = ("mobile", "office", "email")
    email: str | None = None  # the local part; the domain comes from `domain`
    domain: str = "example.kr"
    never_forget: tuple[Fact, ...] = ()
    best_days: tuple[Weekday, ...] = ()
    best_time: str | None = None
    channel: Channel | None = None
    pref_notes: str | None = None
    related: tuple[Relation, ...] = ()
    tags: tuple[str, ...] = ()
    extra: tuple[tuple[str, str], ...] = ()
    # the human touches of a hand-edited file
    header: tuple[str, ...] = ()
    comments: dict[str, str] = field(default_factory=dict)
    spaced: bool = False  # blank lines between sections
    quoted: frozenset[str] = frozenset()
    # how the year of notes looks
    every: int = 30  # days between contacts, on average
    first: dt.date = START
    last: dt.date = TODAY


CUSTOMERS: tuple[Customer, ...] = (
    # --- jpark (강남구, left 2026-10-31): the handover example -------------------------------
    Customer(
        id="gim-minsu",
        name="김민수",
        kind="doctor",
        owner="jpark",
        lang="ko",
        who="김민수 과장님",
        organisation="서울중앙내과의원",
        role="내과 과장",
        contacts=("mobile", "office", "email"),
        email="minsu.kim",
        domain="seoul-jungang-im.example",
        never_forget=(
            "수요일 오후 방문 금지 (외래 시술)",
            ("당뇨 신환 대부분 글루코핀 XR로 시작. 핵심 처방의", "2026-09-15"),
            "prefers data over anecdotes",
        ),
        best_days=("tue", "thu"),
        best_time="오전",
        channel="visit",
        pref_notes="방문 전날 문자로 확인",
        related=(
            ("customer", "choe-yeonghui", "1층 문전약국 약사"),
            ("customer", "han-sora", "같은 의원 수간호사"),
            ("customer", "sin-donguk", "의원 사무장, 방문 일정 담당"),
        ),
        tags=("kol", "diabetes", "key-account"),
        header=("김민수 과장 — 박지훈 담당 (2026-10-31 퇴사), 인수인계 필요",),
        comments={"best_time": "10시 이전이 가장 좋음"},
        spaced=True,
        every=8,
    ),
    Customer(
        id="choe-yeonghui",
        name="최영희",
        kind="pharmacist",
        owner="jpark",
        lang="ko",
        who="최영희 약사님",
        organisation="서울중앙약국",
        role="대표약사",
        contacts=("office", "mobile"),
        never_forget=("점심시간(12-1시) 전화 금지",),
        best_days=("mon", "wed", "fri"),
        best_time="15:00-17:00",
        channel="visit",
        related=(("customer", "gim-minsu", "2층 서울중앙내과의원 처방 대부분 조제"),),
        tags=("문전약국",),
        every=16,
    ),
    Customer(
        id="yun-jaeho",
        name="윤재호",
        kind="doctor",
        owner="jpark",
        lang="ko",
        who="윤재호 원장님",
        organisation="강남연세내과의원",
        role="원장",
        email="jaeho.yun",
        domain="gangnam-yonsei-im.example",
        never_forget=("원장님 비서를 통해서만 일정 잡기", "골프 얘기 좋아하심"),
        best_days=("mon", "thu"),
        best_time="13:30-15:00",
        channel="visit",
        related=(("name", "김미경", "원장 비서"),),
        tags=("diabetes",),
        header=("원장님 비서: 김미경, 화요일 휴무",),
        every=15,
    ),
    Customer(
        id="han-sora",
        name="한소라",
        kind="nurse",
        owner="jpark",
        lang="ko",
        who="한소라 수간호사님",
        organisation="서울중앙내과의원",
        role="수간호사",
        contacts=("office",),
        best_time="오후",
        channel="visit",
        related=(("customer", "gim-minsu", "같은 의원 과장"),),
        every=40,
    ),
    Customer(
        id="o-junyeong",
        name="오준영",
        kind="purchasing",
        owner="jpark",
        lang="ko",
        who="오준영 대리님",
        organisation="강남세브란스병원 구매팀",
        role="구매 담당 대리",
        contacts=("office", "fax", "email"),
        email="jy.oh",
        domain="gs-hospital.example",
        never_forget=(("견적은 반드시 이메일로, 전화 견적 불인정", "2026-04-06"),),
        channel="email",
        related=(("customer", "seo-hyeonu", "같은 병원 약제부"),),
        tags=("tender",),
        every=35,
    ),
    Customer(
        id="bae-jiwon",
        name="배지원",
        kind="doctor",
        owner="jpark",
        lang="ko",
        who="배지원 원장님",
        organisation="강남베스트내분비내과",
        role="원장",
        best_days=("fri",),
        channel="visit",
        tags=("diabetes", "new-prescriber"),
        every=21,
    ),
    Customer(
        id="seo-hyeonu",
        name="서현우",
        kind="pharmacist",
        owner="jpark",
        lang="ko",
        who="서현우 약사님",
        organisation="강남세브란스병원 약제부",
        role="약제부 약품관리 파트장",
        contacts=("office", "내선", "email"),
        email="hw.seo",
        domain="gs-hospital.example",
        never_forget=("약사위원회(DC)는 분기 첫째 주 목요일",),
        best_days=("tue",),
        best_time="14:00-16:00",
        channel="visit",
        related=(("customer", "o-junyeong", "같은 병원 구매팀"),),
        tags=("formulary",),
        quoted=frozenset({"role"}),
        every=18,
    ),
    Customer(
        id="gwon-hyejin",
        name="권혜진",
        kind="other",
        owner="jpark",
        lang="ko",
        who="권혜진 주무관님",
        organisation="강남구보건소 만성질환관리팀",
        role="주무관",
        contacts=("office",),
        channel="phone",
        tags=("public-health",),
        every=75,
    ),
    Customer(
        id="jo-eunbi",
        name="조은비",
        kind="doctor",
        owner="jpark",
        lang="ko",
        who="조은비 부원장님",
        organisation="청담리더스내과",
        role="부원장",
        never_forget=("경쟁사 제품 선호, 데이터로 설득 필요",),
        best_days=("wed",),
        channel="visit",
        tags=("diabetes",),
        every=24,
        last=dt.date(2026, 6, 19),
    ),
    Customer(
        id="sin-donguk",
        name="신동욱",
        kind="manager",
        owner="jpark",
        lang="ko",
        who="신동욱 사무장님",
        organisation="서울중앙내과의원",
        role="사무장",
        contacts=("office", "mobile"),
        never_forget=("제약사 방문은 사전 예약제 (2026-03부터)",),
        channel="phone",
        related=(("customer", "gim-minsu", "같은 의원 과장"),),
        every=45,
    ),
    # --- sylee (송파구, team lead) ----------------------------------------------------------
    Customer(
        id="jeong-daeun",
        name="정다은",
        kind="pharmacist",
        owner="sylee",
        lang="ko",
        who="정다은 약국장님",
        organisation="온누리약국 잠실점",
        role="약국장",
        contacts=("office", "mobile", "kakao"),
        email="daeun.jeong",
        never_forget=("월말 재고 조사 주간(마지막 주)에는 방문 자제",),
        best_days=("tue", "thu"),
        best_time="10:00-11:30",
        channel="visit",
        related=(("customer", "go-eunyeong", "체인 송파권역 매니저"),),
        tags=("chain", "high-volume"),
        every=9,
    ),
    Customer(
        id="i-sujin",
        name="이수진",
        kind="pharmacist",
        owner="sylee",
        lang="ko",
        who="이수진 파트장님",
        organisation="서울아산병원 약제부",
        role="약제부 외래조제 파트장",
        contacts=("office", "내선", "email"),
        email="sujin.lee",
        domain="amc-hospital.example",
        never_forget=(("원내 약품 목록 신청은 분기마다, 마감 2주 전 서류 완비", "2026-07-01"),),
        best_days=("wed",),
        best_time="14:00-16:00",
        channel="visit",
        related=(
            ("customer", "an-jaehyeon", "같은 병원 내분비내과 교수"),
            ("customer", "robert-hayes", "같은 병원 국제진료센터"),
        ),
        tags=("formulary", "tertiary"),
        every=10,
    ),
    Customer(
        id="an-jaehyeon",
        name="안재현",
        kind="doctor",
        owner="sylee",
        lang="ko",
        who="안재현 교수님",
        organisation="서울아산병원 내분비내과",
        role="교수",
        contacts=("office", "email"),
        email="jh.ahn",
        domain="amc-hospital.example",
        never_forget=(
            "외래 없는 목요일 오후만 면담 가능",
            "임상 데이터는 원문 논문으로 요청하심",
        ),
        best_days=("thu",),
        best_time="14:00-16:00",
        channel="visit",
        related=(
            ("customer", "i-sujin", "같은 병원 약제부"),
            ("customer", "song-mina", "당뇨 교육 간호사, 환자 교육 담당"),
            ("name", "박정은", "연구 코디네이터"),
        ),
        tags=("kol", "tertiary", "advisory-board"),
        extra=(("crm_id", "SE2-00417"), ("advisory_board", "2026 Cardiozen 자문위원")),
        spaced=True,
        every=14,
    ),
    Customer(
        id="song-mina",
        name="송미나",
        kind="nurse",
        owner="sylee",
        lang="ko",
        who="송미나 선생님",
        organisation="서울아산병원 내분비내과",
        role="당뇨 교육 간호사",
        contacts=("office",),
        never_forget=("allergic to latex — no latex gloves in samples",),
        best_time="오후",
        channel="visit",
        related=(("customer", "an-jaehyeon", "같은 과 교수"),),
        every=28,
    ),
    Customer(
        id="im-seonghun",
        name="임성훈",
        kind="purchasing",
        owner="sylee",
        lang="ko",
        who="임성훈 과장님",
        organisation="새한약품 송파지점 (도매)",
        role="영업관리 과장",
        contacts=("mobile", "office", "fax"),
        never_forget=("발주 마감 매일 오후 3시",),
        channel="phone",
        tags=("wholesaler",),
        every=20,
    ),
    Customer(
        id="mun-yejin",
        name="문예진",
        kind="doctor",
        owner="sylee",
        lang="ko",
        who="문예진 원장님",
        organisation="잠실새내내과의원",
        role="원장",
        never_forget=("아이 하원 때문에 금요일 오후 4시 이후 진료 안 함",),
        best_days=("mon", "wed"),
        best_time="11:00-12:00",
        channel="visit",
        tags=("diabetes", "hypertension"),
        every=16,
    ),
    Customer(
        id="no-seungu",
        name="노승우",
        kind="doctor",
        owner="sylee",
        lang="ko",
        who="노승우 원장님",
        organisation="방이연합의원",
        role="대표원장",
        contacts=("mobile", "office"),
        never_forget=("혈압약 처방 많음, 글루코핀 얘기는 짧게",),
        best_days=("tue",),
        channel="visit",
        tags=("hypertension",),
        every=30,
    ),
    Customer(
        id="go-eunyeong",
        name="고은영",
        kind="manager",
        owner="sylee",
        lang="ko",
        who="고은영 매니저님",
        organisation="온누리약국 체인 본부",
        role="송파권역 매니저",
        contacts=("mobile", "email"),
        email="ey.ko",
        domain="onnuri-chain.example",
        never_forget=("체인 전체 프로모션은 본부 승인 필요",),
        channel="video",
        related=(("customer", "jeong-daeun", "관할 약국 약국장"),),
        tags=("chain",),
        every=40,
    ),
    Customer(
        id="ha-jinu",
        name="하진우",
        kind="internal",
        owner="sylee",
        lang="ko",
        who="하진우 매니저님",
        organisation="한빛제약 의학부 (Medical Affairs)",
        role="Medical Affairs 매니저",
        contacts=("mobile", "email"),
        email="jinwoo.ha",
        domain=COMPANY_DOMAIN,
        never_forget=("의학 질의는 메일로 정리해서 보내기 (구두 질의는 기록 안 됨)",),
        channel="email",
        tags=("internal",),
        every=21,
    ),
    # --- mchoi (강동구) -------------------------------------------------------------------
    Customer(
        id="jang-hyeonsuk",
        name="장현숙",
        kind="doctor",
        owner="mchoi",
        lang="ko",
        who="장현숙 교수님",
        organisation="강동경희대학교병원 가정의학과",
        role="교수",
        contacts=("office", "email"),
        email="hs.jang",
        domain="khnmc.example",
        never_forget=(("학회 발표 자료는 2주 전까지 요청", "2026-05-11"),),
        best_days=("mon", "thu"),
        best_time="16:00-17:30",
        channel="visit",
        related=(("customer", "gim-jiyeong", "같은 병원 약제부"),),
        tags=("kol", "tertiary"),
        every=8,
    ),
    Customer(
        id="hong-jiho",
        name="홍지호",
        kind="pharmacist",
        owner="mchoi",
        lang="ko",
        who="홍지호 약사님",
        organisation="천호메디팜약국",
        role="약국장",
        contacts=("office",),
        never_forget=("약국 앞 주차 불가, 천호역 공영주차장 이용",),
        best_days=("wed",),
        channel="visit",
        every=30,
    ),
    Customer(
        id="seong-minji",
        name="성민지",
        kind="nurse",
        owner="mchoi",
        lang="ko",
        who="성민지 책임간호사님",
        organisation="강동성심병원 심장내과 병동",
        role="책임간호사",
        contacts=("office",),
        never_forget=("교대 시간(오후 3시 전후) 피하기",),
        best_time="10:00-11:00",
        channel="visit",
        every=45,
    ),
    Customer(
        id="gu-bonhyeok",
        name="구본혁",
        kind="purchasing",
        owner="mchoi",
        lang="ko",
        who="구본혁 과장님",
        organisation="강동성심병원 구매팀",
        role="구매팀 과장",
        contacts=("office", "fax", "email"),
        email="bh.koo",
        domain="kdh-hospital.example",
        never_forget=(("견적 유효기간 30일 명시 요구", "2026-08-03"),),
        channel="email",
        tags=("tender",),
        every=30,
    ),
    Customer(
        id="namgung-hyeona",
        name="남궁현아",
        kind="doctor",
        owner="mchoi",
        lang="ko",
        who="남궁현아 원장님",
        organisation="길동남궁내과의원",
        role="원장",
        never_forget=("성함 '남궁' 복성. 남 원장님이라고 부르지 말 것",),
        best_days=("tue", "fri"),
        best_time="14:00-15:30",
        channel="visit",
        tags=("diabetes",),
        comments={"never_forget": "인수인계 때 꼭 전달"},
        every=17,
    ),
    Customer(
        id="baek-seungho",
        name="백승호",
        kind="doctor",
        owner="mchoi",
        lang="ko",
        who="백승호 원장님",
        organisation="암사연세심장내과",
        role="원장",
        never_forget=("Cardiozen 처방 많음, Glucofin은 아직 관심 적음",),
        best_days=("mon", "wed"),
        channel="visit",
        tags=("hypertension", "cardiology"),
        every=14,
    ),
    Customer(
        id="gim-jiyeong",
        name="김지영",
        kind="pharmacist",
        owner="mchoi",
        lang="ko",
        who="김지영 약사님",
        organisation="강동경희대학교병원 약제부",
        role="약제부 약사",
        contacts=("office", "내선"),
        never_forget=("신규 약품 문의는 파트장(이메일) 경유 필수",),
        best_days=("thu",),
        channel="visit",
        related=(("customer", "jang-hyeonsuk", "같은 병원 가정의학과 교수"),),
        every=21,
    ),
    Customer(
        id="yang-dongha",
        name="양동하",
        kind="doctor",
        owner="mchoi",
        lang="ko",
        who="양동하 원장님",
        organisation="명일바른내과의원",
        role="원장",
        best_days=("fri",),
        channel="visit",
        tags=("diabetes",),
        every=26,
        last=dt.date(2026, 5, 27),
    ),
    # --- hkang (광진구) -------------------------------------------------------------------
    Customer(
        id="choe-jaewon",
        name="최재원",
        kind="doctor",
        owner="hkang",
        lang="ko",
        who="최재원 교수님",
        organisation="건국대학교병원 내분비대사내과",
        role="부교수",
        contacts=("office", "email"),
        email="jw.choi",
        domain="kuh-hospital.example",
        never_forget=("연구 협력 제안은 의학부 통해서만", "커피 대신 녹차"),
        best_days=("tue", "thu"),
        best_time="17:00-18:00",
        channel="visit",
        related=(("customer", "ha-jinu", "연구 협력 창구 (의학부)"),),
        tags=("kol", "tertiary"),
        every=9,
    ),
    Customer(
        id="i-jieun",
        name="이지은",
        kind="pharmacist",
        owner="hkang",
        lang="ko",
        who="이지은 약사님",
        organisation="건대입구튼튼약국",
        role="약국장",
        contacts=("office", "mobile"),
        never_forget=("카톡보다 문자 선호",),
        best_time="오전",
        channel="message",
        every=15,
    ),
    Customer(
        id="jeon-sumin",
        name="전수민",
        kind="nurse",
        owner="hkang",
        lang="ko",
        who="전수민 간호사님",
        organisation="혜민병원 당뇨교실",
        role="당뇨 교육 간호사",
        contacts=("office",),
        never_forget=("당뇨교실은 화·목 오전, 그 시간엔 방문 금지",),
        channel="visit",
        related=(("customer", "pyo-eunji", "같은 병원 구매 담당"),),
        every=35,
    ),
    Customer(
        id="ryu-jeongmin",
        name="류정민",
        kind="doctor",
        owner="hkang",
        lang="ko",
        who="류정민 원장님",
        organisation="구의류내과의원",
        role="원장",
        never_forget=(("월요일 오전은 검진 환자로 매우 바쁨", "2026-02-02"),),
        best_days=("wed", "fri"),
        best_time="14:00-16:00",
        channel="visit",
        related=(("name", "류정혜", "원장 여동생, 같은 의원 실장"),),
        tags=("diabetes", "hypertension"),
        every=15,
    ),
    Customer(
        id="pyo-eunji",
        name="표은지",
        kind="purchasing",
        owner="hkang",
        lang="ko",
        who="표은지 주임님",
        organisation="혜민병원 원무구매팀",
        role="주임",
        contacts=("office", "email"),
        email="ej.pyo",
        domain="hyemin.example",
        never_forget=("계약 관련 메일은 팀장 참조(CC) 필수",),
        channel="email",
        every=32,
        last=dt.date(2026, 7, 8),
    ),
    Customer(
        id="jin-yuna",
        name="진유나",
        kind="other",
        owner="hkang",
        lang="ko",
        who="진유나 간사님",
        organisation="광진구의사회",
        role="사무국 간사",
        contacts=("office", "email"),
        email="office",
        domain="gwangjin-ma.example",
        never_forget=("후원은 공정경쟁규약 범위 안에서만, 서면으로",),
        channel="phone",
        every=60,
    ),
    Customer(
        id="gwak-dohyeon",
        name="곽도현",
        kind="doctor",
        owner="hkang",
        lang="ko",
        who="곽도현 원장님",
        organisation="자양연세가정의원",
        role="원장",
        best_days=("mon",),
        channel="visit",
        every=27,
    ),
    # --- dwilson (international clinics) ------------------------------------------------------
    Customer(
        id="emily-carter",
        name="Dr. Emily Carter",
        kind="doctor",
        owner="dwilson",
        lang="en",
        who="Dr. Carter",
        organisation="Seoul Global Family Clinic, Gangnam",
        role="Family physician",
        contacts=("mobile", "office", "email"),
        email="e.carter",
        domain="sgfc.example",
        never_forget=(
            ("allergic to latex — no latex gloves in samples", "2026-04-10"),
            "prefers data over anecdotes",
        ),
        best_days=("tue", "thu"),
        best_time="12:30-13:30",
        channel="visit",
        pref_notes="Lunch slot only; books through the front desk",
        related=(("customer", "sarah-kim", "pharmacy next door, fills her prescriptions"),),
        tags=("expat-patients", "diabetes"),
        every=13,
    ),
    Customer(
        id="robert-hayes",
        name="Dr. Robert Hayes",
        kind="doctor",
        owner="dwilson",
        lang="en",
        who="Dr. Hayes",
        organisation="서울아산병원 국제진료센터",
        role="Attending physician, internal medicine",
        contacts=("office", "email"),
        email="r.hayes",
        domain="amc-hospital.example",
        never_forget=("Only reachable by email; never cold-call the ward",),
        channel="email",
        related=(("customer", "i-sujin", "hospital pharmacy (formulary)"),),
        tags=("tertiary",),
        every=30,
    ),
    Customer(
        id="sarah-kim",
        name="Sarah Kim",
        kind="pharmacist",
        owner="dwilson",
        lang="en",
        who="Sarah",
        organisation="Gangnam Global Pharmacy",
        role="Pharmacist in charge",
        contacts=("mobile", "email"),
        email="sarah",
        domain="ggpharmacy.example",
        best_days=("mon", "wed", "fri"),
        channel="message",
        related=(("customer", "emily-carter", "refers patients to"),),
        every=20,
        first=dt.date(2026, 3, 9),
    ),
    Customer(
        id="priya-nair",
        name="Priya Nair",
        kind="manager",
        owner="dwilson",
        lang="en",
        who="Priya",
        organisation="Seoul Global Family Clinic, Gangnam",
        role="Clinic operations manager",
        contacts=("office", "email"),
        email="p.nair",
        domain="sgfc.example",
        never_forget=("All rep visits must be booked a week ahead",),
        channel="email",
        related=(("customer", "emily-carter", "runs her clinic"),),
        every=45,
    ),
    Customer(
        id="anna-schmidt",
        name="Anna Schmidt",
        kind="internal",
        owner="dwilson",
        lang="en",
        who="Anna",
        organisation="Hanbit Pharma, Market Access APAC",
        role="Market access lead",
        contacts=("email",),
        email="anna.schmidt",
        domain=COMPANY_DOMAIN,
        never_forget=(
            "Approves all expat pricing answers; never quote prices before she signs off",
        ),
        channel="video",
        pref_notes="Singapore time (UTC+8): mornings in Seoul are early for her",
        tags=("internal",),
        every=30,
    ),
    Customer(
        id="mark-thompson",
        name="Mark Thompson",
        kind="other",
        owner="dwilson",
        lang="en",
        who="Mark",
        organisation="Seoul Diabetes Walk (volunteer organisers)",
        role="Event coordinator",
        contacts=("mobile", "email"),
        email="mark",
        domain="diabeteswalk.example",
        never_forget=("Volunteer, not a clinician: no product claims in conversation",),
        channel="phone",
        every=55,
    ),
)

# --- moments -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemPlan:
    """A routine item a scene leaves open, and how it is usually closed days or weeks later."""

    kind: ItemKind
    text: str
    how: str
    due: int | None = None  # a promise is due this many days after the moment


def _i(kind: ItemKind, text: str, how: str, due: int | None = None) -> ItemPlan:
    return ItemPlan(kind=kind, text=text, how=how, due=due)


@dataclass(frozen=True)
class Scene:
    """A kind of moment, with what was discussed; `{who}` and `{org}` name the customer."""

    text: str
    topics: tuple[str, ...] = ()
    materials: tuple[str, ...] = ()
    questions: tuple[str, ...] = ()
    channels: tuple[Channel, ...] = ("visit",)
    tags: tuple[str, ...] = ()
    follow_up: int | None = None  # days until the promised next contact
    item: ItemPlan | None = None


def _s(
    text: str,
    topics: str = "",
    materials: str = "",
    questions: tuple[str, ...] = (),
    channels: str = "visit",
    tags: str = "",
    follow_up: int | None = None,
    item: ItemPlan | None = None,
) -> Scene:
    """A scene from compact arguments: topics and materials separated by '|'."""

    def split(value: str) -> tuple[str, ...]:
        return tuple(part.strip() for part in value.split("|") if part.strip())

    return Scene(
        text=text,
        topics=split(topics),
        materials=split(materials),
        questions=questions,
        channels=_channels(channels),
        tags=split(tags),
        follow_up=follow_up,
        item=item,
    )


def _channels(value: str) -> tuple[Channel, ...]:
    known: dict[str, Channel] = {
        "visit": "visit",
        "phone": "phone",
        "email": "email",
        "message": "message",
        "video": "video",
        "event": "event",
        "other": "other",
    }
    return tuple(known[name] for name in value.split())


G, D, P, R = "Glucofin XR", "dosage", "pricing", "reimbursement"
BRO, LEAVE, SLIDES, CARD = (
    "Glucofin brochure v3",
    "Cardiozen leave-behind",
    "clinical study slides",
    "dosing card",
)
PACK, LEAFLET = "sample pack", "patient leaflet (Korean)"

SCENES: dict[tuple[Lang, Group, Mood], tuple[Scene, ...]] = {
    ("ko", "prescriber", "good"): (
        _s("글루코핀 XR 신규 처방 조건 문의. 보험 기준 설명하고 브로셔 전달.", f"{G}|{R}", BRO,
           ("신규 처방 시 보험 인정 기준은?",)),
        _s("{who}과 진료실에서 글루코핀 XR 처방 경험 논의. 위장관 부작용이 적다는 피드백.",
           f"{G}|side effects"),
        _s("신장 기능 저하 환자 용량 질문. 복용 카드 드리고 "
           "다음 방문 때 임상 자료 보여드리기로 함.",
           f"{D}|clinical data", CARD, ("eGFR 30 미만 환자 용량은?",), follow_up=7,
           item=_i("promise", "신장 기능 저하 환자 용량 임상 자료 보여드리기",
                   "임상 자료로 신장 기능별 용량 조절 기준 설명드림. 만족하심.", due=7)),
        _s("카디오젠 리브비하인드 전달. 고혈압 동반 당뇨 환자 병용에 관심 보이심.", "Cardiozen",
           LEAVE, ("글루코핀 XR과 병용 시 상호작용은?",)),
        _s("임상 연구 슬라이드로 HbA1c 감소 데이터 설명. 수치 위주 설명을 좋아하심.",
           f"clinical data|{G}", SLIDES, channels="visit video"),
        _s("{who}께서 샘플 팩 요청하셔서 다음 주 전달 약속.", "samples",
           questions=("샘플 팩 추가로 받을 수 있나?",), channels="visit phone", follow_up=7,
           item=_i("promise", "샘플 팩 전달", "샘플 팩 전달 완료.", due=7)),
        _s("샘플 팩 전달하고 환자용 안내문(한글)도 함께 드림.", "samples", f"{PACK}|{LEAFLET}"),
        _s("지난번 문의하신 용량 자료 전화로 회신. 만족하심.", D, channels="phone"),
        _s("학술 심포지엄에서 {who}께 인사. 카디오젠 세션을 관심 있게 들으심.",
           "Cardiozen|clinical data", channels="event"),
        _s("다음 방문 일정 문자로 확인.", channels="message"),
        _s("화상 미팅으로 글루코핀 XR 장기 안전성 데이터 공유.", f"clinical data|side effects|{G}",
           SLIDES, channels="video"),
        _s("{org}에서 {who}을 만나 원내 처방 목록 등재 진행 상황 공유.", "formulary"),
        _s("고령 환자 복용 편의성 질문. 1일 1회 복용 강조하고 복용 카드 전달.", f"{G}|{D}", CARD,
           ("75세 이상 환자도 같은 용량?",)),
        _s("약가 인하 내용 설명. 환자 본인부담금이 줄어 반응 좋음.", f"{P}|{R}", BRO),
    ),
    ("ko", "prescriber", "mixed"): (
        _s("진료가 길어져 5분만 뵘. 브로셔만 전달하고 다음에 다시 오기로.", G, BRO),
        _s("경쟁 제품과 본인부담금 비교 질문. 바로 답 못 드려 본사 확인 후 회신 약속.", P,
           questions=("경쟁 제품 대비 환자 본인부담금 차이는?",), follow_up=5,
           item=_i("question", "경쟁 제품 대비 환자 본인부담금 차이",
                   "본사 확인 후 본인부담금 비교표를 문자로 보내드림.")),
        _s("환자 한 분이 복용 후 위장 불편을 호소했다고 하심. 부작용 보고 절차 안내.",
           "side effects", questions=("부작용 보고는 어디로 하나?",), channels="visit phone"),
        _s("카디오젠 처방은 당분간 늘리기 어렵다고 하심. 기존 약으로 조절 잘 된다는 이유.",
           "Cardiozen"),
    ),
    ("ko", "prescriber", "bad"): (
        _s("약속한 임상 자료를 2주째 못 드려 불만 표시하심. 이번 주 안에 전달 약속.",
           "clinical data", tags="complaint", channels="visit phone", follow_up=3,
           item=_i("complaint", "약속한 임상 자료 2주째 미전달",
                   "임상 자료 직접 전달하고 지연 사과드림. 괜찮다고 하심.")),
        _s("유효기간 임박한 샘플을 드린 것에 대해 항의하심. 즉시 교체 약속.", "samples", PACK,
           tags="complaint", follow_up=2,
           item=_i("complaint", "유효기간 임박 샘플 전달", "새 샘플 팩으로 교체해 드림.")),
        _s("예고 없이 방문해 진료 흐름을 방해했다고 지적받음. 앞으로 문자로 먼저 확인하기로.",
           tags="complaint",
           item=_i("complaint", "예고 없는 방문으로 진료 흐름 방해",
                   "방문 전날 문자로 확인하는 원칙을 지키고 있다고 말씀드림. 수긍하심.")),
    ),
    ("ko", "pharmacy", "good"): (
        _s("글루코핀 XR 재고 확인. 다음 달 처방 증가 예상되어 도매 발주 권유.", G),
        _s("{who}께 복약지도용 환자 안내문(한글) 50부 전달.", "", LEAFLET),
        _s("카디오젠 복용 시간 관련 복약지도 질문에 답변. 복용 카드 전달.", f"Cardiozen|{D}", CARD,
           ("식전, 식후 상관없나?",)),
        _s("근처 의원 처방 패턴 변화 공유받음. 글루코핀 XR 처방이 늘었다고 함.", G),
        _s("원내 약품 목록 심의 일정 확인하고 신청 서류 안내.", "formulary",
           questions=("신청 서류 마감은 언제?",)),
        _s("반품 절차 문의받아 도매 담당자 연결해 드림.",
           questions=("유효기간 임박 재고 반품 가능?",),
           channels="phone message"),
        _s("{org}에서 {who}과 분기 재고 계획 논의.", f"{G}|Cardiozen"),
    ),
    ("ko", "pharmacy", "mixed"): (
        _s("약가 변경 공지를 늦게 받아 혼란이 있었다고 함. 변경 내역 이메일로 재발송.", P,
           channels="visit phone"),
        _s("바쁜 시간대라 인사만 하고 나옴.", channels="visit"),
    ),
    ("ko", "pharmacy", "bad"): (
        _s("글루코핀 XR 품절로 환자를 돌려보냈다고 강하게 항의. "
           "도매 재고 확인 후 오늘 중 회신 약속.",
           G, tags="complaint", channels="phone visit", follow_up=1,
           item=_i("complaint", "글루코핀 XR 품절로 환자를 돌려보냄",
                   "도매 긴급 재고 배정받아 입고 확인, 약국에 전화로 안내.")),
        _s("안내문 용량 표기 오탈자 지적받음. 수정본 전달 약속.", D, LEAFLET, tags="complaint",
           follow_up=7, item=_i("complaint", "환자 안내문 용량 표기 오탈자",
                                "수정된 안내문 전달하고 기존 안내문 회수.")),
    ),
    ("ko", "nurse", "good"): (
        _s("당뇨 교육실용 환자 안내문(한글) 보충. 인슐린 병용 환자용 자료 요청받음.", "", LEAFLET,
           ("인슐린 병용 환자용 자료도 있나?",),
           item=_i("request", "인슐린 병용 환자용 교육 자료",
                   "인슐린 병용 환자용 교육 자료 20부 전달.")),
        _s("{who}과 환자 복약 순응도 이야기. 1일 1회 복용이 편하다는 피드백.", f"{G}|{D}"),
        _s("외래 대기실 비치용 복용 카드 전달.", D, CARD),
        _s("교육 간호사 모임에서 10분 발표 기회 얻음.", G, LEAFLET, channels="event"),
    ),
    ("ko", "nurse", "mixed"): (
        _s("환자 저혈당 사례 문의. 의학부 연결 약속.", "side effects",
           questions=("설포닐우레아 병용 시 저혈당 빈도는?",), follow_up=10,
           item=_i("question", "설포닐우레아 병용 시 저혈당 빈도",
                   "의학부 답변서(저혈당 빈도 자료) 출력해 전달.")),
    ),
    ("ko", "nurse", "bad"): (
        _s("샘플 키트에 라텍스 장갑이 들어 있다고 지적받음. 대체품으로 교체 약속.", "samples",
           PACK, tags="complaint", follow_up=3,
           item=_i("complaint", "샘플 키트에 라텍스 장갑 포함",
                   "라텍스 없는 샘플 키트로 교체해 드림.")),
    ),
    ("ko", "purchasing", "good"): (
        _s("연간 구매 계약 갱신 조건 논의. 약가와 공급 일정 확인.", P),
        _s("견적서 이메일 발송. 다음 주 회신 예정.", P, channels="email", follow_up=7),
        _s("원내 코드 등록 진행 상황 확인.", "formulary", channels="phone email"),
        _s("입찰 일정 안내받음. 필요 서류 목록 전달받음.", P,
           questions=("제출 서류 마감일은?",), channels="email visit",
           item=_i("request", "입찰 제출 서류 일체",
                   "입찰 서류 일체 이메일로 제출, 접수 확인받음.")),
    ),
    ("ko", "purchasing", "mixed"): (
        _s("납품 지연 건 문의. 물류팀 확인 후 회신하기로.", channels="phone", follow_up=2,
           item=_i("question", "납품 지연 사유와 입고 예정일",
                   "물류팀 확인 후 입고 예정일 회신. 예정대로 입고됨.")),
    ),
    ("ko", "purchasing", "bad"): (
        _s("세금계산서 오류가 두 번째 발생. 재발 방지 요청받음.", P, tags="complaint",
           channels="phone email", follow_up=5,
           item=_i("complaint", "세금계산서 오류 재발",
                   "세금계산서 재발행하고 재발 방지책 메일로 안내.")),
    ),
    ("ko", "manager", "good"): (
        _s("{who}과 방문 가능 시간대 조율. 화·목 오전으로 정함.", channels="phone visit"),
        _s("원내 제약사 방문 규정 변경 안내받음. 사전 예약제 시행.", channels="phone"),
        _s("직원 대상 제품 설명회 일정 협의.", f"{G}|Cardiozen", channels="visit video"),
    ),
    ("ko", "manager", "mixed"): (
        _s("주차 문제로 영업사원 방문을 줄여 달라는 요청.", channels="phone",
           item=_i("request", "영업사원 방문 횟수 축소",
                   "방문은 월 1회로 줄이고 나머지는 전화로 하기로 합의.")),
    ),
    ("ko", "manager", "bad"): (
        _s("예약 없이 방문한 것에 대해 항의받음. 규정 재확인하고 사과.", tags="complaint",
           channels="phone", item=_i("complaint", "예약 없이 방문",
                                     "팀 전체에 사전 예약 규정 공유했다고 말씀드림. 수긍하심.")),
    ),
    ("ko", "internal", "good"): (
        _s("병원 질의 2건(신장애 용량, 저혈당)을 의학부에 전달. 답변 일정 공유받음.",
           f"{D}|side effects", channels="email"),
        _s("임상 연구 슬라이드 최신판 요청. 다음 주 배포 예정.", "clinical data", SLIDES,
           channels="email video", follow_up=7),
        _s("KOL 자문회의 참석자 명단 협의.", "clinical data", channels="video event"),
        _s("부작용 보고 건 처리 상황 확인.", "side effects", channels="phone email"),
    ),
    ("ko", "internal", "mixed"): (
        _s("질의 답변이 3주째 지연. 우선순위 조정 요청.", "clinical data", channels="email",
           follow_up=7),
    ),
    ("ko", "internal", "bad"): (),
    ("ko", "other", "good"): (
        _s("보건소 당뇨 교실 일정 확인하고 자료 협조 요청받음.", "", LEAFLET,
           channels="phone visit",
           item=_i("request", "당뇨 교실용 환자 안내문 협조", "환자 안내문(한글) 100부 전달.")),
        _s("월례 모임 후원 관련 규정 문의. 공정경쟁규약 범위 내에서 가능하다고 안내.",
           channels="phone event"),
        _s("지역 건강 강좌 안내문 공유받음.", channels="email"),
    ),
    ("ko", "other", "mixed"): (
        _s("담당자 변경으로 일정이 미뤄짐. 다음 달 다시 연락하기로.", channels="phone",
           follow_up=30),
    ),
    ("ko", "other", "bad"): (),
    ("en", "prescriber", "good"): (
        _s("Asked for renal dosing data; promised to send the study slides.", f"{D}|clinical data",
           questions=("Dose adjustment below eGFR 30?",), channels="visit email", follow_up=5,
           item=_i("promise", "Send the renal dosing study slides",
                   "Sent the renal dosing slides by email; she confirmed they answer it.", due=5)),
        _s("Walked through the Glucofin XR HbA1c data with the study slides. Wants head-to-head "
           "data next time.", f"{G}|clinical data", SLIDES),
        _s("Left the Glucofin brochure v3 and a dosing card; short chat between patients.",
           f"{G}|{D}", f"{BRO}|{CARD}"),
        _s("Discussed Cardiozen for patients with hypertension and type 2 diabetes.", "Cardiozen",
           LEAVE, ("Any interaction with Glucofin XR?",)),
        _s("Video call on long-term safety; {who} prefers numbers over anecdotes.",
           "side effects|clinical data", SLIDES, channels="video"),
        _s("Dropped off sample packs and Korean patient leaflets for Korean-speaking patients.",
           "samples", f"{PACK}|{LEAFLET}"),
        _s("Met {who} at the diabetes symposium; good questions in the Cardiozen session.",
           "Cardiozen|clinical data", channels="event"),
        _s("Confirmed the next visit by text.", channels="message"),
        _s("Explained how reimbursement works for insured expat patients.", f"{R}|{P}",
           questions=("Are expats on NHIS covered the same way?",), channels="visit email"),
    ),
    ("en", "prescriber", "mixed"): (
        _s("Only five minutes between appointments; left the brochure, will come back.", G, BRO),
        _s("Asked how Glucofin XR pricing compares with generics for uninsured patients; "
           "checking with market access.", f"{P}|{G}",
           questions=("Cash price for uninsured patients?",), follow_up=7,
           item=_i("question", "Cash price of Glucofin XR for uninsured patients",
                   "Market access signed off the cash-price answer; sent it by email.")),
    ),
    ("en", "prescriber", "bad"): (
        _s("Complained that the promised slides never arrived. Apologised and sent them the same "
           "day.", "clinical data", SLIDES, tags="complaint", channels="visit email",
           follow_up=3, item=_i("complaint", "Promised study slides never arrived",
                                "Checked back: slides received, she is satisfied.")),
    ),
    ("en", "pharmacy", "good"): (
        _s("Checked Glucofin XR stock and reorder timing.", G, channels="visit message"),
        _s("Delivered Korean patient leaflets; asked whether an English version exists.", "",
           LEAFLET, ("Is there an English leaflet?",)),
        _s("Answered a question on taking Cardiozen with food; left dosing cards.",
           f"Cardiozen|{D}", CARD, ("With or without food?",), channels="visit message"),
    ),
    ("en", "pharmacy", "mixed"): (
        _s("The price change notice reached them late; re-sent the details by email.", P,
           channels="email phone"),
    ),
    ("en", "pharmacy", "bad"): (
        _s("Glucofin XR out of stock at the wholesaler; a patient was turned away. Promised an "
           "update today.", G, tags="complaint", channels="phone", follow_up=1,
           item=_i("complaint", "Glucofin XR out of stock; a patient was turned away",
                   "Wholesaler delivered an emergency allocation; stock confirmed by phone.")),
    ),
    ("en", "manager", "good"): (
        _s("Agreed a quarterly in-service slot for the clinic team.", G, channels="email visit"),
        _s("Went over the clinic's visit policy: appointments only, booked a week ahead.",
           channels="email"),
    ),
    ("en", "manager", "mixed"): (
        _s("Budget freeze this quarter; no new formulary additions until January.", "formulary",
           channels="email phone"),
    ),
    ("en", "manager", "bad"): (),
    ("en", "internal", "good"): (
        _s("Shared expat pricing questions from two clinics; {who} will send a summary.",
           f"{P}|{R}", channels="video email", follow_up=10),
        _s("Asked about an English version of the patient leaflet.", "", LEAFLET,
           channels="email"),
        _s("Planned the Cardiozen advisory board invitations.", "Cardiozen", channels="video"),
    ),
    ("en", "internal", "mixed"): (),
    ("en", "internal", "bad"): (),
    ("en", "other", "good"): (
        _s("Confirmed booth space for the autumn Diabetes Walk; needs compliance approval.",
           channels="phone event", follow_up=14,
           item=_i("request", "Compliance approval for the Diabetes Walk booth",
                   "Compliance approved the booth; confirmed with {who} by email.")),
        _s("Shared educational leaflets for the community health day.", "", LEAFLET,
           channels="email visit"),
    ),
    ("en", "other", "mixed"): (
        _s("Asked for sponsorship beyond what the code allows; explained the limits.",
           channels="phone"),
    ),
    ("en", "other", "bad"): (),
}  # fmt: skip

MOOD_WEIGHTS: dict[Mood, int] = {"good": 80, "mixed": 15, "bad": 5}
RATINGS: dict[Mood, tuple[tuple[int, int], ...]] = {
    "good": ((4, 40), (3, 55), (2, 5)),
    "mixed": ((3, 20), (2, 65), (1, 15)),
    "bad": ((1, 45), (0, 55)),
}
NEXT_CONTACT_DAYS = (3, 5, 7, 7, 10, 14, 14, 21, 28)


@dataclass(frozen=True)
class PlannedItem:
    """An item a moment opens, before it has a number; `key` names it within the customer."""

    key: str
    kind: ItemKind
    text: str
    due: dt.date | None = None
    owner: str | None = None
    how: str | None = None  # routine items only: the generator closes them with this


def _open(
    key: str, kind: ItemKind, text: str, due: str | None = None, owner: str | None = None
) -> PlannedItem:
    """A story's item; `due` is an ISO date (the `by …` of a promise)."""
    day = dt.date.fromisoformat(due) if due else None
    return PlannedItem(key=key, kind=kind, text=text, due=day, owner=owner)


@dataclass(frozen=True)
class Story:
    """A fixed moment in a customer's year: the beats a brief should show."""

    customer: str
    at: str  # ISO local time, +09:00 implied
    scene: Scene
    rating: int
    by: str | None = None
    next_contact: str | None = None
    opens: tuple[PlannedItem, ...] = ()
    resolves: tuple[str, ...] = ()  # keys of this customer's items that this moment closes


STORIES: tuple[Story, ...] = (
    # 김민수: a complaint closed the next day; then jpark's renal-data promise, broken and
    # complained about, still open when he leaves: the successor's first job.
    Story("gim-minsu", "2026-02-11T15:10", _s(
        "수요일 오후에 예고 없이 방문했다가 외래 시술 시간이라 30분 대기 후 돌아옴. 간호사 통해 "
        "불쾌하셨다는 말 전해 들음.", tags="complaint"), 0,
        opens=(_open("wednesday", "complaint", "수요일 오후 예고 없는 방문 (외래 시술 시간)"),)),
    Story("gim-minsu", "2026-02-12T09:40", _s(
        "김민수 과장님께 전화로 사과드림. 앞으로 수요일 오후는 피하고 화·목 오전에 방문하기로 함.",
        channels="phone"), 3, resolves=("wednesday",)),
    Story("gim-minsu", "2026-09-15T10:20", _s(
        "김민수 과장님과 병원에서 처방 논의. 당뇨 신환은 대부분 글루코핀 XR로 시작한다고 하심.",
        G), 4),
    Story("gim-minsu", "2026-10-08T10:10", _s(
        "김민수 과장님과 신장 기능 저하 환자 처방 논의. eGFR 30 미만 환자 용량 근거를 원문 "
        "자료로 요청하셔서 다음 주까지 전달 약속.", f"{D}|clinical data", CARD,
        ("eGFR 30 미만 환자 용량은?",)), 3,
        opens=(_open("renal-data", "promise", "eGFR 30 미만 환자 용량 임상 자료(원문) 전달",
                     due="2026-10-16"),)),
    Story("gim-minsu", "2026-10-22T10:00", _s(
        "약속한 신장애 용량 자료를 2주째 못 드려 불만 표시하심. 의학부에 재요청했다고 말씀드림.",
        "clinical data", tags="complaint"), 0,
        opens=(_open("renal-late", "complaint", "약속한 신장애 용량 자료 2주째 미전달"),)),
    Story("gim-minsu", "2026-10-29T09:30", _s(
        "퇴사 전 마지막 방문. 자료 지연 직접 사과드리고 후임자 소개 약속. 신장 기능 저하 환자 "
        "용량 자료는 의학부 답변 오는 대로 전달드리기로 함.", f"{D}|clinical data",
        questions=("후임 담당자는 누구이고 언제 인사 오나?", "eGFR 30 미만 환자 용량 자료는?")),
        3, next_contact="2026-11-12", resolves=("renal-late",),
        opens=(_open("successor", "question", "후임 담당자는 누구이고 언제 인사 오나?",
                     owner="sylee"),)),
    Story("ha-jinu", "2026-10-12T16:20", _s(
        "서울중앙내과 김민수 과장님 질의(eGFR 30 미만 환자 글루코핀 XR 용량 근거) 의학부에 메일로 "
        "전달. 답변까지 2~3주 걸린다고 함.", f"{D}|clinical data", channels="email"), 3,
        by="jpark"),
    Story("ha-jinu", "2026-11-17T11:40", _s(
        "하진우 매니저님 회신: 김민수 과장님 신장애 용량 질의 답변서 도착. 박지훈 퇴사로 고객 "
        "전달은 아직, 이번 주 안에 전달 필요.", f"{D}|clinical data", channels="email"), 3),
    # 오준영: the first invoice error fixed in two days; the second, after jpark left, unanswered.
    Story("o-junyeong", "2026-08-11T10:30", _s(
        "오준영 대리님 메일: 7월분 세금계산서 단가 오류 지적. 재무팀에 재발행 요청.", P,
        channels="email", tags="complaint"), 1,
        opens=(_open("invoice-july", "complaint", "7월분 세금계산서 단가 오류"),)),
    Story("o-junyeong", "2026-11-06T14:20", _s(
        "오준영 대리님 메일 항의: 10월분 세금계산서 단가 오류가 두 번째 발생. 재발행과 재발 방지 "
        "대책을 요청하심. 박지훈 퇴사 후 담당 공백.", P, channels="email", tags="complaint"), 1,
        by="sylee",
        opens=(_open("invoice-october", "complaint",
                     "10월분 세금계산서 단가 오류 재발: 재발행과 재발 방지 대책 요청"),)),
    # 서현우: a formulary request closed four weeks later by the moment that brought the news.
    Story("seo-hyeonu", "2026-03-10T14:30", _s(
        "서현우 파트장님께 카디오젠 원내 약품 목록 등재 신청. 4월 약사위원회(DC) 안건 상정을 위해 "
        "약가·안전성 자료 보완을 요청하심.", "Cardiozen|formulary"), 3,
        opens=(_open("dc-cardiozen", "request", "카디오젠 DC 신청 서류 보완 (약가·안전성 자료)"),)),
    Story("seo-hyeonu", "2026-04-07T14:40", _s(
        "서현우 파트장님이 카디오젠 4월 약사위원회(DC) 통과 소식 전해 주심. 5월부터 원내 처방 "
        "가능.", "Cardiozen|formulary"), 4, resolves=("dc-cardiozen",)),
    # 이지은: a return closed, reopened a week later, closed for good after four weeks.
    Story("i-jieun", "2026-08-26T10:20", _s(
        "이지은 약사님이 유효기간 임박 글루코핀 XR 재고 반품을 요청하심. 도매 담당자 연결.", G,
        questions=("유효기간 임박 재고 반품 가능?",), channels="message"), 3,
        opens=(_open("return", "request", "유효기간 임박 글루코핀 XR 재고 반품"),)),
    Story("emily-carter", "2026-04-08T12:40", _s(
        "Sample kit came with latex gloves although Dr. Carter is allergic to latex. Apologised; "
        "latex-free replacement promised.", "samples", PACK, tags="complaint"), 0,
        next_contact="2026-04-10",
        opens=(_open("latex", "complaint", "Sample kit contained latex gloves (latex allergy)"),
               _open("latex-kit", "promise", "Latex-free replacement sample kit",
                     due="2026-04-10"))),
    Story("emily-carter", "2026-04-10T12:45", _s(
        "Brought a latex-free sample kit and apologised again; she appreciated the quick fix.",
        "samples", PACK), 3, resolves=("latex", "latex-kit")),
    Story("an-jaehyeon", "2026-06-11T14:30", _s(
        "서울아산병원에서 안재현 교수님을 만나 카디오젠 자문회의 참석 확정. "
        "원문 논문 3편 요청하심.",
        "Cardiozen|clinical data", SLIDES, ("장기 추적 데이터 원문은?",)), 4,
        next_contact="2026-06-18",
        opens=(_open("papers", "request", "카디오젠 장기 추적 데이터 원문 논문 3편"),)),
    Story("jeong-daeun", "2026-08-04T10:30", _s(
        "정다은 약국장님께 글루코핀 XR 품절 사태 사과드리고 도매 긴급 배송 일정 안내.", G,
        tags="complaint"), 1, next_contact="2026-08-06",
        opens=(_open("stockout", "complaint", "글루코핀 XR 품절로 환자를 돌려보냄"),)),
    # What is still open on TODAY: overdue promises, questions and requests of various ages.
    Story("sarah-kim", "2026-11-02T11:15", _s(
        "Sarah asked again for an English patient leaflet for Glucofin XR; promised a PDF by "
        "13 Nov once Anna signs off the text.", G, LEAFLET, channels="message"), 3,
        opens=(_open("english-leaflet", "promise", "English patient leaflet for Glucofin XR (PDF)",
                     due="2026-11-13"),)),
    Story("anna-schmidt", "2026-11-03T09:30", _s(
        "Asked Anna to approve the English Glucofin XR leaflet for Gangnam Global Pharmacy; "
        "she is waiting on the medical review.", G, LEAFLET, channels="video"), 3),
    Story("jang-hyeonsuk", "2026-11-05T16:30", _s(
        "장현숙 교수님 추계 학회 발표 준비 논의. 글루코핀 XR 최신 HbA1c 슬라이드를 11월 18일까지 "
        "드리기로 약속.", f"clinical data|{G}", SLIDES), 4,
        opens=(_open("congress-slides", "promise",
                     "추계 학회 발표용 글루코핀 XR 최신 HbA1c 슬라이드 전달", due="2026-11-18"),)),
    Story("choe-jaewon", "2026-11-17T17:10", _s(
        "최재원 교수님과 연구자 주도 임상 아이디어 논의. 의학부 경유 제안서 양식을 12월 3일까지 "
        "보내드리기로 함.", "clinical data"), 4,
        opens=(_open("iit-form", "promise", "연구자 주도 임상 제안서 양식 전달 (의학부 경유)",
                     due="2026-12-03"),)),
    Story("i-sujin", "2026-11-11T14:30", _s(
        "이수진 파트장님과 1분기 원내 약품 목록 신청 일정 확인. 카디오젠 약가·보험 서류 일체를 "
        "요청하심.", f"formulary|Cardiozen|{R}"), 3,
        opens=(_open("dc-docs", "request",
                     "1분기 원내 약품 목록 신청용 카디오젠 약가·보험 서류"),)),
    Story("robert-hayes", "2026-10-02T10:30", _s(
        "Dr. Hayes asked whether Glucofin XR must be held before contrast CT; forwarded the "
        "question to medical affairs.", f"side effects|{G}",
        questions=("Hold Glucofin XR before iodinated contrast?",), channels="email"), 3,
        opens=(_open("contrast", "question",
                     "Does Glucofin XR need to be held before iodinated contrast scans?"),)),
    Story("go-eunyeong", "2026-10-28T15:00", _s(
        "고은영 매니저님이 송파권역 체인 약국 대상 글루코핀 XR 복약지도 교육을 요청하심. 본부 "
        "승인 절차 확인 필요.", G, channels="video"), 3,
        opens=(_open("chain-training", "request", "송파권역 체인 약국 복약지도 교육 일정 제안"),)),
    Story("jeon-sumin", "2026-11-16T14:00", _s(
        "전수민 간호사님이 인슐린 병용 환자 교육용 자료를 요청하심. 다음 방문 때 가져가기로.", "",
        LEAFLET, ("인슐린 병용 환자용 자료도 있나?",)), 3,
        opens=(_open("insulin-leaflet", "request", "인슐린 병용 환자용 교육 자료"),)),
    Story("mark-thompson", "2026-11-12T17:00", _s(
        "Mark asked whether the booth may hand out free glucose-testing vouchers; checking with "
        "compliance.", channels="phone"), 3,
        opens=(_open("vouchers", "question",
                     "May the Diabetes Walk booth hand out free glucose-testing vouchers?"),)),
)  # fmt: skip


@dataclass(frozen=True)
class Closing:
    """A record that closes (`resolve`, with how) or reopens (`reopen`, with why) a story item."""

    customer: str
    item: str  # the key of the item in STORIES
    at: str  # ISO local time
    by: str
    text: str
    kind: Literal["resolve", "reopen"] = "resolve"


CLOSINGS: tuple[Closing, ...] = (
    Closing("o-junyeong", "invoice-july", "2026-08-13T16:10", "jpark",
            "재무팀에서 세금계산서 재발행, 오준영 대리님께 메일로 송부하고 수신 확인."),
    Closing("jeong-daeun", "stockout", "2026-08-05T11:30", "sylee",
            "새한약품 긴급 배송분 8/5 오전 입고 확인, 약국장님께 전화로 안내."),
    Closing("an-jaehyeon", "papers", "2026-07-09T17:20", "sylee",
            "의학부에서 원문 논문 3편 PDF 받아 메일로 전달, 교수님 수신 확인."),
    Closing("i-jieun", "return", "2026-09-03T16:00", "hkang", "새한약품 통해 반품 회수 완료."),
    Closing("i-jieun", "return", "2026-09-10T10:40", "hkang",
            "반품 크레딧이 9월 정산에 반영되지 않았다고 다시 연락 옴.", kind="reopen"),
    Closing("i-jieun", "return", "2026-09-22T15:30", "hkang",
            "도매 정산 담당자 확인, 9월 정산서에 반품 크레딧 반영됨. 약사님께 문자로 안내."),
)  # fmt: skip


@dataclass(frozen=True)
class Fix:
    """A correction of a story moment (named by its time): the history keeps both."""

    customer: str
    note: str  # the `at` of the corrected story
    at: str
    by: str
    changes: MomentChanges


FIXES: tuple[Fix, ...] = (
    Fix("emily-carter", "2026-04-10T12:45", "2026-04-10T18:05", "dwilson",
        MomentChanges(rating=4)),
    Fix("jeong-daeun", "2026-08-04T10:30", "2026-08-04T18:10", "sylee", MomentChanges(
        summary="정다은 약국장님께 글루코핀 XR 품절 사태 사과드리고 새한약품 긴급 배송 일정 "
        "안내. 품절 기간에 환자 세 분을 돌려보내셨다고 함.")),
)  # fmt: skip

# --- helpers -----------------------------------------------------------------------------------

_PLAIN_UNSAFE = re.compile(r"^[-?:,\[\]{}#&*!|>'\"%@`\s]|: | #|:$|\s$")
_YAML_SPECIAL = re.compile(
    r"^(?:~|null|true|false|yes|no|on|off|y|n|[-+]?[0-9][0-9_.:eE+-]*|\d{4}-\d\d-\d\d.*)$",
    re.IGNORECASE,
)


def scalar(value: str, *, quote: bool = False) -> str:
    """A YAML scalar as a person would type it: plain when safe, double-quoted otherwise."""
    if quote or not value or _PLAIN_UNSAFE.search(value) or _YAML_SPECIAL.match(value):
        return json.dumps(value, ensure_ascii=False)
    return value


def flow_list(items: Sequence[str]) -> str:
    return "[" + ", ".join(items) + "]"


def weighted(rng: random.Random, pairs: Sequence[tuple[T, int]]) -> T:
    return rng.choices([item for item, _ in pairs], weights=[w for _, w in pairs])[0]


def working_day(day: dt.date) -> dt.date:
    while day.weekday() >= 5 or day in HOLIDAYS:
        day += dt.timedelta(days=1)
    return day


WEEKDAY_INDEX: dict[str, int] = {d: i for i, d in enumerate(("mon", "tue", "wed", "thu", "fri"))}


def snap_to_best_day(day: dt.date, best_days: Sequence[str]) -> dt.date:
    targets = {WEEKDAY_INDEX[d] for d in best_days if d in WEEKDAY_INDEX}
    for shift in range(7):
        candidate = day + dt.timedelta(days=shift)
        if candidate.weekday() in targets and candidate not in HOLIDAYS:
            return candidate
    return day


_WINDOW = re.compile(r"(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})")


def time_window(best_time: str | None) -> tuple[int, int]:
    """The preferred window as minutes after midnight."""
    if best_time == "오전":
        return 9 * 60, 12 * 60
    if best_time == "오후":
        return 13 * 60 + 30, 17 * 60 + 30
    match = _WINDOW.fullmatch(best_time or "")
    if match:
        h1, m1, h2, m2 = (int(part) for part in match.groups())
        return h1 * 60 + m1, h2 * 60 + m2
    return 9 * 60, 18 * 60


def pick_time(rng: random.Random, customer: Customer, channel: Channel) -> dt.time:
    start, end = time_window(customer.best_time)
    if channel != "visit" or rng.random() > 0.75:
        start, end = 9 * 60, 18 * 60
    minute = rng.randrange(start, max(start + 5, end - 10), 5)
    if channel == "visit" and 12 * 60 <= minute < 13 * 60 and customer.lang == "ko":
        minute += 60  # Korean clinics close for lunch
    return dt.time(minute // 60, minute % 60)


def contact_days(rng: random.Random, customer: Customer) -> Iterator[dt.date]:
    """The days the customer is contacted, at roughly their cadence."""
    day = working_day(customer.first + dt.timedelta(days=rng.randrange(customer.every)))
    while day <= customer.last:
        yield day
        gap = max(2, round(rng.gauss(customer.every, customer.every * 0.35)))
        day = working_day(day + dt.timedelta(days=gap))
        if customer.best_days and rng.random() < 0.6:
            day = snap_to_best_day(day, customer.best_days)


def author(rng: random.Random, customer: Customer, day: dt.date) -> str | None:
    """Who wrote the note: the owner, a colleague now and then, nobody once jpark has gone."""
    if customer.owner == LEFT_REP and day > LEFT_ON:
        return COVERING_REP if rng.random() < 0.3 else None
    if rng.random() < 0.05:
        # a colleague covering a visit; Korean-speaking customers get a Korean-speaking rep
        others = [r for r in ACTIVE_REPS if r != customer.owner]
        if customer.lang == "ko":
            others = [r for r in others if r not in ENGLISH_ONLY_REPS]
        return rng.choice(others)
    return customer.owner


def fill(text: str, customer: Customer) -> str:
    return text.replace("{who}", customer.who).replace("{org}", customer.organisation or "")


def next_contact(rng: random.Random, scene: Scene, day: dt.date) -> dt.date | None:
    if scene.follow_up is not None:
        return working_day(day + dt.timedelta(days=scene.follow_up))
    if rng.random() < 0.55:
        return working_day(day + dt.timedelta(days=rng.choice(NEXT_CONTACT_DAYS)))
    return None


def make_moment(
    *,
    customer: Customer,
    scene: Scene,
    at: dt.datetime,
    by: str,
    channel: Channel,
    rating: int | None,
    next_day: dt.date | None,
) -> Moment:
    return Moment(
        kind="moment",
        at=at,
        by=by,
        channel=channel,
        summary=fill(scene.text, customer),
        topics=list(scene.topics),
        materials=list(scene.materials),
        questions=list(scene.questions),
        rating=rating,
        next_contact=next_day,
        tags=list(scene.tags),
    )


@dataclass(frozen=True)
class Planned:
    """A moment before its items have numbers: what it opens and closes, by item key."""

    moment: Moment
    items: tuple[PlannedItem, ...] = ()
    resolves: tuple[str, ...] = ()


def routine_items(customer: Customer, scene: Scene, day: dt.date) -> tuple[PlannedItem, ...]:
    """The item a scene leaves open, if any; the generator closes it later (`how`)."""
    plan = scene.item
    if plan is None:
        return ()
    due = working_day(day + dt.timedelta(days=plan.due)) if plan.due is not None else None
    item = PlannedItem(
        key=f"routine-{day.isoformat()}",
        kind=plan.kind,
        text=fill(plan.text, customer),
        due=due,
        how=fill(plan.how, customer),
    )
    return (item,)


def scene_choices(customer: Customer, mood: Mood, day: dt.date) -> tuple[Mood, tuple[Scene, ...]]:
    """The scenes a random moment may draw. In the curated last weeks only scenes that leave
    nothing open (so no bad ones): what is open on TODAY is exactly what the stories say."""
    group = KIND_GROUP[customer.kind]
    for candidate in (mood, "good"):
        scenes = SCENES[(customer.lang, group, candidate)]
        if day >= CURATED_FROM:
            scenes = tuple(scene for scene in scenes if scene.item is None)
        if scenes:
            return candidate, scenes
    raise ValueError(f"no scene for {customer.id} on {day}")


def random_moment(rng: random.Random, customer: Customer, day: dt.date, by: str) -> Planned:
    mood, scenes = scene_choices(customer, weighted(rng, list(MOOD_WEIGHTS.items())), day)
    scene = rng.choice(scenes)
    channel = rng.choice(scene.channels)
    if customer.channel in scene.channels and rng.random() < 0.5:
        channel = customer.channel
    at = dt.datetime.combine(day, pick_time(rng, customer, channel), tzinfo=KST)
    rating = weighted(rng, RATINGS[mood]) if rng.random() > 0.04 else None
    moment = make_moment(
        customer=customer,
        scene=scene,
        at=at,
        by=by,
        channel=channel,
        rating=rating,
        next_day=next_contact(rng, scene, day),
    )
    return Planned(moment, routine_items(customer, scene, day))


def local(iso: str) -> dt.datetime:
    return dt.datetime.fromisoformat(iso).replace(tzinfo=KST)


def story_moment(customer: Customer, story: Story) -> Planned:
    moment = make_moment(
        customer=customer,
        scene=story.scene,
        at=local(story.at),
        by=story.by or customer.owner,
        channel=story.scene.channels[0],
        rating=story.rating,
        next_day=dt.date.fromisoformat(story.next_contact) if story.next_contact else None,
    )
    return Planned(moment, story.opens, story.resolves)


def first_asks(items: Sequence[PlannedItem], asked: set[str]) -> tuple[PlannedItem, ...]:
    """Every complaint counts; the same request, promise or question opens once per customer."""
    fresh = tuple(i for i in items if i.kind == "complaint" or i.text not in asked)
    asked.update(item.text for item in fresh)
    return fresh


STORY_GAP = 3  # days around a story kept free of random moments, so nothing contradicts it


SUPPLY_FROM, SUPPLY_UNTIL = dt.date(2026, 6, 17), dt.date(2026, 6, 30)
SUPPLY_CUSTOMERS = frozenset(
    {"bae-jiwon", "baek-seungho", "gim-jiyeong", "gu-bonhyeok", "gwak-dohyeon", "hong-jiho",
     "im-seonghun", "mun-yejin", "no-seungu", "pyo-eunji", "ryu-jeongmin", "yang-dongha",
     "yun-jaeho"}
)  # fmt: skip
SUPPLY_DELAYS = {"mchoi": 1, "sylee": 3, "jpark": 4, "dwilson": 5, "hkang": 19}
SUPPLY_TEXT = (
    "글루코핀 XR 6월 공급 차질로 재고가 바닥나 환자분들이 약을 못 받고 돌아갔다며 강하게 "
    "항의하심. 입고 일정 확인해 바로 연락드리기로 함."
)
SUPPLY_COMPLAINT = "글루코핀 XR 공급 차질 (6월 품절)"
SUPPLY_HOW = "대체 입고 일정 안내, 인근 도매상 재고 연결"


def supply_disruption(customer: Customer, planned: list[Planned]) -> list[Planned]:
    """June's stock-out: the customer's first plain moment in the window becomes a complaint
    rated 0, so the month's zeros rise (the moment keeps its time and file name)."""
    if customer.id not in SUPPLY_CUSTOMERS:
        return planned
    for index, plan in enumerate(planned):
        day = plan.moment.at.date()
        if SUPPLY_FROM <= day <= SUPPLY_UNTIL and not plan.items and not plan.resolves:
            moment = plan.moment.model_copy(
                update={"summary": SUPPLY_TEXT, "rating": 0, "tags": ["complaint"],
                        "topics": ["Glucofin XR", "samples"], "materials": [], "questions": []}
            )  # fmt: skip
            item = PlannedItem(key="supply", kind="complaint", text=SUPPLY_COMPLAINT)
            return [*planned[:index], Planned(moment, (item,)), *planned[index + 1 :]]
    return planned


def supply_resolution(opened: dict[str, Opened]) -> Resolution | None:
    """The stock-out complaint closed after as many days as its owner takes."""
    entry = opened.get("supply")
    if entry is None:
        return None
    owner = entry.moment.by
    day = working_day(entry.moment.at.date() + dt.timedelta(days=SUPPLY_DELAYS[owner]))
    return Resolution(
        kind="resolve",
        at=dt.datetime.combine(day, dt.time(10, 30), tzinfo=KST),
        by=resolver(owner, day),
        item=entry.link.item,
        opened_in=entry.link.opened_in,
        how=SUPPLY_HOW,
    )


def planned_moments(rng: random.Random, customer: Customer) -> list[Planned]:
    """A year of moments with one customer, oldest first; fixed stories replace random days."""
    planned = [story_moment(customer, s) for s in STORIES if s.customer == customer.id]
    story_days = [p.moment.at.date() for p in planned]
    asked: set[str] = set()
    for day in contact_days(rng, customer):
        by = author(rng, customer, day)
        if by is None or any(abs((day - story).days) < STORY_GAP for story in story_days):
            continue
        drawn = random_moment(rng, customer, day, by)
        moment = drawn.moment
        if moment.at.date() == TODAY and moment.at.hour >= 15:
            moment = moment.model_copy(update={"at": moment.at.replace(hour=10)})
        planned.append(Planned(moment, first_asks(drawn.items, asked)))
    return supply_disruption(customer, sorted(planned, key=lambda p: p.moment.at))


# --- items -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Opened:
    """An item with its number: the link that names it, what it says, the moment that opened it."""

    link: ItemLink
    item: PlannedItem
    moment: Moment


def new_token(rng: random.Random) -> str:
    return f"{rng.getrandbits(24):06x}"


def note_id(record: Record, token: str) -> str:
    """The id other records use for a note: its file name without `.yaml`."""
    return store.note_filename(record, token).removesuffix(".yaml")


def number_items(planned: Sequence[Planned], ids: Sequence[str]) -> dict[str, Opened]:
    """Number the customer's items 1, 2, 3… in order of opening, each linked to its note id."""
    opened: dict[str, Opened] = {}
    for plan, note in zip(planned, ids, strict=True):
        for item in plan.items:
            if item.key in opened:
                raise ValueError(f"item key '{item.key}' is used twice")
            link = ItemLink(item=len(opened) + 1, opened_in=note)
            opened[item.key] = Opened(link, item, plan.moment)
    return opened


def numbered_moment(plan: Planned, opened: dict[str, Opened]) -> Moment:
    """The moment as written: its items with their numbers, its closings as links."""
    opens = [
        ItemOpening(
            number=opened[item.key].link.item,
            kind=item.kind,
            text=item.text,
            due=item.due,
            owner=item.owner,
        )
        for item in plan.items
    ]
    resolves = [opened[key].link for key in plan.resolves]
    return plan.moment.model_copy(update={"opens": opens, "resolves": resolves})


RESOLVE_DELAYS: tuple[tuple[tuple[int, int], int], ...] = (
    ((1, 4), 55),  # within days
    ((5, 13), 28),  # a week or two
    ((14, 42), 17),  # after several weeks
)


def resolver(rep: str, day: dt.date) -> str:
    """Who closes an item: its owner, or the team lead once the owner has left."""
    return COVERING_REP if rep == LEFT_REP and day > LEFT_ON else rep


REP_DELAYS: dict[tuple[str, str], tuple[tuple[tuple[int, int], int], ...]] = {
    # 최민호 answers fast: nearly everything the next day or the one after
    **{("mchoi", kind): (((1, 2), 85), ((3, 5), 15)) for kind in ITEM_KINDS},
    # 강하나 lets complaints sit: weeks, not days (`handover report` shows it)
    ("hkang", "complaint"): (((12, 24), 60), ((25, 40), 40)),
}


def routine_resolution(items_rng: random.Random, opened: Opened) -> Resolution:
    """A routine item closed by a `resolve` record, days or weeks later, always before TODAY;
    how soon depends on who owns it (`REP_DELAYS`)."""
    owner = opened.item.owner or opened.moment.by
    low, high = weighted(items_rng, REP_DELAYS.get((owner, opened.item.kind), RESOLVE_DELAYS))
    start = opened.moment.at.date()
    day = min(working_day(start + dt.timedelta(days=items_rng.randint(low, high))), LAST_RESOLVE)
    at = dt.time(items_rng.randrange(9, 18), items_rng.randrange(0, 60, 5))
    return Resolution(
        kind="resolve",
        at=dt.datetime.combine(day, at, tzinfo=KST),
        by=resolver(opened.item.owner or opened.moment.by, day),
        item=opened.link.item,
        opened_in=opened.link.opened_in,
        how=opened.item.how or "",
    )


def closing_record(closing: Closing, opened: dict[str, Opened]) -> Resolution | Reopening:
    link = opened[closing.item].link
    if closing.kind == "reopen":
        return Reopening(
            kind="reopen",
            at=local(closing.at),
            by=closing.by,
            item=link.item,
            opened_in=link.opened_in,
            why=closing.text,
        )
    return Resolution(
        kind="resolve",
        at=local(closing.at),
        by=closing.by,
        item=link.item,
        opened_in=link.opened_in,
        how=closing.text,
    )


def correction_record(fix: Fix, planned: Sequence[Planned], ids: Sequence[str]) -> Correction:
    target = local(fix.note)
    note = next(
        (note for plan, note in zip(planned, ids, strict=True) if plan.moment.at == target), None
    )
    if note is None:
        raise ValueError(f"{fix.customer}: no story at {fix.note} to correct")
    return Correction(
        kind="correction", at=local(fix.at), by=fix.by, note=note, changes=fix.changes
    )


def follow_ups(
    customer: Customer, planned: Sequence[Planned], ids: Sequence[str], opened: dict[str, Opened]
) -> list[Record]:
    """The records after the moments: routine resolutions, the curated closings, corrections.

    Routine delays come from a generator of their own, so adding an item to a scene never shifts
    the moments or file names of any other customer.
    """
    items_rng = random.Random(f"{SEED}:items:{customer.id}")
    records: list[Record] = [
        routine_resolution(items_rng, entry) for entry in opened.values() if entry.item.how
    ]
    records += [closing_record(c, opened) for c in CLOSINGS if c.customer == customer.id]
    records += [correction_record(f, planned, ids) for f in FIXES if f.customer == customer.id]
    return sorted(records, key=lambda record: record.at)


def customer_records(rng: random.Random, customer: Customer) -> list[tuple[Record, str]]:
    """Every record of one customer with the seeded token of its file name, in writing order."""
    planned = planned_moments(rng, customer)
    tokens = [new_token(rng) for _ in planned]
    ids = [note_id(plan.moment, token) for plan, token in zip(planned, tokens, strict=True)]
    opened = number_items(planned, ids)
    records: list[tuple[Record, str]] = [
        (numbered_moment(plan, opened), token) for plan, token in zip(planned, tokens, strict=True)
    ]
    records += [(record, new_token(rng)) for record in follow_ups(customer, planned, ids, opened)]
    supply = supply_resolution(opened)
    if supply is not None:  # its own token stream: every other file keeps its name
        records.append((supply, new_token(random.Random(f"{SEED}:supply:{customer.id}"))))
    return records


# --- writing -----------------------------------------------------------------------------------


def contact_values(rng: random.Random, customer: Customer) -> list[tuple[str, str]]:
    values: list[tuple[str, str]] = []
    for label in customer.contacts:
        if label == "mobile":
            value = f"010-{rng.randrange(2000, 9999)}-{rng.randrange(1000, 9999)}"
        elif label in ("office", "fax"):
            value = f"02-{rng.randrange(400, 3999)}-{rng.randrange(1000, 9999)}"
        elif label == "내선":
            value = f"{rng.randrange(2000, 7999)}"
        elif label == "kakao":
            value = (customer.email or customer.id).replace(".", "_")
        else:
            value = f"{customer.email or customer.id}@{customer.domain}"
        values.append((label, value))
    return values


def profile_text(customer: Customer, contacts: Sequence[tuple[str, str]]) -> str:
    """A profile as a person writes it: fixed field order, comments, quotes where needed."""
    c = customer

    def line(key: str, value: str) -> str:
        text = f"{key}: {scalar(value, quote=key in c.quoted)}"
        return text + (f"  # {c.comments[key]}" if key in c.comments else "")

    def key_line(key: str) -> str:
        return f"{key}:" + (f"  # {c.comments[key]}" if key in c.comments else "")

    out = [f"# {text}" for text in c.header]
    out += [line("id", c.id), line("name", c.name), line("kind", c.kind)]
    if c.organisation:
        out.append(line("organisation", c.organisation))
    if c.role:
        out.append(line("role", c.role))
    out.append(line("owner", c.owner))

    sections: list[list[str]] = []
    if contacts:
        sections.append([key_line("contacts")] + [f'  {k}: "{v}"' for k, v in contacts])
    if c.never_forget:
        block = [key_line("never_forget")]
        for fact in c.never_forget:
            if isinstance(fact, str):
                block.append(f"  - {scalar(fact)}")
            else:
                block += [f"  - fact: {scalar(fact[0])}", f"    confirmed: {fact[1]}"]
        sections.append(block)
    prefs: list[str] = []
    if c.best_days:
        prefs.append(f"  best_days: {flow_list(c.best_days)}")
    if c.best_time:
        prefs.append(f"  {line('best_time', c.best_time)}")
    if c.channel:
        prefs.append(f"  channel: {c.channel}")
    if c.pref_notes:
        prefs.append(f"  notes: {scalar(c.pref_notes)}")
    if prefs:
        sections.append(["preferences:", *prefs])
    if c.related:
        block = [key_line("related")]
        for key, value, relation in c.related:
            block += [f"  - {key}: {scalar(value)}", f"    relation: {scalar(relation)}"]
        sections.append(block)
    if c.tags:
        sections.append([f"tags: {flow_list(c.tags)}"])
    if c.extra:
        sections.append(["extra:"] + [f"  {k}: {scalar(v, quote=True)}" for k, v in c.extra])
    for block in sections:
        if c.spaced:
            out.append("")
        out += block
    return "\n".join(out) + "\n"


def write_note(folder: store.TeamFolder, customer_id: str, record: Record, token: str) -> Path:
    """What `TeamFolder.write_record` does, with a seeded token so the names are reproducible."""
    directory = folder.customer_dir(customer_id) / store.NOTES_DIR / f"{record.at.year:04d}"
    path = directory / store.note_filename(record, token)
    store.atomic_write(path, store.record_to_yaml(record).encode("utf-8"), exclusive=True)
    return path


def reset(out: Path) -> None:
    shutil.rmtree(out / store.CUSTOMERS_DIR, ignore_errors=True)
    (out / store.CONFIG_FILE).unlink(missing_ok=True)


def generate(out: Path) -> tuple[int, int]:
    """Write the demo team into ``out``; return the number of customers and notes."""
    rng = random.Random(SEED)
    reset(out)
    out.mkdir(parents=True, exist_ok=True)
    store.atomic_write(out / store.CONFIG_FILE, TEAM_YAML.encode("utf-8"))
    folder = store.TeamFolder(out)
    notes = 0
    for customer in CUSTOMERS:
        text = profile_text(customer, contact_values(rng, customer))
        store.atomic_write(folder.profile_path(customer.id), text.encode("utf-8"), exclusive=True)
        for record, token in customer_records(rng, customer):
            write_note(folder, customer.id, record, token)
            notes += 1
    return len(CUSTOMERS), notes


def validate(out: Path) -> list[str]:
    """Load every file through the store (so the models validate it), check every id and word,
    and run `handover check` itself (items, links and corrections must point at real notes)."""
    folder = store.TeamFolder(out)
    config = folder.config()
    reps = {rep.id for rep in config.reps}
    vocabulary = set(config.vocabulary.topics) | set(config.vocabulary.materials)
    ids = set(folder.customer_ids())
    problems: list[str] = []
    for customer_id in sorted(ids):
        profile = folder.profile(customer_id).profile
        if profile.id != customer_id:
            problems.append(f"{customer_id}: profile id is {profile.id}")
        if profile.owner not in reps:
            problems.append(f"{customer_id}: unknown owner {profile.owner}")
        for related in profile.related:
            if related.customer is not None and related.customer not in ids:
                problems.append(f"{customer_id}: related customer {related.customer} is missing")
        for stored in folder.records(customer_id):
            record = stored.record
            if record.by not in reps:
                problems.append(f"{stored.path}: unknown rep {record.by}")
            if not isinstance(record, Moment):
                continue
            for word in [*record.topics, *record.materials]:
                if word not in vocabulary:
                    problems.append(f"{stored.path}: '{word}' is not in the vocabulary")
    problems += [str(problem) for problem in check_folder(folder)]
    return problems


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    default = Path(__file__).resolve().parent.parent / "profiles"
    parser.add_argument("--out", type=Path, default=default, help="team folder to (re)create")
    args = parser.parse_args(argv)
    out: Path = args.out
    customers, notes = generate(out)
    problems = validate(out)
    for problem in problems:
        print(f"error: {problem}")
    print(f"wrote {customers} customers and {notes} notes to {out}")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
