"""What an HTML page would load by itself: the one check behind "works offline".

The slides (:mod:`course_lib.slides`) and the bring-your-own-data report (:mod:`course_lib.report`)
must load nothing over the network; both ask this module.

Examples
--------
>>> page = '<img src="data:image/png;base64,AA"><script src="https://cdn.x/require.js"></script>'
>>> remote_loads(page)
['script src=https://cdn.x/require.js']
>>> local_references('<link rel="stylesheet" href="reveal/dist/reveal.css">')
['reveal/dist/reveal.css']
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

__all__ = ["remote_loads", "local_references", "loaded_urls"]


class _Loads(HTMLParser):
    """Collect the URLs an HTML page would fetch by itself (not plain links)."""

    ATTRS = {"script": ("src",), "img": ("src", "srcset"), "iframe": ("src",), "source": ("src", "srcset"),
             "audio": ("src",), "video": ("src", "poster"), "embed": ("src",), "object": ("data",),
             "input": ("src",)}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.remote: list[str] = []  # "tag attr=url" descriptions of network loads
        self.local: list[str] = []
        self.urls: list[str] = []  # every URL loaded (network or local), in document order
        self._in_style = False

    def _note(self, tag: str, attr: str, url: str, described: str | None = None) -> None:
        url = url.strip()
        if re.match(r"(?i)^(https?:)?//", url):
            self.remote.append(described or f"{tag} {attr}={url}")
            self.urls.append(url)
        elif url and not re.match(r"(?i)^(data|blob|about|javascript|mailto):|^#", url):
            self.local.append(url)
            self.urls.append(url)

    def handle_starttag(self, tag, attrs):
        attrs = {k: (v or "") for k, v in attrs}
        if tag == "link":
            rel = attrs.get("rel", "").lower()
            if any(r in rel for r in ("stylesheet", "preload", "prefetch", "icon", "modulepreload", "manifest")):
                self._note(tag, "href", attrs.get("href", ""))
        for attr in self.ATTRS.get(tag, ()):
            if attr in attrs:
                for part in attrs[attr].split(",") if attr == "srcset" else [attrs[attr]]:
                    self._note(tag, attr, part.strip().split(" ")[0])
        if "style" in attrs:
            self._css(attrs["style"], tag)
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self._css(data, "style")

    def _css(self, text: str, where: str) -> None:
        for url in re.findall(r"""url\(\s*['"]?([^'")\s]+)""", text):
            self._note(where, "url", url, f"{where} url({url})")
        for url in re.findall(r"""@import\s+['"]([^'"]+)""", text):
            self._note(where, "@import", url, f"{where} @import {url}")


def _parse(html: str) -> _Loads:
    parser = _Loads()
    parser.feed(html)
    parser.close()
    return parser


def remote_loads(html: str) -> list[str]:
    """Everything in ``html`` that a browser would fetch over the network, one string each.

    Plain ``<a href>`` links are not loads and are not listed.
    """
    return _parse(html).remote


def local_references(html: str) -> list[str]:
    """Relative URLs that ``html`` loads (scripts, stylesheets, images …), in order."""
    return _parse(html).local


def loaded_urls(html: str) -> list[str]:
    """Every URL ``html`` loads by itself, over the network or from local files, in document order,
    without ``data:`` URIs and without plain links. A self-contained page returns ``[]``."""
    return list(dict.fromkeys(_parse(html).urls))
