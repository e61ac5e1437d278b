"""An SVG figure, checked against an allow-list: what a note may publish is a static drawing.

Takes the bytes of an SVG file; `problem` returns "" when every element and
attribute is one a static drawing needs (shapes, text, paint servers, clips,
masks, markers, filters, an editor's inert metadata), else why it is refused.
It parses with entities, DTD loading and the network off, and refuses: an
external DTD other than the W3C's own SVG ones (a ``SYSTEM`` identifier is a
file or address a parser may fetch), declared entities, scripts, animation
(SMIL ``<set attributeName="href" to="javascript:…">`` changes a link while it
is shown), foreign content, event handlers, any reference to another file,
and a nested image other than a PNG or JPEG ``data:`` URI (an SVG nested as a
``data:`` URI would escape this check).  A figure is shown through ``<img>``
(where nothing runs), but the file is also published as it is, and a reader
may open it on its own.
"""
from __future__ import annotations

import functools
import re

from lxml import etree

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
XML = "http://www.w3.org/XML/1998/namespace"
# The DTDs Illustrator and Inkscape name; never loaded (a parser that would fetch them fetches
# only the W3C's own file).
W3C_DTDS = {
    "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd", "http://www.w3.org/TR/2001/REC-SVG-20010904/DTD/svg10.dtd",
    "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11-flat-20030114.dtd",
    "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11-basic.dtd", "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11-tiny.dtd",
}
# Editors' namespaces: their elements and attributes are inert (no browser reads them).
EDITORS = {
    "http://www.inkscape.org/namespaces/inkscape", "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd",
    "http://ns.adobe.com/AdobeIllustrator/10.0/", "http://ns.adobe.com/Graphs/1.0/",
    "http://ns.adobe.com/SaveForWeb/1.0/", "http://ns.adobe.com/Extensibility/1.0/",
    "http://www.bohemiancoding.com/sketch/ns", "http://www.serif.com/",
}
METADATA = {"http://www.w3.org/1999/02/22-rdf-syntax-ns#", "http://creativecommons.org/ns#",
            "http://purl.org/dc/elements/1.1/", "http://purl.org/dc/terms/"}
ELEMENTS = set("""
svg g defs symbol use title desc metadata path rect circle ellipse line polyline polygon text tspan textPath
linearGradient radialGradient stop pattern clipPath mask marker style image switch
filter feBlend feColorMatrix feComponentTransfer feComposite feConvolveMatrix feDiffuseLighting
feDisplacementMap feDistantLight feDropShadow feFlood feFuncA feFuncB feFuncG feFuncR feGaussianBlur
feMerge feMergeNode feMorphology feOffset fePointLight feSpecularLighting feSpotLight feTile feTurbulence
""".split())
ATTRIBUTES = set("""
id class style transform x y x1 y1 x2 y2 cx cy r rx ry fx fy fr width height d points pathLength viewBox
preserveAspectRatio version baseProfile lang tabindex role focusable
fill fill-opacity fill-rule stroke stroke-width stroke-linecap stroke-linejoin stroke-miterlimit
stroke-dasharray stroke-dashoffset stroke-opacity opacity color display visibility overflow clip
font font-family font-size font-size-adjust font-weight font-style font-variant font-stretch
text-anchor dominant-baseline alignment-baseline baseline-shift letter-spacing word-spacing
text-decoration writing-mode direction unicode-bidi glyph-orientation-vertical glyph-orientation-horizontal
dx dy rotate textLength lengthAdjust startOffset method spacing side
offset stop-color stop-opacity gradientUnits gradientTransform spreadMethod
patternUnits patternContentUnits patternTransform clipPathUnits clip-path clip-rule mask maskUnits
maskContentUnits marker-start marker-mid marker-end markerWidth markerHeight markerUnits refX refY orient
color-interpolation color-interpolation-filters color-rendering color-profile shape-rendering
text-rendering image-rendering vector-effect paint-order mix-blend-mode isolation enable-background
filter filterUnits primitiveUnits filterRes in in2 result stdDeviation mode operator k1 k2 k3 k4 values type
tableValues slope intercept amplitude exponent flood-color flood-opacity lighting-color radius
baseFrequency numOctaves seed stitchTiles scale xChannelSelector yChannelSelector order kernelMatrix divisor
bias targetX targetY edgeMode preserveAlpha surfaceScale diffuseConstant specularConstant specularExponent
azimuth elevation pointsAtX pointsAtY pointsAtZ limitingConeAngle kernelUnitLength
requiredFeatures requiredExtensions systemLanguage href media
""".split())
LINKS = {"href", f"{{{XLINK}}}href"}


