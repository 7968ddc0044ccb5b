"""Synthetic news stories for the scale benchmarks (memory, kill/resume): varied, dated,
attributed, and with the repetition real news has (the same event told by several outlets,
exact wire copies), so the merge and duplicate paths are exercised too.

    python benchmarks/synthetic_news.py --n 2000 --sentences 3 -o /tmp/short.jsonl

Every sentence is built from the small tables below (written for this benchmark); the
seed makes the corpus reproducible. These are not meant to read like journalism, only to
give the coder the kinds of clauses it codes (meetings, agreements, accusations, attacks,
protests, sanctions) with their actors, places and dates.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Iterator
from datetime import date, timedelta

COUNTRIES = [
    ("Kenya", "Kenyan", "Nairobi"), ("Ethiopia", "Ethiopian", "Addis Ababa"), ("Somalia", "Somali", "Mogadishu"),
    ("Sudan", "Sudanese", "Khartoum"), ("Uganda", "Ugandan", "Kampala"), ("Nigeria", "Nigerian", "Abuja"),
    ("Iraq", "Iraqi", "Baghdad"), ("Turkey", "Turkish", "Ankara"), ("Iran", "Iranian", "Tehran"),
    ("Pakistan", "Pakistani", "Islamabad"), ("India", "Indian", "New Delhi"), ("Germany", "German", "Berlin"),
    ("France", "French", "Paris"), ("Brazil", "Brazilian", "Brasilia"), ("Mexico", "Mexican", "Mexico City"),
    ("Japan", "Japanese", "Tokyo"), ("Egypt", "Egyptian", "Cairo"), ("Poland", "Polish", "Warsaw"),
]
ROLES = ["foreign minister", "prime minister", "president", "defence minister", "interior minister"]
GROUPS = ["opposition lawmakers", "students", "farmers", "trade unions", "rebels", "police", "soldiers"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
SOURCES = ["Horn Wire", "Daily Courier", "Global Times Review", "Evening Ledger", "Capital Post", "Metro Herald"]
CLAUSES = [
    "{A} and {B} agreed on {day} to reopen their border by the end of {month}",
    "The {a} {role} met the {b} {role2} in {city} on {day}",
    "{A} accused {B} of supporting armed groups along the border",
    "{A}'s government said it would send troops to the border with {B}",
    "{b_group} protested outside parliament in {city} on {day}",
    "{A} imposed sanctions on {B} after the talks collapsed",
    "The {a} {role} praised {B} for its help with refugees",
    "{A} rejected a request from {B} to extradite a former minister",
    "{a_group} attacked a police station near {city}, killing {n} people",
    "{A} pledged {n} million dollars in aid to {B}",
    "Police arrested {n} protesters in {city} on {day}",
    "{A} expelled {B}'s ambassador on {day}",
]
FILLER = [
    "Officials said talks would continue next month.",
    "The statement gave no further details.",
    "Analysts said the move was largely symbolic.",
    "Markets were little changed on the news.",
    "The ministry did not respond to a request for comment.",
]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


def sentence(rnd: random.Random, pub: date) -> str:
    (a_name, a_adj, _), (b_name, b_adj, b_city) = rnd.sample(COUNTRIES, 2)
    day = pub - timedelta(days=rnd.randint(0, 3))
    text = rnd.choice(CLAUSES).format(
        A=a_name, B=b_name, a=a_adj, b=b_adj, role=rnd.choice(ROLES), role2=rnd.choice(ROLES),
        city=b_city, day=WEEKDAYS[day.weekday()], month=MONTHS[pub.month - 1], n=rnd.randint(2, 40),
        a_group=f"{a_adj} {rnd.choice(GROUPS)}", b_group=f"{b_adj} {rnd.choice(GROUPS)}".capitalize(),
    )
    return text[0].upper() + text[1:] + ", officials said."


def stories(n: int, sentences: int = 3, seed: int = 1, start: date = date(2026, 1, 5)) -> Iterator[dict]:
    """``n`` stories of about ``sentences`` sentences each (JSON Lines records)."""
    rnd = random.Random(seed)
    told: list[str] = []
    for i in range(n):
        pub = start + timedelta(days=i * 30 // max(1, n) + rnd.randint(0, 1))
        if told and rnd.random() < 0.03:  # a wire copy run unchanged by another outlet
            text = rnd.choice(told)
        else:
            parts = [sentence(rnd, pub) for _ in range(max(1, sentences - 1))]
            if told and rnd.random() < 0.2:  # the same event, retold with another story around it
                parts[0] = rnd.choice(told).split("\n\n")[0]
            parts.append(rnd.choice(FILLER))
            text = "\n\n".join(parts)
            told = [*told, text][-50:]
        yield {"id": f"syn-{seed}-{i}", "text": text, "date": pub.isoformat(), "source": rnd.choice(SOURCES),
               "url": f"https://news.example/{seed}/{i}"}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--sentences", type=int, default=3)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("-o", "--output", default="-")
    args = ap.parse_args()
    out = sys.stdout if args.output == "-" else open(args.output, "w", encoding="utf-8")  # noqa: SIM115
    with out:
        for rec in stories(args.n, args.sentences, args.seed):
            out.write(json.dumps(rec) + "\n")


if __name__ == "__main__":
    main()
