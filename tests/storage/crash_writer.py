"""Writer for the crash test: forks writers that register persons until they are killed.

Run as `python -m tests.storage.crash_writer DATA_DIR`. The parent process imports the app once
(about 1.5 s) and then, for each `fork` line on stdin, forks a child, prints `pid N` and reaps the
previous child. Each child opens the store and registers persons one per transaction, printing
`ok UUID` only after `register` has returned, i.e. after COMMIT. The test SIGKILLs the children.
"""

import os
import sys
from datetime import date
from pathlib import Path

from relief_desktop.domain.beneficiary import BeneficiaryInput, LabelInput, MemberInput
from relief_desktop.paths import AppPaths
from relief_desktop.services import beneficiaries, search_text, team
from relief_desktop.storage import db  # noqa: F401  (imported before fork, as the app would)
from relief_desktop.storage.store import Store
from tests.fixtures.db import sign_in_as_script


def write_forever(root: Path, round_no: int) -> None:
    store = Store.open(AppPaths.under(root))
    lead = team.member_by_name(store, "张三")
    community = team.communities(store)[0].id
    n = 0
    while True:
        n += 1
        data = BeneficiaryInput(
            name="测试" + "甲乙丙丁戊己庚辛壬癸"[n % 10],
            community_id=community,
            id_type="无证件",
            sex="女",
            birth_date=date(1950, 1, 1),
            notes=f"round {round_no} person {n}",
            labels=(LabelInput("政策外", date(2025, 1, 1)),),
            members=(MemberInput(relation="子女", name="测试子女"),),
        )
        uuid = beneficiaries.register(store, lead.actor, data)
        sys.stdout.write(f"ok {uuid}\n")
        sys.stdout.flush()


def main() -> None:
    root = Path(sys.argv[1])
    search_text.sort_key("预热")  # load pypinyin before forking
    # Signed in once, as the app would be: the data key stays in this process for its children.
    sign_in_as_script(AppPaths.under(root))
    child: int | None = None
    for round_no, line in enumerate(sys.stdin, start=1):
        if line.strip() != "fork":
            break
        if child is not None:
            os.waitpid(child, 0)
        sys.stdout.flush()
        child = os.fork()
        if child == 0:
            try:
                write_forever(root, round_no)
            finally:
                os._exit(1)
        sys.stdout.write(f"pid {child}\n")
        sys.stdout.flush()
    if child is not None:
        os.waitpid(child, 0)


if __name__ == "__main__":
    main()
