"""The hash chain over audit events: how an event's hash is computed, and how the chain is checked."""

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC

GENESIS_HASH = "0" * 64


def event_digest(
    *,
    sequence,
    occurred_at,
    actor_username,
    action,
    object_type,
    object_id,
    object_repr,
    person_id,
    before,
    after,
    request_id,
    previous_hash,
) -> str:
    payload = {
        "sequence": sequence,
        "occurred_at": occurred_at.astimezone(UTC).isoformat(timespec="microseconds"),
        "actor_username": actor_username,
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "object_repr": object_repr,
        "person_id": person_id,
        "before": before,
        "after": after,
        "request_id": request_id,
        "previous_hash": previous_hash,
    }
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def digest_of(event) -> str:
    return event_digest(
        sequence=event.sequence,
        occurred_at=event.occurred_at,
        actor_username=event.actor_username,
        action=event.action,
        object_type=event.object_type,
        object_id=event.object_id,
        object_repr=event.object_repr,
        person_id=event.person_id,
        before=event.before,
        after=event.after,
        request_id=event.request_id,
        previous_hash=event.previous_hash,
    )


@dataclass(frozen=True)
class ChainProblem:
    sequence: int
    problem: str


@dataclass(frozen=True)
class ChainReport:
    events_checked: int
    problems: tuple[ChainProblem, ...]

    @property
    def intact(self) -> bool:
        return not self.problems


def verify_events(events, head=None, progress=None) -> ChainReport:
    """Walk events in sequence order and report every event whose content, predecessor or place in the
    sequence does not match, and a head that does not point at the last event."""
    problems: list[ChainProblem] = []
    expected_previous = GENESIS_HASH
    expected_sequence = 1
    checked = 0
    last = None
    for event in events:
        checked += 1
        if event.sequence != expected_sequence:
            problems.append(ChainProblem(event.sequence, f"sequence jumps from {expected_sequence - 1} to "
                                                         f"{event.sequence}: events were removed"))
        if event.previous_hash != expected_previous:
            problems.append(ChainProblem(event.sequence, "does not follow the event before it"))
        if digest_of(event) != event.hash:
            problems.append(ChainProblem(event.sequence, "content does not match its hash: it was altered"))
        expected_previous = event.hash
        expected_sequence = event.sequence + 1
        last = event
        if progress is not None:
            progress(checked)
    if head is not None:
        last_sequence = last.sequence if last else 0
        last_hash = last.hash if last else GENESIS_HASH
        if head.sequence != last_sequence or head.hash != last_hash:
            problems.append(ChainProblem(head.sequence, f"the chain head says #{head.sequence} but the last "
                                                        f"event is #{last_sequence}: events were removed"))
    return ChainReport(checked, tuple(problems))
