"""Stored records: exact money, and records written by older versions still read."""

import json
from decimal import Decimal

from store.codec import announcement_doc, announcement_from
from tests.conftest import NOW


def test_money_round_trips_to_the_cent(seed_library):
    from dataclasses import replace

    announcement = next(a for a in seed_library.announcements if a.extraction.amounts)
    amount = replace(announcement.extraction.amounts[0], eur=Decimal("73.23"))
    changed = replace(announcement, extraction=replace(announcement.extraction,
                                                       amounts=(amount,)),
                      ingested_at=NOW)
    loaded = announcement_from(announcement_doc(changed))
    assert loaded.extraction.amounts[0].eur == Decimal("73.23")
    assert loaded.extraction == changed.extraction


def test_an_old_record_with_whole_euros_and_string_kinds_still_reads(seed_library):
    announcement = next(a for a in seed_library.announcements
                        if a.extraction.amounts and a.extraction.milestones)
    doc = announcement_doc(announcement)
    record = json.loads(doc["record"])
    for amount in record["amounts"]:   # version 1 wrote ints and had no kind
        amount["eur"] = int(Decimal(amount["eur"]))
        del amount["kind"], amount["one_off"]
    for milestone in record["milestones"]:
        milestone["kind"] = "amount_start"
        del milestone["tense"]
    del record["actions"]
    doc["record"] = json.dumps(record)
    loaded = announcement_from(doc)
    assert [a.eur for a in loaded.extraction.amounts] == \
        [a.eur for a in announcement.extraction.amounts]
    assert all(m.forward_looking for m in loaded.extraction.milestones)
