#!/usr/bin/env python3
"""Save-to-reload latency of `esite serve`: the time from writing a Markdown file to the
preview telling the tab that shows the edited page to reload (the `reload` event on
/__esite/events that names the page). The preview makes the pages open tabs show first and
tells their tabs as soon as those are ready; the rest of the site follows. Prints the median
and range over N edits, and on a second line how long the whole rebuild took (as esite
reported it, from the end of its 30 ms wait for more changes). Each edit is timed alone:
the next one is written after the whole rebuild has finished.

    python3 bench/serve_latency.py --esite target/release/esite --site . --file content/services/perhetyo/fi.md
    python3 bench/serve_latency.py --esite target/release/esite --site /dev/shm/esite-bench/1000/site \\
        --file content/services/<id>/fi.md --edits 10

Only 127.0.0.1 is used. The file is restored afterwards.
"""
import argparse, http.client, os, re, statistics, subprocess, sys, threading, time, urllib.parse


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--esite", required=True)
    ap.add_argument("--site", required=True)
    ap.add_argument("--file", help="Markdown file to edit, relative to the site (default: the first service's fi.md)")
    ap.add_argument("--edits", type=int, default=10)
    ap.add_argument("--page", help="URL path of the page open in the browser (default: the edited service's page, /fi/palvelut/<folder>/)")
    a = ap.parse_args()
    if not a.file:
        services = os.path.join(a.site, "content/services")
        a.file = os.path.join("content/services", sorted(os.listdir(services))[0], "fi.md")
    path = os.path.join(a.site, a.file)
    original = open(path, encoding="utf-8").read()
    server = subprocess.Popen([a.esite, "serve", "--site", a.site, "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    # esite's own report of each rebuild: "... changed: rebuilt N pages in X ms (...)".
    rebuilds = []

    def log_reader():
        for line in server.stderr:
            m = re.search(r"changed: rebuilt \d+ pages in (\d+) ms", line)
            if m:
                rebuilds.append(int(m.group(1)))

    threading.Thread(target=log_reader, daemon=True).start()
    try:
        url = None
        deadline = time.time() + 300
        while time.time() < deadline:
            line = server.stdout.readline()
            m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
            if m:
                url = int(m.group(1))
                break
        if url is None:
            sys.exit("esite serve did not start")
        conn = http.client.HTTPConnection("127.0.0.1", url, timeout=120)
        # Like a browser tab showing the edited page: the reload script names its page.
        page = a.page or "/{}/palvelut/{}/".format(os.path.basename(a.file).split(".")[0], os.path.basename(os.path.dirname(a.file)))
        conn.request("GET", "/__esite/events?path=" + urllib.parse.quote(page, safe=""), headers={"Host": "127.0.0.1"})
        resp = conn.getresponse()
        events = []
        cond = threading.Condition()

        def reader():
            for raw in resp:
                line = raw.decode("utf-8", "replace")
                if line.startswith("event: reload"):
                    # Only the event that tells this page to reload counts.
                    data = next(resp).decode("utf-8", "replace")
                    if page not in data and '"paths":null' not in data.replace(" ", ""):
                        continue
                    with cond:
                        events.append(time.perf_counter())
                        cond.notify_all()

        threading.Thread(target=reader, daemon=True).start()
        time.sleep(1.0)
        samples = []
        for i in range(a.edits):
            with cond:
                seen = len(events)
            text = original.rstrip("\n") + f"\n\nMuokkaus {i} {time.time()}.\n"
            start = time.perf_counter()
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            with cond:
                cond.wait_for(lambda: len(events) > seen, timeout=60)
                if len(events) > seen:
                    samples.append((events[seen] - start) * 1000)
            # Each edit is timed alone: the next save waits until the whole rebuild is done
            # (a save during a rebuild waits for it), then a pause, as an editor types.
            deadline = time.time() + 60
            while len(rebuilds) <= i and time.time() < deadline:
                time.sleep(0.01)
            time.sleep(0.3)
        if not samples:
            sys.exit("no reload events arrived")
        print(f"save-to-reload on {a.site}: median {statistics.median(samples):.0f} ms, "
              f"min {min(samples):.0f} ms, max {max(samples):.0f} ms over {len(samples)} edits")
        if rebuilds:
            print(f"whole rebuild: median {statistics.median(rebuilds):.0f} ms, "
                  f"min {min(rebuilds)} ms, max {max(rebuilds)} ms over {len(rebuilds)} rebuilds")
    finally:
        with open(path, "w", encoding="utf-8") as f:
            f.write(original)
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
