import pytest

from briefings.subscribing import subscribe, unsubscribe


@pytest.mark.parametrize(("current", "arguments", "topics", "outcome"), [
    (None, "", (), "subscribed"),
    (None, "jeugd /drugs", ("jeugd", "drugs"), "subscribed"),
    (("jeugd",), "drugs", ("jeugd", "drugs"), "added"),
    (("jeugd",), "jeugd", ("jeugd",), "already"),
    ((), "jeugd", (), "already_all"),
    (("jeugd",), "", (), "widened_to_all"),
    (("jeugd",), "sport", ("jeugd",), "unknown_topics"),
])
def test_subscribe(current, arguments, topics, outcome):
    change = subscribe(current, arguments)
    assert (change.topics, change.outcome) == (topics, outcome)


@pytest.mark.parametrize(("current", "arguments", "topics", "outcome"), [
    (None, "", None, "not_subscribed"),
    (("jeugd", "drugs"), "", None, "unsubscribed"),
    (("jeugd", "drugs"), "drugs", ("jeugd",), "removed"),
    (("jeugd",), "jeugd", None, "unsubscribed"),
    (("jeugd",), "drugs", ("jeugd",), "not_in_topics"),
    (("jeugd",), "sport", ("jeugd",), "unknown_topics"),
])
def test_unsubscribe(current, arguments, topics, outcome):
    change = unsubscribe(current, arguments)
    assert (change.topics, change.outcome) == (topics, outcome)


def test_unsubscribing_one_topic_from_all_keeps_the_others():
    change = unsubscribe((), "jeugd")
    assert change.outcome == "removed" and "jeugd" not in change.topics
    assert "drugs" in change.topics


def test_every_outcome_has_its_own_words():
    from briefings.render import render_template
    from briefings.subscribing import Outcome
    from briefings.topics import topic_table

    texts = {outcome: render_template("subscription", outcome=outcome, topics=("jeugd",),
                                      labels=["Jeugd"], unknown=("x",),
                                      all_topics=topic_table().topics)
             for outcome in Outcome}
    assert all(texts.values()) and len(set(texts.values())) == len(Outcome)
