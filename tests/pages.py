"""What a person reads on a page, for tests that assert on words rather than markup."""

import html
import re


def page_text(content) -> str:
    """The page without its tags, scripts and styles, entities decoded and spaces collapsed."""
    content = content if isinstance(content, str) else content.decode()
    content = re.sub(r"<(script|style)\b.*?</\1>", " ", content, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", content)).split())
