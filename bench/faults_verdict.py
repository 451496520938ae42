"""The verdict of bench/bench_load_fault.py: what was sent (the harness's own record), stored (the database)
and received (each client's record), and the lines of the report. Nothing here imports Django."""

from __future__ import annotations

import math
import re
import sqlite3
import statistics
from contextlib import closing

from bench.faults_clients import message_number
from bench.faults_processes import HttpStream

EXCEPTION_LINE = re.compile(r"^([\w.]+(?:Error|Exception|Closed|Timeout)\b.*)$", re.MULTILINE)


def stored_posts(database_url: str, thread_id: int, start_sequence: int) -> list[tuple[int, str, str]]:
    """(sequence, client id, text) of every post after the start, read straight from the database the workers
    wrote (this process's own connection may point at another copy, as with SQLite)."""
    query = (
        "SELECT sequence, client_id, body_markdown FROM forums_post WHERE thread_id = {0} AND sequence > {0} "
        "ORDER BY sequence"
    )
    if database_url.startswith("sqlite"):
        path = database_url.split("///", 1)[1].split("?", 1)[0]
        with closing(sqlite3.connect(path)) as connection:
            return list(connection.execute(query.format("?"), (thread_id, start_sequence)))
    import psycopg

    with psycopg.connect(database_url) as connection:
        return list(connection.execute(query.format("%s"), (thread_id, start_sequence)))


def verdict(scenario, posts: list[tuple[int, str, str]]) -> tuple[list[str], list[str]]:
    """The report's lines and the failures (empty: nothing lost)."""
    messages, failures = scenario.options.messages, list(scenario.failures)
    clients = scenario.clients
    by_client_id: dict[str, int] = {}
    by_number: dict[int, int] = {}
    number_of: dict[int, int] = {}
    for sequence, client_id, text in posts:
        by_client_id[client_id] = by_client_id.get(client_id, 0) + 1
        number = message_number(text)
        if number is not None:
            by_number[number] = by_number.get(number, 0) + 1
            number_of[sequence] = number
    acked = {cid for client in clients for cid in client.acks}
    refused = [error for client in clients for error in client.errors if error.get("client_id")]
    other_errors = [error for client in clients for error in client.errors if not error.get("client_id")]
    unacked = sum(len(client.outbox) for client in clients)
    not_stored = [number for number in range(messages) if number not in by_number]
    twice_id = sum(count > 1 for count in by_client_id.values())
    twice_text = sum(count > 1 for count in by_number.values())
    foreign = len(posts) - sum(by_number.values())
    expected = {sequence for sequence, _cid, _text in posts}

    lost = duplicated = disordered = 0
    problem_clients, latencies = [], []
    for client in clients:
        missing = len(expected - set(client.shown))
        lost += missing
        duplicated += len(client.wire_duplicates)
        disordered += len(client.wire_gaps)
        back = client.live.is_set() or (client.opened and not client.access_lost)
        if missing or client.wire_duplicates or client.wire_gaps or client.access_lost:
            problem_clients.append(
                f"client {client.index} (port {client.port}): "
                f"missing {sorted(expected - set(client.shown))[:8]}, last shown {client.last}, "
                f"pending {sorted(client.pending)[:5]}, fetching {client.fetching}, "
                f"duplicates {client.wire_duplicates[:5]}, gaps {client.wire_gaps[:5]}, "
                f"connections {client.opened}, last problem {client.last_problem!r}"
                + (", access lost" if client.access_lost else "")
                + ("" if back else ", never back")
                + f"; timeline {client.timeline[-8:]}"
            )
        for sequence, shown in client.shown_at.items():
            number = number_of.get(sequence)
            if number is not None and number in scenario.submitted_at:
                latencies.append(shown - scenario.submitted_at[number])
    phase_lines = []
    for name, numbers in scenario.phases:
        spans = sorted(
            shown - scenario.submitted_at[number_of[sequence]]
            for client in clients
            for sequence, shown in client.shown_at.items()
            if number_of.get(sequence) in numbers and number_of[sequence] in scenario.submitted_at
        )
        if spans:
            phase_lines.append(f"{name} {statistics.median(spans):.1f} s / {spans[-1]:.1f} s")
    latencies.sort()
    resent = sum(client.resent for client in clients)
    lines = [
        f"sent: {len(scenario.submitted_at)} of {messages} messages, {len(acked)} acknowledged, "
        f"{resent} sent again after a reconnect, {len(refused)} refused, {unacked} never acknowledged",
        f"stored: {len(posts)} posts after the start ({len(not_stored)} messages not stored, "
        f"{twice_id} client ids stored twice, {twice_text} texts stored twice, {foreign} other posts)",
        f"received by {len(clients)} clients: {lost} missing, {duplicated} duplicated, "
        f"{disordered} out of order (frames past a gap), "
        f"over {sum(client.opened for client in clients)} connections",
    ]
    if latencies:
        lines.append(
            "delivery, send to shown (every message x client): "
            f"median {statistics.median(latencies) * 1000:.0f} ms, "
            f"p99 {latencies[max(math.ceil(len(latencies) * 0.99) - 1, 0)] * 1000:.0f} ms, "
            f"max {latencies[-1]:.1f} s; median / max of the messages sent " + ", ".join(phase_lines)
        )
    for count, what in (
        (len(refused), f"messages refused, e.g. {refused[:1]}"),
        (unacked, "messages never acknowledged"),
        (len(not_stored), f"messages not stored: {not_stored[:10]}"),
        (twice_id, "client ids stored twice"),
        (twice_text, "messages stored twice under different client ids"),
        (lost, "deliveries missing"),
        (duplicated, "post frames received twice"),
        (disordered, "post frames received out of order"),
        (len(other_errors), f"error frames, e.g. {other_errors[:1]}"),
    ):
        if count:
            failures.append(f"{count} {what}")
    return lines + problem_clients[:10], failures


def http_line(stream: HttpStream) -> str:
    summary = stream.summary()
    odd = f"; not 200: {', '.join(summary['odd'])}" if summary["odd"] else ""
    return (
        f"http: {summary['ok']} of {summary['total']} requests answered 200 (statuses {summary['statuses']}, "
        f"failures {summary['failures']}, {summary['rerouted']} sent to the other worker when one did not "
        f"answer{odd}); latency of the 200s p50 {summary['p50']:.0f} ms, p95 {summary['p95']:.0f} ms, "
        f"p99 {summary['p99']:.0f} ms"
    )


def log_lines(logs: dict[str, str]) -> list[str]:
    """How often each kind of exception ended up in each worker's log (the last line of each traceback)."""
    lines = []
    for name, text in logs.items():
        counts: dict[str, int] = {}
        for found in EXCEPTION_LINE.findall(text):
            counts[found[:160]] = counts.get(found[:160], 0) + 1
        top = sorted(counts.items(), key=lambda item: -item[1])[:4]
        summary = "; ".join(f"{count} x {line}" for line, count in top) or "no exceptions"
        lines.append(f"{name}: {text.count('Traceback')} tracebacks: {summary}")
    return lines
