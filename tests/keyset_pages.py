"""Helpers for tests of keyset-paged lists: the navigation links a page prints, and a walk from
the first page to the last along its "Volgende pagina" links."""

import html
import re


def link(page, rel):
    """The href of the page's navigation link `rel` ("first", "next"), or None."""
    found = re.search(rf'<a href="([^"]*)" rel="{rel}">', page)
    return html.unescape(found.group(1)) if found else None


def walk(client, url, rows_of, limit):
    """Follow the "Volgende pagina" links from page 1: [(page html, rows_of(page html))]."""
    pages, href = [], url
    for _ in range(limit):
        response = client.get(href if href.startswith("/") else url + href)
        assert response.status_code == 200
        page = response.content.decode()
        pages.append((page, rows_of(page)))
        href = link(page, "next")
        if href is None:
            return pages
    raise AssertionError("the pages do not end")
