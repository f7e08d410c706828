#!/usr/bin/env python3
"""Times `clusterbook serve` from a file's save to its page served anew.

    serve_edits.py URL FILE PAGE N

N times: appends a new sentence to FILE's body (a fresh marker word), and
polls URL + PAGE over one kept-alive HTTP connection until the page holds
the marker. Waits PAUSE seconds (environment, default 1) between edits, so
that each starts from a quiet server (the search index of the last edit
made). Prints each time and
the median, min and max in milliseconds.
"""
import http.client
import os
import statistics
import sys
import time
import urllib.parse


def main():
    url, path, page, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    u = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
    target = "/" + page.lstrip("/")

    def fetch():
        conn.request("GET", target)
        r = conn.getresponse()
        return r.status, r.read()

    status, _ = fetch()
    if status != 200:
        sys.exit(f"bench: {target} answers {status}")
    with open(path, encoding="utf-8") as f:
        original = f.read()
    times = []
    try:
        for i in range(n):
            marker = f"benchmarkord{i}x{time.time_ns() % 1000000}"
            text = original.rstrip() + f"\n\nEn mening med {marker}.\n"
            started = time.perf_counter()
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            deadline = started + 60
            while True:
                status, body = fetch()
                if marker.encode() in body:
                    break
                if time.perf_counter() > deadline:
                    sys.exit(f"bench: edit {i + 1} not served after 60 s")
                time.sleep(0.001)
            ms = (time.perf_counter() - started) * 1000
            times.append(ms)
            print(f"  edit {i + 1:2}: {ms:8.1f} ms")
            time.sleep(float(os.environ.get("PAUSE", "1")))
    finally:
        with open(path, "w", encoding="utf-8") as f:
            f.write(original)
    print(
        f"save → page served: median {statistics.median(times):.1f} ms "
        f"(min {min(times):.1f}, max {max(times):.1f}) over {n} edits"
    )


if __name__ == "__main__":
    main()
