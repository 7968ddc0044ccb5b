"""The time stage on parsed sentences: which expressions it finds, the direction it reads
from the clause, anaphora and clock times, ranges, offsets into the text, and the dates
and deadlines it gives events."""

from __future__ import annotations

import json
from datetime import date

import pytest

import eventmill
from eventmill.jobs import annotation
from eventmill.nlp import parse as nlp_parse
from eventmill.records import Document
from eventmill.time import TimeStage

TUESDAY = date(2021, 7, 27)


def parse(text: str, day: date | None = TUESDAY) -> Document:
    """Normalize, parse and run the time stage only (the other stages are not needed here)."""
    pipeline = eventmill.get_pipeline()
    doc = pipeline.prepare(Document(id="t", text=text, pub_date=day))
    [doc] = list(nlp_parse([doc], pipeline.nlp))
    return TimeStage()(doc)


def timexes(text: str, day: date | None = TUESDAY) -> list[tuple[str, str | None]]:
    return [(t.text, t.value) for t in parse(text, day).timexes]


def test_weekday_direction_from_the_tense_of_the_clause():
    assert timexes("The ministers met on Wednesday. They will meet again on Wednesday.") == [
        ("Wednesday", "2021-07-21"), ("Wednesday", "2021-07-28")]


def test_verbs_that_look_ahead():
    assert timexes("The trial is set to begin on Wednesday.") == [("Wednesday", "2021-07-28")]
    assert timexes("Apple announced another event to be held on October 12.") == [("October 12", "2021-10-12")]


def test_until_looks_ahead_unless_the_clause_is_past():
    assert timexes("The government has kept all markets closed until Friday.") == [("Friday", "2021-07-30")]
    assert timexes("Markets remained closed until Friday.") == [("Friday", "2021-07-23")]


def test_a_date_that_modifies_a_noun_is_the_nearest():
    assert timexes("A June 3 hearing has been scheduled.") == [("June 3", "2021-06-03")]
    assert timexes("A September 3 hearing has been scheduled.") == [("September 3", "2021-09-03")]


def test_the_day_points_back_at_the_day_the_text_named():
    assert timexes("US stocks fell sharply on Monday. The Dow ended the day down 3%.") == [
        ("Monday", "2021-07-26"), ("the day", "2021-07-26")]


def test_a_clock_time_is_on_the_day_its_sentence_names():
    assert timexes("The rocket lifted off on Friday at 18:00 UTC.") == [
        ("Friday", "2021-07-23"), ("18:00 UTC", "2021-07-23T18:00Z")]
    assert timexes("At 08:30 UTC, the index was down 2.62%.") == [("08:30 UTC", "2021-07-27T08:30Z")]


def test_ranges_become_their_two_ends():
    assert timexes("The summit will run from 3 to 5 May.") == [("3", "2022-05-03"), ("5 May", "2022-05-05")]
    assert timexes("It will receive aircraft from 2009 to 2011, then between 2014 and 2016.", date(2007, 6, 9)) == [
        ("2009", "2009"), ("2011", "2011"), ("2014", "2014"), ("2016", "2016")]
    assert timexes("The process would take between 60 and 90 days.") == [("60", "P60D"), ("90 days", "P90D")]


def test_a_date_and_an_offset_are_two_expressions():
    assert timexes("It arrives on November 11, three days later than planned.", date(2005, 11, 5)) == [
        ("November 11", "2005-11-11"), ("three days later", "2005-11-14")]


def test_what_is_not_a_temporal_expression():
    assert timexes("The Russell 2000 Index fell. Critics attacked the now-cancelled deal.") == []
    assert timexes("It wants to close 789, or about a quarter, of its dealers.") == []


def test_a_fall_that_is_a_collapse_and_a_last_year_that_is_a_part():
    text = "After the fall of eastern Ghouta prices fell. They will meet in the fall."
    assert timexes(text, date(2018, 6, 7)) == [("the fall", "2018-FA")]
    text = "There were 3,024 in 2017 and 15,479 in the last year of the Obama presidency."
    assert timexes(text, date(2018, 6, 7)) == [("2017", "2017")]


def test_a_day_the_text_defines_is_not_the_last_day_named():
    assert timexes("Shares fell on Monday. The situation is akin to the day of judgment.") == [("Monday", "2021-07-26")]


def test_a_year_less_date_after_a_dated_one_in_the_same_sentence():
    text = "The treaty was signed on 3 March 2015 and came into force on 1 April."
    assert timexes(text) == [("3 March 2015", "2015-03-03"), ("1 April", "2015-04-01")]


