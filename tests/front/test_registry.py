"""How feature apps plug into the shared pages."""

from __future__ import annotations

from driehoek.front.registry import NavItem, current_nav_item

CONVERSATIONS = NavItem("Gesprekken", "/conversations/", "/conversations/")
AGREEMENTS = NavItem("Afspraken", "/conversations/agreements/", "/conversations/agreements/")


def test_the_longest_matching_prefix_is_the_current_item():
    items = [CONVERSATIONS, AGREEMENTS]
    assert current_nav_item(items, "/conversations/agreements/3/") == AGREEMENTS
    assert current_nav_item(items, "/conversations/12/") == CONVERSATIONS


def test_no_item_is_current_on_another_page():
    assert current_nav_item([CONVERSATIONS, AGREEMENTS], "/my/children/") is None


def test_an_item_without_prefix_is_never_current():
    assert current_nav_item([NavItem("Gids", "/involvement/guide/")], "/involvement/guide/") is None


def test_a_prefix_only_counts_at_the_start_of_the_path():
    assert current_nav_item([CONVERSATIONS], "/students/1/conversations/") is None


def test_every_app_stylesheet_is_on_every_page(client):
    from driehoek.front.registry import app_stylesheets

    sheets = app_stylesheets()
    assert "triangle/triangle.css" in sheets  # panels of one app appear on others' pages
    html = client.get("/").content.decode()
    for sheet in sheets:
        assert f"/static/{sheet}" in html
