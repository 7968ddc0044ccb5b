"""The TIMEX3 normalizer on written expressions and document dates (no model needed):
each TIMEX3 type, weekday and month direction both ways, ends of periods, durations,
sets, references, anaphora, holidays, and documents with no date."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eventmill.time import normalize
from eventmill.time.lexicon import easter, holidays, number
from eventmill.time.values import add_duration, grain_of

TUESDAY = date(2021, 7, 27)  # the canonical example's publication date


def value(text: str, tense: str | None = None, anchor: date | None = TUESDAY, **kw) -> str | None:
    v = normalize(text, anchor, tense, **kw)
    return v.value if v else None


def typed(text: str, tense: str | None = None, anchor: date | None = TUESDAY) -> tuple[str, str] | None:
    v = normalize(text, anchor, tense)
    return (v.type, v.value) if v else None


# ----------------------------------------------------------------- explicit dates


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("11 June 2020", "2020-06-11"),
        ("June 11, 2020", "2020-06-11"),
        ("the 11th of June 2020", "2020-06-11"),
        ("Monday, 26 July 2021", "2021-07-26"),
        ("2021-07-26", "2021-07-26"),
        ("7/8/07", "2007-07-08"),  # US order
        ("25/12/2020", "2020-12-25"),  # the first number cannot be a month
        ("June 2020", "2020-06"),
        ("June of 2020", "2020-06"),
        ("2020", "2020"),
        ("the year 2020", "2020"),
        ("'82", "1982"),
        ("December 31, 2021", "2021-12-31"),
    ],
)
def test_explicit_dates(text, expected):
    assert value(text) == expected


def test_impossible_dates_are_not_dates():
    assert value("31 February 2021") is None
    assert value("30/02/2021") is None


def test_explicit_dates_need_no_document_date():
    assert value("11 June 2020", anchor=None) == "2020-06-11"
    assert value("March 2003", anchor=None) == "2003-03"


# ----------------------------------------------------------------- direction from tense


@pytest.mark.parametrize(
    ("text", "tense", "expected"),
    [
        ("Monday", "past", "2021-07-26"),
        ("Monday", "future", "2021-08-02"),
        ("Wednesday", "past", "2021-07-21"),
        ("Wednesday", "future", "2021-07-28"),
        ("Wednesday", None, "2021-07-28"),  # no tense: the nearest
        ("Saturday", None, "2021-07-24"),
        ("Tuesday", "past", "2021-07-27"),  # the publication day itself
        ("Tuesday", "future", "2021-07-27"),
        ("last Friday", "future", "2021-07-23"),
        ("next Monday", "past", "2021-08-02"),
        ("this Friday", None, "2021-07-30"),
        ("on Monday", "past", "2021-07-26"),
        ("Monday's", None, "2021-07-26"),
    ],
)
def test_weekday_direction(text, tense, expected):
    assert value(text, tense) == expected


@pytest.mark.parametrize(
    ("text", "tense", "expected"),
    [
        ("June 11", "past", "2021-06-11"),
        ("October 12", "past", "2020-10-12"),
        ("October 12", "future", "2021-10-12"),
        ("October 12", None, "2021-10-12"),
        ("August 1", "past", "2021-08-01"),  # a few days ahead in a past-tense report: still this year
        ("March", "past", "2021-03"),
        ("March", "future", "2022-03"),
        ("September", "past", "2020-09"),
        ("last September", None, "2020-09"),
        ("next March", None, "2022-03"),
        ("this March", None, "2021-03"),
        ("October of next year", None, "2022-10"),
        ("March last year", None, "2020-03"),
    ],
)
def test_month_direction(text, tense, expected):
    assert value(text, tense) == expected


def test_month_day_direction_around_new_year():
    january = date(2022, 1, 10)
    assert value("December 20", "past", anchor=january) == "2021-12-20"
    assert value("December 20", None, anchor=january) == "2021-12-20"
    assert value("February 3", "future", anchor=january) == "2022-02-03"


# ----------------------------------------------------------------- around today


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", ("DATE", "2021-07-27")),
        ("yesterday", ("DATE", "2021-07-26")),
        ("tomorrow", ("DATE", "2021-07-28")),
        ("the day before yesterday", ("DATE", "2021-07-25")),
        ("this morning", ("TIME", "2021-07-27TMO")),
        ("this morning (Tuesday)", ("TIME", "2021-07-27TMO")),
        ("yesterday evening", ("TIME", "2021-07-26TEV")),
        ("Monday evening", ("TIME", "2021-07-26TEV")),
        ("last night", ("TIME", "2021-07-26TNI")),
        ("tonight", ("TIME", "2021-07-27TNI")),
        ("earlier today", ("DATE", "2021-07-27")),
    ],
)
def test_days_around_the_publication_date(text, expected):
    assert typed(text, "past") == expected


def test_a_weekday_that_contradicts_the_day_is_no_guess():
    assert value("this morning (Wednesday)") is None


# ----------------------------------------------------------------- periods


@pytest.mark.parametrize(
    ("text", "tense", "expected"),
    [
        ("this week", None, "2021-W30"),
        ("last week", None, "2021-W29"),
        ("next week", None, "2021-W31"),
        ("this month", None, "2021-07"),
        ("next month", None, "2021-08"),
        ("last month", None, "2021-06"),
        ("this year", None, "2021"),
        ("last year", None, "2020"),
        ("next year", None, "2022"),
        ("this weekend", "future", "2021-W30-WE"),
        ("this weekend", "past", "2021-W29-WE"),  # a past-tense report on a Tuesday: the weekend just gone
        ("the weekend", "past", "2021-W29-WE"),
        ("last weekend", None, "2021-W29-WE"),
        ("the end of this year", None, "2021"),
        ("the end of the year", None, "2021"),
        ("the beginning of next month", None, "2021-08"),
        ("early June", "future", "2022-06"),
        ("late 2009", None, "2009"),
        ("mid-2011", None, "2011"),
        ("the last week of March 2009", None, "2009-W13"),
        ("the first half of 2020", None, "2020-H1"),
        ("H2 2021", None, "2021-H2"),
    ],
)
def test_periods(text, tense, expected):
    assert value(text, tense) == expected


def test_the_end_of_a_period_is_a_deadline():
    end = normalize("by the end of this year", TUESDAY, "future")
    assert end is not None and end.value == "2021" and end.mod == "END" and end.deadline == date(2021, 12, 31)
    early = normalize("early June", TUESDAY, "future")
    assert early is not None and early.deadline == date(2022, 6, 10)


@pytest.mark.parametrize(
    ("text", "tense", "expected"),
    [
        ("the fourth quarter", "past", "2020-Q4"),
        ("the fourth quarter", "future", "2021-Q4"),
        ("the second quarter", "past", "2021-Q2"),
        ("the last quarter", None, "2021-Q2"),
        ("the third quarter of last year", None, "2020-Q3"),
        ("the first quarter of 2009", None, "2009-Q1"),
        ("Q1 2022", None, "2022-Q1"),
        ("third-quarter", "past", "2021-Q3"),
        ("fiscal 2010", None, "FY2010"),
        ("the 2010 fiscal year", None, "FY2010"),
        ("this fiscal year", None, "FY2021"),
    ],
)
def test_quarters_and_fiscal_years(text, tense, expected):
    assert value(text, tense) == expected


@pytest.mark.parametrize(
    ("text", "tense", "expected"),
    [
        ("last summer", None, "2020-SU"),
        ("this summer", None, "2021-SU"),
        ("spring 2019", None, "2019-SP"),
        ("the spring", "past", "2021-SP"),
        ("the winter", "future", "2021-WI"),
        ("autumn", "past", "2020-FA"),
        ("the 1990s", None, "199"),
        ("the '80s", None, "198"),
        ("the 70s", None, "197"),
        ("the 20th century", None, "19"),
        ("the twenty-first century", None, "20"),
    ],
)
def test_seasons_decades_centuries(text, tense, expected):
    assert value(text, tense) == expected


# ----------------------------------------------------------------- holidays


@pytest.mark.parametrize(
    ("text", "tense", "expected"),
    [
        ("Christmas", "past", "2020-12-25"),
        ("Christmas", "future", "2021-12-25"),
        ("Christmas Day 2020", None, "2020-12-25"),
        ("Thanksgiving", "future", "2021-11-25"),
        ("Memorial Day", "past", "2021-05-31"),
        ("Good Friday 2021", None, "2021-04-02"),
        ("Easter 2024", None, "2024-03-31"),
        ("Black Monday", None, "1987-10-19"),
        ("New Year's Eve", "future", "2021-12-31"),
    ],
)
def test_holidays(text, tense, expected):
    assert value(text, tense) == expected


def test_easter_computus():
    assert [easter(y) for y in (2000, 2019, 2021, 2024, 2038)] == [
        date(2000, 4, 23), date(2019, 4, 21), date(2021, 4, 4), date(2024, 3, 31), date(2038, 4, 25)]


def test_every_holiday_rule_dates_every_year():
    for name, holiday in holidays().items():
        dated = [holiday.on(y) for y in range(1950, 2051)]
        if holiday.one_off is None:
            assert all(d is not None for d in dated), name
        else:
            assert sum(d is not None for d in dated) <= 1, name


# ----------------------------------------------------------------- durations, sets, references


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("three days", "P3D"),
        ("18 months", "P18M"),
        ("two and a half years", "P2.5Y"),
        ("almost two and a half years", "P2.5Y"),
        ("a year and a half", "P1.5Y"),
        ("a decade", "P10Y"),
        ("two decades", "P20Y"),
        ("decades", "PXDE"),
        ("90 minutes", "PT90M"),
        ("two hours", "PT2H"),
        ("several weeks", "PXW"),
        ("a few days", "PXD"),
        ("five-year", "P5Y"),
        ("12-hour", "PT12H"),
        ("year-long", "P1Y"),
        ("a fortnight", "P2W"),
        ("the past week", "P1W"),
        ("the next six months", "P6M"),
        ("the past five trading days", "P5D"),
        ("two consecutive quarters", "P2Q"),
        ("just two weeks", "P2W"),
    ],
)
def test_durations(text, expected):
    assert typed(text) == ("DURATION", expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("every Monday", "XXXX-WXX-1"),
        ("on Mondays", "XXXX-WXX-1"),
        ("weekly", "P1W"),
        ("every year", "P1Y"),
        ("each month", "P1M"),
        ("twice a year", "P1Y"),
        ("every other day", "P2D"),
        ("every morning", "TMO"),
        ("per year", "P1Y"),
    ],
)
def test_sets(text, expected):
    assert typed(text) == ("SET", expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("now", "PRESENT_REF"),
        ("currently", "PRESENT_REF"),
        ("for the time being", "PRESENT_REF"),
        ("recently", "PAST_REF"),
        ("in the past", "PAST_REF"),
        ("in recent years", "PAST_REF"),
        ("in the future", "FUTURE_REF"),
        ("soon", "FUTURE_REF"),
        ("the coming weeks", "FUTURE_REF"),
    ],
)
def test_references(text, expected):
    assert typed(text) == ("DATE", expected)


# ----------------------------------------------------------------- offsets and anaphora


def test_offsets_from_the_publication_date():
    assert value("two years ago") == "2019"
    assert value("three days ago") == "2021-07-24"
    assert value("a week ago") == "2021-W29"
    assert value("six months ago") == "2021-01"
    assert value("two weeks from now") == "2021-W32"


def test_anaphora_point_back_at_the_last_date_given():
    june = date(2020, 6, 11)
    assert value("the same day", last_day=june) == "2020-06-11"
    assert value("the next day", last_day=june) == "2020-06-12"
    assert value("the day before", last_day=june) == "2020-06-10"
    assert value("three days later", last_day=june) == "2020-06-14"
    assert value("the day") == "2021-07-27"  # nothing named before: the publication day
    y2008 = normalize("2008", TUESDAY)
    assert value("that year", reference=y2008) == "2008"
    assert value("the year before", reference=y2008) == "2007"
    feb = normalize("February 2010", TUESDAY)
    assert value("the same period last year", reference=feb) == "2009-02"
    q3 = normalize("the third quarter of 2009", TUESDAY)
    assert value("the following week", reference=q3, last_day=june) == "2020-W25"  # a quarter is no week


# ----------------------------------------------------------------- clock times


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("18:00 UTC", "2021-07-27T18:00Z"),
        ("0800 GMT", "2021-07-27T08:00Z"),
        ("6:40 p.m.", "2021-07-27T18:40"),
        ("6:40 p.m. (GMT +8)", "2021-07-27T18:40+08:00"),
        ("9 a.m.", "2021-07-27T09:00"),
        ("12:00 UTC Monday", "2021-07-26T12:00Z"),
        ("noon on Monday", "2021-07-26T12:00"),
        ("16:00 UTC today", "2021-07-27T16:00Z"),
    ],
)
def test_clock_times(text, expected):
    assert typed(text, "past") == ("TIME", expected)


def test_a_clock_time_takes_the_day_its_sentence_names():
    assert value("18:00 UTC", day=date(2021, 7, 20)) == "2021-07-20T18:00Z"


def test_numbers_that_are_not_times():
    assert value("2.62") is None
    assert value("25:30") is None


# ----------------------------------------------------------------- no document date


def test_without_a_document_date_relative_expressions_get_no_calendar_value():
    assert value("Monday", "past", anchor=None) is None
    assert value("yesterday", anchor=None) is None
    assert value("three days ago", anchor=None) is None
    assert value("October 12", anchor=None) is None
    assert value("today", anchor=None) == "PRESENT_REF"
    assert value("last week", anchor=None) == "PAST_REF"
    assert value("next year", anchor=None) == "FUTURE_REF"
    assert value("three days", anchor=None) == "P3D"


def test_not_temporal():
    for text in ("", "the president", "a second time", "Russell 2000", "year", "31 Februar 2021"):
        assert value(text) is None, text


# ----------------------------------------------------------------- helpers


def test_number_words():
    assert number("twenty-five") == 25
    assert number("a couple of") == 2
    assert number("two and a half") == 2.5
    assert number("1,500") == 1500
    assert number("several") is None


def test_grain_and_duration_arithmetic():
    assert grain_of(date(2021, 9, 2), date(2021, 12, 31)) == "half"
    assert grain_of(date(2021, 7, 1), date(2021, 7, 31)) == "month"
    assert add_duration(date(2021, 1, 31), "P1M") == date(2021, 2, 28)
    assert add_duration(date(2021, 7, 27), "P2W") == date(2021, 8, 10)
    assert add_duration(date(2021, 7, 27), "PXW") is None


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2050, 12, 31)), st.integers(0, 6),
       st.sampled_from(["past", "future", None]))
def test_a_weekday_is_always_that_weekday_within_a_week(anchor, wd, tense):
    names = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    v = normalize(names[wd], anchor, tense)
    assert v is not None and v.first is not None
    assert v.first.weekday() == wd and abs((v.first - anchor).days) <= 6
    if tense == "past":
        assert v.first <= anchor
    if tense == "future":
        assert v.first >= anchor


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2050, 12, 31)))
def test_iso_weeks_cover_their_days(d):
    v = normalize(d.isoformat(), None)
    assert v is not None and v.value == d.isoformat()
    week = normalize("this week", d)
    assert week is not None and week.first is not None and week.last is not None
    assert week.first <= d <= week.last and week.first.weekday() == 0


_WORDS = ("the a last next this of in on 2021 '99 1990s 31 29 February Monday morning UTC 18:00 p.m. quarter fourth "
          "half year years decade century ago later before after same day week weekend spring fall Christmas Easter "
          "fiscal FY2021 every twice per times two and several from to between - / , ( ) end early late 0800 GMT +8 "
          "Q3 H2 9/11 7/8/07 2/30/2021 99999 tonight yesterday now recent").split()


@given(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=6), st.sampled_from([TUESDAY, None, date(2000, 2, 29)]),
       st.sampled_from(["past", "future", "present", None]))
def test_the_normalizer_never_fails(words, anchor, tense):
    v = normalize(" ".join(words), anchor, tense)
    assert v is None or v.type in ("DATE", "TIME", "DURATION", "SET")
