"""The two editions of a site: the trainee site IT publishes, and the trainer edition with every answer key.

The edition is chosen per build on the command line (``casebook build --trainer``), never in
mkdocs.yml: trainers edit that file, and it also drives the trainee site and the SCORM package.
"""

from __future__ import annotations

import os

# How the command tells the plugin (in the same process) to build the trainer edition.
TRAINER_ENV = "CASEBOOK_TRAINER_EDITION"
# The trainer edition's default folder, away from the published site/.
TRAINER_SITE_DIR = "site-trainer"


def trainer_edition() -> bool:
    """Whether the build running in this process is the trainer edition."""
    return os.environ.get(TRAINER_ENV) == "1"
