"""The content hash of a round's text: recorded at approval, printed in the
documents, so anyone can check the approved guideline is what the body got."""
from __future__ import annotations

import hashlib
import json

from ..documents.queries import sections_with_text


def content_hash(round_) -> str:
    content = {
        "title": round_.guideline.title,
        "year": round_.year,
        "sections": [[section.heading, version.text if version else ""]
                     for section, version in sections_with_text(round_)],
    }
    encoded = json.dumps(content, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def short(digest: str | None) -> str:
    """The hash as people read it aloud: groups of four."""
    if not digest:
        return ""
    return " ".join(digest[i:i + 4] for i in range(0, 32, 4))
