"""textmlp.data.download.fetch: checksums, retries, timeouts and faults, against a server on 127.0.0.1."""

from __future__ import annotations

import hashlib
import http.server
import re
import threading
import time

import pytest

from tests.conftest import sha256
from textmlp.data.download import Checksum, ChecksumError, DownloadError, fetch


@pytest.fixture
def served(http_server):
    payload = bytes(range(256)) * 5000
    (http_server.root / "data.bin").write_bytes(payload)
    return http_server, payload, Checksum("sha256", sha256(http_server.root / "data.bin"))


def test_fetch_over_http_verifies_and_renames(served, tmp_path):
    server, payload, checksum = served
    out = fetch(server.url("data.bin"), tmp_path / "out" / "data.bin", checksum)
    assert out.read_bytes() == payload
    assert list(out.parent.iterdir()) == [out]  # no temporary file left behind


def test_checksum_mismatch_names_both_digests_and_leaves_nothing(served, tmp_path):
    server, _, checksum = served
    wrong = Checksum("sha256", "0" * 64)
    out = tmp_path / "out"
    with pytest.raises(ChecksumError) as err:
        fetch(server.url("data.bin"), out / "data.bin", wrong)
    assert "0" * 64 in str(err.value) and checksum.digest in str(err.value)
    assert list(out.iterdir()) == []


def test_truncated_download_is_retried_then_fails_naming_the_url(served, tmp_path):
    server, _, checksum = served
    server.faults["data.bin"] = ["truncate"] * 10
    out = tmp_path / "out"
    with pytest.raises((ChecksumError, DownloadError)):
        fetch(server.url("data.bin"), out / "data.bin", checksum, sleep=lambda s: None)
    assert list(out.iterdir()) == []


def test_http_404_is_not_retried_and_names_the_url(served, tmp_path):
    server, _, checksum = served
    with pytest.raises(DownloadError, match=r"HTTP 404.*missing\.bin"):
        fetch(server.url("missing.bin"), tmp_path / "x", checksum, sleep=lambda s: None)
    assert server.requests == ["missing.bin"]


@pytest.mark.parametrize("fault", ["500", "reset"])
def test_transient_failures_are_retried(served, tmp_path, fault):
    server, payload, checksum = served
    server.faults["data.bin"] = [fault, fault]
    pauses = []
    out = fetch(server.url("data.bin"), tmp_path / "data.bin", checksum, sleep=pauses.append)
    assert out.read_bytes() == payload
    assert len(server.requests) == 3 and pauses == [1.0, 2.0]


def test_persistent_500_gives_up_with_the_url(served, tmp_path):
    server, _, checksum = served
    server.faults["data.bin"] = ["500"] * 10
    with pytest.raises(DownloadError, match=r"HTTP 500.*data\.bin"):
        fetch(server.url("data.bin"), tmp_path / "x", checksum, retries=2, sleep=lambda s: None)
    assert len(server.requests) == 3


def test_local_path_and_file_url(served, tmp_path):
    server, payload, checksum = served
    src = server.root / "data.bin"
    assert fetch(str(src), tmp_path / "a", checksum).read_bytes() == payload
    assert fetch(src.as_uri(), tmp_path / "b", checksum).read_bytes() == payload


def test_missing_local_file_is_a_clear_error(tmp_path):
    with pytest.raises(DownloadError, match="does not exist"):
        fetch(str(tmp_path / "nope.tar.gz"), tmp_path / "x", Checksum("sha256", "a" * 64))


@pytest.mark.parametrize("digest", ["abc", "G" * 64, "A" * 64])
def test_malformed_digest_is_rejected(digest):
    with pytest.raises(ValueError, match="malformed sha256"):
        Checksum("sha256", digest)


# --------------------------------------------------------------------------
# Timeouts and a transfer cut short (fewer bytes than Content-Length)
# --------------------------------------------------------------------------


class _ScriptedServer:
    """127.0.0.1 server whose successive requests follow a script of faults."""

    def __init__(self, payload: bytes, script: list[str]):
        self.payload, self.script, self.requests = payload, list(script), 0
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                outer.requests += 1
                fault = outer.script.pop(0) if outer.script else None
                if fault == "stall":  # accept, then say nothing
                    time.sleep(1.0)
                    return
                self.send_response(200)
                self.send_header("Content-Length", str(len(outer.payload)))
                self.end_headers()
                half = len(outer.payload) // 2
                if fault in ("stall mid-body", "cut short"):
                    self.wfile.write(outer.payload[:half])
                    self.wfile.flush()
                    if fault == "stall mid-body":
                        time.sleep(1.0)
                    return  # the connection closes early
                self.wfile.write(outer.payload)

        class Server(http.server.ThreadingHTTPServer):
            def handle_error(self, request, client_address):  # a client that gave up: expected
                pass

        self.httpd = Server(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/aclImdb_v1.tar.gz"
        threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def scripted():
    servers = []

    def start(payload, script):
        servers.append(_ScriptedServer(payload, script))
        return servers[-1]

    yield start
    for s in servers:
        s.close()


PAYLOAD = bytes(range(256)) * 4000


@pytest.mark.parametrize("fault", ["stall", "stall mid-body", "cut short"])
def test_transient_fault_is_retried_then_succeeds(scripted, tmp_path, fault):
    server = scripted(PAYLOAD, [fault])
    pauses = []
    out = fetch(
        server.url,
        tmp_path / "a.tar.gz",
        Checksum("sha256", hashlib.sha256(PAYLOAD).hexdigest()),
        timeout_s=0.3,
        sleep=pauses.append,
    )
    assert out.read_bytes() == PAYLOAD
    assert server.requests == 2 and pauses == [1.0]
    assert [p.name for p in tmp_path.iterdir()] == ["a.tar.gz"]


def test_transfer_cut_short_every_time_names_the_url_and_the_byte_counts(scripted, tmp_path):
    server = scripted(PAYLOAD, ["cut short"] * 3)
    with pytest.raises(
        DownloadError,
        match=rf"could not fetch {re.escape(server.url)}: .*"
        rf"{len(PAYLOAD) // 2} of {len(PAYLOAD)} bytes",
    ):
        fetch(
            server.url,
            tmp_path / "a.tar.gz",
            Checksum("sha256", hashlib.sha256(PAYLOAD).hexdigest()),
            retries=2,
            sleep=lambda s: None,
        )
    assert server.requests == 3 and list(tmp_path.iterdir()) == []


def test_partial_files_a_sigkill_left_are_removed_by_the_next_download(tmp_path):
    src = tmp_path / "archive.tar.gz"
    src.write_bytes(b"data")
    stale = tmp_path / "out" / ".aclImdb.tar.gz.k3j2x9.tmp"
    stale.parent.mkdir()
    stale.write_bytes(b"half")
    fetch(str(src), tmp_path / "out/aclImdb.tar.gz", Checksum("sha256", sha256(src)))
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["aclImdb.tar.gz"]
