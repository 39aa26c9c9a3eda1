"""Where the pages may load images from besides this site: the bucket's links.

In S3 mode a chart or upload is shown through the link the storage makes
(``files.selectors.row_download_url``): a presigned URL on the S3 endpoint,
in either addressing style, or a URL on the bucket's custom domain. The
Content-Security-Policy's ``img-src`` must name those origins, or the
browser refuses the charts. Only this bucket's hosts are named, never a
wildcard over a shared endpoint.
"""

from __future__ import annotations

from urllib.parse import urlsplit

AWS_GLOBAL_HOST = "s3.amazonaws.com"


def file_origins(
    *,
    bucket: str | None,
    endpoint_url: str | None = None,
    region: str | None = None,
    custom_domain: str | None = None,
    url_protocol: str = "https:",
) -> list[str]:
    """The origins of the links the S3 storage makes for ``bucket``; none without a bucket."""
    if not bucket:
        return []
    if custom_domain:
        return [f"{url_protocol.rstrip(':')}://{custom_domain.strip('/')}"]
    if endpoint_url:
        endpoint = urlsplit(endpoint_url)
        hosts = [endpoint.netloc, f"{bucket}.{endpoint.netloc}"]
        scheme = endpoint.scheme
    else:
        hosts = [AWS_GLOBAL_HOST, f"{bucket}.{AWS_GLOBAL_HOST}"]
        if region:
            regional = f"s3.{region}.amazonaws.com"
            hosts += [regional, f"{bucket}.{regional}"]
        scheme = "https"
    return [f"{scheme}://{host}" for host in hosts]
