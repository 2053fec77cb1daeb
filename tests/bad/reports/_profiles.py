"""The worst profile the bounds let through: every table a profile may fill, full of bad rows.

``roles`` and ``holds`` hold :data:`~sendpath.model.profile.MAX_ROWS` rows, each with an
impossible date (a problem each); ``studying`` holds 50,000 empty rows, far more than the
bound (one ``too-many-rows`` problem, its rows never read). The file stays under
:data:`~sendpath.io.MAX_DATA_BYTES`.
"""

from __future__ import annotations

from typing import Any

from sendpath.model.profile import MAX_ROWS

PROBLEMS = 2 * MAX_ROWS + 1


def document() -> dict[str, Any]:
    return {"roles": [{"id": "role:teacher", "since": f"bad{i}"} for i in range(MAX_ROWS)],
            "holds": [{"id": "qual:qts", "awarded": f"bad{i}"} for i in range(MAX_ROWS)],
            "studying": [{} for _ in range(50_000)]}