def test_a_date_that_belongs_to_a_noun_is_the_nearest():
    text = "He was granted conditional bail until his first hearing on 1 March."
    assert timexes(text, date(2018, 2, 14)) == [("1 March", "2018-03-01")]
    text = "Ministers held talks on Thursday."  # a weekday keeps the clause's tense
    assert timexes(text) == [("Thursday", "2021-07-22")]


def test_a_few_weeks_later_is_no_future():
    assert timexes("He was killed in Somalia a few weeks later.") == []


def test_a_later_offset_counts_from_the_period_named():
    assert timexes("They fled in January. Six months later, the family remains in a camp.", date(2018, 6, 7)) == [
        ("January", "2018-01"), ("Six months later", "2018-07")]


def test_rates_are_sets():
    assert timexes("It will deliver tankers at a rate of 15 a year.") == [("15 a year", "P1Y")]


def test_headline_and_date_line_stay_apart():
    text = "Nikkei at lowest level since '82\nOctober 27, 2008\nOn Monday, stock markets fell."
    assert timexes(text, date(2008, 10, 27)) == [("'82", "1982"), ("October 27, 2008", "2008-10-27"),
                                                  ("Monday", "2008-10-27")]


def test_offsets_index_the_original_text():
    text = "Talks  began on \u201cMonday\u201d evening and ended 11 June 2020."
    doc = parse(text)
    for t in doc.timexes:
        assert text[t.start:t.end] == t.text
    assert [(t.text, t.type, t.value) for t in doc.timexes] == [
        ("Monday", "DATE", "2021-07-26"), ("evening", "TIME", "2021-07-26TEV"), ("11 June 2020", "DATE", "2020-06-11")]


def test_annotation_record():
    rec = annotation(parse("Ministers will meet next week."))
    assert rec["timexes"] == [{"start": 20, "end": 29, "text": "next week", "type": "DATE", "value": "2021-W31"}]
    json.dumps(rec)


def test_no_document_date():
    assert timexes("Ministers met on Monday and signed the treaty of 11 June 2020.", None) == [
        ("11 June 2020", "2020-06-11")]


# ----------------------------------------------------------------- event dates and deadlines


def events(text: str, day: date | None = TUESDAY) -> list[dict]:
    return eventmill.code(text, date=day)


def test_event_takes_the_date_of_its_own_clause_not_of_the_report():
    [attack] = [e for e in events("Ethiopia said on Tuesday that Kenyan troops had attacked a border post on Sunday.")
                if e["event"] == "ASSAULT"]
    assert attack["date"] == "2021-07-25" and attack["date_precision"] == "day"


def test_event_without_its_own_date_takes_the_governing_clause():
    agree = [e for e in events("Israel and Hamas agreed on a ceasefire, Egyptian officials said on Monday.")
             if e["event"] == "AGREE"]
    assert agree and all(e["date"] == "2021-07-26" for e in agree)


def test_a_bound_does_not_date_an_event():
    [detain] = [e for e in events("Kenya has detained the journalist since 2003.") if e["event"] == "COERCE"]
    assert detain["date"] == "2021-07-27" and detain["date_precision"] == "publication"  # the report's date, said so


def test_period_precision():
    [visit] = [e for e in events("The president visited Kabul in early June.") if e["event"] == "CONSULT"]
    assert visit["date"] == "2021-06-01" and visit["date_precision"] == "month" and "historical" in visit["aux"]


@pytest.mark.parametrize(
    ("text", "deadline"),
    [
        ("Iran will hold talks with France within two weeks.", "2021-08-10"),
        ("Iran pledged to hold talks with France by Friday.", "2021-07-30"),
        ("Iran pledged to hold talks with France before the end of August.", "2021-08-21"),
    ],
)
def test_deadlines(text, deadline):
    promises = [e for e in events(text) if e["deadline"]]
    assert promises and all(e["deadline"] == deadline for e in promises)


def test_canonical_example_expressions(shared):
    rec = json.loads((shared / "examples" / "iraq-us-strategic-dialogue.jsonl").read_text(encoding="utf-8"))
    doc = parse(rec["text"], date.fromisoformat(rec["date"]))
    found = {(t.text, t.value) for t in doc.timexes}
    assert {("Monday evening", "2021-07-26TEV"), ("this morning", "2021-07-27TMO"), ("Tuesday", "2021-07-27"),
            ("11 June 2020", "2020-06-11"), ("the end of this year", "2021"),
            ("December 31, 2021", "2021-12-31")} <= found
