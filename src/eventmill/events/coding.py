"""PLOVER's rules for intentions, refusals, requests and stopped actions, as code choices.

Each function takes the action inside a frame ("agreed to *withdraw*", "threatened to
*attack*", "refused to *release*", "urged X to *negotiate*", "*stopped* the shelling")
and returns the CAMEO code of the whole event. The PLOVER type follows from the code
(data/ontology/cameo.tsv), and the inner action's type is kept as ``intended`` where PLOVER
treats the event as a promise (AGREE, CONCEDE, THREATEN).

PLOVER manual, sections AGREE, CONCEDE, THREATEN: promised cooperation (CONSULT, SUPPORT,
COOPERATE, AID) is AGREE; announced retreats and concessions are CONCEDE, not AGREE; a
threat of force is THREATEN, not a hypothetical ASSAULT.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Action:
    """The inner action of a frame: its CAMEO code, PLOVER type and mode."""

    cameo: str
    plover: str | None
    mode: str | None = None
    context: tuple[str, ...] = ()


def intent_code(a: Action) -> str:
    """ "agreed/promised/pledged to <a>": the code of the promise."""
    p = a.plover
    if p == "COOPERATE":
        if "military" in a.context:
            return "0312"
        if "economic" in a.context:
            return "0311"
        if "legal" in a.context:
            return "0313"
        if "intelligence" in a.context:
            return "0314"
        return "031"
    if p == "SUPPORT":
        return "032"
    if p == "AID":
        if "military" in a.context:
            return "0332"
        if "economic" in a.context:
            return "0331"
        if "human_security" in a.context:
            return "0333"
        if "peacekeeping" in a.context:
            return "0334"
        return "033"
    if p == "CONSULT":
        return "038" if a.cameo == "045" else "036"
    if p == "RETREAT":
        if a.mode == "resign" or a.cameo == "0831":
            return "0341"  # "will step down": intent to change leadership
        if a.mode == "release":
            return "0353"
        if a.mode == "access" or a.cameo.startswith("086"):
            return "0355"
        if a.cameo == "085":
            return "0354"
        return "0356"
    if p == "CONCEDE":
        if a.cameo.startswith("083") or a.cameo.startswith("0831"):
            return "0341"
        if a.cameo.startswith("081"):
            return "0351"
        if a.cameo == "082":
            return "0352"
        return "035"
    return "030"


def threat_code(a: Action) -> str:
    """ "threatened to <a>" / "warned it would <a>"."""
    p, c = a.plover, a.cameo
    if p == "ASSAULT" or p == "MOBILIZE":
        if a.context and "cbrn" in a.context:
            return "1385"
        return "138"
    if p == "COERCE":
        if c.startswith("191"):
            return "1381"
        if c.startswith("192"):
            return "1382"
        if c == "1723":
            return "1323"
        if c == "1724":
            return "1324"
        if c == "1721":
            return "1321"
        if c == "1722":
            return "1322"
        if c.startswith("175"):
            return "137"
        return "132"
    if p == "SANCTION":
        if c.startswith("162"):
            return "1311"
        if c == "163":
            return "1312"
        if c.startswith("166"):
            return "136"
        if c in ("164", "165"):
            return "134"
        return "1313"
    if p == "PROTEST":
        return "133"
    if p == "RETREAT" and a.mode == "withdraw":
        return "1313"
    return "130"


def reject_code(a: Action | None) -> str:
    """ "refused to <a>" / "rejected <a>"."""
    if a is None:
        return "120"
    p, c = a.plover, a.cameo
    if p == "CONSULT" or (c.startswith("03") and c in ("036", "038", "039")):
        return "125"
    if p == "RETREAT":
        if a.mode == "resign" or c == "0831":
            return "1231"  # "refused to step down"
        if a.mode == "release":
            return "1243"
        if a.mode == "access" or c.startswith("086"):
            return "1245"
        if c == "085":
            return "1244"
        return "1246"
    if p == "CONCEDE":
        if c in ("0831",) or a.mode == "resign":
            return "1231"
        if c.startswith("081"):
            return "1241"
        return "123"
    if p == "AID":
        return "122"
    if p == "COOPERATE":
        return "121"
    return "120"


def request_code(base: str, a: Action | None) -> str:
    """ "urged/demanded <a>": an appeal (02x) or a demand (10x) for that kind of action."""
    appeal = base.startswith("02")
    if a is None:
        return "020" if appeal else "100"
    p, c = a.plover, a.cameo
    pick = lambda x, y: x if appeal else y  # noqa: E731 - two-way choice, read as a table below
    if p == "CONSULT":
        return pick("026", "106") if c != "045" else pick("028", "108")
    if p == "RETREAT":
        if a.mode == "resign" or c == "0831":
            return pick("0241", "1041")  # "called for the president to step down"
        if a.mode == "release":
            return pick("0253", "1053")
        if a.mode == "access" or c.startswith("086"):
            return pick("0255", "1055")
        if c == "085":
            return pick("0254", "1054")
        return pick("0256", "1056")
    if p == "CONCEDE":
        if a.mode == "resign" or c == "0831":
            return pick("0241", "1041")
        if c.startswith("081"):
            return pick("0251", "1051")
        return pick("024", "104")
    if p == "AID":
        ctx = a.context
        if "military" in ctx:
            return pick("0232", "1032")
        if "economic" in ctx:
            return pick("0231", "1031")
        if "human_security" in ctx:
            return pick("0233", "1033")
        if "peacekeeping" in ctx:
            return pick("0234", "1034")
        return pick("023", "103")
    if p == "COOPERATE":
        return pick("021", "101")
    if p == "SUPPORT":
        return pick("022", "102")
    if p == "AGREE":
        return pick("027", "107")
    return pick("020", "100")


def stop_code(a: Action) -> str | None:
    """ "stopped/halted/ended <a>", "would no longer <a>": ending a conflict is a
    de-escalation; ending cooperation reduces relations. None when neither fits."""
    p, c = a.plover, a.cameo
    if p in ("ASSAULT", "MOBILIZE"):
        return "087"
    if p == "COERCE":
        if c == "1723":
            return "0813"
        if c == "1724":
            return "0814"
        if c.startswith("191"):
            return "0872"
        if c.startswith("192"):
            return "0874"
        return "081"
    if p == "SANCTION":
        return "085" if c == "163" else "080"
    if p == "PROTEST":
        return "080"
    if p == "CONSULT":
        return "164"
    if p == "AID":
        return "162"
    if p in ("COOPERATE", "SUPPORT"):
        return "160"
    return None