@functools.cache
def _url() -> re.Pattern[str]:
    # compiled at the first SVG figure, not when every build's edition process imports this module
    return re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)|@import|expression\(", re.I | re.S)


@functools.cache
def _raster_uri() -> re.Pattern[str]:
    return re.compile(r"^data:image/(png|jpeg|jpg);base64,[A-Za-z0-9+/=\s]*$", re.I)


def parse(data: bytes) -> etree._Element:
    """The root element; raises `etree.XMLSyntaxError` on a file that is no well-formed XML."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    return etree.fromstring(data, parser)


def problem(root: etree._Element) -> str:
    """Why this SVG is no static drawing ("" when it is)."""
    found = _doctype_problem(root.getroottree().docinfo)
    if found or root.tag != f"{{{SVG}}}svg":
        return found or "the root element is not <svg> in the SVG namespace"
    for el in root.iter():
        found = _element_problem(el)
        if found:
            return f"line {el.sourceline}: {found}" if el.sourceline else found
    return ""


def _doctype_problem(docinfo: etree.DocInfo) -> str:
    if docinfo.internalDTD is not None and list(docinfo.internalDTD.iterentities()):
        return "it declares XML entities"
    if docinfo.system_url and docinfo.system_url not in W3C_DTDS:
        return f"its DOCTYPE names an external file ({docinfo.system_url[:60]!r})"
    return ""


def _element_problem(el: etree._Element) -> str:
    if isinstance(el, etree._Entity):
        return f"it uses the entity &{el.name};"
    if not isinstance(el.tag, str):  # a comment or processing instruction: nothing is shown
        return "it holds a processing instruction" if isinstance(el, etree._ProcessingInstruction) else ""
    name = etree.QName(el)
    if _inert_metadata(el):
        return ""
    if name.namespace != SVG and name.namespace not in EDITORS:
        return f"it contains <{name.localname}> of another language ({name.namespace or 'no namespace'})"
    if name.namespace == SVG and name.localname not in ELEMENTS:
        return f"it contains <{name.localname}>, which a static drawing does not need"
    if name.localname == "style" and _url().search(_external_css(el.text or "")):
        return "its stylesheet refers to another file"
    for key, value in el.attrib.items():
        found = _attribute_problem(name.localname, key, value)
        if found:
            return found
    return ""


def _inert_metadata(el: etree._Element) -> bool:
    """Inside <metadata> (RDF, Dublin Core) nothing is drawn or run."""
    parent = el.getparent()
    while parent is not None:
        if parent.tag == f"{{{SVG}}}metadata":
            return etree.QName(el).namespace in METADATA | EDITORS
        parent = parent.getparent()
    return False


def _attribute_problem(element: str, key: str, value: str) -> str:
    attr = etree.QName(key)
    local = attr.localname
    if local.lower().startswith("on"):
        return f"<{element}> has an event handler ({local})"
    if key in LINKS:
        return _link_problem(element, value.strip())
    if attr.namespace in EDITORS:
        return ""
    if attr.namespace == XML and local in ("space", "lang"):
        return ""
    if attr.namespace is not None or (local not in ATTRIBUTES and not local.startswith(("data-", "aria-"))):
        return f"<{element}> has the attribute {local!r}, which a static drawing does not need"
    if _url().search(_external_css(value)):  # style="…url(…)", fill="url(…)"
        return f"<{element}> {local} refers to another file"
    return ""


def _link_problem(element: str, value: str) -> str:
    if value.startswith("#") and element in ("use", "textPath", "linearGradient", "radialGradient", "pattern",
                                               "filter", "feImage"):
        return ""
    if element == "image" and _raster_uri().match(value):
        return ""
    return (f"<{element}> refers to another file or content ({value[:60]!r}): only a PNG or JPEG data: URI, "
            "or a #reference within the file")


def _external_css(text: str) -> str:
    """`text` without its ``url(#id)`` references (to a gradient or a clip of the same file)."""
    return _url().sub(lambda m: "" if m.group(2) is not None and m.group(2).strip().startswith("#") else m.group(0),
                   text)
