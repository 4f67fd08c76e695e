"""The write load of the restore drill, in its own process: it seeds part of the demo,
then a parent of the demo school keeps writing messages with a PDF attachment
(thread + message + attachment row + file, one transaction each) until told to stop.
Prints how many it wrote.

    python -m tests.operations.drill_writer SEEDED_FILE STARTED_FILE STOP_FILE
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def main(seeded: Path, started: Path, stop: Path) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "driehoek.settings")
    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile

    from driehoek.accounts.models import User
    from driehoek.messaging import services

    # A deterministic subset of `driehoek demo`: the roster of both demo schools and the
    # messaging history (the whole demo, with every app's seed, is too slow for a test).
    from driehoek.messaging.demo import seed_demo_data
    from driehoek.messaging.models import Message, MessageKind
    from driehoek.roster.demo import demo_email, seed_demo
    from driehoek.roster.models import StudentGuardian

    seed_demo_data(schools=seed_demo())
    author = User.objects.get(email=demo_email("ouder.a"))
    student = StudentGuardian.objects.filter(guardian__user=author).first().student  # type: ignore[union-attr]
    seeded.write_text(str(Message.objects.count()))
    written = 0
    thread = None
    while not stop.exists() and written < 5000:
        attachment = SimpleUploadedFile(f"brief-{written}.pdf", PDF + str(written).encode())
        if thread is None or written % 5 == 0:
            thread = services.start_thread(
                student=student,
                author=author,
                subject=f"Drill {written}",
                body=f"Bericht {written}",
                kind=MessageKind.INFORMATION,
                files=[attachment],
                notify=False,
            )
        else:
            services.post_message(
                thread=thread,
                author=author,
                body=f"Bericht {written}",
                kind=MessageKind.QUESTION,
                files=[attachment],
                notify=False,
            )
        written += 1
        if written == 3:
            started.touch()
    print(written)
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])))
