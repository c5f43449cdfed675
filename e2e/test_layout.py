"""Every page of the app, for every demo role, fits a 375 px phone (tables scroll inside their own
wrapper) and, on a 1440 px screen, keeps each date on one line."""

import os
from urllib.parse import urljoin, urlparse

import pytest
from django.core.management import call_command

from e2e.helpers import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_USERS = ["city", "hongta", "jiangchuan", "dept", "owner", "leader", "auditor"]
SHOTS = os.environ.get("GROUNDBREAK_SCREENSHOTS")  # a folder: keep a screenshot of every page

# The widest thing on the page that is not inside a scrolling wrapper of its own.
OVERFLOW = """() => {
  const width = window.innerWidth;
  if (document.documentElement.scrollWidth <= width) return null;
  const culprits = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.right > width + 1 && !el.closest('.tablewrap')) culprits.push(el.tagName + '.' + el.className + '#' + el.id + ' ' + Math.round(r.right));
  }
  return document.documentElement.scrollWidth + ' ' + culprits.slice(0, 5).join(' | ');
}"""

# Summary tables (复工率, a batch's figures by field and county) show every column on a phone, and
# multi-selects show every choice.
CLIPPED = """() => {
  const out = [];
  for (const t of document.querySelectorAll('table.fit')) {
    if (t.getBoundingClientRect().width > t.parentElement.clientWidth + 1) out.push('table#' + t.id);
  }
  for (const s of document.querySelectorAll('.filters select[multiple]')) {
    if (s.size < s.options.length) out.push('select#' + s.id + ' shows ' + s.size + ' of ' + s.options.length);
  }
  return out;
}"""

# Cells holding a date (yyyy-mm-dd) that the browser broke over two lines.
WRAPPED_DATES = """() => {
  const out = [];
  for (const cell of document.querySelectorAll('td, time, dd')) {
    const text = cell.innerText.trim();
    if (!/^\\d{4}-\\d{2}-\\d{2}( \\d{2}:\\d{2})?$/.test(text)) continue;
    const line = parseFloat(getComputedStyle(cell).lineHeight) || 20;
    const range = document.createRange(); range.selectNodeContents(cell);
    if (range.getBoundingClientRect().height > line * 1.5) out.push(text);
  }
  return out;
}"""


# A missing value shows as "—", never as Python's "None".
NONE_SHOWN = (
    "() => (document.querySelector('main').innerText.match(/.{0,30}\\bNone\\b/) || [null])[0]"
)


def pages_of(page, base):
    """The pages a user reaches: every link of the main menu, and from each list the first
    record and the add/edit pages it links to."""
    page.goto(f"{base}/projects/")
    menu = [a.get_attribute("href") for a in page.locator(".mainnav a").all()]
    found = []
    for href in menu:
        if href.startswith("/api"):
            continue
        found.append(href)
        page.goto(urljoin(base, href))
        links = page.locator(
            "main table a[href^='/'], main .actions a[href^='/'], main a.button[href^='/']"
        )
        for link in links.all()[:12]:
            target = link.get_attribute("href")
            path = urlparse(target).path
            if "export" in target or path.endswith((".xlsx", "/template/")) or "sort=" in target:
                continue
            if path not in found and path.count("/") <= 5:
                found.append(path)
    return list(dict.fromkeys(found))


def test_every_page_fits_a_phone_and_keeps_dates_on_one_line(live_server, browser, regions):
    # ``regions`` loads the reference data (sectors, levels) an earlier browser test's flush removed.
    call_command("load_demo", verbosity=0)
    problems = []
    for username in DEMO_USERS:
        phone = browser.new_context(viewport={"width": 375, "height": 740})
        page = phone.new_page()
        log_in(page, live_server.url, username, "groundbreak")
        urls = pages_of(page, live_server.url)
        for url in urls:
            response = page.goto(urljoin(live_server.url, url))
            if response.status >= 400:
                problems.append(f"{username} {url}: answered {response.status}")
            overflow = page.evaluate(OVERFLOW)
            if overflow:
                problems.append(f"375px {username} {url}: {overflow}")
            clipped = page.evaluate(CLIPPED)
            if clipped:
                problems.append(f"375px {username} {url}: {clipped}")
            if SHOTS:
                page.screenshot(
                    path=f"{SHOTS}/375-{username}-{url.strip('/').replace('/', '_')}.png",
                    full_page=True,
                )
        phone.close()
        desk = browser.new_context(viewport={"width": 1440, "height": 900})
        page = desk.new_page()
        log_in(page, live_server.url, username, "groundbreak")
        for url in urls:
            page.goto(urljoin(live_server.url, url))
            none = page.evaluate(NONE_SHOWN)
            if none:
                problems.append(f"{username} {url}: shows None: {none}")
            wrapped = page.evaluate(WRAPPED_DATES)
            if wrapped:
                problems.append(f"1440px {username} {url}: dates wrap {wrapped[:3]}")
            if SHOTS:
                page.screenshot(
                    path=f"{SHOTS}/1440-{username}-{url.strip('/').replace('/', '_')}.png",
                    full_page=True,
                )
        desk.close()
    assert not problems, "\n".join(problems)
