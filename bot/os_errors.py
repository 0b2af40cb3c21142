"""Operating-system errors in Dutch for the operator: which file, and what is wrong with it in
words (the OS's own text is English and shows Python's errno notation)."""

from __future__ import annotations

import errno

import httpx

REASONS = {
    errno.ENOENT: "bestand bestaat niet",
    errno.EACCES: "geen toegang",
    errno.EPERM: "geen toegang",
    errno.EISDIR: "dit is een map, geen bestand",
    errno.ENOTDIR: "een deel van het pad is geen map",
    errno.ENOSPC: "de schijf is vol",
    errno.EDQUOT: "de schijfruimte (quota) is op",
    errno.EROFS: "het bestandssysteem is alleen-lezen",
    errno.ENAMETOOLONG: "de naam is te lang",
    errno.ELOOP: "te veel symbolische koppelingen",
    errno.EIO: "lees- of schrijffout van het apparaat",
    errno.EMFILE: "te veel open bestanden",
}


def describe(error: OSError) -> str:
    """'nonexist.txt: bestand bestaat niet' — the file (when known) and a Dutch reason."""
    if error.errno in REASONS:
        reason = REASONS[error.errno]
    elif error.errno is not None:
        reason = f"systeemfout {errno.errorcode.get(error.errno, error.errno)}"
    else:
        reason = "systeemfout"
    return f"{error.filename}: {reason}" if error.filename else reason


def describe_http(error: httpx.HTTPError) -> str:
    """A failed download in Dutch: the address and the status or that no connection was made."""
    if isinstance(error, httpx.HTTPStatusError):
        return f"{error.request.url}: de server antwoordde {error.response.status_code}"
    try:
        where = f"{error.request.url}: "
    except RuntimeError:  # an error raised outside a request has none
        where = ""
    if isinstance(error, httpx.TimeoutException):
        return where + "de server antwoordde niet op tijd"
    return where + "geen verbinding met de server"
