from briefings.topics import announcement_topics, topic_table, topics_of


def test_topic_table_is_data_with_the_required_commands():
    commands = set(topic_table().commands)
    assert {"jeugd", "drugs", "politie", "cyber", "gevangenis", "strafrecht", "antisemitisme",
            "demonstratie", "inmenging", "wijken"} <= commands


def test_stems_match_inside_compounds_but_not_excluded_words():
    assert set(topics_of("De harddrugs en de jeugdhulp")) == {"drugs", "jeugd"}
    assert "gevangenis" not in topics_of("Een hogere gevangenisstraf")
    assert "politie" not in topics_of("politieke besluiten")


def test_seed_announcements_get_their_main_topic(seed_releases):
    main = [announcement_topics(r.title, r.body)[0] for r in seed_releases]
    assert main == ["jeugd", "gevangenis", "politie", "antisemitisme", "jeugd", "demonstratie",
                    "drugs", "strafrecht", "inmenging", "wijken"]
