"""The text of a rendered page that a person sees or hears, for the tests that look for English."""

from html.parser import HTMLParser

# Attributes a browser shows or reads aloud: tooltips, labels, placeholders, alternative text.
LABELLING_ATTRIBUTES = frozenset({"aria-label", "title", "alt", "placeholder"})
HIDDEN_TAGS = frozenset({"script", "style", "template", "noscript"})


class VisibleText(HTMLParser):
    """Text nodes and the given labelling attributes, outside scripts, styles and templates."""

    def __init__(self, attributes):
        super().__init__(convert_charrefs=True)
        self.attributes = attributes
        self.chunks, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in HIDDEN_TAGS:
            self._skip += 1
        if not self._skip:
            self.chunks.extend(value for name, value in attrs if name in self.attributes and value)

    def handle_endtag(self, tag):
        if tag in HIDDEN_TAGS and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.chunks.append(data)


def visible_text(html, attributes=LABELLING_ATTRIBUTES):
    parser = VisibleText(attributes)
    parser.feed(html)
    return " ".join(" ".join(parser.chunks).split())
